package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.Boxes;
import org.equivariant.certificate.EnumerationCertificate;
import org.equivariant.certificate.EnumerationCertificate.Contract;
import org.equivariant.certificate.EnumerationCertificate.Empty;
import org.equivariant.certificate.EnumerationCertificate.Node;
import org.equivariant.certificate.EnumerationCertificate.Op;
import org.equivariant.certificate.EnumerationCertificate.Open;
import org.equivariant.certificate.EnumerationCertificate.Split;
import org.equivariant.certificate.EnumerationCertificate.Unique;
import org.equivariant.certificate.EnumerationChecker;
import org.equivariant.certificate.PayoffDifferences;
import org.equivariant.game.NormalFormGame;
import org.equivariant.work.Progress;

/**
 * Branch-and-bound enumeration of every logit QRE at precision λ over the whole product of simplices (an interval
 * Newton method; Moore, Kearfott). The QREs are σ(v) for the zeros v of G(v) = v − λ D(σ(v)) in payoff-difference
 * coordinates ({@link PayoffDifferences}: v_ia = λ(u_i(a) − u_i(r_i)) for a reference action r_i, σ_i(v) the softmax
 * of v_i and 0), where a QRE near a pure profile is as well scaled as any other (in probabilities the
 * McKelvey–McLennan 2×2×2 game's nine QREs at λ = 10 stayed undecided after 20 000 boxes; in payoff differences they
 * are isolated in about 3 500). From the a-priori box ({@link EnumerationChecker#aPriori}, widened a little so that a
 * Krawczyk image can lie in its interior) each box X is
 * <ol>
 *   <li>contracted by X ← X ∩ λ D(σ(X)) ({@link EnumerationChecker#respond}), discarded if empty;</li>
 *   <li>tested with the Krawczyk operator ({@link EnumerationChecker#krawczyk}), centre the midpoint, preconditioner
 *       an approximate inverse of G' there: K(X) ∩ X = ∅ proves X has no zero; K(X) ⊂ int X proves exactly one,
 *       which lies in K(X); otherwise X ← X ∩ K(X) and the round repeats while the box shrinks by 10 %;</li>
 *   <li>if contracted below 1e-12 (where K(X) ⊂ int X cannot hold at the working precision), ε-inflated to Y ⊃ X
 *       and Y is tested instead (Rump's ε-inflation);</li>
 *   <li>else bisected across the coordinate of largest smear ({@link #smearest}; off-centre, so that symmetric
 *       solutions do not sit on a cut).</li>
 * </ol>
 * Boxes narrower than {@code minWidth}, or met after {@code maxBoxes} boxes, stay open. A zero certified in a box is
 * recorded unless provably one already recorded (one enclosure inside the other's box); if neither that nor
 * disjointness of the enclosures can be shown, the box is split further. Every step is recorded in an
 * {@link EnumerationCertificate} that {@link EnumerationChecker} replays independently; when no box is open the QREs
 * are exactly the recorded ones — uniqueness or an exact count, independent of the threshold theorems.
 */
public final class QreEnumeration {
    private static final Rational CUT = Rational.of(29, 61);
    private static final BigDecimal INFLATE_BELOW = new BigDecimal("1e-12");
    private static final BigDecimal SHRINK = new BigDecimal("0.9");
    private static final BigDecimal RANGE_INFLATE_BELOW = new BigDecimal("0.05");
    private static final BigDecimal ROOM = new BigDecimal("0.001");

    public record Options(int digits, int maxBoxes, BigDecimal minWidth) {
        public static Options defaults() {
            return new Options(30, 20_000, new BigDecimal("1e-20"));
        }
    }

    /**
     * Boxes each containing exactly one QRE and the open boxes, as profiles (σ of the boxes in payoff differences: each
     * holds the QREs of its box), the number of boxes processed, and the proof tree.
     */
    public record Result(List<List<Interval>> solutions, List<List<Interval>> undecided, int boxes,
                         EnumerationCertificate certificate) {
        public Result {
            solutions = List.copyOf(solutions);
            undecided = List.copyOf(undecided);
        }

        /** Whether the enumeration is a proof: no box is open, so the QREs are exactly {@link #solutions}. */
        public boolean complete() {
            return undecided.isEmpty();
        }
    }

    private final Options o;
    private final boolean range;
    private final IntervalField f;
    private final PayoffDifferences<Interval> system;
    private final PayoffDifferences<Double> approx;
    private final Boxes.DistinctZeros zeros = new Boxes.DistinctZeros();
    private final List<List<Interval>> open = new ArrayList<>();
    /** The root box: the a-priori box, widened a little. */
    private final List<Interval> start = new ArrayList<>();
    private final Progress progress;
    private int processed;

    private QreEnumeration(NormalFormGame game, Rational lambda, Rational lambdaHi, Options o, Progress progress) {
        this.o = o;
        this.progress = progress;
        this.range = !lambda.equals(lambdaHi);
        this.f = new IntervalField(o.digits());
        Interval range = EnumerationChecker.lambdaRange(lambda, lambdaHi, f);
        this.system = new PayoffDifferences<>(f, game.payoffs(), range);
        this.approx = new PayoffDifferences<>(DoubleField.INSTANCE, game.payoffs(), lambda.add(lambdaHi).divide(
            Rational.of(2)).doubleValue());
        for (Interval x : EnumerationChecker.aPriori(system, range, f)) {
            // a coordinate the a-priori box holds to a point (λ = 0, or payoffs that never differ) still needs room
            start.add(x.inflate(x.width().divide(BigDecimal.valueOf(64)).add(ROOM)));
        }
    }

    /** The largest policy-space dimension Σ(m_i − 1) that {@code solve --all} enumerates by default. */
    public static final int SMALL_DIMENSION = 4;

    /** Whether the game's policy space has at most {@link #SMALL_DIMENSION} free probabilities. */
    public static boolean isSmall(NormalFormGame game) {
        int dimension = 0;
        for (int m : game.dims()) {
            dimension += m - 1;
        }
        return dimension <= SMALL_DIMENSION;
    }

    public static Result enumerate(NormalFormGame game, Rational lambda, Options o) {
        return enumerate(game, lambda, lambda, o);
    }

    /**
     * The enumeration for every λ′ in [λ, λHi] at once (theorem UNIQ-BB): λ enters every interval operation as the
     * interval itself, so an empty box has no QRE for any λ′, a unique leaf holds exactly one for each λ′, and a
     * complete result with one solution proves the QRE unique on the whole range.
     */
    public static Result enumerate(NormalFormGame game, Rational lambda, Rational lambdaHi, Options o) {
        return enumerate(game, lambda, lambdaHi, o, Progress.NONE);
    }

    /** {@link #enumerate(NormalFormGame, Rational, Rational, Options)}, reporting the boxes processed so far. */
    public static Result enumerate(NormalFormGame game, Rational lambda, Rational lambdaHi, Options o,
                                   Progress progress) {
        if (lambda.signum() < 0 || lambdaHi.compareTo(lambda) < 0) {
            throw new IllegalArgumentException("λ must be non-negative and λHi ≥ λ, got [" + lambda + ", " + lambdaHi
                + "]");
        }
        QreEnumeration e = new QreEnumeration(game, lambda, lambdaHi, o, progress);
        Node root = e.explore(e.start);
        return new Result(e.zeros.enclosures().stream().map(e.system::flatProfile).toList(),
            e.open.stream().map(e.system::flatProfile).toList(), e.processed,
            new EnumerationCertificate(game.title(), game.payoffs(), game.sha256(), lambda, lambdaHi, o.digits(),
            root));
    }

    private Node explore(List<Interval> x) {
        progress.update("branch-and-bound", processed + " of at most " + o.maxBoxes() + " boxes, "
            + zeros.enclosures().size() + " QREs isolated, " + open.size() + " boxes undecided");
        if (++processed > o.maxBoxes()) {
            open.add(x);
            return new Open(x);
        }
        return round(x, 0);
    }

    /** One contraction round: response, then Krawczyk; recurses while the box shrinks. */
    private Node round(List<Interval> x, int round) {
        List<Interval> y = EnumerationChecker.respond(system, x);
        if (y == null) {
            return new Empty(x, Op.RESPONSE);
        }
        return new Contract(x, Op.RESPONSE, krawczykStep(y, Boxes.maxWidth(x), round));
    }

    private Node krawczykStep(List<Interval> x, BigDecimal before, int round) {
        Op op = krawczykOp(x);
        if (op == null) {
            return splitOrOpen(x);
        }
        List<Interval> k = image(op, x);
        List<Interval> y = Boxes.intersect(k, x);
        if (y == null) {
            return new Empty(x, op);
        }
        if (Boxes.interior(k, x) && zeros.add(x, y)) {
            return new Unique(x, x, op);
        }
        if (range && Boxes.maxWidth(x).compareTo(RANGE_INFLATE_BELOW) < 0) {
            // a λ-range's zeros form an arc that bisection would cut: test the inflated hull of X and K(X) instead
            List<Interval> hull = new ArrayList<>();
            for (int j = 0; j < x.size(); j++) {
                Interval h = x.get(j).hull(k.get(j));
                hull.add(h.inflate(h.width().multiply(BigDecimal.valueOf(0.1)).add(BigDecimal.ONE.scaleByPowerOfTen(
                    -(o.digits() - 5)))));
            }
            Op hullOp = krawczykOp(hull);
            if (hullOp != null) {
                List<Interval> kh = image(hullOp, hull);
                if (Boxes.interior(kh, hull) && zeros.add(hull, Boxes.intersect(kh, hull))) {
                    return new Unique(x, hull, hullOp);
                }
            }
        }
        if (Boxes.maxWidth(y).compareTo(INFLATE_BELOW) < 0) {
            List<Interval> inflated = y.stream().map(i -> i.inflate(Boxes.maxWidth(y).multiply(BigDecimal.valueOf(1000))
                .max(BigDecimal.ONE.scaleByPowerOfTen(-(o.digits() - 10))))).toList();
            Op inflatedOp = krawczykOp(inflated);
            if (inflatedOp != null) {
                List<Interval> ky = image(inflatedOp, inflated);
                if (Boxes.interior(ky, inflated) && zeros.add(inflated, Boxes.intersect(ky, inflated))) {
                    return new Contract(x, op, new Unique(y, inflated, inflatedOp));
                }
            }
            return new Contract(x, op, splitOrOpen(y));
        }
        if (round < 7 && Boxes.maxWidth(y).compareTo(before.multiply(SHRINK)) <= 0) {
            return new Contract(x, op, round(y, round + 1));
        }
        return new Contract(x, op, splitOrOpen(y));
    }

    private Node splitOrOpen(List<Interval> x) {
        if (Boxes.maxWidth(x).compareTo(o.minWidth()) < 0) {
            open.add(x);
            return new Open(x);
        }
        int cutAt = smearest(x);
        Interval w = x.get(cutAt);
        BigDecimal cut = w.lo().add(w.width().multiply(CUT.toBigDecimal(new MathContext(20))))
            .round(new MathContext(o.digits()));
        if (cut.compareTo(w.lo()) <= 0 || cut.compareTo(w.hi()) >= 0) {
            open.add(x);
            return new Open(x);
        }
        List<Interval> left = new ArrayList<>(x);
        left.set(cutAt, new Interval(w.lo(), cut));
        List<Interval> right = new ArrayList<>(x);
        right.set(cutAt, new Interval(cut, w.hi()));
        Node l = explore(left);
        return new Split(x, cutAt, cut, l, explore(right));
    }

    /**
     * The coordinate to bisect: the largest smear w(X_j)·(Σ_i |G'_ij(c)| + 10^−3·max_k Σ_i |G'_ik(c)|), G' at the box's
     * centre in doubles (after Kearfott's maximal-smear rule): a coordinate whose softmax is saturated, where G' has
     * the identity's column alone, is cut for its width only when it is much the widest. Any coordinate keeps the
     * search sound (the checker accepts every split; a smear that is not a number leaves the first coordinate); on the
     * small games of Gambit's catalog at λ = 10 this one takes half the boxes the widest-coordinate rule took.
     */
    private int smearest(List<Interval> x) {
        int n = x.size();
        List<List<Double>> j = approx.jacobian(x.stream().map(i -> i.mid().doubleValue()).toList());
        double[] column = new double[n];
        double largest = 0;
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                column[k] += Math.abs(j.get(i).get(k));
            }
            largest = Math.max(largest, column[k]);
        }
        int best = 0;
        double bestSmear = -1;
        for (int k = 0; k < n; k++) {
            double smear = x.get(k).width().doubleValue() * (column[k] + 1e-3 * largest);
            if (smear > bestSmear) {
                best = k;
                bestSmear = smear;
            }
        }
        return best;
    }

    /**
     * Krawczyk with centre mid(X) and R ≈ G'(c)^{-1}, an inverse in doubles written as 15-digit rationals (any R serves
     * the operator; a good one makes it contract); null if G'(c) is numerically singular.
     */
    private Op krawczykOp(List<Interval> x) {
        List<BigDecimal> c = new ArrayList<>();
        for (Interval xi : x) {
            c.add(xi.mid().max(xi.lo()).min(xi.hi()));
        }
        List<List<Rational>> r = new ArrayList<>();
        try {
            for (List<Double> row : LinearAlgebra.inverse(DoubleField.INSTANCE, approx.jacobian(c.stream()
                .map(BigDecimal::doubleValue).toList()))) {
                if (row.stream().anyMatch(v -> !Double.isFinite(v))) {
                    return null;
                }
                r.add(row.stream().map(v -> QreSolver.negligibleAsZero(new BigDecimal(v), 15)).toList());
            }
        } catch (ArithmeticException singular) {
            return null;
        }
        return new Op(c, r);
    }

    private List<Interval> image(Op op, List<Interval> x) {
        return EnumerationChecker.krawczyk(system, x, op.center().stream().map(Interval::point).toList(),
            op.preconditioner().stream().map(row -> row.stream().map(f::of).toList()).toList(), f);
    }
}
