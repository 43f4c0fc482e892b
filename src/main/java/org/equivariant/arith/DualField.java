package org.equivariant.arith;

/**
 * The dual numbers over an {@link ExpField}: (a, a′)·(b, b′) = (ab, a′b + ab′), (a, a′)/(b, b′) = (q, (a′ − qb′)/b)
 * with q = a/b, exp(a, a′) = (e^a, e^a·a′), log(a, a′) = (log a, a′/a). Any algorithm written against
 * {@link ExpField} run on {@code (x, e_k)} gives its value and its partial derivative in direction k, rigorously
 * enclosed when the underlying field is an interval arithmetic.
 */
public final class DualField<T> implements ExpField<Dual<T>> {
    private final ExpField<T> f;
    private final Dual<T> zero;
    private final Dual<T> one;

    public DualField(ExpField<T> f) {
        this.f = f;
        this.zero = new Dual<>(f.zero(), f.zero());
        this.one = new Dual<>(f.one(), f.zero());
    }

    /** The field of the value and derivative parts. */
    public ExpField<T> base() {
        return f;
    }

    /** x as a constant (derivative 0). */
    public Dual<T> constant(T x) {
        return new Dual<>(x, f.zero());
    }

    /** x as the variable of differentiation (derivative 1). */
    public Dual<T> variable(T x) {
        return new Dual<>(x, f.one());
    }

    @Override
    public Dual<T> zero() {
        return zero;
    }

    @Override
    public Dual<T> one() {
        return one;
    }

    @Override
    public Dual<T> of(Rational r) {
        return constant(f.of(r));
    }

    @Override
    public Dual<T> range(Rational lo, Rational hi) {
        return constant(f.range(lo, hi));
    }

    @Override
    public Dual<T> add(Dual<T> a, Dual<T> b) {
        return new Dual<>(f.add(a.v(), b.v()), f.add(a.d(), b.d()));
    }

    @Override
    public Dual<T> subtract(Dual<T> a, Dual<T> b) {
        return new Dual<>(f.subtract(a.v(), b.v()), f.subtract(a.d(), b.d()));
    }

    @Override
    public Dual<T> negate(Dual<T> a) {
        return new Dual<>(f.negate(a.v()), f.negate(a.d()));
    }

    @Override
    public Dual<T> multiply(Dual<T> a, Dual<T> b) {
        return new Dual<>(f.multiply(a.v(), b.v()), f.add(f.multiply(a.d(), b.v()), f.multiply(a.v(), b.d())));
    }

    @Override
    public Dual<T> divide(Dual<T> a, Dual<T> b) {
        T q = f.divide(a.v(), b.v());
        return new Dual<>(q, f.divide(f.subtract(a.d(), f.multiply(q, b.d())), b.v()));
    }

    @Override
    public double estimate(Dual<T> a) {
        return f.estimate(a.v());
    }

    @Override
    public Dual<T> exp(Dual<T> a) {
        T e = f.exp(a.v());
        return new Dual<>(e, f.multiply(e, a.d()));
    }

    @Override
    public Dual<T> log(Dual<T> a) {
        return new Dual<>(f.log(a.v()), f.divide(a.d(), a.v()));
    }
}
