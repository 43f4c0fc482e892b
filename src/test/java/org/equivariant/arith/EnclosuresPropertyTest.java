package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/** Rigorous exp/log/softmax enclosures and interval arithmetic, checked against big-math at twice the precision. */
class EnclosuresPropertyTest {
    record Point(BigDecimal x, int digits) {
    }

    static BigDecimal decimal(SplittableRandom r, double maxMagnitude) {
        int scale = r.nextInt(0, 30);
        BigDecimal x = new BigDecimal(new java.math.BigInteger(100, new java.util.Random(r.nextLong())), scale);
        x = x.remainder(BigDecimal.valueOf((long) Math.ceil(maxMagnitude)));
        return r.nextBoolean() ? x.negate() : x;
    }

    static final Gen<Point> POINTS = r -> new Point(decimal(r, r.nextBoolean() ? 2 : 200), r.nextInt(10, 80));

    @Test
    void expEnclosureContainsBigMathAtTwicePrecision() {
        Property.forAll("exp contains big-math", POINTS).tries(200).check(p -> {
            Interval e = Enclosures.exp(p.x(), p.digits());
            BigDecimal reference = BigDecimalMath.exp(p.x(), new MathContext(2 * p.digits() + 10));
            assertThat(e.contains(reference)).as("exp(%s) = %s in %s", p.x(), reference, e).isTrue();
            // relative width at most 10^-(digits-2)
            assertThat(e.width()).isLessThanOrEqualTo(reference.abs().scaleByPowerOfTen(-(p.digits() - 2)));
        });
    }

    /**
     * exp at d digits is the tightest d-digit enclosure: [e^x rounded down, e^x rounded up] to d significant digits,
     * wherever e^x is not within 10^−(d+5) (relative) of a d-digit number (there the guard digits may not decide). This
     * sees a weakened argument reduction, too few guard digits or series terms and a loose remainder, which the
     * containment check above cannot (they still enclose).
     */
    @Test
    void expIsTheTightestEnclosureAtTheRequestedDigits() {
        assertTightest("exp is the tightest enclosure", r -> new Point(decimal(r, switch (r.nextInt(3)) {
            case 0 -> 0.5;
            case 1 -> 4;
            default -> 3000;
        }), r.nextInt(2, 70)));
    }

    /**
     * The same at the ends of the fixed-point scheme: arguments up to ±10^6 (2^k converted to decimal by rounded
     * powering, not exactly), and arguments from 10^−3 down to where e^x's distance from 1 + x decides no digit (the
     * bounds 1 + x ≤ e^x ≤ 1 + x + x² meet the series' enclosure there).
     */
    @Test
    void expIsTheTightestEnclosureAtTheEndsOfItsRange() {
        assertTightest("exp is the tightest enclosure at its range's ends", r -> {
            int d = r.nextInt(2, 70);
            BigDecimal x = r.nextBoolean()
                ? BigDecimal.valueOf(r.nextDouble(1e3, 1e6)).round(new MathContext(r.nextInt(1, 20)))
                : new BigDecimal(java.math.BigInteger.valueOf(r.nextLong(1, 1L << 30)), r.nextInt(12, d + 13));
            return new Point(r.nextBoolean() ? x.negate() : x, d);
        });
    }

    /**
     * At a certificate's highest precisions (up to {@link org.equivariant.certificate.CertificateJson#MAX_DIGITS}) the
     * fixed-point scale passes the doubles' range (2^1024), where an estimate of x/ln 2 read from x's whole scaled
     * integer was infinite and the series never ended: the enclosure still contains big-math's value and is a few
     * units of the last digit wide.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void expAtACertificatesHighestPrecisions() {
        for (int digits : new int[] {300, 1000, org.equivariant.certificate.CertificateJson.MAX_DIGITS}) {
            for (String s : new String[] {"-1.2345678901234567890123456789", "3.5", "-700.25", "0.00001"}) {
                BigDecimal x = new BigDecimal(s);
                Interval e = Enclosures.exp(x, digits);
                BigDecimal reference = BigDecimalMath.exp(x, new MathContext(digits + 30));
                assertThat(e.contains(reference)).as("exp(%s) at %d digits", s, digits).isTrue();
                assertThat(e.width()).as("exp(%s) at %d digits", s, digits)
                    .isLessThanOrEqualTo(reference.scaleByPowerOfTen(-(digits - 2)));
            }
        }
    }

    /** Below the series' scale (|x| &lt; 2^−q) exp(±10^−k) at 30 digits is [1, 1 + 10^−29] and [1 − 10^−30, 1]. */
    @Test
    void expOfANegligibleArgumentIsOneUnitWide() {
        for (int k = 60; k <= 4000; k *= 2) {
            BigDecimal x = BigDecimal.ONE.scaleByPowerOfTen(-k);
            Interval above = Enclosures.exp(x, 30);
            assertThat(above.lo()).as("exp(1e-%d)", k).isEqualByComparingTo("1");
            assertThat(above.hi()).as("exp(1e-%d)", k).isEqualByComparingTo(BigDecimal.ONE.add(
                BigDecimal.ONE.scaleByPowerOfTen(-29)));
            Interval below = Enclosures.exp(x.negate(), 30);
            assertThat(below.lo()).as("exp(-1e-%d)", k).isEqualByComparingTo(BigDecimal.ONE.subtract(
                BigDecimal.ONE.scaleByPowerOfTen(-30)));
            assertThat(below.hi()).as("exp(-1e-%d)", k).isEqualByComparingTo("1");
        }
    }

    private static void assertTightest(String name, Gen<Point> gen) {
        int[] decided = {0};
        int tries = Property.forAll(name, gen).tries(400).check(p -> {
            int d = p.digits();
            Interval e = Enclosures.exp(p.x(), d);
            BigDecimal reference = BigDecimalMath.exp(p.x(), new MathContext(2 * d + 30));
            BigDecimal lo = reference.round(Interval.down(d));
            BigDecimal hi = reference.round(Interval.up(d));
            BigDecimal margin = reference.scaleByPowerOfTen(-(d + 5));
            if (reference.subtract(lo).compareTo(margin) > 0 && hi.subtract(reference).compareTo(margin) > 0) {
                decided[0]++;
                assertThat(e.lo()).as("lower end of exp(%s) at %d digits", p.x(), d).isEqualByComparingTo(lo);
                assertThat(e.hi()).as("upper end of exp(%s) at %d digits", p.x(), d).isEqualByComparingTo(hi);
            } else {
                assertThat(e.contains(reference)).as("exp(%s) = %s in %s", p.x(), reference, e).isTrue();
            }
        });
        assertThat(decided[0]).as("cases away from a rounding boundary").isGreaterThanOrEqualTo(tries * 9 / 10);
    }

    /** The integers enclosing ln 2·2^b (the series Σ 1/(j·2^j)) contain big-math's ln 2 and are at most 3 apart. */
    @Test
    void ln2IsEnclosedByTheSeries() {
        for (int bits : new int[] {1, 64, 257, 7100}) {
            java.math.BigInteger[] e = Enclosures.ln2Bits(bits);
            BigDecimal scaled = BigDecimalMath.log(BigDecimal.valueOf(2), new MathContext(bits / 3 + 40))
                .multiply(new BigDecimal(java.math.BigInteger.TWO.pow(bits)));
            assertThat(new BigDecimal(e[0])).as("lower end at %d bits", bits).isLessThanOrEqualTo(scaled);
            assertThat(new BigDecimal(e[1])).as("upper end at %d bits", bits).isGreaterThanOrEqualTo(scaled);
            assertThat(e[1].subtract(e[0])).as("width at %d bits", bits).isLessThanOrEqualTo(
                java.math.BigInteger.valueOf(3));
        }
    }

    @Test
    void logEnclosureContainsBigMathAtTwicePrecision() {
        Property.forAll("log contains big-math", POINTS).tries(150).check(p -> {
            BigDecimal x = p.x().abs().add(new BigDecimal("1e-20"));
            Interval l = Enclosures.log(x, p.digits());
            BigDecimal reference = BigDecimalMath.log(x, new MathContext(2 * p.digits() + 10));
            assertThat(l.contains(reference)).as("log(%s) = %s in %s", x, reference, l).isTrue();
            assertThat(l.width()).isLessThanOrEqualTo(reference.abs().scaleByPowerOfTen(-(p.digits() - 2))
                .max(BigDecimal.ONE.scaleByPowerOfTen(-p.digits())));
        });
    }

    @Test
    void widthsShrinkAsPrecisionGrows() {
        Property.forAll("enclosure widths shrink", POINTS).tries(100).check(p -> {
            BigDecimal x = p.x();
            Interval coarse = Enclosures.exp(x, p.digits());
            Interval fine = Enclosures.exp(x, p.digits() + 15);
            if (coarse.width().signum() > 0) {
                assertThat(fine.width()).isLessThan(coarse.width());
            } else {
                assertThat(fine.width().signum()).isZero();
            }
            assertThat(fine.isSubsetOf(coarse) || !fine.isDisjointFrom(coarse)).isTrue();
            BigDecimal y = x.abs().add(new BigDecimal("1.5"));
            assertThat(Enclosures.log(y, p.digits() + 15).width())
                .isLessThan(Enclosures.log(y, p.digits()).width());
        });
    }

    record Logits(List<BigDecimal> theta, int digits) {
    }

    @Test
    void softmaxEnclosureContainsBigMathAndIsSharp() {
        Gen<Logits> gen = r -> {
            List<BigDecimal> t = new ArrayList<>();
            int m = r.nextInt(2, 6);
            for (int a = 0; a < m; a++) {
                t.add(decimal(r, r.nextBoolean() ? 3 : 60));
            }
            return new Logits(t, r.nextInt(10, 60));
        };
        Property.forAll("softmax contains big-math", gen).tries(150).check(l -> {
            List<Interval> box = l.theta().stream().map(Interval::point).toList();
            List<Interval> p = Enclosures.softmax(box, l.digits());
            MathContext mc = new MathContext(2 * l.digits() + 10);
            List<BigDecimal> ref = DecimalField.ofDigits(2 * l.digits() + 10).softmax(l.theta());
            Interval total = Interval.ZERO;
            for (int a = 0; a < p.size(); a++) {
                assertThat(p.get(a).contains(ref.get(a))).as("π_%d = %s in %s", a, ref.get(a), p.get(a)).isTrue();
                assertThat(p.get(a).width()).isLessThanOrEqualTo(ref.get(a).scaleByPowerOfTen(-(l.digits() - 3)));
                total = total.add(p.get(a), mc.getPrecision());
            }
            assertThat(total.contains(BigDecimal.ONE)).isTrue();
        });
    }

    record Pair(Interval a, Interval b, Interval wideA, Interval wideB, int digits) {
    }

    static Interval interval(SplittableRandom r) {
        BigDecimal x = decimal(r, 20);
        BigDecimal w = decimal(r, 3).abs();
        return new Interval(x, x.add(w));
    }

    @Test
    void intervalArithmeticIsInclusionMonotone() {
        Gen<Pair> gen = r -> {
            Interval a = interval(r);
            Interval b = interval(r);
            BigDecimal grow = new BigDecimal("1e-6").add(decimal(r, 1).abs());
            return new Pair(a, b, a.inflate(grow), b.inflate(grow.divide(BigDecimal.valueOf(2))), r.nextInt(8, 50));
        };
        Property.forAll("interval inclusion monotone", gen).tries(300).check(p -> {
            int d = p.digits();
            assertThat(p.a().add(p.b(), d).isSubsetOf(p.wideA().add(p.wideB(), d))).isTrue();
            assertThat(p.a().subtract(p.b(), d).isSubsetOf(p.wideA().subtract(p.wideB(), d))).isTrue();
            assertThat(p.a().multiply(p.b(), d).isSubsetOf(p.wideA().multiply(p.wideB(), d))).isTrue();
            if (!p.wideB().containsZero()) {
                assertThat(p.a().divide(p.b(), d).isSubsetOf(p.wideA().divide(p.wideB(), d))).isTrue();
            }
            assertThat(p.a().exp(d).isSubsetOf(p.wideA().exp(d))).isTrue();
            // inclusion property: exact point results lie in the enclosures
            BigDecimal x = p.a().mid();
            BigDecimal y = p.b().mid();
            assertThat(p.a().multiply(p.b(), d).contains(x.multiply(y))).isTrue();
            assertThat(p.a().add(p.b(), d).contains(x.add(y))).isTrue();
        });
    }

    @Test
    void hugeArgumentsCostLittle() {
        // beyond −10^6 the enclosure is [0, exp(−10^6)]; beyond +10^6 it is refused, not computed for minutes
        Interval tiny = Enclosures.exp(new BigDecimal("-1e99999"), 40);
        assertThat(tiny.lo()).isEqualByComparingTo("0");
        assertThat(tiny.hi()).isLessThan(new BigDecimal("1e-434294")).isPositive();
        assertThat(tiny.hi()).isEqualByComparingTo(Enclosures.exp(new BigDecimal("-1e6"), 40).hi());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Enclosures.exp(new BigDecimal("2e6"), 40))
            .isInstanceOf(ArithmeticException.class).hasMessageContaining("beyond the enclosures' range");
        // just inside the range the enclosure is still relative: exp(−10^6 + 1) = e · exp(−10^6)
        Interval inside = Enclosures.exp(new BigDecimal("-999999"), 40);
        BigDecimal reference = BigDecimalMath.exp(new BigDecimal("-999999"), new MathContext(60));
        assertThat(inside.contains(reference)).isTrue();
        assertThat(inside.width()).isLessThan(reference.scaleByPowerOfTen(-35));
    }
}
