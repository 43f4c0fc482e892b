package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.certificate.CertificateJson;
import org.junit.jupiter.api.Test;

/** {@code serve}: replies that are the command lines' own output, and bad request lines refused by place. */
class ServeCommandTest {
    /** The replies to the input's lines, and what the server wrote on its standard error. */
    record Served(List<JsonNode> replies, String err) {
    }

    static Served serve(byte[] input) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(ServeCommand.serve(new ByteArrayInputStream(input), new PrintWriter(out), new PrintWriter(err)))
            .isZero();
        List<JsonNode> replies = new ArrayList<>();
        for (String line : out.toString().split("\n", -1)) {
            if (!line.isEmpty()) {
                replies.add(CertificateJson.mapper().readTree(line));
            }
        }
        return new Served(replies, err.toString());
    }

    static Served serve(String input) throws IOException {
        return serve(input.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachReplyIsWhatItsCommandLinePrintsAndReturns() throws IOException {
        Served s = serve("""
            {"id": 7, "args": ["solve", "bundled:coord2", "--lambda", "1/2", "--digits", "20"]}

            {"id": "b", "args": ["solve", "no-such-game.nfg", "--lambda", "2"]}
            {"args": ["--version"]}""");
        assertThat(s.replies()).hasSize(3);
        CliTest.Run solve = CliTest.run("solve", "bundled:coord2", "--lambda", "1/2", "--digits", "20");
        CliTest.Run missing = CliTest.run("solve", "no-such-game.nfg", "--lambda", "2");
        JsonNode first = s.replies().get(0);
        assertThat(first.get("id").asInt()).isEqualTo(7);
        assertThat(first.get("exitCode").asInt()).isZero();
        assertThat(first.get("stdout").asText()).isEqualTo(solve.out()).contains("principal branch");
        assertThat(first.get("stderr").asText()).isEqualTo(solve.err());
        JsonNode second = s.replies().get(1);
        assertThat(second.get("id").asText()).isEqualTo("b");
        assertThat(second.get("exitCode").asInt()).isEqualTo(missing.code()).isEqualTo(2);
        assertThat(second.get("stderr").asText()).isEqualTo(missing.err()).contains("no-such-game.nfg");
        assertThat(s.err()).contains(missing.err()); // standard error also goes live to the server's
        JsonNode third = s.replies().get(2);
        assertThat(third.has("id")).isFalse();
        assertThat(third.get("stdout").asText()).startsWith("equivariant ");
        double before = 0;
        for (JsonNode r : s.replies()) {
            assertThat(r.get("cpuSeconds").asDouble()).isBetween(0.0, r.get("processCpuSeconds").asDouble());
            assertThat(r.get("processCpuSeconds").asDouble()).isGreaterThanOrEqualTo(before);
            before = r.get("processCpuSeconds").asDouble();
        }
    }

    @Test
    void badRequestLinesAreRefusedByPlaceAndTheServerGoesOn() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        String[] lines = {
            "{\"args\": [\"--version\"]",
            "{\"args\": [\"--version\"], \"argv\": []}",
            "{\"id\": 3, \"args\": [\"solve\", 2]}",
            "{\"args\": [\"serve\"]}",
            "{\"args\": \"--version\"}",
            "[1, 2]",
        };
        for (String line : lines) {
            in.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        in.writeBytes(new byte[] {'{', '"', (byte) 0xC3, '"', '}', '\n'}); // a truncated two-byte character
        in.writeBytes("x".repeat(ServeCommand.MAX_LINE_BYTES + 1).getBytes(StandardCharsets.UTF_8));
        in.writeBytes("\n{\"id\": 9, \"args\": [\"--version\"]}".getBytes(StandardCharsets.UTF_8));
        Served s = serve(in.toByteArray());
        assertThat(s.replies()).hasSize(9);
        assertThat(s.replies().subList(0, 8)).allSatisfy(r -> assertThat(r.get("exitCode").asInt()).isEqualTo(2));
        List<String> errors = s.replies().subList(0, 8).stream().map(r -> r.get("error").asText()).toList();
        assertThat(errors.get(0)).startsWith("stdin:1:").contains("ends too early");
        assertThat(errors.get(1)).isEqualTo("stdin:2: argv: unknown key (known: id, args)");
        assertThat(errors.get(2)).isEqualTo("stdin:3: args[1]: expected a string, found the number 2");
        assertThat(s.replies().get(2).get("id").asInt()).isEqualTo(3);
        assertThat(errors.get(3)).startsWith("stdin:4: args[0]: serve cannot be a request");
        assertThat(errors.get(4)).startsWith("stdin:5: args: expected an array");
        assertThat(errors.get(5)).startsWith("stdin:6: $: expected an object");
        assertThat(errors.get(6)).isEqualTo("stdin:7:1: a request line that is not UTF-8 text");
        assertThat(errors.get(7)).startsWith("stdin:8:1: a request line longer than 1048576 bytes");
        JsonNode last = s.replies().get(8);
        assertThat(last.get("id").asInt()).isEqualTo(9);
        assertThat(last.get("exitCode").asInt()).isZero();
    }

    @Test
    void aLineOfExactlyTheLimitIsRead() throws IOException {
        String request = "{\"args\": [\"--version\"]}";
        String padded = request + " ".repeat(ServeCommand.MAX_LINE_BYTES - request.length());
        Served s = serve(padded + "\n");
        assertThat(s.replies()).hasSize(1);
        assertThat(s.replies().get(0).get("exitCode").asInt()).isZero();
    }
}
