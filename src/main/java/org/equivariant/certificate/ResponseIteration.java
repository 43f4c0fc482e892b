package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;

/**
 * The interval response iteration of theorem UNIQ-IT (proofs/UNIQ-IT.md), in 62-bit dyadic interval arithmetic: from
 * X₀ = [0, 1]^N, X_k = X_{k−1} ∩ T(X_{k−1}), where T is the block response of a {@link StationarySystem} (its
 * temperature possibly a range) enclosed over the box for policies on the simplices. Every stationary point
 * π* = T(π*) of every temperature in the range lies in every X_k (induction: π* ∈ X_{k−1} gives π* ∈ T(X_{k−1})). The
 * solver and the checker run this same deterministic iteration; the checker for the number of steps a certificate
 * names. (A tightening of each block by the simplex constraint was tried and removed: the softmax enclosure already
 * satisfies hi(a) ≤ 1 − Σ_{b≠a} lo(b), and on Dec-Tiger it never narrowed a box.)
 */
public final class ResponseIteration {
    private ResponseIteration() {
    }

    /** The box after {@code steps} steps, its largest width. */
    public record Run(int steps, List<Interval> box, double width) {
    }

    /** Steps after which a width that fell by less than 2 % counts as stalled. */
    private static final int WARM_UP = 4;
    private static final double STALL = 0.98;
    private static final double DONE = 1e-12;

    /**
     * Runs {@code maxSteps} steps, or, when {@code untilStalled}, fewer: until the width is below 10⁻¹² or falls by
     * less than 2 % in one step. An ArithmeticException if the interval evaluation fails or the box empties (which no
     * correct enclosure can do: stationary points exist).
     */
    public static Run run(StationarySystem sys, int maxSteps, boolean untilStalled) {
        DyadicField f = DyadicField.INSTANCE;
        DyadicInterval unit = DyadicInterval.ZERO.to(DyadicInterval.ONE);
        List<DyadicInterval> x = new ArrayList<>();
        for (int k = 0; k < sys.size(); k++) {
            x.add(unit);
        }
        StationarySystem.In<DyadicInterval> response = sys.onSimplices(f);
        double width = 1;
        int step = 0;
        while (step < maxSteps) {
            List<DyadicInterval> y = response.response(x);
            List<DyadicInterval> z = new ArrayList<>(x.size());
            for (int k = 0; k < x.size(); k++) {
                z.add(meet(x.get(k), y.get(k), k));
            }
            step++;
            double w = 0;
            for (DyadicInterval v : z) {
                w = Math.max(w, v.hiDouble() - v.loDouble());
            }
            x = z;
            boolean stalled = step > WARM_UP && w > STALL * width;
            width = w;
            if (untilStalled && (stalled || w < DONE)) {
                break;
            }
        }
        return new Run(step, x.stream().map(f::toInterval).toList(), width);
    }

    private static DyadicInterval meet(DyadicInterval a, DyadicInterval b, int k) {
        DyadicInterval lo = a.compareLo(b) >= 0 ? a : b;
        DyadicInterval hi = a.compareHi(b) <= 0 ? a : b;
        if (lo.lower().compareLo(hi.upper()) > 0) {
            throw new ArithmeticException("the box emptied in coordinate " + k);
        }
        return lo.to(hi);
    }
}
