package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DenseLuTest {
    private static double[][] random(SplittableRandom r, int n) {
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // some exact zeros, some rows far from unit scale
                a[i][j] = r.nextInt(6) == 0 ? 0 : r.nextGaussian() * (i % 7 == 3 ? 1e-9 : 1);
            }
            a[i][i] += i % 5 == 0 ? 0 : 0.5;
        }
        return a;
    }

    private static double[][] copy(double[][] a) {
        return java.util.Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * The inverse is the column-by-column solves, double for double; for well-conditioned A, A·A⁻¹ is the identity to
     * rounding.
     */
    @Test
    void theInverseIsTheSolvesOfTheIdentitysColumns() {
        SplittableRandom r = new SplittableRandom(23);
        for (int t = 0; t < 200; t++) {
            int n = r.nextInt(1, 41);
            double[][] a = random(r, n);
            for (int i = 0; t % 2 == 1 && i < n; i++) {
                a[i][i] = 5.0 * n;
            }
            DenseLu lu = new DenseLu(copy(a));
            if (lu.singular()) {
                continue;
            }
            double[][] inv = lu.inverse();
            double worst = 0;
            for (int c = 0; c < n; c++) {
                double[] e = new double[n];
                e[c] = 1;
                double[] col = lu.solve(e);
                for (int i = 0; i < n; i++) {
                    assertThat(Double.doubleToRawLongBits(inv[i][c])).as("n %d entry %d, %d", n, i, c)
                        .isEqualTo(Double.doubleToRawLongBits(col[i]));
                }
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    double norm = 0;
                    for (int k = 0; k < n; k++) {
                        s += a[i][k] * inv[k][c];
                        norm += Math.abs(a[i][k] * inv[k][c]);
                    }
                    worst = Math.max(worst, Math.abs(s - (i == c ? 1 : 0)) / Math.max(norm, 1e-300));
                }
            }
            if (t % 2 == 1) {
                // diagonally dominant, so well conditioned: the residual is at the level of rounding
                assertThat(worst).as("n %d", n).isLessThan(1e-13);
            }
        }
        // a singular matrix is refused
        assertThat(new DenseLu(new double[][] {{1, 2}, {2, 4}}).singular()).isTrue();
    }

    /**
     * The elimination, which updates the rows below a pivot by groups, solves as the textbook one does — row after
     * row, rowI[j] −= f·rowK[j] — double for double (the same pivots, the same factors), on matrices with exact zeros
     * (skipped factors) and sizes not a multiple of the group.
     */
    @Test
    void solvesAreThoseOfTheRowByRowElimination() {
        SplittableRandom r = new SplittableRandom(29);
        for (int t = 0; t < 200; t++) {
            int n = r.nextInt(1, 30);
            double[][] a = random(r, n);
            DenseLu lu = new DenseLu(copy(a));
            double[][] ref = copy(a);
            int[] perm = new int[n];
            boolean singular = false;
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int k = 0; k < n && !singular; k++) {
                int p = k;
                for (int i = k + 1; i < n; i++) {
                    p = Math.abs(ref[i][k]) > Math.abs(ref[p][k]) ? i : p;
                }
                singular = ref[p][k] == 0;
                double[] row = ref[p];
                ref[p] = ref[k];
                ref[k] = row;
                int q = perm[p];
                perm[p] = perm[k];
                perm[k] = q;
                for (int i = k + 1; i < n && !singular; i++) {
                    double f = ref[i][k] / ref[k][k];
                    ref[i][k] = f;
                    for (int j = k + 1; f != 0 && j < n; j++) {
                        ref[i][j] -= f * ref[k][j];
                    }
                }
            }
            if (singular || lu.singular()) {
                continue;
            }
            double[] b = r.doubles(n, -1, 1).toArray();
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = b[perm[i]];
                for (int j = 0; j < i; j++) {
                    x[i] -= ref[i][j] * x[j];
                }
            }
            for (int i = n - 1; i >= 0; i--) {
                for (int j = i + 1; j < n; j++) {
                    x[i] -= ref[i][j] * x[j];
                }
                x[i] /= ref[i][i];
            }
            double[] solved = lu.solve(b);
            for (int i = 0; i < n; i++) {
                assertThat(Double.doubleToRawLongBits(solved[i])).as("n %d, entry %d", n, i)
                    .isEqualTo(Double.doubleToRawLongBits(x[i]));
            }
        }
    }
}
