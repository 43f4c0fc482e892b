package org.equivariant.arith;

import java.util.List;

/**
 * The arithmetic of an ordered field in which game quantities are evaluated: exact ({@link RationalField}),
 * rigorous ({@link IntervalField}) or approximate ({@link DoubleField}, {@link DecimalField}). One algorithm written
 * against this interface serves every representation.
 */
public interface Field<T> {
    T zero();

    T one();

    /** The element representing (for intervals: enclosing) the rational r. */
    T of(Rational r);

    T add(T a, T b);

    T subtract(T a, T b);

    T multiply(T a, T b);

    T divide(T a, T b);

    T negate(T a);

    /** A fast approximate value, used only for pivoting and shifts, never as a result. */
    double estimate(T a);

    default T sum(List<T> xs) {
        T s = zero();
        for (T x : xs) {
            s = add(s, x);
        }
        return s;
    }

    default T dot(List<T> xs, List<T> ys) {
        T s = zero();
        for (int i = 0; i < xs.size(); i++) {
            s = add(s, multiply(xs.get(i), ys.get(i)));
        }
        return s;
    }
}
