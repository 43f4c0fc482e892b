package org.equivariant.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.NormalFormGame;
import org.equivariant.theory.BlockContrast;
import org.equivariant.theory.IdentityThreshold;
import org.equivariant.theory.InteractionContrast;
import org.equivariant.theory.PerronCertificate;
import org.equivariant.equilibrium.CertifiedOnset;
import org.equivariant.equilibrium.EmpiricalOnset;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.EnumerationCertificate;
import org.equivariant.certificate.StationaryCertificate;
import org.equivariant.certificate.StationarySystem;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.equivariant.theory.SymmetricSpectrum;
import org.equivariant.theory.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code threshold GAME [--tau T --eta E [--epsilon EPS --d0 D]]}: every certified threshold with its theorem ID. */
@Command(name = "threshold", mixinStandardHelpOptions = true,
    description = "Prints the exactly computed thresholds and rates of a normal-form game, each with its theorem ID "
        + "(proofs/ID.md): UNIQ-H, UNIQ-C, FLOW-1, NPG-LIN and, for identity coordination games, THR-EX; for a "
        + ".dpomdp model the objective-B block threshold (UNIQ-C b, FLOW-1); with --onset the certified onset "
        + "below them (UNIQ-BB, UNIQ-IT).")
final class ThresholdCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GAME", description = "a Gambit .nfg file, bundled:NAME, or a MADP "
        + ".dpomdp file (objective B thresholds)")
    String game;

    @Option(names = "--horizon", defaultValue = "2", description = "horizon for a .dpomdp model (default 2)")
    int horizon;

    @Mixin
    DiscountOption discount;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(names = "--onset", description = "also certify uniqueness below the closed-form threshold (UNIQ-BB for "
        + "games, UNIQ-IT for Dec-POMDPs) and scan for the empirical onset: the smallest tau on a grid below the "
        + "best certified threshold at which seeded starts (Newton for games, flows for Dec-POMDPs) still agree to "
        + "1e-8, and the gap threshold/onset (an experiment, not a certificate)")
    boolean onset;

    @Option(names = "--certificate", paramLabel = "FILE", description = "with --onset on a .dpomdp model: write the "
        + "UNIQ-IT uniqueness ranges as a stationary-point certificate (docs/certificates.md) for check-certificate")
    java.nio.file.Path certificateFile;

    @Option(names = "--starts", defaultValue = "8", description = "with --onset: seeded starts per grid point "
        + "(default 8)")
    int starts;

    @Option(names = "--seed", defaultValue = "1", description = "with --onset: seed of the starts")
    long seed;

    @Option(names = "--grid", defaultValue = "4", description = "with --onset: grid points per halving of tau "
        + "(default 4)")
    int grid;

    @Option(names = "--onset-time", defaultValue = "120", paramLabel = "SECONDS", description = "with --onset: time "
        + "for the certified onset (UNIQ-BB, UNIQ-IT; default 120 s)")
    double onsetTime;

    @Option(names = "--onset-floor", defaultValue = "1e-3", description = "with --onset: the scan stops at this "
        + "fraction of the threshold (default 1e-3)")
    String onsetFloor;

    @Option(names = "--tau", description = "a temperature, for the NPG-LIN rate")
    String tau;

    @Option(names = "--eta", description = "an NPG step size (default 1/tau)")
    String eta;

    @Option(names = "--epsilon", defaultValue = "1e-10", description = "target weighted Hilbert distance")
    String epsilon;

    @Option(names = "--d0", defaultValue = "10", description = "initial weighted Hilbert distance")
    String d0;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws com.fasterxml.jackson.core.JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        Rational t = tau == null ? null : Args.positive("--tau", tau);
        Rational e = eta == null ? t == null ? null : t.reciprocal() : Args.positive("--eta", eta);
        Rational eps = Args.positive("--epsilon", epsilon);
        Rational dist0 = Args.positive("--d0", d0);
        if (e != null && (t == null || e.compareTo(t.reciprocal()) > 0)) {
            throw new UsageException(t == null ? "--eta needs --tau" : "--eta must be at most 1/tau = "
                + t.reciprocal() + " (NPG-LIN), got " + e);
        }
        if (certificateFile != null && (!onset || !Inputs.isDecPomdp(game))) {
            throw new UsageException("--certificate needs --onset and a .dpomdp model");
        }
        Inputs.writable("--certificate", certificateFile);
        if (Inputs.isDecPomdp(game)) {
            return decPomdp(out, t);
        }
        if (discount.given()) {
            throw new UsageException("--discount applies to .dpomdp models");
        }
        NormalFormGame g = inputs.game(game);
        Work.refuseContrastsIfTooLarge(g);
        List<List<Rational>> d = InteractionContrast.of(g);
        List<List<Rational>> m = InteractionContrast.quarter(d);
        PerronCertificate cert = t == null ? PerronCertificate.find(m) : PerronCertificate.forTemperature(m, t);
        SymmetricSpectrum.Enclosure concave = Thresholds.isCommonPayoff(g) ? SymmetricSpectrum.lambdaMax(d, WIDTH)
            : null;
        Rational best = concave == null ? cert.kappa() : cert.kappa().min(concave.hi().divide(FOUR));
        EmpiricalOnset.Result scan = onset ? scan(best, tau -> EmpiricalOnset.newtonStartsAgree(g, tau, starts, seed))
            : null;
        CertifiedOnset.Result<EnumerationCertificate> proved = onset ? certifiedOnset(g, best) : null;
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            o.put("game", game);
            o.put("kappa", cert.kappa().toString());
            ArrayNode w = o.putArray("w");
            cert.w().forEach(x -> w.add(x.toString()));
            if (concave != null) {
                o.put("concavityThresholdLo", concave.lo().divide(FOUR).toString());
                o.put("concavityThresholdHi", concave.hi().divide(FOUR).toString());
            }
            o.put("certifiedThreshold", best.toString());
            onsetJson(o, proved == null ? best : proved.onset(), scan);
            certifiedOnsetJson(o, proved);
            out.println(CertificateJson.mapper().writeValueAsString(o));
            return 0;
        }
        out.printf("game     %s%n", g.title());
        out.printf("D        %s (interaction contrasts, exact)%n", d);
        out.printf("UNIQ-H   the logit QRE is unique for tau > kappa = %s ~ %s (lambda < %s); certificate w = %s%n",
            cert.kappa(), approx(cert.kappa()), cert.kappa().isZero() ? "infinity" : approx(cert.kappa().reciprocal()),
            cert.w());
        out.printf("         simpler sufficient bounds: Gershgorin L_inf = %s, Corollary 4: (N-1)/2 max sp(r_i) = %s%n",
            Thresholds.gershgorin(d), Thresholds.spanBound(g));
        if (concave != null) {
            SymmetricSpectrum.Enclosure lm = concave;
            out.printf("UNIQ-C   common payoff: the regularized objective is strictly concave for tau > lambda_max(D)/4 "
                + "in [%s, %s] (exact enclosure, Sylvester bisection)%n", approx(lm.lo().divide(FOUR)),
                approx(lm.hi().divide(FOUR)));
            out.println("FLOW-1   above that threshold the policy-gradient flow converges from every start to the "
                + "unique (equivariant) QRE");
            identitySize(g).ifPresent(n -> {
                var a = IdentityThreshold.alphaStar(n, 20);
                out.printf("THR-EX   identity coordination game I_%d: non-uniform symmetric QREs exist exactly for "
                    + "tau <= alpha*(%d) = %s (maximizing p = %s)%n", n, n, a[0], a[1]);
            });
        } else {
            out.println("UNIQ-C   not a common-payoff game");
        }
        if (t != null) {
            if (t.compareTo(cert.kappa()) <= 0) {
                out.printf("NPG-LIN  tau = %s is not above kappa: no rate is certified%n", t);
            } else {
                Rational rate = Thresholds.npgRate(e, t, cert.kappa());
                out.printf("NPG-LIN  eta = %s, tau = %s: ||d(t)||_w <= rho^t ||d(0)||_w with rho = 1 - eta (tau - kappa)"
                    + " = %s ~ %s%n", e, t, rate, approx(rate));
                out.printf("         from ||d(0)||_w = %s, ||d(t)||_w <= %s after t = %s steps%n", d0, epsilon,
                    Thresholds.iterations(dist0, eps, rate));
            }
        } else {
            out.println("NPG-LIN  for tau > kappa and 0 < eta <= 1/tau: rate 1 - eta (tau - kappa); pass --tau for "
                + "numbers");
        }
        onsetText(out, proved == null ? best : proved.onset(), scan, "Newton from " + starts + " seeded starts");
        if (proved != null) {
            Rational below = scan == null ? null : scan.firstDisagreement();
            out.printf("UNIQ-BB  certified: the logit QRE is unique for every tau >= %s (%d parametric branch-and-bound "
                + "ranges covering [%s, %s], each replayed by the checker; %d attempts; stopped: %s)%s%n",
                approx(proved.onset()), proved.certificates().size(), approx(proved.onset()), approx(best),
                proved.attempts(), proved.stop(), below == null ? "" : "; the starts disagree (several QREs) at tau = "
                + approx(below) + ", so the true onset lies in [" + approx(below) + ", " + approx(proved.onset())
                + "] and the certified threshold is within " + approx(proved.onset().divide(below)) + "x of it");
        }
        return 0;
    }

    /**
     * UNIQ-BB below the closed-form threshold, down to --onset-floor times it, within --onset-time seconds; every
     * range certificate is replayed by the independent checker (an IllegalStateException if one is rejected).
     */
    private CertifiedOnset.Result<EnumerationCertificate> certifiedOnset(NormalFormGame g, Rational best) {
        Rational floor = best.multiply(Args.positive("--onset-floor", onsetFloor));
        StderrProgress progress = new StderrProgress(spec.commandLine().getErr());
        CertifiedOnset.Result<EnumerationCertificate> r = CertifiedOnset.search(g, best, floor, onsetTime, (lo, hi, ok) -> progress.update(
            "certified onset", "tau in [" + approx(lo) + ", " + approx(hi) + "]: " + (ok ? "proved" : "not proved")));
        for (var c : r.certificates()) {
            var report = org.equivariant.certificate.EnumerationChecker.check(c);
            if (!report.valid() || !report.complete() || report.enclosures().size() != 1) {
                throw new IllegalStateException("the checker rejected a range certificate: " + report.findings());
            }
        }
        progress.done();
        return r;
    }

    private EmpiricalOnset.Result scan(Rational threshold, java.util.function.Predicate<Rational> agree) {
        Args.range("--starts", starts, 2, 10_000);
        Args.range("--grid", grid, 1, 64);
        Rational floor = Args.positive("--onset-floor", onsetFloor);
        if (floor.compareTo(Rational.ONE) >= 0) {
            throw new UsageException("--onset-floor must be below 1, got " + onsetFloor);
        }
        StderrProgress progress = new StderrProgress(spec.commandLine().getErr());
        EmpiricalOnset.Result r = EmpiricalOnset.scan(threshold, grid, floor, tau -> {
            progress.update("onset", "tau = " + approx(tau));
            return agree.test(tau);
        });
        progress.done();
        return r;
    }

    private static void onsetJson(ObjectNode o, Rational threshold, EmpiricalOnset.Result scan) {
        if (scan == null) {
            return;
        }
        ObjectNode n = o.putObject("onset");
        n.put("gridPoints", scan.points());
        n.put("onset", scan.onset() == null ? null : decimal(scan.onset()));
        n.put("firstDisagreement", scan.firstDisagreement() == null ? null : decimal(scan.firstDisagreement()));
        Rational gap = scan.gap(threshold);
        n.put("gap", gap == null ? null : gap.toBigDecimal(new java.math.MathContext(6)).toPlainString());
        n.put("agreement", EmpiricalOnset.AGREEMENT);
    }

    private static void onsetText(PrintWriter out, Rational threshold, EmpiricalOnset.Result scan, String how) {
        if (scan == null) {
            return;
        }
        out.printf("ONSET    best certified threshold %s; %s agree (to 1e-8) down to tau = %s%s; gap %s "
            + "(experiment, not a certificate)%n", approx(threshold), how, scan.onset() == null ? "n/a (not even at "
            + "the threshold)" : approx(scan.onset()), scan.firstDisagreement() == null ? " (the grid's floor)"
            : ", and first disagree at tau = " + approx(scan.firstDisagreement()), scan.gap(threshold) == null ? "n/a"
            : approx(scan.gap(threshold)) + "x" + (scan.gap(threshold).compareTo(Rational.ONE) < 0 ? " (the "
            + "certified threshold lies below the grid's onset: the grid is too coarse to show what remains)" : ""));
    }

    private Integer decPomdp(PrintWriter out, Rational t) throws com.fasterxml.jackson.core.JsonProcessingException {
        Args.range("--horizon", horizon, 1, 30);
        DecPomdp m = discount.apply(inputs.decPomdp(game, spec.commandLine().getErr()));
        org.equivariant.field.DecPomdpEvaluator.checkHorizon(m, horizon, inputs.limits());
        if (onset) {
            FlowCommand.refuseDenseKrawczyk(m, horizon, "--onset");
        }
        // one enumeration of the reachable structure serves the block contrasts and the onset's flows
        org.equivariant.field.DecPomdpEvaluator<Double> eval = new org.equivariant.field.DecPomdpEvaluator<>(m, horizon,
            org.equivariant.arith.DoubleField.INSTANCE);
        BlockContrast bc = BlockContrast.of(eval);
        SymmetricSpectrum.Enclosure e = bc.threshold(WIDTH);
        Boolean above = t == null ? null : bc.provesConcavityAt(t);
        EmpiricalOnset.Result scan = onset ? scan(e.hi(), tau -> EmpiricalOnset.flowsAgree(eval, tau, starts, seed,
            Runtime.getRuntime().availableProcessors())) : null;
        CertifiedOnset.Result<StationaryCertificate.UniqueRange> proved = onset ? certifiedOnset(m, e.hi()) : null;
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            o.put("model", game);
            o.put("horizon", horizon);
            o.put("discount", m.discount().toString());
            o.put("objective", "B");
            o.put("blocks", bc.blocks().size());
            o.put("returnRange", bc.returnRange().toString());
            o.put("thresholdLo", e.lo().toString());
            o.put("thresholdHi", e.hi().toString());
            if (t != null) {
                o.put("tau", t.toString());
                o.put("aboveThreshold", above);
            }
            onsetJson(o, proved == null ? e.hi() : proved.onset(), scan);
            certifiedOnsetJson(o, proved);
            out.println(CertificateJson.mapper().writeValueAsString(o));
            return 0;
        }
        out.printf("model    %s, horizon %d, gamma %s%s, objective B (per-history entropy sum)%n", m.name(), horizon,
            m.discount(), discount.origin());
        out.printf("blocks   %d reachable action-observation histories; return range g = %s%n", bc.blocks().size(),
            bc.returnRange());
        out.printf("UNIQ-C   J^B is strictly concave, with one stationary point, for tau > lambda_max(Delta)/4 in "
            + "[%s, %s] (exact enclosure; Delta: 2g co-reachable histories of different agents, g nested histories "
            + "of one agent)%n", approx(e.lo()), approx(e.hi()));
        out.println("FLOW-1   above that threshold the policy-gradient flow converges from every start to the "
            + "unique equivariant policy");
        if (t != null) {
            out.printf("tau      %s is %s the threshold (decided exactly: 4 tau I - Delta %s positive definite)%n", t,
                above ? "above" : "not above", above ? "is" : "is not");
        }
        onsetText(out, proved == null ? e.hi() : proved.onset(), scan, starts + " flows of objective B from seeded "
            + "starts");
        if (proved != null) {
            Rational below = scan == null ? null : scan.firstDisagreement();
            out.printf("UNIQ-IT  certified: J^B has exactly one stationary point for every tau >= %s (%d ranges covering "
                + "[%s, %s], each an interval response iteration ending in a box that passes the Krawczyk test with "
                + "tau over the range; UNIQ-C above; %d attempts; stopped: %s)%s%n", approx(proved.onset()),
                proved.certificates().size(), approx(proved.onset()), approx(e.hi()), proved.attempts(),
                proved.stop(), below == null ? "" : "; the flows disagree at tau = " + approx(below) + ", so the "
                + "true onset lies in [" + approx(below) + ", " + approx(proved.onset()) + "] and the certified "
                + "threshold is within " + approx(proved.onset().divide(below)) + "x of it");
            if (certificateFile != null) {
                out.println("         certificate written to " + certificateFile + " (check-certificate replays it)");
            }
        }
        return 0;
    }

    /**
     * UNIQ-IT below the block threshold, down to --onset-floor times it, within --onset-time seconds; with
     * --certificate the ranges are written as a stationary-point certificate.
     */
    private CertifiedOnset.Result<StationaryCertificate.UniqueRange> certifiedOnset(DecPomdp m, Rational top) {
        StationarySystem.Form form = StationarySystem.Form.B;
        Rational floor = top.multiply(Args.positive("--onset-floor", onsetFloor));
        StderrProgress progress = new StderrProgress(spec.commandLine().getErr());
        CertifiedOnset.Result<StationaryCertificate.UniqueRange> r = CertifiedOnset.search(m, horizon, form, top,
            floor, onsetTime, (lo, hi, ok) -> progress.update("certified onset", "tau in [" + approx(lo) + ", "
                + approx(hi) + "]: " + (ok ? "proved" : "not proved")));
        progress.done();
        if (certificateFile != null) {
            StationaryCertificate c = new StationaryCertificate(game, inputs.decPomdpText(game), inputs.strict(),
                m.discount(), horizon, r.onset(), form, List.of(), r.certificates());
            Inputs.write(certificateFile, c.toJson(), "certificate");
        }
        return r;
    }

    private static void certifiedOnsetJson(ObjectNode o, CertifiedOnset.Result<?> proved) {
        if (proved != null) {
            ObjectNode c = o.putObject("certifiedOnset");
            c.put("tau", proved.onset().toString());
            c.put("ranges", proved.certificates().size());
            c.put("attempts", proved.attempts());
            c.put("stop", proved.stop());
        }
    }

    /** n if g is the two-player n×n identity game (payoff 1 on the diagonal, 0 elsewhere). */
    private static java.util.Optional<Integer> identitySize(NormalFormGame g) {
        int[] dims = g.dims();
        if (dims.length != 2 || dims[0] != dims[1]) {
            return java.util.Optional.empty();
        }
        for (int a = 0; a < dims[0]; a++) {
            for (int b = 0; b < dims[1]; b++) {
                if (!g.payoff(0, a, b).equals(a == b ? Rational.ONE : Rational.ZERO)) {
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.of(dims[0]);
    }

    private static final Rational WIDTH = Rational.of(1, 1_000_000_000);
    private static final Rational FOUR = Rational.of(4);

    /** A grid point (a 12-digit decimal, exactly). */
    private static String decimal(Rational x) {
        return x.toBigDecimal(new java.math.MathContext(40)).stripTrailingZeros().toPlainString();
    }

    private static String approx(Rational x) {
        return x.toBigDecimal(new java.math.MathContext(8)).toString();
    }
}
