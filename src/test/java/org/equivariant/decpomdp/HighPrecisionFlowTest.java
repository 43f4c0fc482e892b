package org.equivariant.decpomdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DecimalField;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.RegularizedDecPomdp;
import org.junit.jupiter.api.Test;

/** The same flow code runs in 40-digit decimals, converges far below double precision, and agrees with the fast path. */
class HighPrecisionFlowTest {
    @Test
    void decimalFlowConvergesToTheDoubleLimitWithManyMoreDigits() {
        Rational tau = Rational.of(20);
        DecimalField hp = DecimalField.ofDigits(40);
        RegularizedDecPomdp<BigDecimal> precise = new RegularizedDecPomdp<>(DecTiger.TIGER, 1, tau,
            RegularizedDecPomdp.Form.B, hp);
        var theta0 = precise.evaluator().policy((i, h) -> new ArrayList<>(List.of(new BigDecimal("0.5"),
            new BigDecimal("-0.25"), new BigDecimal("1.25"))));
        var res = GradientFlow.flow(precise, theta0, hp, new GradientFlow.Options(1e-6, 1e-30, 1e7, 20_000));
        assertThat(res.converged()).isTrue();
        assertThat(res.gradNorm()).isLessThan(1e-30);

        RegularizedDecPomdp<Double> fast = new RegularizedDecPomdp<>(DecTiger.TIGER, 1, tau,
            RegularizedDecPomdp.Form.B, DoubleField.INSTANCE);
        var theta0d = fast.evaluator().policy((i, h) -> new ArrayList<>(List.of(0.5, -0.25, 1.25)));
        var resd = GradientFlow.flow(fast, theta0d, DoubleField.INSTANCE, new GradientFlow.Options(1e-6, 1e-11, 1e7,
            20_000));
        var p = precise.policy(res.theta());
        var q = fast.policy(resd.theta());
        for (int a = 0; a < 3; a++) {
            assertThat(Math.abs(p.get(0).get(0).get(a).doubleValue() - q.get(0).get(0).get(a))).isLessThan(1e-10);
        }
        // plain gradient ascent reaches the same point
        var ascended = GradientFlow.ascend(fast, theta0d, Rational.of(1, 50), 3000, DoubleField.INSTANCE);
        assertThat(Math.abs(fast.policy(ascended).get(0).get(0).get(0) - q.get(0).get(0).get(0))).isLessThan(1e-9);
    }
}
