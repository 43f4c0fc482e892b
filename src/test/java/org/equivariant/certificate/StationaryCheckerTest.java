package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.equivariant.io.FormatException;
import org.equivariant.io.JsonInput;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stationary-point certificates end to end: {@code flow --certify --certificate} writes one, {@code check-certificate}
 * accepts it, and every tampering that changes a claim — a box moved, another τ or form, another discount, a model
 * text that no longer matches its hash — is rejected or refused with its JSON path.
 */
class StationaryCheckerTest {
    @TempDir
    static Path dir;
    static String certificate;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = org.equivariant.cli.Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll
    static void certify() throws Exception {
        Path file = dir.resolve("stationary.json");
        Run r = run("flow", "bundled:dectiger", "--horizon", "2", "--tau", "10", "--starts", "4", "--group", "none",
            "--certify", "--certificate", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("NOT unique: 2 distinct stationary points certified")
            .contains("SP in [-10.650210617227").contains("SP in [-38.529475386687").contains("XP < SP of both (proved)");
        certificate = Files.readString(file);
    }

    static Run check(String json) throws Exception {
        Path f = Files.createTempFile(dir, "tampered", ".json");
        Files.writeString(f, json);
        return run("check-certificate", f.toString());
    }

    static ObjectNode tree() throws Exception {
        return (ObjectNode) CertificateJson.mapper().readTree(certificate);
    }

    @Test
    void certifyIsRefusedUpFrontWhenThePolicyIsTooLarge() {
        Run r = run("flow", "bundled:dectiger", "--horizon", "4", "--tau", "20", "--starts", "1", "--group", "none",
            "--certify");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--certify: the policy has 1554 coordinates at horizon 4").contains("lower --horizon");
        assertThat(r.out()).doesNotContain("run 1");
        assertThat(run("flow", "bundled:dectiger", "--tau", "20", "--certificate", "x.json").err())
            .contains("--certificate needs --certify");
        // the certified onset's dense Krawczyk tests are refused by the same rule, before the flow scan runs
        Run onset = run("threshold", "bundled:dectiger", "--horizon", "4", "--onset");
        assertThat(onset.code()).isEqualTo(2);
        assertThat(onset.err()).contains("--onset: the policy has 1554 coordinates at horizon 4");
        assertThat(onset.out()).isEmpty();
    }

    @Test
    void theWrittenCertificateIsValid() throws Exception {
        Run r = check(certificate);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("2 distinct stationary points certified").contains("VALID");
    }

    @Test
    void aMovedBoxIsRejected() throws Exception {
        ObjectNode t = tree();
        ArrayNode box = (ArrayNode) t.withArray("points").get(0).get("box");
        ArrayNode first = (ArrayNode) box.get(0);
        java.math.BigDecimal lo = new java.math.BigDecimal(first.get(0).asText());
        java.math.BigDecimal hi = new java.math.BigDecimal(first.get(1).asText());
        java.math.BigDecimal shift = hi.subtract(lo).multiply(java.math.BigDecimal.TEN);
        first.set(0, lo.add(shift).toString());
        first.set(1, hi.add(shift).toString());
        Run r = check(t.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("point 1: Krawczyk test failed").contains("REJECTED");
    }

    @Test
    void anotherTemperatureFormOrDiscountIsRejected() throws Exception {
        for (String[] change : new String[][] {{"tau", "11"}, {"form", "A"}, {"discount", "9/10"}}) {
            ObjectNode t = tree();
            t.put(change[0], change[1]);
            Run r = check(t.toString());
            assertThat(r.code()).as(change[0]).isEqualTo(1);
            assertThat(r.out()).as(change[0]).contains("REJECTED");
        }
    }

    @Test
    void anEditedModelOrUnknownKeyIsRefusedWithItsPath() throws Exception {
        ObjectNode t = tree();
        ObjectNode model = (ObjectNode) t.get("model");
        model.put("text", model.get("text").asText().replace("-100", "-101"));
        assertThatThrownBy(() -> StationaryCertificate.read(JsonInput.parse("c.json", t.toString()), Limits.DEFAULT))
            .isInstanceOf(FormatException.class).hasMessageContaining("model.sha256")
            .hasMessageContaining("does not match");
        ObjectNode u = tree();
        u.put("tua", "10");
        assertThatThrownBy(() -> StationaryCertificate.read(JsonInput.parse("c.json", u.toString()), Limits.DEFAULT))
            .isInstanceOf(FormatException.class).hasMessageContaining("tua");
        ObjectNode v = tree();
        ((ArrayNode) v.withArray("points").get(0).get("box")).remove(0);
        Run r = check(v.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("coordinates");
    }

    /**
     * {@code threshold --onset --certificate} writes UNIQ-IT ranges; the checker replays them, and a range moved below
     * what was proved, an iteration cut short, or a certificate claiming nothing is rejected.
     */
    @Test
    void theCertifiedOnsetsRangesAreReplayedAndTamperingIsRejected() throws Exception {
        Path file = dir.resolve("onset.json");
        Run r = run("threshold", "bundled:dectiger", "--horizon", "2", "--onset", "--starts", "2", "--grid", "1",
            "--onset-time", "3", "--certificate", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("UNIQ-IT  certified: J^B has exactly one stationary point for every tau >= ")
            .contains("UNIQ-C above").contains("certificate written to");
        String onset = Files.readString(file);
        Run ok = check(onset);
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("exactly one stationary point for every tau in [").contains("(UNIQ-IT)")
            .contains("VALID").doesNotContain("distinct stationary point");
        ObjectNode lowered = (ObjectNode) CertificateJson.mapper().readTree(onset);
        ((ObjectNode) lowered.withArray("unique").get(0)).put("tau", "10");
        Run low = check(lowered.toString());
        assertThat(low.code()).isEqualTo(1);
        assertThat(low.out()).contains("range 1 (tau in [10, ").contains("REJECTED");
        ObjectNode cut = (ObjectNode) CertificateJson.mapper().readTree(onset);
        ((ObjectNode) cut.withArray("unique").get(0)).put("steps", 1);
        assertThat(check(cut.toString()).out()).contains("the claimed box does not contain where 1 response steps "
            + "lead").contains("REJECTED");
        ObjectNode nothing = (ObjectNode) CertificateJson.mapper().readTree(onset);
        nothing.remove("unique");
        assertThat(check(nothing.toString()).out()).contains("claims nothing").contains("REJECTED");
        assertThat(run("threshold", "bundled:coord2", "--certificate", "x.json").err())
            .contains("--certificate needs --onset and a .dpomdp model");
    }
}
