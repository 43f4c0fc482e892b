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

    /** The dyadic rational m·2^e, exactly (no gcd: the power of two is taken out of m directly). */
    public static Rational dyadic(long m, int e) {
        if (m == 0) {
            return ZERO;
        }
        int twos = Long.numberOfTrailingZeros(m);
        long odd = m >> twos;
        long exponent = (long) e + twos;
        if (exponent >= 0) {
            return new Rational(BigInteger.valueOf(odd).shiftLeft((int) exponent), BigInteger.ONE);
        }
        return new Rational(BigInteger.valueOf(odd), BigInteger.ONE.shiftLeft((int) -exponent));
    }

    /**
     * A finite double rounded to a {@code bits}-bit mantissa (1 ≤ bits ≤ 53), as the exact dyadic rational it then is:
     * a short approximation for data that need only be approximate (preconditioners).
     */
    public static Rational ofDouble(double x, int bits) {
        double r = rounded(x, bits);
        if (r == 0) {
            return ZERO;
        }
        int e = exponent(r, bits);
        return dyadic(Math.round(Math.scalb(r, -e)), e);
    }

    /** A finite double rounded to a {@code bits}-bit mantissa (1 ≤ bits ≤ 53), still a double (exactly). */
    public static double rounded(double x, int bits) {
        if (!Double.isFinite(x) || bits < 1 || bits > 53) {
            throw new ArithmeticException("not a finite double with a 1..53-bit mantissa: " + x + ", " + bits);
        }
        if (x == 0) {
            return 0;
        }
        int e = exponent(x, bits);
        return Math.scalb((double) Math.round(Math.scalb(x, -e)), e);
    }

    /** The exponent of the last bit of a {@code bits}-bit mantissa of x ≠ 0. */
    private static int exponent(double x, int bits) {
        return Math.getExponent(x) - (bits - 1);
    }

    /** The exact value of a finite decimal. */
    public static Rational of(BigDecimal x) {
        if (x.scale() <= 0) {
            return of(x.toBigIntegerExact());
        }
        return of(x.unscaledValue(), BigInteger.TEN.pow(x.scale()));
    }

    /** Largest |exponent| accepted by {@link #parse} ("1e400" is fine; "1e999999999" would be a gigabyte). */
    public static final int MAX_EXPONENT = 100_000;

    private static final java.util.regex.Pattern FRACTION = java.util.regex.Pattern.compile("([+-]?[0-9]+)/([0-9]+)");
    private static final java.util.regex.Pattern DECIMAL =
        java.util.regex.Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?");

    /**
     * Parses an exact rational written in ASCII: an integer ("-3"), a fraction ("3/7"), or a decimal with optional
     * exponent ("0.25", ".5", "1e-3", "2.5E+2"), |exponent| ≤ {@value #MAX_EXPONENT}. Surrounding whitespace is
     * ignored. Throws {@link NumberFormatException} with a message in the project's words otherwise.
     */
    public static Rational parse(String text) {
        String s = text.strip();
        java.util.regex.Matcher f = FRACTION.matcher(s);
        if (f.matches()) {
            BigInteger d = new BigInteger(f.group(2));
            if (d.signum() == 0) {
                throw new NumberFormatException("'" + quote(s) + "' has a zero denominator");
            }
            return of(new BigInteger(f.group(1)), d);
        }
        java.util.regex.Matcher m = DECIMAL.matcher(s);
        String whole = m.matches() ? m.group(2) : "";
        String frac = m.matches() && m.group(3) != null ? m.group(3) : "";
        if (!m.matches() || whole.isEmpty() && frac.isEmpty()) {
            throw new NumberFormatException("'" + quote(s) + "' is not a number");
        }
        long exponent = 0;
        if (m.group(4) != null) {
            String e = m.group(4).replaceFirst("^[+-]?0*", "");
            if (e.length() > 7 || Long.parseLong(e.isEmpty() ? "0" : e) > MAX_EXPONENT) {
                throw new NumberFormatException("'" + quote(s) + "' has an exponent beyond ±" + MAX_EXPONENT);
            }
            exponent = Long.parseLong(m.group(4));
        }
        BigInteger digits = new BigInteger(whole + frac);
        if (m.group(1).equals("-")) {
            digits = digits.negate();
        }
        long scale = frac.length() - exponent;
        return scale >= 0 ? of(digits, BigInteger.TEN.pow((int) scale))
            : of(digits.multiply(BigInteger.TEN.pow((int) -scale)), BigInteger.ONE);
    }

    /** A short, printable rendering of input text for messages: at most 40 characters, controls escaped. */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder();
        int k = 0;
        for (; k < text.length() && sb.length() < 40; k++) {
            char c = text.charAt(k);
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return k < text.length() ? sb + "…" : sb.toString();
    }

    public BigInteger numerator() {
        return num;
    }

    public BigInteger denominator() {
        return den;
    }

    /** The least common multiple of the denominators (1 for none): every one of them is an integer times it. */
    public static BigInteger commonDenominator(Iterable<Rational> xs) {
        BigInteger l = BigInteger.ONE;
        BigInteger last = BigInteger.ONE; // l is a multiple of it: a repeat changes nothing
        for (Rational x : xs) {
            if (!x.den.equals(last)) {
                l = l.divide(l.gcd(x.den)).multiply(x.den);
                last = x.den;
            }
        }
        return l;
    }

    /** This times l, an integer when l is a multiple of the denominator (as {@link #commonDenominator} is). */
    public BigInteger numeratorOver(BigInteger l) {
        BigInteger[] qr = l.divideAndRemainder(den);
        if (qr[1].signum() != 0) {
            throw new ArithmeticException(l + " is not a multiple of the denominator " + den);
        }
        return num.multiply(qr[0]);
    }

    public int signum() {
        return num.signum();
    }

    public boolean isZero() {
        return num.signum() == 0;
    }

    /**
     * n₁/d₁ + n₂/d₂ by Knuth's method (TAOCP 4.5.1): with g = gcd(d₁, d₂) and t = n₁(d₂/g) + n₂(d₁/g), every common
     * factor of t and the least common multiple (d₁/g)·d₂ divides g, so the sum is (t/g₂)/((d₁/g)(d₂/g₂)) with
     * g₂ = gcd(t, g). Two gcds of operands of unequal size where the plain method takes one of the full product's:
     * decimals of a QRE at large λ have denominators of 10⁴ digits and more, whose gcd by the plain method cost
     * seconds.
     */
    public Rational add(Rational o) {
        if (den.equals(o.den)) {
            return of(num.add(o.num), den);
        }
        BigInteger g = den.gcd(o.den);
        BigInteger first = den.divide(g);
        BigInteger t = num.multiply(o.den.divide(g)).add(o.num.multiply(first));
        if (t.signum() == 0) {
            return ZERO;
        }
        BigInteger g2 = t.gcd(g);
        return new Rational(t.divide(g2), first.multiply(o.den.divide(g2)));
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

    /**
     * The exact decimal expansion when the denominator has only the prime factors 2 and 5, else null: for
     * den = 2^a·5^b and k = max(a, b), num·10^k/den at scale k (the smallest scale, num being prime to den — the
     * quotient {@link BigDecimal#divide(BigDecimal)} returns), without a division.
     */
    public BigDecimal toExactDecimalOrNull() {
        int twos = den.getLowestSetBit();
        int fives = fiveExponent(den.shiftRight(twos));
        if (fives < 0) {
            return null;
        }
        int k = Math.max(twos, fives);
        return new BigDecimal(num.multiply(FIVE.pow(k - fives)).shiftLeft(k - twos), k);
    }

    /**
     * b where odd = 5^b, else −1. The bit length of 5^b, ⌊b·log₂5⌋ + 1, grows by 2 or 3 with b, so at most one b has
     * odd's bit length: found from it and confirmed by one power — a large λ's tiny probabilities have denominators
     * of millions of fives, which dividing them out a few at a time took time quadratic in.
     */
    private static int fiveExponent(BigInteger odd) {
        int bits = odd.bitLength();
        int b = Math.max(0, (int) Math.floor((bits - 1) / LOG2_FIVE) - 1);
        BigInteger p = FIVE.pow(b);
        while (p.bitLength() < bits) {
            p = p.multiply(FIVE);
            b++;
        }
        return p.equals(odd) ? b : -1;
    }

    private static final double LOG2_FIVE = Math.log(5) / Math.log(2);
    private static final BigInteger FIVE = BigInteger.valueOf(5);

    /**
     * A fast approximation, never used for certified results: the nearest double when numerator and denominator
     * have at most 53 bits (both exact doubles, and IEEE division rounds their quotient correctly), otherwise through
     * 16 significant digits.
     */
    public double doubleValue() {
        if (num.bitLength() <= 53 && den.bitLength() <= 53) {
            return (double) num.longValue() / (double) den.longValue();
        }
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

    /**
     * {@link #toString} where it has at most 40 characters; a longer terminating decimal of at most 40 significant
     * digits as d·10^k ("1e400", "2.5e-300"), which {@link #parse} also reads back exactly; else {@link #toString}.
     */
    public String toCompactString() {
        String s = toString();
        if (s.length() <= 40) {
            return s;
        }
        BigDecimal d = toExactDecimalOrNull();
        if (d == null || (d = d.stripTrailingZeros()).precision() > 40) {
            return s;
        }
        return d.toString().replace("E+", "e").replace('E', 'e');
    }

    /** "n" for integers, "n/d" otherwise; {@link #parse} reads it back exactly. */
    @Override
    public String toString() {
        return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
    }
}
