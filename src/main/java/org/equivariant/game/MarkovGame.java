package org.equivariant.game;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * A finite discounted Markov (stochastic) game with exact rational data: agents i ∈ [n], states s, per-state action
 * sets A_i(s), joint actions a ∈ Π_i A_i(s) indexed in mixed radix (agent 0 most significant, as
 * {@link DecPomdp#jointIndex}), transitions P(s′ | s, a), per-agent rewards r_i(s, a), discount γ ∈ [0, 1) and an
 * initial distribution μ. Immutable; built by {@link #MarkovGame} with every row checked (non-negative, summing to
 * exactly 1).
 */
public final class MarkovGame {
    private final String name;
    private final List<String> agents;
    private final List<String> states;
    private final List<List<List<String>>> actions;
    private final int[][] counts;
    private final Rational[][][] next;
    private final Rational[][][] reward;
    private final Rational discount;
    private final List<Rational> initial;

    /**
     * The game from its tables: {@code actions.get(s).get(i)} agent i's action names in state s,
     * {@code next[s][a][s′]} = P(s′ | s, a), {@code reward[s][a][i]} = r_i(s, a).
     */
    public MarkovGame(String name, List<String> agents, List<String> states, List<List<List<String>>> actions,
                      Rational[][][] next, Rational[][][] reward, Rational discount, List<Rational> initial) {
        this.name = name;
        this.agents = List.copyOf(agents);
        this.states = List.copyOf(states);
        this.actions = actions.stream().map(s -> s.stream().map(List::copyOf).toList()).toList();
        this.discount = discount;
        this.initial = List.copyOf(initial);
        int n = agents.size();
        int ns = states.size();
        if (n < 1 || ns < 1 || this.actions.size() != ns || this.initial.size() != ns) {
            throw new IllegalArgumentException("a Markov game needs agents, states, actions per state and μ per state");
        }
        if (discount.signum() < 0 || discount.compareTo(Rational.ONE) >= 0) {
            throw new IllegalArgumentException("the discount must lie in [0, 1), got " + discount);
        }
        this.counts = new int[ns][n];
        for (int s = 0; s < ns; s++) {
            if (this.actions.get(s).size() != n) {
                throw new IllegalArgumentException("state " + states.get(s) + ": action sets for " + n + " agents");
            }
            for (int i = 0; i < n; i++) {
                counts[s][i] = this.actions.get(s).get(i).size();
                if (counts[s][i] < 1) {
                    throw new IllegalArgumentException("state " + states.get(s) + ": agent " + agents.get(i)
                        + " has no action");
                }
            }
            if (next[s].length != DecPomdp.jointCount(counts[s]) || reward[s].length != next[s].length) {
                throw new IllegalArgumentException("state " + states.get(s) + ": one row per joint action");
            }
        }
        this.next = new Rational[ns][][];
        this.reward = new Rational[ns][][];
        for (int s = 0; s < ns; s++) {
            this.next[s] = new Rational[next[s].length][];
            this.reward[s] = new Rational[next[s].length][];
            for (int a = 0; a < next[s].length; a++) {
                this.next[s][a] = next[s][a].clone();
                this.reward[s][a] = reward[s][a].clone();
                if (this.next[s][a].length != ns || this.reward[s][a].length != n) {
                    throw new IllegalArgumentException("state " + states.get(s) + ", joint action " + a
                        + ": a distribution over " + ns + " states and " + n + " rewards");
                }
                String bad = problem(List.of(this.next[s][a]));
                if (bad != null) {
                    throw new IllegalArgumentException("state " + states.get(s) + ", joint action "
                        + jointActionName(s, a) + ": P(·|s, a) " + bad);
                }
            }
        }
        String bad = problem(this.initial);
        if (bad != null) {
            throw new IllegalArgumentException("the initial distribution " + bad);
        }
    }

    /** Why a row is not a distribution (negative entry, sum ≠ 1), or null. */
    public static String problem(List<Rational> row) {
        Rational sum = Rational.ZERO;
        for (Rational p : row) {
            if (p.signum() < 0) {
                return "has a negative entry " + p;
            }
            sum = sum.add(p);
        }
        return sum.equals(Rational.ONE) ? null : "sums to " + sum + ", not 1";
    }

    /**
     * A normal-form game as a one-state Markov game with γ = 0 (its Markov QRE is the game's logit QRE at λ = 1/τ).
     */
    public static MarkovGame of(NormalFormGame g) {
        int n = g.numPlayers();
        int[] dims = g.dims();
        int joint = DecPomdp.jointCount(dims);
        Rational[][][] next = new Rational[1][joint][];
        Rational[][][] reward = new Rational[1][joint][n];
        for (int a = 0; a < joint; a++) {
            next[0][a] = new Rational[] {Rational.ONE};
            int[] profile = DecPomdp.components(dims, a);
            for (int i = 0; i < n; i++) {
                reward[0][a][i] = g.payoff(i, profile);
            }
        }
        return new MarkovGame(g.title(), g.players(), List.of("s"), List.of(g.actions()), next, reward, Rational.ZERO,
            List.of(Rational.ONE));
    }

    /**
     * A Dec-POMDP whose joint observation reveals the next state (every O(·|a, s′) that can occur puts its mass on
     * joint observations that occur with no other s′) as the shared-reward Markov game with the same states, actions,
     * transitions, expected rewards r(s, a) for every agent, discount (which must be below 1) and μ = b₀. The Markov
     * game lets the agents see the initial state too; the finite horizon becomes the infinite discounted one.
     * An IllegalArgumentException names the first observation that does not reveal the state.
     */
    public static MarkovGame of(DecPomdp m) {
        if (m.discount().compareTo(Rational.ONE) >= 0) {
            throw new IllegalArgumentException("the model's discount is " + m.discount() + "; a Markov game needs one "
                + "below 1 (give --discount)");
        }
        int ns = m.numStates();
        int[] revealed = new int[m.numJointObservations()];
        java.util.Arrays.fill(revealed, -1);
        for (int ja = 0; ja < m.numJointActions(); ja++) {
            for (int s2 = 0; s2 < ns; s2++) {
                int row = ja * ns + s2;
                for (int k = m.observationTable().start(row); k < m.observationTable().end(row); k++) {
                    int jo = m.observationTable().column(k);
                    if (revealed[jo] >= 0 && revealed[jo] != s2) {
                        throw new IllegalArgumentException("the observations do not reveal the state: joint "
                            + "observation " + jo + " occurs in states " + m.states().get(revealed[jo]) + " and "
                            + m.states().get(s2));
                    }
                    revealed[jo] = s2;
                }
            }
        }
        int n = m.numAgents();
        Rational[][][] next = new Rational[ns][m.numJointActions()][ns];
        Rational[][][] reward = new Rational[ns][m.numJointActions()][n];
        List<List<List<String>>> actions = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            actions.add(m.actions());
            for (int ja = 0; ja < m.numJointActions(); ja++) {
                for (int s2 = 0; s2 < ns; s2++) {
                    next[s][ja][s2] = m.transition(ja, s, s2);
                }
                java.util.Arrays.fill(reward[s][ja], m.expectedReward(s, ja));
            }
        }
        return new MarkovGame(m.name(), m.agents(), m.states(), actions, next, reward, m.discount(), m.initial());
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

    public int numAgents() {
        return agents.size();
    }

    public int numStates() {
        return states.size();
    }

    /** Agent i's action names in state s. */
    public List<String> actions(int s, int i) {
        return actions.get(s).get(i);
    }

    /** |A_i(s)| for every agent. */
    public int[] actionCounts(int s) {
        return counts[s].clone();
    }

    /** Whether every agent has the same number of actions in every state. */
    public boolean hasEqualActionCounts() {
        for (int s = 1; s < counts.length; s++) {
            if (!java.util.Arrays.equals(counts[s], counts[0])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The reward-free game: the same agents, states, actions, transitions, discount and μ, every reward 0. Its Markov
     * QREs at τ = 1 are the zeros of the principal branch's system at β = 0 (MQRE-CHAIN (7)).
     */
    public MarkovGame withoutRewards() {
        Rational[][][] zero = new Rational[reward.length][][];
        for (int s = 0; s < reward.length; s++) {
            zero[s] = new Rational[reward[s].length][agents.size()];
            for (Rational[] row : zero[s]) {
                java.util.Arrays.fill(row, Rational.ZERO);
            }
        }
        return new MarkovGame(name + " (reward-free)", agents, states, actions, next, zero, discount, initial);
    }

    public int numJointActions(int s) {
        return next[s].length;
    }

    /** P(s′ | s, a). */
    public Rational transition(int s, int a, int s2) {
        return next[s][a][s2];
    }

    /** r_i(s, a). */
    public Rational reward(int s, int a, int i) {
        return reward[s][a][i];
    }

    public Rational discount() {
        return discount;
    }

    public List<Rational> initial() {
        return initial;
    }

    /** "(a, b)" for joint action a of state s. */
    public String jointActionName(int s, int a) {
        int[] c = DecPomdp.components(counts[s], a);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < c.length; i++) {
            parts.add(actions.get(s).get(i).get(c[i]));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** The largest |r_i(s, a)|. */
    public Rational maxAbsReward() {
        Rational m = Rational.ZERO;
        for (Rational[][] s : reward) {
            for (Rational[] a : s) {
                for (Rational r : a) {
                    m = m.max(r.abs());
                }
            }
        }
        return m;
    }

    /** Whether every r_i(s, a) sums to zero over two agents (a two-player zero-sum game). */
    public boolean isZeroSum() {
        if (numAgents() != 2) {
            return false;
        }
        for (Rational[][] s : reward) {
            for (Rational[] a : s) {
                if (a[0].add(a[1]).signum() != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A canonical hash of the exact data (names excluded), hex. */
    public String sha256() {
        List<RationalTensor> parts = new ArrayList<>();
        List<Rational> flat = new ArrayList<>();
        flat.add(discount);
        flat.addAll(initial);
        for (int s = 0; s < numStates(); s++) {
            for (int c : counts[s]) {
                flat.add(Rational.of(c));
            }
            for (int a = 0; a < next[s].length; a++) {
                flat.addAll(List.of(next[s][a]));
                flat.addAll(List.of(reward[s][a]));
            }
        }
        parts.add(new RationalTensor(new int[] {flat.size()}, flat));
        return RationalTensor.sha256(parts);
    }
}
