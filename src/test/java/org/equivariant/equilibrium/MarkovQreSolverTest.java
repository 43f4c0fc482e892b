package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/** {@link MarkovQreSolver#principal}'s refusals: what it will not trace is said, with the reason. */
class MarkovQreSolverTest {
    /**
     * A one-state game where action 2 loses 1 against anything: at η = 1/τ one NPG step from the uniform policy is the
     * logit response, log π⁺(2) = −1/τ − log(1 + e^{−1/τ}) by hand — at τ = 1/2000, −2000 (e^−2000 is below the
     * doubles' range, so the step taken on probabilities gave −∞ and stopped the run).
     */
    @Test
    void npgStepsOnLogPoliciesBelowTheDoublesRange() {
        // entries with the first player's action fastest: u(1, ·) = 1, u(2, ·) = 0; v(·, 1) = 1, v(·, 2) = 0
        RationalTensor u = new RationalTensor(new int[] {2, 2}, List.of(Rational.ONE, Rational.ZERO, Rational.ONE,
            Rational.ZERO));
        RationalTensor v = new RationalTensor(new int[] {2, 2}, List.of(Rational.ONE, Rational.ONE, Rational.ZERO,
            Rational.ZERO));
        MarkovGame g = MarkovGame.of(NormalFormGame.of("dominant", List.of(u, v)));
        Rational tau = Rational.of(1, 2000);
        org.equivariant.field.MarkovField<Double> field = new org.equivariant.field.MarkovField<>(g, tau,
            org.equivariant.arith.DoubleField.INSTANCE);
        List<List<List<Double>>> logUniform = List.of(List.of(List.of(Math.log(0.5), Math.log(0.5))),
            List.of(List.of(Math.log(0.5), Math.log(0.5))));
        List<List<List<Double>>> next = field.npgStep(logUniform, tau.reciprocal());
        for (List<List<Double>> agent : next) {
            assertThat(agent.get(0).get(0)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(agent.get(0).get(1)).isCloseTo(-2000.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        MarkovQreSolver.Run run = MarkovQreSolver.npg(field, field.uniform(), tau.reciprocal(), 100, 1e-12, 60,
            null);
        assertThat(run.converged()).as(run.stop()).isTrue();
        assertThat(run.policy().get(0).get(0)).containsExactly(1.0, 0.0);
    }

    @Test
    void aSystemAboveTheSizeLimitIsNotTracedAndTheReasonSaysSo() {
        RationalTensor zero = new RationalTensor(new int[] {60, 60}, Collections.nCopies(3600, Rational.ZERO));
        MarkovGame g = MarkovGame.of(NormalFormGame.of("60x60", List.of(zero, zero)));
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, Rational.ONE, (k, b) -> { });
        assertThat(p.traced()).isFalse();
        assertThat(p.detail()).contains("not traced for more than 120 unknowns (this game has 122");
    }
}
