package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.equivariant.game.PayoffEvaluator;

/**
 * The entropy-regularized normal-form game at temperature τ &gt; 0 (sun2024 §2.2):
 * J_i^τ(π) = ⟨π_i, u_i(π_{−i})⟩ + τ H(π_i), H(p) = −Σ_a p_a log p_a (natural log). Its logit best response is
 * softmax(u_i(π_{−i})/τ) and its fixed points are the logit QREs with λ = 1/τ.
 */
public final class RegularizedObjective<T> {
    private final PayoffEvaluator<T> payoffs;
    private final ExpField<T> f;
    private final T tau;

    public RegularizedObjective(NormalFormGame game, Rational tau, ExpField<T> f) {
        if (tau.signum() <= 0) {
            throw new IllegalArgumentException("temperature τ must be positive, got " + tau);
        }
        this.payoffs = game.in(f);
        this.f = f;
        this.tau = f.of(tau);
    }

    public PayoffEvaluator<T> payoffs() {
        return payoffs;
    }

    /** J_i^τ(π) = ⟨π_i, u_i(π_{−i})⟩ + τ H(π_i). */
    public T value(int i, List<? extends List<T>> profile) {
        return f.add(payoffs.expectedPayoff(i, profile), f.multiply(tau, f.entropy(profile.get(i))));
    }

    /** The logit best response of every player: (softmax(u_i(π_{−i})/τ))_i. */
    public List<List<T>> logitResponse(List<? extends List<T>> profile) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < profile.size(); i++) {
            List<T> logits = new ArrayList<>();
            for (T u : payoffs.payoffVector(i, profile)) {
                logits.add(f.divide(u, tau));
            }
            out.add(f.softmax(logits));
        }
        return out;
    }

    /**
     * One simultaneous independent NPG step on log-policies (sun2024 §3.1):
     * log π_i ← (1 − ητ) log π_i + η u_i(π_{−i}) − log Z_i, with Z_i normalizing each π_i.
     */
    public List<List<T>> npgStep(List<? extends List<T>> logPolicy, Rational eta) {
        T e = f.of(eta);
        T keep = f.subtract(f.one(), f.multiply(e, tau));
        List<List<T>> profile = new ArrayList<>();
        for (List<T> lp : logPolicy) {
            List<T> p = new ArrayList<>();
            for (T x : lp) {
                p.add(f.exp(x));
            }
            profile.add(p);
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < logPolicy.size(); i++) {
            List<T> u = payoffs.payoffVector(i, profile);
            List<T> logits = new ArrayList<>();
            for (int a = 0; a < u.size(); a++) {
                logits.add(f.add(f.multiply(keep, logPolicy.get(i).get(a)), f.multiply(e, u.get(a))));
            }
            out.add(f.logSoftmax(logits));
        }
        return out;
    }
}
