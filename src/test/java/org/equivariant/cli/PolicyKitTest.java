package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.equivariant.certificate.CertificateJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dec-POMDP researcher's kit: policy files written by {@code flow --export-policies} and read by {@code evaluate},
 * the cross-play matrix, the discount override, the limit that stopped a flow. Expected returns of the hand-written
 * Dec-Tiger policies are worked out by hand: listening costs 2 per joint step; at t = 1 the belief is still (1/2, 1/2),
 * so (open-left, listen) pays (−101 + 9)/2 = −46.
 */
class PolicyKitTest {
    private static String policy(String name) {
        return Path.of(PolicyKitTest.class.getResource("/policies/" + name).getPath()).toString();
    }

    @Test
    void evaluateGivesTheExactReturnAndCrossPlayOfHandWrittenPolicies() throws Exception {
        String listen = policy("dectiger-h2-listen.json");
        String open = policy("dectiger-h2-listen-then-open-left.json");
        CliTest.Run one = CliTest.run("evaluate", "bundled:dectiger", "--policy", listen);
        assertThat(one.code()).isZero();
        assertThat(one.out()).contains("return   " + listen + ": -4 (-4)");
        CliTest.Run two = CliTest.run("evaluate", "bundled:dectiger", "--policy", listen, "--policy", open, "--json");
        JsonNode n = CertificateJson.mapper().readTree(two.out());
        assertThat(n.get("returns").get(0).asText()).isEqualTo("-4");
        assertThat(n.get("returns").get(1).asText()).isEqualTo("-48");
        assertThat(n.get("mixed").get(0).get("return").asText()).isEqualTo("-4");
        assertThat(n.get("mixed").get(1).get("return").asText()).isEqualTo("-48");
        assertThat(n.get("crossPlay").asText()).isEqualTo("-26");
        assertThat(n.get("discount").asText()).isEqualTo("1");
    }

    @Test
    void badPolicyFilesAreRefusedWithTheirJsonPath(@TempDir Path dir) throws Exception {
        String text = Files.readString(Path.of(policy("dectiger-h2-listen.json")));
        Path half = dir.resolve("half.json");
        Files.writeString(half, text.replaceFirst("\"1\",", "\"1/2\","));
        CliTest.Run r = CliTest.run("evaluate", "bundled:dectiger", "--policy", half.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("agents[0].histories[0].probabilities").contains("sum to 0.5, not 1")
            .doesNotContain("Exception");
        Path unknown = dir.resolve("unknown.json");
        Files.writeString(unknown, text.replaceFirst("hear-left", "hear-nothing"));
        assertThat(CliTest.run("evaluate", "bundled:dectiger", "--policy", unknown.toString()).err())
            .contains("unknown observation \"hear-nothing\"");
    }

    @Test
    void flowExportsPoliciesThatEvaluateReadsBack(@TempDir Path dir) throws Exception {
        CliTest.Run flow = CliTest.run("flow", "bundled:dectiger", "--tau", "1", "--horizon", "2", "--starts", "2",
            "--max-steps", "300", "--discount", "1", "--export-policies", dir.toString(), "--json");
        assertThat(flow.code()).isZero();
        JsonNode f = CertificateJson.mapper().readTree(flow.out());
        assertThat(f.get("discount").asText()).isEqualTo("1");
        assertThat(f.get("runs").get(0).get("stop").asText()).isEqualTo("STEPS");
        assertThat(f.get("crossPlayMatrix")).hasSize(2);
        assertThat(f.get("generators")).hasSize(2);
        for (int k = 1; k <= 2; k++) {
            CliTest.Run e = CliTest.run("evaluate", "bundled:dectiger", "--policy",
                dir.resolve("run-" + k + "-greedy-uniform.json").toString(), "--json");
            assertThat(CertificateJson.mapper().readTree(e.out()).get("returns").get(0).asText())
                .isEqualTo(f.get("runs").get(k - 1).get("greedySelfPlayUniform").asText());
        }
        CliTest.Run xp = CliTest.run("evaluate", "bundled:dectiger", "--policy",
            dir.resolve("run-1-greedy-uniform.json").toString(), "--policy",
            dir.resolve("run-2-greedy-uniform.json").toString(), "--json");
        assertThat(CertificateJson.mapper().readTree(xp.out()).get("crossPlay").asText())
            .isEqualTo(f.get("greedyCrossPlayMatrixUniform").get(0).get(1).asText());
        CliTest.Run text = CliTest.run("flow", "bundled:dectiger", "--tau", "1", "--horizon", "2", "--starts", "1",
            "--max-steps", "50");
        assertThat(text.out()).contains("stopped by the step limit (--max-steps 50)").contains("XP (mean over pairs "
            + "of runs) = n/a (one run)").contains("gamma 1 (from the model)").doesNotContain("NaN");
    }

    @Test
    void thresholdPrintsAndOverridesTheDiscount() throws Exception {
        JsonNode h1 = CertificateJson.mapper().readTree(CliTest.run("threshold", "bundled:recycling", "--horizon", "1",
            "--json").out());
        JsonNode h3 = CertificateJson.mapper().readTree(CliTest.run("threshold", "bundled:recycling", "--horizon", "3",
            "--discount", "1", "--tau", "1000", "--json").out());
        assertThat(h3.get("discount").asText()).isEqualTo("1");
        // undiscounted, the return range of three steps is three times that of one
        assertThat(org.equivariant.arith.Rational.parse(h3.get("returnRange").asText())).isEqualTo(
            org.equivariant.arith.Rational.parse(h1.get("returnRange").asText()).multiply(
                org.equivariant.arith.Rational.of(3)));
        assertThat(h3.get("aboveThreshold").asBoolean()).isTrue();
        assertThat(CliTest.run("threshold", "bundled:recycling", "--horizon", "3").out()).contains("gamma 9/10 (from "
            + "the model)");
        JsonNode nfg = CertificateJson.mapper().readTree(CliTest.run("threshold", "bundled:coord2", "--onset",
            "--json").out());
        assertThat(nfg.get("kappa").asText()).isEqualTo("894427191/800000000");
        assertThat(nfg.get("onset").get("onset").asDouble()).isBetween(0.803, 1.118);
        assertThat(nfg.get("onset").get("firstDisagreement").asDouble()).isLessThan(0.803);
        // the gap is taken against the best certified threshold: the UNIQ-BB onset, not κ
        double certified = org.equivariant.arith.Rational.parse(nfg.get("certifiedOnset").get("tau").asText())
            .doubleValue();
        assertThat(certified).isBetween(0.79, 0.81);
        assertThat(nfg.get("onset").get("gap").asDouble()).isCloseTo(certified / nfg.get("onset").get("onset")
            .asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        assertThat(CliTest.run("threshold", "bundled:coord2", "--discount", "1").err()).contains("--discount "
            + "applies to .dpomdp models");
    }

    @Test
    void flowTakesNoGroupOrAClaimedGroupAndRefusesANonSymmetry(@TempDir Path dir) throws Exception {
        CliTest.Run none = CliTest.run("flow", "bundled:dectiger", "--tau", "20", "--starts", "1", "--group", "none");
        assertThat(none.out()).contains("symmetry group of order 1 (--group none: no symmetries used)");
        Path good = dir.resolve("good.txt");
        Files.writeString(good, "# the tiger's two sides\n"
            + "agents (); states (1 2); actions 1:(2 3) 2:(2 3); observations 1:(1 2) 2:(1 2)\n");
        CliTest.Run claimed = CliTest.run("flow", "bundled:dectiger", "--tau", "20", "--starts", "1", "--group",
            good.toString());
        assertThat(claimed.code()).isZero();
        assertThat(claimed.out()).contains("symmetry group of order 2 (claimed in " + good
            + ", every generator checked)");
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "agents (); states (1 2); actions 1:() 2:(); observations 1:() 2:()\n");
        CliTest.Run refused = CliTest.run("flow", "bundled:dectiger", "--tau", "20", "--starts", "1", "--group",
            bad.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains(bad + ": generator 1 is not a symmetry of the model");
    }
}
