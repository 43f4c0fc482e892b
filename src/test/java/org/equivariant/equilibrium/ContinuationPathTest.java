package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.equivariant.certificate.ParametricSystem;
import org.junit.jupiter.api.Test;

/**
 * The double path's own stopping rules on curves whose shape is known in closed form: a closed curve ends the trace
 * as CLOSED once round (not at the step limit), and only a step that passes through the start again counts.
 */
class ContinuationPathTest {
    /** The circle y² + (μ − 2)² = 1 in the plane (y, μ), which never reaches μ > 3. */
    private static final class Circle extends ContinuationPath {
        Circle() {
            super(1);
        }

        @Override
        double[] residual(double[] x) {
            return new double[] {x[0] * x[0] + (x[1] - 2) * (x[1] - 2) - 1};
        }

        @Override
        double[][] jacobian(double[] x) {
            return new double[][] {{2 * x[0], 2 * (x[1] - 2)}};
        }

        @Override
        double[] start() {
            return new double[] {0, 1};
        }

        @Override
        double toZ(int k, double x) {
            return x;
        }

        @Override
        double toX(int k, double z) {
            return z;
        }

        @Override
        ParametricSystem system() {
            throw new UnsupportedOperationException("not needed by the double path");
        }

        @Override
        String parameterName() {
            return "mu";
        }
    }

    @Test
    void aClosedCurveEndsTheTraceOnceRound() {
        Circle c = new Circle();
        double[] x0 = {0, 1};
        ContinuationPath.Result r = c.trace(x0, new double[] {1, 0}, 5, 1_000_000);
        assertThat(r.status()).isEqualTo(ContinuationPath.Status.CLOSED);
        assertThat(r.steps()).isLessThan(200);
        double lo = r.points().stream().mapToDouble(ContinuationPath.Point::mu).min().orElseThrow();
        double hi = r.points().stream().mapToDouble(ContinuationPath.Point::mu).max().orElseThrow();
        // once round: the points cover the circle's μ range, from the bottom over the top
        assertThat(lo).isCloseTo(1, within(1e-9));
        assertThat(hi).isGreaterThan(2.9).isLessThanOrEqualTo(3 + 1e-9);
        // a target the circle reaches is reached, going up its right half first
        ContinuationPath.Result up = c.trace(x0, new double[] {1, 0}, 2.5, 1_000_000);
        assertThat(up.status()).isEqualTo(ContinuationPath.Status.REACHED);
        assertThat(up.points().get(up.points().size() - 1).y()[0]).isCloseTo(Math.sqrt(0.75), within(1e-9));
    }

    @Test
    void onlyAStepThroughTheStartAlongItsTangentCloses() {
        Circle c = new Circle();
        double[] x0 = {0, 1};
        double[] t0 = {1, 0};
        // through the bottom again, from behind (y < 0 to y > 0): closed
        assertThat(c.closes(x0, t0, new double[] {-0.1, 1.005}, new double[] {0.1, 1.005})).isTrue();
        // the same step backwards (from the front): not the direction the trace left in
        assertThat(c.closes(x0, t0, new double[] {0.1, 1.005}, new double[] {-0.1, 1.005})).isFalse();
        // across the hyperplane y = 0 from behind at the top, 2 away from the start
        assertThat(c.closes(x0, t0, new double[] {-0.1, 2.995}, new double[] {0.1, 2.995})).isFalse();
        // a start 10⁻⁵ off the point the curve passes (beyond 10⁻⁶·(1 + ‖x₀‖∞)), and one 10⁻⁷ off (within)
        assertThat(c.closes(new double[] {0, 1 + 1e-5}, t0, new double[] {-0.1, 1.005}, new double[] {0.1, 1.005}))
            .isFalse();
        assertThat(c.closes(new double[] {0, 1 + 1e-7}, t0, new double[] {-0.1, 1.005}, new double[] {0.1, 1.005}))
            .isTrue();
    }
}
