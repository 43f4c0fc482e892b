package org.equivariant.cli;

import java.io.PrintWriter;
import org.equivariant.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Command-line entry point: {@code equivariant <command>}. */
@Command(name = "equivariant", mixinStandardHelpOptions = true, version = "equivariant 0.1.0",
    description = "Certified oracle for entropy-regularized learning in games: logit QRE to any number of digits, "
        + "with machine-checkable certificates.",
    subcommands = {SolveCommand.class, CheckCertificateCommand.class, VerifyCommand.class, CrosscheckCommand.class, SymmetriesCommand.class, FlowCommand.class, ThresholdCommand.class, LqCommand.class, DemoCommand.class, BenchCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /**
     * Runs a command line with the given streams; returns the exit code: 0 ok, 1 a claim was rejected, 2 refused
     * input (the message names the file and place, the JSON path or the option), 3 an internal failure (a bug).
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof InputException) {
                line.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            line.getErr().println("internal error (a bug; please report it with the command line and input): "
                + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
            return 3;
        });
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("error: out of memory; lower the input or run java with a larger -Xmx");
            code = 2;
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
