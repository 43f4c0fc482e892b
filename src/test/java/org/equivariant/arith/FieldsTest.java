package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every field implementation against values computed independently (exact rationals, big-math at 60 digits): one
 * formula written against {@link ExpField} and evaluated in each field, and the interface's default operations
 * (range, entropy, largest, convex combination) at their edges.
 */
class FieldsTest {
    private static final MathContext MC = new MathContext(60);

    /** g(x, y) = (x − y)·(−x) / y + exp(x)·log(y): every operation of the interface once. */
    static <T> T g(ExpField<T> f, T x, T y) {
        return f.add(f.divide(f.multiply(f.subtract(x, y), f.negate(x)), y), f.multiply(f.exp(x), f.log(y)));
    }

    static final Rational X = Rational.of(3, 4);
    static final Rational Y = Rational.of(5, 2);
    /** exp(3/4)·log(5/2), the term g and its x-derivative share, to 60 digits by big-math. */
    static final BigDecimal EXP_LOG = BigDecimalMath.exp(new BigDecimal("0.75"), MC).multiply(BigDecimalMath.log(
        new BigDecimal("2.5"), MC));
    /** g(3/4, 5/2) = (−1.75)(−0.75)/2.5 + exp(3/4)·log(5/2). */
    static final BigDecimal G = new BigDecimal("-0.75").multiply(new BigDecimal("-1.75")).divide(new BigDecimal("2.5"),
        MC).add(EXP_LOG);

    /** g's partial derivative in x: (y − 2x)/y + exp(x)·log(y). */
    static final BigDecimal GX = new BigDecimal("2.5").subtract(new BigDecimal("1.5")).divide(new BigDecimal("2.5"), MC)
        .add(EXP_LOG);

    /**
     * A rational in the decimal field is its quotient rounded to the precision, whether expanded exactly (a denominator
     * 2^a·5^b, huge or not) or divided: against the quotient computed with BigDecimal's own division.
     */
    @Test
    void aRationalIsItsQuotientRounded() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(28);
        for (int digits : new int[] {5, 20, 50}) {
            DecimalField dec = DecimalField.ofDigits(digits);
            for (int k = 0; k < 2000; k++) {
                Rational x = DyadicIntervalTest.rational(r);
                if (k % 3 == 0) {
                    x = x.divide(Rational.of(java.math.BigInteger.valueOf(5).pow(r.nextInt(0, 40))));
                }
                BigDecimal quotient = new BigDecimal(x.numerator()).divide(new BigDecimal(x.denominator()),
                    dec.mc());
                assertThat(dec.of(x).compareTo(quotient)).as("%s at %d digits", x, digits).isZero();
                assertThat(dec.of(x).precision()).isLessThanOrEqualTo(digits);
            }
        }
    }

    @Test
    void pointFieldsComputeTheFormula() {
        double d = g(DoubleField.INSTANCE, DoubleField.INSTANCE.of(X), DoubleField.INSTANCE.of(Y));
        assertThat(d).isCloseTo(G.doubleValue(), org.assertj.core.data.Offset.offset(1e-14));
        DecimalField dec = DecimalField.ofDigits(40);
        BigDecimal v = g(dec, dec.of(X), dec.of(Y));
        assertThat(v.subtract(G).abs()).isLessThan(new BigDecimal("1e-37"));
        assertThat(dec.estimate(v)).isCloseTo(G.doubleValue(), org.assertj.core.data.Offset.offset(1e-15));
        assertThat(dec.negate(dec.one())).isEqualByComparingTo("-1");
        assertThat(DoubleField.INSTANCE.log(Math.E)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-15));
        // a cancelled sum is the canonical zero (so equal values compare and hash alike)
        assertThat(dec.add(new BigDecimal("0.10"), new BigDecimal("-0.1"))).isSameAs(BigDecimal.ZERO);
        assertThat(dec.multiply(new BigDecimal("0.0"), new BigDecimal("3"))).isSameAs(BigDecimal.ZERO);
    }

    @Test
    void intervalFieldsEncloseTheFormula() {
        IntervalField f = new IntervalField(40);
        Interval i = g(f, f.of(X), f.of(Y));
        assertThat(i.contains(G)).isTrue();
        assertThat(i.width()).isLessThan(new BigDecimal("1e-36"));
        DyadicField dy = DyadicField.INSTANCE;
        DyadicInterval j = g(dy, dy.of(X), dy.of(Y));
        assertThat(j.toInterval().contains(G)).isTrue();
        assertThat(j.toInterval().width()).isLessThan(new BigDecimal("1e-15"));
        assertThat(dy.estimate(j)).isCloseTo(G.doubleValue(), org.assertj.core.data.Offset.offset(1e-14));
    }

    @Test
    void dualNumbersCarryTheExactDerivative() {
        DualField<Interval> f = new DualField<>(new IntervalField(40));
        Dual<Interval> x = f.variable(f.base().of(X));
        Dual<Interval> y = f.of(Y);
        Dual<Interval> v = g(f, x, y);
        assertThat(v.v().contains(G)).isTrue();
        assertThat(v.d().contains(GX)).as("%s contains %s", v.d(), GX).isTrue();
        assertThat(v.d().width()).isLessThan(new BigDecimal("1e-35"));
        assertThat(f.estimate(v)).isCloseTo(G.doubleValue(), org.assertj.core.data.Offset.offset(1e-14));
        assertThat(f.zero().v()).isEqualTo(Interval.ZERO);
        assertThat(f.zero().d()).isEqualTo(Interval.ZERO);
        assertThat(f.one().v()).isEqualTo(Interval.ONE);
        Dual<Interval> r = f.range(Rational.ONE, Rational.TWO);
        assertThat(r.v().contains(Rational.ONE) && r.v().contains(Rational.TWO)).isTrue();
        assertThat(r.d()).isEqualTo(Interval.ZERO);
    }

    @Test
    void theInterfacesDefaults() {
        // the exact field's negation
        assertThat(RationalField.INSTANCE.negate(Rational.of(2, 3))).isEqualTo(Rational.of(-2, 3));
        // a range: a point field gives its midpoint, an interval field an enclosure, a degenerate range the point
        DecimalField dec = DecimalField.ofDigits(20);
        assertThat(dec.range(Rational.ONE, Rational.of(2))).isEqualByComparingTo("1.5");
        assertThat(dec.range(Rational.of(1, 3), Rational.of(1, 3))).isEqualTo(dec.of(Rational.of(1, 3)));
        assertThatThrownBy(() -> dec.range(Rational.of(2), Rational.ONE)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("empty range");
        DyadicInterval r = DyadicField.INSTANCE.range(Rational.of(-1, 3), Rational.of(1, 7));
        assertThat(r.loRational()).isLessThanOrEqualTo(Rational.of(-1, 3));
        assertThat(r.hiRational()).isGreaterThanOrEqualTo(Rational.of(1, 7));
        assertThat(DyadicField.INSTANCE.range(Rational.ONE, Rational.ONE)).isEqualTo(DyadicInterval.ONE);
        assertThatThrownBy(() -> DyadicField.INSTANCE.range(Rational.ONE, Rational.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        // entropy of (1/4, 3/4) = −(1/4) log(1/4) − (3/4) log(3/4)
        BigDecimal h = new BigDecimal("0.25").multiply(BigDecimalMath.log(new BigDecimal("0.25"), MC)).add(
            new BigDecimal("0.75").multiply(BigDecimalMath.log(new BigDecimal("0.75"), MC))).negate();
        IntervalField f = new IntervalField(30);
        assertThat(f.entropy(List.of(f.of(Rational.of(1, 4)), f.of(Rational.of(3, 4)))).contains(h)).isTrue();
        // largest picks the entry of largest estimate, the first of equal ones
        Interval a = Interval.point(new BigDecimal("2"));
        Interval b = Interval.point(new BigDecimal("2.0"));
        assertThat(f.largest(List.of(Interval.ONE, a, b))).isSameAs(a);
        assertThat(f.largest(List.of(a, Interval.ONE))).isSameAs(a);
    }

    /** DyadicField's tighter convex combination holds for weights on the simplex; negative weights get the plain sum. */
    @Test
    void convexCombinationWithWeightsThatMayBeNegativeIsThePlainSum() {
        DyadicField f = DyadicField.INSTANCE;
        List<DyadicInterval> w = List.of(f.of(Rational.of(-1, 10)).hull(f.of(Rational.of(1, 2))),
            f.of(Rational.of(1, 2)).hull(f.of(Rational.ONE)));
        List<DyadicInterval> x = List.of(f.of(Rational.ONE), f.of(Rational.of(3)));
        DyadicInterval plain = f.add(f.multiply(w.get(0), x.get(0)), f.multiply(w.get(1), x.get(1)));
        assertThat(f.convexCombination(w, x)).isEqualTo(plain);
    }
}
