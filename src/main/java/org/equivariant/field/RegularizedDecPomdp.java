package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;

/**
 * The entropy-regularized Dec-POMDP objective under tabular softmax policies π_i(·|h) = softmax(θ_i(h)), in the two
 * forms of forkel2025 §3.3 (natural log, one temperature τ for all agents):
 * <ul>
 *   <li>{@link Form#A} (visitation-weighted): J^A = E[Σ_t γ^t (R_t + τ Σ_i H(π_i(·|h_{i,t})))], the entropy counted
 *       only while the episode runs (not at {@link DecPomdp#isTerminal terminal} states);</li>
 *   <li>{@link Form#B} (per-history sum): J^B = J + τ Σ_i Σ_{h ∈ T^i} H(π_i(·|h)), T^i all histories of
 *       lengths 0..H−1.</li>
 * </ul>
 * Gradients (§3.4): ∂J/∂θ_{i,h,a} = π(a|h)(g_a − Σ_b π(b|h) g_b) with g the free-coordinate derivative; the entropy
 * adds τ(−log π(a|h) − 1) under B and γ^t Pr_i(h) τ(−log π(a|h) − 1) under A.
 */
public final class RegularizedDecPomdp<T> {
    /** The regularizer's form. */
    public enum Form { A, B }

    private final DecPomdpEvaluator<T> eval;
    private final ExpField<T> f;
    private final T tau;
    private final Form form;

    public RegularizedDecPomdp(DecPomdp m, int horizon, Rational tau, Form form, ExpField<T> f) {
        this(new DecPomdpEvaluator<>(m, horizon, f), tau, form, f);
    }

    /** The objective over an evaluator already built (in field f). */
    public RegularizedDecPomdp(DecPomdpEvaluator<T> eval, Rational tau, Form form, ExpField<T> f) {
        if (tau.signum() < 0) {
            throw new IllegalArgumentException("temperature τ must be non-negative, got " + tau);
        }
        this.eval = eval;
        this.f = f;
        this.tau = f.of(tau);
        this.form = form;
    }

    public DecPomdpEvaluator<T> evaluator() {
        return eval;
    }

    public Form form() {
        return form;
    }

    /** softmax of every row of the logits. */
    public List<List<List<T>>> policy(List<? extends List<? extends List<T>>> theta) {
        List<List<List<T>>> out = new ArrayList<>();
        for (List<? extends List<T>> agent : theta) {
            List<List<T>> rows = new ArrayList<>();
            for (List<T> row : agent) {
                rows.add(f.softmax(new ArrayList<>(row)));
            }
            out.add(rows);
        }
        return out;
    }

    private DecPomdpEvaluator.Bonus<T> bonus(List<? extends List<? extends List<T>>> policy) {
        if (form != Form.A) {
            return null;
        }
        return (t, s, h) -> {
            if (eval.model().isTerminal(s)) {
                return f.zero();
            }
            T b = f.zero();
            for (int i = 0; i < h.length; i++) {
                b = f.add(b, f.entropy(new ArrayList<>(policy.get(i).get(eval.histories(i).offset(t) + h[i]))));
            }
            return f.multiply(tau, b);
        };
    }

    /** The regularized objective of an interior policy. */
    public T value(List<? extends List<? extends List<T>>> policy) {
        T v = eval.value(policy, bonus(policy));
        if (form == Form.B) {
            T h = f.zero();
            for (List<? extends List<T>> agent : policy) {
                for (List<T> row : agent) {
                    h = f.add(h, f.entropy(new ArrayList<>(row)));
                }
            }
            v = f.add(v, f.multiply(tau, h));
        }
        return v;
    }

    /** ∇_θ of the regularized objective at logits θ. */
    public List<List<List<T>>> gradient(List<? extends List<? extends List<T>>> theta) {
        return direction(theta, false);
    }

    /**
     * The natural policy-gradient direction F(θ)⁺∇_θJ at logits θ, for the block Fisher metric
     * F_{i,h} = μ_i(h)(diag π − ππᵀ) with μ_i(h) = 1 under form B and γ^t Pr_i(h) under form A: per block,
     * d_a = (g'_a − Σ_b π_b g'_b)/μ_i(h) with g' the free-coordinate derivative of the regularized objective, i.e.
     * d = q − τ log π up to a constant (q = g/μ the block's soft Q-values); rows of histories with μ = 0 are zero.
     * ∇J = μ π ⊙ d, so max |∇J| ≤ max |d| and the zeros of d are the stationary points (theorem FLOW-N). Forward Euler
     * with step η on dθ/dt = d is independent NPG (form A: {@link #npgStep}).
     */
    public List<List<List<T>>> naturalDirection(List<? extends List<? extends List<T>>> theta) {
        return direction(theta, true);
    }

    private List<List<List<T>>> direction(List<? extends List<? extends List<T>>> theta, boolean natural) {
        List<List<List<T>>> pi = policy(theta);
        DecPomdpEvaluator.Derivatives<T> d = eval.derivatives(pi, bonus(pi));
        T gamma = f.of(eval.model().discount());
        List<List<List<T>>> out = new ArrayList<>();
        for (int i = 0; i < pi.size(); i++) {
            List<List<T>> gi = new ArrayList<>();
            for (int h = 0; h < pi.get(i).size(); h++) {
                List<T> p = pi.get(i).get(h);
                List<T> g = new ArrayList<>(d.g().get(i).get(h));
                T mu = form == Form.B ? f.one() : visitation(d, gamma, i, h);
                T weight = f.multiply(tau, mu);
                for (int a = 0; a < g.size(); a++) {
                    T dh = f.negate(f.add(f.log(p.get(a)), f.one()));
                    g.set(a, f.add(g.get(a), f.multiply(weight, dh)));
                }
                T mean = f.dot(p, g);
                boolean reached = f.estimate(mu) > 0;
                List<T> row = new ArrayList<>();
                for (int a = 0; a < g.size(); a++) {
                    T centred = f.subtract(g.get(a), mean);
                    row.add(!natural ? f.multiply(p.get(a), centred) : reached ? f.divide(centred, mu) : f.zero());
                }
                gi.add(row);
            }
            out.add(gi);
        }
        return out;
    }

    /** γ^t Pr_i(h): the discounted probability that agent i's history h is live (form A's entropy weight over τ). */
    private T visitation(DecPomdpEvaluator.Derivatives<T> d, T gamma, int i, int h) {
        return f.multiply(discount(gamma, eval.histories(i).time(h)), d.reach().get(i).get(h));
    }

    private T discount(T gamma, int t) {
        T d = f.one();
        for (int k = 0; k < t; k++) {
            d = f.multiply(d, gamma);
        }
        return d;
    }

    /**
     * One independent NPG step on log-policies under form A (soft policy iteration for η = 1/τ):
     * log π_i(·|h) ← (1 − ητ) log π_i(·|h) + η q_i(h,·) − log Z, with q_i(h,a) = Q^τ_i(h,a), the expected soft return
     * from h after action a, i.e. the free-coordinate derivative divided by γ^t Pr_i(h). Unreached histories keep
     * their policy. Its fixed points are the stationary points of J^A (π ∝ exp(Q/τ)).
     */
    public List<List<List<T>>> npgStep(List<? extends List<? extends List<T>>> logPolicy, Rational eta) {
        if (form != Form.A) {
            throw new UnsupportedOperationException("independent NPG is defined here for form A (soft Q-values)");
        }
        List<List<List<T>>> pi = new ArrayList<>();
        for (List<? extends List<T>> agent : logPolicy) {
            List<List<T>> rows = new ArrayList<>();
            for (List<T> row : agent) {
                rows.add(row.stream().map(f::exp).toList());
            }
            pi.add(rows);
        }
        DecPomdpEvaluator.Derivatives<T> d = eval.derivatives(pi, bonus(pi));
        T gamma = f.of(eval.model().discount());
        T e = f.of(eta);
        T keep = f.subtract(f.one(), f.multiply(e, tau));
        List<List<List<T>>> out = new ArrayList<>();
        for (int i = 0; i < pi.size(); i++) {
            List<List<T>> gi = new ArrayList<>();
            for (int h = 0; h < pi.get(i).size(); h++) {
                List<T> lp = new ArrayList<>(logPolicy.get(i).get(h));
                T w = visitation(d, gamma, i, h);
                if (f.estimate(w) <= 0) {
                    gi.add(lp);
                    continue;
                }
                List<T> logits = new ArrayList<>();
                for (int a = 0; a < lp.size(); a++) {
                    T q = f.divide(d.g().get(i).get(h).get(a), w);
                    logits.add(f.add(f.multiply(keep, lp.get(a)), f.multiply(e, q)));
                }
                gi.add(f.logSoftmax(logits));
            }
            out.add(gi);
        }
        return out;
    }
}
