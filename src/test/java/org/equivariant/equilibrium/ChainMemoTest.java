package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.CheckReport;
import org.equivariant.gen.GameGen;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/**
 * Solves at several λ that keep the principal chain in a {@link ChainMemo} (as {@code verify} does along another
 * solver's path): each certificate, its joined chain replayed in full by the independent checker, tags the principal
 * QRE that a solve without the memo certifies — the branch's first crossing of λ, also between two folds.
 */
class ChainMemoTest {
    /** BranchTracerTest's S-shaped 3×3×3 game (GameGen seed 20): folds near λ ≈ 5.607 and 5.257. */
    private static final NormalFormGame S_SHAPED = GameGen.shaped(new int[] {3, 3, 3}, 5)
        .generate(new SplittableRandom(20));

    @Test
    void solvesAlongAPathThroughTwoFoldsReuseTheChainAndTagTheFreshSolvesPrincipalQre() {
        ChainMemo memo = new ChainMemo();
        List<BranchPiece> before = null;
        Rational previous = null;
        for (Rational lambda : List.of(Rational.of(4), Rational.of(11, 2), Rational.of(27, 5), Rational.of(6),
            Rational.of(6))) {
            QreResult kept = QreSolver.solve(S_SHAPED, lambda, QreSolver.Options.digits(20).keeping(memo));
            QreResult fresh = QreSolver.solve(S_SHAPED, lambda, QreSolver.Options.digits(20));
            CheckReport replayed = CertificateChecker.check(kept.certificate());
            assertThat(replayed.valid()).as("λ = " + lambda + ": " + replayed.findings()).isTrue();
            assertThat(replayed.principal()).as("λ = " + lambda + ": the principal QRE, its chain replayed").isZero();
            assertThat(fresh.report().principal()).isZero();
            List<Rational> a = kept.qres().get(0).center();
            List<Rational> b = fresh.qres().get(0).center();
            for (int k = 0; k < a.size(); k++) {
                assertThat(a.get(k).subtract(b.get(k)).abs().doubleValue()).as("λ = " + lambda + ", coordinate " + k)
                    .isLessThan(1e-15);
            }
            List<BranchPiece> pieces = kept.certificate().branch().pieces();
            if (lambda.equals(previous)) {
                // the same λ again: the kept chain's pieces up to its last lead the new chain
                assertThat(pieces.subList(0, before.size() - 1)).isEqualTo(before.subList(0, before.size() - 1));
            }
            before = pieces;
            previous = lambda;
        }
    }

    /**
     * A 4×4 game with payoffs up to 10⁶ (GameGen seed 56): the principal chain ends near λ ≈ 6·10⁻⁴ by a BR-TAIL
     * claim, its end box holding probabilities of about e^(−400) by an absolute radius. Kept, it serves every larger
     * λ as it is — at 1 from the point at 1/10, at 1/2 from the one at 1/10 again — while a continuation from its end
     * stalled (the logarithm of such a box's midpoint is not finite) and each solve traced the chain afresh (a
     * gambit-logit path of 202 lines took 290 s to verify, 25 s with it kept): the certificate, replayed, tags the
     * principal QRE a solve without the memo certifies.
     */
    @Test
    void aChainEndedByATailClaimServesLargerLambdasAsItIs() {
        NormalFormGame huge = GameGen.shaped(new int[] {4, 4}, 1_000_000).generate(new SplittableRandom(56));
        ChainMemo memo = new ChainMemo();
        List<BranchPiece> first = null;
        for (Rational lambda : List.of(Rational.of(1, 10), Rational.ONE, Rational.of(1, 2))) {
            QreResult kept = QreSolver.solve(huge, lambda, QreSolver.Options.digits(20).keeping(memo));
            QreResult fresh = QreSolver.solve(huge, lambda, QreSolver.Options.digits(20));
            CheckReport replayed = CertificateChecker.check(kept.certificate());
            assertThat(replayed.valid()).as("λ = " + lambda + ": " + replayed.findings()).isTrue();
            assertThat(replayed.principal()).as("λ = " + lambda).isZero();
            assertThat(kept.certificate().branch().tail()).as("λ = " + lambda + ": ended by a tail claim").isNotNull();
            List<Rational> a = kept.qres().get(0).center();
            List<Rational> b = fresh.qres().get(fresh.report().principal()).center();
            for (int k = 0; k < a.size(); k++) {
                assertThat(a.get(k).subtract(b.get(k)).abs().doubleValue()).as("λ = " + lambda + ", coordinate " + k)
                    .isLessThan(1e-15);
            }
            List<BranchPiece> pieces = kept.certificate().branch().pieces();
            first = first == null ? pieces : first;
            assertThat(pieces).as("λ = " + lambda + ": the kept chain").isEqualTo(first);
        }
    }

    /**
     * The kept chain is the game's own: another game's solve traces its own chain from its anchor (pieces of the first
     * game's branch joined to it would not pass the checker's replay).
     */
    @Test
    void aMemoKeptForOneGameIsNotReusedForAnother() {
        ChainMemo memo = new ChainMemo();
        QreSolver.solve(S_SHAPED, Rational.of(4), QreSolver.Options.digits(20).keeping(memo));
        NormalFormGame other = GameGen.shaped(new int[] {3, 3, 3}, 5).generate(new SplittableRandom(21));
        QreResult r = QreSolver.solve(other, Rational.of(5), QreSolver.Options.digits(20).keeping(memo));
        CheckReport replayed = CertificateChecker.check(r.certificate());
        assertThat(replayed.valid()).as(replayed.findings().toString()).isTrue();
        assertThat(replayed.principal()).isZero();
    }
}
