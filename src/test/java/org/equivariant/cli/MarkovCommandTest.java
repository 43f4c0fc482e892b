package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.io.Bundled;
import org.equivariant.io.FormatException;
import org.equivariant.io.MarkovGameReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code markov} command and the Markov-game format: NPG converges and the QRE is certified on the bundled games;
 * a certificate round-trips through {@code check-certificate} and tampering is rejected; a .nfg reads as a one-state
 * game whose certified QRE is the normal-form one; malformed games are refused with their JSON path.
 */
class MarkovCommandTest {
    @TempDir
    Path dir;

    static String game(String name) {
        return Bundled.text("bundled:" + name, Limits.DEFAULT);
    }

    @Test
    void everyBundledGameConvergesAndIsCertified() {
        for (String name : new String[] {"markov_coordination", "markov_matching_pennies", "markov_congestion",
            "markov_prisoners_dilemma"}) {
            CliTest.Run r = CliTest.run("markov", "bundled:" + name, "--tau", "1/2");
            assertThat(r.code()).as(name + r.err()).isZero();
            assertThat(r.out()).as(name).contains("converged after").contains("certified Markov QRE (MQRE-K)")
                .contains("verdict  uniqueness NOT proved");
        }
    }

    /**
     * At τ = 10⁶ the values are about τ·log 2/(1 − γ) ≈ 6.9·10⁶, where the doubles' own noise exceeds the Newton
     * steps' former absolute threshold 10⁻⁹ ("did not settle"): the QRE — near uniform — is certified, and the text
     * shows only the digits its enclosure certifies (the JSON's intervals contain each number shown, to its last
     * digit; at τ = 1/2 twelve digits, as before).
     */
    @Test
    void atAMillionDegreesTheQreIsCertifiedAndShownToItsCertifiedDigits() throws Exception {
        String g = "bundled:markov_coordination";
        CliTest.Run r = CliTest.run("markov", "solve", g, "--tau", "1000000");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("certified Markov QRE (MQRE-K)")
            .contains("  1        low         a 0.499999873239  b 0.500000126761   V = 6931479.34081");
        JsonNode states = CertificateJson.mapper().readTree(CliTest.run("markov", "solve", g, "--tau", "1000000",
            "--json").out()).get("policy").get(0).get("states");
        JsonNode low = states.get(0);
        for (int a = 0; a < 2; a++) {
            JsonNode p = low.get("probabilities").get(a);
            assertThat(new java.math.BigDecimal(p.get(1).asText()).subtract(new java.math.BigDecimal(p.get(0)
                .asText())).doubleValue()).as("the enclosure's width").isPositive().isLessThan(1e-15);
        }
        // by hand: π(a | low) = p = 1/(1 + e^{βΔ}) with Δ = Q(b) − Q(a) = (1 − p)(1 + γ(V_H − V_L)) − p, the other
        // agent playing a with the same p (Q(a) = p + γV_L, Q(b) = γV_L + (1 − p)(1 + γ(V_H − V_L)))
        double vl = low.get("value").get(0).asDouble();
        double vh = states.get(1).get("value").get(0).asDouble();
        double p = low.get("probabilities").get(0).get(0).asDouble();
        assertThat(p).isCloseTo(1 / (1 + Math.exp(1e-6 * ((1 - p) * (1 + 0.9 * (vh - vl)) - p))),
            org.assertj.core.data.Offset.offset(1e-15));
        assertThat(MarkovReport.shown(new org.equivariant.arith.Interval(new java.math.BigDecimal("0.49999980"),
            new java.math.BigDecimal("0.49999995")))).isEqualTo("0.500000");
        assertThat(MarkovReport.shown(new org.equivariant.arith.Interval(new java.math.BigDecimal(
            "0.1234567890123456"), new java.math.BigDecimal("0.1234567890123457")))).isEqualTo("0.123456789012");
        assertThat(MarkovReport.shown(new org.equivariant.arith.Interval(java.math.BigDecimal.ONE,
            java.math.BigDecimal.ONE))).isEqualTo("1");
    }

    /**
     * MQRE-TAIL: at τ = 1/10⁵ the matching-pennies chain stops near β = 35 000, where the pieces' arithmetic gives out
     * (before: no QRE certified); past its end a tail carries the principal branch to every larger β. Its limit is
     * worked by hand: state s2's transitions do not depend on the actions, so its stage game [[2, −1], [−1, 1]] has the
     * mixed equilibrium (2/5, 3/5) for both agents; s1 is symmetric, (1/2, 1/2); with stage value 1/5 in s2, γ = 4/5,
     * V(s1) = γ(V(s1)/4 + 3V(s2)/4) and V(s2) = 1/5 + γ(V(s1) + V(s2))/2, so V = (1/2, 2/3) for the row agent. The
     * principal QRE at τ = 10⁻⁵ lies within 10τ of that limit, and not at it (the limit is no QRE at τ > 0).
     */
    @Test
    void pastTheChainsEndATailCarriesThePrincipalBranchToTheHandWorkedLimit() throws Exception {
        Path cert = dir.resolve("tail.json");
        CliTest.Run r = CliTest.run("markov", "solve", "bundled:markov_matching_pennies", "--tau", "1/100000",
            "--certificate", cert.toString(), "--json");
        assertThat(r.code()).isZero();
        JsonNode j = CertificateJson.mapper().readTree(r.out());
        assertThat(j.get("certified").asBoolean()).isTrue();
        JsonNode principal = j.get("principal");
        assertThat(principal.get("onPrincipalBranch").asBoolean()).as(principal.toString()).isTrue();
        assertThat(principal.get("tail").get("theorem").asText()).isEqualTo("MQRE-TAIL");
        String[][] limit = {{"0.5", "0.5"}, {"0.4", "0.6"}};
        String[] rowValues = {"0.5", "0.6666666666666667"};
        java.math.BigDecimal near = new java.math.BigDecimal("1e-4");
        for (JsonNode agent : j.get("policy")) {
            for (int s = 0; s < 2; s++) {
                JsonNode state = agent.get("states").get(s);
                for (int a = 0; a < 2; a++) {
                    JsonNode p = state.get("probabilities").get(a);
                    java.math.BigDecimal x = new java.math.BigDecimal(limit[s][a]);
                    assertThat(distance(p, x)).as(agent.get("agent") + " " + s + " " + a).isLessThan(near);
                    if (s == 1) {
                        assertThat(contains(p, x)).as("the limit itself is no QRE at tau > 0").isFalse();
                    }
                }
                if (agent.get("agent").asText().equals("row")) {
                    assertThat(distance(state.get("value"), new java.math.BigDecimal(rowValues[s]))).isLessThan(near);
                }
            }
        }
        CliTest.Run check = CliTest.run("check-certificate", cert.toString());
        assertThat(check.code()).as(check.out()).isZero();
        assertThat(check.out()).contains("(MQRE-TAIL); QRE 1 lies on it").contains("VALID");
        CliTest.Run text = CliTest.run("markov", "solve", "bundled:markov_matching_pennies", "--tau", "1/100000");
        // the chain creeps near beta = 35 000; the tail, tried from its 200th piece on, ends it there
        assertThat(text.out()).contains("principal the QRE above lies on the principal branch (MQRE-CHAIN: 200 pieces")
            .contains("whence the branch stays that close for every beta >= ")
            .contains("the chain in the full space ended after 200 pieces near beta = ")
            .contains("QRE      certified Markov QRE (MQRE-K): exactly one");
        // at τ = 10⁻⁸ the QRE's box passes in the log form only, and the report says so
        CliTest.Run low = CliTest.run("markov", "solve", "bundled:markov_matching_pennies", "--tau", "1e-8");
        assertThat(low.out()).contains("QRE      certified Markov QRE (MQRE-K; in its log form, MQRE-TAIL corollary 2)")
            .contains("principal the QRE above lies on the principal branch (MQRE-CHAIN: ");
    }

    /** The distance from x to the interval [lo, hi] (0 inside). */
    private static java.math.BigDecimal distance(JsonNode interval, java.math.BigDecimal x) {
        java.math.BigDecimal lo = new java.math.BigDecimal(interval.get(0).asText());
        java.math.BigDecimal hi = new java.math.BigDecimal(interval.get(1).asText());
        return x.compareTo(lo) < 0 ? lo.subtract(x) : x.compareTo(hi) > 0 ? x.subtract(hi) : java.math.BigDecimal.ZERO;
    }

    /**
     * At τ = 1/10⁴ (β·max|r| = 3·10⁴) NPG's probabilities leave the doubles' range (e^−12900) and the principal
     * branch's double path did (it stalled at β ≈ 530): NPG now runs on log-policies and the path on log-probabilities.
     * The principal QRE of Markov coordination is worked by hand: in the high state both agents mix 1/2–1/2 (the
     * branch in the subspace fixed by swapping a and b there), in the low state both play b up to e^−12900, so
     * V_H = 1/2·(3 + γ(3/4·V_H + 1/4·V_L)) + 1/2·γV_L + τ log 2 and V_L = 1 + γV_H (the low state's entropy below
     * 10⁻⁵⁰⁰⁰): V_H = (2.0625 + τ log 2)/0.15625.
     */
    @Test
    void atATenThousandthOfADegreeNpgConvergesAndTheHandWorkedPrincipalQreIsCertified() throws Exception {
        String g = "bundled:markov_coordination";
        CliTest.Run r = CliTest.run("markov", g, "--tau", "1/10000", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = CertificateJson.mapper().readTree(r.out());
        assertThat(j.get("npgStop").asText()).isEqualTo("converged");
        assertThat(j.get("certified").asBoolean()).isTrue();
        assertThat(j.get("principal").get("onPrincipalBranch").asBoolean()).isTrue();
        java.math.MathContext mc = new java.math.MathContext(40);
        java.math.BigDecimal ln2 = new java.math.BigDecimal("0.6931471805599453094172321214581765680755");
        java.math.BigDecimal high = new java.math.BigDecimal("2.0625").add(ln2.divide(java.math.BigDecimal.valueOf(
            10000), mc)).divide(new java.math.BigDecimal("0.15625"), mc);
        java.math.BigDecimal low = java.math.BigDecimal.ONE.add(new java.math.BigDecimal("0.9").multiply(high));
        for (JsonNode agent : j.get("policy")) {
            JsonNode l = agent.get("states").get(0);
            JsonNode h = agent.get("states").get(1);
            assertThat(new java.math.BigDecimal(l.get("probabilities").get(0).get(1).asText())).isLessThan(
                new java.math.BigDecimal("1e-20"));
            assertThat(contains(l.get("value"), low)).as("V_L = %s in %s", low, l.get("value")).isTrue();
            assertThat(contains(h.get("value"), high)).as("V_H = %s in %s", high, h.get("value")).isTrue();
            assertThat(contains(h.get("probabilities").get(0), new java.math.BigDecimal("0.5"))).isTrue();
            // the control: a value off by 10⁻⁹ (the enclosures are 4·10⁻¹¹ wide) is not in them
            assertThat(contains(h.get("value"), high.add(new java.math.BigDecimal("1e-9")))).isFalse();
        }
        for (String[] game : new String[][] {{"markov_prisoners_dilemma", "1/10000"}, {"markov_congestion", "1/100"},
            {"markov_congestion", "1/10000"}, {"markov_matching_pennies", "1/10000"}}) {
            CliTest.Run other = CliTest.run("markov", "solve", "bundled:" + game[0], "--tau", game[1]);
            assertThat(other.out()).as(game[0]).contains("the QRE above lies on the principal branch");
        }
        // where no QRE is certified (one NPG step at τ = 10⁻³⁰, from which no box is proved; at 10⁻⁸ that step's
        // point is certified, in the log form with player 3's unplayed action off the support) the principal line
        // still says why the chain gave none: the McKelvey–McLennan game's branch meets its singular point near
        // β = 0.5968
        assertThat(CliTest.run("markov", "solve", "bundled:2x2x2", "--tau", "1e-30", "--max-steps", "1").out())
            .contains("QRE      not certified: ").contains("principal not traced: the chain in the full space stopped: "
                + "no piece could be proved beyond β = 0.59")
            // and the verdict speaks of no certified QRE above it
            .contains("kappa = 7.55399e27 >= 1; the game may have several QREs)").doesNotContain("certified QRE above");
        // κ ≈ 1.1·10²⁸ at τ = 10⁻³⁰ in powers of ten, not 29 digits
        assertThat(CliTest.run("markov", "solve", "bundled:markov_coordination", "--tau", "1e-30", "--max-steps", "1")
            .out()).contains("kappa = 1.13525e28 >= 1");
    }

    private static boolean contains(JsonNode interval, java.math.BigDecimal x) {
        return new java.math.BigDecimal(interval.get(0).asText()).compareTo(x) <= 0
            && x.compareTo(new java.math.BigDecimal(interval.get(1).asText())) <= 0;
    }

    @Test
    void theSubcommandsGiveThePartsOfTheWholeReport() throws Exception {
        String g = "bundled:markov_coordination";
        CliTest.Run whole = CliTest.run("markov", g, "--tau", "1");
        CliTest.Run solve = CliTest.run("markov", "solve", g, "--tau", "1");
        CliTest.Run npg = CliTest.run("markov", "npg", g, "--tau", "1");
        assertThat(solve.code()).as(solve.err()).isZero();
        assertThat(npg.code()).as(npg.err()).isZero();
        // every line of the whole report is in exactly one part (the game line in both)
        for (String line : whole.out().lines().toList()) {
            boolean inSolve = solve.out().lines().anyMatch(line::equals);
            boolean inNpg = npg.out().lines().anyMatch(line::equals);
            assertThat(inSolve || inNpg).as(line).isTrue();
            assertThat(inSolve && inNpg).as(line).isEqualTo(line.startsWith("game "));
        }
        assertThat(solve.out()).contains("certified Markov QRE (MQRE-K)").doesNotContain("npg      ");
        assertThat(npg.out()).contains("converged after").contains("rate     ").doesNotContain("QRE");
        JsonNode sj = CertificateJson.mapper().readTree(CliTest.run("markov", "solve", g, "--tau", "1", "--json")
            .out());
        JsonNode nj = CertificateJson.mapper().readTree(CliTest.run("markov", "npg", g, "--tau", "1", "--json").out());
        assertThat(sj.has("policy")).isTrue();
        assertThat(sj.has("npgSteps")).isFalse();
        assertThat(nj.get("npgSteps").asInt()).isPositive();
        assertThat(nj.has("policy") || nj.has("certified")).isFalse();
        // symmetries: the same report as the top-level command's
        CliTest.Run sym = CliTest.run("markov", "symmetries", "bundled:markov_congestion", "--json");
        assertThat(sym.code()).isZero();
        assertThat(sym.out()).isEqualTo(CliTest.run("symmetries", "bundled:markov_congestion", "--json").out());
        // refusals: a part's options, and GAME and --tau still required
        assertThat(CliTest.run("markov", "solve", g, "--tau", "1", "--plot", dir.resolve("p.svg").toString()).err())
            .contains("--plot draws the NPG run");
        assertThat(CliTest.run("markov", "npg", g, "--tau", "1", "--certificate", dir.resolve("c.json").toString())
            .err()).contains("--certificate writes the certified QRE");
        CliTest.Run noTau = CliTest.run("markov", "solve", g);
        assertThat(noTau.code()).isEqualTo(2);
        assertThat(noTau.err()).contains("--tau");
        assertThat(CliTest.run("markov", "--tau", "1").err()).contains("GAME");
        for (String t : new String[] {"0", "-1"}) { // one message for both (before: "non-negative" for −1)
            assertThat(CliTest.run("markov", "solve", g, "--tau", t).err())
                .contains("--tau must be positive, got " + t);
        }
    }

    @Test
    void aCertificateRoundTripsAndTamperingIsRejected() throws Exception {
        Path cert = dir.resolve("m.json");
        CliTest.Run r = CliTest.run("markov", "bundled:markov_prisoners_dilemma", "--tau", "1", "--certificate",
            cert.toString());
        assertThat(r.code()).isZero();
        CliTest.Run ok = CliTest.run("check-certificate", cert.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("exactly one Markov QRE in the box").contains("VALID");
        ObjectNode t = (ObjectNode) CertificateJson.mapper().readTree(Files.readString(cert));
        t.put("tau", "11/10");
        Files.writeString(dir.resolve("tau.json"), t.toString());
        CliTest.Run wrongTau = CliTest.run("check-certificate", dir.resolve("tau.json").toString());
        assertThat(wrongTau.code()).isEqualTo(1);
        assertThat(wrongTau.out()).contains("Krawczyk test failed").contains("REJECTED");
        ObjectNode u = (ObjectNode) CertificateJson.mapper().readTree(Files.readString(cert));
        ObjectNode outcome = (ObjectNode) u.get("game").get("states").get(0).get("outcomes").get(0);
        ((ArrayNode) outcome.get("rewards")).set(0, "4");
        Files.writeString(dir.resolve("game.json"), u.toString());
        CliTest.Run edited = CliTest.run("check-certificate", dir.resolve("game.json").toString());
        assertThat(edited.code()).isEqualTo(2);
        assertThat(edited.err()).contains("sha256").contains("does not match the game");
    }

    /**
     * MQRE-CHAIN (7) through the command line: a game whose action counts differ between states gets its principal QRE
     * from the reward-free game's QRE at τ = 1; the certificate carries the start's proof, and without it the chain is
     * rejected.
     */
    @Test
    void unequalActionCountsStartTheChainAtTheRewardFreeQre() throws Exception {
        StartRun run = startThroughTheCommandLine("src/test/resources/markov/uneven.json", "1/4", "branchStart",
            "the reward-free game's Markov QRE at tau = 1, unique by MQRE-U with kappa about 0.5 < 1 (MQRE-CHAIN (7))",
            "join beta = 0, tau = infinity and the reward-free game's Markov QRE at tau = 1 (unique: MQRE-U, kappa = "
            + "0.5; MQRE-CHAIN (7)), to beta = 1/tau");
        assertThat(run.start().get("theorem").asText()).isEqualTo("MQRE-CHAIN (7)");
        assertThat(run.start().get("kappa").asText()).isEqualTo("1/2");
    }

    /**
     * MQRE-CHAIN (8) through the command line: a game whose reward-free start MQRE-U does not prove unique gets its
     * principal QRE through the start homotopy; the line, --json's principal.start and check-certificate say so, and
     * the certificate without its branchStartHomotopy is rejected.
     */
    @Test
    void anUnprovedStartIsJoinedToTheUniformPolicyByTheStartHomotopy() throws Exception {
        StartRun run = startThroughTheCommandLine("src/test/resources/markov/uneven_unproved.json", "1/2",
            "branchStartHomotopy", "pieces of the start homotopy (MQRE-CHAIN (8))", "join beta = 0, tau = infinity "
            + "and a Markov QRE of the reward-free game at tau = 1 that ", " pieces of the start homotopy join to the "
            + "uniform policy (MQRE-CHAIN (8); MQRE-U does not prove that start unique), to beta = 1/tau");
        assertThat(run.start().get("theorem").asText()).isEqualTo("MQRE-CHAIN (8)");
        assertThat(run.start().get("homotopyPieces").asInt()).isPositive()
            .isEqualTo(run.certificate().get("branchStartHomotopy").get("chain").get("pieces").size());
    }

    /** {@code markov solve --json}'s principal.start and the certificate written beside it. */
    private record StartRun(JsonNode start, JsonNode certificate) {
    }

    /**
     * A chain's start through the command line: {@code markov solve} of the game at τ with --certificate, whose
     * principal line must say each of {@code line}; its --json's principal.start; {@code check-certificate} of the
     * certificate (VALID, saying {@code finding}) and of it without {@code member} (REJECTED: no start proof).
     */
    private StartRun startThroughTheCommandLine(String game, String tau, String member, String finding, String... line)
        throws Exception {
        Path cert = dir.resolve(member + "-cert.json");
        CliTest.Run r = CliTest.run("markov", "solve", game, "--tau", tau, "--certificate", cert.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("principal the QRE above lies on the principal branch (MQRE-CHAIN: ")
            .contains(line);
        CliTest.Run json = CliTest.run("markov", "solve", game, "--tau", tau, "--json");
        JsonNode start = CertificateJson.mapper().readTree(json.out()).get("principal").get("start");
        CliTest.Run ok = CliTest.run("check-certificate", cert.toString());
        assertThat(ok.out()).contains(finding).contains("VALID");
        ObjectNode t = (ObjectNode) CertificateJson.mapper().readTree(Files.readString(cert));
        ObjectNode without = t.deepCopy();
        without.remove(member);
        Files.writeString(dir.resolve("no-" + member + ".json"), without.toString());
        CliTest.Run bare = CliTest.run("check-certificate", dir.resolve("no-" + member + ".json").toString());
        assertThat(bare.code()).isEqualTo(1);
        assertThat(bare.out()).contains("no branchStart proves the chain's start at beta = 0 unique")
            .contains("REJECTED");
        return new StartRun(start, t);
    }

    /**
     * --max-pieces bounds every chain of the principal branch, exactly: matching pennies' chain to τ = 1 has 4 pieces,
     * so 4 certify its principal QRE and 3 stop the chain in the full space and in the fixed subspace, the QRE then
     * NPG's limit, untagged; the start homotopy's chain is bounded too; a limit below 1, or one given to
     * {@code markov npg} (which traces no chain), is refused.
     */
    @Test
    void everyChainStopsAtThePieceLimitAndNoEarlier() throws Exception {
        CliTest.Run enough = CliTest.run("markov", "solve", "bundled:markov_matching_pennies", "--tau", "1",
            "--max-pieces", "4", "--json");
        JsonNode principal = CertificateJson.mapper().readTree(enough.out()).get("principal");
        assertThat(principal.get("onPrincipalBranch").asBoolean()).isTrue();
        assertThat(principal.get("pieces").asInt()).isEqualTo(4);
        CliTest.Run short3 = CliTest.run("markov", "solve", "bundled:markov_matching_pennies", "--tau", "1",
            "--max-pieces", "3");
        assertThat(short3.code()).isZero();
        assertThat(short3.out()).contains("principal not traced: the chain in the full space stopped: the piece limit "
            + "(3) was reached at β = 0.98").contains("in the subspace fixed by the game's 1 symmetries: the piece "
            + "limit (3) was reached").contains("the QRE above is the limit of NPG from the uniform policy");
        CliTest.Run homotopy = CliTest.run("markov", "solve", "src/test/resources/markov/uneven_unproved.json",
            "--tau", "1/100", "--max-pieces", "1");
        assertThat(homotopy.out()).contains("the start homotopy (MQRE-CHAIN (8)) stopped: the piece limit (1) was "
            + "reached at θ = ");
        CliTest.Run none = CliTest.run("markov", "solve", "bundled:markov_matching_pennies", "--tau", "1",
            "--max-pieces", "0");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--max-pieces must be from 1 to 100000000, got 0");
        CliTest.Run npg = CliTest.run("markov", "npg", "bundled:markov_matching_pennies", "--tau", "1",
            "--max-pieces", "4");
        assertThat(npg.code()).isEqualTo(2);
        assertThat(npg.err()).contains("--max-pieces bounds the principal branch's chains: use 'markov solve'");
    }

    @Test
    void solveMarksThePrincipalQreAndItsChainIsReplayed() throws Exception {
        Path cert = dir.resolve("p.json");
        CliTest.Run r = CliTest.run("markov", "solve", "bundled:markov_matching_pennies", "--tau", "1",
            "--certificate", cert.toString());
        assertThat(r.out()).contains("principal the QRE above lies on the principal branch (MQRE-CHAIN: ");
        CliTest.Run ok = CliTest.run("check-certificate", cert.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("principal branch (MQRE-CHAIN): ").contains("QRE 1 lies on it").contains("VALID");
        // a piece moved off the branch: the replay fails and the certificate is rejected
        ObjectNode t = (ObjectNode) CertificateJson.mapper().readTree(Files.readString(cert));
        ArrayNode center = (ArrayNode) t.get("branch").get("pieces").get(1).get("center");
        center.set(0, new java.math.BigDecimal(center.get(0).asText()).add(new java.math.BigDecimal("0.01"))
            .toString());
        Files.writeString(dir.resolve("moved.json"), t.toString());
        CliTest.Run moved = CliTest.run("check-certificate", dir.resolve("moved.json").toString());
        assertThat(moved.code()).isEqualTo(1);
        assertThat(moved.out()).contains("principal branch (MQRE-CHAIN) rejected: ").contains("REJECTED");
        // the coordination game's branch splits before tau = 1: the full chain stops there, the chain in the
        // subspace its symmetries fix passes it, and the certificate carries those symmetries
        Path sym = dir.resolve("sym.json");
        CliTest.Run split = CliTest.run("markov", "solve", "bundled:markov_coordination", "--tau", "1",
            "--certificate", sym.toString());
        assertThat(split.out()).contains("lies on the principal branch").contains("in the subspace fixed by the "
            + "game's 3 symmetries").contains("the chain in the full space stopped: no piece could be proved beyond "
            + "β = 0.541");
        CliTest.Run symOk = CliTest.run("check-certificate", sym.toString());
        assertThat(symOk.out()).contains("in the subspace fixed by 3 symmetries of the game, each checked exactly")
            .contains("VALID");
        ObjectNode forged = (ObjectNode) CertificateJson.mapper().readTree(Files.readString(sym));
        ArrayNode states = (ArrayNode) forged.get("branchSymmetries").get(0).get("states");
        states.set(0, com.fasterxml.jackson.databind.node.IntNode.valueOf(1));
        states.set(1, com.fasterxml.jackson.databind.node.IntNode.valueOf(0));
        Files.writeString(dir.resolve("forged.json"), forged.toString());
        CliTest.Run forgedRun = CliTest.run("check-certificate", dir.resolve("forged.json").toString());
        assertThat(forgedRun.out()).contains("principal branch (MQRE-CHAIN) rejected").contains("REJECTED");
        CliTest.Run hot = CliTest.run("markov", "solve", "bundled:markov_coordination", "--tau", "2", "--json");
        JsonNode j = CertificateJson.mapper().readTree(hot.out());
        assertThat(j.get("principal").get("onPrincipalBranch").asBoolean()).isTrue();
    }

    @Test
    void aUniquenessClaimIsReplayedAndTamperingWithItIsRejected() throws Exception {
        Path cert = dir.resolve("u.json");
        CliTest.Run r = CliTest.run("markov", "bundled:markov_matching_pennies", "--tau", "16", "--certificate",
            cert.toString());
        assertThat(r.out()).contains("verdict  unique (MQRE-U");
        CliTest.Run ok = CliTest.run("check-certificate", cert.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("uniqueness (MQRE-U)").contains("VALID");
        String text = Files.readString(cert);
        assertTamperingRejected(text, "uniqueness", "uniqueness (MQRE-U) rejected", new String[][] {
            {"kappa", "1/2", "exceeds"}, {"kappa", "1", "not below 1"}, {"eta", "1/32", "exceeds"}});
        ObjectNode w = (ObjectNode) CertificateJson.mapper().readTree(text);
        ((ArrayNode) w.get("uniqueness").get("w")).set(0, "-1");
        Files.writeString(dir.resolve("w.json"), w.toString());
        assertThat(CliTest.run("check-certificate", dir.resolve("w.json").toString()).out()).contains("not positive");
        CliTest.Run notProved = CliTest.run("markov", "bundled:markov_matching_pennies", "--tau", "1");
        assertThat(notProved.out()).contains("verdict  uniqueness NOT proved (MQRE-U")
            .contains("rate     no linear rate certified for this NPG run (NPG-EX: NPG-EX needs 4·a·c ≤ 1");
    }

    /** Each change {key, value, expected reason} to the claim {@code member} makes check-certificate reject it. */
    void assertTamperingRejected(String text, String member, String rejection, String[][] changes) throws Exception {
        for (String[] change : changes) {
            ObjectNode t = (ObjectNode) CertificateJson.mapper().readTree(text);
            ((ObjectNode) t.get(member)).put(change[0], change[1]);
            Path f = dir.resolve(member + "-" + change[0] + change[1].replace('/', '-') + ".json");
            Files.writeString(f, t.toString());
            CliTest.Run bad = CliTest.run("check-certificate", f.toString());
            assertThat(bad.code()).as(change[0] + " = " + change[1]).isEqualTo(1);
            assertThat(bad.out()).as(change[0]).contains(rejection).contains(change[2]);
        }
    }

    @Test
    void anNpgRateClaimIsReplayedAndTamperingWithItIsRejected() throws Exception {
        Path cert = dir.resolve("rate.json");
        CliTest.Run r = CliTest.run("markov", "bundled:markov_matching_pennies", "--tau", "64", "--certificate",
            cert.toString());
        assertThat(r.out()).contains("rate     NPG-EX: this NPG run (exact evaluation, from the uniform policy) "
            + "converges linearly at rate kappa = 0.910026").contains("symmetry group of order 2 (every agent, state "
            + "and action relabelling tried, each checked exactly); equivariance defect of the certified QRE's centre "
            + "0.000e+00; the QRE is unique, so every symmetry fixes it (SYM-2)");
        CliTest.Run ok = CliTest.run("check-certificate", cert.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("linear rate (NPG-EX)").contains("VALID");
        String text = Files.readString(cert);
        assertTamperingRejected(text, "npgRate", "linear rate (NPG-EX) rejected", new String[][] {
            {"kappa", "9/10", "exceeds"}, {"eta", "1/64000", "exceeds"}});
        ObjectNode cold = (ObjectNode) CertificateJson.mapper().readTree(text);
        cold.put("tau", "1");
        ((ObjectNode) cold.get("npgRate")).put("eta", "1/10");
        Files.writeString(dir.resolve("cold.json"), cold.toString());
        assertThat(CliTest.run("check-certificate", dir.resolve("cold.json").toString()).out())
            .contains("linear rate (NPG-EX) rejected: NPG-EX needs 4·a·c ≤ 1");
    }

    @Test
    void aNormalFormGameIsAOneStateGameWithTheSameQre() throws Exception {
        CliTest.Run m = CliTest.run("markov", "bundled:const_sum_game", "--tau", "1/2", "--json");
        assertThat(m.code()).as(m.err()).isZero();
        JsonNode j = CertificateJson.mapper().readTree(m.out());
        assertThat(j.get("discount").asText()).isEqualTo("0");
        assertThat(j.get("certified").asBoolean()).isTrue();
        // solve's certified 30-digit QRE of the same game at lambda = 2 (its first coordinate)
        String p = j.get("policy").get(0).get("states").get(0).get("probabilities").get(0).get(0).asText();
        String q = j.get("policy").get(0).get("states").get(0).get("probabilities").get(0).get(1).asText();
        java.math.BigDecimal solve = new java.math.BigDecimal("0.7726766071217982549088344926");
        assertThat(new java.math.BigDecimal(p)).isLessThanOrEqualTo(solve);
        assertThat(new java.math.BigDecimal(q)).isGreaterThanOrEqualTo(solve);
    }

    @Test
    void aStateRevealingDecPomdpIsASharedRewardMarkovGameAndDecTigerIsNot() throws Exception {
        Path model = Path.of(MarkovCommandTest.class.getResource("/reveal.dpomdp").toURI());
        CliTest.Run r = CliTest.run("markov", model.toString(), "--tau", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 agents, 2 states, gamma 9/10").contains("certified Markov QRE");
        // shared reward: both agents' certified values agree
        String[] values = r.out().lines().filter(l -> l.startsWith("values")).map(l -> l.substring(l.indexOf('[')))
            .toArray(String[]::new);
        assertThat(values).hasSize(2);
        assertThat(values[0]).isEqualTo(values[1]);
        CliTest.Run tiger = CliTest.run("markov", "bundled:dectiger", "--tau", "1", "--discount", "9/10");
        assertThat(tiger.code()).isEqualTo(2);
        assertThat(tiger.err()).contains("do not reveal the state");
        CliTest.Run undiscounted = CliTest.run("markov", "bundled:dectiger", "--tau", "1");
        assertThat(undiscounted.err()).contains("below 1");
    }

    /** Parses an SVG file as XML and returns its polylines' stroke-dasharray flags and the texts. */
    static org.w3c.dom.Document svg(Path file) throws Exception {
        return javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    @Test
    void plotsAreWellFormedSvgWithOneLinePerSeries() throws Exception {
        Path unique = dir.resolve("unique.svg");
        CliTest.run("markov", "bundled:markov_matching_pennies", "--tau", "7", "--plot", unique.toString());
        org.w3c.dom.Document d = svg(unique);
        org.w3c.dom.NodeList lines = d.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(3);
        assertThat(((org.w3c.dom.Element) lines.item(2)).getAttribute("stroke-dasharray")).isNotEmpty();
        assertThat(d.getDocumentElement().getTextContent()).contains("certified bound kappa^t (MQRE-U");
        Path open = dir.resolve("open.svg");
        CliTest.run("markov", "bundled:markov_matching_pennies", "--tau", "1", "--plot", open.toString());
        assertThat(svg(open).getElementsByTagName("polyline").getLength()).as("no rate line without a proof")
            .isEqualTo(2);
        Path rated = dir.resolve("rated.svg");
        CliTest.run("markov", "bundled:markov_matching_pennies", "--tau", "64", "--plot", rated.toString());
        org.w3c.dom.Document rd = svg(rated);
        assertThat(rd.getElementsByTagName("polyline").getLength()).as("both runs and both bounds").isEqualTo(4);
        assertThat(rd.getDocumentElement().getTextContent()).contains("certified bound kappa^t (NPG-EX, kappa = "
            + "0.910026)").contains("NPG (exact evaluation, eta = 1/640): weighted step");
        Path flow = dir.resolve("flow.svg");
        CliTest.Run f = CliTest.run("flow", "bundled:dectiger", "--horizon", "2", "--tau", "20", "--starts", "3",
            "--group", "none", "--plot", flow.toString());
        assertThat(f.code()).isZero();
        org.w3c.dom.Document fd = svg(flow);
        assertThat(fd.getElementsByTagName("polyline").getLength()).isEqualTo(3);
        assertThat(fd.getDocumentElement().getTextContent()).contains("run 1").contains("max |grad J|")
            .contains("flow time t");
    }

    @Test
    void malformedGamesAreRefusedWithTheirPath() throws Exception {
        ObjectNode g = (ObjectNode) CertificateJson.mapper().readTree(game("markov_coordination"));
        ObjectNode bad = g.deepCopy();
        ((ObjectNode) bad.get("states").get(1).get("outcomes").get(2).get("next")).put("high", "1/3");
        assertThatThrownBy(() -> MarkovGameReader.read("g.json", bad.toString(), Limits.DEFAULT))
            .isInstanceOf(FormatException.class).hasMessageContaining("states[1].outcomes[2].next")
            .hasMessageContaining("not a probability distribution");
        ObjectNode missing = g.deepCopy();
        ((ArrayNode) missing.get("states").get(0).get("outcomes")).remove(3);
        assertThatThrownBy(() -> MarkovGameReader.read("g.json", missing.toString(), Limits.DEFAULT))
            .isInstanceOf(FormatException.class).hasMessageContaining("states[0].outcomes")
            .hasMessageContaining("no outcome for the joint action (b, b)");
        ObjectNode action = g.deepCopy();
        ((ArrayNode) action.get("states").get(0).get("outcomes").get(0).get("actions")).set(1, "z");
        assertThatThrownBy(() -> MarkovGameReader.read("g.json", action.toString(), Limits.DEFAULT))
            .isInstanceOf(FormatException.class).hasMessageContaining("states[0].outcomes[0].actions[1]")
            .hasMessageContaining("\"z\" is not an action");
        ObjectNode discount = g.deepCopy();
        discount.put("discount", "1");
        assertThatThrownBy(() -> MarkovGameReader.read("g.json", discount.toString(), Limits.DEFAULT))
            .isInstanceOf(FormatException.class).hasMessageContaining("discount").hasMessageContaining("[0, 1)");
        ObjectNode typo = g.deepCopy();
        typo.put("discont", "1/2");
        assertThatThrownBy(() -> MarkovGameReader.read("g.json", typo.toString(), Limits.DEFAULT))
            .isInstanceOf(FormatException.class).hasMessageContaining("discont").hasMessageContaining("unknown key");
        CliTest.Run huge = CliTest.run("markov", write(hugeGame()), "--tau", "1");
        assertThat(huge.code()).isEqualTo(2);
        assertThat(huge.err()).contains("entries").doesNotContain("Exception");
    }

    private String write(String json) throws Exception {
        Path f = dir.resolve("game.json");
        Files.writeString(f, json);
        return f.toString();
    }

    /** 12 agents with 10 actions each in one state: 10^12 joint actions, refused before allocation. */
    private static String hugeGame() {
        StringBuilder agents = new StringBuilder();
        StringBuilder actions = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            agents.append(i == 0 ? "" : ",").append('"').append(i).append('"');
            actions.append(i == 0 ? "" : ",").append("[\"0\",\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\"]");
        }
        return "{\"format\":\"equivariant-markov-game-1\",\"agents\":[" + agents + "],\"discount\":\"1/2\","
            + "\"initial\":{\"s\":\"1\"},\"states\":[{\"name\":\"s\",\"actions\":[" + actions + "],\"outcomes\":[]}]}";
    }
}
