package org.equivariant.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * A candidate symmetry φ of a normal-form game: a permutation of the players and, for each player i, a bijection ψ_i
 * from i's actions onto the actions of φ(i). It acts on contingencies by (φa)_{φ(i)} = ψ_i(a_i), on payoffs by
 * (φ·r)_{φ(i)}(φa) = r_i(a) and on mixed profiles by (φπ)_{φ(i)}(ψ_i(a)) = π_i(a). It is a symmetry of the game when
 * φ·r = r, i.e. r_{φ(i)}(φa) = r_i(a) for every player i and contingency a (SYM-1).
 */
public record GameSymmetry(Permutation players, List<Permutation> actions) {
    public GameSymmetry {
        actions = List.copyOf(actions);
        if (actions.size() != players.degree()) {
            throw new IllegalArgumentException("symmetry of " + players.degree() + " players has " + actions.size()
                + " action maps");
        }
        for (int i = 0; i < actions.size(); i++) {
            int j = players.apply(i);
            if (actions.get(i).degree() != actions.get(j).degree()) {
                throw new IllegalArgumentException("player " + (i + 1) + " has " + actions.get(i).degree()
                    + " actions but is mapped to player " + (j + 1) + " with " + actions.get(j).degree());
            }
        }
    }

    public static GameSymmetry identity(int[] dims) {
        List<Permutation> acts = new ArrayList<>();
        for (int m : dims) {
            acts.add(Permutation.identity(m));
        }
        return new GameSymmetry(Permutation.identity(dims.length), acts);
    }

    public int[] dims() {
        return actions.stream().mapToInt(Permutation::degree).toArray();
    }

    /** This ∘ other (other first). */
    public GameSymmetry compose(GameSymmetry other) {
        List<Permutation> acts = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            acts.add(actions.get(other.players.apply(i)).compose(other.actions.get(i)));
        }
        return new GameSymmetry(players.compose(other.players), acts);
    }

    public GameSymmetry inverse() {
        Permutation[] acts = new Permutation[actions.size()];
        for (int i = 0; i < actions.size(); i++) {
            acts[players.apply(i)] = actions.get(i).inverse();
        }
        return new GameSymmetry(players.inverse(), Arrays.asList(acts));
    }

    public boolean isIdentity() {
        return players.isIdentity() && actions.stream().allMatch(Permutation::isIdentity);
    }

    /** φa: (φa)_{φ(i)} = ψ_i(a_i). */
    public int[] apply(int[] contingency) {
        int[] out = new int[contingency.length];
        for (int i = 0; i < contingency.length; i++) {
            out[players.apply(i)] = actions.get(i).apply(contingency[i]);
        }
        return out;
    }

    /** (φπ)_{φ(i)}(ψ_i(a)) = π_i(a), for profiles in any representation. */
    public <T> List<List<T>> apply(List<? extends List<T>> profile) {
        List<List<T>> out = new ArrayList<>();
        for (int j = 0; j < profile.size(); j++) {
            out.add(null);
        }
        for (int i = 0; i < profile.size(); i++) {
            List<T> p = profile.get(i);
            List<T> q = new ArrayList<>(p);
            for (int a = 0; a < p.size(); a++) {
                q.set(actions.get(i).apply(a), p.get(a));
            }
            out.set(players.apply(i), q);
        }
        return out;
    }

    /** The transformed game φ·r: (φ·r)_{φ(i)}(φa) = r_i(a) (names and labels kept). */
    public NormalFormGame apply(NormalFormGame g) {
        checkShape(g);
        int[] dims = g.dims();
        Rational[][] data = new Rational[dims.length][g.payoffs().get(0).size()];
        int[] a = new int[dims.length];
        do {
            int target = RationalTensor.flatIndex(dims, apply(a));
            for (int i = 0; i < dims.length; i++) {
                data[players.apply(i)][target] = g.payoff(i, a);
            }
        } while (RationalTensor.next(dims, a));
        List<RationalTensor> payoffs = new ArrayList<>();
        for (Rational[] d : data) {
            payoffs.add(new RationalTensor(dims, Arrays.asList(d)));
        }
        return new NormalFormGame(g.title(), g.players(), g.actions(), payoffs);
    }

    /** Whether r_{φ(i)}(φa) = r_i(a) for all i and a. */
    public boolean isSymmetryOf(NormalFormGame g) {
        return violation(g).isEmpty();
    }

    /** The first broken equation r_{φ(i)}(φa) = r_i(a), in contingency order, described; empty for a symmetry. */
    public Optional<String> violation(NormalFormGame g) {
        if (!Arrays.equals(dims(), g.dims())) {
            return Optional.of("the symmetry is for action counts " + Arrays.toString(dims())
                + " but the game has " + Arrays.toString(g.dims()));
        }
        int[] a = new int[g.numPlayers()];
        do {
            int[] b = apply(a);
            for (int i = 0; i < a.length; i++) {
                Rational lhs = g.payoff(players.apply(i), b);
                Rational rhs = g.payoff(i, a);
                if (!lhs.equals(rhs)) {
                    return Optional.of("not a symmetry: player " + (i + 1) + " gets " + rhs + " at contingency "
                        + show(a) + ", but its image player " + (players.apply(i) + 1) + " gets " + lhs
                        + " at the image contingency " + show(b));
                }
            }
        } while (RationalTensor.next(g.dims(), a));
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with {@link #violation} unless this is a symmetry of g. */
    public GameSymmetry checkSymmetryOf(NormalFormGame g) {
        violation(g).ifPresent(v -> {
            throw new IllegalArgumentException(this + ": " + v);
        });
        return this;
    }

    private void checkShape(NormalFormGame g) {
        if (!Arrays.equals(dims(), g.dims())) {
            throw new IllegalArgumentException("symmetry for action counts " + Arrays.toString(dims())
                + " applied to a game with " + Arrays.toString(g.dims()));
        }
    }

    private static String show(int[] a) {
        StringBuilder sb = new StringBuilder("(");
        for (int k = 0; k < a.length; k++) {
            sb.append(k == 0 ? "" : ",").append(a[k] + 1);
        }
        return sb.append(')').toString();
    }

    /** "players (1 2); actions 1:(1 2) 2:()" in 1-based cycle notation (ψ_i listed for each player i). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("players ").append(players).append("; actions");
        for (int i = 0; i < actions.size(); i++) {
            sb.append(' ').append(i + 1).append(':').append(actions.get(i));
        }
        return sb.toString();
    }

    /**
     * Parses the form printed by {@link #toString}: "players (1 2); actions 1:(1 2) 2:()" (action maps of players
     * not listed are the identity; ψ_i maps i's action k to action ψ_i(k) of φ(i)).
     */
    public static GameSymmetry parse(String text, int[] dims) {
        String s = text.strip();
        String playersPart = s;
        String actionsPart = "";
        int semi = s.indexOf(';');
        if (semi >= 0) {
            playersPart = s.substring(0, semi).strip();
            actionsPart = s.substring(semi + 1).strip();
        }
        if (!playersPart.startsWith("players")) {
            throw new IllegalArgumentException("symmetry '" + text + "': expected 'players (…)'");
        }
        Permutation p = Permutation.parse(playersPart.substring("players".length()), dims.length);
        List<Permutation> acts = Permutation.parseIndexed("", dims);
        if (!actionsPart.isEmpty()) {
            if (!actionsPart.startsWith("actions")) {
                throw new IllegalArgumentException("symmetry '" + text + "': expected 'actions' after ';'");
            }
            try {
                acts = Permutation.parseIndexed(actionsPart.substring("actions".length()), dims);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("symmetry '" + text + "': " + e.getMessage());
            }
        }
        return new GameSymmetry(p, acts);
    }
}
