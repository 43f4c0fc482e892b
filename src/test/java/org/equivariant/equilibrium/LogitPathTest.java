package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Property;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/**
 * The logit path's double fast paths (from {@link FastGame}'s scaled payoffs) against the certified system they stand
 * for, {@code LogitFixedPoint}'s F(σ, λ) = σ − T_λ(σ) and its Jacobian evaluated generically in doubles from the
 * rational payoffs: the tracer's predictor correction and preconditioner use the fast paths.
 */
class LogitPathTest {
    @Test
    void theFastResidualAndJacobianAreTheSystemsOwn() {
        Property.forAll("LogitPath's F and ∂F equal the system's", GameGen.games(1, 4, 1, 4, 9)).tries(200)
            .check(game -> {
            LogitPath path = new LogitPath(game);
            int n = path.n;
            SplittableRandom r = new SplittableRandom(game.hashCode());
            for (int trial = 0; trial < 3; trial++) {
                double[] z = point(game, n, r);
                List<Double> boxed = Arrays.stream(z).boxed().toList();
                List<Double> residual = path.system().residual(DoubleField.INSTANCE, boxed);
                List<List<Double>> jacobian = path.system().jacobian(DoubleField.INSTANCE, boxed);
                double[] fast = path.systemResidual(z);
                double[][] fastJacobian = path.systemJacobian(z);
                for (int k = 0; k < n; k++) {
                    assertThat(fast[k]).as("F_%d at %s", k, Arrays.toString(z)).isCloseTo(residual.get(k),
                        within(1e-12));
                    for (int c = 0; c <= n; c++) {
                        assertThat(fastJacobian[k][c]).as("∂F_%d/∂z_%d at %s", k, c, Arrays.toString(z))
                            .isCloseTo(jacobian.get(k).get(c), within(1e-10 * (1 + Math.abs(jacobian.get(k).get(c)))));
                    }
                }
            }
        });
    }

    /** A point (σ, λ): each player's mixed strategy random in its simplex (not normalized exactly), λ in [0, 5]. */
    private static double[] point(NormalFormGame game, int n, SplittableRandom r) {
        double[] z = new double[n + 1];
        int o = 0;
        for (int m : game.dims()) {
            double sum = 0;
            for (int a = 0; a < m; a++) {
                z[o + a] = r.nextDouble(0.05, 1);
                sum += z[o + a];
            }
            for (int a = 0; a < m; a++) {
                z[o + a] /= sum;
            }
            o += m;
        }
        z[n] = r.nextDouble(0, 5);
        return z;
    }
}
