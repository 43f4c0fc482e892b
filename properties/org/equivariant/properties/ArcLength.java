package org.equivariant.properties;

import java.util.ArrayList;
import java.util.List;

/**
 * Pseudo-arclength continuation of the curve of QREs through a point, on a game's residual written in the properties
 * ({@link BrChainProperty.Logit}, sharing nothing with the solver): the independent check of {@link SymPfProperty},
 * {@link ClArmProperty} and {@link SymArmProperty} that a certified QRE's branch ends at a given singular point.
 */
final class ArcLength {
    private ArcLength() {
    }

    /** The midpoints of certified QRE k's enclosure: where a continuation from that QRE starts. */
    static double[] midpoint(org.equivariant.equilibrium.QreResult r, int k) {
        return r.qres().get(k).enclosure().stream().mapToDouble(x -> x.mid().doubleValue()).toArray();
    }

    /** A residual F(σ, λ) and its Jacobian in σ. */
    interface Residual {
        double[] residual(double[] s, double lambda);

        double[][] jacobian(double[] s, double lambda);
    }

    /**
     * {@link #reaches} in the profiles where the players that play alike at (s, λ) — equal mixtures within 10⁻⁹ —
     * stay alike (one unknown per group of players and action; the rows of each group's first player): the curve of
     * QREs that keeps the QRE's symmetry, which passes a bifurcation that breaks it where the full curve's
     * continuation may turn onto another branch. {@code actions}: every player's action count (the same for all).
     */
    static boolean reachesAlike(BrChainProperty.Logit logit, double[] s, int actions, double lambda, double[] pfork,
                                double star) {
        Alike alike = new Alike(logit, s, actions);
        double[] point = alike.reduce(pfork);
        return walk(alike, alike.reduce(s), lambda, z -> {
            double d = Math.abs(z[point.length] - star);
            for (int k = 0; k < point.length; k++) {
                d = Math.max(d, Math.abs(z[k] - point[k]));
            }
            return d < 0.02;
        });
    }

    /**
     * Whether the curve of QREs through (s, λ), in the profiles where its alike players stay alike, comes within 0.02
     * (‖·‖∞ over (σ, λ)) of one of {@code samples} — points (σ, λ) of another curve, e.g. {@link #samplesAlike}: where
     * a curve of QREs with fewer symmetries leaves one with more at a bifurcation.
     */
    static boolean meets(BrChainProperty.Logit logit, double[] s, int actions, double lambda, List<double[]> samples) {
        Alike alike = new Alike(logit, s, actions);
        return walk(alike, alike.reduce(s), lambda, z -> {
            double[] full = alike.expand(z);
            return samples.stream().anyMatch(p -> distance(p, full) < 0.02);
        });
    }

    /** The points (σ, λ) of the curve of QREs through (s, λ) in the profiles where its alike players stay alike. */
    static List<double[]> samplesAlike(BrChainProperty.Logit logit, double[] s, int actions, double lambda) {
        Alike alike = new Alike(logit, s, actions);
        return samples(alike, alike.reduce(s), lambda).stream().map(alike::expand).toList();
    }

    /** The points (x, λ) of the curve of zeros of {@code residual} through (s, λ), as {@link #reaches} follows it. */
    static List<double[]> samples(Residual residual, double[] s, double lambda) {
        List<double[]> out = new ArrayList<>();
        walk(residual, s, lambda, z -> {
            out.add(z.clone());
            return false;
        });
        return out;
    }

    /**
     * The residual restricted to the profiles where the players alike at s stay alike: one unknown per group of
     * players and action, the rows of each group's first player.
     */
    private static final class Alike implements Residual {
        private final BrChainProperty.Logit logit;
        private final int[] orbit;
        private final int[] rep;

        Alike(BrChainProperty.Logit logit, double[] s, int actions) {
            this.logit = logit;
            int players = s.length / actions;
            int[] leader = new int[players];
            for (int i = 0; i < players; i++) {
                leader[i] = i;
                for (int j = 0; j < i && leader[i] == i; j++) {
                    boolean alike = true;
                    for (int a = 0; a < actions; a++) {
                        alike &= Math.abs(s[i * actions + a] - s[j * actions + a]) < 1e-9;
                    }
                    leader[i] = alike ? leader[j] : i;
                }
            }
            List<Integer> leaders = java.util.stream.IntStream.range(0, players).filter(i -> leader[i] == i).boxed()
                .toList();
            orbit = new int[s.length];
            rep = new int[leaders.size() * actions];
            for (int c = 0; c < s.length; c++) {
                orbit[c] = leaders.indexOf(leader[c / actions]) * actions + c % actions;
            }
            for (int k = 0; k < rep.length; k++) {
                rep[k] = leaders.get(k / actions) * actions + k % actions; // the group's first player's coordinate
            }
        }

        double[] reduce(double[] x) {
            double[] out = new double[rep.length];
            for (int k = 0; k < rep.length; k++) {
                out[k] = x[rep[k]];
            }
            return out;
        }

        /** A reduced (σ, λ) as the full (σ, λ). */
        double[] expand(double[] z) {
            double[] full = new double[orbit.length + 1];
            for (int c = 0; c < orbit.length; c++) {
                full[c] = z[orbit[c]];
            }
            full[orbit.length] = z[z.length - 1];
            return full;
        }

        @Override
        public double[] residual(double[] x, double lambda) {
            return reduce(logit.residual(java.util.Arrays.copyOf(expand(append(x, lambda)), orbit.length), lambda));
        }

        @Override
        public double[][] jacobian(double[] x, double lambda) {
            double[][] j = logit.jacobian(java.util.Arrays.copyOf(expand(append(x, lambda)), orbit.length), lambda);
            double[][] out = new double[rep.length][rep.length];
            for (int k = 0; k < rep.length; k++) {
                for (int c = 0; c < orbit.length; c++) {
                    out[k][orbit[c]] += j[rep[k]][c];
                }
            }
            return out;
        }

        private static double[] append(double[] x, double lambda) {
            double[] z = java.util.Arrays.copyOf(x, x.length + 1);
            z[x.length] = lambda;
            return z;
        }
    }

    /**
     * Whether the curve of QREs through (s, λ), followed both ways by pseudo-arclength continuation (Newton on the
     * full residual and tᵀ(z − predictor) = 0, steps of at most 0.01 in (σ, λ), the tangent the null vector of
     * the finite-difference [∂F/∂σ | ∂F/∂λ] kept oriented), comes within 0.02 of the point (pfork, λ*) — a
     * singular point computed independently — in ‖·‖∞ over (σ, λ) within 4000 steps, staying in 0 ≤ λ ≤ 4λ.
     */
    static boolean reaches(Residual logit, double[] s, double lambda, double[] pfork, double star) {
        return walk(logit, s, lambda, z -> {
            double d = Math.abs(z[s.length] - star);
            for (int k = 0; k < s.length; k++) {
                d = Math.max(d, Math.abs(z[k] - pfork[k]));
            }
            return d < 0.02;
        });
    }

    /**
     * Follows the curve of QREs through (s, λ) both ways as {@link #reaches} does, until {@code stop} holds at a point
     * (σ, λ) of it (then true).
     */
    private static boolean walk(Residual logit, double[] s, double lambda,
                                java.util.function.Predicate<double[]> stop) {
        for (int dir : new int[] {1, -1}) {
            double[] z = java.util.Arrays.copyOf(s, s.length + 1);
            z[s.length] = lambda;
            double[] t = tangent(logit, z, null);
            for (int k = 0; k < t.length; k++) {
                t[k] *= dir;
            }
            double h = 0.01;
            for (int step = 0; step < 4000 && h > 1e-9; step++) {
                double[] next = corrected(logit, z, t, h);
                if (next == null) {
                    h /= 2;
                    continue;
                }
                t = tangent(logit, next, t);
                z = next;
                if (stop.test(z)) {
                    return true;
                }
                if (z[s.length] < 0 || z[s.length] > 4 * lambda) {
                    break;
                }
                h = Math.min(0.01, 1.5 * h);
            }
        }
        return false;
    }

    /** The unit null vector of [∂F/∂σ | ∂F/∂λ] at z, oriented along {@code previous} (if given). */
    private static double[] tangent(Residual logit, double[] z, double[] previous) {
        int n = z.length - 1;
        double[][] a = augmented(logit, z, previous == null ? unit(n + 1, n) : previous);
        double[] rhs = new double[n + 1];
        rhs[n] = 1;
        BrChainProperty.Logit.solve(a, rhs);
        double norm = 0;
        for (double x : rhs) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k <= n; k++) {
            rhs[k] /= norm;
        }
        return rhs;
    }

    /** [∂F/∂σ | ∂F/∂λ] with the row tᵀ appended. */
    private static double[][] augmented(Residual logit, double[] z, double[] t) {
        int n = z.length - 1;
        double[] sigma = java.util.Arrays.copyOf(z, n);
        double[][] j = logit.jacobian(sigma, z[n]);
        double[] up = logit.residual(sigma, z[n] + 1e-7);
        double[] down = logit.residual(sigma, z[n] - 1e-7);
        double[][] a = new double[n + 1][n + 1];
        for (int r = 0; r < n; r++) {
            System.arraycopy(j[r], 0, a[r], 0, n);
            a[r][n] = (up[r] - down[r]) / 2e-7;
        }
        a[n] = t.clone();
        return a;
    }

    /** Newton from z + h·t on F = 0, tᵀ(x − z − h·t) = 0; null if it fails or moves more than h. */
    private static double[] corrected(Residual logit, double[] z, double[] t, double h) {
        int n = z.length - 1;
        double[] x = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            x[k] = z[k] + h * t[k];
        }
        double[] predicted = x.clone();
        for (int it = 0; it < 20; it++) {
            double[] f = java.util.Arrays.copyOf(logit.residual(java.util.Arrays.copyOf(x, n), x[n]), n + 1);
            for (int k = 0; k <= n; k++) {
                f[n] += t[k] * (x[k] - predicted[k]);
            }
            if (BrChainProperty.Logit.solve(augmented(logit, x, t), f) == 0) {
                return null;
            }
            double move = 0;
            for (int k = 0; k <= n; k++) {
                x[k] -= f[k];
                move = Math.max(move, Math.abs(f[k]));
            }
            if (move < 1e-13) {
                return distance(x, predicted) < h ? x : null;
            }
        }
        return null;
    }

    private static double[] unit(int size, int k) {
        double[] e = new double[size];
        e[k] = 1;
        return e;
    }

    /** max |x_k − y_k|. */
    static double distance(double[] x, double[] y) {
        double d = 0;
        for (int k = 0; k < x.length; k++) {
            d = Math.max(d, Math.abs(x[k] - y[k]));
        }
        return d;
    }
}
