package org.equivariant.cli;

import java.io.PrintWriter;
import org.equivariant.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code equivariant <command>}. */
@Command(name = "equivariant", mixinStandardHelpOptions = true, version = "equivariant 0.1.0",
    description = "Certified oracle for entropy-regularized learning in games: logit QRE to any number of digits, "
        + "with machine-checkable certificates.")
public final class Main implements Runnable {
    /**
     * The subcommands' names (each class's {@code @Command} name). Only the one invoked is given to picocli, whose
     * reflective model of all of them would cost a third of a second of start-up; {@code --version} gets none, help and
     * unknown names get all.
     */
    static final java.util.List<String> COMMANDS = java.util.List.of("solve", "trace", "check-certificate", "verify",
        "crosscheck", "symmetries", "flow", "markov", "evaluate", "threshold", "lq", "demo", "bench", "serve");

    /**
     * The subcommand named {@code name}, one of {@link #COMMANDS}: a switch rather than a map of constructor
     * references, whose fourteen call sites would each be linked, and their classes loaded, on every start.
     */
    private static Object command(String name) {
        return switch (name) {
            case "solve" -> new SolveCommand();
            case "trace" -> new TraceCommand();
            case "check-certificate" -> new CheckCertificateCommand();
            case "verify" -> new VerifyCommand();
            case "crosscheck" -> new CrosscheckCommand();
            case "symmetries" -> new SymmetriesCommand();
            case "flow" -> new FlowCommand();
            case "markov" -> new MarkovCommand();
            case "evaluate" -> new EvaluateCommand();
            case "threshold" -> new ThresholdCommand();
            case "lq" -> new LqCommand();
            case "demo" -> new DemoCommand();
            case "bench" -> new BenchCommand();
            case "serve" -> new ServeCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // numbers in the root locale's form whatever the user's (ASCII digits, a decimal point): reports, tables and
        // messages are read by programs and compared across machines
        java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, java.util.Locale.ROOT);
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs a command line with the given streams; returns the exit code: 0 ok, 1 a claim was rejected, 2 refused
     * input (the message names the file and place, the JSON path or the option), 3 an internal failure (a bug).
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        if (args.length > 0 && COMMANDS.contains(args[0])) {
            cl.addSubcommand(command(args[0]));
        } else if (!(args.length == 1 && (args[0].equals("--version") || args[0].equals("-V")))) {
            COMMANDS.forEach(c -> cl.addSubcommand(command(c)));
        }
        cl.setOut(out);
        cl.setErr(err);
        boolean json = java.util.Arrays.asList(args).contains("--json");
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            StderrProgress.endAll(); // stopped by an error, not interrupted
            if (ex instanceof InputException) {
                line.getErr().println("error: " + ex.getMessage());
                if (json) {
                    // under --json the refusal is also machine-readable, on standard output
                    var o = org.equivariant.certificate.CertificateJson.mapper().createObjectNode();
                    o.put("error", ex.getMessage());
                    o.put("exitCode", 2);
                    line.getOut().println(o.toString());
                }
                return 2;
            }
            line.getErr().println("internal error (a bug; please report it with the command line and input): "
                + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                + (System.getenv("EQUIVARIANT_STACK_TRACE") == null ? " (set EQUIVARIANT_STACK_TRACE=1 to print "
                + "its stack trace)" : ""));
            if (System.getenv("EQUIVARIANT_STACK_TRACE") != null) {
                ex.printStackTrace(line.getErr());
            }
            return 3;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            StderrProgress.endAll();
            err.println("error: out of memory; lower the input or run java with a larger -Xmx");
            code = 2;
        } finally {
            StderrProgress.endAll(); // none is left open by a command that returns, however it returns
        }
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
