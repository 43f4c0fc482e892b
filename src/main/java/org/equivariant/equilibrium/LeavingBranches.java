package org.equivariant.equilibrium;

import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BlownUpArc;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.game.NormalFormGame;
import org.equivariant.work.Progress;

/**
 * The branches leaving a singular point through a blow-up, the one route PIN-SUB (6), SYM-PF and CL-ARM share: the
 * blow-up's normalization ℓ, its arms from the zero at ε = 0 towards each sign asked for ({@link LeavingTracer}), each
 * arm's certified far end (null without pieces) and from it the chain of the full game to λ (BR-CHAIN from that point,
 * ending before λ where the options allow a BR-TAIL or MIX-TAIL claim to carry the branch there; null where the arm
 * has no piece or is past λ already), in the order of the signs — or, where the arms lie in the
 * profiles a stabilizer fixes and the full game's chain stops at a singular point, the chain of those profiles
 * ({@code inFixed}, SYM-ARM (9)). Untrusted search.
 */
record LeavingBranches(List<Rational> normal, List<LeavingTracer.Arm> arms, List<ArmEnd> ends,
                       List<BranchTracer.Chain> chains, List<Boolean> inFixed) {
    LeavingBranches {
        normal = List.copyOf(normal);
        arms = List.copyOf(arms);
        ends = Collections.unmodifiableList(new ArrayList<>(ends)); // an entry may be null
        chains = Collections.unmodifiableList(new ArrayList<>(chains)); // likewise
        inFixed = List.copyOf(inFixed);
    }

    /** An arm's certified far end as a chain's entry (σ then λ, enclosed) and the direction the arm was going. */
    record ArmEnd(List<Interval> entry, double[] direction) {
        /** The midpoint of the end's λ enclosure. */
        double lambda() {
            return entry.get(entry.size() - 1).mid().doubleValue();
        }
    }

    /**
     * The arms of {@code blowUp} towards each of {@code signs} and the chains past their ends to λ: arms of
     * {@link LeavingTracer#SHORT_ARM} pieces first (past the singular point a chain of the full game proves far longer
     * pieces than an arm's, so the arm only needs to carry the branch away from it), then, where a chain stopped
     * before λ past an arm that stopped at that limit ({@link #armsTooShort}), all of them again up to
     * {@link LeavingTracer#MAX_PIECES} pieces.
     */
    static LeavingBranches follow(NormalFormGame game, LeavingTracer.BlowUp blowUp, int[] signs, Rational lambda,
                                  QreSolver.Options o) {
        return follow(game, blowUp, signs, lambda, null, o, LeavingTracer.SHORT_ARM, LeavingTracer.MAX_PIECES);
    }

    /**
     * {@link #follow} for arms in the profiles {@code fixed} (a stabilizer's; null for none), with the arms' piece
     * limits tried in turn ({@link PinnedRoute#leaving}'s tests).
     */
    static LeavingBranches follow(NormalFormGame game, LeavingTracer.BlowUp blowUp, int[] signs, Rational lambda,
                                  FixedSubspace fixed, QreSolver.Options o, int... limits) {
        LeavingBranches route = null;
        for (int limit : limits) {
            List<LeavingTracer.Arm> arms = new ArrayList<>();
            List<ArmEnd> ends = new ArrayList<>();
            List<BranchTracer.Chain> chains = new ArrayList<>();
            List<Boolean> inFixed = new ArrayList<>();
            for (int sign : signs) {
                LeavingTracer.Arm arm = LeavingTracer.arm(blowUp.arc(), blowUp.g(), blowUp.zero(), sign,
                    blowUp.epsMax(), lambda.doubleValue(), limit);
                ArmEnd end = arm.pieces().isEmpty() ? null : armEnd(blowUp.arc(), arm);
                arms.add(arm);
                ends.add(end);
                BranchTracer.Chain chain = end == null ? null : beyond(game, end, lambda, o);
                BranchTracer.Chain within = chain != null && chain.end() == BranchTracer.End.SINGULAR && fixed != null
                    && fixed.dimension() < game.totalActions() ? within(game, fixed, end, lambda, o.progress()) : null;
                chains.add(within != null ? within : chain);
                inFixed.add(within != null);
            }
            route = new LeavingBranches(blowUp.normal(), arms, ends, chains, inFixed);
            if (!route.armsTooShort(limit)) {
                break;
            }
        }
        return route;
    }

    /**
     * Whether a chain stopped before λ past an arm that stopped at the piece limit (so a longer arm may help; not where
     * the branch past the arm closed on itself: a longer arm lies on the same closed curve).
     */
    boolean armsTooShort(int limit) {
        for (int k = 0; k < arms.size(); k++) {
            BranchTracer.Chain c = chains.get(k);
            if (c != null && !c.arrives() && c.end() != BranchTracer.End.CLOSED && arms.get(k).pieces().size()
                == limit) {
                return true;
            }
        }
        return false;
    }

    /** Whether every arm has a proved piece. */
    boolean allArmsProved() {
        return arms.stream().noneMatch(a -> a.pieces().isEmpty());
    }

    /**
     * The end of an arm: its last piece's zero at the far ε (enclosed when the arm was traced), and the direction from
     * the piece's zero at its near ε — or, where the piece's test fails there (at ε = 0, say, where the blow-up is
     * singular), at its middle ε; null if it fails at both or the far end is not enclosed.
     */
    static ArmEnd armEnd(BlownUpArc arc, LeavingTracer.Arm arm) {
        List<Interval> entry = arm.end();
        BlownUpArc.Piece last = arm.pieces().get(arm.pieces().size() - 1);
        List<Interval> previous = arc.pointAt(last, arm.sign() > 0 ? last.from() : last.to());
        if (previous == null) {
            previous = arc.pointAt(last, last.from().add(last.to()).divide(Rational.of(2)));
        }
        return entry == null || previous == null ? null : new ArmEnd(entry, BranchTracer.chord(previous, entry));
    }

    /**
     * The chain of the full game from an arm's end to λ (BR-CHAIN from that point, {@link BranchTracer#traceFrom}) —
     * with the options' {@link QreSolver.Options#tail}, ended where a tail claim holds ({@link QreSolver#tails}) — or
     * null when the arm is past λ already.
     */
    private static BranchTracer.Chain beyond(NormalFormGame game, ArmEnd end, Rational lambda, QreSolver.Options o) {
        Interval at = end.entry().get(end.entry().size() - 1);
        if (at.hi().compareTo(lambda.toBigDecimal(new MathContext(40))) >= 0) {
            return null;
        }
        BranchTracer tracer = o.tail() ? BranchTracer.logit(game).endingAt(QreSolver.tails(game, lambda))
            : BranchTracer.logit(game);
        return tracer.traceFrom(end.entry(), end.direction(), lambda, 2_000_000,
            (pieces, lam, piece, e) -> o.progress().chain("leaving branch", "", lam, pieces));
    }

    /**
     * SYM-ARM (9): where the full game's chain from an arm's end stopped at a singular point, the chain of the logit
     * correspondence restricted to the profiles {@code fixed} (which hold the arm) from the same end — through a
     * bifurcation that breaks the stabilizer, singular for the full game but not in those profiles; null unless it
     * reaches λ.
     */
    private static BranchTracer.Chain within(NormalFormGame game, FixedSubspace fixed, ArmEnd end, Rational lambda,
                                             Progress progress) {
        double[] direction = ContinuationPath.unboxed(fixed.reduce(ContinuationPath.boxed(end.direction())));
        BranchTracer.Chain c = new BranchTracer(new RestrictedPath(new LogitPath(game), fixed)).traceFrom(
            fixed.reduce(end.entry()), direction, lambda, 2_000_000, (pieces, lam, piece, e) -> progress.chain(
            "leaving branch", "in the stabilizer's fixed profiles: ", lam, pieces));
        return c.end() == BranchTracer.End.REACHED ? c : null;
    }
}
