package org.equivariant.arith;

/**
 * A rigorous interval arithmetic (every result encloses the exact result for every choice of points in its operands),
 * convertible to and from decimal {@link Interval}s exactly or outward: {@link IntervalField} (decimal end-points, any
 * precision) and {@link DyadicField} (62-bit dyadic end-points, fast).
 */
public interface IntervalArithmetic<T> extends ExpField<T> {
    /** An enclosure of the decimal interval (exact where it is representable). */
    T of(Interval x);

    /** The element {@code of(r)} for r the exact value of the finite double x. */
    default T ofExactDouble(double x) {
        return of(Rational.ofDouble(x, 53));
    }

    /**
     * Entry j of a row of rationals: read straight from its double when the row is a {@link DyadicRow}, else
     * converted from the rational — the same element either way.
     */
    default T entry(java.util.List<Rational> row, int j) {
        return row instanceof DyadicRow d ? ofExactDouble(d.exactDouble(j)) : of(row.get(j));
    }

    /** The exact decimal interval of an element. */
    Interval toInterval(T x);

    /** The intersection of two elements, exactly; null when they are disjoint. */
    T intersect(T a, T b);

    /** A point (a degenerate element) that lies in x, near its middle. */
    T midpoint(T x);

    /** x's width rounded to a double (for step control, never a bound). */
    double widthEstimate(T x);

    /** The hull of the end-points' enclosures: every value in [lo, hi] lies in it. */
    @Override
    default T range(Rational lo, Rational hi) {
        if (hi.compareTo(lo) < 0) {
            throw new IllegalArgumentException("an empty range [" + lo + ", " + hi + "]");
        }
        return lo.equals(hi) ? of(lo) : of(toInterval(of(lo)).hull(toInterval(of(hi))));
    }
}
