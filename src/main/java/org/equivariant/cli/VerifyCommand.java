package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.equilibrium.ChainMemo;
import org.equivariant.equilibrium.ClaimCheck;
import org.equivariant.equilibrium.PrincipalComponent;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.ProfileClaims;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify GAME --gambit-csv FILE | --profiles FILE.json [--tolerance T]}: certify another solver's output. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Checks QRE profiles claimed by another solver (gambit-logit CSV, or a JSON profile list) against "
        + "certified QREs: the certified distance to the nearest QRE, agreement within the tolerance, and whether the "
        + "claim is on a non-unique branch. Exit code 1 if any claim is proved wrong.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GAME", description = "a Gambit .nfg file, or bundled:NAME")
    String game;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--gambit-csv", paramLabel = "FILE", description = "output of gambit-logit (lambda,p1,…)")
        Path csv;

        @Option(names = "--profiles", paramLabel = "FILE", description = "JSON {\"profiles\": [{\"lambda\", "
            + "\"profile\"}]}")
        Path json;
    }

    @Option(names = "--tolerance", defaultValue = "1e-4",
        description = "agreement tolerance in every probability (default 1e-4, Gambit's corrector tolerance)")
    String tolerance;

    @Option(names = "--json", description = "machine-readable output")
    boolean jsonOut;

    @Option(names = "--enumerate", description = "run the branch-and-bound at every line that no certified QRE is "
        + "within the tolerance of, and at every line that agrees where uniqueness is not proved, on any game "
        + "(default: at lines no certified QRE is near, on games with at most 4 free probabilities, with 2000 boxes)")
    boolean enumerate;

    @Option(names = "--max-boxes", paramLabel = "N", defaultValue = "20000", description = "box budget of "
        + "--enumerate, per line (default 20000)")
    int maxBoxes;

    @Option(names = "--lambda", paramLabel = "L", description = "the lambda the other solver was asked for (gambit-logit "
        + "-l L): a last line at another lambda is flagged as a premature stop (exit code 1)")
    String requested;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Rational tol = Args.positive("--tolerance", tolerance);
        Args.range("--max-boxes", maxBoxes, 1, 100_000_000);
        ClaimCheck.Enumeration enumeration = enumerate ? ClaimCheck.Enumeration.every(maxBoxes)
            : ClaimCheck.Enumeration.CLAIMS_NO_QRE_IS_NEAR;
        NormalFormGame g = inputs.game(game);
        Path file = input.csv != null ? input.csv : input.json;
        String text = inputs.text(file);
        List<ProfileClaims.Claim> claims = input.csv != null
            ? ProfileClaims.gambitCsv(file.toString(), text, g.totalActions())
            : ProfileClaims.json(file.toString(), text, g.totalActions());
        ArrayNode rows = CertificateJson.mapper().createArrayNode();
        boolean wrong = false;
        String stopped = null;
        if (requested != null && !claims.isEmpty()) {
            Rational asked = Args.nonNegative("--lambda", requested);
            ProfileClaims.Claim last = claims.get(claims.size() - 1);
            // gambit-logit prints λ rounded to its -d decimals: accept a rounding of the requested λ
            if (last.lambda() == null || last.lambda().subtract(asked).abs().compareTo(Rational.of(1, 1_000_000)
                .multiply(Rational.ONE.add(asked))) > 0) {
                stopped = "the last line (" + last.line() + ") is at lambda = " + (last.lambda() == null ? "NE"
                    : last.lambda()) + ", not the requested lambda = " + asked + ": the solver stopped early (its "
                    + "path met a singular point or a step limit), so it gave no answer at lambda = " + asked;
                wrong = true;
            }
        }
        // each claim is a solve at its λ (a gambit-logit path has a hundred lines or more): progress names the line,
        // and an interrupt says how many were checked (printed above, without --json)
        StderrProgress progress = new StderrProgress(spec.commandLine().getErr());
        int[] checked = {0};
        ChainMemo memo = new ChainMemo(); // the principal chain, reused from line to line
        // a path that turns back in λ passes folds: the chains on the principal branch's component along it (the
        // principal chain from the centroid, and past its singular point the branches leaving it), replayed, put the
        // QREs they hold there (BR-CHAIN past a fold; SYM-PF, CL-ARM, SYM-ARM)
        Rational through = turnsBack(claims);
        PrincipalComponent component = through == null ? null : PrincipalComponent.traced(g, through,
            (phase, state) -> progress.update("verify: the branch through the path's folds", phase + ": " + state));
        progress.proved(() -> checked[0] + " of " + claims.size() + " claims checked" + (jsonOut ? "" : " (above)"));
        for (ProfileClaims.Claim c : claims) {
            String where = "line " + c.line() + " (" + (checked[0] + 1) + " of " + claims.size() + ")";
            progress.update("verify", where);
            ObjectNode row = rows.addObject();
            row.put("line", c.line());
            if (c.lambda() == null) {
                Rational regret = ClaimCheck.regret(g, c.profile());
                row.put("lambda", "NE");
                row.put("regret", regret.toString());
                if (!jsonOut) {
                    progress.clear();
                    out.printf("line %-4d NE        Nash regret of the claimed profile (exact) = %s%n", c.line(),
                        Report.upper(regret.abs()));
                }
                checked[0]++;
                continue;
            }
            ClaimCheck check = ClaimCheck.check(g, c.lambda(), c.profile(), tol, 20, (phase, state) -> progress
                .update("verify " + where + ", lambda = " + c.lambda().toCompactString(), phase + ": " + state), memo,
                component, enumeration);
            wrong |= check.wrong();
            int k = check.nearest();
            row.put("lambda", c.lambda().toString());
            row.put("outcome", check.outcome().name());
            row.put("verdict", check.verdict().name());
            row.put("certifiedQres", check.result().qres().size());
            int principal = check.result().principalIndex();
            row.put("principalCertified", principal >= 0);
            if (check.enumerated() != null) {
                ObjectNode b = row.putObject("branchAndBound"); // replayed by the checker
                b.put("qres", check.enumerated().qres());
                b.put("boxes", check.enumerated().boxes());
                b.put("undecided", check.enumerated().open());
                b.put("distanceLower", Report.lower(check.enumerated().nearest()));
            }
            if (check.outcome() == ClaimCheck.Outcome.AGREES_WITH_THE_SINGULAR_CENTROID) {
                row.put("onPrincipalBranch", true); // the centroid, exactly: BR-CHAIN corollary 2
                row.put("distanceUpper", Report.upper(ClaimCheck.centroidDistance(g, c.profile())));
            } else if (k >= 0) {
                row.put("qre", k + 1);
                PrincipalComponent.Holding held = check.holding();
                if (Report.leaving(check.result()).contains(k)) {
                    row.put("onPrincipalBranch", false);
                    row.put("leavingBranch", true); // certified on a branch leaving the singular point
                } else if (held != null) {
                    // a piece of a replayed chain on the component holds it: past a fold of the principal branch,
                    // or on a branch leaving its singular point
                    row.put("onPrincipalBranch", held.leg().principal());
                    row.put(held.leg().principal() ? "pastAFold" : "leavingBranch", true);
                    row.put("tracedChain", held.leg().theorem());
                    row.put("tracedPiece", held.piece() + 1);
                    if (held.image() != null) {
                        row.put("tracedImage", held.image().toString());
                    }
                } else if (principal == k || !check.result().principal().pastASingularPoint()) {
                    row.put("onPrincipalBranch", principal == k);
                } else {
                    row.putNull("onPrincipalBranch"); // it may lie on a branch that split off at the singular point
                }
                row.put("distanceLower", Report.lower(check.lowerDistances().get(k)));
                row.put("distanceUpper", Report.upper(check.upperDistances().get(k)));
            }
            if (!jsonOut) {
                progress.clear();
                out.printf("line %-4d lambda %-8s %s%n", c.line(), c.lambda(), describe(check, tol, through));
            }
            checked[0]++;
        }
        progress.done();
        if (stopped != null && !jsonOut) {
            out.println("STOPPED  " + stopped);
        }
        if (jsonOut) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            o.put("game", g.title());
            o.put("tolerance", tol.toString());
            if (stopped != null) {
                o.put("stopped", stopped);
            }
            o.set("claims", rows);
            out.println(CertificateJson.mapper().writeValueAsString(o));
        }
        return wrong ? 1 : 0;
    }

    /** A rational as its exact decimal where it has one (a λ read from a CSV line does), else as p/q. */
    private static String decimal(Rational x) {
        java.math.BigDecimal d = x.toExactDecimalOrNull();
        return d == null ? x.toString() : d.toPlainString();
    }

    /**
     * Where the claims' λ turn back — a line's below an earlier one's and below the last line's: the path passed a
     * fold (gambit-logit's last step past the λ asked for and back to it is not one) — the largest of them, the λ to
     * trace the principal chain toward: where the path ends there (gambit-logit's ends at the λ asked for), the branch
     * first reaches it past every fold the path passed; null where the λ do not turn back.
     */
    private static Rational turnsBack(List<ProfileClaims.Claim> claims) {
        Rational last = null;
        for (ProfileClaims.Claim c : claims) {
            last = c.lambda() != null ? c.lambda() : last;
        }
        Rational top = null;
        boolean back = false;
        for (ProfileClaims.Claim c : claims) {
            if (c.lambda() != null) {
                back |= top != null && c.lambda().compareTo(top) < 0 && c.lambda().compareTo(last) < 0;
                top = top == null ? c.lambda() : top.max(c.lambda());
            }
        }
        return back ? top : null;
    }

    /**
     * Where piece j of a replayed chain on the principal branch's component toward {@code through} holds the line's
     * QRE or its image under a symmetry; {@code p}: the principal QRE at the line's λ.
     */
    private static String held(PrincipalComponent.Holding h, Rational through, int p) {
        String piece = "piece " + (h.piece() + 1) + " of ";
        String holds = " (replayed by the checker) holds " + (h.image() == null ? "it"
            : "its image under the symmetry [" + h.image() + "]") + " (" + h.leg().theorem() + ")";
        return h.leg().principal() ? "; it lies on the principal branch past a fold: " + piece
            + "the chain certified from the centroid toward lambda = " + decimal(through) + holds + ", though the "
            + "branch first reaches this lambda at QRE " + (p + 1)
            : "; it lies on a branch leaving " + (h.leg().later() ? "a later singular point on a branch leaving "
            : "") + "the singular point near lambda = " + String.format(java.util.Locale.ROOT, "%.6g",
            h.leg().singular()) + ": " + piece + "that branch's chain certified toward lambda = "
            + decimal(through) + holds + ", so on the principal branch's component, though not on the continuation "
            + "through " + trivial(h.leg().theorem()) + " (QRE " + (p + 1) + ")";
    }

    /** The branch that the branches leaving a singular point by {@code theorem} leave, continued past it. */
    private static String trivial(String theorem) {
        return switch (theorem) {
            case "SYM-PF" -> "the profiles the symmetry fixes";
            case "CL-ARM" -> "the centroid line";
            case "SYM-ARM" -> "the profiles the game's symmetries fix";
            default -> "the pinned players' curve";
        };
    }

    /** A complete branch-and-bound's count, or where an incomplete one leaves the QREs. */
    private static String enumerated(ClaimCheck.Enumerated e) {
        String boxes = e.boxes() + (e.boxes() == 1 ? " box" : " boxes");
        return "the branch-and-bound (replayed by the checker) " + (e.complete() ? "proves exactly " + e.qres()
            + " QRE" + (e.qres() == 1 ? "" : "s") + " in the whole policy space (" + boxes + ", all decided; UNIQ-BB)"
            : "leaves every QRE in one of its " + e.qres() + (e.qres() == 1 ? " isolating box or " : " isolating boxes "
            + "or ") + e.open() + " undecided " + (e.open() == 1 ? "one" : "ones") + " (" + boxes + "; UNIQ-BB; more "
            + "with --max-boxes)");
    }

    /** The distance from the claim to the nearest QRE the branch-and-bound encloses. */
    private static String nearest(ClaimCheck.Enumerated e) {
        return ", the nearest at distance >= " + Report.lower(e.nearest());
    }

    /** The line's verdict; {@code through}: the λ the chain through the path's folds was traced toward (or null). */
    private static String describe(ClaimCheck c, Rational tol, Rational through) {
        int k = c.nearest();
        String dist = k < 0 ? "" : "distance to QRE " + (k + 1) + " in [" + Report.lower(c.lowerDistances().get(k))
            + ", " + Report.upper(c.upperDistances().get(k)) + "]";
        int n = c.result().qres().size();
        int p = c.result().principalIndex();
        QreCertificate.SplitBranch split = c.result().certificate().splitBranch();
        String singular = String.format(java.util.Locale.ROOT, "%.6g", c.result().principal().reached());
        String branch = p == k ? "; it is the principal branch's QRE"
            : split != null && split.rejoined() != null && split.rejoined().fixed().qre() == k ? "; it lies on a "
            + "branch of the profiles a symmetry fixes that the branch leaving the singular point near lambda = "
            + singular + " meets at a second pitchfork (certified, SYM-PF (6)), so on the principal branch's "
            + "component, though not on the principal QRE's own continuation (QRE " + (p + 1) + ")"
            : Report.leaving(c.result()).contains(k) ? "; it lies on a branch leaving the singular point near lambda = "
            + singular + " (certified, " + Report.leavingTheorem(c.result()) + "), so on the principal branch's "
            + "component, though not on the continuation through " + trivial(Report.leavingTheorem(c.result()))
            + " (QRE " + (p + 1) + ")"
            : c.holding() != null ? held(c.holding(), through, p)
            : p >= 0 && c.result().principal().pastASingularPoint() ? "; it is not the "
                + switch (c.result().principal().state()) {
                case SYMMETRIC -> "symmetric QRE that the chain in the subspace fixed by the game's symmetries puts";
                case CENTROID_LINE -> "centroid, which the centroid line puts";
                default -> "QRE where the pinned players stay uniform that the reduced game's branch puts";
            }
            + " on the principal branch (QRE " + (p + 1) + "), but it may lie on a branch that splits off at the "
            + "singular point near lambda = " + singular + " (not certified)"
            : p >= 0 ? "; it is NOT the principal branch's QRE at this lambda (that is QRE " + (p + 1) + ", where the "
            + "certified chain from the centroid first reaches lambda)"
            : "; the principal branch is not certified to reach this lambda";
        return switch (c.outcome()) {
            case AGREES -> "agrees with QRE 1 (" + dist + " <= " + tol + "); the QRE is unique " + (c.enumerated()
                == null ? "(UNIQ-H)" : "- " + enumerated(c.enumerated()) + " -") + ", so it is the principal branch's";
            case AGREES_WITH_ONE_OF_SEVERAL -> "agrees with QRE " + (k + 1) + " of " + n + " certified (" + dist + ")"
                + branch + "; " + (c.enumerated() != null ? enumerated(c.enumerated())
                    : c.result().verdict() == org.equivariant.equilibrium.Verdict.NOT_UNIQUE
                    ? "the QRE is NOT unique here" : "uniqueness not proved");
            case DISAGREES -> "DISAGREES: the unique QRE is at " + dist;
            case NO_CERTIFIED_QRE_NEAR -> "no certified QRE within " + tol + " (" + n + " found, " + dist + "); "
                + (c.enumerated() == null ? "uniqueness not proved, so another QRE may be near the claim"
                : enumerated(c.enumerated()) + nearest(c.enumerated()) + ", so one may be near the claim");
            case NO_QRE_NEAR -> "DISAGREES: no QRE within " + tol + ": " + enumerated(c.enumerated())
                + nearest(c.enumerated()) + (n == 0 ? "" : "; " + dist);
            case AGREES_WITH_THE_SINGULAR_CENTROID -> "agrees with the centroid (within " + tol + "), a QRE at every "
                + "lambda (checked exactly) on the principal branch (BR-CHAIN corollary 2); at exactly this lambda "
                + "det(I - lambda A) = 0, a singular point of the branch, which no Krawczyk test can isolate; "
                + (n == 0 ? "uniqueness not decided" : "the QRE is NOT unique here (" + n + " others certified)");
        };
    }
}
