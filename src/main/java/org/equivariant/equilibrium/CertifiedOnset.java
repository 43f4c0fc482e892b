package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.EnumerationCertificate;
import org.equivariant.certificate.Krawczyk;
import org.equivariant.certificate.ResponseIteration;
import org.equivariant.certificate.StationaryCertificate;
import org.equivariant.certificate.StationarySystem;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.NormalFormGame;

/**
 * A certified uniqueness threshold below the closed-form ones: from a τ above which uniqueness is already proved
 * (UNIQ-H's κ, or UNIQ-C's λ_max/4), covers [τ*, top] downward by ranges [τ_lo, τ_hi] on each of which a range proof
 * shows exactly one fixed point for every τ in the range — for normal-form games the parametric branch-and-bound of
 * theorem UNIQ-BB ({@link QreEnumeration#enumerate(NormalFormGame, Rational, Rational, QreEnumeration.Options)} with
 * λ ∈ [1/τ_hi, 1/τ_lo]), for Dec-POMDPs the response iteration and Krawczyk test of theorem UNIQ-IT. Ranges shrink
 * (ratio √r) where a proof fails and grow (r^1.5) after a success; the search stops when the ratio exceeds 0.9995, at
 * {@code floor}, or at the time limit. The result: the fixed point is unique for every τ ≥ τ*.
 */
public final class CertifiedOnset {
    private CertifiedOnset() {
    }

    /** Told each range tried and whether it was proved. */
    @FunctionalInterface
    public interface Progress {
        void tried(Rational tauLo, Rational tauHi, boolean proved);
    }

    /** A proof of uniqueness for every τ in [tauLo, tauHi]: its certificate, or null when it fails. */
    @FunctionalInterface
    public interface RangeProof<C> {
        C prove(Rational tauLo, Rational tauHi);
    }

    /** τ* (uniqueness proved for every τ ≥ τ*), the range certificates in order, the attempts and why it stopped. */
    public record Result<C>(Rational onset, List<C> certificates, int attempts, String stop) {
        public Result {
            certificates = List.copyOf(certificates);
        }
    }

    /** Boxes per attempt: a proved range takes tens; more means the range is too wide or not unique. */
    public static final int MAX_BOXES = 400;

    /** UNIQ-BB ranges for a normal-form game. */
    public static Result<EnumerationCertificate> search(NormalFormGame g, Rational top, Rational floor, double seconds,
                                                        Progress progress) {
        QreEnumeration.Options o = new QreEnumeration.Options(20, MAX_BOXES, new BigDecimal("1e-12"));
        return search(top, floor, seconds, (lo, hi) -> {
            QreEnumeration.Result res = QreEnumeration.enumerate(g, hi.reciprocal(), lo.reciprocal(), o);
            return res.complete() && res.solutions().size() == 1 ? res.certificate() : null;
        }, progress);
    }

    /** Response steps a Dec-POMDP range may take before it counts as not contracting. */
    public static final int MAX_STEPS = 5000;

    /** UNIQ-IT ranges for a Dec-POMDP, proved by {@link #rangeProof}. */
    public static Result<StationaryCertificate.UniqueRange> search(DecPomdp m, int horizon, StationarySystem.Form form,
                                                                   Rational top, Rational floor, double seconds,
                                                                   Progress progress) {
        return search(top, floor, seconds, rangeProof(m, horizon, form), progress);
    }

    /**
     * UNIQ-IT for one range: the response iteration until it stalls; a box narrower than 0.1 is inflated and goes to
     * the Krawczyk test with τ over the range. The range's claim, or null.
     */
    public static RangeProof<StationaryCertificate.UniqueRange> rangeProof(DecPomdp m, int horizon,
                                                                            StationarySystem.Form form) {
        return (lo, hi) -> {
            StationarySystem sys = new StationarySystem(m, horizon, lo, hi, form);
            try {
                ResponseIteration.Run run = ResponseIteration.run(sys, MAX_STEPS, true);
                if (run.width() >= 0.1) {
                    return null;
                }
                // the box's radius enlarged by half (ε-inflation: with τ over a range the Krawczyk image needs room
                // around the arc of points) and rounded outward: a superset of where the iteration leads
                List<Interval> box = run.box().stream().map(CertifiedOnset::inflate).toList();
                return Krawczyk.test(sys, box).holds()
                    ? new StationaryCertificate.UniqueRange(lo, hi, run.steps(), box) : null;
            } catch (ArithmeticException e) {
                return null;
            }
        };
    }

    private static final BigDecimal INFLATION = new BigDecimal("0.25");

    /** [lo − w/4, hi + w/4] (w the width: the radius times 1.5), rounded outward to 20 digits. */
    private static Interval inflate(Interval x) {
        BigDecimal pad = x.hi().subtract(x.lo()).multiply(INFLATION);
        return new Interval(x.lo().subtract(pad), x.hi().add(pad)).outward(20);
    }

    /** The downward search, for any range proof. */
    public static <C> Result<C> search(Rational top, Rational floor, double seconds, RangeProof<C> prover,
                                       Progress progress) {
        Rational tauHi = top;
        double r = 0.9;
        List<C> certs = new ArrayList<>();
        int attempts = 0;
        long deadline = System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
        String stop = "ranges narrower than 0.05 % could not be proved";
        while (r < 0.9995) {
            if (tauHi.compareTo(floor) <= 0) {
                stop = "the floor " + floor + " was reached";
                break;
            }
            if (System.nanoTime() > deadline) {
                stop = "the time limit (" + seconds + " s)";
                break;
            }
            // a short decimal (8 digits, rounded down) keeps the certificates' end-points readable
            Rational tauLo = Rational.of(tauHi.multiply(Rational.of(new BigDecimal(r).round(new MathContext(6))))
                .toBigDecimal(8, RoundingMode.FLOOR)).max(floor);
            attempts++;
            C proof = prover.prove(tauLo, tauHi);
            if (progress != null) {
                progress.tried(tauLo, tauHi, proof != null);
            }
            if (proof != null) {
                certs.add(proof);
                tauHi = tauLo;
                r = Math.max(0.5, Math.pow(r, 1.5));
            } else {
                r = Math.sqrt(r);
            }
        }
        return new Result<>(tauHi, certs, attempts, stop);
    }
}
