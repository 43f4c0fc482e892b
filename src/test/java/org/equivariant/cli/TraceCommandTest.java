package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.SymmetricGames;
import org.equivariant.io.NfgWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trace}: the certified principal branch as CSV, JSON and SVG; an honest stop at a singular point. */
class TraceCommandTest {
    @Test
    void csvRunsFromTheCentroidToLambdaMaxInGambitsColumns() {
        CliTest.Run r = CliTest.run("trace", "bundled:coord2", "--lambda-max", "4", "--decimals", "8");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.size()).isGreaterThan(5);
        assertThat(lines.get(0)).isEqualTo("0.00000000,0.50000000,0.50000000,0.50000000,0.50000000");
        assertThat(lines.get(lines.size() - 1)).startsWith("4.00000000,0.99999");
        double previous = -1;
        for (String line : lines) {
            String[] f = line.split(",");
            assertThat(f).hasSize(5);
            double lambda = Double.parseDouble(f[0]);
            assertThat(lambda).isGreaterThan(previous); // coord2's branch has no fold
            previous = lambda;
            assertThat(Double.parseDouble(f[1]) + Double.parseDouble(f[2])).isCloseTo(1.0,
                org.assertj.core.api.Assertions.within(1e-7));
        }
        assertThat(r.err()).contains("certified pieces from lambda = 0 to lambda = 4")
            .contains("re-verified by the checker");
    }

    /**
     * A 2×2 game with payoffs up to 10⁴ at λ_max = 1000: the chain stops at λ ≈ 42 (the pieces' 62 bits at λ·|U| of
     * about 4·10⁵) next to the strict equilibrium (2, 1); BR-TAIL carries the branch on, and solve's QRE at 1000 —
     * its certificate replayed — is the last node: exit 0 (before: 1, the trace ending at the stop).
     */
    @Test
    void pastAStopNearAStrictEquilibriumTheTailReachesLambdaMax(@TempDir Path dir) throws Exception {
        Path game = dir.resolve("large.nfg");
        Files.writeString(game, "NFG 1 R \"large payoffs\" { \"P1\" \"P2\" } { 2 2 }\n\n"
            + "-4792 4146 6942 6398 -9056 -1340 4606 1261\n");
        CliTest.Run r = CliTest.run("trace", game.toString(), "--lambda-max", "1000");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(Double.parseDouble(lines.get(lines.size() - 2).split(",")[0])).isLessThan(100);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("1000.0000000000,0.0000000000,1.0000000000,1.0000000000,"
            + "0.0000000000");
        assertThat(r.err()).contains("only: no piece could be proved").contains("(BR-TAIL)")
            .contains("its certificate re-verified by the checker");
    }

    @Test
    void aSingularPointStopsTheChainAndThePinnedPlayersCurveContinuesIt() throws Exception {
        CliTest.Run r = CliTest.run("trace", "bundled:2x2x2", "--lambda-max", "1", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = CertificateJson.mapper().readTree(r.out());
        assertThat(o.get("reached").asBoolean()).isFalse();
        assertThat(o.get("verified").asBoolean()).isTrue();
        double reached = o.get("lambdaReached").asDouble();
        // gambit-logit stops at 0.596755 on this game; the exact singular point (0.59675514938…) lies above the
        // certified part, which comes within 10⁻⁷ of it (the line's residual in 62-bit intervals where R₀ is large:
        // in doubles there the chain stopped 1.4·10⁻⁶ short)
        assertThat(reached).isBetween(0.59675505, 0.5967551493);
        assertThat(o.get("stopped").asText()).contains("singular point");
        JsonNode nodes = o.get("nodes");
        // (nodes are printed to --decimals 10, half-even: up to half a unit of the tenth decimal above their value)
        assertThat(nodes.get(nodes.size() - 1).get("lambda").asDouble()).isLessThanOrEqualTo(reached + 5.01e-11);
        assertThat(o.get("branch").get("pieces").size()).isEqualTo(nodes.size() - 1);
        // past it (PIN-SUB): players 1 and 2 stay at 1/2, player 3 alone has payoffs 7/2 and 3,
        // so σ₃ = 1/(1 + e^{−λ/2})
        JsonNode c = o.get("continuation");
        assertThat(c.get("theorem").asText()).isEqualTo("PIN-SUB");
        assertThat(c.get("verified").asBoolean()).isTrue();
        assertThat(c.get("pinnedPlayers").toString()).isEqualTo("[1,2]");
        assertThat(c.get("singularPoint").asText()).contains("(0.59675514938");
        JsonNode past = c.get("nodes");
        assertThat(past.size()).isGreaterThan(0);
        for (JsonNode n : past) {
            double lambda = n.get("lambda").asDouble();
            assertThat(lambda).isGreaterThan(reached);
            assertThat(n.get("profile").get(0).asDouble()).isEqualTo(0.5);
            assertThat(n.get("profile").get(3).asDouble()).isEqualTo(0.5);
            assertThat(n.get("profile").get(4).asDouble()).isCloseTo(1 / (1 + Math.exp(-lambda / 2)),
                org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(past.get(past.size() - 1).get("lambda").asDouble()).isEqualTo(1.0);
        // the two arms leaving the singular point (PIN-SUB (6)): QREs of the hand-written equations, off the curve
        JsonNode arms = c.get("leavingArms");
        assertThat(arms.size()).isEqualTo(2);
        for (JsonNode arm : arms) {
            assertThat(arm.size()).isGreaterThan(0);
            for (JsonNode n : arm) {
                JsonNode p = n.get("profile");
                assertThat(org.equivariant.certificate.LeavingArcTest.violation(n.get("lambda").asDouble(),
                    p.get(0).asDouble(), p.get(2).asDouble(), p.get(4).asDouble())).isLessThan(1e-9);
                assertThat(p.get(0).asDouble()).isNotEqualTo(0.5);
            }
            // past the arm's blow-up pieces a chain of the full game carries it to λ_max
            assertThat(arm.get(arm.size() - 1).get("lambda").asDouble()).isEqualTo(1.0);
        }
        assertThat(c.get("singularPoint").asText()).contains("reaches lambda = 1.0000000");
        assertThat(r.err()).contains("only:").contains("singular point").contains("(PIN-SUB)");
    }

    @Test
    void svgDrawsEveryPlayersActionsAndMarksTheStop(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("b.svg");
        CliTest.Run r = CliTest.run("trace", "bundled:2x2x2", "--lambda-max", "1", "--format", "svg", "--out",
            svg.toString());
        assertThat(r.code()).isZero();
        String s = Files.readString(svg);
        assertThat(s).startsWith("<svg").endsWith("</svg>\n").contains("Player 3").contains(">singular<");
        // each action's chain, its continuation past the stop (dashed) and the two arms leaving the stop (dotted)
        assertThat(s.split("<polyline", -1)).hasSize(1 + 6 + 6 + 12);
        assertThat(s.split("stroke-dasharray=\"6 3\"", -1)).hasSize(1 + 6);
        assertThat(s.split("stroke-dasharray=\"1 3\"", -1)).hasSize(1 + 12);
        assertThat(r.out()).isEmpty();
    }

    /**
     * A symmetric anti-coordination game: the chain stops where the symmetric mixed branch splits, and the one-state
     * Markov reading's chain in the subspace fixed by the player swap continues it to λ_max (MQRE-CHAIN (5), (6)) —
     * exit 0, the JSON's continuation replayed, its nodes beyond the stop symmetric (σ₁ = σ₂) and its last node the
     * QRE that {@code solve} tags principal; the SVG draws it dashed.
     */
    @Test
    void pastASymmetryBreakingStopTheChainInTheFixedSubspaceContinuesTheTrace(@TempDir Path dir) throws Exception {
        Path game = dir.resolve("anti.nfg");
        Files.writeString(game, "NFG 1 R \"anti\" { \"1\" \"2\" } { 2 2 }\n0 0 1 3 3 1 0 0\n");
        CliTest.Run r = CliTest.run("trace", game.toString(), "--lambda-max", "3", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = CertificateJson.mapper().readTree(r.out());
        assertThat(o.get("reached").asBoolean()).isFalse();
        double stop = o.get("lambdaReached").asDouble();
        assertThat(stop).isBetween(1.0, 1.1);
        JsonNode c = o.get("continuation");
        assertThat(c.get("verified").asBoolean()).isTrue();
        assertThat(c.get("symmetries").asInt()).isEqualTo(1);
        JsonNode nodes = c.get("nodes");
        assertThat(nodes.size()).isGreaterThan(0);
        for (JsonNode n : nodes) {
            assertThat(n.get("lambda").asDouble()).isGreaterThan(stop);
            JsonNode p = n.get("profile");
            assertThat(p.get(0).asText()).isEqualTo(p.get(2).asText());
            assertThat(p.get(1).asText()).isEqualTo(p.get(3).asText());
        }
        JsonNode last = nodes.get(nodes.size() - 1);
        assertThat(last.get("lambda").asDouble()).isEqualTo(3.0);
        CliTest.Run solve = CliTest.run("solve", game.toString(), "--lambda", "3", "--digits", "12", "--json");
        JsonNode principal = CertificateJson.mapper().readTree(solve.out()).get("qres").get(0);
        assertThat(principal.get("principalBranch").asBoolean()).isTrue();
        assertThat(Double.parseDouble(principal.get("profile").get(0).get(0).asText())).isCloseTo(
            last.get("profile").get(0).asDouble(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.err()).contains("past it").contains("re-verified by the checker");
        // the branch leaving the pitchfork (SYM-PF): two arms, mirror images of each other, off the fixed line, ending
        // at λ_max in the QREs `solve` tags as on a branch leaving the singular point
        assertThat(c.get("pitchfork").asText()).contains("(SYM-PF)").contains("the arm, the chain and their mirror "
            + "images under the symmetry lie on the principal branch");
        JsonNode arms = c.get("leavingArms");
        assertThat(arms.size()).isEqualTo(2);
        JsonNode end = arms.get(0).get(arms.get(0).size() - 1);
        JsonNode mirror = arms.get(1).get(arms.get(1).size() - 1);
        assertThat(end.get("lambda").asDouble()).isEqualTo(3.0);
        assertThat(end.get("profile").get(0).asText()).isEqualTo(mirror.get("profile").get(2).asText());
        assertThat(end.get("profile").get(0).asText()).isNotEqualTo(end.get("profile").get(2).asText());
        java.util.List<Double> leaving = new java.util.ArrayList<>();
        for (JsonNode q : CertificateJson.mapper().readTree(solve.out()).get("qres")) {
            if (q.path("leavingBranch").asBoolean()) {
                leaving.add(Double.parseDouble(q.get("profile").get(0).get(0).asText()));
            }
        }
        assertThat(leaving).anySatisfy(x -> assertThat(x).isCloseTo(end.get("profile").get(0).asDouble(),
            org.assertj.core.api.Assertions.within(1e-9)));
        Path svg = dir.resolve("anti.svg");
        assertThat(CliTest.run("trace", game.toString(), "--lambda-max", "3", "--format", "svg", "--out",
            svg.toString()).code()).isZero();
        assertThat(Files.readString(svg)).contains("stroke-dasharray=\"6 3\"").contains("stroke-dasharray=\"1 3\"");
    }

    /**
     * Wilson's example (Gambit's sh3) to λ_max = 10: past the pitchfork at λ ≈ 1.7202 the arm's chain lies on a closed
     * curve and stops at a second pitchfork near λ ≈ 3.0926 (SYM-PF (6)); the trace replays and draws the second
     * pitchfork's arm and the symmetric chain from it, whose last node is gambit-logit's QRE at λ = 10
     * (`gambit-logit -q -d 12 -l 10 sh3.nfg`, Gambit 17.0.0-alpha.2: 0.186184796905, 0.318637999099, 0.495177203996
     * for both players).
     */
    @Test
    void pastASecondPitchforkTheSymmetricChainFromItIsDrawn() throws Exception {
        CliTest.Run r = CliTest.run("trace", org.equivariant.TestData.nfg("sh3.nfg").toString(), "--lambda-max", "10",
            "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode c = CertificateJson.mapper().readTree(r.out()).get("continuation");
        assertThat(c.get("pitchfork").asText()).contains("it meets a second pitchfork").contains("(SYM-PF (6))")
            .contains("every piece and join replayed by the checker (the second pitchfork's arm, its join to that "
                + "chain and the chain from it too)");
        JsonNode arms = c.get("leavingArms");
        assertThat(arms.size()).isEqualTo(5);
        JsonNode symmetric = arms.get(4);
        JsonNode last = symmetric.get(symmetric.size() - 1);
        assertThat(last.get("lambda").asDouble()).isEqualTo(10.0);
        double[] gambit = {0.186184796905, 0.318637999099, 0.495177203996, 0.186184796905, 0.318637999099,
            0.495177203996};
        for (int k = 0; k < gambit.length; k++) {
            assertThat(last.get("profile").get(k).asDouble()).isCloseTo(gambit[k],
                org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(symmetric.get(0).get("lambda").asDouble()).isBetween(3.09, 3.1);
    }

    /**
     * I₃ to λ_max = 10: the chain stops at the centroid line's singular point λ = 3, where no involution's route passes
     * (the null space is two-dimensional); the branches leaving it in the profiles fixed by relabelling actions 2 and 3
     * (CL-ARM) and their images under the game's symmetries are six arms, each replayed, each ending at λ_max in one
     * of the six QREs {@code solve} tags as on a branch leaving the singular point — each of those reached once.
     */
    @Test
    void pastTheCentroidLinesSingularPointTheLeavingArmsAndTheirImagesAreTraced(@TempDir Path dir) throws Exception {
        Path game = dir.resolve("i3.nfg");
        Files.writeString(game, "NFG 1 R \"i3\" { \"P1\" \"P2\" } { 3 3 }\n1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0 1 1\n");
        CliTest.Run r = CliTest.run("trace", game.toString(), "--lambda-max", "10", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode c = CertificateJson.mapper().readTree(r.out()).get("continuation");
        assertThat(c.get("verified").asBoolean()).isTrue();
        assertThat(c.get("pitchfork").asText()).contains("(CL-ARM)").contains("the arms, the chains and their images "
            + "under the game's symmetries lie on the principal branch");
        JsonNode arms = c.get("leavingArms");
        assertThat(arms.size()).isEqualTo(6);
        java.util.List<JsonNode> leaving = leavingProfiles(game, "10");
        assertThat(leaving).hasSize(6);
        java.util.Set<Integer> reached = new java.util.HashSet<>();
        for (JsonNode arm : arms) {
            assertThat(arm.get(0).get("lambda").asDouble()).isCloseTo(3.0, org.assertj.core.api.Assertions.within(0.2));
            JsonNode end = arm.get(arm.size() - 1);
            assertThat(end.get("lambda").asDouble()).isEqualTo(10.0);
            for (int k = 0; k < leaving.size(); k++) {
                boolean same = true;
                for (int a = 0; a < 3; a++) {
                    same &= Math.abs(Double.parseDouble(leaving.get(k).get(0).get(a).asText()) - end.get("profile")
                        .get(a).asDouble()) < 1e-9;
                }
                if (same) {
                    reached.add(k);
                }
            }
        }
        assertThat(reached).hasSize(6);
    }

    /**
     * A 3×3 game whose centroid is a QRE at every λ and which has no symmetry (player 1's payoffs centred in each row,
     * player 2's in each column): the chain stops at the centroid line's singular point λ ≈ 0.5188; the centroid line
     * continues the principal branch to λ_max (BR-CHAIN corollary 2; exit 0), and the two arms of the transcritical
     * crossing (CL-ARM), replayed, end at λ_max in the two QREs {@code solve} tags as on a branch leaving it.
     */
    @Test
    void pastASingularPointOfTheCentroidLineWithoutSymmetryTheLineAndBothArmsAreTraced(@TempDir Path dir)
        throws Exception {
        Path game = dir.resolve("centred.nfg");
        Files.writeString(game, "NFG 1 R \"cl0\" { \"P1\" \"P2\" } { 3 3 }\n"
            + "8/3 5 1 -2 -4/3 -3 -10/3 -7/3 0 -4/3 5/3 11/3 2/3 10/3 -1 -8/3 -1/3 -2/3\n");
        CliTest.Run r = CliTest.run("trace", game.toString(), "--lambda-max", "5", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode o = CertificateJson.mapper().readTree(r.out());
        assertThat(o.get("reached").asBoolean()).isFalse();
        JsonNode c = o.get("continuation");
        assertThat(c.get("theorem").asText()).isEqualTo("BR-CHAIN corollary 2");
        assertThat(c.get("verified").asBoolean()).isTrue();
        JsonNode centroid = c.get("nodes").get(c.get("nodes").size() - 1);
        assertThat(centroid.get("lambda").asDouble()).isEqualTo(5.0);
        for (JsonNode p : centroid.get("profile")) {
            assertThat(p.asDouble()).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-9));
        }
        assertThat(r.err()).contains("the centroid line is the principal branch to lambda = 5 (BR-CHAIN corollary 2)");
        JsonNode arms = c.get("leavingArms");
        assertThat(arms.size()).isEqualTo(2);
        java.util.List<Double> leaving = leavingProfiles(game, "5").stream().map(p -> Double.parseDouble(p.get(0).get(0)
            .asText())).toList();
        assertThat(leaving).hasSize(2);
        for (JsonNode arm : arms) {
            JsonNode end = arm.get(arm.size() - 1);
            assertThat(end.get("lambda").asDouble()).isEqualTo(5.0);
            assertThat(leaving).anySatisfy(x -> assertThat(x).isCloseTo(end.get("profile").get(0).asDouble(),
                org.assertj.core.api.Assertions.within(1e-9)));
        }
        double first = arms.get(0).get(arms.get(0).size() - 1).get("profile").get(0).asDouble();
        double second = arms.get(1).get(arms.get(1).size() - 1).get("profile").get(0).asDouble();
        assertThat(first).isNotCloseTo(second, org.assertj.core.api.Assertions.within(1e-3));
    }

    /**
     * f(a, {b, c}) of a symmetric three-player game ({@link SymmetricGames#threeActions}) whose symmetric branch
     * splits near λ = 0.4854 and whose one-state Markov reading's chain in the symmetric subspace reaches its piece
     * limit near β = 4150 (in probabilities that chain crept to the limit near λ = 5.8; in log-probabilities it passes
     * λ = 10 in 15 pieces).
     */
    private static final int[][] CREEPING = {{-1, 2, 7, -9, 5, -2}, {-8, -4, -6, 2, 6, -2}, {3, 8, -6, 9, -2, -9}};

    /**
     * Where the one-state reading's chain does not pass (it stops at its piece limit), the logit chain in the profiles
     * the player permutations fix continues the trace (SYM-ARM (8)) to λ_max = 5000, exit 0: its nodes beyond the stop
     * symmetric, the last one solving the logit equations at λ = 5000 by a hand computation (at 5250 it does not: the
     * control), and the six branches leaving the symmetric branch (SYM-ARM) each ending at λ = 5000 in another such
     * solution off the symmetric profiles. The nodes' enclosures are up to 3·10⁻¹¹ wide and λ·max|f| = 45000 amplifies
     * that in the equations: they hold to 10⁻⁶ (the control misses by more than 10⁻³).
     */
    @Test
    void whereTheReadingsChainStopsTheFixedProfilesLogitChainContinuesTheTrace(@TempDir Path dir) throws Exception {
        CliTest.Run r = traced(dir, SymmetricGames.threeActions("creeping", CREEPING), 5000);
        JsonNode o = CertificateJson.mapper().readTree(r.out());
        assertThat(o.get("reached").asBoolean()).isFalse();
        double stop = o.get("lambdaReached").asDouble();
        assertThat(stop).isBetween(0.48, 0.49);
        JsonNode c = o.get("continuation");
        assertThat(c.get("theorem").asText()).isEqualTo("SYM-ARM (8)");
        assertThat(c.get("verified").asBoolean()).isTrue();
        assertThat(c.get("symmetries").asInt()).isEqualTo(5);
        assertThat(r.err()).contains("the logit correspondence has a chain of").contains("(SYM-ARM (8)), every piece "
            + "and join re-verified by the checker");
        JsonNode nodes = c.get("nodes");
        assertThat(nodes.size()).isGreaterThan(0);
        for (JsonNode n : nodes) {
            assertThat(n.get("lambda").asDouble()).isGreaterThan(stop);
            JsonNode p = n.get("profile");
            for (int k = 0; k < 3; k++) {
                assertThat(p.get(k).asText()).isEqualTo(p.get(3 + k).asText()).isEqualTo(p.get(6 + k).asText());
            }
        }
        double[] last = profile(nodes.get(nodes.size() - 1));
        assertThat(nodes.get(nodes.size() - 1).get("lambda").asDouble()).isEqualTo(5000.0);
        assertThat(SymmetricGames.threeActionsViolation(CREEPING, 5000, last)).isLessThan(1e-6);
        assertThat(SymmetricGames.threeActionsViolation(CREEPING, 5250, last)).isGreaterThan(1e-3);
        JsonNode arms = c.get("leavingArms");
        assertThat(arms.size()).isEqualTo(6);
        distinctEndsAt(arms, 5000, 3, s -> SymmetricGames.threeActionsViolation(CREEPING, 5000, s), 1e-6);
    }

    /**
     * f(a, k) of a symmetric four-player game ({@link SymmetricGames#twoActions}; SymmetricArmsTest's): its symmetric
     * branch splits near λ ≈ 0.837 towards one player apart (eight QREs at λ = 10) and towards two pairs of players
     * alike (six).
     */
    private static final int[][] PAIRS = {{2, -7, -7, -8}, {-3, -1, 0, -4}};

    /**
     * Each branch leaving the symmetric branch is drawn once: the pairs' pitchfork has two arms that are each other's
     * images under the symmetries, sampled differently, so fourteen curves, each ending at λ = 10 at its own solution
     * of the logit equations (by hand) off the symmetric profiles.
     */
    @Test
    void eachBranchLeavingTheSymmetricBranchIsDrawnOnce(@TempDir Path dir) throws Exception {
        JsonNode arms = CertificateJson.mapper().readTree(traced(dir, SymmetricGames.twoActions("pairs", PAIRS), 10)
            .out()).get("continuation").get("leavingArms");
        assertThat(distinctEndsAt(arms, 10, 2, s -> SymmetricGames.twoActionsViolation(PAIRS, 10, s), 1e-11))
            .hasSize(14);
    }

    /**
     * The ends of leaving arms: each at λ, solving the logit equations there ({@code violation} below {@code within}),
     * off the symmetric profiles (player 1's first action probability apart from the others' by more than 10⁻³ in sum)
     * and apart from every other end (some probability differs by more than 10⁻⁹).
     */
    private static List<double[]> distinctEndsAt(JsonNode arms, double lambda, int actions,
                                                 java.util.function.ToDoubleFunction<double[]> violation,
                                                 double within) {
        List<double[]> ends = new java.util.ArrayList<>();
        for (JsonNode arm : arms) {
            JsonNode end = arm.get(arm.size() - 1);
            assertThat(end.get("lambda").asDouble()).isEqualTo(lambda);
            double[] s = profile(end);
            assertThat(violation.applyAsDouble(s)).isLessThan(within);
            double apart = 0;
            for (int j = actions; j < s.length; j += actions) {
                apart += Math.abs(s[0] - s[j]);
            }
            assertThat(apart).isGreaterThan(1e-3);
            assertThat(ends).noneMatch(e -> java.util.stream.IntStream.range(0, s.length).allMatch(k -> Math.abs(e[k]
                - s[k]) < 1e-9));
            ends.add(s);
        }
        return ends;
    }

    /** `trace` of the game, written to a file in {@code dir}, to λ_max as JSON with 15 decimals; exit 0. */
    private static CliTest.Run traced(Path dir, org.equivariant.game.NormalFormGame game, int lambdaMax)
        throws Exception {
        Path file = dir.resolve(game.title() + ".nfg");
        Files.writeString(file, NfgWriter.write(game));
        CliTest.Run r = CliTest.run("trace", file.toString(), "--lambda-max", String.valueOf(lambdaMax), "--format",
            "json", "--decimals", "15");
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    private static double[] profile(JsonNode node) {
        double[] s = new double[node.get("profile").size()];
        for (int k = 0; k < s.length; k++) {
            s[k] = node.get("profile").get(k).asDouble();
        }
        return s;
    }

    /** The profiles of the QREs `solve GAME --lambda L --json` tags as on a branch leaving the singular point. */
    private static java.util.List<JsonNode> leavingProfiles(Path game, String lambda) throws Exception {
        CliTest.Run solve = CliTest.run("solve", game.toString(), "--lambda", lambda, "--digits", "12", "--json");
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode q : CertificateJson.mapper().readTree(solve.out()).get("qres")) {
            if (q.path("leavingBranch").asBoolean()) {
                out.add(q.get("profile"));
            }
        }
        return out;
    }

    @Test
    void badOptionsAreRefused() {
        assertThat(CliTest.run("trace", "bundled:coord2", "--lambda-max", "0").code()).isEqualTo(2);
        CliTest.Run f = CliTest.run("trace", "bundled:coord2", "--lambda-max", "2", "--format", "png");
        assertThat(f.code()).isEqualTo(2);
        assertThat(f.err()).contains("--format must be csv, json or svg");
    }

    /**
     * Interrupted, the nodes proved so far go where a CSV trace goes — the --out file here, with a line on standard
     * error saying what they are — and for JSON or SVG, which they are not, to standard error as CSV.
     */
    @Test
    void anInterruptedTraceLeavesItsCertifiedPartWhereTheTraceGoes(@TempDir Path dir) throws Exception {
        List<List<org.equivariant.equilibrium.TracedBranch.Node>> seen = new java.util.ArrayList<>();
        org.equivariant.equilibrium.TracedBranch.trace(org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg(
            "coord2.nfg")), org.equivariant.arith.Rational.of(2), org.equivariant.work.Progress.NONE, seen::add);
        List<org.equivariant.equilibrium.TracedBranch.Node> nodes = seen.get(0); // after the first piece
        Path csv = dir.resolve("part.csv");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        TraceCommand.interrupted(nodes, "csv", csv, 8, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(nodes.size()).hasSizeLessThan(seen.get(seen.size() - 1).size());
        assertThat(lines.get(0)).isEqualTo("0.00000000,0.50000000,0.50000000,0.50000000,0.50000000");
        assertThat(Double.parseDouble(lines.get(1).split(",")[0])).isPositive();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("interrupted: the " + (nodes.size() - 1) + " pieces proved so far (each by "
            + "the checker's test; the chain was not replayed) written to " + csv);

        Path svg = dir.resolve("part.svg");
        java.io.StringWriter err2 = new java.io.StringWriter();
        TraceCommand.interrupted(nodes, "svg", svg, 8, new java.io.PrintWriter(out), new java.io.PrintWriter(err2));
        assertThat(svg).doesNotExist();
        assertThat(err2.toString()).contains("not replayed):").contains(String.join("\n", lines));

        // before the first piece (no node handed over yet) nothing is written (it said "the -1 pieces" before)
        java.io.StringWriter err3 = new java.io.StringWriter();
        Path none = dir.resolve("none.csv");
        TraceCommand.interrupted(List.of(), "csv", none, 8, new java.io.PrintWriter(out),
            new java.io.PrintWriter(err3));
        assertThat(none).doesNotExist();
        assertThat(err3.toString()).contains("interrupted before the first piece was proved: nothing certified to "
            + "write");
    }

    /** An output file whose folder does not exist, or which is a folder, is refused before the trace, not after. */
    @Test
    void anUnwritableOutputIsRefusedBeforeTracing(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-folder").resolve("trace.csv");
        CliTest.Run r = CliTest.run("trace", "bundled:coord2", "--lambda-max", "4", "--out", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("error: --out " + missing + ": the folder " + missing.getParent()
            + " does not exist").doesNotContain("principal branch").doesNotContain("Exception");
        CliTest.Run folder = CliTest.run("solve", "bundled:coord2", "--lambda", "2", "--certificate", dir.toString());
        assertThat(folder.code()).isEqualTo(2);
        assertThat(folder.err()).contains("error: --certificate " + dir + ": is a folder, not a file");
        assertThat(folder.out()).isEmpty();
        // a write that fails anyway says why in our words
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Inputs.write(missing, "x", "trace"))
            .hasMessage(missing + ": cannot write the trace (its folder does not exist)");
    }
}
