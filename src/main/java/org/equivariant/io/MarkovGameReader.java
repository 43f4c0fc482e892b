package org.equivariant.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;
import org.equivariant.work.Limits;

/**
 * The JSON format of a {@link MarkovGame} ({@code equivariant-markov-game-1}, docs/formats.md): agents, discount,
 * initial distribution (state name → probability), and per state its action names per agent and one outcome per
 * joint action (its actions by name, the agents' rewards, the next-state distribution). Probabilities are exact
 * rationals and every distribution must sum to exactly 1; every error names its JSON path; sizes are checked before
 * anything is allocated; unknown keys are refused.
 */
public final class MarkovGameReader {
    public static final String FORMAT = "equivariant-markov-game-1";

    private MarkovGameReader() {
    }

    public static MarkovGame read(String source, String text, Limits limits) {
        return read(JsonInput.parse(source, text), limits);
    }

    /** Reads a parsed document (or a member of one: errors then carry the member's path). */
    public static MarkovGame read(JsonInput.Node root, Limits limits) {
        root.object();
        String source = root.source();
        JsonInput.Node format = root.field("format");
        if (!format.string().equals(FORMAT)) {
            throw format.error("expected \"" + FORMAT + "\"");
        }
        root.only("format", "name", "agents", "discount", "initial", "states");
        String name = root.optional("name").map(JsonInput.Node::string).orElse(source);
        List<String> agents = names(root.field("agents"), "agent");
        Rational gamma = root.field("discount").rational();
        if (gamma.signum() < 0 || gamma.compareTo(Rational.ONE) >= 0) {
            throw root.field("discount").error("the discount of a Markov game must lie in [0, 1), got " + gamma);
        }
        List<JsonInput.Node> stateNodes = root.field("states").elements();
        if (stateNodes.isEmpty()) {
            throw root.field("states").error("a Markov game needs at least one state");
        }
        List<String> states = new ArrayList<>();
        Map<String, Integer> stateIndex = new HashMap<>();
        for (JsonInput.Node s : stateNodes) {
            s.only("name", "actions", "outcomes");
            String sn = s.field("name").string();
            if (stateIndex.put(sn, states.size()) != null) {
                throw s.field("name").error("duplicate state name \"" + Rational.quote(sn) + "\"");
            }
            states.add(sn);
        }
        int n = agents.size();
        int ns = states.size();
        double entries = 0;
        List<List<List<String>>> actions = new ArrayList<>();
        for (JsonInput.Node s : stateNodes) {
            List<JsonInput.Node> per = s.field("actions").elements(n);
            List<List<String>> names = new ArrayList<>();
            double joint = 1;
            for (int i = 0; i < n; i++) {
                List<String> a = names(per.get(i), "action");
                names.add(a);
                joint *= a.size();
            }
            actions.add(names);
            entries += joint * (ns + n);
        }
        limits.checkEntries(entries, "transition and reward entries of the Markov game");
        Rational[][][] next = new Rational[ns][][];
        Rational[][][] reward = new Rational[ns][][];
        for (int s = 0; s < ns; s++) {
            JsonInput.Node state = stateNodes.get(s);
            int[] counts = actions.get(s).stream().mapToInt(List::size).toArray();
            int joint = DecPomdp.jointCount(counts);
            next[s] = new Rational[joint][];
            reward[s] = new Rational[joint][];
            for (JsonInput.Node o : state.field("outcomes").elements()) {
                o.only("actions", "rewards", "next");
                List<JsonInput.Node> act = o.field("actions").elements(n);
                int[] c = new int[n];
                for (int i = 0; i < n; i++) {
                    String an = act.get(i).string();
                    c[i] = actions.get(s).get(i).indexOf(an);
                    if (c[i] < 0) {
                        throw act.get(i).error("\"" + Rational.quote(an) + "\" is not an action of agent "
                            + agents.get(i) + " in state " + states.get(s) + " (" + String.join(", ",
                            actions.get(s).get(i)) + ")");
                    }
                }
                int a = DecPomdp.jointIndex(counts, c);
                if (next[s][a] != null) {
                    throw o.field("actions").error("a second outcome for this joint action");
                }
                List<JsonInput.Node> r = o.field("rewards").elements(n);
                reward[s][a] = r.stream().map(JsonInput.Node::number).toArray(Rational[]::new);
                next[s][a] = distribution(o.field("next"), stateIndex, ns);
            }
            for (int a = 0; a < joint; a++) {
                if (next[s][a] == null) {
                    int[] c = DecPomdp.components(counts, a);
                    List<String> missing = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        missing.add(actions.get(s).get(i).get(c[i]));
                    }
                    throw state.field("outcomes").error("no outcome for the joint action (" + String.join(", ",
                        missing) + ")");
                }
            }
        }
        Rational[] initial = distribution(root.field("initial"), stateIndex, ns);
        try {
            return new MarkovGame(name, agents, states, actions, next, reward, gamma, List.of(initial));
        } catch (IllegalArgumentException e) {
            throw root.error(e.getMessage());
        }
    }

    private static List<String> names(JsonInput.Node node, String what) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonInput.Node e : node.elements()) {
            String s = e.string();
            if (!seen.add(s)) {
                throw e.error("duplicate " + what + " name \"" + Rational.quote(s) + "\"");
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            throw node.error("at least one " + what + " is needed");
        }
        return out;
    }

    /** An object state name → probability; absent states 0; must be a distribution. */
    private static Rational[] distribution(JsonInput.Node node, Map<String, Integer> stateIndex, int ns) {
        node.object();
        Rational[] p = new Rational[ns];
        java.util.Arrays.fill(p, Rational.ZERO);
        for (var it = node.json().fieldNames(); it.hasNext(); ) {
            String k = it.next();
            JsonInput.Node v = node.field(k);
            Integer s = stateIndex.get(k);
            if (s == null) {
                throw v.error("\"" + Rational.quote(k) + "\" is not a state");
            }
            p[s] = v.number();
        }
        String bad = MarkovGame.problem(List.of(p));
        if (bad != null) {
            throw node.error("not a probability distribution: it " + bad);
        }
        return p;
    }

    /** The game in this format (exact rationals as strings). */
    public static ObjectNode toJson(MarkovGame g, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", g.name());
        ArrayNode agents = root.putArray("agents");
        g.agents().forEach(agents::add);
        root.put("discount", g.discount().toString());
        ObjectNode initial = root.putObject("initial");
        for (int s = 0; s < g.numStates(); s++) {
            if (g.initial().get(s).signum() != 0) {
                initial.put(g.states().get(s), g.initial().get(s).toString());
            }
        }
        ArrayNode states = root.putArray("states");
        for (int s = 0; s < g.numStates(); s++) {
            ObjectNode st = states.addObject();
            st.put("name", g.states().get(s));
            ArrayNode acts = st.putArray("actions");
            for (int i = 0; i < g.numAgents(); i++) {
                ArrayNode a = acts.addArray();
                g.actions(s, i).forEach(a::add);
            }
            ArrayNode outcomes = st.putArray("outcomes");
            int[] counts = g.actionCounts(s);
            for (int a = 0; a < g.numJointActions(s); a++) {
                ObjectNode o = outcomes.addObject();
                ArrayNode names = o.putArray("actions");
                int[] c = DecPomdp.components(counts, a);
                for (int i = 0; i < c.length; i++) {
                    names.add(g.actions(s, i).get(c[i]));
                }
                ArrayNode r = o.putArray("rewards");
                for (int i = 0; i < g.numAgents(); i++) {
                    r.add(g.reward(s, a, i).toString());
                }
                ObjectNode nx = o.putObject("next");
                for (int s2 = 0; s2 < g.numStates(); s2++) {
                    if (g.transition(s, a, s2).signum() != 0) {
                        nx.put(g.states().get(s2), g.transition(s, a, s2).toString());
                    }
                }
            }
        }
        return root;
    }
}
