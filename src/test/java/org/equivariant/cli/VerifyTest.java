package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.equivariant.TestData;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {
    /** A gambit-logit style line: λ with 6 decimals, probabilities with 6 significant digits (its -d 6 default). */
    static String gambitLine(Rational lambda, List<Rational> profile) {
        StringBuilder sb = new StringBuilder(lambda.toBigDecimal(new MathContext(20)).setScale(6, RoundingMode.HALF_EVEN)
            .toPlainString());
        for (Rational p : profile) {
            sb.append(',').append(p.toBigDecimal(new MathContext(6)).stripTrailingZeros().toPlainString());
        }
        return sb.toString();
    }

    /** {@code verify GAME --gambit-csv FILE OPTIONS}, FILE holding {@code lines}. */
    private static CliTest.Run verifyLines(Path dir, Path game, String lines, String... options) throws IOException {
        Path csv = dir.resolve("gambit.csv");
        Files.writeString(csv, lines);
        List<String> args = new java.util.ArrayList<>(List.of("verify", game.toString(), "--gambit-csv",
            csv.toString()));
        args.addAll(List.of(options));
        return CrosscheckTest.run(args.toArray(new String[0]));
    }

    /**
     * A symmetric four-player game, two actions each (payoffs from a script outside the repository, seed 56), whose
     * principal branch folds near λ ≈ 11.22 and 2.313: gambit-logit's path ({@code gambit-logit -q -d 12 -l 20}, Gambit
     * 17.0.0-alpha.2) rises to 11.22, falls back to 2.313 and rises to 20. Its lines past the first fold (λ = 9.55 and
     * 2.368, on the way down) agree with certified QREs — found from the claims themselves, which the random starts
     * missed — that a piece of the replayed chain toward λ = 20.4 holds: on the principal branch past a fold (they
     * once read "no certified QRE within 1/10000"); so is the third crossing of λ = 2.368 (QRE 10 of {@code solve
     * --all}, 12 digits). Negative controls: an asymmetric QRE at 2.368 (QRE 2 there), off the branch, which stays in
     * the symmetric profiles, is NOT the principal branch's; the lines before the fold and at 20, the principal QRE.
     */
    @Test
    void gambitsLinesPastAFoldLieOnThePrincipalBranch(@TempDir Path dir) throws IOException {
        Path game = Files.writeString(dir.resolve("sym4.nfg"), "NFG 1 R \"symmetric 4 players\" { \"P1\" \"P2\" "
            + "\"P3\" \"P4\" } { 2 2 2 2 }\n\n8 8 8 8 6 2 2 2 2 6 2 2 6 6 8 8 2 2 6 2 6 8 6 8 8 6 6 8 1 1 1 1 2 2 2 6 "
            + "6 8 8 6 8 6 8 6 1 1 1 1 8 8 6 6 1 1 1 1 1 1 1 1 3 3 3 3\n");
        String symmetric = "4.163228787582" + ",0.696712379728,0.303287619805".repeat(4) + "\n9.554480011257"
            + ",0.800777122771,0.199222877231".repeat(4) + "\n2.368362949209" + ",0.95500972585,0.0449902767181"
            .repeat(4) + "\n";
        String offBranch = "2.368362949209" + ",0.527321216608,0.472678783392".repeat(2)
            + ",0.777328306928,0.222671693072".repeat(2) + "\n";
        String third = "2.368362949209" + ",0.982465009323,0.017534990677".repeat(4) + "\n";
        String end = "20.400849595325" + ",1,1.90566777125e-18".repeat(4) + "\n20.000000000000"
            + ",1,4.24835425529e-18".repeat(4) + "\n";
        CliTest.Run r = verifyLines(dir, game, symmetric + offBranch + third + end);
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        String past = "it lies on the principal branch past a fold: piece ";
        assertThat(lines[0]).contains("it is the principal branch's QRE").doesNotContain(past);
        for (int k : new int[] {1, 2, 4}) {
            assertThat(lines[k]).as("line " + (k + 1)).contains(past).contains("of the chain certified from the "
                + "centroid toward lambda = 20.400849595325 (replayed by the checker) holds it (BR-CHAIN)");
        }
        assertThat(lines[3]).contains("it is NOT the principal branch's QRE at this lambda").doesNotContain(past);
        assertThat(lines[5]).contains("it is the principal branch's QRE");
        assertThat(lines[6]).contains("it is the principal branch's QRE");
        JsonNode rows = CertificateJson.mapper().readTree(verifyLines(dir, game, symmetric + offBranch + end,
            "--json").out()).get("claims");
        assertThat(rows.get(2).get("onPrincipalBranch").asBoolean()).isTrue();
        assertThat(rows.get(2).get("pastAFold").asBoolean()).isTrue();
        assertThat(rows.get(2).get("tracedPiece").asInt()).isPositive();
        assertThat(rows.get(3).get("onPrincipalBranch").asBoolean()).isFalse();
        assertThat(rows.get(3).has("pastAFold")).isFalse();
    }

    /**
     * A symmetric 4×4 game (B = Aᵀ, payoffs from a script outside the repository, seed 42) whose symmetric branch
     * meets a pitchfork near λ ≈ 5.2326 where the branches leaving it bend back, fold near λ ≈ 4.1 and rise again:
     * gambit-logit's path ({@code gambit-logit -q -d 12 -l 100}, Gambit 17.0.0-alpha.2) follows one of them, so its
     * lines at 5.2319 (down from the pitchfork) and 4.958 (up again past the fold) agree with QREs off the principal
     * QRE's continuation. The chain of the branch leaving the pitchfork toward the path's largest λ, 6.92 (SYM-PF, in
     * the certificate of {@code solve} there, replayed by the checker), holds them or their images under the swap of
     * the players: they lie on the principal branch's component. Negative control: without a line past the pitchfork
     * no chain leaves it, and the same QREs are only NOT the principal branch's at their λ.
     */
    @Test
    void gambitsLinesOnABranchBendingBackFromAPitchforkLieOnThePrincipalComponent(@TempDir Path dir)
        throws IOException {
        Path game = Files.writeString(dir.resolve("sym42.nfg"), "NFG 1 R \"sym 42\" { \"P1\" \"P2\" } { 4 4 }\n\n"
            + "0 0 4 5 2 3 2 0 5 4 5 5 2 7 5 5 3 2 7 2 2 2 7 4 0 2 5 5 4 7 4 4\n");
        String principal = "5.164780712353,0.0019537569808,0.768258474502,1.55457913685e-06,0.229786213996,"
            + "0.0019537569808,0.768258474501,1.55457913685e-06,0.229786213996\n";
        String down = "5.231893170515,0.00164638625258,0.775035922609,1.37707639077e-06,0.223316214063,"
            + "0.00214396223429,0.764309025755,1.2169916908e-06,0.23354579502\n";
        String pastTheFold = "4.958460937277,0.000191650936981,0.857401451172,8.09798892776e-06,"
            + "0.142398799815,0.0191728206686,0.657108998994,9.35429158484e-07,0.323717245176\n";
        String past = "6.921453210626,1.0810292775e-09,0.99892583425,9.55234373328e-07,0.0010732094327,"
            + "0.325939671679,0.338281919426,3.29517332781e-10,0.335778408906\n";
        String leaving = "it lies on a branch leaving the singular point near lambda = 5.23260: piece ";
        String[] lines = verifyLines(dir, game, down + pastTheFold + past).out().split("\n");
        for (int k = 0; k <= 1; k++) {
            assertThat(lines[k]).as("line " + (k + 1)).contains(leaving).contains(" of that branch's chain certified "
                + "toward lambda = 6.921453210626 (replayed by the checker) holds ").contains("(SYM-PF), so on the "
                + "principal branch's component, though not on the continuation through the profiles the symmetry "
                + "fixes (QRE 1)");
        }
        assertThat(lines[2]).contains("(certified, SYM-PF)").doesNotContain(leaving);
        JsonNode rows = CertificateJson.mapper().readTree(verifyLines(dir, game, down + pastTheFold + past,
            "--json").out()).get("claims");
        assertThat(rows.get(0).get("onPrincipalBranch").asBoolean()).isFalse();
        assertThat(rows.get(0).get("leavingBranch").asBoolean()).isTrue();
        assertThat(rows.get(0).get("tracedChain").asText()).isEqualTo("SYM-PF");
        assertThat(rows.get(0).get("tracedPiece").asInt()).isPositive();
        assertThat(rows.get(0).has("pastAFold")).isFalse();
        assertThat(rows.get(1).get("tracedChain").asText()).isEqualTo("SYM-PF");
        String[] control = verifyLines(dir, game, principal + pastTheFold + down).out().split("\n");
        for (int k = 1; k <= 2; k++) {
            assertThat(control[k]).as("control line " + (k + 1)).contains("it is NOT the principal branch's QRE at "
                + "this lambda").doesNotContain(leaving);
        }
    }

    /**
     * A random 2×2×2 game (payoffs from a script outside the repository, seed 28) whose principal branch turns back at
     * λ ≈ 0.17997067733 (an independent 50-digit Newton on F = 0, det ∂F/∂σ = 0, mpmath, outside the repository):
     * gambit-logit's path ({@code gambit-logit -q -d 12 -l 10}, Gambit 17.0.0-alpha.2) steps 3·10⁻⁸ below that λ,
     * where its point (residual 8.7·10⁻⁸) is no QRE: the branch-and-bound, replayed by the checker, proves exactly one
     * QRE there, 0.19 away — the line DISAGREES, and the exit code is 1. Negative control: its next line, at λ ≈ 0.181,
     * agrees with a certified QRE, and no branch-and-bound runs for it.
     */
    @Test
    void aGambitLineBelowAFoldsTipIsProvedWrongByTheBranchAndBound(@TempDir Path dir) throws IOException {
        Path game = Files.writeString(dir.resolve("c222.nfg"), "NFG 1 R \"random 2x2x2\" { \"P1\" \"P2\" \"P3\" } "
            + "{ 2 2 2 }\n\n69 23 19 95 27 44 39 64 14 40 24 81 30 28 52 42 99 16 30 23 66 58 88 21\n");
        String belowTheTip = "0.179970646726,0.146436202747,0.853563706995,0.350876787768,"
            + "0.649123290096,0.998162383883,0.00183761644078\n";
        String next = "0.181007288809,0.123673997661,0.876325908359,0.392072669608,"
            + "0.607927326565,0.998542918823,0.001457081172\n";
        CliTest.Run r = verifyLines(dir, game, belowTheTip + next, "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode rows = CertificateJson.mapper().readTree(r.out()).get("claims");
        assertThat(rows.get(0).get("outcome").asText()).isEqualTo("NO_QRE_NEAR");
        assertThat(rows.get(0).get("branchAndBound").get("qres").asInt()).isEqualTo(1);
        assertThat(rows.get(1).get("outcome").asText()).isEqualTo("AGREES_WITH_ONE_OF_SEVERAL");
        assertThat(rows.get(1).has("branchAndBound")).isFalse();
        CliTest.Run text = verifyLines(dir, game, belowTheTip);
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("DISAGREES: no QRE within 1/10000: the branch-and-bound (replayed by the "
            + "checker) proves exactly 1 QRE in the whole policy space (").contains("the nearest at distance >= 0.1");
        assertThat(verifyLines(dir, game, next).code()).isZero();
    }

    /**
     * A 3×4 game (5 free probabilities, more than the branch-and-bound's default reach of 4) at λ = 1, where τ = 1 lies
     * below κ ≈ 1.87 (uniqueness not proved): with {@code --enumerate} the branch-and-bound runs on it too, as
     * {@code solve --enumerate} does on any game. A pure profile is then proved wrong (exactly one QRE) and the certified
     * QRE's line agrees with the unique QRE. Checked independently: at λ every QRE gives each of player 1's three actions
     * probability at least 1/(1 + 2e^{λΔ}), Δ the spread of player 1's payoffs, so the pure profile lies at least twice
     * that (0.0067) from every QRE. Negative control: without {@code --enumerate}, both lines stay undecided as before.
     * With five boxes the branch-and-bound leaves boxes undecided, but they hold every QRE and lie far from the pure
     * profile, which is still proved wrong.
     */
    @Test
    void withEnumerateTheBranchAndBoundDecidesLinesOnLargerGamesToo(@TempDir Path dir) throws IOException {
        int[] payoffs = {3, 1, 0, 2, 5, 0, 1, 4, 2, 2, 0, 3, 4, 0, 1, 1, 2, 5, 0, 3, 3, 1, 2, 0};
        StringBuilder text = new StringBuilder("NFG 1 R \"3x4\" { \"P1\" \"P2\" } { 3 4 }\n\n");
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int k = 0; k < payoffs.length; k++) {
            text.append(payoffs[k]).append(' ');
            if (k % 2 == 0) { // player 1's payoff of each profile
                lo = Math.min(lo, payoffs[k]);
                hi = Math.max(hi, payoffs[k]);
            }
        }
        Path game = Files.writeString(dir.resolve("g34.nfg"), text.append('\n').toString());
        double floor = 1 / (1 + 2 * Math.exp(1.0 * (hi - lo)));
        assertThat(2 * floor).isGreaterThan(1e-3); // the pure profile's distance from every QRE, against 1/10000
        String pure = "1.0,1,0,0,1,0,0,0\n";
        String qre = "1.0,0.342953108861,0.430014614294,0.227032276845,0.108028588603,0.597259718704,0.155180594183,"
            + "0.139531098510\n";
        CliTest.Run plain = verifyLines(dir, game, pure + qre, "--json");
        assertThat(plain.code()).as(plain.err()).isZero();
        JsonNode before = CertificateJson.mapper().readTree(plain.out()).get("claims");
        assertThat(before.get(0).get("outcome").asText()).isEqualTo("NO_CERTIFIED_QRE_NEAR");
        assertThat(before.get(1).get("outcome").asText()).isEqualTo("AGREES_WITH_ONE_OF_SEVERAL");
        assertThat(before.get(1).get("verdict").asText()).isEqualTo("UNDECIDED");
        CliTest.Run counted = verifyLines(dir, game, pure + qre, "--enumerate", "--json");
        assertThat(counted.code()).as(counted.err()).isEqualTo(1);
        JsonNode rows = CertificateJson.mapper().readTree(counted.out()).get("claims");
        assertThat(rows.get(0).get("outcome").asText()).isEqualTo("NO_QRE_NEAR");
        assertThat(rows.get(0).get("branchAndBound").get("qres").asInt()).isEqualTo(1);
        assertThat(new java.math.BigDecimal(rows.get(0).get("branchAndBound").get("distanceLower").asText())
            .doubleValue()).isGreaterThan(1e-4);
        assertThat(rows.get(1).get("outcome").asText()).isEqualTo("AGREES");
        assertThat(rows.get(1).get("verdict").asText()).isEqualTo("UNIQUE");
        // five boxes leave some undecided, but every QRE lies in them, none near the pure profile: still wrong
        CliTest.Run cut = verifyLines(dir, game, pure, "--enumerate", "--max-boxes", "5", "--json");
        assertThat(cut.code()).as(cut.err()).isEqualTo(1);
        JsonNode row = CertificateJson.mapper().readTree(cut.out()).get("claims").get(0);
        assertThat(row.get("outcome").asText()).isEqualTo("NO_QRE_NEAR");
        assertThat(row.get("branchAndBound").get("undecided").asInt()).isPositive();
        assertThat(row.get("verdict").asText()).isEqualTo("UNDECIDED");
        assertThat(verifyLines(dir, game, pure, "--enumerate", "--max-boxes", "5").out()).contains("DISAGREES: no "
            + "QRE within 1/10000: the branch-and-bound (replayed by the checker) leaves every QRE in one of its 0 "
            + "isolating boxes or 2 undecided ones (");
    }

    /**
     * The bundled 2×2 game with a unique mixed equilibrium at λ = 5: its QRE is certified but its uniqueness not proved
     * (τ below κ); with {@code --enumerate} the branch-and-bound, replayed by the checker, counts one QRE, and a line
     * at it agrees with the unique QRE. Checked independently: the fixed points of p ↦ σ₁(λ, σ₂(λ, p)) (player 1's
     * logit response to player 2's response to p), counted by sign changes on 10⁵ points in doubles, are one.
     * Negative control: without {@code --enumerate} the line still reads "uniqueness not proved".
     */
    @Test
    void withEnumerateAnAgreeingLineIsCountedByTheBranchAndBound(@TempDir Path dir) throws IOException {
        String line = "5.000000,0.561932920333,0.438067079667,0.349934029024,0.650065970976\n";
        CliTest.Run plain = verifyLines(dir, TestData.nfg("2x2.nfg"), line);
        assertThat(plain.out()).contains("agrees with QRE 1 of 1 certified").contains("uniqueness not proved");
        CliTest.Run counted = verifyLines(dir, TestData.nfg("2x2.nfg"), line, "--enumerate");
        assertThat(counted.out()).contains("agrees with QRE 1 (").contains("the QRE is unique - the branch-and-bound "
            + "(replayed by the checker) proves exactly 1 QRE in the whole policy space (");
        JsonNode row = CertificateJson.mapper().readTree(verifyLines(dir, TestData.nfg("2x2.nfg"), line, "--enumerate",
            "--json").out()).get("claims").get(0);
        assertThat(row.get("outcome").asText()).isEqualTo("AGREES");
        assertThat(row.get("verdict").asText()).isEqualTo("UNIQUE");
        assertThat(row.get("branchAndBound").get("qres").asInt()).isEqualTo(1);
        // A = [[2, 0], [0, 1]], B = [[0, 1], [1, 0]] (rows: player 1's actions)
        double lambda = 5;
        int changes = 0;
        double previous = Double.NaN;
        for (int i = 0; i <= 100_000; i++) {
            double p = i / 100_000.0;
            double q = 1 / (1 + Math.exp(lambda * (p - (1 - p))));
            double response = 1 / (1 + Math.exp(lambda * ((1 - q) - 2 * q)));
            double v = response - p;
            changes += i > 0 && (v > 0) != (previous > 0) ? 1 : 0;
            previous = v;
        }
        assertThat(changes).isEqualTo(1);
    }

    /**
     * Wilson's example (Gambit's sh3) at λ = 10: gambit-logit's last line (`gambit-logit -d 12 -l 10 sh3.nfg`,
     * Gambit 17.0.0-alpha.2) is the symmetric QRE on the branch that the arm leaving the first pitchfork meets at a
     * second one (SYM-PF (6)), not on a branch leaving the first: the line says so. Negative control: the principal
     * QRE's line (the solver's QRE 1 to 12 digits) is named the principal branch's, not that branch's.
     */
    @Test
    void gambitsQreThroughASecondPitchforkIsNamedSo(@TempDir Path dir) throws IOException {
        CliTest.Run r = verifyLines(dir, org.equivariant.TestData.nfg("sh3.nfg"), "10.000000000000,0.186184796905,"
            + "0.318637999099,0.495177203996,0.186184796905,0.318637999099,0.495177203996\n10.000000000000,"
            + "0.353443830515,0.646502424008,0.000053745477,0.353443830515,0.646502424008,0.000053745477\n");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).contains("it lies on a branch of the profiles a symmetry fixes that the branch leaving "
            + "the singular point near lambda = 1.72020 meets at a second pitchfork (certified, SYM-PF (6)), so on the "
            + "principal branch's component").doesNotContain("lies on a branch leaving the singular point");
        assertThat(lines[1]).contains("it is the principal branch's QRE").doesNotContain("second pitchfork");
    }

    /**
     * I₂ at exactly its pitchfork λ = 2, where gambit-logit's last line is the centroid: no box isolates that QRE (the
     * Jacobian I − λA is singular there), yet it is exactly a QRE on the principal branch (BR-CHAIN corollary 2), and
     * the claim is judged against it. Negative controls: a claim off the centroid at λ = 2 is not, nor is the centroid
     * at λ = 201/100, where it is certified in a box as usual.
     */
    @Test
    void aClaimAtTheCentroidWhereItIsSingularAgreesWithItExactly(@TempDir Path dir) throws Exception {
        Path game = CliTest.twoByTwo(dir, "I2", "1 1 0 0 0 0 1 1");
        CliTest.Run r = verifyLines(dir, game, "2.000000,0.5,0.5,0.5,0.5\n2.000000,0.6,0.4,0.6,0.4\n", "--json");
        JsonNode claims = CertificateJson.mapper().readTree(r.out()).get("claims");
        assertThat(claims.get(0).get("outcome").asText()).isEqualTo("AGREES_WITH_THE_SINGULAR_CENTROID");
        assertThat(claims.get(0).get("onPrincipalBranch").asBoolean()).isTrue();
        assertThat(claims.get(1).get("outcome").asText()).isEqualTo("NO_CERTIFIED_QRE_NEAR");
        CliTest.Run text = verifyLines(dir, game, "2.000000,0.5,0.5,0.5,0.5\n");
        assertThat(text.out()).contains("agrees with the centroid (within 1/10000)")
            .contains("at exactly this lambda det(I - lambda A) = 0").contains("uniqueness not decided");
        CliTest.Run past = verifyLines(dir, game, "2.010000,0.5,0.5,0.5,0.5\n", "--json");
        assertThat(CertificateJson.mapper().readTree(past.out()).get("claims").get(0).get("outcome").asText())
            .isEqualTo("AGREES_WITH_ONE_OF_SEVERAL");
    }

    @Test
    void gambitPublishedValuesForTheConstantSumGameAgreeWithinGambitsTolerance(@TempDir Path dir) throws IOException {
        // Gambit's tests/test_nash.py expected values (anchors §1.9), checked by Gambit at 1e-3
        CliTest.Run r = verifyLines(dir, TestData.nfg("const_sum_game.nfg"), "1.000000,0.643,0.357,0.5883,0.41168\n"
            + "2.000000,0.7727,0.2273,0.6117,0.3883\n3.000000,0.8595,0.1405,0.6038,0.39618\n", "--tolerance", "1e-3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.contains("agrees with QRE 1 (distance to QRE 1 in"))).hasSize(3);
    }

    @Test
    void gambitStyleOutputOnEverySharedGameIsCheckedAtFourLambdas(@TempDir Path dir) throws IOException {
        List<Path> games;
        try (Stream<Path> s = Files.list(TestData.nfgDirectory())) {
            games = s.filter(p -> p.toString().endsWith(".nfg")).sorted().toList();
        }
        for (Path gamePath : games) {
            NormalFormGame g = NfgReader.read(gamePath);
            StringBuilder csv = new StringBuilder();
            StringBuilder perturbed = new StringBuilder();
            for (String l : List.of("1/2", "1", "2", "5")) {
                Rational lambda = Rational.parse(l);
                QreResult q = QreSolver.solve(g, lambda, QreSolver.Options.digits(12));
                List<Rational> p = q.qres().get(0).center();
                csv.append(gambitLine(lambda, p)).append('\n');
                // move a tenth of player 1's largest probability to another of its strategies (distance ≥ 1/(10 m))
                List<Rational> off = new java.util.ArrayList<>(p);
                int big = 0;
                for (int a = 1; a < g.numActions(0); a++) {
                    big = off.get(a).compareTo(off.get(big)) > 0 ? a : big;
                }
                Rational moved = off.get(big).divide(Rational.of(10));
                int other = big == 0 ? 1 : 0;
                off.set(big, off.get(big).subtract(moved));
                off.set(other, off.get(other).add(moved));
                perturbed.append(gambitLine(lambda, off)).append('\n');
            }
            csv.append("NE,").append(String.join(",", java.util.Collections.nCopies(g.totalActions(), "0.5"))
                .replaceAll("[^,]+", "0")).append('\n');
            Path f = dir.resolve(gamePath.getFileName() + ".csv");
            Files.writeString(f, csv.toString().replaceFirst("NE,0", "NE,1"));
            CliTest.Run r = CrosscheckTest.run("verify", gamePath.toString(), "--gambit-csv", f.toString(),
                "--tolerance", "1e-5", "--json");
            assertThat(r.code()).as(gamePath + ": " + r.err()).isZero();
            JsonNode claims = CertificateJson.mapper().readTree(r.out()).get("claims");
            assertThat(claims).hasSize(5);
            for (int k = 0; k < 4; k++) {
                assertThat(claims.get(k).get("outcome").asText()).as(gamePath + " line " + (k + 1))
                    .isIn("AGREES", "AGREES_WITH_ONE_OF_SEVERAL");
                assertThat(new BigDecimal(claims.get(k).get("distanceUpper").asText())).isLessThan(new BigDecimal("1e-5"));
            }
            assertThat(claims.get(4).get("lambda").asText()).isEqualTo("NE");
            Path bad = dir.resolve(gamePath.getFileName() + ".bad.csv");
            Files.writeString(bad, perturbed.toString());
            CliTest.Run w = CrosscheckTest.run("verify", gamePath.toString(), "--gambit-csv", bad.toString(),
                "--tolerance", "1e-5", "--json");
            JsonNode wrong = CertificateJson.mapper().readTree(w.out()).get("claims");
            for (JsonNode c : wrong) {
                assertThat(c.get("outcome").asText()).isIn("DISAGREES", "NO_CERTIFIED_QRE_NEAR", "NO_QRE_NEAR");
                if (!c.get("outcome").asText().equals("NO_CERTIFIED_QRE_NEAR")) {
                    assertThat(w.code()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void malformedClaimsNameTheLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "1.0,0.5,0.5,0.5,0.5\n2.0,0.5,x,0.5,0.5\n");
        CliTest.Run r = CrosscheckTest.run("verify", "bundled:coord2", "--gambit-csv", csv.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv:2:9: 'x' is not a number");
        Files.writeString(csv, "1.0,0.5,0.5\n");
        assertThat(CrosscheckTest.run("verify", "bundled:coord2", "--gambit-csv", csv.toString()).err())
            .contains("expected λ (or NE) and 4 probabilities, found 3 fields");
        Path json = dir.resolve("p.json");
        Files.writeString(json, "{\"profiles\": [{\"lambda\": \"1/2\", \"profile\": [[0.5, 0.5], [\"1/2\", 0.5]]}]}");
        CliTest.Run ok = CrosscheckTest.run("verify", "bundled:coord2", "--profiles", json.toString());
        assertThat(ok.out()).contains("lambda 1/2");
    }

    /**
     * gambit-logit on a symmetric anti-coordination game at λ = 3 follows a branch that splits off the symmetric one at
     * its pitchfork (λ ≈ 1.07, its last line below): that QRE is not the symmetric QRE `solve` proves principal, and
     * it is certified on the branch leaving the pitchfork (SYM-PF) — on the principal branch's component.
     */
    @Test
    void pastASymmetryBreakingPitchforkGambitsQreIsCertifiedOnTheLeavingBranch(@TempDir Path dir) throws IOException {
        Path game = dir.resolve("anti.nfg");
        Files.writeString(game, "NFG 1 R \"anti\" { \"1\" \"2\" } { 2 2 }\n0 0 1 3 3 1 0 0\n");
        Path csv = dir.resolve("gambit.csv");
        Files.writeString(csv, "3.000000000000,0.999781709994,0.000218290005519,0.0475443529282,0.952455647072\n");
        CliTest.Run r = CrosscheckTest.run("verify", game.toString(), "--gambit-csv", csv.toString(), "--lambda", "3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("it lies on a branch leaving the singular point near lambda = 1.06992 (certified, "
            + "SYM-PF)").contains("not on the continuation through the profiles the symmetry fixes (QRE 1)")
            .doesNotContain("NOT the principal branch's QRE").doesNotContain("may lie on a branch that splits off");
        CliTest.Run j = CrosscheckTest.run("verify", game.toString(), "--gambit-csv", csv.toString(), "--lambda", "3",
            "--json");
        com.fasterxml.jackson.databind.JsonNode claim = org.equivariant.certificate.CertificateJson.mapper()
            .readTree(j.out()).get("claims").get(0);
        assertThat(claim.get("leavingBranch").asBoolean()).isTrue();
        assertThat(claim.get("onPrincipalBranch").asBoolean()).isFalse();
        assertThat(claim.get("principalCertified").asBoolean()).isTrue();
    }

    /**
     * gambit-logit (17.0.0-alpha.2, {@code -q -l 5 -d 12}) on a 3×3 game whose centroid is a QRE at every λ (player
     * 1's payoffs centred in each row, player 2's in each column, from seeded random integers; no symmetry) passes the
     * centroid line's singular point (λ ≈ 0.5188, a transcritical crossing) onto the branch leaving it; its last line
     * is certified on that branch (CL-ARM), on the principal branch's component but not the centroid.
     */
    @Test
    void pastTheCentroidLinesSingularPointGambitsQreIsCertifiedOnALeavingBranch(@TempDir Path dir) throws IOException {
        Path game = dir.resolve("centred.nfg");
        Files.writeString(game, "NFG 1 R \"cl0\" { \"P1\" \"P2\" } { 3 3 }\n"
            + "8/3 5 1 -2 -4/3 -3 -10/3 -7/3 0 -4/3 5/3 11/3 2/3 10/3 -1 -8/3 -1/3 -2/3\n");
        String line = "5.000000000000,0.99975968622,0.000240311712322,2.06810866854e-09,0.999759399425,"
            + "1.20209612641e-16,0.000240600575393\n";
        CliTest.Run r = verifyLines(dir, game, line, "--lambda", "5");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("it lies on a branch leaving the singular point near lambda = 0.518816 "
            + "(certified, CL-ARM)").contains("not on the continuation through the centroid line (QRE 1)")
            .doesNotContain("NOT the principal branch's QRE").doesNotContain("may lie on a branch that splits off");
    }

    /**
     * 2×2×2 at λ = 2: a line at the QRE where one branch leaving the singular point arrives (PIN-SUB (6), a path
     * follower that took that branch would print it) is named so, not called off the principal branch.
     */
    @Test
    void aLineOnABranchLeavingTheSingularPointIsNamedSo(@TempDir Path dir) throws IOException {
        String line = "2,0.382025633502,0.617974366498,0.426229166572,0.573770833428,0.385825831138,0.614174168862\n";
        CliTest.Run r = verifyLines(dir, TestData.nfg("2x2x2.nfg"), line, "--lambda", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("it lies on a branch leaving the singular point near lambda = 0.59675")
            .doesNotContain("NOT the principal branch's QRE");
        CliTest.Run j = verifyLines(dir, TestData.nfg("2x2x2.nfg"), line, "--lambda", "2", "--json");
        com.fasterxml.jackson.databind.JsonNode claim = org.equivariant.certificate.CertificateJson.mapper()
            .readTree(j.out()).get("claims").get(0);
        assertThat(claim.get("leavingBranch").asBoolean()).isTrue();
        assertThat(claim.get("onPrincipalBranch").asBoolean()).isFalse();
    }

    @Test
    void aLineIsNamedByItsQreAndItsBranchAndAPrematureStopIsFlagged(@TempDir Path dir) throws IOException {
        // coord2 at λ = 4: the principal QRE (payoff-dominant) and the mixed one, each as gambit-logit would print it
        NormalFormGame coord = NfgReader.read(TestData.nfg("coord2.nfg"));
        QreResult q = QreSolver.solve(coord, Rational.of(4), QreSolver.Options.all(12));
        int principal = q.principalIndex();
        assertThat(principal).isNotNegative();
        int other = principal == 0 ? 1 : 0;
        Path csv = dir.resolve("gambit.csv");
        Files.writeString(csv, gambitLine(Rational.of(4), q.qres().get(principal).center()) + "\n"
            + gambitLine(Rational.of(4), q.qres().get(other).center()) + "\n");
        CliTest.Run r = CrosscheckTest.run("verify", TestData.nfg("coord2.nfg").toString(), "--gambit-csv",
            csv.toString(), "--lambda", "4");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).contains("agrees with QRE " + (principal + 1)).contains("principal branch's QRE");
        assertThat(lines.get(1)).contains("agrees with QRE " + (other + 1))
            .contains("NOT the principal branch's QRE at this lambda");
        assertThat(r.out()).doesNotContain("STOPPED");

        // gambit-logit's output on the McKelvey-McLennan 2x2x2 game asked for λ = 2: it stops at its singular point
        Path stop = dir.resolve("stop.csv");
        Files.writeString(stop, "0.5967551845,0.49999995,0.49999995,0.5,0.5,0.5740458506,0.4259541494\n");
        CliTest.Run s = CrosscheckTest.run("verify", TestData.nfg("2x2x2.nfg").toString(), "--gambit-csv",
            stop.toString(), "--lambda", "2", "--json");
        assertThat(s.code()).isEqualTo(1);
        JsonNode o = CertificateJson.mapper().readTree(s.out());
        assertThat(o.get("stopped").asText()).contains("not the requested lambda = 2");
        // the line is checked at its own λ, 3.5·10⁻⁸ past the singular point: the principal QRE there is certified
        // past that point (PIN-SUB: players 1 and 2 at 1/2), and the line lies within the tolerance of it
        JsonNode claim = o.get("claims").get(0);
        assertThat(claim.get("principalCertified").asBoolean()).isTrue();
        assertThat(claim.get("onPrincipalBranch").asBoolean()).isTrue();
    }
}
