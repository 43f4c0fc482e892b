package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.DualField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.certificate.Boxes;
import org.equivariant.certificate.Krawczyk;
import org.equivariant.certificate.SmoothSystem;

/**
 * Turns an approximate zero of a {@link SmoothSystem} — a converged flow's limit (Dec-POMDP stationary points,
 * theorem STAT-K), an NPG limit (Markov QREs, MQRE-K) — into a certified one: Newton's method in double, then a box
 * around the refined point, inflated (Rump's ε-inflation) until {@link Krawczyk#test} — the checker's own test —
 * proves it holds exactly one zero, or a stated reason why not.
 */
public final class BoxCertifier {
    private static final MathContext DOWN = new MathContext(20, RoundingMode.FLOOR);
    private static final MathContext UP = new MathContext(20, RoundingMode.CEILING);

    private static final String DIVERGED = "the Krawczyk image did not contract into the box";

    private BoxCertifier() {
    }

    /** A certified box and its test, or (box null) why the point was not certified. */
    public record Outcome(List<Interval> box, Krawczyk.Test test, String reason) {
        public boolean certified() {
            return box != null;
        }
    }

    /** Certifies the zero near {@code guess}. */
    public static Outcome certify(SmoothSystem sys, double[] guess) {
        int n = sys.size();
        if (guess.length != n) {
            throw new IllegalArgumentException("a guess of " + guess.length + " entries, the system has " + n);
        }
        DualField<Double> dual = new DualField<>(DoubleField.INSTANCE);
        List<Double> x = new ArrayList<>();
        for (double p : guess) {
            x.add(p);
        }
        double step = Double.POSITIVE_INFINITY;
        for (int k = 0; k < 12 && step > 1e-15; k++) {
            List<Double> f = sys.residual(DoubleField.INSTANCE, x);
            List<Double> dx;
            try {
                dx = LinearAlgebra.solve(DoubleField.INSTANCE, Krawczyk.jacobian(sys, dual, x), f);
            } catch (ArithmeticException singular) {
                return new Outcome(null, null, "the Jacobian of the system is singular here (a degenerate or "
                    + "non-isolated point)");
            }
            step = 0;
            List<Double> next = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                double v = x.get(j) - dx.get(j);
                if (!Double.isFinite(v)) {
                    return new Outcome(null, null, "Newton's method diverged from the approximate point");
                }
                step = Math.max(step, Math.abs(dx.get(j)));
                next.add(v);
            }
            x = next;
        }
        // settled: the last step below 10⁻⁹ relative to the point's size (a Markov QRE's values, about τ·log m, reach
        // 10⁶ at τ = 10⁶, where the doubles' own noise is above 10⁻⁹)
        double scale = 1;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (step > 1e-9 * scale) {
            return new Outcome(null, null, String.format("Newton's method did not settle near the approximate point "
                + "(last step %.1e): it is not close enough to a regular zero", step));
        }
        // relative radii from 1000 Newton steps (at least 10⁻¹²) down by 100 at a time to 10⁻¹⁸: an ill-conditioned zero
        // (a mixed Markov QRE at τ = 10⁻⁴, where J ~ 1/τ) needs a box small enough that J varies little over it, below
        // the doubles' resolution (the test's F(c) is exact enough, Krawczyk#test), and the inflation only widens a box
        Outcome out = null;
        for (double radius = Math.max(1e-12, 1e3 * step); out == null || !out.certified()
            && radius >= 1e-18; radius /= 100) {
            out = inflated(sys, x, radius);
        }
        return out;
    }

    /**
     * A certified outcome tightened until {@code enough} holds: X ← shape(K(X)) while the Krawczyk test holds there
     * and the widest side at least halves (at most four rounds; {@code shape} keeps a box invariant under a group, or
     * is the identity). Each box holds the zero, which lies in K(X). A chain's tube, whose deviation can be as thin as
     * its roundings, must hold the QRE's enclosure (MQRE-CHAIN's link), and K of a box 10⁻¹¹ wide can be wider than
     * that where J varies like 1/τ; a box no tighter than needed is the easier for others to fall into (a normal-form
     * QRE's enclosure into its one-state reading's box, MQRE-CHAIN (6)).
     */
    public static Outcome tightened(SmoothSystem sys, Outcome o, UnaryOperator<List<Interval>> shape,
                                   Predicate<Outcome> enough) {
        Outcome best = o;
        for (int round = 0; round < 4 && best.certified() && !enough.test(best); round++) {
            List<Interval> box = shape.apply(best.test().image());
            Krawczyk.Test t;
            try {
                t = Krawczyk.test(sys, box);
            } catch (ArithmeticException e) {
                break;
            }
            if (!t.holds() || Boxes.maxWidth(box).compareTo(Boxes.maxWidth(best.box()).divide(BigDecimal.valueOf(2)))
                > 0) {
                break;
            }
            best = new Outcome(box, t, null);
        }
        return best;
    }

    /**
     * The box of relative radius {@code radius} about x, inflated until the test holds: at most six times, and not
     * past a test whose image is wider than its box and no narrower, relative to it, than the one before (diverging).
     */
    private static Outcome inflated(SmoothSystem sys, List<Double> x, double radius) {
        int n = x.size();
        List<Interval> box = new ArrayList<>(n);
        for (double v : x) {
            BigDecimal r = new BigDecimal(radius * (1 + Math.abs(v)));
            box.add(new Interval(new BigDecimal(v).subtract(r).round(DOWN), new BigDecimal(v).add(r).round(UP)));
        }
        double previous = Double.POSITIVE_INFINITY;
        for (int attempt = 0; attempt < 6; attempt++) {
            Krawczyk.Test t;
            try {
                t = Krawczyk.test(sys, box);
            } catch (ArithmeticException e) {
                // on an inflated box: the inflation diverged
                return new Outcome(null, null, attempt == 0 ? "the interval evaluation failed (" + e.getMessage()
                    + ")" : DIVERGED);
            }
            if (t.holds()) {
                return new Outcome(box, t, null);
            }
            double ratio = 0;
            for (int k = 0; k < n; k++) {
                ratio = Math.max(ratio, t.image().get(k).width().doubleValue() / Math.max(box.get(k).width()
                    .doubleValue(), Double.MIN_VALUE));
            }
            if (ratio >= 1 && ratio >= previous) {
                return new Outcome(null, null, DIVERGED);
            }
            previous = ratio;
            List<Interval> next = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                Interval h = box.get(k).hull(t.image().get(k));
                BigDecimal grow = h.width().multiply(BigDecimal.valueOf(0.1)).add(new BigDecimal("1e-30"));
                next.add(new Interval(h.lo().subtract(grow).round(DOWN), h.hi().add(grow).round(UP)));
            }
            box = next;
        }
        return new Outcome(null, null, DIVERGED);
    }
}
