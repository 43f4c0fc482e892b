package org.equivariant.arith;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A closed interval [lo, hi] whose end-points are dyadic rationals m·2^e with |m| &lt; 2^62 (about 18.6 significant
 * decimal digits). Every operation computes the exact result of its end-points in 128-bit integer arithmetic and
 * rounds the lower end toward −∞ and the upper end toward +∞, so — like {@link Interval}, and with no floating point
 * anywhere — the result contains the exact result for every choice of points in the operands (inclusion property).
 * It is the fast arithmetic of the certified branch tracer: a shift, not a decimal division, per rounding.
 */
public final class DyadicInterval {
    /** Mantissas have at most this many bits. */
    public static final int PRECISION = 62;
    private static final long LIMIT = 1L << PRECISION;

    private final long loM;
    private final int loE;
    private final long hiM;
    private final int hiE;

    private DyadicInterval(long loM, int loE, long hiM, int hiE) {
        this.loM = loM;
        this.loE = loE;
        this.hiM = hiM;
        this.hiE = hiE;
    }

    public static final DyadicInterval ZERO = new DyadicInterval(0, 0, 0, 0);
    public static final DyadicInterval ONE = new DyadicInterval(1L << (PRECISION - 1), 1 - PRECISION,
        1L << (PRECISION - 1), 1 - PRECISION);

    /** The integer k (exact for |k| &lt; 2^62). */
    public static DyadicInterval of(long k) {
        long[] r = normalize(k, 0);
        return new DyadicInterval(r[0], (int) r[1], r[0], (int) r[1]);
    }

    /** The tightest interval of this form containing the rational r (a dyadic n/2^k, |n| &lt; 2^61: no division). */
    public static DyadicInterval of(Rational r) {
        BigInteger d = r.denominator();
        int k = d.getLowestSetBit();
        if (d.bitLength() == k + 1 && r.numerator().bitLength() < PRECISION) {
            return of(r.numerator().longValue()).scale(-k);
        }
        long[] lo = round(r.numerator(), r.denominator(), false);
        long[] hi = round(r.numerator(), r.denominator(), true);
        return new DyadicInterval(lo[0], (int) lo[1], hi[0], (int) hi[1]);
    }

    /** An enclosure of a decimal interval (exact when its end-points are dyadic and short enough). */
    public static DyadicInterval of(Interval x) {
        DyadicInterval lo = of(x.lo());
        DyadicInterval hi = x.lo().compareTo(x.hi()) == 0 ? lo : of(x.hi());
        return new DyadicInterval(lo.loM, lo.loE, hi.hiM, hi.hiE);
    }

    /**
     * Enclosures of 10^−s and the powers 5^s, each computed at its first use and kept: a run uses a few dozen of them,
     * and filling the tables up front cost a short run 15 ms of interpreted arithmetic. Two threads racing for an entry
     * store equal immutable values.
     */
    private static final DyadicInterval[] TEN_TO_MINUS = new DyadicInterval[64];
    private static final BigInteger[] FIVE_TO = new BigInteger[1100];
    /** The powers 5^s below 2^63 (s ≤ 27). */
    private static final long[] FIVES = new long[28];

    static {
        FIVES[0] = 1;
        for (int s = 1; s < FIVES.length; s++) {
            FIVES[s] = 5 * FIVES[s - 1];
        }
    }

    private static DyadicInterval tenToMinus(int s) {
        DyadicInterval t = TEN_TO_MINUS[s];
        if (t == null) {
            t = of(Rational.of(BigInteger.ONE, BigInteger.TEN.pow(s)));
            TEN_TO_MINUS[s] = t;
        }
        return t;
    }

    /** The inverse of 5 modulo 2^64: 5·0xCCCCCCCCCCCCCCCD = 4·2^64 + 1. */
    private static final long INVERSE_FIVE = 0xCCCCCCCCCCCCCCCDL;

    /** 5^−s modulo 2^64, by squaring. */
    private static long inverseFiveTo(int s) {
        long r = 1;
        long b = INVERSE_FIVE;
        for (int e = s; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                r *= b;
            }
            b *= b;
        }
        return r;
    }

    /** Scales above which {@link #of(BigDecimal)} encloses 10^−s by {@link #tenToMinusPower} instead of exactly. */
    static final int HUGE_SCALE = 10_000;

    /**
     * An enclosure of 10^−s, s ≥ 1: 10^−(s mod 1000) times the q-th power (q = ⌊s/1000⌋) of the tightest enclosure of
     * 10^−1000, by binary powering with every product rounded outward — relative width about (q + 2 log₂ q + 2)·2^−61
     * (the power multiplies the base's own width by q).
     */
    static DyadicInterval tenToMinusPower(int s) {
        DyadicInterval result = of(BigDecimal.ONE.scaleByPowerOfTen(-(s % 1000)));
        DyadicInterval base = of(BigDecimal.ONE.scaleByPowerOfTen(-1000));
        for (int k = s / 1000; k > 0; k >>= 1) {
            if ((k & 1) != 0) {
                result = result.multiply(base);
            }
            if (k > 1) {
                base = base.multiply(base);
            }
        }
        return result;
    }

    /** 5^s: from the table below its length, computed afresh above. */
    static BigInteger fiveTo(int s) {
        if (s >= FIVE_TO.length) {
            return BigInteger.valueOf(5).pow(s);
        }
        BigInteger f = FIVE_TO[s];
        if (f == null) {
            f = BigInteger.valueOf(5).pow(s);
            FIVE_TO[s] = f;
        }
        return f;
    }

    /**
     * An enclosure of a decimal u·10^−s: exact for an integer and, for 0 &lt; s &lt; 1100, for a dyadic value
     * u = q·5^s with |q| &lt; 2^62 (the point q·2^−s: so every decimal form of such an end-point, whatever its trailing
     * zeros, gives the same point); else u (exact, when it fits 62 bits) times an enclosure of 10^−s (tabulated) — one
     * outward rounding instead of a long division; for s above {@link #HUGE_SCALE} u times a powered enclosure of
     * 10^−s (a few ulps wide instead of one).
     */
    public static DyadicInterval of(BigDecimal x) {
        BigInteger u = x.unscaledValue();
        int s = x.scale();
        if (s > 0 && s < FIVE_TO.length) {
            if (u.bitLength() < Long.SIZE) {
                // the test in long arithmetic (a 17-digit end-point's, without a big division): the quotient has
                // |q| < 2^63/5, and past the powers 5^s < 2^63 only 0 is a multiple of 5^s
                long v = u.longValue();
                if (s < FIVES.length ? v % FIVES[s] == 0 : v == 0) {
                    return of(s < FIVES.length ? v / FIVES[s] : 0).scale(-s);
                }
            } else {
                // if u = q·5^s with |q| < 2^61, then q ≡ u·5^−s modulo 2^64 (5 is odd): the product of u's low 64 bits
                // and that inverse is q when it multiplies back to u — no long division for an end-point's exact
                // decimal expansion
                long q = u.longValue() * inverseFiveTo(s);
                if (Long.SIZE - Long.numberOfLeadingZeros(q < 0 ? ~q : q) < PRECISION
                    && BigInteger.valueOf(q).multiply(fiveTo(s)).equals(u)) {
                    return of(q).scale(-s);
                }
            }
        }
        if (u.bitLength() < PRECISION && s >= 0 && s < TEN_TO_MINUS.length) {
            DyadicInterval unscaled = of(u.longValue());
            if (s == 0) {
                return unscaled;
            }
            return unscaled.multiply(tenToMinus(s));
        }
        if (s <= 0) {
            return of(Rational.of(x));
        }
        if (s > HUGE_SCALE) {
            // u times an enclosure of 10^−s by powering (a relative width near 2^−52 at s = 434 000): the exact
            // power's 3.3·s bits cost a box test at large λ·|U|, whose residual holds terms of e^−10⁶, more than the
            // rest of it
            return of(Rational.of(u)).multiply(tenToMinusPower(s));
        }
        // u/10^s rounded both ways as it stands: the rounding depends on the value only, so no gcd is needed
        BigInteger d = s < FIVE_TO.length ? fiveTo(s).shiftLeft(s) : BigInteger.TEN.pow(s);
        long[] lo = round(u, d, false);
        long[] hi = round(u, d, true);
        return new DyadicInterval(lo[0], (int) lo[1], hi[0], (int) hi[1]);
    }

    /** n/d rounded to a (62-bit mantissa, exponent) pair: toward +∞ if up, else toward −∞. */
    private static long[] round(BigInteger n, BigInteger d, boolean up) {
        if (n.signum() == 0) {
            return new long[] {0, 0};
        }
        boolean negative = n.signum() * d.signum() < 0;
        BigInteger a = n.abs();
        BigInteger b = d.abs();
        // a/b lies in [2^(A−B−1), 2^(A−B+1)) for A, B the bit lengths, so ⌊a/(b·2^e)⌋ has 62 or 63 bits; if 63, one
        // more halving leaves 62
        long e = (long) a.bitLength() - b.bitLength() - PRECISION;
        BigInteger[] qr = quotient(a, b, e);
        if (qr[0].bitLength() > PRECISION) {
            e++;
            qr = quotient(a, b, e);
        }
        long m = qr[0].longValue();
        if (qr[1].signum() != 0 && (up != negative)) {
            m++;
        }
        return normalize(negative ? -m : m, e);
    }

    /** ⌊a/(b·2^e)⌋ and the remainder's numerator (zero exactly when the quotient is exact). */
    private static BigInteger[] quotient(BigInteger a, BigInteger b, long e) {
        return e <= 0 ? a.shiftLeft((int) -e).divideAndRemainder(b) : a.divideAndRemainder(b.shiftLeft((int) e));
    }

    /**
     * The canonical form: a non-zero mantissa has exactly 62 bits (|m| in [2^61, 2^62)), zero is (0, 0); so equal
     * values have equal representations and comparison needs no arithmetic. Only exact shifts happen here (a carry to
     * ±2^62 is halved exactly). An exponent beyond ±2^30 is refused.
     */
    private static long[] normalize(long m, long e) {
        if (m == 0) {
            e = 0;
        } else {
            while (m >= LIMIT || m <= -LIMIT) {
                m >>= 1;
                e++;
            }
            int shift = Long.numberOfLeadingZeros(Math.abs(m)) - (64 - PRECISION);
            if (shift > 0) {
                m <<= shift;
                e -= shift;
            }
            checkExponent(e);
        }
        return new long[] {m, e}; // one allocation site, so that the JIT compiler can keep the pair in registers
    }

    public BigDecimal loDecimal() {
        return decimal(loM, loE);
    }

    public BigDecimal hiDecimal() {
        return decimal(hiM, hiE);
    }

    /**
     * The exact decimal value of m·2^e, without trailing zeros. With m made odd, a fraction m·2^e = m·5^k/10^k (k = −e
     * &gt; 0) has the odd unscaled value m·5^k, so no trailing zero to strip; an integer may have some.
     */
    static BigDecimal decimal(long m, int e) {
        if (m == 0) {
            return BigDecimal.ZERO;
        }
        int t = Long.numberOfTrailingZeros(m);
        long odd = m >> t;
        int k = -(e + t);
        if (k <= 0) {
            return BigDecimal.valueOf(odd).multiply(BigDecimal.valueOf(2).pow(-k)).stripTrailingZeros();
        }
        BigInteger five = fiveTo(k);
        return new BigDecimal(BigInteger.valueOf(odd).multiply(five), k);
    }

    /** The exact decimal interval. */
    public Interval toInterval() {
        return new Interval(loDecimal(), hiDecimal());
    }

    /**
     * A decimal interval containing this one: {@link #toInterval} but for end points of magnitude below 2⁻¹⁰⁰⁰,
     * taken outward to 0 or ±10⁻³⁰⁰ (|m·2^e| &lt; 2^(e + 62) ≤ 2⁻¹⁰⁰⁰ &lt; 10⁻³⁰⁰). The exact expansion of m·2^e has
     * |e| digits: the tiny probabilities of a large λ (2⁻¹⁰⁰⁰⁰ and below) cost more to expand than the arithmetic
     * that made them.
     */
    public Interval enclosure() {
        return new Interval(loM == 0 || loE > TINY ? loDecimal() : loM < 0 ? MINUS_TINY : BigDecimal.ZERO,
            hiM == 0 || hiE > TINY ? hiDecimal() : hiM > 0 ? PLUS_TINY : BigDecimal.ZERO);
    }

    /** Exponents at and below which {@link #enclosure} bounds an end point by 0 or ±10⁻³⁰⁰. */
    private static final int TINY = -1000 - PRECISION;
    private static final BigDecimal PLUS_TINY = BigDecimal.ONE.scaleByPowerOfTen(-300);
    private static final BigDecimal MINUS_TINY = PLUS_TINY.negate();

    public Rational loRational() {
        return Rational.dyadic(loM, loE);
    }

    public Rational hiRational() {
        return Rational.dyadic(hiM, hiE);
    }

    // ---- the exact 128-bit kernel: a value is (hi, lo) · 2^e in two's complement ----

    /** Rounds (hi:lo)·2^e to a 62-bit mantissa: toward +∞ if up, else toward −∞. Returns {m, e}. */
    private static long[] round128(long hi, long lo, long e, boolean up) {
        boolean negative = hi < 0;
        long h = hi;
        long l = lo;
        if (negative) { // |V| = −V
            l = ~lo + 1;
            h = ~hi + (l == 0 ? 1 : 0);
        }
        int bits = h != 0 ? 128 - Long.numberOfLeadingZeros(h) : 64 - Long.numberOfLeadingZeros(l);
        int shift = bits - PRECISION;
        long m;
        boolean inexact;
        if (shift <= 0) {
            m = l;
            inexact = false;
        } else {
            // shift ≤ 63: |V| < 2^125 (a product of two 62-bit mantissas has at most 124 bits, a sum of a mantissa
            // shifted by at most 63 bits and another at most 125)
            m = (l >>> shift) | (h << (64 - shift));
            inexact = (l << (64 - shift)) != 0;
        }
        long ex = e + Math.max(shift, 0);
        // m = truncation of |V|; away from zero when rounding outward in |V|'s direction
        if (inexact && (up != negative)) {
            m++;
        }
        return normalize(negative ? -m : m, ex);
    }

    private static void checkExponent(long e) {
        if (e > Integer.MAX_VALUE / 2 || e < Integer.MIN_VALUE / 2) {
            throw new ArithmeticException("dyadic exponent out of range");
        }
    }

    private static long[] multiply(long am, int ae, long bm, int be, boolean up) {
        return round128(Math.multiplyHigh(am, bm), am * bm, (long) ae + be, up);
    }

    private static long[] add(long am, int ae, long bm, int be, boolean up) {
        if (am == 0 || bm == 0) {
            // one term: the other is a zero at its exponent (the exact kernel below then rounds nothing)
            am = am == 0 ? bm : am;
            ae = bm == 0 ? ae : be;
            bm = 0;
            be = ae;
        } else if (ae < be) {
            long t = am;
            am = bm;
            bm = t;
            int u = ae;
            ae = be;
            be = u;
        }
        if ((long) ae - be > 63) {
            // a's mantissa has 62 bits (canonical form), so 0 < |b| < 2^(be+62) ≤ 2^(ae−2), while a's neighbours are
            // at least 2^(ae−1) away (a unit of the binade below at |a| = 2^61·2^ae): a + b and a ± 2^(ae−63) lie in
            // the same gap and round alike, so b stands in as that one unit of the exact kernel's widest shift
            bm = Long.signum(bm);
            be = ae - 63;
        }
        int s = ae - be;
        long ha = s == 0 ? am >> 63 : am >> (64 - s);
        long la = am << s;
        long hb = bm >> 63;
        long lo = la + bm;
        long carry = Long.compareUnsigned(lo, la) < 0 ? 1 : 0;
        return round128(ha + hb + carry, lo, be, up);
    }

    // ---- interval operations ----

    /** Whether this is exactly [0, 0]. */
    public boolean isZero() {
        return loM == 0 && hiM == 0;
    }

    public DyadicInterval add(DyadicInterval b) {
        if (b.isZero()) {
            return this;
        }
        if (isZero()) {
            return b;
        }
        long[] lo = add(loM, loE, b.loM, b.loE, false);
        long[] hi = add(hiM, hiE, b.hiM, b.hiE, true);
        return new DyadicInterval(lo[0], (int) lo[1], hi[0], (int) hi[1]);
    }

    public DyadicInterval negate() {
        return new DyadicInterval(-hiM, hiE, -loM, loE);
    }

    public DyadicInterval subtract(DyadicInterval b) {
        return add(b.negate());
    }

    public DyadicInterval multiply(DyadicInterval b) {
        if (isZero() || b.isZero()) {
            return ZERO;
        }
        // the nine sign cases of interval multiplication: each end of the result is one product, rounded once
        if (loM >= 0) {
            if (b.loM >= 0) {
                return product(loM, loE, b.loM, b.loE, hiM, hiE, b.hiM, b.hiE);
            }
            if (b.hiM <= 0) {
                return product(hiM, hiE, b.loM, b.loE, loM, loE, b.hiM, b.hiE);
            }
            return product(hiM, hiE, b.loM, b.loE, hiM, hiE, b.hiM, b.hiE);
        }
        if (hiM <= 0) {
            if (b.loM >= 0) {
                return product(loM, loE, b.hiM, b.hiE, hiM, hiE, b.loM, b.loE);
            }
            if (b.hiM <= 0) {
                return product(hiM, hiE, b.hiM, b.hiE, loM, loE, b.loM, b.loE);
            }
            return product(loM, loE, b.hiM, b.hiE, loM, loE, b.loM, b.loE);
        }
        if (b.loM >= 0) {
            return product(loM, loE, b.hiM, b.hiE, hiM, hiE, b.hiM, b.hiE);
        }
        if (b.hiM <= 0) {
            return product(hiM, hiE, b.loM, b.loE, loM, loE, b.loM, b.loE);
        }
        // both contain zero: lo = min(lo·hi', hi·lo'), hi = max(lo·lo', hi·hi')
        long[] l1 = multiply(loM, loE, b.hiM, b.hiE, false);
        long[] l2 = multiply(hiM, hiE, b.loM, b.loE, false);
        long[] h1 = multiply(loM, loE, b.loM, b.loE, true);
        long[] h2 = multiply(hiM, hiE, b.hiM, b.hiE, true);
        boolean first = compare(l1[0], (int) l1[1], l2[0], (int) l2[1]) <= 0;
        boolean last = compare(h1[0], (int) h1[1], h2[0], (int) h2[1]) >= 0;
        return new DyadicInterval(first ? l1[0] : l2[0], (int) (first ? l1[1] : l2[1]), last ? h1[0] : h2[0],
            (int) (last ? h1[1] : h2[1]));
    }

    /** [a·b rounded down, c·d rounded up]. */
    private static DyadicInterval product(long am, int ae, long bm, int be, long cm, int ce, long dm, int de) {
        long[] lo = multiply(am, ae, bm, be, false);
        long[] hi = multiply(cm, ce, dm, de, true);
        return new DyadicInterval(lo[0], (int) lo[1], hi[0], (int) hi[1]);
    }

    /** 1/x for an interval not containing zero. */
    public DyadicInterval reciprocal() {
        if (containsZero()) {
            throw new ArithmeticException("reciprocal of an interval containing zero");
        }
        DyadicInterval lo = reciprocalOf(hiM, hiE);
        DyadicInterval hi = loM == hiM && loE == hiE ? lo : reciprocalOf(loM, loE);
        return new DyadicInterval(lo.loM, lo.loE, hi.hiM, hi.hiE);
    }

    /**
     * An enclosure of 1/b for b = m·2^e without a long division: y₀ ≈ 1/m from a double (a guess only), the exact
     * defect e = 1 − b·y₀ enclosed, and 1/b = y₀/(1 − e) = y₀(1 + e + e²/(1 − e)) with e²/(1 − e) ∈ [0, 2e²] for
     * |e| ≤ 1/2. Here |e| &lt; 2^−50: m (62 bits) becomes a double with relative error at most 2^−53, and so does 1/m.
     */
    private static DyadicInterval reciprocalOf(long m, int e) {
        DyadicInterval b = new DyadicInterval(m, e, m, e);
        DyadicInterval y0 = ofDouble(1.0 / m).scale(-e);
        DyadicInterval defect = ONE.subtract(b.multiply(y0));
        DyadicInterval mag = defect.magnitude();
        DyadicInterval square = mag.multiply(mag).scale(1);
        DyadicInterval tail = square.negate().to(square);
        return y0.add(y0.multiply(defect.add(tail)));
    }

    /** The largest double ≤ lo; an ArithmeticException beyond the doubles' range. */
    public double loDouble() {
        return toDouble(loM, loE, false);
    }

    /** The smallest double ≥ hi; an ArithmeticException beyond the doubles' range. */
    public double hiDouble() {
        return toDouble(hiM, hiE, true);
    }

    /** m·2^e rounded to a double toward +∞ if up, else toward −∞. */
    private static double toDouble(long m, int e, boolean up) {
        if (m == 0) {
            return 0;
        }
        double d = m; // nearest; |d| ≤ 2^62, so (long) d is exact
        long whole = (long) d;
        if (up ? whole < m : whole > m) {
            d = up ? Math.nextUp(d) : Math.nextDown(d);
        }
        if (e >= -1000 && e <= 900) {
            // 2^e is a normal double and so is d·2^e (|d| in [2^61, 2^62]): the product is exact
            return d * Double.longBitsToDouble((long) (e + Double.MAX_EXPONENT) << 52);
        }
        double r = Math.scalb(d, e);
        if (Double.isInfinite(r)) {
            throw new ArithmeticException("a dyadic end-point beyond the range of doubles");
        }
        // scalb rounds only into the subnormal range (to nearest); scaling back up is exact and shows the direction
        double back = Math.scalb(r, -e);
        return (up ? back < d : back > d) ? (up ? Math.nextUp(r) : Math.nextDown(r)) : r;
    }

    /** [lo, hi] for finite doubles lo ≤ hi, exactly. */
    public static DyadicInterval ofDoubles(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || lo > hi) {
            throw new ArithmeticException("not a finite double interval: [" + lo + ", " + hi + "]");
        }
        return ofDouble(lo).to(ofDouble(hi));
    }

    /** The exact value of a finite double, as a point (used for guesses, whose error is enclosed afterwards). */
    static DyadicInterval ofDouble(double d) {
        if (d == 0 || !Double.isFinite(d)) {
            return ZERO;
        }
        int exp = Math.getExponent(d);
        long bits = Double.doubleToRawLongBits(d);
        long mant = (bits & 0x000FFFFFFFFFFFFFL) | (exp >= Double.MIN_EXPONENT ? 0x0010000000000000L : 0);
        int e = (exp >= Double.MIN_EXPONENT ? exp : Double.MIN_EXPONENT) - 52;
        long[] r = normalize(d < 0 ? -mant : mant, e);
        return new DyadicInterval(r[0], (int) r[1], r[0], (int) r[1]);
    }

    /** A point in the interval near its middle: (lo + hi)/2 rounded down. */
    public DyadicInterval midpoint() {
        long[] s = add(loM, loE, hiM, hiE, false);
        long[] r = normalize(s[0], s[1] - 1);
        return new DyadicInterval(r[0], (int) r[1], r[0], (int) r[1]);
    }

    public DyadicInterval divide(DyadicInterval b) {
        return multiply(b.reciprocal());
    }

    /** x·2^k, exactly. */
    public DyadicInterval scale(int k) {
        checkExponent((long) loE + k);
        checkExponent((long) hiE + k);
        return new DyadicInterval(loM, loM == 0 ? 0 : loE + k, hiM, hiM == 0 ? 0 : hiE + k);
    }

    /** Exact comparison of a·2^ae and b·2^be in canonical form (62-bit mantissas): exponents first, then mantissas. */
    static int compare(long am, int ae, long bm, int be) {
        int sa = Long.signum(am);
        int sb = Long.signum(bm);
        if (sa != sb || sa == 0) {
            return Integer.compare(sa, sb);
        }
        if (ae != be) {
            return sa * Integer.compare(ae, be);
        }
        return Long.compare(am, bm);
    }

    public boolean containsZero() {
        return loM <= 0 && hiM >= 0;
    }

    public int compareLo(DyadicInterval o) {
        return compare(loM, loE, o.loM, o.loE);
    }

    public int compareHi(DyadicInterval o) {
        return compare(hiM, hiE, o.hiM, o.hiE);
    }

    /** The intersection of two intervals, exactly (end-points are kept); null when they are disjoint. */
    public DyadicInterval intersect(DyadicInterval o) {
        boolean lo = compare(loM, loE, o.loM, o.loE) >= 0;
        boolean hi = compare(hiM, hiE, o.hiM, o.hiE) <= 0;
        long lm = lo ? loM : o.loM;
        int le = lo ? loE : o.loE;
        long hm = hi ? hiM : o.hiM;
        int he = hi ? hiE : o.hiE;
        return compare(lm, le, hm, he) > 0 ? null : new DyadicInterval(lm, le, hm, he);
    }

    /** The hull of two intervals. */
    public DyadicInterval hull(DyadicInterval o) {
        boolean lo = compare(loM, loE, o.loM, o.loE) <= 0;
        boolean hi = compare(hiM, hiE, o.hiM, o.hiE) >= 0;
        return new DyadicInterval(lo ? loM : o.loM, lo ? loE : o.loE, hi ? hiM : o.hiM, hi ? hiE : o.hiE);
    }

    /** x·[−1, 1] = [−|x|, |x|] with |x| = max(|lo|, |hi|): the product, exact, without multiplying. */
    public DyadicInterval timesUnit() {
        DyadicInterval m = magnitude();
        return new DyadicInterval(-m.hiM, m.hiE, m.hiM, m.hiE);
    }

    /** x·[0, 1] = [min(lo, 0), max(hi, 0)]: the product, exact, without multiplying. */
    public DyadicInterval timesZeroOne() {
        return hull(ZERO);
    }

    /** max(|lo|, |hi|) as an upper bound (an interval's magnitude). */
    public DyadicInterval magnitude() {
        DyadicInterval a = new DyadicInterval(Math.abs(loM), loE, Math.abs(loM), loE);
        DyadicInterval b = new DyadicInterval(Math.abs(hiM), hiE, Math.abs(hiM), hiE);
        return a.compareHi(b) >= 0 ? a : b;
    }

    /** An exponent e with |x| &lt; 2^e for every x in the interval and 2^(e−1) ≤ |x| at an end (MIN_VALUE for 0). */
    public int magnitudeExponent() {
        int lo = loM == 0 ? Integer.MIN_VALUE : loE + PRECISION;
        int hi = hiM == 0 ? Integer.MIN_VALUE : hiE + PRECISION;
        return Math.max(lo, hi);
    }

    /** The upper end as a point interval. */
    public DyadicInterval upper() {
        return new DyadicInterval(hiM, hiE, hiM, hiE);
    }

    /** The lower end as a point interval. */
    public DyadicInterval lower() {
        return new DyadicInterval(loM, loE, loM, loE);
    }

    /** [lo(this), hi(o)]: the caller guarantees lo(this) ≤ hi(o). */
    public DyadicInterval to(DyadicInterval o) {
        return new DyadicInterval(loM, loE, o.hiM, o.hiE);
    }

    public int signumLo() {
        return Long.signum(loM);
    }

    public int signumHi() {
        return Long.signum(hiM);
    }

    /** A rough value for pivoting and shifts (never a result): the midpoint's leading bits. */
    public double estimate() {
        return (loM * Math.pow(2, loE) + hiM * Math.pow(2, hiE)) / 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DyadicInterval d && compare(loM, loE, d.loM, d.loE) == 0
            && compare(hiM, hiE, d.hiM, d.hiE) == 0;
    }

    @Override
    public int hashCode() {
        return toInterval().hashCode();
    }

    @Override
    public String toString() {
        return toInterval().toString();
    }
}
