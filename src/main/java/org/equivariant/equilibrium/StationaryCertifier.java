package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.DualField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.certificate.StationaryChecker;
import org.equivariant.certificate.StationarySystem;

/**
 * Turns an approximate stationary point of a regularized Dec-POMDP (a converged flow's limit) into a certified one
 * (theorem STAT-K): Newton's method on F(π) = π − T(π) in double, then a box around the refined point, inflated
 * (Rump's ε-inflation) until {@link StationaryChecker#test} — the checker's own test — proves it holds exactly one
 * zero, or a stated reason why not.
 */
public final class StationaryCertifier {
    private static final MathContext DOWN = new MathContext(20, RoundingMode.FLOOR);
    private static final MathContext UP = new MathContext(20, RoundingMode.CEILING);

    private StationaryCertifier() {
    }

    /** A certified box and its test, or (box null) why the point was not certified. */
    public record Outcome(List<Interval> box, StationaryChecker.Test test, String reason) {
        public boolean certified() {
            return box != null;
        }
    }

    /** Certifies the stationary point near {@code policy} (flat, {@link StationarySystem} order). */
    public static Outcome certify(StationarySystem sys, double[] policy) {
        int n = sys.size();
        if (policy.length != n) {
            throw new IllegalArgumentException("a policy of " + policy.length + " entries, the system has " + n);
        }
        StationarySystem.In<Double> in = sys.in(DoubleField.INSTANCE);
        DualField<Double> dual = new DualField<>(DoubleField.INSTANCE);
        List<Double> x = new ArrayList<>();
        for (double p : policy) {
            x.add(p);
        }
        double step = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 12 && step > 1e-15; k++) {
            List<Double> f = in.residual(x);
            List<Double> dx;
            try {
                dx = LinearAlgebra.solve(DoubleField.INSTANCE, StationaryChecker.jacobian(sys, dual, x), f);
            } catch (ArithmeticException singular) {
                return new Outcome(null, null, "the Jacobian of the stationarity system is singular here "
                    + "(a degenerate or non-isolated point)");
            }
            step = 0;
            List<Double> next = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                double v = x.get(j) - dx.get(j);
                if (!Double.isFinite(v)) {
                    return new Outcome(null, null, "Newton's method diverged from the flow's limit");
                }
                step = Math.max(step, Math.abs(dx.get(j)));
                next.add(v);
            }
            x = next;
        }
        if (step > 1e-9) {
            return new Outcome(null, null, String.format("Newton's method did not settle near the flow's limit (last "
                + "step %.1e): the limit is not close enough to a regular stationary point", step));
        }
        for (double v : x) {
            if (v <= 0 || v >= 1) {
                return new Outcome(null, null, "Newton's method left the interior of the policy simplices");
            }
        }
        double radius = Math.max(1e-12, 1e3 * step);
        List<Interval> box = new ArrayList<>(n);
        for (double v : x) {
            box.add(new Interval(new BigDecimal(v - radius * (1 + Math.abs(v))).round(DOWN),
                new BigDecimal(v + radius * (1 + Math.abs(v))).round(UP)));
        }
        String last = "the Krawczyk image did not contract into the box";
        for (int attempt = 0; attempt < 6; attempt++) {
            StationaryChecker.Test t;
            try {
                t = StationaryChecker.test(sys, box);
            } catch (ArithmeticException e) {
                return new Outcome(null, null, "the interval evaluation failed (" + e.getMessage() + ")");
            }
            if (t.holds()) {
                return new Outcome(box, t, null);
            }
            List<Interval> next = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                Interval h = box.get(k).hull(t.image().get(k));
                BigDecimal grow = h.width().multiply(BigDecimal.valueOf(0.1)).add(new BigDecimal("1e-30"));
                next.add(new Interval(h.lo().subtract(grow).round(DOWN), h.hi().add(grow).round(UP)));
            }
            box = next;
        }
        return new Outcome(null, null, last);
    }
}
