package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.game.NormalFormGame;

/**
 * The principal chain of one game kept across solves at several λ (a path of another solver's lines, checked one by
 * one): a solve at λ reuses the kept chain's leading pieces whose ends all lie below λ and goes on from the last of
 * them ({@link BranchTracer#traceFrom}), instead of tracing again from the anchor. The joined pieces are one chain
 * like any other — from the same anchor, each piece's end on the next piece — which the checker replays (BR-CHAIN);
 * where the continuation does not arrive, the solve traces afresh, so a chain that stops or is not traced is the one
 * a solve without the memo reports — and solves at a larger λ than such a continuation reached trace afresh at once.
 * A kept chain that ended by a tail claim serves every larger λ as it is, its double path's point moved on to λ
 * ({@link BranchTracer#onward}). Mutable; for one caller at a time, whose solves share their options.
 */
public final class ChainMemo {
    private NormalFormGame game;
    private Rational anchor;
    /** The kept chain (null before the first), and each of its pieces' end: n + 1 coordinates enclosed, λ last. */
    private BranchTracer.Chain kept;
    private List<List<Interval>> ends = List.of();
    /** The λ beyond which a continuation from the kept chain did not arrive: larger λ are traced afresh. */
    private double beyond = Double.POSITIVE_INFINITY;
    /** Where the kept chain ended by a tail claim, its double path's points at the λ it served (else empty). */
    private final java.util.TreeMap<Double, List<Double>> tailPoints = new java.util.TreeMap<>();

    /** The principal chain of {@code game} from {@code anchor} to λ, reusing the kept chain where it can. */
    BranchTracer.Chain trace(NormalFormGame game, BranchTracer tracer, Rational lambda, Rational anchor,
                             BranchTracer.Listener listener) {
        var from = game == this.game && anchor.equals(this.anchor) ? tailPoints.floorEntry(lambda.doubleValue()) : null;
        if (from != null) {
            // the kept chain's tail claim carries it to any λ past its end: only the double path's point moves on,
            // from the nearest one below λ (a continuation from the chain's end would start deep in the tail, where
            // the end box holds probabilities of 10⁻⁴⁰⁰ by an absolute radius, and stall)
            BranchTracer.Chain c = tracer.onward(kept, from.getValue(), from.getKey(), lambda);
            if (c != null) {
                tailPoints.put(lambda.doubleValue(), c.finalPoint());
                return c;
            }
        }
        int k = lambda.doubleValue() > beyond ? 0 : reusable(game, lambda, anchor);
        if (k >= 2) {
            List<List<Interval>> restEnds = new ArrayList<>();
            List<Interval> entry = ends.get(k - 1);
            BranchTracer.Chain rest = tracer.traceFrom(entry, BranchTracer.chord(ends.get(k - 2), entry), lambda,
                200_000, recording(restEnds, k, listener));
            if (rest.arrives()) {
                List<BranchPiece> joined = new ArrayList<>(kept.pieces().subList(0, k));
                joined.addAll(rest.pieces());
                List<List<Interval>> joinedEnds = new ArrayList<>(ends.subList(0, k));
                joinedEnds.addAll(restEnds);
                double at = lambdaOf(entry).lo().doubleValue();
                List<Double> flips = new ArrayList<>(kept.suspectedSingular().stream().filter(s -> s < at).toList());
                flips.addAll(rest.suspectedSingular());
                BranchTracer.Chain c = new BranchTracer.Chain(joined, rest.end(), rest.lambdaReached(), flips,
                    rest.detail(), rest.finalPoint(), rest.tail());
                keep(game, anchor, lambda, c, joinedEnds);
                return c;
            }
            beyond = Math.min(beyond, Math.max(rest.lambdaReached(), lambdaOf(entry).hi().doubleValue()));
        }
        List<List<Interval>> freshEnds = new ArrayList<>();
        BranchTracer.Chain c = tracer.trace(lambda, anchor, 200_000, recording(freshEnds, 0, listener));
        keep(game, anchor, lambda, c, freshEnds);
        return c;
    }

    /**
     * How many leading pieces of the kept chain a chain of {@code game} from {@code anchor} to λ reuses: those whose
     * ends all lie below λ (so the chain still first meets λ after them), none for another game or anchor.
     */
    private int reusable(NormalFormGame game, Rational lambda, Rational anchor) {
        if (game != this.game || !anchor.equals(this.anchor)) {
            return 0;
        }
        java.math.BigDecimal below = lambda.toBigDecimal(new java.math.MathContext(40));
        int k = 0;
        while (k < ends.size() && lambdaOf(ends.get(k)).hi().compareTo(below) < 0) {
            k++;
        }
        return k;
    }

    /**
     * Keeps an arriving chain to λ that reaches farther than the kept one (a new game or anchor replaces it), and
     * where it ended by a tail claim, its double path's point at λ.
     */
    private void keep(NormalFormGame game, Rational anchor, Rational lambda, BranchTracer.Chain c,
                      List<List<Interval>> chainEnds) {
        if (!c.arrives() || chainEnds.size() != c.pieces().size() || chainEnds.isEmpty()) {
            return;
        }
        boolean same = game == this.game && anchor.equals(this.anchor);
        if (same && !ends.isEmpty() && reach(chainEnds) <= reach(ends)) {
            return;
        }
        this.game = game;
        this.anchor = anchor;
        this.kept = c;
        this.ends = List.copyOf(chainEnds);
        this.beyond = same ? beyond : Double.POSITIVE_INFINITY;
        tailPoints.clear();
        if (c.end() == BranchTracer.End.TAIL && c.finalPoint() != null) {
            tailPoints.put(lambda.doubleValue(), c.finalPoint());
        }
    }

    /** The λ a chain's last piece ends at. */
    private static double reach(List<List<Interval>> chainEnds) {
        return lambdaOf(chainEnds.get(chainEnds.size() - 1)).mid().doubleValue();
    }

    /** An end's λ: its last coordinate. */
    private static Interval lambdaOf(List<Interval> end) {
        return end.get(end.size() - 1);
    }

    /** {@code listener}, its piece counts shifted by {@code before}, each piece's end also added to {@code ends}. */
    private static BranchTracer.Listener recording(List<List<Interval>> ends, int before,
                                                   BranchTracer.Listener listener) {
        return (p, lam, piece, end) -> {
            ends.add(end);
            listener.piece(before + p, lam, piece, end);
        };
    }
}
