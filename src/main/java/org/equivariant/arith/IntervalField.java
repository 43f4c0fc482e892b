package org.equivariant.arith;

import java.util.List;

/** Rigorous interval arithmetic with outward rounding at a fixed number of significant digits. */
public record IntervalField(int digits) implements IntervalArithmetic<Interval> {
    public IntervalField {
        if (digits < 5) {
            throw new IllegalArgumentException("interval precision must be at least 5 digits, got " + digits);
        }
    }

    @Override
    public Interval zero() {
        return Interval.ZERO;
    }

    @Override
    public Interval one() {
        return Interval.ONE;
    }

    @Override
    public Interval of(Rational r) {
        return Interval.of(r, digits);
    }

    /** The interval itself (decimal intervals are this arithmetic's elements). */
    @Override
    public Interval of(Interval x) {
        return x;
    }

    @Override
    public Interval toInterval(Interval x) {
        return x;
    }

    @Override
    public Interval intersect(Interval a, Interval b) {
        return a.isDisjointFrom(b) ? null : a.intersect(b);
    }

    /** The exact decimal midpoint. */
    @Override
    public Interval midpoint(Interval x) {
        return Interval.point(x.mid());
    }

    @Override
    public double widthEstimate(Interval x) {
        return x.width().doubleValue();
    }

    @Override
    public Interval add(Interval a, Interval b) {
        return a.add(b, digits);
    }

    @Override
    public Interval subtract(Interval a, Interval b) {
        return a.subtract(b, digits);
    }

    @Override
    public Interval multiply(Interval a, Interval b) {
        return a.multiply(b, digits);
    }

    @Override
    public Interval divide(Interval a, Interval b) {
        return a.divide(b, digits);
    }

    @Override
    public Interval negate(Interval a) {
        return a.negate();
    }

    @Override
    public double estimate(Interval a) {
        return a.mid().doubleValue();
    }

    @Override
    public Interval exp(Interval a) {
        return Enclosures.exp(a, digits);
    }

    @Override
    public Interval log(Interval a) {
        return Enclosures.log(a, digits);
    }

    /** The sharp enclosure of {@link Enclosures#softmax}. */
    @Override
    public List<Interval> softmax(List<Interval> theta) {
        return Enclosures.softmax(theta, digits);
    }
}
