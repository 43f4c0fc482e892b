package org.equivariant.equilibrium;

import java.util.List;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * Fast path (IEEE double, never reported as certified): a normal-form game's payoffs in flat primitive arrays, with
 * the multilinear marginal payoffs u_i(a; σ_{−i}) and pair payoffs u_i(a, b; σ_{−ij}) computed in one pass over the
 * contingencies. Profiles are flat: coordinate {@code offset[i] + a} is σ_i(a). Payoffs are stored divided by
 * {@link #scale}, the largest |payoff|, so every game fits a double; the caller multiplies λ by it (μ = λ·scale).
 */
final class FastGame {
    final int players;
    final int[] dims;
    final int[] offset;
    final int size;
    final int cells;
    /** The largest |payoff|, exactly (1 for an all-zero game): payoffs are stored divided by it. */
    final org.equivariant.arith.Rational scale;
    private final double[][] pay;      // [player][cell], player 0's action fastest
    private final int[][] action;      // [cell][player]
    /** [i][j]: {@link RationalTensor#pairOrder} of players i ≠ j (null for i = j), for {@link #pairPayoffs}. */
    private final int[][][] pairOrder;

    FastGame(NormalFormGame g) {
        this.players = g.numPlayers();
        this.dims = g.dims();
        this.offset = new int[players + 1];
        for (int i = 0; i < players; i++) {
            offset[i + 1] = offset[i] + dims[i];
        }
        this.size = offset[players];
        this.cells = g.payoffs().get(0).size();
        org.equivariant.arith.Rational max = org.equivariant.arith.Rational.ZERO;
        for (var t : g.payoffs()) {
            for (var r : t.data()) {
                max = max.max(r.abs());
            }
        }
        this.scale = max.isZero() ? org.equivariant.arith.Rational.ONE : max;
        this.pay = new double[players][cells];
        for (int i = 0; i < players; i++) {
            var data = g.payoffs().get(i).data();
            for (int c = 0; c < cells; c++) {
                pay[i][c] = data.get(c).divide(scale).doubleValue();
            }
        }
        this.action = new int[cells][players];
        int[] idx = new int[players];
        for (int c = 0; c < cells; c++) {
            System.arraycopy(idx, 0, action[c], 0, players);
            for (int i = 0; i < players && ++idx[i] == dims[i]; i++) {
                idx[i] = 0;
            }
        }
        this.pairOrder = new int[players][players][];
        for (int i = 0; i < players; i++) {
            for (int j = 0; j < players; j++) {
                pairOrder[i][j] = i == j ? null : RationalTensor.pairOrder(dims, i, j);
            }
        }
    }

    /** u[offset[i] + a] = u_i(a; σ_{−i}) for the scaled payoffs. */
    void payoffs(double[] sigma, double[] u) {
        java.util.Arrays.fill(u, 0);
        double[] prefix = new double[players + 1];
        for (int c = 0; c < cells; c++) {
            int[] a = action[c];
            prefix[0] = 1;
            for (int j = 0; j < players; j++) {
                prefix[j + 1] = prefix[j] * sigma[offset[j] + a[j]];
            }
            double suffix = 1;
            for (int i = players - 1; i >= 0; i--) {
                u[offset[i] + a[i]] += pay[i][c] * prefix[i] * suffix;
                suffix *= sigma[offset[i] + a[i]];
            }
        }
    }

    /**
     * pair[i][j][a·dims[j] + b] = u_i(a, b; σ_{−ij}) for i ≠ j (scaled payoffs): the derivative of u_i(a) with respect
     * to σ_j(b). Player i's tables by {@link RationalTensor#pairTables}' halving scheme (about 4·cells products a
     * player instead of players·cells).
     */
    double[][][] pairPayoffs(double[] sigma) {
        double[][][] pair = new double[players][players][];
        RationalTensor.Summation<double[]> sum = RationalTensor.oneAxisAtATime(dims, (t, sub, k, axis) -> without(t,
            sub, k, sigma, offset[axis]));
        for (int i = 0; i < players; i++) {
            List<double[]> tables = RationalTensor.pairTables(players, pay[i], i, sum);
            for (int j = 0; j < players; j++) {
                if (j == i) {
                    continue;
                }
                double[] t = tables.get(j);
                int[] from = pairOrder[i][j];
                double[] out = new double[from.length];
                for (int k = 0; k < from.length; k++) {
                    out[k] = t[from[k]];
                }
                pair[i][j] = out;
            }
        }
        return pair;
    }

    /** The tensor t of {@code sub} (axis 0 fastest) with axis k summed against σ's entries from {@code from}. */
    private static double[] without(double[] t, int[] sub, int k, double[] sigma, int from) {
        int stride = 1;
        for (int l = 0; l < k; l++) {
            stride *= sub[l];
        }
        int n = sub[k];
        double[] next = new double[t.length / n];
        for (int hi = 0; hi < next.length; hi += stride) {
            for (int c = 0; c < n; c++) {
                double w = sigma[from + c];
                int base = hi * n + c * stride;
                for (int lo = 0; lo < stride; lo++) {
                    next[hi + lo] += w * t[base + lo];
                }
            }
        }
        return next;
    }
}
