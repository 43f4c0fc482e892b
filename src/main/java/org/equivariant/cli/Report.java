package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BranchTail;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.StrictTail;
import org.equivariant.certificate.SupportTail;
import org.equivariant.equilibrium.CertifiedQre;
import org.equivariant.equilibrium.PrincipalBranch;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.theory.InteractionContrast;

/** Plain-text and JSON renderings of a {@link QreResult}. */
final class Report {
    private Report() {
    }

    static String text(QreResult r, int digits) {
        StringBuilder sb = new StringBuilder();
        int[] dims = r.game().dims();
        StringBuilder shape = new StringBuilder();
        for (int d : dims) {
            shape.append(shape.length() == 0 ? "" : "x").append(d);
        }
        sb.append(String.format("game     %s%n", r.game().title()));
        sb.append(String.format("         %d players, %s actions, sha256 %s%n", dims.length, shape,
            r.game().sha256().substring(0, 16)));
        sb.append(String.format("lambda   %s   (tau = %s)%n", r.lambda().toCompactString(),
            r.tau() == null ? "infinity" : r.tau().toCompactString()));
        sb.append(String.format("D        %s%n", InteractionContrast.of(r.game())));
        sb.append(String.format("kappa    %s ~ %s with w = %s: uniqueness is proved for tau > kappa (UNIQ-H)%n",
            r.perron().kappa(), approx(r.perron().kappa()), r.perron().w()));
        sb.append("principal ").append(principal(r)).append('\n');
        BranchTail tail = r.report().principal() >= 0 && r.certificate().branch() != null
            ? r.certificate().branch().tail() : null;
        if (tail instanceof SupportTail t && t.limit() != null) {
            sb.append("limit     as lambda grows the principal branch tends to the Nash equilibrium ")
                .append(t.limitProfile(new MathContext(20))).append(" on the supports, within ")
                .append(t.limit().radius().toBigDecimal(new MathContext(3)).toString()).append(" (MIX-TAIL)\n");
        } else if (tail instanceof StrictTail t) {
            sb.append("limit     as lambda grows the principal branch tends to the strict equilibrium ")
                .append(t.actions().stream().map(a -> a + 1).toList()).append(" (BR-TAIL (d))\n");
        }
        if (!r.pitchfork().isEmpty()) {
            sb.append("pitchfork ").append(r.pitchfork()).append('\n');
        }
        sb.append("verdict  ").append(verdict(r)).append('\n');
        int k = 1;
        List<Integer> leaving = leaving(r);
        for (CertifiedQre q : r.qres()) {
            sb.append(String.format("QRE %d    %scertified radius %s (exactly one QRE in the box)%n", k,
                k - 1 == r.principalIndex() ? "principal branch; " : leaving.contains(k - 1) ? "on a branch leaving "
                + "the singular point (principal branch, " + leavingTheorem(r) + "); " : "", upper(q.radius())));
            k++;
            List<List<Rational>> p = q.profile();
            for (int i = 0; i < p.size(); i++) {
                sb.append(String.format("  %-12s", r.game().players().get(i)));
                for (Rational x : p.get(i)) {
                    sb.append("  ").append(decimal(x, digits));
                }
                sb.append('\n');
            }
        }
        if (r.uncertified() > 0) {
            sb.append(String.format("note     %d further candidate point(s) could not be certified and are not "
                + "reported%n", r.uncertified()));
        }
        return sb.toString();
    }

    /**
     * The QREs the checker accepted on a branch leaving the singular point of the pinned players' curve (PIN-SUB (6)),
     * a symmetry-breaking pitchfork (SYM-PF) or the centroid line (CL-ARM): of the principal branch's component, but
     * not the QRE the principal branch's own continuation reaches.
     */
    static List<Integer> leaving(QreResult r) {
        if (r.report().principal() < 0) {
            return List.of();
        }
        List<Integer> out = new java.util.ArrayList<>(CertificateChecker.leavingQres(r.certificate()));
        out.addAll(CertificateChecker.splitQres(r.certificate()));
        out.addAll(CertificateChecker.centroidArmQres(r.certificate()));
        return out;
    }

    /**
     * The theorem by which {@link #leaving} QREs are certified: "SYM-PF" past a pitchfork, "CL-ARM" off the centroid
     * line, "SYM-ARM" off the branch of the profiles the game's symmetries fix, else "PIN-SUB (6)".
     */
    static String leavingTheorem(QreResult r) {
        return r.certificate().splitBranch() != null ? "SYM-PF" : r.certificate().centroidArms().isEmpty()
            ? "PIN-SUB (6)" : r.certificate().centroidArms().get(0).base() == null ? "CL-ARM" : "SYM-ARM";
    }

    /** What is proved about the principal branch, in one line. */
    static String principal(QreResult r) {
        PrincipalBranch p = r.principal();
        String singular = p.suspectedSingular().isEmpty() ? "" : "; the double tracer saw the branch's orientation "
            + "flip near lambda = " + PrincipalBranch.listed(p.suspectedSingular());
        String from = p.from() == 0 ? "lambda = 0" : String.format(Locale.ROOT, "lambda = %.6g", p.from());
        return switch (p.state()) {
            case BY_UNIQUENESS -> r.principalIndex() >= 0 ? "QRE 1: the QRE is unique (UNIQ-H), so it is the "
                + "principal branch's" : "the QRE is unique (UNIQ-H) but could not be certified";
            case CERTIFIED -> r.principalIndex() >= 0 ? String.format("QRE %d lies on the branch through the "
                + "centroid: %d certified pieces from %s to lambda = %s", r.principalIndex() + 1, p.pieces(),
                p.from() == 0 ? "lambda = 0" : String.format(Locale.ROOT, "lambda = %.6g (UNIQ-H anchor)", p.from()),
                p.detail().isEmpty() ? r.lambda() : String.format(Locale.ROOT, "%.8g, %s, and so on to lambda = %s",
                p.reached(), p.detail(), r.lambda()))
                : "traced, but the QRE at its end could not be certified";
            case SYMMETRIC -> String.format(Locale.ROOT, "QRE %d lies on the principal branch: certified from %s to "
                + "lambda = %.8g (%d pieces), where %s reach lambda = %s (%s; replayed by the checker)%s",
                r.principalIndex() + 1, from, p.reached(), p.pieces(), p.detail(), r.lambda(), r.certificate()
                .symmetricBranch() != null && r.certificate().symmetricBranch().fixed() != null ? "SYM-ARM (8)"
                : "MQRE-CHAIN (5), (6)", singular);
            case PINNED -> p.pieces() == 0 ? String.format(Locale.ROOT, "QRE %d lies on the principal branch: %s; "
                + "the reduced game's branch reaches lambda = %s past that point, and with the pinned players uniform "
                + "it is the full game's (PIN-SUB (3), no chain of the full game needed; replayed by the checker)",
                r.principalIndex() + 1, p.detail(), r.lambda())
                : String.format(Locale.ROOT, "QRE %d lies on the principal branch: certified from %s to "
                + "lambda = %.8g (%d pieces): %s; past that point the reduced game's branch reaches lambda = %s "
                + "(PIN-SUB; replayed by the checker)%s", r.principalIndex() + 1, from, p.reached(), p.pieces(),
                p.detail(), r.lambda(), singular);
            case CENTROID_LINE -> String.format(Locale.ROOT, "QRE %d lies on the principal branch: certified from %s "
                + "to lambda = %.8g (%d pieces): %s; the QRE is the centroid, a QRE at every lambda, and that whole "
                + "line lies in the principal branch past its singular points too (BR-CHAIN corollary 2; replayed by "
                + "the checker)%s", r.principalIndex() + 1, from, p.reached(), p.pieces(), p.detail(), singular);
            case STOPPED -> String.format(Locale.ROOT, "certified from %s to lambda = %.8g only (%d pieces): %s; no "
                + "QRE at lambda = %s is certified to lie on it%s", from, p.reached(), p.pieces(), p.detail(),
                r.lambda(), singular);
            case NOT_TRACED -> "not traced: " + p.detail();
        };
    }

    static String verdict(QreResult r) {
        String tau = r.tau() == null ? "infinity" : r.tau().toCompactString();
        return switch (r.verdict()) {
            case UNIQUE -> "unique: the QRE is the only one (UNIQ-H, tau = " + tau + " > kappa = "
                + r.perron().kappa() + ")";
            case NOT_UNIQUE -> "NOT unique: " + r.qres().size()
                + " QREs certified in pairwise disjoint boxes (tau = " + tau + " <= kappa)";
            case UNDECIDED -> "uniqueness NOT proved (tau = " + tau + " <= kappa = " + r.perron().kappa()
                + "); one QRE certified, " + (r.searchRuns() > 0 ? "no second one found by " + r.searchRuns()
                + " Newton runs from random and pure-response starts" : "others not searched for (--all searches)");
            case NONE_CERTIFIED -> "no QRE could be certified: " + (!r.report().valid()
                ? "the checker refused the certificate: " + r.report().findings()
                : r.uncertified() == 0 ? "no candidate point was found"
                : "none of the " + r.uncertified() + " candidate point(s) passed the Krawczyk test, which needs the "
                + "Jacobian of sigma - Phi_lambda(sigma) regular at the QRE (a QRE at a singular point of the branch, "
                + "such as a pitchfork at exactly this lambda, is never isolated by it)");
        };
    }

    static ObjectNode json(QreResult r, int digits) {
        ObjectNode o = CertificateJson.mapper().createObjectNode();
        o.put("game", r.game().title());
        o.put("sha256", r.game().sha256());
        o.put("lambda", r.lambda().toString());
        o.put("tau", r.tau() == null ? null : r.tau().toString());
        o.put("verdict", r.verdict().name());
        o.put("verdictText", verdict(r));
        o.put("kappa", r.perron().kappa().toString());
        ArrayNode w = o.putArray("w");
        r.perron().w().forEach(x -> w.add(x.toString()));
        ArrayNode qres = o.putArray("qres");
        for (CertifiedQre q : r.qres()) {
            ObjectNode n = qres.addObject();
            ArrayNode prof = n.putArray("profile");
            for (List<Rational> p : q.profile()) {
                ArrayNode a = prof.addArray();
                p.forEach(x -> a.add(decimal(x, digits)));
            }
            n.put("radius", upper(q.radius()));
            n.put("principalBranch", r.qres().indexOf(q) == r.principalIndex());
            if (leaving(r).contains(r.qres().indexOf(q))) {
                n.put("leavingBranch", true);
            }
        }
        o.put("uncertifiedCandidates", r.uncertified());
        o.put("searchRuns", r.searchRuns());
        ObjectNode pb = o.putObject("principalBranch");
        pb.put("state", r.principal().state().name());
        if (!r.pitchfork().isEmpty()) {
            pb.put("pitchfork", r.pitchfork());
        }
        if (r.principalIndex() >= 0) {
            pb.put("qre", r.principalIndex() + 1);
        } else {
            pb.putNull("qre");
        }
        pb.put("pieces", r.principal().pieces());
        pb.put("from", r.principal().from());
        pb.put("reached", r.principal().reached());
        ArrayNode sus = pb.putArray("suspectedSingular");
        r.principal().suspectedSingular().forEach(sus::add);
        QreCertificate.Branch chain = r.certificate().branch();
        if (chain != null && chain.tail() != null && r.report().principal() >= 0) {
            // the chain ended at "reached": within delta of the strict equilibrium (BR-TAIL), or in the box about a
            // profile on the supports where the branch stays from lambda0 on (MIX-TAIL); actions 1-based
            ObjectNode tail = pb.putObject("tail");
            tail.put("theorem", chain.tail().theorem());
            if (chain.tail() instanceof StrictTail strict) {
                ArrayNode actions = tail.putArray("strictEquilibrium");
                strict.actions().forEach(a -> actions.add(a + 1));
                tail.put("delta", strict.delta().toString());
            } else if (chain.tail() instanceof SupportTail mixed) {
                ArrayNode supports = tail.putArray("supports");
                ArrayNode center = tail.putArray("center");
                for (int i = 0; i < mixed.support().size(); i++) {
                    ArrayNode s = supports.addArray();
                    mixed.support().get(i).forEach(a -> s.add(a + 1));
                    ArrayNode c = center.addArray();
                    mixed.center().get(i).forEach(p -> c.add(decimal(p)));
                }
                tail.put("radius", decimal(mixed.radius()));
                tail.put("lambda0", decimal(mixed.lambda0()));
                if (mixed.limit() != null) {
                    // the branch's limit as lambda grows, a Nash equilibrium, enclosed (MIX-TAIL corollary 2)
                    ObjectNode limit = tail.putObject("limit");
                    ArrayNode at = limit.putArray("center");
                    for (List<Rational> c : mixed.limit().center()) {
                        ArrayNode player = at.addArray();
                        c.forEach(p -> player.add(decimal(p)));
                    }
                    limit.put("radius", decimal(mixed.limit().radius()));
                }
            }
        }
        QreCertificate.PinnedBranch pinned = r.certificate().pinnedBranch();
        if (pinned != null && r.report().principal() >= 0) {
            ArrayNode players = pb.putArray("pinnedPlayers");
            pinned.players().forEach(i -> players.add(i + 1));
            if (pinned.below() != null) {
                ObjectNode sp = pb.putObject("singularPoint");
                // a singular point of the principal branch lies at some lambda strictly between the two (PIN-SUB)
                sp.put("lambdaLow", pinned.below().lambda().toBigDecimal(new MathContext(20)).toPlainString());
                sp.put("lambdaHigh", pinned.above().lambda().toBigDecimal(new MathContext(20)).toPlainString());
            }
        }
        pb.put("text", principal(r));
        ArrayNode f = o.putArray("checker");
        r.report().findings().forEach(f::add);
        o.set("certificate", CertificateJson.toJson(r.certificate()));
        return o;
    }

    static String decimal(Rational x, int digits) {
        return x.toBigDecimal(new MathContext(x.abs().compareTo(Rational.ONE) >= 0 ? digits + 1 : digits + 20,
            RoundingMode.HALF_EVEN)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** A 3-digit upper bound of a non-negative rational, e.g. "4.21e-57". */
    static String upper(Rational x) {
        return bound(x, RoundingMode.CEILING);
    }

    /** A 3-digit lower bound of a non-negative rational, for distances proved at least that large. */
    static String lower(Rational x) {
        return bound(x, RoundingMode.FLOOR);
    }

    private static String bound(Rational x, RoundingMode mode) {
        if (x.isZero()) {
            return "0";
        }
        BigDecimal b = x.toBigDecimal(new MathContext(3, mode));
        return b.toString().replace("E", "e");
    }

    private static String approx(Rational x) {
        return x.toBigDecimal(new MathContext(6)).toString();
    }

    /** A MIX-TAIL number for the JSON report: the decimal it is (as the solver writes it), else the fraction. */
    private static String decimal(Rational r) {
        BigDecimal d = r.toExactDecimalOrNull();
        return d == null ? r.toString() : d.toString();
    }
}
