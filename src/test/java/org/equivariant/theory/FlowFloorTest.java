package org.equivariant.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.equivariant.arith.Rational;
import org.junit.jupiter.api.Test;

/** FLOW-1's probability floor on a case worked by hand, and its refusal of τ ≤ 0. */
class FlowFloorTest {
    /**
     * θ(0) = (0, 0), g = 1, τ = 1, m = 2: L_a = min(0, 0 − 1 − log 2) = −1 − log 2, U_b = 1 + log 2, so the floor is
     * exp(L − U − log 2) = exp(−2 − 3 log 2) = e^−2/8; the returned lower end lies within 10^−25 below it.
     */
    @Test
    void theFloorOfASymmetricStartIsEToTheMinusTwoOverEight() {
        BigDecimal floor = FlowFloor.of(List.of(Rational.ZERO, Rational.ZERO), Rational.ONE, Rational.ONE, 30);
        BigDecimal exact = BigDecimalMath.exp(BigDecimal.valueOf(-2), new MathContext(50)).divide(BigDecimal.valueOf(8),
            new MathContext(50));
        assertThat(floor).isLessThanOrEqualTo(exact);
        assertThat(exact.subtract(floor)).isLessThan(new BigDecimal("1e-25"));
        // a start below the cap keeps its own logit as the bound: θ(0) = (−5, 5), g = 0: L = (−5, −log 2),
        // U = (log 2, 5), floor exp(−5 − 5 − log 2) = e^−10/2
        BigDecimal skewed = FlowFloor.of(List.of(Rational.of(-5), Rational.of(5)), Rational.ZERO, Rational.ONE, 30);
        BigDecimal expected = BigDecimalMath.exp(BigDecimal.valueOf(-10), new MathContext(50)).divide(BigDecimal
            .valueOf(2), new MathContext(50));
        assertThat(expected.subtract(skewed)).isBetween(BigDecimal.ZERO, new BigDecimal("1e-25"));
    }

    @Test
    void aTemperatureOfZeroIsRefused() {
        assertThatThrownBy(() -> FlowFloor.of(List.of(Rational.ZERO, Rational.ZERO), Rational.ONE, Rational.ZERO, 30))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("τ > 0");
    }
}
