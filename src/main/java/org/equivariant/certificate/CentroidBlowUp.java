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

/**
 * The branches leaving the centroid line (theorem CL-ARM, proofs/CL-ARM.md): for the logit system F(x, λ) of a game
 * whose centroid c is a QRE at every λ (F(c, λ) = 0 exactly), the unknowns θ = (w, λ), one w per profile coordinate,
 * and the system
 * <pre>
 *   G(θ; ε) = ( ∫₀¹ D_wF(c + tεw, λ) dt,  ℓᵀw − 1 )     — F(c + εw, λ)/ε for ε ≠ 0, D_wF(c, λ) at ε = 0.
 * </pre>
 * For ε ≠ 0 its zeros are exactly the QREs c + εw at λ; at ε = 0 the singular points of the centroid line with the null
 * vector w. Enclosures ({@link #value}, {@link #slope}, {@link #jacobian}) from D_wF and D²F[w, w] along w by forward
 * differentiation over nested dual numbers, with s = tε an interval; no division by a small ε.
 */
public final class CentroidBlowUp extends BlownUpArc {
    private final ParametricSystem system;
    private final List<Rational> centroid;
    private final List<Rational> normal;
    private final int size;

    /**
     * The blown-up system of {@code system} (the logit system of a game with action counts {@code dims}, unknowns the
     * profile's coordinates, player after player, then λ) at its centroid, with ℓ = {@code normal}, one entry per
     * profile coordinate. That the centroid is a QRE at every λ is the caller's to establish.
     */
    public CentroidBlowUp(ParametricSystem system, int[] dims, List<Rational> normal) {
        super(system.unknowns() + 1);
        this.system = system;
        this.size = system.unknowns();
        List<Rational> c = new ArrayList<>(size);
        for (int m : dims) {
            for (int a = 0; a < m; a++) {
                c.add(Rational.of(1, m));
            }
        }
        if (c.size() != size) {
            throw new IllegalArgumentException("a game with " + c.size() + " actions, a system of " + size
                + " unknowns");
        }
        this.centroid = List.copyOf(c);
        this.normal = List.copyOf(normal);
        if (normal.size() != size) {
            throw new IllegalArgumentException("the normalization has " + normal.size() + " entries, expected one per "
                + "action (" + size + ")");
        }
    }

    /** The system whose centroid line this blows up. */
    public ParametricSystem system() {
        return system;
    }

    /** The system's point z = (c + s·w, λ) in the field f, for θ = (w, λ). */
    public <T> List<T> point(ExpField<T> f, List<T> theta, T s) {
        List<T> z = new ArrayList<>(size + 1);
        for (int k = 0; k < size; k++) {
            z.add(f.add(f.of(centroid.get(k)), f.multiply(s, theta.get(k))));
        }
        z.add(theta.get(size));
        return z;
    }

    /** ℓᵀw − 1, the last row. */
    public <T> T normalization(ExpField<T> f, List<T> theta) {
        return normalization(f, normal, theta, 0);
    }

    /**
     * G at the point θ and the single ε = m: D_wF(c) at m = 0; elsewhere the difference quotient F(c + mw)/m
     * (F(c) = 0), and where |m| &lt; 2⁻²⁰, whose rounding grows as 1/m, its intersection with the series
     * D_wF(c) + (m/2)·H₂, H₂ ∋ D²F(c + sw)[w, w] for s ∈ hull(0, m), whose remainder shrinks with m.
     */
    @Override
    List<DyadicInterval> value(List<DyadicInterval> theta, Rational m) {
        List<DyadicInterval> out = new ArrayList<>(n);
        if (m.signum() == 0) {
            out.addAll(derivative(theta));
        } else {
            DyadicInterval mid = F.of(m);
            List<DyadicInterval> plus = system.residual(F, point(F, theta, mid));
            boolean small = m.abs().compareTo(SMALL) < 0;
            List<DyadicInterval> at = small ? derivative(theta) : null;
            List<DyadicInterval> second = small ? second(theta, mid.hull(DyadicInterval.ZERO)) : null;
            DyadicInterval half = mid.multiply(F.of(Rational.of(1, 2)));
            for (int k = 0; k < size; k++) {
                DyadicInterval quotient = plus.get(k).divide(mid);
                DyadicInterval both = small ? quotient.intersect(at.get(k).add(half.multiply(second.get(k)))) : null;
                out.add(both == null ? quotient : both);
            }
        }
        out.add(normalization(F, theta));
        return out;
    }

    /** Below this |m| the difference quotient is intersected with the series. */
    private static final Rational SMALL = Rational.of(1, 1 << 20);

    /** D_wF(c) at the point θ (dual numbers in s at s = 0). */
    private List<DyadicInterval> derivative(List<DyadicInterval> theta) {
        DualField<DyadicInterval> d = new DualField<>(F);
        return system.residual(d, point(d, theta.stream().map(d::constant).toList(), d.variable(DyadicInterval.ZERO)))
            .stream().map(Dual::d).toList();
    }

    /**
     * ∂G/∂ε at the point θ for every ε in E: ½H₂ with H₂ ∋ D²F(c + sw)[w, w] for s ∈ hull(0, E) (∂_ε of
     * ∫₀¹ D_wF(c + tεw) dt is ∫₀¹ t·D²F(c + tεw)[w, w] dt, weights t ≥ 0 of integral ½); 0 in the normalization.
     */
    @Override
    List<DyadicInterval> slope(List<DyadicInterval> theta, DyadicInterval eps) {
        DyadicInterval half = F.of(Rational.of(1, 2));
        List<DyadicInterval> out = new ArrayList<>(n);
        second(theta, eps.hull(DyadicInterval.ZERO)).forEach(h -> out.add(half.multiply(h)));
        out.add(DyadicInterval.ZERO);
        return out;
    }

    /** D²F(c + sw)[w, w] for every s in the interval {@code s} (two-fold dual numbers, s = s + δ₁ + δ₂). */
    private List<DyadicInterval> second(List<DyadicInterval> theta, DyadicInterval s) {
        DualField<DyadicInterval> d1 = new DualField<>(F);
        DualField<Dual<DyadicInterval>> d2 = new DualField<>(d1);
        List<Dual<Dual<DyadicInterval>>> at = theta.stream().map(x -> d2.constant(d1.constant(x))).toList();
        return system.residual(d2, point(d2, at, new Dual<>(d1.variable(s), d1.one()))).stream().map(r -> r.d().d())
            .toList();
    }

    /**
     * The Jacobian of G over the box θ for every ε in E: ∂_θ[D_wF(c + sw)] (s held) over s ∈ hull(0, E) — the
     * integrand's values for t ∈ [0, 1], whose mean the integral is — and ℓ in the last row; where 0 ∉ E, intersected
     * with the quotient's own derivative ∂(F(c + εw)/ε)/∂w = D_xF(c + εw), ∂/∂λ = ∂_λF(c + εw)/ε over x = c + Ew (the
     * integral form spans all of hull(0, E), far wider than E along an arm away from ε = 0).
     */
    @Override
    List<List<DyadicInterval>> jacobian(List<DyadicInterval> theta, DyadicInterval eps) {
        DualField<DyadicInterval> d = new DualField<>(F);
        GradientField<Dual<DyadicInterval>> g = new GradientField<>(d, n);
        List<Gradient<Dual<DyadicInterval>>> x = g.variables(theta.stream().map(d::constant).toList());
        List<List<DyadicInterval>> rows = new ArrayList<>(n);
        for (Gradient<Dual<DyadicInterval>> r : system.residual(g, point(g, x, g.constant(d.variable(eps.hull(
            DyadicInterval.ZERO)))))) {
            rows.add(g.partials(r).stream().map(Dual::d).toList());
        }
        if (eps.signumLo() > 0 || eps.signumHi() < 0) {
            GradientField<DyadicInterval> q = new GradientField<>(F, n);
            List<DyadicInterval> z = new ArrayList<>(n);
            for (int k = 0; k < size; k++) {
                z.add(F.of(centroid.get(k)).add(eps.multiply(theta.get(k))));
            }
            z.add(theta.get(size));
            List<Gradient<DyadicInterval>> f = system.residual(q, q.variables(z));
            for (int r = 0; r < size; r++) {
                List<DyadicInterval> partials = q.partials(f.get(r));
                List<DyadicInterval> row = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    DyadicInterval quotient = k < size ? partials.get(k) : partials.get(k).divide(eps);
                    DyadicInterval both = rows.get(r).get(k).intersect(quotient);
                    row.add(both == null ? rows.get(r).get(k) : both);
                }
                rows.set(r, row);
            }
        }
        List<DyadicInterval> last = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            last.add(k < size ? F.of(normal.get(k)) : DyadicInterval.ZERO);
        }
        rows.add(last);
        return rows;
    }

    /** x = c + εw over an enclosure of θ at a single ε. */
    @Override
    public List<Interval> profileAt(List<Interval> theta, Rational eps) {
        List<DyadicInterval> z = point(F, theta.stream().map(F::of).toList(), F.of(eps));
        return z.subList(0, size).stream().map(F::toInterval).toList();
    }
}
