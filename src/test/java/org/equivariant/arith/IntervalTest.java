package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
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
}
