package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.MarkovTail;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.ParametricSystem;

/**
 * Proposes MQRE-TAIL claims ({@link MarkovTail}) past the end of a Markov chain that stopped: the limit x(0) by
 * Newton's method on {@link MarkovQreSystem#tailSystem(Set)} at t = 0 from the chain's end, β₀ the end's least β to six
 * digits (rounded down), the policies' and the values' radii each twice the larger of the end box's farthest distance
 * from x(0) and Newton's first step at t = 1/β₀ in those coordinates, to one digit (rounded up), then four and sixteen
 * times that; each tested by the claim's own check. The policy coordinates below {@link #OFF} at the end are taken as
 * off the limit's support (MQRE-TAIL (4)), their rows π − e^{(Q − V)/t}. After a chain in a fixed subspace all of it
 * runs on the restricted system, in one coordinate per orbit. It never decides: the checker replays the claim.
 */
final class MarkovTailSearch {
    private MarkovTailSearch() {
    }

    /**
     * A probability at the chain's end below which its action is taken as off the limit's support: e^{−13.8}, where the
     * theorem's β₀γ ≥ 1 asks only e^{−1}; a limit's own probabilities are rarely that small.
     */
    static final double OFF = 1e-6;

    /** The policy coordinates k whose {@code probability} is below {@link #OFF}, in increasing order. */
    static java.util.SortedSet<Integer> offSupport(MarkovQreSystem sys, java.util.function.IntToDoubleFunction
        probability) {
        java.util.SortedSet<Integer> off = new java.util.TreeSet<>();
        for (int k = 0; k < sys.policySize(); k++) {
            if (probability.applyAsDouble(k) < OFF) {
                off.add(k);
            }
        }
        return off;
    }

    /**
     * A claim that holds for the chain ending with {@code last} (in the subspace {@code fixed} if not null), or null.
     */
    static MarkovTail propose(MarkovQreSystem sys, BranchPiece last, int digits, FixedSubspace fixed) {
        List<Interval> end = BranchChecker.end(last, digits);
        int n = sys.size();
        Interval beta = end.get(end.size() - 1);
        List<Interval> full = fixed == null ? end.subList(0, n) : fixed.expand(end.subList(0, fixed.dimension()));
        double b = beta.mid().doubleValue();
        List<Double> point = new ArrayList<>();
        List<Double> spread = new ArrayList<>(); // the end box's half-widths, in (π, V)
        for (int k = 0; k < n; k++) {
            double v = full.get(k).mid().doubleValue();
            double w = full.get(k).width().doubleValue() / 2;
            point.add(k < sys.policySize() ? v : v / b);
            spread.add(k < sys.policySize() ? w : w / b);
        }
        List<Integer> off = List.copyOf(offSupport(sys, point::get));
        ParametricSystem h = system(sys, Set.copyOf(off), fixed);
        double[] e = reduced(point, fixed);
        double[] half = reduced(spread, fixed);
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
        double[] size = {1e-12, 1e-12}; // the policies', the values' (floors: a drift can be exactly 0 by symmetry)
        for (int k = 0; k < e.length; k++) {
            int kind = (fixed == null ? k : fixed.representative(k)) < sys.policySize() ? 0 : 1;
            size[kind] = Math.max(size[kind], Math.max(Math.abs(e[k] - limit[k]) + half[k], Math.abs(step[k])));
        }
        if (!Double.isFinite(size[0] + size[1])) {
            return null;
        }
        List<Rational> reduced = new ArrayList<>();
        for (double v : limit) {
            reduced.add(Rational.of(new BigDecimal(v)));
        }
        List<Rational> center = fixed == null ? reduced : fixed.expand(reduced);
        for (int attempt = 0, scale = 2; attempt < 3; attempt++, scale *= 4) {
            MarkovTail claim = new MarkovTail(center, oneDigit(scale * size[0]), oneDigit(scale * size[1]), beta0,
                off);
            if (claim.problem(sys, end, fixed) == null) {
                return claim;
            }
        }
        return null;
    }

    /** x > 0 to one significant digit, rounded up. */
    private static Rational oneDigit(double x) {
        return Rational.of(new BigDecimal(x).round(new MathContext(1, RoundingMode.CEILING)));
    }

    /**
     * The approximate Markov QRE at τ in the claim's box, in the full coordinates: Newton's zero of the tail's system
     * (restricted to {@code fixed} if not null) at t = τ from the claim's centre; null where Newton fails.
     */
    static double[] qre(MarkovQreSystem sys, MarkovTail claim, FixedSubspace fixed) {
        double[] x = newton(system(sys, Set.copyOf(claim.offSupport()), fixed), reduced(claim.center().stream()
            .map(Rational::doubleValue).toList(), fixed), sys.tau().doubleValue());
        return x == null || fixed == null ? x : fixed.expand(java.util.Arrays.stream(x).boxed().toList()).stream()
            .mapToDouble(Double::doubleValue).toArray();
    }

    /** A full point's coordinates, one per orbit of {@code fixed} if not null. */
    private static double[] reduced(List<Double> full, FixedSubspace fixed) {
        return (fixed == null ? full : fixed.reduce(full)).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The tail's system with {@code off} off the support, restricted to the subspace {@code fixed} if not null. */
    private static ParametricSystem system(MarkovQreSystem sys, Set<Integer> off, FixedSubspace fixed) {
        return fixed == null ? sys.tailSystem(off) : fixed.restrict(sys.tailSystem(off));
    }

    /**
     * The zero of H(·, t) that Newton's method reaches from x in at most 50 steps, or null (also where a step leaves
     * the positive policies, on which H is defined): the approximate QRE at τ = t inside a tail's box, or (t = 0) the
     * limit.
     */
    private static double[] newton(ParametricSystem h, double[] x, double t) {
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
