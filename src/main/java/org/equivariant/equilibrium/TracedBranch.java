package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BlownUpArc;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.LeavingArc;
import org.equivariant.certificate.LogitFixedPoint;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.ParametricSystem;
import org.equivariant.certificate.PinnedPlayers;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SymmetricArc;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.symmetry.Permutation;
import org.equivariant.theory.CentroidSingularity;
import org.equivariant.work.Progress;

/**
 * The principal branch of the logit correspondence, certified from the centroid at λ = 0 towards λ_max (theorem
 * BR-CHAIN): a chain of {@link BranchPiece}s whose every point is on the branch, replayed by the independent
 * {@link BranchChecker}, and the points where consecutive pieces meet ({@link Node}s: an enclosure of λ and of the
 * profile, each containing a point of the branch). {@code end} says whether λ_max was reached or the chain stopped at
 * a singular point; {@code suspectedSingular} lists the λ where the double-precision tracer saw the branch's
 * orientation flip (a hint, not a claim).
 */
public record TracedBranch(NormalFormGame game, Rational lambdaMax, QreCertificate.Branch branch, List<Node> nodes,
                           boolean reached, double lambdaReached, List<Double> suspectedSingular, String detail,
                           String checkerProblem, Continuation continuation) {
    /**
     * A certified point of the branch: λ and each profile coordinate σ (player-major, as in the game) enclosed;
     * {@code fold} marks a node where λ turns back (the branch passes a fold between its neighbours).
     */
    public record Node(Interval lambda, List<Interval> profile, boolean fold) {
        public Node {
            profile = List.copyOf(profile);
        }
    }

    /**
     * Past a stop at a singular point, by {@code theorem}: the chain of the game's one-state Markov reading in the
     * subspace fixed by its {@code symmetries} when the point breaks a symmetry (MQRE-CHAIN (5), (6)), where that
     * chain does not pass the logit chain in the profiles they fix (SYM-ARM (8)), or — with
     * {@code pinned} players (PIN-SUB) — the reduced game's chain, where those players stay uniform, {@code pieces}
     * long from λ = 0 to λ_max and replayed by the checker ({@code checkerProblem} null when every piece and join
     * passed); or, where the centroid is a QRE at every λ (checked exactly), the centroid line itself (BR-CHAIN
     * corollary 2, no pieces); or, where the chain stopped near an equilibrium, BR-TAIL or MIX-TAIL with
     * {@code solve}'s certificate at λ_max (its chain's {@code pieces}, one node). Its nodes beyond the stop (λ and
     * the full profile); {@code singular} says, for pinned
     * players, where the singular point was enclosed, else what was traced past it; {@code arms} the branches leaving
     * it. Null when no such continuation reached λ_max; {@code detail} then says why.
     */
    public record Continuation(String theorem, int pieces, int symmetries, List<Integer> pinned, List<Node> nodes,
                               String checkerProblem, String singular, List<List<Node>> arms) {
        public Continuation {
            pinned = List.copyOf(pinned);
            nodes = List.copyOf(nodes);
            arms = arms.stream().map(List::copyOf).toList();
        }

        public boolean verified() {
            return checkerProblem == null;
        }

        /** Whether this is solve's chain ended by a tail claim (BR-TAIL, MIX-TAIL). */
        public boolean tail() {
            return TAILS.contains(theorem);
        }

        /** Whether this is the centroid line (BR-CHAIN corollary 2) rather than a chain. */
        public boolean centroidLine() {
            return theorem.equals(CENTROID);
        }

        /** The same continuation with what was traced past the singular point and the arms leaving it. */
        Continuation past(String text, List<List<Node>> leaving) {
            return new Continuation(theorem, pieces, symmetries, pinned, nodes, checkerProblem, text, leaving);
        }
    }

    /** The continuation's theorem in the fixed subspace. */
    private static final String MARKOV = "MQRE-CHAIN (5), (6)";

    /** The continuation's theorem in the profiles the game's symmetries fix, by the logit chain. */
    public static final String FIXED = "SYM-ARM (8)";

    /** The continuation's theorems past a point near an equilibrium. */
    private static final List<String> TAILS = List.of("BR-TAIL", "MIX-TAIL");

    /** The continuation's theorem on the centroid line. */
    private static final String CENTROID = "BR-CHAIN corollary 2";

    public TracedBranch {
        nodes = List.copyOf(nodes);
        suspectedSingular = List.copyOf(suspectedSingular);
    }

    /** Whether the independent checker re-verified every piece and join. */
    public boolean verified() {
        return checkerProblem == null;
    }

    /** Whether the principal branch is certified up to λ_max: by the chain, or past its stop by the continuation. */
    public boolean complete() {
        return verified() && (reached || continuation != null && continuation.verified());
    }

    /** The λ of the folds met (node midpoints). */
    public List<Double> folds() {
        return nodes.stream().filter(Node::fold).map(n -> n.lambda().mid().doubleValue()).toList();
    }

    /**
     * Traces the principal branch from λ = 0 to {@code lambdaMax} and replays the chain in the checker. {@code partial}
     * receives the nodes proved so far after every piece (for a caller that must print them if interrupted).
     */
    public static TracedBranch trace(NormalFormGame game, Rational lambdaMax, Progress progress,
                                     Consumer<List<Node>> partial) {
        if (lambdaMax.signum() <= 0) {
            throw new IllegalArgumentException("λ_max must be positive, got " + lambdaMax);
        }
        int n = game.totalActions();
        List<Node> proved = Collections.synchronizedList(new ArrayList<>());
        proved.add(start(game));
        BranchTracer.Chain chain = BranchTracer.logit(game).trace(lambdaMax, Rational.ZERO, 2_000_000,
            (pieces, lam, piece, end) -> {
                proved.add(node(end, n));
                progress.chain("principal branch", "", lam, pieces);
                partial.accept(List.copyOf(proved));
            });
        QreCertificate.Branch branch = new QreCertificate.Branch(BranchTracer.DIGITS, chain.pieces(), 0, null);
        String problem;
        List<Node> nodes = new ArrayList<>();
        nodes.add(start(game));
        if (chain.pieces().isEmpty()) {
            problem = "no piece was proved";
        } else {
            progress.update("checking", chain.pieces().size() + " pieces");
            BranchChecker.Replay replay = replay(game, branch);
            problem = replay.problem();
            replay.ends().forEach(e -> nodes.add(node(e, n)));
        }
        boolean reached = chain.end() == BranchTracer.End.REACHED;
        String detail = chain.detail();
        Continuation continuation = chain.end() == BranchTracer.End.SINGULAR ? tail(game, lambdaMax, chain, progress)
            : null;
        if (chain.end() == BranchTracer.End.SINGULAR && continuation == null) {
            progress.update("principal branch", "in the subspace fixed by the game's symmetries");
            MarkovQreSystem sys = new MarkovQreSystem(MarkovGame.of(game), lambdaMax.reciprocal());
            List<MarkovSymmetry> group = MarkovQreSolver.symmetries(sys);
            MarkovQreSolver.Principal p = MarkovQreSolver.symmetricPrincipal(sys, group, detail,
                (pieces, beta) -> progress.chain("principal branch", "symmetric chain: ", beta, pieces));
            // where the reading's chain did not pass, the logit chain in the profiles the symmetries fix (SYM-ARM (8));
            // a reading's chain ended by a tail (MQRE-TAIL) does not count: the trace draws chains to λ_max
            boolean passed = p.branch() != null && p.tail() == null;
            FixedSymmetric fixed = !passed && !group.isEmpty() ? FixedSymmetric.trace(game, group, lambdaMax,
                Rational.ZERO, routes(progress)) : null;
            if (passed) {
                continuation = split(game, group, continuation(sys, p, chain.lambdaReached()), lambdaMax,
                    chain.lambdaReached(), progress);
            } else if (fixed != null && fixed.reached()) {
                continuation = split(game, group, continuation(game, fixed, chain.lambdaReached()), lambdaMax,
                    chain.lambdaReached(), progress);
            } else {
                detail = p.detailAfter(detail) + (fixed == null ? "" : "; the logit chain in the profiles they fix "
                    + "(SYM-ARM (8)): " + fixed.detail());
                List<Integer> pinned = PinnedPlayers.largest(game.payoffs());
                if (!pinned.isEmpty() && pinned.size() < game.numPlayers()) {
                    progress.update("principal branch", "players " + PinnedPlayers.names(pinned) + " pinned");
                    continuation = pinned(game, pinned, lambdaMax, chain.lambdaReached(), progress);
                    if (continuation == null) {
                        detail += "; players " + PinnedPlayers.names(pinned) + " are pinned (PIN-SUB), but the "
                            + "reduced game's chain did not reach lambda = " + lambdaMax;
                    }
                } else if (CentroidSingularity.centroidIsAlwaysAQre(game.payoffs())) {
                    // the centroid line is the principal branch past its singular points; CL-ARM's arms leave it
                    Continuation line = new Continuation(CENTROID, 0, 0, List.of(), List.of(new Node(Interval.of(
                        lambdaMax, 40), start(game).profile(), false)), null, null, List.of());
                    Continuation arms = centroidArms(game, group, line, lambdaMax, chain.lambdaReached(),
                        routes(progress), "");
                    continuation = arms == null ? line : arms;
                }
            }
        }
        return new TracedBranch(game, lambdaMax, branch, folds(nodes), reached,
            reached ? lambdaMax.doubleValue() : chain.lambdaReached(), chain.suspectedSingular(), detail, problem,
            continuation);
    }

    /** The checker's replay of a chain of the game's logit correspondence from λ = 0. */
    static BranchChecker.Replay replay(NormalFormGame game, QreCertificate.Branch branch) {
        return BranchChecker.replay(game.payoffs(), LogitFixedPoint.branchSystem(game.payoffs()), branch, true);
    }

    /**
     * Options for the routes past a singular point: their chains run to λ_max (no tail claim ends them), since the
     * trace draws them there.
     */
    private static QreSolver.Options routes(Progress progress) {
        return new QreSolver.Options(20, 0, 1L, false, progress).toLambda();
    }

    /**
     * BR-TAIL or MIX-TAIL past a chain that stopped near an equilibrium (at large λ·|U|, the limit of the pieces' 62
     * bits): where the last piece's end satisfies a tail's conditions, the principal QRE at λ_max that {@code solve}
     * certifies — its own chain ending by such a claim — with its certificate replayed by the checker: one node, at
     * λ_max. Null where no tail holds there or solve's chain does not end by one.
     */
    private static Continuation tail(NormalFormGame game, Rational lambdaMax, BranchTracer.Chain chain,
                                     Progress progress) {
        if (chain.pieces().isEmpty()
            || QreSolver.tailAt(game, lambdaMax, chain.pieces().get(chain.pieces().size() - 1), true,
            new double[1]) == null) {
            return null;
        }
        progress.update("principal branch", "near an equilibrium (BR-TAIL, MIX-TAIL)");
        QreResult r = QreSolver.solve(game, lambdaMax, new QreSolver.Options(20, 0, 1L, false, progress));
        QreCertificate.Branch b = r.certificate().branch();
        if (r.principalIndex() < 0 || b == null || b.tail() == null) {
            return null;
        }
        org.equivariant.certificate.CheckReport check = CertificateChecker.check(r.certificate());
        String problem = check.principal() >= 0 ? null : check.findings().get(check.findings().size() - 1);
        return new Continuation(b.tail().theorem(), b.pieces().size(), 0, List.of(), List.of(new Node(Interval.of(
            lambdaMax, 40), r.qres().get(r.principalIndex()).enclosure(), false)), problem, "solve's chain ends "
            + b.tail().whence(), List.of());
    }

    /**
     * The continuation's chain replayed by the checker in the fixed subspace, and its nodes with λ beyond the stop,
     * expanded from orbit representatives to the full policy.
     */
    private static Continuation continuation(MarkovQreSystem sys, MarkovQreSolver.Principal p, double stop) {
        FixedSubspace fixed = FixedSubspace.of(sys.size(), p.symmetries().stream().map(sys::permutation).toList());
        BranchChecker.Replay replay = BranchChecker.replay(fixed.restrict(sys.branchSystem()), p.branch().digits(),
            p.branch().pieces(), true, "β");
        return new Continuation(MARKOV, p.branch().pieces().size(), p.symmetries().size(), List.of(), beyond(replay,
            fixed.dimension(), stop, x -> sys.policiesIn(0, fixed.expand(x))), replay.problem(), null, List.of());
    }

    /**
     * SYM-ARM (8): the logit chain in the profiles the game's symmetries fix, from λ = 0 to λ_max, replayed by the
     * checker in those profiles, and its nodes with λ beyond the stop, expanded to the full profile.
     */
    private static Continuation continuation(NormalFormGame game, FixedSymmetric f, double stop) {
        QreCertificate.Branch chain = f.claim(null).fixed();
        BranchChecker.Replay replay = BranchChecker.replay(game.payoffs(), f.orbits().restrict(
            LogitFixedPoint.branchSystem(game.payoffs())), chain, true);
        return new Continuation(FIXED, chain.pieces().size(), f.base().group().size(), List.of(), beyond(replay,
            f.orbits().dimension(), stop, f.orbits()::expand), replay.problem(), null, List.of());
    }

    /**
     * The nodes of a continuation's replayed chain (its unknowns, then the parameter at index {@code dim}) whose λ
     * lies beyond the stop, each with the full profile {@code profile} makes of the unknowns.
     */
    private static List<Node> beyond(BranchChecker.Replay replay, int dim, double stop,
                                     java.util.function.UnaryOperator<List<Interval>> profile) {
        List<Node> out = new ArrayList<>();
        for (List<Interval> end : replay.ends()) {
            if (end.get(dim).lo().doubleValue() > stop) {
                out.add(new Node(end.get(dim), profile.apply(end.subList(0, dim)), false));
            }
        }
        return out;
    }

    /**
     * PIN-SUB: the reduced game's chain from λ = 0 to λ_max replayed by the checker, its nodes beyond the stop with the
     * pinned players uniform, and the singular point enclosed between two certified reduced QREs (or why not); null
     * if the reduced chain did not reach λ_max.
     */
    private static Continuation pinned(NormalFormGame game, List<Integer> s, Rational lambdaMax, double stop,
                                       Progress progress) {
        NormalFormGame reduced = PinnedRoute.reduced(game, s);
        BranchTracer.Chain chain = BranchTracer.logit(reduced).trace(lambdaMax, Rational.ZERO, 2_000_000,
            (pieces, lam, piece, end) -> progress.chain("principal branch", "reduced game: ", lam, pieces));
        if (chain.end() != BranchTracer.End.REACHED) {
            return null;
        }
        int n = reduced.totalActions();
        BranchChecker.Replay replay = BranchChecker.replay(reduced.payoffs(),
            LogitFixedPoint.branchSystem(reduced.payoffs()), new QreCertificate.Branch(BranchTracer.DIGITS,
            chain.pieces(), 0, null), true);
        List<Node> beyond = beyond(replay, n, stop, end -> {
            List<Interval> profile = new ArrayList<>();
            for (int i = 0, k = 0; i < game.numPlayers(); i++) {
                for (int a = 0; a < game.numActions(i); a++) {
                    profile.add(s.contains(i) ? Interval.of(Rational.of(1, game.numActions(i)), 40) : end.get(k++));
                }
            }
            return profile;
        });
        progress.update("principal branch", "enclosing the singular point");
        QreSolver.Options o = routes(progress);
        QreResult[] around = PinnedRoute.bracket(game.payoffs(), s, reduced, stop, lambdaMax.doubleValue(), o);
        LeavingBranches route = around == null ? null : PinnedRoute.leaving(game, s, reduced, around,
            lambdaMax, o);
        List<List<Node>> armNodes = new ArrayList<>();
        if (route != null) {
            // the arms' pieces replayed by the checker's own test, their joins, their start on the reduced principal
            // branch (the checker's PIN-SUB (6) test), and a node at every piece's end
            LeavingArc arc = new LeavingArc(game.payoffs(), s, route.normal());
            BranchPiece reducedArc = PinnedRoute.reducedArc(around);
            int digits = reducedArc == null ? 0 : around[1].certificate().branch().digits();
            for (LeavingTracer.Arm arm : route.arms()) {
                List<Interval> start = arc.at(arm.pieces().get(0), Rational.ZERO);
                if (arc.armProblem(arm.pieces(), arm.sign()) != null || start == null || CertificateChecker
                    .armStartProblem(start, around[1].lambda(), reducedArc, digits) != null) {
                    route = null;
                    armNodes.clear();
                    break;
                }
                armNodes.add(armNodes(arc, arm));
            }
        }
        String continued = "";
        if (route != null) {
            for (int k = 0; k < armNodes.size(); k++) {
                Continued c = continueArm(game, route.ends().get(k), route.chains().get(k), null, armNodes.get(k));
                armNodes.set(k, c.nodes());
                continued += c.text();
            }
        }
        String singular = PinnedRoute.singularPoint(around, stop) + PinnedRoute.leavingText(s, around, route)
            + continued;
        return new Continuation("PIN-SUB", chain.pieces().size(), 0, s, beyond, replay.problem(), singular, armNodes);
    }

    /**
     * The continuation in the fixed subspace with the branch leaving the pitchfork (SYM-PF, {@link SymmetricRoute})
     * when one of the game's involutions yields an arm that the checker replays in full ({@link
     * CertificateChecker#leavingPitchfork}): its nodes, those of the chain of the full game past its end, and their
     * mirror images under the involution (the other half of the pitchfork), with the route's line as {@code singular}.
     */
    private static Continuation split(NormalFormGame game, List<MarkovSymmetry> group, Continuation c,
                                      Rational lambdaMax, double stop, Progress progress) {
        QreSolver.Options o = routes(progress);
        SymmetricRoute.Found f = SymmetricRoute.attempt(game, group, lambdaMax, Rational.ZERO, stop, o).orElse(null);
        if (f == null || f.candidates().isEmpty()) {
            Continuation arms = centroidArms(game, group, c, lambdaMax, stop, o, f == null ? "" : f.text("") + "; ");
            if (arms != null) {
                return arms;
            }
        }
        if (f == null) {
            return c;
        }
        if (f.arm().pieces().isEmpty()) {
            return c.past(f.text(""), List.of());
        }
        Split split = split(game, f, false);
        return c.past(f.text(split.verdict()), split.nodes());
    }

    /**
     * A SYM-PF route's curves to draw, what the checker did with them, in words (after the route's own text), and
     * whether it accepted them all.
     */
    private record Split(List<List<Node>> nodes, String verdict, boolean accepted) {
    }

    /**
     * A SYM-PF route's arm, replayed by the checker ({@link CertificateChecker#leavingPitchfork}; with
     * {@code fixedReplayed} its fixed chain is an arm's chain the caller replayed, SYM-PF (7)), the chain of the full
     * game past its end, and — SYM-PF (6) — the second pitchfork's arm and the chain of the profiles its involution
     * fixes ({@link CertificateChecker#secondPitchfork}); their nodes and the arms' and chains' mirror images.
     */
    private static Split split(NormalFormGame game, SymmetricRoute.Found f, boolean fixedReplayed) {
        CertificateChecker.LeavingPitchfork lp = CertificateChecker.leavingPitchfork(game.payoffs(), f.symmetry(),
            new QreCertificate.Branch(BranchTracer.DIGITS, f.fixed().pieces(), -1, null), f.normal(),
            f.arm().pieces(), true, fixedReplayed);
        if (lp.problem() != null) {
            return new Split(List.of(), "; the checker did not accept the arm (" + lp.problem() + ")", false);
        }
        ParametricSystem system = LogitFixedPoint.branchSystem(game.payoffs());
        Continued past = continueArm(game, f.end(), f.past(), null, armNodes(new SymmetricArc(system, f.onProfiles(),
            f.normal()), f.arm()));
        List<List<Node>> drawn = new ArrayList<>(List.of(past.nodes(), mirrored(past.nodes(), f.onProfiles())));
        String rejoined = "";
        boolean accepted = !past.rejected();
        if (f.rejoin() != null && accepted) {
            // SYM-PF (6): the second pitchfork's arm and the chain of the profiles its involution fixes, from the
            // arm's zero at ε = 0, replayed by the checker as `solve`'s certificate has them checked
            SymmetricRoute.Rejoin rj = f.rejoin();
            CertificateChecker.SecondPitchfork sp = CertificateChecker.secondPitchfork(game.payoffs(),
                new QreCertificate.Branch(BranchTracer.DIGITS, f.past().pieces(), -1, null), lp.end(),
                new QreCertificate.Rejoined(rj.symmetry(), rj.normal(), rj.arm().sign(), rj.arm().pieces(),
                new QreCertificate.Branch(BranchTracer.DIGITS, rj.fixed().pieces(), -1, null)), true);
            Continued beyond = sp.problem() != null ? null : continueArm(game, new LeavingBranches.ArmEnd(sp.zero(),
                null), rj.fixed(), rj.orbits(), List.of(node(sp.zero(), sp.zero().size() - 1)));
            accepted = beyond != null && !beyond.rejected();
            if (!accepted) {
                rejoined = "; the checker did not accept the second pitchfork (" + (beyond == null ? sp.problem()
                    : beyond.text().replaceFirst("^; ", "")) + ")";
            } else {
                List<Node> arm = armNodes(new SymmetricArc(system, rj.onProfiles(), rj.normal()), rj.arm());
                drawn.addAll(List.of(arm, mirrored(arm, rj.onProfiles()), beyond.nodes()));
                rejoined = " (the second pitchfork's arm, its join to that chain and the chain from it too)";
            }
        }
        return new Split(drawn, past.rejected() ? past.text() : ", every piece and join replayed by the checker"
            + rejoined + ": the arm, the chain and their mirror images under the symmetry lie on the principal "
            + "branch", accepted);
    }

    /** The nodes' images under a symmetry's permutation of the profile coordinates. */
    private static List<Node> mirrored(List<Node> nodes, Permutation g) {
        List<Node> out = new ArrayList<>();
        for (Node node : nodes) {
            out.add(new Node(node.lambda(), g.apply(node.profile()), node.fold()));
        }
        return out;
    }

    /**
     * The branches leaving the centroid line of a game whose centroid is a QRE at every λ (CL-ARM), or the symmetric
     * branch (SYM-ARM) — {@link CentroidRoute}, every route found — where no involution's route led past the point:
     * each route's arms and the routes on their chains ({@link #drawn}); {@code before} (what the SYM-PF route said)
     * and the route's line as {@code singular}. Null when the route does not apply.
     */
    private static Continuation centroidArms(NormalFormGame game, List<MarkovSymmetry> group, Continuation c,
                                             Rational lambdaMax, double stop, QreSolver.Options o, String before) {
        List<CentroidRoute.Found> routes = CentroidRoute.attempt(game, group, lambdaMax, Rational.ZERO, stop, o);
        if (routes.isEmpty()) {
            return null;
        }
        List<List<Node>> arms = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (CentroidRoute.Found f : routes) {
            lines.add(f.detail() + drawn(game, f, f.base() == null ? null : f.base().claim(null), false, arms));
        }
        return c.past(before + String.join("; ", lines), arms);
    }

    /**
     * Adds to {@code arms} a route's arms — each replayed by the checker ({@link CertificateChecker#centroidArc} on
     * {@code base}, {@link CertificateChecker.CentroidArc#armProblem}) with the chain past its end — and their distinct
     * images under the game's symmetries, then those of the routes on the arms' chains in the stabilizer's profiles
     * (SYM-ARM (10), whose base is such a chain, replayed with its arm: {@code baseReplayed}); what was replayed, in
     * words.
     */
    private static String drawn(NormalFormGame game, CentroidRoute.Found f, QreCertificate.TrivialBase base,
                                boolean baseReplayed, List<List<Node>> arms) {
        CertificateChecker.CentroidArc restricted = CertificateChecker.centroidArc(game.payoffs(), base,
            f.stabilizer(), f.normal(), true, baseReplayed);
        String problem = f.arms().isEmpty() ? null : restricted.problem();
        List<List<Node>> own = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<CentroidRoute.Found> onward = new ArrayList<>();
        List<QreCertificate.TrivialBase> onChains = new ArrayList<>();
        for (int a = 0; a < f.arms().size() && problem == null; a++) {
            LeavingTracer.Arm arm = f.arms().get(a);
            if (arm.pieces().isEmpty()) {
                continue;
            }
            problem = restricted.armProblem(arm.pieces(), arm.sign(), true);
            if (problem == null) {
                BranchTracer.Chain chain = f.chains().get(a);
                Continued past = continueArm(game, LeavingBranches.armEnd(restricted.arc(), arm), chain, f.inFixed()
                    .get(a) ? f.fixedProfiles() : null, armNodes(restricted.arc(), arm));
                texts.add(past.text());
                for (Permutation g : f.images()) {
                    List<Node> image = mirrored(past.nodes(), g);
                    if (own.stream().noneMatch(other -> sameCurve(other, image)) && arms.stream().noneMatch(
                        other -> sameCurve(other, image))) {
                        own.add(image);
                    }
                }
                if (!past.rejected() && f.inFixed().get(a)) {
                    for (SymmetricRoute.Found next : f.splits().get(a)) {
                        Split split = split(game, next, true);
                        arms.addAll(split.nodes());
                        texts.add("; past a pitchfork on an arm's chain (SYM-PF (7)) " + (split.accepted() ? "its "
                            + "arm and the chain past the arm's end (replayed by the checker)" : split.verdict()));
                    }
                    for (CentroidRoute.Found next : f.onward().get(a)) {
                        onward.add(next);
                        onChains.add(new QreCertificate.TrivialBase(f.stabilizer(), new QreCertificate.Branch(
                            BranchTracer.DIGITS, chain.pieces(), -1, null)));
                    }
                }
            }
        }
        if (problem != null) {
            return "; the checker did not accept an arm (" + problem + ")";
        }
        arms.addAll(own);
        for (int k = 0; k < onward.size(); k++) {
            texts.add("; past a bifurcation on an arm's chain" + drawn(game, onward.get(k), onChains.get(k), true,
                arms));
        }
        return own.isEmpty() ? "" : ", every piece and join replayed by the checker" + String.join("", texts)
            + (baseReplayed ? "" : ": the arms, the chains and their images under the game's symmetries lie on the "
            + "principal branch");
    }

    /**
     * Whether two images of an arm are the same curve: they end at the same node (λ and midpoints within 10⁻⁹). Each
     * end lies in a replayed piece (of a chain, or of the arm where no chain follows it), which holds one solution
     * arc, so two curves through it coincide, however their nodes were sampled — a pitchfork's two arms are each
     * other's images, and an arm's points may be fixed by more symmetries than its stabilizer, whose cosets
     * {@link CentroidRoute.Found#images} enumerates.
     */
    private static boolean sameCurve(List<Node> a, List<Node> b) {
        Node x = a.get(a.size() - 1);
        Node y = b.get(b.size() - 1);
        if (Math.abs(x.lambda().mid().doubleValue() - y.lambda().mid().doubleValue()) > 1e-9) {
            return false;
        }
        for (int c = 0; c < x.profile().size(); c++) {
            if (Math.abs(x.profile().get(c).mid().doubleValue() - y.profile().get(c).mid().doubleValue()) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    /** A node at the far end of each of an arm's pieces (its zero there, narrowed by the arc's Krawczyk steps). */
    private static List<Node> armNodes(BlownUpArc arc, LeavingTracer.Arm arm) {
        List<Node> nodes = new ArrayList<>();
        for (BlownUpArc.Piece p : arm.pieces()) {
            List<Interval> point = arc.pointAt(p, arm.sign() > 0 ? p.to() : p.from());
            nodes.add(node(point, point.size() - 1));
        }
        return nodes;
    }

    /** An arm's nodes, extended by a chain of the full game past its end, and what was done, in words. */
    private record Continued(List<Node> nodes, String text, boolean rejected) {
    }

    /**
     * BR-CHAIN from the end of an arm leaving the singular point (PIN-SUB (6)): the chain of the full game from the
     * arm's certified end, in the direction the arm was going, to λ_max ({@link PinnedRoute#leaving}), replayed by
     * the checker from that point ({@link BranchChecker#replayFrom}); its ends extend the arm's nodes. With
     * {@code within}, the chain is of the logit correspondence restricted to those profiles, which hold the arm
     * (SYM-ARM (9)), and its ends are expanded to the full profile. Unchanged when the arm is past λ_max already (no
     * chain) or no piece is proved.
     */
    private static Continued continueArm(NormalFormGame game, LeavingBranches.ArmEnd end, BranchTracer.Chain chain,
                                         FixedSubspace within, List<Node> arm) {
        if (chain == null || chain.pieces().isEmpty() || end == null) {
            return new Continued(arm, "", false);
        }
        ParametricSystem full = LogitFixedPoint.branchSystem(game.payoffs());
        BranchChecker.Replay replay = within == null ? BranchChecker.replayFrom(full, BranchTracer.DIGITS,
            chain.pieces(), end.entry(), true) : BranchChecker.replayFrom(within.restrict(full), BranchTracer.DIGITS,
            chain.pieces(), within.reduce(end.entry()), true);
        if (replay.problem() != null) {
            return new Continued(arm, "; a chain past the end of an arm was REJECTED by the checker: "
                + replay.problem(), true);
        }
        List<Node> out = new ArrayList<>(arm);
        for (List<Interval> e : replay.ends()) {
            List<Interval> point = within == null ? e : within.expand(e);
            out.add(node(point, point.size() - 1));
        }
        return new Continued(out, PinnedRoute.pastText(chain, within != null) + " (replayed by the checker)", false);
    }

    private static Node start(NormalFormGame game) {
        List<Interval> centroid = new ArrayList<>();
        for (int i = 0; i < game.numPlayers(); i++) {
            Interval p = Interval.of(Rational.of(1, game.numActions(i)), 40);
            for (int a = 0; a < game.numActions(i); a++) {
                centroid.add(p);
            }
        }
        return new Node(Interval.of(Rational.ZERO, 40), centroid, false);
    }

    private static Node node(List<Interval> end, int n) {
        return new Node(end.get(n), end.subList(0, n), false);
    }

    /** Marks the nodes where the λ midpoints turn back. */
    private static List<Node> folds(List<Node> nodes) {
        List<Node> out = new ArrayList<>(nodes);
        for (int k = 1; k + 1 < nodes.size(); k++) {
            double before = nodes.get(k).lambda().mid().doubleValue() - nodes.get(k - 1).lambda().mid().doubleValue();
            double after = nodes.get(k + 1).lambda().mid().doubleValue() - nodes.get(k).lambda().mid().doubleValue();
            if (before * after < 0) {
                Node m = nodes.get(k);
                out.set(k, new Node(m.lambda(), m.profile(), true));
            }
        }
        return out;
    }
}
