package org.equivariant.theory;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The exact uniqueness threshold of the n×n identity coordination game I_n (two agents, natural-log entropy;
 * forkel2025 §5.3 T3, theorem THR-EX): symmetric stationary points with one coordinate p and the others
 * q = (1 − p)/(n − 1) solve log(p/q) = (p − q)/α, so non-uniform ones exist exactly for
 * α ≤ α*(n) = max_{p ∈ (1/n, 1)} (p − q)/log(p/q). Computed by golden-section search in high-precision decimals
 * (a midpoint computation, reported with its digits; the solver's certified QRE counts bracket it in the tests).
 */
public final class IdentityThreshold {
    private IdentityThreshold() {
    }

    /** (α*(n), maximizing p), both to about {@code digits} digits. */
    public static BigDecimal[] alphaStar(int n, int digits) {
        if (n < 2) {
            throw new IllegalArgumentException("I_n needs n ≥ 2, got " + n);
        }
        MathContext mc = new MathContext(2 * digits + 10);
        BigDecimal lo = BigDecimal.ONE.divide(BigDecimal.valueOf(n), mc).add(BigDecimal.ONE.scaleByPowerOfTen(-digits));
        BigDecimal hi = BigDecimal.ONE.subtract(BigDecimal.ONE.scaleByPowerOfTen(-digits));
        BigDecimal invPhi = BigDecimalMath.sqrt(BigDecimal.valueOf(5), mc).subtract(BigDecimal.ONE)
            .divide(BigDecimal.valueOf(2), mc);
        BigDecimal tol = BigDecimal.ONE.scaleByPowerOfTen(-(digits + 2));
        BigDecimal a = hi.subtract(invPhi.multiply(hi.subtract(lo), mc), mc);
        BigDecimal b = lo.add(invPhi.multiply(hi.subtract(lo), mc), mc);
        BigDecimal fa = g(a, n, mc);
        BigDecimal fb = g(b, n, mc);
        while (hi.subtract(lo).compareTo(tol) > 0) {
            if (fa.compareTo(fb) > 0) {
                hi = b;
                b = a;
                fb = fa;
                a = hi.subtract(invPhi.multiply(hi.subtract(lo), mc), mc);
                fa = g(a, n, mc);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo.add(invPhi.multiply(hi.subtract(lo), mc), mc);
                fb = g(b, n, mc);
            }
        }
        BigDecimal p = lo.add(hi).divide(BigDecimal.valueOf(2), mc);
        return new BigDecimal[] {g(p, n, mc).round(new MathContext(digits)), p.round(new MathContext(digits))};
    }

    /** (p − q)/log(p/q), q = (1 − p)/(n − 1). */
    static BigDecimal g(BigDecimal p, int n, MathContext mc) {
        BigDecimal q = BigDecimal.ONE.subtract(p).divide(BigDecimal.valueOf(n - 1), mc);
        return p.subtract(q).divide(BigDecimalMath.log(p.divide(q, mc), mc), mc);
    }
}
