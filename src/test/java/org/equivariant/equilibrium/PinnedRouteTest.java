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
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/**
 * The arms leaving the McKelvey–McLennan 2×2×2 game's singular point (PIN-SUB (6)) and the chains of the full game
 * from their ends: short arms first, longer ones only where a chain from a short arm's end stops before λ.
 */
class PinnedRouteTest {
    private static final NormalFormGame GAME = Equivariant.game("bundled:2x2x2");
    private static final Rational LAMBDA = Rational.TWO;

    private static PinnedRoute.LeavingBranches route(int... limits) {
        List<Integer> s = PinnedPlayers.largest(GAME.payoffs());
        NormalFormGame reduced = PinnedRoute.reduced(GAME, s);
        QreSolver.Options o = QreSolver.Options.digits(20);
        // the full game's chain stops at λ ≈ 0.5967551198 (docs/cli.md); the bracket encloses the singular point above
        QreResult[] around = PinnedRoute.bracket(GAME.payoffs(), s, reduced, 0.5967551198, LAMBDA.doubleValue(), o);
        assertThat(around).as("the singular point is enclosed").isNotNull();
        return PinnedRoute.leaving(GAME, s, reduced, around, LAMBDA, o, limits);
    }

    /** The short arms suffice here: the chains from their ends reach λ, so the longer limit is never tried. */
    @Test
    void shortArmsHandOverToChainsThatReachLambda() {
        PinnedRoute.LeavingBranches r = route(LeavingTracer.SHORT_ARM, LeavingTracer.MAX_PIECES);
        assertThat(r.arms().up().pieces()).hasSize(LeavingTracer.SHORT_ARM);
        assertThat(r.arms().down().pieces()).hasSize(LeavingTracer.SHORT_ARM);
        assertThat(r.chains()).hasSize(2).allSatisfy(c -> assertThat(c.end()).isEqualTo(BranchTracer.End.REACHED));
        assertThat(r.armsTooShort(LeavingTracer.SHORT_ARM)).isFalse();
    }

    private static LeavingTracer.Arm arm(int pieces, String stop) {
        LeavingArc.Piece p = new LeavingArc.Piece(Rational.ZERO, Rational.ONE, List.of(Rational.ZERO), Rational.ONE,
            List.of(List.of(Rational.ONE)));
        return new LeavingTracer.Arm(1, Collections.nCopies(pieces, p), stop);
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

    private static PinnedRoute.LeavingBranches leaving(LeavingTracer.Arm up, LeavingTracer.Arm down,
                                                       BranchTracer.Chain a, BranchTracer.Chain b) {
        return new PinnedRoute.LeavingBranches(new LeavingTracer.Arms(List.of(Rational.ONE), up, down), List.of(),
            new ArrayList<>(Arrays.asList(a, b)));
    }
}
