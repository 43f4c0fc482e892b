package org.equivariant.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import org.equivariant.game.MarkovGame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code markov [solve|npg|symmetries] GAME --tau T [--eta E]}: independent NPG on a Markov game and its certified
 * Markov QRE. Without a subcommand the whole report; {@code solve} the certified QRE, its values and the uniqueness
 * verdict; {@code npg} the NPG run and its certified rate; {@code symmetries} the game's full group.
 */
@Command(name = "markov", mixinStandardHelpOptions = true,
    subcommands = {MarkovCommand.Solve.class, MarkovCommand.Npg.class, MarkovCommand.Symmetries.class},
    description = "Runs entropy-regularized independent natural policy gradient on a discounted Markov game from the "
        + "uniform policy (double fast path, measured), reports its convergence and observed contraction, and "
        + "certifies the Markov QRE it reaches (theorem MQRE-K: a Krawczyk box in interval arithmetic, replayed by "
        + "the checker). Without a subcommand: the whole report; 'markov solve', 'markov npg' and 'markov "
        + "symmetries' give its parts.")
final class MarkovCommand extends MarkovReport.PartsCommand {
    MarkovCommand() {
        super(EnumSet.allOf(MarkovReport.Part.class));
    }

    @Command(name = "solve", mixinStandardHelpOptions = true, description = "The certified Markov QRE (MQRE-K: a "
        + "Krawczyk box around the end of an NPG run from the uniform policy, replayed by the checker), the agents' "
        + "regularized values, the uniqueness verdict (MQRE-U) and the QRE's equivariance under the game's group.")
    static final class Solve extends MarkovReport.PartsCommand {
        Solve() {
            super(EnumSet.of(MarkovReport.Part.QRE));
        }
    }

    @Command(name = "npg", mixinStandardHelpOptions = true, description = "Entropy-regularized independent NPG from "
        + "the uniform policy (double fast path, measured): convergence, observed contraction per step, and the "
        + "certified linear rate of the run (NPG-EX) when it can be proved; --plot draws the run under its bound.")
    static final class Npg extends MarkovReport.PartsCommand {
        Npg() {
            super(EnumSet.of(MarkovReport.Part.NPG));
        }
    }

    @Command(name = "symmetries", mixinStandardHelpOptions = true, description = "The Markov game's full symmetry "
        + "group: every agent, state and action relabelling tried, each checked exactly against mu, P and r; its "
        + "elements and the agent and state orbits (as 'symmetries GAME', with GAME read as a Markov game).")
    static final class Symmetries implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "GAME", description = "as for markov")
        String game;

        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Option(names = "--plot", paramLabel = "FILE.svg", description = "draw the group acting on the agents and "
            + "states as SVG")
        Path plot;

        @Mixin
        Inputs inputs;

        @Mixin
        DiscountOption discount;

        @Override
        public Integer call() throws Exception {
            Inputs.writable("--plot", plot);
            MarkovGame g = inputs.markovGame(game, discount, spec.commandLine().getErr());
            return SymmetriesCommand.markovGroup(spec.commandLine().getOut(), g, json, plot);
        }
    }
}
