package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.symmetry.Permutation;

/**
 * The checker's own derivation of the Markov QRE (regularized Markov perfect equilibrium) of a discounted Markov game
 * at temperature τ &gt; 0 (theorem MQRE-K, proofs/MQRE-K.md), written only against {@code arith} and the game. Unknowns:
 * the policies π_i(a | s) (agent by agent, state by state, action by action) followed by the soft values V_i(s)
 * (agent by agent, state by state). With
 * Q_i(s, a_i) = Σ_{a_{−i}} Π_{j≠i} π_j(a_j | s) (r_i(s, a) + γ Σ_{s′} P(s′ | s, a) V_i(s′)),
 * the system F = 0 is
 * <ul>
 *   <li>π_i(· | s) − softmax(Q_i(s, ·)/τ) = 0 (each agent's logit response to its soft Q-values), and</li>
 *   <li>1 − Σ_{a_i} exp((Q_i(s, a_i) − V_i(s))/τ) = 0, i.e. V_i(s) = τ log Σ_{a_i} exp(Q_i(s, a_i)/τ) (the soft
 *   Bellman equation at the response, written without a logarithm).</li>
 * </ul>
 * Its zeros are exactly the Markov QREs: π_i(·|s) = softmax(Q_i^{π,τ}(s,·)/τ) with V_i = V_i^{π,τ} the entropy-
 * regularized value E[Σ_t γ^t (r_i − τ log π_i(a_{i,t} | s_t))].
 */
public final class MarkovQreSystem implements SmoothSystem {
    private final MarkovGame g;
    private final Rational tau;
    private final int n;
    private final int[] policyStart; // [i·S + s]: first index of block (i, s)
    private final int valueStart;
    private final int size;
    private final int[][][] components; // [s][a] agent actions

    public MarkovQreSystem(MarkovGame g, Rational tau) {
        if (tau.signum() <= 0) {
            throw new IllegalArgumentException("τ must be positive, got " + tau);
        }
        this.g = g;
        this.tau = tau;
        this.n = g.numAgents();
        int ns = g.numStates();
        this.policyStart = new int[n * ns + 1];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < ns; s++) {
                policyStart[i * ns + s + 1] = policyStart[i * ns + s] + g.actionCounts(s)[i];
            }
        }
        this.valueStart = policyStart[n * ns];
        this.size = valueStart + n * ns;
        this.components = new int[ns][][];
        for (int s = 0; s < ns; s++) {
            components[s] = new int[g.numJointActions(s)][];
            for (int a = 0; a < components[s].length; a++) {
                components[s][a] = DecPomdp.components(g.actionCounts(s), a);
            }
        }
    }

    public MarkovGame game() {
        return g;
    }

    public Rational tau() {
        return tau;
    }

    @Override
    public int size() {
        return size;
    }

    /** The index of π_i(a | s). */
    public int policyIndex(int agent, int state, int action) {
        return policyStart[agent * g.numStates() + state] + action;
    }

    /** The index of V_i(s). */
    public int valueIndex(int agent, int state) {
        return valueStart + agent * g.numStates() + state;
    }

    /** The number of policy coordinates (the V_i(s) follow them). */
    public int policySize() {
        return valueStart;
    }

    /** The policy coordinates of a point x as {@code [agent][state][action]}. */
    public <T> List<List<List<T>>> policies(List<T> x) {
        List<List<List<T>>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<List<T>> agent = new ArrayList<>(g.numStates());
            for (int s = 0; s < g.numStates(); s++) {
                int from = policyIndex(i, s, 0);
                agent.add(new ArrayList<>(x.subList(from, from + g.actionCounts(s)[i])));
            }
            out.add(agent);
        }
        return out;
    }

    /**
     * The policy coordinates of a point x in one state, agent after agent (for a one-state game: the normal-form
     * profile, player-major).
     */
    public <T> List<T> policiesIn(int state, List<T> x) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int from = policyIndex(i, state, 0);
            out.addAll(x.subList(from, from + g.actionCounts(state)[i]));
        }
        return out;
    }

    /** The value coordinates of a point x as {@code [agent][state]}. */
    public <T> List<List<T>> values(List<T> x) {
        List<List<T>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int from = valueIndex(i, 0);
            out.add(new ArrayList<>(x.subList(from, from + g.numStates())));
        }
        return out;
    }

    /**
     * Σ_{a_{−i}} Π_{j≠i} π_j(a_j | s) (ρ·r_i(s, a) + γ Σ_{s′} P(s′ | s, a) x_i(s′)) for each a_i, x_i the value
     * coordinates: Q_i(s, ·) with ρ = 1 (null), the logits β·r + γPW of the scaled system with ρ = β and x_i = W_i.
     */
    private <T> List<T> q(ExpField<T> f, List<T> x, int agent, int state, T rewardScale) {
        int m = g.actionCounts(state)[agent];
        List<T> q = new ArrayList<>(m);
        for (int k = 0; k < m; k++) {
            q.add(f.zero());
        }
        T gamma = f.of(g.discount());
        for (int a = 0; a < components[state].length; a++) {
            int[] c = components[state][a];
            T w = f.one();
            for (int j = 0; j < n; j++) {
                if (j != agent) {
                    w = f.multiply(w, x.get(policyIndex(j, state, c[j])));
                }
            }
            T cont = f.zero();
            for (int s2 = 0; s2 < g.numStates(); s2++) {
                Rational p = g.transition(state, a, s2);
                if (p.signum() != 0) {
                    cont = f.add(cont, f.multiply(f.of(p), x.get(valueIndex(agent, s2))));
                }
            }
            T reward = f.of(g.reward(state, a, agent));
            T target = f.add(rewardScale == null ? reward : f.multiply(rewardScale, reward), f.multiply(gamma, cont));
            q.set(c[agent], f.add(q.get(c[agent]), f.multiply(w, target)));
        }
        return q;
    }

    /**
     * The logits ℓ_i(s, ·) of {@link #branchSystem} at z = (π, W, β), in the order of the policy coordinates: the
     * branch's zeros are π_i(·|s) = softmax(ℓ_i(s, ·)) with W_i(s) = log Σ_a exp(ℓ_i(s, a)).
     */
    public <T> List<T> branchLogits(ExpField<T> f, List<T> z) {
        List<T> out = new ArrayList<>(valueStart);
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < g.numStates(); s++) {
                out.addAll(q(f, z, i, s, z.get(size)));
            }
        }
        return out;
    }

    @Override
    public <T> List<T> residual(ExpField<T> f, List<T> x) {
        if (x.size() != size) {
            throw new IllegalArgumentException("a point of " + x.size() + " coordinates, expected " + size);
        }
        return residual(f, x, null, f.of(tau), null);
    }

    /**
     * The residual with logits q_ρ/t (t null: q_ρ) and value rows 1 − Σ_a exp(logit_a − x_V/t)/d (t null: x_V; d = 1
     * for θ null, else d = (1 − θ)·m + θ with m the agent's action count in the state); the system at τ is ρ = 1,
     * t = τ; the scaled system of {@link #branchSystem} is ρ = β, t null; {@link #startSystem} is ρ = 0, t null, θ.
     */
    private <T> List<T> residual(ExpField<T> f, List<T> x, T rewardScale, T t, T theta) {
        List<T> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            out.add(null);
        }
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < g.numStates(); s++) {
                List<T> q = q(f, x, i, s, rewardScale);
                List<T> logits = t == null ? q : q.stream().map(v -> f.divide(v, t)).toList();
                List<T> response = f.softmax(logits);
                for (int a = 0; a < response.size(); a++) {
                    int k = policyIndex(i, s, a);
                    out.set(k, f.subtract(x.get(k), response.get(a)));
                }
                int k = valueIndex(i, s);
                T w = t == null ? x.get(k) : f.divide(x.get(k), t);
                T total = f.zero();
                for (T l : logits) {
                    total = f.add(total, f.exp(f.subtract(l, w)));
                }
                if (theta != null) {
                    T m = f.of(Rational.of(g.actionCounts(s)[i]));
                    total = f.divide(total, f.add(f.multiply(f.subtract(f.one(), theta), m), theta));
                }
                out.set(k, f.subtract(f.one(), total));
            }
        }
        return out;
    }

    /**
     * The permutation of this system's coordinates induced by a relabelling φ of the game: π_i(b | s) ↦
     * π_{σ(i)}(α_{s,i}(b) | ψ(s)) and V_i(s) ↦ V_{σ(i)}(ψ(s)). When φ is a symmetry of the game, the system (and its
     * {@link #branchSystem}) is equivariant under it: φ maps soft Q-functions and logit responses to those of the same
     * game (SYM-1 for Markov games).
     */
    public Permutation permutation(MarkovSymmetry phi) {
        int[] p = new int[size];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < g.numStates(); s++) {
                int j = phi.agents().apply(i);
                int t = phi.states().apply(s);
                for (int b = 0; b < g.actionCounts(s)[i]; b++) {
                    p[policyIndex(i, s, b)] = policyIndex(j, t, phi.actions().get(s).get(i).apply(b));
                }
                p[valueIndex(i, s)] = valueIndex(j, t);
            }
        }
        return Permutation.of(p);
    }

    /**
     * This system in its log form at t = τ, {@link #tailSystem(Set)}'s H(·, τ), with the rows π − e^{(Q − V)/τ} at the
     * coordinates {@code offSupport}: on a box whose other policy coordinates are positive it has exactly this
     * system's zeros (MQRE-TAIL, Lemma 1 and corollary 2; (4), Lemma 1 with O, where a probability of e^{−10⁸} puts 0
     * in the box), and where (Q − V)/τ makes this system's Krawczyk test fail at a low τ its rows, Q − V and τ log π,
     * stay of the size of the rewards.
     */
    public SmoothSystem logForm(Set<Integer> offSupport) {
        return tailSystem(offSupport, OffRow.EXPONENTIAL).at(tau);
    }

    /**
     * The policy coordinates whose side in the box reaches 0 or below: those its log form takes off the support
     * ({@link #logForm(Set)}), the others being positive on the box; null where they include every action of an
     * agent in a state (no log form applies).
     */
    public Set<Integer> offSupportOf(List<Interval> box) {
        Set<Integer> off = new java.util.TreeSet<>();
        for (int k = 0; k < valueStart; k++) {
            if (box.get(k).lo().signum() <= 0) {
                off.add(k);
            }
        }
        return emptiedState(off) == null ? off : null;
    }

    /**
     * The first agent and state (i, s), agents outermost, all of whose actions' policy coordinates lie in {@code off},
     * or null: where such a set leaves a state no action, no log form or tail system with it off the support applies.
     */
    public int[] emptiedState(Set<Integer> off) {
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < g.numStates(); s++) {
                int m = g.actionCounts(s)[i];
                int first = policyIndex(i, s, 0);
                if (java.util.stream.IntStream.range(first, first + m).allMatch(off::contains)) {
                    return new int[] {i, s};
                }
            }
        }
        return null;
    }

    /**
     * The Markov QREs near a regular Markov perfect equilibrium as one {@link ParametricSystem} in the temperature t
     * (theorem MQRE-TAIL, proofs/MQRE-TAIL.md): unknowns (π, V) in this system's coordinates, parameter t last, and
     * for every agent i and state s, with Q_i(s, ·) as in the class comment, the rows Q_i(s, a) − V_i(s) − t log
     * π_i(a|s) (at π_i(a|s)) and Σ_a π_i(a|s) − 1 (at V_i(s)) — except at the coordinates {@code offSupport} of actions
     * the limit never plays (MQRE-TAIL (4)), whose rows are π_i(c|s) − φ(Q_i(s, c) − V_i(s), t) with φ(D, t) = e^{D/t}
     * for t &gt; 0 and φ(D, 0) = 0. Where π &gt; 0 off those coordinates its zeros at t &gt; 0 are the zeros of this
     * system at τ = t; it is smooth down to t = 0, and equivariant under the game's symmetries
     * ({@link #permutation}: each row sits at its coordinate) when {@code offSupport} is a union of orbits, so it
     * restricts to the subspace they fix ({@link FixedSubspace#restrict}). For the double paths (the proposals'
     * Newton, a preconditioner), which recognise t = 0 by its double estimate; certified evaluations take
     * {@link #logForm(Set)} at a fixed τ &gt; 0 or {@link MarkovTail}'s enclosure over t ∋ 0, from {@link #tailGaps}.
     */
    public ParametricSystem tailSystem(Set<Integer> offSupport) {
        return tailSystem(offSupport, OffRow.LIMIT);
    }

    /**
     * {@link #tailSystem(Set)} with the gap D = Q_i(s, c) − V_i(s) as the row at each coordinate of {@code offSupport}:
     * the rows whose interval values and derivatives bound the off-support rows over t ∈ [0, t₀] (MQRE-TAIL (4),
     * Lemma 2).
     */
    public ParametricSystem tailGaps(Set<Integer> offSupport) {
        return tailSystem(offSupport, OffRow.GAP);
    }

    /**
     * The row at a coordinate off the support: the gap D = Q − V; π − e^{D/t}; or that with φ(D, 0) = 0 taken where t's
     * double estimate is 0 — for the double paths only (at t = 0 exactly, where e^{D/t}'s derivative is 0·∞), since a
     * certified t of 10⁻⁴⁰⁰ has the estimate 0 too.
     */
    private enum OffRow { GAP, EXPONENTIAL, LIMIT }

    private ParametricSystem tailSystem(Set<Integer> offSupport, OffRow offRow) {
        Set<Integer> off = Set.copyOf(offSupport);
        return new Parametric() {
            @Override
            <T> List<T> equations(ExpField<T> f, List<T> z) {
                T t = z.get(size);
                List<T> out = new ArrayList<>(z.subList(0, size));
                for (int i = 0; i < n; i++) {
                    for (int s = 0; s < g.numStates(); s++) {
                        List<T> q = q(f, z, i, s, null);
                        T v = z.get(valueIndex(i, s));
                        T total = f.zero();
                        for (int a = 0; a < q.size(); a++) {
                            int k = policyIndex(i, s, a);
                            T p = z.get(k);
                            total = f.add(total, p);
                            T gap = f.subtract(q.get(a), v);
                            out.set(k, !off.contains(k) ? f.subtract(gap, f.multiply(t, f.log(p)))
                                : offRow == OffRow.GAP ? gap : offRow == OffRow.LIMIT && f.estimate(t) == 0 ? p
                                : f.subtract(p, f.exp(f.divide(gap, t))));
                        }
                        out.set(valueIndex(i, s), f.subtract(total, f.one()));
                    }
                }
                return out;
            }
        };
    }

    /**
     * The Markov QREs of every temperature as one {@link ParametricSystem} (theorem MQRE-CHAIN): unknowns (π, W) in
     * this system's coordinates with W_i(s) = V_i(s)/τ, parameter β = 1/τ ≥ 0, and equations
     * π_i(·|s) − softmax(ℓ_i(s, ·)) = 0, 1 − Σ_{a_i} exp(ℓ_i(s, a_i) − W_i(s)) = 0 with the logits
     * ℓ_i(s, a_i) = Σ_{a_{−i}} Π_{j≠i} π_j(a_j|s)(β r_i(s, a) + γ Σ_{s′} P(s′|s, a) W_i(s′)). At β = 1/τ its zeros
     * are the zeros of the system at τ with V = τW; at β = 0 they are defined too (the limit τ → ∞).
     */
    public ParametricSystem branchSystem() {
        return new Parametric() {
            @Override
            <T> List<T> equations(ExpField<T> f, List<T> z) {
                return MarkovQreSystem.this.residual(f, z, z.get(size), null, null);
            }
        };
    }

    /**
     * The start homotopy of {@link #branchSystem} at β = 0 (theorem MQRE-CHAIN (8)): unknowns (π, W) as there,
     * parameter θ ∈ [0, 1], and equations π_i(·|s) − softmax(ℓ_i(s, ·)) = 0, 1 − Σ_{a_i} exp(ℓ_i(s, a_i) −
     * W_i(s))/((1 − θ)·m_i(s) + θ) = 0 with the logits ℓ_i(s, a_i) = Σ_{a_{−i}} Π_{j≠i} π_j(a_j|s) γ Σ_{s′} P(s′|s, a)
     * W_i(s′) (no reward): W_i(s) = log of the mean of e^ℓ at θ = 0, where the only zero is the uniform policy with
     * W ≡ 0, and at θ = 1 exactly the branch system at β = 0.
     */
    public ParametricSystem startSystem() {
        return new Parametric() {
            @Override
            <T> List<T> equations(ExpField<T> f, List<T> z) {
                return MarkovQreSystem.this.residual(f, z, f.zero(), null, z.get(size));
            }
        };
    }

    /** The branch system at β = 0 (its zeros: the chain's possible starts) as a system in (π, W) alone. */
    public SmoothSystem startZeros() {
        return branchSystem().at(Rational.ZERO);
    }

    /** A {@link ParametricSystem} in this system's unknowns and one parameter, its points checked for size. */
    private abstract class Parametric implements ParametricSystem {
        @Override
        public int unknowns() {
            return size;
        }

        @Override
        public <T> List<T> residual(ExpField<T> f, List<T> z) {
            if (z.size() != size + 1) {
                throw new IllegalArgumentException("a point of " + z.size() + " coordinates, expected " + (size + 1));
            }
            return equations(f, z);
        }

        /** The equations at a point of n + 1 coordinates. */
        abstract <T> List<T> equations(ExpField<T> f, List<T> z);
    }
}
