package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

class CrosscheckTest {
    static String solver(String flags) {
        String java = ProcessHandle.current().info().command().orElse("java");
        return "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
            + "org.equivariant.testsolver.ExampleSolver " + flags;
    }

    static CliTest.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliTest.Run(code, out.toString(), err.toString());
    }

    @Test
    void aCorrectSolverAgreesOnEveryGame() throws Exception {
        CliTest.Run r = run("crosscheck", "--solver", solver(""), "--games", "6", "--max-actions", "3", "--json");
        JsonNode n = CertificateJson.mapper().readTree(r.out());
        assertThat(n.get("AGREE").asInt()).as(r.err()).isEqualTo(6);
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("[##############################] 6/6");
    }

    @Test
    void shardsMergeIntoTheUnshardedReport(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String ok = solver("");
        CliTest.Run whole = run("crosscheck", "--solver", ok, "--games", "4", "--max-actions", "3", "--json");
        java.util.List<String> files = new java.util.ArrayList<>(java.util.List.of("crosscheck", "merge"));
        for (int i = 1; i <= 2; i++) {
            CliTest.Run part = run("crosscheck", "--solver", ok, "--games", "4", "--max-actions", "3", "--shard",
                i + "/2", "--json");
            assertThat(CertificateJson.mapper().readTree(part.out()).get("AGREE").asInt()).isEqualTo(2);
            java.nio.file.Path f = dir.resolve("shard" + i + ".json");
            java.nio.file.Files.writeString(f, part.out());
            files.add(f.toString());
        }
        JsonNode w = CertificateJson.mapper().readTree(whole.out());
        JsonNode m = CertificateJson.mapper().readTree(run(files.toArray(String[]::new)).out());
        for (String k : new String[] {"AGREE", "DISAGREE", "UNDECIDED", "SOLVER_ERROR", "TIMEOUT"}) {
            assertThat(m.get(k).asInt()).as(k).isEqualTo(w.get(k).asInt());
        }
        // the counterexample of the earliest game is kept (reports written by hand: merging is pure bookkeeping)
        java.nio.file.Path a = dir.resolve("a.json");
        java.nio.file.Path b = dir.resolve("b.json");
        java.nio.file.Files.writeString(a, "{\"AGREE\": 1, \"DISAGREE\": 1, \"UNDECIDED\": 0, \"SOLVER_ERROR\": 0, "
            + "\"TIMEOUT\": 0, \"games\": 4, \"seed\": \"1\", \"shard\": \"1/2\", \"counterexample\": \"late\", "
            + "\"lambda\": \"2\", \"counterexampleGame\": 3}");
        java.nio.file.Files.writeString(b, "{\"AGREE\": 1, \"DISAGREE\": 1, \"UNDECIDED\": 0, \"SOLVER_ERROR\": 0, "
            + "\"TIMEOUT\": 0, \"games\": 4, \"seed\": \"1\", \"shard\": \"2/2\", \"counterexample\": \"early\", "
            + "\"lambda\": \"1\", \"counterexampleGame\": 2}");
        CliTest.Run bad = run("crosscheck", "merge", a.toString(), b.toString());
        JsonNode mb = CertificateJson.mapper().readTree(bad.out());
        assertThat(mb.get("DISAGREE").asInt()).isEqualTo(2);
        assertThat(mb.get("counterexample").asText()).isEqualTo("early");
        assertThat(bad.code()).isEqualTo(1);
        // a shard given twice is refused with its path
        CliTest.Run twice = run("crosscheck", "merge", a.toString(), a.toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("shard: shard 1/2 appears twice");
        // a shard of a --principal campaign (the same games and seed) belongs to another campaign
        java.nio.file.Path c = dir.resolve("c.json");
        java.nio.file.Files.writeString(c, java.nio.file.Files.readString(b).replace("\"shard\"", "\"principal\": "
            + "true, \"shard\""));
        CliTest.Run mixed = run("crosscheck", "merge", a.toString(), c.toString());
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("belongs to another campaign (games 4, seed 1, --principal; the first file has "
            + "games 4, seed 1)");
        assertThat(run("crosscheck", "--solver", ok, "--shard", "4/3").err()).contains("--shard must be I/N");
    }

    /**
     * Below κ (τ between 0.1κ and 0.3κ) uniqueness is not proved, so a far answer was undecided (all four games of
     * seed 1 before); on 2×2 games the branch-and-bound, replayed by the checker, encloses every QRE, and an answer far
     * from all of them is a proved disagreement. The solver always answers the uniform profile.
     */
    @Test
    void aFarAnswerBelowKappaIsProvedWrongOnSmallGames() throws Exception {
        CliTest.Run r = run("crosscheck", "--solver", "echo '{\"profile\": [[0.5, 0.5], [0.5, 0.5]]}'", "--games",
            "4", "--max-players", "2", "--max-actions", "2", "--tau-min", "0.1", "--tau-max", "0.3", "--json");
        JsonNode n = CertificateJson.mapper().readTree(r.out());
        assertThat(n.get("UNDECIDED").asInt()).as(r.err()).isZero();
        assertThat(n.get("DISAGREE").asInt()).isEqualTo(4);
        assertThat(r.code()).isEqualTo(1);
    }

    @Test
    void theDeliberateBugIsCaughtAndShrunkToTwoPlayersWithThreeActions() throws Exception {
        CliTest.Run r = run("crosscheck", "--solver", solver("--bug"), "--games", "8", "--max-actions", "3", "--seed",
            "5", "--json");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode n = CertificateJson.mapper().readTree(r.out());
        assertThat(n.get("DISAGREE").asInt()).isPositive();
        NormalFormGame shrunk = NfgReader.read("counterexample", n.get("counterexample").asText());
        assertThat(shrunk.numPlayers()).isEqualTo(2);
        assertThat(shrunk.dims()).contains(3);
        assertThat(java.util.Arrays.stream(shrunk.dims()).sum()).isEqualTo(5); // 3 actions and 2 actions
    }

    /**
     * Beyond the uniqueness region (τ between κ/10 and κ, eight 2-player games of seed 11) a path-following solver's
     * answers are the certified principal-branch QREs; Newton's method from a pure corner reaches another branch's QRE
     * in the eighth game, which {@code --principal} proves is not the principal one, while without it that answer is
     * only undecided — it is near a certified QRE, or the enumeration of this small game, which proves a claim no QRE
     * is near wrong, would have said so.
     */
    @Test
    void pastUniquenessTheBranchFollowerAgreesAndAnotherBranchsQreIsCaught() throws Exception {
        String[] campaign = {"--games", "8", "--max-players", "2", "--max-actions", "3", "--seed", "11", "--json",
            "--max-shrinks", "0"};
        CliTest.Run follower = run(concat(new String[] {"crosscheck", "--solver", solver("--continuation"),
            "--principal"}, campaign));
        JsonNode f = CertificateJson.mapper().readTree(follower.out());
        assertThat(f.get("AGREE").asInt()).as(follower.out() + follower.err()).isEqualTo(8);
        assertThat(follower.code()).isZero();
        assertThat(f.get("principal").asBoolean()).isTrue();

        CliTest.Run corner = run(concat(new String[] {"crosscheck", "--solver", solver("--corner"), "--principal"},
            campaign));
        assertThat(corner.code()).as(corner.out() + corner.err()).isEqualTo(1);
        JsonNode c = CertificateJson.mapper().readTree(corner.out());
        assertThat(c.get("AGREE").asInt()).isEqualTo(7);
        assertThat(c.get("DISAGREE").asInt()).isEqualTo(1);
        assertThat(c.get("counterexampleGame").asInt()).isEqualTo(8);
        NormalFormGame drawn = NfgReader.read("counterexample", c.get("counterexample").asText());
        assertThat(drawn.dims()).containsExactly(3, 3); // as drawn: --max-shrinks 0

        CliTest.Run plain = run(concat(new String[] {"crosscheck", "--solver", solver("--corner"), "--tau-min", "1/10",
            "--tau-max", "1", "--shard", "8/8"}, campaign));
        JsonNode p = CertificateJson.mapper().readTree(plain.out());
        assertThat(p.get("UNDECIDED").asInt()).as(plain.out() + plain.err()).isEqualTo(1);
        assertThat(p.get("principal").asBoolean()).isFalse();
        assertThat(plain.code()).isZero();
    }

    /**
     * gambit-logit's answers (recorded through a small adapter, 12 decimals) on two planted-symmetry games of seed 7:
     * on the tenth it went on along a branch leaving a symmetry-breaking pitchfork of the principal branch, whose own
     * QRE there is certified past that singular point — undecided, not a disagreement (it was one before the principal
     * QRE's singular point was taken into account); on the 26th it stopped at the branch's singular point near
     * λ = 1.132 and printed that point as its answer for λ ≈ 3.065 — near no QRE there, which the branch-and-bound
     * proves.
     */
    @Test
    void pastASingularPointAnotherBranchIsUndecidedButAnAnswerFromShortOfLambdaIsCaught() throws Exception {
        String[] campaign = {"--principal", "--planted", "--games", "40", "--seed", "7", "--max-players", "3",
            "--max-actions", "3", "--max-shrinks", "0", "--json"};
        CliTest.Run arm = run(concat(new String[] {"crosscheck", "--shard", "10/40", "--solver", "echo '{\"profile\": "
            + "[[0.00258459860362, 0.000511945537223, 0.996903455859], [0.986273478208, 0.0133666090642, "
            + "0.00035991272795]]}'"}, campaign));
        JsonNode a = CertificateJson.mapper().readTree(arm.out());
        assertThat(a.get("UNDECIDED").asInt()).as(arm.out() + arm.err()).isEqualTo(1);
        assertThat(arm.code()).isZero();
        CliTest.Run stopped = run(concat(new String[] {"crosscheck", "--shard", "26/40", "--solver", "echo "
            + "'{\"profile\": [[0.39382181431, 0.393821812009, 0.212356273681], [0.310814027779, 0.378371942014, "
            + "0.310814030207]]}'"}, campaign));
        JsonNode b = CertificateJson.mapper().readTree(stopped.out());
        assertThat(b.get("DISAGREE").asInt()).as(stopped.out() + stopped.err()).isEqualTo(1);
        assertThat(stopped.code()).isEqualTo(1);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void timeoutsAndMalformedOutputAreReportedNotFatal() throws Exception {
        CliTest.Run slow = run("crosscheck", "--solver", "sleep 5", "--games", "1", "--timeout", "1", "--json");
        assertThat(CertificateJson.mapper().readTree(slow.out()).get("TIMEOUT").asInt()).isEqualTo(1);
        CliTest.Run junk = run("crosscheck", "--solver", "echo not json", "--games", "2", "--json");
        assertThat(CertificateJson.mapper().readTree(junk.out()).get("SOLVER_ERROR").asInt()).isEqualTo(2);
        assertThat(junk.err()).contains("solver output is not JSON");
        CliTest.Run failing = run("crosscheck", "--solver", "echo oops >&2; exit 3", "--games", "1");
        assertThat(failing.out()).contains("solver error");
        assertThat(failing.err()).contains("solver exited with code 3: oops");
        CliTest.Run wrongShape = run("crosscheck", "--solver", "echo '{\"profile\": [[1]]}'", "--games", "1",
            "--json");
        assertThat(wrongShape.err()).contains("needs \"profile\": one probability list per player");
    }

    @Test
    void aLongCorrectAnswerIsReadWhileTheSolverRuns() throws Exception {
        // 300 kB of output: more than a pipe holds, so reading only after exit would deadlock and time out
        CliTest.Run r = run("crosscheck", "--solver", solver("--pad 300000"), "--games", "2", "--max-actions", "2",
            "--json");
        assertThat(CertificateJson.mapper().readTree(r.out()).get("AGREE").asInt()).as(r.err()).isEqualTo(2);
    }

    @Test
    void anAnswerBeyondTheOutputCapIsASolverError() throws Exception {
        CliTest.Run r = run("crosscheck", "--solver", "head -c 20000000 /dev/zero | tr '\\0' ' '", "--games", "1",
            "--json");
        assertThat(CertificateJson.mapper().readTree(r.out()).get("SOLVER_ERROR").asInt()).isEqualTo(1);
        assertThat(r.err()).contains("solver printed more than 16 MiB");
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path pid = dir.resolve("pid");
        CliTest.Run r = run("crosscheck", "--solver", "sleep 60 & echo $! > " + pid + "; wait", "--games", "1",
            "--timeout", "1", "--json");
        assertThat(CertificateJson.mapper().readTree(r.out()).get("TIMEOUT").asInt()).isEqualTo(1);
        long child = Long.parseLong(java.nio.file.Files.readString(pid).strip());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).as("orphaned sleep").isFalse();
    }

    @Test
    void aGrandchildHoldingTheOutputOpenDoesNotHoldUpTheRun() {
        // the solver answers and exits, but a background grandchild keeps standard output open for a minute: the
        // answer is judged (here: malformed) without waiting for the grandchild
        CliTest.Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
            () -> run("crosscheck", "--solver", "echo '{}'; sleep 60 &", "--games", "1", "--timeout", "20",
                "--json"));
        assertThat(r.out()).contains("\"SOLVER_ERROR\" : 1");
        assertThat(r.err()).contains("needs \"profile\"");
    }
}
