package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalTest {
    @Test
    void roundsOutward() {
        Interval third = Interval.of(Rational.of(1, 3), 10);
        assertThat(third.lo()).isEqualByComparingTo("0.3333333333");
        assertThat(third.hi()).isEqualByComparingTo("0.3333333334");
        Interval negThird = Interval.of(Rational.of(-1, 3), 10);
        assertThat(negThird.lo()).isEqualByComparingTo("-0.3333333334");
        assertThat(third.multiply(Interval.point(new BigDecimal(3)), 10).contains(BigDecimal.ONE)).isTrue();
    }

    @Test
    void rejectsEmptyIntervalsAndDivisionByZero() {
        assertThatThrownBy(() -> Interval.of(BigDecimal.ONE, BigDecimal.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        Interval around0 = Interval.of(new BigDecimal("-1"), BigDecimal.ONE);
        assertThatThrownBy(() -> Interval.ONE.divide(around0, 10)).isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("contains zero");
        assertThatThrownBy(() -> Enclosures.log(around0, 10)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void expAndLogOfKnownValues() {
        Interval e = Enclosures.exp(BigDecimal.ONE, 50);
        assertThat(e.contains(new BigDecimal("2.71828182845904523536028747135266249775724709369995957"))).isTrue();
        assertThat(e.width()).isLessThan(new BigDecimal("1e-48"));
        Interval ln2 = Enclosures.log(new BigDecimal(2), 40);
        assertThat(ln2.contains(new BigDecimal("0.693147180559945309417232121458176568075500134360255"))).isTrue();
        assertThat(Enclosures.exp(new BigDecimal("-1000"), 20).lo().signum()).isPositive();
        assertThat(Enclosures.log(BigDecimal.ONE, 20)).isEqualTo(Interval.ZERO);
    }

    @Test
    void softmaxOfABoxIsTheSharpRange() {
        // π_0 = 1/(1+e^{θ1−θ0}); over θ0 ∈ [0, 1], θ1 = 0 the range is [1/2, e/(1+e)]
        Interval theta0 = Interval.of(BigDecimal.ZERO, BigDecimal.ONE);
        Interval p0 = Enclosures.softmax(java.util.List.of(theta0, Interval.ZERO), 30).get(0);
        assertThat(p0.lo()).isLessThanOrEqualTo(new BigDecimal("0.5"));
        assertThat(new BigDecimal("0.5").subtract(p0.lo())).isLessThan(new BigDecimal("1e-28"));
        assertThat(p0.hi().subtract(new BigDecimal("0.7310585786300048792511592418218362743651")).abs())
            .isLessThan(new BigDecimal("1e-26"));
    }

    static Interval iv(String lo, String hi) {
        return Interval.of(new BigDecimal(lo), new BigDecimal(hi));
    }

    /** Membership and order predicates at and just beyond their boundaries (the checkers' inequalities). */
    @Test
    void predicatesAreExactAtTheirBoundaries() {
        Interval a = iv("1", "2");
        assertThat(a.contains(new BigDecimal("1"))).isTrue();
        assertThat(a.contains(new BigDecimal("2"))).isTrue();
        assertThat(a.contains(new BigDecimal("0.9999999999999999999999"))).isFalse();
        assertThat(a.contains(new BigDecimal("2.0000000000000000000001"))).isFalse();
        assertThat(a.contains(Rational.ONE)).isTrue();
        assertThat(a.contains(Rational.of(2))).isTrue();
        assertThat(a.contains(Rational.of(2, 3))).isFalse();
        assertThat(a.contains(Rational.of(7, 3))).isFalse();
        assertThat(a.contains(Rational.of(4, 3))).isTrue();
        assertThat(a.containsZero()).isFalse();
        assertThat(iv("0", "1").containsZero()).isTrue();
        assertThat(iv("-1", "0").containsZero()).isTrue();
        assertThat(iv("-1", "-0.5").containsZero()).isFalse();
        assertThat(iv("1", "2").isSubsetOf(a)).isTrue();
        assertThat(iv("1.5", "2").isSubsetOf(a)).isTrue();
        assertThat(iv("0.5", "1.5").isSubsetOf(a)).isFalse();
        assertThat(iv("1.5", "2.5").isSubsetOf(a)).isFalse();
        assertThat(iv("1", "1.5").isInteriorTo(a)).as("touching the lower end is not interior").isFalse();
        assertThat(iv("1.5", "2").isInteriorTo(a)).as("touching the upper end is not interior").isFalse();
        assertThat(iv("1.1", "1.9").isInteriorTo(a)).isTrue();
        assertThat(iv("2", "3").isDisjointFrom(a)).as("sharing an end point").isFalse();
        assertThat(iv("0", "1").isDisjointFrom(a)).isFalse();
        assertThat(iv("2.0001", "3").isDisjointFrom(a)).isTrue();
        assertThat(iv("0", "0.9999").isDisjointFrom(a)).isTrue();
        assertThat(a.isDisjointFrom(iv("2.0001", "3"))).isTrue();
        assertThat(a.isDisjointFrom(iv("0", "0.9999"))).isTrue();
        assertThat(a.intersect(iv("1.5", "3"))).isEqualTo(iv("1.5", "2"));
        assertThat(a.intersect(iv("0", "1.5"))).isEqualTo(iv("1", "1.5"));
        assertThat(a.hull(iv("3", "4"))).isEqualTo(iv("1", "4"));
        assertThat(iv("3", "4").hull(iv("-1", "0"))).isEqualTo(iv("-1", "4"));
        assertThat(a.width()).isEqualByComparingTo("1");
        assertThat(iv("-3", "2").mid()).isEqualByComparingTo("-0.5");
        assertThat(iv("-3", "2").magnitude()).isEqualByComparingTo("3");
        assertThat(iv("-1", "5").magnitude()).isEqualByComparingTo("5");
        assertThat(a.inflate(new BigDecimal("0.25"))).isEqualTo(iv("0.75", "2.25"));
        assertThat(a.negate()).isEqualTo(iv("-2", "-1"));
    }

    /** Every operation contains the exact result at random rational points, with outward rounding at few digits. */
    @Test
    void operationsContainTheExactResultAtEveryPointTried() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(17);
        for (int k = 0; k < 2000; k++) {
            int digits = 1 + r.nextInt(6);
            Rational x1 = Rational.of(r.nextInt(-50, 51), 1 + r.nextInt(7));
            Rational x2 = x1.add(Rational.of(r.nextInt(0, 30), 1 + r.nextInt(7)));
            Rational y1 = Rational.of(r.nextInt(-50, 51), 1 + r.nextInt(7));
            Rational y2 = y1.add(Rational.of(r.nextInt(0, 30), 1 + r.nextInt(7)));
            Interval x = Interval.of(x1, digits).hull(Interval.of(x2, digits));
            Interval y = Interval.of(y1, digits).hull(Interval.of(y2, digits));
            Rational px = pick(x1, x2, r);
            Rational py = pick(y1, y2, r);
            assertThat(x.contains(px)).isTrue();
            assertThat(x.add(y, digits).contains(px.add(py))).as("%s + %s", x, y).isTrue();
            assertThat(x.subtract(y, digits).contains(px.subtract(py))).as("%s - %s", x, y).isTrue();
            assertThat(x.multiply(y, digits).contains(px.multiply(py))).as("%s * %s", x, y).isTrue();
            // the product's end points are attained products of end points (no spurious widening beyond rounding)
            Interval exactProduct = x.multiply(y, 60);
            assertThat(x.multiply(y, digits).isSubsetOf(exactProduct.outward(digits))).isTrue();
            if (!y.containsZero()) {
                assertThat(x.divide(y, digits).contains(px.divide(py))).as("%s / %s", x, y).isTrue();
                assertThat(y.reciprocal(digits).contains(py.reciprocal())).isTrue();
            }
            Interval q = Interval.of(px, digits);
            assertThat(q.contains(px)).isTrue();
            assertThat(q.width().compareTo(BigDecimal.ZERO)).isGreaterThanOrEqualTo(0);
        }
    }

    static Rational pick(Rational a, Rational b, java.util.SplittableRandom r) {
        int n = r.nextInt(0, 5);
        return a.add(b.subtract(a).multiply(Rational.of(n, 4)));
    }

    /** Rounding goes outward at the end points: the lower end down, the upper end up, for either sign. */
    @Test
    void roundingIsOutwardForBothSigns() {
        Interval third = Interval.of(Rational.of(1, 3), 3);
        Interval negThird = Interval.of(Rational.of(-1, 3), 3);
        assertThat(third).isEqualTo(iv("0.333", "0.334"));
        assertThat(negThird).isEqualTo(iv("-0.334", "-0.333"));
        assertThat(Interval.of(Rational.of(1, 4), 3)).as("exact at 3 digits").isEqualTo(Interval.point(
            new BigDecimal("0.25")));
        assertThat(Interval.of(Rational.of(1, 8), 2)).as("0.125 needs 3 digits").isEqualTo(iv("0.12", "0.13"));
        assertThat(third.add(third, 2)).isEqualTo(iv("0.66", "0.67"));
        assertThat(negThird.add(negThird, 2)).isEqualTo(iv("-0.67", "-0.66"));
        assertThat(third.subtract(negThird, 2)).isEqualTo(iv("0.66", "0.67"));
        assertThat(iv("1", "1").divide(iv("3", "3"), 2)).isEqualTo(iv("0.33", "0.34"));
        assertThat(iv("-1", "-1").divide(iv("3", "3"), 2)).isEqualTo(iv("-0.34", "-0.33"));
        assertThat(iv("3", "3").reciprocal(2)).isEqualTo(iv("0.33", "0.34"));
        assertThat(iv("-3", "-3").reciprocal(2)).isEqualTo(iv("-0.34", "-0.33"));
        assertThat(iv("0.3", "0.7").multiply(iv("0.3", "0.7"), 1)).isEqualTo(iv("0.09", "0.5"));
        assertThat(iv("0.33", "0.37").multiply(iv("3", "3"), 1)).isEqualTo(iv("0.9", "2"));
        assertThat(iv("-0.37", "-0.33").multiply(iv("3", "3"), 1)).isEqualTo(iv("-2", "-0.9"));
        assertThat(iv("-1", "2").multiply(iv("-3", "4"), 5)).isEqualTo(iv("-6", "8"));
        assertThat(iv("1.234", "5.678").outward(2)).isEqualTo(iv("1.2", "5.7"));
        assertThat(iv("-5.678", "-1.234").outward(2)).isEqualTo(iv("-5.7", "-1.2"));
        assertThatThrownBy(() -> iv("0", "1").reciprocal(5)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> iv("1", "2").intersect(iv("3", "4"))).isInstanceOf(IllegalArgumentException.class);
    }

    /** exp and log at the edges of their ranges and at very low precision, against big-math at high precision. */
    @Test
    void expAndLogAtTheEdges() {
        // the range limit is inclusive: exp(10^6) is enclosed, exp just above it refused
        Interval big = Enclosures.exp(new BigDecimal("1e6"), 12);
        java.math.MathContext mc = new java.math.MathContext(40);
        BigDecimal ref = ch.obermuhlner.math.big.BigDecimalMath.exp(new BigDecimal("1e6"), mc);
        assertThat(big.contains(ref)).isTrue();
        assertThatThrownBy(() -> Enclosures.exp(new BigDecimal("1000000.5"), 12))
            .isInstanceOf(ArithmeticException.class).hasMessageContaining("above 1e6");
        // at one to three digits the range reduction still brings the argument below 1/2 (the remainder bound's
        // hypothesis): every enclosure contains the true value
        for (String x : List.of("0.6", "0.75", "1", "1.5", "3", "7.25", "20", "49.9", "-0.6", "-7.25", "-49.9")) {
            BigDecimal v = new BigDecimal(x);
            BigDecimal e = ch.obermuhlner.math.big.BigDecimalMath.exp(v, mc);
            for (int digits = 1; digits <= 3; digits++) {
                assertThat(Enclosures.exp(v, digits).contains(e)).as("exp(%s) at %d digits", x, digits).isTrue();
            }
        }
        // log over an interval spans log(lo) .. log(hi)
        Interval l = iv("1", "2").log(20);
        assertThat(l.contains(BigDecimal.ZERO)).isTrue();
        BigDecimal ln2 = ch.obermuhlner.math.big.BigDecimalMath.log(new BigDecimal(2), mc);
        assertThat(l.contains(ln2)).isTrue();
        assertThat(iv("2", "2").log(20).contains(ln2)).isTrue();
        assertThat(iv("0", "1").exp(10).contains(ch.obermuhlner.math.big.BigDecimalMath.exp(BigDecimal.ONE, mc)))
            .isTrue();
        assertThatThrownBy(() -> iv("0", "1").log(10)).isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("log of [0, 1], which is not positive");
        // next to 1 the enclosure keeps its relative precision
        BigDecimal nearOne = new BigDecimal("1.0000000000000000000000000000000000000000000000000000000000001");
        assertThat(Enclosures.log(nearOne, 10).contains(new BigDecimal("1e-61"))).isTrue();
        assertThat(Enclosures.log(nearOne, 10).lo().signum()).isPositive();
        assertThatThrownBy(() -> Enclosures.log(BigDecimal.ZERO, 10)).isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("log of 0, which is not positive");
    }
}
