package org.equivariant.testsolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;

/**
 * A tiny external logit-QRE solver speaking the crosscheck protocol, written independently of the library: logit
 * response iteration in doubles. With {@code --bug} it has a deliberate defect: in games where some player has three
 * or more actions it drops the last player's payoffs (treats them as zero). With {@code --pad N} it prints N spaces
 * before its answer, to test that long answers are read while the solver runs. With {@code --continuation} it follows
 * the logit branch from the centroid at λ = 0 to λ instead (Newton's method on the log-probabilities at 400 steps of
 * λ: a path-following solver, which should report the principal branch's QRE), and with {@code --corner} it runs the
 * same Newton's method at λ from a start near a pure profile (each player's last action at 0.98): a QRE of the game,
 * but not always the principal branch's.
 */
public final class ExampleSolver {
    private ExampleSolver() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        boolean bug = mode.equals("--bug");
        int pad = args.length > 1 && args[0].equals("--pad") ? Integer.parseInt(args[1]) : 0;
        JsonNode req = new ObjectMapper().readTree(System.in);
        double lambda = new BigDecimal(rational(req.get("lambda").asText())).doubleValue();
        int n = req.get("players").asInt();
        int[] m = new int[n];
        int size = 1;
        int maxActions = 0;
        for (int i = 0; i < n; i++) {
            m[i] = req.get("actions").get(i).asInt();
            size *= m[i];
            maxActions = Math.max(maxActions, m[i]);
        }
        double[][] pay = new double[n][size];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < size; k++) {
                boolean dropped = bug && maxActions >= 3 && i == n - 1;
                pay[i][k] = dropped ? 0 : new BigDecimal(rational(req.get("payoffs").get(i).get(k).asText()))
                    .doubleValue();
            }
        }
        double[][] s = new double[n][];
        for (int i = 0; i < n; i++) {
            s[i] = new double[m[i]];
            java.util.Arrays.fill(s[i], mode.equals("--corner") ? 0.02 / (m[i] - 1) : 1.0 / m[i]);
            s[i][m[i] - 1] = mode.equals("--corner") ? 0.98 : s[i][m[i] - 1];
        }
        if (mode.equals("--continuation")) {
            for (int step = 1; step <= 400; step++) {
                s = newton(s, lambda * step / 400, m, pay);
            }
        } else if (mode.equals("--corner")) {
            s = newton(s, lambda, m, pay);
        } else {
            for (int it = 0; it < 20000; it++) {
                double[][] next = new double[n][];
                for (int i = 0; i < n; i++) {
                    next[i] = response(s, i, lambda, m, pay);
                    for (int a = 0; a < m[i]; a++) {
                        next[i][a] = 0.5 * s[i][a] + 0.5 * next[i][a];
                    }
                }
                s = next;
            }
        }
        StringBuilder sb = new StringBuilder("{\"profile\": [");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "[" : ", [");
            for (int a = 0; a < m[i]; a++) {
                sb.append(a == 0 ? "" : ", ").append(s[i][a]);
            }
            sb.append(']');
        }
        System.out.print(" ".repeat(pad)); // --pad N: a long answer (N spaces of JSON whitespace first)
        System.out.println(sb.append("]}"));
    }

    /** Player i's logit response to the profile s at λ. */
    private static double[] response(double[][] s, int i, double lambda, int[] m, double[][] pay) {
        int n = m.length;
        double[] u = new double[m[i]];
        int[] idx = new int[n];
        for (int k = 0; k < pay[i].length; k++) {
            double w = 1;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    w *= s[j][idx[j]];
                }
            }
            u[idx[i]] += w * pay[i][k];
            for (int j = 0; j < n; j++) { // player 1 fastest
                if (++idx[j] < m[j]) {
                    break;
                }
                idx[j] = 0;
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double x : u) {
            max = Math.max(max, lambda * x);
        }
        double z = 0;
        double[] r = new double[m[i]];
        for (int a = 0; a < m[i]; a++) {
            r[a] = Math.exp(lambda * u[a] - max);
            z += r[a];
        }
        for (int a = 0; a < m[i]; a++) {
            r[a] /= z;
        }
        return r;
    }

    /** F(y) = y − log(response(σ)) over log-probabilities y, flattened player by player; σ_i = softmax(y_i). */
    private static double[] residual(double[] y, double lambda, int[] m, double[][] pay) {
        double[][] s = profile(y, m);
        double[] f = new double[y.length];
        for (int i = 0, c = 0; i < m.length; i++) {
            double[] r = response(s, i, lambda, m, pay);
            for (int a = 0; a < m[i]; a++, c++) {
                f[c] = y[c] - Math.log(r[a]);
            }
        }
        return f;
    }

    /**
     * Newton's method on F from s (a forward-difference Jacobian, Gaussian elimination with partial pivoting), each
     * step halved until the residual's largest entry falls (at most 40 times).
     */
    private static double[][] newton(double[][] s, double lambda, int[] m, double[][] pay) {
        int dim = 0;
        for (int k : m) {
            dim += k;
        }
        double[] y = new double[dim];
        for (int i = 0, c = 0; i < m.length; i++) {
            for (int a = 0; a < m[i]; a++) {
                y[c++] = Math.log(s[i][a]);
            }
        }
        for (int it = 0; it < 100; it++) {
            double[] f = residual(y, lambda, m, pay);
            double norm = largest(f);
            if (norm < 1e-13) {
                break;
            }
            double[][] a = new double[dim][dim + 1];
            for (int col = 0; col < dim; col++) {
                double h = 1e-7 * Math.max(1, Math.abs(y[col]));
                double[] shifted = y.clone();
                shifted[col] += h;
                double[] g = residual(shifted, lambda, m, pay);
                for (int row = 0; row < dim; row++) {
                    a[row][col] = (g[row] - f[row]) / h;
                }
            }
            for (int row = 0; row < dim; row++) {
                a[row][dim] = -f[row];
            }
            for (int col = 0; col < dim; col++) {
                int pivot = col;
                for (int row = col + 1; row < dim; row++) {
                    pivot = Math.abs(a[row][col]) > Math.abs(a[pivot][col]) ? row : pivot;
                }
                double[] t = a[col];
                a[col] = a[pivot];
                a[pivot] = t;
                for (int row = col + 1; row < dim; row++) {
                    double q = a[row][col] / a[col][col];
                    for (int k = col; k <= dim; k++) {
                        a[row][k] -= q * a[col][k];
                    }
                }
            }
            for (int row = dim - 1; row >= 0; row--) {
                double v = a[row][dim];
                for (int k = row + 1; k < dim; k++) {
                    v -= a[row][k] * a[k][dim];
                }
                a[row][dim] = v / a[row][row];
            }
            double t = 1;
            double[] next = y.clone();
            for (int halving = 0; halving <= 40; halving++, t /= 2) {
                for (int k = 0; k < dim; k++) {
                    next[k] = y[k] + t * a[k][dim];
                }
                if (largest(residual(next, lambda, m, pay)) < norm) {
                    break;
                }
            }
            y = next;
        }
        return profile(y, m);
    }

    /** Each player's softmax of its entries of y. */
    private static double[][] profile(double[] y, int[] m) {
        double[][] s = new double[m.length][];
        for (int i = 0, c = 0; i < m.length; i++) {
            s[i] = new double[m[i]];
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < m[i]; a++) {
                max = Math.max(max, y[c + a]);
            }
            double z = 0;
            for (int a = 0; a < m[i]; a++) {
                s[i][a] = Math.exp(y[c + a] - max);
                z += s[i][a];
            }
            for (int a = 0; a < m[i]; a++, c++) {
                s[i][a] /= z;
            }
        }
        return s;
    }

    /** The largest magnitude of an entry of v (NaN if one is NaN). */
    private static double largest(double[] v) {
        double max = 0;
        for (double x : v) {
            max = Double.isNaN(x) ? Double.NaN : Math.max(max, Math.abs(x));
        }
        return max;
    }

    /** Decimal text of a rational "p/q" or decimal string (enough digits for a double). */
    private static String rational(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return text;
        }
        return new BigDecimal(text.substring(0, slash)).divide(new BigDecimal(text.substring(slash + 1)),
            java.math.MathContext.DECIMAL64).toString();
    }
}
