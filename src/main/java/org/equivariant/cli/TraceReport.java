package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.equivariant.arith.Interval;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.PinnedPlayers;
import org.equivariant.equilibrium.PrincipalBranch;
import org.equivariant.equilibrium.TracedBranch;
import org.equivariant.game.NormalFormGame;

/** The certified principal branch as Gambit-compatible CSV, JSON, SVG and a one-line summary. */
final class TraceReport {
    private TraceReport() {
    }

    /**
     * gambit-logit's format: one line per node, {@code lambda,p1a1,p1a2,…} (player-major), no header; each number is
     * the midpoint of its certified enclosure, rounded to {@code decimals}.
     */
    static String csv(List<TracedBranch.Node> nodes, int decimals) {
        StringBuilder b = new StringBuilder();
        for (TracedBranch.Node node : nodes) {
            b.append(round(node.lambda(), decimals));
            for (Interval p : node.profile()) {
                b.append(',').append(round(p, decimals));
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String round(Interval x, int decimals) {
        return x.mid().setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }

    static ObjectNode json(TracedBranch t, int decimals) {
        ObjectNode o = CertificateJson.mapper().createObjectNode();
        o.put("theorem", "BR-CHAIN");
        o.put("game", t.game().title());
        o.put("sha256", t.game().sha256());
        o.put("lambdaMax", t.lambdaMax().toString());
        o.put("reached", t.reached());
        o.put("lambdaReached", t.lambdaReached());
        if (!t.reached()) {
            o.put("stopped", t.detail());
        }
        o.put("verified", t.verified());
        if (!t.verified()) {
            o.put("checkerProblem", t.checkerProblem());
        }
        ArrayNode folds = o.putArray("folds");
        t.folds().forEach(folds::add);
        ArrayNode singular = o.putArray("suspectedSingular");
        t.suspectedSingular().forEach(singular::add);
        nodes(o.putArray("nodes"), t.nodes(), decimals);
        o.set("branch", CertificateJson.branch(t.branch()));
        if (t.continuation() != null) {
            TracedBranch.Continuation c = t.continuation();
            ObjectNode n = o.putObject("continuation");
            n.put("theorem", c.theorem());
            n.put("pieces", c.pieces());
            if (c.pinned().isEmpty()) {
                n.put("symmetries", c.symmetries());
                if (c.singular() != null) {
                    // SYM-PF: the branch leaving the pitchfork; BR-TAIL, MIX-TAIL: the claim past the chain's end
                    n.put(c.tail() ? "tail" : "pitchfork", c.singular());
                }
            } else {
                ArrayNode players = n.putArray("pinnedPlayers");
                c.pinned().forEach(i -> players.add(i + 1));
                n.put("singularPoint", c.singular());
            }
            if (c.pinned().size() > 0 || !c.arms().isEmpty()) {
                ArrayNode arms = n.putArray("leavingArms");
                for (List<TracedBranch.Node> arm : c.arms()) {
                    nodes(arms.addArray(), arm, decimals);
                }
            }
            n.put("verified", c.verified());
            if (!c.verified()) {
                n.put("checkerProblem", c.checkerProblem());
            }
            nodes(n.putArray("nodes"), c.nodes(), decimals);
        }
        return o;
    }

    private static void nodes(ArrayNode out, List<TracedBranch.Node> nodes, int decimals) {
        for (TracedBranch.Node node : nodes) {
            ObjectNode n = out.addObject();
            n.put("lambda", round(node.lambda(), decimals));
            ArrayNode p = n.putArray("profile");
            node.profile().forEach(x -> p.add(round(x, decimals)));
            n.set("lambdaEnclosure", CertificateJson.box(List.of(node.lambda())).get(0));
            n.set("enclosure", CertificateJson.box(node.profile()));
            if (node.fold()) {
                n.put("fold", true);
            }
        }
    }

    /** The nodes of the chain, then those of its continuation past the stop (if any). */
    static List<TracedBranch.Node> allNodes(TracedBranch t) {
        List<TracedBranch.Node> all = new java.util.ArrayList<>(t.nodes());
        if (t.continuation() != null) {
            all.addAll(t.continuation().nodes());
        }
        return all;
    }

    static String summary(TracedBranch t) {
        String chain = (t.nodes().size() - 1) + " certified pieces from lambda = 0";
        String checked = t.verified() ? "; every piece and join re-verified by the checker"
            : "; REJECTED by the checker: " + t.checkerProblem();
        String folds = t.folds().isEmpty() ? "" : "; folds near lambda = " + PrincipalBranch.listed(t.folds());
        if (t.reached()) {
            return "trace    " + chain + " to lambda = " + t.lambdaMax() + folds + checked;
        }
        TracedBranch.Continuation c = t.continuation();
        String tail = c == null || !c.tail() ? "" : "; past it, solve's chain of "
            + c.pieces() + " pieces ends near an equilibrium (" + c.theorem() + ") and its principal QRE at lambda = "
            + t.lambdaMax() + " is the last node (" + (c.verified() ? "its certificate re-verified by the checker)"
            : "REJECTED by the checker: " + c.checkerProblem() + ")");
        String past = c == null ? "" : !tail.isEmpty() ? tail : c.centroidLine() ? "; past it, the centroid is a QRE "
            + "at every lambda (each player's payoff against the others' uniform mixtures is the same for every action, "
            + "checked exactly), so the centroid line is the principal branch to lambda = " + t.lambdaMax()
            + " (BR-CHAIN corollary 2)"
            : "; past it, " + (c.theorem().equals(TracedBranch.FIXED) ? "the logit correspondence has a chain of "
            + c.pieces() + " pieces from lambda = 0 to " + t.lambdaMax() + " in the profiles fixed by the game's "
            + c.symmetries() + " symmetries (SYM-ARM (8)), " : c.pinned().isEmpty() ? "the game's one-state Markov "
            + "reading has a chain of " + c.pieces() + " pieces from lambda = 0 to " + t.lambdaMax() + " in the "
            + "subspace fixed by its " + c.symmetries() + " symmetries (MQRE-CHAIN (5), (6)), " : c.singular()
            + "; players "
            + PinnedPlayers.names(c.pinned()) + " are pinned at the uniform strategy and the reduced game has a chain "
            + "of " + c.pieces() + " pieces from lambda = 0 to " + t.lambdaMax() + " (PIN-SUB), ") + (c.verified()
            ? "every piece and join re-verified by the checker; its " + c.nodes().size() + " nodes beyond the stop "
            + "follow the chain's"
            : "REJECTED by the checker: " + c.checkerProblem());
        String pitchfork = c != null && c.pinned().isEmpty() && c.singular() != null ? "; " + c.singular() : "";
        return "trace    " + chain + " to lambda = " + String.format(Locale.ROOT, "%.10g", t.lambdaReached())
            + " only: " + t.detail() + (t.suspectedSingular().isEmpty() ? ""
            : "; the double tracer saw the orientation flip near lambda = "
            + PrincipalBranch.listed(t.suspectedSingular())) + folds + checked + past + pitchfork;
    }

    private static String polyline(List<TracedBranch.Node> nodes, int coordinate, String colour, String style, int left,
                                   int plotW, double xMax, int y0, int panel) {
        StringBuilder points = new StringBuilder();
        for (TracedBranch.Node node : nodes) {
            double x = left + plotW * node.lambda().mid().doubleValue() / xMax;
            double y = y0 + panel * (1 - node.profile().get(coordinate).mid().doubleValue());
            points.append(String.format(Locale.ROOT, "%.2f,%.2f ", x, y));
        }
        return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s "
            + "points=\"%s\"/>%n", colour, style, points.toString().trim());
    }


    /**
     * The logit-correspondence plot: one panel per player, each action's probability against λ (node midpoints
     * joined by lines), folds as dashed grey verticals, the end of a chain stopped at a singular point in red, and its
     * continuation in the fixed subspace (if any) dashed.
     */
    static String svg(TracedBranch t) {
        NormalFormGame g = t.game();
        int width = 720;
        int panel = 200;
        int left = 60;
        int top = 40;
        int plotW = width - left - 140;
        int gap = 50;
        int height = top + g.numPlayers() * (panel + gap);
        double xMax = Math.max(t.lambdaReached(), allNodes(t).stream().mapToDouble(n -> n.lambda().mid()
            .doubleValue()).max().orElse(1));
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s: principal branch, lambda "
            + "0 to %s%s</text>%n", left, SvgPlot.escape(g.title()), t.lambdaMax(), t.reached() ? "" : " (stopped at "
            + String.format(Locale.ROOT, "%.6g", t.lambdaReached()) + ")"));
        int offset = 0;
        for (int i = 0; i < g.numPlayers(); i++) {
            int y0 = top + i * (panel + gap);
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"black\"/>%n", left, y0, plotW, panel));
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">Player %d</text>%n", left, y0 - 6, i + 1));
            for (double tick : new double[] {0, 0.5, 1}) {
                double y = y0 + panel * (1 - tick);
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    left - 6, y + 4, tick == 0.5 ? "0.5" : tick == 0 ? "0" : "1"));
            }
            for (int k = 0; k <= 4; k++) {
                double x = left + plotW * k / 4.0;
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.4g</text>%n",
                    x, y0 + panel + 16, xMax * k / 4));
            }
            for (TracedBranch.Node node : t.nodes()) {
                if (node.fold()) {
                    double x = left + plotW * node.lambda().mid().doubleValue() / xMax;
                    s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                        + "stroke=\"grey\" stroke-dasharray=\"4 3\"/>%n", x, y0, x, y0 + panel));
                }
            }
            if (!t.reached()) {
                double x = left + plotW * t.lambdaReached() / xMax;
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"red\"/>"
                    + "%n<text x=\"%.1f\" y=\"%d\" fill=\"red\">singular</text>%n", x, y0, x, y0 + panel, x + 3,
                    y0 + 12));
            }
            for (int a = 0; a < g.numActions(i); a++) {
                String colour = SvgPlot.colour(a);
                s.append(polyline(t.nodes(), offset + a, colour, "", left, plotW, xMax, y0, panel));
                if (t.continuation() != null && !t.continuation().nodes().isEmpty()) {
                    // the continuation in the fixed subspace, dashed, from the chain's last node
                    List<TracedBranch.Node> past = new java.util.ArrayList<>();
                    past.add(t.nodes().get(t.nodes().size() - 1));
                    past.addAll(t.continuation().nodes());
                    s.append(polyline(past, offset + a, colour, " stroke-dasharray=\"6 3\"", left, plotW, xMax, y0,
                        panel));
                    // the branches leaving the singular point (PIN-SUB (6)), dotted, from the chain's last node
                    for (List<TracedBranch.Node> arm : t.continuation().arms()) {
                        List<TracedBranch.Node> leaving = new java.util.ArrayList<>();
                        leaving.add(t.nodes().get(t.nodes().size() - 1));
                        leaving.addAll(arm);
                        s.append(polyline(leaving, offset + a, colour, " stroke-dasharray=\"1 3\"", left, plotW, xMax,
                            y0, panel));
                    }
                }
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>%n",
                    left + plotW + 10, y0 + 16 + 16 * a, colour, SvgPlot.escape(g.actions().get(i).get(a))));
            }
            offset += g.numActions(i);
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">lambda</text>%n",
            left + plotW / 2, height - 8));
        s.append("</svg>\n");
        return s.toString();
    }

}
