package org.equivariant.equilibrium;

import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import org.equivariant.arith.Grids;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.LogitFixedPoint;
import org.equivariant.certificate.ParametricSystem;
import org.equivariant.game.NormalFormGame;
import org.equivariant.theory.CentroidSingularity;

/**
 * The principal branch of the logit correspondence in the double fast path ({@link ContinuationPath}), from the
 * centroid at λ = 0. Path coordinates x = (y, μ) with y = log σ and μ = λ·scale ({@link FastGame#scale}); per player i
 * with reference action 0 the equations are Σ_a e^{y_ia} − 1 = 0 and y_ia − y_i0 − μ(u_ia − u_i0) = 0 (a ≥ 1). The
 * certified system is F(σ, λ) = σ − T_λ(σ) ({@code LogitFixedPoint.branchSystem}).
 */
final class LogitPath extends ContinuationPath {
    private final NormalFormGame game;
    private final FastGame g;
    private final ParametricSystem system;
    private final double scale;

    LogitPath(NormalFormGame game) {
        this(game, new FastGame(game));
    }

    private LogitPath(NormalFormGame game, FastGame g) {
        super(g.size);
        this.game = game;
        this.g = g;
        this.system = LogitFixedPoint.branchSystem(game.payoffs());
        this.scale = g.scale.doubleValue();
    }

    /**
     * Where the centroid is a QRE at every λ, the exact enclosure of the centroid line's first singular point (BR-CHAIN
     * corollary 2); otherwise nothing.
     */
    @Override
    String singularPointNote() {
        Rational width = Rational.of(1, 1_000_000_000_000L);
        CentroidSingularity.Enclosure e = CentroidSingularity.lineJacobian(game.payoffs()).map(a -> CentroidSingularity
            .smallestPositiveRoot(CentroidSingularity.detPolynomial(a), width)).orElse(null);
        if (e == null || e.none()) {
            return "";
        }
        return "; the centroid is a QRE at every lambda, and the centroid line's first singular point is exactly the "
            + "smallest positive root of det(I - lambda A), lambda_s in [" + e.lo().toBigDecimal(new MathContext(13,
            RoundingMode.FLOOR)).toPlainString() + ", " + e.hi().toBigDecimal(new MathContext(13, RoundingMode.CEILING))
            .toPlainString() + "] (BR-CHAIN corollary 2)";
    }


    @Override
    double[] start() {
        double[] x = new double[n + 1];
        for (int i = 0; i < g.players; i++) {
            for (int a = 0; a < g.dims[i]; a++) {
                x[g.offset[i] + a] = -Math.log(g.dims[i]);
            }
        }
        return x;
    }

    /** σ = e^y, λ = μ/scale. */
    @Override
    double toZ(int k, double x) {
        return k == n ? x / scale : Math.exp(x);
    }

    @Override
    double toX(int k, double z) {
        return k == n ? z * scale : Math.log(z);
    }

    @Override
    ParametricSystem system() {
        return system;
    }

    @Override
    String parameterName() {
        return "λ";
    }

    /** ∂F/∂(σ, λ) of F(σ, λ) = σ − T_λ(σ) at a point, in double: n × (n + 1), the last column ∂F/∂λ. */
    @Override
    double[][] systemJacobian(double[] z) {
        double[] sigma = Arrays.copyOf(z, n);
        double mu = z[n] * scale;
        double[] u = new double[n];
        g.payoffs(sigma, u);
        double[][][] pair = g.pairPayoffs(sigma);
        double[] t = response(mu, u);
        double[][] full = Grids.zeros(n, n + 1);
        for (int i = 0; i < g.players; i++) {
            int o = g.offset[i];
            int di = g.dims[i];
            double meanU = 0;
            for (int a = 0; a < di; a++) {
                meanU += t[o + a] * u[o + a];
            }
            for (int a = 0; a < di; a++) {
                full[o + a][o + a] = 1;
                full[o + a][n] = -scale * t[o + a] * (u[o + a] - meanU);
            }
            for (int j = 0; j < g.players; j++) {
                if (j == i) {
                    continue;
                }
                int oj = g.offset[j];
                int dj = g.dims[j];
                double[] p = pair[i][j];
                for (int b = 0; b < dj; b++) {
                    double mean = 0;
                    for (int c = 0; c < di; c++) {
                        mean += t[o + c] * p[c * dj + b];
                    }
                    for (int a = 0; a < di; a++) {
                        full[o + a][oj + b] -= mu * t[o + a] * (p[a * dj + b] - mean);
                    }
                }
            }
        }
        return full;
    }

    /** F(σ, λ) = σ − T_λ(σ) at a point, in double. */
    @Override
    double[] systemResidual(double[] z) {
        double[] u = new double[n];
        g.payoffs(Arrays.copyOf(z, n), u);
        double[] t = response(z[n] * scale, u);
        for (int k = 0; k < n; k++) {
            t[k] = z[k] - t[k];
        }
        return t;
    }

    /** T: each player's softmax of μ times its payoffs u (flat). */
    private double[] response(double mu, double[] u) {
        double[] t = new double[n];
        for (int i = 0; i < g.players; i++) {
            int o = g.offset[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < g.dims[i]; a++) {
                max = Math.max(max, mu * u[o + a]);
            }
            double zsum = 0;
            for (int a = 0; a < g.dims[i]; a++) {
                t[o + a] = Math.exp(mu * u[o + a] - max);
                zsum += t[o + a];
            }
            for (int a = 0; a < g.dims[i]; a++) {
                t[o + a] /= zsum;
            }
        }
        return t;
    }

    @Override
    double[] residual(double[] x) {
        double[] y = x;
        double mu = x[n];
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = Math.exp(y[k]);
        }
        double[] u = new double[n];
        g.payoffs(s, u);
        double[] r = new double[n];
        for (int i = 0; i < g.players; i++) {
            int o = g.offset[i];
            double sum = 0;
            for (int a = 0; a < g.dims[i]; a++) {
                sum += s[o + a];
            }
            r[o] = sum - 1;
            for (int a = 1; a < g.dims[i]; a++) {
                r[o + a] = y[o + a] - y[o] - mu * (u[o + a] - u[o]);
            }
        }
        return r;
    }

    @Override
    double[][] jacobian(double[] x) {
        double[] y = x;
        double mu = x[n];
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = Math.exp(y[k]);
        }
        double[] u = new double[n];
        g.payoffs(s, u);
        double[][][] pair = g.pairPayoffs(s);
        double[][] jac = Grids.zeros(n, n + 1);
        for (int i = 0; i < g.players; i++) {
            int o = g.offset[i];
            for (int a = 0; a < g.dims[i]; a++) {
                jac[o][o + a] = s[o + a];
            }
            for (int a = 1; a < g.dims[i]; a++) {
                double[] row = jac[o + a];
                row[o + a] = 1;
                row[o] = -1;
                row[n] = -(u[o + a] - u[o]);
                for (int j = 0; j < g.players; j++) {
                    if (j == i) {
                        continue;
                    }
                    int oj = g.offset[j];
                    double[] p = pair[i][j];
                    int dj = g.dims[j];
                    for (int b = 0; b < dj; b++) {
                        row[oj + b] = -mu * (p[a * dj + b] - p[b]) * s[oj + b];
                    }
                }
            }
        }
        return jac;
    }

}
