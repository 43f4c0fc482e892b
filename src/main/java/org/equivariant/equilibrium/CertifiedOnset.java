package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.EnumerationCertificate;
import org.equivariant.game.NormalFormGame;

/**
 * A certified uniqueness threshold below the closed-form ones (theorem UNIQ-BB, proofs/UNIQ-BB.md): from a τ above
 * which uniqueness is already proved (UNIQ-H's κ, or UNIQ-C's λ_max/4), covers [τ*, top] downward by ranges
 * [τ_lo, τ_hi] on each of which the parametric branch-and-bound ({@link QreEnumeration#enumerate(NormalFormGame,
 * Rational, Rational, QreEnumeration.Options)} with λ ∈ [1/τ_hi, 1/τ_lo]) proves exactly one QRE for every τ in the
 * range. Ranges shrink (ratio √r) where a proof fails and grow (r^1.5) after a success; the search stops when the
 * ratio exceeds 0.9995, at {@code floor}, or at the time limit. The result: the QRE is unique for every τ ≥ τ*.
 */
public final class CertifiedOnset {
    private CertifiedOnset() {
    }

    /** Told each range tried and whether it was proved. */
    @FunctionalInterface
    public interface Progress {
        void tried(Rational tauLo, Rational tauHi, boolean proved);
    }

    /** τ* (uniqueness proved for every τ ≥ τ*), the range certificates in order, the attempts and why it stopped. */
    public record Result(Rational onset, List<EnumerationCertificate> certificates, int attempts, String stop) {
        public Result {
            certificates = List.copyOf(certificates);
        }
    }

    /** Boxes per attempt: a proved range takes tens; more means the range is too wide or not unique. */
    public static final int MAX_BOXES = 400;

    public static Result search(NormalFormGame g, Rational top, Rational floor, double seconds, Progress progress) {
        Rational tauHi = top;
        double r = 0.9;
        List<EnumerationCertificate> certs = new ArrayList<>();
        int attempts = 0;
        long deadline = System.nanoTime() + (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 2.0);
        String stop = "ranges narrower than 0.05 % could not be proved";
        QreEnumeration.Options o = new QreEnumeration.Options(20, MAX_BOXES, new BigDecimal("1e-12"));
        while (r < 0.9995) {
            if (tauHi.compareTo(floor) <= 0) {
                stop = "the floor " + floor + " was reached";
                break;
            }
            if (System.nanoTime() > deadline) {
                stop = "the time limit (" + seconds + " s)";
                break;
            }
            Rational tauLo = tauHi.multiply(Rational.of(new BigDecimal(r).round(new MathContext(6)))).max(floor);
            attempts++;
            QreEnumeration.Result res = QreEnumeration.enumerate(g, tauHi.reciprocal(), tauLo.reciprocal(), o);
            boolean proved = res.complete() && res.solutions().size() == 1;
            if (progress != null) {
                progress.tried(tauLo, tauHi, proved);
            }
            if (proved) {
                certs.add(res.certificate());
                tauHi = tauLo;
                r = Math.max(0.5, Math.pow(r, 1.5));
            } else {
                r = Math.sqrt(r);
            }
        }
        return new Result(tauHi, certs, attempts, stop);
    }
}
