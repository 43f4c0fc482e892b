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
    @Test
    void aSystemAboveTheSizeLimitIsNotTracedAndTheReasonSaysSo() {
        RationalTensor zero = new RationalTensor(new int[] {60, 60}, Collections.nCopies(3600, Rational.ZERO));
        MarkovGame g = MarkovGame.of(NormalFormGame.of("60x60", List.of(zero, zero)));
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, Rational.ONE, (k, b) -> { });
        assertThat(p.traced()).isFalse();
        assertThat(p.detail()).contains("not traced for more than 120 unknowns (this game has 122");
    }
}
