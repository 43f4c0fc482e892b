package org.equivariant.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.equilibrium.TracedBranch;
import org.equivariant.game.NormalFormGame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code trace GAME --lambda-max L [--format csv|json|svg] [--out FILE]}: the certified principal branch. */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "The principal branch of the logit correspondence, certified from the centroid at lambda = 0 to "
        + "--lambda-max (theorem BR-CHAIN): Gambit-compatible CSV (lambda,p1a1,...; the points where certified pieces "
        + "meet), JSON with the enclosures and the replayed box chain, or an SVG plot of each player's action "
        + "probabilities against lambda. Exit code 0 when lambda-max is reached, 1 when the chain stops at a "
        + "singular point (the certified part is still written).")
final class TraceCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GAME", description = "a Gambit .nfg file, or bundled:NAME")
    String game;

    @Option(names = "--lambda-max", required = true, description = "where the trace ends (exact, > 0)")
    String lambdaMax;

    @Option(names = "--format", defaultValue = "csv", description = "csv, json or svg (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--decimals", defaultValue = "10", description = "decimals of the CSV and SVG points")
    int decimals;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        Rational lambda = Args.positive("--lambda-max", lambdaMax);
        Args.range("--decimals", decimals, 1, 40);
        if (!List.of("csv", "json", "svg").contains(format)) {
            throw new UsageException("--format must be csv, json or svg, got '" + format + "'");
        }
        Inputs.writable("--out", out);
        NormalFormGame g = inputs.game(game);
        Work.refuseIfTooLarge(g, 18);
        PrintWriter err = spec.commandLine().getErr();
        StderrProgress progress = new StderrProgress(err);
        AtomicReference<List<TracedBranch.Node>> partial = new AtomicReference<>(List.of());
        PrintWriter stdout = spec.commandLine().getOut();
        Thread interrupted = new Thread(() -> interrupted(partial.get(), format, out, decimals, stdout, err));
        Runtime.getRuntime().addShutdownHook(interrupted);
        TracedBranch t;
        try {
            t = TracedBranch.trace(g, lambda, progress, partial::set);
        } finally {
            Runtime.getRuntime().removeShutdownHook(interrupted);
            progress.done();
        }
        String text = switch (format) {
            case "json" -> CertificateJson.mapper().writeValueAsString(TraceReport.json(t, decimals)) + "\n";
            case "svg" -> TraceReport.svg(t);
            default -> TraceReport.csv(TraceReport.allNodes(t), decimals);
        };
        if (out != null) {
            Inputs.write(out, text, "trace");
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        err.println(TraceReport.summary(t));
        return t.complete() ? 0 : 1;
    }

    /**
     * On interrupt (Ctrl-C, a batch system's TERM): the nodes proved so far as CSV — where the trace goes (standard
     * output or {@code out}) when it is CSV, else on standard error — and on standard error what they are.
     */
    static void interrupted(List<TracedBranch.Node> nodes, String format, Path out, int decimals, PrintWriter stdout,
                            PrintWriter err) {
        if (nodes.isEmpty()) { // no piece yet: nothing is certified but the centroid
            err.println();
            err.println("interrupted before the first piece was proved: nothing certified to write");
            err.flush();
            return;
        }
        String csv = TraceReport.csv(nodes, decimals);
        String what = "the " + (nodes.size() - 1) + " pieces proved so far (each by the checker's test; the chain was "
            + "not replayed)";
        err.println();
        if (format.equals("csv")) {
            try {
                if (out != null) {
                    Files.writeString(out, csv);
                } else {
                    stdout.print(csv);
                    stdout.flush();
                }
                err.println("interrupted: " + what + " written to " + (out != null ? out : "standard output"));
                err.flush();
                return;
            } catch (java.io.IOException e) {
                err.println("interrupted: " + out + ": cannot write the trace (" + Inputs.reason(e) + ")");
            }
        }
        err.println("interrupted: " + what + ":");
        err.print(csv);
        err.flush();
    }
}
