package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.EnumerationCertificate;
import org.equivariant.certificate.EnumerationCertificate.Node;
import org.equivariant.certificate.EnumerationChecker;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

class QreEnumerationTest {
    static final RationalTensor ID = new RationalTensor(new int[] {2, 2},
        List.of(Rational.ONE, Rational.ZERO, Rational.ZERO, Rational.ONE));
    static final NormalFormGame I2 = NormalFormGame.of("I2", List.of(ID, ID));

    /**
     * The boxes processed so far reach the progress line, box by box, up to the last one, with the QREs isolated so far
     * (never fewer than before, at most the result's).
     */
    @Test
    void theBoxesProcessedAreReported() {
        List<String> states = new java.util.ArrayList<>();
        QreEnumeration.Result r = QreEnumeration.enumerate(I2, Rational.of(20, 9), Rational.of(20, 9),
            QreEnumeration.Options.defaults(), (phase, state) -> states.add(phase + ": " + state));
        assertThat(states).hasSize(r.boxes());
        assertThat(states.get(states.size() - 1)).startsWith("branch-and-bound: " + (r.boxes() - 1) + " of at most "
            + QreEnumeration.Options.defaults().maxBoxes() + " boxes, ");
        int before = 0;
        for (String state : states) {
            int isolated = Integer.parseInt(state.replaceAll(".*boxes, (\\d+) QREs isolated.*", "$1"));
            assertThat(isolated).as(state).isBetween(before, r.solutions().size());
            before = isolated;
        }
    }

    @Test
    void belowTheThresholdTheThreeQresAreFoundInDisjointBoxesAroundTheClosedForms() {
        QreEnumeration.Result r = QreEnumeration.enumerate(I2, Rational.of(20, 9), QreEnumeration.Options.defaults());
        assertThat(r.complete()).isTrue();
        assertThat(r.solutions()).hasSize(3);
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                List<Interval> x = r.solutions().get(a);
                List<Interval> y = r.solutions().get(b);
                boolean separated = false;
                for (int k = 0; k < x.size(); k++) {
                    separated |= x.get(k).isDisjointFrom(y.get(k));
                }
                assertThat(separated).as("boxes %d and %d overlap", a, b).isTrue();
            }
        }
        // the uniform QRE (1/2, 1/2; 1/2, 1/2) lies in exactly one box
        long uniform = r.solutions().stream()
            .filter(box -> box.stream().allMatch(i -> i.contains(Rational.of(1, 2)))).count();
        assertThat(uniform).isEqualTo(1);
        // the others are conventions x = y > 1/2 and x = y < 1/2, swapped by relabelling the actions
        assertThat(r.solutions().stream().filter(box -> box.get(0).lo().doubleValue() > 0.6).count()).isEqualTo(1);
        assertThat(r.solutions().stream().filter(box -> box.get(0).hi().doubleValue() < 0.4).count()).isEqualTo(1);
    }

    @Test
    void atTheDegenerateBifurcationItRefusesRatherThanGuesses() {
        // τ = 1/2 exactly: the three QREs merge into a degenerate one where F' is singular; Krawczyk cannot certify it
        QreEnumeration.Result r = QreEnumeration.enumerate(I2, Rational.TWO,
            new QreEnumeration.Options(30, 400, new java.math.BigDecimal("1e-20")));
        assertThat(r.complete()).isFalse();
        assertThat(r.undecided()).isNotEmpty();
        // the degenerate QRE (1/2, 1/2; 1/2, 1/2) is never excluded and never claimed: it sits in an undecided box
        java.util.function.Predicate<List<Interval>> uniform =
            box -> box.stream().allMatch(i -> i.contains(Rational.of(1, 2)));
        assertThat(r.undecided().stream().anyMatch(uniform)).isTrue();
        assertThat(r.solutions().stream().noneMatch(uniform)).isTrue();
    }

    @Test
    void aGeneralSumGameAtHighPrecision() {
        NormalFormGame g = org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("const_sum_game.nfg"));
        QreEnumeration.Result r = completeWith(g, Rational.of(2), 1);
        CertifiedQre q = QreSolver.solve(g, Rational.of(2), QreSolver.Options.digits(30)).qres().get(0);
        assertThat(meets(r.solutions().get(0), q)).isTrue();
    }

    /**
     * A game without choices (every player one action) has no coordinates: the one profile is the one QRE, which the
     * search and the checker count (before the empty matrices were handled the search failed with an index error);
     * a tree claiming the empty box holds none is refused.
     */
    @Test
    void aGameWithoutChoicesHasItsOneQre() {
        RationalTensor one = new RationalTensor(new int[] {1, 1}, List.of(Rational.ONE));
        NormalFormGame g = NormalFormGame.of("no choices", List.of(one, one));
        EnumerationCertificate cert = completeWith(g, Rational.TWO, 1).certificate();
        EnumerationChecker.Report r = EnumerationChecker.check(cert);
        assertThat(r.valid() && r.complete()).as(String.join("\n", r.findings())).isTrue();
        assertThat(r.enclosures()).hasSize(1);
        assertThat(EnumerationChecker.check(with(cert, new EnumerationCertificate.Empty(List.of(),
            EnumerationCertificate.Op.RESPONSE))).valid()).isFalse();
    }

    /** The default enumeration at λ, asserted complete with {@code count} QREs. */
    static QreEnumeration.Result completeWith(NormalFormGame g, Rational lambda, int count) {
        QreEnumeration.Result r = QreEnumeration.enumerate(g, lambda, QreEnumeration.Options.defaults());
        assertThat(r.complete()).isTrue();
        assertThat(r.solutions()).hasSize(count);
        return r;
    }

    /** Whether a box meets a certified QRE's enclosure in every coordinate. */
    static boolean meets(List<Interval> box, CertifiedQre q) {
        for (int k = 0; k < box.size(); k++) {
            if (box.get(k).isDisjointFrom(q.enclosure().get(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The McKelvey–McLennan 2×2×2 game at λ = 10 (the issue-12 game whose QREs gambit-logit misses): its nine QREs,
     * five of them with probabilities below 10⁻⁹, are all isolated and the tree is complete — in probabilities the
     * search left boxes undecided after 20 000 — and the checker's replay agrees. Each QRE the multistart certifies (in
     * probabilities, by other code) lies in exactly one of the nine boxes. The cuts across the coordinate of largest
     * smear decide it within 2 000 boxes (1 675; cutting the widest coordinate took 3 453).
     */
    @Test
    void nearPureQresAreIsolatedLikeTheOthers() {
        NormalFormGame g = org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("2x2x2.nfg"));
        QreEnumeration.Result r = completeWith(g, Rational.of(10), 9);
        assertThat(r.boxes()).isLessThanOrEqualTo(2_000);
        EnumerationChecker.Report replay = EnumerationChecker.check(r.certificate());
        assertThat(replay.valid() && replay.complete()).as(String.join("\n", replay.findings())).isTrue();
        assertThat(replay.enclosures()).hasSize(9);
        List<CertifiedQre> found = QreSolver.solve(g, Rational.of(10), QreSolver.Options.all(30)).qres();
        assertThat(found).isNotEmpty();
        for (CertifiedQre q : found) {
            long holding = r.solutions().stream().filter(box -> meets(box, q)).count();
            assertThat(holding).as("boxes meeting %s", q.center()).isEqualTo(1);
        }
    }

    @Test
    void theProofTreeIsReplayedByTheIndependentCheckerAndCorruptionsAreRejected() throws Exception {
        // coord2 at λ = 10: two QREs within 1e-8 of vertices (certified through ε-inflation) and one interior
        NormalFormGame coord2 = org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("coord2.nfg"));
        QreEnumeration.Result r = QreEnumeration.enumerate(coord2, Rational.of(10), QreEnumeration.Options.defaults());
        assertThat(r.complete()).isTrue();
        assertThat(r.solutions()).hasSize(3);
        EnumerationCertificate cert = r.certificate();
        EnumerationChecker.Report ok = EnumerationChecker.check(EnumerationCertificate.read(cert.toJson()));
        assertThat(ok.valid()).as(ok.findings().toString()).isTrue();
        assertThat(ok.complete()).isTrue();
        assertThat(ok.enclosures()).hasSize(3);

        // a subtree holding a QRE claimed empty
        EnumerationCertificate.Split split = firstSplit(cert.root());
        Node holding = containsUnique(split.left()) ? split.left() : split.right();
        assertThat(containsUnique(holding)).isTrue();
        Node forged = replace(cert.root(), holding, new EnumerationCertificate.Empty(holding.box(),
            EnumerationCertificate.Op.RESPONSE));
        assertThat(EnumerationChecker.check(with(cert, forged)).valid()).isFalse();
        // the same subtree left open: valid, but no longer a proof of the count
        Node opened = replace(cert.root(), holding, new EnumerationCertificate.Open(holding.box()));
        EnumerationChecker.Report partial = EnumerationChecker.check(with(cert, opened));
        assertThat(partial.valid()).isTrue();
        assertThat(partial.complete()).isFalse();
        // children that are not the two halves of the box
        List<Interval> shifted = new java.util.ArrayList<>(split.right().box());
        Interval w = shifted.get(split.coordinate());
        shifted.set(split.coordinate(), new Interval(w.lo().add(w.width().divide(java.math.BigDecimal.TEN)), w.hi()));
        Node gap = replace(cert.root(), split, new EnumerationCertificate.Split(split.box(), split.coordinate(),
            split.at(), split.left(), new EnumerationCertificate.Open(shifted)));
        assertThat(EnumerationChecker.check(with(cert, gap)).valid()).isFalse();
        // a tampered game
        assertThat(EnumerationChecker.check(new EnumerationCertificate(cert.title(), cert.payoffs(), "0" + cert.sha256()
            .substring(1), cert.lambda(), cert.digits(), cert.root())).valid()).isFalse();
        // a truncated node list is a parse error naming the problem
        com.fasterxml.jackson.databind.node.ObjectNode tree = (com.fasterxml.jackson.databind.node.ObjectNode)
            org.equivariant.certificate.CertificateJson.mapper().readTree(cert.toJson());
        com.fasterxml.jackson.databind.node.ArrayNode nodes = (com.fasterxml.jackson.databind.node.ArrayNode)
            tree.get("nodes");
        nodes.remove(nodes.size() - 1);
        assertThatThrownBy(() -> EnumerationCertificate.read(tree.toString()))
            .hasMessageContaining("the tree is incomplete: this step lacks a child");
    }

    /** The fields and the cut position at the limits the checker accepts (PIT survivors of the checker). */
    @Test
    void theCheckerRefusesFieldsAndCutsJustOutsideItsLimits() {
        NormalFormGame coord2 = org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("coord2.nfg"));
        EnumerationCertificate cert = QreEnumeration.enumerate(coord2, Rational.of(10), QreEnumeration.Options
            .defaults()).certificate();
        String refusal = "λ must be non-negative and the precision 10..";
        for (EnumerationCertificate bad : List.of(
            new EnumerationCertificate(cert.title(), cert.payoffs(), cert.sha256(), Rational.of(-1), cert.digits(),
                cert.root()),
            new EnumerationCertificate(cert.title(), cert.payoffs(), cert.sha256(), cert.lambda(),
                cert.lambda().subtract(Rational.of(1, 1000)), cert.digits(), cert.root()),
            new EnumerationCertificate(cert.title(), cert.payoffs(), cert.sha256(), cert.lambda(), 9, cert.root()),
            new EnumerationCertificate(cert.title(), cert.payoffs(), cert.sha256(), cert.lambda(),
                org.equivariant.certificate.CertificateJson.MAX_DIGITS + 1, cert.root()))) {
            EnumerationChecker.Report r = EnumerationChecker.check(bad);
            assertThat(r.valid()).isFalse();
            assertThat(r.findings().toString()).contains(refusal);
        }
        // λ = 0 (the centroid alone) is a valid claim
        EnumerationChecker.Report atZero = EnumerationChecker.check(QreEnumeration.enumerate(coord2, Rational.ZERO,
            QreEnumeration.Options.defaults()).certificate());
        assertThat(atZero.valid()).as(atZero.findings().toString()).isTrue();
        assertThat(atZero.enclosures()).hasSize(1);
        // the limits themselves are accepted: λ = lambdaHi, 10 digits (the replay may then fail for other reasons)
        assertThat(EnumerationChecker.check(new EnumerationCertificate(cert.title(), cert.payoffs(), cert.sha256(),
            cert.lambda(), cert.lambda(), 10, cert.root())).findings().toString()).doesNotContain(refusal);
        // a cut on the box's edge, or outside the coordinates, is no split
        EnumerationCertificate.Split split = firstSplit(cert.root());
        Interval edge = split.box().get(split.coordinate());
        for (EnumerationCertificate.Split bad : List.of(
            new EnumerationCertificate.Split(split.box(), split.coordinate(), edge.lo(), split.left(), split.right()),
            new EnumerationCertificate.Split(split.box(), split.coordinate(), edge.hi(), split.left(), split.right()),
            new EnumerationCertificate.Split(split.box(), split.box().size(), split.at(), split.left(),
                split.right()))) {
            EnumerationChecker.Report r = EnumerationChecker.check(with(cert, replace(cert.root(), split, bad)));
            assertThat(r.valid()).isFalse();
            assertThat(r.findings().toString()).contains("the cut is not strictly inside the box");
        }
    }

    static EnumerationCertificate with(EnumerationCertificate c, Node root) {
        return new EnumerationCertificate(c.title(), c.payoffs(), c.sha256(), c.lambda(), c.digits(), root);
    }

    static EnumerationCertificate.Split firstSplit(Node n) {
        while (!(n instanceof EnumerationCertificate.Split)) {
            n = ((EnumerationCertificate.Contract) n).next();
        }
        return (EnumerationCertificate.Split) n;
    }

    static boolean containsUnique(Node n) {
        if (n instanceof EnumerationCertificate.Unique) {
            return true;
        }
        if (n instanceof EnumerationCertificate.Contract c) {
            return containsUnique(c.next());
        }
        return n instanceof EnumerationCertificate.Split s && (containsUnique(s.left()) || containsUnique(s.right()));
    }

    /** The tree with {@code target} (by identity) replaced. */
    static Node replace(Node n, Node target, Node by) {
        if (n == target) {
            return by;
        }
        if (n instanceof EnumerationCertificate.Contract c) {
            return new EnumerationCertificate.Contract(c.box(), c.op(), replace(c.next(), target, by));
        }
        if (n instanceof EnumerationCertificate.Split s) {
            return new EnumerationCertificate.Split(s.box(), s.coordinate(), s.at(), replace(s.left(), target, by),
                replace(s.right(), target, by));
        }
        return n;
    }

    @Test
    void negativePrecisionIsRejected() {
        assertThatThrownBy(() -> QreEnumeration.enumerate(I2, Rational.of(-1), QreEnumeration.Options.defaults()))
            .hasMessageContaining("non-negative");
    }
}
