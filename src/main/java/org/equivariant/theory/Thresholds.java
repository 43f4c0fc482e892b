package org.equivariant.theory;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import org.equivariant.arith.Enclosures;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * Exactly computable thresholds and rates (sun2024 §4.2, forkel2025 §5.3), each citing its theorem:
 * <ul>
 *   <li>{@link #gershgorin}: L∞ = max_i Σ_k D_ik/4 ≥ ρ(D/4), the Perron certificate with w = 1 (UNIQ-H, UNIQ-C);</li>
 *   <li>{@link #spanBound}: (N−1)/2 · max_i sp(r_i) ≥ L∞ (UNIQ-H, Corollary 4);</li>
 *   <li>{@link #npgRate}: 1 − η(τ − κ), the contraction factor of independent NPG (NPG-LIN);</li>
 *   <li>{@link #iterations}: an iteration count after which ‖d‖_w ≤ ε is guaranteed (NPG-LIN).</li>
 * </ul>
 */
public final class Thresholds {
    private Thresholds() {
    }

    /** Whether all players share one payoff tensor (a common-payoff game, the setting of UNIQ-C). */
    public static boolean isCommonPayoff(NormalFormGame g) {
        return g.payoffs().stream().allMatch(t -> t.equals(g.payoffs().get(0)));
    }

    /** L∞ = max_i Σ_k D_ik/4 (Gershgorin; the Perron certificate with w = 1). */
    public static Rational gershgorin(List<List<Rational>> d) {
        Rational best = Rational.ZERO;
        for (List<Rational> row : d) {
            Rational s = Rational.ZERO;
            for (Rational x : row) {
                s = s.add(x);
            }
            best = best.max(s.divide(Rational.of(4)));
        }
        return best;
    }

    /** (N−1)/2 · max_i sp(r_i), with sp the range of player i's payoffs (Corollary 4 of UNIQ-H). */
    public static Rational spanBound(NormalFormGame g) {
        Rational span = Rational.ZERO;
        for (RationalTensor t : g.payoffs()) {
            Rational lo = t.data().get(0);
            Rational hi = t.data().get(0);
            for (Rational x : t.data()) {
                lo = lo.min(x);
                hi = hi.max(x);
            }
            span = span.max(hi.subtract(lo));
        }
        return span.multiply(Rational.of(g.numPlayers() - 1, 2));
    }

    /** ρ_η = 1 − η(τ − κ), valid for 0 &lt; η ≤ 1/τ and τ &gt; κ (NPG-LIN). */
    public static Rational npgRate(Rational eta, Rational tau, Rational kappa) {
        if (eta.signum() <= 0 || eta.multiply(tau).compareTo(Rational.ONE) > 0) {
            throw new IllegalArgumentException("NPG-LIN needs 0 < η ≤ 1/τ, got η = " + eta + ", τ = " + tau);
        }
        if (tau.compareTo(kappa) <= 0) {
            throw new IllegalArgumentException("NPG-LIN needs τ > κ, got τ = " + tau + ", κ = " + kappa);
        }
        return Rational.ONE.subtract(eta.multiply(tau.subtract(kappa)));
    }

    /**
     * The least t with ρ_η^t · d0 ≤ ε, from a rigorous enclosure of log(d0/ε)/(−log ρ_η): after that many NPG steps
     * the weighted Hilbert distance to the QRE is at most ε (NPG-LIN). Zero if d0 ≤ ε.
     */
    public static BigInteger iterations(Rational d0, Rational epsilon, Rational rate) {
        if (d0.compareTo(epsilon) <= 0) {
            return BigInteger.ZERO;
        }
        if (rate.isZero()) {
            return BigInteger.ONE;
        }
        int digits = 30;
        BigDecimal num = Enclosures.log(d0.divide(epsilon).toBigDecimal(digits + 5, RoundingMode.CEILING), digits)
            .hi();
        BigDecimal den = Enclosures.log(rate.toBigDecimal(digits + 5, RoundingMode.CEILING), digits).hi().negate();
        // num is rounded up, den (−log of a rounded-up rate) down: the quotient is an upper bound
        return num.divide(den, 0, RoundingMode.CEILING).toBigInteger();
    }
}
