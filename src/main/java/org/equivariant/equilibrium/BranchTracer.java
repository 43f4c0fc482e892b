package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import org.equivariant.arith.DyadicRow;
import org.equivariant.arith.Grids;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalArithmetic;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.BranchTail;
import org.equivariant.certificate.ChainTail;
import org.equivariant.certificate.ParametricSystem;
import org.equivariant.game.NormalFormGame;

/**
 * Certified principal branch (theorems BR-CHAIN and MQRE-CHAIN): follows a double-precision {@link ContinuationPath}
 * — {@link LogitPath} from (centroid, λ = 0), {@link MarkovPath} from (uniform, β = 0) — to the target parameter with
 * {@link BranchPiece}s of the path's {@link ParametricSystem}, each proposed here (untrusted: a cubic predictor through
 * a Newton-corrected path point, its Taylor coefficients refined by a Newton step on the line's own residual, a
 * deviation box, the preconditioner from the double Jacobian) and
 * accepted only when {@link BranchChecker#test} — the checker's own test — proves it, so every piece is checked
 * exactly once. The first piece runs over the parameter from its start, the last to the target; every piece between
 * runs over the branch's tangent coordinate at its start (a sheared piece: pseudo-arclength, regular through folds),
 * eliminating the parameter while the branch is steep enough in it and else the coordinate that moves most (only
 * coordinates the path allows), in the direction of the branch's tangent at the chain's end; their length adapts to
 * the last test's contraction ({@link #lengthFactor}). Where no piece can be proved however short — a singular point
 * of the branch — the chain stops there and says so.
 */
final class BranchTracer {
    /**
     * Why the chain ended: it reached the target; no piece could be proved further (a singular point, or the piece
     * limit); the double path did not lead to the target (NOT_TRACED), or came back to its start (CLOSED: the branch
     * is a closed curve that does not reach the target, whatever the entry on it); a tail claim carries it on.
     */
    enum End { REACHED, SINGULAR, NOT_TRACED, CLOSED, TAIL }

    /**
     * The proved pieces in order, how the chain ended, the λ reached, the double path's suspected singular points (λ
     * values), if it did not reach the target, why, and the point at the target (log-profile): the chain's own where it
     * reached the target, else the double path's (null if the path did not reach it); and where the chain ended
     * (TAIL) in a region past which a tail theorem (BR-TAIL, MIX-TAIL) carries the branch to the target, that claim.
     */
    record Chain(List<BranchPiece> pieces, End end, double lambdaReached, List<Double> suspectedSingular,
                 String detail, List<Double> finalPoint, ChainTail tail) {
        /** The tail of a logit chain: a normal-form game's tracer ends its chains by {@link BranchTail}s only. */
        BranchTail branchTail() {
            return (BranchTail) tail;
        }

        /** Whether the chain proves the branch to the target: its last piece reaches it, or its tail carries it. */
        boolean arrives() {
            return end == End.REACHED || end == End.TAIL;
        }

        /**
         * How the chain ended, for reports: "reaches", "stops at" (with why no piece could be proved beyond) or (TAIL)
         * "ends at" λ = …, with the tail's claim, or (NOT_TRACED, CLOSED) why the double path did not lead there (and
         * where the pieces covering a closed curve stopped).
         */
        String reach() {
            String at = String.format(java.util.Locale.ROOT, "lambda = %.8g", lambdaReached);
            return switch (end) {
                case REACHED -> "reaches " + at;
                case TAIL -> "ends at " + at + ", " + tail.whence() + ", and so on";
                case NOT_TRACED -> "was not traced (" + detail + ")";
                case CLOSED -> (pieces.isEmpty() ? "was not traced (" : "lies on a closed curve (") + detail + ")";
                default -> "stops at " + at + (detail.isEmpty() ? "" : " (" + detail + ")");
            };
        }

        Chain(List<BranchPiece> pieces, End end, double lambdaReached, List<Double> suspectedSingular,
              String detail, List<Double> finalPoint) {
            this(pieces, end, lambdaReached, suspectedSingular, detail, finalPoint, null);
        }
    }

    /** Progress: pieces proved, the parameter (λ or β) at the end of the piece just proved, the piece and its end. */
    interface Listener {
        void piece(int pieces, double lambda, BranchPiece piece, List<Interval> end);
    }

    /** At most this many pieces cover a closed curve from a certified point on it (a guard: it stops far sooner). */
    static final int CLOSED_PIECES = 2_000;

    /** Digits of the chain's arithmetic: 62-bit dyadic intervals (about 18 digits). */
    static final int DIGITS = 18;
    private static final MathContext MC = new MathContext(17);
    private static final MathContext DOWN = new MathContext(17, RoundingMode.FLOOR);
    private static final MathContext UP = new MathContext(17, RoundingMode.CEILING);

    private final ContinuationPath path;
    private final int maxPieces;
    private final ParametricSystem system;
    private final IntervalArithmetic<?> f;
    private final int n;
    private final String name;
    /** After each proved piece, and where the chain stops: a claim that ends the chain there, or null. */
    private final Tails tail;

    /** Claims that end a chain after a piece ({@code stopped}: the chain can go no further), or null. */
    interface Tails {
        ChainTail after(BranchPiece piece, boolean stopped);
    }

    /** A tracer of the branch {@code path} follows in double, proved against its {@link ContinuationPath#system}. */
    BranchTracer(ContinuationPath path) {
        this(path, Integer.MAX_VALUE);
    }

    /** A tracer whose chains stop after {@code maxPieces} pieces (End.SINGULAR, saying so). */
    BranchTracer(ContinuationPath path, int maxPieces) {
        this(path, maxPieces, (piece, stopped) -> null);
    }

    /** This tracer, its chains ending after a piece for which {@code tail} gives a claim (End.TAIL). */
    BranchTracer endingAt(Tails tail) {
        return new BranchTracer(path, maxPieces, tail);
    }

    private BranchTracer(ContinuationPath path, int maxPieces, Tails tail) {
        this.tail = tail;
        this.maxPieces = maxPieces;
        this.path = path;
        this.system = path.system();
        this.f = BranchChecker.arithmetic(DIGITS);
        this.n = path.n;
        this.name = path.parameterName();
    }

    /** The tracer of a normal-form game's principal branch (theorem BR-CHAIN). */
    static BranchTracer logit(NormalFormGame game) {
        return new BranchTracer(new LogitPath(game));
    }

    /** The chain from the parameter 0, or from an anchor v₀ &gt; 0 (the caller's duty to justify), to the target. */
    Chain trace(Rational lambda, Rational anchor, int maxSteps, Listener listener) {
        double target = path.toX(n, lambda.doubleValue());
        if (!Double.isFinite(target)) {
            return new Chain(List.of(), End.NOT_TRACED, 0, List.of(), name + " = " + lambda.toCompactString()
                + " is beyond the double fast path that traces the branch", null);
        }
        return covered(path.trace(target, maxSteps), lambda, anchor, null, listener);
    }

    /**
     * The chain from a certified point of the branch — {@code entry}: its n + 1 coordinates enclosed, each box holding
     * a point of the branch — leaving it in the direction {@code reference} (system coordinates), to the target. The
     * first piece must hold the entry's point ({@link BranchChecker#joins}); what makes that point a point of the
     * principal branch is the caller's to prove.
     */
    Chain traceFrom(List<Interval> entry, double[] reference, Rational lambda, int maxSteps, Listener listener) {
        double[] x0 = new double[n + 1];
        double[] ref = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            double z = entry.get(k).mid().doubleValue();
            x0[k] = path.toX(k, z);
            // the direction in path coordinates: d x_k = (dx_k/dz_k) d z_k, by a difference quotient with a step
            // relative to z (a probability of 10⁻¹⁶ is a log-probability whose quotient an absolute step of 10⁻¹⁰
            // took from log of a negative number: NaN, and the path stalled at its first point — a symmetric 4×4
            // game's arms past a pitchfork); a component still not finite only does not orient the tangent
            double h = 1e-7 * (z != 0 ? Math.abs(z) : 1);
            double d = (path.toX(k, z + h) - path.toX(k, z - h)) / (2 * h) * reference[k];
            ref[k] = Double.isFinite(d) ? d : 0;
        }
        double[] corrected = path.correct(x0, ref, x0, 20);
        return covered(path.trace(corrected == null ? x0 : corrected, ref, path.toX(n, lambda.doubleValue()),
            maxSteps), lambda, null, entry, listener);
    }

    /**
     * A chain that ended by a tail claim (End.TAIL) for a target λ at least the λ {@code at} of a point of its double
     * path ({@code point}, path coordinates): the same pieces and claim — BR-TAIL's and MIX-TAIL's hold for every
     * target past the chain's end (the checker then asks the QRE at λ to lie in the claim's region) — with the double
     * path's point at λ, traced on from that one (its suspected singular points added); null where that path does not
     * reach λ.
     */
    Chain onward(Chain tailed, List<Double> point, double at, Rational lambda) {
        double[] x0 = new double[n + 1];
        for (int k = 0; k < n; k++) {
            x0[k] = point.get(k);
        }
        x0[n] = path.toX(n, at);
        double[] up = new double[n + 1];
        up[n] = 1;
        ContinuationPath.Result r = path.trace(x0, up, path.toX(n, lambda.doubleValue()), 200_000);
        if (r.status() != ContinuationPath.Status.REACHED) {
            return null;
        }
        List<Double> suspected = new ArrayList<>(tailed.suspectedSingular());
        suspected.addAll(suspected(r));
        return new Chain(tailed.pieces(), End.TAIL, tailed.lambdaReached(), suspected, tailed.detail(), end(r),
            tailed.tail());
    }

    /** The parameter at the double path's suspected singular points (where its orientation flipped). */
    private List<Double> suspected(ContinuationPath.Result r) {
        List<Double> out = new ArrayList<>();
        for (int k : r.singular()) {
            out.add(path.toZ(n, r.points().get(k).mu()));
        }
        return out;
    }

    /** The double path's last point (path coordinates, the parameter left out). */
    private static List<Double> end(ContinuationPath.Result r) {
        List<Double> out = new ArrayList<>();
        for (double y : r.points().get(r.points().size() - 1).y()) {
            out.add(y);
        }
        return out;
    }

    /**
     * A reference direction for {@link #traceFrom} from a certified point {@code to} of the branch: the chord from the
     * midpoint of the point before it on the branch, {@code from}, to its own (system coordinates).
     */
    static double[] chord(List<Interval> from, List<Interval> to) {
        double[] d = new double[to.size()];
        for (int k = 0; k < d.length; k++) {
            d[k] = to.get(k).mid().doubleValue() - from.get(k).mid().doubleValue();
        }
        return d;
    }

    /**
     * Why the double path did not reach the target, with where it stopped or — closed — the parameter's range and the
     * suspected singular points it passed (where the closed curve may meet other branches).
     */
    private String notTraced(ContinuationPath.Result r, List<Double> suspected) {
        if (r.status() == ContinuationPath.Status.CLOSED) {
            DoubleSummaryStatistics range = r.points().stream().mapToDouble(p -> path.toZ(n, p.mu()))
                .summaryStatistics();
            return String.format(java.util.Locale.ROOT, "the double tracer came back to where it started: the branch "
                + "closes on itself, its points between %s = %.8g and %.8g", name, range.getMin(), range.getMax())
                + (suspected.isEmpty() ? "" : ", its orientation flipping near " + name + " = "
                + PrincipalBranch.listed(suspected));
        }
        return "the double tracer " + (r.status() == ContinuationPath.Status.STALLED ? "stalled" : "hit its step "
            + "limit") + " at " + name + " = " + path.toZ(n, r.points().get(r.points().size() - 1).mu());
    }

    /**
     * The double path's points covered with proved pieces from the anchor or the entry ({@link #cover}), with the
     * path's suspected singular points and its end point; not traced when the double path did not reach the target.
     */
    private Chain covered(ContinuationPath.Result r, Rational lambda, Rational anchor, List<Interval> entry,
                          Listener listener) {
        List<Double> suspected = suspected(r);
        boolean closed = r.status() == ContinuationPath.Status.CLOSED;
        if (!closed && r.status() != ContinuationPath.Status.REACHED || closed && entry == null) {
            return new Chain(List.of(), closed ? End.CLOSED : End.NOT_TRACED, 0, suspected, notTraced(r, suspected),
                null);
        }
        List<double[]> nodes = new ArrayList<>();
        for (ContinuationPath.Point p : r.points()) {
            double[] x = Arrays.copyOf(p.y(), n + 1);
            x[n] = p.mu();
            nodes.add(x);
        }
        if (closed) {
            // a closed curve through a certified point: covered from there until no piece can be proved — at a
            // singular point where it meets another branch (Wilson's example: a second pitchfork, SYM-PF (6)) — or
            // CLOSED_PIECES pieces; it never reaches the target (a tail claim, proved, would outrank the double path)
            Chain c = (maxPieces > CLOSED_PIECES ? new BranchTracer(path, CLOSED_PIECES, tail) : this).cover(nodes,
                lambda, null, entry, suspected, listener);
            if (c.arrives()) {
                return c;
            }
            return new Chain(c.pieces(), End.CLOSED, c.lambdaReached(), suspected, notTraced(r, suspected)
                + (c.pieces().isEmpty() ? "" : "; " + c.pieces().size() + " pieces cover it from the start: "
                + c.detail()), null);
        }
        Chain c = cover(nodes, lambda, anchor, entry, suspected, listener);
        return new Chain(c.pieces(), c.end(), c.lambdaReached(), c.suspectedSingular(), c.detail(),
            c.finalPoint() != null ? c.finalPoint() : end(r), c.tail());
    }

    /**
     * The double path's nodes, in (y, μ), with the chain's current point z and the branch's unit tangent there, its
     * heading, kept oriented by continuity and by the direction of each proved piece (the first segment's direction
     * until the chain has a point; a chord between nodes across a fold can point the wrong way in the parameter).
     * Points are sought where the tangent predicts them: where the path passes a value more than once (it comes back
     * through the same values after a fold), the crossing nearest the prediction is the arc the chain follows.
     */
    private final class Path {
        final List<double[]> nodes;
        /** The nodes in z, converted once: a long chain seeks many points along thousands of nodes. */
        private final double[][] zNodes;
        final double[] near;
        double[] heading;
        /** The coordinate whose values at the nodes {@link #values} holds (an attempt seeks three points along one). */
        private Coordinate valuesOf;
        private double[] values;

        Path(List<double[]> nodes) {
            this.nodes = nodes;
            this.zNodes = nodes.stream().map(path::toZ).toArray(double[][]::new);
            this.near = zNodes[0].clone();
            this.heading = firstDirection();
        }

        /** Coordinate k (of z) of node i. */
        double coord(int i, int k) {
            return zNodes[i][k];
        }

        /** The chain now stands at the midpoint of this box (n + 1 coordinates of z). */
        void standAt(List<Interval> box) {
            for (int k = 0; k <= n; k++) {
                near[k] = approx(box.get(k).mid());
            }
        }

        /**
         * Turns the heading to the unit tangent of the branch at the chain's current point, oriented like the heading
         * before: the solution t of [∂F; headingᵀ]·t = (0, …, 0, 1), non-singular at a fold too (the heading stays
         * where that system is singular). Returns the new heading.
         */
        double[] turn() {
            DenseLu.Tangent t = DenseLu.tangent(path.systemJacobian(near), heading);
            if (t != null && t.finite()) {
                heading = t.unit();
            }
            return heading;
        }

        /**
         * {@link #turn}, then the heading reversed if it runs against the piece just proved: that piece's arc is a
         * graph over its coordinate, passed in the direction {@code sign}, so the branch's tangent at its end has that
         * coordinate's component of that sign. Continuity alone can lose the orientation where one piece spans a
         * sharp fold (a random 4×4×4 game's chain turned back there and ran down its branch to negative λ).
         */
        double[] turnAlong(Coordinate along, double sign) {
            turn();
            if (along.at(heading) * sign < -1e-9) {
                for (int k = 0; k <= n; k++) {
                    heading[k] = -heading[k];
                }
            }
            return heading;
        }

        /** The tangent's prediction of the point where the coordinate takes the value (z coordinates). */
        private double[] predicted(Coordinate along, double value) {
            double[] z = new double[n + 1];
            double rate = along.at(heading);
            double s = rate == 0 ? 0 : (value - along.at(near)) / rate;
            for (int c = 0; c <= n; c++) {
                z[c] = near[c] + s * heading[c];
            }
            if (along.isPlain()) {
                z[along.parameter()] = value;
            }
            return z;
        }

        /** The coordinate's values at the nodes. */
        private double[] values(Coordinate along) {
            if (along != valuesOf) {
                values = new double[zNodes.length];
                for (int i = 0; i < zNodes.length; i++) {
                    values[i] = along.at(zNodes[i]);
                }
                valuesOf = along;
            }
            return values;
        }

        /**
         * The segment where the coordinate passes {@code value} nearest the point {@code toward} (the tangent's
         * prediction), as {index, fraction along it}; null if the path never passes it.
         */
        private double[] crossing(Coordinate along, double value, double[] toward) {
            double[] best = null;
            double closest = Double.POSITIVE_INFINITY;
            double[] v = values(along);
            for (int i = 0; i + 1 < v.length; i++) {
                double a = v[i];
                double b = v[i + 1];
                if ((value - a) * (value - b) <= 0 && a != b) {
                    double w = (value - a) / (b - a);
                    double d = distance(path.toZ(between(i, w)), toward);
                    if (d < closest) {
                        closest = d;
                        best = new double[] {i, w};
                    }
                }
            }
            return best;
        }

        /** Newton from the path point x to the point where the coordinate takes the value; null if it fails. */
        private double[] newton(Coordinate along, double[] x, double value) {
            double[] corrected = along.isPlain() ? path.newtonAt(x, along.parameter(), path.toX(along.parameter(),
                value)) : path.newtonOn(x, along.row(), value);
            return corrected == null ? null : path.toZ(corrected);
        }

        /**
         * The path point where the coordinate takes the value: Newton-corrected from the interpolation in (y, μ)
         * between the nodes around the crossing nearest the tangent's prediction; where that point strays from the
         * prediction by more than a tenth of the predicted step (near a fold a chord between nodes can lead Newton to
         * the other sheet), the one Newton reaches from the prediction itself, if nearer. Null if neither converges.
         */
        double[] pointAt(Coordinate along, double value) {
            double[] guess = predicted(along, value);
            double[] viaNodes = null;
            double[] c = crossing(along, value, guess);
            if (c != null) {
                viaNodes = newton(along, between((int) c[0], c[1]), value);
            }
            double rate = along.at(heading);
            double step = rate == 0 ? Double.POSITIVE_INFINITY : Math.abs((value - along.at(near)) / rate);
            if (viaNodes != null && distance(viaNodes, guess) <= 0.1 * step) {
                return viaNodes;
            }
            double[] start = new double[n + 1];
            for (int d = 0; d <= n; d++) {
                start[d] = path.toX(d, guess[d]);
                if (!Double.isFinite(start[d])) {
                    return viaNodes;
                }
            }
            double[] viaGuess = newton(along, start, value);
            return viaGuess != null && (viaNodes == null || distance(viaGuess, guess) < distance(viaNodes, guess))
                ? viaGuess : viaNodes;
        }

        /** The point a fraction w along the segment from node i to node i + 1, in (y, μ). */
        private double[] between(int i, double w) {
            double[] x = new double[n + 1];
            for (int c = 0; c <= n; c++) {
                x[c] = nodes.get(i)[c] + w * (nodes.get(i + 1)[c] - nodes.get(i)[c]);
            }
            return x;
        }

        /** The Euclidean distance of two points of n + 1 coordinates. */
        private double distance(double[] a, double[] b) {
            double d = 0;
            for (int c = 0; c <= n; c++) {
                d += (a[c] - b[c]) * (a[c] - b[c]);
            }
            return Math.sqrt(d);
        }

        /** The unit direction of the path's first segment in (σ, λ). */
        double[] firstDirection() {
            double[] d = new double[n + 1];
            double norm = 0;
            for (int k = 0; k <= n; k++) {
                d[k] = coord(1, k) - coord(0, k);
                norm += d[k] * d[k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k <= n; k++) {
                d[k] /= norm == 0 ? 1 : norm;
            }
            return d;
        }
    }

    /** Covers the path with proved pieces. */
    private Chain cover(List<double[]> nodes, Rational lambda, Rational anchor, List<Interval> entry,
                        List<Double> suspected, Listener listener) {
        Path path = new Path(nodes);
        double target = lambda.doubleValue();
        List<BranchPiece> pieces = new ArrayList<>();
        List<Interval> exit = entry;
        int parameter = n;
        Coordinate along = Coordinate.plain(n);
        BigDecimal start = entry == null ? anchor.toExactDecimalOrNull() : null;
        double v = entry == null ? start.doubleValue() : entry.get(n).mid().doubleValue();
        double length = Math.max(target - v, 1e-3) / 2; // the first piece aims half-way (a failure shortens it)
        if (entry != null) {
            // from a certified point: the parameter the local tangent favours, from the entry box's far side
            path.standAt(entry);
            double[] d = path.turn();
            parameter = choose(d, n);
            along = coordinate(d, parameter, entry, target, length / Math.abs(d[n]));
            Interval e = range(along, entry);
            v = from(along, d, e);
            length = Math.max(Math.abs(d[parameter]) * length, e.width().doubleValue() + 1e-9);
        }
        double reached = entry == null ? v : entry.get(n).lo().doubleValue();
        int failures = 0; // in a row
        double[] failed = null; // the last failed piece's length and ratio while no piece is proved, at this start
        double proposed = Double.NaN; // the arc length the last proved piece's test proposed for the next piece
        int switches = 0; // parameter switches after failures, since the last success
        Stall stall = new Stall(Double.NaN);
        Plateau plateau = new Plateau();
        boolean approach = false; // over λ itself toward the target, after a piece over another coordinate passed it
        while (true) {
            if (pieces.size() >= maxPieces) {
                return stopped(pieces, reached, suspected, "the piece limit (" + maxPieces + ") was reached at "
                    + name + " = " + reached);
            }
            BranchPiece previous = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
            if (previous != null && previous.parameter() == n && previous.plain() && previous.to().compareTo(
                BigDecimal.valueOf(target)) >= 0 && reached >= target) {
                return new Chain(pieces, End.REACHED, target, suspected, "", endPoint(path.near));
            }
            double sign = approach ? 1 : Math.signum(along.at(path.heading));
            double end = v + sign * length;
            boolean last = along.isPlain() && parameter == n && end >= target;
            if (last) {
                end = target;
            }
            Proposal ok = attempt(path, along, v, end, exit, pieces.isEmpty() && entry == null ? start : null,
                last ? lambda : null);
            if (ok.proved() && !(along.isPlain() && parameter == n) && exit != null
                && exit.get(n).hi().doubleValue() < target && ok.exit().get(n).hi().doubleValue() >= target) {
                // the arc passed λ = target inside a piece over another coordinate: that piece is dropped, and the
                // chain goes on from the exit before it over λ itself, so that its last piece ends where the arc first
                // meets the target (a test of random 2×3×2 games had a chain pass the target and crawl on for ever)
                approach = true;
                parameter = n;
                along = Coordinate.plain(n);
                v = exit.get(n).mid().doubleValue();
                length = target - v;
                // the failures so far were over the other coordinate, in its units: a stall over λ is judged afresh,
                // against the λ-length the dropped piece proved (random 3^4 at λ = 0.98121 stopped, "stalled", at
                // its first λ-piece: 0.025 long in λ against a failure of 0.48 in a log-probability)
                stall = new Stall(length);
                continue;
            }
            if (ok.proved()) {
                double proved = Math.abs(end - v);
                stall = new Stall(proved);
                pieces.add(ok.piece());
                exit = ok.exit();
                v = ok.piece().to().doubleValue();
                path.standAt(exit);
                if (parameter == n) {
                    reached = exit.get(n).mid().doubleValue();
                }
                if (listener != null) {
                    listener.piece(pieces.size(), ok.exit().get(n).mid().doubleValue(), ok.piece(), ok.exit());
                }
                if (last) {
                    return new Chain(pieces, End.REACHED, target, suspected, "", endPoint(path.near));
                }
                ChainTail claim = tail.after(ok.piece(), false);
                if (claim != null) {
                    return new Chain(pieces, End.TAIL, reached, suspected, "", null, claim);
                }
                failures = 0;
                switches = 0;
                double[] d = path.turnAlong(along, sign);
                double rate = Math.abs(along.at(d)); // the coordinate's change per unit arc length
                length *= plateau.factor(proved / rate, ok.ratio(), ok.lengthFactor());
                double arc = ok.ratio() > 0.5 ? length / rate : Double.NaN;
                length *= trendFactor(arc, proposed);
                proposed = arc;
                int next = approach ? n : choose(d, parameter);
                Coordinate coordinate = approach ? Coordinate.plain(n) : coordinate(d, next, exit, target, length
                    / rate);
                if (next != parameter || !coordinate.isPlain() || !along.isPlain()) {
                    // a new coordinate: continue from the exit box's value of it, at the far end
                    double scale = Math.abs(coordinate.at(d) / along.at(d)); // the same arc length
                    scale = Double.isFinite(scale) ? scale : 1;
                    parameter = next;
                    along = coordinate;
                    Interval e = range(along, exit);
                    v = from(along, d, e);
                    length = scale * length + e.width().doubleValue();
                    stall = new Stall(scale * proved); // in the new coordinate's units
                }
            } else {
                // the piece's own length: a last piece is cut at the target, and a shorter `length` that still
                // reaches past it tries the same piece again
                boolean stalled = stall.failed(Math.abs(end - v), ok.ratio());
                plateau.failed();
                length *= pieces.isEmpty() && failed != null ? firstFactor(failed[0], failed[1], Math.abs(end - v),
                    ok.ratio()) : ok.lengthFactor();
                failed = pieces.isEmpty() ? new double[] {Math.abs(end - v), ok.ratio()} : null;
                if (exit != null && ++failures >= 3 && switches < 2 && !approach) {
                    // near a fold the choice by the tangent can mislead: after three failures in a row, switch to
                    // the other kind of parameter the local tangent favours — a profile coordinate itself, not
                    // sheared, where no test decided the last attempt: near a sharp fold the double path's Newton on
                    // a sheared coordinate's plane (in probabilities) can fail from every start where holding one
                    // log-probability converges (a random 4×4×4 game's chain stopped so at λ ≈ 13.83)
                    failures = 0;
                    switches++;
                    double[] d = path.heading; // the tangent at this exit, turned to after its piece was proved
                    int next = parameter == n ? argmax(d, n) : Math.abs(d[n]) >= 0.05 * Math.abs(d[argmax(d, n)]) ? n
                        : argmax(d, parameter);
                    if (next != parameter) {
                        failed = null;
                        stall = stall.switched();
                        parameter = next;
                        along = next < n && Double.isNaN(ok.ratio()) ? Coordinate.plain(next)
                            : coordinate(d, next, exit, target, length / Math.abs(along.at(d)));
                        Interval e = range(along, exit);
                        v = from(along, d, e);
                        length = Math.max(length * 4, e.width().doubleValue() + 1e-6);
                        continue;
                    }
                }
                double floor = 1e-11 * (1 + Math.abs(v));
                if (length < floor || stalled) {
                    return stopped(pieces, reached, suspected, "no piece could be proved beyond " + name + " = "
                        + (exit != null ? exit.get(n).mid().doubleValue() : v) + " (" + (stalled ? "a piece "
                        + Stall.SHORTER + " times shorter failed nearly as clearly: " : "") + "a singular point of the "
                        + "branch, or the limit of the pieces' arithmetic there)"
                        // the centroid line's singular point is where a chain from the anchor stops, not one from
                        // a certified point elsewhere (an arm's end past a pitchfork)
                        + (entry == null ? this.path.singularPointNote() : ""));
                }
            }
        }
    }

    /** A chain that can go no further: ended by a claim at its last piece where one holds, else SINGULAR. */
    private Chain stopped(List<BranchPiece> pieces, double reached, List<Double> suspected, String detail) {
        ChainTail claim = pieces.isEmpty() ? null : tail.after(pieces.get(pieces.size() - 1), true);
        return claim != null ? new Chain(pieces, End.TAIL, reached, suspected, "", null, claim)
            : new Chain(pieces, End.SINGULAR, reached, suspected, detail, null);
    }

    /**
     * The failed attempts since the chain's last proved piece or parameter switch, by length h and test ratio ρ. A
     * piece's ρ − ½ falls like h⁴ ({@link #lengthFactor}) once pieces of about its length pass; where a piece no
     * longer than the last proved one and {@link #SHORTER} times shorter than a failed one still fails with ρ − ½ above
     * half of that one's, its length no longer decides its test — near a singular point the preconditioner's growth
     * keeps ρ from falling however short the piece — and the chain stops there rather than shortening on to the floor
     * (McKelvey–McLennan 2×2×2 at λ = 2: 39 failed tests after the principal chain's last piece, now 12). Longer
     * failures say nothing: a piece that spans a singular point ahead fails however it is shortened until it ends
     * before that point (the battle of the sexes from λ = 1.2 toward 10: six failures from 4.4 down to 0.23 across
     * its pitchfork at 1.372, then eleven pieces up to it). Step control only: no piece is proved or refused by it.
     */
    static final class Stall {
        /** How many times shorter a piece must be for its test's excess ρ − ½ to be expected at least halved. */
        static final int SHORTER = 16;

        private final double proved;
        private final List<double[]> failed = new ArrayList<>();

        /** Failures after a proved piece of the given length (NaN before the chain's first proved piece). */
        Stall(double proved) {
            this.proved = proved;
        }

        /** The same last proved length for the failures over a new parameter. */
        Stall switched() {
            return new Stall(proved);
        }

        /** Records a failed attempt of length h and ratio ρ (NaN if no test decided); whether the chain has stalled. */
        boolean failed(double h, double ratio) {
            if (!(ratio > 0.5 && Double.isFinite(ratio) && h > 0)) {
                return false;
            }
            double excess = ratio - 0.5;
            boolean stalled = h <= proved
                && failed.stream().anyMatch(f -> f[0] >= SHORTER * h && f[1] < 2 * excess);
            failed.add(new double[] {h, excess});
            return stalled;
        }
    }

    /**
     * The coordinate of the next piece with the given parameter, from a point (the box) with unit tangent d: the
     * tangent's own coordinate eliminating that parameter — or the parameter itself where a λ-piece of the given arc
     * length would reach the target, or where the parameter's tangent component is below a tenth of the largest (its
     * weights w = d_y/d_parameter would be large: only the switch after failures chooses such a parameter).
     */
    private Coordinate coordinate(double[] d, int parameter, List<Interval> box, double target, double arc) {
        double largest = Arrays.stream(d).map(Math::abs).max().orElse(0);
        if (parameter == n && box.get(n).mid().doubleValue() + arc * Math.abs(d[n]) >= target
            || !(Math.abs(d[parameter]) >= 0.1 * largest)) {
            return Coordinate.plain(parameter);
        }
        return Coordinate.along(d, parameter);
    }

    /** The coordinate's range over a box of all n + 1 coordinates (exactly the box's own for a plain one). */
    private Interval range(Coordinate along, List<Interval> box) {
        return BranchChecker.coordinate(box, along.parameter(), along.rationals(), f);
    }

    /** The far side, in the direction d, of the coordinate's range e over a box: where a piece from there begins. */
    private static double from(Coordinate along, double[] d, Interval e) {
        return (along.at(d) > 0 ? e.lo() : e.hi()).doubleValue();
    }

    /**
     * The chain's point at the target in the path's coordinates (n of them, without the parameter), from z, the last
     * exit box's midpoint — on the arc the chain proved, which the double path near a singular point may have left;
     * null where it is not a point of the path's coordinates.
     */
    private List<Double> endPoint(double[] z) {
        List<Double> y = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double x = path.toX(k, z[k]);
            if (!Double.isFinite(x)) {
                return null;
            }
            y.add(x);
        }
        return y;
    }

    /**
     * The coordinate (never the parameter λ) with the largest |d_k| among those the path lets parametrize a piece
     * ({@link ContinuationPath#parametrizes}), other than {@code except}.
     */
    private int argmax(double[] d, int except) {
        int best = -1;
        for (int k = 0; k < n; k++) {
            if (k != except && path.parametrizes(k) && (best < 0 || Math.abs(d[k]) > Math.abs(d[best]))) {
                best = k;
            }
        }
        return best;
    }

    /**
     * The last proved pieces' arc lengths h and test ratios ρ along a chain. {@link #lengthFactor} shortens the next
     * piece where ρ exceeds {@link #AIM}, on the model ρ − ½ ≈ b·h⁴; where a proved piece at least {@link #LONGER}
     * times longer had a ratio no more than {@link #SLACK} below this one's, shortening has not lowered ρ — its excess
     * is then the tubes' arithmetic (the preconditioned Jacobian's remainder over tubes as wide as the residual's
     * roundings), not the predictor's h⁴ — and the next piece returns to that longer length instead of shrinking on. A
     * random Markov game's chain (three agents, two states, τ = 1/1000) kept ρ ≈ 0.85–0.99 near β ≈ 338.87 while its
     * pieces shrank from 329 to 10⁻⁵ in its coordinate, and crept there past its 5000th piece; with this it reaches τ
     * in 478. A failed piece clears the record: the lengths before it no longer show what passes here. Step control
     * only.
     */
    static final class Plateau {
        /** How many times longer a proved piece must be for its ratio to show that shortening does not help. */
        static final double LONGER = 4;
        /** How far below the longer piece's ratio this one's may be and still count as not lowered. */
        static final double SLACK = 0.02;
        /**
         * How many proved pieces back the record reaches: the model shortens a proved piece by at least 0.7, so four
         * times shorter is 4 pieces at the fastest and 32 at 0.957 a piece (the creep above shortened by about 0.93).
         */
        static final int RECORD = 32;

        private final java.util.ArrayDeque<double[]> proved = new java.util.ArrayDeque<>();

        /** The next length over h after a proved piece of arc length h and ratio ρ, for which the model asks for f. */
        double factor(double h, double ratio, double f) {
            double factor = f;
            if (f < 1 && h > 0 && Double.isFinite(ratio)) {
                for (java.util.Iterator<double[]> latest = proved.descendingIterator(); latest.hasNext();) {
                    double[] p = latest.next();
                    if (p[0] >= LONGER * h && ratio >= p[1] - SLACK) {
                        factor = p[0] / h;
                        break;
                    }
                }
            }
            if (proved.size() == RECORD) {
                proved.removeFirst();
            }
            proved.addLast(new double[] {h, ratio});
            return factor;
        }

        /** Records a failed piece. */
        void failed() {
            proved.clear();
        }
    }

    /**
     * The next parameter by the local tangent d, with hysteresis: λ stays while the branch moves in λ at least a fifth
     * as fast as in its fastest profile coordinate, and returns only when it moves at least half as fast; otherwise
     * that coordinate.
     */
    private int choose(double[] d, int current) {
        int best = argmax(d, n);
        double ratio = Math.abs(d[n]) / Math.abs(d[best]);
        if (current == n) {
            return ratio >= 0.2 ? n : best;
        }
        return ratio >= 0.5 ? n : Math.abs(d[current]) >= 0.5 * Math.abs(d[best]) ? current : best;
    }

    /**
     * A proposed piece's outcome: the proved piece and its exit box, or neither; and the ratio of the image's width to
     * Δ's in the deciding test (NaN when no test decided), from which {@link #lengthFactor} sizes the next piece.
     */
    private record Proposal(BranchPiece piece, List<Interval> exit, double ratio) {
        static Proposal failed(double ratio) {
            return new Proposal(null, null, ratio);
        }

        boolean proved() {
            return piece != null;
        }

        double lengthFactor() {
            return BranchTracer.lengthFactor(ratio, proved());
        }
    }

    /**
     * The most a proved piece's test lengthens the next piece: where ρ is barely above ½ (the predictor term's range,
     * with its margin, is nearly all of the image: at small λ) the model asks for three or four times the length.
     */
    static final double GROWTH = 4;

    /** The test ratio the next piece's length aims at. */
    static final double AIM = 0.85;

    /**
     * The next piece's length over this one's, from the ratio ρ of the image's width to Δ's in this piece's test. Δ is
     * sized from the predictor term, which the image holds, with a margin of half its width per side, so ρ ≈ ½ + b·h⁴
     * for a piece of length h: the excess is mostly the Jacobian's spread over the tube c + Δ, and Δ is as wide as the
     * cubic predictor's fourth-order error. The factor ((AIM − ½)/(ρ − ½))^¼ makes the next ρ = AIM, kept within
     * [0.7, {@link #GROWTH}] after a proof and [0.25, 0.8] after a failure; 1.6 and 0.4 when ρ is at most ½ or
     * unknown, and so says nothing about h. (Step control only: every piece is proved or refused by its test.)
     */
    static double lengthFactor(double ratio, boolean proved) {
        if (!(ratio > 0.5)) {
            return proved ? 1.6 : 0.4;
        }
        double f = Math.sqrt(Math.sqrt((AIM - 0.5) / (ratio - 0.5)));
        return proved ? Math.max(0.7, Math.min(GROWTH, f)) : Math.max(0.25, Math.min(0.8, f));
    }

    /** The shortest next length over this one's that {@link #firstFactor} asks for. */
    static final double FIRST_SHRINK = 0.05;

    /**
     * The next length over this one's after two failed pieces in a row at a chain's start (no piece proved yet):
     * with ρ − ½ ≈ b·h^α fitted to the earlier failure (length h₁, ratio ρ₁) and this one (h₂, ρ₂), where it falls
     * more slowly than the h⁴ of {@link #lengthFactor} — next to a singular point, where the preconditioner grows like
     * the inverse distance to it — the factor ((AIM − ½)/(ρ₂ − ½))^(1/α), at least {@link #FIRST_SHRINK}; else
     * lengthFactor's. A chain from an arm's end there (3×3×3 seed 35 at λ = 10) failed 18–23 times before its first
     * piece, each failure shortening the next piece by 0.6–0.8 while ρ fell from 4.5 to 1. (Step control only.)
     */
    static double firstFactor(double h1, double ratio1, double h2, double ratio2) {
        double f = lengthFactor(ratio2, false);
        if (!(ratio1 > 0.5 && ratio2 > AIM && h1 > h2 && h2 > 0) || !Double.isFinite(ratio1)) {
            return f;
        }
        double alpha = Math.log((ratio1 - 0.5) / (ratio2 - 0.5)) / Math.log(h1 / h2);
        if (alpha >= 4) {
            return f;
        }
        double aimed = alpha > 0 ? Math.pow((AIM - 0.5) / (ratio2 - 0.5), 1 / alpha) : 0;
        return Math.max(FIRST_SHRINK, Math.min(f, aimed));
    }

    /**
     * The trend of the proposals: a proved piece's test proposes the next arc length, {@code arc} (its length times
     * {@link #lengthFactor}, in arc length), which holds where this piece's constant b of ρ ≈ ½ + b·h⁴ holds — but on a
     * branch that bends ever more sharply b grows from piece to piece, and the proposal overshoots: on random 80×80 at
     * λ = 2 every second test failed. When the proposals shrink, the next length is shortened once more by their ratio
     * to the previous proposal (at most halved); a growing or unknown trend leaves it. (Step control only.)
     */
    static double trendFactor(double arc, double previous) {
        if (!(arc > 0 && previous > 0 && Double.isFinite(arc) && Double.isFinite(previous))) {
            return 1;
        }
        return Math.max(Math.min(arc / previous, 1), 0.5);
    }

    /**
     * Proposes the piece with the given parameter from {@code first} (the chain's start, for the first piece) or from
     * the entry box's end to {@code end} (the target λ, rounded outward, for the last) and tests it, with ε-inflation
     * of the deviation box while the image contracts.
     */
    private Proposal attempt(Path path, Coordinate along, double start, double end, List<Interval> entry,
                             BigDecimal first, Rational target) {
        int parameter = along.parameter();
        boolean increasing = end > start;
        BigDecimal from = first;
        if (first == null) {
            // the entry box's range of the coordinate (a sheared one's rounded outward to 17 digits)
            Interval e = range(along, entry);
            from = increasing ? e.lo() : e.hi();
            from = along.isPlain() ? from : from.round(increasing ? DOWN : UP);
        }
        BigDecimal to = target != null ? outward(target, increasing) : new BigDecimal(end).round(MC);
        if (increasing ? to.compareTo(from) <= 0 : to.compareTo(from) >= 0) {
            return Proposal.failed(Double.NaN);
        }
        double fromD = from.doubleValue();
        double toD = to.doubleValue();
        double mid = (fromD + toD) / 2;
        double[] zm = path.pointAt(along, mid);
        if (zm == null) {
            return Proposal.failed(Double.NaN);
        }
        double[][] full = this.path.systemJacobian(zm);
        double[][] r = preconditioner(along.reduced(full));
        if (r == null) {
            return Proposal.failed(Double.NaN);
        }
        double[] t = new double[n];
        for (int row = 0; row < n; row++) {
            double x = 0;
            for (int k = 0; k < n; k++) {
                x -= r[row][k] * full[k][parameter];
            }
            t[row] = x;
        }
        double step = Math.max(Math.abs(toD - fromD) / 8, 1e-9 * (1 + Math.abs(mid)));
        double[] below = path.pointAt(along, mid - step);
        double[] above = path.pointAt(along, mid + step);
        double[] cm = new double[n];
        double[] bend = new double[n];
        double[] twist = new double[n];
        int col = 0;
        for (int k = 0; k <= n; k++) {
            if (k != parameter) {
                cm[col] = zm[k];
                if (below != null && above != null) {
                    bend[col] = (above[k] - 2 * zm[k] + below[k]) / (step * step);
                }
                col++;
            }
        }
        double[][] r1 = slope(along, below, above, r);
        // from the path's second difference and no third derivative, one Newton step on the predictor's Taylor
        // coefficients in ε = (v − m)/h: the correction −R(ε)·F(c(ε), v(ε)), interpolated by a cubic in ε at four
        // Chebyshev points (a third difference of the double path is lost to rounding on short pieces)
        double h = Math.abs(toD - fromD) / 2;
        double[][] fix = correction(along, mid, h, cm, t, bend, r, r1);
        if (fix == null) {
            return Proposal.failed(Double.NaN);
        }
        for (int c = 0; c < n; c++) {
            cm[c] += fix[0][c];
            t[c] += fix[1][c] / h;
            bend[c] += 2 * fix[2][c] / (h * h);
            twist[c] += 6 * fix[3][c] / (h * h * h);
            if (!Double.isFinite(cm[c] + t[c] + bend[c] + twist[c])) {
                // a range too short for doubles (h³ underflows)
                return Proposal.failed(Double.NaN);
            }
        }
        BranchPiece key = new BranchPiece(parameter, from, to, decimals(cm), decimals(t), decimals(bend),
            decimals(twist), List.of(), rationals(r), rationals(r1), along.rationals());
        BranchChecker.Line line; // the tested line (key is its piece without a deviation box)
        try {
            line = BranchChecker.line(system, key);
        } catch (IllegalArgumentException | ArithmeticException failed) {
            return Proposal.failed(Double.NaN);
        }
        // Δ's first size: the entry box's deviation from the predictor (the piece must hold the entry's point) and
        // the predictor term's range (the test's image holds it whatever Δ is) — not samples of the double path,
        // whose deviations the rigorous remainders exceed 10²–10⁴ times
        double[] lo = new double[n];
        double[] hi = new double[n];
        if (entry != null) {
            double[] a = new double[n + 1];
            double[] b = new double[n + 1];
            for (int k = 0; k <= n; k++) {
                a[k] = approx(entry.get(k).lo());
                b[k] = approx(entry.get(k).hi());
            }
            deviate(a, b, along, mid, cm, t, bend, twist, lo, hi);
        }
        List<Interval> delta = new ArrayList<>();
        double[] magnitudes = this.path.roundingMagnitudes(zm);
        for (int k = 0; k < n; k++) {
            // the pad's floor: the coordinate's roundings, relative to its size or to the magnitude they follow
            double pad = 0.5 * (hi[k] - lo[k]) + 1e-15 * (1 + Math.max(Math.abs(cm[k]),
                magnitudes[k < parameter ? k : k + 1]));
            delta.add(new Interval(new BigDecimal(Math.min(lo[k], 0) - pad).round(DOWN),
                new BigDecimal(Math.max(hi[k], 0) + pad).round(UP)));
        }
        delta = inflate(delta, line.predictorImage(), PROBE_MARGIN);
        double previous = Double.POSITIVE_INFINITY;
        double opening = Double.NaN; // the first test's ratio
        for (int attempt = 0; attempt < 6; attempt++) {
            BranchPiece piece = key.withDeviation(delta);
            if (entry != null && !BranchChecker.joins(entry, piece, f)) {
                delta = widen(delta, 2);
                continue;
            }
            BranchChecker.Test test;
            try {
                test = line.test(piece, f);
            } catch (IllegalArgumentException | ArithmeticException failed) {
                return Proposal.failed(Double.NaN);
            }
            double ratio = 0;
            for (int k = 0; k < n; k++) {
                ratio = Math.max(ratio, approx(test.image().get(k).width())
                    / Math.max(approx(delta.get(k).width()), 1e-300));
            }
            if (test.holds()) {
                return new Proposal(piece, test.exit(), ratio);
            }
            if (attempt == 0 ? ratio >= 1 : ratio >= 0.97 * previous || ratio > 1.5) {
                // the image is wider than a box sized from the predictor term, does not shrink relative to the box,
                // or is far outside it after inflation: this length will not be proved (on random games no such
                // attempt recovered), a shorter piece is cheaper
                return Proposal.failed(attempt == 0 ? ratio : opening);
            }
            previous = ratio;
            if (attempt == 0) {
                opening = ratio;
            }
            // ε-inflation (Rump): the hull of the box and its image, widened by a tenth of the hull's width
            delta = inflate(delta, test.image(), 0.1);
        }
        return Proposal.failed(opening);
    }

    /**
     * A decimal as a double within a few units in its last place (its unscaled integer's double over a power of ten),
     * for step control and starting points only: {@link BigDecimal#doubleValue} parses the decimal's text, which cost
     * more than 2 % of a long trace.
     */
    static double approx(BigDecimal x) {
        int scale = x.scale();
        double unscaled = x.unscaledValue().doubleValue();
        if (scale >= -300 && scale <= 300 && Double.isFinite(unscaled)) {
            double v = scale >= 0 ? unscaled / Math.pow(10, scale) : unscaled * Math.pow(10, -scale);
            if (Double.isFinite(v) && (v != 0 || unscaled == 0)) {
                return v;
            }
        }
        return x.doubleValue();
    }

    private static List<BigDecimal> decimals(double[] x) {
        return Arrays.stream(x).mapToObj(v -> new BigDecimal(v).round(MC)).toList();
    }

    /** Δ's first size: the hull with the predictor term's range, widened by this fraction of its width per side. */
    private static final double PROBE_MARGIN = 0.5;

    /** The hull of a box and an image, widened on each side by {@code fraction} of the hull's width. */
    private List<Interval> inflate(List<Interval> box, List<Interval> image, double fraction) {
        List<Interval> next = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Interval h = box.get(k).hull(image.get(k));
            BigDecimal grow = h.width().multiply(BigDecimal.valueOf(fraction)).add(new BigDecimal("1e-300"));
            next.add(new Interval(h.lo().subtract(grow).round(DOWN), h.hi().add(grow).round(UP)));
        }
        return next;
    }

    /**
     * A double matrix as dyadic rationals with 30-bit mantissas (the preconditioner need only be approximate; dyadic
     * entries enter the checker's arithmetic exactly and cheaply).
     */
    static List<List<Rational>> rationals(double[][] m) {
        List<List<Rational>> out = new ArrayList<>();
        for (double[] row : m) {
            out.add(DyadicRow.rounded(Arrays.stream(row).map(x -> Double.isFinite(x) ? x : 0).toArray(), 30));
        }
        return out;
    }

    /**
     * R₁ = −R₀·J′·R₀, the derivative of the inverse Jacobian along the branch (J′ by central differences of the double
     * Jacobian at the path points a and b on either side of the middle, those of the predictor's second difference),
     * so that R(v) = R₀ + R₁(v − m) follows the inverse to first order; zero where the path could not be sampled, and
     * in any entry that is not finite. The products are {@link Grids#times}' (rows by groups; zero entries of the
     * left factor add nothing).
     */
    private double[][] slope(Coordinate along, double[] a, double[] b, double[][] r0) {
        if (a == null || b == null) {
            return Grids.zeros(n, n);
        }
        double[][] ja = along.reduced(this.path.systemJacobian(a));
        double[][] jb = along.reduced(this.path.systemJacobian(b));
        double dv = along.at(b) - along.at(a);
        double[][] minusDerivative = Grids.zeros(n, n); // −J′, so that R₁ = R₀·(−J′)·R₀
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                minusDerivative[row][col] = (ja[row][col] - jb[row][col]) / dv;
            }
        }
        double[][] r1 = Grids.times(r0, Grids.times(minusDerivative, r0, n, null), n, null);
        for (double[] row : r1) {
            for (int k = 0; k < n; k++) {
                row[k] = Double.isFinite(row[k]) ? row[k] : 0; // as the piece's rational R₁ would have it
            }
        }
        return r1;
    }

    /** Chebyshev points of the first kind on [−1, 1], where the predictor's correction is interpolated. */
    private static final double[] NODES = {Math.cos(Math.PI / 8), Math.cos(3 * Math.PI / 8), -Math.cos(3 * Math.PI / 8),
        -Math.cos(Math.PI / 8)};

    /** The inverse of the Vandermonde matrix [NODES[i]^p]: the cubic's coefficients from its values at the nodes. */
    private static final double[][] INTERPOLATION = new DenseLu(Arrays.stream(NODES).mapToObj(x -> new double[] {1, x,
        x * x, x * x * x}).toArray(double[][]::new)).inverse();

    /**
     * The cubic's coefficients of ε⁰…ε³ (rows) through −R(ε)·F(c(ε), v(ε)) at the {@link #NODES} (one column per
     * unknown), in double: c(ε) = c_m + s·(t + s·a/2) and R(ε) = R₀ + R₁s with s = hε, v = m + s. Null where F is not
     * finite. Step control only: the line's test proves or refuses the corrected predictor.
     */
    private double[][] correction(Coordinate along, double mid, double h, double[] cm, double[] t, double[] bend,
                                  double[][] r0, double[][] r1) {
        double[][] values = new double[NODES.length][];
        for (int node = 0; node < NODES.length; node++) {
            double s = h * NODES[node];
            double[] y = new double[n];
            for (int c = 0; c < n; c++) {
                y[c] = cm[c] + s * (t[c] + s * bend[c] / 2);
            }
            double[] g = path.systemResidual(along.point(y, mid + s));
            double[] q = new double[n];
            for (int row = 0; row < n; row++) {
                double x = 0;
                for (int j = 0; j < n; j++) {
                    x -= (r0[row][j] + s * r1[row][j]) * g[j];
                }
                if (!Double.isFinite(x)) {
                    return null;
                }
                q[row] = x;
            }
            values[node] = q;
        }
        double[][] out = Grids.zeros(4, n);
        for (int p = 0; p < 4; p++) {
            for (int node = 0; node < 4; node++) {
                double w = INTERPOLATION[p][node];
                for (int c = 0; c < n; c++) {
                    out[p][c] += w * values[node][c];
                }
            }
        }
        return out;
    }

    private static List<Interval> widen(List<Interval> box, double factor) {
        List<Interval> out = new ArrayList<>();
        for (Interval x : box) {
            BigDecimal grow = x.width().multiply(BigDecimal.valueOf((factor - 1) / 2));
            out.add(new Interval(x.lo().subtract(grow).round(DOWN), x.hi().add(grow).round(UP)));
        }
        return out;
    }

    /** Extends [lo, hi] by the deviations from the predictor of the box with corners a and b. */
    private void deviate(double[] a, double[] b, Coordinate along, double mid, double[] cm, double[] t,
                         double[] bend, double[] twist, double[] lo, double[] hi) {
        int parameter = along.parameter();
        for (double v : new double[] {along.at(a), along.at(b)}) {
            int col = 0;
            for (int k = 0; k <= n; k++) {
                if (k == parameter) {
                    continue;
                }
                double s = v - mid;
                double line = cm[col] + s * (t[col] + s * (bend[col] / 2 + s * twist[col] / 6));
                lo[col] = Math.min(lo[col], Math.min(a[k], b[k]) - line);
                hi[col] = Math.max(hi[col], Math.max(a[k], b[k]) - line);
                col++;
            }
        }
    }

    /** A decimal at or beyond the target in the direction of travel (the last piece must contain it). */
    private static BigDecimal outward(Rational target, boolean increasing) {
        BigDecimal exact = target.toExactDecimalOrNull();
        return exact != null ? exact : target.toBigDecimal(new MathContext(25, increasing ? RoundingMode.CEILING
            : RoundingMode.FLOOR));
    }

    /** An approximate inverse of ∂F/∂(unknowns), in double; null if singular. */
    private static double[][] preconditioner(double[][] jac) {
        DenseLu lu = new DenseLu(jac);
        return lu.singular() ? null : lu.inverse();
    }

    /**
     * The coordinate a piece runs over: z_parameter, or — sheared — v = z_parameter + w·y with weights w over the
     * unknowns y ({@link BranchPiece}); with w = d_y/d_parameter for a unit tangent d, the tangent's own coordinate.
     */
    private record Coordinate(int parameter, double[] shear) {
        static Coordinate plain(int parameter) {
            return new Coordinate(parameter, null);
        }

        /** The tangent d's coordinate eliminating z_parameter: w_k = d_k/d_parameter, rounded to 30-bit dyadics. */
        static Coordinate along(double[] d, int parameter) {
            double[] w = new double[d.length - 1];
            for (int k = 0, col = 0; k < d.length; k++) {
                if (k != parameter) {
                    double x = d[k] / d[parameter];
                    w[col++] = Double.isFinite(x) ? Rational.rounded(x, 30) : 0;
                }
            }
            return new Coordinate(parameter, w);
        }

        boolean isPlain() {
            return shear == null;
        }

        /** The weights applied to n + 1 coordinates: v at a point z, dv/ds along a direction. */
        double at(double[] d) {
            double v = d[parameter];
            for (int k = 0, col = 0; shear != null && k < d.length; k++) {
                if (k != parameter) {
                    v += shear[col++] * d[k];
                }
            }
            return v;
        }

        /** v as a row over the n + 1 coordinates z: e_parameter + w. */
        double[] row() {
            double[] u = new double[shear.length + 1];
            for (int k = 0, col = 0; k < u.length; k++) {
                u[k] = k == parameter ? 1 : shear[col++];
            }
            return u;
        }

        /** The point z with unknowns y at coordinate v: z_parameter = v − w·y. */
        double[] point(double[] y, double v) {
            double[] z = new double[y.length + 1];
            double at = v;
            for (int k = 0, col = 0; k < z.length; k++) {
                if (k != parameter) {
                    z[k] = y[col];
                    at -= shear == null ? 0 : shear[col] * y[col];
                    col++;
                }
            }
            z[parameter] = at;
            return z;
        }

        /** ∂F/∂y at fixed v from ∂F/∂z: the unknowns' columns less w_k times the parameter's column. */
        double[][] reduced(double[][] full) {
            int n = full.length;
            double[][] jac = Grids.zeros(n, n);
            for (int row = 0; row < n; row++) {
                for (int k = 0, col = 0; k <= n; k++) {
                    if (k != parameter) {
                        jac[row][col] = full[row][k] - (shear == null ? 0 : shear[col] * full[row][parameter]);
                        col++;
                    }
                }
            }
            return jac;
        }

        /** The weights as the piece carries them (exact: they are 30-bit dyadics). */
        List<Rational> rationals() {
            return shear == null ? List.of() : DyadicRow.rounded(shear, 53);
        }
    }
}
