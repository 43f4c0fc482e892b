package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.field.FlowExperiment;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.symmetry.DecPomdpSymmetries;
import org.equivariant.symmetry.DecPomdpSymmetry;
import org.equivariant.symmetry.EncodedGroup;
import org.equivariant.theory.BlockContrast;
import org.equivariant.theory.SymmetricSpectrum;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flow MODEL.dpomdp --tau T --horizon H --starts K [--form A|B]}: policy-gradient flows and their limits. */
@Command(name = "flow", mixinStandardHelpOptions = true,
    description = "Runs K policy-gradient flows of the entropy-regularized Dec-POMDP from seeded random starts "
        + "(double fast path, not certified) and reports their limits, distance, equivariance defect under the "
        + "discovered symmetry group, self-play and cross-play returns, and the same after greedification.")
final class FlowCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a MADP .dpomdp file, or bundled:NAME")
    String model;

    @Option(names = "--tau", required = true, description = "entropy temperature τ ≥ 0 (exact rational)")
    String tau;

    @Option(names = "--horizon", defaultValue = "2", description = "horizon H (decisions at t = 0..H−1)")
    int horizon;

    @Option(names = "--starts", defaultValue = "4", description = "number of random starts K")
    int starts;

    @Option(names = "--form", defaultValue = "B", description = "regularizer: A (visitation-weighted) or B "
        + "(per-history sum)")
    RegularizedDecPomdp.Form form;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--grad-tol", defaultValue = "1e-9", description = "stop when max |∇J| is below this")
    double gradTol;

    @Option(names = "--max-steps", defaultValue = "20000", description = "integrator step limit per flow")
    int maxSteps;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

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
        Args.range("--horizon", horizon, 1, 4);
        Args.range("--starts", starts, 1, 10_000);
        Args.range("--max-steps", maxSteps, 1, 100_000_000);
        Args.range("--grad-tol", gradTol, 1e-300, 1e10);
        Rational t = Args.nonNegative("--tau", tau);
        DecPomdp m = inputs.decPomdp(model, spec.commandLine().getErr());
        org.equivariant.field.DecPomdpEvaluator.checkHorizon(m, horizon, inputs.limits());
        EncodedGroup<DecPomdpSymmetry> group = group(m);
        FlowExperiment.Report r = FlowExperiment.run(m, horizon, t, form, starts, seed,
            new GradientFlow.Options(1e-6, gradTol, 1e7, maxSteps), group);
        Flow1 flow1 = flow1(m, t, r);
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            o.put("model", model.toString());
            o.put("tau", t.toString());
            o.put("form", form.name());
            o.put("horizon", horizon);
            o.put("symmetryOrder", group.order().toString());
            ArrayNode runs = o.putArray("runs");
            for (FlowExperiment.Run run : r.runs()) {
                ObjectNode n = runs.addObject();
                n.put("converged", run.flow().converged());
                n.put("gradNorm", run.flow().gradNorm());
                n.put("time", run.flow().time());
                n.put("steps", run.flow().steps());
                n.put("selfPlay", run.selfPlay());
                n.put("minProbability", run.flow().minProbability());
            }
            if (flow1.threshold() != null) {
                o.put("flow1ThresholdLo", flow1.threshold().lo().toString());
                o.put("flow1ThresholdHi", flow1.threshold().hi().toString());
                o.put("flow1Proved", flow1.proved());
            }
            o.put("maxDistance", r.maxDistance());
            o.put("equivarianceDefect", r.maxDefect());
            o.put("selfPlay", r.meanSelfPlay());
            o.put("crossPlay", r.meanCrossPlay());
            o.put("greedySelfPlayUniform", String.valueOf(r.greedySelfPlayUniform()));
            o.put("greedyCrossPlayUniform", String.valueOf(r.greedyCrossPlayUniform()));
            o.put("greedySelfPlayLowestIndex", String.valueOf(r.greedySelfPlayLowest()));
            o.put("greedyCrossPlayLowestIndex", String.valueOf(r.greedyCrossPlayLowest()));
            out.println(CertificateJson.mapper().writeValueAsString(o));
            return 0;
        }
        out.printf("model    %s: %d agents, %d states, %d joint actions, %d joint observations, gamma %s%n", model,
            m.numAgents(), m.numStates(), m.numJointActions(), m.numJointObservations(), m.discount());
        out.printf("symmetry group of order %s%s, %d generators%s%n", group.order(), groupNote,
            group.generators().size(), group.generators().size() > 10 ? " (the first 10 shown)" : ":");
        for (DecPomdpSymmetry s : group.generators().subList(0, Math.min(10, group.generators().size()))) {
            out.println("  " + s);
        }
        out.printf("flow     tau = %s, form %s, horizon %d, %d starts (seed %d); double fast path, not certified%n",
            t, form, horizon, starts, seed);
        int k = 1;
        for (FlowExperiment.Run run : r.runs()) {
            out.printf("run %-4d %s (max |grad J| %.2e at t = %.4g after %d steps)   SP = %.9f%n", k++,
                run.flow().converged() ? "converged" : "NOT converged", run.flow().gradNorm(), run.flow().time(),
                run.flow().steps(), run.selfPlay());
            out.printf("         smallest probability along the path %.3e%n", run.flow().minProbability());
        }
        out.println("FLOW-1   " + flow1.text());
        out.printf("limits   max pairwise distance %.3e%n", r.maxDistance());
        out.printf("equivariance defect %.3e (max over runs and generators of |phi pi - pi|)%n", r.maxDefect());
        out.printf("returns  SP (mean) = %.9f   XP (mean over pairs of runs) = %.9f%n", r.meanSelfPlay(),
            r.meanCrossPlay());
        out.printf("greedy   uniform ties: SP = %s, XP = %s%n", decimal(r.greedySelfPlayUniform()),
            decimal(r.greedyCrossPlayUniform()));
        out.printf("         lowest-index ties: SP = %s, XP = %s%n", decimal(r.greedySelfPlayLowest()),
            decimal(r.greedyCrossPlayLowest()));
        return 0;
    }

    private String groupNote = "";

    /** The group of --group: discovered (a subgroup, said so, when the search's budget ran out), trivial or claimed. */
    private EncodedGroup<DecPomdpSymmetry> group(DecPomdp m) {
        switch (groupSpec) {
            case "search" -> {
                DecPomdpSymmetries.Discovery d = DecPomdpSymmetries.discover(m, DecPomdpSymmetries.SEARCH_BUDGET);
                groupNote = d.complete() ? " (the full group)" : " (a SUBGROUP: the symmetry search stopped at "
                    + DecPomdpSymmetries.SEARCH_BUDGET + " nodes)";
                return d.group();
            }
            case "none" -> {
                groupNote = " (--group none: no symmetries used)";
                return DecPomdpSymmetries.of(m, List.of());
            }
            default -> {
                java.nio.file.Path file = java.nio.file.Path.of(groupSpec);
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
                        throw new org.equivariant.io.InputException(file + ": generator " + (k + 1) + ": "
                            + e.getMessage());
                    }
                    int index = k + 1;
                    s.violation(m).ifPresent(v -> {
                        throw new org.equivariant.io.InputException(file + ": generator " + index + " is not a "
                            + "symmetry of the model: " + v);
                    });
                    gens.add(s);
                }
                groupNote = " (claimed in " + file + ", every generator checked)";
                return DecPomdpSymmetries.of(m, gens);
            }
        }
    }

    /** What FLOW-1 says about this run: the objective-B threshold (exact enclosure) and whether τ is above it. */
    private record Flow1(SymmetricSpectrum.Enclosure threshold, boolean proved, String text) {
    }

    private Flow1 flow1(DecPomdp m, Rational t, FlowExperiment.Report r) {
        if (form != RegularizedDecPomdp.Form.B) {
            return new Flow1(null, false, "covers objective B only (under A several stationary points can exist at "
                + "every tau, forkel2025 caveat C); no convergence guarantee");
        }
        BlockContrast bc = BlockContrast.of(m, horizon);
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

    private static String decimal(Rational x) {
        return x == null ? "n/a" : x + " (" + x.toBigDecimal(new java.math.MathContext(10)) + ")";
    }
}
