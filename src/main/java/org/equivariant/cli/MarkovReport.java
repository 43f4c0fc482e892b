package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.Boxes;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.MarkovQreCertificate;
import org.equivariant.certificate.MarkovQreChecker;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.equilibrium.MarkovQreSolver;
import org.equivariant.field.MarkovField;
import org.equivariant.game.MarkovGame;
import org.equivariant.symmetry.MarkovSymmetry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options and the report of {@code markov} and its parts ({@link MarkovCommand}): independent NPG on a Markov game
 * and its certified Markov QRE. GAME and --tau are checked here (the parent command takes none when a part is named).
 */
final class MarkovReport {
    /** The parts of the report. */
    enum Part { NPG, QRE }

    /** A command printing some parts of the report: {@code markov} (all), {@code markov solve}, {@code markov npg}. */
    abstract static class PartsCommand implements java.util.concurrent.Callable<Integer> {
        private final Set<Part> parts;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        MarkovReport run;

        PartsCommand(Set<Part> parts) {
            this.parts = parts;
        }

        @Override
        public Integer call() {
            return run.report(spec, parts);
        }
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "GAME", description = "a Markov game (.json, "
        + "docs/formats.md), bundled:markov_…, a normal-form game (.nfg or bundled), read as a one-state game with "
        + "discount 0, or a .dpomdp whose observations reveal the state (a shared-reward Markov game; --discount below "
        + "1 if its own is 1)")
    String game;

    @Option(names = "--tau", description = "entropy temperature τ > 0 (exact rational)")
    String tau;

    @Option(names = "--eta", description = "NPG step size η, 0 < η ≤ 1/τ (default (1 − γ)/(2τ))")
    String eta;

    @Option(names = "--max-steps", defaultValue = "100000", description = "NPG step limit (default 100000)")
    int maxSteps;

    @Option(names = "--tol", defaultValue = "1e-13", description = "NPG stops when max |log π⁺ − log π| is below "
        + "this (default 1e-13)")
    double tol;

    @Option(names = "--time-limit", defaultValue = "600", paramLabel = "SECONDS", description = "elapsed-time limit "
        + "for the NPG run (default 600 s)")
    double timeLimit;

    @Option(names = "--max-pieces", paramLabel = "N", description = "piece limit of each certified chain of the "
        + "principal branch (default " + MarkovQreSolver.CHAIN_PIECES + "); a chain that creeps through a sharp fold "
        + "may need more")
    Integer maxPieces;

    @Option(names = "--certificate", paramLabel = "FILE", description = "write the certified QRE as a Markov-QRE "
        + "certificate (docs/certificates.md) for check-certificate")
    Path certificateFile;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "draw, against the step, the NPG run's "
        + "max |log pi+ - log pi| and the soft-value NPG iteration's weighted steps with the certified rate line "
        + "kappa^t (MQRE-U, when uniqueness is proved) as SVG")
    Path plot;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Mixin
    Inputs inputs;

    @Mixin
    DiscountOption discount;

    /** Runs the named parts of the report. */
    int report(picocli.CommandLine.Model.CommandSpec spec, Set<Part> parts) {
        PrintWriter out = spec.commandLine().getOut();
        if (game == null) {
            throw new UsageException("Missing required parameter: 'GAME'");
        }
        if (tau == null) {
            throw new UsageException("Missing required option: '--tau=<tau>'");
        }
        Rational t = Args.positive("--tau", tau);
        MarkovGame g = inputs.markovGame(game, discount, spec.commandLine().getErr());
        Rational e = eta == null ? MarkovQreSolver.defaultEta(g, t) : Args.nonNegative("--eta", eta);
        if (e.signum() == 0 || e.multiply(t).compareTo(Rational.ONE) > 0) {
            throw new UsageException("--eta must satisfy 0 < η ≤ 1/τ = " + Rational.ONE.divide(t));
        }
        Args.range("--max-steps", maxSteps, 1, 100_000_000);
        Args.range("--tol", tol, 1e-300, 1);
        Args.range("--time-limit", timeLimit, 1e-3, 1e9);
        int pieceLimit = maxPieces == null ? MarkovQreSolver.CHAIN_PIECES : maxPieces;
        Args.range("--max-pieces", pieceLimit, 1, 100_000_000);
        boolean qre = parts.contains(Part.QRE);
        boolean run = parts.contains(Part.NPG);
        if (!qre && certificateFile != null) {
            throw new UsageException("--certificate writes the certified QRE: use 'markov solve' or 'markov'");
        }
        if (!qre && maxPieces != null) {
            throw new UsageException("--max-pieces bounds the principal branch's chains: use 'markov solve' or "
                + "'markov'");
        }
        if (!run && plot != null) {
            throw new UsageException("--plot draws the NPG run: use 'markov npg' or 'markov'");
        }
        Inputs.writable("--certificate", certificateFile);
        Inputs.writable("--plot", plot);
        StderrProgress progress = new StderrProgress(spec.commandLine().getErr());
        MarkovField<Double> field = new MarkovField<>(g, t, DoubleField.INSTANCE);
        MarkovQreSolver.Run npg = MarkovQreSolver.npg(field, field.uniform(), e, maxSteps, tol, timeLimit,
            (steps, move) -> progress.update("npg", String.format(Locale.ROOT, "step %d of at most %d, "
                + "max |log pi+ - log pi| = %.2e", steps, maxSteps, move)));
        MarkovQreSystem sys = new MarkovQreSystem(g, t);
        // MQRE-U's certificate: the QRE part's verdict and claim, and the plot's soft-value line (not the NPG lines)
        Uniqueness u = qre || plot != null ? uniqueness(g, t, e) : null;
        MarkovQreSolver.Rate rate = MarkovQreSolver.npgRate(g, t, e);
        BoxCertifier.Outcome o = null;
        MarkovQreSolver.Principal principal = null;
        MarkovQreCertificate cert = null;
        MarkovQreChecker.Report report = null;
        Symmetry sym = null;
        if (qre) {
            principal = MarkovQreSolver.principal(g, t, pieceLimit, new MarkovQreSolver.ChainProgress() {
                @Override
                public void at(int pieces, double beta) {
                    progress.update("principal branch", String.format(Locale.ROOT, "beta = %.6g (tau = %.6g), %d "
                        + "pieces", beta, 1 / beta, pieces));
                }

                @Override
                public void homotopy(int pieces, double theta) {
                    progress.update("start homotopy", String.format(Locale.ROOT, "theta = %.6g of 1, %d pieces",
                        theta, pieces));
                }
            });
            progress.update("certify", sys.size() + " unknowns (policies and soft values)");
            BoxCertifier.Outcome limit = MarkovQreSolver.certify(g, t, npg.policy());
            // QRE 1: the principal one when the chain reached τ, else NPG's limit; NPG's limit as QRE 2 when it is
            // shown to be another QRE
            o = principal.traced() ? principal.qre() : limit;
            List<List<Interval>> boxes = new ArrayList<>();
            if (o.certified()) {
                boxes.add(o.box());
            }
            if (principal.traced() && limit.certified() && Boxes.disjoint(limit.test().enclosure(),
                o.test().enclosure())) {
                boxes.add(limit.box());
            }
            cert = principal.certificate(g, t, boxes, u.proved() ? u.claim() : null,
                rate.proved() ? rate.claim() : null);
            report = o.certified() ? MarkovQreChecker.check(cert) : null;
            if (report != null && !report.valid() && cert.branch() != null) {
                // the chain's end QRE not linked to it: no claim, and NPG's limit reported as when there is no chain
                principal = new MarkovQreSolver.Principal(null, null, "the QRE at the chain's end could not be linked "
                    + "to it", principal.suspectedSingular(), List.of());
                o = limit;
                cert = principal.certificate(g, t, o.certified() ? List.of(o.box()) : List.of(), cert.uniqueness(),
                    cert.rate());
                report = o.certified() ? MarkovQreChecker.check(cert) : null;
            }
            sym = symmetry(g, sys, report, u);
        }
        progress.done();
        if (report != null && !report.valid()) {
            throw new IllegalStateException("the checker rejected a claim the solver proved: " + report.findings());
        }
        if (plot != null) {
            plot(g, t, npg, u, rate).write(plot);
        }
        if (certificateFile != null) {
            if (!o.certified()) {
                spec.commandLine().getErr().println("no certificate written to " + certificateFile + ": the QRE was "
                    + "not certified");
            } else {
                Inputs.write(certificateFile, cert.toJson(), "certificate");
            }
        }
        if (json) {
            out.println(json(parts, g, t, e, npg, sys, o, report, u, rate, sym, principal, cert));
            return 0;
        }
        out.printf("game     %s: %d agents, %d states, gamma %s%s%n", g.name(), g.numAgents(), g.numStates(),
            g.discount(), g.isZeroSum() ? ", two-player zero-sum" : "");
        if (run) {
            out.printf(Locale.ROOT, "npg      tau = %s, eta = %s, from the uniform policy (double fast path): %s "
                + "after %d steps (max |log pi+ - log pi| = %.2e)%s%n", t, e, npg.converged() ? "converged"
                : "NOT converged: stopped by " + npg.stop(), npg.steps(), npg.lastMove(),
                npg.contraction() == null ? "" : String.format(Locale.ROOT, "; observed contraction per step %.6f",
                    npg.contraction()));
            out.println(rateText(rate, npg));
        }
        if (!qre) {
            return 0;
        }
        if (!o.certified()) {
            out.println("QRE      not certified: " + o.reason());
            out.println(principalText(principal, null, null));
            out.println(u.text(false));
            return 0;
        }
        out.printf("QRE      certified Markov QRE (MQRE-K%s): exactly one in a box of width %s; policies:%n",
            MarkovQreChecker.inLogForm(report, 0) ? "; in its log form, MQRE-TAIL corollary 2" : "",
            Boxes.maxWidth(o.box()).round(new MathContext(2)));
        List<Interval> enc = report.enclosures().get(0);
        for (int i = 0; i < g.numAgents(); i++) {
            for (int s = 0; s < g.numStates(); s++) {
                StringBuilder line = new StringBuilder(String.format("  %-8s %-10s", g.agents().get(i),
                    g.states().get(s)));
                for (int a = 0; a < g.actionCounts(s)[i]; a++) {
                    line.append("  ").append(g.actions(s, i).get(a)).append(' ').append(
                        shown(enc.get(sys.policyIndex(i, s, a))));
                }
                line.append("   V = ").append(shown(enc.get(sys.valueIndex(i, s))));
                out.println(line);
            }
        }
        List<Interval> values = report.values().get(0);
        for (int i = 0; i < g.numAgents(); i++) {
            out.printf("values   agent %s: regularized value from the initial distribution in %s%n", g.agents().get(i),
                values.get(i).outward(15));
        }
        out.println(principalText(principal, report, cert));
        out.println(u.text(true));
        out.println(sym.text());
        if (certificateFile != null) {
            out.println("certificate written to " + certificateFile);
        }
        return 0;
    }

    /**
     * The principal-branch line: the chain proved (MQRE-CHAIN) from its start (the uniform policy; the reward-free
     * game's Markov QRE, proved unique in the certificate's {@code branchStart}, MQRE-CHAIN (7), or joined to the
     * uniform policy by its {@code branchStartHomotopy}, (8)), with its tail (MQRE-TAIL), or why there is none; NPG's
     * limit if different (report null: no QRE was certified).
     */
    private static String principalText(MarkovQreSolver.Principal p, MarkovQreChecker.Report report,
                                        MarkovQreCertificate cert) {
        if (report == null || report.principal() < 0) {
            String singular = p.suspectedSingular().isEmpty() ? "" : String.format(Locale.ROOT, " (the double path's "
                + "orientation changed sign near beta = %.6g: a bifurcation)", p.suspectedSingular().get(0));
            return "principal not traced: " + p.detail() + singular + (report == null ? "" : "; the QRE above is the "
                + "limit of NPG from the uniform policy");
        }
        String subspace = p.symmetries().isEmpty() ? "" : " in the subspace fixed by the game's "
            + p.symmetries().size() + " symmetries";
        MarkovQreCertificate.Uniqueness start = cert.branchStart();
        String from = cert.branchStartHomotopy() != null ? "a Markov QRE of the reward-free game at tau = 1 that "
            + cert.branchStartHomotopy().chain().pieces().size() + " pieces of the start homotopy join to the uniform "
            + "policy (MQRE-CHAIN (8); MQRE-U does not prove that start unique)" : start == null ? "the uniform policy"
            : "the reward-free game's Markov QRE at tau = 1 (unique: MQRE-U, kappa = "
            + start.kappa().toBigDecimal(new MathContext(6)) + "; MQRE-CHAIN (7))";
        String to = p.tail() == null ? "beta = 1/tau" + subspace + (subspace.isEmpty() ? "" : " (" + p.detail() + ")")
            : "a point" + subspace + " " + p.tail().whence() + "; " + p.detail();
        return "principal the QRE above lies on the principal branch (MQRE-CHAIN: " + p.branch().pieces().size()
            + " pieces join beta = 0, tau = infinity and " + from + ", to " + to + "; replayed by the checker)"
            + (report.enclosures().size() > 1 ? "; NPG from the uniform policy converged to another Markov QRE (QRE 2, "
            + "certified, not on the chain)" : "");
    }

    private static String rateText(MarkovQreSolver.Rate rate, MarkovQreSolver.Run npg) {
        if (!rate.proved()) {
            return "rate     no linear rate certified for this NPG run (NPG-EX: " + rate.reason() + ")";
        }
        return "rate     NPG-EX: this NPG run (exact evaluation, from the uniform policy) converges linearly at rate "
            + "kappa = " + Uniqueness.decimal(rate.claim().kappa()) + " per step in the weighted Hilbert metric"
            + (npg.contraction() == null ? "" : String.format(Locale.ROOT, " (observed %.6f)", npg.contraction()));
    }

    private SvgPlot plot(MarkovGame g, Rational t, MarkovQreSolver.Run npg, Uniqueness u, MarkovQreSolver.Rate rate) {
        List<SvgPlot.Series> lines = new ArrayList<>();
        int steps = Math.max(20, Math.min(npg.moves().size(), 2000));
        if (rate.proved()) {
            // the run's steps in the metric of the rate (weights w), and the certified bound on them
            weightedSteps(lines, g, t, rate.claim(), steps, true, "NPG (exact evaluation, eta = "
                + rate.claim().eta() + ")", "NPG-EX", true, 0);
        } else {
            List<double[]> exact = SvgPlot.points();
            for (int k = 0; k < npg.moves().size(); k++) {
                exact.add(new double[] {k + 1, npg.moves().get(k)});
            }
            lines.add(SvgPlot.series("NPG (exact evaluation): max |log pi+ - log pi|", exact, SvgPlot.colour(0),
                false));
        }
        weightedSteps(lines, g, t, u.claim(), steps, false, "soft-value NPG (eta = " + u.claim().eta() + ")",
            "MQRE-U", u.proved(), 1);
        return new SvgPlot(g.name() + ": independent NPG, tau = " + t, "step t", "step size", true, lines);
    }

    /**
     * Adds an iteration's weighted steps ρ_w(z_t, z_{t+1}) under a Perron claim's weights and, if {@code proved}, the
     * certified bound ρ_w(z_0, z_1)·κ^t of theorem {@code theorem} (dashed, same colour).
     */
    private static void weightedSteps(List<SvgPlot.Series> lines, MarkovGame g, Rational t,
                                      MarkovQreCertificate.Uniqueness claim, int steps, boolean exact, String label,
                                      String theorem, boolean proved, int colour) {
        List<Double> weighted = MarkovQreSolver.weightedSteps(g, t, claim, steps, exact);
        List<double[]> run = SvgPlot.points();
        List<double[]> bound = SvgPlot.points();
        double kappa = claim.kappa().doubleValue();
        for (int k = 0; k < weighted.size(); k++) {
            run.add(new double[] {k + 1, weighted.get(k)});
            bound.add(new double[] {k + 1, weighted.get(0) * Math.pow(kappa, k)});
        }
        lines.add(SvgPlot.series(label + ": weighted step", run, SvgPlot.colour(colour), false));
        if (proved) {
            lines.add(SvgPlot.series("certified bound kappa^t (" + theorem + ", kappa = "
                + Uniqueness.decimal(claim.kappa()) + ")", bound, SvgPlot.colour(colour), true));
        }
    }

    /**
     * The game's symmetry group (every relabelling tried, each checked exactly) and the certified QRE's equivariance:
     * proved when the QRE is unique (SYM-2), else the largest |φπ − π| at the box centre over the group.
     */
    record Symmetry(List<MarkovSymmetry> group, String refused, Double defect, boolean proved) {
        String text() {
            if (refused != null) {
                return "symmetry search refused: " + refused;
            }
            String head = "symmetry group of order " + group.size() + " (every agent, state and action relabelling "
                + "tried, each checked exactly)";
            if (defect == null) {
                return head;
            }
            return head + String.format(Locale.ROOT, "; equivariance defect of the certified QRE's centre %.3e", defect)
                + (proved ? "; the QRE is unique, so every symmetry fixes it (SYM-2)" : "");
        }
    }

    static Symmetry symmetry(MarkovGame g, MarkovQreSystem sys, MarkovQreChecker.Report report, Uniqueness u) {
        List<MarkovSymmetry> group;
        try {
            group = MarkovSymmetry.all(g, MarkovSymmetry.MAX_CANDIDATES);
        } catch (IllegalArgumentException e) {
            return new Symmetry(List.of(), e.getMessage(), null, false);
        }
        if (report == null) {
            return new Symmetry(group, null, null, false);
        }
        List<List<List<Double>>> pi = sys.policies(report.enclosures().get(0).stream()
            .map(x -> x.mid().doubleValue()).toList());
        double defect = 0;
        for (MarkovSymmetry phi : group) {
            List<List<List<Double>>> image = phi.apply(pi);
            for (int i = 0; i < pi.size(); i++) {
                for (int s = 0; s < pi.get(i).size(); s++) {
                    for (int a = 0; a < pi.get(i).get(s).size(); a++) {
                        defect = Math.max(defect, Math.abs(image.get(i).get(s).get(a) - pi.get(i).get(s).get(a)));
                    }
                }
            }
        }
        return new Symmetry(group, null, defect, u.proved());
    }

    /** The best MQRE-U certificate ({@link MarkovQreSolver#uniqueness}) and whether it proves uniqueness. */
    record Uniqueness(MarkovQreCertificate.Uniqueness claim, boolean proved) {
        /** The verdict line; {@code certified}: whether a QRE was certified above it. */
        String text(boolean certified) {
            return proved ? "verdict  unique (MQRE-U: Perron certificate of the contraction matrix with kappa = "
                + decimal(claim.kappa()) + " < 1 at eta = " + claim.eta() + "); the soft-value NPG iteration at that "
                + "eta converges to it linearly at rate kappa"
                : "verdict  uniqueness NOT proved (MQRE-U: the best certificate has kappa = " + decimal(claim.kappa())
                + (certified ? " >= 1; the certified QRE above may not be the only one)"
                    : " >= 1; the game may have several QREs)");
        }

        /** Six significant digits; in powers of ten past 10^15 (κ grows like 1/τ at a low temperature). */
        private static String decimal(Rational x) {
            BigDecimal d = x.toBigDecimal(new MathContext(6)).stripTrailingZeros();
            return d.precision() - d.scale() > 16 ? d.toString().replace("E+", "e") : d.toPlainString();
        }
    }

    static Uniqueness uniqueness(MarkovGame g, Rational tau, Rational eta) {
        MarkovQreCertificate.Uniqueness best = MarkovQreSolver.uniqueness(g, tau, eta);
        return new Uniqueness(best, best.kappa().compareTo(Rational.ONE) < 0);
    }

    private String json(Set<Part> parts, MarkovGame g, Rational t, Rational e, MarkovQreSolver.Run npg,
                        MarkovQreSystem sys, BoxCertifier.Outcome o, MarkovQreChecker.Report report, Uniqueness u,
                        MarkovQreSolver.Rate rate, Symmetry sym, MarkovQreSolver.Principal principal,
                        MarkovQreCertificate cert) {
        var mapper = CertificateJson.mapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("game", game);
        root.put("tau", t.toString());
        root.put("eta", e.toString());
        root.put("discount", g.discount().toString());
        if (parts.contains(Part.NPG)) {
            root.put("npgStop", npg.converged() ? "converged" : npg.stop());
            root.put("npgSteps", npg.steps());
            root.put("npgLastMove", npg.lastMove());
            if (npg.contraction() == null) {
                root.putNull("npgContraction");
            } else {
                root.put("npgContraction", npg.contraction());
            }
            root.put("npgRateProved", rate.proved());
            if (rate.claim() != null) {
                root.put("npgRateKappa", rate.claim().kappa().toString());
            }
            if (!rate.proved()) {
                root.put("npgRateReason", rate.reason());
            }
        }
        if (!parts.contains(Part.QRE)) {
            return write(mapper, root);
        }
        root.put("certified", o.certified());
        if (!o.certified()) {
            root.put("reason", o.reason());
        } else {
            List<Interval> enc = report.enclosures().get(0);
            ArrayNode agents = root.putArray("policy");
            for (int i = 0; i < g.numAgents(); i++) {
                ObjectNode agent = agents.addObject();
                agent.put("agent", g.agents().get(i));
                ArrayNode states = agent.putArray("states");
                for (int s = 0; s < g.numStates(); s++) {
                    ObjectNode st = states.addObject();
                    st.put("state", g.states().get(s));
                    ArrayNode probs = st.putArray("probabilities");
                    for (int a = 0; a < g.actionCounts(s)[i]; a++) {
                        probs.add(CertificateJson.box(List.of(enc.get(sys.policyIndex(i, s, a)))).get(0));
                    }
                    st.set("value", CertificateJson.box(List.of(enc.get(sys.valueIndex(i, s)))).get(0));
                }
            }
            root.set("values", CertificateJson.box(report.values().get(0)));
            if (MarkovQreChecker.inLogForm(report, 0)) {
                root.put("certifiedInLogForm", true);
            }
        }
        ObjectNode pr = root.putObject("principal");
        boolean on = report != null && report.principal() == 0;
        pr.put("onPrincipalBranch", on);
        if (on) {
            pr.put("pieces", principal.branch().pieces().size());
            MarkovQreCertificate.Uniqueness start = cert.branchStart();
            if (start != null) {
                ObjectNode s = pr.putObject("start");
                s.put("theorem", "MQRE-CHAIN (7)");
                s.put("kappa", start.kappa().toString());
                s.put("eta", start.eta().toString());
            } else if (cert.branchStartHomotopy() != null) {
                ObjectNode s = pr.putObject("start");
                s.put("theorem", "MQRE-CHAIN (8)");
                s.put("homotopyPieces", cert.branchStartHomotopy().chain().pieces().size());
            }
            if (principal.tail() != null) {
                pr.set("tail", principal.tail().toJson(false));
            }
        } else {
            pr.put("reason", principal.detail());
        }
        if (o.certified()) {
            ArrayNode singular = pr.putArray("suspectedBifurcationBeta");
            principal.suspectedSingular().forEach(singular::add);
            pr.put("otherQres", report.enclosures().size() - 1);
        }
        root.put("uniquenessProved", u.proved());
        root.put("kappa", u.claim().kappa().toString());
        root.put("kappaEta", u.claim().eta().toString());
        root.put("symmetryOrder", sym.group().size());
        ArrayNode generators = root.putArray("symmetries");
        sym.group().forEach(phi -> generators.add(phi.toString()));
        if (sym.defect() != null) {
            root.put("equivarianceDefect", sym.defect());
        }
        return write(mapper, root);
    }

    private static String write(com.fasterxml.jackson.databind.ObjectMapper mapper, ObjectNode root) {
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * An enclosure's midpoint for the text: 12 significant digits at most, and no decimal place below the one above
     * its width's leading digit — so every digit shown is certified (a wide enclosure at an extreme τ shows fewer).
     */
    static String shown(Interval x) {
        BigDecimal mid = x.mid();
        BigDecimal w = x.width();
        if (w.signum() > 0) {
            int leading = w.precision() - w.scale() - 1; // w = d.dd… × 10^leading
            mid = mid.setScale(-(leading + 1), java.math.RoundingMode.HALF_EVEN);
        }
        return mid.round(new MathContext(12)).toPlainString();
    }
}
