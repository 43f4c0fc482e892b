package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class RationalTest {
    @Test
    void normalizesSoEqualityIsExact() {
        assertThat(Rational.of(2, 4)).isEqualTo(Rational.of(1, 2)).hasSameHashCodeAs(Rational.of(1, 2));
        assertThat(Rational.of(3, -6)).isEqualTo(Rational.of(-1, 2));
        assertThat(Rational.of(0, -5)).isEqualTo(Rational.ZERO);
        assertThat(Rational.of(-1, 2).denominator()).isEqualTo(BigInteger.TWO);
        // decimal scale does not matter (unlike big-math's BigRational)
        assertThat(Rational.of(new BigDecimal("0.50"))).isEqualTo(Rational.of(new BigDecimal("0.5")));
    }

    /**
     * The exact decimal expansion is BigDecimal's exact quotient, scale included, for denominators 2^a·5^b·m (m = 1, 3
     * or 7), and null exactly when m ≠ 1 (seeded).
     */
    @Test
    void theExactDecimalIsTheExactQuotientOrNull() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(20261203L);
        for (int t = 0; t < 3000; t++) {
            long m = new long[] {1, 1, 3, 7}[r.nextInt(4)];
            // up to 5¹²⁰, times 3 or 7 or not: the power of five is found from the odd part's bit length
            BigInteger den = BigInteger.TWO.pow(r.nextInt(0, 70)).multiply(BigInteger.valueOf(5).pow(r.nextInt(0,
                120))).multiply(BigInteger.valueOf(m));
            BigInteger num = BigInteger.valueOf(r.nextLong()).multiply(BigInteger.TEN.pow(r.nextInt(0, 3)));
            Rational x = Rational.of(num, den);
            BigDecimal quotient;
            try {
                quotient = new BigDecimal(x.numerator()).divide(new BigDecimal(x.denominator()));
            } catch (ArithmeticException nonTerminating) {
                quotient = null;
            }
            assertThat(x.toExactDecimalOrNull()).as("%s (seed 20261203, case %d)", x, t).isEqualTo(quotient);
        }
        assertThat(Rational.of(1, 3).toExactDecimalOrNull()).isNull();
        // a tiny probability's denominator, 2⁷·5³⁰⁰⁰⁰⁰: 1/(2⁷·5ᵇ) = 2^(b−7)/10ᵇ; with a factor 3 no exact decimal
        BigInteger five = BigInteger.valueOf(5).pow(300_000);
        assertThat(Rational.of(BigInteger.ONE, five.shiftLeft(7)).toExactDecimalOrNull())
            .isEqualTo(new BigDecimal(BigInteger.TWO.pow(300_000 - 7), 300_000));
        assertThat(Rational.of(BigInteger.ONE, five.multiply(BigInteger.valueOf(3))).toExactDecimalOrNull()).isNull();
        assertThat(Rational.of(BigInteger.ONE, five.multiply(BigInteger.valueOf(5))).toExactDecimalOrNull())
            .isEqualTo(new BigDecimal(BigInteger.TWO.pow(300_001), 300_001));
        assertThat(Rational.of(-3, 8).toExactDecimalOrNull()).isEqualTo(new BigDecimal("-0.375"));
        assertThat(Rational.of(100).toExactDecimalOrNull()).isEqualTo(new BigDecimal("100"));
    }

    @Test
    void parsesEveryNumberFormGambitUses() {
        assertThat(Rational.parse("-3")).isEqualTo(Rational.of(-3));
        assertThat(Rational.parse("3/7")).isEqualTo(Rational.of(3, 7));
        assertThat(Rational.parse("-6/4")).isEqualTo(Rational.of(-3, 2));
        assertThat(Rational.parse("1.131000")).isEqualTo(Rational.of(1131, 1000));
        assertThat(Rational.parse(".5")).isEqualTo(Rational.of(1, 2));
        assertThat(Rational.parse("1e-3")).isEqualTo(Rational.of(1, 1000));
        assertThat(Rational.parse("2.5E+2")).isEqualTo(Rational.of(250));
        assertThat(Rational.parse("+4")).isEqualTo(Rational.of(4));
    }

    @Test
    void aLongTerminatingDecimalIsShownAsPowersOfTenAndReadBackExactly() {
        Rational huge = Rational.parse("1e400");
        Rational tiny = Rational.parse("-2.5e-300");
        assertThat(huge.toCompactString()).isEqualTo("1e400");
        assertThat(tiny.toCompactString()).isEqualTo("-2.5e-300");
        assertThat(Rational.parse(huge.toCompactString())).isEqualTo(huge);
        assertThat(Rational.parse(tiny.toCompactString())).isEqualTo(tiny);
        // short forms, and long ones that are not terminating decimals of at most 40 digits, stay as they are
        assertThat(Rational.of(3, 7).toCompactString()).isEqualTo("3/7");
        assertThat(Rational.parse("1e39").toCompactString()).isEqualTo("1" + "0".repeat(39));
        Rational third = Rational.of(BigInteger.ONE, BigInteger.valueOf(3).pow(100));
        assertThat(third.toCompactString()).isEqualTo(third.toString());
        Rational digits = Rational.parse("1." + "1".repeat(40) + "e300");
        assertThat(digits.toCompactString()).isEqualTo(digits.toString());
    }

    @Test
    void rejectsMalformedNumbersNamingTheText() {
        for (String bad : new String[] {"", "1/0", "1.2.3", "abc", "1/-2", "3/", "/3", "1e"}) {
            assertThatThrownBy(() -> Rational.parse(bad)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("'" + bad + "'");
        }
    }

    /**
     * The sum by Knuth's method (two gcds of unequal operands) is the normalized n₁d₂ + n₂d₁ over d₁d₂, whatever the
     * denominators share: random factors, powers of ten of a large λ's decimals, coprime ones, and sums that cancel.
     */
    @Test
    void additionIsTheNormalizedSumWhateverTheDenominatorsShare() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(20261204L);
        BigInteger[] primes = {BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(5), BigInteger.valueOf(7)};
        for (int t = 0; t < 3000; t++) {
            BigInteger[] num = new BigInteger[2];
            BigInteger[] den = new BigInteger[2];
            for (int j = 0; j < 2; j++) {
                den[j] = BigInteger.valueOf(r.nextLong(1, 1000));
                for (BigInteger p : primes) {
                    den[j] = den[j].multiply(p.pow(r.nextInt(0, t % 10 == 0 ? 400 : 12)));
                }
                num[j] = BigInteger.valueOf(r.nextLong(-1_000_000, 1_000_000)).multiply(den[j].pow(r.nextInt(0, 2)));
            }
            if (t % 7 == 0) {
                num[1] = num[0].negate().multiply(den[1]); // x + (−x)·(d₁/d₁): a sum that cancels
                den[1] = den[0].multiply(den[1]);
            }
            Rational a = Rational.of(num[0], den[0]);
            Rational b = Rational.of(num[1], den[1]);
            Rational sum = a.add(b);
            String as = "(seed 20261204, case " + t + ") " + a + " + " + b;
            assertThat(sum).as(as).isEqualTo(Rational.of(a.numerator().multiply(b.denominator()).add(b.numerator()
                .multiply(a.denominator())), a.denominator().multiply(b.denominator())));
            assertThat(sum.denominator().signum()).as(as).isPositive();
            assertThat(sum.numerator().gcd(sum.denominator())).as(as).isEqualTo(BigInteger.ONE);
        }
        // a large λ's decimals: 4.1·10⁻³⁰⁰⁰ − 3·10⁻³⁰⁰² = 4.07·10⁻³⁰⁰⁰ over denominators of 3000 digits
        Rational tiny = Rational.of(new BigDecimal("4.1e-3000")).subtract(Rational.of(new BigDecimal("3e-3002")));
        assertThat(tiny).isEqualTo(Rational.of(new BigDecimal("4.07e-3000")));
    }

    @Test
    void arithmeticIsExact() {
        Rational a = Rational.of(1, 3);
        Rational b = Rational.of(1, 6);
        assertThat(a.add(b)).isEqualTo(Rational.of(1, 2));
        assertThat(a.subtract(b)).isEqualTo(Rational.of(1, 6));
        assertThat(a.multiply(b)).isEqualTo(Rational.of(1, 18));
        assertThat(a.divide(b)).isEqualTo(Rational.TWO);
        assertThat(a.pow(-2)).isEqualTo(Rational.of(9));
        assertThat(Rational.of(-7, 2).floor()).isEqualTo(BigInteger.valueOf(-4));
        assertThat(Rational.of(7, 2).floor()).isEqualTo(BigInteger.valueOf(3));
        assertThat(a.compareTo(b)).isPositive();
        assertThatThrownBy(() -> a.divide(Rational.ZERO)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void printsAndParsesBack() {
        for (Rational r : new Rational[] {Rational.of(-22, 7), Rational.of(5), Rational.ZERO}) {
            assertThat(Rational.parse(r.toString())).isEqualTo(r);
        }
        assertThat(Rational.of(1, 8).toExactDecimalOrNull()).isEqualByComparingTo("0.125");
        assertThat(Rational.of(1, 3).toExactDecimalOrNull()).isNull();
    }

    @Test
    void exactNumbersAreExactWhateverTheirSizeButNotUnbounded() {
        assertThat(Rational.parse("1e400")).isEqualTo(Rational.of(BigInteger.TEN.pow(400)));
        String big = "7".repeat(500);
        assertThat(Rational.parse(big).numerator()).isEqualTo(new BigInteger(big));
        assertThat(Rational.parse("-2.5e-3")).isEqualTo(Rational.of(-1, 400));
        assertThat(Rational.parse("1e100000")).isEqualTo(Rational.of(BigInteger.TEN.pow(100_000)));
        assertThatThrownBy(() -> Rational.parse("1e100001")).hasMessage("'1e100001' has an exponent beyond ±100000");
        assertThatThrownBy(() -> Rational.parse("1e99999999999")).hasMessageContaining("exponent beyond");
        // only ASCII digits: BigDecimal alone would accept Arabic-Indic or full-width digits
        for (String foreign : new String[] {"\u0662", "\uff12", "1\u0660", "\u00b2"}) {
            assertThatThrownBy(() -> Rational.parse(foreign)).hasMessageContaining("is not a number");
        }
        assertThat(Rational.quote("x".repeat(100))).hasSize(41).endsWith("…");
        assertThat(Rational.quote("a\u0001b")).isEqualTo("a\\u0001b");
    }

    @Test
    void dyadicIsTheNormalizedValueOfMTimesTwoToTheE() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int k = 0; k < 2000; k++) {
            long m = rnd.nextLong() >> rnd.nextInt(64);
            int e = rnd.nextInt(-80, 80);
            java.math.BigInteger bm = java.math.BigInteger.valueOf(m);
            Rational expected = e >= 0 ? Rational.of(bm.shiftLeft(e)) : Rational.of(bm, java.math.BigInteger.ONE
                .shiftLeft(-e));
            Rational got = Rational.dyadic(m, e);
            // equal and in the same normal form (so equals and hashCode agree with every other factory)
            assertThat(got).as("%d * 2^%d", m, e).isEqualTo(expected).hasSameHashCodeAs(expected);
            assertThat(got.denominator()).isEqualTo(expected.denominator());
        }
        assertThat(Rational.dyadic(0, -5)).isEqualTo(Rational.ZERO);
        // ofDouble: within half a unit of the bits-th bit, exact when x already fits; rounded is its value as a
        // double, exactly, and a DyadicRow of such doubles is the list of those rationals
        double[] row = new double[2000];
        java.util.List<Rational> rationals = new java.util.ArrayList<>();
        for (int k = 0; k < row.length; k++) {
            double x = (rnd.nextDouble() - 0.5) * Math.pow(2, rnd.nextInt(-60, 60));
            int bits = rnd.nextInt(1, 54);
            Rational q = Rational.ofDouble(x, bits);
            assertThat(Rational.of(new java.math.BigDecimal(Rational.rounded(x, bits)))).isEqualTo(q);
            row[k] = Rational.rounded(x, bits);
            rationals.add(q);
            java.math.BigDecimal err = new java.math.BigDecimal(x).subtract(q.toBigDecimal(new java.math.MathContext(
                60))).abs();
            assertThat(err.doubleValue()).as("%s at %d bits", x, bits).isLessThanOrEqualTo(Math.scalb(
                Math.abs(x), -bits));
            assertThat(Rational.ofDouble(x, 53)).isEqualTo(Rational.of(new java.math.BigDecimal(x)));
        }
        DyadicRow compact = DyadicRow.rounded(row, 53);
        assertThat(compact).isEqualTo(rationals).hasSameHashCodeAs(rationals);
        assertThat(DyadicRow.rounded(row, 20)).isNotEqualTo(rationals); // the control: rounded again, it differs
        // an interval arithmetic reads a DyadicRow's entry straight from its double: the same element as from the
        // rational, in both arithmetics (and a plain list of rationals goes through the rational)
        IntervalField decimals = new IntervalField(30);
        for (int k = 0; k < row.length; k++) {
            assertThat(DyadicField.INSTANCE.entry(compact, k)).isEqualTo(DyadicField.INSTANCE.of(rationals.get(k)));
            assertThat(decimals.entry(compact, k)).isEqualTo(decimals.of(rationals.get(k)));
            assertThat(decimals.entry(rationals, k)).isEqualTo(decimals.of(rationals.get(k)));
        }
        assertThat(Rational.ofDouble(0.75, 1)).isEqualTo(Rational.ONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Rational.ofDouble(Double.NaN, 30))
            .isInstanceOf(ArithmeticException.class);
        assertThat(Rational.dyadic(-12, -3)).isEqualTo(Rational.of(-3, 2));
    }

    @Test
    void edgesOfTheSmallerOperations() {
        // quote: exactly 40 characters are kept whole; printable ASCII is 0x20..0x7e
        assertThat(Rational.quote("y".repeat(40))).isEqualTo("y".repeat(40));
        assertThat(Rational.quote("y".repeat(41))).isEqualTo("y".repeat(40) + "…");
        assertThat(Rational.quote(" ~")).isEqualTo(" ~");
        assertThat(Rational.quote("\u001f\u007f")).isEqualTo("\\u001f\\u007f");
        // powers, floors and decimals at their boundaries
        assertThat(Rational.ZERO.pow(0)).isEqualTo(Rational.ONE);
        assertThat(Rational.of(2, 3).pow(-2)).isEqualTo(Rational.of(9, 4));
        assertThat(Rational.of(3).floor()).isEqualTo(BigInteger.valueOf(3));
        assertThat(Rational.of(-3).floor()).isEqualTo(BigInteger.valueOf(-3));
        assertThat(Rational.of(-7, 2).floor()).isEqualTo(BigInteger.valueOf(-4));
        assertThat(Rational.of(7, 2).floor()).isEqualTo(BigInteger.valueOf(3));
        assertThat(Rational.of(2, 3).toBigDecimal(3, java.math.RoundingMode.CEILING)).isEqualByComparingTo("0.667");
        assertThat(Rational.of(2, 3).toBigDecimal(3, java.math.RoundingMode.FLOOR)).isEqualByComparingTo("0.666");
        assertThat(Rational.ofDouble(0.0, 10)).isSameAs(Rational.ZERO);
        assertThat(Rational.ofDouble(-0.0, 10)).isSameAs(Rational.ZERO);
        assertThatThrownBy(() -> Rational.ofDouble(1.0, 0)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Rational.ofDouble(1.0, 54)).isInstanceOf(ArithmeticException.class);
        assertThat(Rational.ofDouble(1.0, 53)).isEqualTo(Rational.ONE);
    }

    /** Hash-keyed memos of rationals need hashes that separate values, not only agree on equal ones. */
    /**
     * The common denominator is the least common multiple of the denominators — each value times it an integer, and no
     * smaller positive number does that — and numeratorOver gives those integers, refusing a non-multiple.
     */
    /** The fast approximation is the nearest double of a quotient of two 53-bit integers, and close beyond them. */
    @Test
    void theApproximationIsTheNearestDouble() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(19);
        for (int t = 0; t < 3000; t++) {
            long n = r.nextLong(-(1L << r.nextInt(1, 54)), 1L << r.nextInt(1, 54));
            long d = r.nextLong(1, 1L << r.nextInt(1, 54));
            BigInteger huge = BigInteger.TWO.pow(r.nextInt(60, 200)).add(BigInteger.valueOf(d)); // beyond 53 bits
            for (Rational x : List.of(Rational.of(n, d), Rational.of(BigInteger.valueOf(n), huge),
                Rational.of(huge, BigInteger.valueOf(d)))) {
                double v = x.doubleValue();
                Rational distance = Rational.of(new java.math.BigDecimal(v)).subtract(x).abs();
                boolean small = x.numerator().bitLength() <= 53 && x.denominator().bitLength() <= 53;
                for (double other : new double[] {Math.nextUp(v), Math.nextDown(v)}) {
                    Rational worse = Rational.of(new java.math.BigDecimal(other)).subtract(x).abs();
                    if (small) {
                        assertThat(distance).as("%s: %s against %s", x, v, other).isLessThanOrEqualTo(worse);
                    }
                }
                // 16 significant digits otherwise
                assertThat(distance.compareTo(x.abs().multiply(Rational.of(1, 1_000_000_000_000_000L)))).as("%s", x)
                    .isLessThanOrEqualTo(0);
            }
        }
    }

    @Test
    void commonDenominatorsAreLeastAndScaleToIntegers() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        for (int t = 0; t < 300; t++) {
            List<Rational> xs = new java.util.ArrayList<>();
            for (int k = r.nextInt(0, 6); k > 0; k--) {
                xs.add(Rational.of(r.nextLong(-50, 51), r.nextLong(1, 11)));
            }
            BigInteger l = Rational.commonDenominator(xs);
            for (Rational x : xs) {
                assertThat(Rational.of(x.numeratorOver(l), l)).isEqualTo(x);
            }
            for (long smaller = 1; smaller < l.longValueExact(); smaller++) {
                BigInteger s = BigInteger.valueOf(smaller);
                assertThat(xs.stream().allMatch(x -> s.mod(x.denominator()).signum() == 0)).as("%s for %s", s, xs)
                    .isFalse();
            }
        }
        assertThat(Rational.commonDenominator(List.of())).isEqualTo(BigInteger.ONE);
        assertThat(Rational.commonDenominator(List.of(Rational.of(1, 4), Rational.of(5, 6)))).isEqualTo(
            BigInteger.valueOf(12));
        // repeated denominators, consecutive and not
        assertThat(Rational.commonDenominator(List.of(Rational.of(1, 3), Rational.of(2, 3), Rational.of(1, 2),
            Rational.of(1, 2), Rational.of(5, 3), Rational.of(1, 4)))).isEqualTo(BigInteger.valueOf(12));
        assertThat(Rational.of(5, 6).numeratorOver(BigInteger.valueOf(12))).isEqualTo(BigInteger.TEN);
        assertThatThrownBy(() -> Rational.of(1, 4).numeratorOver(BigInteger.valueOf(6)))
            .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void hashesSeparateDistinctValues() {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        for (int n = -50; n < 50; n++) {
            hashes.add(Rational.of(n, 7).hashCode());
            hashes.add(Rational.of(n, 11).hashCode());
        }
        assertThat(hashes).hasSizeGreaterThan(190);
        assertThat(Rational.of(1, 2).hashCode()).isNotEqualTo(Rational.of(2, 1).hashCode());
    }
}
