package org.equivariant.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.equilibrium.QreEnumeration;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.RegularizedObjective;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.symmetry.AutomorphismSearch;
import org.equivariant.theory.BlockContrast;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench [WORKLOAD…] [--repeat N] [--warmup W]}: wall-clock timings of fixed, seeded workloads (after warm-up),
 * reported as min / median / max milliseconds. A measurement tool, not a test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time fixed seeded workloads (min/median/max ms after warm-up). Without arguments runs all: "
        + "certified QREs by size (qre-MxM-30, qre-4x4x4-30, qre-4x4x4x4-30) and digits (qre-4x4x4-D), NPG steps "
        + "(npg-3x3x3-double, npg-3x3x3-interval), symmetry discovery (symmetry-8x8, symmetry-I8), exact Dec-Tiger "
        + "returns by horizon (dectiger-return-H1..H4, from --dpomdp), branch-and-bound enumeration "
        + "(enumerate-I3-0.36, enumerate-2x2x2-1) and the exact block threshold of Dec-Tiger, H = 3 "
        + "(lambda-max-block-dectiger-H3).")
final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "WORKLOAD")
    List<String> names = new ArrayList<>();

    @Option(names = "--repeat", defaultValue = "5")
    int repeat;

    @Option(names = "--warmup", defaultValue = "2")
    int warmup;

    @Option(names = "--vs-gambit", paramLabel = "PATH", description = "measure against gambit-logit at PATH instead: "
        + "CPU time of our solve (fresh JVM, certified principal QRE) and of gambit-logit -l on the same games, "
        + "interleaved (see docs/performance.md)")
    String gambit;

    @Option(names = "--games", split = ",", description = "with --vs-gambit: bundled names and random-AxB..., "
        + "random-M^P (default: the issue-12 list)")
    List<String> games;

    @Option(names = "--lambdas", split = ",", defaultValue = "0.5,2,10", description = "with --vs-gambit (default "
        + "${DEFAULT-VALUE})")
    List<String> lambdas;

    @Option(names = "--digits", defaultValue = "30", description = "with --vs-gambit: digits asked of both")
    int digits;

    @Option(names = "--timeout", defaultValue = "300", description = "with --vs-gambit: seconds per run")
    int timeout;

    @Option(names = "--ours", paramLabel = "COMMAND", description = "with --vs-gambit: the shell command that runs "
        + "us (e.g. bin/equivariant; default: this java on this class path, no JVM options)")
    String ours;

    @Option(names = "--warm", description = "with --vs-gambit: also our solve of each cell sent to one '--ours serve' "
        + "process, warmed up (blocks of at least --warmup requests and --warm-block seconds until two in a row cost "
        + "at least 0.97 of the cheapest before and the server has used --warm-cpu seconds, then the mean of at least "
        + "--repeat requests and --warm-block seconds): the server's CPU time per request, every thread's — what a "
        + "program calling the oracle many times pays once the JVM is started and its code compiled")
    boolean warm;

    @Option(names = "--warm-block", defaultValue = "3", paramLabel = "SECONDS", description = "with --warm: the least "
        + "server CPU seconds of each warm-up and timed block (default ${DEFAULT-VALUE})")
    double warmBlock;

    @Option(names = "--warm-cpu", defaultValue = "60", paramLabel = "SECONDS", description = "with --warm: the "
        + "server's CPU seconds before any cell is timed (default ${DEFAULT-VALUE}: its compilers warm up the whole "
        + "solve on the first cells)")
    int warmCpu;

    @Option(names = "--madp", description = "time every bundled MADP model instead (or those given as WORKLOAD): "
        + "load, symmetry discovery, and per horizon the reachable structure, the exact return of the uniform policy "
        + "and one gradient (see docs/performance.md)")
    boolean madp;

    @Option(names = "--max-horizon", defaultValue = "6", description = "with --madp: the largest horizon timed "
        + "(default 6)")
    int maxHorizon;

    @Option(names = "--max-links", defaultValue = "3000000", description = "with --madp: a model's rows stop at the "
        + "first horizon with more successor links (default 3000000)")
    long maxLinks;

    @Option(names = "--dpomdp", defaultValue = "bundled:dectiger",
        description = "Dec-Tiger model for the dectiger-return workloads (default bundled:dectiger)")
    String dpomdp;

    static NormalFormGame random(int players, int actions, long seed) {
        return GameGen.games(players, players, actions, actions, 5).generate(new SplittableRandom(seed));
    }

    static NormalFormGame identity(int n) {
        List<Rational> d = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < n; a++) {
                d.add(a == b ? Rational.ONE : Rational.ZERO);
            }
        }
        var t = new org.equivariant.arith.RationalTensor(new int[] {n, n}, d);
        return NormalFormGame.of("I" + n, List.of(t, t));
    }

    static Map<String, Runnable> workloads(DecPomdp tiger) {
        Map<String, Runnable> w = new LinkedHashMap<>();
        NormalFormGame cs = new Inputs().game("bundled:const_sum_game");
        NormalFormGame g444 = random(3, 4, 2);
        NormalFormGame g333 = random(3, 3, 3);
        NormalFormGame g88 = random(2, 8, 4);
        NormalFormGame i8 = identity(8);
        w.put("qre-2x2-50", () -> QreSolver.solve(cs, Rational.of(2), QreSolver.Options.digits(50)));
        for (int m : new int[] {2, 4, 6, 8, 10}) {
            NormalFormGame g = random(2, m, 10 + m);
            w.put("qre-" + m + "x" + m + "-30", () -> QreSolver.solve(g, Rational.of(1, 20), QreSolver.Options.digits(30)));
        }
        w.put("qre-4x4x4-30", () -> QreSolver.solve(g444, Rational.of(1, 20), QreSolver.Options.digits(30)));
        NormalFormGame g4444 = random(4, 4, 5);
        w.put("qre-4x4x4x4-30", () -> QreSolver.solve(g4444, Rational.of(1, 40), QreSolver.Options.digits(30)));
        for (int d : new int[] {10, 100, 300}) {
            w.put("qre-4x4x4-" + d, () -> QreSolver.solve(g444, Rational.of(1, 20), QreSolver.Options.digits(d)));
        }
        NormalFormGame i3 = identity(3);
        NormalFormGame g222 = new Inputs().game("bundled:2x2x2");
        w.put("enumerate-I3-0.36", () -> QreEnumeration.enumerate(i3, Rational.of(100, 36),
            QreEnumeration.Options.defaults()));
        w.put("enumerate-2x2x2-1", () -> QreEnumeration.enumerate(g222, Rational.ONE,
            QreEnumeration.Options.defaults()));
        w.put("lambda-max-block-dectiger-H3", () -> BlockContrast.of(tiger, 3).threshold(Rational.of(1,
            1_000_000_000)));
        for (int h = 1; h <= 4; h++) {
            int horizon = h;
            w.put("dectiger-return-H" + h, () -> {
                DecPomdpEvaluator<Rational> ev = new DecPomdpEvaluator<>(tiger, horizon, RationalField.INSTANCE);
                ev.expectedReturn(ev.uniform());
            });
        }
        w.put("npg-3x3x3-double", () -> npg(g333, DoubleField.INSTANCE, 0.0, 1000));
        w.put("npg-3x3x3-interval", () -> npg(g333, new IntervalField(30), Interval.ZERO, 100));
        w.put("symmetry-8x8", () -> AutomorphismSearch.fullGroup(g88));
        w.put("symmetry-I8", () -> AutomorphismSearch.fullGroup(i8));
        return w;
    }

    static <T> void npg(NormalFormGame g, org.equivariant.arith.ExpField<T> f, T zero, int steps) {
        RegularizedObjective<T> obj = new RegularizedObjective<>(g, Rational.of(10), f);
        List<List<T>> logp = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            List<T> l = new ArrayList<>();
            for (int a = 0; a < g.numActions(i); a++) {
                l.add(f.log(f.of(Rational.of(1, g.numActions(i)))));
            }
            logp.add(l);
        }
        for (int t = 0; t < steps; t++) {
            logp = obj.npgStep(logp, Rational.of(1, 20));
        }
    }

    @Option(names = "--shard", paramLabel = "I/N", description = "with --vs-gambit or --madp: only the games or models "
        + "k with k mod N = I - 1, so the table splits over parallel jobs (their rows concatenate)")
    String shard;

    /** The items of this --shard (all without it). */
    private List<String> sharded(List<String> items) {
        Shard part = Shard.parse(shard);
        List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            if (part.owns(k)) {
                out.add(items.get(k));
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("--shard " + part + " holds none of the " + items.size() + " items");
        }
        return out;
    }

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        Args.range("--repeat", repeat, 1, 10_000);
        if (gambit != null) {
            Args.range("--digits", digits, 1, 2000);
            Args.range("--timeout", timeout, 1, 86_400);
            for (String l : lambdas) {
                Args.nonNegative("--lambdas", l);
            }
            Args.range("--warmup", warmup, 0, 10_000);
            Args.range("--warm-cpu", warmCpu, 0, 86_400);
            Args.range("--warm-block", warmBlock, 0.01, 3600);
            return new GambitBench(out, spec.commandLine().getErr(), gambit, repeat, digits, timeout * 1000L, ours,
                warm ? warmup : -1, warmCpu, warmBlock).run(sharded(games == null ? GambitBench.DEFAULT_GAMES
                : games), lambdas);
        }
        if (madp) {
            Args.range("--max-horizon", maxHorizon, 1, 30);
            Args.range("--max-links", maxLinks, 1, Integer.MAX_VALUE - 8);
            List<String> models = MadpBench.bundledModels();
            for (String n : names) {
                if (!models.contains(n)) {
                    throw new UsageException("WORKLOAD: '" + org.equivariant.arith.Rational.quote(n) + "' is not a "
                        + "bundled Dec-POMDP; bundled: " + String.join(", ", models));
                }
            }
            return new MadpBench(out, spec.commandLine().getErr(), repeat, maxHorizon, maxLinks)
                .run(sharded(names.isEmpty() ? models : names));
        }
        Args.range("--warmup", warmup, 0, 10_000);
        Map<String, Runnable> all = workloads(new Inputs().decPomdp(dpomdp, spec.commandLine().getErr()));
        List<String> run = names.isEmpty() ? new ArrayList<>(all.keySet()) : names;
        for (String n : run) {
            if (!all.containsKey(n)) {
                throw new UsageException("WORKLOAD: unknown workload '" + org.equivariant.arith.Rational.quote(n)
                    + "'; known: " + String.join(", ", all.keySet()));
            }
        }
        out.printf("%-20s %10s %10s %10s  (ms, %d runs after %d warm-up; %s, %d cores)%n", "workload", "min",
            "median", "max", repeat, warmup, System.getProperty("java.vm.name") + " " + System.getProperty(
                "java.version"), Runtime.getRuntime().availableProcessors());
        for (String n : run) {
            double[] ms = sortedMillis(all.get(n), warmup, repeat);
            out.printf("%-20s %10.1f %10.1f %10.1f%n", n, ms[0], ms[ms.length / 2], ms[ms.length - 1]);
            out.flush();
        }
        return 0;
    }

    /** The wall-clock milliseconds of {@code repeat} runs of {@code task} after {@code warmup} runs, sorted. */
    static double[] sortedMillis(Runnable task, int warmup, int repeat) {
        for (int k = 0; k < warmup; k++) {
            task.run();
        }
        double[] ms = new double[repeat];
        for (int k = 0; k < repeat; k++) {
            long t0 = System.nanoTime();
            task.run();
            ms[k] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }
}
