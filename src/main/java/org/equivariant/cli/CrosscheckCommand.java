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
 * {@link SolverProtocol}; each answer is certified; the first disagreement is shrunk to a minimal game. With
 * {@code --principal} the solver claims the principal branch's QRE (BR-CHAIN), where the QRE need not be unique: an
 * answer farther than the tolerance from the certified principal-branch QRE, by the certified distance's lower bound,
 * is a proved disagreement — unless that QRE is certified only past a singular point of its branch, where other
 * branches leave it ({@link org.equivariant.equilibrium.PrincipalBranch#pastASingularPoint}): such an answer is
 * judged as without {@code --principal}.
 */
@Command(name = "crosscheck", mixinStandardHelpOptions = true, subcommands = CrosscheckCommand.Merge.class,
    description = "Cross-checks an external logit-QRE solver on seeded random games (JSON on stdin/stdout, "
        + "docs/cross-checking.md). Prints a summary table and, on disagreement, a shrunk counterexample as .nfg. "
        + "Exit code 1 if a disagreement was proved. 'crosscheck merge FILE…' combines --shard runs' --json reports.")
final class CrosscheckCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--solver", description = "command run by 'sh -c' once per game (required)")
    String solver;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only games k with k mod N = I - 1 (1-based "
        + "I); merge the parts' --json reports with 'crosscheck merge'")
    String shard;

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

    @Option(names = "--tau-min", description = "τ range as multiples of κ (uniqueness proved above 1; default 1.1, "
        + "with --principal 1/10)")
    String tauMin;

    @Option(names = "--tau-max", description = "(default 3, with --principal 1)")
    String tauMax;

    @Option(names = "--principal", description = "the solver claims the principal-branch QRE (the logit solution a "
        + "path-following solver from the centroid reports, such as gambit-logit's): an answer proved farther than the "
        + "tolerance from the certified principal-branch QRE disagrees, whether or not the QRE is unique")
    boolean principal;

    @Option(names = "--tolerance", defaultValue = "1e-6")
    String tolerance;

    @Option(names = "--timeout", defaultValue = "10", description = "seconds per solver call")
    int timeout;

    @Option(names = "--json", description = "machine-readable summary")
    boolean json;

    @Option(names = "--max-shrinks", defaultValue = "200", paramLabel = "N", description = "the most simplifications "
        + "of the first disagreeing game, each found by calling the solver on simpler games (default ${DEFAULT-VALUE}; "
        + "0: that game as it was drawn)")
    int maxShrinks;

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
        Args.range("--max-shrinks", maxShrinks, 0, 100_000);
        Rational tol = Args.positive("--tolerance", tolerance);
        Rational lo = Args.positive("--tau-min", tauMin != null ? tauMin : principal ? "1/10" : "1.1");
        Rational hi = Args.positive("--tau-max", tauMax != null ? tauMax : principal ? "1" : "3");
        if (hi.compareTo(lo) < 0) {
            throw new UsageException("--tau-max (" + hi + ") must not be below --tau-min (" + lo + ")");
        }
        if (solver == null || solver.isBlank()) {
            throw new UsageException("--solver must name a command");
        }
        Shard part = Shard.parse(shard);
        Gen<NormalFormGame> gen = planted ? PlantedGame.planted(minPlayers, maxPlayers, maxActions, 3)
            .map(PlantedGame::game) : GameGen.games(minPlayers, maxPlayers, 2, maxActions, 3);
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            counts.put(o, 0);
        }
        NormalFormGame firstBad = null;
        Rational firstBadFactor = null;
        int firstBadGame = -1;
        int ran = 0;
        for (int k = 0; k < games; k++) {
            if (!part.owns(k)) {
                continue;
            }
            ran++;
            SplittableRandom r = new SplittableRandom(seed + k);
            NormalFormGame g = gen.generate(r);
            Rational factor = lo.add(hi.subtract(lo).multiply(Rational.of(r.nextInt(0, 1001), 1000)));
            Trial t = trial(g, factor, tol);
            counts.merge(t.outcome(), 1, Integer::sum);
            if (t.outcome() == Outcome.DISAGREE && firstBad == null) {
                firstBad = g;
                firstBadFactor = factor;
                firstBadGame = k + 1;
            }
            if (t.outcome() == Outcome.SOLVER_ERROR || t.outcome() == Outcome.TIMEOUT) {
                err.printf("%ngame %d (seed %d): %s: %s%n", k + 1, seed + k, t.outcome(), t.detail());
            }
            progress(err, ran, (games - part.index() + part.count()) / part.count());
        }
        err.println();
        NormalFormGame shrunk = firstBad == null ? null : shrink(firstBad, firstBadFactor, tol);
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            counts.forEach((key, v) -> o.put(key.name(), v));
            o.put("games", games);
            o.put("seed", seed);
            o.put("principal", principal);
            o.put("shard", part.toString());
            if (shrunk != null) {
                o.put("counterexample", NfgWriter.write(shrunk));
                o.put("lambda", lambda(shrunk, firstBadFactor).toString());
                o.put("counterexampleGame", firstBadGame);
            }
            out.println(CertificateJson.mapper().writeValueAsString(o));
        } else {
            out.printf("%-14s %6s%n", "outcome", "games");
            counts.forEach((key, v) -> out.printf("%-14s %6d%n", key.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' '), v));
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
        if (principal) {
            ClaimCheck.PrincipalDistance pd = ClaimCheck.toPrincipal(g, lambda, flat, 15).orElse(null);
            // the certified box holds the principal-branch QRE: a lower bound above the tolerance proves the answer
            // is not it, an upper bound within it that the answer is — unless that QRE was proved past a singular
            // point, where other branches of its component leave it and a path-follower may go on along one of
            // them (gambit-logit does past symmetry-breaking pitchforks)
            if (pd != null && (!pd.result().principal().pastASingularPoint() || pd.upper().compareTo(tol) <= 0)) {
                String detail = "solver: " + profile + "; certified principal-branch QRE: " + pd.result().qres()
                    .get(pd.result().principalIndex()).profile() + "; distance in [" + Report.lower(pd.lower()) + ", "
                    + Report.upper(pd.upper()) + "]";
                return new Trial(pd.upper().compareTo(tol) <= 0 ? Outcome.AGREE : pd.lower().compareTo(tol) > 0
                    ? Outcome.DISAGREE : Outcome.UNDECIDED, detail);
            }
            // no principal QRE certified at λ, or one past a singular point that the answer is not near: the answer
            // is judged as without --principal (a claim no QRE is near can still be proved wrong)
        }
        ClaimCheck c = ClaimCheck.check(g, lambda, flat, tol, 15);
        String detail = "solver: " + profile + "; certified QRE: " + c.result().qres().stream().findFirst()
            .map(q -> q.profile().toString()).orElse("none") + "; distance in [" + (c.nearest() < 0 ? "?" : Report.lower(
            c.lowerDistances().get(c.nearest()))) + ", " + (c.nearest() < 0 ? "?" : Report.upper(
            c.upperDistances().get(c.nearest()))) + "]";
        return switch (c.outcome()) {
            case AGREES -> new Trial(Outcome.AGREE, detail);
            case DISAGREES, NO_QRE_NEAR -> new Trial(Outcome.DISAGREE, detail);
            case AGREES_WITH_ONE_OF_SEVERAL, NO_CERTIFIED_QRE_NEAR, AGREES_WITH_THE_SINGULAR_CENTROID ->
                new Trial(Outcome.UNDECIDED, detail);
        };
    }

    /**
     * Greedy shrinking within the generator's range: keep any simpler game (fewer players, actions, simpler payoffs)
     * that still disagrees, at most --max-shrinks times.
     */
    private NormalFormGame shrink(NormalFormGame g, Rational factor, Rational tol) {
        NormalFormGame current = g;
        boolean progress = true;
        int steps = 0;
        while (progress && steps < maxShrinks) {
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

    private static void progress(PrintWriter err, int done, int total) {
        int width = 30;
        int filled = Math.min(width, done * width / Math.max(1, total));
        err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total);
        err.flush();
    }

    /** {@code crosscheck merge FILE…}: one report from the --json reports of the shards of one campaign. */
    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Merge the --json reports of 'crosscheck "
        + "--shard I/N' runs of one campaign (same --games and --seed, shards 1..N each once) into one report; the "
        + "counterexample kept is the one of the earliest game. Exit code 1 if any shard proved a disagreement.")
    static final class Merge implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @picocli.CommandLine.Parameters(paramLabel = "FILE", arity = "1..*", description = "shard reports (--json)")
        List<java.nio.file.Path> files;

        @picocli.CommandLine.Mixin
        Inputs inputs;

        @Override
        public Integer call() throws Exception {
            ObjectNode merged = CertificateJson.mapper().createObjectNode();
            for (Outcome o : Outcome.values()) {
                merged.put(o.name(), 0);
            }
            java.util.Set<Integer> seen = new java.util.TreeSet<>();
            Integer count = null;
            Integer bestGame = null;
            for (java.nio.file.Path f : files) {
                org.equivariant.io.JsonInput.Node root = org.equivariant.io.JsonInput.parse(f.toString(),
                    inputs.text(f)).object();
                Shard s = Shard.parse(root.field("shard").string());
                long games = root.field("games").integer(1, 1_000_000);
                String seed = root.field("seed").json().asText();
                // reports written before --principal existed are of campaigns without it
                boolean principal = root.has("principal") && root.field("principal").bool();
                if (merged.has("games") && (merged.get("games").asLong() != games || !merged.get("seed").asText()
                    .equals(seed) || merged.get("principal").asBoolean() != principal)) {
                    throw root.field("games").error("belongs to another campaign (games " + games + ", seed " + seed
                        + (principal ? ", --principal" : "") + "; the first file has games " + merged.get("games")
                        .asLong() + ", seed " + merged.get("seed").asText() + (merged.get("principal").asBoolean()
                        ? ", --principal" : "") + ")");
                }
                merged.put("games", games);
                merged.put("seed", seed);
                merged.put("principal", principal);
                if (count != null && count != s.count()) {
                    throw root.field("shard").error("is one of " + s.count() + " shards, the first file one of "
                        + count);
                }
                count = s.count();
                if (!seen.add(s.index())) {
                    throw root.field("shard").error("shard " + s + " appears twice");
                }
                for (Outcome o : Outcome.values()) {
                    merged.put(o.name(), merged.get(o.name()).asInt() + root.field(o.name()).integer(0, 1_000_000));
                }
                if (root.has("counterexample")) {
                    int game = root.field("counterexampleGame").integer(1, 1_000_000);
                    if (bestGame == null || game < bestGame) {
                        bestGame = game;
                        merged.put("counterexample", root.field("counterexample").string());
                        merged.put("lambda", root.field("lambda").string());
                        merged.put("counterexampleGame", game);
                    }
                }
            }
            merged.put("shards", seen.size() + " of " + count);
            if (seen.size() != count) {
                spec.commandLine().getErr().println("warning: " + seen.size() + " of " + count + " shards merged; "
                    + "the counts cover only those");
            }
            spec.commandLine().getOut().println(CertificateJson.mapper().writeValueAsString(merged));
            return merged.get(Outcome.DISAGREE.name()).asInt() > 0 ? 1 : 0;
        }
    }
}
