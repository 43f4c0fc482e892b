package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;

/**
 * Independent replay of {@link MarkovQreCertificate}s (theorem MQRE-K, proofs/MQRE-K.md): each box must pass the
 * {@link Krawczyk} test for the checker's own {@link MarkovQreSystem}; it then holds exactly one Markov QRE, enclosed
 * by K ∩ X, whose soft values V_i(s) are its coordinates. Boxes with disjoint enclosures hold distinct QREs. A
 * principal-branch claim is replayed by {@link BranchChecker} on {@link MarkovQreSystem#branchSystem} (theorem
 * MQRE-CHAIN, proofs/MQRE-CHAIN.md), and a tail past the chain's end by {@link MarkovTail} (theorem MQRE-TAIL,
 * proofs/MQRE-TAIL.md).
 */
public final class MarkovQreChecker {
    private MarkovQreChecker() {
    }

    /**
     * The outcome: validity, each box's enclosure (null where the test failed), each certified QRE's regularized
     * values J_i = Σ_s μ(s) V_i(s) per agent, the number of distinct QREs shown, the index of the QRE proved to lie on
     * the principal branch (−1 if none) and findings.
     */
    public record Report(boolean valid, List<List<Interval>> enclosures, List<List<Interval>> values, int distinct,
                         int principal, List<String> findings) {
    }

    public static Report check(MarkovQreCertificate c) {
        MarkovQreSystem sys = new MarkovQreSystem(c.game(), c.tau());
        List<String> findings = new ArrayList<>();
        List<List<Interval>> enclosures = new ArrayList<>();
        List<List<Interval>> values = new ArrayList<>();
        Boxes.DistinctZeros zeros = new Boxes.DistinctZeros();
        boolean valid = !c.boxes().isEmpty();
        if (!valid) {
            findings.add("the certificate claims no QRE");
        }
        for (int k = 0; k < c.boxes().size(); k++) {
            List<Interval> box = c.boxes().get(k);
            Krawczyk.Test t = test(sys, box, "QRE " + (k + 1), findings);
            if (!Krawczyk.accepted(t, "QRE " + (k + 1), findings)) {
                valid = false;
                enclosures.add(null);
                values.add(null);
                continue;
            }
            enclosures.add(t.enclosure());
            values.add(values(sys, t.enclosure()));
            if (!zeros.add(box, t.enclosure())) {
                findings.add("QRE " + (k + 1) + " can be shown neither equal to nor distinct from an earlier one");
            }
            findings.add("QRE " + (k + 1) + ": exactly one Markov QRE in the box; J = " + values.get(k).stream()
                .map(v -> v.outward(15).toString()).toList());
        }
        if (c.uniqueness() != null) {
            MarkovQreCertificate.Uniqueness u = c.uniqueness();
            String problem = MarkovContraction.of(c.game(), c.tau(), u.eta()).problem(u.w(), u.kappa());
            if (problem != null) {
                valid = false;
                findings.add("uniqueness (MQRE-U) rejected: " + problem);
            } else {
                findings.add("uniqueness (MQRE-U): 𝕄w ≤ κw with κ = " + u.kappa() + " < 1 at η = " + u.eta()
                    + ": the Markov QRE is unique, and the soft-value NPG iteration at η contracts by κ");
                if (zeros.enclosures().size() > 1) {
                    valid = false;
                    findings.add("contradiction: a uniqueness proof beside " + zeros.enclosures().size()
                        + " distinct QREs");
                }
            }
        }
        if (c.rate() != null) {
            MarkovQreCertificate.Uniqueness r = c.rate();
            String problem;
            try {
                problem = MarkovNpgRate.of(c.game(), c.tau(), r.eta()).problem(r.w(), r.kappa());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                valid = false;
                findings.add("linear rate (NPG-EX) rejected: " + problem);
            } else {
                findings.add("linear rate (NPG-EX): 𝕄w ≤ κw with κ = " + r.kappa() + " < 1 at η = " + r.eta()
                    + ": independent NPG with exact evaluation converges at rate κ from every policy of the invariant "
                    + "set, the uniform one included");
            }
        }
        int principal = -1;
        if (c.branch() != null) {
            String problem = principalProblem(c, sys, enclosures);
            if (problem != null) {
                valid = false;
                findings.add("principal branch (MQRE-CHAIN) rejected: " + problem);
            } else {
                principal = c.branch().qre();
                findings.add("principal branch (MQRE-CHAIN): " + c.branch().pieces().size() + " pieces join beta = 0 "
                    + "(tau = infinity, " + startText(c)
                    + ") to " + (c.branchTail() == null ? "beta = 1/tau"
                    : "a point " + c.branchTail().whence()) + (c.branchSymmetries().isEmpty() ? ""
                    : " in the subspace fixed by " + c.branchSymmetries().size() + " symmetries of the game, each "
                    + "checked exactly") + "; QRE " + (principal + 1) + " lies on it");
            }
        }
        return new Report(valid, enclosures, values, zeros.enclosures().size(), principal, findings);
    }

    /** What the certificate's chain starts at, β = 0, and why that start (the principal branch's) is the one. */
    private static String startText(MarkovQreCertificate c) {
        if (c.branchStartHomotopy() != null) {
            return "a reward-free game's Markov QRE at tau = 1, joined to the uniform policy by a chain of "
                + c.branchStartHomotopy().chain().pieces().size() + " pieces of the start homotopy (MQRE-CHAIN (8))";
        }
        return c.branchStart() == null ? "the uniform policy" : "the reward-free game's Markov QRE at tau = 1, unique "
            + "by MQRE-U with kappa about " + c.branchStart().kappa().toBigDecimal(new java.math.MathContext(6))
            + " < 1 (MQRE-CHAIN (7))";
    }

    /** The finding, after "QRE k: ", of a box that passes in the log form only. */
    private static final String LOG_FORM = "the system's own Krawczyk test fails, its log form's (MQRE-TAIL corollary "
        + "2) holds";

    /** Whether the report's QRE {@code k} (from 0) was certified in the log form ({@link #test}). */
    public static boolean inLogForm(Report r, int k) {
        return r.findings().stream().anyMatch(f -> f.startsWith("QRE " + (k + 1) + ": " + LOG_FORM));
    }

    /**
     * The Krawczyk test of a claimed Markov QRE box: of the system F, else of its log form
     * ({@link MarkovQreSystem#logForm(java.util.Set)}) with the policy coordinates whose sides reach 0 off the
     * support — the others positive on the box, so its zeros there are F's (MQRE-TAIL's Lemma 1, with O in (4)); none
     * where that would leave an agent no action in a state. The one that holds, else F's (null, with the reason in
     * {@code findings}, where F could not be evaluated and the log form does not hold either).
     */
    public static Krawczyk.Test test(MarkovQreSystem sys, List<Interval> box, String label, List<String> findings) {
        List<String> own = new ArrayList<>();
        Krawczyk.Test t = Krawczyk.attempt(sys, box, label, "the system", own);
        java.util.Set<Integer> off = (t == null || !t.holds()) && box.size() == sys.size() ? sys.offSupportOf(box)
            : null;
        if (off != null) {
            Krawczyk.Test log = Krawczyk.attempt(sys.logForm(off), box, label, "the system", new ArrayList<>());
            if (log != null && log.holds()) {
                findings.add(label + ": " + LOG_FORM + (off.isEmpty() ? "" : ", with the " + off.size() + " policy "
                    + "coordinates whose sides reach 0 in the rows pi - exp((Q - V)/tau) (MQRE-TAIL (4))"));
                return log;
            }
        }
        findings.addAll(own);
        return t;
    }

    /**
     * Null if the certificate's chain proves that its QRE {@code branch.qre()} lies on the principal branch — the
     * component of the zeros of {@link MarkovQreSystem#branchSystem} (β ≥ 0) through its only zero at β = 0: the
     * uniform policy when every agent has the same number of actions in every state (MQRE-CHAIN (2)), else the
     * reward-free game's Markov QRE at τ = 1, unique by the certificate's {@code branchStart} (MQRE-CHAIN (7)), or the
     * zero its {@code branchStartHomotopy} joins to the uniform policy (MQRE-CHAIN (8)) — else the problem.
     */
    private static String principalProblem(MarkovQreCertificate c, MarkovQreSystem sys,
                                           List<List<Interval>> enclosures) {
        QreCertificate.Branch b = c.branch();
        if (b.anchor() != null) {
            return "a Markov chain starts at beta = 0 and takes no anchor";
        }
        if (b.pieces().isEmpty() || b.pieces().get(0).from().signum() != 0) {
            return "the first piece must start at beta = 0";
        }
        String start = c.branchStartHomotopy() != null ? null : startProblem(c);
        if (start != null) {
            return start;
        }
        List<Interval> qre = enclosures.get(b.qre());
        if (qre == null) {
            return "QRE " + (b.qre() + 1) + " is not certified";
        }
        ParametricSystem system = sys.branchSystem();
        FixedSubspace fixed = null;
        if (!c.branchSymmetries().isEmpty()) {
            // MQRE-CHAIN (5): the chain runs in the subspace the symmetries fix; the QRE's box must be invariant, so
            // that its one zero is fixed too
            for (int k = 0; k < c.branchSymmetries().size(); k++) {
                if (!c.branchSymmetries().get(k).isSymmetryOf(c.game())) {
                    return "relabelling " + (k + 1) + " of branchSymmetries is not a symmetry of the game";
                }
            }
            fixed = FixedSubspace.of(sys.size(), c.branchSymmetries().stream().map(sys::permutation).toList());
            if (!fixed.invariant(c.boxes().get(b.qre()))) {
                return "the box of QRE " + (b.qre() + 1) + " is not invariant under the symmetries, so its QRE need "
                    + "not lie in the subspace the chain runs in";
            }
            system = fixed.restrict(system);
        }
        String homotopy = c.branchStartHomotopy() == null ? null : homotopyProblem(c, sys, fixed);
        if (homotopy != null) {
            return homotopy;
        }
        BranchChecker.Replay r = BranchChecker.replay(system, b.digits(), b.pieces(), true, "β");
        if (r.problem() != null) {
            return r.problem();
        }
        if (c.branchTail() == null) {
            return link(sys, b, fixed, qre);
        }
        String tail = c.branchTail().problem(sys, BranchChecker.end(b.pieces().get(b.pieces().size() - 1),
            b.digits()), qre, fixed);
        return tail == null ? null : MarkovTail.THEOREM + ": " + tail;
    }

    /**
     * Null if the zero at β = 0 where the certificate's chain starts is known to be unique: with equal action counts
     * (MQRE-CHAIN (2), no {@code branchStart} then), or by an MQRE-U claim for the reward-free game at τ = 1, whose
     * Markov QREs are exactly those zeros (MQRE-CHAIN (7)); else the problem.
     */
    private static String startProblem(MarkovQreCertificate c) {
        MarkovQreCertificate.Uniqueness u = c.branchStart();
        if (c.game().hasEqualActionCounts()) {
            return u == null ? null : "a chain of a game with equal action counts starts at the uniform policy and "
                + "takes no branchStart";
        }
        if (u == null) {
            return "the agents' action counts differ between states, and no branchStart proves the chain's start at "
                + "beta = 0 unique";
        }
        String problem = MarkovContraction.of(c.game().withoutRewards(), Rational.ONE, u.eta()).problem(u.w(),
            u.kappa());
        return problem == null ? null : "branchStart (MQRE-U for the reward-free game at tau = 1, MQRE-CHAIN (7)): "
            + problem;
    }

    /**
     * Null if the certificate's {@code branchStartHomotopy} joins the start of its chain (whose first piece starts at
     * β = 0) to the uniform policy (MQRE-CHAIN (8)): a game whose action counts differ between states; a chain of the
     * start homotopy ({@link MarkovQreSystem#startSystem}) from θ = 0, where its only zero is the uniform policy, whose
     * last piece reaches θ = 1 and whose other pieces' tubes stay below θ = 1 (so the arc meets θ = 1 first there); a
     * start box that holds exactly one zero of the branch system at β = 0 (Krawczyk), lies
     * in that piece's tube at θ = 1 and in the branch's first tube at β = 0 — so that zero is on both arcs. The
     * homotopy runs in the full space; where the branch runs in the subspace {@code fixed} (not null), the start box
     * must be invariant (its one zero is then fixed by the symmetries, MQRE-CHAIN (5)) and its reduction must lie in
     * the branch's first tube. Else the problem.
     */
    private static String homotopyProblem(MarkovQreCertificate c, MarkovQreSystem sys, FixedSubspace fixed) {
        MarkovQreCertificate.StartHomotopy h = c.branchStartHomotopy();
        String theorem = "the start homotopy (MQRE-CHAIN (8)): ";
        if (c.game().hasEqualActionCounts() || c.branchStart() != null) {
            return theorem + "only for a game whose action counts differ between states, and without branchStart";
        }
        List<BranchPiece> pieces = h.chain().pieces();
        if (pieces.isEmpty() || pieces.get(0).from().signum() != 0) {
            return theorem + "its first piece must start at theta = 0";
        }
        BranchChecker.Replay r = BranchChecker.replay(sys.startSystem(), h.chain().digits(), pieces, true, "θ");
        if (r.problem() != null) {
            return theorem + r.problem();
        }
        for (int k = 0; k + 1 < pieces.size(); k++) {
            Interval theta = BranchChecker.systemParameter(pieces.get(k), h.chain().digits());
            if (theta.hi().compareTo(java.math.BigDecimal.ONE) >= 0) {
                return theorem + "piece " + (k + 1) + " may reach theta = 1 before the last piece: the start must be "
                    + "the arc's first point at theta = 1";
            }
        }
        List<String> own = new ArrayList<>();
        Krawczyk.Test t = Krawczyk.attempt(sys.startZeros(), h.start(), "the start box", "the branch system", own);
        if (t == null || !t.holds()) {
            return theorem + "the start box is not shown to hold exactly one zero at beta = 0" + (own.isEmpty() ? ""
                : " (" + own.get(0) + ")");
        }
        if (BranchChecker.link(pieces, Rational.ONE, h.start(), h.chain().digits(), "θ") != null) {
            return theorem + "the start box does not lie in the last piece's tube at theta = 1";
        }
        if (fixed != null && !fixed.invariant(h.start())) {
            return theorem + "the start box is not invariant under the symmetries, so its zero need not lie in the "
                + "subspace the branch runs in";
        }
        if (!startsIn(h.start(), fixed, c.branch())) {
            return theorem + "the start box does not lie in the branch's first tube at beta = 0";
        }
        return null;
    }

    /**
     * Whether a start box (the n unknowns, at β = 0) lies in the first tube of the chain {@code b} — with its orbit
     * representatives where the chain runs in the subspace {@code fixed} (not null): MQRE-CHAIN (8)'s gluing of the
     * start homotopy's end to the branch.
     */
    public static boolean startsIn(List<Interval> start, FixedSubspace fixed, QreCertificate.Branch b) {
        List<Interval> entry = new ArrayList<>(fixed == null ? start : fixed.reduce(start));
        entry.add(Interval.point(java.math.BigDecimal.ZERO));
        return BranchChecker.joins(entry, b.pieces().get(0), BranchChecker.arithmetic(b.digits()));
    }

    /**
     * Null if the Markov QRE enclosed by {@code qre} (π, V) at β = 1/τ lies in the tube of the chain's last piece (in
     * the chain's coordinates (π, W = V/τ), reduced to the subspace {@code fixed} when not null), else the problem.
     */
    public static String link(MarkovQreSystem sys, QreCertificate.Branch b, FixedSubspace fixed, List<Interval> qre) {
        DyadicField f = DyadicField.INSTANCE;
        Rational beta = sys.tau().reciprocal();
        List<Interval> point = new ArrayList<>(qre);
        for (int k = sys.policySize(); k < point.size(); k++) {
            point.set(k, f.toInterval(f.of(point.get(k)).multiply(f.of(beta))));
        }
        return BranchChecker.link(b.pieces(), beta, fixed == null ? point : fixed.reduce(point), b.digits(), "β");
    }

    /** J_i = Σ_s μ(s) V_i(s) for each agent, from the V coordinates of an enclosure. */
    public static List<Interval> values(MarkovQreSystem sys, List<Interval> enclosure) {
        DyadicField f = DyadicField.INSTANCE;
        List<Interval> out = new ArrayList<>();
        for (int i = 0; i < sys.game().numAgents(); i++) {
            DyadicInterval j = DyadicInterval.ZERO;
            for (int s = 0; s < sys.game().numStates(); s++) {
                j = j.add(f.of(sys.game().initial().get(s)).multiply(f.of(enclosure.get(sys.valueIndex(i, s)))));
            }
            out.add(f.toInterval(j));
        }
        return out;
    }
}
