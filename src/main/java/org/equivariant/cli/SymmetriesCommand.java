package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.AutomorphismSearch;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.symmetry.SymmetryGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code symmetries GAME [--check SYMMETRY] [--json]}: the full symmetry group, or a check of a claimed symmetry. */
@Command(name = "symmetries", mixinStandardHelpOptions = true,
    description = "The full symmetry group of a normal-form game (order, generators, orbits), or with --check, "
        + "whether a claimed symmetry is one. Exit code 1 when a claimed symmetry is rejected.")
final class SymmetriesCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GAME", description = "a Gambit .nfg file, or bundled:NAME")
    String game;

    @Option(names = "--check", paramLabel = "SYMMETRY",
        description = "a claimed symmetry, e.g. \"players (1 2); actions 1:(1 2) 2:()\" (1-based cycles; ψ_i maps "
            + "player i's actions onto those of its image)")
    String check;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
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

    private static String orbit(List<int[]> o) {
        return o.stream().map(pa -> (pa[0] + 1) + ":" + (pa[1] + 1)).collect(Collectors.joining(" ", "{", "}"));
    }
}
