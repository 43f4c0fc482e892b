package org.equivariant.arith;

import java.util.ArrayList;
import java.util.List;

/**
 * Forward-mode differentiation in m directions at once over an {@link ExpField}: the rules of {@link DualField} applied
 * to every partial, (a, a′)·(b, b′) = (ab, a′b + ab′), (a, a′)/(b, b′) = (q, (a′ − qb′)/b) with q = a/b,
 * exp(a, a′) = (e^a, e^a·a′), log(a, a′) = (log a, a′/a). One evaluation on (x, e_k)_k gives a function's value and
 * its whole Jacobian — each exp and log computed once rather than once per direction — rigorously enclosed when the
 * underlying field is an interval arithmetic. Constants carry no partials (no work).
 */
public final class GradientField<T> implements ExpField<Gradient<T>> {
    private final ExpField<T> f;
    private final int m;
    private final Gradient<T> zero;
    private final Gradient<T> one;

    public GradientField(ExpField<T> f, int directions) {
        this.f = f;
        this.m = directions;
        this.zero = constant(f.zero());
        this.one = constant(f.one());
    }

    /** x as a constant. */
    public Gradient<T> constant(T x) {
        return new Gradient<>(x, null);
    }

    /** x as the variable of direction k (partial 1 there, 0 elsewhere). */
    public Gradient<T> variable(T x, int k) {
        List<T> d = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            d.add(j == k ? f.one() : f.zero());
        }
        return new Gradient<>(x, d);
    }

    /** The point xs as variables: xs_k the variable of direction k. */
    public List<Gradient<T>> variables(List<T> xs) {
        List<Gradient<T>> out = new ArrayList<>(xs.size());
        for (int k = 0; k < xs.size(); k++) {
            out.add(variable(xs.get(k), k));
        }
        return out;
    }

    /** The partials of a (zeros for a constant). */
    public List<T> partials(Gradient<T> a) {
        if (a.d() != null) {
            return a.d();
        }
        List<T> d = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            d.add(f.zero());
        }
        return d;
    }

    @Override
    public Gradient<T> zero() {
        return zero;
    }

    @Override
    public Gradient<T> one() {
        return one;
    }

    @Override
    public Gradient<T> of(Rational r) {
        return constant(f.of(r));
    }

    @Override
    public Gradient<T> range(Rational lo, Rational hi) {
        return constant(f.range(lo, hi));
    }

    /** x ↦ scale·x on every partial of a (null stays null). */
    private List<T> scaled(Gradient<T> a, T scale) {
        if (a.d() == null) {
            return null;
        }
        List<T> d = new ArrayList<>(m);
        for (T x : a.d()) {
            d.add(f.multiply(x, scale));
        }
        return d;
    }

    /** sa·a′ + sb·b′ (a coefficient null means 1; a missing partial list means 0). */
    private List<T> combine(Gradient<T> a, T sa, Gradient<T> b, T sb, boolean subtract) {
        if (a.d() == null && b.d() == null) {
            return null;
        }
        List<T> d = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            T x = a.d() == null ? null : sa == null ? a.d().get(j) : f.multiply(a.d().get(j), sa);
            T y = b.d() == null ? null : sb == null ? b.d().get(j) : f.multiply(b.d().get(j), sb);
            d.add(x == null ? (subtract ? f.negate(y) : y) : y == null ? x : subtract ? f.subtract(x, y) : f.add(x, y));
        }
        return d;
    }

    @Override
    public Gradient<T> add(Gradient<T> a, Gradient<T> b) {
        return new Gradient<>(f.add(a.v(), b.v()), combine(a, null, b, null, false));
    }

    @Override
    public Gradient<T> subtract(Gradient<T> a, Gradient<T> b) {
        return new Gradient<>(f.subtract(a.v(), b.v()), combine(a, null, b, null, true));
    }

    @Override
    public Gradient<T> negate(Gradient<T> a) {
        return new Gradient<>(f.negate(a.v()), a.d() == null ? null : a.d().stream().map(f::negate).toList());
    }

    @Override
    public Gradient<T> multiply(Gradient<T> a, Gradient<T> b) {
        return new Gradient<>(f.multiply(a.v(), b.v()), combine(a, b.v(), b, a.v(), false));
    }

    @Override
    public Gradient<T> divide(Gradient<T> a, Gradient<T> b) {
        T q = f.divide(a.v(), b.v());
        if (b.d() == null) {
            return new Gradient<>(q, a.d() == null ? null : a.d().stream().map(x -> f.divide(x, b.v())).toList());
        }
        List<T> num = combine(a, null, b, q, true);
        return new Gradient<>(q, num.stream().map(x -> f.divide(x, b.v())).toList());
    }

    @Override
    public double estimate(Gradient<T> a) {
        return f.estimate(a.v());
    }

    @Override
    public Gradient<T> exp(Gradient<T> a) {
        T e = f.exp(a.v());
        return new Gradient<>(e, scaled(a, e));
    }

    @Override
    public Gradient<T> log(Gradient<T> a) {
        return new Gradient<>(f.log(a.v()), a.d() == null ? null : a.d().stream().map(x -> f.divide(x, a.v()))
            .toList());
    }
}
