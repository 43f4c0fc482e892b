package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.certificate.ParametricSystem;

/**
 * Fast path (IEEE double, never reported as certified): a branch of zeros of n equations G(x) = 0 in n + 1 path
 * coordinates x = (y, μ) traced by pseudo-arclength continuation from {@link #start} at μ = 0 (Allgower &amp; Georg, as
 * gambit-logit does). Euler predictor along the unit tangent, Newton corrector on the system augmented by
 * tᵀ(x − x_pred) = 0, step length adapted to the corrector's behaviour; folds in μ are passed because the curve is
 * followed by arclength. A sign change of det[∂G; tᵀ] (with the tangent oriented continuously) is recorded as a
 * suspected singular point: a bifurcation.
 *
 * <p>Each model supplies its equations in path coordinates (chosen for the double arithmetic: log-probabilities, a
 * scaled parameter) and their map to the coordinates z of the {@link ParametricSystem} its certificates use; the
 * points are the skeleton the certified tracer ({@link BranchTracer}) covers with proved boxes.
 */
abstract class ContinuationPath {
    /** A point of the branch: the unknowns y and the parameter μ in path coordinates, and the unit tangent. */
    record Point(double[] y, double mu, double[] tangent) {
    }

    /**
     * Why a trace ended: it reached the target; no step could be corrected however short; the step limit; or the path
     * came back to its start (a closed curve, which never reaches the target: {@link #closes}).
     */
    enum Status { REACHED, STALLED, STEP_LIMIT, CLOSED }

    /**
     * The traced points in order (the last at μ = target when reached), suspected singular points (indices k: between
     * points k−1 and k the orientation determinant changed sign), and why the trace ended.
     */
    record Result(List<Point> points, List<Integer> singular, Status status, int steps) {
    }

    /** The number of unknowns (and equations). */
    final int n;

    ContinuationPath(int n) {
        this.n = n;
    }

    /** G(x) (n values) at x = (y, μ). */
    abstract double[] residual(double[] x);

    /** ∂G/∂(y, μ): n rows, n + 1 columns (the last is ∂/∂μ). */
    abstract double[][] jacobian(double[] x);

    /** The path's first point, at μ = 0. */
    abstract double[] start();

    /** Coordinate k of z from path coordinate x_k. */
    abstract double toZ(int k, double x);

    /** Path coordinate k from coordinate z_k. */
    abstract double toX(int k, double z);

    /** The system's coordinates z of a path point x (all n + 1). */
    final double[] toZ(double[] x) {
        double[] z = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            z[k] = toZ(k, x[k]);
        }
        return z;
    }

    static List<Double> boxed(double[] v) {
        return Arrays.stream(v).boxed().toList();
    }

    static double[] unboxed(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** ∂F/∂z of the certified system at a point z, in double: n × (n + 1) (by default the system's own Jacobian). */
    double[][] systemJacobian(double[] z) {
        return matrix(system().jacobian(DoubleField.INSTANCE, boxed(z)));
    }

    /** A matrix given as rows of boxed doubles, unboxed. */
    static double[][] matrix(List<List<Double>> rows) {
        return rows.stream().map(ContinuationPath::unboxed).toArray(double[][]::new);
    }

    /** F(z) of the certified system at a point z, in double: n values (by default the system's own residual). */
    double[] systemResidual(double[] z) {
        return unboxed(system().residual(DoubleField.INSTANCE, boxed(z)));
    }

    /**
     * For each coordinate k of a point z of the system (all n + 1 coordinates), a magnitude beyond the coordinate's
     * own whose roundings its enclosures carry near z, for the floor of a piece's deviation there. By default none (0).
     */
    double[] roundingMagnitudes(double[] z) {
        return new double[n + 1];
    }

    /** The system the checker tests pieces of this branch against. */
    abstract ParametricSystem system();

    /**
     * Whether unknown k may parametrize a piece near a fold (by default every one; a model whose unknowns include
     * quantities determined by the others — soft values — restricts it to the free ones).
     */
    boolean parametrizes(int k) {
        return true;
    }

    /**
     * What is known exactly of the singular point where a chain of this branch stops ("; …" appended to the stop's
     * message), or "" (the default).
     */
    String singularPointNote() {
        return "";
    }

    /** The parameter's name in messages. */
    abstract String parameterName();

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
    double[] correct(double[] x0, double[] c, double[] anchor, int maxIter) {
        double cAnchor = 0;
        for (int k = 0; k <= n; k++) {
            cAnchor += c[k] * anchor[k];
        }
        double target = cAnchor;
        return correct(x0, new Constraint() {
            public double[] row(double[] x) {
                return c.clone();
            }

            public double miss(double[] x) {
                double cx = 0;
                for (int k = 0; k <= n; k++) {
                    cx += c[k] * x[k];
                }
                return target - cx;
            }
        }, maxIter);
    }

    /** A constraint h(x) = 0 closing the n equations: its gradient row at x and −h(x). */
    interface Constraint {
        double[] row(double[] x);

        double miss(double[] x);
    }

    /**
     * Newton from x = (y, μ) with the linear form u·z of the system's coordinates z(x) held at {@code value}; the
     * converged (y, μ) or null. (z_k depends on x_k alone; its derivative is taken by a central difference.)
     */
    double[] newtonOn(double[] x, double[] u, double value) {
        return correct(x, new Constraint() {
            public double[] row(double[] p) {
                double[] r = new double[n + 1];
                for (int k = 0; k <= n; k++) {
                    double h = 1e-7 * (1 + Math.abs(p[k]));
                    r[k] = u[k] == 0 ? 0 : u[k] * (toZ(k, p[k] + h) - toZ(k, p[k] - h)) / (2 * h);
                }
                return r;
            }

            public double miss(double[] p) {
                double uz = 0;
                for (int k = 0; k <= n; k++) {
                    uz += u[k] * toZ(k, p[k]);
                }
                return value - uz;
            }
        }, 30);
    }

    /**
     * A reused factorization is kept while each step is at most this fraction of the one before (a chord iteration
     * contracting at least this fast); a slower step is discarded and the matrix factored afresh at the current x.
     */
    private static final double CHORD_RATE = 0.25;

    /**
     * Newton on G(x) = 0 together with the constraint, as a chord iteration: the matrix [∂G; constraint row] is
     * factored at the first x and reused while the steps shrink by {@link #CHORD_RATE} at least (near a converged point
     * the matrix changes by O(step), so the reused one contracts about as fast as a new one would, for an O(n²) solve
     * instead of an O(n³) factorization and a Jacobian), and factored afresh otherwise. The converged x (last step
     * below 10⁻¹¹) or null: a singular matrix, a non-finite step, more than {@code maxIter} steps, or from the third
     * step on a freshly factored step more than half the one before — unless that step is below 10⁻¹⁰, and below
     * 10⁻¹¹ relative to 1 + |x_k| in every coordinate k: then the iteration has reached the doubles' own noise, which
     * exceeds 10⁻¹¹ where a coordinate is large (a rare action's log-probability reaches hundreds at large λ: a random
     * 4×4 game's trace stalled at λ ≈ 59, every step at 1.05·10⁻¹¹ in one such coordinate, and at λ ≈ 113 with a
     * bound of 2·10⁻¹¹), and x is converged. Measured on MqreChainProperty's independent-continuation property
     * (-Pthorough), whose traces these cases lengthen: 30 s with the absolute test alone, 61 s with this one, 150 s
     * without the 10⁻¹⁰ bound, 219 s with every step relative. Such a stalled step is also accepted — the point before
     * it returned — where the residual and the constraint's miss there are all below 10⁻¹²: next to a singular point
     * the system is so ill-conditioned that the steps stall above 10⁻¹⁰ at that noise, and whether one stalled below
     * it was chance (3×3×3 seed 24 at λ = 10: SYM-ARM (9)'s chains from two arms' ends found a first piece of 3·10⁻⁸ or
     * none by the luck of the lengths tried; now both reach λ). Where |μ| exceeds 100 the absolute bounds (10⁻¹¹,
     * 10⁻¹⁰, 10⁻¹²) grow by {@link #noiseScale}. Untrusted: the tracer's pieces are proved or refused.
     */
    private double[] correct(double[] x0, Constraint constraint, int maxIter) {
        double[] x = x0.clone();
        double scale = noiseScale(x0[n]);
        double prevStep = Double.POSITIVE_INFINITY;
        DenseLu lu = null;
        for (int it = 0; it < maxIter; it++) {
            double[] r = residual(x);
            boolean fresh = lu == null;
            if (fresh) {
                double[][] aug = new double[n + 1][];
                System.arraycopy(jacobian(x), 0, aug, 0, n);
                aug[n] = constraint.row(x);
                lu = new DenseLu(aug);
                if (lu.singular()) {
                    return null;
                }
            }
            double[] rhs = new double[n + 1];
            for (int k = 0; k < n; k++) {
                rhs[k] = -r[k];
            }
            rhs[n] = constraint.miss(x);
            double[] d = lu.solve(rhs);
            double step = 0;
            double relative = 0;
            for (int k = 0; k <= n; k++) {
                step = Math.max(step, Math.abs(d[k]));
                relative = Math.max(relative, Math.abs(d[k]) / (1 + Math.abs(x[k])));
            }
            if (!fresh && !(step <= CHORD_RATE * prevStep)) {
                lu = null; // the reused matrix no longer contracts: factor at this x (the step is not taken)
                continue;
            }
            boolean stalled = it >= 2 && step > 0.5 * prevStep;
            if (!Double.isFinite(step) || stalled && !(relative < 1e-11 && step < 1e-10 * scale)) {
                // next to a singular point the steps stall above 10⁻¹⁰ while the residual is at the doubles' noise
                return Double.isFinite(step) && stalled && noise(r, rhs[n], scale) ? x : null;
            }
            for (int k = 0; k <= n; k++) {
                x[k] += d[k];
            }
            if (step < 1e-11 * scale || stalled) { // converged, or stalled at the doubles' noise
                return x;
            }
            prevStep = step;
        }
        return null;
    }

    /** Whether the residual and the constraint's miss are all below 10⁻¹² times {@link #noiseScale}. */
    private static boolean noise(double[] r, double miss, double scale) {
        boolean small = Math.abs(miss) < 1e-12 * scale;
        for (double v : r) {
            small &= Math.abs(v) < 1e-12 * scale;
        }
        return small;
    }

    /**
     * The factor, max(1, |μ|/100), by which the doubles' noise in the equations exceeds its size at μ ≤ 100: they
     * weigh payoffs (scaled to at most 1) by μ, so their rounding grows with it (a random 10×10 game's path stalled
     * at μ ≈ 3062, λ ≈ 612, where no Newton step from a point of the path met the fixed thresholds).
     */
    private static double noiseScale(double mu) {
        return Math.max(1, Math.abs(mu) / 100);
    }

    /**
     * Whether the step from a to b passes through the trace's start x₀ again, in the direction it left it: the step
     * crosses the hyperplane t₀·(x − x₀) = 0 from behind (so it runs along t₀ there), and the point of the curve there
     * (Newton on that hyperplane from the step's crossing) lies within 10⁻⁶·(1 + ‖x₀‖∞) of x₀. The curve is then
     * closed — an arm leaving a pitchfork that meets another pitchfork and passes it onto its own mirror image comes
     * back to the first (Wilson's 3×3 example, Shapley 1974, at λ ≈ 1.72 and 3.09) — and going on only goes round
     * again. Package-private for its test.
     */
    boolean closes(double[] x0, double[] t0, double[] a, double[] b) {
        double sa = 0;
        double sb = 0;
        for (int k = 0; k <= n; k++) {
            sa += t0[k] * (a[k] - x0[k]);
            sb += t0[k] * (b[k] - x0[k]);
        }
        if (!(sa < 0 && sb >= 0)) {
            return false;
        }
        double f = -sa / (sb - sa);
        double[] guess = new double[n + 1];
        double size = 0;
        for (int k = 0; k <= n; k++) {
            guess[k] = a[k] + f * (b[k] - a[k]);
            size = Math.max(size, Math.abs(x0[k]));
        }
        double[] p = correct(guess, t0, x0, 20);
        if (p == null) {
            return false;
        }
        double miss = 0;
        for (int k = 0; k <= n; k++) {
            miss = Math.max(miss, Math.abs(p[k] - x0[k]));
        }
        return miss <= 1e-6 * (1 + size);
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
     * Traces from {@link #start} until μ reaches {@code muTarget} (or the limits end it). {@code maxSteps} bounds the
     * accepted steps.
     */
    Result trace(double muTarget, int maxSteps) {
        double[] up = new double[n + 1];
        up[n] = 1;
        return trace(start(), up, muTarget, maxSteps);
    }

    /**
     * Traces from the point x₀ = (y, μ) of the branch, leaving it along the tangent oriented like {@code reference}
     * (path coordinates), until μ reaches {@code muTarget} from below (or the limits end it).
     */
    Result trace(double[] x0, double[] reference, double muTarget, int maxSteps) {
        double[] x = x0.clone();
        List<Point> points = new ArrayList<>();
        List<Integer> singular = new ArrayList<>();
        double[] t = tangent(jacobian(x), reference);
        if (t == null) {
            return new Result(List.of(new Point(java.util.Arrays.copyOf(x, n), x[n], reference)), singular,
                Status.STALLED, 0);
        }
        double sign = orientation;
        points.add(new Point(java.util.Arrays.copyOf(x, n), x[n], t));
        if (muTarget <= x[n]) {
            return new Result(points, singular, Status.REACHED, 0);
        }
        double[] startTangent = t; // neither x nor t is changed in place: each step replaces them
        double h = 0.1;
        int steps = 0;
        while (steps < maxSteps) {
            double[] pred = new double[n + 1];
            for (int k = 0; k <= n; k++) {
                pred[k] = x[k] + h * t[k];
            }
            double[] next = correct(pred, t, pred, 8);
            double[] nt = next == null ? null : tangent(jacobian(next), t);
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
                    double[] et = tangent(jacobian(exact), t);
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
            if (closes(x0, startTangent, x, next)) {
                points.add(new Point(java.util.Arrays.copyOf(next, n), next[n], nt));
                return new Result(points, singular, Status.CLOSED, steps + 1);
            }
            x = next;
            t = nt;
            points.add(new Point(java.util.Arrays.copyOf(x, n), x[n], t));
            steps++;
            h = Math.min(h * 1.5, Math.max(10, 0.05 * Math.abs(x[n])));
        }
        return new Result(points, singular, Status.STEP_LIMIT, steps);
    }
}
