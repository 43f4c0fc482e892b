package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.equivariant.certificate.CertificateJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trace}: the certified principal branch as CSV, JSON and SVG; an honest stop at a singular point. */
class TraceCommandTest {
    @Test
    void csvRunsFromTheCentroidToLambdaMaxInGambitsColumns() {
        CliTest.Run r = CliTest.run("trace", "bundled:coord2", "--lambda-max", "4", "--decimals", "8");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.size()).isGreaterThan(5);
        assertThat(lines.get(0)).isEqualTo("0.00000000,0.50000000,0.50000000,0.50000000,0.50000000");
        assertThat(lines.get(lines.size() - 1)).startsWith("4.00000000,0.99999");
        double previous = -1;
        for (String line : lines) {
            String[] f = line.split(",");
            assertThat(f).hasSize(5);
            double lambda = Double.parseDouble(f[0]);
            assertThat(lambda).isGreaterThan(previous); // coord2's branch has no fold
            previous = lambda;
            assertThat(Double.parseDouble(f[1]) + Double.parseDouble(f[2])).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-7));
        }
        assertThat(r.err()).contains("certified pieces from lambda = 0 to lambda = 4")
            .contains("re-verified by the checker");
    }

    @Test
    void aSingularPointStopsTheChainWithExitCodeOneAndTheCertifiedPartIsWritten() throws Exception {
        CliTest.Run r = CliTest.run("trace", "bundled:2x2x2", "--lambda-max", "1", "--format", "json");
        assertThat(r.code()).isEqualTo(1);
        JsonNode o = CertificateJson.mapper().readTree(r.out());
        assertThat(o.get("reached").asBoolean()).isFalse();
        assertThat(o.get("verified").asBoolean()).isTrue();
        double reached = o.get("lambdaReached").asDouble();
        // gambit-logit stops at 0.596755 on this game; the exact singular point lies above the certified part
        assertThat(reached).isBetween(0.5967, 0.59676);
        assertThat(o.get("stopped").asText()).contains("singular point");
        JsonNode nodes = o.get("nodes");
        assertThat(nodes.get(nodes.size() - 1).get("lambda").asDouble()).isLessThanOrEqualTo(reached + 1e-12);
        assertThat(o.get("branch").get("pieces").size()).isEqualTo(nodes.size() - 1);
        assertThat(r.err()).contains("only:").contains("singular point");
    }

    @Test
    void svgDrawsEveryPlayersActionsAndMarksTheStop(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("b.svg");
        CliTest.Run r = CliTest.run("trace", "bundled:2x2x2", "--lambda-max", "1", "--format", "svg", "--out",
            svg.toString());
        assertThat(r.code()).isEqualTo(1);
        String s = Files.readString(svg);
        assertThat(s).startsWith("<svg").endsWith("</svg>\n").contains("Player 3").contains(">singular<");
        assertThat(s.split("<polyline", -1)).hasSize(1 + 6);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void badOptionsAreRefused() {
        assertThat(CliTest.run("trace", "bundled:coord2", "--lambda-max", "0").code()).isEqualTo(2);
        CliTest.Run f = CliTest.run("trace", "bundled:coord2", "--lambda-max", "2", "--format", "png");
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err()).contains("--format must be csv, json or svg");
    }
}
