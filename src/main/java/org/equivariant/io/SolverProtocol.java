package org.equivariant.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * The crosscheck protocol (docs/cross-checking.md), one JSON document each way:
 * <pre>
 * request  {"protocol": "equivariant-crosscheck/1", "lambda": "2", "tau": "1/2", "players": 2, "actions": [2, 3],
 *           "payoffs": [[…player 1, contingencies with player 1 fastest…], […]], "nfg": "NFG 1 R …"}
 * response {"profile": [[p11, p12], [p21, p22, p23]]}     (numbers or strings holding rationals/decimals)
 * </pre>
 */
public final class SolverProtocol {
    public static final String VERSION = "equivariant-crosscheck/1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SolverProtocol() {
    }

    public static String request(NormalFormGame g, Rational lambda) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("protocol", VERSION);
        o.put("lambda", lambda.toString());
        o.put("tau", lambda.isZero() ? null : lambda.reciprocal().toString());
        o.put("players", g.numPlayers());
        ArrayNode acts = o.putArray("actions");
        for (int m : g.dims()) {
            acts.add(m);
        }
        ArrayNode pay = o.putArray("payoffs");
        for (RationalTensor t : g.payoffs()) {
            ArrayNode row = pay.addArray();
            t.data().forEach(x -> row.add(x.toString()));
        }
        o.put("nfg", NfgWriter.write(g));
        return o.toString();
    }

    /** The profile of a response; a {@link FormatException} says what is wrong with malformed output. */
    public static List<List<Rational>> response(String text, NormalFormGame g) {
        JsonInput.Node root;
        try {
            root = JsonInput.parse("solver output", text);
        } catch (FormatException e) {
            throw new FormatException("solver output", 1, 1, "solver output is not JSON (" + e.reason() + ")");
        }
        if (!root.has("profile") || !root.field("profile").json().isArray()
            || root.field("profile").json().size() != g.numPlayers()) {
            throw root.error("solver output needs \"profile\": one probability list per player (" + g.numPlayers()
                + ")");
        }
        List<List<Rational>> out = new ArrayList<>();
        List<JsonInput.Node> players = root.field("profile").elements();
        for (int i = 0; i < g.numPlayers(); i++) {
            List<Rational> row = new ArrayList<>();
            for (JsonInput.Node x : players.get(i).elements(g.numActions(i))) {
                Rational v = x.number();
                if (v.signum() < 0 || v.compareTo(Rational.ONE) > 0) {
                    throw x.error("probability " + v + " outside [0, 1]");
                }
                row.add(v);
            }
            out.add(row);
        }
        return out;
    }
}
