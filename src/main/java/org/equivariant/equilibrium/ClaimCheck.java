package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.certificate.EnumerationChecker;
import org.equivariant.game.NormalFormGame;
import org.equivariant.game.PayoffEvaluator;
import org.equivariant.theory.CentroidSingularity;
import org.equivariant.work.Progress;

/**
 * Verdict on a profile claimed by another solver to be the logit QRE at λ: the certified QREs at λ, and the distance
 * (max-norm over all strategy probabilities) from the claim to each, bounded exactly from below and above using the
 * certified boxes. With uniqueness proved, "no QRE within tolerance" is a proof that the claim is wrong; otherwise
 * it is only a statement about the QREs found.
 */
public record ClaimCheck(QreResult result, List<Rational> lowerDistances, List<Rational> upperDistances,
                         int nearest, Outcome outcome, PrincipalComponent.Holding holding, Enumerated enumerated) {
    public enum Outcome {
        /** The claim is within tolerance of the unique QRE. */
        AGREES,
        /** The claim is within tolerance of one certified QRE; uniqueness is not proved (another branch may exist). */
        AGREES_WITH_ONE_OF_SEVERAL,
        /** The QRE is unique and farther than the tolerance: the claim is wrong. */
        DISAGREES,
        /** No certified QRE is within tolerance, but uniqueness is not proved. */
        NO_CERTIFIED_QRE_NEAR,
        /**
         * No QRE is within tolerance: the branch-and-bound, replayed by the checker, encloses every QRE at λ (UNIQ-BB)
         * in its isolating boxes and any it left open, and each lies farther than the tolerance from the claim — the
         * claim is wrong.
         */
        NO_QRE_NEAR,
        /**
         * The claim is within tolerance of the centroid, a QRE at every λ and on the principal branch (BR-CHAIN
         * corollary 2), where at exactly this λ the branch is singular (det(I − λA) = 0), so no box isolates it.
         */
        AGREES_WITH_THE_SINGULAR_CENTROID
    }

    public ClaimCheck {
        lowerDistances = List.copyOf(lowerDistances);
        upperDistances = List.copyOf(upperDistances);
    }

    /**
     * The branch-and-bound's proof, replayed by the checker (UNIQ-BB, {@code boxes} boxes), that every QRE at λ lies in
     * one of its {@code qres} isolating boxes or its {@code open} undecided ones — with none open, that there are
     * exactly {@code qres} QREs — the nearest of which lies at distance at least {@code nearest} from the claim.
     */
    public record Enumerated(int qres, int boxes, Rational nearest, int open) {
        /** Whether every box is decided, so that the QREs are exactly those isolated. */
        public boolean complete() {
            return open == 0;
        }
    }

    /**
     * When the branch-and-bound runs, with {@code maxBoxes} boxes, on games with at most
     * {@link QreEnumeration#SMALL_DIMENSION} free probabilities or with {@code anyGame} on every game: for a claim
     * that no certified QRE is within tolerance of; with {@code agreeing}, also for a claim that agrees with the one
     * certified QRE where its uniqueness is not proved.
     */
    public record Enumeration(int maxBoxes, boolean agreeing, boolean anyGame) {
        /**
         * Claims no certified QRE is near, on small games, with a tenth of {@code solve}'s budget (deciding a random
         * 2×2×2 game takes a few hundred boxes, the 9 QREs of McKelvey and McLennan's about a thousand; next to a
         * singular point, where QREs cluster, boxes stay undecided, and a claim among them stays undecided too).
         */
        public static final Enumeration CLAIMS_NO_QRE_IS_NEAR = new Enumeration(2_000, false, false);

        /**
         * Every claim no certified QRE is near, and every agreeing one where uniqueness is not proved, on every game
         * (asked for: the budget bounds the cost, as {@code solve --enumerate}'s does).
         */
        public static Enumeration every(int maxBoxes) {
            return new Enumeration(maxBoxes, true, true);
        }
    }

    /**
     * The uniqueness verdict at λ: the solve's, or where the branch-and-bound's complete enumeration was replayed,
     * its count's — {@link Verdict#UNIQUE} for one QRE, {@link Verdict#NOT_UNIQUE} for more (UNIQ-BB).
     */
    public Verdict verdict() {
        return enumerated == null || !enumerated.complete() ? result.verdict() : enumerated.qres() == 1 ? Verdict.UNIQUE
            : Verdict.NOT_UNIQUE;
    }

    /** Whether the claim is proved wrong: no QRE within tolerance, all of them certified. */
    public boolean wrong() {
        return outcome == Outcome.DISAGREES || outcome == Outcome.NO_QRE_NEAR;
    }

    public static ClaimCheck check(NormalFormGame g, Rational lambda, List<Rational> claim, Rational tolerance,
                                   int digits) {
        return check(g, lambda, claim, tolerance, digits, Progress.NONE, null, null, Enumeration.CLAIMS_NO_QRE_IS_NEAR);
    }

    /**
     * {@link #check}, the solve at λ reporting to {@code progress} and reusing the principal chain {@code memo} kept
     * from the checks of other claims on the same game (null: none). The claim itself is one of the search's Newton
     * starts: a QRE the other solver found where the random ones lead elsewhere (a path past a fold) is certified too.
     * Where the claim agrees with a certified QRE other than the principal one, {@code holding} is the piece of a chain
     * of {@code component} (replayed chains on the principal branch's component toward a larger λ; null: none) whose
     * arc holds that QRE or its image under a symmetry ({@link PrincipalComponent#holding}) — on the component, past a
     * fold of the principal branch or on a branch leaving a singular point — else null. Where no certified QRE is
     * within tolerance and uniqueness is not proved, the branch-and-bound runs at λ as {@code enumeration} says (not
     * where the centroid is a singular QRE): an enumeration the checker replays decides whether any QRE is near — with
     * open boxes too, where none of them and no isolated QRE is near ({@code enumerated}; else null) — and where the
     * claim agrees with the one certified QRE and a complete enumeration counts one, that it is unique (outcome
     * {@link Outcome#AGREES}).
     */
    public static ClaimCheck check(NormalFormGame g, Rational lambda, List<Rational> claim, Rational tolerance,
                                   int digits, Progress progress, ChainMemo memo, PrincipalComponent component,
                                   Enumeration enumeration) {
        // log σ, a probability the other solver printed as 0 taken as 10⁻³⁰⁰
        List<Double> guess = claim.stream().map(p -> Math.log(Math.max(p.doubleValue(), 1e-300))).toList();
        QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.all(digits, progress).keeping(memo)
            .guessing(List.of(guess)));
        List<Rational> lo = new ArrayList<>();
        List<Rational> hi = new ArrayList<>();
        int nearest = -1;
        for (int k = 0; k < r.qres().size(); k++) {
            List<Interval> box = r.qres().get(k).enclosure();
            Rational h = farthest(box, claim);
            lo.add(gap(box, claim));
            hi.add(h);
            if (nearest < 0 || h.compareTo(hi.get(nearest)) < 0) {
                nearest = k;
            }
        }
        boolean close = nearest >= 0 && hi.get(nearest).compareTo(tolerance) <= 0;
        Outcome o;
        if (r.verdict() == Verdict.UNIQUE) {
            o = close ? Outcome.AGREES : Outcome.DISAGREES;
        } else if (close) {
            o = Outcome.AGREES_WITH_ONE_OF_SEVERAL;
        } else {
            o = centroidDistance(g, claim).compareTo(tolerance) <= 0 && r.principalIndex() < 0
                && CentroidSingularity.singularAt(g.payoffs(), lambda) ? Outcome.AGREES_WITH_THE_SINGULAR_CENTROID
                : Outcome.NO_CERTIFIED_QRE_NEAR;
        }
        Enumerated enumerated = null;
        boolean unmatched = o == Outcome.NO_CERTIFIED_QRE_NEAR;
        boolean agreeing = o == Outcome.AGREES_WITH_ONE_OF_SEVERAL && r.verdict() != Verdict.NOT_UNIQUE
            && enumeration.agreeing();
        if ((unmatched || agreeing) && (enumeration.anyGame() || QreEnumeration.isSmall(g))
            && !CentroidSingularity.singularAt(g.payoffs(), lambda)) {
            QreEnumeration.Options defaults = QreEnumeration.Options.defaults();
            QreEnumeration.Result e = QreEnumeration.enumerate(g, lambda, lambda, new QreEnumeration.Options(
                defaults.digits(), enumeration.maxBoxes(), defaults.minWidth()), progress);
            // an enumeration with open boxes still bounds where the QREs lie: replayed for a claim no QRE may be near
            EnumerationChecker.Report replay = null;
            if (e.complete() || unmatched) {
                progress.update("branch-and-bound", "the checker replays its " + e.boxes() + " boxes");
                replay = EnumerationChecker.check(e.certificate());
            }
            if (replay != null && replay.valid()) {
                // complete, as many QREs as certified: they are all, in their tight boxes; else the enumeration's
                // enclosures and open boxes
                Rational near = (replay.complete() && replay.enclosures().size() == r.qres().size() ? lo.stream()
                    : java.util.stream.Stream.concat(replay.enclosures().stream(), replay.open().stream())
                    .map(z -> gap(z, claim))).min(Rational::compareTo).orElseThrow();
                enumerated = new Enumerated(replay.enclosures().size(), e.boxes(), near, replay.open().size());
                o = unmatched && near.compareTo(tolerance) > 0 ? Outcome.NO_QRE_NEAR : agreeing && replay.complete()
                    && enumerated.qres() == 1 && r.qres().size() == 1 ? Outcome.AGREES : o;
            }
        }
        PrincipalComponent.Holding holding = null;
        if (o == Outcome.AGREES_WITH_ONE_OF_SEVERAL && nearest != r.principalIndex() && component != null) {
            List<Interval> z = new ArrayList<>(r.qres().get(nearest).enclosure());
            z.add(Interval.of(lambda, 40));
            holding = component.holding(z, g.dims());
        }
        return new ClaimCheck(r, lo, hi, nearest, o, holding, enumerated);
    }

    /**
     * The certified bounds on the distance (max-norm over all strategy probabilities) from a claim to the principal
     * branch's QRE at λ ({@code result}'s principal QRE, BR-CHAIN; the unique one where uniqueness is proved).
     */
    public record PrincipalDistance(QreResult result, Rational lower, Rational upper) {
    }

    /**
     * The claim against the principal branch's QRE at λ only — the solve without the search for other QREs; empty
     * where that QRE is not certified (the principal chain stopped, uniqueness not proved).
     */
    public static Optional<PrincipalDistance> toPrincipal(NormalFormGame g, Rational lambda, List<Rational> claim,
                                                         int digits) {
        QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(digits));
        int p = r.principalIndex();
        if (p < 0) {
            return Optional.empty();
        }
        List<Interval> box = r.qres().get(p).enclosure();
        return Optional.of(new PrincipalDistance(r, gap(box, claim), farthest(box, claim)));
    }

    /** The exact max-norm distance from a flat profile to the nearest point of a box. */
    private static Rational gap(List<Interval> box, List<Rational> claim) {
        Rational d = Rational.ZERO;
        for (int j = 0; j < claim.size(); j++) {
            Rational a = Rational.of(box.get(j).lo());
            Rational b = Rational.of(box.get(j).hi());
            Rational x = claim.get(j);
            d = d.max(x.compareTo(a) < 0 ? a.subtract(x) : x.compareTo(b) > 0 ? x.subtract(b) : Rational.ZERO);
        }
        return d;
    }

    /** The exact max-norm distance from a flat profile to the farthest point of a box. */
    private static Rational farthest(List<Interval> box, List<Rational> claim) {
        Rational d = Rational.ZERO;
        for (int j = 0; j < claim.size(); j++) {
            Rational x = claim.get(j);
            d = d.max(x.subtract(Rational.of(box.get(j).lo())).abs().max(x.subtract(Rational.of(box.get(j).hi()))
                .abs()));
        }
        return d;
    }

    /** The exact max-norm distance from a flat profile to the centroid. */
    public static Rational centroidDistance(NormalFormGame g, List<Rational> flat) {
        Rational d = Rational.ZERO;
        int k = 0;
        for (int i = 0; i < g.numPlayers(); i++) {
            Rational uniform = Rational.of(1, g.numActions(i));
            for (int a = 0; a < g.numActions(i); a++) {
                d = d.max(flat.get(k++).subtract(uniform).abs());
            }
        }
        return d;
    }

    /** Exact Nash regret max_i (max_a u_i(a, σ_{−i}) − u_i(σ)) of a flat profile taken as given. */
    public static Rational regret(NormalFormGame g, List<Rational> flat) {
        List<List<Rational>> p = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < g.numPlayers(); i++) {
            p.add(flat.subList(k, k + g.numActions(i)));
            k += g.numActions(i);
        }
        PayoffEvaluator<Rational> ev = g.in(RationalField.INSTANCE);
        Rational worst = Rational.ZERO;
        for (int i = 0; i < g.numPlayers(); i++) {
            List<Rational> u = ev.payoffVector(i, p);
            Rational best = u.stream().max(Rational::compareTo).orElseThrow();
            worst = worst.max(best.subtract(ev.expectedPayoff(i, p)));
        }
        return worst;
    }
}
