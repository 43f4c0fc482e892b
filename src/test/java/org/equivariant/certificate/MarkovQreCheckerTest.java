package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.equilibrium.MarkovQreSolver;
import org.equivariant.game.MarkovGame;
import org.equivariant.io.Bundled;
import org.equivariant.io.MarkovGameReader;
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.symmetry.Permutation;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * The replay of a Markov principal-branch claim (MQRE-CHAIN, {@link MarkovQreChecker}): the solver's chain is accepted
 * with a finding that names its pieces, symmetries and QRE; each tampering is refused with its own reason, the
 * certificate invalid and no QRE called principal. (The control that names another certified QRE as the chain's end
 * is {@code MqreChainProperty#aQreOffTheChainIsRefused}.)
 */
class MarkovQreCheckerTest {
    static MarkovGame bundled(String name) {
        return MarkovGameReader.read(name, Bundled.text("bundled:" + name, Limits.DEFAULT), Limits.DEFAULT);
    }

    static MarkovQreChecker.Report check(MarkovGame g, Rational tau, List<List<Interval>> boxes,
                                         QreCertificate.Branch branch, List<MarkovSymmetry> symmetries) {
        return MarkovQreChecker.check(new MarkovQreCertificate(g, tau, boxes, null, null, branch, symmetries));
    }

    /** The principal QRE at {@code sys}'s τ past the chain of {@code first} (in its symmetries' subspace, if any). */
    static MarkovQreSolver.Principal pastTheChain(MarkovQreSolver.Principal first, MarkovQreSystem sys) {
        return MarkovQreSolver.pastTheEnd(sys, first.branch().pieces(), "", List.of(), first.symmetries());
    }

    /** Whether the checker accepts the box moved by 10⁻⁶ in its first coordinate as a Markov QRE's. */
    static boolean acceptsMoved(MarkovGame g, Rational tau, List<Interval> box) {
        List<Interval> moved = new ArrayList<>(box);
        moved.set(0, new Interval(box.get(0).lo().add(new BigDecimal("1e-6")), box.get(0).hi().add(
            new BigDecimal("1e-6"))));
        return MarkovQreChecker.check(new MarkovQreCertificate(g, tau, List.of(moved), null)).valid();
    }

    /** Refused: invalid, no principal QRE, and the reason among the findings. */
    static void refused(MarkovQreChecker.Report r, String reason) {
        assertThat(r.valid()).as(String.join("\n", r.findings())).isFalse();
        assertThat(r.principal()).isEqualTo(-1);
        assertThat(r.findings()).anyMatch(f -> f.startsWith("principal branch (MQRE-CHAIN) rejected: ")
            && f.contains(reason));
    }

    @Test
    void aTamperedChainIsRefused() {
        MarkovGame g = MarkovNpgRateTest.PENNIES;
        Rational tau = Rational.ONE;
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
        assertThat(p.traced()).as(p.detail()).isTrue();
        List<List<Interval>> boxes = List.of(p.qre().box());
        QreCertificate.Branch b = p.branch();
        MarkovQreChecker.Report good = check(g, tau, boxes, b, List.of());
        assertThat(good.valid()).isTrue();
        assertThat(good.principal()).isZero();
        assertThat(good.findings()).contains("principal branch (MQRE-CHAIN): " + b.pieces().size() + " pieces join "
            + "beta = 0 (tau = infinity, the uniform policy) to beta = 1/tau; QRE 1 lies on it");
        List<BranchPiece> pieces = new ArrayList<>(b.pieces());
        BranchPiece first = pieces.get(0);
        pieces.set(0, new BranchPiece(first.parameter(), new BigDecimal("0.001"), first.to(), first.center(),
            first.tangent(), first.curvature(), first.thirdDerivative(), first.deviation(), first.preconditioner(),
            first.preconditionerSlope()));
        refused(check(g, tau, boxes, new QreCertificate.Branch(b.digits(), pieces, 0, null), List.of()),
            "the first piece must start at beta = 0");
        refused(check(g, tau, boxes, new QreCertificate.Branch(b.digits(), List.of(), 0, null), List.of()),
            "the first piece must start at beta = 0");
        pieces = new ArrayList<>(b.pieces());
        int k = pieces.size() / 2;
        BranchPiece mid = pieces.get(k);
        List<BigDecimal> moved = new ArrayList<>(mid.center());
        moved.set(0, moved.get(0).add(mid.deviation().get(0).width().multiply(BigDecimal.TEN)));
        pieces.set(k, new BranchPiece(mid.parameter(), mid.from(), mid.to(), moved, mid.tangent(), mid.curvature(),
            mid.thirdDerivative(), mid.deviation(), mid.preconditioner(), mid.preconditionerSlope(), mid.shear()));
        refused(check(g, tau, boxes, new QreCertificate.Branch(b.digits(), pieces, 0, null), List.of()),
            "piece " + (k + 1) + ": ");
        // an anchor (a normal-form notion) is refused; so is a chain ending at a QRE that is not certified
        refused(check(g, tau, boxes, new QreCertificate.Branch(b.digits(), b.pieces(), 0,
            new QreCertificate.Uniqueness(List.of(Rational.ONE), Rational.of(1, 2))), List.of()), "takes no anchor");
        List<Interval> displacedBox = p.qre().box().stream().map(x -> new Interval(x.lo().add(BigDecimal.ONE),
            x.hi().add(BigDecimal.ONE))).toList();
        refused(check(g, tau, List.of(displacedBox), b, List.of()), "QRE 1 is not certified");
    }

    /**
     * One agent with two actions in s1 and three in s2 (src/test/resources/markov/uneven.json): the start at β = 0 is
     * not the uniform policy.
     */
    static final MarkovGame UNEVEN = read("src/test/resources/markov/uneven.json");

    static MarkovGame read(String file) {
        try {
            return MarkovGameReader.read(file, java.nio.file.Files.readString(java.nio.file.Path.of(file)),
                Limits.DEFAULT);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * MQRE-TAIL (4): matching pennies with a third action D for the row agent — H's transitions, a reward 2 lower, so
     * Q(D) = Q(H) − 2 at every policy (src/test/resources/markov/pennies_dominated.json). Past a chain to τ = 1/200 the
     * tail leaves D out of the support in both states; its QRE at τ = 1/3200 lies within 10τ of the hand-worked limit
     * and encloses D's probability below 10⁻²⁰. Each off-support condition refuses on its own. At τ = 10⁻⁸ the QRE's
     * box, whose D sides reach 0, passes the log form with D's rows π − e^{(Q − V)/τ} (corollary 2 with O).
     */
    @Test
    void aTailWithAnActionOffTheSupportBoundsThatActionsRows() {
        MarkovGame g = read("src/test/resources/markov/pennies_dominated.json");
        MarkovQreSolver.Principal first = MarkovQreSolver.principal(g, Rational.of(1, 200), (k, b) -> { });
        MarkovQreSystem sys = new MarkovQreSystem(g, Rational.of(1, 3200));
        MarkovQreSolver.Principal p = pastTheChain(first, sys);
        assertThat(p).isNotNull();
        assertThat(p.traced()).as(p.detail()).isTrue();
        MarkovTail tail = p.tail();
        assertThat(tail.offSupport()).containsExactly(sys.policyIndex(0, 0, 2), sys.policyIndex(0, 1, 2));
        MarkovQreCertificate good = p.certificate(g, sys.tau(), List.of(p.qre().box()), null, null);
        MarkovQreChecker.Report ok = MarkovQreChecker.check(good);
        assertThat(ok.valid()).as(String.join("\n", ok.findings())).isTrue();
        assertThat(ok.principal()).isZero();
        assertThat(ok.findings()).anyMatch(f -> f.contains("but 2 off its support, never played (MQRE-TAIL (4))"));
        List<Interval> qre = ok.enclosures().get(0);
        assertThat(qre.get(sys.policyIndex(0, 0, 2)).hi()).isLessThan(new BigDecimal("1e-20"));
        double tau = 1.0 / 3200;
        double[][] limit = {{0.5, 0.5}, {0.5, 0.5}, {0.4, 0.6}, {0.4, 0.6}}; // row s1, column s1, row s2, column s2
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < 2; i++) {
                for (int a = 0; a < 2; a++) {
                    assertThat(qre.get(sys.policyIndex(i, s, a)).mid().doubleValue()).isCloseTo(limit[2 * s + i][a],
                        org.assertj.core.data.Offset.offset(10 * tau));
                }
            }
        }
        List<Interval> end = BranchChecker.end(first.branch().pieces().get(first.branch().pieces().size() - 1),
            first.branch().digits());
        Rational r = tail.radius();
        Rational v = tail.valueRadius();
        int d1 = sys.policyIndex(0, 0, 2);
        int d2 = sys.policyIndex(0, 1, 2);
        assertThat(new MarkovTail(tail.center(), r, v, tail.beta0()).problem(sys, end, null))
            .contains("comes within the radius of 0");
        assertThat(new MarkovTail(tail.center(), r, v, tail.beta0(), List.of(0, d1, d2)).problem(sys, end, null))
            .contains("an action off the support is not worse than the value throughout the box");
        assertThat(new MarkovTail(tail.center(), r, v, Rational.of(1, 4), List.of(d1, d2)).problem(sys, end, null))
            .contains("beta0 gamma = ").contains("is below 1");
        assertThat(new MarkovTail(tail.center(), r, v, tail.beta0(), List.of(0, 1, d1, d2)).problem(sys, end, null))
            .contains("every action of agent 1 in state 1 is off the support");
        for (List<Integer> bad : List.of(List.of(d2, d1), List.of(d1, d1), List.of(d1, sys.policySize()),
            List.of(-1, d1))) {
            assertThat(new MarkovTail(tail.center(), r, v, tail.beta0(), bad).problem(sys, end, null)).as(bad.toString())
                .contains("offSupport must be an increasing list of policy coordinates");
        }
        assertThat(new MarkovTail(tail.center(), r, v, tail.beta0(), List.of(d1, d2)).problem(sys, end, null))
            .isNull();
        String json = good.toJson();
        assertThat(json).contains("\"offSupport\"");
        assertThat(MarkovQreCertificate.read(org.equivariant.io.JsonInput.parse("c.json", json), Limits.DEFAULT)
            .branchTail()).isEqualTo(tail);
        // corollary 2 with O at τ = 10⁻⁸: D's probability e^{−2·10⁸} puts 0 in the QRE's box, so neither F's test nor
        // the plain log form's applies; the log form with D's rows π − e^{(Q − V)/τ} holds
        MarkovQreSystem low = new MarkovQreSystem(g, Rational.of(1, 100_000_000));
        MarkovQreSolver.Principal q = pastTheChain(first, low);
        assertThat(q.traced()).as(q.detail()).isTrue();
        List<Interval> box = q.qre().box();
        assertThat(Krawczyk.test(low, box).holds()).isFalse();
        assertThat(low.offSupportOf(box)).containsExactly(d1, d2);
        MarkovQreChecker.Report cold = MarkovQreChecker.check(q.certificate(g, low.tau(), List.of(box), null, null));
        assertThat(cold.valid()).as(String.join("\n", cold.findings())).isTrue();
        assertThat(cold.principal()).isZero();
        assertThat(cold.findings()).contains("QRE 1: the system's own Krawczyk test fails, its log form's (MQRE-TAIL "
            + "corollary 2) holds, with the 2 policy coordinates whose sides reach 0 in the rows pi - exp((Q - V)/tau) "
            + "(MQRE-TAIL (4))");
        assertThat(acceptsMoved(g, low.tau(), box)).as("the box moved off the QRE").isFalse();
    }

    /**
     * MQRE-CHAIN (7): with unequal action counts the chain starts at the reward-free game's Markov QRE at τ = 1, which
     * soft value iteration written here finds (W(s) = log Σ_b exp(γ W(next(s, b)))) inside the first piece's tube at
     * β = 0, and whose uniqueness the certificate's branchStart proves; without it, with a tampered one, or with one
     * on a game of equal counts, the chain is refused.
     */
    @Test
    void anUnevenGamesChainStartsAtTheRewardFreeQreProvedUnique() {
        Rational tau = Rational.of(1, 4);
        assertThat(UNEVEN.hasEqualActionCounts()).isFalse();
        MarkovQreCertificate good = principalCertificate(UNEVEN, tau, "the reward-free game's Markov QRE at tau = 1, "
            + "unique by MQRE-U");
        MarkovQreCertificate.Uniqueness start = good.branchStart();
        assertThat(start).isNotNull();
        // the reward-free soft values by value iteration: s1 → (a: s2, b: s1), s2 → (a: s1, b: s1, c: s2)
        double w1 = 0;
        double w2 = 0;
        for (int it = 0; it < 200; it++) {
            double n1 = Math.log(Math.exp(0.5 * w2) + Math.exp(0.5 * w1));
            double n2 = Math.log(2 * Math.exp(0.5 * w1) + Math.exp(0.5 * w2));
            w1 = n1;
            w2 = n2;
        }
        double[] z0 = {Math.exp(0.5 * w2 - w1), Math.exp(0.5 * w1 - w1), Math.exp(0.5 * w1 - w2),
            Math.exp(0.5 * w1 - w2), Math.exp(0.5 * w2 - w2), w1, w2};
        assertThat(z0[0]).as("not the uniform policy").isGreaterThan(0.54);
        List<Interval> point = new ArrayList<>();
        for (double v : z0) {
            point.add(new Interval(BigDecimal.valueOf(v - 1e-12), BigDecimal.valueOf(v + 1e-12)));
        }
        QreCertificate.Branch b = good.branch();
        assertThat(BranchChecker.link(b.pieces().subList(0, 1), Rational.ZERO, point, b.digits(), "β")).isNull();
        point.set(0, new Interval(BigDecimal.valueOf(0.5), BigDecimal.valueOf(0.5)));
        assertThat(BranchChecker.link(b.pieces().subList(0, 1), Rational.ZERO, point, b.digits(), "β"))
            .as("the uniform policy is not the start").isNotNull();
        // refusals: no start proof, a tampered one, one on a game with equal counts
        refused(MarkovQreChecker.check(new MarkovQreCertificate(UNEVEN, tau, good.boxes(), null, null, b, List.of(),
            null, null)), "no branchStart proves the chain's start at beta = 0 unique");
        MarkovQreCertificate.Uniqueness low = new MarkovQreCertificate.Uniqueness(start.eta(), start.w(),
            start.kappa().multiply(Rational.of(1, 2)));
        refused(MarkovQreChecker.check(new MarkovQreCertificate(UNEVEN, tau, good.boxes(), null, null, b, List.of(),
            null, low)), "branchStart (MQRE-U for the reward-free game at tau = 1, MQRE-CHAIN (7)): ");
        MarkovGame g = MarkovNpgRateTest.PENNIES;
        MarkovQreSolver.Principal q = MarkovQreSolver.principal(g, Rational.ONE, (k, c) -> { });
        refused(MarkovQreChecker.check(new MarkovQreCertificate(g, Rational.ONE, List.of(q.qre().box()), null, null,
            q.branch(), List.of(), null, start)), "takes no branchStart");
        // JSON: written in the new format, read back equal; a start without a branch refused with its path
        assertThat(good.toJson()).contains("\"equivariant-markov-qre-5\"").contains("\"branchStart\"");
        assertThat(readBack(good).branchStart()).isEqualTo(start);
        refusedWhenRead(new MarkovQreCertificate(UNEVEN, tau, good.boxes(), null, null, null, List.of(), null, start),
            "branchStart", "the certificate has none");
    }

    /**
     * The certificate of the principal Markov QRE at τ, traced by the solver; the checker must accept it, tag QRE 1
     * principal and say {@code finding} about its chain.
     */
    private static MarkovQreCertificate principalCertificate(MarkovGame g, Rational tau, String finding) {
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
        assertThat(p.traced()).as(p.detail()).isTrue();
        MarkovQreCertificate c = p.certificate(g, tau, List.of(p.qre().box()), null, null);
        MarkovQreChecker.Report ok = MarkovQreChecker.check(c);
        assertThat(ok.valid()).as(String.join("\n", ok.findings())).isTrue();
        assertThat(ok.principal()).isZero();
        assertThat(ok.findings()).anyMatch(f -> f.contains(finding));
        return c;
    }

    /** The certificate written as JSON and read back. */
    private static MarkovQreCertificate readBack(MarkovQreCertificate c) {
        return MarkovQreCertificate.read(org.equivariant.io.JsonInput.parse("c.json", c.toJson()), Limits.DEFAULT);
    }

    /** Reading the certificate's JSON fails with a message naming {@code member} and saying {@code why}. */
    private static void refusedWhenRead(MarkovQreCertificate c, String member, String why) {
        String json = c.toJson();
        assertThatThrownBy(() -> MarkovQreCertificate.read(org.equivariant.io.JsonInput.parse("c.json", json),
            Limits.DEFAULT)).hasMessageContaining(member).hasMessageContaining(why);
    }

    /**
     * MQRE-CHAIN (8): a game whose reward-free start MQRE-U does not prove unique (κ ≥ 1 at every step tried) gets its
     * chain started by the start homotopy from the uniform policy, which the certificate carries and the checker
     * replays. Refused: a homotopy piece moved, the homotopy cut before θ = 1 (the start box is then in no last tube at
     * θ = 1), without its first piece or with its last piece twice (the arc then meets θ = 1 before the end), a start
     * box moved off its zero or outside the branch's first tube (narrowed to its line), a homotopy beside a branchStart
     * or on a game with equal action counts; the JSON is read back equal, and a homotopy without a branch is refused
     * with its path.
     */
    @Test
    void aStartHomotopyJoinsAnUnprovedStartToTheUniformPolicy() {
        MarkovGame g = read("src/test/resources/markov/uneven_unproved.json");
        Rational tau = Rational.of(1, 2);
        MarkovQreCertificate.Uniqueness unproved = MarkovQreSolver.start(g);
        assertThat(unproved.kappa()).isGreaterThanOrEqualTo(Rational.ONE);
        MarkovQreCertificate good = principalCertificate(g, tau, "pieces of the start homotopy (MQRE-CHAIN (8))");
        MarkovQreCertificate.StartHomotopy h = good.branchStartHomotopy();
        assertThat(h).isNotNull();
        assertThat(good.branchStart()).isNull();
        List<BranchPiece> pieces = h.chain().pieces();
        String theorem = "the start homotopy (MQRE-CHAIN (8)): ";
        BranchPiece first = pieces.get(0);
        List<BigDecimal> center = new ArrayList<>(first.center());
        center.set(0, center.get(0).add(new BigDecimal("0.001")));
        BranchPiece moved = new BranchPiece(first.parameter(), first.from(), first.to(), center, first.tangent(),
            first.curvature(), first.thirdDerivative(), first.deviation(), first.preconditioner(),
            first.preconditionerSlope(), first.shear());
        List<BranchPiece> tampered = new ArrayList<>(pieces);
        tampered.set(0, moved);
        refused(withHomotopy(good, tampered, h.start(), null), theorem + "piece 1");
        refused(withHomotopy(good, pieces.subList(0, pieces.size() - 1), h.start(), null), theorem
            + "the start box does not lie in the last piece's tube at theta = 1");
        refused(withHomotopy(good, pieces.subList(1, pieces.size()), h.start(), null), theorem
            + "its first piece must start at theta = 0");
        List<BranchPiece> past = new ArrayList<>(pieces);
        past.add(pieces.get(pieces.size() - 1));
        refused(withHomotopy(good, past, h.start(), null), theorem + "piece " + pieces.size() + " may reach theta = 1 "
            + "before the last piece");
        // the branch's first tube narrowed to its line (deviation 0): the start box no longer lies in it
        BranchPiece b0 = good.branch().pieces().get(0);
        BranchPiece thin = new BranchPiece(b0.parameter(), b0.from(), b0.to(), b0.center(), b0.tangent(),
            b0.curvature(), b0.thirdDerivative(), b0.deviation().stream().map(d -> Interval.point(d.mid())).toList(),
            b0.preconditioner(), b0.preconditionerSlope(), b0.shear());
        List<BranchPiece> narrowed = new ArrayList<>(good.branch().pieces());
        narrowed.set(0, thin);
        refused(MarkovQreChecker.check(new MarkovQreCertificate(g, tau, good.boxes(), null, null,
            new QreCertificate.Branch(good.branch().digits(), narrowed, 0, null), List.of(), null, null, h)), theorem
            + "the start box does not lie in the branch's first tube at beta = 0");
        List<Interval> off = new ArrayList<>(h.start());
        int w = off.size() - 1;
        off.set(w, new Interval(off.get(w).lo().add(new BigDecimal("0.01")), off.get(w).hi().add(new BigDecimal(
            "0.01"))));
        refused(withHomotopy(good, pieces, off, null), theorem + "the start box is not shown to hold exactly one zero");
        refused(withHomotopy(good, pieces, h.start(), unproved), theorem + "only for a game whose action counts");
        MarkovGame even = MarkovNpgRateTest.PENNIES;
        MarkovQreSolver.Principal q = MarkovQreSolver.principal(even, Rational.ONE, (k, c) -> { });
        refused(MarkovQreChecker.check(new MarkovQreCertificate(even, Rational.ONE, List.of(q.qre().box()), null, null,
            q.branch(), List.of(), null, null, h)), theorem + "only for a game whose action counts");
        assertThat(good.toJson()).contains("\"equivariant-markov-qre-5\"").contains("\"branchStartHomotopy\"");
        MarkovQreCertificate back = readBack(good);
        assertThat(back.branchStartHomotopy().start()).usingElementComparator(java.util.Comparator.comparing(
            Interval::lo).thenComparing(Interval::hi)).containsExactlyElementsOf(h.start());
        assertThat(back.branchStartHomotopy().chain().pieces()).isEqualTo(pieces);
        assertThat(MarkovQreChecker.check(back).principal()).isZero();
        refusedWhenRead(new MarkovQreCertificate(g, tau, good.boxes(), null, null, null, List.of(), null, null, h),
            "branchStartHomotopy", "no branch");
    }

    /**
     * MQRE-CHAIN (8) with (5): a game whose two agents a symmetry exchanges, with 2 and 3 actions in its two states:
     * the chain from the start homotopy's end stops in the full space near β = 1.956 and passes in the subspace the
     * symmetry fixes; the start box is invariant and its reduction lies in that chain's first tube. A start box that is
     * not invariant (one side of one policy coordinate widened) is refused.
     */
    @Test
    void aSymmetricGamesStartHomotopyMeetsTheChainInTheFixedSubspace() {
        MarkovGame g = read("src/test/resources/markov/uneven_symmetric.json");
        Rational tau = Rational.of(1, 4);
        MarkovQreCertificate good = principalCertificate(g, tau, "in the subspace fixed by 1 symmetries");
        MarkovQreCertificate.StartHomotopy h = good.branchStartHomotopy();
        assertThat(h).isNotNull();
        List<Interval> lopsided = new ArrayList<>(h.start());
        lopsided.set(0, new Interval(lopsided.get(0).lo().subtract(new BigDecimal("1e-30")), lopsided.get(0).hi()));
        refused(MarkovQreChecker.check(new MarkovQreCertificate(g, tau, good.boxes(), null, null, good.branch(),
            good.branchSymmetries(), null, null, new MarkovQreCertificate.StartHomotopy(h.chain(), lopsided))),
            "the start box is not invariant under the symmetries");
    }

    /** The certificate c with its start homotopy replaced by these pieces and start box, and this branchStart. */
    private static MarkovQreChecker.Report withHomotopy(MarkovQreCertificate c, List<BranchPiece> pieces,
                                                        List<Interval> start, MarkovQreCertificate.Uniqueness u) {
        QreCertificate.Branch chain = new QreCertificate.Branch(c.branchStartHomotopy().chain().digits(), pieces, -1,
            null);
        return MarkovQreChecker.check(new MarkovQreCertificate(c.game(), c.tau(), c.boxes(), null, null, c.branch(),
            List.of(), null, u, new MarkovQreCertificate.StartHomotopy(chain, start)));
    }

    /** MQRE-CHAIN (5): a relabelling that is not a symmetry, and a box that is not invariant, are refused. */
    @Test
    void aFalseSymmetryOrAnAsymmetricBoxIsRefused() {
        MarkovGame g = bundled("markov_coordination");
        Rational tau = Rational.ONE;
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
        assertThat(p.traced()).isTrue();
        List<Interval> box = p.qre().box();
        MarkovQreChecker.Report good = check(g, tau, List.of(box), p.branch(), p.symmetries());
        assertThat(good.principal()).as(String.join("\n", good.findings())).isZero();
        assertThat(good.findings()).anyMatch(f -> f.startsWith("principal branch (MQRE-CHAIN): ") && f.contains(
            " in the subspace fixed by " + p.symmetries().size() + " symmetries of the game, each checked exactly"));
        // swapping the two states of the coordination game is not a symmetry (the high state pays more)
        List<Permutation> same = List.of(Permutation.identity(2), Permutation.identity(2));
        List<MarkovSymmetry> forged = new ArrayList<>(p.symmetries());
        forged.add(new MarkovSymmetry(Permutation.identity(2), Permutation.of(1, 0), List.of(same, same)));
        refused(check(g, tau, List.of(box), p.branch(), forged), "relabelling " + forged.size()
            + " of branchSymmetries is not a symmetry of the game");
        // one coordinate of the box widened on one side only: no longer invariant under the agent swap
        List<Interval> lopsided = new ArrayList<>(box);
        lopsided.set(0, new Interval(box.get(0).lo().subtract(new BigDecimal("1e-12")), box.get(0).hi()));
        refused(check(g, tau, List.of(lopsided), p.branch(), p.symmetries()), "the box of QRE 1 is not invariant "
            + "under the symmetries");
    }

    /**
     * MQRE-TAIL: the bundled matching pennies' chain to β = 1000, a tail from its end and the principal QRE at β = 8000
     * inside it; the untampered certificate accepted (its finding naming the tail), each condition refused on its own:
     * shape, the chain's end before β₀, outside the box or past 1/τ, the Krawczyk test (β₀ = 1: the box too small for
     * every t in [0, 1]), the QRE's enclosure outside the box, a chain in a fixed subspace; and the JSON
     * form read back, a tail without a branch or citing another theorem refused.
     */
    @Test
    void eachTailConditionRefusesOnItsOwn() {
        MarkovGame g = bundled("markov_matching_pennies");
        MarkovQreSolver.Principal first = MarkovQreSolver.principal(g, Rational.of(1, 1000), (k, b) -> { });
        assertThat(first.traced()).as(first.detail()).isTrue();
        Rational tau = Rational.of(1, 8000);
        MarkovQreSystem sys = new MarkovQreSystem(g, tau);
        MarkovQreSolver.Principal p = pastTheChain(first, sys);
        assertThat(p).isNotNull();
        assertThat(p.traced()).as(p.detail()).isTrue();
        MarkovTail tail = p.tail();
        MarkovQreCertificate good = p.certificate(g, tau, List.of(p.qre().box()), null, null);
        MarkovQreChecker.Report ok = MarkovQreChecker.check(good);
        assertThat(ok.principal()).as(String.join("\n", ok.findings())).isZero();
        assertThat(ok.findings()).anyMatch(f -> f.startsWith("principal branch (MQRE-CHAIN): ") && f.contains(
            "(MQRE-TAIL); QRE 1 lies on it"));
        assertThat(MarkovQreChecker.inLogForm(ok, 0)).as("the softmax system's own test holds at 1/8000").isFalse();
        List<Interval> end = BranchChecker.end(p.branch().pieces().get(p.branch().pieces().size() - 1),
            p.branch().digits());
        List<Interval> qre = ok.enclosures().get(0);
        assertThat(tail.problem(sys, end, qre, null)).isNull();
        Rational r = tail.radius();
        Rational v = tail.valueRadius();
        assertThat(new MarkovTail(tail.center().subList(1, tail.center().size()), r, v, tail.beta0()).problem(sys,
            end, null)).contains("coordinates");
        assertThat(new MarkovTail(tail.center(), Rational.ZERO, v, tail.beta0()).problem(sys, end, null))
            .contains("must be positive");
        assertThat(new MarkovTail(tail.center(), r, Rational.ZERO, tail.beta0()).problem(sys, end, null))
            .contains("must be positive");
        assertThat(new MarkovTail(tail.center(), r, v, Rational.ZERO).problem(sys, end, null))
            .contains("must be positive");
        int least = 0;
        for (int k = 1; k < sys.policySize(); k++) {
            least = tail.center().get(k).compareTo(tail.center().get(least)) < 0 ? k : least;
        }
        assertThat(new MarkovTail(tail.center(), tail.center().get(least), v, tail.beta0()).problem(sys, end, null))
            .contains("policy coordinate " + (least + 1) + " of the centre comes within the radius of 0");
        // X itself, its ends exactly c ± r (policies) and c ± v (values), lies in X; one value side wider does not
        List<Interval> x = new ArrayList<>();
        for (int k = 0; k < sys.size(); k++) {
            Rational c = tail.center().get(k);
            Rational side = k < sys.policySize() ? r : v;
            x.add(new Interval(c.subtract(side).toExactDecimalOrNull(), c.add(side).toExactDecimalOrNull()));
        }
        assertThat(tail.contains(sys, x)).isTrue();
        List<Interval> wider = new ArrayList<>(x);
        int last = sys.size() - 1;
        wider.set(last, new Interval(x.get(last).lo(), x.get(last).hi().add(new BigDecimal("1e-30"))));
        assertThat(tail.contains(sys, wider)).isFalse();
        Rational past = Rational.of(end.get(sys.size()).hi()).add(Rational.ONE);
        assertThat(new MarkovTail(tail.center(), r, v, past).problem(sys, end, null)).contains("is not beyond beta0");
        Rational thousandth = Rational.of(1, 1000);
        assertThat(new MarkovTail(tail.center(), r.multiply(thousandth), v.multiply(thousandth), tail.beta0())
            .problem(sys, end, null)).contains("the chain's end does not lie in the tail's box");
        assertThat(new MarkovTail(tail.center(), r, v, Rational.ONE).problem(sys, end, null))
            .contains("the Krawczyk test over the box and beta >= beta0 failed");
        assertThat(tail.problem(new MarkovQreSystem(g, Rational.of(1, 100)), end, qre, null))
            .contains("is past beta");
        List<Interval> away = new ArrayList<>(qre);
        away.set(0, new Interval(qre.get(0).lo().add(BigDecimal.ONE), qre.get(0).hi().add(BigDecimal.ONE)));
        assertThat(tail.problem(sys, end, away, null)).contains("the QRE's enclosure does not lie in the tail's box");
        // through the checker: a moved centre
        List<Rational> moved = new ArrayList<>(tail.center());
        moved.set(0, moved.get(0).add(r.multiply(Rational.of(2))));
        MarkovQreChecker.Report off = MarkovQreChecker.check(new MarkovQreCertificate(g, tau, good.boxes(), null,
            null, good.branch(), List.of(), new MarkovTail(moved, r, v, tail.beta0()), null));
        refused(off, "MQRE-TAIL: the chain's end does not lie in the tail's box");
        // JSON: read back equal; a tail without a branch, or citing another theorem, refused with its path
        MarkovQreCertificate back = MarkovQreCertificate.read(org.equivariant.io.JsonInput.parse("c.json",
            good.toJson()), Limits.DEFAULT);
        assertThat(back.branchTail()).isEqualTo(tail);
        assertThat(MarkovQreChecker.check(back).principal()).isZero();
        com.fasterxml.jackson.databind.node.ObjectNode tree = good.toJsonTree();
        tree.remove("branch");
        assertThatThrownBy(() -> MarkovQreCertificate.read(org.equivariant.io.JsonInput.parse("c.json",
            tree.toString()), Limits.DEFAULT)).hasMessageContaining("branchTail").hasMessageContaining("has none");
        com.fasterxml.jackson.databind.node.ObjectNode other = good.toJsonTree();
        ((com.fasterxml.jackson.databind.node.ObjectNode) other.get("branchTail")).put("theorem", "MIX-TAIL");
        assertThatThrownBy(() -> MarkovQreCertificate.read(org.equivariant.io.JsonInput.parse("c.json",
            other.toString()), Limits.DEFAULT)).hasMessageContaining("cites MQRE-TAIL");
    }

    /**
     * MQRE-TAIL (3): the congestion game's chain runs in the subspace its 23 symmetries fix (its full chain meets a
     * symmetry-breaking bifurcation near β = 0.7477); traced there to β = 1000, a tail from its end carries it to τ =
     * 10⁻⁵, where all three agents mix 1/2–1/2 in both states (by the symmetries) and the values tend to the
     * equilibrium's. Accepted, the finding naming the subspace; refused: a centre not constant on an orbit, and the
     * tail without the symmetries (the chain's pieces are then read in the full space).
     */
    @Test
    void aTailAfterAChainInAFixedSubspaceIsTestedThere() {
        MarkovGame g = bundled("markov_congestion");
        MarkovQreSolver.Principal first = MarkovQreSolver.principal(g, Rational.of(1, 1000), (k, b) -> { });
        assertThat(first.traced()).as(first.detail()).isTrue();
        assertThat(first.symmetries()).hasSize(23);
        MarkovQreSystem sys = new MarkovQreSystem(g, Rational.of(1, 100_000));
        MarkovQreSolver.Principal p = pastTheChain(first, sys);
        assertThat(p.traced()).as(p.detail()).isTrue();
        MarkovQreCertificate good = p.certificate(g, sys.tau(), List.of(p.qre().box()), null, null);
        MarkovQreChecker.Report ok = MarkovQreChecker.check(good);
        assertThat(ok.principal()).as(String.join("\n", ok.findings())).isZero();
        assertThat(ok.findings()).anyMatch(f -> f.contains("(MQRE-TAIL) in the subspace fixed by 23 symmetries"));
        for (int k = 0; k < sys.policySize(); k++) {
            Interval pi = ok.enclosures().get(0).get(k);
            assertThat(pi.lo().compareTo(new BigDecimal("0.5")) <= 0 && pi.hi().compareTo(new BigDecimal("0.5")) >= 0)
                .as("policy coordinate " + k + " " + pi).isTrue();
        }
        MarkovTail tail = p.tail();
        List<Rational> lopsided = new ArrayList<>(tail.center());
        lopsided.set(0, lopsided.get(0).add(tail.radius().divide(Rational.of(2))));
        refused(MarkovQreChecker.check(new MarkovQreCertificate(g, sys.tau(), good.boxes(), null, null, good.branch(),
            good.branchSymmetries(), new MarkovTail(lopsided, tail.radius(), tail.valueRadius(), tail.beta0()), null)),
            "the centre is not fixed by the symmetries (coordinate ");
        // an action off the support on one coordinate of its orbit only (MQRE-TAIL (4) with (3))
        refused(MarkovQreChecker.check(new MarkovQreCertificate(g, sys.tau(), good.boxes(), null, null, good.branch(),
            good.branchSymmetries(), new MarkovTail(tail.center(), tail.radius(), tail.valueRadius(), tail.beta0(),
            List.of(0)), null)), "the coordinates off the support are not fixed by the symmetries (coordinate ");
        assertThat(MarkovQreChecker.check(new MarkovQreCertificate(g, sys.tau(), good.boxes(), null, null,
            good.branch(), List.of(), tail, null)).valid()).isFalse();
    }

    /**
     * MQRE-TAIL's Lemma 1 at τ = 10⁻⁸, where the system's own test fails on matching pennies' principal QRE (terms
     * (Q − V)/τ of 10⁸): the box passes in the log form and is accepted, named so in the findings; the QRE lies within
     * 10τ of the hand-worked limit (2/5 in s2, MarkovCommandTest) and not at it. Controls: the box moved by 10⁻⁶ (no
     * QRE in it) and a box with a side from 0 to below the QRE's probability are refused; the same side up to the box's
     * own end (the log form then takes that coordinate off the support, MQRE-TAIL (4)) is accepted.
     */
    @Test
    void aQreBeyondTheSystemsOwnTestIsCertifiedInItsLogForm() {
        MarkovGame g = bundled("markov_matching_pennies");
        MarkovQreSystem sys = new MarkovQreSystem(g, Rational.of(1, 100_000_000));
        MarkovQreSolver.Principal p = pastTheChain(MarkovQreSolver.principal(g, Rational.of(1, 1000), (k, b) -> { }),
            sys);
        assertThat(p.traced()).as(p.detail()).isTrue();
        List<Interval> box = p.qre().box();
        assertThat(Krawczyk.test(sys, box).holds()).as("the system's own test").isFalse();
        MarkovQreChecker.Report r = MarkovQreChecker.check(p.certificate(g, sys.tau(), List.of(box), null, null));
        assertThat(r.valid()).as(String.join("\n", r.findings())).isTrue();
        assertThat(r.principal()).isZero();
        assertThat(r.findings()).contains("QRE 1: the system's own Krawczyk test fails, its log form's (MQRE-TAIL "
            + "corollary 2) holds");
        assertThat(MarkovQreChecker.inLogForm(r, 0)).isTrue();
        Interval h = r.enclosures().get(0).get(sys.policyIndex(0, 1, 0));
        BigDecimal limit = new BigDecimal("0.4");
        assertThat(h.lo().subtract(limit).abs().max(h.hi().subtract(limit).abs())).isLessThan(new BigDecimal("1e-7"));
        assertThat(h.lo().compareTo(limit) > 0 || h.hi().compareTo(limit) < 0).as("0.4 is no QRE at tau > 0").isTrue();
        assertThat(acceptsMoved(g, sys.tau(), box)).as("the box moved off the QRE").isFalse();
        // a side reaching 0: its row becomes π − e^{(Q − V)/τ}, linear in that coordinate, and the box, which still
        // holds the QRE, passes; cut below the QRE's probability it holds none and is refused
        List<Interval> reaching = new ArrayList<>(box);
        reaching.set(0, new Interval(BigDecimal.ZERO, box.get(0).hi()));
        assertThat(sys.offSupportOf(reaching)).containsExactly(0);
        assertThat(MarkovQreChecker.check(new MarkovQreCertificate(g, sys.tau(), List.of(reaching), null)).valid())
            .isTrue();
        reaching.set(0, new Interval(BigDecimal.ZERO, box.get(0).lo().divide(BigDecimal.valueOf(2))));
        assertThat(MarkovQreChecker.check(new MarkovQreCertificate(g, sys.tau(), List.of(reaching), null)).valid())
            .isFalse();
        // both of an agent's sides in a state reaching 0: no log form applies, and the box is refused
        List<Interval> both = new ArrayList<>(box);
        both.set(0, new Interval(BigDecimal.ZERO, box.get(0).hi()));
        both.set(1, new Interval(BigDecimal.ZERO, box.get(1).hi()));
        assertThat(sys.offSupportOf(both)).isNull();
        assertThat(MarkovQreChecker.check(new MarkovQreCertificate(g, sys.tau(), List.of(both), null)).valid())
            .isFalse();
    }

    /**
     * Findings per box: a certified QRE with its J = V(s1) (the start is s1), a repeated box counted once, a failed
     * box named by its number; no box at all is refused.
     */
    @Test
    void theReportNamesEachQreAndItsValues() {
        MarkovGame g = MarkovNpgRateTest.PENNIES;
        Rational tau = Rational.ONE;
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
        List<Interval> box = p.qre().box();
        MarkovQreSystem sys = new MarkovQreSystem(g, tau);
        List<Interval> shifted = box.stream().map(x -> new Interval(x.lo().add(BigDecimal.ONE), x.hi().add(
            BigDecimal.ONE))).toList();
        MarkovQreChecker.Report r = check(g, tau, List.of(box, box, shifted), null, List.of());
        assertThat(r.valid()).isFalse();
        assertThat(r.distinct()).isEqualTo(1);
        assertThat(r.enclosures().get(2)).isNull();
        for (int i = 0; i < 2; i++) {
            Interval v = r.enclosures().get(0).get(sys.valueIndex(i, 0));
            assertThat(r.values().get(0).get(i).isSubsetOf(v) && v.isSubsetOf(r.values().get(0).get(i).outward(15)))
                .as("J_%d = V_%d(s1)", i + 1, i + 1).isTrue();
            assertThat(v.contains(BigDecimal.ZERO)).isFalse();
        }
        String j = r.values().get(0).stream().map(x -> x.outward(15).toString()).toList().toString();
        assertThat(r.findings()).contains("QRE 1: exactly one Markov QRE in the box; J = " + j,
            "QRE 2: exactly one Markov QRE in the box; J = " + j);
        assertThat(r.findings()).anyMatch(f -> f.startsWith("QRE 3: ")).noneMatch(f -> f.startsWith("QRE 0"))
            .noneMatch(f -> f.contains("neither equal"));
        MarkovQreChecker.Report none = check(g, tau, List.of(), null, List.of());
        assertThat(none.valid()).isFalse();
        assertThat(none.findings()).containsExactly("the certificate claims no QRE");
    }

    /**
     * MQRE-U and NPG-EX claims beside the boxes, on matching pennies at τ = 100, η = 1/100. With w = (1/20, 1/20, 1, 1)
     * the rows of 𝕄w are 1/100 · (2/20 + 4/5) = 9/1000 for the policies and 1/20 + 4/5 = 17/20 for the values
     * (constants of {@code MarkovContractionTest}), so κ = 17/20 holds with equality and anything below fails in row 3.
     * The NPG-EX matrix's largest row sum is its κ for w = (1, 1). At τ = 1 NPG-EX's hypothesis fails.
     */
    @Test
    void uniquenessAndRateClaimsAreReplayed() {
        MarkovGame g = MarkovNpgRateTest.PENNIES;
        Rational tau = Rational.of(100);
        Rational eta = tau.reciprocal();
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
        List<Interval> box = p.qre().box();
        Rational twentieth = Rational.of(1, 20);
        List<Rational> w = List.of(twentieth, twentieth, Rational.ONE, Rational.ONE);
        Rational kappa = MarkovNpgRate.of(g, tau, eta).matrix().stream().map(row -> row.get(0).add(row.get(1)))
            .reduce(Rational.ZERO, Rational::max);
        assertThat(kappa).isLessThan(Rational.ONE);
        MarkovQreCertificate.Uniqueness rate = new MarkovQreCertificate.Uniqueness(eta, List.of(Rational.ONE,
            Rational.ONE), kappa);
        MarkovQreChecker.Report ok = MarkovQreChecker.check(new MarkovQreCertificate(g, tau, List.of(box, box),
            new MarkovQreCertificate.Uniqueness(eta, w, Rational.of(17, 20)), rate, null, List.of()));
        assertThat(ok.valid()).as(String.join("\n", ok.findings())).isTrue();
        assertThat(ok.distinct()).isEqualTo(1);
        assertThat(ok.findings()).contains("uniqueness (MQRE-U): 𝕄w ≤ κw with κ = 17/20 < 1 at η = 1/100: the Markov "
            + "QRE is unique, and the soft-value NPG iteration at η contracts by κ");
        assertThat(ok.findings()).anyMatch(f -> f.startsWith("linear rate (NPG-EX): 𝕄w ≤ κw with κ = "
            + kappa));
        MarkovQreChecker.Report low = MarkovQreChecker.check(new MarkovQreCertificate(g, tau, List.of(box),
            new MarkovQreCertificate.Uniqueness(eta, w, Rational.of(849, 1000)), new MarkovQreCertificate.Uniqueness(
            eta, rate.w(), kappa.multiply(Rational.of(99, 100))), null, List.of()));
        assertThat(low.valid()).isFalse();
        assertThat(low.findings()).contains("uniqueness (MQRE-U) rejected: (𝕄w)_3 = 17/20 exceeds κ w_3 = 849/1000")
            .anyMatch(f -> f.startsWith("linear rate (NPG-EX) rejected: (𝕄w)_"));
        MarkovQreChecker.Report cold = MarkovQreChecker.check(new MarkovQreCertificate(g, Rational.ONE, List.of(
            bundledBox(g)), null, new MarkovQreCertificate.Uniqueness(Rational.ONE, rate.w(), kappa), null, List.of()));
        assertThat(cold.findings()).anyMatch(f -> f.startsWith("linear rate (NPG-EX) rejected: NPG-EX needs "
            + "4·a·c ≤ 1"));
        MarkovQreChecker.Report small = check(g, tau, List.of(box.subList(0, 3)), null, List.of());
        assertThat(small.findings()).contains("QRE 1: the box has 3 coordinates, the system 12");
    }

    /** The principal QRE's box of a game at τ = 1. */
    static List<Interval> bundledBox(MarkovGame g) {
        return MarkovQreSolver.principal(g, Rational.ONE, (k, b) -> { }).qre().box();
    }
}
