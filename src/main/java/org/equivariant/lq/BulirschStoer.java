package org.equivariant.lq;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Gragg–Bulirsch–Stoer extrapolation for an autonomous ODE dy/ds = F(y) in big decimals: on each macro step H, the
 * modified midpoint rule with n_j = 2j substeps gives estimates whose error is an even power series in H/n_j; Aitken–
 * Neville extrapolation to zero step size continues until two successive diagonal entries agree to the tolerance (or
 * the macro step is halved). Midpoint accuracy only: the reported digits are certified by agreement of two runs at
 * different precisions ({@link LqSolver}).
 */
final class BulirschStoer {
    private final UnaryOperator<List<BigDecimal>> f;
    private final MathContext mc;
    private final BigDecimal tol;
    private static final int MAX_LEVELS = 24;
    /** Magnitudes beyond this end the integration as a blow-up (set per {@link #integrate} call). */
    private BigDecimal bound = BigDecimal.ONE.scaleByPowerOfTen(1000);

    BulirschStoer(UnaryOperator<List<BigDecimal>> f, int digits) {
        this.f = f;
        this.mc = new MathContext(digits);
        this.tol = BigDecimal.ONE.scaleByPowerOfTen(-(digits - 5));
    }

    /** A failure on the macro step [from, to] of the integration variable s (from the start). */
    static final class Failure extends ArithmeticException {
        final BigDecimal from;
        final BigDecimal to;

        Failure(String reason, BigDecimal from, BigDecimal to) {
            super(reason);
            this.from = from;
            this.to = to;
        }
    }

    /**
     * y(s + length) from y(s); a {@link Failure} naming the macro step where the extrapolation does not converge or the
     * solution exceeds 10^60 times its starting scale (treated as a blow-up: a finite-time singularity of the Riccati
     * system, whose digits would be meaningless anyway).
     */
    List<BigDecimal> integrate(List<BigDecimal> y, BigDecimal length, int macroSteps) {
        BigDecimal h = length.divide(BigDecimal.valueOf(macroSteps), mc);
        bound = y.stream().map(BigDecimal::abs).reduce(BigDecimal.ONE, BigDecimal::max).scaleByPowerOfTen(60);
        List<BigDecimal> cur = y;
        for (int k = 0; k < macroSteps; k++) {
            try {
                cur = step(cur, h, 0);
            } catch (ArithmeticException e) {
                throw new Failure(e.getMessage(), h.multiply(BigDecimal.valueOf(k), mc), h.multiply(
                    BigDecimal.valueOf(k + 1L), mc));
            }
            for (BigDecimal v : cur) {
                if (v.abs().compareTo(bound) > 0) {
                    throw new Failure("the solution exceeds " + bound.round(new MathContext(3)) + " (it blows up)",
                        h.multiply(BigDecimal.valueOf(k), mc), h.multiply(BigDecimal.valueOf(k + 1L), mc));
                }
            }
        }
        return cur;
    }

    private List<BigDecimal> step(List<BigDecimal> y, BigDecimal h, int depth) {
        List<List<BigDecimal>> table = new ArrayList<>();
        List<BigDecimal> f0 = f.apply(y);
        for (int j = 1; j <= MAX_LEVELS; j++) {
            int nj = 2 * j;
            List<BigDecimal> row = midpoint(y, f0, h, nj);
            // Neville: T_{j,k} = T_{j,k−1} + (T_{j,k−1} − T_{j−1,k−1}) / ((n_j/n_{j−k})² − 1), stored in place
            List<List<BigDecimal>> newRow = new ArrayList<>();
            newRow.add(row);
            for (int k = 1; k < j; k++) {
                BigDecimal ratio = BigDecimal.valueOf((long) nj * nj).divide(BigDecimal.valueOf(
                    (long) (2 * (j - k)) * (2 * (j - k))), mc).subtract(BigDecimal.ONE);
                List<BigDecimal> prevSame = newRow.get(k - 1);
                List<BigDecimal> prevRow = table.get(k - 1);
                List<BigDecimal> next = new ArrayList<>(prevSame.size());
                for (int e = 0; e < prevSame.size(); e++) {
                    next.add(prevSame.get(e).add(prevSame.get(e).subtract(prevRow.get(e)).divide(ratio, mc), mc));
                }
                newRow.add(next);
            }
            if (j >= 3) {
                List<BigDecimal> a = newRow.get(j - 1);
                List<BigDecimal> b = newRow.get(j - 2);
                BigDecimal err = BigDecimal.ZERO;
                BigDecimal scale = BigDecimal.ONE;
                for (int e = 0; e < a.size(); e++) {
                    err = err.max(a.get(e).subtract(b.get(e)).abs());
                    scale = scale.max(a.get(e).abs());
                }
                if (err.compareTo(tol.multiply(scale)) <= 0) {
                    return a;
                }
            }
            table = newRow;
        }
        if (depth > 12) {
            throw new ArithmeticException("Bulirsch–Stoer did not converge: the solution may blow up");
        }
        BigDecimal half = h.divide(BigDecimal.valueOf(2), mc);
        return step(step(y, half, depth + 1), half, depth + 1);
    }

    private List<BigDecimal> midpoint(List<BigDecimal> y, List<BigDecimal> f0, BigDecimal h, int n) {
        BigDecimal sub = h.divide(BigDecimal.valueOf(n), mc);
        BigDecimal two = sub.multiply(BigDecimal.valueOf(2), mc);
        List<BigDecimal> z0 = y;
        List<BigDecimal> z1 = new ArrayList<>(y.size());
        for (int e = 0; e < y.size(); e++) {
            z1.add(y.get(e).add(sub.multiply(f0.get(e), mc), mc));
        }
        for (int m = 1; m < n; m++) {
            for (BigDecimal v : z1) {
                if (v.abs().compareTo(bound) > 0) {
                    throw new ArithmeticException("the solution exceeds " + bound.round(new MathContext(3))
                        + " (it blows up)");
                }
            }
            List<BigDecimal> fz = f.apply(z1);
            List<BigDecimal> z2 = new ArrayList<>(y.size());
            for (int e = 0; e < y.size(); e++) {
                z2.add(z0.get(e).add(two.multiply(fz.get(e), mc), mc));
            }
            z0 = z1;
            z1 = z2;
        }
        List<BigDecimal> fz = f.apply(z1);
        List<BigDecimal> out = new ArrayList<>(y.size());
        for (int e = 0; e < y.size(); e++) {
            out.add(z1.get(e).add(z0.get(e), mc).add(sub.multiply(fz.get(e), mc), mc).divide(BigDecimal.valueOf(2), mc));
        }
        return out;
    }
}
