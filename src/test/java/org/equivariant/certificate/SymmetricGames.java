package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * Symmetric games written out by hand for tests and properties, with their logit equations by hand: n players with two
 * actions, each paid f(a, k) for its own action a when k of the others play action 1 ({@link #twoActions}); three
 * players with three actions, each paid f(a, {b, c}) for its own action a against the others' b ≤ c, the pairs in the
 * order {0,0}, {0,1}, {0,2}, {1,1}, {1,2}, {2,2} ({@link #threeActions}).
 */
public final class SymmetricGames {
    private SymmetricGames() {
    }

    /** The game of f[0].length players with two actions paid f(a, k), k = 0 … players − 1 of the others on action 1. */
    public static NormalFormGame twoActions(String title, int[][] f) {
        int players = f[0].length;
        List<List<Rational>> cells = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            cells.add(new ArrayList<>());
        }
        for (int cell = 0; cell < 1 << players; cell++) { // the first player's action fastest
            for (int i = 0; i < players; i++) {
                int k = 0;
                for (int j = 0; j < players; j++) {
                    k += j != i && (cell >> j & 1) == 0 ? 1 : 0;
                }
                cells.get(i).add(Rational.of(f[cell >> i & 1][k]));
            }
        }
        int[] dims = new int[players];
        java.util.Arrays.fill(dims, 2);
        return NormalFormGame.of(title, cells.stream().map(c -> new RationalTensor(dims, c)).toList());
    }

    /**
     * For {@link #twoActions}: max over the players of |x_i(1) − softmax(λ u_i)(1)| and |x_i(1) + x_i(2) − 1|,
     * u_i(a) = Σ_k f(a, k)·P(k others on action 1), player-major σ.
     */
    public static double twoActionsViolation(int[][] f, double lambda, double[] s) {
        int players = s.length / 2;
        double worst = 0;
        for (int i = 0; i < players; i++) {
            double[] chance = {1}; // chance[k]: k of the others so far on action 1
            for (int j = 0; j < players; j++) {
                if (j != i) {
                    double q = s[2 * j];
                    double[] next = new double[chance.length + 1];
                    for (int k = 0; k < chance.length; k++) {
                        next[k] += chance[k] * (1 - q);
                        next[k + 1] += chance[k] * q;
                    }
                    chance = next;
                }
            }
            double[] u = new double[2];
            for (int a = 0; a < 2; a++) {
                for (int k = 0; k < players; k++) {
                    u[a] += f[a][k] * chance[k];
                }
            }
            double p = 1 / (1 + Math.exp(lambda * (u[1] - u[0])));
            worst = Math.max(worst, Math.max(Math.abs(s[2 * i] - p), Math.abs(s[2 * i] + s[2 * i + 1] - 1)));
        }
        return worst;
    }

    /** f's entry for action a against b and c. */
    public static int paid(int[][] f, int a, int b, int c) {
        int lo = Math.min(b, c);
        int hi = Math.max(b, c);
        return f[a][lo == 0 ? hi : lo == 1 ? 2 + hi : 5];
    }

    /** The three-action game paid f. */
    public static NormalFormGame threeActions(String title, int[][] f) {
        List<List<Rational>> cells = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int cell = 0; cell < 27; cell++) {
            int[] a = {cell % 3, cell / 3 % 3, cell / 9}; // the first player's action fastest
            for (int i = 0; i < 3; i++) {
                cells.get(i).add(Rational.of(paid(f, a[i], a[(i + 1) % 3], a[(i + 2) % 3])));
            }
        }
        int[] dims = {3, 3, 3};
        return NormalFormGame.of(title, cells.stream().map(c -> new RationalTensor(dims, c)).toList());
    }

    /** max |σ_i(a) − softmax(λ u_i)(a)|, u_i(a) = Σ_{b,c} σ_j(b) σ_k(c) f(a, {b, c}), player-major σ. */
    public static double threeActionsViolation(int[][] f, double lambda, double[] s) {
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            int j = (i + 1) % 3;
            int k = (i + 2) % 3;
            double[] e = new double[3];
            double sum = 0;
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    for (int d = 0; d < 3; d++) {
                        e[a] += s[3 * j + b] * s[3 * k + d] * paid(f, a, b, d);
                    }
                }
            }
            double top = Math.max(e[0], Math.max(e[1], e[2])); // a shift: λu reaches 10⁴ and more
            for (int a = 0; a < 3; a++) {
                e[a] = Math.exp(lambda * (e[a] - top));
                sum += e[a];
            }
            for (int a = 0; a < 3; a++) {
                worst = Math.max(worst, Math.abs(s[3 * i + a] - e[a] / sum));
            }
        }
        return worst;
    }
}
