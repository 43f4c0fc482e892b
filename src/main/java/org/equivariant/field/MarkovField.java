package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;

/**
 * The entropy-regularized field of a discounted Markov game under a joint stationary policy π (given as
 * {@code policy.get(i).get(s).get(a)} = π_i(a | s)), in any field: each agent's regularized value
 * V_i^{π,τ} = (I − γP_π)^{−1}(r_i^π + τH_i^π) by an exact linear solve (r_i^π(s) = Σ_a π(a|s) r_i(s,a), P_π the
 * state chain, H_i^π(s) the entropy of agent i's own policy at s), its soft Q-function
 * Q_i^{π,τ}(s, a_i) = E_{a_{−i}∼π_{−i}(·|s)}[r_i(s, a) + γ Σ_{s′} P(s′|s,a) V_i^{π,τ}(s′)], and independent NPG with
 * step η (Cen et al. 2021; Sun et al. 2024): π_i⁺(·|s) ∝ π_i(·|s)^{1−ητ} exp(η Q_i^{π,τ}(s, ·)), 0 &lt; η ≤ 1/τ — at
 * η = 1/τ every agent plays its logit response to its current Q. The fixed points are the Markov QREs.
 */
public final class MarkovField<T> {
    private final MarkovGame g;
    private final ExpField<T> f;
    private final T tau;
    private final T gamma;

    public MarkovField(MarkovGame g, Rational tau, ExpField<T> f) {
        if (tau.signum() <= 0) {
            throw new IllegalArgumentException("τ must be positive, got " + tau);
        }
        this.g = g;
        this.f = f;
        this.tau = f.of(tau);
        this.gamma = f.of(g.discount());
    }

    public MarkovGame game() {
        return g;
    }

    /** The uniform policy. */
    public List<List<List<T>>> uniform() {
        List<List<List<T>>> out = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            List<List<T>> agent = new ArrayList<>();
            for (int s = 0; s < g.numStates(); s++) {
                int m = g.actionCounts(s)[i];
                List<T> row = new ArrayList<>();
                for (int a = 0; a < m; a++) {
                    row.add(f.of(Rational.of(1, m)));
                }
                agent.add(row);
            }
            out.add(agent);
        }
        return out;
    }

    /** π(a | s) of a joint action: the product of the agents' probabilities. */
    private T joint(List<? extends List<? extends List<T>>> pi, int s, int[] c, int skip) {
        T w = f.one();
        for (int j = 0; j < c.length; j++) {
            if (j != skip) {
                w = f.multiply(w, pi.get(j).get(s).get(c[j]));
            }
        }
        return w;
    }

    /** V_i^{π,τ}(s) for every agent and state: [i][s]. */
    public List<List<T>> values(List<? extends List<? extends List<T>>> pi) {
        int ns = g.numStates();
        List<List<T>> chain = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            List<T> row = new ArrayList<>();
            for (int s2 = 0; s2 < ns; s2++) {
                row.add(s == s2 ? f.one() : f.zero());
            }
            chain.add(row);
        }
        List<List<T>> rhs = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            rhs.add(new ArrayList<>());
        }
        for (int s = 0; s < ns; s++) {
            int[] counts = g.actionCounts(s);
            List<T> r = new ArrayList<>();
            for (int i = 0; i < g.numAgents(); i++) {
                r.add(f.multiply(tau, f.entropy(new ArrayList<>(pi.get(i).get(s)))));
            }
            for (int a = 0; a < g.numJointActions(s); a++) {
                int[] c = DecPomdp.components(counts, a);
                T w = joint(pi, s, c, -1);
                for (int i = 0; i < g.numAgents(); i++) {
                    r.set(i, f.add(r.get(i), f.multiply(w, f.of(g.reward(s, a, i)))));
                }
                for (int s2 = 0; s2 < ns; s2++) {
                    Rational p = g.transition(s, a, s2);
                    if (p.signum() != 0) {
                        chain.get(s).set(s2, f.subtract(chain.get(s).get(s2), f.multiply(gamma, f.multiply(w,
                            f.of(p)))));
                    }
                }
            }
            for (int i = 0; i < g.numAgents(); i++) {
                rhs.get(i).add(r.get(i));
            }
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            out.add(LinearAlgebra.solve(f, chain, rhs.get(i)));
        }
        return out;
    }

    /** Q_i^{π,τ}(s, ·) for every agent and state: [i][s][a], from the values V (as {@link #values} returns). */
    public List<List<List<T>>> q(List<? extends List<? extends List<T>>> pi, List<List<T>> v) {
        List<List<List<T>>> out = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            List<List<T>> agent = new ArrayList<>();
            for (int s = 0; s < g.numStates(); s++) {
                int[] counts = g.actionCounts(s);
                List<T> row = new ArrayList<>();
                for (int a = 0; a < counts[i]; a++) {
                    row.add(f.zero());
                }
                for (int a = 0; a < g.numJointActions(s); a++) {
                    int[] c = DecPomdp.components(counts, a);
                    T cont = f.zero();
                    for (int s2 = 0; s2 < g.numStates(); s2++) {
                        Rational p = g.transition(s, a, s2);
                        if (p.signum() != 0) {
                            cont = f.add(cont, f.multiply(f.of(p), v.get(i).get(s2)));
                        }
                    }
                    T target = f.add(f.of(g.reward(s, a, i)), f.multiply(gamma, cont));
                    row.set(c[i], f.add(row.get(c[i]), f.multiply(joint(pi, s, c, i), target)));
                }
                agent.add(row);
            }
            out.add(agent);
        }
        return out;
    }

    /** A policy with soft-value estimates V_i(s) (the critic of {@link #criticStep}). */
    public record PolicyValue<T>(List<List<List<T>>> policy, List<List<T>> values) {
    }

    /**
     * One step of independent NPG with a soft-value critic (theorem MQRE-U): each agent's Q_i(s, ·) is computed from
     * the others' current policies and its own value estimate V_i (one backup, no policy evaluation), then
     * π_i⁺ ∝ π_i^{1−ητ} exp(η Q_i) and V_i⁺(s) = τ log Σ_b exp(Q_i(s, b)/τ). Its fixed points are the Markov QREs with
     * their regularized values.
     */
    public PolicyValue<T> criticStep(PolicyValue<T> z, Rational eta) {
        List<List<List<T>>> q = q(z.policy(), z.values());
        T e = f.of(eta);
        T keep = f.subtract(f.one(), f.multiply(e, tau));
        List<List<List<T>>> pi = new ArrayList<>();
        List<List<T>> v = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            List<List<T>> agent = new ArrayList<>();
            List<T> values = new ArrayList<>();
            for (int s = 0; s < g.numStates(); s++) {
                List<? extends T> p = z.policy().get(i).get(s);
                List<T> qs = q.get(i).get(s);
                List<T> logits = new ArrayList<>();
                for (int a = 0; a < p.size(); a++) {
                    logits.add(f.add(f.multiply(keep, f.log(p.get(a))), f.multiply(e, qs.get(a))));
                }
                agent.add(f.softmax(logits));
                values.add(f.multiply(tau, f.logSumExp(qs.stream().map(x -> f.divide(x, tau)).toList())));
            }
            pi.add(agent);
            v.add(values);
        }
        return new PolicyValue<>(pi, v);
    }

    /**
     * One independent NPG step with step size η (0 &lt; η ≤ 1/τ) on log-policies, as
     * {@link RegularizedObjective#npgStep}: log π_i⁺(·|s) = (1 − ητ) log π_i(·|s) + η Q_i^{π,τ}(s, ·) − log Z_i(s). In
     * logs, a probability below the field's range (τ small against the rewards) stays a finite number.
     */
    public List<List<List<T>>> npgStep(List<? extends List<? extends List<T>>> logPolicy, Rational eta) {
        List<List<List<T>>> pi = map(logPolicy, f::exp);
        List<List<List<T>>> q = q(pi, values(pi));
        T e = f.of(eta);
        T keep = f.subtract(f.one(), f.multiply(e, tau));
        List<List<List<T>>> out = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            List<List<T>> agent = new ArrayList<>();
            for (int s = 0; s < g.numStates(); s++) {
                List<T> logits = new ArrayList<>();
                List<? extends T> lp = logPolicy.get(i).get(s);
                for (int a = 0; a < lp.size(); a++) {
                    logits.add(f.add(f.multiply(keep, lp.get(a)), f.multiply(e, q.get(i).get(s).get(a))));
                }
                agent.add(f.logSoftmax(logits));
            }
            out.add(agent);
        }
        return out;
    }

    /**
     * {@link #npgStep} from a policy to a policy (its logs taken and the step's exponentiated), for a policy whose
     * probabilities are within the field's range.
     */
    public List<List<List<T>>> npgStepFromPolicy(List<? extends List<? extends List<T>>> pi, Rational eta) {
        return map(npgStep(map(pi, f::log), eta), f::exp);
    }

    /** {@code op} applied to every entry of a policy [agent][state][action] (log-policies to policies and back). */
    public static <T> List<List<List<T>>> map(List<? extends List<? extends List<T>>> policy, UnaryOperator<T> op) {
        return policy.stream().map(agent -> agent.stream().map(row -> row.stream().map(op).toList()).toList())
            .toList();
    }

    /** The logit response softmax(Q_i^{π,τ}(s, ·)/τ) of every agent at every state. */
    public List<List<List<T>>> response(List<? extends List<? extends List<T>>> pi) {
        List<List<List<T>>> q = q(pi, values(pi));
        List<List<List<T>>> out = new ArrayList<>();
        for (List<List<T>> agent : q) {
            List<List<T>> rows = new ArrayList<>();
            for (List<T> row : agent) {
                rows.add(f.softmax(row.stream().map(x -> f.divide(x, tau)).toList()));
            }
            out.add(rows);
        }
        return out;
    }
}
