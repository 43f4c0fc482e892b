package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import org.equivariant.api.Equivariant;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

/**
 * Games where λ·|U| is large, so that the QREs' smallest probabilities lie far below the doubles' range (e^−10⁷ here):
 * payoffs of a million at λ = 10, and the McKelvey–McLennan game at λ = 2000. The double path's steps grow with μ, the
 * box centres hold such probabilities as 0, and the Newton starts from a certified centre take their logarithms by
 * the decimal exponent.
 */
class LargeExponentsTest {
    /** A 3×3 game with payoffs up to a million: at λ = 10 the principal QRE is its strict equilibrium (1, 2). */
    private static final NormalFormGame MILLION = NfgReader.read("million.nfg", "NFG 1 R \"million\" { \"1\" \"2\" } "
        + "{ 3 3 }\n1000000 300000 0 700000 200000 0 900000 1000000 400000 100000 600000 800000 50000 950000 120000 "
        + "330000 770000 10000\n");

    /** The double path reaches μ = λ·max|U| = 10⁷ (its steps grow with μ; capped at 10, 200 000 did not suffice). */
    @Test
    void theDoublePathReachesAMillionTimesTen() {
        LogitPath path = new LogitPath(MILLION);
        ContinuationPath.Result r = path.trace(path.toX(path.n, 10), 200_000);
        assertThat(r.status()).isEqualTo(ContinuationPath.Status.REACHED);
        assertThat(r.steps()).isLessThan(2_000);
    }

    /**
     * The certified QRE at λ = 10 is the strict equilibrium where player 1 plays its first action and player 2 its
     * second — each a best response with a margin of at least 5·10⁴, checked here on the payoffs themselves — within
     * its box; before, the box's centre held e^−10⁷-sized probabilities as rationals of millions of digits and the
     * test of the box did not end.
     */
    @Test
    void payoffsOfAMillionAtLambdaTen() {
        List<RationalTensor> u = MILLION.payoffs();
        for (int a : new int[] {1, 2}) {
            assertThat(u.get(0).get(0, 1).subtract(u.get(0).get(a, 1))).isGreaterThanOrEqualTo(Rational.of(50_000));
        }
        for (int b : new int[] {0, 2}) {
            assertThat(u.get(1).get(0, 1).subtract(u.get(1).get(0, b))).isGreaterThanOrEqualTo(Rational.of(50_000));
        }
        QreResult r = QreSolver.solve(MILLION, Rational.of(10), QreSolver.Options.digits(30));
        assertThat(r.principal().state()).isNotEqualTo(PrincipalBranch.State.NOT_TRACED);
        assertThat(r.qres()).hasSize(1);
        assertTheTailsQreIs(r, new int[] {1, 0, 0, 0, 1, 0});
    }

    /**
     * The principal QRE is the first, its box holds the pure profile {@code pure} (probabilities), and the certificate
     * — a chain that ends by a BR-TAIL claim, past which the chain to λ stopped at the 62-bit limit — passes the
     * checker's full replay.
     */
    private static void assertTheTailsQreIs(QreResult r, int[] pure) {
        assertThat(r.principalIndex()).isZero();
        assertThat(r.certificate().branch().tail()).isNotNull();
        assertThat(org.equivariant.certificate.CertificateChecker.check(r.certificate()).principal()).isZero();
        List<Interval> box = r.qres().get(0).enclosure();
        for (int k = 0; k < pure.length; k++) {
            assertThat(box.get(k).contains(BigDecimal.valueOf(pure[k]))).as("coordinate %d", k).isTrue();
        }
    }

    /**
     * A 2×2 game with payoffs up to a million at λ = 2: its chain to λ stopped at λ ≈ 0.51 and the pure QRE was not
     * tagged principal; now the chain ends by BR-TAIL near the strict equilibrium (1, 1) — gambit-logit
     * 17.0.0-alpha.2's answer too ({@code gambit-logit -q -S -d 10 -l 2}: 2,1,0,1,0), an independent path follower.
     * Without the tail the principal index is −1.
     */
    @Test
    void aMillionTimesTwoEndsByTheTail() {
        NormalFormGame game = NfgReader.read("big.nfg", "NFG 1 R \"big payoffs\" { \"P1\" \"P2\" } { 2 2 }\n"
            + "1000000 300000 0 700000 200000 0 900000 1000000\n");
        assertTheTailsQreIs(QreSolver.solve(game, Rational.of(2), QreSolver.Options.digits(30)),
            new int[] {1, 0, 1, 0});
    }

    /**
     * The McKelvey–McLennan game at λ = 2000: the reduced game's certified QRE, whose smallest probability is below
     * the doubles' range, starts the pinned route (before: "internal error … NumberFormatException"); its QRE with
     * players 1 and 2 uniform is principal and player 3 plays its first action.
     */
    @Test
    void theMcKelveyMcLennanGameAtLambda2000() {
        QreResult r = QreSolver.solve(Equivariant.game("bundled:2x2x2"), Rational.of(2000),
            QreSolver.Options.digits(20));
        assertThat(r.qres()).hasSize(3);
        assertThat(r.principalIndex()).isZero();
        List<Interval> box = r.qres().get(0).enclosure();
        for (int k = 0; k < 4; k++) {
            assertThat(box.get(k).contains(new BigDecimal("0.5"))).as("coordinate %d", k).isTrue();
        }
        assertThat(box.get(4).contains(BigDecimal.ONE)).isTrue();
    }

    /**
     * A symmetric 3×3×3 game at λ = 50, where the chain stops at a pitchfork and the one-state Markov reading's
     * certified QRE, whose smallest probability is below the doubles' range, starts the principal QRE's Newton steps
     * (before: "internal error … NumberFormatException"): that QRE is certified principal, and symmetric — every
     * player's box meets the others'.
     */
    @Test
    void aSymmetricGameAtLambdaFifty() {
        NormalFormGame game = NfgReader.read("sym333.nfg", "NFG 1 R \"sym 3 3 3\" { \"P1\" \"P2\" \"P3\" } { 3 3 3 }\n"
            + "-2 -2 -2 9 9 9 -2 8 8 9 9 9 -7 -7 -5 -3 -9 2 8 -2 8 -9 -3 2 6 6 6 9 9 9 -7 -5 -7 -3 2 -9 -5 -7 -7 6 6 "
            + "6 8 -1 -1 2 -3 -9 -1 8 -1 8 8 8 8 8 -2 -9 2 -3 6 6 6 2 -9 -3 -1 -1 8 8 8 8 6 6 6 8 8 8 6 6 6\n");
        QreResult r = QreSolver.solve(game, Rational.of(50), QreSolver.Options.digits(20));
        assertThat(r.principalIndex()).isNotNegative();
        List<Interval> box = r.qres().get(r.principalIndex()).enclosure();
        for (int a = 0; a < 3; a++) {
            for (int i = 1; i < 3; i++) {
                assertThat(box.get(3 * i + a).isDisjointFrom(box.get(a))).as("player %d, action %d", i + 1, a + 1)
                    .isFalse();
            }
        }
    }

    /**
     * A 3×2 game with payoffs to 10⁴ at λ = 10⁶ (s = λ·max|U| ≈ 8.5·10⁹): its branch tends to the mixed equilibrium
     * p = (0, 1217/13574, 12357/13574), q = (4042/16521, 12479/16521) — each player's two support actions earn the same
     * against the other's mixture, worked out here from the payoffs — and the chain ends by MIX-TAIL; the QRE box at λ
     * itself failed (at w = digits + 20 the centre's residual times R, whose entries reach s where a player's support
     * has two actions, exceeded the radius, and the 62-bit Jacobian's error alone exceeded 1), and now passes with more
     * working digits and the checker's decimal repeat of the test. The QRE lies within 10⁻⁹ of the equilibrium and
     * agrees with `gambit-logit -q -e -d 12 -l 1000000` (17.0.0-alpha.2): 0.0896566965429, 0.244658313802.
     */
    @Test
    void aMixedLimitAtLambdaAMillion() {
        NormalFormGame g = NfgReader.read("mixed.nfg", "NFG 1 R \"mixed\" { \"1\" \"2\" } { 3 2 }\n"
            + "-957 8318 -4007 5361 8472 2857 2439 -3650 3851 -6996 -191 4074\n");
        QreResult r = atAMillion(g);
        assertThat(r.principal().state()).as(r.principal().detail()).isEqualTo(PrincipalBranch.State.CERTIFIED);
        assertThat(r.principal().detail()).contains("(MIX-TAIL)");
        assertThat(r.principalIndex()).isZero();
        double[] limit = {0, 1217.0 / 13574, 12357.0 / 13574, 4042.0 / 16521, 12479.0 / 16521};
        double[] gambit = {0, 0.0896566965429, 0.910343303457, 0.244658313802, 0.755341686198};
        List<Interval> box = r.qres().get(0).enclosure();
        for (int k = 0; k < limit.length; k++) {
            assertThat(box.get(k).width().doubleValue()).as("coordinate %d's width", k).isLessThan(1e-20);
            assertThat(box.get(k).mid().doubleValue()).as("coordinate %d", k).isCloseTo(limit[k], within(1e-9))
                .isCloseTo(gambit[k], within(1e-12));
        }
        assertThat(org.equivariant.certificate.CertificateChecker.check(r.certificate()).principal()).isZero();
        // negative control: the box moved by ten radii along player 2's first coordinate fails both the 62-bit test
        // and its decimal repeat
        org.equivariant.certificate.QreCertificate c = r.certificate();
        org.equivariant.certificate.QreCertificate.Box b = c.boxes().get(0);
        List<Rational> moved = new java.util.ArrayList<>(b.center());
        moved.set(3, moved.get(3).add(b.radius().multiply(Rational.of(10))));
        assertThat(org.equivariant.certificate.CertificateChecker.verifyBox(g.payoffs(), Rational.of(1_000_000),
            c.digits(), b)).isNotNull();
        assertThat(org.equivariant.certificate.CertificateChecker.verifyBox(g.payoffs(), Rational.of(1_000_000),
            c.digits(), new org.equivariant.certificate.QreCertificate.Box(moved, b.radius(), b.preconditioner())))
            .isNull();
    }

    /**
     * A one-action player against a two-action one whose payoffs differ by 8367, at λ = 10⁶: the second action's
     * log-probability, about −8.4·10⁹, lies below BigDecimal's range, and the refinement's exponential failed (an
     * internal error, "Overflow"); the natural-parameter continuation of the unique QRE (κ = 0, UNIQ-H) also failed
     * there. The QRE — the first action with probability 1 − e^(−8.4·10⁹) — is certified.
     */
    @Test
    void aGapOfEightThousandAtLambdaAMillion() {
        QreResult r = atAMillion(NfgReader.read("gap.nfg", "NFG 1 R \"gap\" { \"1\" \"2\" } { 1 2 }\n"
            + "4176 1493 2547 -6874\n"));
        assertThat(r.principalIndex()).isZero();
        List<Interval> box = r.qres().get(0).enclosure();
        assertThat(box.get(1).lo().doubleValue()).isGreaterThan(1 - 1e-10);
        assertThat(box.get(2).hi().doubleValue()).isLessThan(1e-10);
        assertThat(org.equivariant.certificate.CertificateChecker.check(r.certificate()).unique()).isTrue();
    }

    /**
     * A game where only the third player moves (four actions, payoffs −31/9, 29/14, −38/17, −27/16), at λ = 10⁶: the
     * QRE is unique (κ = 0, UNIQ-H), and the natural-parameter continuation that gives its start failed (λ·|U| ≈ 4·10⁶:
     * "no QRE could be certified"); the branch tracer's double path now gives it. The QRE is the second action, the
     * others below e^(−10⁶).
     */
    @Test
    void aUniqueQreAtLambdaAMillionStartsFromTheDoublePath() {
        QreResult r = atAMillion(NfgReader.read("third.nfg", "NFG 1 R \"third\" { \"1\" \"2\" \"3\" } { 1 1 4 }\n"
            + "-23/13 -11/10 -31/9 -2/8 -35/9 29/14 -12/13 12/8 -38/17 10/15 -21/16 -27/16\n"));
        assertThat(r.verdict()).isEqualTo(Verdict.UNIQUE);
        assertThat(r.principalIndex()).isZero();
        List<Interval> box = r.qres().get(0).enclosure();
        assertThat(box.get(3).lo().doubleValue()).isGreaterThan(1 - 1e-10);
        for (int k : new int[] {2, 4, 5}) {
            assertThat(box.get(k).hi().doubleValue()).as("coordinate %d", k).isLessThan(1e-10);
        }
    }

    /** {@code solve} of a game at λ = 10⁶ to 10 digits. */
    private static QreResult atAMillion(NormalFormGame g) {
        return QreSolver.solve(g, Rational.of(1_000_000), QreSolver.Options.digits(10));
    }

    /** The bench's random 10×10 game (`bench --games random-10x10`: the same name, hence the same seed). */
    private static final NormalFormGame BENCH_10X10 = org.equivariant.gen.GameGen.shaped(new int[] {10, 10}, 5)
        .generate(new java.util.SplittableRandom("random-10x10".hashCode()));

    /**
     * At λ = 1000 (μ = 5000) the double path's Newton steps met thresholds fixed for μ ≤ 100 nowhere past λ ≈ 612, so
     * the path stalled there and `solve` certified no QRE; with the thresholds grown with μ the principal chain reaches
     * λ, and with 6 digits the box is drawn smaller than 10⁻⁹ (which failed). The QRE is gambit-logit's: its last line
     * for `gambit-logit -q -d 6 -l 1000` (17.0.0-alpha.2) on this game, an independent solver, to its 6 digits.
     */
    @Test
    void theBenchs10x10AtLambda1000() {
        LogitPath path = new LogitPath(BENCH_10X10);
        assertThat(path.trace(path.toX(path.n, 1000), 200_000).status()).isEqualTo(ContinuationPath.Status.REACHED);
        QreResult r = QreSolver.solve(BENCH_10X10, Rational.of(1000), QreSolver.Options.digits(6));
        assertThat(r.principal().state()).isEqualTo(PrincipalBranch.State.CERTIFIED);
        assertThat(r.principalIndex()).isZero();
        double[] gambit = {0, 0, 0.652863, 0, 0.0556935, 0, 0.112522, 0.0663992, 0, 0.112522, 1.07871e-311, 0,
            1.51205e-231, 0, 0, 0, 0.999648, 0, 0.000351643, 0};
        List<Interval> box = r.qres().get(0).enclosure();
        for (int k = 0; k < gambit.length; k++) {
            assertThat(box.get(k).mid().doubleValue()).as("coordinate %d", k).isCloseTo(gambit[k], within(1e-6));
        }
    }

    @Test
    void negligibleNumbersAreZero() {
        assertThat(QreSolver.negligibleAsZero(new BigDecimal("-2.5e-1001"), 15)).isEqualTo(Rational.ZERO);
        assertThat(QreSolver.negligibleAsZero(new BigDecimal("1.23456789e-999"), 3))
            .isEqualTo(Rational.parse("1.23e-999"));
    }

    @Test
    void logarithmsBelowTheDoublesRange() {
        assertThat(QreSolver.logOf(new BigDecimal("0.25"))).isCloseTo(Math.log(0.25), within(1e-15));
        assertThat(QreSolver.logOf(new BigDecimal("3e-400"))).isCloseTo(Math.log(3) - 400 * Math.log(10),
            within(1e-9));
        assertThat(QreSolver.logOf(new BigDecimal("1e-5000000"))).isCloseTo(-5e6 * Math.log(10), within(1e-3));
        assertThat(QreSolver.logOf(BigDecimal.ZERO)).isEqualTo(-1000 * Math.log(10));
    }
}
