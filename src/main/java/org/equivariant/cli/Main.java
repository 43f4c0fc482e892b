package org.equivariant.cli;

import java.io.PrintWriter;
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

    /** Runs a command line with the given streams; returns the exit code (0 ok, 1 claim rejected, 2 bad input). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("error: " + describe(ex));
            return 2;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String describe(Exception ex) {
        Throwable t = ex;
        if (t instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            return u.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
