package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.List;

/**
 * Fast path (IEEE double, never reported as certified): the principal branch of the logit correspondence traced by
 * pseudo-arclength continuation from the centroid at λ = 0 (Allgower &amp; Georg, as gambit-logit does). Unknowns
 * x = (y, μ) with y = log σ and μ = λ·scale ({@link FastGame#scale}); per player i with reference action 0 the
 * equations are Σ_a e^{y_ia} − 1 = 0 and y_ia − y_i0 − μ(u_ia − u_i0) = 0 (a ≥ 1). Euler predictor along the unit
 * tangent, Newton corrector on the system augmented by tᵀ(x − x_pred) = 0, step length adapted to the corrector's
 * behaviour; folds in λ are passed because the curve is followed by arclength. A sign change of det[∂G; tᵀ] (with
 * the tangent oriented continuously) is recorded as a suspected singular point: a bifurcation.
 *
 * <p>The points are the skeleton the certified tracer ({@link BranchTracer}) covers with proved boxes.
 */
final class LogitPath {
    /** A point of the branch: log-profile, scaled precision μ and the unit tangent in (y, μ). */
    record Point(double[] y, double mu, double[] tangent) {
        double[] sigma() {
            double[] s = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                s[k] = Math.exp(y[k]);
            }
            return s;
        }
    }

    enum Status { REACHED, STALLED, STEP_LIMIT }

    /**
     * The traced points in order (the last at μ = target when reached), suspected singular points (indices k: between
     * points k−1 and k the orientation determinant changed sign), and why the trace ended.
     */
    record Result(List<Point> points, List<Integer> singular, Status status, int steps) {
    }

    /** Progress: called after each accepted step with μ reached. */
    interface Listener {
        void step(double mu, int steps);
    }

    private final FastGame g;
    private final int n;

    LogitPath(FastGame g) {
        this.g = g;
        this.n = g.size;
    }

    /** G(x) (n values). */
    double[] residual(double[] y, double mu) {
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

    /** ∂G/∂(y, μ): n rows, n + 1 columns (the last is ∂/∂μ). */
    double[][] jacobian(double[] y, double mu) {
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            s[k] = Math.exp(y[k]);
        }
        double[] u = new double[n];
        g.payoffs(s, u);
        double[][][] pair = g.pairPayoffs(s);
        double[][] jac = new double[n][n + 1];
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

    /** Sign of det[∂G; tᵀ] at the last tangent: constant along a regular arc, it flips at a simple bifurcation. */
    private double orientation;

    /** The unit tangent at x: the null vector of ∂G, oriented to agree with {@code prev} ({@link DenseLu#tangent}). */
    private double[] tangent(double[][] jac, double[] prev) {
        DenseLu.Tangent t = DenseLu.tangent(jac, prev);
        if (t == null) {
            return null;
        }
        orientation = t.detSign();
        return t.unit();
    }

    /**
     * Newton on G(x) = 0 together with the linear constraint c·x = c·anchor (c = the tangent for arclength, or e_μ
     * to fix μ); the converged x or null.
     */
    private double[] correct(double[] x0, double[] c, double[] anchor, int maxIter) {
        double[] x = x0.clone();
        double cAnchor = 0;
        for (int k = 0; k <= n; k++) {
            cAnchor += c[k] * anchor[k];
        }
        double prevStep = Double.POSITIVE_INFINITY;
        for (int it = 0; it < maxIter; it++) {
            double[] y = java.util.Arrays.copyOf(x, n);
            double[] r = residual(y, x[n]);
            double[][] jac = jacobian(y, x[n]);
            double[][] aug = new double[n + 1][];
            System.arraycopy(jac, 0, aug, 0, n);
            aug[n] = c.clone();
            double[] rhs = new double[n + 1];
            double cx = 0;
            for (int k = 0; k <= n; k++) {
                cx += c[k] * x[k];
            }
            for (int k = 0; k < n; k++) {
                rhs[k] = -r[k];
            }
            rhs[n] = cAnchor - cx;
            DenseLu lu = new DenseLu(aug);
            if (lu.singular()) {
                return null;
            }
            double[] d = lu.solve(rhs);
            double step = 0;
            for (int k = 0; k <= n; k++) {
                x[k] += d[k];
                step = Math.max(step, Math.abs(d[k]));
            }
            if (!Double.isFinite(step) || it >= 2 && step > 0.5 * prevStep) {
                return null;
            }
            if (step < 1e-11) {
                return x;
            }
            prevStep = step;
        }
        return null;
    }

    /**
     * Newton from x = (y, μ) with coordinate k of x held at {@code value} (k = n: μ; k &lt; n: the log-probability
     * y_k); the converged (y, μ) or null.
     */
    double[] newtonAt(double[] x, int k, double value) {
        double[] start = x.clone();
        start[k] = value;
        double[] e = new double[n + 1];
        e[k] = 1;
        return correct(start, e, start, 30);
    }

    /**
     * Traces from the centroid until μ reaches {@code muTarget} (or the limits end it). {@code maxSteps} bounds the
     * accepted steps.
     */
    Result trace(double muTarget, int maxSteps, Listener listener) {
        double[] x = new double[n + 1];
        for (int i = 0; i < g.players; i++) {
            for (int a = 0; a < g.dims[i]; a++) {
                x[g.offset[i] + a] = -Math.log(g.dims[i]);
            }
        }
        List<Point> points = new ArrayList<>();
        List<Integer> singular = new ArrayList<>();
        double[] start = new double[n + 1];
        start[n] = 1;
        double[] t = tangent(jacobian(java.util.Arrays.copyOf(x, n), 0), start);
        double sign = orientation;
        points.add(new Point(java.util.Arrays.copyOf(x, n), 0, t));
        if (muTarget <= 0) {
            return new Result(points, singular, Status.REACHED, 0);
        }
        double h = 0.1;
        int steps = 0;
        while (steps < maxSteps) {
            double[] pred = new double[n + 1];
            for (int k = 0; k <= n; k++) {
                pred[k] = x[k] + h * t[k];
            }
            double[] next = correct(pred, t, pred, 8);
            double[] nt = next == null ? null : tangent(jacobian(java.util.Arrays.copyOf(next, n), next[n]), t);
            if (next == null || nt == null) {
                h /= 2;
                if (h < 1e-12) {
                    return new Result(points, singular, Status.STALLED, steps);
                }
                continue;
            }
            double dot = 0;
            for (int k = 0; k <= n; k++) {
                dot += nt[k] * t[k];
            }
            if (dot < 0.9 && h > 1e-6) { // too sharp a turn for one step: shorten it
                h /= 2;
                continue;
            }
            if (next[n] >= muTarget) {
                double[] e = new double[n + 1];
                e[n] = 1;
                double f = (muTarget - x[n]) / (next[n] - x[n]);
                double[] guess = new double[n + 1];
                for (int k = 0; k <= n; k++) {
                    guess[k] = x[k] + f * (next[k] - x[k]);
                }
                guess[n] = muTarget;
                double[] exact = correct(guess, e, guess, 20);
                if (exact != null) {
                    double[] et = tangent(jacobian(java.util.Arrays.copyOf(exact, n), muTarget), t);
                    points.add(new Point(java.util.Arrays.copyOf(exact, n), muTarget, et == null ? t : et));
                    return new Result(points, singular, Status.REACHED, steps + 1);
                }
                h /= 2;
                continue;
            }
            if (orientation != sign) {
                singular.add(points.size());
                sign = orientation;
            }
            x = next;
            t = nt;
            points.add(new Point(java.util.Arrays.copyOf(x, n), x[n], t));
            steps++;
            h = Math.min(h * 1.5, 10);
            if (listener != null) {
                listener.step(x[n], steps);
            }
        }
        return new Result(points, singular, Status.STEP_LIMIT, steps);
    }
}
