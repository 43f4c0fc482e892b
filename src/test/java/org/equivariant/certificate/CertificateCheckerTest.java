package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.equivariant.TestData;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

class CertificateCheckerTest {
    static final NormalFormGame GAME = NfgReader.read(TestData.nfg("const_sum_game.nfg"));
    static final QreCertificate GOOD = QreSolver.solve(GAME, Rational.of(2), QreSolver.Options.digits(30))
        .certificate();

    @Test
    void acceptsTheSolversCertificateAlsoAfterJsonRoundTrip() {
        CheckReport r = CertificateChecker.check(GOOD);
        assertThat(r.valid()).isTrue();
        assertThat(r.unique()).isTrue();
        QreCertificate back = CertificateJson.read(CertificateJson.write(GOOD));
        assertThat(back).isEqualTo(GOOD);
        assertThat(CertificateChecker.check(back).valid()).isTrue();
    }

    @Test
    void rejectsAMovedBox() {
        QreCertificate.Box b = GOOD.boxes().get(0);
        List<Rational> c = new ArrayList<>(b.center());
        c.set(1, c.get(1).add(b.radius().multiply(Rational.of(3))));
        QreCertificate moved = with(GOOD, new QreCertificate.Box(c, b.radius(), b.preconditioner()));
        CheckReport r = CertificateChecker.check(moved);
        assertThat(r.valid()).isFalse();
        assertThat(r.findings()).anyMatch(s -> s.contains("Krawczyk test failed"));
    }

    /**
     * The preconditioner need only approximate F′(c)⁻¹ (the checker's I − R·J runs in 62-bit dyadic intervals and
     * doubles with rigorous bounds): R scaled by 1 + 10⁻⁶ still proves the box; R = 0 leaves K = X, not inside its
     * interior; R scaled by 3 makes I − R·J ≈ −2I, which doubles the box instead of contracting it.
     */
    @Test
    void thePreconditionerNeedOnlyApproximateTheInverse() {
        QreCertificate.Box b = GOOD.boxes().get(0);
        Function<Rational, QreCertificate> scaled = k -> with(GOOD, new QreCertificate.Box(
            b.center(), b.radius(), b.preconditioner().stream().map(row -> row.stream().map(k::multiply).toList())
            .toList()));
        assertThat(CertificateChecker.check(scaled.apply(Rational.ONE.add(Rational.of(1, 1_000_000)))).valid())
            .isTrue();
        for (Rational k : List.of(Rational.ZERO, Rational.of(3))) {
            CheckReport r = CertificateChecker.check(scaled.apply(k));
            assertThat(r.valid()).as("R scaled by %s", k).isFalse();
            assertThat(r.findings()).anyMatch(x -> x.contains("Krawczyk test failed"));
        }
    }

    /**
     * At 400 digits the box's radius and residual (about 10⁻⁴⁰⁰) lie far below the doubles' range, where the checker's
     * products with R and with I − R·J run: they are scaled into it exactly, and the box is proved — and a box moved
     * by three radii is still refused.
     */
    @Test
    void aBoxFarBelowTheDoublesRangeIsCheckedByScaledProducts() {
        QreCertificate deep = QreSolver.solve(GAME, Rational.of(2), QreSolver.Options.digits(400)).certificate();
        QreCertificate.Box b = deep.boxes().get(0);
        assertThat(b.radius().compareTo(Rational.of(new BigDecimal("1e-390")))).isNegative();
        assertThat(CertificateChecker.check(deep).valid()).isTrue();
        List<Rational> c = new ArrayList<>(b.center());
        c.set(0, c.get(0).add(b.radius().multiply(Rational.of(3))));
        CheckReport moved = CertificateChecker.check(with(deep, new QreCertificate.Box(c, b.radius(),
            b.preconditioner())));
        assertThat(moved.valid()).isFalse();
        assertThat(moved.findings()).anyMatch(s -> s.contains("Krawczyk test failed"));
    }

    @Test
    void rejectsAWrongKappa() {
        QreCertificate.Uniqueness u = GOOD.uniqueness();
        QreCertificate halved = new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(), GOOD.lambda(),
            GOOD.digits(), GOOD.boxes(), new QreCertificate.Uniqueness(u.w(), u.kappa().divide(Rational.TWO)));
        assertThat(CertificateChecker.check(halved).valid()).isFalse();
        assertThat(CertificateChecker.check(halved).findings()).anyMatch(s -> s.contains("exceeds κ"));
        // a true κ that does not beat τ: λ = 5 gives τ = 1/5 < κ = 1/4
        QreCertificate tooCold = new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(), Rational.of(5),
            GOOD.digits(), GOOD.boxes(), u);
        assertThat(CertificateChecker.check(tooCold).findings()).anyMatch(s -> s.contains("is not above κ"));
    }

    @Test
    void rejectsAnEditedPayoffWithOrWithoutAFreshHash() {
        List<RationalTensor> edited = new ArrayList<>(GOOD.payoffs());
        List<Rational> data = new ArrayList<>(edited.get(0).data());
        data.set(0, data.get(0).add(Rational.ONE));
        edited.set(0, new RationalTensor(edited.get(0).dims(), data));
        QreCertificate staleHash = new QreCertificate(GOOD.title(), edited, GOOD.sha256(), GOOD.lambda(),
            GOOD.digits(), GOOD.boxes(), GOOD.uniqueness());
        assertThat(CertificateChecker.check(staleHash).findings()).anyMatch(s -> s.contains("hash mismatch"));
        QreCertificate freshHash = new QreCertificate(GOOD.title(), edited, RationalTensor.sha256(edited),
            GOOD.lambda(), GOOD.digits(), GOOD.boxes(), GOOD.uniqueness());
        CheckReport r = CertificateChecker.check(freshHash);
        assertThat(r.valid()).isFalse();
        assertThat(r.findings()).anyMatch(s -> s.contains("Krawczyk test failed"));
    }

    @Test
    void rejectsMalformedShapes() {
        QreCertificate.Box b = GOOD.boxes().get(0);
        QreCertificate shortCenter = with(GOOD, new QreCertificate.Box(b.center().subList(0, 3), b.radius(),
            b.preconditioner()));
        assertThat(CertificateChecker.check(shortCenter).findings()).anyMatch(s -> s.contains("centre has 3"));
        QreCertificate zeroRadius = with(GOOD, new QreCertificate.Box(b.center(), Rational.ZERO, b.preconditioner()));
        assertThat(CertificateChecker.check(zeroRadius).valid()).isFalse();
    }

    @Test
    void jsonErrorsNameThePath() {
        String json = CertificateJson.write(GOOD);
        assertThatThrownBy(() -> CertificateJson.read(json.replace("\"radius\"", "\"r\"")))
            .hasMessageContaining("boxes[0].r: unknown key");
        assertThatThrownBy(() -> CertificateJson.read(json.replaceFirst("\"radius\" : \"[^\"]*\",", "")))
            .hasMessageContaining("boxes[0].radius: missing");
        assertThatThrownBy(() -> CertificateJson.read(json.replaceFirst("\"lambda\" : \"2\"", "\"lambda\" : \"x\"")))
            .hasMessageContaining("lambda: 'x' is not a number");
        assertThatThrownBy(() -> CertificateJson.read("{ nope")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> CertificateJson.read(json.replace(QreCertificate.FORMAT, "other/1")))
            .hasMessageContaining("format");
    }

    @Test
    void severalDisjointBoxesProveNonUniqueness() {
        NormalFormGame coord = NfgReader.read(TestData.nfg("coord2.nfg"));
        QreResult r = QreSolver.solve(coord, Rational.of(4), QreSolver.Options.all(20));
        CheckReport report = CertificateChecker.check(r.certificate());
        assertThat(report.valid()).isTrue();
        assertThat(report.distinct()).isTrue();
        assertThat(report.unique()).isFalse();
        // claiming uniqueness as well is a contradiction the checker refuses
        QreCertificate c = r.certificate();
        QreCertificate both = new QreCertificate(c.title(), c.payoffs(), c.sha256(), c.lambda(), c.digits(),
            c.boxes(), new QreCertificate.Uniqueness(List.of(Rational.ONE, Rational.ONE), Rational.of(100)));
        assertThat(CertificateChecker.check(both).valid()).isFalse();
    }

    private static QreCertificate with(QreCertificate c, QreCertificate.Box box) {
        return new QreCertificate(c.title(), c.payoffs(), c.sha256(), c.lambda(), c.digits(), List.of(box),
            c.uniqueness());
    }

    /** The checker's inequalities at their boundaries, each decided the right way round. */
    @Test
    void boundaryCasesOfTheCheckersInequalities() {
        QreCertificate.Uniqueness u = GOOD.uniqueness();
        // λκ = 1 exactly: τ = κ is not above κ (UNIQ-H needs τ > κ)
        QreCertificate atKappa = new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(),
            u.kappa().reciprocal(), GOOD.digits(), GOOD.boxes(), u);
        assertThat(CertificateChecker.check(atKappa).valid()).isFalse();
        assertThat(CertificateChecker.check(atKappa).findings()).anyMatch(f -> f.contains("is not above κ"));
        // (D/4)w = κw with equality is a valid certificate (the solver's for this game is exactly tight)
        assertThat(u.w()).containsExactly(Rational.ONE, Rational.ONE);
        assertThat(u.kappa()).isEqualTo(Rational.of(1, 4));
        assertThat(CertificateChecker.check(GOOD).unique()).isTrue();
        // a zero or negative weight is refused
        for (Rational bad : List.of(Rational.ZERO, Rational.of(-1))) {
            QreCertificate zero = new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(), GOOD.lambda(),
                GOOD.digits(), GOOD.boxes(), new QreCertificate.Uniqueness(List.of(Rational.ONE, bad), u.kappa()));
            assertThat(CertificateChecker.check(zero).valid()).isFalse();
            assertThat(CertificateChecker.check(zero).findings()).anyMatch(f -> f.contains("w_2 = " + bad
                + " is not positive"));
        }
        // a box of radius zero, and a centre of the wrong length, are malformed
        QreCertificate.Box b = GOOD.boxes().get(0);
        CheckReport flat = CertificateChecker.check(with(GOOD, new QreCertificate.Box(b.center(), Rational.ZERO,
            b.preconditioner())));
        assertThat(flat.valid()).isFalse();
        assertThat(flat.findings()).anyMatch(f -> f.contains("radius 0 is not positive"));
        CheckReport shortCentre = CertificateChecker.check(with(GOOD, new QreCertificate.Box(b.center().subList(0, 3),
            b.radius(), b.preconditioner())));
        assertThat(shortCentre.valid()).isFalse();
        assertThat(shortCentre.findings()).contains("box 1: centre has 3 coordinates, expected 4");
        CheckReport badR = CertificateChecker.check(with(GOOD, new QreCertificate.Box(b.center(), b.radius(),
            b.preconditioner().subList(0, 3))));
        assertThat(badR.valid()).isFalse();
        assertThat(badR.findings()).contains("box 1: preconditioner is not 4×4");
        CheckReport shortW = CertificateChecker.check(new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(),
            GOOD.lambda(), GOOD.digits(), GOOD.boxes(), new QreCertificate.Uniqueness(List.of(Rational.ONE),
            u.kappa())));
        assertThat(shortW.valid()).isFalse();
        assertThat(shortW.findings()).contains("uniqueness: w has 1 entries, the game has 2 players");
    }

    static QreCertificate boxes(QreCertificate c, List<QreCertificate.Box> boxes, QreCertificate.Uniqueness u) {
        return new QreCertificate(c.title(), c.payoffs(), c.sha256(), c.lambda(), c.digits(), boxes, u);
    }

    /** The same box twice verifies twice, but two overlapping boxes prove nothing about two QREs. */
    @Test
    void overlappingBoxesDoNotProveTwoQres() {
        QreCertificate.Box b = GOOD.boxes().get(0);
        CheckReport r = CertificateChecker.check(boxes(GOOD, List.of(b, b), null));
        assertThat(r.valid()).isFalse();
        assertThat(r.distinct()).isFalse();
        assertThat(r.findings()).contains("box 1: contains exactly one QRE (Krawczyk)",
            "box 2: contains exactly one QRE (Krawczyk)",
            "boxes 1 and 2 overlap: they may hold the same QRE, so 2 distinct QREs are not proved");
    }

    /** Exactly two disjoint boxes prove two QREs; one box proves one; the findings name the boxes by number. */
    @Test
    void twoDisjointBoxesAndTheBoxNumbersInTheFindings() {
        NormalFormGame coord = NfgReader.read(TestData.nfg("coord2.nfg"));
        QreCertificate all = QreSolver.solve(coord, Rational.of(4), QreSolver.Options.all(20)).certificate();
        assertThat(all.boxes().size()).isGreaterThanOrEqualTo(2);
        CheckReport two = CertificateChecker.check(boxes(all, all.boxes().subList(0, 2), null));
        assertThat(two.valid()).isTrue();
        assertThat(two.distinct()).isTrue();
        assertThat(two.enclosures()).hasSize(2);
        assertThat(two.findings()).contains("2 pairwise disjoint boxes: at least 2 QREs");
        CheckReport one = CertificateChecker.check(boxes(all, all.boxes().subList(0, 1), null));
        assertThat(one.valid()).isTrue();
        assertThat(one.distinct()).isFalse();
        assertThat(one.findings()).noneMatch(f -> f.contains("pairwise disjoint"));
        QreCertificate.Box b = all.boxes().get(1);
        List<Rational> c = new ArrayList<>(b.center());
        c.set(0, c.get(0).add(b.radius().multiply(Rational.of(5))));
        CheckReport moved = CertificateChecker.check(boxes(all, List.of(all.boxes().get(0),
            new QreCertificate.Box(c, b.radius(), b.preconditioner())), null));
        assertThat(moved.valid()).isFalse();
        assertThat(moved.findings()).contains("box 1: contains exactly one QRE (Krawczyk)",
            "box 2: Krawczyk test failed (K(X) is not inside the interior of X)");
    }

    /** λ, the precision and the box list at the limits the checker accepts. */
    @Test
    void theFieldsAreCheckedAtTheirLimits() {
        QreCertificate.Box b = GOOD.boxes().get(0);
        QreCertificate atZero = QreSolver.solve(GAME, Rational.ZERO, QreSolver.Options.digits(20)).certificate();
        assertThat(CertificateChecker.check(atZero).valid()).as("lambda = 0 is allowed").isTrue();
        CheckReport negative = CertificateChecker.check(new QreCertificate(GOOD.title(), GOOD.payoffs(),
            GOOD.sha256(), Rational.of(-1), GOOD.digits(), GOOD.boxes(), null));
        assertThat(negative.valid()).isFalse();
        assertThat(negative.findings()).contains("λ = -1 is negative");
        for (int digits : new int[] {9, CertificateJson.MAX_DIGITS + 1}) {
            CheckReport r = CertificateChecker.check(new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(),
                GOOD.lambda(), digits, GOOD.boxes(), null));
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).anyMatch(f -> f.contains("interval precision " + digits + " digits is outside"));
        }
        for (int digits : new int[] {10, 40, CertificateJson.MAX_DIGITS}) {
            CheckReport r = CertificateChecker.check(new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(),
                GOOD.lambda(), digits, GOOD.boxes(), null));
            assertThat(r.findings()).noneMatch(f -> f.contains("interval precision"));
        }
        CheckReport none = CertificateChecker.check(boxes(GOOD, List.of(), null));
        assertThat(none.valid()).isFalse();
        assertThat(none.findings()).contains("no box: the certificate certifies no QRE");
        assertThat(CertificateChecker.verifyBox(GOOD.payoffs(), GOOD.lambda(), GOOD.digits(), b)).hasSize(4);
        assertThat(CertificateChecker.verifyBox(GOOD.payoffs(), GOOD.lambda(), GOOD.digits(), new QreCertificate.Box(
            b.center().subList(0, 3), b.radius(), b.preconditioner()))).isNull();
        // the same box at an enormous λ is a refusal, not a crash
        CheckReport huge = CertificateChecker.check(new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(),
            Rational.of(100_000_000), GOOD.digits(), GOOD.boxes(), null));
        assertThat(huge.valid()).isFalse();
    }

    /** The uniqueness findings name the violated row and the temperatures. */
    @Test
    void uniquenessRefusalsNameTheRowAndTheTemperature() {
        QreCertificate.Uniqueness u = GOOD.uniqueness();
        CheckReport small = CertificateChecker.check(boxes(GOOD, GOOD.boxes(), new QreCertificate.Uniqueness(u.w(),
            u.kappa().multiply(Rational.of(1, 2)))));
        assertThat(small.valid()).isFalse();
        assertThat(small.findings()).anyMatch(f -> f.startsWith("uniqueness: (D/4 w)_1 = 1/4 exceeds κ w_1 = 1/8"));
        QreCertificate atKappa = new QreCertificate(GOOD.title(), GOOD.payoffs(), GOOD.sha256(),
            u.kappa().reciprocal(), GOOD.digits(), GOOD.boxes(), u);
        assertThat(CertificateChecker.check(atKappa).findings()).contains(
            "uniqueness: τ = 1/λ = 1/4 is not above κ = 1/4");
        assertThat(CertificateChecker.check(GOOD).findings()).contains(
            "uniqueness: (D/4)w ≤ κw with κ = 1/4 and τ = 1/λ > κ (UNIQ-H)");
    }

    /** The principal-branch claim: its QRE index must name a box, and the finding names the QRE and the start. */
    @Test
    void thePrincipalClaimNamesItsQreAndStart() {
        NormalFormGame coord = NfgReader.read(TestData.nfg("coord2.nfg"));
        QreCertificate cert = QreSolver.solve(coord, Rational.of(2), QreSolver.Options.digits(20)).certificate();
        assertThat(cert.branch()).isNotNull();
        CheckReport ok = CertificateChecker.check(cert);
        assertThat(ok.valid()).isTrue();
        assertThat(ok.principal()).isZero();
        boolean fromCentroid = cert.branch().pieces().get(0).from().signum() == 0;
        assertThat(ok.findings()).anyMatch(f -> f.startsWith("principal branch: ") && f.contains(" to QRE 1 at λ = 2 ")
            && f.contains(fromCentroid ? "join (centroid, λ = 0)" : "join the unique QRE at λ = "
            + cert.branch().pieces().get(0).from() + " (UNIQ-H anchor)"));
        QreCertificate.Branch b = cert.branch();
        QreCertificate beyond = cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), 1, b.anchor()));
        CheckReport bad = CertificateChecker.check(beyond);
        assertThat(bad.valid()).isFalse();
        assertThat(bad.principal()).isEqualTo(-1);
        assertThat(bad.findings()).contains("principal branch: the principal QRE index 1 is not a box");
    }

    /**
     * MQRE-CHAIN (6), the symmetric-branch link: in 3·I₃ at λ = 3 (centroid principal past its pitchfork, coordination
     * QREs beside it) the solver's claim is accepted with a finding naming the chain and the QRE; the claim moved to
     * another certified QRE or past the last box, the Markov certificate of another λ or game, one without a chain or
     * with a displaced box, and an enclosure whose soft values leave the Markov value box are each refused with their
     * reason. A certificate that fails earlier checks does not reach the link.
     */
    @Test
    void aSymmetricBranchClaimForAnotherQreOrGameIsRefused() {
        NormalFormGame i3 = NfgReader.read("i3.nfg", "NFG 1 R \"3 I3\" { \"1\" \"2\" } { 3 3 }\n"
            + "3 3 0 0 0 0 0 0 3 3 0 0 0 0 0 0 3 3\n");
        QreCertificate good = QreSolver.solve(i3, Rational.of(3), QreSolver.Options.all(20)).certificate();
        QreCertificate.SymmetricBranch sb = good.symmetricBranch();
        assertThat(sb).isNotNull();
        assertThat(good.boxes().size()).isGreaterThan(1);
        MarkovQreCertificate m = sb.markov();
        CheckReport accepted = CertificateChecker.check(good);
        assertThat(accepted.valid()).as(String.join("\n", accepted.findings())).isTrue();
        assertThat(accepted.principal()).isEqualTo(sb.qre());
        assertThat(accepted.findings()).contains("principal branch: the game read as a one-state Markov game has a "
            + "chain of " + m.branch().pieces().size() + " pieces from β = 0 in the subspace fixed by "
            + m.branchSymmetries().size() + " symmetries to a Markov QRE whose box holds QRE " + (sb.qre() + 1)
            + " with its soft values (MQRE-CHAIN (5), (6))");
        int other = sb.qre() == 0 ? 1 : 0;
        symmetricRefused(good, other, m, "QRE coordinate 1 is not inside the Markov QRE's policy box");
        symmetricRefused(good, good.boxes().size(), m, "the principal QRE index " + good.boxes().size()
            + " is not a box");
        QreCertificate atTwo = QreSolver.solve(i3, Rational.TWO, QreSolver.Options.digits(20)).certificate();
        symmetricRefused(good, sb.qre(), atTwo.symmetricBranch().markov(), "its τ = 1/2 is not 1/λ");
        NormalFormGame twoI3 = NfgReader.read("2i3.nfg", "NFG 1 R \"2 I3\" { \"1\" \"2\" } { 3 3 }\n"
            + "2 2 0 0 0 0 0 0 2 2 0 0 0 0 0 0 2 2\n");
        symmetricRefused(good, sb.qre(), new MarkovQreCertificate(MarkovGame.of(twoI3), m.tau(), m.boxes(), null,
            null, m.branch(), m.branchSymmetries()), "is not this game read as a one-state Markov game");
        symmetricRefused(good, sb.qre(), new MarkovQreCertificate(m.game(), m.tau(), m.boxes(), null, null, null,
            m.branchSymmetries()), "the Markov certificate has no chain");
        List<List<Interval>> shifted = m.boxes().stream().map(b -> b.stream().map(x -> new Interval(
            x.lo().add(BigDecimal.ONE), x.hi().add(BigDecimal.ONE))).toList()).toList();
        symmetricRefused(good, sb.qre(), new MarkovQreCertificate(m.game(), m.tau(), shifted, null, null, m.branch(),
            m.branchSymmetries()), "the Markov certificate does not put its QRE on its chain: ");
        // an enclosure inside the Markov policy box at its upper corner, off the simplex: V(σ) leaves the value box
        MarkovQreSystem sys = new MarkovQreSystem(m.game(), m.tau());
        List<Interval> corner = sys.policiesIn(0, m.boxes().get(0)).stream().map(x -> new Interval(x.hi(), x.hi()))
            .toList();
        List<List<Interval>> verified = new ArrayList<>();
        for (QreCertificate.Box b : good.boxes()) {
            verified.add(CertificateChecker.verifyBox(good.payoffs(), good.lambda(), good.digits(), b));
        }
        verified.set(sb.qre(), corner);
        CheckReport off = CertificateChecker.checkAssembled(good, verified);
        assertThat(off.valid()).isFalse();
        assertThat(off.findings()).anyMatch(f -> f.startsWith("principal branch (one-state Markov reading): player 1's "
            + "soft value ") && f.endsWith(" is not inside the Markov QRE's value box"));
        // a certificate already invalid (a wrong hash) is not credited with the link
        QreCertificate wrongHash = new QreCertificate(good.title(), good.payoffs(), "0".repeat(64), good.lambda(),
            good.digits(), good.boxes(), good.uniqueness(), good.claimedQres(), good.branch(), sb, null, null, null,
            null);
        CheckReport early = CertificateChecker.check(wrongHash);
        assertThat(early.principal()).isEqualTo(-1);
        assertThat(early.findings()).noneMatch(f -> f.startsWith("principal branch"));
    }

    /** The certificate with its symmetric-branch claim replaced is refused, with the reason, and names no principal. */
    private static void symmetricRefused(QreCertificate c, int qre, MarkovQreCertificate markov, String reason) {
        CheckReport r = CertificateChecker.check(c.withSymmetricBranch(new QreCertificate.SymmetricBranch(qre, markov)));
        assertThat(r.valid()).isFalse();
        assertThat(r.principal()).isEqualTo(-1);
        assertThat(r.findings()).anyMatch(f -> f.startsWith("principal branch (one-state Markov reading): ")
            && f.contains(reason));
    }

    /** The certified error radius is the largest distance from the centre to an end point, exactly. */
    @Test
    void theRadiusIsTheLargestDistanceToAnEndPoint() {
        List<Interval> e = List.of(Interval.of(new BigDecimal("0"), new BigDecimal("1")),
            Interval.of(new BigDecimal("2"), new BigDecimal("5")));
        assertThat(CertificateChecker.radius(e, List.of(Rational.of(1, 2), Rational.of(3)))).isEqualTo(Rational.TWO);
        assertThat(CertificateChecker.radius(e, List.of(Rational.of(-1), Rational.of(4)))).isEqualTo(Rational.TWO);
        assertThat(CertificateChecker.radius(e.subList(0, 1), List.of(Rational.of(3)))).isEqualTo(Rational.of(3));
    }

    /**
     * Every player's payoff against the others' uniform mixtures constant (players 1 and 2 pinned, player 3's two
     * actions averaging alike; the case PinSubProperty found under -Pthorough, shrunk): the chain stops at the centroid
     * line's singular point λ = 9/4, and past it the certified centroid is tagged principal by the centroid-line claim
     * (BR-CHAIN corollary 2), which the checker replays from JSON. A game edited by 10⁻⁴⁰ so that the centroid is not
     * a QRE (the box still holds it and the edited game's QRE), and a claim on a box that does not hold the centroid
     * (one of I₂'s two other QREs at λ = 10), are refused.
     */
    @Test
    void aCentroidLineClaimIsReplayedAndTamperingIsCaught() {
        NormalFormGame g = NfgReader.read("line.nfg", "NFG 1 R \"pinned\" { \"1\" \"2\" \"3\" } { 3 3 2 }\n"
            + "0 0 -5/2 0 0 -5 0 0 -17/4 0 0 4 0 0 3 0 0 5/4 0 0 -3 0 0 15/4 0 0 2\n"
            + "4/9 4/9 9/2 4/9 4/9 -2 -8/9 4/9 3 4/9 4/9 -1/4 4/9 4/9 -3 -8/9 4/9 0 4/9 -8/9 5/2 4/9 -8/9 -5/2 "
            + "28/9 28/9 -3\n");
        QreResult r = QreSolver.solve(g, Rational.of(63, 20), QreSolver.Options.digits(20));
        assertThat(r.principal().state()).as(r.principal().detail()).isEqualTo(
            org.equivariant.equilibrium.PrincipalBranch.State.CENTROID_LINE);
        assertThat(r.principal().reached()).isLessThan(2.25);
        List<Interval> qre = r.qres().get(r.principalIndex()).enclosure();
        for (int k = 0; k < 8; k++) {
            Rational centroid = Rational.of(1, k < 6 ? 3 : 2);
            assertThat(Rational.of(qre.get(k).lo()).compareTo(centroid)).isLessThanOrEqualTo(0);
            assertThat(Rational.of(qre.get(k).hi()).compareTo(centroid)).isGreaterThanOrEqualTo(0);
        }
        CheckReport replay = CertificateChecker.check(CertificateJson.read(CertificateJson.write(r.certificate())));
        assertThat(replay.valid()).isTrue();
        assertThat(replay.principal()).isEqualTo(r.principalIndex());
        assertThat(replay.findings()).anyMatch(f -> f.contains("the whole centroid line lies in the principal branch"));

        List<RationalTensor> edited = new ArrayList<>(g.payoffs());
        List<Rational> third = new ArrayList<>(edited.get(2).data());
        // 10⁻⁴⁰: the box (radius about 10⁻³¹) still holds the edited game's one QRE and the centroid, which is no QRE
        third.set(0, third.get(0).add(Rational.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(40))));
        edited.set(2, new RationalTensor(edited.get(2).dims(), third));
        QreCertificate c = r.certificate();
        QreCertificate moved = new QreCertificate(c.title(), edited, RationalTensor.sha256(edited), c.lambda(),
            c.digits(), c.boxes(), c.uniqueness(), c.claimedQres(), null, null, null, c.centroidLine(), null,
            null);
        CheckReport off = CertificateChecker.check(moved);
        assertThat(off.principal()).isEqualTo(-1);
        assertThat(off.findings()).anyMatch(f -> f.startsWith("principal branch (centroid line): the centroid is not a "
            + "QRE at every λ: player 3's payoff, averaged over the others of players 1, 2, 3 playing uniformly, is ")
            && f.contains(" for its action 1 but -1/12 for its action 2"));

        QreResult coord = QreSolver.solve(NfgReader.read("i2.nfg", "NFG 1 R \"I2\" { \"1\" \"2\" } { 2 2 }\n"
            + "1 1 0 0 0 0 1 1\n"), Rational.of(10), QreSolver.Options.all(15));
        int notCentroid = -1;
        for (int k = 0; k < coord.qres().size(); k++) {
            if (!coord.qres().get(k).enclosure().get(0).contains(new BigDecimal("0.5"))) {
                notCentroid = k;
            }
        }
        assertThat(notCentroid).isNotNegative();
        CheckReport elsewhere = CertificateChecker.check(coord.certificate().withCentroidLine(
            new QreCertificate.CentroidLine(notCentroid)));
        assertThat(elsewhere.principal()).isEqualTo(-1);
        assertThat(elsewhere.findings()).anyMatch(f -> f.startsWith("principal branch (centroid line): the box's "
            + "coordinate 1 ") && f.endsWith("does not hold the centroid's 1/2"));
    }
}
