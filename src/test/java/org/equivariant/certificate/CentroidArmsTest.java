package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.GameSymmetry;
import org.junit.jupiter.api.Test;

/**
 * CL-ARM on I₃ (u₁ = u₂ = [a = b], three actions each) at λ = 10, checked against its QRE equations written out by
 * hand: x = softmax(λy), y = softmax(λx) for the players' mixtures x, y. The centroid is a QRE at every λ; the centroid
 * line is singular at λ = 3 (THR-EX) with a two-dimensional null space {(v, v) : Σv = 0}, so no blow-up of the whole
 * game is regular there; in the profiles fixed by relabelling actions 2 and 3 of both players it is the line through
 * v = (2, −1, −1). Both arms from it lead to QREs at λ = 10 — (p, q, q) with p large and with p small — and the
 * relabellings of the actions give the other four: with the centroid, the seven QREs of I₃ at λ = 10.
 */
class CentroidArmsTest {
    static final NormalFormGame I3 = identity(3);
    static final QreResult AT_TEN = QreSolver.solve(I3, Rational.of(10), QreSolver.Options.digits(20));
    static final QreCertificate CERTIFICATE = AT_TEN.certificate();
    static final QreCertificate.CentroidArms ARMS = CERTIFICATE.centroidArms().get(0);

    static NormalFormGame identity(int n) {
        List<Rational> cells = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < n; a++) {
                cells.add(a == b ? Rational.ONE : Rational.ZERO);
            }
        }
        RationalTensor t = new RationalTensor(new int[] {n, n}, cells);
        return NormalFormGame.of("I" + n, List.of(t, t));
    }

    /** max |x − softmax(λy)|, |y − softmax(λx)| over a profile (x, y) of I₃, by hand. */
    static double violation(double lambda, double[] s) {
        double worst = 0;
        for (int i = 0; i < 2; i++) {
            double z = 0;
            for (int b = 0; b < 3; b++) {
                z += Math.exp(lambda * s[3 * (1 - i) + b]);
            }
            for (int a = 0; a < 3; a++) {
                worst = Math.max(worst, Math.abs(s[3 * i + a] - Math.exp(lambda * s[3 * (1 - i) + a]) / z));
            }
        }
        return worst;
    }

    static double[] mid(List<Interval> enclosure) {
        return enclosure.stream().mapToDouble(x -> x.mid().doubleValue()).toArray();
    }

    /**
     * How many of Iₘ's certified QREs have each support size (the actions above 0.1), each QRE asserted symmetric
     * (both players' mixtures equal).
     */
    static java.util.Map<Integer, Integer> supports(QreResult r, int m) {
        java.util.Map<Integer, Integer> out = new java.util.TreeMap<>();
        for (org.equivariant.equilibrium.CertifiedQre q : r.qres()) {
            double[] s = mid(q.enclosure());
            int large = 0;
            for (int a = 0; a < m; a++) {
                large += s[a] > 0.1 ? 1 : 0;
                assertThat(s[a]).as("a symmetric profile").isCloseTo(s[m + a], org.assertj.core.data.Offset.offset(
                    1e-12));
            }
            out.merge(large, 1, Integer::sum);
        }
        return out;
    }

    static BlownUpArc arc(QreCertificate.CentroidArms ca) {
        return CertificateChecker.centroidArc(I3.payoffs(), null, ca.stabilizer(), ca.normal(), true).arc();
    }

    @Test
    void bothArmsLeaveTheSingularPointAndTheirQresWithTheirImagesAreAllOfI3s() {
        assertThat(AT_TEN.qres()).hasSize(7);
        assertThat(ARMS).as(AT_TEN.pitchfork()).isNotNull();
        assertThat(ARMS.arms()).hasSize(2);
        assertThat(CertificateChecker.check(CERTIFICATE).valid()).isTrue();
        BlownUpArc arc = arc(ARMS);
        for (QreCertificate.CentroidArm arm : ARMS.arms()) {
            // the arm's zero at ε = 0 is the singular point λ = 3, exactly inside its enclosure
            List<Interval> start = arc.at(arm.pieces().get(0), Rational.ZERO);
            Interval lambda0 = start.get(start.size() - 1);
            assertThat(Rational.of(lambda0.lo()).compareTo(Rational.of(3))).isLessThanOrEqualTo(0);
            assertThat(Rational.of(lambda0.hi()).compareTo(Rational.of(3))).isGreaterThanOrEqualTo(0);
            assertThat(lambda0.hi().subtract(lambda0.lo()).doubleValue()).isLessThan(1e-12);
            // every piece's far end is a QRE of I₃ off the centroid, fixed by relabelling actions 2 and 3
            for (BlownUpArc.Piece p : arm.pieces()) {
                Rational eps = arm.sign() > 0 ? p.to() : p.from();
                List<Interval> point = arc.pointAt(p, eps);
                double[] s = mid(point.subList(0, 6));
                double lambda = point.get(6).mid().doubleValue();
                assertThat(violation(lambda, s)).isLessThan(1e-12);
                assertThat(Math.abs(s[0] - 1.0 / 3)).isGreaterThan(0);
                assertThat(s[1]).isCloseTo(s[2], org.assertj.core.data.Offset.offset(1e-15));
            }
        }
        // the QREs at the chains' ends and their images: six QREs, each solving I₃'s equations at λ = 10
        List<Integer> leaving = CertificateChecker.centroidArmQres(CERTIFICATE);
        assertThat(leaving).hasSize(6).doesNotContain(AT_TEN.principalIndex());
        List<Double> favoured = new ArrayList<>();
        for (int k : leaving) {
            double[] s = mid(AT_TEN.qres().get(k).enclosure());
            assertThat(violation(10, s)).isLessThan(1e-15);
            favoured.add(java.util.Arrays.stream(s).max().orElseThrow());
        }
        // three QREs near a pure action (p ≈ 0.99991) and three near an even mix of two (q ≈ 0.49823)
        assertThat(favoured.stream().filter(p -> p > 0.999)).hasSize(3);
        assertThat(favoured.stream().filter(p -> Math.abs(p - 0.4982) < 1e-4)).hasSize(3);
    }

    /**
     * Three players, three actions, each paid 1 when all three match: the centroid is a QRE at every λ, singular at
     * λ = 9/2 (each of the two others contributes λ/9 of the symmetric mode) with a two-dimensional null space. At
     * λ = 10 the arms and their images give six QREs besides the centroid, each solving x_i(a) = e^{λx_j(a)x_k(a)} /
     * Σ_b e^{λx_j(b)x_k(b)}, written out here.
     */
    @Test
    void threePlayerCoordinationPastItsSingularPoint() {
        List<Rational> cells = new ArrayList<>();
        for (int c = 0; c < 27; c++) {
            cells.add(c % 3 == (c / 3) % 3 && c % 3 == c / 9 ? Rational.ONE : Rational.ZERO);
        }
        RationalTensor t = new RationalTensor(new int[] {3, 3, 3}, cells);
        QreResult r = QreSolver.solve(NormalFormGame.of("match", List.of(t, t, t)), Rational.of(10),
            QreSolver.Options.digits(20));
        assertThat(r.qres()).hasSize(7);
        assertThat(r.certificate().centroidArms()).as(r.pitchfork()).isNotEmpty();
        List<Integer> leaving = CertificateChecker.centroidArmQres(r.certificate());
        assertThat(leaving).hasSize(6);
        for (int k : leaving) {
            double[] s = mid(r.qres().get(k).enclosure());
            double worst = 0;
            for (int i = 0; i < 3; i++) {
                double z = 0;
                double[] e = new double[3];
                for (int a = 0; a < 3; a++) {
                    e[a] = Math.exp(10 * s[3 * ((i + 1) % 3) + a] * s[3 * ((i + 2) % 3) + a]);
                    z += e[a];
                }
                for (int a = 0; a < 3; a++) {
                    worst = Math.max(worst, Math.abs(s[3 * i + a] - e[a] / z));
                }
            }
            assertThat(worst).isLessThan(1e-14);
        }
        QreCertificate.CentroidArms ca = r.certificate().centroidArms().get(0);
        List<Interval> start = CertificateChecker.centroidArc(List.of(t, t, t), null, ca.stabilizer(), ca.normal(),
            true).arc().at(ca.arms().get(0).pieces().get(0), Rational.ZERO);
        Interval lambda0 = start.get(start.size() - 1);
        assertThat(Rational.of(lambda0.lo()).compareTo(Rational.of(9, 2))).isLessThanOrEqualTo(0);
        assertThat(Rational.of(lambda0.hi()).compareTo(Rational.of(9, 2))).isGreaterThanOrEqualTo(0);
        assertThat(CertificateChecker.check(r.certificate()).valid()).isTrue();
    }

    /**
     * I₄ at λ = 10: at its singular point λ = 4 the null space {(v, v): Σv = 0} has dimension 3; the stabilizer of one
     * action (S₃ on the others) meets it in the line v = (3, −1, −1, −1), whose arms lead to the four pure and the four
     * three-action QREs, and the set stabilizer of two actions (S₂ × S₂) in the line v = (1, 1, −1, −1), whose arms
     * lead to the six two-action QREs: with the centroid the fifteen QREs of I₄ (one per support, as for its Nash
     * equilibria), two blow-ups in the certificate, which the checker accepts.
     */
    @Test
    void iFourHasItsFifteenQresFromTwoBlowUps() {
        QreResult r = QreSolver.solve(identity(4), Rational.of(10), QreSolver.Options.digits(20));
        assertThat(r.qres()).as(r.pitchfork()).hasSize(15);
        assertThat(r.certificate().centroidArms()).hasSize(2);
        assertThat(CertificateChecker.centroidArmQres(r.certificate())).hasSize(14);
        java.util.Map<Integer, Integer> supports = supports(r, 4);
        // one QRE per support (the actions above 0.1): 4 pure, 6 on two actions, 4 on three, the centroid
        assertThat(supports).isEqualTo(java.util.Map.of(1, 4, 2, 6, 3, 4, 4, 1));
        CheckReport replay = CertificateChecker.check(r.certificate());
        assertThat(replay.principal()).as(String.join("\n", replay.findings())).isEqualTo(r.principalIndex());
        assertThat(replay.findings().stream().filter(x -> x.startsWith("branches leaving the centroid line: ")))
            .hasSize(2);
        // each blow-up is checked: the second one's normalization under the first one's subgroup is refused
        List<QreCertificate.CentroidArms> both = r.certificate().centroidArms();
        QreCertificate.CentroidArms swapped = new QreCertificate.CentroidArms(both.get(0).stabilizer(), both.get(1)
            .normal(), both.get(1).arms());
        CheckReport refused = CertificateChecker.check(r.certificate().withCentroidArms(List.of(both.get(0),
            swapped)));
        assertThat(refused.valid()).isFalse();
        assertThat(refused.findings().get(refused.findings().size() - 1)).startsWith("branches leaving the centroid "
            + "line (CL-ARM): ");
    }

    /**
     * Gambit's deg2 at λ = 10 (its symmetry swaps the players and reverses their actions, fixing no profile
     * coordinate): the trivial subgroup's blow-up reaches both leaving branches' QREs, and the whole group's, tried
     * next, reaches the same ones — so one blow-up is claimed, not two. At λ = 100, where the trivial one's chain
     * stops at λ ≈ 14.18, the whole group's is kept ({@code
     * SymmetricArcTest#aPitchforkOnAnArmsChainIsReplayedAndATamperedOneRefused} needs its split).
     */
    @Test
    void aBlowUpThatReachesNoNewQreIsNotClaimed() {
        NormalFormGame deg2 = org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("deg2.nfg"));
        QreResult ten = QreSolver.solve(deg2, Rational.of(10), QreSolver.Options.digits(12));
        assertThat(ten.qres()).as(ten.pitchfork()).hasSize(3);
        assertThat(ten.certificate().centroidArms()).as(ten.pitchfork()).hasSize(1);
        assertThat(CertificateChecker.centroidArmQres(ten.certificate())).hasSize(2);
        assertThat(CertificateChecker.check(ten.certificate()).valid()).isTrue();
    }

    /**
     * I₆ at λ = 10: its 1440 symmetries (the action relabellings shared by both players, and the swap of the players)
     * are more relabellings than the one-state reading's exhaustive search tries, so the group comes from the payoff
     * tables' automorphisms; at the singular point λ = 6 the null space has dimension 5, and the stabilizers of one
     * action (S₅), of a set of two (S₂ × S₄) and of a set of three (S₃ × S₃) each meet it in a line: with their images,
     * the sixty-three QREs of I₆, one per support — 6 pure, 15 on two actions, 20 on three, 15 on four, 6 on five and
     * the centroid.
     */
    @Test
    void iSixHasItsSixtyThreeQresFromThreeBlowUps() {
        QreResult r = QreSolver.solve(identity(6), Rational.of(10), QreSolver.Options.digits(20));
        assertThat(r.qres()).as(r.pitchfork()).hasSize(63);
        assertThat(r.certificate().centroidArms()).hasSize(3);
        assertThat(r.certificate().centroidArms().stream().map(ca -> ca.stabilizer().size() + 1)).containsExactly(
            120, 48, 36);
        java.util.Map<Integer, Integer> supports = supports(r, 6);
        assertThat(supports).isEqualTo(java.util.Map.of(1, 6, 2, 15, 3, 20, 4, 15, 5, 6, 6, 1));
        CheckReport replay = CertificateChecker.check(r.certificate());
        assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
    }

    private static String refusal(QreCertificate.CentroidArms claim) {
        CheckReport r = CertificateChecker.check(CERTIFICATE.withCentroidArms(List.of(claim)));
        return r.valid() ? null : r.findings().get(r.findings().size() - 1);
    }

    private static QreCertificate.CentroidArms withArm(QreCertificate.CentroidArm arm) {
        return new QreCertificate.CentroidArms(ARMS.stabilizer(), ARMS.normal(), List.of(arm, ARMS.arms().get(1)));
    }

    @Test
    void aTamperedArmsClaimIsRefused() {
        assertThat(refusal(ARMS)).isNull();
        QreCertificate.CentroidArm a = ARMS.arms().get(0);
        // a stabilizer with a relabelling that is no symmetry (player 1's actions 1 and 2 only)
        List<GameSymmetry> stabilizer = new ArrayList<>(ARMS.stabilizer());
        stabilizer.add(GameSymmetry.parse("players (); actions 1:(1 2)", I3.dims()));
        assertThat(refusal(new QreCertificate.CentroidArms(stabilizer, ARMS.normal(), ARMS.arms())))
            .contains("is not a symmetry of the game");
        // a normalization that is not constant on the stabilizer's orbits
        List<Rational> normal = new ArrayList<>(ARMS.normal());
        normal.set(2, normal.get(2).add(Rational.of(1, 1000)));
        assertThat(refusal(new QreCertificate.CentroidArms(ARMS.stabilizer(), normal, ARMS.arms())))
            .contains("not constant on the stabilizer's orbits");
        // an arm piece moved by ten radii
        List<BlownUpArc.Piece> pieces = new ArrayList<>(a.pieces());
        BlownUpArc.Piece p = pieces.get(3);
        List<Rational> center = new ArrayList<>(p.center());
        center.set(0, center.get(0).add(p.radius().multiply(Rational.of(10))));
        pieces.set(3, new BlownUpArc.Piece(p.from(), p.to(), center, p.radius(), p.preconditioner()));
        assertThat(refusal(withArm(new QreCertificate.CentroidArm(a.sign(), pieces, a.past(), a.pastInFixed(),
            a.images()))))
            .contains("the arm: piece 4");
        // the arm without its first piece, and the arm read towards the other sign of ε
        assertThat(refusal(withArm(new QreCertificate.CentroidArm(a.sign(), a.pieces().subList(1, a.pieces().size()),
            a.past(), a.pastInFixed(), a.images())))).contains("starts at ε = ");
        assertThat(refusal(withArm(new QreCertificate.CentroidArm(-a.sign(), a.pieces(), a.past(), a.pastInFixed(),
            a.images()))))
            .contains("the arm: piece 1");
        // the chain past the arm linked to the centroid's box
        QreCertificate.Branch wrong = new QreCertificate.Branch(a.past().digits(), a.past().pieces(),
            AT_TEN.principalIndex(), null);
        assertThat(refusal(withArm(new QreCertificate.CentroidArm(a.sign(), a.pieces(), wrong, a.pastInFixed(),
            a.images()))))
            .contains("the chain past the arm's end");
        // an image named in the centroid's box
        QreCertificate.Image first = a.images().get(0);
        List<QreCertificate.Image> images = new ArrayList<>(a.images());
        images.set(0, new QreCertificate.Image(first.symmetry(), AT_TEN.principalIndex()));
        assertThat(refusal(withArm(new QreCertificate.CentroidArm(a.sign(), a.pieces(), a.past(), a.pastInFixed(),
            images))))
            .contains("is not shown to lie in box " + (AT_TEN.principalIndex() + 1));
        // a normalization of the wrong length
        assertThat(refusal(new QreCertificate.CentroidArms(ARMS.stabilizer(), ARMS.normal().subList(0, 5),
            ARMS.arms()))).contains("the normalization has 5 entries");
    }

    @Test
    void theClaimSurvivesItsJsonAndAnEditedDocumentIsRefused() throws Exception {
        String json = CertificateJson.write(CERTIFICATE);
        QreCertificate back = CertificateJson.read(json);
        assertThat(back.centroidArms()).containsExactly(ARMS);
        assertThat(CertificateChecker.check(back).valid()).isTrue();
        // format /3 (session 34) wrote the one blow-up as an object: still read
        com.fasterxml.jackson.databind.node.ObjectNode older = (com.fasterxml.jackson.databind.node.ObjectNode)
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        older.put("format", "equivariant-qre-certificate/3");
        older.set("centroidArms", older.get("centroidArms").get(0));
        assertThat(CertificateJson.read(older.toString()).centroidArms()).containsExactly(ARMS);
        QreCertificate.Image image = ARMS.arms().get(0).images().get(0);
        String moved = json.replace("\"qre\" : " + image.qre() + "\n", "\"qre\" : " + AT_TEN.principalIndex()
            + "\n");
        assertThat(moved).isNotEqualTo(json);
        CheckReport refused = CertificateChecker.check(CertificateJson.read(moved));
        assertThat(refused.valid()).isFalse();
    }
}
