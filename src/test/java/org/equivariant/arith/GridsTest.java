package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Grids#addScaled}: the rows a pass per row would give, double for double. */
class GridsTest {
    /**
     * Up to four rows updated in one pass are, bit for bit, the rows updated one by one with the rows whose factor is
     * 0 (or −0) skipped — entries of −0 and an infinite x there stay as they were — on random column ranges.
     */
    @Test
    void oneRowsPassIsThePassesRowByRow() {
        SplittableRandom r = new SplittableRandom(61);
        for (int t = 0; t < 2000; t++) {
            int cols = r.nextInt(1, 12);
            int count = r.nextInt(0, Grids.GROUP + 1);
            double[] x = new double[cols];
            for (int k = 0; k < cols; k++) {
                x[k] = r.nextInt(8) == 0 ? Double.POSITIVE_INFINITY : r.nextGaussian() * Math.scalb(1.0, r.nextInt(
                    -40, 40));
            }
            double[][] rows = new double[count][cols];
            double[] f = new double[Grids.GROUP];
            for (int i = 0; i < count; i++) {
                f[i] = switch (r.nextInt(4)) {
                    case 0 -> 0.0;
                    case 1 -> -0.0;
                    default -> r.nextGaussian();
                };
                for (int k = 0; k < cols; k++) {
                    rows[i][k] = r.nextInt(5) == 0 ? -0.0 : r.nextGaussian();
                }
            }
            int from = r.nextInt(0, cols + 1);
            int to = r.nextInt(from, cols + 1);
            double[][] expected = java.util.Arrays.stream(rows).map(double[]::clone).toArray(double[][]::new);
            for (int i = 0; i < count; i++) {
                for (int k = from; f[i] != 0 && k < to; k++) {
                    expected[i][k] += f[i] * x[k];
                }
            }
            Grids.addScaled(rows, f, count, x, from, to);
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < cols; k++) {
                    assertThat(Double.doubleToRawLongBits(rows[i][k])).as("try %d, row %d of %d, column %d", t, i,
                        count, k).isEqualTo(Double.doubleToRawLongBits(expected[i][k]));
                }
            }
        }
    }

    /**
     * The product by groups is, bit for bit, the plain row-by-row product that leaves out zero entries of x and, where
     * runs are given, the columns of y's rows outside them (here: y's exact zeros, with whole rows as the null case).
     */
    @Test
    void theProductByGroupsIsThePlainProduct() {
        SplittableRandom r = new SplittableRandom(67);
        for (int t = 0; t < 300; t++) {
            int rows = r.nextInt(0, 11);
            int k = r.nextInt(0, 7);
            int cols = r.nextInt(0, 9);
            double[][] x = new double[rows][k];
            double[][] y = new double[k][cols];
            for (double[][] m : new double[][][] {x, y}) {
                for (double[] row : m) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] = r.nextInt(3) == 0 ? 0 : r.nextGaussian() * Math.scalb(1.0, r.nextInt(-30, 30));
                    }
                }
            }
            int[][] runs = new int[k][];
            for (int l = 0; l < k; l++) {
                java.util.List<Integer> ends = new java.util.ArrayList<>();
                for (int j = 0; j < cols; j++) {
                    if ((y[l][j] == 0) == (ends.size() % 2 == 1)) {
                        ends.add(j);
                    }
                }
                if (ends.size() % 2 == 1) {
                    ends.add(cols);
                }
                runs[l] = ends.stream().mapToInt(Integer::intValue).toArray();
            }
            double[][] expected = new double[rows][cols];
            for (int i = 0; i < rows; i++) {
                for (int l = 0; l < k; l++) {
                    for (int j = 0; x[i][l] != 0 && j < cols; j++) {
                        if (y[l][j] != 0) {
                            expected[i][j] += x[i][l] * y[l][j];
                        }
                    }
                }
            }
            for (int[][] given : new int[][][] {runs, null}) {
                double[][] product = Grids.times(x, y, cols, given);
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        assertThat(Double.doubleToRawLongBits(product[i][j])).as("try %d, entry (%d, %d), runs %s", t,
                            i, j, given != null).isEqualTo(Double.doubleToRawLongBits(expected[i][j]));
                    }
                }
            }
        }
    }
}
