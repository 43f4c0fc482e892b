package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.GameSymmetry;
import org.junit.jupiter.api.Test;

/**
 * SYM-ARM on a symmetric three-player game with two actions: each player is paid f(a, k) for its own action a when k
 * of the two others play action 1 — f(1, ·) = (0, 6, 0), f(2, ·) = (−6, −2, 2) for k = 0, 1, 2. The symmetric branch
 * (all three players alike) meets a singular point near λ = 0.808 whose null space is two-dimensional (the standard
 * representation of the player permutations), so neither the full chain nor the chain of the profiles a swap of two
 * players fixes passes it, and no involution's pitchfork (SYM-PF) is regular there; blown up along the symmetric branch
 * in the profiles that swap fixes, both arms are regular and lead, with their images under the permutations, to six
 * QREs at λ = 10 besides the symmetric one — each checked here against the QRE equations written out by hand.
 */
class SymmetricArmsTest {
    /** f(a, k), own action a, k others on action 1. */
    static final int[][] F = {{0, 6, 0}, {-6, -2, 2}};
    static final NormalFormGame GAME = game();
    static final QreResult AT_TEN = QreSolver.solve(GAME, Rational.of(10), QreSolver.Options.digits(20));
    static final QreCertificate CERTIFICATE = AT_TEN.certificate();
    static final QreCertificate.CentroidArms ARMS = CERTIFICATE.centroidArms().isEmpty() ? null
        : CERTIFICATE.centroidArms().get(0);

    static NormalFormGame game() {
        return game(F);
    }

    /** The symmetric game of f[0].length players paid f(a, k) ({@link SymmetricGames#twoActions}). */
    static NormalFormGame game(int[][] f) {
        return SymmetricGames.twoActions(f[0].length == 3 ? "symmetric three" : "symmetric " + f[0].length, f);
    }

    /** max |x_i(1) − softmax(λ u_i)(1)| over the players, u_i(a) = Σ_k f(a, k)·P(k others on action 1), by hand. */
    static double violation(double lambda, double[] s) {
        return violation(F, lambda, s);
    }

    /** {@link #violation} for the game paid f. */
    static double violation(int[][] f, double lambda, double[] s) {
        return SymmetricGames.twoActionsViolation(f, lambda, s);
    }

    static double[] mid(List<Interval> enclosure) {
        return enclosure.stream().mapToDouble(x -> x.mid().doubleValue()).toArray();
    }

    static CertificateChecker.CentroidArc arc(QreCertificate.CentroidArms ca) {
        return CertificateChecker.centroidArc(GAME.payoffs(), ca.base(), ca.stabilizer(), ca.normal(), true);
    }

    @Test
    void bothArmsLeaveTheSymmetricBranchAndLeadToSixMoreQres() {
        assertThat(AT_TEN.qres()).as(AT_TEN.pitchfork()).hasSize(7);
        // the full chain stops at the singular point; the symmetric QRE past it is principal (MQRE-CHAIN (5), (6));
        // the chain of the profiles one swap fixes stops there too (SYM-PF's route), the blow-up along the
        // symmetric branch passes
        assertThat(AT_TEN.principal().reached()).isBetween(0.8079, 0.8081);
        assertThat(AT_TEN.principalIndex()).isZero();
        double[] symmetric = mid(AT_TEN.qres().get(0).enclosure());
        assertThat(symmetric[0]).isCloseTo(symmetric[2], org.assertj.core.data.Offset.offset(1e-15))
            .isCloseTo(symmetric[4], org.assertj.core.data.Offset.offset(1e-15));
        assertThat(AT_TEN.pitchfork()).contains("(SYM-PF): the chain of the profiles it fixes stopped").contains(
            "that is where the full chain stopped, so the point is presumably singular in those profiles too")
            .contains("(SYM-ARM): the singular point at lambda = 0.80797");
        assertThat(ARMS).isNotNull();
        assertThat(ARMS.base()).isNotNull();
        assertThat(ARMS.base().group()).hasSize(5); // the permutations of three players but the identity
        assertThat(ARMS.stabilizer()).hasSize(1); // one swap of two players
        assertThat(ARMS.arms()).extracting(QreCertificate.CentroidArm::sign).containsExactlyInAnyOrder(1, -1);
        CheckReport replay = CertificateChecker.check(CERTIFICATE);
        assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
        List<String> leavingFindings = replay.findings().stream().filter(x -> x.startsWith("branches leaving the "
            + "symmetric branch: ")).toList();
        assertThat(leavingFindings).hasSize(1);
        // what the checker says it proved: both arms, through the 5 symmetries' chain, each to its QRE and images
        for (QreCertificate.CentroidArm arm : ARMS.arms()) {
            assertThat(leavingFindings.get(0)).contains(String.format("the %s arm (%d pieces, blow-up of the branch of "
                + "the profiles 5 symmetries fix (a chain of %d pieces) in the profiles 1 symmetry fixes, SYM-ARM)",
                arm.sign() > 0 ? "ε > 0" : "ε < 0", arm.pieces().size(), ARMS.base().fixed().pieces().size()))
                .contains("to QRE " + (arm.past().qre() + 1) + " at λ = 10 put it on the principal branch, and its "
                + "images under symmetries of the game, QRE " + String.join(", ", arm.images().stream().map(i ->
                String.valueOf(i.qre() + 1)).toList()));
        }
        BlownUpArc blown = arc(ARMS).arc();
        double[] lambdas = new double[2];
        for (int k = 0; k < 2; k++) {
            QreCertificate.CentroidArm arm = ARMS.arms().get(k);
            // the arm's zero at ε = 0: a symmetric QRE at the singular point, enclosed to 10⁻¹²
            List<Interval> start = blown.at(arm.pieces().get(0), Rational.ZERO);
            Interval lambda0 = start.get(start.size() - 1);
            assertThat(lambda0.hi().subtract(lambda0.lo()).doubleValue()).isLessThan(1e-12);
            lambdas[k] = lambda0.mid().doubleValue();
            double[] s = mid(blown.profileAt(start, Rational.ZERO));
            assertThat(violation(lambdas[k], s)).isLessThan(1e-12);
            assertThat(s[0]).isCloseTo(s[2], org.assertj.core.data.Offset.offset(1e-14)).isCloseTo(s[4],
                org.assertj.core.data.Offset.offset(1e-14));
            // every piece's far end is a QRE off the symmetric profiles, fixed by the swap
            for (BlownUpArc.Piece p : arm.pieces()) {
                Rational eps = arm.sign() > 0 ? p.to() : p.from();
                List<Interval> point = blown.pointAt(p, eps);
                double[] x = mid(point.subList(0, 6));
                assertThat(violation(point.get(6).mid().doubleValue(), x)).isLessThan(1e-12);
                assertThat(Math.abs(x[0] - x[2]) + Math.abs(x[2] - x[4])).isGreaterThan(0);
            }
        }
        assertThat(lambdas[0]).isCloseTo(lambdas[1], org.assertj.core.data.Offset.offset(1e-12));
        assertThat(lambdas[0]).isCloseTo(0.80797, org.assertj.core.data.Offset.offset(1e-5));
        // six QREs besides the symmetric one, each solving the equations at λ = 10: three with one player near its
        // first action and the others at 0.787, three with one player on its second action and the others on the
        // first
        List<Integer> leaving = CertificateChecker.centroidArmQres(CERTIFICATE);
        assertThat(leaving).hasSize(6).doesNotContain(AT_TEN.principalIndex());
        int alone = 0;
        for (int k : leaving) {
            double[] s = mid(AT_TEN.qres().get(k).enclosure());
            assertThat(violation(10, s)).isLessThan(1e-15);
            alone += s[0] < 0.5 || s[2] < 0.5 || s[4] < 0.5 ? 1 : 0;
        }
        assertThat(alone).isEqualTo(3);
    }

    private static String refusal(QreCertificate.CentroidArms claim) {
        CheckReport r = CertificateChecker.check(CERTIFICATE.withCentroidArms(List.of(claim)));
        return r.valid() ? null : r.findings().get(r.findings().size() - 1);
    }

    private static QreCertificate.CentroidArms withBase(QreCertificate.TrivialBase base) {
        return new QreCertificate.CentroidArms(ARMS.stabilizer(), ARMS.normal(), ARMS.arms(), base);
    }

    @Test
    void aTamperedSymmetricArmsClaimIsRefused() {
        assertThat(refusal(ARMS)).isNull();
        QreCertificate.TrivialBase base = ARMS.base();
        // without the base the claim reads as CL-ARM's, and this game's centroid is no QRE at every λ
        assertThat(refusal(withBase(null))).contains("the centroid is not a QRE at every λ");
        // a base group with a relabelling that is no symmetry (player 1's two actions swapped)
        List<GameSymmetry> group = new ArrayList<>(base.group());
        group.add(GameSymmetry.parse("players (); actions 1:(1 2) 2:() 3:()", GAME.dims()));
        assertThat(refusal(withBase(new QreCertificate.TrivialBase(group, base.fixed()))))
            .contains("is not a symmetry of the game");
        // a base group of the swap (1 2), whose orbits the stabilizer's swap (2 3) does not preserve
        assertThat(ARMS.stabilizer()).containsExactly(GameSymmetry.parse("players (2 3); actions 1:() 2:() 3:()",
            GAME.dims()));
        GameSymmetry other = GameSymmetry.parse("players (1 2); actions 1:() 2:() 3:()", GAME.dims());
        assertThat(refusal(withBase(new QreCertificate.TrivialBase(List.of(other), base.fixed()))))
            .contains("moves profile coordinate 3 out of its orbit under the base's symmetries");
        // a normalization not constant on the stabilizer's orbits: players 2 and 3's first entries differ
        List<Rational> normal = new ArrayList<>(ARMS.normal());
        normal.set(4, normal.get(4).add(Rational.of(1, 1000)));
        assertThat(refusal(new QreCertificate.CentroidArms(ARMS.stabilizer(), normal, ARMS.arms(), base)))
            .contains("not constant on the stabilizer's orbits (entry 5)");
        // an arm whose sign is neither 1 nor −1, and an image naming a box one past the last
        QreCertificate.CentroidArm first = ARMS.arms().get(0);
        assertThat(refusal(new QreCertificate.CentroidArms(ARMS.stabilizer(), ARMS.normal(), List.of(
            new QreCertificate.CentroidArm(0, first.pieces(), first.past(), first.pastInFixed(),
                first.images())), base)))
            .contains("an arm's sign is 0");
        List<QreCertificate.Image> images = new ArrayList<>(first.images());
        images.set(0, new QreCertificate.Image(images.get(0).symmetry(), AT_TEN.qres().size()));
        assertThat(refusal(new QreCertificate.CentroidArms(ARMS.stabilizer(), ARMS.normal(), List.of(
            new QreCertificate.CentroidArm(first.sign(), first.pieces(), first.past(), first.pastInFixed(),
                images)), base)))
            .contains("the image's QRE index 7 is not a box");
        // an image under a relabelling that is no symmetry, and a blow-up without arms
        images.set(0, new QreCertificate.Image(GameSymmetry.parse("players (); actions 1:(1 2) 2:() 3:()",
            GAME.dims()), first.images().get(0).qre()));
        assertThat(refusal(new QreCertificate.CentroidArms(ARMS.stabilizer(), ARMS.normal(), List.of(
            new QreCertificate.CentroidArm(first.sign(), first.pieces(), first.past(), first.pastInFixed(),
                images)), base)))
            .contains("an image's relabelling is not a symmetry of the game");
        assertThat(refusal(new QreCertificate.CentroidArms(ARMS.stabilizer(), ARMS.normal(), List.of(), base)))
            .endsWith("no arm");
        // the fixed chain cut before the singular point: the arms' start lies on none of its pieces
        List<org.equivariant.certificate.BranchPiece> cut = base.fixed().pieces().stream().filter(p -> p.to()
            .doubleValue() < 0.8).toList();
        assertThat(cut).isNotEmpty();
        assertThat(refusal(withBase(new QreCertificate.TrivialBase(base.group(), new QreCertificate.Branch(
            base.fixed().digits(), cut, -1, base.fixed().anchor()))))).contains("lies on no piece of the chain");
        // the fixed chain without its anchor
        assertThat(refusal(withBase(new QreCertificate.TrivialBase(base.group(), new QreCertificate.Branch(
            base.fixed().digits(), base.fixed().pieces(), -1, null))))).contains("the chain of the profiles the "
            + "base's symmetries fix: anchor");
        // an arm piece moved by ten radii
        QreCertificate.CentroidArm a = ARMS.arms().get(0);
        List<BlownUpArc.Piece> pieces = new ArrayList<>(a.pieces());
        BlownUpArc.Piece p = pieces.get(3);
        List<Rational> center = new ArrayList<>(p.center());
        center.set(0, center.get(0).add(p.radius().multiply(Rational.of(10))));
        pieces.set(3, new BlownUpArc.Piece(p.from(), p.to(), center, p.radius(), p.preconditioner()));
        assertThat(refusal(new QreCertificate.CentroidArms(ARMS.stabilizer(), ARMS.normal(), List.of(
            new QreCertificate.CentroidArm(a.sign(), pieces, a.past(), a.pastInFixed(),
                a.images()), ARMS.arms().get(1)), base)))
            .contains("the arm: piece 4");
    }

    @Test
    void theClaimSurvivesItsJsonAndAnEditedDocumentIsRefused() {
        String json = CertificateJson.write(CERTIFICATE);
        assertThat(json).contains("\"format\" : \"equivariant-qre-certificate/11\"").contains("\"base\"");
        QreCertificate back = CertificateJson.read(json);
        assertThat(back.centroidArms()).containsExactly(ARMS);
        assertThat(CertificateChecker.check(back).valid()).isTrue();
        // the base's first relabelling edited into one that also swaps player 1's actions: its orbits of profile
        // coordinates merge, so the fixed chain's pieces have too many unknowns, and the reader names where
        String first = ARMS.base().group().get(0).toString();
        String edited = json.replaceFirst(java.util.regex.Pattern.quote("\"group\" : [ \"" + first + "\""),
            "\"group\" : [ \"players (); actions 1:(1 2) 2:() 3:()\"");
        assertThat(edited).isNotEqualTo(json);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CertificateJson.read(edited))
            .isInstanceOf(org.equivariant.io.FormatException.class).hasMessageContaining("centroidArms[0].base.fixed");
        // the base's chain moved off its curve in the document: the checker refuses the claim
        String centre = ARMS.base().fixed().pieces().get(0).center().get(0).toPlainString();
        String moved = json.replaceFirst(java.util.regex.Pattern.quote("\"" + centre + "\""), "\"0.5\"");
        assertThat(moved).isNotEqualTo(json);
        CheckReport refused = CertificateChecker.check(CertificateJson.read(moved));
        assertThat(refused.valid()).isFalse();
        assertThat(refused.findings().get(refused.findings().size() - 1)).startsWith("branches leaving the symmetric "
            + "branch (SYM-ARM): the chain of the profiles the base's symmetries fix");
    }

    /**
     * At λ = 50 on the game f(1, ·) = (3, −2, 5), f(2, ·) = (−1, 6, 5), to 6 digits, the one-state Markov
     * reading's chain reaches λ but the certified QRE's enclosure does not lie in its box; the symmetric QRE is then
     * linked to the chain of the logit correspondence in the profiles the player permutations fix (SYM-ARM (8)), and
     * the checker refuses that claim tampered.
     */
    @Test
    void theSymmetricQreByTheFixedLogitChainAndItsTamperedClaims() {
        int[][] paid = {{3, -2, 5}, {-1, 6, 5}};
        NormalFormGame g = game(paid);
        QreResult r = QreSolver.solve(g, Rational.of(50), QreSolver.Options.digits(6));
        QreCertificate.SymmetricBranch sb = r.certificate().symmetricBranch();
        assertThat(sb).as(r.principal().detail()).isNotNull();
        assertThat(sb.markov()).isNull();
        assertThat(sb.fixed().group()).hasSize(5);
        assertThat(r.principalIndex()).isEqualTo(sb.qre());
        double[] s = mid(r.qres().get(sb.qre()).enclosure());
        assertThat(violation(paid, 50, s)).isLessThan(1e-6);
        assertThat(s[0]).isCloseTo(s[2], org.assertj.core.data.Offset.offset(1e-15)).isCloseTo(s[4],
            org.assertj.core.data.Offset.offset(1e-15));
        CheckReport replay = CertificateChecker.check(r.certificate());
        assertThat(replay.principal()).as(String.join("\n", replay.findings())).isEqualTo(sb.qre());
        assertThat(replay.findings()).anyMatch(f -> f.startsWith("principal branch: a chain of ") && f.endsWith(
            "which those symmetries fix (SYM-ARM (8))"));
        QreCertificate back = CertificateJson.read(CertificateJson.write(r.certificate()));
        assertThat(back.symmetricBranch()).isEqualTo(sb);
        // tampered: a relabelling that is no symmetry; the chain without its last piece; the claim moved to a QRE on a
        // leaving branch, which the permutations do not fix
        List<GameSymmetry> group = new ArrayList<>(sb.fixed().group());
        group.add(GameSymmetry.parse("players (); actions 1:(1 2) 2:() 3:()", g.dims()));
        assertThat(symmetricRefusal(r, new QreCertificate.SymmetricBranch(sb.qre(), null, new QreCertificate
            .TrivialBase(group, sb.fixed().fixed())))).contains("is not a symmetry of the game");
        QreCertificate.Branch chain = sb.fixed().fixed();
        QreCertificate.Branch cut = new QreCertificate.Branch(chain.digits(), chain.pieces().subList(0,
            chain.pieces().size() - 1), -1, chain.anchor());
        assertThat(symmetricRefusal(r, new QreCertificate.SymmetricBranch(sb.qre(), null, new QreCertificate
            .TrivialBase(sb.fixed().group(), cut)))).contains("reach λ = 50");
        assertThat(chain.pieces().get(0).from().signum()).isPositive();
        assertThat(symmetricRefusal(r, new QreCertificate.SymmetricBranch(sb.qre(), null, new QreCertificate
            .TrivialBase(sb.fixed().group(), new QreCertificate.Branch(chain.digits(), chain.pieces(), -1, null)))))
            .contains("the chain of the profiles the group fixes: anchor");
        int other = CertificateChecker.centroidArmQres(r.certificate()).get(0);
        assertThat(symmetricRefusal(r, new QreCertificate.SymmetricBranch(other, null, sb.fixed())))
            .contains("so the QRE is not shown to be fixed by the group");
        // a document whose claim has neither a Markov certificate nor a chain
        String json = CertificateJson.write(r.certificate());
        int at = json.indexOf("\"symmetricBranch\"");
        String bare = json.substring(0, at) + "\"symmetricBranch\" : { \"qre\" : 0 }," + json.substring(json.indexOf(
            "\n  \"", json.indexOf("\"fixed\"", at)) + 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CertificateJson.read(bare))
            .hasMessageContaining("either a \"markov\" certificate or a \"fixed\" chain");
    }

    /**
     * f(a, {b, c}) of a symmetric three-player game with three actions ({@link SymmetricGames#threeActions}) whose
     * chain past one of SYM-ARM's arms meets a bifurcation breaking the arm's stabilizer near λ = 1.5422.
     */
    private static final int[][] SECONDARY = {{-5, 9, -7, -1, -6, 6}, {5, 6, 3, -3, -6, 6}, {-9, 3, 4, -9, 5, -1}};
    private static QreResult secondary;

    /** The game {@link #SECONDARY} solved at λ = 10 to 20 digits (once for the tests that use it). */
    private static synchronized QreResult secondary() {
        if (secondary == null) {
            secondary = QreSolver.solve(SymmetricGames.threeActions("secondary", SECONDARY), Rational.of(10),
                QreSolver.Options.digits(20));
        }
        return secondary;
    }

    /**
     * A symmetric 3×3×3 game whose SYM-ARM arms end about 10⁻⁷ from the symmetric branch's singular point near
     * λ = 3.89724, where the full game is singular and the double path's Newton stalls at the doubles' noise above
     * 10⁻¹⁰: while such a stalled point was refused, SYM-ARM (9)'s chains from the arms' ends found a first piece
     * (about 3·10⁻⁸ long) only where the lengths tried happened to land on one — here for one arm of two (4 QREs at
     * λ = 10). Accepting a point whose residual is at that noise (below 10⁻¹², `ContinuationPath`), both chains reach
     * λ = 10: the symmetric QRE and six more, each solving the written-out equations, certified on the principal
     * branch.
     */
    @Test
    void nextToTheSingularPointBothArmsChainsReachLambda() {
        int[][] paid = {{3, 9, -4, -3, -4, -3}, {-4, -7, -5, 0, -9, 5}, {5, -6, -9, 7, -4, 6}};
        QreResult r = QreSolver.solve(SymmetricGames.threeActions("arms next to the point", paid), Rational.of(10),
            QreSolver.Options.digits(20));
        assertThat(r.qres()).as(r.pitchfork()).hasSize(7);
        for (org.equivariant.equilibrium.CertifiedQre q : r.qres()) {
            assertThat(SymmetricGames.threeActionsViolation(paid, 10, mid(q.enclosure()))).isLessThan(1e-14);
        }
        QreCertificate.CentroidArms ca = r.certificate().centroidArms().get(0);
        assertThat(ca.arms()).hasSize(2).allMatch(QreCertificate.CentroidArm::pastInFixed);
        CheckReport replay = CertificateChecker.check(r.certificate());
        assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
        assertThat(CertificateChecker.centroidArmQres(r.certificate())).hasSize(6);
    }

    /**
     * SYM-ARM (9) on {@link #SECONDARY}: at λ = 10 the chain of the full game past one arm's end stops near
     * λ = 1.5422, at a bifurcation that breaks the arm's stabilizer (a swap of two players); the chain in the profiles
     * the swap fixes passes it, and its QRE and the two images are certified on the principal branch — with the
     * symmetric QRE, the three on the other arm's branch and the six past the bifurcation (SYM-ARM (10), the next
     * test) thirteen QREs, each solving the written-out equations. Tampered: the chain read as one of the full game,
     * linked to a QRE the swap moves, to the symmetric QRE (which it fixes) or to no box, or without its first piece.
     */
    @Test
    void pastABifurcationOnAnArmTheChainInTheStabilizersProfilesReachesLambda() {
        int[][] paid = SECONDARY;
        QreResult r = secondary();
        assertThat(r.qres()).as(r.pitchfork()).hasSize(13);
        for (org.equivariant.equilibrium.CertifiedQre q : r.qres()) {
            assertThat(SymmetricGames.threeActionsViolation(paid, 10, mid(q.enclosure()))).isLessThan(1e-14);
        }
        QreCertificate.CentroidArms ca = r.certificate().centroidArms().get(0);
        List<QreCertificate.CentroidArm> within = ca.arms().stream().filter(QreCertificate.CentroidArm::pastInFixed)
            .toList();
        assertThat(within).hasSize(1);
        QreCertificate.CentroidArm arm = within.get(0);
        assertThat(ca.stabilizer()).hasSize(1);
        // the swap's fixed profiles: two players alike, the third not
        double[] s = mid(r.qres().get(arm.past().qre()).enclosure());
        int same = 0;
        for (int i = 0; i < 3; i++) {
            int j = (i + 1) % 3;
            same += Math.abs(s[3 * i] - s[3 * j]) + Math.abs(s[3 * i + 1] - s[3 * j + 1]) < 1e-15 ? 1 : 0;
        }
        assertThat(same).isEqualTo(1);
        CheckReport replay = CertificateChecker.check(r.certificate());
        assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
        assertThat(replay.findings()).anyMatch(f -> f.contains("in the profiles the stabilizer fixes (SYM-ARM (9)) to "
            + "QRE " + (arm.past().qre() + 1)));
        assertThat(CertificateChecker.centroidArmQres(r.certificate())).hasSize(12);
        QreCertificate json = CertificateJson.read(CertificateJson.write(r.certificate()));
        assertThat(json.centroidArms()).isEqualTo(r.certificate().centroidArms());
        assertThat(CertificateJson.write(r.certificate())).contains("\"pastInFixedProfiles\" : true");
        int other = arm.images().get(0).qre();
        QreCertificate.Branch moved = new QreCertificate.Branch(arm.past().digits(), arm.past().pieces(), other, null);
        QreCertificate.Branch cut = new QreCertificate.Branch(arm.past().digits(), arm.past().pieces().subList(1,
            arm.past().pieces().size()), arm.past().qre(), null);
        assertThat(armRefusal(r, ca, arm, new QreCertificate.CentroidArm(arm.sign(), arm.pieces(), arm.past(), false,
            arm.images()))).contains("the chain past the arm's end: ");
        assertThat(armRefusal(r, ca, arm, new QreCertificate.CentroidArm(arm.sign(), arm.pieces(), moved, true,
            List.of()))).contains("the image of QRE " + (other + 1) + " under players").contains("is not shown to lie "
            + "in its box, so the QRE is not shown to be fixed by the stabilizer");
        QreCertificate.Branch past = new QreCertificate.Branch(arm.past().digits(), arm.past().pieces(),
            r.qres().size(), null);
        assertThat(armRefusal(r, ca, arm, new QreCertificate.CentroidArm(arm.sign(), arm.pieces(), past, true,
            List.of()))).endsWith("QRE index 13 is not a box");
        assertThat(armRefusal(r, ca, arm, new QreCertificate.CentroidArm(arm.sign(), arm.pieces(), cut, true,
            arm.images()))).contains("the chain past the arm's end in the stabilizer's fixed profiles: ");
        // the symmetric QRE is fixed by the swap too, but it is not the chain's point at λ
        QreCertificate.Branch symmetric = new QreCertificate.Branch(arm.past().digits(), arm.past().pieces(),
            r.principalIndex(), null);
        assertThat(armRefusal(r, ca, arm, new QreCertificate.CentroidArm(arm.sign(), arm.pieces(), symmetric, true,
            List.of()))).contains("the QRE's enclosure does not lie in the last piece's tube at λ = 10");
    }

    /**
     * SYM-ARM (10) on {@link #SECONDARY}: the bifurcation near λ = 1.5422 on the chain past an arm, in the profiles the
     * arm's stabilizer (a swap of two players) fixes, is blown up with that chain as its base, in the whole profile
     * space; both arms' chains reach λ = 10, and their QRE and its images are six QREs with no two players alike, each
     * solving the written-out equations. Tampered: the blow-up moved under the other arm (whose chain is of the full
     * game), given the symmetric branch as its base, its arm without its first piece, its chain linked to the
     * symmetric QRE, or moved out of the arm to stand on its own (its base chain then has no anchor).
     */
    @Test
    void pastABifurcationOnAnArmsChainTheBranchesLeavingItAreCertified() {
        QreResult r = secondary();
        int[] alike = new int[4]; // pairs of players alike: 0, 1 (two alike) or 3 (all)
        for (org.equivariant.equilibrium.CertifiedQre q : r.qres()) {
            double[] s = mid(q.enclosure());
            assertThat(SymmetricGames.threeActionsViolation(SECONDARY, 10, s)).isLessThan(1e-14);
            int same = 0;
            for (int i = 0; i < 3; i++) {
                int j = (i + 1) % 3;
                same += Math.abs(s[3 * i] - s[3 * j]) + Math.abs(s[3 * i + 1] - s[3 * j + 1]) < 1e-15 ? 1 : 0;
            }
            alike[same]++;
        }
        assertThat(alike).containsExactly(6, 6, 0, 1);
        QreCertificate.CentroidArms ca = r.certificate().centroidArms().get(0);
        QreCertificate.CentroidArm arm = ca.arms().stream().filter(a -> !a.onward().isEmpty()).findFirst()
            .orElseThrow();
        QreCertificate.CentroidArm other = ca.arms().stream().filter(a -> a != arm).findFirst().orElseThrow();
        assertThat(arm.onward()).hasSize(1);
        QreCertificate.CentroidArms onward = arm.onward().get(0);
        assertThat(onward.base()).isEqualTo(new QreCertificate.TrivialBase(ca.stabilizer(), arm.past()));
        assertThat(onward.stabilizer()).isEmpty();
        List<Integer> past = new ArrayList<>();
        for (QreCertificate.CentroidArm a : onward.arms()) {
            past.add(a.past().qre());
            a.images().forEach(image -> past.add(image.qre()));
        }
        for (int k : past) {
            double[] s = mid(r.qres().get(k).enclosure());
            assertThat(Math.abs(s[0] - s[3]) + Math.abs(s[3] - s[6]) + Math.abs(s[0] - s[6])).isGreaterThan(1e-3);
        }
        assertThat(new java.util.HashSet<>(past)).hasSize(6);
        CheckReport replay = CertificateChecker.check(r.certificate());
        assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
        assertThat(replay.findings()).anyMatch(f -> f.contains("SYM-ARM (10)"));
        String json = CertificateJson.write(r.certificate());
        assertThat(json).contains("\"onward\"");
        QreCertificate back = CertificateJson.read(json);
        assertThat(back.centroidArms()).isEqualTo(r.certificate().centroidArms());
        assertThat(CertificateChecker.check(back).valid()).isTrue();
        // a blow-up on an arm's chain takes its base from the arm: a document that gives it one is refused, by path
        int at = json.indexOf("\"onward\" : [ {") + "\"onward\" : [ {".length();
        String based = json.substring(0, at) + " \"base\" : { }," + json.substring(at);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CertificateJson.read(based))
            .hasMessageContaining(".onward[0].base").hasMessageContaining("unknown key");
        // tampered
        assertThat(armRefusal(r, ca, other, withOnward(other, List.of(onward)))).contains("another base");
        assertThat(armRefusal(r, ca, arm, withOnward(arm, List.of(new QreCertificate.CentroidArms(onward
            .stabilizer(), onward.normal(), onward.arms(), ca.base()))))).contains("another base");
        QreCertificate.CentroidArm first = onward.arms().get(0);
        QreCertificate.CentroidArm cut = new QreCertificate.CentroidArm(first.sign(), first.pieces().subList(1,
            first.pieces().size()), first.past(), false, first.images());
        assertThat(armRefusal(r, ca, arm, withOnward(arm, List.of(new QreCertificate.CentroidArms(onward
            .stabilizer(), onward.normal(), List.of(cut), onward.base()))))).contains("(SYM-ARM (10)): the arm: ");
        QreCertificate.CentroidArm symmetric = new QreCertificate.CentroidArm(first.sign(), first.pieces(),
            new QreCertificate.Branch(first.past().digits(), first.past().pieces(), r.principalIndex(), null), false,
            List.of());
        assertThat(armRefusal(r, ca, arm, withOnward(arm, List.of(new QreCertificate.CentroidArms(onward
            .stabilizer(), onward.normal(), List.of(symmetric), onward.base()))))).contains("(SYM-ARM (10)): the "
            + "chain past the arm's end: ");
        List<QreCertificate.CentroidArms> alone = new ArrayList<>(r.certificate().centroidArms());
        alone.add(onward);
        CheckReport c = CertificateChecker.check(r.certificate().withCentroidArms(alone));
        assertThat(c.valid()).isFalse();
        assertThat(c.findings().get(c.findings().size() - 1)).contains("the chain of the profiles the base's "
            + "symmetries fix: ");
    }

    private static QreCertificate.CentroidArm withOnward(QreCertificate.CentroidArm arm,
                                                         List<QreCertificate.CentroidArms> onward) {
        return new QreCertificate.CentroidArm(arm.sign(), arm.pieces(), arm.past(), arm.pastInFixed(), arm.images(),
            onward);
    }

    /**
     * Four interchangeable players, f(1, ·) = (2, −7, −7, −8), f(2, ·) = (−3, −1, 0, −4) for k = 0 … 3: the symmetric
     * branch's singular point splits into the branches with one player apart (the stabilizer S₃ of one coordinate)
     * and those with two pairs of players alike (the set stabilizer S₂ × S₂ of one coordinate of two players, a
     * pitchfork whose two arms are mirror images). At λ = 10: the symmetric QRE, eight with one player apart and six
     * with two pairs, each solving the written-out equations, the fourteen on the leaving branches in two blow-ups.
     */
    @Test
    void withFourPlayersTheBranchesOfTwoPairsLeaveToo() {
        int[][] paid = {{2, -7, -7, -8}, {-3, -1, 0, -4}};
        QreResult r = QreSolver.solve(game(paid), Rational.of(10), QreSolver.Options.digits(20));
        assertThat(r.qres()).as(r.pitchfork()).hasSize(15);
        int[] split = new int[4]; // symmetric, one player apart, two pairs, other
        for (org.equivariant.equilibrium.CertifiedQre q : r.qres()) {
            double[] s = mid(q.enclosure());
            assertThat(violation(paid, 10, s)).isLessThan(1e-14);
            int alike = 0; // pairs of players alike
            for (int i = 0; i < 4; i++) {
                for (int j = i + 1; j < 4; j++) {
                    alike += Math.abs(s[2 * i] - s[2 * j]) < 1e-12 ? 1 : 0;
                }
            }
            split[alike == 6 ? 0 : alike == 3 ? 1 : alike == 2 ? 2 : 3]++;
        }
        assertThat(split).containsExactly(1, 8, 6, 0);
        assertThat(CertificateChecker.centroidArmQres(r.certificate())).hasSize(14);
        assertThat(r.certificate().centroidArms()).extracting(ca -> ca.stabilizer().size()).containsExactly(5, 3);
        CheckReport replay = CertificateChecker.check(r.certificate());
        assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
    }

    /**
     * Six interchangeable players, f(1, ·) = (6, 2, −5, 8, 9, −2), f(2, ·) = (8, −1, 6, −9, −7, 9) for k = 0 … 5 others
     * on action 1: the symmetric branch's singular point near λ = 0.6473 splits into the branches with one player apart
     * (S₅), two players apart (S₂ × S₄) and three against three (S₃ × S₃, the set stabilizer of one coordinate of three
     * players). At λ = 3: the symmetric QRE, 12, 30 and 20 QREs with the players split 5 + 1, 4 + 2 and 3 + 3 (6·2,
     * 15·2 and 10·2: the ways to set one or two players apart or to split them three against three, times two arms),
     * each solving the written-out equations, in three blow-ups.
     */
    @Test
    void withSixPlayersTheBranchesOfThreeAgainstThreeLeaveToo() {
        int[][] paid = {{6, 2, -5, 8, 9, -2}, {8, -1, 6, -9, -7, 9}};
        QreResult r = QreSolver.solve(SymmetricGames.twoActions("six", paid), Rational.of(3), QreSolver.Options
            .digits(20));
        java.util.Map<String, Integer> splits = new java.util.TreeMap<>();
        for (org.equivariant.equilibrium.CertifiedQre q : r.qres()) {
            double[] s = mid(q.enclosure());
            assertThat(SymmetricGames.twoActionsViolation(paid, 3, s)).isLessThan(1e-14);
            List<Integer> groups = new ArrayList<>(); // the sizes of the groups of players alike
            boolean[] seen = new boolean[6];
            for (int i = 0; i < 6; i++) {
                if (seen[i]) {
                    continue;
                }
                int size = 0;
                for (int j = i; j < 6; j++) {
                    if (!seen[j] && Math.abs(s[2 * i] - s[2 * j]) < 1e-12) {
                        seen[j] = true;
                        size++;
                    }
                }
                groups.add(size);
            }
            groups.sort(java.util.Comparator.reverseOrder());
            splits.merge(groups.toString(), 1, Integer::sum);
        }
        assertThat(splits).containsExactlyEntriesOf(new java.util.TreeMap<>(java.util.Map.of("[3, 3]", 20, "[4, 2]",
            30, "[5, 1]", 12, "[6]", 1)));
        assertThat(r.certificate().centroidArms()).extracting(ca -> ca.stabilizer().size()).containsExactly(119, 47,
            35);
        assertThat(CertificateChecker.centroidArmQres(r.certificate())).hasSize(62);
        CheckReport replay = CertificateChecker.check(r.certificate());
        assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
    }

    /** The checker's last finding on the certificate with {@code arm} replaced, or null if it accepts it. */
    private static String armRefusal(QreResult r, QreCertificate.CentroidArms ca, QreCertificate.CentroidArm arm,
                                     QreCertificate.CentroidArm replacement) {
        List<QreCertificate.CentroidArm> arms = new ArrayList<>(ca.arms());
        arms.set(arms.indexOf(arm), replacement);
        CheckReport c = CertificateChecker.check(r.certificate().withCentroidArms(List.of(new QreCertificate
            .CentroidArms(ca.stabilizer(), ca.normal(), arms, ca.base()))));
        return c.valid() ? null : c.findings().get(c.findings().size() - 1);
    }

    private static String symmetricRefusal(QreResult r, QreCertificate.SymmetricBranch claim) {
        CheckReport c = CertificateChecker.check(r.certificate().withCentroidArms(List.of()).withSymmetricBranch(
            claim));
        return c.principal() >= 0 ? null : String.join("\n", c.findings());
    }
}
