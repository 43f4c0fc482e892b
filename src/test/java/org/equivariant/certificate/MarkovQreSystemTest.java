package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.equivariant.arith.Rational;
import org.junit.jupiter.api.Test;

/**
 * The coordinates of the Markov QRE system (MQRE-K): policies agent-major, then state, then action; the soft values
 * V_i(s) after them, agent-major. Shown on matching pennies (2 agents, 2 states, 2 actions) with x_k = k.
 */
class MarkovQreSystemTest {
    @Test
    void coordinatesArePoliciesThenValues() {
        MarkovQreSystem sys = new MarkovQreSystem(MarkovNpgRateTest.PENNIES, Rational.ONE);
        assertThat(sys.size()).isEqualTo(12);
        assertThat(sys.policySize()).isEqualTo(8);
        List<Integer> x = IntStream.range(0, 12).boxed().toList();
        assertThat(sys.policies(x)).isEqualTo(List.of(List.of(List.of(0, 1), List.of(2, 3)),
            List.of(List.of(4, 5), List.of(6, 7))));
        assertThat(sys.policiesIn(0, x)).containsExactly(0, 1, 4, 5);
        assertThat(sys.policiesIn(1, x)).containsExactly(2, 3, 6, 7);
        assertThat(sys.values(x)).isEqualTo(List.of(List.of(8, 9), List.of(10, 11)));
        assertThat(sys.valueIndex(1, 0)).isEqualTo(10);
        assertThat(sys.branchSystem().unknowns()).isEqualTo(12);
        assertThatThrownBy(() -> sys.branchSystem().residual(org.equivariant.arith.DoubleField.INSTANCE,
            List.of(0.0, 1.0, 2.0))).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("a point of 3 coordinates, expected 13");
    }

    @Test
    void theTemperatureMustBePositive() {
        for (Rational tau : new Rational[] {Rational.ZERO, Rational.of(-1)}) {
            assertThatThrownBy(() -> new MarkovQreSystem(MarkovNpgRateTest.PENNIES, tau))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("τ must be positive, got " + tau);
        }
    }
}
