package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link GradientField}: one pass gives every partial. Checked against hand-derived derivatives of a fixed function
 * using every operation (sum, difference, product, quotient by a variable and by a constant, exp, log, negation), in
 * double and in 62-bit dyadic intervals (the enclosure must contain the analytic partial), and against
 * {@link DualField} run once per direction.
 */
class GradientFieldTest {
    /** f(x, y, z) = exp(x·y)/(1 + z²) − log(y) + x/3 − (−z)·x, written against any field. */
    static <T> T f(ExpField<T> k, T x, T y, T z) {
        T quotient = k.divide(k.exp(k.multiply(x, y)), k.add(k.one(), k.multiply(z, z)));
        T third = k.divide(x, k.of(Rational.of(3)));
        return k.subtract(k.add(k.subtract(quotient, k.log(y)), third), k.multiply(k.negate(z), x));
    }

    /** The analytic gradient of f. */
    static double[] gradient(double x, double y, double z) {
        double e = Math.exp(x * y) / (1 + z * z);
        return new double[] {y * e + 1.0 / 3 + z, x * e - 1 / y, -2 * z * e / (1 + z * z) + x};
    }

    @Test
    void partialsMatchTheAnalyticGradientInDoubleAndAreEnclosedInIntervals() {
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 50; k++) {
            double x = r.nextDouble(-1, 1);
            double y = r.nextDouble(0.2, 2);
            double z = r.nextDouble(-1, 1);
            double[] want = gradient(x, y, z);
            GradientField<Double> g = new GradientField<>(DoubleField.INSTANCE, 3);
            Gradient<Double> v = f(g, g.variable(x, 0), g.variable(y, 1), g.variable(z, 2));
            assertThat(v.v()).isCloseTo(f(DoubleField.INSTANCE, x, y, z), org.assertj.core.data.Offset.offset(1e-15));
            for (int j = 0; j < 3; j++) {
                assertThat(v.d().get(j)).as("partial %d at (%s, %s, %s)", j, x, y, z)
                    .isCloseTo(want[j], org.assertj.core.data.Offset.offset(1e-12));
            }
            DyadicField d = DyadicField.INSTANCE;
            GradientField<DyadicInterval> gi = new GradientField<>(d, 3);
            List<Gradient<DyadicInterval>> point = new ArrayList<>();
            double[] xs = {x, y, z};
            for (int j = 0; j < 3; j++) {
                point.add(gi.variable(DyadicInterval.ofDoubles(xs[j], xs[j]), j));
            }
            Gradient<DyadicInterval> vi = f(gi, point.get(0), point.get(1), point.get(2));
            for (int j = 0; j < 3; j++) {
                DyadicInterval p = vi.d().get(j);
                double slack = 1e-12 * (1 + Math.abs(want[j]));
                assertThat(p.loDouble()).as("lower end of partial %d", j).isLessThanOrEqualTo(want[j] + slack);
                assertThat(p.hiDouble()).as("upper end of partial %d", j).isGreaterThanOrEqualTo(want[j] - slack);
                assertThat(p.hiDouble() - p.loDouble()).as("width of partial %d", j).isLessThan(1e-12);
            }
        }
    }

    @Test
    void itAgreesWithDualNumbersDirectionByDirectionAndConstantsCarryNoPartials() {
        GradientField<Double> g = new GradientField<>(DoubleField.INSTANCE, 3);
        DualField<Double> dual = new DualField<>(DoubleField.INSTANCE);
        double[] at = {0.3, 1.7, -0.4};
        Gradient<Double> v = f(g, g.variable(at[0], 0), g.variable(at[1], 1), g.variable(at[2], 2));
        for (int j = 0; j < 3; j++) {
            List<Dual<Double>> p = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                p.add(i == j ? dual.variable(at[i]) : dual.constant(at[i]));
            }
            assertThat(v.d().get(j)).isEqualTo(f(dual, p.get(0), p.get(1), p.get(2)).d());
        }
        assertThat(v.d()).hasSize(3);
        assertThat(g.partials(v)).isEqualTo(v.d());
        assertThat(g.variable(1.0, 2).d()).containsExactly(0.0, 0.0, 1.0);
        assertThat(g.zero().v()).isZero();
        assertThat(g.zero().d()).isNull();
        assertThat(g.range(Rational.ONE, Rational.of(3)).v()).isEqualTo(2.0);
        assertThat(g.range(Rational.ONE, Rational.of(3)).d()).isNull();
        // softmax and log-sum-exp (through the field's shift by the largest estimate) differentiate correctly
        Gradient<Double> a = g.variable(0.2, 0);
        Gradient<Double> b = g.variable(-0.7, 1);
        Gradient<Double> lse = g.logSumExp(List.of(a, b));
        double sa = Math.exp(0.2) / (Math.exp(0.2) + Math.exp(-0.7));
        assertThat(lse.d().get(0)).isCloseTo(sa, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(lse.d().get(1)).isCloseTo(1 - sa, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(g.estimate(a)).isEqualTo(0.2);
        Gradient<Double> c = f(g, g.constant(at[0]), g.constant(at[1]), g.constant(at[2]));
        assertThat(c.d()).as("a function of constants").isNull();
        assertThat(g.partials(c)).containsExactly(0.0, 0.0, 0.0);
        // a variable only in one direction: the other partials are exactly zero
        Gradient<Double> onlyY = f(g, g.constant(at[0]), g.variable(at[1], 1), g.constant(at[2]));
        assertThat(onlyY.d().get(0)).isZero();
        assertThat(onlyY.d().get(2)).isZero();
        assertThat(onlyY.d().get(1)).isCloseTo(gradient(at[0], at[1], at[2])[1],
            org.assertj.core.data.Offset.offset(1e-12));
    }
}
