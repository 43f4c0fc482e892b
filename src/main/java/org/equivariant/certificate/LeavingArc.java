package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Gradient;
import org.equivariant.arith.GradientField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * The branch that leaves a singular point of the pinned players' curve (theorem PIN-SUB (6), proofs/PIN-SUB.md), for
 * any pinned set S of at least two players, by blowing the point up: with their strategies uniform + εw (w ∈ R^{A_S},
 * normalized by ℓᵀw = 1), the others' y and λ as unknowns θ = (w, y, λ), the system
 * <pre>
 *   w_i − g(ε, ζ_i(ε)) for each i ∈ S,   g(ε, ζ) = (softmax(εζ) − uniform)/ε,
 *   y_j − softmax(λ u_j(uniform + εw, y))   for each other player j,
 *   ℓᵀw − 1
 * </pre>
 * with ζ_i(ε) = λ Σ_{k ∈ S∖i} u_i(·, (uniform + εw)_{k′ &lt; k}, w_k, uniform_{k′ &gt; k}, y) (k, k′ in S∖i, in S's
 * order): the telescoped difference (u_i(·, uniform + εw, y) − u_i(·, uniform, y))/ε, with no division, whose
 * subtracted term does not depend on the action (pinning) — for two pinned players λ·u_i(·, w_k, y). It has, for
 * ε ≠ 0, exactly the QREs (uniform + εw, y) at λ off the pinned curve, and at ε = 0 exactly the singular points of
 * the curve with w a null vector of I − L (g(0, ζ) = Dsoftmax(0)ζ). g is enclosed by interval evaluation at a single
 * ε and by the mean-value form over a range of ε (see {@link #slope}); its derivative in θ is Dsoftmax(εζ)·∂ζ (no
 * division); {@link BlownUpArc} proves the pieces of an arm.
 */
public final class LeavingArc extends BlownUpArc {
    private final int[] dims;
    private final List<Integer> pinned;
    private final List<Integer> others;
    /** The payoff tables read into the dyadic arithmetic once (every evaluation contracts them). */
    private final List<List<DyadicInterval>> payoffs;
    private final List<Rational> normalRational;

    /** The blown-up system of the game with the {@code pinned} players (PIN-SUB, two or more), ℓ = {@code normal}. */
    public LeavingArc(List<RationalTensor> payoffs, List<Integer> pinned, List<Rational> normal) {
        super(java.util.Arrays.stream(payoffs.get(0).dims()).sum() + 1);
        this.dims = payoffs.get(0).dims();
        this.pinned = List.copyOf(pinned);
        this.others = PinnedPlayers.others(dims.length, pinned);
        if (pinned.size() < 2) {
            throw new IllegalArgumentException("the leaving arcs need at least two pinned players, not "
                + pinned.size());
        }
        this.payoffs = payoffs.stream().map(t -> t.in(F)).toList();
        this.normalRational = List.copyOf(normal);
        if (normal.size() != wSize()) {
            throw new IllegalArgumentException("the normalization has " + normal.size() + " entries, expected one per "
                + "action of the pinned players");
        }
    }

    /** The strategies (w or y blocks) of θ, one list per player in game order, and λ. */
    private <T> List<List<T>> blocks(List<T> theta, int from, List<Integer> players) {
        List<List<T>> out = new ArrayList<>();
        int k = from;
        for (int i : players) {
            out.add(theta.subList(k, k + dims[i]));
            k += dims[i];
        }
        return out;
    }

    private int wSize() {
        return pinned.stream().mapToInt(i -> dims[i]).sum();
    }

    /** The Jacobian of G over the box θ for every ε in {@code eps}: Dsoftmax(εζ)·∂ζ in the pinned rows. */
    @Override
    List<List<DyadicInterval>> jacobian(List<DyadicInterval> theta, DyadicInterval eps) {
        GradientField<DyadicInterval> g = new GradientField<>(F, n);
        List<Gradient<DyadicInterval>> x = g.variables(theta);
        List<Gradient<DyadicInterval>> rows = new ArrayList<>();
        List<List<Gradient<DyadicInterval>>> w = blocks(x, 0, pinned);
        List<List<Gradient<DyadicInterval>>> y = blocks(x, wSize(), others);
        List<List<Gradient<DyadicInterval>>> tables = constants(g);
        for (int s = 0; s < pinned.size(); s++) {
            List<Gradient<DyadicInterval>> zeta = zeta(g, tables, s, w, y, x.get(n - 1), g.constant(eps));
            List<DyadicInterval> p = F.softmax(zeta.stream().map(t -> eps.multiply(t.v())).toList());
            for (int a = 0; a < zeta.size(); a++) {
                Gradient<DyadicInterval> q = g.zero();
                for (int b = 0; b < zeta.size(); b++) {
                    DyadicInterval m = (a == b ? p.get(a) : DyadicInterval.ZERO).subtract(p.get(a).multiply(p.get(b)));
                    q = g.add(q, g.multiply(g.constant(m), zeta.get(b)));
                }
                rows.add(g.subtract(w.get(s).get(a), q));
            }
        }
        rows.addAll(otherRows(g, tables, x, g.constant(eps)));
        rows.add(normalization(g, normalRational, x, 0));
        return rows.stream().map(g::partials).toList();
    }

    /** The payoff tables as constants of a differentiation field. */
    private List<List<Gradient<DyadicInterval>>> constants(GradientField<DyadicInterval> g) {
        return payoffs.stream().map(t -> t.stream().map(g::constant).toList()).toList();
    }

    /**
     * G at the point θ and ε = m, over E = m's dyadic enclosure, by interval evaluation: the pinned rows w − g(E, ζ(E))
     * with g(E, ζ) = (softmax(Eζ) − uniform)/E, at m = 0 (E = {0}) Dsoftmax(0)ζ; the other rows directly over E.
     */
    @Override
    List<DyadicInterval> value(List<DyadicInterval> theta, Rational m) {
        DyadicInterval eps = F.of(m);
        List<List<DyadicInterval>> w = blocks(theta, 0, pinned);
        List<List<DyadicInterval>> y = blocks(theta, wSize(), others);
        List<DyadicInterval> out = new ArrayList<>();
        for (int s = 0; s < pinned.size(); s++) {
            List<DyadicInterval> zeta = zeta(F, payoffs, s, w, y, theta.get(n - 1), eps);
            int size = zeta.size();
            DyadicInterval inv = F.of(Rational.of(1, size));
            List<DyadicInterval> g;
            if (m.signum() == 0) {
                DyadicInterval mean = F.sum(zeta).multiply(inv);
                g = zeta.stream().map(z -> z.subtract(mean).multiply(inv)).toList();
            } else {
                g = F.softmax(zeta.stream().map(eps::multiply).toList()).stream().map(q -> q.subtract(inv)
                    .divide(eps)).toList();
            }
            for (int a = 0; a < size; a++) {
                out.add(w.get(s).get(a).subtract(g.get(a)));
            }
        }
        out.addAll(otherRows(F, payoffs, theta, eps));
        out.add(normalization(F, normalRational, theta, 0));
        return out;
    }

    /**
     * ∂G/∂ε at the point θ for every ε in E: in the pinned rows −(∂_εg + Dsoftmax(εζ)·ζ′(ε)), with ∂_εg(ε, ζ) ∈ ½H
     * ({@link #halfSecond}) over ζ ∈ ζ(E) and ζ′ the derivative of the telescoped sum (0 for two pinned players); the
     * other rows by differentiation in ε, 0 in the normalization.
     */
    @Override
    List<DyadicInterval> slope(List<DyadicInterval> theta, DyadicInterval eps) {
        GradientField<DyadicInterval> g = new GradientField<>(F, 1);
        List<Gradient<DyadicInterval>> constant = theta.stream().map(g::constant).toList();
        List<List<Gradient<DyadicInterval>>> tables = constants(g);
        List<List<Gradient<DyadicInterval>>> w = blocks(constant, 0, pinned);
        List<List<Gradient<DyadicInterval>>> y = blocks(constant, wSize(), others);
        Gradient<DyadicInterval> e = g.variable(eps, 0);
        List<DyadicInterval> out = new ArrayList<>();
        for (int s = 0; s < pinned.size(); s++) {
            List<Gradient<DyadicInterval>> zeta = zeta(g, tables, s, w, y, constant.get(n - 1), e);
            List<DyadicInterval> values = zeta.stream().map(Gradient::v).toList();
            List<DyadicInterval> p = F.softmax(values.stream().map(eps::multiply).toList());
            List<DyadicInterval> half = halfSecond(values, eps);
            DyadicInterval pd = DyadicInterval.ZERO;
            for (int b = 0; b < zeta.size(); b++) {
                pd = pd.add(p.get(b).multiply(g.partials(zeta.get(b)).get(0)));
            }
            for (int a = 0; a < zeta.size(); a++) {
                DyadicInterval chain = p.get(a).multiply(g.partials(zeta.get(a)).get(0).subtract(pd));
                out.add(half.get(a).add(chain).negate());
            }
        }
        for (Gradient<DyadicInterval> row : otherRows(g, tables, constant, e)) {
            out.add(g.partials(row).get(0));
        }
        out.add(DyadicInterval.ZERO);
        return out;
    }

    /**
     * ½H: an enclosure of ½·D²softmax(x)[ζ, ζ] = ½p_a((ζ_a − p·ζ)² − (p·ζ² − (p·ζ)²)), p = softmax(x), for every x in
     * hull(0, Eζ).
     */
    private static List<DyadicInterval> halfSecond(List<DyadicInterval> zeta, DyadicInterval eps) {
        List<DyadicInterval> p = F.softmax(zeta.stream().map(z -> eps.multiply(z).hull(DyadicInterval.ZERO)).toList());
        DyadicInterval pz = F.dot(p, zeta);
        DyadicInterval pzz = F.dot(p, zeta.stream().map(z -> z.multiply(z)).toList());
        DyadicInterval variance = pzz.subtract(pz.multiply(pz));
        DyadicInterval half = F.of(Rational.of(1, 2));
        List<DyadicInterval> out = new ArrayList<>();
        for (int a = 0; a < zeta.size(); a++) {
            DyadicInterval d = zeta.get(a).subtract(pz);
            out.add(half.multiply(p.get(a).multiply(d.multiply(d).subtract(variance))));
        }
        return out;
    }

    /** y_j − softmax(λ u_j(uniform + εw, y)) for each player j outside S. */
    private <T> List<T> otherRows(org.equivariant.arith.ExpField<T> f, List<List<T>> tables, List<T> theta, T eps) {
        List<List<T>> w = blocks(theta, 0, pinned);
        List<List<T>> y = blocks(theta, wSize(), others);
        List<T> out = new ArrayList<>();
        for (int s = 0; s < others.size(); s++) {
            int j = others.get(s);
            List<List<T>> profile = new ArrayList<>();
            for (int k = 0; k < dims.length; k++) {
                int ps = pinned.indexOf(k);
                if (k == j) {
                    profile.add(List.of());
                } else if (ps >= 0) {
                    profile.add(shifted(f, k, w.get(ps), eps));
                } else {
                    profile.add(y.get(others.indexOf(k)));
                }
            }
            T lambda = theta.get(n - 1);
            List<T> u = RationalTensor.contract(f, dims, tables.get(j), profile, j);
            List<T> soft = f.softmax(u.stream().map(t -> f.multiply(lambda, t)).toList());
            for (int b = 0; b < dims[j]; b++) {
                out.add(f.subtract(y.get(s).get(b), soft.get(b)));
            }
        }
        return out;
    }

    /**
     * ζ for the s-th pinned player at θ = (w, y, λ) and ε, in any field ({@code tables}: the payoff tables in it) — for
     * the tracer's double form of this system.
     */
    public <T> List<T> zeta(org.equivariant.arith.Field<T> f, List<List<T>> tables, int s, List<T> theta, T eps) {
        return zeta(f, tables, s, blocks(theta, 0, pinned), blocks(theta, wSize(), others), theta.get(n - 1), eps);
    }

    /**
     * ζ for the s-th pinned player i: λ Σ_{k ∈ S∖i} u_i(·, (uniform + εw)_{k′ &lt; k}, w_k, uniform_{k′ &gt; k},
     * y), the telescoped (u_i(·, uniform + εw, y) − u_i(·, uniform, y))/ε.
     */
    private <T> List<T> zeta(org.equivariant.arith.Field<T> f, List<List<T>> tables, int s, List<List<T>> w,
                             List<List<T>> y, T lambda, T eps) {
        int i = pinned.get(s);
        List<T> sum = null;
        for (int t = 0; t < pinned.size(); t++) {
            if (t == s) {
                continue;
            }
            List<List<T>> profile = new ArrayList<>();
            for (int j = 0; j < dims.length; j++) {
                int q = pinned.indexOf(j);
                profile.add(j == i ? List.of() : q < 0 ? y.get(others.indexOf(j)) : q == t ? w.get(t) : q < t
                    ? shifted(f, j, w.get(q), eps) : java.util.Collections.nCopies(dims[j], f.of(Rational.of(1,
                    dims[j]))));
            }
            List<T> term = RationalTensor.contract(f, dims, tables.get(i), profile, i);
            if (sum == null) {
                sum = term;
            } else {
                List<T> a = sum;
                sum = java.util.stream.IntStream.range(0, term.size()).mapToObj(b -> f.add(a.get(b), term.get(b)))
                    .toList();
            }
        }
        return sum.stream().map(t -> f.multiply(lambda, t)).toList();
    }

    /** uniform + εw for pinned player k. */
    private <T> List<T> shifted(org.equivariant.arith.Field<T> f, int k, List<T> w, T eps) {
        T u = f.of(Rational.of(1, dims[k]));
        return w.stream().map(x -> f.add(u, f.multiply(eps, x))).toList();
    }

    /** The full profile (uniform + εw, y) over an enclosure of θ at a single ε, as intervals. */
    @Override
    public List<Interval> profileAt(List<Interval> theta, Rational eps) {
        List<Interval> out = new ArrayList<>();
        DyadicInterval e = F.of(eps);
        int ws = wSize();
        for (int k = 0, wi = 0, yi = ws; k < dims.length; k++) {
            boolean isPinned = pinned.contains(k);
            for (int a = 0; a < dims[k]; a++) {
                out.add(isPinned ? F.toInterval(F.of(Rational.of(1, dims[k])).add(e.multiply(F.of(theta.get(wi++)))))
                    : theta.get(yi++));
            }
        }
        return out;
    }
}
