package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Dual;
import org.equivariant.arith.DualField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.BlownUpArc;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.ParametricSystem;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SymmetricArc;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.symmetry.Permutation;

/**
 * The branch leaving a pitchfork where the principal branch breaks a symmetry of order 2 (theorem SYM-PF): the chain
 * of the logit correspondence restricted to the profiles the involution g fixes, past the point where the full
 * chain stopped; the pitchfork located by Newton on the blown-up system of {@link SymmetricArc} at ε = 0 from that
 * chain's point there and the odd null vector of the Jacobian; the ε &gt; 0 arm ({@link LeavingTracer}); from its end a
 * chain of the full game to λ, whose end and its image under g are candidate QREs. Untrusted search; the claim goes
 * into the certificate as a {@link QreCertificate.SplitBranch} that the checker replays.
 */
final class SymmetricRoute {
    /** At most this many of the game's involutions are tried, one of each conjugacy class. */
    private static final int MAX_INVOLUTIONS = 3;

    /**
     * The involution, its chain of fixed profiles (from the anchor), the blow-up's normalization, λ at its zero at
     * ε = 0 (NaN if none), the arm and its certified end (null without pieces), the chain past the arm's end (null if
     * the arm is past λ or has no piece).
     */
    record Found(GameSymmetry symmetry, Permutation onProfiles, BranchTracer.Chain fixed, List<Rational> normal,
                 double pitchfork, LeavingTracer.Arm arm, LeavingBranches.ArmEnd end, BranchTracer.Chain past,
                 Rejoin rejoin) {
        /**
         * "the singular point as a pitchfork breaking …": what was traced, then {@code verdict} (what is claimed of it,
         * or why nothing is) where the route got past its arm.
         */
        String text(String verdict) {
            String head = "the singular point as a pitchfork breaking the symmetry " + symmetry + " (SYM-PF): ";
            if (Double.isNaN(pitchfork)) {
                return head + arm.stop();
            }
            String traced = String.format(java.util.Locale.ROOT, "a chain of %d pieces through the profiles it "
                + "fixes, the pitchfork near lambda = %.10g, an arm of %d pieces leaving it", fixed.pieces().size(),
                pitchfork, arm.pieces().size());
            if (arm.pieces().isEmpty()) {
                return head + traced + " (" + arm.stop() + ")";
            }
            traced += String.format(java.util.Locale.ROOT, " to lambda = %.8g (%s)", end.lambda(), arm.stop());
            if (past == null) {
                return head + traced + ", past lambda already" + verdict;
            }
            return head + traced + String.format(java.util.Locale.ROOT, ", and from its end a chain of %d pieces of the "
                + "full game that %s", past.pieces().size(), past.reach()) + (rejoin == null ? "" : rejoin.text())
                + verdict;
        }

        /**
         * The chain's end at λ and its image under the symmetry (log-profiles), or where the chain met a second
         * pitchfork the end of the fixed chain from it; empty unless one reached λ.
         */
        List<List<Double>> candidates() {
            if (rejoin != null) {
                return List.of(rejoin.orbits().expand(rejoin.fixed().finalPoint()));
            }
            if (past == null || !past.arrives()) {
                return List.of();
            }
            return List.of(past.finalPoint(), onProfiles.apply(past.finalPoint()));
        }

        /**
         * The claim, with the chain past the arm linked to the first verified enclosure its last piece holds at λ and
         * the mirror to the first box holding that enclosure's image (−1 if none); null when no enclosure is linked.
         */
        QreCertificate.SplitBranch claim(List<RationalTensor> payoffs, Rational lambda, List<List<Interval>> verified,
                                         List<QreCertificate.Box> boxes, QreCertificate.Uniqueness anchor) {
            boolean anchored = fixed.pieces().get(0).from().signum() > 0;
            return claim(payoffs, lambda, verified, boxes, new QreCertificate.Branch(BranchTracer.DIGITS,
                fixed.pieces(), -1, anchored ? anchor : null));
        }

        /** {@link #claim} with the fixed chain's claim given (for a pitchfork on an arm's chain: that chain). */
        QreCertificate.SplitBranch claim(List<RationalTensor> payoffs, Rational lambda, List<List<Interval>> verified,
                                         List<QreCertificate.Box> boxes, QreCertificate.Branch base) {
            if (rejoin != null) {
                QreCertificate.Rejoined r = rejoin.claim(lambda, verified, boxes);
                return r == null ? null : new QreCertificate.SplitBranch(symmetry, base, normal, arm.pieces(),
                    new QreCertificate.Branch(BranchTracer.DIGITS, past.pieces(), -1, null), -1, r);
            }
            QreCertificate.Branch linked = PinnedRoute.linked(payoffs, past, lambda, verified);
            if (linked == null) {
                return null;
            }
            int mirror = -1;
            for (int k = 0; k < boxes.size() && mirror < 0; k++) {
                mirror = SymmetricArc.imageInBox(verified.get(linked.qre()), onProfiles, boxes.get(k)) ? k : -1;
            }
            return new QreCertificate.SplitBranch(symmetry, base, normal, arm.pieces(), linked, mirror);
        }
    }

    /**
     * SYM-PF (6): the second pitchfork where the chain past the arm stopped — the involution whose fixed branch it is
     * on, the blow-up's normalization, λ at its zero at ε = 0, the arm from it whose far end lies on piece {@code on}
     * of that chain, and the chain of the fixed profiles from the zero to λ.
     */
    record Rejoin(GameSymmetry symmetry, Permutation onProfiles, FixedSubspace orbits, List<Rational> normal,
                  double pitchfork, LeavingTracer.Arm arm, int on, BranchTracer.Chain fixed) {
        /** "; it meets a second pitchfork …". */
        String text() {
            return String.format(java.util.Locale.ROOT, "; it meets a second pitchfork, on a branch of the profiles "
                + "%s fixes, near lambda = %.10g (SYM-PF (6)): an arm of %d pieces from it to lambda = %.8g lies on "
                + "its piece %d, and a chain of %d pieces of those profiles from the pitchfork %s", symmetry, pitchfork,
                arm.pieces().size(), arm.end().get(arm.end().size() - 1).mid().doubleValue(), on + 1,
                fixed.pieces().size(), fixed.reach());
        }

        /** The claim, the fixed chain linked to the first verified QRE it proves fixed and reaches; or null. */
        QreCertificate.Rejoined claim(Rational lambda, List<List<Interval>> verified, List<QreCertificate.Box> boxes) {
            for (int k = 0; k < verified.size(); k++) {
                if (SymmetricArc.imageInBox(verified.get(k), onProfiles, boxes.get(k)) && BranchChecker.link(
                    fixed.pieces(), lambda, orbits.reduce(verified.get(k)), BranchTracer.DIGITS, "λ") == null) {
                    return new QreCertificate.Rejoined(symmetry, normal, arm.sign(), arm.pieces(),
                        new QreCertificate.Branch(BranchTracer.DIGITS, fixed.pieces(), k, null));
                }
            }
            return null;
        }
    }

    private SymmetricRoute() {
    }

    /**
     * The route past the singular point where the full chain stopped ({@code reached}), for the first of the game's
     * symmetries (from the one-state reading's group) that is an involution and reaches λ past its arm; else the first
     * involution's, which says where it stopped; empty when the group has no involution.
     */
    static Optional<Found> attempt(NormalFormGame game, List<MarkovSymmetry> group, Rational lambda, Rational anchor,
                                   double reached, QreSolver.Options o) {
        List<Permutation> elements = group.stream().map(phi -> SymmetricArc.onProfiles(symmetry(phi), game.dims()))
            .toList();
        List<Permutation> tried = new ArrayList<>();
        List<GameSymmetry> involutions = group.stream().map(SymmetricRoute::symmetry).filter(s -> SymmetricArc
            .onProfiles(s, game.dims()).isInvolution()).toList();
        Found best = null;
        for (GameSymmetry s : involutions) {
            Permutation g = SymmetricArc.onProfiles(s, game.dims());
            if (tried.size() == MAX_INVOLUTIONS || conjugateOfOneTried(g, tried, elements)) {
                continue;
            }
            tried.add(g);
            Found f = route(game, s, g, involutions, lambda, anchor, reached, o);
            if (!f.candidates().isEmpty()) {
                return Optional.of(f);
            }
            best = best == null ? f : best;
        }
        return Optional.ofNullable(best);
    }

    /** The relabelling of players and actions a symmetry of the one-state reading is. */
    static GameSymmetry symmetry(MarkovSymmetry phi) {
        return new GameSymmetry(phi.agents(), phi.actions().get(0));
    }

    /**
     * Whether g = h·f·h⁻¹ for an involution f tried before and a group element h: h maps the profiles f fixes onto
     * those g fixes and the principal branch onto itself, so g's route meets what f's met.
     */
    private static boolean conjugateOfOneTried(Permutation g, List<Permutation> tried, List<Permutation> elements) {
        for (Permutation f : tried) {
            if (f.equals(g)) {
                return true;
            }
            for (Permutation h : elements) {
                if (h.compose(f).compose(h.inverse()).equals(g)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Found route(NormalFormGame game, GameSymmetry s, Permutation g, List<GameSymmetry> involutions,
                               Rational lambda, Rational anchor, double reached, QreSolver.Options o) {
        o.progress().update("principal branch", "the branch leaving the pitchfork that breaks " + s);
        LogitPath full = new LogitPath(game);
        FixedSubspace orbits = FixedSubspace.of(full.n, List.of(g));
        Fixed at = fixedAt(full, orbits, lambda, anchor, reached, o);
        BranchTracer.Chain fixed = at.chain();
        if (at.problem() != null) {
            return failed(s, g, fixed, at.problem());
        }
        Found f = leaving(game, full, s, g, fixed, at.point(), reached, lambda, o);
        return f.past() == null ? f : new Found(s, g, fixed, f.normal(), f.pitchfork(), f.arm(), f.end(), f.past(),
            rejoin(game, full, involutions, f.past(), lambda, o));
    }

    /**
     * The branch leaving the pitchfork of the involution g (the relabelling s) near the point a of its fixed
     * profiles (one probability per orbit) at λ = {@code reached}, on the chain {@code fixed} of those profiles: the
     * blow-up ({@link #blowUp}), its ε &gt; 0 arm and the chain of the full game past the arm's end ({@code full}: the
     * game's logit path).
     */
    static Found leaving(NormalFormGame game, LogitPath full, GameSymmetry s, Permutation g, BranchTracer.Chain fixed,
                         double[] a, double reached, Rational lambda, QreSolver.Options o) {
        Blown b = blowUp(full, g, FixedSubspace.of(full.n, List.of(g)), a, reached);
        if (b.problem() != null) {
            return failed(s, g, fixed, b.problem());
        }
        LeavingBranches route = LeavingBranches.follow(game, b.blowUp(), new int[] {1}, lambda, o);
        return new Found(s, g, fixed, b.blowUp().normal(), b.blowUp().zero()[full.n], route.arms().get(0),
            route.ends().get(0), route.chains().get(0), null);
    }

    /** A blow-up at its zero at ε = 0, or (null) why there is none. */
    private record Blown(LeavingTracer.BlowUp blowUp, String problem) {
    }

    /**
     * The blow-up of {@link SymmetricArc} for the involution g at the point a of the g-fixed profiles (one
     * probability per orbit) at λ = {@code reached}, near a pitchfork: ℓ from the odd null vector of the Jacobian
     * there, the zero at ε = 0 by Newton, |ε| bounded by half the smallest ratio a_c/|β_c| (the paired probabilities
     * stay positive).
     */
    private static Blown blowUp(LogitPath full, Permutation g, FixedSubspace orbits, double[] a, double reached) {
        List<Double> z = new ArrayList<>(orbits.expand(ContinuationPath.boxed(a)));
        z.add(reached);
        double[][] jac = full.systemJacobian(ContinuationPath.unboxed(z));
        int[] pairs = SymmetricArc.pairsOf(g);
        List<List<Double>> odd = new ArrayList<>();
        for (int p : pairs) {
            List<Double> row = new ArrayList<>();
            for (int q : pairs) {
                row.add(jac[p][q] - jac[p][g.apply(q)]);
            }
            odd.add(row);
        }
        double[] v = LeavingTracer.nullVector(odd);
        if (v == null) {
            return new Blown(null, "the Jacobian's block on the odd directions has no null vector there");
        }
        List<Rational> normal = LeavingTracer.normal(v);
        SymmetricArc arc = new SymmetricArc(full.system(), g, normal);
        double[] theta = new double[full.n + 1];
        System.arraycopy(a, 0, theta, 0, orbits.dimension());
        System.arraycopy(v, 0, theta, orbits.dimension(), v.length);
        theta[full.n] = reached;
        LeavingTracer.DoubleSystem blown = (x, eps) -> residual(arc, x, eps);
        double[] start = LeavingTracer.newton(blown, theta, 0);
        if (start == null) {
            return new Blown(null, "the blow-up has no regular zero at epsilon = 0 near lambda = " + reached);
        }
        double epsMax = Double.POSITIVE_INFINITY;
        for (int p = 0; p < pairs.length; p++) {
            double beta = Math.abs(start[orbits.dimension() + p]);
            if (beta > 0) {
                epsMax = Math.min(epsMax, 0.5 * start[orbits.orbitOf(pairs[p])] / beta);
            }
        }
        return new Blown(new LeavingTracer.BlowUp(arc, blown, normal, start, epsMax), null);
    }

    /** How far (max over coordinates) the chain's stop may lie from profiles an involution fixes for a rejoin. */
    private static final double NEAR_FIXED = 0.05;

    /**
     * SYM-PF (6), the search: where the chain {@code past} (of the full game, from an arm's end) stopped short of λ
     * within {@link #NEAR_FIXED} of the profiles one of the {@code involutions} fixes, the g-fixed QRE there (Newton
     * with λ held from the orbit representatives' values), the blow-up of its pitchfork ({@link #blowUp}), the arms
     * from it towards either sign — {@link LeavingTracer#SHORT_ARM} pieces each, then (where one stopped at that limit)
     * {@link LeavingTracer#MAX_PIECES} — cut after the first piece whose far end lies on a piece of {@code past}, and
     * the chain of the fixed profiles from the zero at ε = 0 to λ: the route of the first arm that meets {@code past},
     * or null if there is none or its fixed chain does not reach λ.
     */
    private static Rejoin rejoin(NormalFormGame game, LogitPath full, List<GameSymmetry> involutions,
                                 BranchTracer.Chain past, Rational lambda, QreSolver.Options o) {
        if (past == null || past.arrives() || past.pieces().isEmpty()) {
            return null;
        }
        List<BranchPiece> pieces = past.pieces();
        QreCertificate.Branch chain = new QreCertificate.Branch(BranchTracer.DIGITS, pieces, -1, null);
        BranchChecker.Replay last = BranchChecker.replayFrom(full.system(), BranchTracer.DIGITS,
            pieces.subList(pieces.size() - 1, pieces.size()), null, true);
        if (last.problem() != null) {
            return null;
        }
        List<Interval> exit = last.ends().get(0);
        double reached = exit.get(full.n).mid().doubleValue();
        for (GameSymmetry h : involutions) {
            Permutation g = SymmetricArc.onProfiles(h, game.dims());
            double apart = 0;
            for (int k = 0; k < full.n; k++) {
                apart = Math.max(apart, Math.abs(exit.get(k).mid().doubleValue() - exit.get(g.apply(k)).mid()
                    .doubleValue()));
            }
            FixedSubspace orbits = FixedSubspace.of(full.n, List.of(g));
            double[] a = apart <= NEAR_FIXED ? fixedQreAt(new RestrictedPath(full, orbits), orbits.reduce(exit),
                reached) : null;
            Blown b = a == null ? null : blowUp(full, g, orbits, a, reached);
            if (b == null || b.problem() != null) {
                continue;
            }
            o.progress().update("principal branch", "the second pitchfork near lambda = " + reached);
            LeavingTracer.BlowUp blowUp = b.blowUp();
            for (int limit : new int[] {LeavingTracer.SHORT_ARM, LeavingTracer.MAX_PIECES}) {
                boolean longer = false; // whether an arm stopped at the limit (a longer one may reach the chain)
                for (int sign : new int[] {1, -1}) {
                    LeavingTracer.Arm arm = LeavingTracer.arm(blowUp.arc(), blowUp.g(), blowUp.zero(), sign,
                        blowUp.epsMax(), lambda.doubleValue(), limit);
                    for (int j = 1; j <= arm.pieces().size(); j++) {
                        List<BlownUpArc.Piece> prefix = arm.pieces().subList(0, j);
                        List<Interval> end = blowUp.arc().end(prefix, sign);
                        int on = end == null ? -1 : BranchChecker.pieceHolding(end, chain);
                        if (on < 0) {
                            continue;
                        }
                        List<Interval> zero = blowUp.arc().pointAt(prefix.get(0), Rational.ZERO);
                        double[] up = new double[orbits.dimension() + 1];
                        up[orbits.dimension()] = 1;
                        BranchTracer.Chain fixed = zero == null ? null : new BranchTracer(new RestrictedPath(full,
                            orbits)).traceFrom(orbits.reduce(zero), up, lambda, 2_000_000, (count, lam, piece, e) ->
                            o.progress().chain("leaving branch", "from the second pitchfork: ", lam, count));
                        return fixed == null || fixed.end() != BranchTracer.End.REACHED ? null : new Rejoin(h, g,
                            orbits, blowUp.normal(), blowUp.zero()[full.n], new LeavingTracer.Arm(sign, prefix,
                            arm.stop(), end), on, fixed);
                    }
                    longer |= arm.pieces().size() == limit;
                }
                if (!longer) {
                    break;
                }
            }
        }
        return null;
    }

    /**
     * The QRE of the fixed profiles at λ = {@code lambda} (probabilities, one per orbit) by Newton with λ held from the
     * point {@code near} (probabilities per orbit, then λ: the orbit representatives' values); null if it fails.
     */
    private static double[] fixedQreAt(RestrictedPath path, List<Interval> near, double lambda) {
        List<Double> x = new ArrayList<>();
        for (int k = 0; k < path.n; k++) {
            x.add(path.toX(k, near.get(k).mid().doubleValue()));
        }
        return newtonBack(path, x, lambda, lambda);
    }

    /**
     * The chain of the profiles a group fixes (its orbits of profile coordinates) from the anchor past the singular
     * point where the full chain stopped ({@code reached}), and that chain's point there (one probability per orbit);
     * or, with the point null, why there is none.
     */
    record Fixed(BranchTracer.Chain chain, double[] point, String problem) {
    }

    /** {@link Fixed} for the orbits: the chain to min(λ, 1.1·reached + 10⁻³), then its point at {@code reached}. */
    static Fixed fixedAt(LogitPath full, FixedSubspace orbits, Rational lambda, Rational anchor, double reached,
                         QreSolver.Options o) {
        Rational until = Rational.of(new BigDecimal(Math.min(lambda.doubleValue(), 1.1 * reached + 1e-3)))
            .max(anchor);
        RestrictedPath restricted = new RestrictedPath(full, orbits);
        BranchTracer.Chain fixed = fixedChain(restricted, until, anchor, o);
        if (fixed.end() != BranchTracer.End.REACHED) {
            // stopped where the full chain did: the null space there is presumably not a line in those profiles
            // either (Iₙ; three or more symmetric players, whose symmetric branch can meet a two-dimensional one)
            boolean there = Math.abs(fixed.lambdaReached() - reached) <= 1e-3 * Math.max(1, reached);
            return new Fixed(fixed, null, "the chain of the profiles it fixes stopped: " + fixed.detail() + (there
                ? "; that is where the full chain stopped, so the point is presumably singular in those profiles too "
                + "(its null space not a line there)" : ""));
        }
        double[] a = pointAt(fixed.pieces(), orbits.dimension(), reached);
        if (a == null) {
            a = newtonBack(restricted, fixed.finalPoint(), until.doubleValue(), reached);
        }
        return new Fixed(fixed, a, a == null ? "the chain of the profiles it fixes gave no point at lambda = " + reached
            : null);
    }

    /** The chain of the restricted path (the profiles a group fixes) from the anchor to {@code to}. */
    static BranchTracer.Chain fixedChain(RestrictedPath path, Rational to, Rational anchor, QreSolver.Options o) {
        return new BranchTracer(path).trace(to, anchor, 200_000, (pieces, lam, piece, end) -> o.progress().chain(
            "principal branch", "fixed profiles: ", lam, pieces));
    }

    /** A route that stopped before its arm, and why. */
    private static Found failed(GameSymmetry s, Permutation g, BranchTracer.Chain fixed, String why) {
        return new Found(s, g, fixed, List.of(), Double.NaN, new LeavingTracer.Arm(1, List.of(), why, null), null,
            null, null);
    }

    /** The point of the chain's plain λ-piece over {@code lambda} by its cubic predictor (the unknowns); or null. */
    private static double[] pointAt(List<BranchPiece> pieces, int n, double lambda) {
        for (BranchPiece p : pieces) {
            if (p.parameter() != n || !p.plain() || !p.range().contains(Rational.of(new BigDecimal(lambda)))) {
                continue;
            }
            return java.util.Arrays.copyOf(predicted(p, lambda), n);
        }
        return null;
    }

    /**
     * A piece's predicted point — its cubic predictor, the sheared coordinate undone — where its coordinate has the
     * value v: the unknowns, then λ.
     */
    static double[] predicted(BranchPiece p, double v) {
        int n = p.unknowns();
        double s = v - (p.from().doubleValue() + p.to().doubleValue()) / 2;
        double[] y = new double[n];
        double sheared = 0;
        for (int k = 0; k < n; k++) {
            y[k] = p.center().get(k).doubleValue() + s * (p.tangent().get(k).doubleValue() + s * (p.curvature().get(k)
                .doubleValue() / 2 + s * p.thirdDerivative().get(k).doubleValue() / 6));
            sheared += p.plain() ? 0 : p.shear().get(k).doubleValue() * y[k];
        }
        double[] z = new double[n + 1];
        for (int k = 0, j = 0; k <= n; k++) {
            z[k] = k == p.parameter() ? v - sheared : y[j++];
        }
        return z;
    }

    /**
     * The fixed profiles' QRE at λ = {@code to} (probabilities, one per orbit) by Newton with λ held
     * ({@link ContinuationPath#correct} with e_μ) in ten steps of λ from the restricted path's point {@code end} (path
     * coordinates) at λ = {@code from}; null if a step fails. For a λ inside a sheared piece, where {@link #pointAt}
     * has no plain piece to evaluate.
     */
    private static double[] newtonBack(RestrictedPath path, List<Double> end, double from, double to) {
        int n = path.n;
        if (end == null || end.size() != n) {
            return null;
        }
        double[] x = new double[n + 1];
        for (int k = 0; k < n; k++) {
            x[k] = end.get(k);
        }
        double[] mu = new double[n + 1];
        mu[n] = 1;
        for (int step = 1; step <= 10 && x != null; step++) {
            x[n] = path.toX(n, from + (to - from) * step / 10);
            x = path.correct(x, mu, x, 30);
        }
        if (x == null) {
            return null;
        }
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = path.toZ(k, x[k]);
        }
        return a;
    }

    /**
     * G(θ; ε) of the blow-up in double: the odd rows by the difference quotient where |ε|·max|β| &gt; 10⁻³, else by
     * the four-point Gauss–Legendre rule of ∫_{−1}^{1} ½ D_bF_c(a + tεb) dt (no cancellation near ε = 0).
     */
    private static double[] residual(SymmetricArc arc, double[] x, double eps) {
        DoubleField d = DoubleField.INSTANCE;
        ParametricSystem sys = arc.system();
        List<Double> theta = ContinuationPath.boxed(x);
        List<Double> plus = sys.residual(d, arc.point(d, theta, eps));
        List<Double> out = new ArrayList<>(arc.even(d, plus));
        int[] pairs = arc.pairs();
        double beta = 0;
        for (int p = 0; p < pairs.length; p++) {
            beta = Math.max(beta, Math.abs(x[x.length - 1 - pairs.length + p]));
        }
        if (Math.abs(eps) * beta > 1e-3) {
            List<Double> minus = sys.residual(d, arc.point(d, theta, -eps));
            for (int c : pairs) {
                out.add((plus.get(c) - minus.get(c)) / (2 * eps));
            }
        } else {
            DualField<Double> dual = new DualField<>(d);
            List<Dual<Double>> constant = theta.stream().map(dual::constant).toList();
            double[] sum = new double[pairs.length];
            for (int j = 0; j < LeavingTracer.GAUSS_NODES.length; j++) {
                List<Dual<Double>> at = sys.residual(dual, arc.point(dual, constant, dual.variable(
                    LeavingTracer.GAUSS_NODES[j] * eps)));
                for (int p = 0; p < pairs.length; p++) {
                    sum[p] += LeavingTracer.GAUSS_WEIGHTS[j] / 2 * at.get(pairs[p]).d();
                }
            }
            for (double v : sum) {
                out.add(v);
            }
        }
        out.add(arc.normalization(d, theta));
        return ContinuationPath.unboxed(out);
    }
}
