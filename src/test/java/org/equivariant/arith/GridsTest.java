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
}
