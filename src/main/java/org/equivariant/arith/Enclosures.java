package org.equivariant.arith;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rigorous enclosures of exp, log and softmax.
 *
 * <p>exp(x): x = k·ln 2 + r, the Taylor series of e^{r/2^t} summed in binary fixed point rounding down and up, its
 * tail bounded, t squarings, one directed rounding to decimal ({@link #exp(BigDecimal, int)}). log(x): a big-math
 * midpoint y, accepted as the enclosure [y − δ, y + δ] only after the exp enclosures prove exp(y − δ) ≤ x ≤
 * exp(y + δ). The exp enclosure's arguments are bounded ({@link #RANGE}), so its cost is too.
 */
public final class Enclosures {
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final double LOG10_2 = Math.log10(2);

    private Enclosures() {
    }

    /** An enclosure of exp over [a.lo, a.hi] with {@code digits} significant digits. */
    public static Interval exp(Interval a, int digits) {
        return new Interval(exp(a.lo(), digits, false), exp(a.hi(), digits, true));
    }

    /** An enclosure of exp(x) for an exact decimal x. */
    public static Interval exp(BigDecimal x, int digits) {
        return new Interval(exp(x, digits, false), exp(x, digits, true));
    }

    /**
     * Beyond ±{@value #RANGE} the enclosure is not formed digit by digit: exp(x) for x &lt; −10^6 is enclosed in
     * [0, exp(−10^6)] (below 10^−434294, so every sum it enters is exact to far more digits than any precision in use),
     * and exp(x) for x &gt; 10^6 is refused. This bounds the cost of every enclosure, whatever the input.
     */
    public static final String RANGE = "1e6";
    private static final BigDecimal CUT = new BigDecimal(RANGE);

    /**
     * A lower ({@code up} false) or upper bound of exp(x) at {@code digits} significant digits for an exact decimal x —
     * one end of its enclosure, for the callers that need only one (softmax, an interval's ends, log's proof).
     * Computed in binary fixed point with p = ⌈(digits + 8)·log₂ 10⌉ + 8 bits: x·2^q (q = p + 30) is enclosed in
     * integers and reduced to r = x − k·ln 2 ∈ [0, 1) with ln 2 enclosed ({@link #ln2Bits}); the Taylor series of e^ρ,
     * ρ = r/2^t (t = ⌊√p⌋), is summed at scale 2^−(p+8+t) with every term rounded the chosen way, an upper sum closed
     * by the tail bound Σ_{j&gt;K} ρ^j/j! ≤ ρ^K/K! (ρ &lt; 1/2); t squarings rounded the same way give e^r, and
     * e^x = e^r·2^k is rounded once to decimal ({@link #decimal}). Shifts replace the decimal rounding a BigDecimal
     * series pays at every operation. For |x| &lt; 10^−3 the bound is met with 1 + x ≤ e^x ≤ 1 + x + x²/2 (x &lt; 0) or
     * 1 + x + x² (x &gt; 0): alone below 2^−q, where the series' scale cannot hold x, and against the reduction's
     * k = −1 straddling 1 above.
     */
    public static BigDecimal exp(BigDecimal x, int digits, boolean up) {
        if (x.signum() == 0) {
            return BigDecimal.ONE;
        }
        if (x.compareTo(CUT.negate()) < 0) {
            return up ? exp(CUT.negate(), digits, true) : BigDecimal.ZERO;
        }
        if (x.compareTo(CUT) > 0) {
            throw new ArithmeticException("exp of an argument above " + RANGE + " is beyond the enclosures' range");
        }
        int p = (int) Math.ceil((digits + 8) / LOG10_2) + 8;
        int t = Math.max(4, (int) Math.sqrt(p));
        int s = p + 8 + t;
        int q = s - t + K_BITS;
        BigDecimal near = null;
        if (x.precision() - x.scale() <= -3) {
            near = up ? BigDecimal.ONE.add(x.add(x.signum() < 0 ? x.multiply(x).multiply(HALF) : x.multiply(x)),
                Interval.up(digits)) : BigDecimal.ONE.add(x, Interval.down(digits));
            if (x.precision() - x.scale() < -(int) (q * LOG10_2) - 2) {
                return near;
            }
        }
        // x·2^q in [xl, xh]
        BigInteger xl;
        BigInteger xh;
        if (x.scale() <= 0) {
            xl = x.toBigIntegerExact().shiftLeft(q);
            xh = xl;
        } else {
            BigInteger[] qr = x.unscaledValue().shiftLeft(q).divideAndRemainder(DyadicInterval.fiveTo(x.scale())
                .shiftLeft(x.scale()));
            xl = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
            xh = qr[1].signum() == 0 ? xl : xl.add(BigInteger.ONE);
        }
        // r = x − k·ln 2 ≥ 0 for k ≤ x/ln 2 (|k| < 2^21 = 2^K_BITS/2, so k·ln 2's enclosure costs under 2^K_BITS
        // units of 2^−q, one unit of the series' scale); k lowered until the lower end is proved non-negative
        BigInteger[] ln2 = LN2.computeIfAbsent(q, Enclosures::ln2Bits);
        // (x's estimate from its top bits: xl itself, of q + 20 bits, can exceed the doubles' range)
        long k = (long) Math.floor(Math.scalb(xl.shiftRight(q - 60).doubleValue(), -60) / Math.log(2) - 1e-6);
        BigInteger r;
        while (true) {
            BigInteger kk = BigInteger.valueOf(k);
            BigInteger rl = xl.subtract(kk.multiply(ln2[k >= 0 ? 1 : 0]));
            r = up ? xh.subtract(kk.multiply(ln2[k >= 0 ? 0 : 1])) : rl;
            if (rl.signum() >= 0) {
                break;
            }
            k--;
        }
        // ρ = r/2^t at scale 2^−s is r at scale 2^−(s−t) = 2^−(q−K_BITS); c is 1 for an upper bound, else 0
        BigInteger c = up ? BigInteger.ONE : BigInteger.ZERO;
        BigInteger rho = r.shiftRight(K_BITS).add(c);
        BigInteger sum = BigInteger.ONE.shiftLeft(s);
        BigInteger term = sum;
        for (int j = 1; term.compareTo(BigInteger.ONE) > 0; j++) {
            term = term.multiply(rho).shiftRight(s).add(c).divide(BigInteger.valueOf(j)).add(c);
            sum = sum.add(term);
        }
        sum = sum.add(c); // the tail, at most the last term: one unit
        for (int i = 0; i < t; i++) {
            sum = sum.multiply(sum).shiftRight(s).add(c);
        }
        BigDecimal e = decimal(sum, k - s, digits, up);
        return near == null ? e : up ? e.min(near) : e.max(near);
    }

    /** Bits of x·2^q spent on k·ln 2's enclosure (|k| ≤ 10^6/ln 2 &lt; 2^21). */
    private static final int K_BITS = 22;
    /** The largest |e| for which v·2^e is converted to decimal exactly. */
    private static final int EXACT = 2048;
    /** ln 2's enclosures ({@link #ln2Bits}) by precision q: a run asks for a few. */
    private static final Map<Integer, BigInteger[]> LN2 = new ConcurrentHashMap<>();

    /**
     * ⌊ln 2·2^bits⌋ and an upper bound ≥ ln 2·2^bits, from ln 2 = Σ_{j≥1} 1/(j·2^j) at b = bits + g bits (g = 2 + the
     * bit length of bits, so 2^g &gt; b + 1): the first b terms floored (a lower bound), each floor's loss under one
     * unit and the tail Σ_{j&gt;b} 2^b/(j·2^j) under one unit (the upper bound); shifted back by g, the ends are at
     * most 3 apart.
     */
    static BigInteger[] ln2Bits(int bits) {
        int g = 2 + 32 - Integer.numberOfLeadingZeros(bits);
        int b = bits + g;
        BigInteger sum = BigInteger.ZERO;
        for (int j = 1; j <= b; j++) {
            sum = sum.add(BigInteger.ONE.shiftLeft(b - j).divide(BigInteger.valueOf(j)));
        }
        return new BigInteger[] {sum.shiftRight(g), sum.add(BigInteger.valueOf(b + 1)).shiftRight(g)
            .add(BigInteger.ONE)};
    }

    /**
     * v·2^e (v ≥ 0) rounded to {@code digits} significant digits, up or down: exactly (v·2^e, or v·5^−e·10^e) for
     * |e| ≤ {@value #EXACT}; beyond, v times 2^e by binary powering of 2 or 1/2, every product rounded the same way at
     * digits + 10 (each of the at most 2·log₂|e| + 1 roundings costs under 10^−(digits+9) relative).
     */
    private static BigDecimal decimal(BigInteger v, long e, int digits, boolean up) {
        MathContext mc = up ? Interval.up(digits) : Interval.down(digits);
        if (Math.abs(e) <= EXACT) {
            return (e >= 0 ? new BigDecimal(v.shiftLeft((int) e))
                : new BigDecimal(v.multiply(DyadicInterval.fiveTo((int) -e)), (int) -e)).round(mc);
        }
        MathContext wc = up ? Interval.up(digits + 10) : Interval.down(digits + 10);
        BigDecimal base = e > 0 ? BigDecimal.valueOf(2) : HALF;
        BigDecimal r = new BigDecimal(v).round(wc);
        for (long m = Math.abs(e); m > 0; m >>= 1) {
            if ((m & 1) != 0) {
                r = r.multiply(base, wc);
            }
            base = base.multiply(base, wc);
        }
        return r.round(mc);
    }

    /** An enclosure of log over [a.lo, a.hi]; requires a.lo &gt; 0. */
    public static Interval log(Interval a, int digits) {
        if (a.lo().signum() <= 0) {
            throw new ArithmeticException("log of " + a + ", which is not positive");
        }
        Interval low = log(a.lo(), digits);
        if (a.lo().compareTo(a.hi()) == 0) {
            return low;
        }
        return new Interval(low.lo(), log(a.hi(), digits).hi());
    }

    /** Whether exp(lo) ≤ x ≤ exp(hi), proved by the exponential's enclosures to {@code digits} digits. */
    static boolean bracketsLog(BigDecimal x, BigDecimal lo, BigDecimal hi, int digits) {
        return exp(lo, digits, true).compareTo(x) <= 0 && exp(hi, digits, false).compareTo(x) >= 0;
    }

    /** An enclosure of log(x) for an exact decimal x &gt; 0. */
    public static Interval log(BigDecimal x, int digits) {
        if (x.signum() <= 0) {
            throw new ArithmeticException("log of " + x + ", which is not positive");
        }
        if (x.compareTo(BigDecimal.ONE) == 0) {
            return Interval.ZERO;
        }
        int w = digits + 10;
        for (int attempt = 0; attempt < 6; attempt++) {
            MathContext mc = new MathContext(w);
            BigDecimal y = BigDecimalMath.log(x, mc);
            // relative half-width 10^-(digits+1), so the rounded enclosure keeps about `digits` digits
            // (y ≠ 0 for x ≠ 1: big-math's logarithm has relative precision, so delta > 0; the check below is what
            // makes the enclosure rigorous in any case)
            BigDecimal delta = y.abs().scaleByPowerOfTen(-(digits + 1)).round(new MathContext(2, RoundingMode.CEILING));
            BigDecimal ylo = y.subtract(delta);
            BigDecimal yhi = y.add(delta);
            if (bracketsLog(x, ylo, yhi, w + Math.max(0, -(y.precision() - y.scale())))) {
                return round(new Interval(ylo, yhi), digits);
            }
            w += digits;
        }
        throw new ArithmeticException("log enclosure of " + x + " could not be verified");
    }

    /**
     * A sharp enclosure of softmax over a box of logits: π_a = e^{θ_a}/Σ_b e^{θ_b} is increasing in θ_a and
     * decreasing in θ_b (b ≠ a), so its range over the box is
     * [E⁻_a/(E⁻_a + Σ_{b≠a} E⁺_b), E⁺_a/(E⁺_a + Σ_{b≠a} E⁻_b)] with E^∓_b = exp(θ_b^∓ − c) for any shift c.
     */
    public static List<Interval> softmax(List<Interval> theta, int digits) {
        int m = theta.size();
        int w = digits + 4;
        BigDecimal c = theta.get(0).hi();
        for (Interval t : theta) {
            c = c.max(t.hi());
        }
        BigDecimal[] lower = new BigDecimal[m];
        BigDecimal[] upper = new BigDecimal[m];
        MathContext dn = Interval.down(w);
        MathContext u = Interval.up(w);
        for (int b = 0; b < m; b++) {
            Interval t = theta.get(b);
            lower[b] = exp(t.lo().subtract(c, dn), w, false);
            upper[b] = exp(t.hi().subtract(c, u), w, true);
        }
        List<Interval> out = new ArrayList<>(m);
        for (int a = 0; a < m; a++) {
            // the others' sums are formed afresh for each a: subtracting from a total would cancel digits
            BigDecimal othersLower = BigDecimal.ZERO;
            BigDecimal othersUpper = BigDecimal.ZERO;
            for (int b = 0; b < m; b++) {
                if (b != a) {
                    othersLower = othersLower.add(lower[b], dn);
                    othersUpper = othersUpper.add(upper[b], u);
                }
            }
            BigDecimal lo = lower[a].divide(lower[a].add(othersUpper, u), Interval.down(digits));
            BigDecimal hi = upper[a].divide(upper[a].add(othersLower, dn), Interval.up(digits));
            out.add(new Interval(lo, hi.min(BigDecimal.ONE)));
        }
        return out;
    }

    private static Interval round(Interval a, int digits) {
        return new Interval(a.lo().round(Interval.down(digits)), a.hi().round(Interval.up(digits)));
    }
}
