package org.equivariant.symmetry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * Discovery of the full symmetry group of a normal-form game, without external tools.
 *
 * <p>Points (players and actions, {@link PointLayout}) are first coloured by payoff invariants that every symmetry
 * preserves: an action (i, a) by the multiset of r_i with a_i = a and the multiset, over the other players j, of
 * the multisets of r_j with a_i = a; a player by its action count and the multiset of its actions' colours. Then,
 * along a base b_1, b_2, … (players, then actions round-robin), from the deepest level up, every colour-compatible
 * image y of b_k outside the orbit of b_k under the generators found so far is tried by a backtracking search for a
 * symmetry fixing b_1..b_{k−1} and mapping b_k to y; partial assignments are pruned as soon as a contingency whose
 * actions are all assigned breaks r_{φ(l)}(φa) = r_l(a). The generators found this way generate the full group
 * (their orbits give complete transversals at every level).
 */
public final class AutomorphismSearch {
    private final NormalFormGame game;
    private final PointLayout layout;
    private final int[] dims;
    private final int[] color;
    private final int[] base;

    private AutomorphismSearch(NormalFormGame game) {
        this.game = game;
        this.dims = game.dims();
        this.layout = new PointLayout(dims);
        this.color = colors();
        this.base = baseOrder();
    }

    /** The full symmetry group of g; every generator is verified against g. */
    public static SymmetryGroup fullGroup(NormalFormGame g) {
        return new AutomorphismSearch(g).run();
    }

    private SymmetryGroup run() {
        List<Permutation> gens = new ArrayList<>();
        for (int k = base.length - 1; k >= 0; k--) {
            int p = base[k];
            List<Integer> orbit = orbit(p, gens);
            for (int y = 0; y < layout.degree(); y++) {
                if (color[y] != color[p] || orbit.contains(y)) {
                    continue;
                }
                Optional<Permutation> found = search(k, y);
                if (found.isPresent()) {
                    gens.add(found.get());
                    orbit = orbit(p, gens);
                }
            }
        }
        List<GameSymmetry> syms = gens.stream().map(layout::decode).toList();
        return SymmetryGroup.of(game, syms);
    }

    private static List<Integer> orbit(int p, List<Permutation> gens) {
        List<Integer> orbit = new ArrayList<>(List.of(p));
        for (int q = 0; q < orbit.size(); q++) {
            for (Permutation g : gens) {
                int y = g.apply(orbit.get(q));
                if (!orbit.contains(y)) {
                    orbit.add(y);
                }
            }
        }
        return orbit;
    }

    /** A symmetry fixing base[0..k−1] and mapping base[k] to y, or empty. */
    private Optional<Permutation> search(int k, int y) {
        int[] img = new int[layout.degree()];
        java.util.Arrays.fill(img, -1);
        boolean[] used = new boolean[layout.degree()];
        for (int j = 0; j < k; j++) {
            img[base[j]] = base[j];
            used[base[j]] = true;
        }
        if (used[y] || !assign(base[k], y, img, used)) {
            return Optional.empty();
        }
        if (!extend(k + 1, img, used)) {
            return Optional.empty();
        }
        return Optional.of(new Permutation(img));
    }

    private boolean extend(int k, int[] img, boolean[] used) {
        if (k == base.length) {
            return true;
        }
        int p = base[k];
        if (img[p] >= 0) {
            return extend(k + 1, img, used);
        }
        for (int y = 0; y < layout.degree(); y++) {
            if (used[y] || color[y] != color[p]) {
                continue;
            }
            if (assign(p, y, img, used)) {
                if (extend(k + 1, img, used)) {
                    return true;
                }
            }
            img[p] = -1;
            used[y] = false;
        }
        return false;
    }

    /** Sets img[p] = y and checks every fully assigned contingency that involves p; false (assignment kept) if not. */
    private boolean assign(int p, int y, int[] img, boolean[] used) {
        img[p] = y;
        used[y] = true;
        if (layout.isPlayerPoint(p)) {
            return dims[p] == dims[y];
        }
        int[] pa = layout.action(p);
        int[] ya = layout.action(y);
        if (img[pa[0]] != ya[0]) {
            return false;
        }
        // contingencies with a_i = pa[1] and assigned actions elsewhere
        List<List<Integer>> choices = new ArrayList<>();
        for (int j = 0; j < dims.length; j++) {
            List<Integer> c = new ArrayList<>();
            if (j == pa[0]) {
                c.add(pa[1]);
            } else {
                for (int a = 0; a < dims[j]; a++) {
                    if (img[layout.actionPoint(j, a)] >= 0) {
                        c.add(a);
                    }
                }
            }
            if (c.isEmpty()) {
                return true;
            }
            choices.add(c);
        }
        int[] pos = new int[dims.length];
        int[] sizes = choices.stream().mapToInt(List::size).toArray();
        int[] a = new int[dims.length];
        int[] b = new int[dims.length];
        do {
            for (int j = 0; j < dims.length; j++) {
                a[j] = choices.get(j).get(pos[j]);
                int[] t = layout.action(img[layout.actionPoint(j, a[j])]);
                b[t[0]] = t[1];
            }
            for (int l = 0; l < dims.length; l++) {
                if (!game.payoff(img[l], b).equals(game.payoff(l, a))) {
                    return false;
                }
            }
        } while (RationalTensor.next(sizes, pos));
        return true;
    }

    private int[] baseOrder() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            order.add(i);
        }
        int max = java.util.Arrays.stream(dims).max().orElse(0);
        for (int a = 0; a < max; a++) {
            for (int i = 0; i < dims.length; i++) {
                if (a < dims[i]) {
                    order.add(layout.actionPoint(i, a));
                }
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private int[] colors() {
        int n = dims.length;
        String[] actionKey = new String[layout.degree()];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < dims[i]; a++) {
                List<List<Rational>> perPlayer = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    perPlayer.add(new ArrayList<>());
                }
                int[] c = new int[n];
                do {
                    if (c[i] == a) {
                        for (int j = 0; j < n; j++) {
                            perPlayer.get(j).add(game.payoff(j, c));
                        }
                    }
                } while (RationalTensor.next(dims, c));
                perPlayer.forEach(l -> l.sort(null));
                List<String> others = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        others.add(perPlayer.get(j).toString());
                    }
                }
                others.sort(null);
                actionKey[layout.actionPoint(i, a)] = "A" + perPlayer.get(i) + others;
            }
        }
        String[] key = new String[layout.degree()];
        for (int i = 0; i < n; i++) {
            List<String> acts = new ArrayList<>();
            for (int a = 0; a < dims[i]; a++) {
                acts.add(actionKey[layout.actionPoint(i, a)]);
            }
            acts.sort(null);
            key[i] = "P" + dims[i] + acts;
        }
        for (int p = n; p < key.length; p++) {
            key[p] = actionKey[p];
        }
        Map<String, Integer> ids = new HashMap<>();
        int[] col = new int[key.length];
        for (int p = 0; p < key.length; p++) {
            col[p] = ids.computeIfAbsent(key[p], s -> ids.size());
        }
        return col;
    }
}
