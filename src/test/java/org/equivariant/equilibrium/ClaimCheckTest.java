package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.TestData;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

/**
 * A claim's check reports the solve at its λ to the caller's progress (verify's line names each claim), and runs the
 * branch-and-bound for a claim no certified QRE is near as its {@link ClaimCheck.Enumeration} says.
 */
class ClaimCheckTest {
    @Test
    void theSolveAtTheClaimsLambdaReportsToTheGivenProgress() throws Exception {
        NormalFormGame g = NfgReader.read(TestData.nfg("coord2.nfg"));
        Rational lambda = Rational.of(2);
        List<String> phases = new ArrayList<>();
        QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
        List<Rational> claim = r.qres().get(r.principalIndex()).center();
        ClaimCheck c = ClaimCheck.check(g, lambda, claim, Rational.of(1, 10_000), 20, (phase, state) -> phases.add(
            phase + ": " + state), null, null, ClaimCheck.Enumeration.CLAIMS_NO_QRE_IS_NEAR);
        assertThat(c.outcome()).isIn(ClaimCheck.Outcome.AGREES, ClaimCheck.Outcome.AGREES_WITH_ONE_OF_SEVERAL);
        assertThat(phases).anyMatch(p -> p.startsWith("principal branch: lambda = "))
            .anyMatch(p -> p.startsWith("certifying: QRE 1 of "));
        // the overload without a progress reports nowhere and decides the same
        assertThat(ClaimCheck.check(g, lambda, claim, Rational.of(1, 10_000), 20).outcome()).isEqualTo(c.outcome());
    }

    /**
     * A random 2×2×2 game (seed 28 of a script outside the repository) just below a fold's tip, where the
     * branch-and-bound proves one QRE (217 boxes): a claim 2·10⁻⁴ from it (two tolerances) is proved wrong by default,
     * the game being small — and left undecided with the branch-and-bound's budget cut to one box, which leaves the
     * claim in its undecided box. The QRE itself agrees with one QRE whose uniqueness is not proved by default, and
     * with the unique QRE when agreeing claims are enumerated too.
     */
    @Test
    void aClaimNoQreIsNearIsEnumeratedByDefaultAnAgreeingOneWhenAsked() {
        NormalFormGame g = NfgReader.read("c222.nfg", "NFG 1 R \"random 2x2x2\" { \"P1\" \"P2\" \"P3\" } { 2 2 2 }\n\n"
            + "69 23 19 95 27 44 39 64 14 40 24 81 30 28 52 42 99 16 30 23 66 58 88 21\n");
        Rational lambda = Rational.parse("0.179970646726");
        Rational tol = Rational.of(1, 10_000);
        QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
        List<Rational> qre = r.qres().get(r.principalIndex()).center();
        List<Rational> near = new ArrayList<>(qre);
        near.set(0, near.get(0).add(tol.multiply(Rational.of(2))));
        near.set(1, near.get(1).subtract(tol.multiply(Rational.of(2))));
        ClaimCheck byDefault = ClaimCheck.check(g, lambda, near, tol, 20);
        assertThat(byDefault.outcome()).isEqualTo(ClaimCheck.Outcome.NO_QRE_NEAR);
        assertThat(byDefault.enumerated().qres()).isEqualTo(1);
        assertThat(byDefault.enumerated().complete()).isTrue();
        assertThat(byDefault.enumerated().nearest()).isGreaterThan(tol);
        assertThat(byDefault.wrong()).isTrue();
        assertThat(byDefault.verdict()).isEqualTo(Verdict.UNIQUE);
        ClaimCheck cut = ClaimCheck.check(g, lambda, near, tol, 20, org.equivariant.work.Progress.NONE, null, null,
            new ClaimCheck.Enumeration(1, false, false));
        assertThat(cut.outcome()).isEqualTo(ClaimCheck.Outcome.NO_CERTIFIED_QRE_NEAR);
        assertThat(cut.enumerated().complete()).isFalse();
        assertThat(cut.enumerated().nearest()).isLessThanOrEqualTo(tol);
        assertThat(cut.wrong()).isFalse();
        assertThat(cut.verdict()).isEqualTo(r.verdict()).isEqualTo(Verdict.UNDECIDED);
        ClaimCheck itself = ClaimCheck.check(g, lambda, qre, tol, 20);
        assertThat(itself.outcome()).isEqualTo(ClaimCheck.Outcome.AGREES_WITH_ONE_OF_SEVERAL);
        assertThat(itself.enumerated()).isNull();
        ClaimCheck counted = ClaimCheck.check(g, lambda, qre, tol, 20, org.equivariant.work.Progress.NONE, null, null,
            ClaimCheck.Enumeration.every(20_000));
        assertThat(counted.outcome()).isEqualTo(ClaimCheck.Outcome.AGREES);
        assertThat(counted.enumerated().qres()).isEqualTo(1);
    }

    /**
     * Against the principal branch's QRE alone: coord2 at λ = 10 has three QREs, and its branch from the centroid tends
     * to the strict equilibrium (1, 1) (BR-TAIL) — there a player's probability off it is about e^(−λ·2) ≈ 2·10⁻⁹ (a
     * payoff gap of 2 against the other's near-pure play) — so the pure profile (1, 1) lies within 10⁻⁸ of the
     * principal QRE, while (2, 2), the other strict equilibrium, near which the game has a QRE too, lies about 1 from
     * it: proved farther than any tolerance below 0.99, where the full check can only say it agrees with one of several.
     */
    @Test
    void aClaimIsMeasuredAgainstThePrincipalBranchsQreAlone() throws Exception {
        NormalFormGame g = NfgReader.read(TestData.nfg("coord2.nfg"));
        Rational lambda = Rational.of(10);
        List<Rational> first = List.of(Rational.ONE, Rational.ZERO, Rational.ONE, Rational.ZERO);
        ClaimCheck.PrincipalDistance near = ClaimCheck.toPrincipal(g, lambda, first, 20).orElseThrow();
        assertThat(near.upper()).isLessThan(Rational.of(1, 100_000_000));
        assertThat(near.lower()).isLessThanOrEqualTo(near.upper());
        List<Rational> second = List.of(Rational.ZERO, Rational.ONE, Rational.ZERO, Rational.ONE);
        ClaimCheck.PrincipalDistance far = ClaimCheck.toPrincipal(g, lambda, second, 20).orElseThrow();
        assertThat(far.lower()).isGreaterThan(Rational.of(99, 100));
        assertThat(ClaimCheck.check(g, lambda, second, Rational.of(1, 1000), 20).outcome())
            .isEqualTo(ClaimCheck.Outcome.AGREES_WITH_ONE_OF_SEVERAL);
    }
}
