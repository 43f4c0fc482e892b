package org.equivariant.symmetry;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes game symmetries as permutations of one point set, so that one permutation-group machinery serves every
 * model: points 0..N−1 are the players, followed by the actions of player 1, of player 2, …; a symmetry maps player
 * point i to φ(i) and action point (i, a) to (φ(i), ψ_i(a)).
 */
public record PointLayout(int[] dims) implements PointEncoding<GameSymmetry> {
    public PointLayout {
        dims = dims.clone();
    }

    public int players() {
        return dims.length;
    }

    @Override
    public int degree() {
        int n = dims.length;
        for (int m : dims) {
            n += m;
        }
        return n;
    }

    public int actionPoint(int player, int action) {
        int p = dims.length;
        for (int i = 0; i < player; i++) {
            p += dims[i];
        }
        return p + action;
    }

    public boolean isPlayerPoint(int point) {
        return point < dims.length;
    }

    /** (player, action) of an action point. */
    public int[] action(int point) {
        int p = point - dims.length;
        for (int i = 0; i < dims.length; i++) {
            if (p < dims[i]) {
                return new int[] {i, p};
            }
            p -= dims[i];
        }
        throw new IndexOutOfBoundsException("point " + point);
    }

    @Override
    public Permutation encode(GameSymmetry s) {
        int[] img = new int[degree()];
        for (int i = 0; i < dims.length; i++) {
            img[i] = s.players().apply(i);
            for (int a = 0; a < dims[i]; a++) {
                img[actionPoint(i, a)] = actionPoint(s.players().apply(i), s.actions().get(i).apply(a));
            }
        }
        return new Permutation(img);
    }

    /** The symmetry encoded by a permutation that maps players to players and each player's actions en bloc. */
    @Override
    public GameSymmetry decode(Permutation p) {
        int[] players = new int[dims.length];
        List<Permutation> acts = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            players[i] = p.apply(i);
            int[] img = new int[dims[i]];
            for (int a = 0; a < dims[i]; a++) {
                int[] target = action(p.apply(actionPoint(i, a)));
                if (target[0] != players[i]) {
                    throw new IllegalArgumentException("permutation " + p + " does not act on games of shape "
                        + java.util.Arrays.toString(dims));
                }
                img[a] = target[1];
            }
            acts.add(new Permutation(img));
        }
        return new GameSymmetry(new Permutation(players), acts);
    }
}
