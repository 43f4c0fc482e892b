package org.equivariant.arith;

/**
 * A rigorous interval arithmetic (every result encloses the exact result for every choice of points in its operands),
 * convertible to and from decimal {@link Interval}s exactly or outward: {@link IntervalField} (decimal end-points, any
 * precision) and {@link DyadicField} (62-bit dyadic end-points, fast).
 */
public interface IntervalArithmetic<T> extends ExpField<T> {
    /** An enclosure of the decimal interval (exact where it is representable). */
    T of(Interval x);

    /** The exact decimal interval of an element. */
    Interval toInterval(T x);
}
