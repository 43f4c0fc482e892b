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
