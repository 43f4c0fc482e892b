package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * The decimal interval field at d digits, against exact rationals: every operation's result contains the exact result
 * over its operands' end-points and is at most a few units of the d-th digit wider than that range (so a field that
 * computed at another precision, or returned another operation's result, fails).
 */
class IntervalFieldTest {
    record Case(Rational a, Rational b, int digits) {
    }

    static Rational rational(SplittableRandom r) {
        Rational x = Rational.of(BigInteger.valueOf(r.nextLong(-1_000_000_000_000L, 1_000_000_000_000L)),
            BigInteger.valueOf(r.nextLong(1, 1_000_000_000L)));
        return r.nextInt(8) == 0 ? Rational.ZERO : x;
    }

    static final Gen<Case> CASES = r -> new Case(rational(r), rational(r), r.nextInt(5, 40));

    /**
     * x contains every exact value (the results over the operands' end-points) and exceeds their range [exactLo,
     * exactHi] by at most 10^(2−d) of its magnitude.
     */
    static void tight(Interval x, List<Rational> exact, int digits, String what) {
        Rational exactLo = exact.stream().reduce(Rational::min).orElseThrow();
        Rational exactHi = exact.stream().reduce(Rational::max).orElseThrow();
        assertThat(x.contains(exactLo) && x.contains(exactHi)).as("%s: %s must contain [%s, %s]", what, x, exactLo,
            exactHi).isTrue();
        Rational slack = exactLo.abs().max(exactHi.abs()).multiply(Rational.of(BigInteger.ONE,
            BigInteger.TEN.pow(digits - 2)));
        assertThat(exactLo.subtract(Rational.of(x.lo()))).as("%s: lower end of %s at %d digits", what, x, digits)
            .isLessThanOrEqualTo(slack);
        assertThat(Rational.of(x.hi()).subtract(exactHi)).as("%s: upper end of %s at %d digits", what, x, digits)
            .isLessThanOrEqualTo(slack);
    }

    @Test
    void operationsEncloseTheExactResultsAtTheFieldsPrecision() {
        Property.forAll("interval field at d digits", CASES).tries(1000).check(c -> {
            IntervalField f = new IntervalField(c.digits());
            Interval a = f.of(c.a());
            Interval b = f.of(c.b());
            tight(a, List.of(c.a()), c.digits(), "of");
            Rational aLo = Rational.of(a.lo());
            Rational aHi = Rational.of(a.hi());
            Rational bLo = Rational.of(b.lo());
            Rational bHi = Rational.of(b.hi());
            tight(f.add(a, b), List.of(aLo.add(bLo), aHi.add(bHi)), c.digits(), "add");
            tight(f.subtract(a, b), List.of(aLo.subtract(bHi), aHi.subtract(bLo)), c.digits(), "subtract");
            tight(f.multiply(a, b), List.of(aLo.multiply(bLo), aLo.multiply(bHi), aHi.multiply(bLo),
                aHi.multiply(bHi)), c.digits(), "multiply");
            if (!b.containsZero()) {
                tight(f.divide(a, b), List.of(aLo.divide(bLo), aLo.divide(bHi), aHi.divide(bLo), aHi.divide(bHi)),
                    c.digits(), "divide");
            }
            assertThat(f.negate(a)).isEqualTo(new Interval(a.hi().negate(), a.lo().negate()));
            // a value in the enclosure of a, up to the double's rounding
            assertThat(Math.abs(f.estimate(a) - c.a().doubleValue())).isLessThanOrEqualTo(
                (Math.pow(10, 1 - c.digits()) + 1e-15) * Math.abs(c.a().doubleValue()));
        });
    }

    @Test
    void transcendentalsHaveTheFieldsPrecision() {
        IntervalField f = new IntervalField(30);
        Interval e = f.exp(Interval.ONE);
        assertThat(e.contains(new BigDecimal("2.71828182845904523536028747135266249775"))).isTrue();
        assertThat(e.width()).isLessThan(new BigDecimal("1e-28"));
        Interval ln2 = f.log(Interval.point(BigDecimal.valueOf(2)));
        assertThat(ln2.contains(new BigDecimal("0.69314718055994530941723212145817656807"))).isTrue();
        assertThat(ln2.width()).isLessThan(new BigDecimal("1e-28"));
        List<Interval> s = f.softmax(List.of(Interval.ZERO, Interval.point(new BigDecimal("0.6931471805599453094172321"))));
        // softmax(0, log 2) = (1/3, 2/3) up to the argument's 25 digits
        assertThat(s.get(0).lo()).isLessThan(new BigDecimal("0.3333333333333333333333334"));
        assertThat(s.get(0).hi()).isGreaterThan(new BigDecimal("0.3333333333333333333333332"));
        assertThat(s.get(0).width()).isLessThan(new BigDecimal("1e-28"));
        assertThat(s.get(1).width()).isLessThan(new BigDecimal("1e-28"));
    }

    @Test
    void elementsAreTheirOwnIntervalsAndPrecisionBelowFiveIsRefused() {
        IntervalField f = new IntervalField(5);
        Interval x = new Interval(new BigDecimal("0.123456789"), new BigDecimal("0.2"));
        assertThat(f.of(x)).isSameAs(x);
        assertThat(f.toInterval(x)).isSameAs(x);
        assertThat(f.zero()).isEqualTo(Interval.point(BigDecimal.ZERO));
        assertThat(f.one()).isEqualTo(Interval.point(BigDecimal.ONE));
        assertThat(f.digits()).isEqualTo(5);
        assertThatThrownBy(() -> new IntervalField(4)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("at least 5 digits");
    }

    @Test
    void intersectionsMidpointsAndWidthsAreExact() {
        IntervalField f = new IntervalField(20);
        Interval a = new Interval(new BigDecimal("-1.5"), new BigDecimal("2.25"));
        Interval b = new Interval(new BigDecimal("2"), new BigDecimal("7"));
        assertThat(f.intersect(a, b)).isEqualTo(new Interval(new BigDecimal("2"), new BigDecimal("2.25")));
        assertThat(f.intersect(a, Interval.point(new BigDecimal("2.25")))).isEqualTo(Interval.point(
            new BigDecimal("2.25")));
        assertThat(f.intersect(a, new Interval(new BigDecimal("2.26"), new BigDecimal("3")))).isNull();
        assertThat(f.midpoint(a)).isEqualTo(Interval.point(new BigDecimal("0.375")));
        assertThat(f.widthEstimate(a)).isEqualTo(3.75);
    }
}
