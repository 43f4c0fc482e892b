package org.equivariant.theory;

import java.util.List;
import org.equivariant.arith.Rational;

/**
 * A rational certificate (w, κ) for a non-negative matrix M: w &gt; 0 and Mw ≤ κw componentwise, hence
 * ρ(M) ≤ κ (Collatz–Wielandt). For M = D/4 and τ &gt; κ it proves the logit QRE unique (UNIQ-H).
 */
public record PerronCertificate(List<Rational> w, Rational kappa) {
    public PerronCertificate {
        w = List.copyOf(w);
    }

    /** The least κ valid for the given positive weights: max_i (Mw)_i / w_i. */
    public static PerronCertificate forWeights(List<List<Rational>> m, List<Rational> w) {
        Rational kappa = Rational.ZERO;
        for (int i = 0; i < m.size(); i++) {
            if (w.get(i).signum() <= 0) {
                throw new IllegalArgumentException("weight w_" + (i + 1) + " = " + w.get(i) + " is not positive");
            }
            Rational mw = Rational.ZERO;
            for (int k = 0; k < m.size(); k++) {
                mw = mw.add(m.get(i).get(k).multiply(w.get(k)));
            }
            kappa = kappa.max(mw.divide(w.get(i)));
        }
        return new PerronCertificate(w, kappa);
    }

    /**
     * Weights from {@link PowerIteration} (a fast double heuristic); κ is then exact for those weights, so the
     * certificate is valid whatever the heuristic's accuracy. Close to ρ(M) when M is irreducible.
     */
    public static PerronCertificate find(List<List<Rational>> m) {
        int n = m.size();
        List<Rational> w = PowerIteration.dominant(m, 1e-12);
        PerronCertificate found = forWeights(m, w);
        PerronCertificate ones = forWeights(m, java.util.Collections.nCopies(n, Rational.ONE));
        return ones.kappa.compareTo(found.kappa) <= 0 ? ones : found;
    }

    /**
     * A certificate aimed at deciding τ &gt; κ: {@link #find}'s if it already does; otherwise the weights
     * w = (I − M/τ)⁻¹·1, for which Mw = τ(w − 1), so (Mw)_i/w_i = τ(1 − 1/w_i) &lt; τ for every i whenever w &gt; 0. For
     * non-negative M, ρ(M) &lt; τ iff I − M/τ is a non-singular M-matrix iff that w exists and is ≥ 1 (Neumann series),
     * so this decides every τ &gt; ρ(M) — reducible and nilpotent M (ρ = 0) included, where the Collatz–Wielandt
     * infimum is not attained by any eigenvector. The solve runs in doubles (weights rounded to 12 digits, κ then
     * exact) and, if that does not decide, exactly in rationals for n ≤ {@value #EXACT_MAX}. Otherwise the smaller κ.
     */
    public static PerronCertificate forTemperature(List<List<Rational>> m, Rational tau) {
        PerronCertificate best = find(m);
        if (best.provesUniquenessAt(tau) || tau.signum() <= 0) {
            return best;
        }
        int n = m.size();
        double[][] a = new double[n][n + 1];
        double t = tau.doubleValue();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                a[i][k] = (i == k ? 1 : 0) - m.get(i).get(k).doubleValue() / t;
            }
            a[i][n] = 1;
        }
        double[] w = solve(a);
        if (w != null && java.util.Arrays.stream(w).allMatch(x -> x > 0 && Double.isFinite(x))) {
            PerronCertificate c = forWeights(m, java.util.Arrays.stream(w)
                .mapToObj(x -> Rational.of(new java.math.BigDecimal(x).round(new java.math.MathContext(12)))).toList());
            best = c.kappa.compareTo(best.kappa) < 0 ? c : best;
        }
        if (!best.provesUniquenessAt(tau) && n <= EXACT_MAX) {
            List<Rational> exact = solveExactly(m, tau);
            if (exact != null && exact.stream().allMatch(x -> x.signum() > 0)) {
                PerronCertificate c = forWeights(m, exact);
                best = c.kappa.compareTo(best.kappa) < 0 ? c : best;
            }
        }
        return best;
    }

    private static final int EXACT_MAX = 64;

    /** Gaussian elimination with partial pivoting on an augmented n×(n+1) matrix; null if singular. */
    private static double[] solve(double[][] a) {
        int n = a.length;
        for (int p = 0; p < n; p++) {
            int best = p;
            for (int i = p + 1; i < n; i++) {
                if (Math.abs(a[i][p]) > Math.abs(a[best][p])) {
                    best = i;
                }
            }
            if (a[best][p] == 0) {
                return null;
            }
            double[] tmp = a[p];
            a[p] = a[best];
            a[best] = tmp;
            for (int i = p + 1; i < n; i++) {
                double f = a[i][p] / a[p][p];
                for (int k = p; k <= n; k++) {
                    a[i][k] -= f * a[p][k];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int k = i + 1; k < n; k++) {
                s -= a[i][k] * x[k];
            }
            x[i] = s / a[i][i];
        }
        return x;
    }

    /** (I − M/τ)⁻¹·1 in exact rationals, or null if I − M/τ is singular. */
    private static List<Rational> solveExactly(List<List<Rational>> m, Rational tau) {
        int n = m.size();
        Rational[][] a = new Rational[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                Rational x = m.get(i).get(k).divide(tau).negate();
                a[i][k] = i == k ? x.add(Rational.ONE) : x;
            }
            a[i][n] = Rational.ONE;
        }
        for (int p = 0; p < n; p++) {
            int pivot = p;
            while (pivot < n && a[pivot][p].isZero()) {
                pivot++;
            }
            if (pivot == n) {
                return null;
            }
            Rational[] tmp = a[p];
            a[p] = a[pivot];
            a[pivot] = tmp;
            for (int i = p + 1; i < n; i++) {
                if (a[i][p].isZero()) {
                    continue;
                }
                Rational f = a[i][p].divide(a[p][p]);
                for (int k = p; k <= n; k++) {
                    a[i][k] = a[i][k].subtract(f.multiply(a[p][k]));
                }
            }
        }
        Rational[] x = new Rational[n];
        for (int i = n - 1; i >= 0; i--) {
            Rational s = a[i][n];
            for (int k = i + 1; k < n; k++) {
                s = s.subtract(a[i][k].multiply(x[k]));
            }
            x[i] = s.divide(a[i][i]);
        }
        return List.of(x);
    }

    /** Whether this certificate proves uniqueness at temperature τ (τ &gt; κ). */
    public boolean provesUniquenessAt(Rational tau) {
        return tau.compareTo(kappa) > 0;
    }
}
