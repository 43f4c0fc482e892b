package org.equivariant.arith;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A closed real interval [lo, hi] with decimal end-points. Every operation that takes {@code digits} rounds its
 * lower end-point toward −∞ and its upper end-point toward +∞ at that many significant digits, so the result
 * contains the exact result for every choice of points in the operands (inclusion property).
 */
public record Interval(BigDecimal lo, BigDecimal hi) {
    public static final Interval ZERO = point(BigDecimal.ZERO);
    public static final Interval ONE = point(BigDecimal.ONE);

    public Interval {
        if (lo.compareTo(hi) > 0) {
            throw new IllegalArgumentException("empty interval [" + lo + ", " + hi + "]");
        }
    }

    public static Interval point(BigDecimal x) {
        return new Interval(x, x);
    }

    public static Interval of(BigDecimal lo, BigDecimal hi) {
        return new Interval(lo, hi);
    }

    /** The tightest interval at {@code digits} significant digits that contains the rational r. */
    public static Interval of(Rational r, int digits) {
        BigDecimal exact = r.toExactDecimalOrNull();
        if (exact != null && exact.precision() <= digits) {
            return point(exact);
        }
        return new Interval(r.toBigDecimal(down(digits)), r.toBigDecimal(up(digits)));
    }

    static MathContext down(int digits) {
        return new MathContext(digits, RoundingMode.FLOOR);
    }

    static MathContext up(int digits) {
        return new MathContext(digits, RoundingMode.CEILING);
    }

    public Interval add(Interval b, int digits) {
        return new Interval(lo.add(b.lo, down(digits)), hi.add(b.hi, up(digits)));
    }

    public Interval subtract(Interval b, int digits) {
        return new Interval(lo.subtract(b.hi, down(digits)), hi.subtract(b.lo, up(digits)));
    }

    public Interval negate() {
        return new Interval(hi.negate(), lo.negate());
    }

    public Interval multiply(Interval b, int digits) {
        MathContext dn = down(digits);
        MathContext u = up(digits);
        if (lo.signum() >= 0 && b.lo.signum() >= 0) {
            return new Interval(lo.multiply(b.lo, dn), hi.multiply(b.hi, u));
        }
        BigDecimal[] ps = {lo.multiply(b.lo), lo.multiply(b.hi), hi.multiply(b.lo), hi.multiply(b.hi)};
        BigDecimal min = ps[0];
        BigDecimal max = ps[0];
        for (BigDecimal p : ps) {
            min = p.min(min);
            max = p.max(max);
        }
        return new Interval(min.round(dn), max.round(u));
    }

    /** Division; the divisor must not contain zero. */
    public Interval divide(Interval b, int digits) {
        if (b.containsZero()) {
            throw new ArithmeticException("interval division by " + b + ", which contains zero");
        }
        return multiply(b.reciprocal(digits), digits);
    }

    public Interval reciprocal(int digits) {
        if (containsZero()) {
            throw new ArithmeticException("reciprocal of " + this + ", which contains zero");
        }
        return new Interval(BigDecimal.ONE.divide(hi, down(digits)), BigDecimal.ONE.divide(lo, up(digits)));
    }

    public Interval exp(int digits) {
        return Enclosures.exp(this, digits);
    }

    public Interval log(int digits) {
        return Enclosures.log(this, digits);
    }

    public boolean containsZero() {
        return lo.signum() <= 0 && hi.signum() >= 0;
    }

    public boolean contains(BigDecimal x) {
        return lo.compareTo(x) <= 0 && x.compareTo(hi) <= 0;
    }

    public boolean contains(Rational x) {
        return Rational.of(lo).compareTo(x) <= 0 && x.compareTo(Rational.of(hi)) <= 0;
    }

    /** This interval is a subset of {@code outer}. */
    public boolean isSubsetOf(Interval outer) {
        return outer.lo.compareTo(lo) <= 0 && hi.compareTo(outer.hi) <= 0;
    }

    /** This interval lies in the interior of {@code outer}. */
    public boolean isInteriorTo(Interval outer) {
        return outer.lo.compareTo(lo) < 0 && hi.compareTo(outer.hi) < 0;
    }

    public boolean isDisjointFrom(Interval o) {
        return hi.compareTo(o.lo) < 0 || o.hi.compareTo(lo) < 0;
    }

    /** Intersection; throws if empty. */
    public Interval intersect(Interval o) {
        return new Interval(lo.max(o.lo), hi.min(o.hi));
    }

    public Interval hull(Interval o) {
        return new Interval(lo.min(o.lo), hi.max(o.hi));
    }

    /** hi − lo, exactly. */
    public BigDecimal width() {
        return hi.subtract(lo);
    }

    /** The exact midpoint (lo + hi)/2. */
    public BigDecimal mid() {
        return lo.add(hi).divide(BigDecimal.valueOf(2));
    }

    /** max(|lo|, |hi|). */
    public BigDecimal magnitude() {
        return lo.abs().max(hi.abs());
    }

    /** Enlarges by r ≥ 0 on both sides (exactly). */
    public Interval inflate(BigDecimal r) {
        return new Interval(lo.subtract(r), hi.add(r));
    }

    /** The enclosing interval with end-points rounded outward to {@code digits} significant digits (for display). */
    public Interval outward(int digits) {
        return new Interval(lo.round(new java.math.MathContext(digits, java.math.RoundingMode.FLOOR)),
            hi.round(new java.math.MathContext(digits, java.math.RoundingMode.CEILING)));
    }

    @Override
    public String toString() {
        return "[" + lo.toString() + ", " + hi.toString() + "]";
    }
}
