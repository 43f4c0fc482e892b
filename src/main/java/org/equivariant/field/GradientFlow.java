package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Rational;

/**
 * The policy-gradient flow dθ/dt = ∇_θ J(θ) of a regularized Dec-POMDP objective, or the natural policy-gradient flow
 * dθ/dt = F(θ)⁺∇_θ J(θ) (theorem FLOW-N: same rest points, J increases along it, no reach-probability stiffness),
 * integrated by the adaptive Bogacki–Shampine 3(2) pair in any field (double for the fast path, big decimals for high
 * precision), and plain gradient ascent θ ← θ + η∇J. The integrator stops when max |dθ/dt| falls below
 * {@code gradTol} (converged; for the natural flow max |∇J| ≤ max |dθ/dt|, FLOW-N), or at
 * {@code maxTime} (flow time), {@code maxSteps} or {@code wallSeconds} (elapsed seconds), reported as not converged with
 * the limit that ended it. Besides the error control, the step is capped at
 * 2/L with L a running estimate of the local Lipschitz constant of ∇J (from |k₂ − k₁|/(h/2 |k₁|)): the flow is stiff,
 * and near its limit the embedded error estimate alone lets the step settle on the stability boundary, where the
 * stiff components oscillate instead of decaying.
 */
public final class GradientFlow {
    private GradientFlow() {
    }

    /** Which flow: the plain policy-gradient flow or the natural one (block Fisher metric, theorem FLOW-N). */
    public enum Dynamics {
        GRADIENT("policy-gradient flow d theta/dt = grad J", "max |grad J|"),
        NATURAL("natural policy-gradient flow d theta/dt = F^+ grad J (FLOW-N)", "max |F^+ grad J|");

        private final String text;
        private final String norm;

        Dynamics(String text, String norm) {
            this.text = text;
            this.norm = norm;
        }

        public String text() {
            return text;
        }

        /** What the convergence test bounds: the sup norm of the flow's vector field. */
        public String norm() {
            return norm;
        }

        <T> List<List<List<T>>> field(RegularizedDecPomdp<T> obj, List<List<List<T>>> theta) {
            return this == GRADIENT ? obj.gradient(theta) : obj.naturalDirection(theta);
        }
    }

    /**
     * Integration tolerance, the tolerance on max |dθ/dt| that counts as converged, the three limits (flow time,
     * steps, elapsed seconds), and the dynamics; {@code progress}, if not null, hears about every 100th step.
     */
    public record Options(double tol, double gradTol, double maxTime, int maxSteps, double wallSeconds,
                          Progress progress, Dynamics dynamics) {
        public Options(double tol, double gradTol, double maxTime, int maxSteps, double wallSeconds,
                       Progress progress) {
            this(tol, gradTol, maxTime, maxSteps, wallSeconds, progress, Dynamics.GRADIENT);
        }

        public Options(double tol, double gradTol, double maxTime, int maxSteps) {
            this(tol, gradTol, maxTime, maxSteps, Double.POSITIVE_INFINITY, null);
        }

        public static Options defaults() {
            return new Options(1e-8, 1e-9, 1e6, 20_000);
        }

        /** These options with another dynamics. */
        public Options with(Dynamics d) {
            return new Options(tol, gradTol, maxTime, maxSteps, wallSeconds, progress, d);
        }
    }

    /** Told the flow time, max |dθ/dt| and steps so far. */
    @FunctionalInterface
    public interface Progress {
        void at(double time, double gradNorm, int steps);
    }

    /** Why a flow stopped: the gradient tolerance was met, or which limit ended it. */
    public enum Stop {
        CONVERGED("max |grad J| below the tolerance"), STEPS("the step limit"), FLOW_TIME("the flow-time limit"),
        WALL_CLOCK("the time limit");

        private final String text;

        Stop(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * The end point, the time reached, the final max |dθ/dt| (for the natural flow an upper bound on max |∇J|), the
     * steps taken, why it stopped, and the smallest
     * probability of any action at any accepted step (an estimate; compare with FLOW-1's floor).
     */
    public record Result<T>(List<List<List<T>>> theta, double time, double gradNorm, int steps, Stop stop,
                            double minProbability) {
        public boolean converged() {
            return stop == Stop.CONVERGED;
        }
    }

    public static <T> Result<T> flow(RegularizedDecPomdp<T> obj, List<List<List<T>>> theta0, ExpField<T> f,
                                     Options o) {
        List<T> y = flatten(theta0);
        double h = 0.1;
        double time = 0;
        Dynamics dyn = o.dynamics();
        List<T> k1 = flatten(dyn.field(obj, theta0));
        int steps = 0;
        double minP = minProbability(obj, theta0, f);
        long deadline = o.wallSeconds() >= 1e9 ? Long.MAX_VALUE : System.nanoTime() + (long) (o.wallSeconds() * 1e9);
        // the Bogacki–Shampine tableau, converted into the field once (not once per parameter and step)
        T a21 = c(f, 1, 2);
        T a32 = c(f, 3, 4);
        T b1 = c(f, 2, 9);
        T b2 = c(f, 1, 3);
        T b3 = c(f, 4, 9);
        T e1 = c(f, -5, 72);
        T e2 = c(f, 1, 12);
        T e3 = c(f, 1, 9);
        T e4 = c(f, -1, 8);
        Stop stop;
        while (true) {
            double gn = norm(k1, f);
            if (gn < o.gradTol()) {
                return new Result<>(unflatten(y, theta0), time, gn, steps, Stop.CONVERGED, minP);
            }
            stop = steps >= o.maxSteps() ? Stop.STEPS : time >= o.maxTime() ? Stop.FLOW_TIME
                : System.nanoTime() > deadline ? Stop.WALL_CLOCK : null;
            if (stop != null) {
                break;
            }
            if (o.progress() != null && steps % 100 == 0) {
                o.progress().at(time, gn, steps);
            }
            T hh = f.of(Rational.of(new java.math.BigDecimal(h)));
            List<T> k2 = flatten(dyn.field(obj, unflatten(axpy(y, k1, f.multiply(hh, a21), f), theta0)));
            List<T> k3 = flatten(dyn.field(obj, unflatten(axpy(y, k2, f.multiply(hh, a32), f), theta0)));
            double dk = 0;
            for (int k = 0; k < y.size(); k++) {
                dk = Math.max(dk, Math.abs(f.estimate(k2.get(k)) - f.estimate(k1.get(k))));
            }
            double lipschitz = dk / (h / 2 * Math.max(gn, Double.MIN_NORMAL));
            List<T> ynew = new ArrayList<>(y.size());
            for (int k = 0; k < y.size(); k++) {
                T incr = f.add(f.add(f.multiply(b1, k1.get(k)), f.multiply(b2, k2.get(k))), f.multiply(b3,
                    k3.get(k)));
                ynew.add(f.add(y.get(k), f.multiply(hh, incr)));
            }
            List<T> k4 = flatten(dyn.field(obj, unflatten(ynew, theta0)));
            double err = 0;
            for (int k = 0; k < y.size(); k++) {
                T e = f.add(f.add(f.multiply(e1, k1.get(k)), f.multiply(e2, k2.get(k))), f.add(f.multiply(e3,
                    k3.get(k)), f.multiply(e4, k4.get(k))));
                err = Math.max(err, Math.abs(h * f.estimate(e)));
            }
            steps++;
            if (!Double.isFinite(err) || !Double.isFinite(lipschitz)) {
                // the trial point left the range of doubles (an overshooting first step): reject it, shrink the step
                h /= 5;
                continue;
            }
            if (err <= o.tol() || h < 1e-12) {
                y = ynew;
                k1 = k4;
                time += h;
                minP = Math.min(minP, minProbability(obj, unflatten(y, theta0), f));
            }
            double factor = err == 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * Math.cbrt(o.tol() / err)));
            h = Math.min(h * factor, lipschitz > 0 ? 2 / lipschitz : h * factor);
        }
        return new Result<>(unflatten(y, theta0), time, norm(k1, f), steps, stop, minP);
    }

    private static <T> double minProbability(RegularizedDecPomdp<T> obj, List<List<List<T>>> theta, ExpField<T> f) {
        double m = 1;
        for (T p : flatten(obj.policy(theta))) {
            m = Math.min(m, f.estimate(p));
        }
        return m;
    }

    /** {@code steps} steps of gradient ascent θ ← θ + η ∇J(θ). */
    public static <T> List<List<List<T>>> ascend(RegularizedDecPomdp<T> obj, List<List<List<T>>> theta, Rational eta,
                                                 int steps, ExpField<T> f) {
        List<T> y = flatten(theta);
        for (int s = 0; s < steps; s++) {
            y = axpy(y, flatten(obj.gradient(unflatten(y, theta))), f.of(eta), f);
        }
        return unflatten(y, theta);
    }

    private static <T> T c(ExpField<T> f, int p, int q) {
        return f.of(Rational.of(p, q));
    }

    private static <T> List<T> axpy(List<T> y, List<T> x, T a, ExpField<T> f) {
        List<T> out = new ArrayList<>(y.size());
        for (int k = 0; k < y.size(); k++) {
            out.add(f.add(y.get(k), f.multiply(a, x.get(k))));
        }
        return out;
    }

    private static <T> double norm(List<T> v, ExpField<T> f) {
        double m = 0;
        for (T x : v) {
            m = Math.max(m, Math.abs(f.estimate(x)));
        }
        return m;
    }

    public static <T> List<T> flatten(List<? extends List<? extends List<T>>> x) {
        List<T> out = new ArrayList<>();
        for (List<? extends List<T>> a : x) {
            for (List<T> b : a) {
                out.addAll(b);
            }
        }
        return out;
    }

    public static <T, U> List<List<List<T>>> unflatten(List<T> flat, List<List<List<U>>> shape) {
        List<List<List<T>>> out = new ArrayList<>();
        int k = 0;
        for (List<List<U>> a : shape) {
            List<List<T>> rows = new ArrayList<>();
            for (List<U> b : a) {
                rows.add(new ArrayList<>(flat.subList(k, k + b.size())));
                k += b.size();
            }
            out.add(rows);
        }
        return out;
    }
}
