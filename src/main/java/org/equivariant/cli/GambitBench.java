package org.equivariant.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.io.NfgWriter;

/**
 * {@code bench --vs-gambit PATH}: our {@code solve GAME --lambda L --digits D} (a fresh JVM: the certified principal
 * QRE, checked) against {@code gambit-logit -q -l L -d D GAME}, side by side in one run. CPU time (user + system of
 * the process and its children) is read from bash's {@code time} with millisecond resolution; gambit-logit is run
 * k times in a row per measurement (k chosen so a block takes at least 0.2 s) and divided by k. Repetitions are
 * interleaved: every cell once, then every cell again. Reports the median per cell, the ratio, and the medians over
 * all cells and over games with at least 10⁴ payoff entries. With {@code --warm}, each cell's solve is also sent to
 * one {@code ours serve} process (the way a program calling the oracle many times runs it), after warm-up requests:
 * that process's CPU time per solve, every thread's, without a JVM's start and compilation. A measurement tool, not a
 * test.
 */
final class GambitBench {
    /** A named game of the benchmark and its .nfg file. */
    record Game(String name, NormalFormGame game, Path file) {
        long entries() {
            long cells = 1;
            for (int d : game.dims()) {
                cells *= d;
            }
            return cells * game.numPlayers();
        }
    }

    /** The default game list of issue 12: bundled games and seeded random games. */
    static final List<String> DEFAULT_GAMES = List.of("coord2", "const_sum_game", "2x2x2", "5x4x3", "8x8",
        "2x2x2x2x2", "random-10x10", "random-20x20", "random-40x40", "random-80x80", "random-4x4x4", "random-8x8x8",
        "random-3^4", "random-2^6", "random-2^10");

    private final PrintWriter out;
    private final PrintWriter err;
    private final String gambit;
    private final int repeat;
    private final int digits;
    private final long timeoutMillis;
    private final String ours;
    /** Warm-up requests of the served solve before the timed ones; negative: no served column. */
    private final int warmup;
    /** The server's CPU seconds before any cell is timed: its compilers' warm-up of the whole solve. */
    private final double warmCpu;
    /** The least server CPU seconds of a served block (warm-up or timed). */
    private final double blockSeconds;

    /**
     * A bench against gambit-logit at {@code gambit}; our runs use the shell command {@code ours} (null: this JVM's
     * {@code java} on this class path, with no JVM options); with {@code warmup} ≥ 0 also through {@code ours serve},
     * after blocks of at least that many warm-up requests and {@code blockSeconds} of the server's CPU and, in all,
     * {@code warmCpu} seconds of it.
     */
    GambitBench(PrintWriter out, PrintWriter err, String gambit, int repeat, int digits, long timeoutMillis,
                String ours, int warmup, double warmCpu, double blockSeconds) {
        this.ours = ours;
        this.warmup = warmup;
        this.warmCpu = warmCpu;
        this.blockSeconds = blockSeconds;
        this.out = out;
        this.err = err;
        this.gambit = gambit;
        this.repeat = repeat;
        this.digits = digits;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A game by name: bundled, or {@code random-AxBx…} (one player per factor) or {@code random-M^P} (P players with
     * M actions), payoffs k/d with |k| ≤ 5d, d ∈ {1, 2, 4}, from a seed fixed by the name.
     */
    static NormalFormGame game(String name) {
        if (!name.startsWith("random-")) {
            return new Inputs().game("bundled:" + name);
        }
        String spec = name.substring("random-".length());
        int[] dims;
        try {
            if (spec.contains("^")) {
                String[] p = spec.split("\\^");
                dims = new int[Integer.parseInt(p[1])];
                Arrays.fill(dims, Integer.parseInt(p[0]));
            } else {
                dims = Arrays.stream(spec.split("x")).mapToInt(Integer::parseInt).toArray();
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new UsageException("--games: '" + org.equivariant.arith.Rational.quote(name) + "' is neither a "
                + "bundled game nor random-AxB… or random-M^P");
        }
        if (dims.length < 2 || dims.length > 12 || Arrays.stream(dims).anyMatch(d -> d < 2 || d > 200)) {
            throw new UsageException("--games: " + name + ": 2..12 players with 2..200 actions each");
        }
        return GameGen.shaped(dims, 5).generate(new SplittableRandom(name.hashCode()));
    }

    int run(List<String> names, List<String> lambdas) throws IOException {
        if (!Files.isExecutable(Path.of("/bin/bash")) && !Files.isExecutable(Path.of("/usr/bin/bash"))) {
            throw new UsageException("--vs-gambit needs bash (its time keyword measures the CPU time)");
        }
        if (!Files.isExecutable(Path.of(gambit))) {
            throw new UsageException("--vs-gambit: " + gambit + " is not an executable file");
        }
        Path dir = Files.createTempDirectory("equivariant-bench");
        List<Game> games = new ArrayList<>();
        for (String n : names) {
            NormalFormGame g = game(n);
            Path f = dir.resolve(n.replace('^', 'p') + ".nfg");
            Files.writeString(f, NfgWriter.write(g));
            games.add(new Game(n, g, f));
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String ours = this.ours != null ? this.ours : quote(java) + " -cp " + quote(System.getProperty(
            "java.class.path")) + " " + Main.class.getName();
        out.println("ours: " + ours);
        Path output = dir.resolve("output.txt");
        double[] starts = new double[5];
        for (int k = 0; k < starts.length; k++) {
            starts[k] = cpu(ours + " --version", 1, output);
        }
        double startup = median(starts);
        out.printf(Locale.ROOT, "start-up (our --version, fresh JVM): %.3f s CPU%n", startup);
        out.printf(Locale.ROOT, "%-16s %8s %6s %12s %12s %9s%s  %s%n", "game", "entries", "lambda", "gambit ms",
            "ours ms", "ratio", warmup >= 0 ? String.format(Locale.ROOT, " %12s %9s", "warm ms", "ratio") : "",
            "notes");
        out.flush();
        int cells = games.size() * lambdas.size();
        double[][] g = new double[cells][repeat];
        double[][] o = new double[cells][repeat];
        String[] notes = new String[cells];
        int[] blocks = new int[cells];
        boolean[] timedOut = new boolean[cells];
        for (int rep = 0; rep < repeat; rep++) {
            int c = 0;
            for (Game game : games) {
                for (String l : lambdas) {
                    err.printf("\r[bench] repetition %d of %d: %s at lambda %s        ", rep + 1, repeat, game.name(), l);
                    err.flush();
                    String gcmd = quote(gambit) + " -q -l " + l + " -d " + digits + " " + quote(game.file().toString());
                    if (blocks[c] == 0) {
                        double once = cpu(gcmd, 1, output);
                        blocks[c] = (int) Math.max(1, Math.min(200, Math.ceil(0.2 / Math.max(once, 0.001))));
                        notes[c] = gambitNote(Files.readString(output), l);
                    }
                    g[c][rep] = cpu(gcmd, blocks[c], output);
                    if (timedOut[c]) {
                        o[c][rep] = Double.POSITIVE_INFINITY;
                    } else {
                        String ocmd = ours + " solve " + quote(game.file().toString()) + " --lambda " + l
                            + " --digits " + digits;
                        o[c][rep] = cpu(ocmd, 1, output);
                        timedOut[c] = Double.isInfinite(o[c][rep]);
                        if (rep == 0) {
                            notes[c] = notes[c] + (timedOut[c] ? "ours: timed out" : oursNote(Files.readString(
                                output)));
                        }
                    }
                    c++;
                }
            }
        }
        Double[] w = new Double[cells];
        if (warmup >= 0) {
            try (Server server = new Server(ours)) {
                int c = 0;
                for (Game game : games) {
                    for (String l : lambdas) {
                        err.printf("\r[bench] served: %s at lambda %s        ", game.name(), l);
                        err.flush();
                        w[c] = timedOut[c] ? null : served(server, game, l);
                        c++;
                    }
                }
            }
        }
        err.println();
        List<Double> all = new ArrayList<>();
        List<Double> warmAll = new ArrayList<>();
        List<Double> warmLarge = new ArrayList<>();
        List<Double> large = new ArrayList<>();
        int c = 0;
        for (Game game : games) {
            for (String l : lambdas) {
                double gm = median(g[c]);
                double om = median(o[c]);
                double ratio = om / gm;
                all.add(ratio);
                if (game.entries() >= 10_000) {
                    large.add(ratio);
                }
                String warm = "";
                if (warmup >= 0) {
                    double wm = w[c] == null ? Double.POSITIVE_INFINITY : w[c];
                    warmAll.add(wm / gm);
                    if (game.entries() >= 10_000) {
                        warmLarge.add(wm / gm);
                    }
                    warm = String.format(Locale.ROOT, " %12s %9s", Double.isInfinite(wm) ? "-" : String.format(
                        Locale.ROOT, "%.1f", wm * 1000), fmt(wm / gm));
                }
                out.printf(Locale.ROOT, "%-16s %8d %6s %12.1f %12s %9s%s  %s%n", game.name(), game.entries(), l,
                    gm * 1000, Double.isInfinite(om) ? "> " + timeoutMillis : String.format(Locale.ROOT, "%.1f",
                        om * 1000), fmt(ratio), warm, notes[c]);
                c++;
            }
        }
        out.printf(Locale.ROOT, "median ratio over %d cells: %s; over the %d cells with >= 10^4 payoff entries: %s%n",
            all.size(), fmt(median(all)), large.size(), large.isEmpty() ? "-" : fmt(median(large)));
        if (warmup >= 0) {
            out.printf(Locale.ROOT, "served, warm (the same command line sent to one '%s serve' process, warmed up "
                + "in blocks of >= %d requests and %s s until two in a row cost >= 0.97 of the cheapest before and "
                + "the server has used %.0f s, its CPU time over >= %d requests and %s s): median ratio %s; over the "
                + "cells with >= 10^4 payoff entries: %s%n", ours, warmup, seconds(blockSeconds), warmCpu, repeat,
                seconds(blockSeconds), fmt(median(warmAll)), warmLarge.isEmpty() ? "-" : fmt(median(warmLarge)));
        }
        out.printf(Locale.ROOT, "(%d interleaved repetitions; gambit-logit %s; %s %s; %d cores)%n", repeat, gambit,
            System.getProperty("java.vm.name"), System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors());
        return 0;
    }

    /**
     * The server's CPU seconds per request {@code solve FILE --lambda L --digits D}: the mean over at least
     * {@code repeat} requests and {@code blockSeconds} of its CPU time (default 3; at most 10000 requests), once it is
     * warm — after blocks of at least {@code warmup} requests and {@code blockSeconds} each until two in a row cost no
     * less than 0.97 of the cheapest before them and the server has spent {@code warmCpu} seconds of CPU in all, at
     * most 120 s (the compilers' work done: on the first cell, 2×2×2 at λ = 2, a request falls from 300 to about 90 ms
     * over the server's first 50 s, by 3 % a block or less and with plateaus a block long — 302, 198, 206, 182 ms:
     * stopping at the first plateau measured 182 ms, at the second 166); null if a request fails. Measured from the
     * replies' process totals, so the time between requests (a compiler finishing in the background) counts too.
     */
    private Double served(Server server, Game game, String lambda) throws IOException {
        String[] args = {"solve", game.file().toString(), "--lambda", lambda, "--digits", Integer.toString(digits)};
        double first = server.run(args);
        double[] at = {first};
        double cheapest = Double.POSITIVE_INFINITY;
        for (int flat = 0; (flat < 2 || at[0] < warmCpu) && at[0] - first < 120; ) {
            double mean = block(server, args, warmup, blockSeconds, at);
            if (Double.isNaN(mean)) {
                return null;
            }
            if (mean < 0.97 * cheapest) {
                cheapest = mean;
                flat = 0;
            } else {
                flat++;
            }
        }
        double timed = block(server, args, repeat, blockSeconds, at);
        return Double.isNaN(timed) ? null : timed;
    }

    /**
     * At least {@code minRuns} requests and {@code seconds} of the server's CPU time (at most 10000 requests) from its
     * total {@code at[0]}, which is advanced; the CPU seconds per request, NaN once a request fails.
     */
    private static double block(Server server, String[] args, int minRuns, double seconds, double[] at)
        throws IOException {
        double start = at[0];
        int runs = 0;
        while (!Double.isNaN(at[0]) && (runs < minRuns || at[0] - start < seconds && runs < 10_000)) {
            at[0] = server.run(args);
            runs++;
        }
        return (at[0] - start) / runs;
    }

    /** An {@code ours serve} process: one request at a time, each reply's process CPU total read back. */
    private static final class Server implements AutoCloseable {
        private final Process process;
        private final PrintWriter requests;
        private final java.io.BufferedReader replies;
        private final String ours;

        Server(String ours) throws IOException {
            this.ours = ours;
            process = new ProcessBuilder("sh", "-c", ours + " serve").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
            requests = new PrintWriter(new java.io.OutputStreamWriter(process.getOutputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
            replies = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        }

        /** Runs a command line; the server's CPU seconds so far after it, or NaN if the command failed. */
        double run(String[] args) throws IOException {
            var request = org.equivariant.certificate.CertificateJson.mapper().createObjectNode();
            var list = request.putArray("args");
            Arrays.stream(args).forEach(list::add);
            requests.println(request);
            requests.flush();
            String line = replies.readLine();
            if (line == null) {
                throw new UsageException("--warm: '" + ours + " serve' ended without answering (run it by hand "
                    + "to see why)");
            }
            var reply = org.equivariant.certificate.CertificateJson.mapper().readTree(line);
            return reply.path("exitCode").asInt(3) == 0 ? reply.path("processCpuSeconds").asDouble(Double.NaN)
                : Double.NaN;
        }

        @Override
        public void close() {
            requests.close();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String fmt(double ratio) {
        return Double.isInfinite(ratio) ? "-" : String.format(Locale.ROOT, "%.0fx", ratio);
    }

    /** Seconds as the shortest decimal of the double (3, 0.25). */
    private static String seconds(double s) {
        return java.math.BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
    }

    /** gambit-logit's last line: a note when its λ is not the requested one (it stopped early). */
    private static String gambitNote(String output, String lambda) {
        List<String> lines = output.lines().filter(s -> !s.isBlank()).toList();
        if (lines.isEmpty()) {
            return "gambit: no output; ";
        }
        String last = lines.get(lines.size() - 1).split(",")[0];
        try {
            double got = Double.parseDouble(last);
            double want = Double.parseDouble(lambda);
            return Math.abs(got - want) > 1e-6 * (1 + want) ? "gambit stopped at lambda " + last + "; " : "";
        } catch (NumberFormatException e) {
            return "gambit: unreadable last line; ";
        }
    }

    /** Whether our run certified the principal QRE. */
    private static String oursNote(String output) {
        return output.contains("principal branch;") ? "ours: principal certified"
            : output.lines().filter(s -> s.startsWith("principal")).findFirst().map(s -> "ours: " + s.substring(0,
                Math.min(s.length(), 80))).orElse("ours: no principal line");
    }

    /**
     * CPU seconds (user + system, children included) of {@code k} back-to-back runs of {@code cmd}, divided by k;
     * the last run's output is left in {@code output}; +∞ on timeout.
     */
    private double cpu(String cmd, int k, Path output) throws IOException {
        String script = "TIMEFORMAT='%3U %3S'; time ( for i in $(seq " + k + "); do " + cmd + " > "
            + quote(output.toString()) + " 2>&1; done )";
        ExternalProcess.Outcome o = new ExternalProcess("bash -c " + quote(script), timeoutMillis * k, 1 << 20,
            1 << 20).run("");
        if (o.status() != ExternalProcess.Status.EXITED) {
            return Double.POSITIVE_INFINITY;
        }
        List<String> lines = o.stderr().lines().filter(s -> !s.isBlank()).toList();
        String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
        return (Double.parseDouble(f[0]) + Double.parseDouble(f[1])) / k;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double median(List<Double> xs) {
        return median(xs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
