package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Dual;
import org.equivariant.arith.DualField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Field;
import org.equivariant.arith.Gradient;
import org.equivariant.arith.GradientField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;

/**
 * The branches leaving a trivial branch of the logit correspondence — a curve of QREs that every symmetry of a group
 * fixes, from which branches of less symmetry split off — blown up along it (theorems CL-ARM and SYM-ARM,
 * proofs/CL-ARM.md, proofs/SYM-ARM.md). For the logit system F(x, λ), a base point a on the trivial curve's profiles, a
 * direction w (one entry per profile coordinate), x = a + εw, the unknowns θ = (w, a's unknowns, λ) and
 * <pre>
 *   G(θ; ε) = ( ∫₀¹ D_w(QF)(a + tεw, λ) dt + Pw,   S·F(a + εw, λ),   ℓᵀw − 1 ).
 * </pre>
 * <ul>
 *   <li>CL-ARM ({@link #atCentroid}): the base is the centroid c, a QRE at every λ — no a unknowns, no S rows, Q = I,
 *       P = 0: G = (F(c + εw)/ε, ℓᵀw − 1).</li>
 *   <li>SYM-ARM ({@link #alongFixed}): the base is any profile a group H of the game's symmetries fixes, one unknown
 *       per H-orbit of coordinates; P averages each H-orbit, Q = I − P, S sums each H-orbit's rows. F maps H-fixed
 *       profiles to H-fixed values, so QF(a) = 0 and the first rows are QF(a + εw)/ε + Pw for ε ≠ 0: their zeros
 *       with the S rows' are exactly the QREs a + εw with Pw = 0 (w transverse to the fixed profiles), and at ε = 0
 *       the H-fixed QREs a at which DF(a) has the transverse null vector w.</li>
 * </ul>
 * Enclosures ({@link #value}, {@link #slope}, {@link #jacobian}) from D_wF and D²F[w, w] along w by forward
 * differentiation over nested dual numbers, with s = tε an interval; no division by a small ε.
 */
public final class TrivialBranchBlowUp extends BlownUpArc {
    private final ParametricSystem system;
    /** The centroid's coordinates (CL-ARM), or null where the base point moves (SYM-ARM). */
    private final List<Rational> centroid;
    /** H's orbits of profile coordinates (SYM-ARM), or null. */
    private final FixedSubspace base;
    private final List<Rational> normal;
    /** n, the profile's coordinates (the w unknowns); a's unknowns follow them, λ last. */
    private final int size;

    private TrivialBranchBlowUp(ParametricSystem system, List<Rational> centroid, FixedSubspace base,
                                List<Rational> normal) {
        super(system.unknowns() + (base == null ? 0 : base.dimension()) + 1);
        this.system = system;
        this.size = system.unknowns();
        this.centroid = centroid;
        this.base = base;
        this.normal = List.copyOf(normal);
        if (normal.size() != size) {
            throw new IllegalArgumentException("the normalization has " + normal.size() + " entries, expected one per "
                + "action (" + size + ")");
        }
    }

    /**
     * CL-ARM's blow-up of {@code system} (the logit system of a game with action counts {@code dims}, unknowns the
     * profile's coordinates, player after player, then λ) at its centroid, with ℓ = {@code normal}, one entry per
     * profile coordinate. That the centroid is a QRE at every λ is the caller's to establish.
     */
    public static TrivialBranchBlowUp atCentroid(ParametricSystem system, int[] dims, List<Rational> normal) {
        List<Rational> c = new ArrayList<>(system.unknowns());
        for (int m : dims) {
            for (int a = 0; a < m; a++) {
                c.add(Rational.of(1, m));
            }
        }
        if (c.size() != system.unknowns()) {
            throw new IllegalArgumentException("a game with " + c.size() + " actions, a system of "
                + system.unknowns() + " unknowns");
        }
        return new TrivialBranchBlowUp(system, List.copyOf(c), null, normal);
    }

    /**
     * SYM-ARM's blow-up of {@code system} along the profiles fixed by the group whose orbits of coordinates are
     * {@code orbits}, with ℓ = {@code normal}, one entry per profile coordinate. That the group's elements are
     * symmetries of the system (F equivariant) is the caller's to establish.
     */
    public static TrivialBranchBlowUp alongFixed(ParametricSystem system, FixedSubspace orbits,
                                                 List<Rational> normal) {
        if (orbits.size() != system.unknowns()) {
            throw new IllegalArgumentException("orbits of " + orbits.size() + " coordinates, a system of "
                + system.unknowns() + " unknowns");
        }
        return new TrivialBranchBlowUp(system, null, orbits, normal);
    }

    /** The system whose trivial branch this blows up. */
    public ParametricSystem system() {
        return system;
    }

    /** The orbits of the group whose fixed profiles hold the base point (SYM-ARM), or null at the centroid. */
    public FixedSubspace base() {
        return base;
    }

    /** The number of the base point's unknowns (0 at the centroid). */
    public int baseUnknowns() {
        return base == null ? 0 : base.dimension();
    }

    /** The system's point z = (a + s·w, λ) in the field f, for θ = (w, a, λ). */
    public <T> List<T> point(ExpField<T> f, List<T> theta, T s) {
        List<T> z = new ArrayList<>(size + 1);
        for (int k = 0; k < size; k++) {
            T a = base == null ? f.of(centroid.get(k)) : theta.get(size + base.orbitOf(k));
            z.add(f.add(a, f.multiply(s, theta.get(k))));
        }
        z.add(theta.get(n - 1));
        return z;
    }

    /** ℓᵀw − 1, the last row. */
    public <T> T normalization(ExpField<T> f, List<T> theta) {
        return normalization(f, normal, theta, 0);
    }

    /** Qv: v itself at the centroid; else each entry less its H-orbit's mean. Only v's first n entries are read. */
    public <T> List<T> transverse(Field<T> f, List<T> v) {
        return base == null ? v.subList(0, size) : base.transverse(f, v);
    }

    /** Pw, each entry of w replaced by the mean over its H-orbit; empty at the centroid (P = 0). */
    public <T> List<T> fixedPart(Field<T> f, List<T> theta) {
        return base == null ? List.of() : base.fixedPart(f, theta);
    }

    /** Sv: each H-orbit's sum of v's entries (none at the centroid). */
    public <T> List<T> orbitSums(Field<T> f, List<T> v) {
        return base == null ? List.of() : base.sums(f, v);
    }

    /** v + Pw entry by entry at the centroid's v (P = 0: v). */
    private List<DyadicInterval> plusFixedPart(List<DyadicInterval> v, List<DyadicInterval> theta) {
        List<DyadicInterval> pw = fixedPart(F, theta);
        if (pw.isEmpty()) {
            return v;
        }
        List<DyadicInterval> out = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            out.add(v.get(k).add(pw.get(k)));
        }
        return out;
    }

    /**
     * G at the point θ and the single ε = m. First rows: QD_wF(a) at m = 0; elsewhere the difference quotient
     * QF(a + mw)/m (QF(a) = 0), and where |m| &lt; 2⁻²⁰, whose rounding grows as 1/m, its intersection with the series
     * QD_wF(a) + (m/2)·QH₂, H₂ ∋ D²F(a + sw)[w, w] for s ∈ hull(0, m), whose remainder shrinks with m; then + Pw.
     * The S rows: S·F(a + mw).
     */
    @Override
    List<DyadicInterval> value(List<DyadicInterval> theta, Rational m) {
        List<DyadicInterval> out = new ArrayList<>(n);
        DyadicInterval mid = F.of(m);
        List<DyadicInterval> plus = m.signum() != 0 || base != null ? system.residual(F, point(F, theta, mid)) : null;
        if (m.signum() == 0) {
            out.addAll(plusFixedPart(transverse(F, derivative(theta, DyadicInterval.ZERO)), theta));
        } else {
            List<DyadicInterval> across = transverse(F, plus);
            boolean small = m.abs().compareTo(SMALL) < 0;
            List<DyadicInterval> at = small ? transverse(F, derivative(theta, DyadicInterval.ZERO)) : null;
            List<DyadicInterval> second = small ? transverse(F, second(theta, mid.hull(DyadicInterval.ZERO))) : null;
            DyadicInterval half = mid.multiply(F.of(Rational.of(1, 2)));
            List<DyadicInterval> rows = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                DyadicInterval quotient = across.get(k).divide(mid);
                DyadicInterval both = small ? quotient.intersect(at.get(k).add(half.multiply(second.get(k)))) : null;
                rows.add(both == null ? quotient : both);
            }
            out.addAll(plusFixedPart(rows, theta));
        }
        if (base != null) {
            out.addAll(orbitSums(F, plus));
        }
        out.add(normalization(F, theta));
        return out;
    }

    /** Below this |m| the difference quotient is intersected with the series. */
    private static final Rational SMALL = Rational.of(1, 1 << 20);

    /** D_wF(a + sw) at the point θ for every s in the interval {@code s} (dual numbers in s). */
    private List<DyadicInterval> derivative(List<DyadicInterval> theta, DyadicInterval s) {
        DualField<DyadicInterval> d = new DualField<>(F);
        return system.residual(d, point(d, theta.stream().map(d::constant).toList(), d.variable(s)))
            .stream().map(Dual::d).toList();
    }

    /**
     * ∂G/∂ε at the point θ for every ε in E: ½QH₂ with H₂ ∋ D²F(a + sw)[w, w] for s ∈ hull(0, E) (∂_ε of
     * ∫₀¹ D_w(QF)(a + tεw) dt is ∫₀¹ t·QD²F(a + tεw)[w, w] dt, weights t ≥ 0 of integral ½); S·D_wF(a + εw) over
     * ε ∈ E in the S rows; 0 in the normalization.
     */
    @Override
    List<DyadicInterval> slope(List<DyadicInterval> theta, DyadicInterval eps) {
        DyadicInterval half = F.of(Rational.of(1, 2));
        List<DyadicInterval> out = new ArrayList<>(n);
        transverse(F, second(theta, eps.hull(DyadicInterval.ZERO))).forEach(h -> out.add(half.multiply(h)));
        if (base != null) {
            out.addAll(orbitSums(F, derivative(theta, eps)));
        }
        out.add(DyadicInterval.ZERO);
        return out;
    }

    /** D²F(a + sw)[w, w] for every s in the interval {@code s} (two-fold dual numbers, s = s + δ₁ + δ₂). */
    private List<DyadicInterval> second(List<DyadicInterval> theta, DyadicInterval s) {
        DualField<DyadicInterval> d1 = new DualField<>(F);
        DualField<Dual<DyadicInterval>> d2 = new DualField<>(d1);
        List<Dual<Dual<DyadicInterval>>> at = theta.stream().map(x -> d2.constant(d1.constant(x))).toList();
        return system.residual(d2, point(d2, at, new Dual<>(d1.variable(s), d1.one()))).stream().map(r -> r.d().d())
            .toList();
    }

    /**
     * The Jacobian of G over the box θ for every ε in E. First rows: Q∂_θ[D_wF(a + sw)] (s held) over
     * s ∈ hull(0, E) — the integrand's values for t ∈ [0, 1], whose mean the integral is — where 0 ∉ E intersected
     * with the quotient's own derivative (∂/∂w of QF(a + εw)/ε is QD_xF(a + εw), ∂/∂a and ∂/∂λ are Q∂F/ε, over
     * x = a + Ew: the integral form spans all of hull(0, E), far wider than E along an arm away from ε = 0); then
     * + P in the w columns. S rows: S·∂_θF(a + εw) over ε ∈ E. The last row: ℓ.
     */
    @Override
    List<List<DyadicInterval>> jacobian(List<DyadicInterval> theta, DyadicInterval eps) {
        DualField<DyadicInterval> d = new DualField<>(F);
        GradientField<Dual<DyadicInterval>> g = new GradientField<>(d, n);
        List<Gradient<Dual<DyadicInterval>>> x = g.variables(theta.stream().map(d::constant).toList());
        List<List<DyadicInterval>> along = new ArrayList<>(size);
        for (Gradient<Dual<DyadicInterval>> r : system.residual(g, point(g, x, g.constant(d.variable(eps.hull(
            DyadicInterval.ZERO)))))) {
            along.add(g.partials(r).stream().map(Dual::d).toList());
        }
        List<List<DyadicInterval>> rows = columnsTransverse(along);
        boolean off = eps.signumLo() > 0 || eps.signumHi() < 0;
        List<List<DyadicInterval>> at = off || base != null ? pointJacobian(theta, eps) : null;
        if (off) {
            List<List<DyadicInterval>> quotient = new ArrayList<>(size);
            for (int r = 0; r < size; r++) {
                List<DyadicInterval> row = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    row.add(k < size ? at.get(r).get(k) : at.get(r).get(k).divide(eps));
                }
                quotient.add(row);
            }
            quotient = columnsTransverse(quotient);
            for (int r = 0; r < size; r++) {
                List<DyadicInterval> row = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    DyadicInterval both = rows.get(r).get(k).intersect(quotient.get(r).get(k));
                    row.add(both == null ? rows.get(r).get(k) : both);
                }
                rows.set(r, row);
            }
        }
        if (base != null) {
            rows = base.plusProjection(F, rows);
            List<List<DyadicInterval>> sums = new ArrayList<>();
            for (int o = 0; o < base.dimension(); o++) {
                sums.add(new ArrayList<>(java.util.Collections.nCopies(n, DyadicInterval.ZERO)));
            }
            for (int r = 0; r < size; r++) {
                List<DyadicInterval> sum = sums.get(base.orbitOf(r));
                for (int k = 0; k < n; k++) {
                    DyadicInterval entry = k < size ? eps.multiply(at.get(r).get(k)) : at.get(r).get(k);
                    sum.set(k, sum.get(k).add(entry));
                }
            }
            rows.addAll(sums);
        }
        List<DyadicInterval> last = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            last.add(k < size ? F.of(normal.get(k)) : DyadicInterval.ZERO);
        }
        rows.add(last);
        return rows;
    }

    /**
     * ∂F/∂x_k (k &lt; n) and, in the later columns, ∂F/∂(a's unknown) = Σ over its orbit of ∂F/∂x_k and ∂F/∂λ, at
     * x = a + Ew over the box θ: the derivatives of F(a + εw) in a and λ, and ∂F/∂x for its w columns divided by ε.
     */
    private List<List<DyadicInterval>> pointJacobian(List<DyadicInterval> theta, DyadicInterval eps) {
        GradientField<DyadicInterval> q = new GradientField<>(F, size + 1);
        List<DyadicInterval> z = point(F, theta, eps);
        List<Gradient<DyadicInterval>> f = system.residual(q, q.variables(z));
        List<List<DyadicInterval>> out = new ArrayList<>(size);
        for (int r = 0; r < size; r++) {
            List<DyadicInterval> partials = q.partials(f.get(r));
            List<DyadicInterval> row = new ArrayList<>(partials.subList(0, size));
            List<DyadicInterval> orbit = orbitSums(F, partials);
            row.addAll(orbit);
            row.add(partials.get(size));
            out.add(row);
        }
        return out;
    }

    /** Q applied to the first n rows' columns (at the centroid, P = 0: the rows as they are). */
    private List<List<DyadicInterval>> columnsTransverse(List<List<DyadicInterval>> rows) {
        return base == null ? rows : base.transverseColumns(F, rows);
    }

    /** x = a + εw over an enclosure of θ at a single ε. */
    @Override
    public List<Interval> profileAt(List<Interval> theta, Rational eps) {
        List<DyadicInterval> z = point(F, theta.stream().map(F::of).toList(), F.of(eps));
        return z.subList(0, size).stream().map(F::toInterval).toList();
    }
}
