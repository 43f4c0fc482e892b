package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.TestData;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

/** A claim's check reports the solve at its λ to the caller's progress (verify's line names each claim). */
class ClaimCheckTest {
    @Test
    void theSolveAtTheClaimsLambdaReportsToTheGivenProgress() throws Exception {
        NormalFormGame g = NfgReader.read(TestData.nfg("coord2.nfg"));
        Rational lambda = Rational.of(2);
        List<String> phases = new ArrayList<>();
        QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
        List<Rational> claim = r.qres().get(r.principalIndex()).center();
        ClaimCheck c = ClaimCheck.check(g, lambda, claim, Rational.of(1, 10_000), 20, (phase, state) -> phases.add(
            phase + ": " + state), null, null);
        assertThat(c.outcome()).isIn(ClaimCheck.Outcome.AGREES, ClaimCheck.Outcome.AGREES_WITH_ONE_OF_SEVERAL);
        assertThat(phases).anyMatch(p -> p.startsWith("principal branch: lambda = "))
            .anyMatch(p -> p.startsWith("certifying: QRE 1 of "));
        // the overload without a progress reports nowhere and decides the same
        assertThat(ClaimCheck.check(g, lambda, claim, Rational.of(1, 10_000), 20).outcome()).isEqualTo(c.outcome());
    }
}
