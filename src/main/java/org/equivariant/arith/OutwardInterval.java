package org.equivariant.arith;

/**
 * An interval [lo, hi] of doubles whose operations round outward: each end-point is computed to nearest (IEEE 754)
 * and then moved one unit in the last place outward ({@link Math#nextDown}, {@link Math#nextUp}), so the result
 * contains the exact result for every choice of points in the operands (a rounding to nearest is off by at most half
 * a unit, also in the subnormal range). For small terms that need a rigorous bound rather than precision — a Taylor
 * product's powers of ε above the third and its remainder terms ({@link AffineField#multiply}) — at the cost of a
 * few double operations instead of 62-bit dyadic ones. A non-finite end-point surfaces as an ArithmeticException
 * when the bound is converted back ({@link #toDyadic}).
 */
record OutwardInterval(double lo, double hi) {
    /** An enclosure of x: its ends rounded outward to doubles. */
    static OutwardInterval of(DyadicInterval x) {
        return new OutwardInterval(x.loDouble(), x.hiDouble());
    }

    OutwardInterval plus(OutwardInterval y) {
        return new OutwardInterval(Math.nextDown(lo + y.lo), Math.nextUp(hi + y.hi));
    }

    OutwardInterval times(OutwardInterval y) {
        double a = lo * y.lo;
        double b = lo * y.hi;
        double c = hi * y.lo;
        double d = hi * y.hi;
        return new OutwardInterval(Math.nextDown(Math.min(Math.min(a, b), Math.min(c, d))),
            Math.nextUp(Math.max(Math.max(a, b), Math.max(c, d))));
    }

    /** x·[−1, 1], exactly. */
    OutwardInterval timesUnit() {
        double m = Math.max(Math.abs(lo), Math.abs(hi));
        return new OutwardInterval(-m, m);
    }

    /** x·[0, 1] = [min(lo, 0), max(hi, 0)], exactly. */
    OutwardInterval timesZeroOne() {
        return new OutwardInterval(Math.min(lo, 0), Math.max(hi, 0));
    }

    /** The same interval as dyadic end-points, exactly; an ArithmeticException for a non-finite end. */
    DyadicInterval toDyadic() {
        return DyadicInterval.ofDoubles(lo, hi);
    }
}
