package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.equivariant.arith.DecimalField;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.Boxes;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchTail;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.CheckReport;
import org.equivariant.certificate.LogitFixedPoint;
import org.equivariant.certificate.MarkovQreCertificate;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.StrictTail;
import org.equivariant.certificate.SupportTail;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.equivariant.game.PayoffEvaluator;
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.theory.CentroidSingularity;
import org.equivariant.theory.InteractionContrast;
import org.equivariant.theory.PerronCertificate;
import org.equivariant.work.Progress;

/**
 * Logit QRE at a given λ = 1/τ, to any number of digits, with a certificate.
 *
 * <p>Untrusted search: Newton on {@link LogitSystem}'s equations in double precision ({@link LogitPath}'s arrays), by
 * continuation in λ from the centroid (λ = 0, the principal branch) and, where uniqueness is not proved, from seeded
 * random starts; then Newton in {@code digits + 20}-digit decimals. Trusted verdict: each candidate becomes a Krawczyk
 * box that the independent {@link CertificateChecker} must accept; global uniqueness comes from a Perron certificate of
 * D/4 (UNIQ-H).
 */
public final class QreSolver {
    /**
     * @param digits   decimal places wanted; the certified radius is below 10^−digits
     * @param starts   random Newton starts of the search for other QREs (0 = automatic)
     * @param seed     seed of the random starts
     * @param all      also search for QREs off the principal branch (multistart); otherwise the principal branch's
     *                 QRE and the uniqueness verdict only
     * @param progress where long work reports
     * @param tail     whether the principal chain, and the chains past the ends of arms leaving a singular point, may
     *                 end where a BR-TAIL or MIX-TAIL claim holds (else they run to λ)
     * @param memo     the game's principal chain kept from earlier solves at other λ, reused and extended (null: none)
     * @param guesses  Newton starts (log-profiles) the caller adds to the search for other QREs (another solver's
     *                 claimed QRE, say)
     */
    public record Options(int digits, int starts, long seed, boolean all, Progress progress, boolean tail,
                          ChainMemo memo, List<List<Double>> guesses) {
        /** Options whose principal chain may end by a tail claim. */
        public Options(int digits, int starts, long seed, boolean all, Progress progress) {
            this(digits, starts, seed, all, progress, true, null, List.of());
        }

        /** These options with chains that run to λ, for a caller that needs their last pieces there. */
        Options toLambda() {
            return new Options(digits, starts, seed, all, progress, false, memo, guesses);
        }

        /** These options with the principal chain kept in, and reused from, {@code memo}. */
        public Options keeping(ChainMemo memo) {
            return new Options(digits, starts, seed, all, progress, tail, memo, guesses);
        }

        /** These options with {@code guesses} (log-profiles) among the Newton starts of the search for other QREs. */
        public Options guessing(List<List<Double>> guesses) {
            return new Options(digits, starts, seed, all, progress, tail, memo, guesses);
        }

        public Options {
            guesses = guesses.stream().map(List::copyOf).toList();
            if (digits < 1 || digits > 2000) {
                throw new IllegalArgumentException("digits must be in 1..2000, got " + digits);
            }
            if (starts < 0) {
                throw new IllegalArgumentException("starts must be non-negative, got " + starts);
            }
        }

        /** The principal branch's QRE and the verdict. */
        public static Options digits(int digits) {
            return new Options(digits, 0, 1L, false, Progress.NONE);
        }

        /** The principal branch's QRE and every other QRE the multistart search certifies. */
        public static Options all(int digits) {
            return all(digits, Progress.NONE);
        }

        /** {@link #all(int)}, reporting to {@code progress}. */
        public static Options all(int digits, Progress progress) {
            return new Options(digits, 0, 1L, true, progress);
        }
    }

    private final NormalFormGame game;
    private final Rational lambda;
    private final LogitPath fast;
    private final double lambdaD;


    private QreSolver(NormalFormGame game, Rational lambda) {
        if (lambda.signum() < 0) {
            throw new IllegalArgumentException("λ must be non-negative, got " + lambda);
        }
        this.game = game;
        this.lambda = lambda;
        this.fast = new LogitPath(game);
        this.lambdaD = lambda.doubleValue();
    }

    /** Certified logit QRE(s) of {@code game} at precision λ. */
    public static QreResult solve(NormalFormGame game, Rational lambda, Options options) {
        return new QreSolver(game, lambda).run(options);
    }

    /**
     * Newton from a given interior profile (flat, players in order): damped in double precision, then refined to
     * {@code digits} + 20 decimals. An untrusted candidate (certify it with {@link #solve}), or empty if Newton fails.
     */
    public static Optional<List<Rational>> newtonFrom(NormalFormGame game, Rational lambda, List<Double> start,
                                                      int digits) {
        QreSolver s = new QreSolver(game, lambda);
        List<Double> y = new ArrayList<>();
        for (double x : start) {
            y.add(Math.log(x));
        }
        return s.newton(y, s.lambdaD, 100).flatMap(p -> s.refine(p, digits + 20));
    }

    /** The principal branch's QRE at λ in double (probabilities), by continuation from the centroid; untrusted. */
    static Optional<List<Double>> principalInDouble(NormalFormGame game, double lambda) {
        QreSolver s = new QreSolver(game, Rational.of(new BigDecimal(lambda)));
        return s.continuation().map(s::toProfile);
    }

    /** A QRE at λ in double (probabilities) by damped Newton from {@code start} (probabilities); untrusted. */
    static Optional<List<Double>> doubleQre(NormalFormGame game, double lambda, List<Double> start) {
        QreSolver s = new QreSolver(game, Rational.ZERO);
        return s.newton(start.stream().map(Math::log).toList(), lambda, 100).map(s::toProfile);
    }

    /** The certificate and its report after {@link #added}, and what to say of the claim. */
    private record Added(QreCertificate cert, CheckReport report, String verdict) {
    }

    /**
     * A claim of QREs on branches leaving a singular point (SYM-PF, CL-ARM), kept when the checker accepts the
     * certificate {@code withClaim} (null: no QRE was linked to the route's chains): then {@code accepted}; else the
     * certificate as it was and nothing to say when the route found no candidate, {@code unlinked} when none was
     * linked, or the checker's last finding.
     */
    private static Added added(QreCertificate cert, CheckReport report, QreCertificate withClaim,
                               List<List<Interval>> verified, boolean candidates, String accepted, String unlinked) {
        CheckReport checked = withClaim == null ? null : CertificateChecker.checkAssembled(withClaim, verified);
        if (checked != null && checked.valid()) {
            return new Added(withClaim, checked, accepted);
        }
        return new Added(cert, report, !candidates ? "" : checked == null ? unlinked : "; the checker did not accept "
            + "the claim (" + checked.findings().get(checked.findings().size() - 1) + ")");
    }

    private QreResult run(Options o) {
        List<List<Rational>> quarter = InteractionContrast.quarter(InteractionContrast.of(game));
        PerronCertificate perron = lambda.signum() == 0 ? PerronCertificate.find(quarter)
            : PerronCertificate.forTemperature(quarter, lambda.reciprocal());
        boolean unique = lambda.multiply(perron.kappa()).compareTo(Rational.ONE) < 0;
        List<List<Double>> candidates = new ArrayList<>();
        PrincipalBranch principal;
        MarkovQreSolver.Principal symmetric = null;
        List<MarkovSymmetry> group = List.of();
        FixedSymmetric fixed = null;
        MarkovQreSystem reading = null;
        BranchTracer.Chain chain = null;
        SymmetricRoute.Found split = null;
        List<CentroidRoute.Found> arms = List.of();
        boolean centroidLine = false;
        Rational anchor = unique ? null : anchor(perron.kappa());
        PinnedRoute.Found pinned = unique ? null : pinnedAhead(anchor, o);
        if (unique) {
            continuation().ifPresent(candidates::add);
            principal = new PrincipalBranch(PrincipalBranch.State.BY_UNIQUENESS, 0, 0, lambda.doubleValue(), List.of(),
                "the QRE is unique (UNIQ-H), so it is the principal branch's");
        } else if (pinned != null) {
            // the QRE where the pinned players stay uniform is principal by the reduced game's branch (PIN-SUB (3)):
            // no chain of the full game up to the singular point, whose enclosure the double scan located
            principal = new PrincipalBranch(PrincipalBranch.State.STOPPED, 0, anchor.doubleValue(),
                pinned.below().lambda().doubleValue(), List.of(), "");
            candidates.add(0, pinned.start());
            candidates.addAll(pinned.armCandidates());
        } else {
            BranchTracer tracer = o.tail() ? BranchTracer.logit(game).endingAt(tails(game, lambda))
                : BranchTracer.logit(game);
            BranchTracer.Listener listener = (pieces, lam, piece, end) -> {
                o.progress().chain("principal branch", "", lam, pieces);
                o.progress().proved(() -> chainEnd(pieces, end));
            };
            chain = o.memo() != null ? o.memo().trace(game, tracer, lambda, anchor, listener)
                : tracer.trace(lambda, anchor, 200_000, listener);
            if (chain.end() == BranchTracer.End.REACHED || chain.finalPoint() != null) {
                candidates.add(chain.finalPoint());
            }
            principal = switch (chain.end()) {
                case REACHED -> new PrincipalBranch(PrincipalBranch.State.CERTIFIED, chain.pieces().size(),
                    anchor.doubleValue(), lambda.doubleValue(), chain.suspectedSingular(), "");
                case TAIL -> new PrincipalBranch(PrincipalBranch.State.CERTIFIED, chain.pieces().size(),
                    anchor.doubleValue(), chain.lambdaReached(), chain.suspectedSingular(), chain.tail().whence());
                case SINGULAR -> new PrincipalBranch(PrincipalBranch.State.STOPPED, chain.pieces().size(),
                    anchor.doubleValue(), chain.lambdaReached(), chain.suspectedSingular(), chain.detail());
                case NOT_TRACED, CLOSED -> new PrincipalBranch(PrincipalBranch.State.NOT_TRACED, 0, 0, 0,
                    chain.suspectedSingular(), chain.detail());
            };
            if (chain.end() == BranchTracer.End.SINGULAR) {
                // past a bifurcation that breaks a symmetry: the one-state Markov reading's chain in the fixed
                // subspace (MQRE-CHAIN (5), (6)); its QRE's policy is the first candidate
                o.progress().update("principal branch", "in the subspace fixed by the game's symmetries");
                reading = new MarkovQreSystem(MarkovGame.of(game), lambda.reciprocal());
                group = MarkovQreSolver.symmetries(reading);
                symmetric = MarkovQreSolver.symmetricPrincipal(reading, group, chain.detail(),
                    (pieces, beta) -> o.progress().chain("principal branch", "symmetric chain: ", beta, pieces));
                if (!symmetric.traced() && !group.isEmpty()) {
                    // the one-state reading's chain did not pass: the logit chain in the profiles the game's
                    // symmetries fix (SYM-ARM (8)); its end is the first candidate
                    fixed = FixedSymmetric.trace(game, group, lambda, anchor, o);
                    if (fixed.reached()) {
                        candidates.add(0, fixed.end());
                    }
                }
                if (symmetric.traced() || fixed != null && fixed.reached()) {
                    if (symmetric.traced()) {
                        candidates.add(0, logPolicy(reading, symmetric.qre().box()));
                    }
                    // the branch leaving the pitchfork that breaks a symmetry of order 2 (SYM-PF)
                    split = SymmetricRoute.attempt(game, group, lambda, anchor, chain.lambdaReached(), o).orElse(null);
                    if (split != null) {
                        candidates.addAll(split.candidates());
                    }
                    if (split == null || split.candidates().isEmpty()) {
                        // the branches leaving the centroid line (CL-ARM) or the symmetric branch (SYM-ARM), where no
                        // involution's route led past it
                        arms = CentroidRoute.attempt(game, group, lambda, anchor, chain.lambdaReached(), o);
                    }
                } else {
                    // past a singular point of the curve where pinned players stay uniform (PIN-SUB)
                    pinned = PinnedRoute.attempt(game, lambda, chain.lambdaReached(), o).orElse(null);
                    if (pinned != null) {
                        candidates.add(0, pinned.start());
                        candidates.addAll(pinned.armCandidates());
                    } else if (CentroidSingularity.centroidIsAlwaysAQre(game.payoffs())) {
                        // the centroid line is a curve of zeros through (centroid, 0): principal at every λ
                        centroidLine = true;
                        List<Double> centroid = new ArrayList<>();
                        for (int m : game.dims()) {
                            centroid.addAll(Collections.nCopies(m, -Math.log(m)));
                        }
                        candidates.add(0, centroid);
                        arms = CentroidRoute.attempt(game, group, lambda, anchor,
                            chain.lambdaReached(), o);
                    }
                }
            }
            arms.forEach(f -> candidates.addAll(f.candidates()));
            if (candidates.isEmpty()) {
                continuation().ifPresent(candidates::add);
            }
        }
        int searchRuns = 0; // Newton runs in search of other QREs
        if (o.all() || candidates.isEmpty()) {
            o.progress().update("other QREs", "multistart");
            int starts = o.starts() > 0 ? o.starts() : 12 + 6 * fast.n;
            searchRuns += starts;
            SplittableRandom rnd = new SplittableRandom(o.seed());
            for (int s = 0; s < starts; s++) {
                double spread = s % 2 == 0 ? 1.0 : 4.0;
                List<Double> y = new ArrayList<>();
                for (int i = 0; i < game.numPlayers(); i++) {
                    List<Double> logits = new ArrayList<>();
                    for (int a = 0; a < game.numActions(i); a++) {
                        logits.add(spread * rnd.nextGaussian());
                    }
                    double shift = Math.log(logits.stream().mapToDouble(Math::exp).sum()); // |logits| small
                    logits.forEach(t -> y.add(t - shift));
                }
                newton(y, lambdaD, 100).ifPresent(candidates::add);
            }
            if (!unique) {
                List<List<Double>> pure = pureResponseStarts();
                searchRuns += pure.size();
                pure.forEach(y -> newton(y, lambdaD, 100).ifPresent(candidates::add));
            }
            searchRuns += o.guesses().size();
            o.guesses().forEach(y -> newton(y, lambdaD, 100).ifPresent(candidates::add));
        }
        List<List<Double>> distinct = new ArrayList<>();
        for (List<Double> c : candidates) {
            if (distinct.stream().noneMatch(d -> distance(toProfile(c), toProfile(d)) < 1e-6)) {
                distinct.add(c);
            }
        }
        int w = workingDigits(o.digits());
        List<QreCertificate.Box> boxes = new ArrayList<>();
        List<List<Interval>> verified = new ArrayList<>();
        boolean principalCertified = false;
        int[] radii = radiusExponents(o.digits(), w);
        for (int k = 0; k < distinct.size(); k++) {
            o.progress().update("certifying", "QRE " + (k + 1) + " of " + distinct.size());
            Optional<Certified> c = certify(distinct.get(k), w, radii);
            if (c.isPresent()) {
                boxes.add(c.get().box());
                verified.add(c.get().enclosure());
                principalCertified |= k == 0;
            }
        }
        QreCertificate.Uniqueness uq = unique ? new QreCertificate.Uniqueness(perron.w(), perron.kappa()) : null;
        QreCertificate cert = new QreCertificate(game.title(), game.payoffs(), game.sha256(), lambda, w, boxes, uq);
        if (chain != null && chain.arrives() && principalCertified) {
            BranchTail tail = chain.tail() instanceof SupportTail s && game.totalActions() <= SupportTailSearch
                .LIMIT_ACTIONS ? SupportTailSearch.withLimit(game, s, o.digits()) : chain.branchTail();
            cert = cert.withBranch(new QreCertificate.Branch(BranchTracer.DIGITS, chain.pieces(), 0,
                anchor.signum() > 0 ? new QreCertificate.Uniqueness(perron.w(), perron.kappa()) : null, tail));
        }
        int linked = symmetric != null && symmetric.traced() ? insidePolicyBox(reading, verified,
            symmetric.qre().box()) : -1;
        if (linked >= 0) {
            cert = cert.withSymmetricBranch(new QreCertificate.SymmetricBranch(linked, new MarkovQreCertificate(
                reading.game(), reading.tau(), List.of(symmetric.qre().box()), null, null, symmetric.branch(),
                symmetric.symmetries())));
        }
        CheckReport report = CertificateChecker.checkAssembled(cert, verified);
        if (linked >= 0 && report.principal() < 0) {
            // the checker did not accept the link: report the QREs without that claim
            cert = cert.withSymmetricBranch(null);
            report = CertificateChecker.checkAssembled(cert, verified);
        }
        if (symmetric != null && report.principal() < 0 && !group.isEmpty() && pinned == null && !centroidLine) {
            // no claim linked (the one-state reading's chain stopped, or its box held no certified QRE) and no other
            // route applies: the logit chain in the profiles the game's symmetries fix, linked to the first box that
            // takes it
            fixed = fixed != null ? fixed : FixedSymmetric.trace(game, group, lambda, anchor, o);
            for (int k = 0; k < boxes.size() && fixed.reached() && report.principal() < 0; k++) {
                QreCertificate withFixed = cert.withSymmetricBranch(new QreCertificate.SymmetricBranch(k, null,
                    fixed.claim(anchor.signum() > 0 ? new QreCertificate.Uniqueness(perron.w(), perron.kappa())
                    : null)));
                CheckReport fixedReport = CertificateChecker.checkAssembled(withFixed, verified);
                if (fixedReport.principal() >= 0) {
                    cert = withFixed;
                    report = fixedReport;
                }
            }
        }
        if (symmetric != null) {
            principal = cert.symmetricBranch() != null && cert.symmetricBranch().fixed() != null
                ? fixed.past(principal) : pastTheStop(principal, symmetric, cert.symmetricBranch() != null
                && report.principal() >= 0);
        }
        String pitchfork = "";
        if (split != null && report.principal() >= 0) {
            QreCertificate.SplitBranch claim = split.claim(game.payoffs(), lambda, verified, boxes,
                anchor.signum() > 0 ? new QreCertificate.Uniqueness(perron.w(), perron.kappa()) : null);
            Added added = added(cert, report, claim == null ? null : cert.withSplitBranch(claim), verified,
                !split.candidates().isEmpty(), split.rejoin() != null ? ": its QRE lies on the principal branch"
                : ": its QRE and the QRE's image under the symmetry lie on the principal branch", "; no certified QRE "
                + "lies at the end of the chain past the arm");
            cert = added.cert();
            report = added.report();
            pitchfork = split.text(added.verdict());
        }
        if (pinned != null && !boxes.isEmpty()) {
            QreCertificate.PinnedBranch claim = pinned.claim(game.payoffs(), 0, lambda, verified);
            QreCertificate withPinned = cert.withPinnedBranch(claim);
            CheckReport pinnedReport = CertificateChecker.checkAssembled(withPinned, verified);
            String armsRefused = "";
            if (pinnedReport.principal() < 0 && claim.leaving() != null) {
                // the checker refused the arms' part of the claim: the pinned QRE's own claim, without them
                armsRefused = "; the checker did not accept the arms' claim (" + pinnedReport.findings().get(
                    pinnedReport.findings().size() - 1) + "), so their QREs are not tagged";
                withPinned = cert.withPinnedBranch(new QreCertificate.PinnedBranch(claim.qre(), claim.players(),
                    claim.reduced(), claim.below(), claim.above()));
                pinnedReport = CertificateChecker.checkAssembled(withPinned, verified);
            }
            boolean linkedPinned = pinnedReport.principal() >= 0;
            if (linkedPinned) {
                cert = withPinned;
                report = pinnedReport;
            }
            // without a chain of the full game nothing is certified past the anchor unless the claim is linked
            principal = new PrincipalBranch(linkedPinned ? PrincipalBranch.State.PINNED : PrincipalBranch.State.STOPPED,
                principal.pieces(), principal.from(), linkedPinned || chain != null ? principal.reached()
                : principal.from(), principal.suspectedSingular(),
                (principal.detail().isEmpty() ? "" : principal.detail() + "; ") + pinned.detail() + armsRefused
                + (linkedPinned ? "" : "; the QRE where they stay uniform could not be linked to a certified QRE"));
        }
        if (centroidLine && principalCertified) {
            QreCertificate onLine = cert.withCentroidLine(new QreCertificate.CentroidLine(0));
            CheckReport lineReport = CertificateChecker.checkAssembled(onLine, verified);
            if (lineReport.principal() >= 0) {
                cert = onLine;
                report = lineReport;
                principal = new PrincipalBranch(PrincipalBranch.State.CENTROID_LINE, principal.pieces(),
                    principal.from(), principal.reached(), principal.suspectedSingular(), principal.detail());
            }
        }
        if (!arms.isEmpty() && report.principal() >= 0) {
            List<QreCertificate.CentroidArms> claims = new ArrayList<>();
            for (CentroidRoute.Found f : arms) {
                QreCertificate.CentroidArms claim = f.claim(game.payoffs(), lambda, verified, boxes,
                    anchor.signum() > 0 ? new QreCertificate.Uniqueness(perron.w(), perron.kappa()) : null);
                if (claim != null) {
                    claims.add(claim);
                }
            }
            Added added = added(cert, report, claims.isEmpty() ? null : cert.withCentroidArms(claims), verified,
                arms.stream().anyMatch(f -> !f.candidates().isEmpty()), ": the QREs at the chains' ends and their "
                + "images lie on the principal branch", "; no certified QRE lies at the end of a chain past an arm");
            cert = added.cert();
            report = added.report();
            pitchfork = (pitchfork.isEmpty() ? "" : pitchfork + "; ") + String.join("; ", arms.stream()
                .map(CentroidRoute.Found::detail).toList()) + added.verdict();
        }
        if (cert.branch() != null && report.principal() < 0) {
            principal = new PrincipalBranch(PrincipalBranch.State.STOPPED, chain.pieces().size(),
                anchor.doubleValue(), chain.lambdaReached(), chain.suspectedSingular(), "the QRE at the end of the "
                + "chain could not be linked to it");
        }
        if (report.principal() < 0 && CentroidSingularity.singularAt(game.payoffs(), lambda)) {
            // no box can isolate the QRE the principal branch passes through here: say what is exactly known
            principal = new PrincipalBranch(principal.state(), principal.pieces(), principal.from(),
                principal.reached(), principal.suspectedSingular(), principal.detail() + "; the centroid is a QRE at "
                + "every lambda (each player's payoff against the others' uniform mixtures is the same for every "
                + "action, checked exactly), so it lies on the principal branch (BR-CHAIN corollary 2), and at "
                + "lambda = " + lambda + " exactly det(I - lambda A) = 0: the branch is singular at the centroid, "
                + "which no Krawczyk test can isolate");
        }
        List<CertifiedQre> qres = new ArrayList<>();
        int[] counts = game.dims();
        for (int k = 0; k < report.enclosures().size(); k++) {
            List<Rational> center = boxes.get(k).center();
            qres.add(new CertifiedQre(center, report.enclosures().get(k),
                CertificateChecker.radius(report.enclosures().get(k), center), counts));
        }
        Verdict verdict;
        if (!report.valid() || qres.isEmpty()) {
            verdict = Verdict.NONE_CERTIFIED;
        } else if (report.unique()) {
            verdict = Verdict.UNIQUE;
        } else if (report.distinct()) {
            verdict = Verdict.NOT_UNIQUE;
        } else {
            verdict = Verdict.UNDECIDED;
        }
        return new QreResult(game, lambda, qres, perron, verdict, principal, cert, report,
            distinct.size() - boxes.size(), searchRuns, pitchfork);
    }

    /**
     * Claims that end a chain of the full game before λ ({@link #tailAt}), with the chain's own record of its last
     * MIX-TAIL attempt: the principal chain's, or a chain's past the end of an arm leaving a singular point.
     */
    static BranchTracer.Tails tails(NormalFormGame game, Rational lambda) {
        double[] tried = {0}; // the λ of the last MIX-TAIL attempt
        return (piece, stopped) -> tailAt(game, lambda, piece, stopped, tried);
    }

    /**
     * A claim that ends a chain of the full game after {@code piece}, where its end lies before λ: BR-TAIL's where it
     * holds ({@link #strictTail}); else, where the chain has {@code stopped} or the end's λ is at least twice that of
     * the last attempt ({@code tried}, updated), MIX-TAIL's ({@link SupportTailSearch}); null where neither holds.
     */
    static BranchTail tailAt(NormalFormGame game, Rational lambda, BranchPiece piece, boolean stopped,
                             double[] tried) {
        List<Interval> end = BranchChecker.end(piece, BranchTracer.DIGITS);
        if (Rational.of(end.get(end.size() - 1).hi()).compareTo(lambda) > 0) {
            return null;
        }
        StrictTail strict = strictTail(game, end);
        double at = end.get(end.size() - 1).lo().doubleValue();
        if (strict != null || !stopped && at < 2 * tried[0]) {
            return strict;
        }
        tried[0] = at;
        return SupportTailSearch.attempt(game, end);
    }

    /**
     * A BR-TAIL claim for a chain's end box {@code end}, where each player's likeliest action there has probability
     * above 1 − 10⁻³ over the whole box: a* those actions, δ the least power of ten (down to 10⁻³⁰⁰) at least
     * 10·max_i (1 − σ_i(a*_i)); null where that is not so or the theorem's conditions fail there
     * ({@link StrictTail#problem}).
     */
    private static StrictTail strictTail(NormalFormGame game, List<Interval> end) {
        List<Integer> actions = new ArrayList<>();
        BigDecimal worst = BigDecimal.ZERO;
        for (int i = 0, offset = 0; i < game.numPlayers(); offset += game.numActions(i), i++) {
            int best = 0;
            for (int a = 1; a < game.numActions(i); a++) {
                best = end.get(offset + a).mid().compareTo(end.get(offset + best).mid()) > 0 ? a : best;
            }
            actions.add(best);
            worst = worst.max(BigDecimal.ONE.subtract(end.get(offset + best).lo()));
        }
        if (worst.compareTo(new BigDecimal("1e-3")) >= 0) {
            return null;
        }
        BigDecimal delta = new BigDecimal("0.1");
        BigDecimal least = worst.multiply(BigDecimal.TEN);
        for (int k = 1; k < 300 && delta.movePointLeft(1).compareTo(least) >= 0; k++) {
            delta = delta.movePointLeft(1);
        }
        StrictTail claim = new StrictTail(actions, Rational.of(delta));
        return claim.problem(game.payoffs(), end) == null ? claim : null;
    }

    /**
     * The principal chain's end after {@code pieces} pieces, for {@link Progress#proved}: its λ and a Gambit CSV line
     * (λ, then the probabilities) of the midpoints of the box that holds the branch there, and a radius about them that
     * covers the box and the rounding.
     */
    static String chainEnd(int pieces, List<Interval> end) {
        BigDecimal radius = BigDecimal.ZERO; // half the widest side, plus the midpoints' rounding to 12 decimals
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < end.size(); k++) {
            Interval x = end.get((k + end.size() - 1) % end.size()); // λ is the last coordinate
            radius = radius.max(new BigDecimal("5e-13").add(x.width().multiply(new BigDecimal("0.5"))));
            line.append(k == 0 ? "" : ",").append(x.mid().setScale(12, RoundingMode.HALF_EVEN).toPlainString());
        }
        return String.format(java.util.Locale.ROOT, "the principal branch up to lambda = %.6g (%d pieces, each passed "
            + "the checker's test; the chain was not replayed); it passes within %.1e of the point "
            + "(lambda,p1a1,...)%n%s", end.get(end.size() - 1).mid().doubleValue(), pieces,
            radius.round(new MathContext(2, RoundingMode.CEILING)), line);
    }

    /**
     * What is known of the principal branch after the chain stopped and the one-state reading's chain in the fixed
     * subspace was tried: SYMMETRIC when the checker linked a certified QRE to it, else still STOPPED with the reason.
     */
    private static PrincipalBranch pastTheStop(PrincipalBranch stopped, MarkovQreSolver.Principal symmetric,
                                               boolean linked) {
        String detail;
        if (linked) {
            detail = String.format("%s; past that point, %d pieces of the one-state Markov reading's chain from lambda "
                + "= 0 in the subspace fixed by the game's %d symmetries", stopped.detail(), symmetric.branch()
                .pieces().size(), symmetric.symmetries().size());
        } else if (symmetric.traced()) {
            detail = stopped.detail() + "; the QRE at the end of the chain in the subspace fixed by the game's "
                + "symmetries could not be linked to a certified QRE";
        } else {
            detail = symmetric.detailAfter(stopped.detail());
        }
        return new PrincipalBranch(linked ? PrincipalBranch.State.SYMMETRIC : PrincipalBranch.State.STOPPED,
            stopped.pieces(), stopped.from(), stopped.reached(), stopped.suspectedSingular(), detail);
    }

    /** Where the chain starts: where UNIQ-H still makes the QRE unique (λ₀κ < 1, 6 digits rounded down), or at 0. */
    private Rational anchor(Rational kappa) {
        Rational anchor = kappa.isZero() ? Rational.ZERO : Rational.of(9, 10).divide(kappa).min(lambda);
        return Rational.of(anchor.toBigDecimal(new MathContext(6, RoundingMode.FLOOR)));
    }

    /**
     * The pinned players' route (PIN-SUB) when det(I − L) changes sign along the reduced game's branch between the
     * anchor and λ ({@link PinnedRoute#ahead}), the game has no symmetry (whose route `solve` tries first where a chain
     * stops) and the singular point was enclosed; else null, and the full game's chain is traced.
     */
    private PinnedRoute.Found pinnedAhead(Rational anchor, Options o) {
        double ahead = PinnedRoute.ahead(game, anchor.doubleValue(), lambdaD);
        if (Double.isNaN(ahead) || !MarkovQreSolver.symmetries(new MarkovQreSystem(MarkovGame.of(game),
            lambda.reciprocal())).isEmpty()) {
            return null;
        }
        return PinnedRoute.attempt(game, lambda, ahead, o).filter(f -> f.below() != null).orElse(null);
    }

    /** Log-coordinates of the policy part of a Markov QRE box of the one-state reading (its midpoints). */
    private static List<Double> logPolicy(MarkovQreSystem sys, List<Interval> box) {
        return sys.policiesIn(0, box).stream().map(p -> logOf(p.mid())).toList();
    }

    /**
     * v rounded to {@code digits} as a rational, or 0 below 10⁻¹⁰⁰⁰ in magnitude: such a number, e^−10⁷ where λ·|U| is
     * large, would be a rational of millions of digits carried through the box test — as an entry of an approximate
     * inverse any preconditioner serves the test, and as a probability of a box's centre it lies far inside the box's
     * radius (above 10^−w).
     */
    static Rational negligibleAsZero(BigDecimal v, int digits) {
        return v.abs().compareTo(NEGLIGIBLE) < 0 ? Rational.ZERO : Rational.of(v.round(new MathContext(digits)));
    }

    /** Numbers below this in magnitude are 0 in box centres and preconditioners ({@link #negligibleAsZero}). */
    private static final BigDecimal NEGLIGIBLE = BigDecimal.ONE.scaleByPowerOfTen(-1000);

    /**
     * log p in double for a probability p of a box's centre, a start for Newton steps (untrusted): finite also below
     * the doubles' range (by p's decimal exponent), and log 10⁻¹⁰⁰⁰ for 0 (a centre's negligible probability).
     */
    static double logOf(BigDecimal p) {
        if (p.signum() <= 0) {
            return -1000 * Math.log(10);
        }
        double d = p.doubleValue();
        if (d >= Double.MIN_NORMAL) {
            return Math.log(d);
        }
        int shift = p.precision() - p.scale() - 1; // p = m·10^shift with 1 ≤ m < 10
        return Math.log(p.scaleByPowerOfTen(-shift).doubleValue()) + shift * Math.log(10);
    }

    /** The first verified enclosure inside the policy part of a Markov QRE box of the one-state reading, or −1. */
    private static int insidePolicyBox(MarkovQreSystem sys, List<List<Interval>> verified, List<Interval> box) {
        List<Interval> policy = sys.policiesIn(0, box);
        for (int k = 0; k < verified.size(); k++) {
            if (Boxes.inside(verified.get(k), policy)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * Log-coordinates of the logit response to each pure profile (at most 256 of them, in contingency order): near a
     * strict Nash equilibrium this is already close to the QRE on its branch, which random starts rarely reach at
     * large λ.
     */
    private List<List<Double>> pureResponseStarts() {
        int[] dims = game.dims();
        List<List<Double>> starts = new ArrayList<>();
        PayoffEvaluator<Double> u = game.in(DoubleField.INSTANCE);
        int[] pure = new int[dims.length];
        do {
            List<List<Double>> profile = new ArrayList<>();
            for (int i = 0; i < dims.length; i++) {
                List<Double> p = new ArrayList<>(Collections.nCopies(dims[i], 0.0));
                p.set(pure[i], 1.0);
                profile.add(p);
            }
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < dims.length; i++) {
                List<Double> logits = new ArrayList<>();
                for (double v : u.payoffVector(i, profile)) {
                    logits.add(lambdaD * v);
                }
                double max = logits.stream().mapToDouble(Double::doubleValue).max().orElse(0);
                double shift = max + Math.log(logits.stream().mapToDouble(t -> Math.exp(t - max)).sum());
                logits.forEach(t -> y.add(t - shift));
            }
            starts.add(y);
        } while (starts.size() < 256 && RationalTensor.next(dims, pure));
        return starts;
    }

    /**
     * Natural-parameter continuation in λ from the centroid, with secant predictor and step control; where its steps
     * fail (their Newton in double at large λ·|U|), the end of the branch tracer's double path ({@link LogitPath},
     * whose steps grow with λ·|U|), if it reaches λ.
     */
    private Optional<List<Double>> continuation() {
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < game.numPlayers(); i++) {
            y.addAll(Collections.nCopies(game.numActions(i), -Math.log(game.numActions(i))));
        }
        if (lambdaD == 0) {
            return Optional.of(y);
        }
        List<Double> prev = null;
        double lam = 0;
        double prevLam = 0;
        double h = Math.min(lambdaD, 0.25);
        while (lam < lambdaD) {
            double next = Math.min(lambdaD, lam + h);
            List<Double> guess = new ArrayList<>(y);
            if (prev != null) {
                double t = (next - lam) / (lam - prevLam);
                for (int k = 0; k < y.size(); k++) {
                    guess.set(k, y.get(k) + t * (y.get(k) - prev.get(k)));
                }
            }
            Optional<List<Double>> sol = newton(guess, next, 12);
            if (sol.isPresent()) {
                prev = y;
                prevLam = lam;
                y = sol.get();
                lam = next;
                h *= 1.5;
            } else {
                h /= 2;
                if (h < 1e-10 * Math.max(1, lambdaD)) {
                    LogitPath path = new LogitPath(game);
                    ContinuationPath.Result r = path.trace(path.toX(path.n, lambdaD), 200_000);
                    return r.status() != ContinuationPath.Status.REACHED ? Optional.empty() : Optional.of(
                        ContinuationPath.boxed(r.points().get(r.points().size() - 1).y()));
                }
            }
        }
        return Optional.of(y);
    }

    /**
     * Damped Newton on G(·, λ) in double (the system of {@link LogitSystem}, evaluated by {@link LogitPath} on
     * primitive arrays with μ = λ·scale held); converged y or empty.
     */
    private Optional<List<Double>> newton(List<Double> y0, double lam, int maxIter) {
        int n = fast.n;
        double[] x = pathPoint(y0, lam);
        double[] g = fast.residual(x);
        for (int it = 0; it < maxIter; it++) {
            DenseLu lu = jacobianLu(x);
            double[] step = lu.singular() ? null : lu.solve(g);
            if (step == null) {
                return Optional.empty();
            }
            double norm = LeavingTracer.maxAbs(g, n);
            double t = 1;
            double[] nx = null;
            double[] ng = null;
            for (int d = 0; d < 12; d++, t /= 2) {
                double[] cand = x.clone();
                for (int k = 0; k < n; k++) {
                    cand[k] -= t * step[k];
                }
                double[] cg = fast.residual(cand);
                double cn = LeavingTracer.maxAbs(cg, n);
                if (Double.isFinite(cn) && (cn < norm || cn < 1e-13)) {
                    nx = cand;
                    ng = cg;
                    break;
                }
            }
            if (nx == null) {
                return Optional.empty();
            }
            double moved = t * LeavingTracer.maxAbs(step, n);
            x = nx;
            g = ng;
            if (moved < 1e-11 && LeavingTracer.maxAbs(g, n) < 1e-9) {
                return Optional.of(ContinuationPath.boxed(java.util.Arrays.copyOf(x, n)));
            }
        }
        return Optional.empty();
    }

    /** The path point x = (y, μ) of log-coordinates y at λ (μ = λ·scale). */
    private double[] pathPoint(List<? extends Number> y, double lam) {
        double[] x = new double[fast.n + 1];
        for (int k = 0; k < fast.n; k++) {
            x[k] = y.get(k).doubleValue();
        }
        x[fast.n] = fast.toX(fast.n, lam);
        return x;
    }

    /** The LU factors of ∂G/∂y at a path point: the path Jacobian's first n columns (∂G/∂μ left out). */
    private DenseLu jacobianLu(double[] x) {
        double[][] jac = fast.jacobian(x);
        double[][] a = new double[fast.n][];
        for (int k = 0; k < fast.n; k++) {
            a[k] = java.util.Arrays.copyOf(jac[k], fast.n);
        }
        return new DenseLu(a);
    }

    /**
     * Newton from a double candidate in log-coordinates with the residual in w-digit decimals. Its steps solve with the
     * Jacobian in doubles (O(n³) double operations; once the double Jacobian's error dominates, each step gains about
     * 16 − log₁₀ cond digits) while they shrink by at least 10³ each or are below 10^−(w−15); else — a Jacobian too
     * ill-conditioned for doubles — with the Jacobian in w-digit decimals. The profile rounded to w significant digits,
     * or empty.
     */
    private Optional<List<Rational>> refine(List<Double> logProfile, int w) {
        DecimalField df = DecimalField.ofDigits(w);
        LogitSystem<BigDecimal> precise = new LogitSystem<>(game, df);
        BigDecimal lam = df.of(lambda);
        List<BigDecimal> y = new ArrayList<>();
        for (double v : logProfile) {
            if (!Double.isFinite(v)) {
                return Optional.empty(); // a probability that underflowed a double: no start for the Newton steps
            }
            y.add(BigDecimal.valueOf(v));
        }
        BigDecimal tol = BigDecimal.ONE.scaleByPowerOfTen(-(w - 6));
        BigDecimal loose = BigDecimal.ONE.scaleByPowerOfTen(-(w - 15));
        boolean doubles = true;
        BigDecimal last = null;
        for (int it = 0; it < 40; it++) {
            List<BigDecimal> g;
            try {
                g = precise.residual(y, lam);
            } catch (ArithmeticException beyond) {
                return Optional.empty(); // a step far outside the decimals' range of e^y
            }
            List<BigDecimal> step = doubles ? doubleStep(y, g, df) : null;
            if (step == null) {
                doubles = false;
                try {
                    step = LinearAlgebra.solve(df, precise.jacobian(y, lam), g);
                } catch (ArithmeticException singular) {
                    return Optional.empty();
                }
            }
            BigDecimal moved = BigDecimal.ZERO;
            for (int k = 0; k < y.size(); k++) {
                y.set(k, y.get(k).subtract(step.get(k), df.mc()));
                moved = moved.max(step.get(k).abs());
            }
            // done below the tolerance, or at the noise floor of w digits (an ill-conditioned Jacobian amplifies the
            // residual's rounding): steps no longer shrinking once below 10^−(w−15)
            boolean floor = last != null && moved.compareTo(last) >= 0 && last.compareTo(loose) < 0;
            if (moved.compareTo(tol) < 0 || floor) {
                List<Rational> out = new ArrayList<>();
                for (BigDecimal v : y) {
                    out.add(negligibleAsZero(df.exp(v), w));
                }
                return Optional.of(out);
            }
            doubles &= last == null || moved.compareTo(last.scaleByPowerOfTen(-3)) <= 0 || moved.compareTo(loose) < 0;
            last = moved;
        }
        return Optional.empty();
    }

    /**
     * J(y)⁻¹g with J in doubles and g scaled to unit size (so no w underflows a double), the step back in decimals;
     * null when the double Jacobian is singular or the solve not finite.
     */
    private List<BigDecimal> doubleStep(List<BigDecimal> y, List<BigDecimal> g, DecimalField df) {
        BigDecimal size = g.stream().map(BigDecimal::abs).reduce(BigDecimal.ZERO, BigDecimal::max);
        if (size.signum() == 0) {
            return Collections.nCopies(g.size(), BigDecimal.ZERO);
        }
        DenseLu lu = jacobianLu(pathPoint(y, lambdaD));
        double[] unit = new double[g.size()];
        for (int k = 0; k < unit.length; k++) {
            unit[k] = g.get(k).divide(size, df.mc()).doubleValue();
        }
        double[] s = lu.singular() ? null : lu.solve(unit);
        if (s == null || java.util.Arrays.stream(s).anyMatch(v -> !Double.isFinite(v))) {
            return null;
        }
        List<BigDecimal> out = new ArrayList<>(s.length);
        for (double v : s) {
            out.add(new BigDecimal(v).multiply(size, df.mc()));
        }
        return out;
    }

    private List<Double> toProfile(List<Double> y) {
        List<Double> s = new ArrayList<>(y.size());
        for (double v : y) {
            s.add(Math.exp(v));
        }
        return s;
    }

    private static double distance(List<Double> a, List<Double> b) {
        double d = 0;
        for (int k = 0; k < a.size(); k++) {
            d = Math.max(d, Math.abs(a.get(k) - b.get(k)));
        }
        return d;
    }

    /** A certified box and its verified enclosure. */
    private record Certified(QreCertificate.Box box, List<Interval> enclosure) {
    }

    /**
     * Refines a double candidate ({@link #refine}) and proposes Krawczyk boxes of radius 10^−e for e in {@code radii}
     * ({@link #radiusExponents}), accepted only if the checker's box test ({@link CertificateChecker#verifyBox})
     * verifies one — first with the double inverse of F′(c) as preconditioner (30-bit dyadic entries: R need only
     * approximate the inverse), then, if no box passes (a Jacobian too ill-conditioned for doubles), with the inverse
     * in min(w, 40)-digit decimals rounded to 25 digits.
     */
    private Optional<Certified> certify(List<Double> logProfile, int w, int[] radii) {
        Optional<List<Rational>> refined = refine(logProfile, w);
        if (refined.isEmpty()) {
            return Optional.empty();
        }
        List<Rational> center = refined.get();
        for (boolean doubles : new boolean[] {true, false}) {
            List<List<Rational>> r = preconditioner(center, w, doubles);
            if (r == null) {
                continue;
            }
            for (int exponent : radii) {
                Rational radius = Rational.of(BigDecimal.ONE.scaleByPowerOfTen(-exponent));
                QreCertificate.Box box = new QreCertificate.Box(center, radius, r);
                List<Interval> enclosure = CertificateChecker.verifyBox(game.payoffs(), lambda, w, box);
                if (enclosure != null) {
                    return Optional.of(new Certified(box, enclosure));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The boxes' radii tried, 10^−e for e in order: digits + 3, digits + 1, and where λ·max|U| = s exceeds 1 also
     * digits + 3 + 2⌈log₁₀ s⌉ (at most w − 5, the centre's own rounding far below): the Jacobian varies over a box of
     * radius r by about s²·r, so a large λ·|U| needs a smaller box than the digits ask for (a random 10×10 game at
     * λ = 1000 with 6 digits: 10⁻⁹ failed, 10⁻¹⁷ passes).
     */
    private int[] radiusExponents(int digits, int w) {
        double s = scale();
        int extra = s > 1 ? 2 * (int) Math.ceil(Math.log10(s)) : 0;
        int small = Math.min(digits + 3 + extra, w - 5);
        return small > digits + 3 ? new int[] {digits + 3, digits + 1, small} : new int[] {digits + 3, digits + 1};
    }

    /** λ·max|U|, the scale of the QRE equations' Jacobian. */
    private double scale() {
        return lambdaD * RationalTensor.largest(game.payoffs());
    }

    /**
     * The decimal digits w of the centres' refinement and the boxes' tests for QREs to {@code digits}: digits + 20,
     * and 4⌈log₁₀ s⌉ − 12 more where s = λ·max|U| exceeds 10⁴. A box of radius r passes where the Jacobian's variation
     * over it, about s²·r, is below 1 — the radius {@link #radiusExponents} takes is about 10^−digits/s² — and where
     * R·F(c) is below r: the centre's residual is about s·10^−w, and R, the Jacobian's inverse, reaches about s where
     * a player's support is small (its block of diag(σ) − σσᵀ of rank one); so w ≥ digits + 4⌈log₁₀ s⌉ + 8 (a 3×2
     * game with payoffs to 10⁴ at λ = 10⁶, s = 1.7·10¹⁰: R·F(c) 10⁻³¹ against r = 10⁻³³ at w = digits + 20).
     */
    private int workingDigits(int digits) {
        double s = scale();
        return digits + 20 + (s > 1e4 ? 4 * (int) Math.ceil(Math.log10(s)) - 12 : 0);
    }

    /** An approximate F′(c)⁻¹ (see {@link #certify}), or null where that Jacobian is singular. */
    private List<List<Rational>> preconditioner(List<Rational> center, int w, boolean doubles) {
        if (doubles) {
            LogitFixedPoint<Double> fp = new LogitFixedPoint<>(DoubleField.INSTANCE, game.payoffs(), lambdaD);
            DenseLu lu = DenseLu.of(fp.jacobian(center.stream().map(Rational::doubleValue).toList()));
            return lu.singular() ? null : BranchTracer.rationals(lu.inverse());
        }
        List<BigDecimal> c = center.stream().map(x -> x.toBigDecimal(new MathContext(w))).toList();
        DecimalField rf = DecimalField.ofDigits(Math.min(w, 40));
        LogitFixedPoint<BigDecimal> fp = new LogitFixedPoint<>(rf, game.payoffs(), rf.of(lambda));
        List<List<Rational>> r = new ArrayList<>();
        try {
            for (List<BigDecimal> row : LinearAlgebra.inverse(rf, fp.jacobian(c))) {
                r.add(row.stream().map(v -> negligibleAsZero(v, 25)).toList());
            }
        } catch (ArithmeticException singular) {
            return null;
        }
        return r;
    }
}
