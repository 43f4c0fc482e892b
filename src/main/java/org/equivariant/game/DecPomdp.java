package org.equivariant.game;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;

/**
 * A finite Dec-POMDP with shared reward (Oliehoek–Amato): agents i = 0..n−1, states S, per-agent actions A_i and
 * observations O_i, initial distribution b₀, transition T(s'|s,a), observation O(o|a,s') of the joint observation
 * after the joint action a reached s', reward R(s,a,s',o) and discount γ. Joint actions and joint observations are
 * indexed as in MADP: the first agent's component is the most significant digit (the last agent varies fastest).
 * All numbers are exact rationals. The expected immediate reward is r(s,a) = Σ_{s',o} T(s'|s,a) O(o|a,s') R(s,a,s',o).
 */
public final class DecPomdp {
    private final String name;
    private final List<String> agents;
    private final List<String> states;
    private final List<List<String>> actions;
    private final List<List<String>> observations;
    private final List<Rational> initial;
    private final Rational discount;
    private final Rational[][][] transition;   // [ja][s][s']
    private final Rational[][][] observation;  // [ja][s'][jo]
    private final Rational[][][][] reward;     // [s][ja][s'][jo]
    private final Rational[][] expectedReward; // [s][ja]
    private final boolean[] terminal;

    public DecPomdp(String name, List<String> agents, List<String> states, List<List<String>> actions,
                    List<List<String>> observations, List<Rational> initial, Rational discount,
                    Rational[][][] transition, Rational[][][] observation, Rational[][][][] reward) {
        this(name, agents, states, actions, observations, initial, discount, transition, observation, reward,
            new boolean[states.size()]);
    }

    private DecPomdp(String name, List<String> agents, List<String> states, List<List<String>> actions,
                     List<List<String>> observations, List<Rational> initial, Rational discount,
                     Rational[][][] transition, Rational[][][] observation, Rational[][][][] reward,
                     boolean[] terminal) {
        this.terminal = terminal.clone();
        this.name = name;
        this.agents = List.copyOf(agents);
        this.states = List.copyOf(states);
        this.actions = actions.stream().map(List::copyOf).toList();
        this.observations = observations.stream().map(List::copyOf).toList();
        this.initial = List.copyOf(initial);
        this.discount = discount;
        this.transition = transition;
        this.observation = observation;
        this.reward = reward;
        int ns = states.size();
        int nja = jointCount(actionCounts());
        int njo = jointCount(observationCounts());
        if (this.actions.size() != this.agents.size() || this.observations.size() != this.agents.size()) {
            throw new IllegalArgumentException("each of the " + agents.size() + " agents needs actions and observations");
        }
        if (initial.size() != ns || transition.length != nja || observation.length != nja || reward.length != ns) {
            throw new IllegalArgumentException("model tables do not match " + ns + " states and " + nja
                + " joint actions");
        }
        this.expectedReward = new Rational[ns][nja];
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < nja; a++) {
                Rational e = Rational.ZERO;
                for (int s2 = 0; s2 < ns; s2++) {
                    Rational t = transition[a][s][s2];
                    if (t.isZero()) {
                        continue;
                    }
                    for (int o = 0; o < njo; o++) {
                        e = e.add(t.multiply(observation[a][s2][o]).multiply(reward[s][a][s2][o]));
                    }
                }
                expectedReward[s][a] = e;
            }
        }
    }

    /**
     * A copy in which the given states are terminal: the episode has ended there, so no decision is taken and the
     * visitation-weighted entropy (form A) is not counted. Terminal states must be absorbing with zero reward.
     */
    public DecPomdp withTerminalStates(int... states) {
        boolean[] t = terminal.clone();
        for (int s : states) {
            for (int a = 0; a < numJointActions(); a++) {
                if (!transition[a][s][s].equals(Rational.ONE) || !expectedReward[s][a].isZero()) {
                    throw new IllegalArgumentException("terminal state " + this.states.get(s)
                        + " must be absorbing with zero reward under every joint action");
                }
            }
            t[s] = true;
        }
        return new DecPomdp(name, agents, this.states, actions, observations, initial, discount, transition,
            observation, reward, t);
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
        return actions.stream().mapToInt(List::size).toArray();
    }

    public int[] observationCounts() {
        return observations.stream().mapToInt(List::size).toArray();
    }

    public int numJointActions() {
        return jointCount(actionCounts());
    }

    public int numJointObservations() {
        return jointCount(observationCounts());
    }

    public Rational transition(int ja, int s, int s2) {
        return transition[ja][s][s2];
    }

    public Rational observation(int ja, int s2, int jo) {
        return observation[ja][s2][jo];
    }

    public Rational reward(int s, int ja, int s2, int jo) {
        return reward[s][ja][s2][jo];
    }

    /** r(s,a) = Σ_{s',o} T(s'|s,a) O(o|a,s') R(s,a,s',o). */
    public Rational expectedReward(int s, int ja) {
        return expectedReward[s][ja];
    }

    /**
     * Every violation of stochasticity: b₀, each row T(·|s,a) and each row O(·|a,s') must have entries in [0, 1]
     * summing to exactly 1. Empty for a valid model.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        checkRow(out, "start distribution", initial);
        for (int a = 0; a < transition.length; a++) {
            for (int s = 0; s < numStates(); s++) {
                checkRow(out, "T(.|" + states.get(s) + ", " + jointActionName(a) + ")", List.of(transition[a][s]));
            }
            for (int s2 = 0; s2 < numStates(); s2++) {
                checkRow(out, "O(.|" + jointActionName(a) + ", " + states.get(s2) + ")",
                    List.of(observation[a][s2]));
            }
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

    private static void checkRow(List<String> out, String what, List<Rational> row) {
        Rational sum = Rational.ZERO;
        for (int k = 0; k < row.size(); k++) {
            Rational p = row.get(k);
            if (p.signum() < 0 || p.compareTo(Rational.ONE) > 0) {
                out.add(what + " has entry " + (k + 1) + " = " + p + " outside [0, 1]");
            }
            sum = sum.add(p);
        }
        if (!sum.equals(Rational.ONE)) {
            out.add(what + " sums to " + sum + ", not 1");
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
        int[] counts = g.dims();
        int nja = jointCount(counts);
        Rational[][][] tr = new Rational[nja][1][1];
        Rational[][][] ob = new Rational[nja][1][1];
        Rational[][][][] rew = new Rational[1][nja][1][1];
        for (int ja = 0; ja < nja; ja++) {
            tr[ja][0][0] = Rational.ONE;
            ob[ja][0][0] = Rational.ONE;
            rew[0][ja][0][0] = g.payoff(0, components(counts, ja));
        }
        List<List<String>> obs = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            obs.add(List.of("o"));
        }
        return new DecPomdp(g.title(), g.players(), List.of("s"), g.actions(), obs, List.of(Rational.ONE),
            Rational.ONE, tr, ob, rew);
    }

    public String jointActionName(int ja) {
        int[] c = components(actionCounts(), ja);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < c.length; i++) {
            sb.append(i == 0 ? "" : " ").append(actions.get(i).get(c[i]));
        }
        return sb.toString();
    }
}
