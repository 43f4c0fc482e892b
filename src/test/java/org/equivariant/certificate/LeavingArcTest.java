package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.junit.jupiter.api.Test;

/**
 * PIN-SUB (6) on the 2×2×2 game: the arms of the branch leaving its singular point, checked against the game's QRE
 * equations written out by hand (p, q, r the first actions' probabilities): p = s(λ(2q − 1)(12r − 3)),
 * q = s(λ(2p − 1)(12r − 4)) and r = s(λ·d(p, q)) with s(x) = 1/(1 + e^{−x}) and player 3's payoff difference
 * d(p, q) = 12pq − 6(1 − p)q − 6p(1 − q) + 2(1 − p)(1 − q).
 */
public class LeavingArcTest {
    static final QreCertificate CERTIFICATE = PinnedPlayersTest.AT_TWO.certificate();
    static final QreCertificate.PinnedBranch PINNED = CERTIFICATE.pinnedBranch();
    static final LeavingArc ARC = new LeavingArc(CERTIFICATE.payoffs(), PINNED.players(),
        PINNED.leaving().normal());

    private static double s(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** The largest violation of the hand-written QRE equations at (p, q, r) and λ. */
    public static double violation(double lambda, double p, double q, double r) {
        double d = 12 * p * q - 6 * (1 - p) * q - 6 * p * (1 - q) + 2 * (1 - p) * (1 - q);
        return Math.max(Math.abs(p - s(lambda * (2 * q - 1) * (12 * r - 3))), Math.max(Math.abs(q - s(lambda
            * (2 * p - 1) * (12 * r - 4))), Math.abs(r - s(lambda * d))));
    }

    @Test
    void bothArmsStartAtTheSingularPointAndEndAtQresOffThePinnedCurve() {
        double star = PinnedPlayersTest.singularPointByHand();
        List<Double> firstSteps = new ArrayList<>();
        for (int sign : new int[] {1, -1}) {
            List<LeavingArc.Piece> arm = sign > 0 ? PINNED.leaving().up() : PINNED.leaving().down();
            assertThat(ARC.armProblem(arm, sign)).isNull();
            List<Interval> start = ARC.at(arm.get(0), Rational.ZERO);
            Interval lambda0 = start.get(start.size() - 1);
            assertThat(lambda0.width().doubleValue()).isLessThan(1e-12);
            assertThat(lambda0.lo().doubleValue()).isLessThanOrEqualTo(star + 1e-15);
            assertThat(lambda0.hi().doubleValue()).isGreaterThanOrEqualTo(star - 1e-15);
            // every piece's end is a QRE of the game by the hand-written equations, off the pinned curve
            for (LeavingArc.Piece p : arm) {
                Rational e = sign > 0 ? p.to() : p.from();
                List<Interval> theta = ARC.at(p, e);
                List<Interval> profile = ARC.profileAt(theta, e);
                double lambda = theta.get(theta.size() - 1).mid().doubleValue();
                assertThat(violation(lambda, profile.get(0).mid().doubleValue(), profile.get(2).mid().doubleValue(),
                    profile.get(4).mid().doubleValue())).isLessThan(1e-12);
                assertThat(Math.abs(profile.get(0).mid().doubleValue() - 0.5)).isGreaterThan(0);
            }
            List<Interval> first = ARC.at(arm.get(0), sign > 0 ? arm.get(0).to() : arm.get(0).from());
            firstSteps.add(first.get(first.size() - 1).mid().doubleValue() - star);
        }
        // a transcritical crossing: the two arms leave towards opposite sides of λ*
        assertThat(firstSteps.get(0) * firstSteps.get(1)).isNegative();
    }

    private static String refusal(QreCertificate.Leaving leaving) {
        return refusal(CERTIFICATE, leaving);
    }

    private static String refusal(QreCertificate c, QreCertificate.Leaving leaving) {
        QreCertificate.PinnedBranch p = c.pinnedBranch();
        CheckReport r = CertificateChecker.check(c.withPinnedBranch(new QreCertificate.PinnedBranch(p.qre(),
            p.players(), p.reduced(), p.below(), p.above(), leaving)));
        assertThat(r.principal()).isEqualTo(-1);
        return r.findings().stream().filter(x -> x.startsWith("principal branch (pinned players): ")).findFirst()
            .orElseThrow();
    }

    @Test
    void aTamperedArmIsRefused() {
        QreCertificate.Leaving l = PINNED.leaving();
        List<LeavingArc.Piece> moved = new ArrayList<>(l.up());
        moved.set(3, movedOff(moved.get(3)));
        assertThat(refusal(new QreCertificate.Leaving(l.normal(), moved, l.down())))
            .endsWith("piece 4 of the ε > 0 arm fails its Krawczyk test");
        List<LeavingArc.Piece> gap = new ArrayList<>(l.up());
        gap.remove(2);
        assertThat(refusal(new QreCertificate.Leaving(l.normal(), gap, l.down())))
            .contains("piece 3 of the ε > 0 arm starts at ε = ");
        assertThat(refusal(new QreCertificate.Leaving(l.normal(), l.down(), l.up())))
            .contains("piece 1 of the ε > 0 arm starts at ε = ");
        assertThat(refusal(new QreCertificate.Leaving(l.normal(), List.of(), l.down())))
            .endsWith("an arm has no piece");
        List<LeavingArc.Piece> shortCentre = new ArrayList<>(l.up());
        LeavingArc.Piece q = shortCentre.get(0);
        shortCentre.set(0, new LeavingArc.Piece(q.from(), q.to(), q.center().subList(0, 6), q.radius(),
            q.preconditioner()));
        assertThat(refusal(new QreCertificate.Leaving(l.normal(), shortCentre, l.down())))
            .endsWith("piece 1 of the ε > 0 arm fails its Krawczyk test");
        // a single ε outside the piece's range, or a piece that fails there, has no enclosure
        assertThat(ARC.at(q, q.to().add(Rational.ONE))).isNull();
        assertThat(ARC.at(moved.get(3), moved.get(3).to())).isNull();
        assertThat(refusal(new QreCertificate.Leaving(l.normal().subList(0, 3), l.up(), l.down())))
            .contains("the leaving arcs: the normalization has 3 entries");
        // the arcs need the singular point's enclosure
        CheckReport bare = CertificateChecker.check(CERTIFICATE.withPinnedBranch(new QreCertificate.PinnedBranch(
            PINNED.qre(), PINNED.players(), PINNED.reduced(), null, null, l)));
        assertThat(bare.findings()).contains("principal branch (pinned players): leaving arcs are claimed without the "
            + "singular point's enclosure");
    }

    /**
     * The solver's single certification pass ({@link CertificateChecker#checkAssembled}) takes the arms' pieces and the
     * chains past them as proved when they were built, as it takes the principal chain's; the checker replays them
     * ({@link CertificateChecker#check}). So a tampered piece passes the first and not the second, while what the
     * single pass does check — the arms' ε ranges in order, the zeros at their ends enclosed — it refuses.
     */
    @Test
    void theSinglePassTakesTheArmsAsBuiltAndTheCheckerReplaysThem() {
        List<List<Interval>> verified = CERTIFICATE.boxes().stream().map(b -> CertificateChecker.verifyBox(
            CERTIFICATE.payoffs(), CERTIFICATE.lambda(), CERTIFICATE.digits(), b)).toList();
        assertThat(CertificateChecker.checkAssembled(CERTIFICATE, verified).principal()).isEqualTo(PINNED.qre());
        List<LeavingArc.Piece> moved = new ArrayList<>(PINNED.leaving().up());
        moved.set(3, movedOff(moved.get(3)));
        QreCertificate tampered = withUpArm(moved);
        assertThat(CertificateChecker.checkAssembled(tampered, verified).principal()).isEqualTo(PINNED.qre());
        assertThat(CertificateChecker.check(tampered).principal()).isEqualTo(-1);
        List<LeavingArc.Piece> gap = new ArrayList<>(PINNED.leaving().up());
        gap.remove(2);
        assertThat(CertificateChecker.checkAssembled(withUpArm(gap), verified).findings())
            .anyMatch(x -> x.contains("piece 3 of the ε > 0 arm starts at ε = "));
        // the first piece moved off the arm: its zero at ε = 0, where the arm starts, has no enclosure
        List<LeavingArc.Piece> off = new ArrayList<>(PINNED.leaving().up());
        off.set(0, movedOff(off.get(0)));
        assertThat(CertificateChecker.checkAssembled(withUpArm(off), verified).findings())
            .anyMatch(x -> x.contains("the zero at ε = 0 is not enclosed"));
    }

    /**
     * Three pinned players of four (a seeded random 2 × 2 × 2 × 2 game planted as PinSubProperty plants them), solved
     * at λ = 3: the blow-up's pinned rows by the telescoped ε-expansion.
     */
    static final org.equivariant.equilibrium.QreResult THREE = org.equivariant.equilibrium.QreSolver.solve(
        org.equivariant.io.NfgReader.read("three.nfg", "NFG 1 R \"pinned3\" { \"1\" \"2\" \"3\" \"4\" } "
            + "{ 2 2 2 2 }\n"
            + "13/8 3/8 -11/4 -1 31/8 31/8 -1/4 7/2 -23/8 45/8 3/4 7/2 15/8 9/8 1/4 0 "
            + "25/8 -5/8 9/4 -2 -41/8 19/8 -27/4 -4 -27/8 9/8 3/4 7/2 -17/8 -15/8 7/4 2 "
            + "25/16 5/8 -7/16 -1/2 63/16 1/8 25/16 -1 49/16 -9/8 -31/16 -7/2 -41/16 -1/8 41/16 -3/2 "
            + "25/16 -39/8 15/16 -3 39/16 25/8 -57/16 9/2 -79/16 19/8 47/16 0 -41/16 -17/8 23/16 3\n"),
        Rational.of(3), org.equivariant.equilibrium.QreSolver.Options.digits(20));

    /**
     * {@link #THREE}: the chain stops at the singular point near λ = 0.98162 (where gambit-logit stops too), both arms
     * leave it and chains past them reach two more QREs, all three accepted by the checker's replay; an arm's piece
     * moved off is refused.
     */
    @Test
    void withThreePinnedPlayersBothArmsLeaveTheSingularPoint() {
        org.equivariant.equilibrium.QreResult r = THREE;
        QreCertificate c = r.certificate();
        QreCertificate.PinnedBranch pb = c.pinnedBranch();
        assertThat(pb.players()).containsExactly(0, 1, 2);
        assertThat(pb.leaving()).as(r.principal().detail()).isNotNull();
        assertThat(r.qres()).hasSize(3);
        assertThat(List.of(pb.leaving().upChain().qre(), pb.leaving().downChain().qre(), pb.qre()))
            .containsExactlyInAnyOrder(0, 1, 2);
        LeavingArc arc = new LeavingArc(c.payoffs(), pb.players(), pb.leaving().normal());
        for (int sign : new int[] {1, -1}) {
            List<LeavingArc.Piece> arm = sign > 0 ? pb.leaving().up() : pb.leaving().down();
            List<Interval> start = arc.at(arm.get(0), Rational.ZERO);
            Interval lambda0 = start.get(start.size() - 1);
            assertThat(Rational.of(lambda0.lo()).compareTo(pb.below().lambda()) >= 0 && Rational.of(lambda0.hi())
                .compareTo(pb.above().lambda()) <= 0).as("the arm starts in the bracket: " + lambda0).isTrue();
        }
        CheckReport replay = CertificateChecker.check(c);
        assertThat(replay.principal()).as(String.join("\n", replay.findings())).isEqualTo(r.principalIndex());
        List<LeavingArc.Piece> moved = new ArrayList<>(pb.leaving().up());
        moved.set(3, movedOff(moved.get(3)));
        QreCertificate.Leaving l = pb.leaving();
        CheckReport refused = CertificateChecker.check(c.withPinnedBranch(new QreCertificate.PinnedBranch(pb.qre(),
            pb.players(), pb.reduced(), pb.below(), pb.above(), new QreCertificate.Leaving(l.normal(), moved,
            l.down(), l.upChain(), l.downChain()))));
        assertThat(refused.findings()).anyMatch(x -> x.endsWith("piece 4 of the ε > 0 arm fails its Krawczyk test"));
    }

    /**
     * The mean-value form of PIN-SUB (6) with three pinned players, where ζ depends on ε: at the centre θ of every
     * piece of {@link #THREE}'s arms, ∂G/∂ε(θ; E) over the piece's range E meets the difference quotient
     * (G(θ; ε₂) − G(θ; ε₁))/(ε₂ − ε₁) of its ends in every row (both enclose the value of ∂G/∂ε at some ε of E).
     */
    @Test
    void theEpsilonSlopeHoldsTheDifferenceQuotientsWithThreePinnedPlayers() {
        QreCertificate.PinnedBranch pb = THREE.certificate().pinnedBranch();
        LeavingArc arc = new LeavingArc(THREE.certificate().payoffs(), pb.players(), pb.leaving().normal());
        int rows = 0;
        for (List<LeavingArc.Piece> arm : List.of(pb.leaving().up(), pb.leaving().down())) {
            for (LeavingArc.Piece p : arm) {
                List<org.equivariant.arith.DyadicInterval> theta = p.center().stream().map(BlownUpArc.F::of).toList();
                org.equivariant.arith.DyadicInterval from = BlownUpArc.F.of(p.from());
                org.equivariant.arith.DyadicInterval to = BlownUpArc.F.of(p.to());
                List<org.equivariant.arith.DyadicInterval> slope = arc.slope(theta, from.hull(to));
                List<org.equivariant.arith.DyadicInterval> a = arc.value(theta, p.from());
                List<org.equivariant.arith.DyadicInterval> b = arc.value(theta, p.to());
                for (int k = 0; k < slope.size(); k++) {
                    org.equivariant.arith.DyadicInterval quotient = b.get(k).subtract(a.get(k)).divide(to.subtract(
                        from));
                    assertThat(quotient.subtract(slope.get(k)).containsZero()).as("row " + k + ": quotient "
                        + quotient.toInterval() + ", slope " + slope.get(k).toInterval()).isTrue();
                    rows++;
                }
            }
        }
        assertThat(rows).isGreaterThan(100);
    }

    /**
     * A piece so wide that an argument of exp leaves the enclosures' range (λ ± 10⁷) fails its test and has no image
     * reach, where the evaluation threw before (the tracer's ε-inflation proposed such a box on a planted four-player
     * game and the solve ended in an internal error).
     */
    @Test
    void aPieceTooWideToEncloseFailsItsTest() {
        LeavingArc.Piece p = PINNED.leaving().up().get(0);
        LeavingArc.Piece wide = new LeavingArc.Piece(p.from(), p.to(), p.center(), Rational.of(10_000_000),
            p.preconditioner());
        assertThat(ARC.test(wide)).isNull();
        assertThat(ARC.imageReach(wide)).isInfinite();
    }

    /** The certificate with its pinned branch's ε &gt; 0 arm replaced, the chains past the arms' ends kept. */
    private static QreCertificate withUpArm(List<LeavingArc.Piece> up) {
        QreCertificate.Leaving l = PINNED.leaving();
        return CERTIFICATE.withPinnedBranch(withLeaving(new QreCertificate.Leaving(l.normal(), up, l.down(),
            l.upChain(), l.downChain())));
    }

    /** The piece with its centre's seventh coordinate moved by ten radii: off the arm. */
    private static LeavingArc.Piece movedOff(LeavingArc.Piece p) {
        List<Rational> centre = new ArrayList<>(p.center());
        centre.set(6, centre.get(6).add(p.radius().multiply(Rational.of(10))));
        return new LeavingArc.Piece(p.from(), p.to(), centre, p.radius(), p.preconditioner());
    }

    private static QreCertificate.PinnedBranch withLeaving(QreCertificate.Leaving leaving) {
        return new QreCertificate.PinnedBranch(PINNED.qre(), PINNED.players(), PINNED.reduced(), PINNED.below(),
            PINNED.above(), leaving);
    }

    /**
     * Past the arms' ends, chains of the full game reach λ = 2 at two more certified QREs: QREs of the hand-written
     * equations, neither the pinned one; the JSON round trip keeps the verdict.
     */
    @Test
    void chainsPastTheArmsReachTwoMoreQresOfThePrincipalBranch() {
        List<Integer> leaving = CertificateChecker.leavingQres(CERTIFICATE);
        assertThat(leaving).hasSize(2).doesNotContain(PINNED.qre());
        for (int k : leaving) {
            List<Rational> c = CERTIFICATE.boxes().get(k).center();
            assertThat(violation(2, c.get(0).doubleValue(), c.get(2).doubleValue(), c.get(4).doubleValue()))
                .isLessThan(1e-15);
            assertThat(Math.abs(c.get(0).doubleValue() - 0.5)).isGreaterThan(0.1);
        }
        CheckReport r = CertificateChecker.check(CertificateJson.read(CertificateJson.write(CERTIFICATE)));
        assertThat(r.principal()).isEqualTo(PINNED.qre());
        assertThat(r.findings()).anyMatch(x -> x.contains("past the end of the ε > 0 arm a chain of ")
            && x.contains("it lies on the principal branch too"));
    }

    @Test
    void aChainPastAnArmThatDoesNotStartAtItsEndOrEndsElsewhereIsRefused() {
        QreCertificate.Leaving l = PINNED.leaving();
        QreCertificate.Branch up = l.upChain();
        QreCertificate.Branch down = l.downChain();
        assertThat(down.tail()).as("at λ = 2 the ε < 0 arm's chain reaches λ").isNull();
        QreCertificate.Branch other = new QreCertificate.Branch(down.digits(), down.pieces(), PINNED.qre(), null);
        assertThat(refusal(new QreCertificate.Leaving(l.normal(), l.up(), l.down(), up, other)))
            .contains("the chain past the end of the ε < 0 arm: the QRE's enclosure does not lie in the last piece's "
                + "tube");
        QreCertificate.Branch cut = new QreCertificate.Branch(up.digits(), up.pieces().subList(1, up.pieces().size()),
            up.qre(), null, up.tail());
        assertThat(refusal(new QreCertificate.Leaving(l.normal(), l.up(), l.down(), cut, l.downChain())))
            .contains("the chain's start is not shown to lie on its first piece");
        // the other arm's chain under this arm
        assertThat(refusal(new QreCertificate.Leaving(l.normal(), l.up(), l.down(), l.downChain(), l.downChain())))
            .contains("the chain past the end of the ε > 0 arm: the chain's start is not shown to lie on its first "
                + "piece");
    }

    static final QreCertificate AT_FIFTY = org.equivariant.equilibrium.QreSolver.solve(PinnedPlayersTest.GAME,
        Rational.of(50), org.equivariant.equilibrium.QreSolver.Options.digits(10)).certificate();

    /**
     * At λ = 50 each chain past an arm's end ends before λ by a tail claim — BR-TAIL near the strict equilibrium
     * (1, 1, 1), MIX-TAIL near a mixed equilibrium (corollary 3 of each: the chain's end lies on a branch leaving the
     * singular point) — at QREs of the hand-written equations at 50, neither the pinned one; the JSON round trip keeps
     * the verdict; a chain without its tail, or with its tail's claim moved to the other leaving QRE, is refused.
     */
    @Test
    void chainsPastTheArmsEndByTailsNearEquilibria() {
        QreCertificate.Leaving l = AT_FIFTY.pinnedBranch().leaving();
        QreCertificate.Branch up = l.upChain();
        QreCertificate.Branch down = l.downChain();
        assertThat(java.util.stream.Stream.of(up.tail(), down.tail()).map(t -> t == null ? "none" : t.theorem()))
            .containsExactlyInAnyOrder("BR-TAIL", "MIX-TAIL");
        for (QreCertificate.Branch b : List.of(up, down)) {
            List<Interval> end = BranchChecker.end(b.pieces().get(b.pieces().size() - 1), b.digits());
            assertThat(end.get(end.size() - 1).hi().doubleValue()).isLessThan(25);
            List<Rational> c = AT_FIFTY.boxes().get(b.qre()).center();
            assertThat(violation(50, c.get(0).doubleValue(), c.get(2).doubleValue(), c.get(4).doubleValue()))
                .isLessThan(1e-8);
            assertThat(b.qre()).isNotEqualTo(AT_FIFTY.pinnedBranch().qre());
        }
        assertThat(up.qre()).isNotEqualTo(down.qre());
        CheckReport r = CertificateChecker.check(CertificateJson.read(CertificateJson.write(AT_FIFTY)));
        assertThat(r.principal()).isEqualTo(AT_FIFTY.pinnedBranch().qre());
        assertThat(r.findings()).anyMatch(x -> x.contains("(BR-CHAIN from that point) leads to a point within ")
            && x.contains("(MIX-TAIL), and on to QRE ") && x.contains("(BR-TAIL), and on to QRE "));
        QreCertificate.Branch bare = new QreCertificate.Branch(up.digits(), up.pieces(), up.qre(), null);
        assertThat(refusal(AT_FIFTY, new QreCertificate.Leaving(l.normal(), l.up(), l.down(), bare, down)))
            .contains("the chain past the end of the ε > 0 arm: the last piece must be parametrized by λ and reach "
                + "λ = 50");
        QreCertificate.Branch moved = new QreCertificate.Branch(up.digits(), up.pieces(), down.qre(), null,
            up.tail());
        assertThat(refusal(AT_FIFTY, new QreCertificate.Leaving(l.normal(), l.up(), l.down(), moved, down)))
            .contains("the chain past the end of the ε > 0 arm: " + up.tail().theorem() + ": the QRE's enclosure does "
                + "not lie in " + up.tail().region());
    }

    @Test
    void aJoinThatMissesTheNextBoxIsRefused() {
        // piece 2's box about a centre moved by twice its radius does not hold piece 1's end
        QreCertificate.Leaving l = PINNED.leaving();
        LeavingArc.Piece p = l.down().get(1);
        LeavingArc.Piece q = l.down().get(0);
        List<Interval> end = ARC.at(q, p.to());
        assertThat(LeavingArc.inside(end, p)).isTrue();
        List<Rational> far = new ArrayList<>(p.center());
        far.set(0, far.get(0).add(p.radius().multiply(Rational.TWO)));
        assertThat(LeavingArc.inside(end, new LeavingArc.Piece(p.from(), p.to(), far, p.radius(), p.preconditioner())))
            .isFalse();
        assertThat(LeavingArc.inside(null, p)).isFalse();
    }
}
