package org.equivariant.arith;

/**
 * Two-dimensional arrays allocated row by row. HotSpot's compilers allocate {@code new double[r][c]} by a call into
 * the JVM's runtime and each row of a loop inline: for the small matrices of a game with few actions per player the
 * runtime calls took longer than the arithmetic (bundled 2×2×2×2×2 at λ = 10, warm: 73 → 54 ms a solve).
 */
public final class Grids {
    private Grids() {
    }

    /** A rows × cols array of zeros. */
    public static double[][] zeros(int rows, int cols) {
        double[][] a = new double[rows][];
        for (int i = 0; i < rows; i++) {
            a[i] = new double[cols];
        }
        return a;
    }

    /**
     * x·y for double matrices by rows (x: r × k, y: k × cols), the rows of the result by groups ({@link #addScaled}:
     * each row of y read once per group; the inner loop along whole rows, which the JIT vectorizes). Where
     * {@code runs} is given, only the columns [runs[l][2s], runs[l][2s + 1]) of y's row l enter (its entries other than
     * exact zeros); zero entries of x add nothing.
     */
    public static double[][] times(double[][] x, double[][] y, int cols, int[][] runs) {
        int rows = x.length;
        double[][] out = zeros(rows, cols);
        int[] whole = {0, cols};
        double[] f = new double[GROUP];
        for (int i = 0; i < rows; i += GROUP) {
            int count = Math.min(GROUP, rows - i);
            double[][] group = java.util.Arrays.copyOfRange(out, i, i + count);
            for (int l = 0; l < y.length; l++) {
                for (int r = 0; r < count; r++) {
                    f[r] = x[i + r][l];
                }
                int[] run = runs == null ? whole : runs[l];
                for (int s = 0; s < run.length; s += 2) {
                    addScaled(group, f, count, y[l], run[s], run[s + 1]);
                }
            }
        }
        return out;
    }

    /** The most rows {@link #addScaled} updates in one pass. */
    public static final int GROUP = 4;

    /**
     * y_r += f_r·x on the columns [from, to) for the first {@code count} rows y_r (at most {@link #GROUP}) whose factor
     * f_r is not 0 — rows of a product or an elimination that add multiples of the same row x — in one pass over x.
     * Each entry gets the one operation a pass per row gives it, so the doubles are those of such passes; a row whose
     * factor is 0 is left alone, as loops that skip zero factors leave it. The quick compiler reloads x[k] in every
     * pass: one pass for four rows makes a 160×160 product 1.7× faster under it (1.08 → 0.63 ns a term, warm), and
     * the optimizing compiler's vector code no slower (0.20 → 0.15).
     */
    public static void addScaled(double[][] y, double[] f, int count, double[] x, int from, int to) {
        double[] a = null;
        double[] b = null;
        double[] c = null;
        double fa = 0;
        double fb = 0;
        double fc = 0;
        int m = 0;
        for (int r = 0; r < count; r++) {
            if (f[r] == 0) {
                continue;
            }
            switch (m++) {
                case 0 -> {
                    a = y[r];
                    fa = f[r];
                }
                case 1 -> {
                    b = y[r];
                    fb = f[r];
                }
                case 2 -> {
                    c = y[r];
                    fc = f[r];
                }
                default -> {
                    four(a, fa, b, fb, c, fc, y[r], f[r], x, from, to);
                    return;
                }
            }
        }
        if (m >= 2) {
            two(a, fa, b, fb, x, from, to);
        }
        if (m % 2 == 1) {
            one(m == 1 ? a : c, m == 1 ? fa : fc, x, from, to);
        }
    }

    private static void one(double[] a, double fa, double[] x, int from, int to) {
        for (int k = from; k < to; k++) {
            a[k] += fa * x[k];
        }
    }

    private static void two(double[] a, double fa, double[] b, double fb, double[] x, int from, int to) {
        for (int k = from; k < to; k++) {
            double v = x[k];
            a[k] += fa * v;
            b[k] += fb * v;
        }
    }

    private static void four(double[] a, double fa, double[] b, double fb, double[] c, double fc, double[] d,
                             double fd, double[] x, int from, int to) {
        for (int k = from; k < to; k++) {
            double v = x[k];
            a[k] += fa * v;
            b[k] += fb * v;
            c[k] += fc * v;
            d[k] += fd * v;
        }
    }
}
