package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.TestData;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.arith.RationalTensor;
import org.equivariant.equilibrium.PrincipalBranch;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

/**
 * PIN-SUB on the McKelvey–McLennan 2×2×2 game, worked out by hand. With p, q, r the probabilities of the first actions
 * of players 1, 2, 3, player 1's payoff difference (action 1 − action 2) is (2q − 1)(12r − 3) and player 2's is
 * (2p − 1)(12r − 4): both vanish when the other plays ½, so players 1 and 2 are pinned, and player 3 alone is left
 * with payoffs (12 + 0 + 0 + 2)/4 = 7/2 and (0 + 6 + 6 + 0)/4 = 3. Linearizing the logits at p = q = ½,
 * δp = (λ/4)·(difference), gives the transverse block [[0, a], [b, 0]] on (p − ½, q − ½) with a = λ(12r − 3)/2 and
 * b = λ(12r − 4)/2, so det(I − L) = 1 − λ²(12r − 3)(12r − 4)/4; along the branch r = 1/(1 + e^{−λ/2}), and the
 * singular point is the root of that expression, λ* ≈ 0.5967551493828925 (bisection below, in double).
 */
public class PinnedPlayersTest {
    static final NormalFormGame GAME = NfgReader.read(TestData.bundledDirectory().resolve("2x2x2.nfg"));
    static final QreResult AT_TWO = QreSolver.solve(GAME, Rational.of(2), QreSolver.Options.digits(30));

    @Test
    void playersOneAndTwoArePinnedAndPlayerThreeIsLeftWithTheAverages() {
        assertThat(PinnedPlayers.largest(GAME.payoffs())).containsExactly(0, 1);
        assertThat(PinnedPlayers.problem(GAME.payoffs(), List.of(0, 1))).isNull();
        List<RationalTensor> reduced = PinnedPlayers.reduced(GAME.payoffs(), List.of(0, 1));
        assertThat(reduced).hasSize(1);
        assertThat(reduced.get(0).dims()).containsExactly(2);
        assertThat(reduced.get(0).data()).containsExactly(Rational.of(7, 2), Rational.of(3));
    }

    @Test
    void aPlayerWhosePayoffDependsOnItsOwnActionIsNotPinned() {
        // alone, player 1 is not averaged over anyone: 9 against 0 when players 2 and 3 play their first actions
        assertThat(PinnedPlayers.problem(GAME.payoffs(), List.of(0))).isEqualTo("player 1's payoff, averaged over "
            + "the others of players 1 playing uniformly, is 9 for its action 1 but 0 for its action 2 when the "
            + "players outside play player 2 action 1, player 3 action 1");
        assertThat(PinnedPlayers.problem(GAME.payoffs(), List.of(0, 0))).isEqualTo("player 1 is listed twice");
        assertThat(PinnedPlayers.problem(GAME.payoffs(), List.of(3))).contains("not a player");
        // u₁(1, 1, 1) = 10 instead of 9: at r = 1 player 1's averages are 5 and 9/2, so nobody is pinned any more
        List<RationalTensor> edited = new ArrayList<>(GAME.payoffs());
        List<Rational> data = new ArrayList<>(edited.get(0).data());
        data.set(0, Rational.of(10));
        edited.set(0, new RationalTensor(GAME.dims(), data));
        assertThat(PinnedPlayers.largest(edited)).isEmpty();
        assertThat(PinnedPlayers.problem(edited, List.of(0, 1))).contains("is 5 for its action 1 but 9/2");
    }

    @Test
    void aViolationAfterTheFirstContingencyIsFound() {
        // u₁(1, 2, 2) = 4 instead of 3: with player 2 uniform and player 3 at its second action, player 1's averages
        // are (0 + 4)/2 = 2 and (3 + 0)/2 = 3/2 — a violation only at the last contingency of players 2 and 3
        List<RationalTensor> edited = new ArrayList<>(GAME.payoffs());
        List<Rational> data = new ArrayList<>(edited.get(0).data());
        data.set(6, Rational.of(4));
        edited.set(0, new RationalTensor(GAME.dims(), data));
        assertThat(PinnedPlayers.problem(edited, List.of(0, 1))).isEqualTo("player 1's payoff, averaged over the "
            + "others of players 1, 2 playing uniformly, is 2 for its action 1 but 3/2 for its action 2 when the "
            + "players outside play player 3 action 2");
    }

    /**
     * A game planted here with players 1 (three actions) and 2 (two) pinned — u_i = x_i − (average of x_i over the
     * other's actions) + (average over both), x random integers — and player 3 free: the transverse block of the
     * library is the block on players 1 and 2 of I minus the Jacobian of the logit response, which this test takes by
     * central differences of its own softmax of the payoffs, at the profile (uniform, z).
     */
    @Test
    void theTransverseBlockIsTheJacobianOfTheLogitResponse() {
        int[] dims = {3, 2, 2};
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        double[][] x = new double[3][12];
        for (double[] t : x) {
            for (int c = 0; c < 12; c++) {
                t[c] = rnd.nextInt(-5, 6);
            }
        }
        // six times the planted payoffs, in integers: 6u₁ = 6x₁ − 3(sum over b) + (sum over a, b), 6u₂ = 6x₂ −
        // 2(sum over a) + (sum over a, b), so the pinning equalities hold exactly
        double[][] u = new double[3][12];
        for (int c = 0; c < 12; c++) {
            int a = c % 3;
            int b = c / 3 % 2;
            int e = c / 6;
            double overB = x[0][a + 6 * e] + x[0][a + 3 + 6 * e];
            double overA = 0;
            double all0 = 0;
            double all1 = 0;
            for (int a2 = 0; a2 < 3; a2++) {
                overA += x[1][a2 + 3 * b + 6 * e];
                all0 += x[0][a2 + 6 * e] + x[0][a2 + 3 + 6 * e];
                all1 += x[1][a2 + 6 * e] + x[1][a2 + 3 + 6 * e];
            }
            u[0][c] = 6 * x[0][c] - 3 * overB + all0;
            u[1][c] = 6 * x[1][c] - 2 * overA + all1;
            u[2][c] = x[2][c];
        }
        List<RationalTensor> payoffs = new ArrayList<>();
        for (double[] t : u) {
            List<Rational> data = new ArrayList<>();
            for (double v : t) {
                data.add(Rational.ofDouble(v, 53));
            }
            payoffs.add(new RationalTensor(dims, data));
        }
        assertThat(PinnedPlayers.problem(payoffs, List.of(0, 1))).isNull();
        assertThat(PinnedPlayers.largest(payoffs)).containsExactly(0, 1);
        double lambda = 0.07;
        double[] z = {0.3, 0.7};
        List<List<Double>> library = PinnedPlayers.transverse(org.equivariant.arith.DoubleField.INSTANCE, payoffs,
            List.of(0, 1), lambda, List.of(List.of(z[0], z[1])));
        double[] sigma = {1 / 3.0, 1 / 3.0, 1 / 3.0, 0.5, 0.5, z[0], z[1]};
        for (int col = 0; col < 5; col++) {
            double h = 1e-6;
            double[] up = sigma.clone();
            double[] down = sigma.clone();
            up[col] += h;
            down[col] -= h;
            double[] ru = response(u, dims, up, lambda);
            double[] rd = response(u, dims, down, lambda);
            for (int row = 0; row < 5; row++) {
                double expected = (row == col ? 1 : 0) - (ru[row] - rd[row]) / (2 * h);
                assertThat(library.get(row).get(col)).as("entry (%d, %d)", row, col).isCloseTo(expected,
                    org.assertj.core.data.Offset.offset(1e-7));
            }
        }
    }

    /** The logit response of players 1 and 2 (flat, 3 + 2 entries) to σ, by summing over pure profiles. */
    private static double[] response(double[][] u, int[] dims, double[] sigma, double lambda) {
        int[] offset = {0, 3, 5};
        double[] out = new double[5];
        for (int i = 0; i < 2; i++) {
            double[] v = new double[dims[i]];
            for (int c = 0; c < 12; c++) {
                int[] a = {c % 3, c / 3 % 2, c / 6};
                double w = 1;
                for (int j = 0; j < 3; j++) {
                    if (j != i) {
                        w *= sigma[offset[j] + a[j]];
                    }
                }
                v[a[i]] += w * u[i][c];
            }
            double sum = 0;
            for (double t : v) {
                sum += Math.exp(lambda * t);
            }
            for (int k = 0; k < dims[i]; k++) {
                out[offset[i] + k] = Math.exp(lambda * v[k]) / sum;
            }
        }
        return out;
    }

    /** det(I − L) = 1 − λ²(12r − 3)(12r − 4)/4 (class comment), and two entries of −L. */
    @Test
    void theTransverseMatrixIsTheOneDerivedByHand() {
        RationalField f = RationalField.INSTANCE;
        List<List<Rational>> m = PinnedPlayers.transverse(f, GAME.payoffs(), List.of(0, 1), Rational.ONE,
            List.of(List.of(Rational.of(1, 2), Rational.of(1, 2))));
        assertThat(m.get(0).get(2)).isEqualTo(Rational.of(-3, 4)); // −λ(12r − 3)/4
        assertThat(m.get(2).get(0)).isEqualTo(Rational.of(-1, 2)); // −λ(12r − 4)/4
        assertThat(m.get(0).get(0)).isEqualTo(Rational.ONE);
        assertThat(m.get(0).get(1)).isEqualTo(Rational.ZERO);
        assertThat(LinearAlgebra.determinant(f, m)).isEqualTo(Rational.of(-1, 2));
        List<List<Rational>> m2 = PinnedPlayers.transverse(f, GAME.payoffs(), List.of(0, 1), Rational.of(1, 2),
            List.of(List.of(Rational.of(3, 4), Rational.of(1, 4))));
        assertThat(LinearAlgebra.determinant(f, m2)).isEqualTo(Rational.of(-7, 8));
    }

    @Test
    void theSignIsProvedOnlyWhereTheIntervalDeterminantExcludesZero() {
        List<Interval> half = List.of(Interval.of(Rational.of(1, 2), 20), Interval.of(Rational.of(1, 2), 20));
        // 1 − (1/4)·3·2/4 = 5/8 and 1 − 3·2/4 = −1/2
        assertThat(PinnedPlayers.transverseSign(GAME.payoffs(), List.of(0, 1), Interval.of(Rational.of(1, 2), 20),
            half)).isEqualTo(1);
        assertThat(PinnedPlayers.transverseSign(GAME.payoffs(), List.of(0, 1), Interval.ONE, half)).isEqualTo(-1);
        // r anywhere in [0.4, 0.6] at λ = 1: the determinant ranges over both signs
        List<Interval> wide = List.of(Interval.of(new java.math.BigDecimal("0.4"), new java.math.BigDecimal("0.6")),
            Interval.of(new java.math.BigDecimal("0.4"), new java.math.BigDecimal("0.6")));
        assertThat(PinnedPlayers.transverseSign(GAME.payoffs(), List.of(0, 1), Interval.of(Rational.of(3, 2), 20),
            wide)).isEqualTo(0);
    }

    /**
     * I₂ (u = identity for both players) pins both: the linearized logits are δx₁ = (λ/2)x₂ and δx₂ = (λ/2)x₁, so
     * det(I − L) = 1 − λ²/4 (I₂'s pitchfork at λ = 2, THR-EX), and at λ = 2 the dyadic elimination is exact, so the
     * determinant interval is [0, 0]: no sign is claimed.
     */
    @Test
    void aDeterminantThatIsExactlyZeroHasNoSign() {
        List<RationalTensor> coord = NfgReader.read("i2.nfg",
            "NFG 1 R \"I2\" { \"1\" \"2\" } { 2 2 }\n1 1 0 0 0 0 1 1\n").payoffs();
        assertThat(PinnedPlayers.largest(coord)).containsExactly(0, 1);
        assertThat(LinearAlgebra.determinant(RationalField.INSTANCE, PinnedPlayers.transverse(RationalField.INSTANCE,
            coord, List.of(0, 1), Rational.TWO, List.of()))).isEqualTo(Rational.ZERO);
        assertThat(PinnedPlayers.transverseSign(coord, List.of(0, 1), Interval.of(Rational.TWO, 20), List.of()))
            .isEqualTo(0);
        assertThat(PinnedPlayers.transverseSign(coord, List.of(0, 1), Interval.of(Rational.of(19, 10), 20),
            List.of())).isEqualTo(1);
        assertThat(PinnedPlayers.transverseSign(coord, List.of(0, 1), Interval.of(Rational.of(21, 10), 20),
            List.of())).isEqualTo(-1);
    }

    /** The root of 1 − λ²(12r − 3)(12r − 4)/4 with r = 1/(1 + e^{−λ/2}), by bisection in double. */
    public static double singularPointByHand() {
        double lo = 0.5;
        double hi = 0.7;
        for (int k = 0; k < 100; k++) {
            double m = (lo + hi) / 2;
            double r = 1 / (1 + Math.exp(-m / 2));
            if (1 - m * m * (12 * r - 3) * (12 * r - 4) / 4 > 0) {
                lo = m;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    @Test
    void solvePassesTheSingularPointAndEnclosesIt() {
        assertThat(AT_TWO.principal().state()).isEqualTo(PrincipalBranch.State.PINNED);
        assertThat(AT_TWO.principalIndex()).isEqualTo(0);
        List<Interval> qre = AT_TWO.qres().get(0).enclosure();
        assertThat(qre.get(0).contains(Rational.of(1, 2))).isTrue();
        assertThat(qre.get(2).contains(Rational.of(1, 2))).isTrue();
        // player 3 alone at λ = 2: e^{2·7/2}/(e^{2·7/2} + e^{2·3}) = 1/(1 + e^{−1})
        assertThat(qre.get(4).mid().doubleValue()).isCloseTo(1 / (1 + Math.exp(-1)), org.assertj.core.data.Offset
            .offset(1e-15));
        QreCertificate.PinnedBranch pb = AT_TWO.certificate().pinnedBranch();
        double star = singularPointByHand();
        assertThat(pb.below().lambda().doubleValue()).isLessThan(star).isGreaterThan(star - 1e-9);
        assertThat(pb.above().lambda().doubleValue()).isGreaterThan(star).isLessThan(star + 1e-9);
        // the full chain stopped below it
        assertThat(AT_TWO.principal().reached()).isLessThan(star);
        CheckReport replay = CertificateChecker.check(AT_TWO.certificate());
        assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
        assertThat(replay.principal()).isEqualTo(0);
        assertThat(replay.findings()).anyMatch(x -> x.startsWith("principal branch: players 1, 2 are pinned at the "
            + "uniform strategy") && x.contains("det(I − L) goes from positive to negative"));
        QreCertificate read = CertificateJson.read(CertificateJson.write(AT_TWO.certificate()));
        assertThat(read.pinnedBranch().players()).containsExactly(0, 1);
        assertThat(CertificateChecker.check(read).principal()).isEqualTo(0);
    }

    private static String refusal(QreCertificate.PinnedBranch tampered) {
        CheckReport r = CertificateChecker.check(AT_TWO.certificate().withPinnedBranch(tampered));
        assertThat(r.valid()).isFalse();
        assertThat(r.principal()).isEqualTo(-1);
        return r.findings().stream().filter(x -> x.startsWith("principal branch (pinned players): ")).findFirst()
            .orElseThrow();
    }

    @Test
    void aTamperedPinnedClaimIsRefused() {
        QreCertificate.PinnedBranch pb = AT_TWO.certificate().pinnedBranch();
        assertThat(refusal(new QreCertificate.PinnedBranch(0, List.of(0), pb.reduced(), null, null)))
            .contains("the players are not pinned: player 1's payoff");
        assertThat(refusal(new QreCertificate.PinnedBranch(0, List.of(), pb.reduced(), null, null)))
            .endsWith("it pins 0 of the 3 players; at least one and not all");
        assertThat(refusal(new QreCertificate.PinnedBranch(0, pb.players(), pb.below(), null, null)))
            .contains("the reduced certificate is at λ = ");
        assertThat(refusal(new QreCertificate.PinnedBranch(0, pb.players(), pb.reduced(), pb.above(), pb.below())))
            .contains("bracket").endsWith("is empty");
        assertThat(refusal(new QreCertificate.PinnedBranch(0, pb.players(), pb.reduced(), pb.below(), null)))
            .endsWith("needs both the certificate below it and the one above it");
        // both ends below the singular point: the signs agree
        QreCertificate earlier = QreSolver.solve(NormalFormGame.of("reduced", pb.reduced().payoffs()),
            Rational.of(1, 2), QreSolver.Options.digits(30)).certificate();
        assertThat(refusal(new QreCertificate.PinnedBranch(0, pb.players(), pb.reduced(), earlier, pb.below())))
            .contains("is not proved to change sign").contains("(signs 1 and 1");
        // the reduced game of another game: player 3's averages 7/2 and 3 swapped
        NormalFormGame swapped = NormalFormGame.of("swapped", List.of(new RationalTensor(new int[] {2}, List.of(
            Rational.of(3), Rational.of(7, 2)))));
        QreCertificate other = QreSolver.solve(swapped, Rational.of(2), QreSolver.Options.digits(30)).certificate();
        assertThat(refusal(new QreCertificate.PinnedBranch(0, pb.players(), other, null, null)))
            .contains("is not about the reduced game");
    }

    /**
     * PIN-SUB (5), second case: two pinned players of four (a seeded random 2 × 2 × 2 × 2 game planted as
     * PinSubProperty plants them), whose two-player reduced game is not proved unique at the singular point near
     * λ = 2.3497 (UNIQ-H ends at λ = 1/κ ≈ 0.948): the bracket rests on the last piece of the upper reduced
     * certificate's chain (its range λ ∈ [1.9546, 2.3497]), the arms leave the point from that piece, and the checker
     * accepts it; a lower certificate off that piece (the reduced QRE at λ = 3/2, on the chain's second piece) is
     * refused.
     */
    @Test
    void aBracketOnTheReducedChainIsAcceptedAndOneOffItRefused() {
        NormalFormGame g = org.equivariant.io.NfgReader.read("two.nfg", "NFG 1 R \"pinned\" { \"1\" \"2\" \"3\" "
            + "\"4\" } { 2 2 2 2 }\n"
            + "-3/8 43/8 7/2 -3 23/8 -25/8 -1/2 -5 -7/8 9/8 7/2 7/2 -33/8 9/8 -2 -1 "
            + "9/2 -7/4 9/2 -5 1 13/4 4 2 -1 11/4 -3 3 5/2 -5/4 4 1/2 "
            + "-1/8 17/4 5/2 5 -3/8 9/4 9/2 1 15/8 5/4 5 -3 17/8 21/4 -1/2 3/2 "
            + "7/4 -9/8 7/2 -3/2 -9/4 3/8 -7/2 -9/2 1/4 -39/8 -4 -5/2 17/4 33/8 3/2 4\n");
        QreResult r = QreSolver.solve(g, Rational.of(4), QreSolver.Options.digits(20));
        QreCertificate.PinnedBranch pb = r.certificate().pinnedBranch();
        assertThat(pb.below()).as(r.principal().detail()).isNotNull();
        assertThat(CertificateChecker.check(pb.above()).unique()).isFalse();
        assertThat(pb.leaving()).isNotNull();
        CheckReport accepted = CertificateChecker.check(r.certificate());
        assertThat(accepted.principal()).isEqualTo(r.principalIndex()).isNotNegative();
        assertThat(accepted.findings()).anyMatch(x -> x.contains("points of one arc, the last piece of the upper "
            + "certificate's chain"));
        QreCertificate off = QreSolver.solve(NormalFormGame.of("reduced", pb.reduced().payoffs()), Rational.of(3, 2),
            QreSolver.Options.digits(20)).certificate();
        CheckReport refused = CertificateChecker.check(r.certificate().withPinnedBranch(new QreCertificate
            .PinnedBranch(pb.qre(), pb.players(), pb.reduced(), off, pb.above(), pb.leaving())));
        assertThat(refused.principal()).as(String.join("\n", refused.findings())).isEqualTo(-1);
        assertThat(refused.findings()).anyMatch(x -> x.contains("the reduced QRE below the singular point is not on "
            + "the chain of the certificate above it"));
        // the upper certificate without its chain (valid, not unique): nothing puts the bracket on one curve
        CheckReport unchained = CertificateChecker.check(r.certificate().withPinnedBranch(new QreCertificate
            .PinnedBranch(pb.qre(), pb.players(), pb.reduced(), pb.below(), pb.above().withBranch(null),
            pb.leaving())));
        assertThat(unchained.principal()).isEqualTo(-1);
        assertThat(unchained.findings()).anyMatch(x -> x.contains("must be unique (UNIQ-H), or the upper one on its "
            + "certificate's chain"));
        // the arms' start: its reduced part (y, λ) in the tube of the upper chain's last piece, and not when moved off
        List<BranchPiece> pieces = pb.above().branch().pieces();
        BranchPiece last = pieces.get(pieces.size() - 1);
        int digits = pb.above().branch().digits();
        LeavingArc arc = new LeavingArc(r.certificate().payoffs(), pb.players(), pb.leaving().normal());
        List<Interval> start = arc.at(pb.leaving().up().get(0), Rational.ZERO);
        Rational above = pb.above().lambda();
        assertThat(CertificateChecker.armStartProblem(start, above, last, digits)).isNull();
        List<Interval> moved = new ArrayList<>(start);
        moved.set(start.size() - 2, start.get(start.size() - 2).add(Interval.point(new java.math.BigDecimal("0.01")),
            40));
        assertThat(CertificateChecker.armStartProblem(moved, above, last, digits)).contains("is not in the last piece");
        // under UNIQ-H's rule λ alone decides: [0, λ_above] closed at both ends
        assertThat(CertificateChecker.armStartProblem(start, above, null, 0)).isNull();
        assertThat(CertificateChecker.armStartProblem(withLambda(start, above), above, null, 0)).isNull();
        assertThat(CertificateChecker.armStartProblem(withLambda(start, Rational.ZERO), above, null, 0)).isNull();
        assertThat(CertificateChecker.armStartProblem(withLambda(start, above.add(Rational.of(1, 1000))), above,
            null, 0)).contains("not within [0, ");
        assertThat(CertificateChecker.armStartProblem(withLambda(start, Rational.of(-1, 1000)), above, null, 0))
            .contains("not within [0, ");
    }

    /** An enclosure with its last coordinate (λ) replaced by the point {@code lambda}. */
    private static List<Interval> withLambda(List<Interval> box, Rational lambda) {
        List<Interval> out = new ArrayList<>(box);
        out.set(box.size() - 1, Interval.of(lambda, 40));
        return out;
    }

    @Test
    void aPinnedClaimForAnotherQreIsRefused() {
        QreResult all = QreSolver.solve(GAME, Rational.of(2), QreSolver.Options.all(30));
        assertThat(all.qres()).hasSizeGreaterThan(1);
        QreCertificate.PinnedBranch pb = all.certificate().pinnedBranch();
        assertThat(CertificateChecker.check(all.certificate()).principal()).isEqualTo(pb.qre());
        int other = pb.qre() == 0 ? 1 : 0;
        CheckReport r = CertificateChecker.check(all.certificate().withPinnedBranch(new QreCertificate.PinnedBranch(
            other, pb.players(), pb.reduced(), pb.below(), pb.above())));
        assertThat(r.valid()).isFalse();
        assertThat(r.findings()).anyMatch(x -> x.startsWith("principal branch (pinned players): coordinate ")
            && x.endsWith("is not inside box " + (other + 1)));
    }
}
