package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.equilibrium.MarkovQreSolver;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.MarkovGame;
import org.equivariant.io.FormatException;
import org.equivariant.io.InputException;
import org.equivariant.io.JsonInput;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * The certificate readers refuse before they allocate: table sizes against the entry limit (products, not quotients),
 * indices against what they index, formats, and the bounds of τ and η at their exact ends — each refusal naming its
 * JSON path.
 */
class CertificateJsonTest {
    /** coord2's certificate at λ = 2, with its principal branch. */
    static final QreCertificate COORD2 = QreSolver.solve(BranchCheckerTest.COORD, Rational.TWO,
        QreSolver.Options.digits(20)).certificate();

    static ObjectNode tree(String json) throws Exception {
        return (ObjectNode) CertificateJson.mapper().readTree(json);
    }

    /** A copy of the document with one top-level field replaced. */
    static ObjectNode with(ObjectNode t, String field, String value) {
        ObjectNode copy = t.deepCopy();
        copy.put(field, value);
        return copy;
    }

    static Limits entries(long n) {
        return new Limits(64L << 20, n);
    }

    /** const_sum_game is 2 × 2: 8 payoffs, 4 unknowns, a 4 × 4 preconditioner per box. */
    @Test
    void tableSizesAreCheckedAgainstTheLimitBeforeReading() throws Exception {
        String json = CertificateJson.write(CertificateCheckerTest.GOOD);
        assertThatThrownBy(() -> CertificateJson.read("c", json, entries(7))).isInstanceOf(InputException.class)
            .hasMessageStartingWith("game.payoffs would need 8 table entries");
        assertThat(CertificateJson.read("c", json, entries(16))).isEqualTo(CertificateCheckerTest.GOOD);
        assertThatThrownBy(() -> CertificateJson.read("c", json, entries(15))).isInstanceOf(InputException.class)
            .hasMessageContaining("boxes[0].preconditioner would need 16 table entries");
        // a branch piece's preconditioner, with no box before it
        ObjectNode t = tree(CertificateJson.write(COORD2));
        t.putArray("boxes");
        assertThatThrownBy(() -> CertificateJson.read("c", t.toString(), entries(15)))
            .isInstanceOf(InputException.class).hasMessageContaining("branch.pieces[0].preconditioner would need");
    }

    @Test
    void playerCountsAndIndicesAreBounded() throws Exception {
        ObjectNode t = tree(CertificateJson.write(CertificateCheckerTest.GOOD));
        ObjectNode game = (ObjectNode) t.get("game");
        for (int players : new int[] {1000, 1001}) {
            ArrayNode actions = game.putArray("actions");
            ArrayNode payoffs = game.putArray("payoffs");
            for (int i = 0; i < players; i++) {
                actions.add(1);
                payoffs.addArray().add("0");
            }
            if (players > 1000) {
                assertThatThrownBy(() -> CertificateJson.read(t.toString())).isInstanceOf(FormatException.class)
                    .hasMessageContaining("game.actions: expected 1 to 1000 players, found 1001");
            } else {
                assertThat(CertificateJson.read(t.toString()).payoffs()).hasSize(1000); // the checker refuses it
            }
        }
        ObjectNode s = tree(CertificateJson.write(CertificateCheckerTest.GOOD));
        s.putObject("symmetricBranch").put("qre", 1).putObject("markov");
        assertThatThrownBy(() -> CertificateJson.read(s.toString())).hasMessageContaining("symmetricBranch.qre");
        ((ObjectNode) s.get("symmetricBranch")).put("qre", 0);
        assertThatThrownBy(() -> CertificateJson.read(s.toString())).hasMessageContaining("symmetricBranch.markov")
            .hasMessageNotContaining("symmetricBranch.qre");
        ObjectNode b = tree(CertificateJson.write(COORD2));
        ((ObjectNode) b.get("branch")).put("qre", COORD2.boxes().size());
        assertThatThrownBy(() -> CertificateJson.read(b.toString())).hasMessageContaining("branch.qre");
    }

    @Test
    void theUniquenessClaimAndItsSectionGoTogether() throws Exception {
        ObjectNode t = tree(CertificateJson.write(CertificateCheckerTest.GOOD));
        t.remove("uniqueness");
        assertThatThrownBy(() -> CertificateJson.read(t.toString())).hasMessageContaining(
            "claim.unique: uniqueness is claimed but there is no \"uniqueness\" section");
        ObjectNode u = tree(CertificateJson.write(CertificateCheckerTest.GOOD));
        ((ObjectNode) u.get("claim")).put("unique", false);
        assertThatThrownBy(() -> CertificateJson.read(u.toString())).hasMessageContaining(
            "claim.unique: a \"uniqueness\" section is given but the claim says not unique");
    }

    static MarkovQreCertificate markov(ObjectNode t) {
        return MarkovQreCertificate.read(JsonInput.parse("m", t.toString()), Limits.DEFAULT);
    }

    /** Markov certificates: format, τ > 0, 0 &lt; η ≤ 1/τ, point boxes, symmetry permutations. */
    @Test
    void markovCertificatesAtTheirBounds() throws Exception {
        MarkovGame g = MarkovQreCheckerTest.bundled("markov_coordination");
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, Rational.ONE, (k, b) -> { });
        List<Interval> point = p.qre().box().stream().map(x -> new Interval(x.lo(), x.lo())).toList();
        MarkovQreCertificate c = new MarkovQreCertificate(g, Rational.ONE, List.of(point), new MarkovQreCertificate
            .Uniqueness(Rational.ONE, List.of(Rational.ONE), Rational.of(1, 2)), new MarkovQreCertificate.Uniqueness(
            Rational.of(1, 2), List.of(Rational.TWO), Rational.of(1, 3)), p.branch(), p.symmetries());
        assertThat(p.symmetries()).isNotEmpty();
        ObjectNode t = tree(c.toJson());
        MarkovQreCertificate back = markov(t); // η = 1/τ exactly, and a box of points, are read
        assertThat(back.uniqueness()).isEqualTo(c.uniqueness());
        assertThat(back.rate()).isEqualTo(c.rate());
        // the same numbers: a decimal's trailing zeros are not written (0.4999…930 reads back as 0.4999…93)
        assertThat(numbers(back.boxes())).isEqualTo(numbers(c.boxes()));
        assertThat(back.branch().pieces()).hasSameSizeAs(c.branch().pieces());
        assertThat(back.branchSymmetries()).hasToString(c.branchSymmetries().toString());
        MarkovQreCertificate bare = new MarkovQreCertificate(g, Rational.ONE, List.of(point), null, null, null,
            List.of());
        MarkovQreCertificate bareBack = markov(tree(bare.toJson()));
        assertThat(bareBack.branch()).isNull();
        assertThat(bareBack.uniqueness()).isNull();
        assertThat(bareBack.rate()).isNull();
        assertThat(bareBack.branchSymmetries()).isEmpty();
        ObjectNode still = t.deepCopy();
        ((ObjectNode) still.get("npgRate")).put("eta", "0");
        assertThatThrownBy(() -> markov(still)).hasMessageContaining("npgRate.eta: η must satisfy 0 < η ≤ 1/τ");
        assertThatThrownBy(() -> markov(with(t, "format", "other/1"))).hasMessageContaining("format");
        assertThatThrownBy(() -> markov(with(t, "tau", "0"))).hasMessageContaining("tau: τ must be positive");
        ObjectNode eta = t.deepCopy();
        ((ObjectNode) eta.get("uniqueness")).put("eta", "1001/1000");
        assertThatThrownBy(() -> markov(eta)).hasMessageContaining("uniqueness.eta: η must satisfy 0 < η ≤ 1/τ");
        ObjectNode out = t.deepCopy();
        ((ObjectNode) out.withArray("branchSymmetries").get(0)).putArray("agents").add(0).add(2);
        assertThatThrownBy(() -> markov(out)).isInstanceOf(FormatException.class)
            .hasMessageContaining("branchSymmetries[0].agents[1]");
        ObjectNode twice = t.deepCopy();
        ((ObjectNode) twice.withArray("branchSymmetries").get(0)).putArray("agents").add(0).add(0);
        assertThatThrownBy(() -> markov(twice)).hasMessageContaining(
            "branchSymmetries[0].agents: expected a permutation of 0..1");
    }

    @Test
    void enumerationCertificatesKeepTheirRange() {
        List<Interval> box = List.of(new Interval(BigDecimal.ZERO, BigDecimal.ONE), new Interval(BigDecimal.ZERO,
            BigDecimal.ONE));
        QreCertificate g = CertificateCheckerTest.GOOD;
        EnumerationCertificate one = new EnumerationCertificate(g.title(), g.payoffs(), g.sha256(), Rational.TWO, 20,
            new EnumerationCertificate.Open(box));
        EnumerationCertificate range = new EnumerationCertificate(g.title(), g.payoffs(), g.sha256(), Rational.TWO,
            Rational.of(3), 20, new EnumerationCertificate.Open(box));
        assertThat(one.isRange()).isFalse();
        assertThat(range.isRange()).isTrue();
        assertThat(one.toJson()).doesNotContain("lambdaHi");
        assertThat(range.toJson()).contains("\"lambdaHi\" : \"3\"");
        assertThat(EnumerationCertificate.read(range.toJson())).isEqualTo(range);
        assertThat(EnumerationCertificate.read(one.toJson())).isEqualTo(one);
        assertThatThrownBy(() -> EnumerationCertificate.read(one.toJson().replace(EnumerationCertificate.FORMAT,
            "other/1"))).hasMessageContaining("format");
        String empty = one.toJson().replaceFirst("\"nodes\" : \\[[\\s\\S]*\\]", "\"nodes\" : [ ]");
        assertThatThrownBy(() -> EnumerationCertificate.read(empty)).hasMessageContaining("nodes: the tree is empty");
    }

    static StationaryCertificate stationary(ObjectNode t) {
        return StationaryCertificate.read(JsonInput.parse("s", t.toString()), Limits.DEFAULT);
    }

    /** Stationary certificates: the discount in [0, 1] and a range 0 &lt; τ ≤ τ_hi, each at both ends. */
    @Test
    void stationaryCertificatesAtTheirBounds() throws Exception {
        List<Interval> box = List.of(new Interval(BigDecimal.ZERO, BigDecimal.ONE));
        StationaryCertificate c = new StationaryCertificate("tiger", StationaryReportTest.TIGER, false, Rational.ONE, 2,
            Rational.of(10), StationarySystem.Form.B, List.of(box), List.of(new StationaryCertificate.UniqueRange(
            Rational.of(10), Rational.of(10), 3, box)));
        ObjectNode t = tree(c.toJson());
        assertThat(stationary(t)).isEqualTo(c); // discount 1 and τ = τ_hi are read
        for (String discount : new String[] {"0", "-1/100", "101/100"}) {
            ObjectNode d = with(t, "discount", discount);
            if (discount.equals("0")) {
                assertThat(stationary(d).discount()).isEqualTo(Rational.ZERO);
            } else {
                assertThatThrownBy(() -> stationary(d)).hasMessageContaining(
                    "discount: the discount must lie in [0, 1]");
            }
        }
        assertThatThrownBy(() -> stationary(with(t, "format", "other/1"))).hasMessageContaining("format");
        assertThatThrownBy(() -> stationary(with(t, "tau", "0"))).hasMessageContaining("tau: τ must be positive");
        for (String[] range : new String[][] {{"0", "1"}, {"2", "1"}}) {
            ObjectNode r = t.deepCopy();
            ((ObjectNode) r.withArray("unique").get(0)).put("tau", range[0]).put("tauHi", range[1]);
            assertThatThrownBy(() -> stationary(r)).hasMessageContaining(
                "unique[0].tauHi: a range needs 0 < tau ≤ tauHi");
        }
    }

    /** Boxes with their ends' trailing zeros stripped: equal exactly when they are the same numbers. */
    private static List<List<Interval>> numbers(List<List<Interval>> boxes) {
        return boxes.stream().map(b -> b.stream().map(x -> new Interval(x.lo().stripTrailingZeros(), x.hi()
            .stripTrailingZeros())).toList()).toList();
    }
}
