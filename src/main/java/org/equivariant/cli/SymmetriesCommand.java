package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.game.NormalFormGame;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.symmetry.Permutation;
import org.equivariant.symmetry.AutomorphismSearch;
import org.equivariant.symmetry.DecPomdpSymmetries;
import org.equivariant.symmetry.DecPomdpSymmetry;
import org.equivariant.symmetry.EncodedGroup;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.symmetry.SymmetryGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code symmetries GAME|MODEL [--check SYMMETRY] [--json]}: the full symmetry group of a normal-form game, a
 * Dec-POMDP or a Markov game, or a check of a claimed symmetry.
 */
@Command(name = "symmetries", mixinStandardHelpOptions = true,
    description = "The full symmetry group of a normal-form game, a Dec-POMDP or a Markov game (order, generators or "
        + "elements, orbits), or with --check, whether a claimed symmetry is one. Exit code 1 when a claimed symmetry "
        + "is rejected, 4 when the search stopped at its node budget (the group printed is then a subgroup).")
final class SymmetriesCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GAME|MODEL", description = "a Gambit .nfg file, a MADP .dpomdp model, "
        + "a Markov game (.json, docs/formats.md), or bundled:NAME")
    String game;

    @Option(names = "--check", paramLabel = "SYMMETRY",
        description = "a claimed symmetry, e.g. \"players (1 2); actions 1:(1 2) 2:()\" for a game, \"agents (1 2); "
            + "states (1 2); actions 1:(2 3) 2:(2 3); observations 1:(1 2) 2:(1 2)\" for a Dec-POMDP (1-based cycles; "
            + "the maps of agent i go onto those of its image; a part left out is the identity)")
    String check;

    @Option(names = "--max-nodes", defaultValue = "200000", description = "Dec-POMDPs: search-tree node budget "
        + "(default ${DEFAULT-VALUE})")
    long maxNodes;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.svg", description = "draw the group acting on the players and "
        + "actions (a game) or on the agents and states (a Dec-POMDP or Markov game) as SVG: points coloured by orbit, "
        + "an arrow per generator and moved point")
    java.nio.file.Path plot;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Inputs.writable("--plot", plot);
        if (Inputs.isDecPomdp(game)) {
            return decPomdp(out);
        }
        if (org.equivariant.io.Sources.isMarkovGame(game)) {
            return markov(out);
        }
        NormalFormGame g = inputs.game(game);
        if (check != null) {
            GameSymmetry s;
            try {
                s = GameSymmetry.parse(check, g.dims());
            } catch (IllegalArgumentException e) {
                throw new UsageException("--check: " + e.getMessage());
            }
            var v = s.violation(g);
            out.println(v.map(reason -> "REJECTED " + s + ": " + reason).orElse("VALID " + s + " is a symmetry"));
            return v.isPresent() ? 1 : 0;
        }
        SymmetryGroup group = AutomorphismSearch.fullGroup(g);
        if (plot != null) {
            List<OrbitPicture.Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < g.numPlayers(); i++) {
                rows.add(new OrbitPicture.Row("player " + (i + 1), OrbitPicture.numbered(g.numActions(i))));
            }
            List<OrbitPicture.Generator> gens = new java.util.ArrayList<>();
            for (GameSymmetry s : group.generators()) {
                List<int[]> moves = new java.util.ArrayList<>();
                for (int i = 0; i < g.numPlayers(); i++) {
                    for (int a = 0; a < g.numActions(i); a++) {
                        int j = s.players().apply(i);
                        int b = s.actions().get(i).apply(a);
                        if (j != i || b != a) {
                            moves.add(new int[] {i, a, j, b});
                        }
                    }
                }
                gens.add(new OrbitPicture.Generator(s.toString(), moves));
            }
            new OrbitPicture("Symmetry group of " + g.title() + " (order " + group.order() + ") on players' actions",
                rows, gens, "generators").write(plot);
        }
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            o.put("game", g.title());
            o.put("sha256", g.sha256());
            o.put("order", group.order().toString());
            ArrayNode gens = o.putArray("generators");
            group.generators().forEach(s -> gens.add(s.toString()));
            ArrayNode po = o.putArray("playerOrbits");
            group.playerOrbits().forEach(orb -> po.add(CertificateJson.mapper().valueToTree(
                orb.stream().map(i -> i + 1).toList())));
            ArrayNode ao = o.putArray("actionOrbits");
            group.actionOrbits().forEach(orb -> ao.add(CertificateJson.mapper().valueToTree(
                orb.stream().map(pa -> (pa[0] + 1) + ":" + (pa[1] + 1)).toList())));
            out.println(CertificateJson.mapper().writeValueAsString(o));
            return 0;
        }
        out.printf("game     %s%n", g.title());
        out.printf("order    %s%n", group.order());
        out.printf("generators (%d; each verified against every payoff)%n", group.generators().size());
        for (GameSymmetry s : group.generators()) {
            out.println("  " + s);
        }
        out.println("player orbits  " + group.playerOrbits().stream()
            .map(o -> o.stream().map(i -> Integer.toString(i + 1)).collect(Collectors.joining(" ", "{", "}")))
            .collect(Collectors.joining(" ")));
        out.println("action orbits  " + group.actionOrbits().stream().map(SymmetriesCommand::orbit)
            .collect(Collectors.joining(" ")) + "   (player:action)");
        return 0;
    }

    private int decPomdp(PrintWriter out) throws Exception {
        Args.range("--max-nodes", maxNodes, 1, Long.MAX_VALUE / 2);
        DecPomdp m = inputs.decPomdp(game, spec.commandLine().getErr());
        if (check != null) {
            DecPomdpSymmetry s;
            try {
                s = DecPomdpSymmetry.parse(check, m);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--check: " + e.getMessage());
            }
            var v = s.violation(m);
            out.println(v.map(reason -> "REJECTED " + s + ": " + reason).orElse("VALID " + s + " is a symmetry"));
            return v.isPresent() ? 1 : 0;
        }
        long t0 = System.nanoTime();
        DecPomdpSymmetries.Discovery d = DecPomdpSymmetries.discover(m, maxNodes);
        double seconds = (System.nanoTime() - t0) / 1e9;
        EncodedGroup<DecPomdpSymmetry> group = d.group();
        if (plot != null) {
            List<OrbitPicture.Generator> gens = new java.util.ArrayList<>();
            for (DecPomdpSymmetry s : group.generators()) {
                List<int[]> moves = new java.util.ArrayList<>();
                OrbitPicture.moves(moves, 0, s.agents());
                OrbitPicture.moves(moves, 1, s.states());
                gens.add(new OrbitPicture.Generator(s.toString(), moves));
            }
            new OrbitPicture("Symmetry group of " + m.name() + " (order " + group.order() + ") on agents and states",
                List.of(new OrbitPicture.Row("agents", m.agents()), new OrbitPicture.Row("states", m.states())), gens,
                "generators").write(plot);
        }
        List<List<Integer>> orbits = DecPomdpSymmetries.stateOrbits(group, m.numStates());
        long moved = orbits.stream().filter(o -> o.size() > 1).count();
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            o.put("model", m.name());
            o.put("complete", d.complete());
            o.put("order", group.order().toString());
            o.put("searchNodes", d.nodes());
            ArrayNode gens = o.putArray("generators");
            group.generators().forEach(s -> gens.add(s.toString()));
            ArrayNode so = o.putArray("stateOrbits");
            orbits.stream().filter(orb -> orb.size() > 1).forEach(orb -> so.add(CertificateJson.mapper().valueToTree(
                orb.stream().map(k -> m.states().get(k)).toList())));
            out.println(CertificateJson.mapper().writeValueAsString(o));
            return d.complete() ? 0 : 4;
        }
        out.printf("model    %s: %d agents, %d states%n", m.name(), m.numAgents(), m.numStates());
        out.printf("order    %s%s%n", group.order(), d.complete() ? "" : "  (a SUBGROUP: the search stopped at its "
            + "budget of " + maxNodes + " nodes; raise --max-nodes)");
        out.printf("search   %d tree nodes, %.2f s (structure graph, individualization-refinement, SYM-GRAPH)%n",
            d.nodes(), seconds);
        int shown = Math.min(group.generators().size(), 30);
        out.printf("generators (%d; each verified against every b0, T, O and r entry)%s%n", group.generators().size(),
            shown < group.generators().size() ? "; the first " + shown + " (--json lists all)" : "");
        for (DecPomdpSymmetry s : group.generators().subList(0, shown)) {
            out.println("  " + s);
        }
        out.printf("states   %d orbits, %d of them with more than one state%n", orbits.size(), moved);
        return d.complete() ? 0 : 4;
    }

    /**
     * A Markov game's group: every agent, state and action relabelling tried, each decided exactly
     * ({@link MarkovSymmetry#all}); the elements (not generators) and the agent and state orbits.
     */
    private int markov(PrintWriter out) throws Exception {
        if (check != null) {
            throw new UsageException("--check applies to normal-form games and Dec-POMDPs; a Markov game's full group "
                + "is listed element by element");
        }
        return markovGroup(out, org.equivariant.io.Sources.markovGame(game, inputs.limits()), json, plot);
    }

    /** The group report of a Markov game (also {@code markov symmetries}). */
    static int markovGroup(PrintWriter out, MarkovGame g, boolean json, java.nio.file.Path plot) throws Exception {
        List<MarkovSymmetry> group;
        try {
            group = MarkovSymmetry.all(g, MarkovSymmetry.MAX_CANDIDATES);
        } catch (IllegalArgumentException e) {
            throw new UsageException("refused: " + e.getMessage());
        }
        if (plot != null) {
            // one arrow set per distinct action of the group on agents and states (elements differing only in
            // their action relabellings draw the same arrows)
            java.util.Map<String, OrbitPicture.Generator> distinct = new java.util.LinkedHashMap<>();
            for (MarkovSymmetry phi : group) {
                List<int[]> moves = new java.util.ArrayList<>();
                OrbitPicture.moves(moves, 0, phi.agents());
                OrbitPicture.moves(moves, 1, phi.states());
                String name = "agents " + phi.agents() + "; states " + phi.states();
                if (!moves.isEmpty()) {
                    distinct.putIfAbsent(name, new OrbitPicture.Generator(name, moves));
                }
            }
            List<OrbitPicture.Generator> gens = List.copyOf(distinct.values());
            new OrbitPicture("Symmetry group of " + g.name() + " (order " + group.size() + ") on agents and states",
                List.of(new OrbitPicture.Row("agents", g.agents()), new OrbitPicture.Row("states", g.states())), gens,
                "permutations of the agents and states in the group").write(plot);
        }
        List<List<Integer>> agentOrbits = Permutation.orbits(g.numAgents(), group.stream().map(MarkovSymmetry::agents)
            .toList());
        List<List<Integer>> stateOrbits = Permutation.orbits(g.numStates(), group.stream().map(MarkovSymmetry::states)
            .toList());
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            o.put("game", g.name());
            o.put("order", group.size());
            ArrayNode el = o.putArray("elements");
            group.forEach(phi -> el.add(describe(g, phi)));
            ArrayNode ao = o.putArray("agentOrbits");
            agentOrbits.forEach(orb -> ao.add(CertificateJson.mapper().valueToTree(orb.stream()
                .map(i -> g.agents().get(i)).toList())));
            ArrayNode so = o.putArray("stateOrbits");
            stateOrbits.forEach(orb -> so.add(CertificateJson.mapper().valueToTree(orb.stream()
                .map(k -> g.states().get(k)).toList())));
            out.println(CertificateJson.mapper().writeValueAsString(o));
            return 0;
        }
        out.printf("game     %s: %d agents, %d states, discount %s%n", g.name(), g.numAgents(), g.numStates(),
            g.discount());
        out.printf("order    %d (every agent, state and action relabelling tried, each checked exactly against "
            + "mu, P and r)%n", group.size());
        int shown = Math.min(group.size(), 30);
        out.printf("elements%s%n", shown < group.size() ? " (the first " + shown + "; --json lists all)" : "");
        for (MarkovSymmetry phi : group.subList(0, shown)) {
            out.println("  " + describe(g, phi));
        }
        out.println("agent orbits  " + agentOrbits.stream().map(orb -> orb.stream().map(i -> g.agents().get(i))
            .collect(Collectors.joining(" ", "{", "}"))).collect(Collectors.joining(" ")));
        out.println("state orbits  " + stateOrbits.stream().map(orb -> orb.stream().map(k -> g.states().get(k))
            .collect(Collectors.joining(" ", "{", "}"))).collect(Collectors.joining(" ")));
        return 0;
    }

    /** "agents (1 2); states (); actions s1: (1 2) () …" with 1-based cycles, actions per state and agent. */
    private static String describe(MarkovGame g, MarkovSymmetry phi) {
        StringBuilder sb = new StringBuilder("agents " + phi.agents() + "; states " + phi.states() + "; actions");
        for (int s = 0; s < g.numStates(); s++) {
            sb.append(' ').append(g.states().get(s)).append(':');
            for (Permutation alpha : phi.actions().get(s)) {
                sb.append(' ').append(alpha);
            }
            sb.append(s + 1 < g.numStates() ? ";" : "");
        }
        return sb.toString();
    }

    private static String orbit(List<int[]> o) {
        return o.stream().map(pa -> (pa[0] + 1) + ":" + (pa[1] + 1)).collect(Collectors.joining(" ", "{", "}"));
    }
}
