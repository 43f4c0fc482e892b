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
import org.equivariant.symmetry.Permutation;
import org.junit.jupiter.api.Test;

/**
 * SYM-PF on the battle of the sexes (2, 1 / 0, 0 / 0, 0 / 1, 2) at λ = 2, checked against its QRE equations written
 * out by hand (p, q the first actions' probabilities): p = s(λ(3q − 1)), q = s(λ(3p − 2)), s(x) = 1/(1 + e^{−x}).
 * Swapping the players and both players' actions maps (p, q) to (1 − q, 1 − p); on its fixed line q = 1 − p the QRE
 * solves p = s(λ(2 − 3p)), and the odd direction (1, 1) is singular where 3λp(1 − p) = 1: the pitchfork, found here
 * by bisection.
 */
class SymmetricArcTest {
    static final NormalFormGame BOS = NormalFormGame.of("bos", List.of(tensor(2, 0, 0, 1), tensor(1, 0, 0, 2)));
    static final QreResult AT_TWO = QreSolver.solve(BOS, Rational.of(2), QreSolver.Options.digits(20));
    static final QreCertificate CERTIFICATE = AT_TWO.certificate();
    static final QreCertificate.SplitBranch SPLIT = CERTIFICATE.splitBranch();
    static final SymmetricArc ARC = new SymmetricArc(LogitFixedPoint.branchSystem(BOS.payoffs()),
        SymmetricArc.onProfiles(SPLIT.symmetry(), BOS.dims()), SPLIT.normal());

    private static RationalTensor tensor(int... cells) {
        List<Rational> data = new ArrayList<>();
        for (int c : cells) {
            data.add(Rational.of(c));
        }
        return new RationalTensor(new int[] {2, 2}, data);
    }

    private static double s(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The QRE on the fixed line at λ: p = s(λ(2 − 3p)), by bisection (the right side decreases in p). */
    static double onTheLine(double lambda) {
        double lo = 0;
        double hi = 1;
        for (int it = 0; it < 200; it++) {
            double p = (lo + hi) / 2;
            if (p < s(lambda * (2 - 3 * p))) {
                lo = p;
            } else {
                hi = p;
            }
        }
        return (lo + hi) / 2;
    }

    /** The pitchfork by hand: the λ in (1, 2) where 3λp(1 − p) = 1 on the fixed line, by bisection. */
    static double pitchforkByHand() {
        double lo = 1;
        double hi = 2;
        for (int it = 0; it < 200; it++) {
            double m = (lo + hi) / 2;
            double p = onTheLine(m);
            if (3 * m * p * (1 - p) < 1) {
                lo = m;
            } else {
                hi = m;
            }
        }
        return (lo + hi) / 2;
    }

    private static double violation(double lambda, double p, double q) {
        return Math.max(Math.abs(p - s(lambda * (3 * q - 1))), Math.abs(q - s(lambda * (3 * p - 2))));
    }

    @Test
    void theArmStartsAtThePitchforkAndItsQresAreOffTheFixedLine() {
        assertThat(SPLIT).as(AT_TWO.pitchfork()).isNotNull();
        double star = pitchforkByHand();
        assertThat(star).isBetween(1.37, 1.38);
        assertThat(ARC.armProblem(SPLIT.arm(), 1)).isNull();
        List<Interval> start = ARC.at(SPLIT.arm().get(0), Rational.ZERO);
        Interval lambda0 = start.get(start.size() - 1);
        assertThat(lambda0.width().doubleValue()).isLessThan(1e-12);
        assertThat(lambda0.lo().doubleValue()).isLessThanOrEqualTo(star + 1e-14);
        assertThat(lambda0.hi().doubleValue()).isGreaterThanOrEqualTo(star - 1e-14);
        // the zero at ε = 0 is the line's QRE there: a = (p, 1 − p) for (P1's first, P1's second) orbits
        double p0 = onTheLine(star);
        assertThat(start.get(0).mid().doubleValue()).isCloseTo(p0, org.assertj.core.data.Offset.offset(1e-12));
        for (BlownUpArc.Piece piece : SPLIT.arm()) {
            List<Interval> theta = ARC.at(piece, piece.to());
            List<Interval> x = ARC.profileAt(theta, piece.to());
            double p = x.get(0).mid().doubleValue();
            double q = x.get(2).mid().doubleValue();
            assertThat(violation(theta.get(theta.size() - 1).mid().doubleValue(), p, q)).isLessThan(1e-12);
            assertThat(Math.abs(p + q - 1)).as("off the fixed line").isGreaterThan(0);
        }
        // the QREs the claim names: gambit-logit's answer at λ = 2 (0.957, 0.851) and its mirror image
        CheckReport report = CertificateChecker.check(CERTIFICATE);
        assertThat(report.valid()).as(String.join("\n", report.findings())).isTrue();
        List<Double> firsts = new ArrayList<>();
        for (int k : CertificateChecker.splitQres(CERTIFICATE)) {
            List<Interval> e = report.enclosures().get(k);
            double p = e.get(0).mid().doubleValue();
            double q = e.get(2).mid().doubleValue();
            assertThat(violation(2, p, q)).isLessThan(1e-15);
            firsts.add(p);
        }
        assertThat(firsts).hasSize(2);
        assertThat(firsts.stream().anyMatch(p -> Math.abs(p - 0.957153824239767) < 1e-12)).as(firsts.toString())
            .isTrue();
    }

    /**
     * Three players: 1 and 2 play chicken with each other and like matching player 3, whose payoff counts the matches
     * (plus 1/3 for its first action). Swapping players 1 and 2 fixes player 3's coordinates, so the blow-up has even
     * rows of fixed coordinates (E·H₂ slopes) besides the pairs'. At λ = 2 both leaving QREs are certified, mirror
     * images with the same strategy for player 3, and each solves the QRE equations written out here.
     */
    @Test
    void aFixedPlayersCoordinatesEnterTheEvenRows() {
        Rational[][] chicken = {{Rational.of(3, 2), Rational.of(2)}, {Rational.of(4), Rational.of(-1, 2)}};
        List<List<Rational>> u = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int z = 0; z < 2; z++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    Rational half = Rational.of(1, 2);
                    u.get(0).add(chicken[x][y].add(x == z ? half : Rational.ZERO));
                    u.get(1).add(chicken[y][x].add(y == z ? half : Rational.ZERO));
                    u.get(2).add(Rational.of((z == x ? 1 : 0) + (z == y ? 1 : 0)).add(z == 0 ? Rational.of(1, 3)
                        : Rational.ZERO));
                }
            }
        }
        NormalFormGame game = NormalFormGame.of("chicken3", u.stream().map(d -> new RationalTensor(new int[] {2, 2,
            2}, d)).toList());
        QreResult r = QreSolver.solve(game, Rational.of(2), QreSolver.Options.digits(20));
        QreCertificate.SplitBranch split = r.certificate().splitBranch();
        assertThat(split).as(r.pitchfork()).isNotNull();
        assertThat(split.symmetry().toString()).startsWith("players (1 2)");
        CheckReport report = CertificateChecker.check(r.certificate());
        assertThat(report.valid()).as(String.join("\n", report.findings())).isTrue();
        List<Integer> leaving = CertificateChecker.splitQres(r.certificate());
        assertThat(leaving).hasSize(2);
        double[][] q = new double[2][];
        for (int k = 0; k < 2; k++) {
            q[k] = report.enclosures().get(leaving.get(k)).stream().mapToDouble(x -> x.mid().doubleValue()).toArray();
            // p, q, r the first actions' probabilities; each player's payoff difference by hand
            double p1 = q[k][0];
            double p2 = q[k][2];
            double p3 = q[k][4];
            double d1 = p2 * (1.5 - 4) + (1 - p2) * (2 + 0.5) + (p3 - (1 - p3)) * 0.5;
            double d2 = p1 * (1.5 - 4) + (1 - p1) * (2 + 0.5) + (p3 - (1 - p3)) * 0.5;
            double d3 = (p1 - (1 - p1)) + (p2 - (1 - p2)) + 1.0 / 3;
            assertThat(Math.max(Math.abs(p1 - s(2 * d1)), Math.max(Math.abs(p2 - s(2 * d2)), Math.abs(p3 - s(2 * d3)))))
                .isLessThan(1e-15);
            assertThat(Math.abs(p1 - p2)).as("off the fixed profiles").isGreaterThan(0.01);
        }
        assertThat(q[0][0]).isCloseTo(q[1][2], org.assertj.core.data.Offset.offset(1e-15));
        assertThat(q[0][4]).isCloseTo(q[1][4], org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void theSymmetryActsOnProfilesAsTheGameSymmetryDoes() {
        Permutation g = SymmetricArc.onProfiles(SPLIT.symmetry(), BOS.dims());
        List<List<Integer>> profile = List.of(List.of(0, 1), List.of(2, 3));
        List<List<Integer>> moved = SPLIT.symmetry().apply(profile);
        for (int k = 0; k < 4; k++) {
            assertThat(moved.get(g.apply(k) / 2).get(g.apply(k) % 2)).isEqualTo(k);
        }
        assertThat(SymmetricArc.pairsOf(g)).containsExactly(0, 1);
    }

    /** The claim with one part replaced; the checker's last finding when it refuses it, or null. */
    private static String refusal(QreCertificate.SplitBranch claim) {
        CheckReport r = CertificateChecker.check(CERTIFICATE.withSplitBranch(claim));
        return r.valid() ? null : r.findings().get(r.findings().size() - 1);
    }

    @Test
    void aTamperedSplitClaimIsRefused() {
        QreCertificate.SplitBranch s = SPLIT;
        assertThat(refusal(s)).isNull();
        // a relabelling that is no symmetry of the game (the players swapped, the actions not)
        GameSymmetry swap = GameSymmetry.parse("players (1 2)", BOS.dims());
        assertThat(refusal(new QreCertificate.SplitBranch(swap, s.fixed(), s.normal(), s.arm(), s.past(),
            s.mirror()))).contains("the claimed symmetry is not one of the game");
        // an arm piece moved by ten radii
        List<BlownUpArc.Piece> arm = new ArrayList<>(s.arm());
        BlownUpArc.Piece p = arm.get(3);
        List<Rational> center = new ArrayList<>(p.center());
        center.set(0, center.get(0).add(p.radius().multiply(Rational.of(10))));
        arm.set(3, new BlownUpArc.Piece(p.from(), p.to(), center, p.radius(), p.preconditioner()));
        assertThat(refusal(new QreCertificate.SplitBranch(s.symmetry(), s.fixed(), s.normal(), arm, s.past(),
            s.mirror()))).contains("the arm: piece 4");
        // the arm without its first piece: it does not start at ε = 0
        assertThat(refusal(new QreCertificate.SplitBranch(s.symmetry(), s.fixed(), s.normal(), s.arm().subList(1,
            s.arm().size()), s.past(), s.mirror()))).contains("starts at ε = ");
        // the chain of fixed profiles cut before the pitchfork
        QreCertificate.Branch cut = new QreCertificate.Branch(s.fixed().digits(), s.fixed().pieces().subList(0,
            s.fixed().pieces().size() - 1), -1, s.fixed().anchor());
        assertThat(refusal(new QreCertificate.SplitBranch(s.symmetry(), cut, s.normal(), s.arm(), s.past(),
            s.mirror()))).contains("lies on no piece of the chain of the profiles the symmetry fixes");
        // the chain past the arm linked to the symmetric QRE, and the mirror named as the symmetric QRE
        QreCertificate.Branch wrong = new QreCertificate.Branch(s.past().digits(), s.past().pieces(), 0, null);
        assertThat(refusal(new QreCertificate.SplitBranch(s.symmetry(), s.fixed(), s.normal(), s.arm(), wrong,
            s.mirror()))).contains("the chain past the arm's end");
        assertThat(refusal(new QreCertificate.SplitBranch(s.symmetry(), s.fixed(), s.normal(), s.arm(), s.past(),
            0))).contains("is not shown to lie in box 1");
        // a normalization of the wrong length
        assertThat(refusal(new QreCertificate.SplitBranch(s.symmetry(), s.fixed(), s.normal().subList(0, 1),
            s.arm(), s.past(), s.mirror()))).contains("the normalization has 1 entries");
    }

    /**
     * SYM-PF (6) on Wilson's example (sh3) at λ = 10: the chain past the first arm meets a second pitchfork near
     * λ ≈ 3.09 on another symmetric branch, whose chain reaches the QRE gambit-logit returns (CliTest checks its
     * digits). The claim survives its JSON; each tampered variant is refused, for the reason tampered.
     */
    @Test
    void aClaimThroughASecondPitchforkIsReplayedAndATamperedOneRefused() {
        NormalFormGame wilson = org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("sh3.nfg"));
        QreCertificate c = QreSolver.solve(wilson, Rational.of(10), QreSolver.Options.digits(12)).certificate();
        QreCertificate.SplitBranch s = c.splitBranch();
        assertThat(s).isNotNull();
        QreCertificate.Rejoined rj = s.rejoined();
        assertThat(rj).isNotNull();
        assertThat(s.mirror()).isEqualTo(-1);
        assertThat(CertificateChecker.splitQres(c)).containsExactly(rj.fixed().qre());
        QreCertificate back = CertificateJson.read(CertificateJson.write(c));
        assertThat(back.splitBranch()).isEqualTo(s);
        assertThat(CertificateChecker.check(back).valid()).isTrue();
        java.util.function.Function<QreCertificate.Rejoined, String> refused = r -> {
            CheckReport report = CertificateChecker.check(c.withSplitBranch(new QreCertificate.SplitBranch(
                s.symmetry(), s.fixed(), s.normal(), s.arm(), s.past(), s.mirror(), r)));
            return report.valid() ? null : report.findings().get(report.findings().size() - 1);
        };
        assertThat(refused.apply(rj)).isNull();
        // the fixed chain linked to the other symmetric QRE (the continuation of the principal one)
        int other = 1 - rj.fixed().qre();
        assertThat(refused.apply(new QreCertificate.Rejoined(rj.symmetry(), rj.normal(), rj.sign(), rj.arm(),
            new QreCertificate.Branch(rj.fixed().digits(), rj.fixed().pieces(), other, null))))
            .contains("the chain of the profiles").contains("from the second pitchfork");
        // the arm towards the other sign, and with its first piece moved by ten radii
        assertThat(refused.apply(new QreCertificate.Rejoined(rj.symmetry(), rj.normal(), -rj.sign(), rj.arm(),
            rj.fixed()))).contains("the arm from the second pitchfork: piece 1");
        BlownUpArc.Piece p = rj.arm().get(0);
        List<Rational> center = new ArrayList<>(p.center());
        center.set(0, center.get(0).add(p.radius().multiply(Rational.of(10))));
        List<BlownUpArc.Piece> moved = new ArrayList<>(rj.arm());
        moved.set(0, new BlownUpArc.Piece(p.from(), p.to(), center, p.radius(), p.preconditioner()));
        assertThat(refused.apply(new QreCertificate.Rejoined(rj.symmetry(), rj.normal(), rj.sign(), moved,
            rj.fixed()))).contains("the arm from the second pitchfork: piece 1");
        // the chain past the first arm cut before the pieces the second arm's end lies on
        CheckReport cut = CertificateChecker.check(c.withSplitBranch(new QreCertificate.SplitBranch(s.symmetry(),
            s.fixed(), s.normal(), s.arm(), new QreCertificate.Branch(s.past().digits(), s.past().pieces().subList(0,
            3), -1, null), -1, rj)));
        assertThat(cut.valid()).isFalse();
        assertThat(cut.findings().get(cut.findings().size() - 1)).contains("lies on no piece of the chain past the "
            + "first arm");
        // a mirror named beside the second pitchfork's claim
        CheckReport mirrored = CertificateChecker.check(c.withSplitBranch(new QreCertificate.SplitBranch(
            s.symmetry(), s.fixed(), s.normal(), s.arm(), s.past(), rj.fixed().qre(), rj)));
        assertThat(mirrored.findings().get(mirrored.findings().size() - 1)).contains("names no mirror QRE");
        // the fixed chain without its first piece: it does not start at the second pitchfork
        assertThat(refused.apply(new QreCertificate.Rejoined(rj.symmetry(), rj.normal(), rj.sign(), rj.arm(),
            new QreCertificate.Branch(rj.fixed().digits(), rj.fixed().pieces().subList(1, rj.fixed().pieces()
            .size()), rj.fixed().qre(), null)))).contains("the chain's start is not shown to lie on its first piece");
    }

    /**
     * SYM-PF with an arm's chain as the fixed one, on Gambit's deg2 at λ = 100: the centroid line's ε &lt; 0 arm, in
     * the profiles the game's involution fixes, has a chain (SYM-ARM (9)) that passes a pitchfork near λ ≈ 14.17738
     * breaking the involution; the split there reaches gambit-logit's QRE (CliTest checks its digits). The claim
     * survives its JSON; each tampered variant is refused, for the reason tampered.
     */
    @Test
    void aPitchforkOnAnArmsChainIsReplayedAndATamperedOneRefused() {
        NormalFormGame deg2 = org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("deg2.nfg"));
        QreCertificate c = QreSolver.solve(deg2, Rational.of(100), QreSolver.Options.digits(12)).certificate();
        int blowUp = -1;
        int armIndex = -1;
        for (int b = 0; b < c.centroidArms().size() && armIndex < 0; b++) {
            List<QreCertificate.CentroidArm> arms = c.centroidArms().get(b).arms();
            for (int k = 0; k < arms.size() && armIndex < 0; k++) {
                blowUp = arms.get(k).splits().isEmpty() ? blowUp : b;
                armIndex = arms.get(k).splits().isEmpty() ? -1 : k;
            }
        }
        assertThat(armIndex).as("an arm with a split on its chain").isNotNegative();
        QreCertificate.CentroidArms ca = c.centroidArms().get(blowUp);
        QreCertificate.CentroidArm arm = ca.arms().get(armIndex);
        QreCertificate.SplitBranch sb = arm.splits().get(0);
        assertThat(sb.fixed()).isEqualTo(arm.past());
        QreCertificate back = CertificateJson.read(CertificateJson.write(c));
        assertThat(back.centroidArms()).isEqualTo(c.centroidArms());
        assertThat(CertificateChecker.check(back).valid()).isTrue();
        int b0 = blowUp;
        int a0 = armIndex;
        java.util.function.Function<QreCertificate.SplitBranch, String> refused = split -> {
            List<QreCertificate.CentroidArm> arms = new ArrayList<>(ca.arms());
            arms.set(a0, new QreCertificate.CentroidArm(arm.sign(), arm.pieces(), arm.past(), arm.pastInFixed(),
                arm.images(), arm.onward(), List.of(split)));
            List<QreCertificate.CentroidArms> all = new ArrayList<>(c.centroidArms());
            all.set(b0, new QreCertificate.CentroidArms(ca.stabilizer(), ca.normal(), arms, ca.base()));
            CheckReport report = CertificateChecker.check(c.withCentroidArms(all));
            return report.valid() ? null : report.findings().get(report.findings().size() - 1);
        };
        assertThat(refused.apply(sb)).isNull();
        // another fixed chain than the arm's: its first pieces only
        assertThat(refused.apply(new QreCertificate.SplitBranch(sb.symmetry(), new QreCertificate.Branch(
            sb.fixed().digits(), sb.fixed().pieces().subList(0, 3), sb.fixed().qre(), null), sb.normal(), sb.arm(),
            sb.past(), sb.mirror()))).contains("claimed for another chain than that chain");
        // an arm piece moved by ten radii
        List<BlownUpArc.Piece> moved = new ArrayList<>(sb.arm());
        BlownUpArc.Piece p = moved.get(2);
        List<Rational> center = new ArrayList<>(p.center());
        center.set(0, center.get(0).add(p.radius().multiply(Rational.of(10))));
        moved.set(2, new BlownUpArc.Piece(p.from(), p.to(), center, p.radius(), p.preconditioner()));
        assertThat(refused.apply(new QreCertificate.SplitBranch(sb.symmetry(), sb.fixed(), sb.normal(), moved,
            sb.past(), sb.mirror()))).contains("the arm: piece 3");
        // the chain past the arm linked to the symmetric QRE the arm's chain reaches, and the mirror named as it
        QreCertificate.Branch wrong = new QreCertificate.Branch(sb.past().digits(), sb.past().pieces(),
            arm.past().qre(), null);
        assertThat(refused.apply(new QreCertificate.SplitBranch(sb.symmetry(), sb.fixed(), sb.normal(), sb.arm(),
            wrong, sb.mirror()))).contains("the chain past the arm's end");
        assertThat(refused.apply(new QreCertificate.SplitBranch(sb.symmetry(), sb.fixed(), sb.normal(), sb.arm(),
            sb.past(), arm.past().qre()))).contains("is not shown to lie in box " + (arm.past().qre() + 1));
    }

    @Test
    void theClaimSurvivesItsJsonAndATamperedDocumentIsRefused() {
        String json = CertificateJson.write(CERTIFICATE);
        QreCertificate back = CertificateJson.read(json);
        assertThat(back.splitBranch()).isEqualTo(SPLIT);
        assertThat(CertificateChecker.check(back).valid()).isTrue();
        String moved = json.replace("\"mirror\" : " + SPLIT.mirror(), "\"mirror\" : 0");
        assertThat(moved).isNotEqualTo(json);
        CheckReport refused = CertificateChecker.check(CertificateJson.read(moved));
        assertThat(refused.valid()).isFalse();
    }
}
