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
}
