package org.equivariant.theory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;

/**
 * The probability floor of FLOW-1 (proofs/FLOW-1.md, Lemma 1): along the softmax policy-gradient flow of an
 * entropy-regularized objective at temperature τ &gt; 0, a block with m actions, logits θ(0) summing to S and payoff
 * derivatives spread by at most g (|∂J/∂π(a) − ∂J/∂π(b)| ≤ g) keeps, for all t ≥ 0,
 * θ_a(t) ≥ L_a = min(θ_a(0), S/m − g/τ − log m) and θ_b(t) ≤ U_b = S − Σ_{a≠b} L_a, hence
 * π_a(t) ≥ exp(L_a − max_b U_b − log m). Evaluated in outward-rounded intervals; the lower end is returned.
 */
public final class FlowFloor {
    private FlowFloor() {
    }

    /** A rigorous lower bound on min_a π_a(t) over all t ≥ 0. */
    public static BigDecimal of(List<Rational> theta0, Rational spread, Rational tau, int digits) {
        if (tau.signum() <= 0) {
            throw new IllegalArgumentException("the floor needs τ > 0, got " + tau);
        }
        IntervalField f = new IntervalField(digits);
        int m = theta0.size();
        Rational sum = Rational.ZERO;
        for (Rational x : theta0) {
            sum = sum.add(x);
        }
        Interval logM = f.log(f.of(Rational.of(m)));
        Interval cap = f.subtract(f.of(sum.divide(Rational.of(m)).subtract(spread.divide(tau))), logM);
        List<Interval> lower = new ArrayList<>();
        for (Rational x : theta0) {
            Interval t = f.of(x);
            lower.add(new Interval(t.lo().min(cap.lo()), t.hi().min(cap.hi())));
        }
        Interval maxUpper = null;
        for (int b = 0; b < m; b++) {
            Interval u = f.of(sum);
            for (int a = 0; a < m; a++) {
                if (a != b) {
                    u = f.subtract(u, lower.get(a));
                }
            }
            maxUpper = maxUpper == null ? u : new Interval(maxUpper.lo().max(u.lo()), maxUpper.hi().max(u.hi()));
        }
        BigDecimal floor = null;
        for (Interval l : lower) {
            BigDecimal p = f.exp(f.subtract(f.subtract(l, maxUpper), logM)).lo();
            floor = floor == null ? p : floor.min(p);
        }
        return floor;
    }
}
