package org.equivariant.symmetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;
import org.equivariant.game.SparseRows;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * A candidate symmetry φ of a Dec-POMDP (Other-Play, Hu et al. 2020, extended by agent permutations): a permutation
 * σ of the agents, a permutation of the states, and for each agent i bijections ψ_i of its actions and χ_i of its
 * observations onto those of σ(i). It maps joint actions by (φa)_{σ(i)} = ψ_i(a_i) (likewise observations) and is a
 * symmetry when b₀(φs) = b₀(s), T(φs'|φs,φa) = T(s'|s,a), O(φo|φa,φs') = O(o|a,s') and r(φs,φa) = r(s,a) for the
 * expected reward (SYM-1; R enters the return only through r). It acts on histories pairwise and on policies by
 * (φπ)_{σ(i)}(ψ_i(a) | φh) = π_i(a | h).
 */
public record DecPomdpSymmetry(Permutation agents, Permutation states, List<Permutation> actions,
                               List<Permutation> observations) {
    public DecPomdpSymmetry {
        actions = List.copyOf(actions);
        observations = List.copyOf(observations);
        int n = agents.degree();
        if (actions.size() != n || observations.size() != n) {
            throw new IllegalArgumentException("symmetry of " + n + " agents needs " + n + " action and observation maps");
        }
        for (int i = 0; i < n; i++) {
            int j = agents.apply(i);
            if (actions.get(i).degree() != actions.get(j).degree()
                || observations.get(i).degree() != observations.get(j).degree()) {
                throw new IllegalArgumentException("agent " + (i + 1) + " is mapped to agent " + (j + 1)
                    + " with different numbers of actions or observations");
            }
        }
    }

    private static int[] map(Permutation agents, List<Permutation> maps, int[] counts, int joint) {
        int[] c = DecPomdp.components(counts, joint);
        int[] d = new int[c.length];
        for (int i = 0; i < c.length; i++) {
            d[agents.apply(i)] = maps.get(i).apply(c[i]);
        }
        return d;
    }

    public int jointAction(int[] actionCounts, int ja) {
        return DecPomdp.jointIndex(actionCounts, map(agents, actions, actionCounts, ja));
    }

    public int jointObservation(int[] observationCounts, int jo) {
        return DecPomdp.jointIndex(observationCounts, map(agents, observations, observationCounts, jo));
    }

    /** The first broken invariance equation, described; empty for a symmetry. */
    public Optional<String> violation(DecPomdp m) {
        int[] ac = m.actionCounts();
        int[] oc = m.observationCounts();
        if (agents.degree() != m.numAgents() || states.degree() != m.numStates()) {
            return Optional.of("the map is for " + agents.degree() + " agents and " + states.degree()
                + " states, the model has " + m.numAgents() + " and " + m.numStates());
        }
        for (int i = 0; i < ac.length; i++) {
            if (actions.get(i).degree() != ac[i] || observations.get(i).degree() != oc[i]) {
                return Optional.of("agent " + (i + 1) + " has " + ac[i] + " actions and " + oc[i] + " observations");
            }
        }
        for (int s = 0; s < m.numStates(); s++) {
            if (!m.initial().get(states.apply(s)).equals(m.initial().get(s))) {
                return Optional.of("b0(" + m.states().get(states.apply(s)) + ") = "
                    + m.initial().get(states.apply(s)) + " but b0(" + m.states().get(s) + ") = " + m.initial().get(s));
            }
        }
        int ns = m.numStates();
        for (int ja = 0; ja < m.numJointActions(); ja++) {
            int a = ja;
            int fa = jointAction(ac, a);
            for (int st = 0; st < ns; st++) {
                int s = st;
                int fs = states.apply(s);
                if (!m.expectedReward(s, a).equals(m.expectedReward(fs, fa))) {
                    return Optional.of("r(" + m.states().get(s) + ", " + m.jointActionName(a) + ") = "
                        + m.expectedReward(s, a) + " but its image is " + m.expectedReward(fs, fa));
                }
                Optional<String> t = rowImage(m.transitions(), a * ns + s, fa * ns + fs, states::apply, k ->
                    "T(" + m.states().get(k) + " | " + m.states().get(s) + ", " + m.jointActionName(a) + ")");
                if (t.isPresent()) {
                    return t;
                }
                Optional<String> o = rowImage(m.observationTable(), a * ns + s, fa * ns + fs,
                    k -> jointObservation(oc, k), k -> "O(o" + k + " | " + m.jointActionName(a) + ", "
                        + m.states().get(s) + ")");
                if (o.isPresent()) {
                    return o;
                }
            }
        }
        return Optional.empty();
    }

    /** Row {@code image} must be row {@code row} with its columns mapped: mapped entries equal, no other entries. */
    private static Optional<String> rowImage(SparseRows rows, int row, int image, IntUnaryOperator map,
                                             IntFunction<String> name) {
        for (int k = rows.start(row); k < rows.end(row); k++) {
            Rational x = rows.value(k);
            Rational y = rows.get(image, map.applyAsInt(rows.column(k)));
            if (!x.equals(y)) {
                return Optional.of(name.apply(rows.column(k)) + " = " + x + " but its image is " + y);
            }
        }
        if (rows.end(row) - rows.start(row) != rows.end(image) - rows.start(image)) {
            return Optional.of("the image of the row of " + name.apply(rows.start(row) < rows.end(row)
                ? rows.column(rows.start(row)) : 0) + " has further non-zero entries");
        }
        return Optional.empty();
    }

    public boolean isSymmetryOf(DecPomdp m) {
        return violation(m).isEmpty();
    }

    /** φh: the history of agent σ(i) with every action and observation mapped (global indices). */
    public int mapHistory(int agent, Histories own, Histories image, int global) {
        int t = own.time(global);
        int[][] pairs = own.pairs(t, global - own.offset(t));
        for (int[] p : pairs) {
            p[0] = actions.get(agent).apply(p[0]);
            p[1] = observations.get(agent).apply(p[1]);
        }
        return image.offset(t) + image.index(pairs);
    }

    /** (φπ)_{σ(i)}(ψ_i(a) | φh) = π_i(a | h) for a policy [agent][global history][action]. */
    public <T> List<List<List<T>>> apply(List<? extends List<? extends List<T>>> policy, Histories[] histories) {
        List<List<List<T>>> out = new ArrayList<>();
        for (int i = 0; i < policy.size(); i++) {
            out.add(null);
        }
        for (int i = 0; i < policy.size(); i++) {
            int j = agents.apply(i);
            List<List<T>> rows = new ArrayList<>();
            for (int h = 0; h < policy.get(j).size(); h++) {
                rows.add(null);
            }
            for (int h = 0; h < policy.get(i).size(); h++) {
                List<T> row = new ArrayList<>(policy.get(i).get(h));
                List<T> mapped = new ArrayList<>(row);
                for (int a = 0; a < row.size(); a++) {
                    mapped.set(actions.get(i).apply(a), row.get(a));
                }
                rows.set(mapHistory(i, histories[i], histories[j], h), mapped);
            }
            out.set(j, rows);
        }
        return out;
    }

    /**
     * Parses the form {@link #toString} prints, "agents (1 2); states (1 2); actions 1:(2 3) 2:(2 3); observations
     * 1:(1 2) 2:(1 2)" (1-based cycles; a part left out is the identity), for model m.
     */
    public static DecPomdpSymmetry parse(String text, DecPomdp m) {
        Permutation agents = Permutation.identity(m.numAgents());
        Permutation states = Permutation.identity(m.numStates());
        List<Permutation> actions = Permutation.parseIndexed("", m.actionCounts());
        List<Permutation> observations = Permutation.parseIndexed("", m.observationCounts());
        try {
            for (String part : text.split(";")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.startsWith("agents")) {
                    agents = Permutation.parse(p.substring("agents".length()), m.numAgents());
                } else if (p.startsWith("states")) {
                    states = Permutation.parse(p.substring("states".length()), m.numStates());
                } else if (p.startsWith("actions")) {
                    actions = Permutation.parseIndexed(p.substring("actions".length()), m.actionCounts());
                } else if (p.startsWith("observations")) {
                    observations = Permutation.parseIndexed(p.substring("observations".length()),
                        m.observationCounts());
                } else {
                    throw new IllegalArgumentException("'" + p + "': expected agents, states, actions or "
                        + "observations");
                }
            }
            return new DecPomdpSymmetry(agents, states, actions, observations);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("symmetry '" + text.strip() + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("agents ").append(agents).append("; states ").append(states)
            .append("; actions");
        for (int i = 0; i < actions.size(); i++) {
            sb.append(' ').append(i + 1).append(':').append(actions.get(i));
        }
        sb.append("; observations");
        for (int i = 0; i < observations.size(); i++) {
            sb.append(' ').append(i + 1).append(':').append(observations.get(i));
        }
        return sb.toString();
    }
}
