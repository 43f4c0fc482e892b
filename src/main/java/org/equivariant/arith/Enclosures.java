package org.equivariant.arith;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rigorous enclosures of exp, log and softmax.
 *
 * <p>exp(x): argument reduction r = x/2^s with |r| ≤ 1/2, the Taylor polynomial of degree n in interval arithmetic
 * plus the remainder bound |R_n(r)| ≤ 2|r|^{n+1}/(n+1)!, then s interval squarings. log(x): a big-math midpoint y,
 * accepted as the enclosure [y − δ, y + δ] only after the exp enclosures prove exp(y − δ) ≤ x ≤ exp(y + δ). The exp
 * enclosure's arguments are bounded ({@link #RANGE}), so its cost is too.
 */
public final class Enclosures {
    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final double LOG10_2 = Math.log10(2);

    private Enclosures() {
    }

    /** An enclosure of exp over [a.lo, a.hi] with {@code digits} significant digits. */
    public static Interval exp(Interval a, int digits) {
        Interval low = exp(a.lo(), digits);
        if (a.lo().compareTo(a.hi()) == 0) {
            return low;
        }
        return new Interval(low.lo(), exp(a.hi(), digits).hi());
    }

    /**
     * Beyond ±{@value #RANGE} the enclosure is not formed digit by digit: exp(x) for x &lt; −10^6 is enclosed in
     * [0, exp(−10^6)] (below 10^−434294, so every sum it enters is exact to far more digits than any precision in use),
     * and exp(x) for x &gt; 10^6 is refused. This bounds the cost of every enclosure, whatever the input.
     */
    public static final String RANGE = "1e6";
    private static final BigDecimal CUT = new BigDecimal(RANGE);

    /** An enclosure of exp(x) for an exact decimal x. */
    public static Interval exp(BigDecimal x, int digits) {
        if (x.signum() == 0) {
            return Interval.ONE;
        }
        if (x.compareTo(CUT.negate()) < 0) {
            return new Interval(BigDecimal.ZERO, exp(CUT.negate(), digits).hi());
        }
        if (x.compareTo(CUT) > 0) {
            throw new ArithmeticException("exp of an argument above " + RANGE + " is beyond the enclosures' range");
        }
        // e^x = (e^r)^(2^s) with r = |x|/2^s, then a reciprocal for x < 0. s halvings bring |x| below 1/2, and about
        // √digits more shorten the Taylor series (Brent's balance of series terms against squarings). All terms are
        // positive, so one pass rounding down and one rounding up enclose the truncated series; each squaring at most
        // doubles the relative width, which the guard digits absorb.
        int s = (int) Math.ceil(Math.sqrt(digits));
        BigDecimal mag = x.abs();
        if (mag.compareTo(HALF) > 0) {
            s += Math.max(0, (int) Math.ceil(approxLog2(mag)) + 1);
        }
        int w = digits + 10 + (int) Math.ceil(s * LOG10_2);
        MathContext dn = Interval.down(w);
        MathContext up = Interval.up(w);
        BigDecimal r = mag.multiply(BigDecimal.valueOf(5).pow(s)).scaleByPowerOfTen(-s); // |x|/2^s, exactly
        BigDecimal rLo = r.round(dn);
        BigDecimal rHi = r.round(up);
        BigDecimal lo = BigDecimal.ONE;
        BigDecimal hi = BigDecimal.ONE;
        BigDecimal termLo = BigDecimal.ONE;
        BigDecimal termHi = BigDecimal.ONE;
        BigDecimal eps = BigDecimal.ONE.scaleByPowerOfTen(-w - 2);
        for (int k = 1; ; k++) {
            BigDecimal kk = BigDecimal.valueOf(k);
            termLo = termLo.multiply(rLo, dn).divide(kk, dn);
            termHi = termHi.multiply(rHi, up).divide(kk, up);
            lo = lo.add(termLo, dn);
            hi = hi.add(termHi, up);
            // remainder after degree k: R_k ≤ 2 r^{k+1}/(k+1)!, valid because r ≤ 1/2 < k + 2
            BigDecimal bound = termHi.multiply(rHi).multiply(BigDecimal.valueOf(2))
                .divide(BigDecimal.valueOf(k + 1), new MathContext(6, RoundingMode.CEILING));
            if (bound.compareTo(eps) < 0 || k > 10 * w) {
                hi = hi.add(bound, up);
                break;
            }
        }
        for (int i = 0; i < s; i++) {
            lo = lo.multiply(lo, dn);
            hi = hi.multiply(hi, up);
        }
        Interval e = x.signum() > 0 ? new Interval(lo, hi)
            : new Interval(BigDecimal.ONE.divide(hi, dn), BigDecimal.ONE.divide(lo, up));
        return round(e, digits);
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
        return exp(lo, digits).hi().compareTo(x) <= 0 && exp(hi, digits).lo().compareTo(x) >= 0;
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
            lower[b] = exp(t.lo().subtract(c, dn), w).lo();
            upper[b] = exp(t.hi().subtract(c, u), w).hi();
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

    private static double approxLog2(BigDecimal mag) {
        // log2 of a positive decimal without overflow: unscaled digits and scale separately
        int exp10 = mag.precision() - mag.scale() - 1;
        double mantissa = mag.scaleByPowerOfTen(-exp10).doubleValue();
        return (Math.log10(mantissa) + exp10) / LOG10_2;
    }
}
