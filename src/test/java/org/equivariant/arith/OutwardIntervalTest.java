package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * Outward-rounded double intervals against exact rational arithmetic: sums and products of points chosen in the
 * operands (ends and interior points) lie in the result, also where rounding to nearest alone would lose the exact
 * value, and in the subnormal range; a non-finite bound is refused on conversion.
 */
class OutwardIntervalTest {
    record Operands(OutwardInterval x, OutwardInterval y) {
    }

    /** An interval of doubles over widely varying scales (subnormal included), sometimes a point. */
    static OutwardInterval interval(SplittableRandom r) {
        double scale = Math.scalb(1.0, r.nextInt(-1080, 60));
        double a = (r.nextDouble() - 0.5) * scale;
        double b = r.nextInt(3) == 0 ? a : a + r.nextDouble() * scale;
        return new OutwardInterval(Math.min(a, b), Math.max(a, b));
    }

    static final Gen<Operands> OPERANDS = r -> new Operands(interval(r), interval(r));

    private static Rational exact(double d) {
        return Rational.of(new BigDecimal(d));
    }

    private static boolean contains(OutwardInterval z, Rational v) {
        return exact(z.lo()).compareTo(v) <= 0 && v.compareTo(exact(z.hi())) <= 0;
    }

    /** lo + t·(hi − lo) for t in {0, 1/3, 1}. */
    private static List<Rational> points(OutwardInterval x) {
        Rational lo = exact(x.lo());
        Rational hi = exact(x.hi());
        return List.of(lo, lo.add(hi.subtract(lo).multiply(Rational.of(1, 3))), hi);
    }

    @Test
    void sumsAndProductsContainEveryPointsValue() {
        Property.forAll("outward sums and products contain exact values", OPERANDS).tries(3000).check(o -> {
            OutwardInterval sum = o.x().plus(o.y());
            OutwardInterval product = o.x().times(o.y());
            for (Rational p : points(o.x())) {
                for (Rational q : points(o.y())) {
                    assertThat(contains(sum, p.add(q))).as("%s + %s in %s", p, q, sum).isTrue();
                    assertThat(contains(product, p.multiply(q))).as("%s * %s in %s", p, q, product).isTrue();
                }
                assertThat(contains(o.x().timesUnit(), p) && contains(o.x().timesUnit(), p.negate())).isTrue();
                assertThat(contains(o.x().timesZeroOne(), p) && contains(o.x().timesZeroOne(), Rational.ZERO))
                    .isTrue();
            }
        });
    }

    @Test
    void roundingToNearestAloneWouldLoseTheExactValue() {
        double one = 1 + 0x1p-52;
        // (1 + 2⁻⁵²)² = 1 + 2⁻⁵¹ + 2⁻¹⁰⁴: the double product drops 2⁻¹⁰⁴
        OutwardInterval square = new OutwardInterval(one, one).times(new OutwardInterval(one, one));
        assertThat(one * one).isEqualTo(1 + 0x1p-51);
        assertThat(contains(square, exact(one).multiply(exact(one)))).isTrue();
        // 1 + 2⁻⁶⁰ rounds to 1
        OutwardInterval sum = new OutwardInterval(1, 1).plus(new OutwardInterval(0x1p-60, 0x1p-60));
        assertThat(contains(sum, Rational.ONE.add(exact(0x1p-60)))).isTrue();
        // a subnormal product
        OutwardInterval tiny = new OutwardInterval(0x1p-540, 0x1p-540).times(new OutwardInterval(0.75 * 0x1p-540,
            0.75 * 0x1p-540));
        assertThat(contains(tiny, exact(0x1p-540).multiply(exact(0.75 * 0x1p-540)))).isTrue();
        assertThat(OutwardInterval.of(DyadicInterval.of(Rational.of(1, 3))).toDyadic().toInterval().contains(
            Rational.of(1, 3))).isTrue();
        OutwardInterval huge = new OutwardInterval(Double.MAX_VALUE, Double.MAX_VALUE);
        assertThatThrownBy(() -> huge.plus(huge).toDyadic()).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> huge.times(huge).times(new OutwardInterval(0, 0)).toDyadic())
            .as("∞·0 is NaN").isInstanceOf(ArithmeticException.class);
    }
}
