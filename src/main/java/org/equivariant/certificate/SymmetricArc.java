package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Dual;
import org.equivariant.arith.DualField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Gradient;
import org.equivariant.arith.GradientField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.symmetry.Permutation;

/**
 * The branch that leaves a symmetry-breaking pitchfork (theorem SYM-PF, proofs/SYM-PF.md): for a system F(x, λ) of n
 * equations, equivariant under an involution g of its n coordinates (F(gx, λ) = gF(x, λ)), the point
 * x = a + εb with a fixed by g and b odd (gb = −b, normalized by ℓᵀb = 1) and the unknowns θ = (a, b, λ) — one a per
 * orbit of g, one b per pair {c, gc} (b_c = β, b_gc = −β for the pair's first coordinate c), λ — solve
 * <pre>
 *   F_c(x) + F_gc(x)                     for each orbit {c, gc} (one term for a fixed c),
 *   (F_c(a + εb) − F_c(a − εb))/(2ε)     for each pair (at ε = 0: the directional derivative D_bF_c(a)),
 *   ℓᵀβ − 1.
 * </pre>
 * For ε ≠ 0 the zeros are exactly the QREs a + εb at λ (F_c(a − εb) = F_gc(a + εb) by equivariance, so both halves
 * of each pair vanish), and at ε = 0 the points of the g-fixed curve where the derivative of F has the odd null
 * vector b: its pitchforks. The odd rows h(ε) = ∫_{−1}^{1} ½ D_bF_c(a + tεb) dt are enclosed at a point ε by the
 * derivative at 0 or by the difference quotient intersected with a series in ε² ({@link #value}); their slopes in
 * ε and Jacobians from second and third derivatives along b over s ∈ hull(±E) ({@link #slope}, {@link #jacobian}) —
 * forward differentiation over nested dual numbers, no division by ε.
 */
public final class SymmetricArc extends BlownUpArc {
    private final ParametricSystem system;
    private final Permutation g;
    private final FixedSubspace orbits;
    /** The first coordinate of each pair, in orbit order. */
    private final int[] pairs;
    /** For each coordinate: its pair's index, or −1 where g fixes it. */
    private final int[] pairOf;
    /** For each coordinate: +1 for a pair's first coordinate, −1 for its image, 0 where g fixes it. */
    private final int[] sign;
    private final List<Rational> normal;
    private final int size;

    /**
     * The blown-up system of {@code system} at the pitchfork breaking the involution {@code g} (a permutation of the
     * system's unknowns, with g∘g the identity) with ℓ = {@code normal}, one entry per pair of coordinates g swaps.
     * That F is g-equivariant is the caller's to establish (for the logit correspondence: g comes from a symmetry of
     * the game, checked exactly).
     */
    public SymmetricArc(ParametricSystem system, Permutation g, List<Rational> normal) {
        super(system.unknowns() + 1);
        this.system = system;
        this.g = g;
        this.size = system.unknowns();
        if (g.degree() != size || !g.isInvolution()) {
            throw new IllegalArgumentException("the symmetry must swap some of the " + size + " coordinates and be its "
                + "own inverse");
        }
        this.orbits = FixedSubspace.of(size, List.of(g));
        this.pairs = pairsOf(g);
        this.pairOf = new int[size];
        this.sign = new int[size];
        java.util.Arrays.fill(pairOf, -1);
        for (int p = 0; p < pairs.length; p++) {
            pairOf[pairs[p]] = p;
            pairOf[g.apply(pairs[p])] = p;
            sign[pairs[p]] = 1;
            sign[g.apply(pairs[p])] = -1;
        }
        this.normal = List.copyOf(normal);
        if (normal.size() != pairs.length) {
            throw new IllegalArgumentException("the normalization has " + normal.size() + " entries, expected one per "
                + "pair of coordinates the symmetry swaps (" + pairs.length + ")");
        }
    }

    /** The first coordinate of each pair the involution g swaps, in the order of g's orbits (the b unknowns). */
    public static int[] pairsOf(Permutation g) {
        FixedSubspace orbits = FixedSubspace.of(g.degree(), List.of(g));
        List<Integer> first = new ArrayList<>();
        for (int o = 0; o < orbits.dimension(); o++) {
            int c = orbits.representative(o);
            if (g.apply(c) != c) {
                first.add(c);
            }
        }
        return first.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first coordinate of each pair g swaps, in the order of the b unknowns. */
    public int[] pairs() {
        return pairs.clone();
    }

    /** The system whose branch this blows up. */
    public ParametricSystem system() {
        return system;
    }

    /**
     * The permutation of profile coordinates (player after player, action after action) by which a symmetry of a game
     * with action counts {@code dims} acts on profiles: coordinate (i, a) goes to (φ(i), ψ_i(a)), as
     * {@link GameSymmetry#apply(List)} moves probabilities.
     */
    public static Permutation onProfiles(GameSymmetry s, int[] dims) {
        int[] offset = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            offset[i + 1] = offset[i] + dims[i];
        }
        int[] images = new int[offset[dims.length]];
        for (int i = 0; i < dims.length; i++) {
            for (int a = 0; a < dims[i]; a++) {
                images[offset[i] + a] = offset[s.players().apply(i)] + s.actions().get(i).apply(a);
            }
        }
        return new Permutation(images);
    }

    /** The orbits of g: the a unknowns, one per orbit, in this order. */
    public FixedSubspace orbits() {
        return orbits;
    }

    /** The system's point z = (a + s·b, λ) in the field f, for θ = (a, b, λ). */
    public <T> List<T> point(ExpField<T> f, List<T> theta, T s) {
        int fixed = orbits.dimension();
        List<T> z = new ArrayList<>(size + 1);
        for (int k = 0; k < size; k++) {
            T a = theta.get(orbits.orbitOf(k));
            z.add(sign[k] == 0 ? a : sign[k] > 0 ? f.add(a, f.multiply(s, theta.get(fixed + pairOf[k])))
                : f.subtract(a, f.multiply(s, theta.get(fixed + pairOf[k]))));
        }
        z.add(theta.get(n - 1));
        return z;
    }

    /** The even rows F_c + F_gc (F_c alone where g fixes c), one per orbit, from F at a point. */
    public <T> List<T> even(ExpField<T> f, List<T> values) {
        List<T> out = new ArrayList<>(orbits.dimension());
        for (int o = 0; o < orbits.dimension(); o++) {
            int c = orbits.representative(o);
            out.add(pairOf[c] < 0 ? values.get(c) : f.add(values.get(c), values.get(g.apply(c))));
        }
        return out;
    }

    /** ℓᵀβ − 1, the last row. */
    public <T> T normalization(ExpField<T> f, List<T> theta) {
        return normalization(f, normal, theta, orbits.dimension());
    }

    /** θ as dual numbers in the direction of s (the a, β, λ parts constant). */
    private static List<Dual<DyadicInterval>> constants(DualField<DyadicInterval> d, List<DyadicInterval> theta) {
        return theta.stream().map(d::constant).toList();
    }

    /**
     * G at the point θ and the single ε = m: the odd rows by the derivative D_bF_c(a) at m = 0; elsewhere by the
     * intersection of the difference quotient and the series h(0) + m²/6·H₃ (h is even, h′(t) ∈ tH₃/3 on [0, m]):
     * the quotient's rounding grows as 1/m, the series' remainder as m².
     */
    @Override
    List<DyadicInterval> value(List<DyadicInterval> theta, Rational m) {
        DyadicInterval mid = F.of(m);
        List<DyadicInterval> out = new ArrayList<>(n);
        DualField<DyadicInterval> d = new DualField<>(F);
        List<Dual<DyadicInterval>> at = system.residual(d, point(d, constants(d, theta), d.variable(DyadicInterval
            .ZERO)));
        if (m.signum() == 0) {
            out.addAll(even(F, at.stream().map(Dual::v).toList()));
            for (int c : pairs) {
                out.add(at.get(c).d());
            }
        } else {
            List<DyadicInterval> plus = system.residual(F, point(F, theta, mid));
            List<DyadicInterval> minus = system.residual(F, point(F, theta, mid.negate()));
            List<Dual<Dual<Dual<DyadicInterval>>>> f = derivatives(theta, span(mid));
            DyadicInterval sixth = mid.multiply(mid).multiply(F.of(Rational.of(1, 6)));
            out.addAll(even(F, plus));
            DyadicInterval twice = mid.add(mid);
            for (int c : pairs) {
                DyadicInterval quotient = plus.get(c).subtract(minus.get(c)).divide(twice);
                DyadicInterval series = at.get(c).d().add(sixth.multiply(f.get(c).d().d().d()));
                DyadicInterval both = quotient.intersect(series);
                out.add(both == null ? quotient : both);
            }
        }
        out.add(normalization(F, theta));
        return out;
    }

    /**
     * ∂G/∂ε at the point θ for every ε in E, from H₂ ∋ D²F_c(a + sb)[b, b] and H₃ ∋ D³F_c(a + sb)[b, b, b] for
     * s ∈ hull(−E, E): 2E·H₂ in the even rows of pairs and E·H₂ in those of fixed coordinates (by equivariance
     * F_gc(a + εb) = F_c(a − εb), so the row's derivative is D_bF_c(a + εb) − D_bF_c(a − εb) = ∫_{−ε}^{ε} D²F_c(a + sb)
     * [b, b] ds, and half of it where c = gc); E·H₃/3 in the odd rows (∂_εh = ∫_{−1}^{1} ½t·D²F_c(a + tεb)[b, b] dt,
     * where ∫ t dt = 0 leaves ∫_{−1}^{1} ½t²ε·D³F_c(a + ξ_tb)[b, b, b] dt ∈ εH₃/3); 0 in the normalization.
     */
    @Override
    List<DyadicInterval> slope(List<DyadicInterval> theta, DyadicInterval eps) {
        List<Dual<Dual<Dual<DyadicInterval>>>> f = derivatives(theta, span(eps));
        List<DyadicInterval> out = new ArrayList<>(n);
        for (int o = 0; o < orbits.dimension(); o++) {
            int c = orbits.representative(o);
            DyadicInterval second = eps.multiply(f.get(c).v().d().d());
            out.add(pairOf[c] < 0 ? second : second.add(second));
        }
        DyadicInterval factor = eps.multiply(F.of(Rational.of(1, 3)));
        for (int c : pairs) {
            out.add(factor.multiply(f.get(c).d().d().d()));
        }
        out.add(DyadicInterval.ZERO);
        return out;
    }

    /**
     * F(a + sb) and its first three derivatives in s, for every s in the interval {@code s}: the value of entry c is
     * {@code .v().v().v()}, D_bF_c {@code .v().v().d()}, D²F_c[b, b] {@code .v().d().d()}, D³F_c[b, b, b]
     * {@code .d().d().d()} (three-fold dual numbers, s = s + δ₁ + δ₂ + δ₃).
     */
    private List<Dual<Dual<Dual<DyadicInterval>>>> derivatives(List<DyadicInterval> theta, DyadicInterval s) {
        DualField<DyadicInterval> d1 = new DualField<>(F);
        DualField<Dual<DyadicInterval>> d2 = new DualField<>(d1);
        DualField<Dual<Dual<DyadicInterval>>> d3 = new DualField<>(d2);
        List<Dual<Dual<Dual<DyadicInterval>>>> at = theta.stream().map(x -> d3.constant(d2.constant(d1.constant(x))))
            .toList();
        return system.residual(d3, point(d3, at, new Dual<>(new Dual<>(d1.variable(s), d1.one()), d2.one())));
    }

    /** hull(−E, E). */
    private static DyadicInterval span(DyadicInterval eps) {
        return eps.hull(eps.negate());
    }

    /**
     * The Jacobian of G over the box θ for every ε in E: the even rows' by differentiation at a + Eb; the odd rows'
     * as ∂_θD_bF_c(a) + E·¼(W − W), W ∋ ∂_θD²F_c(a + sb)[b, b] for s ∈ hull(−E, E) (differentiation under
     * ∫_{−1}^{1} ½ dt of ∂_θD_bF_c(a + tεb) = ∂_θD_bF_c(a) + tε·∂_θD²F_c(a + ξ_tb)[b, b], and ∫ ½t·ψ(t) dt ∈ ¼(W − W)
     * for ψ(t) ∈ W); ℓ in the last.
     */
    @Override
    List<List<DyadicInterval>> jacobian(List<DyadicInterval> theta, DyadicInterval eps) {
        DualField<DyadicInterval> d1 = new DualField<>(F);
        GradientField<Dual<DyadicInterval>> g1 = new GradientField<>(d1, n);
        List<Gradient<Dual<DyadicInterval>>> x1 = g1.variables(theta.stream().map(d1::constant).toList());
        List<List<DyadicInterval>> rows = new ArrayList<>(n);
        List<Gradient<Dual<DyadicInterval>>> at = system.residual(g1, point(g1, x1, g1.constant(d1.variable(eps))));
        for (Gradient<Dual<DyadicInterval>> r : even(g1, at)) {
            rows.add(g1.partials(r).stream().map(Dual::v).toList());
        }
        List<Gradient<Dual<DyadicInterval>>> base = system.residual(g1, point(g1, x1, g1.constant(d1.variable(
            DyadicInterval.ZERO))));
        DualField<Dual<DyadicInterval>> d2 = new DualField<>(d1);
        GradientField<Dual<Dual<DyadicInterval>>> g2 = new GradientField<>(d2, n);
        List<Gradient<Dual<Dual<DyadicInterval>>>> x2 = g2.variables(theta.stream().map(x -> d2.constant(d1
            .constant(x))).toList());
        Dual<Dual<DyadicInterval>> s = new Dual<>(d1.variable(span(eps)), d1.one());
        List<Gradient<Dual<Dual<DyadicInterval>>>> second = system.residual(g2, point(g2, x2, g2.constant(s)));
        DyadicInterval quarter = eps.multiply(F.of(Rational.of(1, 4)));
        for (int c : pairs) {
            List<Dual<DyadicInterval>> first = g1.partials(base.get(c));
            List<Dual<Dual<DyadicInterval>>> rest = g2.partials(second.get(c));
            List<DyadicInterval> row = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                DyadicInterval w = rest.get(k).d().d();
                row.add(first.get(k).d().add(w.subtract(w).multiply(quarter)));
            }
            rows.add(row);
        }
        List<DyadicInterval> last = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int p = k - orbits.dimension();
            last.add(p >= 0 && p < pairs.length ? F.of(normal.get(p)) : DyadicInterval.ZERO);
        }
        rows.add(last);
        return rows;
    }

    /**
     * Whether the image under g of a profile enclosure lies in the box c ± r (every coordinate): then the one QRE of a
     * Krawczyk box there is the image of the enclosure's QRE.
     */
    public static boolean imageInBox(List<Interval> enclosure, Permutation g, QreCertificate.Box box) {
        Rational radius = box.radius();
        for (int k = 0; k < enclosure.size(); k++) {
            Rational c = box.center().get(g.apply(k));
            if (c.subtract(radius).compareTo(Rational.of(enclosure.get(k).lo())) > 0
                || Rational.of(enclosure.get(k).hi()).compareTo(c.add(radius)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** x = a + εb over an enclosure of θ at a single ε. */
    @Override
    public List<Interval> profileAt(List<Interval> theta, Rational eps) {
        List<DyadicInterval> z = point(F, theta.stream().map(F::of).toList(), F.of(eps));
        return z.subList(0, size).stream().map(F::toInterval).toList();
    }
}
