package org.equivariant.equilibrium;

import org.equivariant.arith.Grids;

/** Fast path: LU factorization with partial pivoting of a square double matrix (in place), and solves with it. */
final class DenseLu {
    private final double[][] a;
    private final int[] perm;
    private final int n;
    private boolean singular;
    private double sign = 1;

    /** Factors a copy of a boxed matrix. */
    static DenseLu of(java.util.List<java.util.List<Double>> a) {
        return new DenseLu(a.stream().map(row -> row.stream().mapToDouble(Double::doubleValue).toArray())
            .toArray(double[][]::new));
    }

    /** Factors {@code a} (overwritten); {@link #singular()} tells whether a pivot vanished. */
    DenseLu(double[][] a) {
        this.a = a;
        this.n = a.length;
        this.perm = new int[n];
        double scale = 0;
        for (double[] row : a) {
            for (double x : row) {
                scale = Math.max(scale, Math.abs(x));
            }
        }
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double[] minusFactors = new double[Grids.GROUP];
        double[][] group = new double[Grids.GROUP][];
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(a[i][k]) > Math.abs(a[p][k])) {
                    p = i;
                }
            }
            if (!(Math.abs(a[p][k]) > 1e-300 * Math.max(scale, 1e-300))) {
                singular = true;
                return;
            }
            if (p != k) {
                double[] t = a[p];
                a[p] = a[k];
                a[k] = t;
                int q = perm[p];
                perm[p] = perm[k];
                perm[k] = q;
                sign = -sign;
            }
            double pivot = a[k][k];
            for (int i = k + 1; i < n; i += Grids.GROUP) {
                // rows below the pivot by groups (row k read once per group): rowI −= f·rowK as rowI + (−f)·rowK,
                // the same doubles; rows with f = 0 left alone
                int count = Math.min(Grids.GROUP, n - i);
                for (int r = 0; r < count; r++) {
                    double f = a[i + r][k] / pivot;
                    a[i + r][k] = f;
                    minusFactors[r] = -f;
                    group[r] = a[i + r];
                }
                Grids.addScaled(group, minusFactors, count, a[k], k + 1, n);
            }
        }
    }

    boolean singular() {
        return singular;
    }

    /** The sign of the determinant (0 if singular). */
    double detSign() {
        if (singular) {
            return 0;
        }
        double s = sign;
        for (int k = 0; k < n; k++) {
            s *= Math.signum(a[k][k]);
        }
        return s;
    }

    /** x with A x = b. */
    double[] solve(double[] b) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = b[perm[i]];
        }
        for (int i = 0; i < n; i++) {
            double s = x[i];
            double[] row = a[i];
            for (int j = 0; j < i; j++) {
                s -= row[j] * x[j];
            }
            x[i] = s;
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            double[] row = a[i];
            for (int j = i + 1; j < n; j++) {
                s -= row[j] * x[j];
            }
            x[i] = s / row[i];
        }
        return x;
    }

    /**
     * A^{-1}: the solves of all columns of the identity at once, by operations on whole rows (vectorizable), each entry
     * formed by the same operations in the same order as {@link #solve} forms it — the same doubles.
     */
    double[][] inverse() {
        double[][] x = Grids.zeros(n, n);
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            xi[perm[i]] = 1; // row i of the permuted identity
            double[] row = a[i];
            for (int j = 0; j < i; j++) {
                subtract(xi, row[j], x[j]);
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double[] xi = x[i];
            double[] row = a[i];
            for (int j = i + 1; j < n; j++) {
                subtract(xi, row[j], x[j]);
            }
            double pivot = row[i];
            for (int c = 0; c < n; c++) {
                xi[c] /= pivot;
            }
        }
        return x;
    }

    /** x −= f·y, entry by entry. */
    private static void subtract(double[] x, double f, double[] y) {
        for (int c = 0; c < x.length; c++) {
            x[c] -= f * y[c];
        }
    }

    /**
     * A tangent of a curve G(z) = 0, z ∈ R^{n+1}, at a point with Jacobian {@code jac} (n × (n+1)): the solution t of
     * [∂G; referenceᵀ]·t = (0, …, 0, 1) scaled to unit length (oriented like {@code reference}, and defined at a fold),
     * with the sign of det[∂G; referenceᵀ] (constant along a regular arc); null when that matrix is singular. When t
     * cannot be normalized (zero or non-finite length) {@code unit} is the unnormalized solution and {@code finite}
     * is false.
     */
    static Tangent tangent(double[][] jac, double[] reference) {
        int n = jac.length;
        double[][] aug = new double[n + 1][];
        for (int r = 0; r < n; r++) {
            aug[r] = jac[r].clone();
        }
        aug[n] = reference.clone();
        DenseLu lu = new DenseLu(aug);
        if (lu.singular()) {
            return null;
        }
        double[] e = new double[n + 1];
        e[n] = 1;
        double[] t = lu.solve(e);
        double norm = 0;
        for (double v : t) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        boolean finite = norm > 0 && Double.isFinite(norm);
        if (finite) {
            for (int k = 0; k <= n; k++) {
                t[k] /= norm;
            }
        }
        return new Tangent(t, lu.detSign(), finite);
    }

    /** A unit tangent, the orientation sign of its defining system, and whether it could be normalized. */
    record Tangent(double[] unit, double detSign, boolean finite) {
    }
}
