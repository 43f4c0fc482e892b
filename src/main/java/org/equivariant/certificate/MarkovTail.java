package org.equivariant.certificate;

import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;

/**
 * A claim of theorem MQRE-TAIL (proofs/MQRE-TAIL.md): past a Markov chain's end, for every β ≥ β₀ the principal
 * branch stays in the box X about {@code center} ((π, V) in {@link MarkovQreSystem} coordinates: each policy coordinate
 * within {@code radius}, each value within {@code valueRadius}; every
 * policy coordinate above r) and tends, as β → ∞, to a Markov perfect equilibrium in X at which every action is a best
 * response at every state. The proof is a Krawczyk test of {@link MarkovQreSystem#tailSystem} over X × [0, 1/β₀]: one
 * zero x(t) in X for each t, continuous in t, the Markov QRE at τ = t for t &gt; 0; a chain's end in X at β_e ≥ β₀ puts
 * that curve on the principal branch, and with it the QRE of a certified box inside X at β = 1/τ ≥ β_e. After a chain
 * in the subspace a set of symmetries fixes (MQRE-CHAIN (5)) the centre is fixed by them and the test is of the system
 * restricted to that subspace (MQRE-TAIL (3)).
 */
public record MarkovTail(List<Rational> center, Rational radius, Rational valueRadius, Rational beta0) {
    private static final MathContext SHORT = new MathContext(8, RoundingMode.HALF_EVEN);

    public MarkovTail {
        center = List.copyOf(center);
    }

    /** The theorem's ID, as the certificate names it. */
    public static final String THEOREM = "MQRE-TAIL";

    /** For reports: where the branch stays past the chain's end. */
    public String whence() {
        return "within " + shortly(radius) + " (values " + shortly(valueRadius) + ") of the tail's centre, whence "
            + "the branch stays that close for every beta >= "
            + beta0.toBigDecimal(SHORT).stripTrailingZeros().toPlainString()
            + " and tends to a Markov perfect equilibrium there in which every action is a best response (MQRE-TAIL)";
    }

    /**
     * Null if the claim holds for a chain whose last piece ends in {@code end} (the chain's coordinates (π, W, β),
     * W = V/τ = βV; one per orbit of {@code fixed} where not null), the target β = 1/τ of {@code sys} and the verified
     * enclosure {@code qre} ((π, V)) of a Markov QRE at τ — which it then puts on the principal branch; else the
     * problem.
     */
    public String problem(MarkovQreSystem sys, List<Interval> end, List<Interval> qre, FixedSubspace fixed) {
        String problem = problem(sys, end, fixed);
        if (problem != null) {
            return problem;
        }
        Interval at = end.get(end.size() - 1);
        if (Rational.of(at.hi()).compareTo(sys.tau().reciprocal()) > 0) {
            return "the chain's end, at beta in " + at + ", is past beta = 1/tau";
        }
        return contains(sys, qre) ? null : "the QRE's enclosure does not lie in the tail's box";
    }

    /**
     * Null if the claim holds for a chain (in the subspace {@code fixed}, where not null) whose last piece ends in
     * {@code end}, for every β ≥ β₀; else the problem.
     */
    public String problem(MarkovQreSystem sys, List<Interval> end, FixedSubspace fixed) {
        String shape = shape(sys);
        if (shape != null) {
            return shape;
        }
        if (fixed != null) {
            for (int k = 0; k < center.size(); k++) {
                if (!center.get(k).equals(center.get(fixed.representative(fixed.orbitOf(k))))) {
                    return "the centre is not fixed by the symmetries (coordinate " + (k + 1) + ")";
                }
            }
        }
        DyadicField f = DyadicField.INSTANCE;
        Interval at = end.get(end.size() - 1);
        if (Rational.of(at.lo()).compareTo(beta0) < 0) {
            return "the chain's end, at beta in " + at + ", is not beyond beta0 = " + beta0;
        }
        // the end's values V = W/β
        List<Interval> point = new ArrayList<>(fixed == null ? end.subList(0, sys.size())
            : fixed.expand(end.subList(0, fixed.dimension())));
        DyadicInterval beta = f.of(at);
        for (int k = sys.policySize(); k < point.size(); k++) {
            point.set(k, f.toInterval(f.of(point.get(k)).divide(beta)));
        }
        if (!contains(sys, point)) {
            return "the chain's end does not lie in the tail's box";
        }
        try {
            return krawczyk(sys, fixed);
        } catch (ArithmeticException e) {
            return "the interval computation failed (" + e.getMessage() + ")";
        }
    }

    /** Whether every point of the box (in (π, V) coordinates of {@code sys}) lies in X. */
    public boolean contains(MarkovQreSystem sys, List<Interval> box) {
        for (int k = 0; k < center.size(); k++) {
            Rational r = k < sys.policySize() ? radius : valueRadius;
            if (Rational.of(box.get(k).lo()).compareTo(center.get(k).subtract(r)) < 0
                || Rational.of(box.get(k).hi()).compareTo(center.get(k).add(r)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** X's sides: each coordinate's interval in 62-bit dyadic intervals (outward). */
    private List<DyadicInterval> box(MarkovQreSystem sys) {
        DyadicField f = DyadicField.INSTANCE;
        List<DyadicInterval> x = new ArrayList<>();
        for (int k = 0; k < center.size(); k++) {
            Rational r = k < sys.policySize() ? radius : valueRadius;
            x.add(f.of(center.get(k).subtract(r)).to(f.of(center.get(k).add(r))));
        }
        return x;
    }

    private static String shortly(Rational r) {
        return r.toBigDecimal(SHORT).stripTrailingZeros().toString();
    }

    private String shape(MarkovQreSystem sys) {
        if (center.size() != sys.size()) {
            return "the tail's centre has " + center.size() + " coordinates, the system " + sys.size();
        }
        if (radius.signum() <= 0 || valueRadius.signum() <= 0 || beta0.signum() <= 0) {
            return "the radii and beta0 must be positive";
        }
        for (int k = 0; k < sys.policySize(); k++) {
            if (center.get(k).compareTo(radius) <= 0) {
                return "policy coordinate " + (k + 1) + " of the centre comes within the radius of 0";
            }
        }
        return null;
    }

    /**
     * Null if K = c − R·H(c, T) + (I − R·∂ₓH(X′, T))(X′ − c) lies in the interior of X′, the 62-bit outward enclosure
     * of X, for T = [0, 1/β₀] (every t at once); R the double inverse of ∂ₓH at the centre and t = 1/(2β₀), any R being
     * sound. With {@code fixed}, H and X′ restricted to its subspace (one coordinate per orbit). Else the problem.
     */
    private String krawczyk(MarkovQreSystem sys, FixedSubspace fixed) {
        DyadicField f = DyadicField.INSTANCE;
        ParametricSystem h = fixed == null ? sys.tailSystem() : fixed.restrict(sys.tailSystem());
        int n = h.unknowns();
        List<DyadicInterval> x = fixed == null ? box(sys) : fixed.reduce(box(sys));
        DyadicInterval t = f.of(Rational.ZERO).to(f.of(beta0.reciprocal()));
        List<DyadicInterval> c = x.stream().map(DyadicInterval::midpoint).toList();
        List<DyadicInterval> g = h.residual(f, with(c, t));
        List<List<DyadicInterval>> jac = h.jacobian(f, with(x, t)).stream().map(r -> r.subList(0, n)).toList();
        List<Double> cd = new ArrayList<>(c.stream().map(DyadicInterval::estimate).toList());
        cd.add(beta0.reciprocal().doubleValue() / 2);
        List<List<DyadicInterval>> r = Krawczyk.preconditioner(h.jacobian(DoubleField.INSTANCE, cd).stream()
            .map(row -> row.subList(0, n)).toList());
        if (r == null) {
            return "the system's Jacobian at the box's centre is singular in double precision";
        }
        List<Interval> image = EnumerationChecker.krawczyk(f, x, c, g, jac, r).stream().map(f::toInterval).toList();
        return Boxes.interior(image, x.stream().map(f::toInterval).toList()) ? null
            : "the Krawczyk test over the box and beta >= beta0 failed (K is not inside the interior of the box)";
    }

    private static <T> List<T> with(List<T> x, T t) {
        List<T> z = new ArrayList<>(x);
        z.add(t);
        return z;
    }
}
