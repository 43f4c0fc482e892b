package org.equivariant.certificate;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * within {@code radius}, each value within {@code valueRadius}; every policy coordinate not in {@code offSupport}
 * above r) and tends, as β → ∞, to a Markov perfect equilibrium in X at which every action is a best response at every
 * state — except the actions at the policy coordinates {@code offSupport}, which it never plays and which earn at least
 * γ less throughout X (MQRE-TAIL (4)). The proof is a Krawczyk test of
 * {@link MarkovQreSystem#tailSystem(java.util.Set)} over X × [0, 1/β₀] (its off-support rows enclosed by MQRE-TAIL
 * (4)'s Lemma 2 with β₀γ ≥ 1): one zero x(t) in X for each t, continuous in t, the Markov QRE at τ = t for t &gt; 0;
 * a chain's end in X at β_e ≥ β₀ puts that curve on the principal branch, and with it the QRE of a certified box
 * inside X at β = 1/τ ≥ β_e. After a chain in the subspace a
 * set of symmetries fixes (MQRE-CHAIN (5)) the centre and the off-support coordinates are fixed by them and the test is
 * of the system restricted to that subspace (MQRE-TAIL (3)).
 */
public record MarkovTail(List<Rational> center, Rational radius, Rational valueRadius, Rational beta0,
                         List<Integer> offSupport) implements ChainTail {
    private static final MathContext SHORT = new MathContext(8, RoundingMode.HALF_EVEN);

    public MarkovTail {
        center = List.copyOf(center);
        offSupport = List.copyOf(offSupport);
    }

    /** A claim whose limit plays every action (no coordinate off the support). */
    public MarkovTail(List<Rational> center, Rational radius, Rational valueRadius, Rational beta0) {
        this(center, radius, valueRadius, beta0, List.of());
    }

    /** The theorem's ID, as the certificate names it. */
    public static final String THEOREM = "MQRE-TAIL";

    /**
     * The claim as JSON — theorem, centre (with {@code withCenter}: a certificate's {@code branchTail}; a report's
     * summary leaves it out), radius, valueRadius, beta0 and, where any, offSupport — the form
     * {@link MarkovQreCertificate} reads.
     */
    public ObjectNode toJson(boolean withCenter) {
        var t = CertificateJson.mapper().createObjectNode();
        t.put("theorem", THEOREM);
        if (withCenter) {
            t.set("center", CertificateJson.vector(center));
        }
        t.put("radius", radius.toString());
        t.put("valueRadius", valueRadius.toString());
        t.put("beta0", beta0.toString());
        if (!offSupport.isEmpty()) {
            var off = t.putArray("offSupport");
            offSupport.forEach(off::add);
        }
        return t;
    }

    /** For reports: where the branch stays past the chain's end. */
    @Override
    public String whence() {
        return "within " + shortly(radius) + " (values " + shortly(valueRadius) + ") of the tail's centre, whence "
            + "the branch stays that close for every beta >= "
            + beta0.toBigDecimal(SHORT).stripTrailingZeros().toPlainString()
            + " and tends to a Markov perfect equilibrium there in which every action is a best response"
            + (offSupport.isEmpty() ? " (MQRE-TAIL)" : " but " + offSupport.size() + " off its support, never played "
            + "(MQRE-TAIL (4))");
    }

    /**
     * Null if the claim holds for a chain whose last piece ends in {@code end} (the chain's coordinates (π, W, β),
     * W = V/τ = βV; one per orbit of {@code fixed} where not null), the target β = 1/τ of {@code sys} and the verified
     * enclosure {@code qre} ((π, V)) of a Markov QRE at τ — which it then puts on the principal branch; else the
     * problem.
     */
    public String problem(MarkovQreSystem sys, List<Interval> end, List<Interval> qre, FixedSubspace fixed) {
        return ChainTail.atTarget(problem(sys, end, fixed), end, sys.tau().reciprocal(), "beta",
            () -> contains(sys, qre), "the tail's box");
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
                int r = fixed.representative(fixed.orbitOf(k));
                if (!center.get(k).equals(center.get(r))) {
                    return "the centre is not fixed by the symmetries (coordinate " + (k + 1) + ")";
                }
                if (offSupport.contains(k) != offSupport.contains(r)) {
                    return "the coordinates off the support are not fixed by the symmetries (coordinate " + (k + 1)
                        + ")";
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
        for (int k = 0; k < offSupport.size(); k++) {
            int c = offSupport.get(k);
            if (c < 0 || c >= sys.policySize() || k > 0 && c <= offSupport.get(k - 1)) {
                return "offSupport must be an increasing list of policy coordinates";
            }
        }
        for (int k = 0; k < sys.policySize(); k++) {
            if (!offSupport.contains(k) && center.get(k).compareTo(radius) <= 0) {
                return "policy coordinate " + (k + 1) + " of the centre comes within the radius of 0";
            }
        }
        int[] emptied = sys.emptiedState(java.util.Set.copyOf(offSupport));
        return emptied == null ? null : "every action of agent " + (emptied[0] + 1) + " in state " + (emptied[1] + 1)
            + " is off the support";
    }

    /**
     * Null if K = c − R·H(c, T) + (I − R·∂ₓH(X′, T))(X′ − c) lies in the interior of X′, the 62-bit outward enclosure
     * of X, for T = [0, 1/β₀] (every t at once); R the double inverse of ∂ₓH at the centre and t = 1/(2β₀), any R being
     * sound. The rows off the support are MQRE-TAIL (4)'s Lemma 2 enclosures: with γ the least margin −(Q − V) over X′
     * (β₀γ ≥ 1 required), ε₀ ≥ e^(−β₀γ) and ε₁ = β₀ε₀, H_k(c, T) ⊆ c_k − [0, ε₀] and ∂ₓH_k ⊆ e_k − [0, ε₁]·∂ₓD_k(X′).
     * With {@code fixed}, H and X′ restricted to its subspace (one coordinate per orbit). Else the problem.
     */
    private String krawczyk(MarkovQreSystem sys, FixedSubspace fixed) {
        DyadicField f = DyadicField.INSTANCE;
        java.util.Set<Integer> off = java.util.Set.copyOf(offSupport);
        ParametricSystem h = restricted(sys.tailGaps(off), fixed);
        int n = h.unknowns();
        List<DyadicInterval> x = fixed == null ? box(sys) : fixed.reduce(box(sys));
        List<Integer> rows = new ArrayList<>(); // the off-support rows, in h's coordinates
        for (int k = 0; k < n; k++) {
            if (off.contains(fixed == null ? k : fixed.representative(k))) {
                rows.add(k);
            }
        }
        DyadicInterval t = f.of(Rational.ZERO).to(f.of(beta0.reciprocal()));
        List<DyadicInterval> c = x.stream().map(DyadicInterval::midpoint).toList();
        List<DyadicInterval> g = new ArrayList<>(h.residual(f, with(c, t)));
        List<List<DyadicInterval>> jac = h.jacobian(f, with(x, t)).stream().map(r -> new ArrayList<>(r.subList(0, n)))
            .collect(java.util.stream.Collectors.toList());
        if (!rows.isEmpty()) {
            List<DyadicInterval> gaps = h.residual(f, with(x, t));
            Rational gamma = null;
            for (int k : rows) {
                Rational margin = gaps.get(k).hiRational().negate();
                gamma = gamma == null ? margin : gamma.min(margin);
            }
            if (gamma.signum() <= 0) {
                return "an action off the support is not worse than the value throughout the box (Q - V reaches "
                    + gamma.negate().toBigDecimal(SHORT) + ")";
            }
            Rational product = beta0.multiply(gamma);
            if (product.compareTo(Rational.ONE) < 0) {
                return "beta0 gamma = " + product.toBigDecimal(SHORT) + " is below 1 (gamma = "
                    + gamma.toBigDecimal(SHORT) + ", the least margin of an action off the support)";
            }
            DyadicInterval bound = DyadicInterval.of(StrictTail.expNegativeAbove(product));
            DyadicInterval e0 = DyadicInterval.ZERO.to(bound);
            DyadicInterval e1 = DyadicInterval.ZERO.to(bound.multiply(f.of(beta0)));
            for (int k : rows) {
                g.set(k, c.get(k).subtract(e0));
                List<DyadicInterval> row = jac.get(k);
                row.replaceAll(d -> e1.multiply(d).negate());
                row.set(k, DyadicInterval.ONE.add(row.get(k)));
            }
        }
        List<Double> cd = new ArrayList<>(c.stream().map(DyadicInterval::estimate).toList());
        cd.add(beta0.reciprocal().doubleValue() / 2);
        List<List<DyadicInterval>> r = Krawczyk.preconditioner(restricted(sys.tailSystem(off), fixed).jacobian(
            DoubleField.INSTANCE, cd).stream().map(row -> row.subList(0, n)).toList());
        if (r == null) {
            return "the system's Jacobian at the box's centre is singular in double precision";
        }
        List<Interval> image = EnumerationChecker.krawczyk(f, x, c, g, jac, r).stream().map(f::toInterval).toList();
        return Boxes.interior(image, x.stream().map(f::toInterval).toList()) ? null
            : "the Krawczyk test over the box and beta >= beta0 failed (K is not inside the interior of the box)";
    }

    private static ParametricSystem restricted(ParametricSystem h, FixedSubspace fixed) {
        return fixed == null ? h : fixed.restrict(h);
    }

    private static <T> List<T> with(List<T> x, T t) {
        List<T> z = new ArrayList<>(x);
        z.add(t);
        return z;
    }
}
