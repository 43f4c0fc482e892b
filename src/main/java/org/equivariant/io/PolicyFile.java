package org.equivariant.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;

/**
 * Tabular policies of a Dec-POMDP as JSON (docs/formats.md, "Policy files"): per agent, per action-observation
 * history (as pairs of names, oldest first), the probability of each action as a string — an exact rational for
 * greedified or hand-written policies, a decimal for the limits of flows. Reading refuses, with the JSON path, a
 * missing history, an unknown name, a negative probability, or a row whose sum is off 1 by more than 10⁻⁹; rows off by
 * less (decimals printed from doubles) are renormalized exactly and counted, so the caller can say so.
 */
public final class PolicyFile {
    private PolicyFile() {
    }

    /** A policy read from a file: rows [agent][global history][action], its horizon, how many rows were renormalized. */
    public record Read(List<List<List<Rational>>> policy, int horizon, int renormalized) {
    }

    /** The JSON of {@code policy} (rows [agent][global history][action]); {@code text} prints one probability. */
    public static <T> ObjectNode toJson(DecPomdp m, int horizon, List<? extends List<? extends List<T>>> policy,
                                        Function<T, String> text, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("format", "equivariant-policy");
        o.put("model", m.name());
        o.put("horizon", horizon);
        ArrayNode agents = o.putArray("agents");
        for (int i = 0; i < m.numAgents(); i++) {
            ObjectNode a = agents.addObject();
            a.put("agent", m.agents().get(i));
            ArrayNode names = a.putArray("actions");
            m.actions().get(i).forEach(names::add);
            ArrayNode rows = a.putArray("histories");
            Histories h = histories(m, i, horizon);
            for (int t = 0; t < horizon; t++) {
                for (int k = 0; k < h.count(t); k++) {
                    ObjectNode row = rows.addObject();
                    ArrayNode hist = row.putArray("history");
                    for (int[] p : h.pairs(t, k)) {
                        hist.addArray().add(m.actions().get(i).get(p[0])).add(m.observations().get(i).get(p[1]));
                    }
                    ArrayNode probs = row.putArray("probabilities");
                    for (T x : policy.get(i).get(h.offset(t) + k)) {
                        probs.add(text.apply(x));
                    }
                }
            }
        }
        return o;
    }

    /**
     * Reads a policy of {@code m} from the JSON text of a policy file named {@code source}, refusing a horizon whose
     * policy tables exceed {@code limits}.
     */
    public static Read read(DecPomdp m, String source, String text, org.equivariant.work.Limits limits) {
        JsonInput.Node root = JsonInput.parse(source, text).only("format", "model", "horizon", "agents");
        if (!root.field("format").string().equals("equivariant-policy")) {
            throw root.field("format").error("expected \"equivariant-policy\"");
        }
        int horizon = root.field("horizon").integer(1, 30);
        org.equivariant.field.DecPomdpEvaluator.checkHorizon(m, horizon, limits);
        List<JsonInput.Node> agents = root.field("agents").elements(m.numAgents());
        List<List<List<Rational>>> policy = new ArrayList<>();
        int renormalized = 0;
        for (int i = 0; i < m.numAgents(); i++) {
            JsonInput.Node a = agents.get(i).only("agent", "actions", "histories");
            if (!a.field("agent").string().equals(m.agents().get(i))) {
                throw a.field("agent").error("expected agent \"" + m.agents().get(i) + "\" (agents in model order)");
            }
            List<String> actions = m.actions().get(i);
            List<JsonInput.Node> names = a.field("actions").elements(actions.size());
            for (int k = 0; k < actions.size(); k++) {
                if (!names.get(k).string().equals(actions.get(k))) {
                    throw names.get(k).error("expected action \"" + actions.get(k) + "\" (actions in model order)");
                }
            }
            Histories h = histories(m, i, horizon);
            List<JsonInput.Node> rows = a.field("histories").elements(h.total());
            // elements(n) checked the count, and a repeated history is refused below, so every history is present
            List<List<Rational>> pi = new ArrayList<>();
            for (int g = 0; g < h.total(); g++) {
                pi.add(null);
            }
            for (JsonInput.Node row : rows) {
                row.only("history", "probabilities");
                List<JsonInput.Node> pairs = row.field("history").elements();
                if (pairs.size() >= horizon) {
                    throw row.field("history").error("a history of length " + pairs.size() + " at horizon " + horizon
                        + " (decisions are taken after at most " + (horizon - 1) + " steps)");
                }
                int[][] p = new int[pairs.size()][];
                for (int k = 0; k < p.length; k++) {
                    List<JsonInput.Node> pair = pairs.get(k).elements(2);
                    p[k] = new int[] {index(pair.get(0), actions, "action"),
                        index(pair.get(1), m.observations().get(i), "observation")};
                }
                int g = h.offset(p.length) + h.index(p);
                if (pi.get(g) != null) {
                    throw row.field("history").error("this history appears twice");
                }
                List<JsonInput.Node> probs = row.field("probabilities").elements(actions.size());
                List<Rational> r = new ArrayList<>();
                Rational sum = Rational.ZERO;
                for (JsonInput.Node x : probs) {
                    Rational q = x.number();
                    if (q.signum() < 0) {
                        throw x.error("a probability must not be negative");
                    }
                    r.add(q);
                    sum = sum.add(q);
                }
                if (sum.subtract(Rational.ONE).abs().compareTo(TOLERANCE) > 0) {
                    throw row.field("probabilities").error("the probabilities sum to " + sum.toBigDecimal(
                        new java.math.MathContext(12)) + ", not 1");
                }
                if (!sum.equals(Rational.ONE)) {
                    Rational s = sum;
                    r = r.stream().map(q -> q.divide(s)).toList();
                    renormalized++;
                }
                pi.set(g, r);
            }
            policy.add(pi);
        }
        return new Read(policy, horizon, renormalized);
    }

    private static final Rational TOLERANCE = Rational.parse("1e-9");

    private static int index(JsonInput.Node name, List<String> names, String what) {
        int k = names.indexOf(name.string());
        if (k < 0) {
            throw name.error("unknown " + what + " \"" + Rational.quote(name.string()) + "\" (known: "
                + String.join(", ", names) + ")");
        }
        return k;
    }

    private static Histories histories(DecPomdp m, int i, int horizon) {
        return new Histories(m.actionCounts()[i], m.observationCounts()[i], horizon);
    }
}
