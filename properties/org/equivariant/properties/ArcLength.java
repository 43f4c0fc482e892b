package org.equivariant.properties;

/**
 * Pseudo-arclength continuation of the curve of QREs through a point, on a game's residual written in the properties
 * ({@link BrChainProperty.Logit}, sharing nothing with the solver): the independent check of {@link SymPfProperty},
 * {@link ClArmProperty} and {@link SymArmProperty} that a certified QRE's branch ends at a given singular point.
 */
final class ArcLength {
    private ArcLength() {
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
        java.util.List<Integer> leaders = java.util.stream.IntStream.range(0, players).filter(i -> leader[i] == i)
            .boxed().toList();
        int[] orbit = new int[s.length];
        int[] rep = new int[leaders.size() * actions];
        for (int c = 0; c < s.length; c++) {
            orbit[c] = leaders.indexOf(leader[c / actions]) * actions + c % actions;
        }
        for (int k = 0; k < rep.length; k++) {
            rep[k] = leaders.get(k / actions) * actions + k % actions; // the group's first player's coordinate
        }
        Residual alike = new Residual() {
            double[] expand(double[] x) {
                double[] full = new double[orbit.length];
                for (int c = 0; c < full.length; c++) {
                    full[c] = x[orbit[c]];
                }
                return full;
            }

            @Override
            public double[] residual(double[] x, double lambda) {
                double[] f = logit.residual(expand(x), lambda);
                double[] out = new double[rep.length];
                for (int k = 0; k < rep.length; k++) {
                    out[k] = f[rep[k]];
                }
                return out;
            }

            @Override
            public double[][] jacobian(double[] x, double lambda) {
                double[][] j = logit.jacobian(expand(x), lambda);
                double[][] out = new double[rep.length][rep.length];
                for (int k = 0; k < rep.length; k++) {
                    for (int c = 0; c < orbit.length; c++) {
                        out[k][orbit[c]] += j[rep[k]][c];
                    }
                }
                return out;
            }
        };
        double[] reduced = new double[rep.length];
        double[] point = new double[rep.length];
        for (int k = 0; k < rep.length; k++) {
            reduced[k] = s[rep[k]];
            point[k] = pfork[rep[k]];
        }
        return reaches(alike, reduced, lambda, point, star);
    }

    /**
     * Whether the curve of QREs through (s, λ), followed both ways by pseudo-arclength continuation (Newton on the
     * full residual and tᵀ(z − predictor) = 0, steps of at most 0.01 in (σ, λ), the tangent the null vector of
     * the finite-difference [∂F/∂σ | ∂F/∂λ] kept oriented), comes within 0.02 of the point (pfork, λ*) — a
     * singular point computed independently — in ‖·‖∞ over (σ, λ) within 4000 steps, staying in 0 ≤ λ ≤ 4λ.
     */
    static boolean reaches(Residual logit, double[] s, double lambda, double[] pfork, double star) {
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
                double d = Math.abs(z[s.length] - star);
                for (int k = 0; k < s.length; k++) {
                    d = Math.max(d, Math.abs(z[k] - pfork[k]));
                }
                if (d < 0.02) {
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

    private static double distance(double[] x, double[] y) {
        double d = 0;
        for (int k = 0; k < x.length; k++) {
            d = Math.max(d, Math.abs(x[k] - y[k]));
        }
        return d;
    }
}
