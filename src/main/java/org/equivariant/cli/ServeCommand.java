package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.io.FormatException;
import org.equivariant.io.InputException;
import org.equivariant.io.JsonInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: one JVM answering many command lines, as JSON Lines — a request per line on standard input, a reply
 * per request on standard output, in order. A program that calls the oracle many times (the Python client, a property
 * suite, {@code bench --vs-gambit --warm}) pays the JVM's start and its compilers' warm-up once instead of per call.
 * <p>Request {@code {"id": ANY, "args": ["solve", "game.nfg", "--lambda", "2"]}} (id optional, echoed); reply
 * {@code {"id": …, "exitCode": n, "stdout": "…", "stderr": "…", "cpuSeconds": s, "processCpuSeconds": t}}: what that
 * command line prints and returns as a process of its own ({@link Main#run}), this process's CPU time while it ran
 * (every thread's: the compilers' and the collector's too) and the process's total so far. The request's standard
 * error also goes to the server's as it is written (progress of long runs). A line that is not a request gets
 * {@code {"exitCode": 2, "error": "stdin:LINE:COLUMN: reason"}} (or a JSON path) and the server goes on; the end of
 * the input ends it with exit code 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Answer command lines sent as JSON Lines on standard input ({\"id\": 1, \"args\": [\"solve\", "
        + "\"game.nfg\", \"--lambda\", \"2\"]}), one JSON reply per line on standard output (exitCode, stdout, stderr, "
        + "cpuSeconds): many calls pay the JVM's start and warm-up once. Ends at the end of the input.")
final class ServeCommand implements Callable<Integer> {
    /** The longest request line read, in bytes (games are passed as file names, so requests are short). */
    static final int MAX_LINE_BYTES = 1 << 20;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return serve(System.in, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Answers the requests on {@code in} until its end; returns 0. */
    static int serve(InputStream in, PrintWriter out, PrintWriter err) throws IOException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
            .getOperatingSystemMXBean();
        Lines lines = new Lines(in);
        for (Line line = lines.next(); line != null; line = lines.next()) {
            if (line.refusal() == null && line.text().isBlank()) {
                continue;
            }
            ObjectNode reply = CertificateJson.mapper().createObjectNode();
            try {
                if (line.refusal() != null) {
                    throw new FormatException("stdin", line.number(), 1, line.refusal());
                }
                JsonInput.Node request = parse(line);
                request.only("id", "args");
                if (request.has("id")) {
                    reply.set("id", request.json().get("id"));
                }
                List<JsonInput.Node> argNodes = request.field("args").elements();
                String[] args = new String[argNodes.size()];
                for (int k = 0; k < args.length; k++) {
                    args[k] = argNodes.get(k).string();
                }
                if (args.length > 0 && args[0].equals("serve")) {
                    throw argNodes.get(0).error("serve cannot be a request (it would read this server's input)");
                }
                StringWriter stdout = new StringWriter();
                StringWriter stderr = new StringWriter();
                long start = os.getProcessCpuTime();
                int code = Main.run(new PrintWriter(stdout), new PrintWriter(new Tee(stderr, err)), args);
                long end = os.getProcessCpuTime();
                reply.put("exitCode", code);
                reply.put("stdout", stdout.toString());
                reply.put("stderr", stderr.toString());
                reply.put("cpuSeconds", (end - start) / 1e9);
                reply.put("processCpuSeconds", end / 1e9);
            } catch (InputException e) {
                reply.put("exitCode", 2);
                reply.put("error", e.getMessage());
            }
            out.println(reply.toString());
            out.flush();
        }
        return 0;
    }

    /** A request line as JSON, syntax errors placed at stdin:LINE:COLUMN, others at a JSON path of "stdin:LINE". */
    private static JsonInput.Node parse(Line line) {
        try {
            return JsonInput.parse("stdin:" + line.number(), line.text());
        } catch (FormatException e) {
            if (e.line() > 0) {
                throw new FormatException("stdin", line.number(), e.column(), e.reason());
            }
            throw e;
        }
    }

    /** Line {@code number} (1-based) of the input: its text, or why it is refused unread (null if it is not). */
    record Line(int number, String text, String refusal) {
    }

    /** Standard input as UTF-8 lines of at most {@link #MAX_LINE_BYTES}, read without holding a longer one. */
    private static final class Lines {
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int at;
        private int end;
        private int number;

        Lines(InputStream in) {
            this.in = in;
        }

        /**
         * The next line without its end, or null at the end of the input; a line that is too long or not UTF-8 is
         * read to its end and refused.
         */
        Line next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long size = 0;
            while (true) {
                if (at == end) {
                    end = Math.max(0, in.read(buffer));
                    at = 0;
                    if (end == 0) {
                        if (size == 0) {
                            return null;
                        }
                        break; // a last line without its end
                    }
                }
                int from = at;
                while (at < end && buffer[at] != '\n') {
                    at++;
                }
                size += at - from;
                if (size <= MAX_LINE_BYTES) {
                    line.write(buffer, from, at - from);
                }
                if (at < end) {
                    at++; // the line's end
                    break;
                }
            }
            number++;
            if (size > MAX_LINE_BYTES) {
                return new Line(number, null, "a request line longer than " + MAX_LINE_BYTES + " bytes (pass games "
                    + "as file names)");
            }
            try {
                return new Line(number, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line.toByteArray()))
                    .toString(), null);
            } catch (CharacterCodingException e) {
                return new Line(number, null, "a request line that is not UTF-8 text");
            }
        }
    }

    /** Writes to a capture and, as it comes, to the server's standard error. */
    private static final class Tee extends Writer {
        private final Writer capture;
        private final Writer live;

        Tee(Writer capture, Writer live) {
            this.capture = capture;
            this.live = live;
        }

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            capture.write(c, off, len);
            live.write(c, off, len);
        }

        @Override
        public void flush() throws IOException {
            capture.flush();
            live.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
