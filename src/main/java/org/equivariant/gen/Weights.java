package org.equivariant.gen;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;

/** Random probability vectors with small integer weights: the transition rows of the generated models. */
public final class Weights {
    private Weights() {
    }

    /**
     * n weights drawn in turn from [lo, hi) (r.nextInt(lo, hi)); where they are all 0 (lo = 0), one drawn index
     * (r.nextInt(n)) gets weight 1.
     */
    public static int[] draw(SplittableRandom r, int n, int lo, int hi) {
        int[] w = new int[n];
        for (int k = 0; k < n; k++) {
            w[k] = r.nextInt(lo, hi);
        }
        if (Arrays.stream(w).sum() == 0) {
            w[r.nextInt(n)] = 1;
        }
        return w;
    }

    /** The weights divided by their sum: a probability vector. */
    public static Rational[] normalized(int[] w) {
        int total = Arrays.stream(w).sum();
        Rational[] out = new Rational[w.length];
        for (int k = 0; k < w.length; k++) {
            out[k] = Rational.of(w[k], total);
        }
        return out;
    }

    /** {@link #normalized} of {@link #draw}. */
    public static Rational[] distribution(SplittableRandom r, int n, int lo, int hi) {
        return normalized(draw(r, n, lo, hi));
    }
}
