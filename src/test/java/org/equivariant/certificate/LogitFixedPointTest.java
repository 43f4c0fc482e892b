package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.junit.jupiter.api.Test;

/**
 * The checker's logit system F(σ, λ) = σ − T_λ(σ): its analytic Jacobian in all n + 1 coordinates (λ last) against
 * central finite differences of its own residual, on random two- and three-player games at interior points off the
 * simplex too (F is defined on all of R^n).
 */
class LogitFixedPointTest {
    @Test
    void theParametricJacobianIsTheDerivativeOfTheResidual() {
        SplittableRandom r = new SplittableRandom(29);
        DoubleField f = DoubleField.INSTANCE;
        for (int t = 0; t < 20; t++) {
            NormalFormGame g = GameGen.games(2, 3, 2, 3, 4).generate(r);
            double lambda = 0.2 + 2 * r.nextDouble();
            int n = java.util.Arrays.stream(g.dims()).sum();
            List<Double> sigma = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                sigma.add(0.1 + r.nextDouble());
            }
            LogitFixedPoint<Double> at = new LogitFixedPoint<>(f, g.payoffs(), lambda);
            List<List<Double>> jac = at.parametricJacobian(sigma);
            assertThat(jac).hasSize(n);
            double h = 1e-6;
            for (int c = 0; c <= n; c++) {
                List<Double> plus;
                List<Double> minus;
                if (c < n) {
                    List<Double> up = new ArrayList<>(sigma);
                    List<Double> down = new ArrayList<>(sigma);
                    up.set(c, sigma.get(c) + h);
                    down.set(c, sigma.get(c) - h);
                    plus = at.residual(up);
                    minus = at.residual(down);
                } else {
                    plus = at.at(lambda + h).residual(sigma);
                    minus = at.at(lambda - h).residual(sigma);
                }
                for (int row = 0; row < n; row++) {
                    assertThat(jac.get(row)).as("row %d of game %d", row, t).hasSize(n + 1);
                    double fd = (plus.get(row) - minus.get(row)) / (2 * h);
                    assertThat(jac.get(row).get(c)).as("∂F_%d/∂z_%d, game %d", row, c, t)
                        .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(fd))));
                }
            }
        }
    }
}
