package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.equivariant.TestData;
import org.equivariant.certificate.CertificateJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    record Run(int code, String out, String err) {
    }

    /** A two-player 2×2 game written to {@code dir/NAME.nfg}, its eight payoffs in Gambit's order. */
    static Path twoByTwo(Path dir, String name, String payoffs) throws java.io.IOException {
        return Files.writeString(dir.resolve(name + ".nfg"), "NFG 1 R \"" + name + "\" { \"P1\" \"P2\" } { 2 2 }\n"
            + payoffs + "\n");
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * The battle of the sexes at λ = 2: past the pitchfork at λ ≈ 1.3722 where the principal branch breaks the
     * symmetry swapping the players and their actions, `solve` certifies the QREs on the branch leaving it — gambit's
     * answer (0.957, 0.851) and its mirror image — besides the symmetric QRE (SYM-PF).
     */
    @Test
    void theBranchLeavingAPitchforkIsCertified(@TempDir Path dir) throws java.io.IOException {
        Path game = twoByTwo(dir, "bos", "2 1 0 0 0 0 1 2");
        Run r = run("solve", game.toString(), "--lambda", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("verdict  NOT unique: 3 QREs certified").contains("pitchfork the singular point as "
            + "a pitchfork breaking the symmetry players (1 2); actions 1:(1 2) 2:(1 2) (SYM-PF)").contains("its QRE and the "
            + "QRE's image under the symmetry lie on the principal branch")
            .contains("0.957153824239767585706348971439");
        assertThat(r.out().split("on a branch leaving the singular point \\(principal branch, SYM-PF\\)", -1))
            .hasSize(3);
        assertThat(leavingInJson(game, "2")).isEqualTo(2);
    }

    /**
     * Wilson's 3×3 example (Gambit's contrib/games/sh3.nfg) at λ = 10: the arm leaving the pitchfork at λ ≈ 1.7202 lies
     * on a closed curve — it meets a second pitchfork near λ ≈ 3.09, passes it onto its mirror image and comes back
     * (the line names both singular points). The double path from the arm's end goes round it once and stops (before
     * fef2609 it went round until its 2·10⁶-step limit: over 100 s); the arms are not lengthened for it (12 pieces, not
     * 100); the chain covers the curve from the arm's end up to the second pitchfork, blown up on the symmetric branch
     * through it (SYM-PF (6)), whose chain reaches λ = 10 at gambit-logit's answer there — printed by gambit-logit
     * 17.0.0-alpha.2 (`gambit-logit -q -d 12 -l 10 sh3.nfg`, last line) as 0.186184796905, 0.318637999099,
     * 0.495177203996 for both players, which before was not tagged principal.
     */
    @Test
    void wilsonsExampleReachesGambitLogitsQreThroughASecondPitchfork() {
        Run r = run("solve", TestData.nfg("sh3.nfg").toString(), "--lambda", "10", "--digits", "10");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("an arm of 12 pieces leaving it to lambda = 1.72")
            .containsPattern("and from its end a chain of \\d+ pieces of the full game that lies on a closed curve \\("
                + "the double tracer came back to where it started: the branch closes on itself, its points between "
                + "λ = 1.720")
            .contains("its orientation flipping near λ = [3.0")
            .contains("it meets a second pitchfork, on a branch of the profiles players (1 2); actions 1:() 2:() "
                + "fixes, near lambda = 3.09")
            .doesNotContain("stops at lambda = 0.0000000").doesNotContain("arm of 100 pieces")
            .contains("QRE 1    principal branch").contains("0.3534438305  0.6465024240  0.0000537455")
            .contains("QRE 2    on a branch leaving the singular point (principal branch, SYM-PF)")
            .contains("Player 1      0.1861847969  0.3186379991  0.4951772040")
            .contains("Player 2      0.1861847969  0.3186379991  0.4951772040");
        // SYM-ARM's arms (two more closed curves) are no longer tried: the split branch's claim holds
        assertThat(r.out().split("closes on itself", -1)).hasSize(2);
    }

    /**
     * Gambit's degenerate 3×3 game 2 (contrib/games/deg2.nfg) at λ = 100: past the centroid line's singular point at
     * λ = 3 the chain from one arm's end stops near λ ≈ 14.18 (tied payoffs). The line says why — no piece could be
     * proved beyond that point — and not the centroid line's own singular point, which the principal chain meets and
     * this chain does not (before, it said only "stops at lambda = 14.177326"). That chain's branch is fixed by the
     * game's symmetry (the players swapped and their actions reversed), which fixes no profile coordinate: the blow-up
     * in the profiles it fixes — tried since session 54 — carries it past that point (SYM-ARM (9)) to a third QRE,
     * fixed by the symmetry, on the principal branch (before, `solve` was given the one-state reading's symmetries,
     * none where that reading's chain stopped, so no subgroup was tried), and past the pitchfork there to
     * gambit-logit's QRE.
     */
    @Test
    void aChainPastAnArmThatStopsSaysWhy() {
        Run r = run("solve", TestData.nfg("deg2.nfg").toString(), "--lambda", "100", "--digits", "10");
        assertThat(r.code()).as(r.err()).isZero();
        String pitchfork = r.out().lines().filter(l -> l.startsWith("pitchfork")).findFirst().orElseThrow();
        assertThat(pitchfork).containsPattern("a chain of \\d+ pieces of the full game that stops at lambda = "
            + "14\\.\\d+ \\(no piece could be proved beyond λ = 14\\.\\d+ \\(")
            .doesNotContain("centroid line's first singular point");
        assertThat(r.out()).contains("principal QRE 1").contains("the centroid line's first singular point");
        assertThat(pitchfork).contains("blown up in the profiles fixed by the symmetry that fixes a set of two profile "
            + "coordinates (CL-ARM)").containsPattern("a chain of \\d+ pieces in the profiles the stabilizer fixes "
            + "\\(the full game's stopped at a singular point; SYM-ARM \\(9\\)\\) that reaches lambda = 100");
        assertThat(r.out()).contains("verdict  NOT unique: 5 QREs certified")
            .contains("QRE 3    on a branch leaving the singular point (principal branch, CL-ARM)")
            .contains("Player 1      0.9642320561  0.0345313009  0.0012366429")
            .contains("Player 2      0.0012366429  0.0345313009  0.9642320561");
        // gambit-logit's path leaves that chain at a pitchfork near λ ≈ 14.17738 that breaks the symmetry, blown up
        // as SYM-PF's with that chain as the fixed one; its last line at λ = 99.999999995 (gambit-logit
        // 17.0.0-alpha.2, `gambit-logit -q -d 12 -l 100 deg2.nfg`) is 0.997911046886, 0.00208459846625,
        // 4.35464741976e-06 / 0.266865714321, 0.328576593188, 0.404557692492 — QRE 5, its mirror image QRE 4
        assertThat(pitchfork).contains("on the chain past the epsilon < 0 arm, the singular point as a pitchfork "
            + "breaking the symmetry players (1 2); actions 1:(1 3) 2:(1 3) (SYM-PF)")
            .contains("near lambda = 14.1773");
        assertThat(r.out()).contains("QRE 5    on a branch leaving the singular point (principal branch, CL-ARM)")
            .contains("Player 1      0.9979110469  0.0020845985  0.0000043546")
            .contains("Player 2      0.2668657143  0.3285765932  0.4045576925");
    }

    /**
     * A symmetric 4×4 game (seed 9 of a session-50 sweep of symmetric games, B = Aᵀ) at λ = 10: past its pitchfork at
     * λ ≈ 5.87002 the arm's end has a probability near 10⁻¹⁶, whose log-probability's derivative the chain's start took
     * by a difference quotient with an absolute step of 10⁻¹⁰ — the log of a negative number, NaN in the direction —
     * and the double path stalled at its first point ("the double tracer stalled at λ = 5.87003142475389");
     * gambit-logit passes there onto the arm, to (0.0008846494856, 3.2·10⁻¹³, 0.9902108384, 0.008904512102) for
     * player 1. Now the chain past the arm reaches λ and certifies that QRE and its mirror image.
     */
    @Test
    void aChainStartsFromAnArmEndWithATinyProbability(@TempDir Path dir) throws java.io.IOException {
        Path game = Files.writeString(dir.resolve("s9.nfg"), "NFG 1 R \"symmetric seed 9\" { \"P1\" \"P2\" } "
            + "{ 4 4 }\n7 7 2 9 8 5 5 4 9 2 2 2 7 0 8 5 5 8 0 7 9 9 9 1 4 5 5 8 1 9 0 0\n");
        Run r = run("solve", game.toString(), "--lambda", "10", "--digits", "10");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("verdict  NOT unique: 3 QREs certified").contains("and from its end a chain of ")
            .contains("pieces of the full game that reaches lambda = 10.000000: its QRE and the QRE's image under the "
                + "symmetry lie on the principal branch")
            .contains("P1            0.0008846495  0.0000000000  0.9902108384  0.0089045121")
            .contains("P2            0.0008846495  0.0000000000  0.9902108384  0.0089045121").doesNotContain("stalled");
    }

    /** How many QREs {@code solve --json} marks {@code leavingBranch} for the game at λ. */
    static int leavingInJson(Path game, String lambda) throws java.io.IOException {
        Run j = run("solve", game.toString(), "--lambda", lambda, "--json");
        int leaving = 0;
        for (JsonNode q : CertificateJson.mapper().readTree(j.out()).get("qres")) {
            leaving += q.path("leavingBranch").asBoolean() ? 1 : 0;
        }
        return leaving;
    }

    @Test
    void theBranchesLeavingTheCentroidLineOfI3AreCertified(@TempDir Path dir) throws java.io.IOException {
        Path game = dir.resolve("i3.nfg");
        java.nio.file.Files.writeString(game, "NFG 1 R \"i3\" { \"P1\" \"P2\" } { 3 3 }\n"
            + "1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0 1 1\n");
        Run r = run("solve", game.toString(), "--lambda", "10");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("verdict  NOT unique: 7 QREs certified").contains("(CL-ARM): the singular point "
            + "at lambda = 3.000000000").contains("the QREs at the chains' ends and their images lie on the principal "
            + "branch").contains("0.999909084495658495915082964795").contains("0.498229934650441145135437630837");
        assertThat(r.out().split("on a branch leaving the singular point \\(principal branch, CL-ARM\\)", -1))
            .hasSize(7);
        assertThat(leavingInJson(game, "10")).isEqualTo(6);
    }

    @Test
    void solvePrintsTheCertifiedQreAndUniqueness() {
        Run r = run("solve", TestData.nfg("const_sum_game.nfg").toString(), "--lambda", "2", "--digits", "30");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("verdict  unique").contains("0.7726766071217982549088344926")
            .contains("kappa    1/4").contains("tau = 1/2");
        Run t = run("solve", "bundled:const_sum_game", "--tau", "1/2", "--digits", "30");
        assertThat(t.out()).contains("0.7726766071217982549088344926");
    }

    @Test
    void solveRefusesUniquenessWhereItFails() {
        Run r = run("solve", TestData.nfg("2x2x2.nfg").toString(), "--lambda", "1", "--digits", "15", "--all");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("NOT unique").contains("QRE 2");
    }

    /** λ and τ of 400 digits are printed as powers of ten, in the header, the principal line and the verdict. */
    @Test
    void extremeLambdasArePrintedAsPowersOfTen() {
        Run huge = run("solve", "bundled:coord2", "--lambda", "1e400");
        assertThat(huge.out()).contains("lambda   1e400   (tau = 1e-400)")
            .contains("principal not traced: λ = 1e400 is beyond the double fast path").doesNotContain("00000000000");
        Run tiny = run("solve", "bundled:coord2", "--lambda", "1e-400");
        assertThat(tiny.out()).contains("lambda   1e-400   (tau = 1e400)").contains("(UNIQ-H, tau = 1e400 > kappa");
    }

    /**
     * coord2 at λ = 10 has three QREs. Without --all only the principal branch's is certified and the verdict says
     * that no search was made (it once read "no second one found" without any search); with --all the search runs,
     * finds the other two, and the JSON counts its Newton runs; an undecided verdict after a search says how many.
     */
    @Test
    void anUndecidedVerdictSaysWhetherOthersWereSearchedFor() throws Exception {
        Run plain = run("solve", "bundled:coord2", "--lambda", "10", "--digits", "15");
        assertThat(plain.out()).contains("one QRE certified, others not searched for (--all searches)")
            .doesNotContain("found").doesNotContain("QRE 2");
        JsonNode quiet = CertificateJson.mapper().readTree(run("solve", "bundled:coord2", "--lambda", "10", "--digits",
            "15", "--json").out());
        assertThat(quiet.get("verdict").asText()).isEqualTo("UNDECIDED");
        assertThat(quiet.get("searchRuns").asInt()).isZero();
        JsonNode all = CertificateJson.mapper().readTree(run("solve", "bundled:coord2", "--lambda", "10", "--digits",
            "15", "--all", "--json").out());
        assertThat(all.get("verdict").asText()).isEqualTo("NOT_UNIQUE");
        assertThat(all.get("qres")).hasSize(3);
        assertThat(all.get("searchRuns").asInt()).isGreaterThanOrEqualTo(12);
        // a constant-sum game's QRE is unique, but UNIQ-H does not reach λ = 10: the search ran and found no other
        Run searched = run("solve", "bundled:const_sum_game", "--lambda", "10", "--digits", "15", "--all");
        assertThat(searched.out()).contains("one QRE certified, no second one found by 40 Newton runs");
    }

    /**
     * I₂ (identical interests, payoff 1 on the diagonal) at exactly its pitchfork λ = 2: the centroid is the QRE, a
     * triple zero where the Jacobian is singular, which no Krawczyk test isolates. The verdict says so and why (it once
     * read "no QRE could be certified: []", the checker's empty list of findings), and the exit code is 1.
     */
    @Test
    void aQreAtASingularPointIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path game = twoByTwo(dir, "I2", "1 1 0 0 0 0 1 1");
        Run r = run("solve", game.toString(), "--lambda", "2", "--digits", "10");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).containsPattern("verdict  no QRE could be certified: none of the \\d+ candidate "
            + "point\\(s\\) passed the Krawczyk test").contains("such as a pitchfork at exactly this lambda")
            .doesNotContain("[]").contains("so it lies on the principal branch (BR-CHAIN corollary 2), and at lambda "
            + "= 2 exactly det(I - lambda A) = 0");
        Run past = run("solve", game.toString(), "--lambda", "5/2", "--digits", "10");
        assertThat(past.code()).isZero();
        assertThat(past.out()).contains("QRE 1    principal branch");
    }

    /**
     * A game whose payoff differences do not depend on the others' actions (D = 0) has one QRE at every λ (UNIQ-H
     * with κ = 0), which the checker accepts; at λ = 10²⁰⁰ no candidate point is found (its smaller probability is
     * e^(−2·10²⁰⁰)). The verdict once read "the checker refused the certificate: [uniqueness: … (UNIQ-H)]", the
     * checker's list of what it had verified: nothing was refused.
     */
    @Test
    void aVerdictWithoutAQreDoesNotBlameTheCheckerForWhatItAccepted(@TempDir Path dir) throws Exception {
        Path game = twoByTwo(dir, "D0", "1 2 3 4 5 6 7 8");
        Run r = run("solve", game.toString(), "--lambda", "1e200", "--digits", "10");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("verdict  no QRE could be certified: no candidate point was found")
            .doesNotContain("refused");
        assertThat(run("solve", game.toString(), "--lambda", "1e100", "--digits", "10").out())
            .contains("verdict  unique: the QRE is the only one (UNIQ-H, tau = 1e-100 > kappa = 0)");
    }

    /**
     * The battle of the sexes (2, 1 / 1, 2) has a symmetry-breaking pitchfork at λ ≈ 1.3721835 on its principal
     * branch. From the UNIQ-H anchor λ = 1.2 toward 10 the first tests span it and fail however they are shortened
     * until a piece ends before it; the chain must still be certified up to it (it once stopped at the anchor, 0
     * pieces, "a piece 16 times shorter failed nearly as clearly"), within 10⁻⁵ below it — where the double path's
     * points next to it are accepted at the doubles' noise (session 39) the pieces' tests there fail measurably and
     * the stall rule ends the chain at 1.3721787, 4.8·10⁻⁶ below; before, no point was found there and the chain
     * shortened on blindly to 1.3721835 — and the symmetric reading carries the principal QRE on to λ = 10.
     */
    @Test
    void aChainFromFarBelowAPitchforkIsCertifiedUpToIt(@TempDir Path dir) throws Exception {
        Path game = twoByTwo(dir, "BoS", "2 1 0 0 0 0 1 2");
        Run r = run("solve", game.toString(), "--lambda", "10", "--digits", "10");
        assertThat(r.code()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("certified from lambda = 1.20000 to lambda = "
            + "([0-9.]+) \\([1-9]\\d* pieces\\)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        double pitchfork = 1.372183549; // where SYM-PF's blow-up places it
        assertThat(Double.parseDouble(m.group(1))).isBetween(pitchfork - 1e-5, pitchfork);
        assertThat(r.out()).contains("reach lambda = 10 (MQRE-CHAIN (5), (6)").contains("0.6465381");
    }

    @Test
    void jsonOutputCarriesProfileVerdictAndCertificate() throws Exception {
        Run r = run("solve", "bundled:coord2", "--lambda", "1/2", "--digits", "20", "--json");
        JsonNode n = CertificateJson.mapper().readTree(r.out());
        assertThat(n.get("verdict").asText()).isEqualTo("UNIQUE");
        assertThat(n.get("lambda").asText()).isEqualTo("1/2");
        assertThat(n.get("qres").get(0).get("profile").get(0).get(0).asText()).hasSize(22);
        assertThat(n.get("certificate").get("format").asText()).isEqualTo("equivariant-qre-certificate/11");
    }

    /**
     * coord2 at λ = 10: the chain ends near the strict equilibrium (1, 1) by BR-TAIL; the text, the JSON and the
     * certificate (replayed by check-certificate) all say so.
     */
    @Test
    void aChainThatEndsByATailSaysSoInTextJsonAndCertificate(@TempDir Path dir) throws Exception {
        TailRun r = tailRun(dir, "bundled:coord2", "10");
        assertThat(r.text()).contains("within delta = 1/100 of the strict equilibrium [1, 1], whence the branch "
            + "stays that close for every larger lambda (BR-TAIL), and so on to lambda = 10").contains("limit     as "
            + "lambda grows the principal branch tends to the strict equilibrium [1, 1] (BR-TAIL (d))");
        JsonNode pb = r.principalBranch();
        assertThat(pb.get("state").asText()).isEqualTo("CERTIFIED");
        assertThat(pb.get("qre").asInt()).isEqualTo(1);
        assertThat(pb.get("reached").asDouble()).isBetween(1.0, 9.0);
        assertThat(pb.get("tail").get("theorem").asText()).isEqualTo("BR-TAIL");
        assertThat(pb.get("tail").get("strictEquilibrium").toString()).isEqualTo("[1,1]");
        assertThat(pb.get("tail").get("delta").asText()).isEqualTo("1/100");
        assertThat(r.check()).contains("of the strict equilibrium [1, 1], whence the branch stays that close "
            + "for every larger lambda (BR-TAIL)");
    }

    /** solve's text (writing its certificate), its JSON's principal branch, and check-certificate's VALID report. */
    record TailRun(String text, JsonNode principalBranch, String check) {
    }

    static TailRun tailRun(Path dir, String game, String lambda) throws Exception {
        Path cert = dir.resolve("c.json");
        Run text = run("solve", game, "--lambda", lambda, "--certificate", cert.toString());
        JsonNode pb = CertificateJson.mapper().readTree(run("solve", game, "--lambda", lambda, "--json").out())
            .get("principalBranch");
        Run check = run("check-certificate", cert.toString());
        assertThat(check.code()).isZero();
        assertThat(check.out()).endsWith("VALID\n");
        return new TailRun(text.out(), pb, check.out());
    }

    /**
     * The bundled 2×2 game (u₁ = [[2, 0], [0, 1]], u₂ = [[0, 1], [1, 0]], rows player 1's actions) has one
     * equilibrium, ((1/2, 1/2), (1/3, 2/3)): player 2's q makes player 1 indifferent (2q = 1 − q), player 1's p player
     * 2 (p = 1 − p). At λ = 200 the chain ends by MIX-TAIL and the limit line gives that equilibrium to 20 digits;
     * the JSON and the replayed certificate agree.
     */
    @Test
    void aChainThatEndsByAMixedTailNamesTheLimit(@TempDir Path dir) throws Exception {
        TailRun r = tailRun(dir, "bundled:2x2", "200");
        assertThat(r.text()).contains("on the supports [1, 2] x [1, 2], whence the branch stays that close for every "
            + "lambda >= ").contains("limit     as lambda grows the principal branch tends to the Nash equilibrium "
            + "(0.5, 0.5; 0.33333333333333333333, 0.66666666666666666667) on the supports, within 1E-30 (MIX-TAIL)");
        JsonNode tail = r.principalBranch().get("tail");
        assertThat(tail.get("theorem").asText()).isEqualTo("MIX-TAIL");
        assertThat(tail.get("supports").toString()).isEqualTo("[[1,2],[1,2]]");
        assertThat(tail.get("limit").get("center").get(1).get(0).asText()).startsWith("0.333333333333333333333");
        assertThat(tail.get("limit").get("radius").asText()).isEqualTo("1E-30");
        assertThat(r.check()).contains("(MIX-TAIL)");
    }

    @Test
    void certificatesWrittenBySolveAreCheckedAndTamperingIsCaught(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("c.json");
        Path game = TestData.nfg("const_sum_game.nfg");
        assertThat(run("solve", game.toString(), "--lambda", "3", "--certificate", cert.toString()).code()).isZero();
        Run ok = run("check-certificate", cert.toString(), "--game", game.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("game     matches").contains("Krawczyk").contains("UNIQ-H").endsWith("VALID\n");

        Run other = run("check-certificate", cert.toString(), "--game", TestData.nfg("coord2.nfg").toString());
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.out()).contains("DIFFERS").contains("REJECTED");

        String json = Files.readString(cert);
        Path tampered = dir.resolve("t.json");
        Files.writeString(tampered, json.replaceFirst("\"lambda\" : \"3\"", "\"lambda\" : \"31/10\""));
        Run bad = run("check-certificate", tampered.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("Krawczyk test failed").contains("REJECTED");
    }

    @Test
    void badInputGetsAClearErrorAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.nfg");
        Files.writeString(bad, "NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 }\n1 1 0 x 1 1 1 1\n");
        Run r = run("solve", bad.toString(), "--lambda", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("bad.nfg:2:7: 'x' is not a number").doesNotContain("at org.");

        Run missing = run("solve", dir.resolve("nope.nfg").toString(), "--lambda", "1");
        assertThat(missing.err()).contains("no such file");

        Run neg = run("solve", "bundled:coord2", "--tau", "-1");
        assertThat(neg.code()).isEqualTo(2);
        assertThat(neg.err()).contains("--tau must be positive");

        Run both = run("solve", "bundled:coord2", "--tau", "1", "--lambda", "1");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        Run notRational = run("solve", "bundled:coord2", "--lambda", "one");
        assertThat(notRational.err()).contains("--lambda: 'one' is not a number");

        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"format\": \"equivariant-qre-certificate/2\"}");
        Run j = run("check-certificate", junk.toString());
        assertThat(j.code()).isEqualTo(2);
        assertThat(j.err()).contains("game: missing");
    }

    /**
     * Markov games: the congestion game's group is S₃ on the agents times a road swap in each state (6 · 2 · 2 = 24,
     * counted by hand from its description); the coordination game's is the agent swap times the action swap in the
     * high state (4); one changed reward leaves only the identity.
     */
    @Test
    void symmetriesOfMarkovGames(@TempDir Path dir) throws Exception {
        Run r = run("symmetries", "bundled:markov_congestion");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("order    24").contains("agent orbits  {").contains("state orbits  {normal} "
            + "{jammed}").contains("agents (1 2 3); states ();");
        JsonNode n = CertificateJson.mapper().readTree(run("symmetries", "bundled:markov_coordination", "--json")
            .out());
        assertThat(n.get("order").asInt()).isEqualTo(4);
        assertThat(n.get("elements")).hasSize(4);
        Path lopsided = dir.resolve("lopsided.json");
        Files.writeString(lopsided, Files.readString(TestData.bundledDirectory().resolve("markov_coordination.json"))
            .replaceFirst("\"3\"", "\"4\""));
        Run one = run("symmetries", lopsided.toString());
        assertThat(one.code()).as(one.err()).isZero();
        // agent 1's reward 4 at (high, a, a) breaks the agent swap, the action swap at high and their product
        assertThat(one.out()).contains("order    1 (");
        assertThat(run("symmetries", "bundled:markov_congestion", "--check", "agents (1 2)").err())
            .contains("--check applies to normal-form games and Dec-POMDPs");
    }

    @Test
    void symmetriesPrintsOrderGeneratorsOrbitsAndChecksClaims(@TempDir Path dir) throws Exception {
        Path i3 = dir.resolve("i3.nfg");
        Files.writeString(i3, "NFG 1 R \"I3\" { \"A\" \"B\" } { 3 3 }\n1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0 1 1\n");
        Run r = run("symmetries", i3.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("order    12").contains("player orbits  {1 2}")
            .contains("action orbits  {1:1 1:2 1:3 2:1 2:2 2:3}");
        JsonNode n = CertificateJson.mapper().readTree(run("symmetries", i3.toString(), "--json").out());
        assertThat(n.get("order").asText()).isEqualTo("12");
        assertThat(n.get("generators")).hasSize(3);
        Run bad = run("symmetries", i3.toString(), "--check", "players (1 2); actions 1:(1 2)");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).startsWith("REJECTED").contains("contingency (1,1)");
        Run good = run("symmetries", i3.toString(), "--check", "players (1 2); actions 1:(1 2) 2:(1 2)");
        assertThat(good.code()).isZero();
        assertThat(good.out()).startsWith("VALID");
        // the orbit picture: six actions in one orbit, an arrow per generator and moved action (2·2 + 2·2 + 6)
        Path svg = dir.resolve("orbits.svg");
        assertThat(run("symmetries", i3.toString(), "--plot", svg.toString()).code()).isZero();
        String picture = Files.readString(svg);
        assertThat(picture).startsWith("<svg").contains("(order 12)").doesNotContain("#cccccc");
        assertThat(picture.split("<circle", -1)).hasSize(7);
        assertThat(picture.split("marker-end=", -1)).hasSize(15);
        Path pennies = dir.resolve("pennies.svg");
        assertThat(run("symmetries", "bundled:markov_matching_pennies", "--plot", pennies.toString()).code()).isZero();
        assertThat(Files.readString(pennies)).contains("moves none of these points").contains("#cccccc");
        Run malformed = run("symmetries", i3.toString(), "--check", "players (1 3)");
        assertThat(malformed.code()).isEqualTo(2);
        assertThat(malformed.err()).contains("point 3 outside 1..2");
    }

    @Test
    void flowReportsLimitsDefectAndPlay() throws Exception {
        String tiger = TestData.dpomdp("dectiger.dpomdp").toString();
        Run r = run("flow", tiger, "--tau", "20", "--horizon", "2", "--starts", "2");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("symmetry group of order 4").contains("run 1    converged")
            .contains("greedy   uniform ties").contains("smallest probability along the path")
            .contains("FLOW-1   objective-B threshold lambda_max(Delta)/4 in [961.2357622, 961.2357622]: tau = 20 is "
                + "not above it");
        assertThat(run("flow", tiger, "--tau", "1000", "--starts", "2").out()).contains("tau = 1000 is above it");
        assertThat(run("flow", tiger, "--tau", "20", "--starts", "2", "--form", "A").out())
            .contains("FLOW-1   covers objective B only");
        JsonNode n = CertificateJson.mapper().readTree(run("flow", tiger, "--tau", "20", "--starts", "2", "--json")
            .out());
        assertThat(n.get("maxDistance").asDouble()).isLessThan(1e-7);
        assertThat(n.get("equivarianceDefect").asDouble()).isLessThan(1e-7);
        assertThat(n.get("flow1Proved").asBoolean()).isFalse();
        assertThat(n.get("runs").get(0).get("minProbability").asDouble()).isPositive();
        Run bad = run("flow", tiger, "--tau", "1", "--horizon", "9");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("horizon 9 of").contains("(the policy tables over each agent's "
            + "action-observation histories) would need 1.21e7 table entries");
        Run six = run("flow", tiger, "--tau", "20", "--horizon", "6", "--max-entries", "1000000");
        assertThat(six.code()).isEqualTo(2);
        assertThat(six.err()).contains("horizon 6 of").contains("needs more than 1000000 reachable successor links "
            + "from time 3 to 4 (95978 reachable (state, joint history) entries up to time 3)").contains("Horizon 4 "
            + "stays within it").contains(" GB and ");
        // the extrapolated size of that step lies between the cap and horizon 5's actual 6526504 links in all
        java.util.regex.Matcher est = java.util.regex.Pattern.compile("this step alone has about ([0-9.e]+) links")
            .matcher(six.err());
        assertThat(est.find()).as(six.err()).isTrue();
        assertThat(Double.parseDouble(est.group(1))).isBetween(1e6, 6526504.0);
        Run five = run("flow", tiger, "--tau", "20", "--horizon", "5", "--time-limit", "60");
        assertThat(five.code()).isEqualTo(2);
        assertThat(five.err()).contains("refused: horizon 5 of").contains("beyond --time-limit 60 s. Horizon 4, "
            + "fewer --starts or more --threads would lower it, or --dynamics natural (about 300 steps: ")
            .contains("; or raise --time-limit");
        Run fiveNatural = run("flow", tiger, "--tau", "20", "--horizon", "5", "--time-limit", "60", "--dynamics",
            "natural");
        assertThat(fiveNatural.code()).isEqualTo(2);
        assertThat(fiveNatural.err()).contains("4 natural flows of 300 steps").doesNotContain("--dynamics natural");
        Run example = run("flow", TestData.dpomdp("example.dpomdp").toString(), "--tau", "1");
        assertThat(example.code()).isEqualTo(2);
        assertThat(example.err()).contains("example.dpomdp:199:6: action of agent 2 index 2 out of range");
    }

    @Test
    void flowRunsTheNaturalPolicyGradientFlowOnRequest() throws Exception {
        String tiger = TestData.dpomdp("dectiger.dpomdp").toString();
        Run r = run("flow", tiger, "--tau", "10", "--starts", "3", "--dynamics", "natural", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode n = CertificateJson.mapper().readTree(r.out());
        assertThat(n.get("dynamics").asText()).isEqualTo("natural");
        for (JsonNode run : n.get("runs")) {
            assertThat(run.get("converged").asBoolean()).isTrue();
            assertThat(run.get("steps").asInt()).as("the natural flow is not stiff here").isLessThan(2000);
        }
        assertThat(run("flow", tiger, "--tau", "10", "--starts", "1", "--dynamics", "natural").out())
            .contains("natural policy-gradient flow d theta/dt = F^+ grad J (FLOW-N)").contains("max |F^+ grad J|");
        Run bad = run("flow", tiger, "--tau", "10", "--dynamics", "newton");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--dynamics: expected gradient or natural, got 'newton'");
    }

    @Test
    void thresholdPrintsEveryBoundWithItsTheorem() {
        Run r = run("threshold", "bundled:coord2", "--tau", "2");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("UNIQ-H   the logit QRE is unique for tau > kappa").contains("NPG-LIN  eta = 1/2")
            .contains("UNIQ-C   not a common-payoff game").contains("after t = ");
        Run cold = run("threshold", "bundled:coord2", "--tau", "1/10");
        assertThat(cold.out()).contains("is not above kappa: no rate is certified");
    }

    @Test
    void solveAllEnumeratesSmallGamesOnly() {
        // --all on a game with at most 4 free probabilities adds the exact count of the branch-and-bound; the
        // principal QRE stays marked among the multistart's
        Run small = run("solve", "bundled:coord2", "--tau", "1/10", "--digits", "10", "--all");
        assertThat(small.code()).as(small.err()).isZero();
        assertThat(small.out()).contains("principal branch").contains("branch-and-bound: exactly 3 QREs");
        // 5x4x3 has 4 + 3 + 2 = 9 free probabilities: multistart only
        Run large = run("solve", "bundled:5x4x3", "--lambda", "1/2", "--digits", "10", "--all");
        assertThat(large.code()).as(large.err()).isZero();
        assertThat(large.out()).contains("principal branch").doesNotContain("branch-and-bound");
    }

    @Test
    void solveEnumerateSettlesWhatTheThresholdCannot() {
        // coord2 at tau = 1 < kappa = 1.118: the solver cannot prove uniqueness, the branch-and-bound can
        Run r = run("solve", "bundled:coord2", "--tau", "1", "--digits", "10", "--enumerate");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("uniqueness NOT proved")
            .contains("branch-and-bound: exactly 1 QRE in the whole policy space");
        assertThat(run("solve", "bundled:coord2", "--tau", "1/10", "--digits", "10", "--enumerate").out())
            .contains("branch-and-bound: exactly 3 QREs");
        assertThat(run("solve", "bundled:coord2", "--tau", "1/10", "--digits", "10", "--enumerate", "--max-boxes", "2")
            .out()).contains("branch-and-bound: UNDECIDED");
    }

    @Test
    void anEnumerationCertificateIsWrittenAndReplayed(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("enum.json");
        Run r = run("solve", "bundled:coord2", "--tau", "1/10", "--digits", "10", "--enumerate",
            "--enumeration-certificate", cert.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Run check = run("check-certificate", cert.toString(), "--game", "bundled:coord2");
        assertThat(check.code()).isZero();
        assertThat(check.out()).contains("3 distinct QREs, no open box: these are all the QREs").contains("VALID");
        Files.writeString(cert, Files.readString(cert).replaceFirst("\"step\" : \"split\"", "\"step\" : \"open\""));
        assertThat(run("check-certificate", cert.toString()).code()).isEqualTo(2); // the tree no longer parses
        assertThat(run("solve", "bundled:coord2", "--tau", "1", "--enumeration-certificate", cert.toString()).err())
            .contains("--enumeration-certificate needs --enumerate");
    }

    @Test
    void thresholdOfADecPomdpIsTheBlockBoundDecidedExactly() {
        String tiger = org.equivariant.TestData.dpomdp("dectiger.dpomdp").toString();
        // Dec-Tiger, H = 2: g = 2 · 121 = 242; the threshold λ_max(Δ)/4 ≈ 961.2358
        Run r = run("threshold", tiger, "--horizon", "2", "--tau", "962");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("14 reachable action-observation histories; return range g = 242")
            .contains("in [961.23576, 961.23576]").contains("FLOW-1").contains("962 is above the threshold");
        assertThat(run("threshold", tiger, "--horizon", "2", "--tau", "961").out())
            .contains("961 is not above the threshold");
        assertThat(run("threshold", tiger, "--horizon", "9").err()).contains("horizon 9 of").contains("would need "
            + "1.21e7 table entries");
        assertThat(run("threshold", tiger, "--horizon", "31").err()).contains("--horizon must be from 1 to 30, got 31");
    }

    @Test
    void lqPrintsCertifiedDigitsPoliciesAndValues(@TempDir Path dir) throws Exception {
        Run r = run("lq", "src/test/resources/lq/g1.json", "--x", "0.8", "--digits", "20");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("significant digits agree").contains("P = [1.3653074768196684015]")
            .contains("V_L(0, x, 1) = 0.83482498693608955911");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(Path.of("src/test/resources/lq/g1.json")).replace("\"0.8\", \"-0.8\"",
            "\"0.8\", \"-0.7\""));
        Run e = run("lq", bad.toString());
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("bad.json: generator[1]: the row sums to 1/10, not 0");
    }

    @Test
    void lqJsonGridAndANamedBlowUp(@TempDir Path dir) throws Exception {
        // one grid step (times 0 and T): each grid time costs a certified solve of its own
        Run r = run("lq", "src/test/resources/lq/g1.json", "--grid", "1", "--json", "--digits", "20", "--x", "0.8");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = CertificateJson.mapper().readTree(r.out());
        assertThat(j.get("times")).hasSize(2);
        assertThat(j.get("times").get(0).get("t").asText()).isEqualTo("0");
        assertThat(j.get("times").get(1).get("t").asText()).isEqualTo("1");
        // the same digits as the text output at t = 0 (LqGoldenTest pins them to the digest's golden values)
        assertThat(j.get("times").get(0).get("regimes").get(0).get("leader").get("P").get(0).get(0).asText())
            .isEqualTo("1.3653074768196684015");
        assertThat(j.get("values").get("leader").asText()).isNotEmpty();
        // at t = T the leader's P is its terminal cost G
        assertThat(new java.math.BigDecimal(j.get("times").get(1).get("regimes").get(0).get("leader").get("P").get(0)
            .get(0).asText())).isEqualByComparingTo("1");
        Path blow = dir.resolve("blow.json");
        Files.writeString(blow, "{\"n\": 1, \"mL\": 1, \"mF\": 1, \"d\": 0, \"T\": 5, \"lambdaL\": \"0.5\", "
            + "\"lambdaF\": \"0.5\", \"generator\": [[\"0\"]], \"regimes\": [{\"A\": \"1\", \"B\": [[\"1\", \"1\"]], "
            + "\"b\": \"0\", \"C\": [], \"D\": [], \"sigma\": [], \"leader\": " + costs("-3") + ", \"follower\": "
            + costs("-3") + "}]}");
        Run e = run("lq", blow.toString(), "--json", "--digits", "10");
        assertThat(e.code()).isEqualTo(2);
        JsonNode err = CertificateJson.mapper().readTree(e.out());
        assertThat(err.get("error").asText()).contains("no equilibrium in the quadratic class on [0, 5]")
            .contains("between t = 4.375 and t = 4.500").contains("blows up");
        assertThat(run("lq", "src/test/resources/lq/g1.json", "--grid", "2", "--t", "1/2").err())
            .contains("--grid and --t exclude each other");
    }

    private static String costs(String q) {
        return "{\"Q\": \"" + q + "\", \"S\": [[\"0\"], [\"0\"]], \"R\": [[\"1\", \"0\"], [\"0\", \"1\"]], \"q\": \"0\", "
            + "\"r\": [\"0\", \"0\"], \"G\": \"0\", \"g\": \"0\", \"g0\": \"0\"}";
    }

    @Test
    void benchShardsSplitTheModels() {
        Run r = run("bench", "--madp", "dectiger", "relay4", "--shard", "2/2", "--max-horizon", "1", "--repeat", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("relay4").doesNotContain("dectiger");
        assertThat(run("bench", "--madp", "--shard", "3/2").err()).contains("--shard must be I/N");
    }

    /**
     * {@code bench --vs-gambit … --warm}: against a stand-in for gambit-logit (a script printing a profile at the
     * requested λ, or one that stops early), each cell has our fresh-JVM time and our served time (through one
     * {@code serve} process of the same command) beside the peer's, and the summary names both medians; the stand-in
     * that stops early is flagged. The times themselves are not asserted (a measurement, not a test of speed).
     */
    @Test
    void benchAgainstGambitHasTheWarmColumn(@TempDir Path dir) throws java.io.IOException {
        Path fake = dir.resolve("gambit-logit");
        Files.writeString(fake, "#!/bin/sh\necho 0.5,0.5,0.5,0.5,0.5\n");
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        Run r = run("bench", "--vs-gambit", fake.toString(), "--games", "coord2", "--lambdas", "0.5,2", "--repeat",
            "1", "--warm", "--warmup", "0", "--warm-cpu", "0", "--warm-block", "0.25");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("warm ms").contains("served, warm").contains("serve' process")
            .contains("median ratio").contains("in blocks of >= 0 requests and 0.25 s until");
        java.util.List<String> rows = r.out().lines().filter(l -> l.startsWith("coord2")).toList();
        assertThat(rows).hasSize(2);
        for (String row : rows) {
            // game, entries, lambda, gambit ms, ours ms, ratio, warm ms, ratio, notes
            String[] f = row.trim().split("\\s+");
            assertThat(Double.parseDouble(f[6])).as(row).isPositive();
            assertThat(f[7]).as(row).endsWith("x");
            assertThat(row).contains("ours: principal certified");
        }
        assertThat(rows.get(0)).doesNotContain("gambit stopped");
        assertThat(rows.get(1)).contains("gambit stopped at lambda 0.5");
        assertThat(run("bench", "--vs-gambit", fake.toString(), "--warm", "--warmup", "-1").err())
            .contains("--warmup");
        assertThat(run("bench", "--vs-gambit", fake.toString(), "--warm", "--warm-cpu", "-1").err())
            .contains("--warm-cpu");
        assertThat(run("bench", "--vs-gambit", fake.toString(), "--warm", "--warm-block", "0").err())
            .contains("--warm-block must be from 0.01 to 3600.0, got 0.0");
    }

    @Test
    void demoShowsCertifiedUniqueAndRefusal() {
        Run r = run("demo", "--digits", "12");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("verdict  unique").contains("NOT unique")
            .contains("certificate re-verified independently").doesNotContain("REJECTED");
    }
}
