package org.equivariant.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.equivariant.arith.Rational;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: certified QREs on the bundled games, the uniqueness threshold, and an honest refusal. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs on the bundled games: a certified QRE with uniqueness proved, the uniqueness threshold, "
        + "and a refusal where the QRE is not unique.")
final class DemoCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--digits", defaultValue = "40", description = "decimal places")
    int digits;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        section(out, "1. Gambit's constant-sum test game at lambda = 2: certified and unique",
            "bundled:const_sum_game", Rational.of(2), false);
        section(out, "2. The McKelvey-McLennan 2x2x2 game at lambda = 1/10 (tau = 10 > kappa): unique",
            "bundled:2x2x2", Rational.of(1, 10), false);
        section(out, "3. The same game at lambda = 1 (tau = 1 <= kappa): uniqueness refused; --all proves several QREs",
            "bundled:2x2x2", Rational.ONE, true);
        section(out, "4. The coordination game coord2 at lambda = 4 with --all: not unique",
            "bundled:coord2", Rational.of(4), true);
        return 0;
    }

    private void section(PrintWriter out, String heading, String game, Rational lambda, boolean all) {
        out.println("== " + heading);
        NormalFormGame g = new Inputs().game(game);
        long t0 = System.nanoTime();
        QreResult r = QreSolver.solve(g, lambda, all ? QreSolver.Options.all(digits) : QreSolver.Options.digits(digits));
        out.print(Report.text(r, digits));
        out.printf("checker  %s (%.2f s)%n%n", r.report().valid() ? "certificate re-verified independently" :
            "certificate REJECTED: " + r.report().findings(), (System.nanoTime() - t0) / 1e9);
    }
}
