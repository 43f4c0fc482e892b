package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.PinnedPlayers;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.game.NormalFormGame;

/**
 * The principal branch past a singular point through the QREs in which pinned players play uniformly (theorem
 * PIN-SUB): the reduced game's principal QRE at the target λ, certified by {@link QreSolver} on that game; when
 * det(I − L) changes sign just past the point where the full chain stopped and the reduced QREs there are unique or
 * on one piece of the reduced game's chain, the singular point enclosed between two certified reduced QREs; the two
 * arms leaving it ({@link LeavingTracer}, PIN-SUB (6)) and from each arm's end a chain of the full game to λ, whose end
 * point is a candidate QRE. Untrusted search; the claim goes into the certificate as a
 * {@link QreCertificate.PinnedBranch} that the checker replays.
 */
final class PinnedRoute {
    /** The signs of ε of the two arms leaving a singular point of the pinned players' curve. */
    private static final int[] UP_DOWN = {1, -1};

    /** The least number of steps of {@link #ahead}'s scan. */
    private static final int SCAN_STEPS = 64;

    /** The longest step in λ of {@link #ahead}'s scan, up to 100 · {@link #SCAN_STEPS} steps. */
    private static final double SCAN_STEP = 0.1;

    /** How many times the bracket around the double estimate of the singular point is widened (×100 each). */
    private static final int WIDENINGS = 4;

    /**
     * The pinned players, the reduced game's certified result at λ, the two results around the singular point (both
     * null if it was not enclosed), the arms leaving it (null if not certified), the chains past the arms' ends (null
     * entries where an arm is past λ already), the candidate start for the full game (log-profile) and what was done,
     * in words.
     */
    record Found(List<Integer> players, QreResult reduced, QreResult below, QreResult above,
                 QreCertificate.Leaving leaving, List<BranchTracer.Chain> beyond, List<Double> start, String detail) {
        /** The full game's candidate QREs at λ where the chains past the arms' ends arrive (log-profiles). */
        List<List<Double>> armCandidates() {
            return beyond.stream().filter(c -> c != null && c.arrives())
                .map(BranchTracer.Chain::finalPoint).toList();
        }

        /**
         * The claim for box {@code qre}, with each chain past an arm's end linked to the first verified enclosure
         * its last piece holds at λ (left out when none does).
         */
        QreCertificate.PinnedBranch claim(List<RationalTensor> payoffs, int qre, Rational lambda,
                                          List<List<Interval>> verified) {
            QreCertificate.Leaving l = leaving;
            if (l != null) {
                l = new QreCertificate.Leaving(l.normal(), l.up(), l.down(), linked(payoffs, beyond.get(0), lambda,
                    verified), linked(payoffs, beyond.get(1), lambda, verified));
            }
            return new QreCertificate.PinnedBranch(qre, players, reduced.certificate(), below == null ? null
                : below.certificate(), above == null ? null : above.certificate(), l);
        }
    }

    private PinnedRoute() {
    }

    /**
     * The chain (of the full game, with its tail if it has one) linked to the first verified enclosure it carries the
     * branch to at λ: the first its last piece's tube holds at λ, or, with a tail (whose claim the tracer proved at the
     * chain's end), the first its region holds — what {@link BranchChecker#reaches} then checks; null if none (also for
     * no chain).
     */
    static QreCertificate.Branch linked(List<RationalTensor> payoffs, BranchTracer.Chain chain, Rational lambda,
                                        List<List<Interval>> verified) {
        if (chain == null || !chain.arrives()) {
            return null;
        }
        for (int k = 0; k < verified.size(); k++) {
            if (chain.tail() == null ? BranchChecker.link(chain.pieces(), lambda, verified.get(k), BranchTracer.DIGITS,
                "λ") == null : chain.branchTail().contains(payoffs, verified.get(k))) {
                return new QreCertificate.Branch(BranchTracer.DIGITS, chain.pieces(), k, null, chain.branchTail());
            }
        }
        return null;
    }

    /**
     * Where det(I − L) last has the sign it has at λ = {@code from} before it first changes along the reduced game's
     * principal branch up to {@code lambda}, seen in double at {@link #SCAN_STEPS} equal steps of λ (more where they
     * would exceed {@link #SCAN_STEP}); NaN when fewer than two players are pinned, all are, no change is seen or the
     * double path fails. Untrusted: it only tells `solve` where to enclose a singular point (PIN-SUB (5)) instead of
     * tracing the full game's chain up to it, which PIN-SUB (3) does not need.
     */
    static double ahead(NormalFormGame game, double from, double lambda) {
        List<RationalTensor> payoffs = game.payoffs();
        List<Integer> s = PinnedPlayers.largest(payoffs);
        if (s.size() < 2 || s.size() == payoffs.size() || !(lambda > from)) {
            return Double.NaN;
        }
        NormalFormGame reduced = reduced(game, s);
        Optional<List<Double>> z = QreSolver.principalInDouble(reduced, from);
        if (z.isEmpty()) {
            return Double.NaN;
        }
        double sign = Math.signum(det(payoffs, s, reduced, from, z.get()));
        int steps = (int) Math.max(SCAN_STEPS, Math.min(Math.ceil((lambda - from) / SCAN_STEP), 100 * SCAN_STEPS));
        double before = from;
        for (int k = 1; k <= steps && sign != 0; k++) {
            double at = k == steps ? lambda : from + k * (lambda - from) / steps;
            z = QreSolver.doubleQre(reduced, at, z.get());
            if (z.isEmpty()) {
                return Double.NaN;
            }
            if (Math.signum(det(payoffs, s, reduced, at, z.get())) != sign) {
                return before;
            }
            before = at;
        }
        return Double.NaN;
    }

    /**
     * The route for {@code game} at λ after its chain stopped at {@code reached}, or empty when no player is pinned,
     * all are, or the reduced game's principal QRE is not certified.
     */
    static Optional<Found> attempt(NormalFormGame game, Rational lambda, double reached, QreSolver.Options o) {
        List<RationalTensor> payoffs = game.payoffs();
        List<Integer> s = PinnedPlayers.largest(payoffs);
        if (s.isEmpty() || s.size() == payoffs.size()) {
            return Optional.empty();
        }
        NormalFormGame reduced = reduced(game, s);
        QreSolver.Options quiet = new QreSolver.Options(o.digits(), 0, o.seed(), false, o.progress());
        o.progress().update("principal branch", "players " + PinnedPlayers.names(s) + " pinned: the reduced game");
        QreResult r = QreSolver.solve(reduced, lambda, quiet);
        if (r.principalIndex() < 0) {
            return Optional.empty();
        }
        List<Double> start = new ArrayList<>();
        List<Rational> z = r.qres().get(r.principalIndex()).center();
        int[] dims = game.dims();
        for (int i = 0, k = 0; i < dims.length; i++) {
            for (int a = 0; a < dims[i]; a++) {
                start.add(s.contains(i) ? -Math.log(dims[i]) : QreSolver.logOf(z.get(k++).toBigDecimal(
                    new java.math.MathContext(17))));
            }
        }
        o.progress().update("principal branch", "enclosing the singular point");
        QreResult[] around = bracket(payoffs, s, reduced, reached, lambda.doubleValue(), quiet);
        LeavingBranches route = around == null ? null : leaving(game, s, reduced, around, lambda, o);
        QreCertificate.Leaving leaving = route == null ? null : new QreCertificate.Leaving(route.normal(),
            route.arms().get(0).pieces(), route.arms().get(1).pieces());
        List<BranchTracer.Chain> beyond = route == null ? new ArrayList<>() : route.chains();
        String past = beyond.stream().map(c -> pastText(c, false)).collect(java.util.stream.Collectors.joining());
        return Optional.of(new Found(s, r, around == null ? null : around[0], around == null ? null : around[1],
            leaving, beyond, start, "players " + PinnedPlayers.names(s) + " are pinned at the uniform strategy "
            + "(PIN-SUB); " + singularPoint(around, reached) + leavingText(s, around, route) + past));
    }

    /** "; past the end of an arm, a chain … reaches / stops at lambda = …", or "". */
    static String pastText(BranchTracer.Chain chain, boolean inFixed) {
        if (chain == null || chain.pieces().isEmpty()) {
            return "";
        }
        return String.format(java.util.Locale.ROOT, "; past the end of an arm a chain of %d pieces %s %s",
            chain.pieces().size(), inFixed ? "in the profiles the stabilizer fixes (SYM-ARM (9))"
            : "of the full game (BR-CHAIN from that point)", chain.reach());
    }

    /**
     * The two arms leaving the enclosed singular point, in the order up, down, and the chains of the full game from
     * their ends to λ ({@link LeavingBranches#follow}, the arms' piece limits tried in turn); null when the arms are
     * not traced or an arm has no proved piece.
     */
    static LeavingBranches leaving(NormalFormGame game, List<Integer> s, NormalFormGame reduced, QreResult[] around,
                                   Rational lambdaMax, QreSolver.Options o) {
        return leaving(game, s, reduced, around, lambdaMax, o, LeavingTracer.SHORT_ARM, LeavingTracer.MAX_PIECES);
    }

    /** {@link #leaving} with the arms' piece limits tried in turn. */
    static LeavingBranches leaving(NormalFormGame game, List<Integer> s, NormalFormGame reduced, QreResult[] around,
                                   Rational lambdaMax, QreSolver.Options o, int... limits) {
        if (s.size() < 2) {
            return null; // one pinned player: L = 0, the curve has no singular point of its own
        }
        o.progress().update("principal branch", "the branches leaving the singular point");
        double lambda = (around[0].lambda().doubleValue() + around[1].lambda().doubleValue()) / 2;
        List<Double> below = around[0].qres().get(around[0].principalIndex()).center().stream()
            .map(Rational::doubleValue).toList();
        Optional<List<Double>> z = QreSolver.doubleQre(reduced, lambda, below);
        LeavingTracer.BlowUp b = z.isEmpty() ? null : LeavingTracer.pinned(game, s, lambda, z.get());
        if (b == null) {
            return null;
        }
        LeavingBranches route = LeavingBranches.follow(game, b, UP_DOWN, lambdaMax, null, o, limits);
        return route.allArmsProved() ? route : null;
    }

    /**
     * "; two branches leave it …" with each arm's certified end, or why they are not: the singular point was not
     * enclosed (nothing to add), or no blow-up or no first piece of an arm was proved.
     */
    static String leavingText(List<Integer> s, QreResult[] around, LeavingBranches route) {
        if (around == null) {
            return "";
        }
        if (route == null) {
            return "; the branches leaving it were not certified (no simple null vector of I - L there, or an arm's "
                + "first blow-up piece could not be proved)";
        }
        List<String> ends = new ArrayList<>();
        for (LeavingTracer.Arm arm : route.arms()) {
            List<Interval> end = arm.end();
            ends.add(String.format(java.util.Locale.ROOT, "to lambda = %.8g (%d pieces; %s)", end.get(end.size() - 1)
                .mid().doubleValue(), arm.pieces().size(), arm.stop()));
        }
        return "; two branches leave it (blow-up, PIN-SUB (6)), certified " + String.join(" and ", ends);
    }

    /** The reduced game: the players outside S, payoffs averaged uniformly over S. */
    static NormalFormGame reduced(NormalFormGame game, List<Integer> s) {
        return NormalFormGame.of(game.title() + " (players " + PinnedPlayers.names(s) + " pinned at the uniform "
            + "strategy)", PinnedPlayers.reduced(game.payoffs(), s));
    }

    /** The enclosure of the singular point found by {@link #bracket} (or null), in words. */
    static String singularPoint(QreResult[] around, double reached) {
        if (around == null) {
            return "the singular point was not enclosed (det(I - L) was not seen to change sign past lambda = "
                + String.format(java.util.Locale.ROOT, "%.10g", reached) + ", or not between reduced QREs certified "
                + "unique or on one piece of the reduced game's chain)";
        }
        return String.format("a singular point of the branch lies at lambda in (%s, %s), where det(I - L) changes "
            + "sign", around[0].lambda().toBigDecimal(new MathContext(17))
            .toPlainString(), around[1].lambda().toBigDecimal(new MathContext(17)).toPlainString());
    }

    /**
     * Certified reduced QREs just below and just above the first change of sign of det(I − L) between
     * {@code reached} and {@code limit} (double search: steps growing ×4 from 10⁻⁹·reached, then bisection), both
     * unique (UNIQ-H) and with opposite proved signs; null if none is found.
     */
    static QreResult[] bracket(List<RationalTensor> payoffs, List<Integer> s, NormalFormGame reduced, double reached,
                               double limit, QreSolver.Options o) {
        Optional<List<Double>> za = QreSolver.principalInDouble(reduced, reached);
        if (za.isEmpty()) {
            return null;
        }
        double a = reached;
        List<Double> zLo = za.get();
        double signA = Math.signum(det(payoffs, s, reduced, a, zLo));
        double b = Double.NaN;
        List<Double> zHi = null;
        for (double h = 1e-9 * Math.max(a, 1e-3); a + h <= limit; h *= 4) {
            Optional<List<Double>> zb = QreSolver.doubleQre(reduced, a + h, zLo);
            if (zb.isEmpty()) {
                return null;
            }
            if (Math.signum(det(payoffs, s, reduced, a + h, zb.get())) != signA) {
                b = a + h;
                zHi = zb.get();
                break;
            }
            a += h;
            zLo = zb.get();
        }
        if (zHi == null) {
            return null;
        }
        for (int it = 0; it < 80 && b - a > 4 * Math.ulp(b); it++) {
            double m = (a + b) / 2;
            Optional<List<Double>> zm = QreSolver.doubleQre(reduced, m, zLo);
            if (zm.isEmpty()) {
                return null;
            }
            if (Math.signum(det(payoffs, s, reduced, m, zm.get())) == signA) {
                a = m;
                zLo = zm.get();
            } else {
                b = m;
            }
        }
        double estimate = (a + b) / 2;
        double delta = 1e-13 * Math.max(1, estimate);
        for (int w = 0; w < WIDENINGS; w++, delta *= 100) {
            QreResult above = certified(reduced, estimate + delta, o);
            if (above == null) {
                return null; // not certified there: a wider bracket will not be either
            }
            QreResult below = certified(reduced, estimate - delta, o);
            if (below != null && sign(payoffs, s, below) * sign(payoffs, s, above) < 0 && onOneCurve(below, above)) {
                return new QreResult[] {below, above};
            }
        }
        return null;
    }

    /**
     * The reduced game's QRE at λ (17 significant digits of {@code lambda}) when certified unique or on its principal
     * branch by a chain that reaches λ (no BR-TAIL end: PIN-SUB (5) may need its last piece there), else null.
     */
    private static QreResult certified(NormalFormGame reduced, double lambda, QreSolver.Options o) {
        if (!(lambda > 0)) {
            return null;
        }
        Rational l = Rational.of(new BigDecimal(lambda).round(new MathContext(17)));
        QreResult r = QreSolver.solve(reduced, l, o.toLambda());
        return r.verdict() == Verdict.UNIQUE || r.principalIndex() >= 0 ? r : null;
    }

    /**
     * Whether the reduced QREs below and above the singular point lie on one curve that PIN-SUB (5) can prove: both
     * unique (UNIQ-H), or the lower one on the last piece of the upper one's chain.
     */
    private static boolean onOneCurve(QreResult below, QreResult above) {
        if (below.verdict() == Verdict.UNIQUE && above.verdict() == Verdict.UNIQUE) {
            return true;
        }
        QreCertificate.Branch chain = above.certificate().branch();
        return chain != null && chain.qre() == above.principalIndex() && BranchChecker.link(chain.pieces(),
            below.lambda(), principal(below), chain.digits(), "λ") == null;
    }

    /**
     * The last piece of the upper reduced certificate's chain, on which the arms' zeros at ε = 0 must lie, when the
     * reduced QREs around the singular point are not both unique (PIN-SUB (5), (6)); else null.
     */
    static BranchPiece reducedArc(QreResult[] around) {
        if (around[0].verdict() == Verdict.UNIQUE && around[1].verdict() == Verdict.UNIQUE) {
            return null;
        }
        List<BranchPiece> pieces = around[1].certificate().branch().pieces();
        return pieces.get(pieces.size() - 1);
    }

    /** The enclosure of a reduced result's principal QRE. */
    private static List<Interval> principal(QreResult r) {
        return r.report().enclosures().get(r.principalIndex());
    }

    /** The proved sign of det(I − L) at a certified reduced QRE on the principal branch (0 if undetermined). */
    private static int sign(List<RationalTensor> payoffs, List<Integer> s, QreResult r) {
        return PinnedPlayers.transverseSign(payoffs, s, Interval.of(r.lambda(), 40), principal(r));
    }

    /** det(I − L) in double at the reduced profile z (flat probabilities) and λ. */
    private static double det(List<RationalTensor> payoffs, List<Integer> s, NormalFormGame reduced, double lambda,
                              List<Double> z) {
        List<List<Double>> strategies = new ArrayList<>();
        for (int j = 0, k = 0; j < reduced.numPlayers(); k += reduced.numActions(j), j++) {
            strategies.add(z.subList(k, k + reduced.numActions(j)));
        }
        DoubleField f = DoubleField.INSTANCE;
        return LinearAlgebra.determinant(f, PinnedPlayers.transverse(f, payoffs, s, lambda, strategies));
    }
}
