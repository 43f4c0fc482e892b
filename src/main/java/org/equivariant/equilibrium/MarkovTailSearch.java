package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.MarkovTail;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.ParametricSystem;

/**
 * Proposes MQRE-TAIL claims ({@link MarkovTail}) past the end of a Markov chain that stopped: the limit x(0) by
 * Newton's method on {@link MarkovQreSystem#tailSystem} at t = 0 from the chain's end, β₀ the end's least β to six
 * digits (rounded down), the radius twice the larger of the end's distance from x(0) and Newton's first step at
 * t = 1/β₀, to one digit (rounded up), then four and sixteen times that; each tested by the claim's own check. It never
 * decides: the checker replays the claim.
 */
final class MarkovTailSearch {
    private MarkovTailSearch() {
    }

    /** A claim that holds for the chain ending with {@code last}, or null. */
    static MarkovTail propose(MarkovQreSystem sys, BranchPiece last, int digits) {
        List<Interval> end = BranchChecker.end(last, digits);
        int n = sys.size();
        Interval beta = end.get(n);
        double b = beta.mid().doubleValue();
        double[] e = new double[n];
        for (int k = 0; k < n; k++) {
            double v = end.get(k).mid().doubleValue();
            e[k] = k < sys.policySize() ? v : v / b;
        }
        ParametricSystem h = sys.tailSystem();
        double[] limit = newton(h, e, 0);
        if (limit == null) {
            return null;
        }
        Rational beta0 = Rational.of(beta.lo().round(new MathContext(6, RoundingMode.FLOOR)));
        if (beta0.signum() <= 0) {
            return null;
        }
        double[] step = step(h, limit, beta0.reciprocal().doubleValue());
        if (step == null) {
            return null;
        }
        double size = 0;
        for (int k = 0; k < n; k++) {
            size = Math.max(size, Math.max(Math.abs(e[k] - limit[k]), Math.abs(step[k])));
        }
        if (!(size > 0) || !Double.isFinite(size)) {
            return null;
        }
        List<Rational> center = new ArrayList<>();
        for (double v : limit) {
            center.add(Rational.of(new BigDecimal(v)));
        }
        Rational radius = Rational.of(new BigDecimal(2 * size).round(new MathContext(1, RoundingMode.CEILING)));
        for (int attempt = 0; attempt < 3; attempt++, radius = radius.multiply(Rational.of(4))) {
            MarkovTail claim = new MarkovTail(center, radius, beta0);
            if (claim.problem(sys, end) == null) {
                return claim;
            }
        }
        return null;
    }

    /**
     * The zero of H(·, t) that Newton's method reaches from x in at most 50 steps, or null (also where a step leaves
     * the positive policies, on which H is defined): the approximate QRE at τ = t inside a tail's box, or (t = 0) the
     * limit.
     */
    static double[] newton(ParametricSystem h, double[] x, double t) {
        double[] y = x.clone();
        for (int it = 0; it < 50; it++) {
            double[] s = step(h, y, t);
            if (s == null) {
                return null;
            }
            double move = 0;
            double scale = 1;
            for (int k = 0; k < y.length; k++) {
                y[k] -= s[k];
                move = Math.max(move, Math.abs(s[k]));
                scale = Math.max(scale, Math.abs(y[k]));
            }
            if (move <= 1e-14 * scale) {
                return y;
            }
        }
        return null;
    }

    /** J⁻¹H(x, t) with J = ∂ₓH(x, t), in double; null where H is not defined at x or J is singular. */
    private static double[] step(ParametricSystem h, double[] x, double t) {
        int n = x.length;
        List<Double> z = new ArrayList<>(n + 1);
        for (double v : x) {
            z.add(v);
        }
        z.add(t);
        List<Double> r = h.residual(DoubleField.INSTANCE, z);
        List<List<Double>> j = h.jacobian(DoubleField.INSTANCE, z).stream().map(row -> row.subList(0, n)).toList();
        List<Double> s;
        try {
            s = LinearAlgebra.solve(DoubleField.INSTANCE, j, r);
        } catch (ArithmeticException singular) {
            return null;
        }
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = s.get(k);
            if (!Double.isFinite(out[k])) {
                return null;
            }
        }
        return out;
    }
}
