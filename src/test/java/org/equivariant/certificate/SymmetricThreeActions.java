package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * Symmetric three-player games with three actions, written out by hand for tests: each player is paid f(a, {b, c})
 * for its own action a against the others' b ≤ c, the pairs in the order {0,0}, {0,1}, {0,2}, {1,1}, {1,2}, {2,2}.
 */
public final class SymmetricThreeActions {
    private SymmetricThreeActions() {
    }

    /** f's entry for action a against b and c. */
    public static int paid(int[][] f, int a, int b, int c) {
        int lo = Math.min(b, c);
        int hi = Math.max(b, c);
        return f[a][lo == 0 ? hi : lo == 1 ? 2 + hi : 5];
    }

    /** The game paid f. */
    public static NormalFormGame game(String title, int[][] f) {
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
    public static double violation(int[][] f, double lambda, double[] s) {
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            int j = (i + 1) % 3;
            int k = (i + 2) % 3;
            double[] e = new double[3];
            double sum = 0;
            for (int a = 0; a < 3; a++) {
                double u = 0;
                for (int b = 0; b < 3; b++) {
                    for (int d = 0; d < 3; d++) {
                        u += s[3 * j + b] * s[3 * k + d] * paid(f, a, b, d);
                    }
                }
                e[a] = Math.exp(lambda * u);
                sum += e[a];
            }
            for (int a = 0; a < 3; a++) {
                worst = Math.max(worst, Math.abs(s[3 * i + a] - e[a] / sum));
            }
        }
        return worst;
    }
}
