package org.equivariant.theory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;

/**
 * A fast double heuristic for a dominant eigenvector: power iteration on M + sI with s = max_i Σ_k |M_ik| ≥ ρ(M)
 * (the shift makes the iteration converge for periodic and indefinite M), at most 2000 steps, stopping early once no entry
 * moves by 1e-15, rounded to 12-digit rationals. Whatever its accuracy, the
 * callers compute their bounds from the vector exactly, so the heuristic never enters a certified value.
 */
final class PowerIteration {
    private PowerIteration() {
    }

    /** The iterate, entries clamped below at {@code floor} (use a positive floor when positivity is needed). */
    static List<Rational> dominant(List<List<Rational>> m, double floor) {
        int n = m.size();
        // the eigenvector does not depend on the scale: divide by the largest |entry| so any size fits a double
        Rational scale = Rational.ZERO;
        for (List<Rational> row : m) {
            for (Rational x : row) {
                scale = scale.max(x.abs());
            }
        }
        double[][] a = new double[n][n];
        double shift = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int k = 0; k < n; k++) {
                a[i][k] = scale.isZero() ? 0 : m.get(i).get(k).divide(scale).doubleValue();
                row += Math.abs(a[i][k]);
            }
            shift = Math.max(shift, row);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1 + 0.01 * i;
        }
        for (int it = 0; it < 2000; it++) {
            double[] next = new double[n];
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double s = (shift == 0 ? 1 : shift) * v[i];
                for (int k = 0; k < n; k++) {
                    s += a[i][k] * v[k];
                }
                next[i] = s;
                norm = Math.max(norm, Math.abs(s));
            }
            double change = 0;
            for (int i = 0; i < n; i++) {
                double x = Math.max(next[i] / norm, floor);
                change = Math.max(change, Math.abs(x - v[i]));
                v[i] = x;
            }
            if (change < 1e-15) {
                break;
            }
        }
        List<Rational> out = new ArrayList<>();
        for (double x : v) {
            out.add(Rational.of(new BigDecimal(x).round(new MathContext(12))));
        }
        return out;
    }
}
