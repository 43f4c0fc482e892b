package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * The dyadic interval arithmetic against exact rational arithmetic: every result must contain the exact result of
 * its end-points (checked with {@link Rational}, no rounding anywhere in the check) and be at most a few units of
 * the last place wide.
 */
class DyadicIntervalTest {
    /** A rational of widely varying size and sign, often with a long mantissa. */
    static Rational rational(SplittableRandom r) {
        BigInteger num = new BigInteger(r.nextInt(1, 130), new java.util.Random(r.nextLong()));
        BigInteger den = new BigInteger(r.nextInt(1, 100), new java.util.Random(r.nextLong())).add(BigInteger.ONE);
        Rational x = Rational.of(num, den);
        int shift = r.nextInt(-80, 80);
        x = shift >= 0 ? x.multiply(Rational.of(BigInteger.TWO.pow(shift))) : x.divide(Rational.of(BigInteger.TWO
            .pow(-shift)));
        return r.nextInt(4) == 0 ? Rational.ZERO : r.nextBoolean() ? x.negate() : x;
    }

    record Pair(Rational a, Rational b) {
    }

    static final Gen<Pair> PAIRS = r -> new Pair(rational(r), rational(r));

    static boolean contains(DyadicInterval x, Rational v) {
        return x.loRational().compareTo(v) <= 0 && v.compareTo(x.hiRational()) <= 0;
    }

    /** Width at most 8 units in the last of 62 bits of {@code scale} (the larger operand, for a sum). */
    static void tight(DyadicInterval x, Rational v, Rational scale) {
        Rational width = x.hiRational().subtract(x.loRational());
        assertThat(width.compareTo(scale.multiply(Rational.of(BigInteger.ONE, BigInteger.TWO.pow(59))))).as("width of "
            + x + " around " + v).isLessThanOrEqualTo(0);
    }

    /**
     * The decimal enclosure is the exact interval down to magnitudes of 2⁻⁹⁰⁰; end points below 2⁻¹⁰⁰⁰ become 0 or
     * ±10⁻³⁰⁰ outward, and still hold the exact value.
     */
    @Test
    void theDecimalEnclosureIsExactButForTinyEndPointsTakenOutward() {
        Rational moderate = Rational.of(BigInteger.valueOf(3), BigInteger.TWO.pow(900));
        DyadicInterval x = DyadicInterval.of(moderate.negate()).hull(DyadicInterval.of(moderate));
        assertThat(x.enclosure()).isEqualTo(x.toInterval());
        BigDecimal tinyBound = new BigDecimal("1e-300");
        for (int exponent : new int[] {1100, 5000, 40000}) {
            Rational tiny = Rational.of(BigInteger.valueOf(5), BigInteger.TWO.pow(exponent));
            DyadicInterval positive = DyadicInterval.of(tiny);
            DyadicInterval negative = positive.negate();
            DyadicInterval across = negative.hull(positive);
            assertThat(positive.enclosure()).isEqualTo(new Interval(BigDecimal.ZERO, tinyBound));
            assertThat(negative.enclosure()).isEqualTo(new Interval(tinyBound.negate(), BigDecimal.ZERO));
            assertThat(across.enclosure()).isEqualTo(new Interval(tinyBound.negate(), tinyBound));
            for (DyadicInterval d : List.of(positive, negative, across)) {
                assertThat(d.enclosure().lo()).isLessThanOrEqualTo(d.toInterval().lo());
                assertThat(d.enclosure().hi()).isGreaterThanOrEqualTo(d.toInterval().hi());
            }
            // one tiny end, one ordinary: only the tiny one moves
            DyadicInterval mixed = positive.hull(DyadicInterval.of(Rational.of(1, 3)));
            assertThat(mixed.enclosure()).isEqualTo(new Interval(BigDecimal.ZERO, mixed.toInterval().hi()));
        }
        assertThat(DyadicInterval.ZERO.enclosure()).isEqualTo(new Interval(BigDecimal.ZERO, BigDecimal.ZERO));
    }

    @Test
    void conversionEnclosesTheRationalTightly() {
        Property.forAll("dyadic of(r) encloses r", PAIRS).tries(2000).check(p -> {
            DyadicInterval x = DyadicInterval.of(p.a());
            assertThat(contains(x, p.a())).as("%s in %s", p.a(), x).isTrue();
            tight(x, p.a(), p.a().abs());
        });
        assertThat(DyadicInterval.of(Rational.of(3, 8)).toInterval()).isEqualTo(Interval.point(new BigDecimal("0.375")));
    }

    /** magnitudeExponent e bounds every point below 2^e and an end at least 2^(e−1); [0, 0] has none. */
    @Test
    void theMagnitudeExponentBracketsTheLargerEnd() {
        Property.forAll("2^(e-1) <= max |end| < 2^e", PAIRS).tries(2000).check(p -> {
            DyadicInterval x = DyadicInterval.of(p.a()).hull(DyadicInterval.of(p.b()));
            if (x.isZero()) {
                return;
            }
            int e = x.magnitudeExponent();
            Rational largest = x.loRational().abs().max(x.hiRational().abs());
            Rational power = e >= 0 ? Rational.of(BigInteger.TWO.pow(e)) : Rational.of(BigInteger.ONE,
                BigInteger.TWO.pow(-e));
            assertThat(largest.compareTo(power)).as("%s below 2^%d", x, e).isNegative();
            assertThat(largest.multiply(Rational.TWO).compareTo(power)).as("%s at least 2^%d", x, e - 1)
                .isGreaterThanOrEqualTo(0);
        });
        assertThat(DyadicInterval.ZERO.magnitudeExponent()).isEqualTo(Integer.MIN_VALUE);
        assertThat(DyadicInterval.ONE.magnitudeExponent()).isEqualTo(1);
    }

    @Test
    void arithmeticEnclosesTheExactResult() {
        Property.forAll("dyadic +, −, ×, ÷ enclose the exact result", PAIRS).tries(3000).check(p -> {
            DyadicInterval a = DyadicInterval.of(p.a());
            DyadicInterval b = DyadicInterval.of(p.b());
            // the exact operations on the exact end-points of a and b (which contain p.a(), p.b())
            for (Rational x : List.of(a.loRational(), a.hiRational())) {
                for (Rational y : List.of(b.loRational(), b.hiRational())) {
                    assertThat(contains(a.add(b), x.add(y))).as("%s + %s", x, y).isTrue();
                    assertThat(contains(a.subtract(b), x.subtract(y))).as("%s - %s", x, y).isTrue();
                    assertThat(contains(a.multiply(b), x.multiply(y))).as("%s * %s", x, y).isTrue();
                    if (!b.containsZero()) {
                        assertThat(contains(a.divide(b), x.divide(y))).as("%s / %s", x, y).isTrue();
                    }
                }
            }
            tight(a.add(b), p.a().add(p.b()), p.a().abs().max(p.b().abs()));
            tight(a.multiply(b), p.a().multiply(p.b()), p.a().multiply(p.b()).abs());
        });
    }

    @Test
    void cancellationAndHugeExponentGapsStayExactOrOutward() {
        Rational big = Rational.of(BigInteger.TWO.pow(200));
        Rational tiny = Rational.of(BigInteger.ONE, BigInteger.TWO.pow(300));
        DyadicInterval s = DyadicInterval.of(big).add(DyadicInterval.of(tiny));
        assertThat(contains(s, big.add(tiny))).isTrue();
        assertThat(s.loRational()).isEqualTo(big);
        DyadicInterval d = DyadicInterval.of(big).subtract(DyadicInterval.of(tiny));
        assertThat(contains(d, big.subtract(tiny))).isTrue();
        DyadicInterval zero = DyadicInterval.of(Rational.of(7, 3)).subtract(DyadicInterval.of(Rational.of(7, 3)));
        assertThat(zero.containsZero()).isTrue();
    }

    record Arg(BigDecimal x) {
    }

    static final Gen<Arg> ARGS = r -> new Arg(BigDecimal.valueOf(r.nextLong() % 700_000_000L, r.nextInt(6, 14)));

    /**
     * exp over an interval [l, u] holds e^l, e^u and a point between, against BigMath at 60 digits, for widths from
     * 2^−62 to 2^−20 across the cut-off 2^−30 below which the upper end comes from the lower one's evaluation; the
     * upper end stays within (|l| + 40)·2^−60 (relative) of e^u, as an evaluation at u does (measured: at most about
     * 1100·2^−62 either way for |l| ≤ 700).
     */
    @Test
    void expOfAThinIntervalHoldsBothEndsSharply() {
        SplittableRandom r = new SplittableRandom(43);
        MathContext mc = new MathContext(60);
        for (int t = 0; t < 400; t++) {
            Rational l = Rational.of(BigInteger.valueOf(r.nextLong(-700L << 40, 700L << 40)), BigInteger.TWO.pow(40));
            int bits = r.nextInt(20, 63);
            Rational u = l.add(Rational.of(BigInteger.ONE, BigInteger.TWO.pow(bits)).multiply(Rational.of(r.nextInt(
                1, 3))));
            DyadicInterval e = DyadicField.INSTANCE.exp(DyadicInterval.of(l).to(DyadicInterval.of(u)));
            BigDecimal atL = BigDecimalMath.exp(l.toBigDecimal(mc), mc);
            BigDecimal atU = BigDecimalMath.exp(u.toBigDecimal(mc), mc);
            BigDecimal between = BigDecimalMath.exp(l.add(u).divide(Rational.TWO).toBigDecimal(mc), mc);
            Interval enc = e.toInterval();
            assertThat(enc.contains(atL) && enc.contains(atU) && enc.contains(between)).as("[%s, %s]: %s", l, u, e)
                .isTrue();
            // as sharp as an evaluation at u: the reduction of |u| ≤ 700 costs up to about 1100·2^−62 either way
            assertThat(enc.hi().subtract(atU).divide(atU, MathContext.DECIMAL64).doubleValue()).as("[%s, %s]", l, u)
                .isLessThanOrEqualTo((Math.abs(l.doubleValue()) + 40) * 0x1p-60);
        }
    }

    @Test
    void expEnclosesBigMathToTheArgumentsPrecision() {
        Property.forAll("dyadic exp encloses exp", ARGS).tries(600).check(a -> {
            DyadicInterval x = DyadicInterval.of(Rational.of(a.x()));
            DyadicInterval e = DyadicField.INSTANCE.exp(x);
            BigDecimal reference = BigDecimalMath.exp(a.x(), new MathContext(60));
            assertThat(e.toInterval().contains(reference)).as("exp(%s) = %s in %s", a.x(), reference, e).isTrue();
            // relative width: the argument's own enclosure contributes |x|·2^−62 (x is decimal, not dyadic)
            BigDecimal allowed = reference.multiply(a.x().abs().add(BigDecimal.TEN)).scaleByPowerOfTen(-17);
            assertThat(e.toInterval().width()).isLessThanOrEqualTo(allowed);
        });
        assertThat(DyadicField.INSTANCE.exp(DyadicInterval.of(Rational.of(-2_000_000))).toInterval().lo())
            .isEqualByComparingTo("0");
        assertThatThrownBy(() -> DyadicField.INSTANCE.exp(DyadicInterval.of(Rational.of(2_000_000))))
            .isInstanceOf(ArithmeticException.class);
        // a thin interval reaching past 10^6 is refused too, not bounded from its lower end
        Rational cut = Rational.of(1_000_000);
        assertThatThrownBy(() -> DyadicField.INSTANCE.exp(DyadicInterval.of(cut).to(DyadicInterval.of(cut.add(
            Rational.of(BigInteger.ONE, BigInteger.TWO.pow(40))))))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void softmaxEnclosesThePointSoftmaxAndIsSharp() {
        Property.forAll("dyadic softmax encloses softmax", PAIRS).tries(300).check(p -> {
            List<DyadicInterval> theta = new ArrayList<>();
            List<BigDecimal> points = new ArrayList<>();
            for (Rational q : List.of(p.a(), p.b(), p.a().add(p.b()))) {
                Rational v = q.abs().compareTo(Rational.of(50)) > 0 ? Rational.of(q.signum() * 50) : q;
                theta.add(DyadicInterval.of(v));
                points.add(v.toBigDecimal(new MathContext(50)));
            }
            List<DyadicInterval> s = DyadicField.INSTANCE.softmax(theta);
            BigDecimal z = BigDecimal.ZERO;
            for (BigDecimal t : points) {
                z = z.add(BigDecimalMath.exp(t, new MathContext(60)));
            }
            for (int a = 0; a < 3; a++) {
                BigDecimal exact = BigDecimalMath.exp(points.get(a), new MathContext(60)).divide(z, new MathContext(50));
                assertThat(s.get(a).toInterval().contains(exact)).as("softmax %d of %s in %s", a, points, s.get(a))
                    .isTrue();
                assertThat(s.get(a).toInterval().width()).isLessThan(new BigDecimal("1e-15"));
            }
        });
    }

    /** An interval with end-points of either sign: the hull of two converted rationals (often straddling zero). */
    static DyadicInterval wide(SplittableRandom r) {
        return DyadicInterval.of(rational(r)).hull(DyadicInterval.of(rational(r)));
    }

    record Wide(DyadicInterval a, DyadicInterval b, int k) {
    }

    static final Gen<Wide> WIDE = r -> new Wide(wide(r), wide(r), r.nextInt(-70, 70));

    /** The exact range of x∘y over the end-points (the range of +, −, × and ÷ over boxes is attained there). */
    static Rational[] range(DyadicInterval a, DyadicInterval b, java.util.function.BinaryOperator<Rational> op) {
        Rational lo = null;
        Rational hi = null;
        for (Rational x : List.of(a.loRational(), a.hiRational())) {
            for (Rational y : List.of(b.loRational(), b.hiRational())) {
                Rational v = op.apply(x, y);
                lo = lo == null ? v : lo.min(v);
                hi = hi == null ? v : hi.max(v);
            }
        }
        return new Rational[] {lo, hi};
    }

    /** The result contains the exact range and exceeds it by at most 2^−59 of the range's magnitude at each end. */
    static void enclosesTightly(DyadicInterval result, Rational[] exact, String what) {
        assertThat(result.loRational()).as("%s: lower end %s above the exact %s", what, result, exact[0])
            .isLessThanOrEqualTo(exact[0]);
        assertThat(result.hiRational()).as("%s: upper end %s below the exact %s", what, result, exact[1])
            .isGreaterThanOrEqualTo(exact[1]);
        Rational slack = exact[0].abs().max(exact[1].abs()).multiply(Rational.of(BigInteger.ONE,
            BigInteger.TWO.pow(59)));
        assertThat(exact[0].subtract(result.loRational())).as("%s: lower end too low", what).isLessThanOrEqualTo(slack);
        assertThat(result.hiRational().subtract(exact[1])).as("%s: upper end too high", what)
            .isLessThanOrEqualTo(slack);
    }

    @Test
    void intervalsOfEitherSignEncloseTheExactRangeTightly() {
        Property.forAll("dyadic interval operations on wide intervals", WIDE).tries(3000).check(w -> {
            DyadicInterval a = w.a();
            DyadicInterval b = w.b();
            // sums, differences and products round each end once: each end is exactly the 62-bit rounding (down for
            // the lower end, up for the upper) of the exact end-point result, the same numbers as DyadicInterval.of of
            // that rational (which rounds by long division, not by the 128-bit kernel)
            roundsOnce(a.add(b), range(a, b, Rational::add), "add");
            roundsOnce(a.subtract(b), range(a, b, Rational::subtract), "subtract");
            roundsOnce(a.multiply(b), range(a, b, Rational::multiply), "multiply");
            roundsOnce(a.lower().multiply(b.upper()), range(a.lower(), b.upper(), Rational::multiply), "point product");
            roundsOnce(a.upper().add(b.lower()), range(a.upper(), b.lower(), Rational::add), "point sum");
            if (!b.containsZero()) {
                enclosesTightly(a.divide(b), range(a, b, Rational::divide), "divide");
                enclosesTightly(b.reciprocal(), range(DyadicInterval.ONE, b, Rational::divide), "reciprocal");
            }
            Rational twoK = twoTo(w.k());
            assertThat(a.scale(w.k()).loRational()).isEqualTo(a.loRational().multiply(twoK));
            assertThat(a.scale(w.k()).hiRational()).isEqualTo(a.hiRational().multiply(twoK));
            Rational mag = a.loRational().abs().max(a.hiRational().abs());
            assertThat(a.magnitude().loRational()).isEqualTo(mag);
            assertThat(a.magnitude().hiRational()).isEqualTo(mag);
            assertThat(a.containsZero()).isEqualTo(a.loRational().signum() <= 0 && a.hiRational().signum() >= 0);
            assertThat(a.signumLo()).isEqualTo(a.loRational().signum());
            assertThat(a.signumHi()).isEqualTo(a.hiRational().signum());
            assertThat(Integer.signum(a.compareLo(b))).isEqualTo(a.loRational().compareTo(b.loRational()));
            assertThat(Integer.signum(a.compareHi(b))).isEqualTo(a.hiRational().compareTo(b.hiRational()));
            // the products by [−1, 1] and [0, 1] (Taylor-model ranges): exactly the exact ranges
            DyadicInterval unit = DyadicInterval.of(-1).hull(DyadicInterval.ONE);
            DyadicInterval zeroOne = DyadicInterval.ZERO.hull(DyadicInterval.ONE);
            for (DyadicInterval[] product : new DyadicInterval[][] {{a.timesUnit(), unit}, {a.timesZeroOne(), zeroOne}}) {
                Rational[] exact = range(a, product[1], Rational::multiply);
                assertThat(product[0].loRational()).as("%s times %s", a, product[1]).isEqualTo(exact[0]);
                assertThat(product[0].hiRational()).as("%s times %s", a, product[1]).isEqualTo(exact[1]);
            }
            DyadicInterval h = a.hull(b);
            assertThat(h.loRational()).isEqualTo(a.loRational().min(b.loRational()));
            assertThat(h.hiRational()).isEqualTo(a.hiRational().max(b.hiRational()));
            Rational mid = a.midpoint().loRational();
            assertThat(mid).isEqualTo(a.midpoint().hiRational());
            assertThat(mid).isBetween(a.loRational(), a.hiRational());
            assertThat(DyadicField.INSTANCE.midpoint(a)).isEqualTo(a.midpoint());
            // intersections: exact end-points, null exactly when disjoint; nested and touching boxes
            Rational lo = a.loRational().max(b.loRational());
            Rational hi = a.hiRational().min(b.hiRational());
            DyadicInterval meet = DyadicField.INSTANCE.intersect(a, b);
            if (lo.compareTo(hi) > 0) {
                assertThat(meet).as("%s and %s are disjoint", a, b).isNull();
            } else {
                assertThat(meet.loRational()).isEqualTo(lo);
                assertThat(meet.hiRational()).isEqualTo(hi);
            }
            assertThat(a.intersect(h)).isEqualTo(a);
            assertThat(h.intersect(b)).isEqualTo(b);
            assertThat(a.intersect(a.upper())).isEqualTo(a.upper());
            // the width estimate: the exact width up to the doubles' rounding of the end-points
            Rational width = a.hiRational().subtract(a.loRational());
            Rational estimate = Rational.of(new BigDecimal(DyadicField.INSTANCE.widthEstimate(a)));
            assertThat(estimate.subtract(width).abs()).as("width of %s", a).isLessThanOrEqualTo(a.magnitude()
                .hiRational().multiply(Rational.of(BigInteger.ONE, BigInteger.TWO.pow(50))));
        });
    }

    static void roundsOnce(DyadicInterval result, Rational[] exact, String what) {
        assertThat(result.loRational()).as("%s: lower end of %s against the exact %s", what, result, exact[0])
            .isEqualTo(DyadicInterval.of(exact[0]).loRational());
        assertThat(result.hiRational()).as("%s: upper end of %s against the exact %s", what, result, exact[1])
            .isEqualTo(DyadicInterval.of(exact[1]).hiRational());
    }

    /**
     * A sum whose second term is far below the first's last bit (exponents more than 63 apart) at the bottom of a
     * binade, ±2⁻¹⁰ ∓ 2⁻⁸⁰: toward zero the next value is one unit of the binade below (2⁻⁷²), so each end is the
     * single 62-bit rounding of the exact end — both signs, both directions (-Pthorough once found the upper end a
     * unit of 2⁻⁷¹ out).
     */
    @Test
    void aTinyTermAtTheBottomOfABinadeRoundsOnce() {
        Rational top = Rational.of(1, 1024);
        Rational tiny = Rational.of(java.math.BigInteger.ONE, java.math.BigInteger.TWO.pow(80));
        for (Rational a : List.of(top, top.negate())) {
            for (Rational b : List.of(tiny, tiny.negate())) {
                DyadicInterval x = DyadicInterval.of(a);
                DyadicInterval y = DyadicInterval.of(b);
                Rational sum = a.add(b);
                roundsOnce(x.add(y), new Rational[] {sum, sum}, a + " + " + b);
                roundsOnce(x.subtract(y), new Rational[] {a.subtract(b), a.subtract(b)}, a + " − " + b);
            }
        }
    }

    @Test
    void doublesConvertExactly() {
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 5000; k++) {
            double d = switch (k % 4) {
                case 0 -> r.nextGaussian() * Math.pow(10, r.nextInt(-300, 300));
                case 1 -> Double.longBitsToDouble(r.nextLong() & 0x000FFFFFFFFFFFFFL); // subnormal
                case 2 -> -r.nextDouble();
                default -> (double) r.nextLong();
            };
            DyadicInterval x = DyadicInterval.ofDouble(d);
            Rational exact = Rational.of(new BigDecimal(d));
            assertThat(x.loRational()).as("%s", d).isEqualTo(exact);
            assertThat(x.hiRational()).as("%s", d).isEqualTo(exact);
        }
    }

    /** 2^k as a rational, by BigInteger powers (not by {@link Rational#dyadic}, which the end-points are read with). */
    static Rational twoTo(int k) {
        return k >= 0 ? Rational.of(BigInteger.TWO.pow(k)) : Rational.of(BigInteger.ONE, BigInteger.TWO.pow(-k));
    }

    /** A dyadic rational m·2^e with |m| < 2^30, e in [−40, 40]: short enough that sums and products are exact. */
    static Rational shortDyadic(SplittableRandom r) {
        long m = r.nextLong(-(1L << 30) + 1, 1L << 30);
        int e = r.nextInt(-40, 41);
        return Rational.of(m).multiply(twoTo(e));
    }

    static final Gen<Pair> SHORT = r -> new Pair(shortDyadic(r), shortDyadic(r));

    /**
     * Representable results come out exact: a point interval equal to the exact value. This sees mutants that only
     * loosen a result by one unit in the last place (still an enclosure, so the containment checks above cannot).
     */
    @Test
    void representableResultsAreExactPoints() {
        Property.forAll("dyadic exact when representable", SHORT).tries(3000).check(p -> {
            DyadicInterval a = DyadicInterval.of(p.a());
            DyadicInterval b = DyadicInterval.of(p.b());
            assertThat(a.loRational()).isEqualTo(p.a());
            assertThat(a.hiRational()).isEqualTo(p.a());
            // |a|, |b| < 2^70 with 2^-70 resolution: the sum needs at most 141 bits, so only products are always exact
            DyadicInterval prod = a.multiply(b);
            assertThat(prod.loRational()).as("%s * %s", p.a(), p.b()).isEqualTo(p.a().multiply(p.b()));
            assertThat(prod.hiRational()).as("%s * %s", p.a(), p.b()).isEqualTo(p.a().multiply(p.b()));
            Rational sum = p.a().add(p.b());
            DyadicInterval s = a.add(b);
            if (DyadicInterval.of(sum).loRational().equals(sum)) {
                // the exact sum fits in 62 bits: the result must be that point
                assertThat(s.loRational()).as("%s + %s", p.a(), p.b()).isEqualTo(sum);
                assertThat(s.hiRational()).as("%s + %s", p.a(), p.b()).isEqualTo(sum);
            } else {
                // otherwise one unit apart at most, around the exact sum
                assertThat(s.loRational()).isLessThan(sum);
                assertThat(s.hiRational()).isGreaterThan(sum);
                assertThat(s).isEqualTo(DyadicInterval.of(sum));
            }
        });
    }

    /**
     * Integers below 2^62 and dyadic decimals with a 62-bit numerator convert exactly (0.375, 2^−12, an end-point this
     * class wrote, with or without trailing zeros), other decimals to an enclosure at most 8 units of the last bit
     * wide.
     */
    @Test
    void decimalsConvertExactlyOrTightly() {
        DyadicInterval third = DyadicInterval.of(Rational.of(1, 3));
        for (String x : List.of("-12", "1E+5", "4611686018427387903", "0.375", "-0.000244140625", "0.3750000",
            third.loDecimal().toPlainString(), third.hiDecimal().toPlainString() + "000")) {
            DyadicInterval d = DyadicInterval.of(new BigDecimal(x));
            assertThat(d.loRational()).as(x).isEqualTo(Rational.of(new BigDecimal(x)));
            assertThat(d.hiRational()).as(x).isEqualTo(Rational.of(new BigDecimal(x)));
        }
        // the tabulated 10^−s (s < 64), the long division beyond it, and unscaled values of 61 to 63 bits
        List<BigDecimal> inexact = new ArrayList<>(List.of(new BigDecimal("0.1"), new BigDecimal("-0.3"),
            new BigDecimal("0.3751"), new BigDecimal("-0.000244140626"),
            BigDecimal.ONE.scaleByPowerOfTen(-63), BigDecimal.ONE.scaleByPowerOfTen(-64),
            new BigDecimal("7").scaleByPowerOfTen(-200), BigDecimal.ONE.scaleByPowerOfTen(-1099),
            BigDecimal.ONE.scaleByPowerOfTen(-1100)));
        for (int bits = 60; bits <= 64; bits++) {
            inexact.add(new BigDecimal(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.valueOf(3)), 5));
        }
        for (BigDecimal x : inexact) {
            DyadicInterval d = DyadicInterval.of(x);
            Rational exact = Rational.of(x);
            assertThat(contains(d, exact)).as("%s in %s", x, d).isTrue();
            assertThat(d.hiRational().subtract(d.loRational())).as("width of %s", d)
                .isLessThanOrEqualTo(exact.abs().multiply(twoTo(-59)));
            if (x.scale() >= 64 || x.unscaledValue().bitLength() >= DyadicInterval.PRECISION) {
                // the long division of u by 10^s, without reducing the fraction, is the tightest enclosure
                assertThat(d).as(x.toString()).isEqualTo(DyadicInterval.of(exact));
            }
        }
        // beyond HUGE_SCALE: u times a powered enclosure of 10^−s — outward, a few ulps wide (e^−10⁶ is 10^−434295)
        for (BigDecimal x : List.of(BigDecimal.ONE.scaleByPowerOfTen(-DyadicInterval.HUGE_SCALE - 1),
            new BigDecimal("-7").scaleByPowerOfTen(-434_344), new BigDecimal("12345678901234567890123.5")
            .scaleByPowerOfTen(-20_000))) {
            DyadicInterval d = DyadicInterval.of(x);
            Rational exact = Rational.of(x);
            assertThat(contains(d, exact)).as("%s in %s", x.round(new java.math.MathContext(5)), d).isTrue();
            assertThat(d.hiRational().subtract(d.loRational())).as("width of %s", d)
                .isLessThanOrEqualTo(exact.abs().multiply(twoTo(-50)));
        }
        // a decimal interval: each end converted outward
        Interval wide = new Interval(new BigDecimal("0.1"), new BigDecimal("0.3"));
        DyadicInterval w = DyadicInterval.of(wide);
        assertThat(w.loRational()).isEqualTo(DyadicInterval.of(Rational.of(1, 10)).loRational());
        assertThat(w.hiRational()).isEqualTo(DyadicInterval.of(Rational.of(3, 10)).hiRational());
        assertThat(DyadicInterval.of(Interval.point(new BigDecimal("0.7")))).isEqualTo(DyadicInterval.of(
            new BigDecimal("0.7")));
    }

    record Dyadic(long m, int e, int zeros) {
    }

    /** m·2^e with |m| below 2^62, of any length, often with 20 low zero bits; e from −1090 to 100; decimal zeros. */
    static final Gen<Dyadic> DYADICS = r -> {
        long m = r.nextLong() >> r.nextInt(2, 64);
        m = r.nextInt(3) == 0 ? m >> 20 << 20 : m;
        return new Dyadic(r.nextBoolean() ? m : -m, r.nextInt(-1090, 100), r.nextInt(0, 4));
    };

    /**
     * The decimal text of m·2^e is its exact value without trailing zeros (against BigDecimal's exact product and its
     * own stripping), and that decimal, however many zeros are appended, converts back to the point m·2^e — by the
     * unscaled value's test of divisibility by 5^s in long arithmetic up to s = 27, by 5^−s modulo 2^64 beyond; one
     * unit more in the last place converts to an enclosure.
     */
    @Test
    void decimalsOfDyadicsAreExactBothWays() {
        Property.forAll("m·2^e to its decimal and back", DYADICS).tries(3000).check(d -> {
            BigDecimal two = BigDecimal.valueOf(2);
            BigDecimal exact = d.e() >= 0 ? BigDecimal.valueOf(d.m()).multiply(two.pow(d.e()))
                : BigDecimal.valueOf(d.m()).divide(two.pow(-d.e()));
            BigDecimal text = DyadicInterval.decimal(d.m(), d.e());
            assertThat(text).isEqualTo(d.m() == 0 ? BigDecimal.ZERO : exact.stripTrailingZeros());
            BigDecimal padded = text.setScale(Math.max(text.scale(), 0) + d.zeros());
            Rational value = Rational.of(exact);
            if (d.m() != 0 && Math.abs(d.e()) < 1000) {
                DyadicInterval back = DyadicInterval.of(padded);
                assertThat(back.loRational()).as("%s", padded).isEqualTo(value);
                assertThat(back.hiRational()).as("%s", padded).isEqualTo(value);
                if (padded.scale() > 0) {
                    // one unit more in the last decimal place is no dyadic number: an enclosure, not a point
                    BigDecimal off = padded.add(BigDecimal.ONE.scaleByPowerOfTen(-padded.scale()));
                    DyadicInterval near = DyadicInterval.of(off);
                    assertThat(contains(near, Rational.of(off))).as("%s in %s", off, near).isTrue();
                    assertThat(near.loRational()).as("%s", off).isNotEqualTo(near.hiRational());
                }
            }
        });
    }

    /** A rounding that carries to ±2^62 is renormalized: the result equals ±1 in value and in representation. */
    @Test
    void aCarryToTheNextPowerOfTwoStaysCanonical() {
        Rational justBelowOne = Rational.ONE.subtract(twoTo(-70));
        DyadicInterval x = DyadicInterval.of(justBelowOne);
        assertThat(x.compareHi(DyadicInterval.ONE)).isZero();
        assertThat(x.upper()).isEqualTo(DyadicInterval.ONE);
        DyadicInterval y = DyadicInterval.of(justBelowOne.negate());
        assertThat(y.compareLo(DyadicInterval.of(-1))).isZero();
        assertThat(y.lower()).isEqualTo(DyadicInterval.of(-1));
        // the 128-bit kernel's carry: (1 − 2^−62) + 2^−70, rounded up, is 1
        DyadicInterval sum = DyadicInterval.of(Rational.ONE.subtract(twoTo(-62))).add(DyadicInterval.of(twoTo(-70)));
        assertThat(sum.upper()).isEqualTo(DyadicInterval.ONE);
    }

    /** The scales that take ONE (mantissa 2^61, exponent −61) to the largest and smallest allowed exponents. */
    private static final int TOP = Integer.MAX_VALUE / 2 + DyadicInterval.PRECISION - 1;
    private static final int BOTTOM = Integer.MIN_VALUE / 2 + DyadicInterval.PRECISION - 1;

    /** Exponents up to ±2^30 are accepted, exactly to the limit, and beyond it refused by every operation. */
    @Test
    void exponentsAreCheckedAtTheirLimits() {
        assertThat(DyadicInterval.ONE.scale(TOP).signumLo()).isPositive();
        assertThat(DyadicInterval.ONE.scale(BOTTOM).signumLo()).isPositive();
        assertThatThrownBy(() -> DyadicInterval.ONE.scale(TOP + 1)).isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("exponent out of range");
        assertThatThrownBy(() -> DyadicInterval.ONE.scale(BOTTOM - 1)).isInstanceOf(ArithmeticException.class);
        DyadicInterval huge = DyadicInterval.ONE.scale((1 << 29) + 100);
        DyadicInterval tiny = DyadicInterval.ONE.scale(-(1 << 29) - 100);
        assertThatThrownBy(() -> huge.multiply(huge)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> tiny.multiply(tiny)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> DyadicInterval.ONE.scale(2000).hiDouble()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void reciprocalsOfIntervalsWithEqualMantissasAreExact() {
        DyadicInterval oneTwo = DyadicInterval.of(1).hull(DyadicInterval.of(2));
        assertThat(oneTwo.reciprocal()).isEqualTo(DyadicInterval.of(Rational.of(1, 2)).hull(DyadicInterval.ONE));
        DyadicInterval negative = DyadicInterval.of(-4).hull(DyadicInterval.of(Rational.of(-1, 2)));
        assertThat(negative.reciprocal()).isEqualTo(DyadicInterval.of(-2).hull(DyadicInterval.of(Rational.of(-1, 4))));
        assertThatThrownBy(() -> DyadicInterval.ZERO.hull(DyadicInterval.ONE).reciprocal())
            .isInstanceOf(ArithmeticException.class);
    }

    /** End-points of every size convert to the nearest double outward: lo to the largest ≤ it, hi to the smallest ≥. */
    @Test
    void endPointsBecomeTheNearestDoublesOutward() {
        Property.forAll("dyadic end-points to doubles, outward and tight", PAIRS).tries(3000).check(p -> {
            DyadicInterval x = DyadicInterval.of(p.a()).hull(DyadicInterval.of(p.b()));
            double lo = x.loDouble();
            double hi = x.hiDouble();
            assertThat(Rational.of(new BigDecimal(lo))).as("lo of %s", x).isLessThanOrEqualTo(x.loRational());
            assertThat(Rational.of(new BigDecimal(Math.nextUp(lo)))).as("lo of %s", x).isGreaterThan(x.loRational());
            assertThat(Rational.of(new BigDecimal(hi))).as("hi of %s", x).isGreaterThanOrEqualTo(x.hiRational());
            assertThat(Rational.of(new BigDecimal(Math.nextDown(hi)))).as("hi of %s", x).isLessThan(x.hiRational());
        });
    }

    /** Doubles at the normal/subnormal boundary convert exactly both ways; subnormal end-points round outward. */
    @Test
    void doublesAtTheSubnormalBoundary() {
        for (double d : new double[] {Double.MIN_NORMAL, 1.5 * Double.MIN_NORMAL, -Double.MIN_NORMAL,
            Double.MIN_VALUE, Math.nextDown(Double.MIN_NORMAL)}) {
            DyadicInterval x = DyadicInterval.ofDouble(d);
            assertThat(x.loRational()).as("%s", d).isEqualTo(Rational.of(new BigDecimal(d)));
            assertThat(x.loDouble()).as("%s", d).isEqualTo(d);
            assertThat(x.hiDouble()).as("%s", d).isEqualTo(d);
        }
        assertThat(DyadicInterval.ofDouble(0.0).isZero()).isTrue();
        // 2^−1070/3 = (5 + 1/3)·2^−1074: between the subnormals 5 and 6 times MIN_VALUE
        DyadicInterval third = DyadicInterval.of(twoTo(-1070).divide(Rational.of(3)));
        assertThat(third.loDouble()).isEqualTo(5 * Double.MIN_VALUE);
        assertThat(third.hiDouble()).isEqualTo(6 * Double.MIN_VALUE);
        DyadicInterval negThird = third.negate();
        assertThat(negThird.loDouble()).isEqualTo(-6 * Double.MIN_VALUE);
        assertThat(negThird.hiDouble()).isEqualTo(-5 * Double.MIN_VALUE);
    }

    /**
     * An end-point m·2^e in the subnormal range (e from −1200 to −1084) becomes the double k·2^−1074 next to it
     * outward: k = ⌊m·2^(e+1074)⌋ below, ⌈·⌉ above, by exact rational floor and ceiling.
     */
    @Test
    void subnormalEndPointsRoundOutwardToTheirNeighbours() {
        Property.forAll("subnormal end-points to doubles", DYADICS).tries(3000).check(d -> {
            int e = -1084 - Math.floorMod(d.e(), 117);
            Rational value = Rational.of(BigInteger.valueOf(d.m())).multiply(twoTo(e));
            DyadicInterval x = DyadicInterval.of(value);
            Rational units = value.multiply(twoTo(1074));
            BigInteger[] qr = units.numerator().divideAndRemainder(units.denominator());
            BigInteger floor = qr[0].subtract(qr[1].signum() < 0 ? BigInteger.ONE : BigInteger.ZERO);
            BigInteger ceiling = floor.add(qr[1].signum() != 0 ? BigInteger.ONE : BigInteger.ZERO);
            assertThat(x.loDouble() == floor.doubleValue() * Double.MIN_VALUE).as("%s below %s", x.loDouble(), value)
                .isTrue();
            assertThat(x.hiDouble() == ceiling.doubleValue() * Double.MIN_VALUE).as("%s above %s", x.hiDouble(),
                value).isTrue();
        });
    }

    @Test
    void equalityHashAndTextFollowTheValue() {
        DyadicInterval half = DyadicInterval.of(Rational.of(1, 2));
        DyadicInterval sameHalf = DyadicInterval.ofDouble(0.5);
        assertThat(half).isEqualTo(sameHalf).hasSameHashCodeAs(sameHalf);
        assertThat(half).isNotEqualTo(DyadicInterval.ONE);
        assertThat(half).isNotEqualTo(half.hull(DyadicInterval.ONE));
        assertThat(half.toString()).isEqualTo(half.toInterval().toString()).contains("0.5");
    }

    /** Scaling checks each end's exponent: an interval whose ends have different exponents fails at either end. */
    @Test
    void scalingChecksBothEnds() {
        DyadicInterval bigLow = DyadicInterval.of(-(1L << 40)).hull(DyadicInterval.ONE); // lo's exponent 40 above hi's
        DyadicInterval bigHigh = DyadicInterval.of(-1).hull(DyadicInterval.of(1L << 40));
        assertThat(bigLow.scale(TOP - 40).signumLo()).isNegative();
        assertThatThrownBy(() -> bigLow.scale(TOP - 39)).isInstanceOf(ArithmeticException.class);
        assertThat(bigHigh.scale(TOP - 40).signumHi()).isPositive();
        assertThatThrownBy(() -> bigHigh.scale(TOP - 39)).isInstanceOf(ArithmeticException.class);
    }

    /** Hash-keyed memos of intervals need hashes that separate values, not only agree on equal ones. */
    @Test
    void hashesSeparateDistinctIntervals() {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int n = 1; n <= 100; n++) {
            hashes.add(DyadicInterval.of(Rational.of(n, 3)).hashCode());
        }
        assertThat(hashes).hasSizeGreaterThan(95);
    }
}
