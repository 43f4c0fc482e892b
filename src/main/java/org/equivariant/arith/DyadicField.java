package org.equivariant.arith;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Rigorous interval arithmetic on {@link DyadicInterval}s (62-bit mantissas, about 18 significant digits): the fast
 * arithmetic of the certified branch tracer and its checker. exp(x) reduces x = k·ln 2 + r with ln 2 split into an
 * exact 40-bit part and an enclosed rest (Cody–Waite),
 * divides r by 16 (|r| &lt; 1/40), evaluates the degree-10 Taylor polynomial by Horner's rule in interval arithmetic
 * with coefficients enclosing 1/j!, adds the remainder bound 2^−80 ≥ 2|r|^11/11!, squares four times and multiplies
 * by 2^k exactly; beyond −10^6 the enclosure
 * is [0, e^{−10^6}] and beyond +10^6 it is refused, as in {@link Enclosures}. log sums the series of atanh ({@link
 * #log}).
 */
public enum DyadicField implements IntervalArithmetic<DyadicInterval> {
    INSTANCE;

    private static final Interval LN2_DECIMAL = ln2();
    private static final DyadicInterval INV_LN2 = DyadicInterval.of(LN2_DECIMAL).reciprocal();
    /** ln 2 split (Cody–Waite): a 40-bit dyadic part, so k·LN2_HI is exact for |k| &lt; 2^22, and the rest, enclosed. */
    private static final Rational LN2_HI_EXACT = Rational.of(Rational.of(LN2_DECIMAL.lo()).multiply(Rational.of(
        java.math.BigInteger.TWO.pow(40))).floor(), java.math.BigInteger.TWO.pow(40));
    private static final DyadicInterval LN2_HI = DyadicInterval.of(LN2_HI_EXACT);
    private static final DyadicInterval LN2_LO = DyadicInterval.of(new Interval(
        Rational.of(LN2_DECIMAL.lo()).subtract(LN2_HI_EXACT).toBigDecimal(60, java.math.RoundingMode.FLOOR),
        Rational.of(LN2_DECIMAL.hi()).subtract(LN2_HI_EXACT).toBigDecimal(60, java.math.RoundingMode.CEILING)));
    private static final int DEGREE = 10;
    private static final DyadicInterval[] INV_FACTORIAL = inverseFactorials(DEGREE + 1);
    private static final DyadicInterval REMAINDER = DyadicInterval.of(Rational.of(java.math.BigInteger.ONE,
        java.math.BigInteger.TWO.pow(80)).negate()).to(DyadicInterval.of(Rational.of(java.math.BigInteger.ONE,
        java.math.BigInteger.TWO.pow(80))));
    private static final DyadicInterval CUT = DyadicInterval.of(Rational.of(1_000_000));
    private static final DyadicInterval TINY = point(CUT.negate(), false);
    private static final DyadicInterval THIN = DyadicInterval.of(Rational.of(java.math.BigInteger.ONE,
        java.math.BigInteger.TWO.pow(30)));

    /**
     * ln 2 to 60 digits: the end-points {@link Enclosures#log} gives for it, written out (big-math's logarithm cost a
     * short run 20 ms of its start-up), and proved here: exp(lo) ≤ 2 ≤ exp(hi).
     */
    static Interval ln2() {
        BigDecimal lo = new BigDecimal("0.693147180559945309417232121458176568075500134360255254120679");
        BigDecimal hi = new BigDecimal("0.693147180559945309417232121458176568075500134360255254120681");
        if (!Enclosures.bracketsLog(BigDecimal.valueOf(2), lo, hi, 70)) {
            throw new IllegalStateException("the written enclosure of ln 2 failed its proof");
        }
        return new Interval(lo, hi);
    }

    private static DyadicInterval[] inverseFactorials(int count) {
        DyadicInterval[] out = new DyadicInterval[count];
        Rational f = Rational.ONE;
        for (int j = 0; j < count; j++) {
            if (j > 0) {
                f = f.multiply(Rational.of(j));
            }
            out[j] = DyadicInterval.of(f.reciprocal());
        }
        return out;
    }

    @Override
    public DyadicInterval zero() {
        return DyadicInterval.ZERO;
    }

    @Override
    public DyadicInterval one() {
        return DyadicInterval.ONE;
    }

    @Override
    public DyadicInterval of(Rational r) {
        if (r.denominator().equals(java.math.BigInteger.ONE) && r.numerator().bitLength() < DyadicInterval.PRECISION) {
            return DyadicInterval.of(r.numerator().longValue());
        }
        // a terminating decimal n/(2^a·5^b) with n and the denominator in a long: n·[5^−b]·2^−a, one rounding of a
        // cached enclosure of 5^−b and one product (no BigInteger arithmetic); other rationals by long division
        if (r.numerator().bitLength() < DyadicInterval.PRECISION && r.denominator().bitLength() < 63) {
            long d = r.denominator().longValueExact();
            int twos = Long.numberOfTrailingZeros(d);
            long odd = d >> twos;
            int fives = 0;
            while (odd % 5 == 0) {
                odd /= 5;
                fives++;
            }
            if (odd == 1) {
                DyadicInterval m = DyadicInterval.of(r.numerator().longValue());
                return (fives == 0 ? m : m.multiply(FIVE_TO_MINUS[fives])).scale(-twos);
            }
        }
        return DyadicInterval.of(r);
    }

    /** Enclosures of 5^−b for b &lt; 28 (5^b fits a long). */
    private static final DyadicInterval[] FIVE_TO_MINUS = new DyadicInterval[28];

    static {
        for (int b = 0; b < FIVE_TO_MINUS.length; b++) {
            FIVE_TO_MINUS[b] = DyadicInterval.of(Rational.of(java.math.BigInteger.ONE,
                java.math.BigInteger.valueOf(5).pow(b)));
        }
    }

    /** x exactly, as {@link #of(Rational)} gives its value (a 53-bit mantissa fits the 62-bit end-points). */
    @Override
    public DyadicInterval ofExactDouble(double x) {
        return DyadicInterval.ofDoubles(x, x);
    }

    @Override
    public DyadicInterval of(Interval x) {
        return DyadicInterval.of(x);
    }

    @Override
    public Interval toInterval(DyadicInterval x) {
        return x.toInterval();
    }

    @Override
    public DyadicInterval intersect(DyadicInterval a, DyadicInterval b) {
        return a.intersect(b);
    }

    @Override
    public DyadicInterval midpoint(DyadicInterval x) {
        return x.midpoint();
    }

    @Override
    public double widthEstimate(DyadicInterval x) {
        return x.hiDouble() - x.loDouble();
    }

    @Override
    public DyadicInterval add(DyadicInterval a, DyadicInterval b) {
        return a.add(b);
    }

    @Override
    public DyadicInterval subtract(DyadicInterval a, DyadicInterval b) {
        return a.subtract(b);
    }

    @Override
    public DyadicInterval multiply(DyadicInterval a, DyadicInterval b) {
        return a.multiply(b);
    }

    @Override
    public DyadicInterval divide(DyadicInterval a, DyadicInterval b) {
        return a.divide(b);
    }

    @Override
    public DyadicInterval negate(DyadicInterval a) {
        return a.negate();
    }

    @Override
    public double estimate(DyadicInterval a) {
        return a.estimate();
    }

    /**
     * exp over an interval [l, u]: its ends' enclosures; for a thin one (u − l ≤ d ≤ 2^−30, u ≤ 10^6) the upper end
     * from the lower one's, e^u = e^l·e^(u−l) ≤ e^l·(1 + d + d²) (e^d ≤ 1 + d + d² for 0 ≤ d ≤ 1): one evaluation instead
     * of two, its excess over e^u the lower end's own enclosure slack plus at most d²/2 + 2^−60 relative — as sharp as
     * an evaluation at u.
     */
    @Override
    public DyadicInterval exp(DyadicInterval a) {
        DyadicInterval lo = point(a.lower(), false);
        if (a.compareLo(a.upper()) == 0) {
            return lo;
        }
        DyadicInterval d = a.upper().subtract(a.lower()).upper();
        if (d.compareHi(THIN) <= 0 && a.compareHi(CUT) <= 0) {
            return lo.to(lo.upper().multiply(DyadicInterval.ONE.add(d).add(d.multiply(d))).upper());
        }
        return lo.to(point(a.upper(), true));
    }

    /** An enclosure of exp at a point x (a thin interval); {@code up} picks which end of a wider result matters. */
    private static DyadicInterval point(DyadicInterval x, boolean up) {
        if (x.signumHi() == 0 && x.signumLo() == 0) {
            return DyadicInterval.ONE;
        }
        if (x.compareHi(CUT.negate()) < 0) {
            return DyadicInterval.ZERO.to(TINY);
        }
        if (x.compareLo(CUT) > 0) {
            throw new ArithmeticException("exp of an argument above 1e6 is beyond the enclosures' range");
        }
        // k ≈ x / ln 2 (any integer near it will do: the reduction below is exact in interval arithmetic)
        DyadicInterval q = x.multiply(INV_LN2);
        long k = Math.round(q.estimate());
        DyadicInterval kk = DyadicInterval.of(k);
        DyadicInterval r = x.subtract(LN2_HI.multiply(kk)).subtract(LN2_LO.multiply(kk)).scale(-4);
        // |r| ≤ (ln 2 / 2)/16 < 1/40, so the degree-10 Taylor polynomial (Horner form) is off by at most
        // 2·(1/40)^11/11! < 2^−80, added as an interval
        DyadicInterval sum = INV_FACTORIAL[DEGREE];
        for (int j = DEGREE - 1; j >= 0; j--) {
            sum = sum.multiply(r).add(INV_FACTORIAL[j]);
        }
        sum = sum.add(REMAINDER);
        for (int s = 0; s < 4; s++) {
            sum = sum.multiply(sum);
        }
        return sum.scale(Math.toIntExact(k));
    }

    /**
     * log over a positive interval [l, u]: [lower end of log l's enclosure, upper end of log u's] (log increases). At
     * a point x = 2^k·m with m ∈ [1/√2, √2], log x = k·ln 2 + 2·atanh s, s = (m − 1)/(m + 1), |s| &lt; 0.172, and
     * 2·atanh s = 2s·(Σ_{j&lt;12} s^{2j}/(2j + 1) + T) with 0 ≤ T ≤ s^{24}/(25·(1 − s²)) &lt; 2^−64 ({@link
     * #twiceAtanh}) — every term relative to s, so the enclosure keeps its relative precision next to x = 1 (a
     * Newton step on exp would keep only an absolute one there).
     */
    @Override
    public DyadicInterval log(DyadicInterval a) {
        if (a.signumLo() <= 0) {
            throw new ArithmeticException("log of " + a.enclosure() + ", which is not positive");
        }
        DyadicInterval lo = logAt(a.lower());
        return a.compareLo(a.upper()) == 0 ? lo : lo.to(logAt(a.upper()));
    }

    /** The number of terms of {@link #log}'s series before its tail bound. */
    static final int LOG_TERMS = 12;
    /** Enclosures of 1/(2j + 1), j ≤ {@link #LOG_TERMS}. */
    private static final DyadicInterval[] INV_ODD = java.util.stream.IntStream.rangeClosed(0, LOG_TERMS)
        .mapToObj(j -> DyadicInterval.of(Rational.of(1, 2 * j + 1))).toArray(DyadicInterval[]::new);
    private static final DyadicInterval LN2 = DyadicInterval.of(LN2_DECIMAL);

    /** {@link #log} at a point x &gt; 0 (a thin interval). */
    private static DyadicInterval logAt(DyadicInterval x) {
        int e = x.magnitudeExponent(); // 2^(e−1) ≤ x < 2^e
        DyadicInterval m = x.scale(1 - e); // in [1, 2)
        int k = e - 1;
        if (m.estimate() > Math.sqrt(2)) {
            m = m.scale(-1);
            k = e;
        }
        DyadicInterval atanh2 = twiceAtanh(m.subtract(DyadicInterval.ONE).divide(m.add(DyadicInterval.ONE)),
            LOG_TERMS);
        return k == 0 ? atanh2 : LN2.multiply(DyadicInterval.of(k)).add(atanh2);
    }

    /**
     * An enclosure of 2·atanh s = log((1 + s)/(1 − s)), for s² below the upper end t &lt; 1 of its enclosure, from
     * n ≤ {@link #LOG_TERMS} terms: 2s·(Σ_{j&lt;n} s^{2j}/(2j + 1) + s^{2n}·R) by Horner's rule, with the rest
     * R = Σ_{i≥0} s^{2i}/(2n + 2i + 1) ∈ [0, 1/((2n + 1)(1 − t))].
     */
    static DyadicInterval twiceAtanh(DyadicInterval s, int n) {
        DyadicInterval s2 = s.multiply(s);
        DyadicInterval t = s2.upper();
        if (n < 0 || n > LOG_TERMS || t.compareHi(DyadicInterval.ONE) >= 0) {
            throw new IllegalArgumentException("atanh's series needs s² < 1 and at most " + LOG_TERMS + " terms");
        }
        DyadicInterval sum = DyadicInterval.ZERO.to(INV_ODD[n].divide(DyadicInterval.ONE.subtract(t)).upper());
        for (int j = n - 1; j >= 0; j--) {
            sum = INV_ODD[j].add(s2.multiply(sum));
        }
        return s.multiply(sum).scale(1);
    }

    /**
     * Encloses Σ_b w_b x_b over w_b ∈ [l_b, u_b] ⊂ [0, ∞) with Σ_b w_b = 1 and x_b in their boxes, by LP duality: for
     * any c, Σ w_b x_b ≥ Σ w_b lo(x_b) = c + Σ w_b (lo(x_b) − c) ≥ c + Σ_b min(l_b(lo(x_b) − c), u_b(lo(x_b) − c)),
     * best over c ∈ {lo(x_b)} (exact at the optimal c); the upper end likewise; met with the plain sum's enclosure.
     */
    @Override
    public DyadicInterval convexCombination(List<DyadicInterval> w, List<DyadicInterval> x) {
        DyadicInterval plain = IntervalArithmetic.super.convexCombination(w, x);
        if (w.stream().anyMatch(v -> v.signumLo() < 0)) {
            return plain;
        }
        DyadicInterval lo = plain.lower();
        DyadicInterval hi = plain.upper();
        for (DyadicInterval candidate : x) {
            DyadicInterval c = candidate.lower();
            DyadicInterval s = c;
            DyadicInterval cu = candidate.upper();
            DyadicInterval t = cu;
            for (int b = 0; b < w.size(); b++) {
                s = s.add(bound(x.get(b).lower().subtract(c), w.get(b), true));
                t = t.add(bound(x.get(b).upper().subtract(cu), w.get(b), false));
            }
            if (s.compareLo(lo) > 0) {
                lo = s.lower();
            }
            if (t.compareHi(hi) < 0) {
                hi = t.upper();
            }
        }
        if (lo.compareLo(hi) > 0) {
            throw new ArithmeticException("weights in these boxes cannot sum to one");
        }
        return lo.to(hi);
    }

    /**
     * w·d for w ∈ [l, u] ⊂ [0, ∞) and d the difference of two points (an enclosure that never straddles zero: a
     * non-zero exact difference keeps its sign when rounded outward): its lower end (lower = true) is l·d for d ≥ 0,
     * u·d for d &lt; 0; its upper end u·d, l·d.
     */
    private static DyadicInterval bound(DyadicInterval d, DyadicInterval w, boolean lower) {
        if (d.signumLo() >= 0) {
            return d.multiply(lower ? w.lower() : w.upper());
        }
        return d.multiply(lower ? w.upper() : w.lower());
    }

    /** The sharp softmax enclosure of {@link Enclosures#softmax}, in dyadic arithmetic. */
    @Override
    public List<DyadicInterval> softmax(List<DyadicInterval> theta) {
        int m = theta.size();
        DyadicInterval c = theta.get(0).upper();
        for (DyadicInterval t : theta) {
            if (t.compareHi(c) > 0) {
                c = t.upper();
            }
        }
        DyadicInterval[] lower = new DyadicInterval[m];
        DyadicInterval[] upper = new DyadicInterval[m];
        for (int b = 0; b < m; b++) {
            DyadicInterval e = exp(theta.get(b).subtract(c)); // its ends: e^(lo θ_b − c) and e^(hi θ_b − c)
            lower[b] = e.lower();
            upper[b] = e.upper();
        }
        // Σ_{b≠a} as prefix sum + suffix sum (each an enclosure): O(m) instead of O(m²)
        DyadicInterval[] prefixLower = new DyadicInterval[m + 1];
        DyadicInterval[] prefixUpper = new DyadicInterval[m + 1];
        DyadicInterval[] suffixLower = new DyadicInterval[m + 1];
        DyadicInterval[] suffixUpper = new DyadicInterval[m + 1];
        prefixLower[0] = prefixUpper[0] = suffixLower[m] = suffixUpper[m] = DyadicInterval.ZERO;
        for (int b = 0; b < m; b++) {
            prefixLower[b + 1] = prefixLower[b].add(lower[b]);
            prefixUpper[b + 1] = prefixUpper[b].add(upper[b]);
            suffixLower[m - 1 - b] = suffixLower[m - b].add(lower[m - 1 - b]);
            suffixUpper[m - 1 - b] = suffixUpper[m - b].add(upper[m - 1 - b]);
        }
        List<DyadicInterval> out = new ArrayList<>(m);
        for (int a = 0; a < m; a++) {
            DyadicInterval othersLower = prefixLower[a].add(suffixLower[a + 1]);
            DyadicInterval othersUpper = prefixUpper[a].add(suffixUpper[a + 1]);
            DyadicInterval lo = lower[a].divide(lower[a].add(othersUpper)).lower();
            DyadicInterval hi = upper[a].divide(upper[a].add(othersLower)).upper();
            if (hi.compareHi(DyadicInterval.ONE) > 0) {
                hi = DyadicInterval.ONE;
            }
            out.add(lo.to(hi));
        }
        return out;
    }
}
