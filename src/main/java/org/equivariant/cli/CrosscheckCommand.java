package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.equilibrium.ClaimCheck;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.PlantedGame;
import org.equivariant.io.NfgWriter;
import org.equivariant.io.SolverProtocol;
import org.equivariant.theory.InteractionContrast;
import org.equivariant.theory.PerronCertificate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crosscheck --solver 'COMMAND'}: seeded random games sent to an external QRE solver over the JSON protocol of
 * {@link SolverProtocol}; each answer is certified; the first disagreement is shrunk to a minimal game.
 */
@Command(name = "crosscheck", mixinStandardHelpOptions = true,
    description = "Cross-checks an external logit-QRE solver on seeded random games (JSON on stdin/stdout, "
        + "docs/cross-checking.md). Prints a summary table and, on disagreement, a shrunk counterexample as .nfg. "
        + "Exit code 1 if a disagreement was proved.")
final class CrosscheckCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--solver", required = true, description = "command run by 'sh -c' once per game")
    String solver;

    @Option(names = "--games", defaultValue = "50")
    int games;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--min-players", defaultValue = "2")
    int minPlayers;

    @Option(names = "--max-players", defaultValue = "3")
    int maxPlayers;

    @Option(names = "--max-actions", defaultValue = "4")
    int maxActions;

    @Option(names = "--planted", description = "games with planted symmetry groups")
    boolean planted;

    @Option(names = "--tau-min", defaultValue = "1.1", description = "τ range as multiples of κ (uniqueness proved "
        + "above 1)")
    String tauMin;

    @Option(names = "--tau-max", defaultValue = "3")
    String tauMax;

    @Option(names = "--tolerance", defaultValue = "1e-6")
    String tolerance;

    @Option(names = "--timeout", defaultValue = "10", description = "seconds per solver call")
    int timeout;

    @Option(names = "--json", description = "machine-readable summary")
    boolean json;

    enum Outcome { AGREE, DISAGREE, UNDECIDED, SOLVER_ERROR, TIMEOUT }

    record Trial(Outcome outcome, String detail) {
    }

    /** Largest answer read from a solver (documented in docs/cross-checking.md); more is a solver error. */
    static final int MAX_OUTPUT_BYTES = 16 << 20;
    static final int MAX_STDERR_BYTES = 1 << 20;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Args.range("--games", games, 1, 1_000_000);
        Args.range("--timeout", timeout, 1, 86_400);
        Args.range("--min-players", minPlayers, 1, 8);
        Args.range("--max-players", maxPlayers, minPlayers, 8);
        Args.range("--max-actions", maxActions, 2, 12);
        Rational tol = Args.positive("--tolerance", tolerance);
        Rational lo = Args.positive("--tau-min", tauMin);
        Rational hi = Args.positive("--tau-max", tauMax);
        if (hi.compareTo(lo) < 0) {
            throw new UsageException("--tau-max (" + hi + ") must not be below --tau-min (" + lo + ")");
        }
        if (solver.isBlank()) {
            throw new UsageException("--solver must name a command");
        }
        Gen<NormalFormGame> gen = planted ? PlantedGame.planted(minPlayers, maxPlayers, maxActions, 3)
            .map(PlantedGame::game) : GameGen.games(minPlayers, maxPlayers, 2, maxActions, 3);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        NormalFormGame firstBad = null;
        Rational firstBadFactor = null;
        for (int k = 0; k < games; k++) {
            SplittableRandom r = new SplittableRandom(seed + k);
            NormalFormGame g = gen.generate(r);
            Rational factor = lo.add(hi.subtract(lo).multiply(Rational.of(r.nextInt(0, 1001), 1000)));
            Trial t = trial(g, factor, tol);
            counts.merge(t.outcome(), 1, Integer::sum);
            if (t.outcome() == Outcome.DISAGREE && firstBad == null) {
                firstBad = g;
                firstBadFactor = factor;
            }
            if (t.outcome() == Outcome.SOLVER_ERROR || t.outcome() == Outcome.TIMEOUT) {
                err.printf("%ngame %d (seed %d): %s: %s%n", k + 1, seed + k, t.outcome(), t.detail());
            }
            progress(err, k + 1);
        }
        err.println();
        NormalFormGame shrunk = firstBad == null ? null : shrink(firstBad, firstBadFactor, tol);
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            counts.forEach((key, v) -> o.put(key.name(), v));
            if (shrunk != null) {
                o.put("counterexample", NfgWriter.write(shrunk));
                o.put("lambda", lambda(shrunk, firstBadFactor).toString());
            }
            out.println(CertificateJson.mapper().writeValueAsString(o));
        } else {
            out.printf("%-14s %6s%n", "outcome", "games");
            counts.forEach((key, v) -> out.printf("%-14s %6d%n", key.name().toLowerCase().replace('_', ' '), v));
            if (shrunk != null) {
                Rational lam = lambda(shrunk, firstBadFactor);
                out.printf("%nshrunk counterexample (%d players, actions %s) at lambda = %s:%n%s", shrunk.numPlayers(),
                    java.util.Arrays.toString(shrunk.dims()), lam, NfgWriter.write(shrunk));
                out.println(trial(shrunk, firstBadFactor, tol).detail());
            }
        }
        return counts.get(Outcome.DISAGREE) > 0 ? 1 : 0;
    }

    private static Rational lambda(NormalFormGame g, Rational factor) {
        Rational kappa = PerronCertificate.find(InteractionContrast.quarter(InteractionContrast.of(g))).kappa();
        Rational tau = kappa.isZero() ? factor : kappa.multiply(factor);
        return tau.reciprocal();
    }

    private Trial trial(NormalFormGame g, Rational factor, Rational tol) {
        Rational lambda = lambda(g, factor);
        String answer;
        try {
            Optional<String> o = run(SolverProtocol.request(g, lambda));
            if (o.isEmpty()) {
                return new Trial(Outcome.TIMEOUT, "no answer within " + timeout + " s");
            }
            answer = o.get();
        } catch (IOException | RuntimeException e) {
            return new Trial(Outcome.SOLVER_ERROR, e.getMessage());
        }
        List<List<Rational>> profile;
        try {
            profile = SolverProtocol.response(answer, g);
        } catch (org.equivariant.io.InputException e) {
            return new Trial(Outcome.SOLVER_ERROR, e.getMessage());
        }
        List<Rational> flat = profile.stream().flatMap(List::stream).toList();
        ClaimCheck c = ClaimCheck.check(g, lambda, flat, tol, 15);
        String detail = "solver: " + profile + "; certified QRE: " + c.result().qres().stream().findFirst()
            .map(q -> q.profile().toString()).orElse("none") + "; distance in [" + (c.nearest() < 0 ? "?" : Report.upper(
            c.lowerDistances().get(c.nearest()))) + ", " + (c.nearest() < 0 ? "?" : Report.upper(
            c.upperDistances().get(c.nearest()))) + "]";
        return switch (c.outcome()) {
            case AGREES -> new Trial(Outcome.AGREE, detail);
            case DISAGREES -> new Trial(Outcome.DISAGREE, detail);
            case AGREES_WITH_ONE_OF_SEVERAL, NO_CERTIFIED_QRE_NEAR -> new Trial(Outcome.UNDECIDED, detail);
        };
    }

    /** Greedy shrinking within the generator's range: keep any simpler game (fewer players, actions, simpler payoffs) that still disagrees. */
    private NormalFormGame shrink(NormalFormGame g, Rational factor, Rational tol) {
        NormalFormGame current = g;
        boolean progress = true;
        int steps = 0;
        while (progress && steps < 200) {
            progress = false;
            for (NormalFormGame cand : (Iterable<NormalFormGame>) GameGen.shrinker(minPlayers, 2).shrink(current)::iterator) {
                if (trial(cand, factor, tol).outcome() == Outcome.DISAGREE) {
                    current = cand;
                    progress = true;
                    steps++;
                    break;
                }
            }
        }
        return current;
    }

    /** The solver's standard output, or empty on timeout; an {@link IOException} says what went wrong. */
    private Optional<String> run(String request) throws IOException {
        ExternalProcess.Outcome o = new ExternalProcess(solver, timeout * 1000L, MAX_OUTPUT_BYTES, MAX_STDERR_BYTES)
            .run(request);
        return switch (o.status()) {
            case TIMEOUT -> Optional.empty();
            case OUTPUT_TOO_LARGE -> throw new IOException("solver printed more than " + (MAX_OUTPUT_BYTES >> 20)
                + " MiB");
            case EXITED -> {
                if (o.exitCode() != 0) {
                    String first = o.stderr().strip().lines().findFirst().orElse("");
                    throw new IOException("solver exited with code " + o.exitCode() + (first.isEmpty() ? ""
                        : ": " + Rational.quote(first)));
                }
                yield Optional.of(o.stdout());
            }
        };
    }

    private void progress(PrintWriter err, int done) {
        int width = 30;
        int filled = done * width / Math.max(1, games);
        err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + games);
        err.flush();
    }
}
