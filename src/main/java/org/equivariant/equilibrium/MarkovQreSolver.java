package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.Krawczyk;
import org.equivariant.certificate.MarkovContraction;
import org.equivariant.certificate.MarkovNpgRate;
import org.equivariant.certificate.MarkovQreCertificate;
import org.equivariant.certificate.MarkovQreChecker;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.MarkovTail;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SmoothSystem;
import org.equivariant.field.MarkovField;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.AutomorphismSearch;
import org.equivariant.symmetry.EncodedGroup;
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.symmetry.Permutation;
import org.equivariant.symmetry.SymmetryGroup;
import org.equivariant.theory.PerronCertificate;

/**
 * Markov QREs: independent NPG with exact policy evaluation in the double fast path ({@link MarkovField#npgStep}),
 * then certification of the point it reaches (theorem MQRE-K, {@link BoxCertifier} on {@link MarkovQreSystem}).
 */
public final class MarkovQreSolver {
    private MarkovQreSolver() {
    }

    /** Told the step count and the last move every 1000 steps. */
    @FunctionalInterface
    public interface Progress {
        void at(int steps, double move);
    }

    /**
     * An NPG run: the last policy, the steps taken, the last move max |log π⁺ − log π|, why it stopped (null when it
     * converged), and the observed contraction per step (null when too short to tell).
     */
    public record Run(List<List<List<Double>>> policy, int steps, double lastMove, String stop, Double contraction,
                      List<Double> moves) {
        public Run {
            moves = List.copyOf(moves);
        }

        public boolean converged() {
            return stop == null;
        }
    }

    /** The default step (1 − γ)/(2τ): half the largest step of Cen et al.'s (2021) analysis in this parametrization. */
    public static Rational defaultEta(MarkovGame g, Rational tau) {
        return Rational.ONE.subtract(g.discount()).divide(tau.multiply(Rational.of(2)));
    }

    /**
     * NPG from {@code start} until the move is below {@code tol}, or a limit (steps, seconds); progress may be null.
     * The iterates are log-policies ({@link MarkovField#npgStep}), so probabilities below the double range (τ small
     * against the rewards) do not stop the run; the run's policy is their exponential.
     */
    public static Run npg(MarkovField<Double> field, List<List<List<Double>>> start, Rational eta, int maxSteps,
                          double tol, double seconds, Progress progress) {
        List<List<List<Double>>> logPi = MarkovField.map(start, Math::log);
        List<Double> moves = new ArrayList<>();
        long deadline = System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
        String stop = "the step limit (" + maxSteps + ")";
        int steps = 0;
        double move = Double.POSITIVE_INFINITY;
        while (steps < maxSteps) {
            List<List<List<Double>>> next = field.npgStep(logPi, eta);
            move = 0;
            for (int i = 0; i < logPi.size(); i++) {
                for (int s = 0; s < logPi.get(i).size(); s++) {
                    for (int a = 0; a < logPi.get(i).get(s).size(); a++) {
                        move = Math.max(move, Math.abs(next.get(i).get(s).get(a) - logPi.get(i).get(s).get(a)));
                    }
                }
            }
            logPi = next;
            steps++;
            moves.add(move);
            if (!Double.isFinite(move)) {
                stop = "the iterates leaving the double range";
                break;
            }
            if (move < tol) {
                stop = null;
                break;
            }
            if (System.nanoTime() > deadline) {
                stop = "the time limit (" + seconds + " s)";
                break;
            }
            if (progress != null && steps % 1000 == 0) {
                progress.at(steps, move);
            }
        }
        return new Run(MarkovField.map(logPi, Math::exp), steps, move, stop, contraction(moves), moves);
    }

    /** The geometric mean of the ratios of consecutive moves over the last half of the run (above 1e-12), if any. */
    static Double contraction(List<Double> moves) {
        List<Double> useful = moves.stream().filter(m -> m > 1e-12 && Double.isFinite(m)).toList();
        int from = useful.size() / 2;
        if (useful.size() - from < 3) {
            return null;
        }
        double logSum = Math.log(useful.get(useful.size() - 1)) - Math.log(useful.get(from));
        return Math.exp(logSum / (useful.size() - 1 - from));
    }

    /**
     * The best MQRE-U certificate (w, κ) of the contraction matrix 𝕄(τ, η) over η ∈ {2^−k/τ : k = 0..10} and
     * {@code eta}: the smallest κ (uniqueness is proved when κ &lt; 1; the linear rate is that η's).
     */
    public static MarkovQreCertificate.Uniqueness uniqueness(MarkovGame g, Rational tau, Rational eta) {
        MarkovQreCertificate.Uniqueness best = null;
        List<Rational> steps = new ArrayList<>(List.of(eta));
        for (int k = 0; k <= 10; k++) {
            steps.add(tau.reciprocal().divide(Rational.of(1L << k)));
        }
        MarkovContraction constants = MarkovContraction.of(g, tau, eta);
        for (Rational h : steps) {
            PerronCertificate p = PerronCertificate.forTemperature(constants.at(h).matrix(), Rational.ONE);
            if (best == null || p.kappa().compareTo(best.kappa()) < 0) {
                best = new MarkovQreCertificate.Uniqueness(h, p.w(), p.kappa());
            }
        }
        return best;
    }

    /**
     * The NPG-EX rate of the exact-evaluation NPG run at step {@code eta}: a Perron certificate of
     * {@link MarkovNpgRate}'s matrix (proved when κ &lt; 1), or the reason the theorem does not apply at this τ.
     */
    public record Rate(MarkovQreCertificate.Uniqueness claim, String reason) {
        public boolean proved() {
            return claim != null && claim.kappa().compareTo(Rational.ONE) < 0;
        }
    }

    public static Rate npgRate(MarkovGame g, Rational tau, Rational eta) {
        MarkovNpgRate m;
        try {
            m = MarkovNpgRate.of(g, tau, eta);
        } catch (IllegalArgumentException e) {
            return new Rate(null, e.getMessage());
        }
        PerronCertificate p = PerronCertificate.forTemperature(m.matrix(), Rational.ONE);
        MarkovQreCertificate.Uniqueness c = new MarkovQreCertificate.Uniqueness(eta, p.w(), p.kappa());
        return new Rate(c, p.kappa().compareTo(Rational.ONE) < 0 ? null : "the best certificate has kappa = "
            + p.kappa().toBigDecimal(new java.math.MathContext(6)) + ", not below 1");
    }

    /**
     * The soft-value NPG iteration of MQRE-U at the claim's η from (uniform, V^uniform) — a point of the invariant
     * set — for {@code steps} steps: the weighted distances ρ_w(z_t, z_{t+1}) with the claim's weights (x_i the largest
     * Hilbert distance of agent i's policies over states, y_i the sup distance of its values). When κ &lt; 1 the theorem
     * bounds them by κ^t ρ_w(z_0, z_1). With {@code exact}, the same for independent NPG with exact evaluation and an
     * NPG-EX claim (weights on the x_i only).
     */
    public static List<Double> weightedSteps(MarkovGame g, Rational tau, MarkovQreCertificate.Uniqueness claim,
                                             int steps, boolean exact) {
        MarkovField<Double> field = new MarkovField<>(g, tau, DoubleField.INSTANCE);
        List<List<List<Double>>> uniform = field.uniform();
        MarkovField.PolicyValue<Double> z = new MarkovField.PolicyValue<>(uniform, field.values(uniform));
        int n = g.numAgents();
        double[] w = claim.w().stream().mapToDouble(Rational::doubleValue).toArray();
        List<Double> out = new ArrayList<>();
        for (int t = 0; t < steps; t++) {
            MarkovField.PolicyValue<Double> next = exact ? new MarkovField.PolicyValue<>(field.npgStepFromPolicy(
                z.policy(), claim.eta()), z.values()) : field.criticStep(z, claim.eta());
            double rho = 0;
            for (int i = 0; i < n; i++) {
                double x = 0;
                double y = 0;
                for (int s = 0; s < g.numStates(); s++) {
                    double max = Double.NEGATIVE_INFINITY;
                    double min = Double.POSITIVE_INFINITY;
                    for (int a = 0; a < g.actionCounts(s)[i]; a++) {
                        double d = Math.log(next.policy().get(i).get(s).get(a)) - Math.log(z.policy().get(i).get(s)
                            .get(a));
                        max = Math.max(max, d);
                        min = Math.min(min, d);
                    }
                    x = Math.max(x, max - min);
                    y = Math.max(y, Math.abs(next.values().get(i).get(s) - z.values().get(i).get(s)));
                }
                rho = Math.max(rho, exact ? x / w[i] : Math.max(x / w[i], y / w[n + i]));
            }
            out.add(rho);
            z = next;
        }
        return out;
    }

    /**
     * The principal Markov QRE at τ (theorem MQRE-CHAIN): {@code branch} the proved chain from β = 0 to β = 1/τ (null
     * when it did not reach it), {@code qre} the Markov QRE at its end certified by MQRE-K (null when no chain), and
     * why the chain is missing otherwise, with the β values where the double path's orientation changed sign (suspected
     * bifurcations); {@code symmetries} non-empty when the chain runs in the subspace they fix (MQRE-CHAIN (5)), after
     * the full chain stopped at a bifurcation. The link of the QRE to the chain is the checker's to prove.
     */
    public record Principal(QreCertificate.Branch branch, BoxCertifier.Outcome qre, String detail,
                            List<Double> suspectedSingular, List<MarkovSymmetry> symmetries, MarkovTail tail,
                            MarkovQreCertificate.StartHomotopy homotopy) {
        /** A chain that reaches β = 1/τ, or none. */
        public Principal(QreCertificate.Branch branch, BoxCertifier.Outcome qre, String detail,
                         List<Double> suspectedSingular, List<MarkovSymmetry> symmetries) {
            this(branch, qre, detail, suspectedSingular, symmetries, null);
        }

        /** A chain whose start is the uniform policy or unique (MQRE-CHAIN (2), (7)). */
        public Principal(QreCertificate.Branch branch, BoxCertifier.Outcome qre, String detail,
                         List<Double> suspectedSingular, List<MarkovSymmetry> symmetries, MarkovTail tail) {
            this(branch, qre, detail, suspectedSingular, symmetries, tail, null);
        }

        /** This claim with its chain started by the start homotopy {@code h} (MQRE-CHAIN (8)). */
        Principal startedBy(MarkovQreCertificate.StartHomotopy h) {
            return new Principal(branch, qre, detail, suspectedSingular, symmetries, tail, h);
        }

        public boolean traced() {
            return branch != null && qre != null && qre.certified();
        }

        /**
         * A certificate of these boxes and claims (either may be null) that carries this principal claim where it is
         * traced (its QRE then box 0), with the proof that its start is unique where the game needs one
         * ({@link #start}).
         */
        public MarkovQreCertificate certificate(MarkovGame g, Rational tau, List<List<Interval>> boxes,
                                                MarkovQreCertificate.Uniqueness uniqueness,
                                                MarkovQreCertificate.Uniqueness rate) {
            return traced() ? new MarkovQreCertificate(g, tau, boxes, uniqueness, rate, branch, symmetries, tail,
                homotopy == null ? start(g) : null, homotopy) : new MarkovQreCertificate(g, tau, boxes, uniqueness,
                rate, null);
        }

        /**
         * For a caller whose own chain stopped ({@code stop} says where) and who tried the chain in the fixed subspace
         * without a certified end: this detail if it already tells the stop first (no symmetry, or that chain
         * stopped too), else the stop and why that chain is missing.
         */
        public String detailAfter(String stop) {
            return detail.startsWith(stop) ? detail : stop + "; the chain in the subspace fixed by the game's "
                + "symmetries is not traced: " + detail;
        }
    }

    /** The largest Markov system (policy and value coordinates) whose principal branch is traced. */
    public static final int MAX_CHAIN_UNKNOWNS = 120;

    /** Told the pieces proved and the β reached. */
    @FunctionalInterface
    public interface ChainProgress {
        void at(int pieces, double beta);

        /** Told the start homotopy's pieces proved and the θ reached (MQRE-CHAIN (8)); by default as at β = 0. */
        default void homotopy(int pieces, double theta) {
            at(pieces, 0);
        }
    }

    /**
     * The proof that the principal branch's start at β = 0 is the only zero there: null where every agent has the same
     * number of actions in every state (the start is then the uniform policy, MQRE-CHAIN (2)); else the best MQRE-U
     * certificate of the reward-free game at τ = 1 ({@link #uniqueness}), whose Markov QREs are the zeros at β = 0 —
     * a proof when κ &lt; 1 (MQRE-CHAIN (7)).
     */
    public static MarkovQreCertificate.Uniqueness start(MarkovGame g) {
        return g.hasEqualActionCounts() ? null : uniqueness(g.withoutRewards(), Rational.ONE, Rational.ONE);
    }

    /**
     * Traces the principal branch of Markov QREs from β = 0 (τ = ∞) to β = 1/τ with {@link BranchTracer} on
     * {@link MarkovPath}, then certifies the QRE at the chain's end; each chain (the start homotopy's, the full
     * space's, the fixed subspace's) stops after {@link #CHAIN_PIECES} pieces.
     */
    public static Principal principal(MarkovGame g, Rational tau, ChainProgress progress) {
        return principal(g, tau, CHAIN_PIECES, progress);
    }

    /** {@link #principal}, each chain stopping after {@code maxPieces} pieces (saying so) instead. */
    public static Principal principal(MarkovGame g, Rational tau, int maxPieces, ChainProgress progress) {
        if (maxPieces < 1) {
            throw new IllegalArgumentException("the piece limit must be positive: " + maxPieces);
        }
        MarkovQreSystem sys = new MarkovQreSystem(g, tau);
        String refused = refusal(sys);
        if (refused != null) {
            return new Principal(null, null, refused, List.of(), List.of());
        }
        MarkovQreCertificate.Uniqueness start = start(g);
        if (start != null && start.kappa().compareTo(Rational.ONE) >= 0) {
            return homotopy(sys, start.kappa(), maxPieces, progress);
        }
        return principal(sys, new MarkovPath(sys, start == null ? null : start.eta()), () -> symmetries(sys), maxPieces,
            progress);
    }

    /**
     * The chain of {@code path} from its start at β = 0 to β = 1/τ, its QRE certified at the end; in the full space,
     * else in the subspace fixed by the symmetries {@code group} gives (asked only then; none: no such chain); each
     * chain at most {@code maxPieces} pieces.
     */
    private static Principal principal(MarkovQreSystem sys, MarkovPath path,
                                       java.util.function.Supplier<List<MarkovSymmetry>> group, int maxPieces,
                                       ChainProgress progress) {
        Tried tried = new Tried(sys, null);
        BranchTracer.Chain chain = new BranchTracer(path, maxPieces).endingAt(tried.early()).trace(
            sys.tau().reciprocal(), Rational.ZERO, 100_000, (pieces, beta, piece, end) -> progress.at(pieces, beta));
        if (chain.end() == BranchTracer.End.REACHED) {
            return atEnd(sys, chain, null, List.of(), "");
        }
        if (chain.end() == BranchTracer.End.TAIL) {
            return tailed(chain, tried.past, "the chain in the full space", List.of());
        }
        String stop = "the chain in the full space stopped: " + chain.detail();
        Principal past = pastTheEnd(tried, chain.pieces(), stop, chain.suspectedSingular(), List.of());
        if (past != null && past.traced()) {
            return past;
        }
        return symmetric(sys, path, group.get(), maxPieces, past == null ? stop : past.detail(),
            chain.suspectedSingular(), progress);
    }

    /**
     * MQRE-CHAIN (8), where MQRE-U does not prove the reward-free start unique (κ ≥ 1): the chain of the start homotopy
     * ({@link MarkovQreSystem#startSystem}) from the uniform policy at θ = 0 to θ = 1, the zero at its end certified
     * in a box inside its last tube ({@link MarkovQreSystem#startZeros}; made invariant under the game's symmetries),
     * and the branch's chain from that zero, whose first tube must hold the box — in the full space, else in the
     * subspace the symmetries fix, where the box's reduction must lie in the first tube.
     */
    private static Principal homotopy(MarkovQreSystem sys, Rational kappa, int maxPieces, ChainProgress progress) {
        String unproved = "the chain starts at tau = infinity at a Markov QRE of the reward-free game at tau = 1 (the "
            + "agents' action counts differ between states), whose uniqueness MQRE-U does not prove (kappa = "
            + kappa.toBigDecimal(new java.math.MathContext(6)) + ", MQRE-CHAIN (7)); ";
        BranchTracer.Chain chain = new BranchTracer(MarkovPath.startHomotopy(sys), maxPieces).trace(Rational.ONE,
            Rational.ZERO, 100_000, (pieces, theta, piece, end) -> progress.homotopy(pieces, theta));
        if (chain.end() != BranchTracer.End.REACHED) {
            return new Principal(null, null, unproved + "the start homotopy (MQRE-CHAIN (8)) stopped: "
                + chain.detail(), List.of(), List.of());
        }
        double[] x = new double[sys.size() + 1];
        double[] z = new double[sys.size()];
        for (int k = 0; k < z.length; k++) {
            x[k] = chain.finalPoint().get(k);
            z[k] = k < sys.policySize() ? Math.exp(x[k]) : x[k];
        }
        SmoothSystem zeros = sys.startZeros();
        Predicate<BoxCertifier.Outcome> inTube = q -> BranchChecker.link(chain.pieces(), Rational.ONE, q.box(),
            BranchTracer.DIGITS, "θ") == null;
        List<MarkovSymmetry> group = symmetries(sys);
        FixedSubspace fixed = fixed(sys, group);
        UnaryOperator<List<Interval>> shape = fixed == null ? UnaryOperator.identity() : fixed::symmetrized;
        BoxCertifier.Outcome o = BoxCertifier.certify(zeros, z);
        if (o.certified()) {
            o = BoxCertifier.tightened(zeros, retested(zeros, o, shape.apply(o.box())), shape, inTube);
        }
        if (!o.certified() || !inTube.test(o)) {
            return new Principal(null, null, unproved + "the start homotopy (MQRE-CHAIN (8)) reached theta = 1, but "
                + "its zero there was not certified inside its last tube" + (o.certified() ? "" : ": " + o.reason()),
                List.of(), List.of());
        }
        Principal p = principal(sys, MarkovPath.startingAt(sys, x), () -> group, maxPieces, progress);
        if (p.traced() && !MarkovQreChecker.startsIn(o.box(), p.symmetries().isEmpty() ? null : fixed, p.branch())) {
            return new Principal(null, null, unproved + "the start homotopy's zero at theta = 1 is not shown to lie "
                + "in the branch's first tube (MQRE-CHAIN (8))", p.suspectedSingular(), List.of());
        }
        return p.startedBy(new MarkovQreCertificate.StartHomotopy(new QreCertificate.Branch(BranchTracer.DIGITS,
            chain.pieces(), -1, null), o.box()));
    }

    /**
     * The default piece limit of a Markov game's chains: the bundled games' take 2–106 pieces down to τ = 1/10⁴; where
     * the pieces' arithmetic gives out (matching pennies near β = 37500) a chain creeps, 10⁴ pieces in 100 s without
     * passing that β. Some chains need more and pass: a random game's (three agents, two states) crosses a sharp fold
     * near β ≈ 25.2 in about 400 pieces and reaches τ = 1/100 with 1006.
     */
    public static final int CHAIN_PIECES = 1000;

    /**
     * The chain in the subspace fixed by the game's symmetries only (MQRE-CHAIN (5)), for a caller who knows that the
     * chain in the full space stops at a bifurcation ({@code stop} says where): a normal-form game read as a one-state
     * Markov game ({@link MarkovGame#of(org.equivariant.game.NormalFormGame)}) whose logit chain stopped.
     */
    public static Principal symmetricPrincipal(MarkovGame g, Rational tau, String stop, ChainProgress progress) {
        MarkovQreSystem sys = new MarkovQreSystem(g, tau);
        return symmetricPrincipal(sys, symmetries(sys), stop, progress);
    }

    /** {@link #symmetricPrincipal} for the system {@code sys} whose group ({@link #symmetries}) the caller has. */
    static Principal symmetricPrincipal(MarkovQreSystem sys, List<MarkovSymmetry> group, String stop,
                                        ChainProgress progress) {
        String refused = group.isEmpty() ? null : refusal(sys);
        if (refused != null) {
            return new Principal(null, null, refused, List.of(), List.of());
        }
        return symmetric(sys, new MarkovPath(sys, null), group, READING_PIECES, stop, List.of(), progress);
    }

    /** Why the chain is not traced for this game (too many unknowns), or null. */
    private static String refusal(MarkovQreSystem sys) {
        int unknowns = sys.size();
        if (unknowns > MAX_CHAIN_UNKNOWNS) {
            return "the chain is not traced for more than " + MAX_CHAIN_UNKNOWNS + " unknowns (this game has "
                + unknowns + ": policies and soft values); each piece's test grows with the cube of that number";
        }
        return null;
    }

    /**
     * The piece limit of a normal-form game's one-state reading in the fixed subspace: past it `solve` continues with
     * the logit chain of the same fixed profiles (SYM-ARM (8)). When the reading's double path ran on probabilities its
     * chain crept where a probability neared 10⁻²⁰ (10⁴ pieces in 70 s on a symmetric 3×3×3 game); on log-probabilities
     * ({@link MarkovPath}) the survey's symmetric games reach λ = 10 and 200 in 10–53 pieces, and the limit bounds runs
     * to very large λ (that 3×3×3 game reaches it near λ = 4150).
     */
    private static final int READING_PIECES = 100;

    /**
     * The game's symmetries other than the identity. Where trying every relabelling would be too large, a one-state
     * game (a normal-form game's reading) still gets its group from the automorphisms of its payoff tables
     * ({@link AutomorphismSearch#fullGroup}: generators, each checked exactly against every payoff) when it has at most
     * {@link EncodedGroup#ENUMERATION_LIMIT} elements (I₆: 1440); otherwise none.
     */
    static List<MarkovSymmetry> symmetries(MarkovQreSystem sys) {
        try {
            return MarkovSymmetry.all(sys.game(), MarkovSymmetry.MAX_CANDIDATES).stream()
                .filter(phi -> !phi.isIdentity()).toList();
        } catch (IllegalArgumentException tooMany) {
            MarkovGame g = sys.game();
            if (g.numStates() != 1) {
                return List.of();
            }
            SymmetryGroup group = AutomorphismSearch.fullGroup(stage(g));
            if (group.order().compareTo(java.math.BigInteger.valueOf(EncodedGroup.ENUMERATION_LIMIT)) > 0) {
                return List.of();
            }
            return group.elements().stream().filter(h -> !h.isIdentity()).map(h -> new MarkovSymmetry(h.players(),
                Permutation.identity(1), List.of(h.actions()))).toList();
        }
    }

    /** The normal-form game of a one-state Markov game's rewards (the inverse of {@link MarkovGame#of}). */
    private static NormalFormGame stage(MarkovGame g) {
        int[] dims = g.actionCounts(0);
        List<RationalTensor> payoffs = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            List<Rational> data = new ArrayList<>();
            int[] index = new int[dims.length];
            do {
                data.add(g.reward(0, DecPomdp.jointIndex(dims, index), i));
            } while (RationalTensor.next(dims, index));
            payoffs.add(new RationalTensor(dims, data));
        }
        return NormalFormGame.of(g.name(), payoffs);
    }

    /**
     * A bifurcation that breaks a symmetry of the game does not stop the chain in the subspace the symmetries fix:
     * that chain, or {@code stop} when the group is trivial.
     */
    private static Principal symmetric(MarkovQreSystem sys, MarkovPath path, List<MarkovSymmetry> group, int limit,
                                       String stop, List<Double> suspectedSingular, ChainProgress progress) {
        if (group.isEmpty()) {
            return new Principal(null, null, stop, suspectedSingular, List.of());
        }
        FixedSubspace fixed = fixed(sys, group);
        Tried tried = new Tried(sys, fixed);
        BranchTracer.Chain symmetric = new BranchTracer(new RestrictedPath(path, fixed), limit).endingAt(
            tried.early()).trace(sys.tau().reciprocal(), Rational.ZERO, 100_000, (pieces, beta, piece, end) ->
            progress.at(pieces, beta));
        if (symmetric.end() == BranchTracer.End.TAIL) {
            return tailed(symmetric, tried.past, stop + "; in the subspace fixed by the game's " + group.size()
                + " symmetries the chain", group);
        }
        if (symmetric.end() != BranchTracer.End.REACHED) {
            String detail = stop + "; in the subspace fixed by the game's " + group.size() + " symmetries: "
                + symmetric.detail();
            Principal past = pastTheEnd(tried, symmetric.pieces(), detail, suspectedSingular, group);
            return past != null && past.traced() ? past : new Principal(null, null, past == null ? detail
                : past.detail(), suspectedSingular, List.of());
        }
        return atEnd(sys, symmetric, fixed, group, stop + "; the chain in the subspace fixed by the game's "
            + group.size() + " symmetries passed it");
    }

    /**
     * The Markov QRE at a chain's end certified (MQRE-K) from the chain's double point — in a fixed subspace, the
     * point expanded and the box made invariant under the group (then its one zero is fixed by every symmetry).
     */
    private static Principal atEnd(MarkovQreSystem sys, BranchTracer.Chain chain, FixedSubspace fixed,
                                   List<MarkovSymmetry> group, String detail) {
        List<Double> end = fixed == null ? chain.finalPoint() : fixed.expand(chain.finalPoint());
        double t = sys.tau().doubleValue();
        double[] x = new double[sys.size()];
        for (int k = 0; k < x.length; k++) {
            double y = end.get(k);
            x[k] = k < sys.policySize() ? Math.exp(y) : t * y;
        }
        QreCertificate.Branch branch = new QreCertificate.Branch(BranchTracer.DIGITS, chain.pieces(), 0, null);
        BoxCertifier.Outcome o = box(sys, x, fixed == null ? UnaryOperator.identity() : fixed::symmetrized,
            q -> MarkovQreChecker.link(sys, branch, fixed, q.test().enclosure()) == null);
        return new Principal(branch, o,
            o.certified() ? detail : "the QRE at the chain's end was not certified: " + o.reason(),
            chain.suspectedSingular(), group);
    }

    /**
     * Past the end of the proved pieces of a chain that stopped before β = 1/τ of {@code sys} ({@code stop} says where;
     * {@code suspected} its suspected bifurcations) — in the full space ({@code group} empty), or (MQRE-CHAIN (5)) in
     * the subspace the symmetries {@code group} fix: an MQRE-TAIL claim ({@link MarkovTailSearch}) and the Markov QRE
     * at τ certified (MQRE-K) inside its box from Newton's zero of the tail's system at t = τ (the box symmetrized in a
     * fixed subspace); null where no claim holds, not {@link Principal#traced} (its detail saying why) where the QRE is
     * not certified in the claim's box.
     */
    public static Principal pastTheEnd(MarkovQreSystem sys, List<BranchPiece> pieces, String stop,
                                       List<Double> suspected, List<MarkovSymmetry> group) {
        return pastTheEnd(new Tried(sys, fixed(sys, group)), pieces, stop, suspected, group);
    }

    /** {@link #pastTheEnd} with the tail {@code tried} already tried as the chain went, where its last piece was. */
    private static Principal pastTheEnd(Tried tried, List<BranchPiece> pieces, String stop, List<Double> suspected,
                                        List<MarkovSymmetry> group) {
        if (pieces.isEmpty()) {
            return null;
        }
        Past past = tried.at(pieces.get(pieces.size() - 1));
        if (past == null) {
            return null;
        }
        if (!past.qre().certified()) {
            return new Principal(null, null, stop + "; past its end a tail holds (" + past.claim().whence()
                + "), but the QRE at tau was not certified there (MQRE-K: " + past.qre().reason() + ")", suspected,
                List.of(), past.claim());
        }
        return new Principal(new QreCertificate.Branch(BranchTracer.DIGITS, pieces, 0, null), past.qre(), stop,
            suspected, group, past.claim());
    }

    /**
     * The principal QRE of a chain ended by an early tail ({@link Tried#early}); {@code which} names the chain in the
     * detail, {@code group} the symmetries whose subspace it ran in.
     */
    private static Principal tailed(BranchTracer.Chain chain, Past past, String which, List<MarkovSymmetry> group) {
        return new Principal(new QreCertificate.Branch(BranchTracer.DIGITS, chain.pieces(), 0, null), past.qre(),
            String.format(java.util.Locale.ROOT, "%s ended after %d pieces near beta = %.6g, where the tail holds",
                which, chain.pieces().size(), chain.lambdaReached()), chain.suspectedSingular(), group, past.claim());
    }

    /** The subspace the symmetries {@code group} fix, null for none. */
    private static FixedSubspace fixed(MarkovQreSystem sys, List<MarkovSymmetry> group) {
        return group.isEmpty() ? null : FixedSubspace.of(sys.size(), group.stream().map(sys::permutation).toList());
    }

    /** An MQRE-TAIL claim past a chain's piece and the outcome of certifying the Markov QRE at τ inside its box. */
    private record Past(MarkovTail claim, BoxCertifier.Outcome qre) {
    }

    /**
     * The claim {@link MarkovTailSearch} proposes past {@code last} (in the subspace {@code fixed} if not null) and the
     * Markov QRE at τ certified (MQRE-K) inside its box from Newton's zero of the tail's system at t = τ (the box
     * symmetrized in a fixed subspace; not certified, saying why, where its enclosure leaves the box); null where no
     * claim holds.
     */
    private static Past past(MarkovQreSystem sys, BranchPiece last, FixedSubspace fixed) {
        MarkovTail claim = MarkovTailSearch.propose(sys, last, BranchTracer.DIGITS, fixed);
        if (claim == null) {
            return null;
        }
        double[] x = MarkovTailSearch.qre(sys, claim, fixed);
        BoxCertifier.Outcome o = x == null ? new BoxCertifier.Outcome(null, null, "Newton's method on the tail's "
            + "system at t = tau did not converge") : box(sys, x, fixed == null ? UnaryOperator.identity()
            : fixed::symmetrized, q -> claim.contains(sys, q.test().enclosure()));
        return new Past(claim, !o.certified() || claim.contains(sys, o.test().enclosure()) ? o
            : new BoxCertifier.Outcome(null, null, "its enclosure does not lie in the tail's box"));
    }

    /**
     * The piece from which a chain that has not reached β = 1/τ tries tails as it goes: the bundled games' chains reach
     * τ = 1/10⁴ in at most 106 pieces, while chains that creep where their pieces' arithmetic gives out or near a
     * singular limit run to {@link #CHAIN_PIECES} (about 10 s).
     */
    private static final int EARLY_TAIL = 200;

    /**
     * The tail tried past the pieces of one chain (in the subspace {@code fixed} if not null), the last attempt kept:
     * as the chain goes ({@link #early}) and where it stops ({@link #pastTheEnd}), no piece is tried twice.
     */
    private static final class Tried {
        private final MarkovQreSystem sys;
        private final FixedSubspace fixed;
        private BranchPiece piece;
        private Past past;
        private int pieces;
        private double beta;

        Tried(MarkovQreSystem sys, FixedSubspace fixed) {
            this.sys = sys;
            this.fixed = fixed;
        }

        /** The attempt past {@code last}: the kept one where it was last, else a new one ({@link #past}). */
        Past at(BranchPiece last) {
            if (last != piece) {
                piece = last;
                past = MarkovQreSolver.past(sys, last, fixed);
            }
            return past;
        }

        /**
         * Tails tried as the chain goes: from its {@link #EARLY_TAIL}-th piece on, every {@link #EARLY_TAIL} pieces and
         * wherever β has doubled since the last attempt, a claim whose box holds the Markov QRE at τ, certified, ends
         * the chain there ({@link #past} keeps it). Where the chain stops, its caller tries {@link #pastTheEnd}.
         */
        BranchTracer.Tails early() {
            return (last, stopped) -> {
                pieces++;
                if (stopped || pieces < EARLY_TAIL) {
                    return null;
                }
                List<Interval> end = org.equivariant.certificate.BranchChecker.end(last, BranchTracer.DIGITS);
                double at = end.get(end.size() - 1).lo().doubleValue();
                if (pieces % EARLY_TAIL != 0 && at < 2 * beta) {
                    return null;
                }
                beta = at;
                Past p = at(last);
                return p != null && p.qre().certified() ? p.claim() : null;
            };
        }
    }

    /** Certifies the Markov QRE near a policy: (π, V^{π,τ}) as the guess for Newton and the Krawczyk box. */
    public static BoxCertifier.Outcome certify(MarkovGame g, Rational tau, List<List<List<Double>>> pi) {
        MarkovQreSystem sys = new MarkovQreSystem(g, tau);
        List<List<Double>> v = new MarkovField<>(g, tau, DoubleField.INSTANCE).values(pi);
        double[] x = new double[sys.size()];
        for (int i = 0; i < g.numAgents(); i++) {
            for (int s = 0; s < g.numStates(); s++) {
                for (int a = 0; a < g.actionCounts(s)[i]; a++) {
                    x[sys.policyIndex(i, s, a)] = pi.get(i).get(s).get(a);
                }
                x[sys.valueIndex(i, s)] = v.get(i).get(s);
            }
        }
        return box(sys, x, UnaryOperator.identity(), q -> true);
    }

    /**
     * The certified outcome o with its box replaced by {@code b} (o's box symmetrized or otherwise reshaped): o itself
     * where b is that box, else b's own Krawczyk test (not certified, saying so, where it fails).
     */
    private static BoxCertifier.Outcome retested(SmoothSystem s, BoxCertifier.Outcome o, List<Interval> b) {
        if (b.equals(o.box())) {
            return o;
        }
        Krawczyk.Test test = Krawczyk.test(s, b);
        return test.holds() ? new BoxCertifier.Outcome(b, test, null) : new BoxCertifier.Outcome(null, null,
            "the symmetrized box failed the Krawczyk test");
    }

    /**
     * MQRE-K's box about x ({@link BoxCertifier}), made {@code shape}'s (the identity, or symmetrized in a fixed
     * subspace) and tightened until {@code enough} holds — for the system, else for its log form
     * ({@link MarkovQreSystem#logForm(java.util.Set)}) where that one's box has positive policies, else for the log
     * form with the policy coordinates below {@link MarkovTailSearch#OFF} at x taken off the support (started at 0 and
     * kept straddling it; the others stay positive, the boxes' radii being 10⁻¹² and less): the tests the checker
     * ({@link MarkovQreChecker#test}) runs after F's, where a low τ makes the first fail. The system's reason where
     * none certifies.
     */
    private static BoxCertifier.Outcome box(MarkovQreSystem sys, double[] x, UnaryOperator<List<Interval>> shape,
                                            Predicate<BoxCertifier.Outcome> enough) {
        java.util.Set<Integer> off = MarkovTailSearch.offSupport(sys, k -> x[k]);
        List<java.util.Set<Integer>> forms = new ArrayList<>(java.util.Arrays.asList(null, java.util.Set.of()));
        if (!off.isEmpty()) {
            forms.add(off);
        }
        BoxCertifier.Outcome first = null;
        for (java.util.Set<Integer> form : forms) {
            SmoothSystem s = form == null ? sys : sys.logForm(form);
            UnaryOperator<List<Interval>> shaped = form == null || form.isEmpty() ? shape
                : b -> straddling(shape.apply(b), form);
            double[] at = x.clone();
            if (form != null) {
                form.forEach(k -> at[k] = 0);
            }
            BoxCertifier.Outcome o = BoxCertifier.certify(s, at);
            List<Interval> b = o.certified() ? shaped.apply(o.box()) : null;
            if (b != null && form != null && !form.equals(sys.offSupportOf(b))) {
                o = new BoxCertifier.Outcome(null, null, "the log form's box reaches a probability of 0");
                b = null;
            }
            if (b != null) {
                o = retested(s, o, b);
            }
            if (o.certified()) {
                return BoxCertifier.tightened(s, o, shaped, form == null ? enough
                    : enough.and(q -> form.equals(sys.offSupportOf(q.box()))));
            }
            first = first == null ? o : first;
        }
        return first;
    }

    /** The box with each side in {@code off} widened to [−m, m], m its largest |end|: it then reaches 0. */
    private static List<Interval> straddling(List<Interval> box, java.util.Set<Integer> off) {
        List<Interval> out = new ArrayList<>(box);
        for (int k : off) {
            java.math.BigDecimal m = box.get(k).lo().abs().max(box.get(k).hi().abs());
            out.set(k, new Interval(m.negate(), m));
        }
        return out;
    }
}
