package org.equivariant.symmetry;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;

/**
 * A relabelling φ of a discounted Markov game: a permutation σ of the agents, a permutation ψ of the states and, for
 * every state s and agent i, a bijection α_{s,i} from i's actions at s onto σ(i)'s actions at ψ(s). It maps a joint
 * action a at s to φ_s(a) with φ_s(a)_{σ(i)} = α_{s,i}(a_i), and a joint policy by
 * (φπ)_{σ(i)}(α_{s,i}(b) | ψ(s)) = π_i(b | s). It is a symmetry when μ(ψ(s)) = μ(s),
 * P(ψ(s′) | ψ(s), φ_s(a)) = P(s′ | s, a) and r_{σ(i)}(ψ(s), φ_s(a)) = r_i(s, a) for all s, s′, a, i (SYM-1 for Markov
 * games): then φ maps regularized values, soft Q-functions and Markov QREs to those of the same game, so a unique
 * Markov QRE is invariant under every symmetry (SYM-2).
 */
public record MarkovSymmetry(Permutation agents, Permutation states, List<List<Permutation>> actions) {
    public MarkovSymmetry {
        actions = actions.stream().map(List::copyOf).toList();
    }

    /** Whether this relabelling moves nothing (agents, states and every action bijection the identity). */
    public boolean isIdentity() {
        return agents.isIdentity() && states.isIdentity() && actions.stream().allMatch(row -> row.stream()
            .allMatch(Permutation::isIdentity));
    }

    /** Whether this relabelling is a symmetry of g, decided exactly. */
    public boolean isSymmetryOf(MarkovGame g) {
        int n = g.numAgents();
        for (int s = 0; s < g.numStates(); s++) {
            int t = states.apply(s);
            if (!g.initial().get(s).equals(g.initial().get(t))) {
                return false;
            }
            int[] from = g.actionCounts(s);
            int[] to = g.actionCounts(t);
            for (int a = 0; a < g.numJointActions(s); a++) {
                int b = image(from, to, s, a);
                for (int s2 = 0; s2 < g.numStates(); s2++) {
                    if (!g.transition(s, a, s2).equals(g.transition(t, b, states.apply(s2)))) {
                        return false;
                    }
                }
                for (int i = 0; i < n; i++) {
                    if (!g.reward(s, a, i).equals(g.reward(t, b, agents.apply(i)))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private int image(int[] from, int[] to, int s, int a) {
        int[] c = DecPomdp.components(from, a);
        int[] d = new int[c.length];
        for (int i = 0; i < c.length; i++) {
            d[agents.apply(i)] = actions.get(s).get(i).apply(c[i]);
        }
        return DecPomdp.jointIndex(to, d);
    }

    /** φπ for a joint policy given as {@code pi.get(i).get(s).get(b)} = π_i(b | s). */
    public <T> List<List<List<T>>> apply(List<? extends List<? extends List<T>>> pi) {
        int n = pi.size();
        List<List<List<T>>> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            List<List<T>> agent = new ArrayList<>();
            for (int t = 0; t < pi.get(j).size(); t++) {
                agent.add(new ArrayList<>(pi.get(j).get(t)));
            }
            out.add(agent);
        }
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < pi.get(i).size(); s++) {
                List<? extends T> row = pi.get(i).get(s);
                for (int b = 0; b < row.size(); b++) {
                    out.get(agents.apply(i)).get(states.apply(s)).set(actions.get(s).get(i).apply(b), row.get(b));
                }
            }
        }
        return out;
    }

    /**
     * Every symmetry of g, by trying each agent and state permutation and each family of action bijections that
     * matches the action counts, each decided exactly; refused (an exception naming the count) above
     * {@code maxCandidates} candidates.
     */
    public static List<MarkovSymmetry> all(MarkovGame g, long maxCandidates) {
        int n = g.numAgents();
        int ns = g.numStates();
        double candidates = factorial(n) * factorial(ns);
        for (int s = 0; s < ns; s++) {
            for (int m : g.actionCounts(s)) {
                candidates *= factorial(m);
            }
        }
        if (candidates > maxCandidates) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the symmetry search would try "
                + "about %.3g relabellings, more than the limit %d", candidates, maxCandidates));
        }
        List<MarkovSymmetry> out = new ArrayList<>();
        for (Permutation sigma : Permutation.all(n)) {
            for (Permutation psi : Permutation.all(ns)) {
                boolean fits = true;
                for (int s = 0; s < ns && fits; s++) {
                    for (int i = 0; i < n; i++) {
                        int m = g.actionCounts(s)[i];
                        fits &= m == g.actionCounts(psi.apply(s))[sigma.apply(i)];
                    }
                }
                if (!fits) {
                    continue;
                }
                collect(g, sigma, psi, 0, 0, new ArrayList<>(), out);
            }
        }
        return out;
    }

    /** Fills the action bijections state by state, agent by agent, and keeps the complete ones that are symmetries. */
    private static void collect(MarkovGame g, Permutation sigma, Permutation psi, int s, int i,
                                List<List<Permutation>> chosen, List<MarkovSymmetry> out) {
        if (s == g.numStates()) {
            MarkovSymmetry phi = new MarkovSymmetry(sigma, psi, chosen);
            if (phi.isSymmetryOf(g)) {
                out.add(phi);
            }
            return;
        }
        for (Permutation alpha : Permutation.all(g.actionCounts(s)[i])) {
            List<List<Permutation>> next = new ArrayList<>();
            for (List<Permutation> row : chosen) {
                next.add(new ArrayList<>(row));
            }
            if (i == 0) {
                next.add(new ArrayList<>());
            }
            next.get(s).add(alpha);
            if (i + 1 < g.numAgents()) {
                collect(g, sigma, psi, s, i + 1, next, out);
            } else {
                collect(g, sigma, psi, s + 1, 0, next, out);
            }
        }
    }

    private static double factorial(int n) {
        double f = 1;
        for (int k = 2; k <= n; k++) {
            f *= k;
        }
        return f;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("agents ").append(agents).append("; states ").append(states)
            .append("; actions");
        for (int s = 0; s < actions.size(); s++) {
            sb.append(' ').append(s + 1).append(':').append(actions.get(s));
        }
        return sb.toString();
    }

    /** The default limit on candidates tried by {@link #all}. */
    public static final long MAX_CANDIDATES = 1_000_000;
}
