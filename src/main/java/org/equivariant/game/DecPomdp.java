package org.equivariant.game;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.equivariant.arith.Rational;
import org.equivariant.work.Limits;

/**
 * A finite Dec-POMDP with shared reward (Oliehoek–Amato): agents i = 0..n−1, states S, per-agent actions A_i and
 * observations O_i, initial distribution b₀, transition T(s'|s,a), observation O(o|a,s') of the joint observation
 * after the joint action a reached s', expected immediate reward r(s,a) and discount γ. Joint actions and joint
 * observations are indexed as in MADP: the first agent's component is the most significant digit (the last agent
 * varies fastest). All numbers are exact rationals; T and O are stored as {@link SparseRows} (rows indexed
 * a·|S| + s and a·|S| + s'), so only their non-zero entries cost memory.
 *
 * <p>The model keeps r(s,a) = E[R(s,a,s',o) | s,a] = Σ_{s',o} T(s'|s,a) O(o|a,s') R(s,a,s',o) rather than R itself: the
 * return of every policy depends on R only through r, because the joint action at step t is chosen before s' and o
 * are drawn (docs/formats.md). Symmetries are therefore required to preserve r, T, O and b₀ (SYM-1).
 */
public final class DecPomdp {
    private final String name;
    private final List<String> agents;
    private final List<String> states;
    private final List<List<String>> actions;
    private final List<List<String>> observations;
    private final List<Rational> initial;
    private final Rational discount;
    private final SparseRows transition;   // row a·|S| + s, column s'
    private final SparseRows observation;  // row a·|S| + s', column joint observation
    private final Rational[] reward;       // s·|A| + a
    private final boolean[] terminal;
    private final int[] actionCounts;
    private final int[] observationCounts;
    private final int numJointActions;
    private final int numJointObservations;

    private DecPomdp(Builder b, SparseRows transition, SparseRows observation, boolean[] terminal) {
        this.name = b.name;
        this.agents = b.agents;
        this.states = b.states;
        this.actions = b.actions;
        this.observations = b.observations;
        this.initial = List.of(b.initial);
        this.discount = b.discount;
        this.transition = transition;
        this.observation = observation;
        this.reward = b.reward.clone();
        this.terminal = terminal.clone();
        this.actionCounts = b.actionCounts;
        this.observationCounts = b.observationCounts;
        this.numJointActions = b.nja;
        this.numJointObservations = b.njo;
    }

    private DecPomdp(DecPomdp m, Rational discount, boolean[] terminal) {
        this.name = m.name;
        this.agents = m.agents;
        this.states = m.states;
        this.actions = m.actions;
        this.observations = m.observations;
        this.initial = m.initial;
        this.discount = discount;
        this.transition = m.transition;
        this.observation = m.observation;
        this.reward = m.reward;
        this.terminal = terminal.clone();
        this.actionCounts = m.actionCounts;
        this.observationCounts = m.observationCounts;
        this.numJointActions = m.numJointActions;
        this.numJointObservations = m.numJointObservations;
    }

    /** A builder for a model with these names; the sizes must pass {@link #checkSizes} first. */
    public static Builder builder(String name, List<String> agents, List<String> states, List<List<String>> actions,
                                  List<List<String>> observations, Rational discount, Limits limits) {
        return new Builder(name, agents, states, actions, observations, discount, limits);
    }

    /**
     * Refuses, before anything is allocated, a model whose dense parts — b₀ (|S|), r (|S|·|A|) and the row index of
     * T and O (2·|A|·|S|) — exceed the entry limit, and joint action or observation spaces beyond the limit.
     */
    public static void checkSizes(long states, int[] actionCounts, int[] observationCounts, Limits limits) {
        double nja = jointSize(actionCounts);
        double njo = jointSize(observationCounts);
        limits.checkEntries(nja, "the joint actions (" + Limits.human(nja) + ")");
        limits.checkEntries(njo, "the joint observations (" + Limits.human(njo) + ")");
        limits.checkEntries(3.0 * states * nja, "a model with " + Limits.human(states) + " states and "
            + Limits.human(nja) + " joint actions");
    }

    /** Π counts as a double (no overflow), for size checks. */
    public static double jointSize(int[] counts) {
        double n = 1;
        for (int c : counts) {
            n *= c;
        }
        return n;
    }

    /**
     * A copy in which the given states are terminal: the episode has ended there, so no decision is taken and the
     * visitation-weighted entropy (form A) is not counted. Terminal states must be absorbing with zero reward.
     */
    public DecPomdp withTerminalStates(int... states) {
        boolean[] t = terminal.clone();
        for (int s : states) {
            for (int a = 0; a < numJointActions; a++) {
                if (!transition(a, s, s).equals(Rational.ONE) || !expectedReward(s, a).isZero()) {
                    throw new IllegalArgumentException("terminal state " + this.states.get(s)
                        + " must be absorbing with zero reward under every joint action");
                }
            }
            t[s] = true;
        }
        return new DecPomdp(this, discount, t);
    }

    /** The same model with discount γ (0 &lt; γ ≤ 1), e.g. to evaluate MADP's discounted models undiscounted. */
    public DecPomdp withDiscount(Rational gamma) {
        if (gamma.signum() <= 0 || gamma.compareTo(Rational.ONE) > 0) {
            throw new IllegalArgumentException("discount must lie in (0, 1], got " + gamma);
        }
        return new DecPomdp(this, gamma, terminal);
    }

    public boolean isTerminal(int s) {
        return terminal[s];
    }

    public static int jointCount(int[] counts) {
        int n = 1;
        for (int c : counts) {
            n = Math.multiplyExact(n, c);
        }
        return n;
    }

    /** Joint index of components (first agent most significant). */
    public static int jointIndex(int[] counts, int[] components) {
        int j = 0;
        for (int i = 0; i < counts.length; i++) {
            j = j * counts[i] + components[i];
        }
        return j;
    }

    /** Components of a joint index (first agent most significant). */
    public static int[] components(int[] counts, int joint) {
        int[] c = new int[counts.length];
        for (int i = counts.length - 1; i >= 0; i--) {
            c[i] = joint % counts[i];
            joint /= counts[i];
        }
        return c;
    }

    public String name() {
        return name;
    }

    public List<String> agents() {
        return agents;
    }

    public List<String> states() {
        return states;
    }

    public List<List<String>> actions() {
        return actions;
    }

    public List<List<String>> observations() {
        return observations;
    }

    public List<Rational> initial() {
        return initial;
    }

    public Rational discount() {
        return discount;
    }

    public int numAgents() {
        return agents.size();
    }

    public int numStates() {
        return states.size();
    }

    public int[] actionCounts() {
        return actionCounts.clone();
    }

    public int[] observationCounts() {
        return observationCounts.clone();
    }

    public int numJointActions() {
        return numJointActions;
    }

    public int numJointObservations() {
        return numJointObservations;
    }

    /** T(s'|s,a). */
    public Rational transition(int ja, int s, int s2) {
        return transition.get(ja * states.size() + s, s2);
    }

    /** O(o|a,s'). */
    public Rational observation(int ja, int s2, int jo) {
        return observation.get(ja * states.size() + s2, jo);
    }

    /** The non-zero T(·|s,a), row a·|S| + s. */
    public SparseRows transitions() {
        return transition;
    }

    /** The non-zero O(·|a,s'), row a·|S| + s'. */
    public SparseRows observationTable() {
        return observation;
    }

    /** r(s,a) = Σ_{s',o} T(s'|s,a) O(o|a,s') R(s,a,s',o). */
    public Rational expectedReward(int s, int ja) {
        return reward[s * numJointActions + ja];
    }

    /**
     * Every violation of stochasticity: b₀, each row T(·|s,a) and each row O(·|a,s') must have entries in [0, 1]
     * summing to exactly 1. Empty for a valid model.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (RowProblem p : rowProblems(initial, transition, observation, states.size())) {
            out.add(p.describe(this));
        }
        return out;
    }

    /** Throws {@link IllegalArgumentException} listing {@link #problems()} unless the model is stochastic. */
    public DecPomdp validate() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(name + ": not a valid Dec-POMDP: " + String.join("; ", p));
        }
        return this;
    }

    /** Which kind of row a problem is in. */
    public enum RowKind { START, TRANSITION, OBSERVATION }

    /** A row of b₀, T or O that is not a probability distribution: its kind, index (a·|S| + s) and defect. */
    public record RowProblem(RowKind kind, int row, String defect) {
        public String describe(DecPomdp m) {
            return m.rowName(kind, row) + " " + defect;
        }
    }

    /** "T(.|s, a)", "O(.|a, s')" or "start distribution", with names. */
    public String rowName(RowKind kind, int row) {
        int ns = states.size();
        return switch (kind) {
            case START -> "start distribution";
            case TRANSITION -> "T(.|" + states.get(row % ns) + ", " + jointActionName(row / ns) + ")";
            case OBSERVATION -> "O(.|" + jointActionName(row / ns) + ", " + states.get(row % ns) + ")";
        };
    }

    private static List<RowProblem> rowProblems(List<Rational> initial, SparseRows t, SparseRows o, int ns) {
        List<RowProblem> out = new ArrayList<>();
        Map<Integer, Rational> b0 = new HashMap<>();
        for (int s = 0; s < initial.size(); s++) {
            b0.put(s, initial.get(s));
        }
        @SuppressWarnings("unchecked")
        Map<Integer, Rational>[] one = new Map[] {b0};
        check(out, RowKind.START, SparseRows.of(ns, one));
        check(out, RowKind.TRANSITION, t);
        check(out, RowKind.OBSERVATION, o);
        return out;
    }

    private static void check(List<RowProblem> out, RowKind kind, SparseRows rows) {
        for (int r = 0; r < rows.rows(); r++) {
            for (int k = rows.start(r); k < rows.end(r); k++) {
                Rational p = rows.value(k);
                if (p.signum() < 0 || p.compareTo(Rational.ONE) > 0) {
                    out.add(new RowProblem(kind, r, "has entry " + (rows.column(k) + 1) + " = " + p
                        + " outside [0, 1]"));
                }
            }
            Rational sum = rows.rowSum(r);
            if (!sum.equals(Rational.ONE)) {
                out.add(new RowProblem(kind, r, "sums to " + sum + ", not 1"));
            }
        }
    }

    /**
     * A common-payoff normal-form game as a one-step Dec-POMDP (one state, one observation per agent, horizon 1,
     * reward R(a) for joint action a): then J is the expected payoff, objectives (A) and (B) both equal
     * E_x R + τ Σ_i H(x_i), and the policy-gradient flow on either is the flow on the game.
     */
    public static DecPomdp commonPayoff(NormalFormGame g) {
        for (int i = 1; i < g.numPlayers(); i++) {
            if (!g.payoffs().get(i).equals(g.payoffs().get(0))) {
                throw new IllegalArgumentException("player " + (i + 1) + "'s payoffs differ from player 1's: "
                    + "only a common-payoff game is a Dec-POMDP");
            }
        }
        List<List<String>> obs = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            obs.add(List.of("o"));
        }
        Builder b = builder(g.title(), g.players(), List.of("s"), g.actions(), obs, Rational.ONE, Limits.DEFAULT);
        int[] counts = g.dims();
        b.initial(0, Rational.ONE);
        for (int ja = 0; ja < b.nja; ja++) {
            b.transition(ja, 0, 0, Rational.ONE);
            b.observation(ja, 0, 0, Rational.ONE);
            b.reward(0, ja, g.payoff(0, components(counts, ja)));
        }
        return b.build();
    }

    public String jointActionName(int ja) {
        int[] c = components(actionCounts, ja);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            sb.append(i == 0 ? "" : " ").append(actions.get(i).get(c[i]));
        }
        return sb.toString();
    }

    /**
     * Mutable assembly of a model: later writes overwrite earlier ones (MADP's semantics); every stored entry is
     * counted against {@link Limits#entries}. Rows close to stochastic can be renormalized exactly
     * ({@link #normalize}).
     */
    public static final class Builder {
        private final String name;
        private final List<String> agents;
        private final List<String> states;
        private final List<List<String>> actions;
        private final List<List<String>> observations;
        private final int[] actionCounts;
        private final int[] observationCounts;
        private final int nja;
        private final int njo;
        private final Limits limits;
        private Rational discount;
        private final Rational[] initial;
        private final Rational[] reward;
        private final Map<Integer, Rational>[] t;
        private final Map<Integer, Rational>[] o;
        private long stored;

        @SuppressWarnings("unchecked")
        private Builder(String name, List<String> agents, List<String> states, List<List<String>> actions,
                        List<List<String>> observations, Rational discount, Limits limits) {
            this.name = name;
            this.agents = List.copyOf(agents);
            this.states = List.copyOf(states);
            this.actions = actions.stream().map(List::copyOf).toList();
            this.observations = observations.stream().map(List::copyOf).toList();
            if (this.actions.size() != this.agents.size() || this.observations.size() != this.agents.size()) {
                throw new IllegalArgumentException("each of the " + agents.size()
                    + " agents needs actions and observations");
            }
            this.actionCounts = this.actions.stream().mapToInt(List::size).toArray();
            this.observationCounts = this.observations.stream().mapToInt(List::size).toArray();
            checkSizes(states.size(), actionCounts, observationCounts, limits);
            this.nja = jointCount(actionCounts);
            this.njo = jointCount(observationCounts);
            this.limits = limits;
            this.discount = discount;
            int ns = states.size();
            this.initial = new Rational[ns];
            Arrays.fill(initial, Rational.ZERO);
            this.reward = new Rational[ns * nja];
            Arrays.fill(reward, Rational.ZERO);
            this.t = new Map[nja * ns];
            this.o = new Map[nja * ns];
        }

        public int numJointActions() {
            return nja;
        }

        public int numJointObservations() {
            return njo;
        }

        public Builder discount(Rational gamma) {
            this.discount = gamma;
            return this;
        }

        public Builder initial(int s, Rational p) {
            initial[s] = p;
            return this;
        }

        public Builder transition(int ja, int s, int s2, Rational p) {
            put(t, ja * states.size() + s, s2, p);
            return this;
        }

        public Builder observation(int ja, int s2, int jo, Rational p) {
            put(o, ja * states.size() + s2, jo, p);
            return this;
        }

        /** Sets the expected reward r(s, a). */
        public Builder reward(int s, int ja, Rational r) {
            reward[s * nja + ja] = r;
            return this;
        }

        /** Refuses before storing {@code more} further entries if the limit would be passed. */
        public void reserve(double more, String what) {
            limits.checkEntries(stored + more, what);
        }

        private void put(Map<Integer, Rational>[] rows, int row, int col, Rational p) {
            if (rows[row] == null) {
                rows[row] = new HashMap<>(4);
            }
            if (rows[row].put(col, p) == null && ++stored > limits.entries()) {
                limits.checkEntries(stored, "the model's transition and observation tables");
            }
        }

        /** The current non-zero entries of T(·|s,a) (column → value); empty if none. */
        public Map<Integer, Rational> transitionRow(int ja, int s) {
            Map<Integer, Rational> r = t[ja * states.size() + s];
            return r == null ? Map.of() : r;
        }

        /** The current non-zero entries of O(·|a,s'). */
        public Map<Integer, Rational> observationRow(int ja, int s2) {
            Map<Integer, Rational> r = o[ja * states.size() + s2];
            return r == null ? Map.of() : r;
        }

        /** Rows renormalized by {@link #normalize}: how many, and the largest |sum − 1| among them. */
        public record Normalization(int rows, Rational largestDeviation) {
        }

        /**
         * Divides every row of b₀, T and O whose entries lie in [0, 1] and whose sum differs from 1 by at most
         * {@code tolerance} (but not 0) by its sum, exactly. Rows further off are left for {@link DecPomdp#problems}.
         */
        public Normalization normalize(Rational tolerance) {
            int[] count = {0};
            Rational[] worst = {Rational.ZERO};
            Map<Integer, Rational> b0 = new HashMap<>();
            for (int s = 0; s < initial.length; s++) {
                b0.put(s, initial[s]);
            }
            if (renormalize(b0, tolerance, count, worst)) {
                b0.forEach((s, p) -> initial[s] = p);
            }
            for (Map<Integer, Rational>[] rows : List.of(t, o)) {
                for (Map<Integer, Rational> row : rows) {
                    if (row != null) {
                        renormalize(row, tolerance, count, worst);
                    }
                }
            }
            return new Normalization(count[0], worst[0]);
        }

        private static boolean renormalize(Map<Integer, Rational> row, Rational tol, int[] count, Rational[] worst) {
            Rational sum = Rational.ZERO;
            for (Rational p : row.values()) {
                if (p.signum() < 0 || p.compareTo(Rational.ONE) > 0) {
                    return false;
                }
                sum = sum.add(p);
            }
            Rational dev = sum.subtract(Rational.ONE).abs();
            if (dev.isZero() || dev.compareTo(tol) > 0 || sum.isZero()) {
                return false;
            }
            Rational s = sum;
            row.replaceAll((k, p) -> p.divide(s));
            count[0]++;
            worst[0] = worst[0].max(dev);
            return true;
        }

        /** The problems {@link DecPomdp#problems} would report, with row kinds and indices for locating them. */
        public List<RowProblem> rowProblems() {
            return DecPomdp.rowProblems(List.of(initial), SparseRows.of(states.size(), t), SparseRows.of(njo, o),
                states.size());
        }

        public DecPomdp build() {
            return new DecPomdp(this, SparseRows.of(states.size(), t), SparseRows.of(njo, o),
                new boolean[states.size()]);
        }
    }
}
