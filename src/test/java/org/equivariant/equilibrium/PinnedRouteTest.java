package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.equivariant.api.Equivariant;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.LeavingArc;
import org.equivariant.certificate.PinnedPlayers;
import org.equivariant.certificate.PinnedPlayersTest;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/**
 * The arms leaving the McKelvey–McLennan 2×2×2 game's singular point (PIN-SUB (6)) and the chains of the full game
 * from their ends: short arms first, longer ones only where a chain from a short arm's end stops before λ.
 */
class PinnedRouteTest {
    private static final NormalFormGame GAME = Equivariant.game("bundled:2x2x2");
    private static final Rational LAMBDA = Rational.TWO;

    private static LeavingBranches route(int... limits) {
        List<Integer> s = PinnedPlayers.largest(GAME.payoffs());
        NormalFormGame reduced = PinnedRoute.reduced(GAME, s);
        QreSolver.Options o = QreSolver.Options.digits(20);
        // the full game's chain stops at λ ≈ 0.5967551198 (docs/cli.md); the bracket encloses the singular point above
        QreResult[] around = PinnedRoute.bracket(GAME.payoffs(), s, reduced, 0.5967551198, LAMBDA.doubleValue(), o);
        assertThat(around).as("the singular point is enclosed").isNotNull();
        return PinnedRoute.leaving(GAME, s, reduced, around, LAMBDA, o, limits);
    }

    /**
     * The short arms suffice here: the chains from their ends carry the branches to λ (one ends before it by a tail
     * claim), so the longer limit is never tried.
     */
    @Test
    void shortArmsHandOverToChainsThatReachLambda() {
        LeavingBranches r = route(LeavingTracer.SHORT_ARM, LeavingTracer.MAX_PIECES);
        assertThat(r.arms().get(0).pieces()).hasSize(LeavingTracer.SHORT_ARM);
        assertThat(r.arms().get(1).pieces()).hasSize(LeavingTracer.SHORT_ARM);
        assertThat(r.chains()).hasSize(2).allSatisfy(c -> assertThat(c.arrives()).isTrue());
        assertThat(r.chains().stream().map(BranchTracer.Chain::end)).contains(BranchTracer.End.TAIL);
        assertThat(r.armsTooShort(LeavingTracer.SHORT_ARM)).isFalse();
    }

    /**
     * The arms' step control: 25 pieces carry the branch from λ° ≈ 0.59676 to λ ≈ 0.7201 and 0.4719 (session 31,
     * each piece at most 0.8 of the last failed length, that raised 2 % a piece); growing by 1.6 after every proved
     * piece regardless failed every third test and reached 0.7097 and 0.4780.
     */
    @Test
    void shortArmsGrowBelowTheLastFailedLength() {
        LeavingBranches r = route(25);
        double first = r.ends().get(0).lambda();
        double second = r.ends().get(1).lambda();
        assertThat(Math.max(first, second)).as("the rising arm's end").isGreaterThan(0.715);
        assertThat(Math.min(first, second)).as("the falling arm's end").isLessThan(0.475);
    }

    /**
     * The scan along the reduced game's branch stops in the step before the first sign change of det(I − L) — for
     * λ = 2 from the anchor 0.116349, at most (2 − 0.116349)/64 below PIN-SUB's λ° = 0.59675514938… — and sees none
     * below it (λ = 1/2) or in a game without two pinned players.
     */
    @Test
    void theScanStopsJustBeforeTheSingularPoint() {
        double star = PinnedPlayersTest.singularPointByHand();
        double before = PinnedRoute.ahead(GAME, 0.116349, 2);
        assertThat(before).isLessThan(star).isGreaterThanOrEqualTo(star - (2 - 0.116349) / 64);
        assertThat(PinnedRoute.ahead(GAME, 0.116349, 0.5)).isNaN();
        assertThat(PinnedRoute.ahead(Equivariant.game("bundled:3x3x3"), 0.1, 10)).isNaN();
    }

    /**
     * Past the singular point `solve` takes the pinned players' route without a chain of the full game (PIN-SUB (3)
     * needs none): the principal QRE is the pinned one, its state PINNED with no pieces and the singular point
     * enclosed around λ°; the certificate replays. Below it the chain of the full game reaches λ as before.
     */
    @Test
    void pastTheSingularPointSolveNeedsNoChainOfTheFullGame() {
        QreResult r = QreSolver.solve(GAME, LAMBDA, QreSolver.Options.digits(20));
        assertThat(r.principal().state()).as(r.principal().detail()).isEqualTo(PrincipalBranch.State.PINNED);
        assertThat(r.principal().pieces()).isZero();
        QreCertificate.PinnedBranch pb = r.certificate().pinnedBranch();
        double star = PinnedPlayersTest.singularPointByHand();
        assertThat(pb.below().lambda().doubleValue()).isLessThan(star + 1e-12).isGreaterThan(star - 1e-9);
        assertThat(pb.above().lambda().doubleValue()).isGreaterThan(star - 1e-12).isLessThan(star + 1e-9);
        assertThat(r.qres()).hasSize(3);
        assertThat(r.qres().get(r.principalIndex()).enclosure().get(0).lo().doubleValue()).isEqualTo(0.5);
        assertThat(org.equivariant.certificate.CertificateChecker.check(r.certificate()).principal())
            .isEqualTo(r.principalIndex());
        QreResult below = QreSolver.solve(GAME, Rational.of(1, 2), QreSolver.Options.digits(20));
        assertThat(below.principal().state()).isEqualTo(PrincipalBranch.State.CERTIFIED);
        assertThat(below.principal().pieces()).isPositive();
    }

    private static LeavingTracer.Arm arm(int pieces, String stop) {
        LeavingArc.Piece p = new LeavingArc.Piece(Rational.ZERO, Rational.ONE, List.of(Rational.ZERO), Rational.ONE,
            List.of(List.of(Rational.ONE)));
        return new LeavingTracer.Arm(1, Collections.nCopies(pieces, p), stop, null);
    }

    private static BranchTracer.Chain chain(BranchTracer.End end) {
        return new BranchTracer.Chain(List.of(), end, 1.0, List.of(), "", null);
    }

    /**
     * Longer arms are asked for exactly when a chain stopped before λ past an arm that stopped at the piece limit —
     * not when the chains reach λ, when the arm is past λ (no chain), or when the arm stopped for another reason.
     */
    @Test
    void longerArmsOnlyWhereAChainStopsPastAnArmAtItsLimit() {
        LeavingTracer.Arm atLimit = arm(3, "the piece limit (3) was reached");
        LeavingTracer.Arm early = arm(2, "no piece could be proved beyond ε = 0.1");
        BranchTracer.Chain stopped = chain(BranchTracer.End.SINGULAR);
        BranchTracer.Chain reached = chain(BranchTracer.End.REACHED);
        assertThat(leaving(atLimit, early, stopped, reached).armsTooShort(3)).isTrue();
        assertThat(leaving(early, atLimit, reached, stopped).armsTooShort(3)).isTrue();
        assertThat(leaving(atLimit, atLimit, reached, reached).armsTooShort(3)).isFalse();
        assertThat(leaving(atLimit, atLimit, null, reached).armsTooShort(3)).isFalse();
        assertThat(leaving(early, early, stopped, stopped).armsTooShort(3)).isFalse();
        assertThat(leaving(atLimit, atLimit, stopped, stopped).armsTooShort(4)).isFalse();
    }

    private static LeavingBranches leaving(LeavingTracer.Arm up, LeavingTracer.Arm down, BranchTracer.Chain a,
                                           BranchTracer.Chain b) {
        return new LeavingBranches(List.of(Rational.ONE), List.of(up, down), List.of(),
            new ArrayList<>(Arrays.asList(a, b)), List.of(false, false));
    }

    /**
     * PinSubProperty's case under -Pthorough (seed 4018313823599545358, shrunk): the arms leaving the singular point
     * start in an enclosure of λ that reaches past where the reduced QREs are proved unique, so the checker refuses
     * the claim with them — and the pinned QRE's own claim, without the arms, is still made and accepted (it was
     * dropped with them before): principal, state PINNED, the refusal named, no QRE tagged as on a leaving branch.
     */
    @Test
    void whenTheArmsClaimIsRefusedThePinnedQreStaysPrincipal() {
        NormalFormGame g = org.equivariant.io.NfgReader.read("arms.nfg", "NFG 1 R \"pinned\" { \"1\" \"2\" \"3\" } "
            + "{ 3 3 2 }\n"
            + "0 -1/6 9/4 0 17/6 -17/4 0 -19/6 7/2 0 1/2 9/2 0 -3/2 -3 0 1/2 5/4 0 -1/3 2 0 2/3 "
            + "-5/2 0 -5/6 1 1/18 145/36 -4 7/18 -143/36 5 -4/9 -143/36 -9/4 1/18 163/36 3 "
            + "-11/18 -29/9 4 -4/9 -47/9 0 1/18 -209/36 1/2 7/18 115/36 5/2 19/18 -47/36 -13/4\n");
        QreResult r = QreSolver.solve(g, Rational.of(31, 10), QreSolver.Options.digits(20));
        assertThat(r.principal().state()).as(r.principal().detail()).isEqualTo(PrincipalBranch.State.PINNED);
        assertThat(r.principal().detail()).contains("the checker did not accept the arms' claim");
        assertThat(r.certificate().pinnedBranch().leaving()).isNull();
        assertThat(r.report().principal()).isEqualTo(r.principalIndex()).isNotNegative();
    }
}
