package org.equivariant.testsolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;

/**
 * A tiny external logit-QRE solver speaking the crosscheck protocol, written independently of the library: logit
 * response iteration in doubles. With {@code --bug} it has a deliberate defect: in games where some player has three
 * or more actions it drops the last player's payoffs (treats them as zero). With {@code --pad N} it prints N spaces
 * before its answer, to test that long answers are read while the solver runs.
 */
public final class ExampleSolver {
    private ExampleSolver() {
    }

    public static void main(String[] args) throws Exception {
        boolean bug = args.length > 0 && args[0].equals("--bug");
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
            java.util.Arrays.fill(s[i], 1.0 / m[i]);
        }
        for (int it = 0; it < 20000; it++) {
            double[][] next = new double[n][];
            for (int i = 0; i < n; i++) {
                double[] u = new double[m[i]];
                int[] idx = new int[n];
                for (int k = 0; k < size; k++) {
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
                next[i] = new double[m[i]];
                for (int a = 0; a < m[i]; a++) {
                    next[i][a] = Math.exp(lambda * u[a] - max);
                    z += next[i][a];
                }
                for (int a = 0; a < m[i]; a++) {
                    next[i][a] = 0.5 * s[i][a] + 0.5 * next[i][a] / z;
                }
            }
            s = next;
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
