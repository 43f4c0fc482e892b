package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.Boxes;
import org.equivariant.certificate.Krawczyk;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.StationaryCertificate;
import org.equivariant.certificate.StationaryChecker;
import org.equivariant.certificate.StationarySystem;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.arith.DoubleField;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.FlowExperiment;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.Play;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.io.InputException;
import org.equivariant.io.PolicyFile;
import org.equivariant.symmetry.DecPomdpSymmetries;
import org.equivariant.symmetry.DecPomdpSymmetry;
import org.equivariant.symmetry.EncodedGroup;
import org.equivariant.theory.BlockContrast;
import org.equivariant.theory.SymmetricSpectrum;
import org.equivariant.work.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flow MODEL.dpomdp --tau T --horizon H --starts K [--form A|B]}: policy-gradient flows and their limits. */
@Command(name = "flow", mixinStandardHelpOptions = true,
    description = "Runs K policy-gradient flows of the entropy-regularized Dec-POMDP from seeded random starts "
        + "(double fast path, not certified) and reports their limits, distance, equivariance defect under the "
        + "symmetry group, self-play and the cross-play matrix, and the same after greedification (exact).")
final class FlowCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a MADP .dpomdp file, or bundled:NAME")
    String model;

    @Option(names = "--tau", required = true, description = "entropy temperature τ ≥ 0 (exact rational)")
    String tau;

    @Option(names = "--horizon", defaultValue = "2", description = "horizon H (decisions at t = 0..H−1); the cost "
        + "is estimated before anything is built and refused with the estimate when over a limit")
    int horizon;

    @Option(names = "--starts", defaultValue = "4", description = "number of random starts K (default 4)")
    int starts;

    @Option(names = "--form", defaultValue = "B", description = "regularizer: A (visitation-weighted) or B "
        + "(per-history sum)")
    RegularizedDecPomdp.Form form;

    @Mixin
    DiscountOption discount;

    @Option(names = "--dynamics", defaultValue = "gradient", paramLabel = "gradient|natural", converter =
        DynamicsConverter.class, description = "gradient: the policy-gradient flow dθ/dt = ∇J (default); natural: the "
        + "natural policy-gradient flow dθ/dt = F⁺∇J of independent NPG (theorem FLOW-N: the same stationary points, "
        + "J increases along it, and no stiffness from rare histories; a run may end at another stationary point "
        + "than the plain flow from the same start)")
    GradientFlow.Dynamics dynamics;

    /** Reads gradient|natural. */
    static final class DynamicsConverter implements picocli.CommandLine.ITypeConverter<GradientFlow.Dynamics> {
        @Override
        public GradientFlow.Dynamics convert(String s) {
            return switch (s) {
                case "gradient" -> GradientFlow.Dynamics.GRADIENT;
                case "natural" -> GradientFlow.Dynamics.NATURAL;
                default -> throw new picocli.CommandLine.TypeConversionException("--dynamics: expected gradient or "
                    + "natural, got '" + s + "'");
            };
        }
    }

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--grad-tol", defaultValue = "1e-9", description = "converged when max |dθ/dt| is below this "
        + "(max |∇J| for the plain flow, an upper bound on it for the natural one; default 1e-9)")
    double gradTol;

    @Option(names = "--tol", defaultValue = "1e-6", description = "integration error tolerance per step "
        + "(default 1e-6)")
    double tol;

    @Option(names = "--max-steps", defaultValue = "20000", description = "step limit per flow (default 20000)")
    int maxSteps;

    @Option(names = "--max-flow-time", defaultValue = "1e7", description = "flow-time limit t per flow "
        + "(default 1e7)")
    double maxFlowTime;

    @Option(names = "--time-limit", defaultValue = "600", paramLabel = "SECONDS", description = "elapsed-time limit "
        + "for all flows together (default 600 s); runs still going then stop and say so")
    double timeLimit;

    @Option(names = "--threads", paramLabel = "N", description = "flows run on N threads (default: every core)")
    Integer threads;

    @Option(names = "--export-policies", paramLabel = "DIR", description = "write each run's limit "
        + "(run-K.json, decimals) and its greedifications (run-K-greedy-uniform.json, run-K-greedy-lowest.json, exact "
        + "rationals) as policy files (docs/formats.md) into DIR")
    Path exportDir;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "draw max |grad J| against flow time t for "
        + "every run (log scale; a point every 100 steps and the last) as SVG")
    Path plot;

    @Option(names = "--certify", description = "turn each run's limit into a certified stationary point (theorem "
        + "STAT-K: Newton, then a Krawczyk box checked in interval arithmetic), or say why it cannot; pairwise "
        + "disjoint boxes prove several stationary points, with SP and XP as certified intervals")
    boolean certify;

    @Option(names = "--certificate", paramLabel = "FILE", description = "with --certify: write the certified "
        + "points as a stationary-point certificate (docs/certificates.md) for check-certificate")
    Path certificateFile;

    @Option(names = "--group", defaultValue = "search", paramLabel = "search|none|FILE", description = "the symmetry "
        + "group the equivariance defect is measured against: search (discover the full group, default), none (the "
        + "trivial group) or FILE (claimed generators, one per line as 'symmetries' prints them, or its --json "
        + "output; each is checked against the model)")
    String groupSpec;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Args.range("--horizon", horizon, 1, 30);
        Args.range("--starts", starts, 1, 10_000);
        Args.range("--max-steps", maxSteps, 1, 100_000_000);
        Args.range("--grad-tol", gradTol, 1e-300, 1e10);
        Args.range("--tol", tol, 1e-300, 1);
        Args.range("--max-flow-time", maxFlowTime, 1e-300, 1e300);
        Args.range("--time-limit", timeLimit, 1e-3, 1e9);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Args.range("--threads", workers, 1, 1024);
        Rational t = Args.nonNegative("--tau", tau);
        DecPomdp m = discount.apply(inputs.decPomdp(model, err));
        if (certificateFile != null && !certify) {
            throw new UsageException("--certificate needs --certify");
        }
        Inputs.writable("--certificate", certificateFile);
        Inputs.writable("--plot", plot);
        if (certify) {
            refuseDenseKrawczyk(m, horizon, "--certify");
        }
        String discountNote = discount.origin();
        int w = Math.min(workers, starts);
        StderrProgress progress = new StderrProgress(err);
        progress.update("flow", "enumerating the reachable (state, joint history) entries");
        DecPomdpEvaluator<Double> eval = new DecPomdpEvaluator<>(m, horizon, DoubleField.INSTANCE, inputs.limits());
        FlowCost cost = FlowCost.of(model, horizon, eval, dynamics);
        cost.refuseIfTooLarge(starts, w, timeLimit);
        if (cost.gradientSeconds() * 3000 > 2) {
            err.println("estimate: " + cost.describe(starts, w));
        }
        Group claimed = group(m);
        EncodedGroup<DecPomdpSymmetry> group = claimed.symmetries();
        long t0 = System.nanoTime();
        List<List<double[]>> paths = new ArrayList<>();
        for (int k = 0; k < starts; k++) {
            paths.add(java.util.Collections.synchronizedList(new ArrayList<>()));
        }
        FlowExperiment.Report r = FlowExperiment.run(new RegularizedDecPomdp<>(eval, t, form, DoubleField.INSTANCE),
            starts, seed, new GradientFlow.Options(tol, gradTol, maxFlowTime, maxSteps, timeLimit, null, dynamics),
            group, workers, (run, time, g, steps) -> {
                paths.get(run).add(new double[] {time, g});
                progress.update("flow", String.format(Locale.ROOT, "run %d/%d, t = %.4g, %s = %.2e, step %d "
                    + "of at most %d, %.0f s of the %.0f s limit", run + 1, starts, time, dynamics.norm(), g, steps,
                    maxSteps, (System.nanoTime() - t0) / 1e9, timeLimit));
            });
        progress.done();
        if (plot != null) {
            List<SvgPlot.Series> lines = new ArrayList<>();
            for (int k = 0; k < r.runs().size(); k++) {
                GradientFlow.Result<Double> f = r.runs().get(k).flow();
                List<double[]> pts = new ArrayList<>(paths.get(k));
                pts.add(new double[] {f.time(), f.gradNorm()});
                lines.add(SvgPlot.series("run " + (k + 1) + (f.converged() ? "" : " (not converged)"), pts,
                    SvgPlot.colour(k), false));
            }
            new SvgPlot(model + ": " + (dynamics == GradientFlow.Dynamics.NATURAL ? "natural " : "")
                + "policy-gradient flows, tau = " + t + ", form " + form + ", horizon " + horizon, "flow time t",
                dynamics.norm(), true, lines).write(plot);
        }
        if (exportDir != null) {
            export(m, r);
        }
        Certified certified = certify ? certified(m, t, r, progress) : null;
        Flow1 flow1 = flow1(eval, t);
        if (json) {
            ObjectNode o = json(m, t, group, r, flow1);
            if (certified != null) {
                o.set("certified", certified.json());
            }
            out.println(CertificateJson.mapper().writeValueAsString(o));
            return 0;
        }
        out.printf("model    %s: %d agents, %d states, %d joint actions, %d joint observations, gamma %s%s%n", model,
            m.numAgents(), m.numStates(), m.numJointActions(), m.numJointObservations(), m.discount(), discountNote);
        out.printf("symmetry group of order %s%s, %d generators%s%n", group.order(), claimed.note(),
            group.generators().size(), group.generators().size() > 10 ? " (the first 10 shown)" : ":");
        for (DecPomdpSymmetry s : group.generators().subList(0, Math.min(10, group.generators().size()))) {
            out.println("  " + s);
        }
        out.printf("flow     %s; tau = %s, form %s, horizon %d, %d starts (seed %d); double fast path, not "
            + "certified%n", dynamics.text(), t, form, horizon, starts, seed);
        int k = 1;
        for (FlowExperiment.Run run : r.runs()) {
            GradientFlow.Result<Double> f = run.flow();
            out.printf(Locale.ROOT, "run %-4d %s (%s %.2e at t = %.4g after %d steps)%s%n", k++,
                f.converged() ? "converged" : "NOT converged", dynamics.norm(), f.gradNorm(), f.time(), f.steps(),
                f.converged() ? "" : ": stopped by " + f.stop().text() + " " + limit(f.stop()));
            out.printf(Locale.ROOT, "         SP = %.9f   greedy SP = %s (uniform ties), %s (lowest-index ties)%n",
                run.selfPlay(), decimal(run.greedy().get(0).selfPlay()), decimal(run.greedy().get(1).selfPlay()));
            out.printf("         smallest probability along the path %.3e%n", f.minProbability());
        }
        out.println("FLOW-1   " + flow1.text());
        out.printf("limits   max pairwise distance %.3e%n", r.maxDistance());
        out.printf("equivariance defect %.3e (max over runs and generators of |phi pi - pi|)%n", r.maxDefect());
        out.printf("returns  SP (mean) = %.9f   XP (mean over pairs of runs) = %s%n", r.meanSelfPlay(),
            r.meanCrossPlay() == null ? "n/a (one run)" : String.format(Locale.ROOT, "%.9f", r.meanCrossPlay()));
        out.printf("greedy   uniform ties: SP = %s, XP = %s%n", decimal(r.greedySelfPlay(Play.TieRule.UNIFORM)),
            decimal(r.greedyCrossPlay(Play.TieRule.UNIFORM)));
        out.printf("         lowest-index ties: SP = %s, XP = %s%n", decimal(r.greedySelfPlay(Play.TieRule.LOWEST_INDEX)),
            decimal(r.greedyCrossPlay(Play.TieRule.LOWEST_INDEX)));
        if (starts > 1) {
            printMatrix(out, "cross-play XP(a, b) of the limits (diagonal: self-play)", r.runs().size(),
                (a, b) -> String.format(Locale.ROOT, "%.6f", r.crossPlay()[a][b]));
            printMatrix(out, "greedified cross-play, uniform ties (exact)", r.runs().size(),
                (a, b) -> r.greedyCrossPlay().get(0)[a][b].toBigDecimal(new java.math.MathContext(7)).toPlainString());
        }
        if (certified != null) {
            certified.print(out);
        }
        if (exportDir != null) {
            out.println("policies written to " + exportDir + " (run-K.json, run-K-greedy-uniform.json, "
                + "run-K-greedy-lowest.json)");
        }
        return 0;
    }

    private static final int MATRIX_ROWS = 12;

    /** Each run's certification outcome, the replayed report of the certified boxes, and the runs they belong to. */
    private record Certified(List<BoxCertifier.Outcome> outcomes, List<Integer> runs,
                             StationaryChecker.Report report) {
        void print(PrintWriter out) {
            out.println("STAT-K   certified stationary points (Krawczyk boxes in 62-bit interval arithmetic, proved by "
                + "the checker's own test; check-certificate replays a written certificate):");
            for (int k = 0; k < outcomes.size(); k++) {
                BoxCertifier.Outcome o = outcomes.get(k);
                if (!o.certified()) {
                    out.printf("  run %-3d not certified: %s%n", k + 1, o.reason());
                    continue;
                }
                int at = runs.indexOf(k);
                out.printf("  run %-3d exactly one stationary point in a box of width %s; SP in %s%n", k + 1,
                    Boxes.maxWidth(o.box()).round(new java.math.MathContext(2)), report.values().get(at).outward(15));
            }
            if (runs.size() >= 2) {
                int d = report.distinct();
                out.println("  " + (d >= 2 ? "NOT unique: " + d + " distinct stationary points certified (pairwise "
                    + "disjoint boxes, each holding exactly one)" : "the certified runs share one stationary point"));
                for (int a = 0; a < runs.size(); a++) {
                    for (int b = a + 1; b < runs.size(); b++) {
                        Interval xp = report.crossPlay()[a][b];
                        if (xp == null) {
                            continue;
                        }
                        Interval sa = report.values().get(a);
                        Interval sb = report.values().get(b);
                        String claim = xp.hi().compareTo(sa.lo().min(sb.lo())) < 0 ? "XP < SP of both (proved)"
                            : xp.lo().compareTo(sa.hi().max(sb.hi())) > 0 ? "XP > SP of both (proved)" : "not separated";
                        out.printf("  XP(run %d, run %d) in %s: %s%n", runs.get(a) + 1, runs.get(b) + 1, xp.outward(15), claim);
                    }
                }
            }
        }

        ArrayNode json() {
            ArrayNode a = CertificateJson.mapper().createArrayNode();
            for (int k = 0; k < outcomes.size(); k++) {
                ObjectNode n = a.addObject();
                BoxCertifier.Outcome o = outcomes.get(k);
                n.put("run", k + 1);
                n.put("certified", o.certified());
                if (o.certified()) {
                    Interval v = report.values().get(runs.indexOf(k));
                    n.put("boxWidth", Boxes.maxWidth(o.box()).toString());
                    n.put("selfPlayLo", v.lo().toString());
                    n.put("selfPlayHi", v.hi().toString());
                } else {
                    n.put("reason", o.reason());
                }
            }
            return a;
        }
    }

    /** Unknowns above which --certify refuses: the dense Krawczyk test holds N² interval entries and runs N passes. */
    static final int MAX_CERTIFY_UNKNOWNS = 1000;

    /**
     * Refuses {@code option} (--certify, or --onset's certified search) up front, before any flow or scan runs, when
     * the policy has too many coordinates for the dense Krawczyk test.
     */
    static void refuseDenseKrawczyk(DecPomdp m, int horizon, String option) {
        double unknowns = DecPomdpEvaluator.policyEntries(m, horizon);
        if (unknowns > MAX_CERTIFY_UNKNOWNS) {
            throw new UsageException(String.format(Locale.ROOT, "%s: the policy has %.0f coordinates at horizon "
                + "%d; the dense Krawczyk test needs %.2g interval Jacobian entries and one dual-number pass of the model "
                + "per coordinate (Dec-Tiger: 42 coordinates 0.2 s, 258 coordinates 24 s), so it is refused above %d "
                + "coordinates; lower --horizon", option, unknowns, horizon, unknowns * unknowns,
                MAX_CERTIFY_UNKNOWNS));
        }
    }

    private Certified certified(DecPomdp m, Rational t, FlowExperiment.Report r, StderrProgress progress) {
        StationarySystem sys = new StationarySystem(m, horizon, t, StationarySystem.Form.valueOf(form.name()));
        List<BoxCertifier.Outcome> outcomes = new ArrayList<>();
        List<Integer> runs = new ArrayList<>();
        List<List<Interval>> boxes = new ArrayList<>();
        List<Krawczyk.Test> tests = new ArrayList<>();
        List<String> unreached = form == RegularizedDecPomdp.Form.A ? sys.unreachedHistories() : List.of();
        for (int k = 0; k < r.runs().size(); k++) {
            progress.update("certify", "run " + (k + 1) + " of " + r.runs().size() + " (" + sys.size() + " unknowns)");
            if (!unreached.isEmpty()) {
                outcomes.add(new BoxCertifier.Outcome(null, null, "under form A the policy at unreached "
                    + "histories (" + unreached.get(0) + ", …) is free: no stationary point is isolated"));
                continue;
            }
            List<List<List<Double>>> pi = r.runs().get(k).policy();
            double[] flat = new double[sys.size()];
            for (int i = 0; i < pi.size(); i++) {
                for (int h = 0; h < pi.get(i).size(); h++) {
                    for (int a = 0; a < pi.get(i).get(h).size(); a++) {
                        flat[sys.index(i, h, a)] = pi.get(i).get(h).get(a);
                    }
                }
            }
            BoxCertifier.Outcome o = BoxCertifier.certify(sys, flat);
            outcomes.add(o);
            if (o.certified()) {
                runs.add(k);
                boxes.add(o.box());
                tests.add(o.test());
            }
        }
        progress.done();
        StationaryChecker.Report report = StationaryChecker.report(sys, boxes, tests, List.of());
        if (certificateFile != null && boxes.isEmpty()) {
            spec.commandLine().getErr().println("no certificate written to " + certificateFile + ": no run was "
                + "certified");
        } else if (certificateFile != null) {
            StationaryCertificate c = new StationaryCertificate(model, inputs.decPomdpText(model), inputs.strict(),
                m.discount(), horizon, t, StationarySystem.Form.valueOf(form.name()), boxes);
            Inputs.write(certificateFile, c.toJson(), "certificate");
        }
        return new Certified(outcomes, runs, report);
    }

    private static void printMatrix(PrintWriter out, String title, int k,
                                    java.util.function.BiFunction<Integer, Integer, String> cell) {
        int shown = Math.min(k, MATRIX_ROWS);
        out.println(title + (k > shown ? " (the first " + shown + " runs; all in --json)" : "") + ":");
        for (int a = 0; a < shown; a++) {
            StringBuilder line = new StringBuilder("  ");
            for (int b = 0; b < shown; b++) {
                line.append(String.format("%14s", cell.apply(a, b)));
            }
            out.println(line);
        }
    }

    private String limit(GradientFlow.Stop stop) {
        return switch (stop) {
            case STEPS -> "(--max-steps " + maxSteps + ")";
            case FLOW_TIME -> "(--max-flow-time " + maxFlowTime + ")";
            case WALL_CLOCK -> "(--time-limit " + timeLimit + " s)";
            case CONVERGED -> "";
        };
    }

    private ObjectNode json(DecPomdp m, Rational t, EncodedGroup<DecPomdpSymmetry> group, FlowExperiment.Report r,
                            Flow1 flow1) {
        var mapper = CertificateJson.mapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("model", model);
        o.put("tau", t.toString());
        o.put("form", form.name());
        o.put("dynamics", dynamics.name().toLowerCase(Locale.ROOT));
        o.put("horizon", horizon);
        o.put("discount", m.discount().toString());
        o.put("symmetryOrder", group.order().toString());
        ArrayNode gens = o.putArray("generators");
        group.generators().forEach(s -> gens.add(s.toString()));
        ArrayNode runs = o.putArray("runs");
        for (FlowExperiment.Run run : r.runs()) {
            ObjectNode n = runs.addObject();
            n.put("converged", run.flow().converged());
            n.put("stop", run.flow().stop().name());
            n.put("gradNorm", run.flow().gradNorm());
            n.put("time", run.flow().time());
            n.put("steps", run.flow().steps());
            n.put("selfPlay", run.selfPlay());
            n.put("greedySelfPlayUniform", run.greedy().get(0).selfPlay().toString());
            n.put("greedySelfPlayLowestIndex", run.greedy().get(1).selfPlay().toString());
            n.put("minProbability", run.flow().minProbability());
            n.set("policy", PolicyFile.toJson(m, horizon, run.policy(), x -> Double.toString(x), mapper));
        }
        ArrayNode xp = o.putArray("crossPlayMatrix");
        for (double[] row : r.crossPlay()) {
            ArrayNode a = xp.addArray();
            for (double x : row) {
                a.add(x);
            }
        }
        ArrayNode gxp = o.putArray("greedyCrossPlayMatrixUniform");
        for (Rational[] row : r.greedyCrossPlay().get(0)) {
            ArrayNode a = gxp.addArray();
            for (Rational x : row) {
                a.add(x.toString());
            }
        }
        if (flow1.threshold() != null) {
            o.put("flow1ThresholdLo", flow1.threshold().lo().toString());
            o.put("flow1ThresholdHi", flow1.threshold().hi().toString());
            o.put("flow1Proved", flow1.proved());
        }
        o.put("maxDistance", r.maxDistance());
        o.put("equivarianceDefect", r.maxDefect());
        o.put("selfPlay", r.meanSelfPlay());
        if (r.meanCrossPlay() == null) {
            o.putNull("crossPlayMean");
        } else {
            o.put("crossPlayMean", r.meanCrossPlay());
        }
        for (Play.TieRule rule : Play.TieRule.values()) {
            String name = rule == Play.TieRule.UNIFORM ? "Uniform" : "LowestIndex";
            o.put("greedySelfPlay" + name, r.greedySelfPlay(rule).toString());
            Rational x = r.greedyCrossPlay(rule);
            if (x == null) {
                o.putNull("greedyCrossPlay" + name);
            } else {
                o.put("greedyCrossPlay" + name, x.toString());
            }
        }
        return o;
    }

    private void export(DecPomdp m, FlowExperiment.Report r) {
        try {
            Files.createDirectories(exportDir);
            var writer = CertificateJson.mapper().writerWithDefaultPrettyPrinter();
            for (int k = 0; k < r.runs().size(); k++) {
                FlowExperiment.Run run = r.runs().get(k);
                String base = "run-" + (k + 1);
                writer.writeValue(exportDir.resolve(base + ".json").toFile(), PolicyFile.toJson(m, horizon,
                    run.policy(), x -> Double.toString(x), CertificateJson.mapper()));
                writer.writeValue(exportDir.resolve(base + "-greedy-uniform.json").toFile(), PolicyFile.toJson(m,
                    horizon, run.greedy().get(0).policy(), Rational::toString, CertificateJson.mapper()));
                writer.writeValue(exportDir.resolve(base + "-greedy-lowest.json").toFile(), PolicyFile.toJson(m,
                    horizon, run.greedy().get(1).policy(), Rational::toString, CertificateJson.mapper()));
            }
        } catch (IOException e) {
            throw new InputException(exportDir + ": cannot write policies (" + e.getMessage() + ")");
        }
    }

    /** The symmetry group a run measures equivariance against, and where it came from (for the report). */
    private record Group(EncodedGroup<DecPomdpSymmetry> symmetries, String note) {
    }

    /** The group of --group: discovered (a subgroup, said so, when the search's budget ran out), trivial or claimed. */
    private Group group(DecPomdp m) {
        switch (groupSpec) {
            case "search" -> {
                DecPomdpSymmetries.Discovery d = DecPomdpSymmetries.discover(m, DecPomdpSymmetries.SEARCH_BUDGET);
                return new Group(d.group(), d.complete() ? " (the full group)" : " (a SUBGROUP: the symmetry search "
                    + "stopped at " + DecPomdpSymmetries.SEARCH_BUDGET + " nodes)");
            }
            case "none" -> {
                return new Group(DecPomdpSymmetries.of(m, List.of()), " (--group none: no symmetries used)");
            }
            default -> {
                Path file = Path.of(groupSpec);
                String text = inputs.text(file);
                List<String> lines;
                if (text.strip().startsWith("{")) {
                    org.equivariant.io.JsonInput.Node root = org.equivariant.io.JsonInput.parse(file.toString(), text);
                    lines = root.object().field("generators").elements().stream()
                        .map(org.equivariant.io.JsonInput.Node::string).toList();
                } else {
                    lines = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
                }
                List<DecPomdpSymmetry> gens = new java.util.ArrayList<>();
                for (int k = 0; k < lines.size(); k++) {
                    DecPomdpSymmetry s;
                    try {
                        s = DecPomdpSymmetry.parse(lines.get(k), m);
                    } catch (IllegalArgumentException e) {
                        throw new InputException(file + ": generator " + (k + 1) + ": " + e.getMessage());
                    }
                    java.util.Optional<String> violation = s.violation(m);
                    if (violation.isPresent()) {
                        throw new InputException(file + ": generator " + (k + 1) + " is not a symmetry of the model: "
                            + violation.get());
                    }
                    gens.add(s);
                }
                return new Group(DecPomdpSymmetries.of(m, gens), " (claimed in " + file + ", every generator "
                    + "checked)");
            }
        }
    }

    /** What FLOW-1 says about this run: the objective-B threshold (exact enclosure) and whether τ is above it. */
    private record Flow1(SymmetricSpectrum.Enclosure threshold, boolean proved, String text) {
    }

    private Flow1 flow1(DecPomdpEvaluator<?> eval, Rational t) {
        DecPomdp m = eval.model();
        if (form != RegularizedDecPomdp.Form.B) {
            return new Flow1(null, false, "covers objective B only (under A several stationary points can exist at "
                + "every tau, forkel2025 caveat C); no convergence guarantee");
        }
        if (DecPomdpEvaluator.tableEntries(m, horizon) > MAX_THRESHOLD_ENTRIES) {
            return new Flow1(null, false, "threshold not computed at this horizon (more than "
                + Limits.human(MAX_THRESHOLD_ENTRIES) + " reach-table entries; 'threshold' computes it)");
        }
        BlockContrast bc = BlockContrast.of(eval);
        if (bc.blocks().size() > MAX_BLOCKS) {
            return new Flow1(null, false, "threshold not computed (" + bc.blocks().size() + " blocks > " + MAX_BLOCKS
                + ")");
        }
        SymmetricSpectrum.Enclosure e = bc.threshold(Rational.of(1, 1_000_000));
        boolean above = bc.provesConcavityAt(t);
        return new Flow1(e, above, String.format("objective-B threshold lambda_max(Delta)/4 in [%s, %s]: tau = %s is "
            + "%s", e.lo().toBigDecimal(new java.math.MathContext(10)), e.hi().toBigDecimal(new java.math.MathContext(
                10)), t, above ? "above it, so every start converges to the unique equivariant policy (proved)"
                : "not above it; convergence to one point is not guaranteed (the runs below are an experiment)"));
    }

    private static final int MAX_BLOCKS = 200;
    private static final double MAX_THRESHOLD_ENTRIES = 1e5;

    private static String decimal(Rational x) {
        return x == null ? "n/a (one run)" : x + " (" + x.toBigDecimal(new java.math.MathContext(10)) + ")";
    }
}
