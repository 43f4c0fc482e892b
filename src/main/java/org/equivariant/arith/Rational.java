package org.equivariant.arith;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * An exact rational number n/d with {@code BigInteger} parts, always normalized: gcd(n, d) = 1 and d &gt; 0.
 * Equality and hashing are therefore exact (1/2 equals 2/4 after construction).
 */
public final class Rational implements Comparable<Rational> {
    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);
    public static final Rational TWO = new Rational(BigInteger.TWO, BigInteger.ONE);

    private final BigInteger num;
    private final BigInteger den;

    private Rational(BigInteger num, BigInteger den) {
        this.num = num;
        this.den = den;
    }

    /** n/d, normalized; d must be non-zero. */
    public static Rational of(BigInteger n, BigInteger d) {
        if (d.signum() == 0) {
            throw new ArithmeticException("zero denominator in " + n + "/0");
        }
        if (d.signum() < 0) {
            n = n.negate();
            d = d.negate();
        }
        BigInteger g = n.gcd(d);
        if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
            n = n.divide(g);
            d = d.divide(g);
        }
        if (n.signum() == 0) {
            return ZERO;
        }
        return new Rational(n, d);
    }

    public static Rational of(long n, long d) {
        return of(BigInteger.valueOf(n), BigInteger.valueOf(d));
    }

    public static Rational of(long n) {
        return of(BigInteger.valueOf(n), BigInteger.ONE);
    }

    public static Rational of(BigInteger n) {
        return of(n, BigInteger.ONE);
    }

    /** The exact value of a finite decimal. */
    public static Rational of(BigDecimal x) {
        if (x.scale() <= 0) {
            return of(x.toBigIntegerExact());
        }
        return of(x.unscaledValue(), BigInteger.TEN.pow(x.scale()));
    }

    /**
     * Parses an exact rational: an integer ("-3"), a fraction ("3/7"), or a decimal with optional exponent
     * ("0.25", ".5", "1e-3", "2.5E+2"). Throws {@link NumberFormatException} naming the text otherwise.
     */
    public static Rational parse(String text) {
        String s = text.strip();
        try {
            int slash = s.indexOf('/');
            if (slash >= 0) {
                BigInteger n = new BigInteger(s.substring(0, slash).strip());
                String ds = s.substring(slash + 1).strip();
                if (ds.startsWith("+") || ds.startsWith("-")) {
                    throw new NumberFormatException("signed denominator");
                }
                BigInteger d = new BigInteger(ds);
                if (d.signum() == 0) {
                    throw new NumberFormatException("zero denominator");
                }
                return of(n, d);
            }
            if (s.isEmpty() || s.endsWith(".") && s.length() == 1) {
                throw new NumberFormatException("empty");
            }
            return of(new BigDecimal(s));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new NumberFormatException("not a rational number: '" + text + "'");
        }
    }

    public BigInteger numerator() {
        return num;
    }

    public BigInteger denominator() {
        return den;
    }

    public int signum() {
        return num.signum();
    }

    public boolean isZero() {
        return num.signum() == 0;
    }

    public Rational add(Rational o) {
        if (den.equals(o.den)) {
            return of(num.add(o.num), den);
        }
        return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    public Rational subtract(Rational o) {
        return add(o.negate());
    }

    public Rational multiply(Rational o) {
        return of(num.multiply(o.num), den.multiply(o.den));
    }

    public Rational divide(Rational o) {
        if (o.isZero()) {
            throw new ArithmeticException("division by zero");
        }
        return of(num.multiply(o.den), den.multiply(o.num));
    }

    public Rational negate() {
        return num.signum() == 0 ? this : new Rational(num.negate(), den);
    }

    public Rational abs() {
        return num.signum() < 0 ? negate() : this;
    }

    public Rational reciprocal() {
        return ONE.divide(this);
    }

    public Rational pow(int k) {
        if (k < 0) {
            return reciprocal().pow(-k);
        }
        return of(num.pow(k), den.pow(k));
    }

    public Rational max(Rational o) {
        return compareTo(o) >= 0 ? this : o;
    }

    public Rational min(Rational o) {
        return compareTo(o) <= 0 ? this : o;
    }

    /** Largest integer not above this number. */
    public BigInteger floor() {
        BigInteger[] qr = num.divideAndRemainder(den);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /** The decimal nearest to this number in the given direction, with {@code mc.getPrecision()} significant digits. */
    public BigDecimal toBigDecimal(MathContext mc) {
        return new BigDecimal(num).divide(new BigDecimal(den), mc);
    }

    public BigDecimal toBigDecimal(int digits, RoundingMode mode) {
        return toBigDecimal(new MathContext(digits, mode));
    }

    /** The exact decimal expansion when the denominator has only the prime factors 2 and 5, else null. */
    public BigDecimal toExactDecimalOrNull() {
        try {
            return new BigDecimal(num).divide(new BigDecimal(den));
        } catch (ArithmeticException nonTerminating) {
            return null;
        }
    }

    /** A fast approximation; never used for certified results. */
    public double doubleValue() {
        return toBigDecimal(MathContext.DECIMAL64).doubleValue();
    }

    @Override
    public int compareTo(Rational o) {
        return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rational r && num.equals(r.num) && den.equals(r.den);
    }

    @Override
    public int hashCode() {
        return 31 * num.hashCode() + den.hashCode();
    }

    /** "n" for integers, "n/d" otherwise; {@link #parse} reads it back exactly. */
    @Override
    public String toString() {
        return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
    }
}
