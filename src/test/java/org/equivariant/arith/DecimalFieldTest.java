package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** DecimalField's exponential at the ends of the decimals' range (its values feed Newton refinement only). */
class DecimalFieldTest {
    private static final DecimalField F = DecimalField.ofDigits(30);
    private static final BigDecimal LIMIT = BigDecimal.valueOf(1L << 30);

    /**
     * Down to −2³⁰ e^a is big-math's, a positive decimal with a decimal exponent of about a/ln 10 (−466 × 10⁶ at
     * −2³⁰: ln 10 = 2.302585…); below it — where big-math failed with "Overflow" from −2³¹ on (a logit probability
     * at λ·|U| ≈ 10¹⁰) — it is 0; above 2³⁰ it is refused.
     */
    @Test
    void theExponentialAtTheEndsOfTheRange() {
        BigDecimal small = F.exp(LIMIT.negate());
        assertThat(small.signum()).isPositive();
        double exponent = small.precision() - small.scale() - 1;
        assertThat(exponent).isCloseTo(-(1L << 30) / Math.log(10), org.assertj.core.data.Offset.offset(1.0));
        assertThat(F.exp(LIMIT.negate().subtract(BigDecimal.ONE))).isEqualTo(BigDecimal.ZERO);
        assertThat(F.exp(new BigDecimal("-9e9"))).isEqualTo(BigDecimal.ZERO);
        assertThat(F.exp(BigDecimal.ONE).toString()).startsWith("2.71828182845904523536028747");
        assertThat(F.exp(LIMIT).signum()).isPositive();
        assertThatThrownBy(() -> F.exp(LIMIT.add(BigDecimal.ONE))).isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("beyond the decimals' range");
    }
}
