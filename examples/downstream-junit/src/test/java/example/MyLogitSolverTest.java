package example;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.equivariant.api.EquivariantAssertions.assertThat;

import java.util.List;
import org.equivariant.api.Equivariant;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/**
 * How a downstream project tests its own solver against the oracle: a small logit-QRE solver written here (smoothed
 * fictitious play), checked against Equivariant's certified QREs with its AssertJ assertions.
 */
class MyLogitSolverTest {
    /** The solver under test: damped logit responses on a two-player game. */
    static List<List<Double>> solve(NormalFormGame g, double lambda, int iterations) {
        int m = g.dims()[0];
        int k = g.dims()[1];
        double[] p = new double[m];
        double[] q = new double[k];
        java.util.Arrays.fill(p, 1.0 / m);
        java.util.Arrays.fill(q, 1.0 / k);
        for (int t = 0; t < iterations; t++) {
            double[] up = new double[m];
            double[] uq = new double[k];
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < k; b++) {
                    up[a] += q[b] * g.payoff(0, a, b).doubleValue();
                    uq[b] += p[a] * g.payoff(1, a, b).doubleValue();
                }
            }
            p = mix(p, softmax(up, lambda));
            q = mix(q, softmax(uq, lambda));
        }
        return List.of(java.util.Arrays.stream(p).boxed().toList(), java.util.Arrays.stream(q).boxed().toList());
    }

    static double[] softmax(double[] u, double lambda) {
        double max = java.util.Arrays.stream(u).max().orElseThrow();
        double[] e = java.util.Arrays.stream(u).map(x -> Math.exp(lambda * (x - max))).toArray();
        double z = java.util.Arrays.stream(e).sum();
        return java.util.Arrays.stream(e).map(x -> x / z).toArray();
    }

    static double[] mix(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = 0.5 * a[i] + 0.5 * b[i];
        }
        return out;
    }

    @Test
    void mySolverFindsTheCertifiedQre() {
        NormalFormGame g = Equivariant.game("bundled:const_sum_game");
        assertThat(g).hasUniqueQreAt("1/2");
        assertThat(solve(g, 2, 5000)).isQreOf(g).atLambda("2").within("1e-9");
    }

    @Test
    void aSolverStoppedEarlyIsCaught() {
        NormalFormGame g = Equivariant.game("bundled:const_sum_game");
        assertThatThrownBy(() -> assertThat(solve(g, 2, 3)).isQreOf(g).atLambda("2").within("1e-9"))
            .isInstanceOf(AssertionError.class).hasMessageContaining("certified QRE");
    }
}
