package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Field;
import org.equivariant.arith.Rational;

/**
 * Self-play, cross-play and greedification of Dec-POMDP joint policies ([agent][history][action]).
 * SP(A) = J(A); XP(A, B) is the mean of J over the 2ⁿ − 2 mixtures that take each agent's policy from A or from B,
 * not all from one (for two agents ½[J(A₁,B₂) + J(B₁,A₂)], forkel2025 §7).
 */
public final class Play {
    private Play() {
    }

    /** Tie rule of greedification. */
    public enum TieRule {
        /** Uniform over the maximal actions: the expectation of uniformly random tie-breaking; keeps equivariance. */
        UNIFORM,
        /** The lowest-index maximal action: not equivariant. */
        LOWEST_INDEX
    }

    /**
     * Cross-play XP(a, b): the mean of {@link #mixedReturns} over the 2ⁿ − 2 assignments that take some agents' policies
     * from a and the others' from b.
     */
    public static <T> T crossPlay(DecPomdpEvaluator<T> eval, List<? extends List<? extends List<T>>> a,
                                  List<? extends List<? extends List<T>>> b) {
        Field<T> f = eval.field();
        List<T> r = mixedReturns(eval, a, b);
        T sum = f.zero();
        for (T x : r) {
            sum = f.add(sum, x);
        }
        return f.divide(sum, f.of(Rational.of(r.size())));
    }

    /**
     * The return of each mixed assignment, in order of the mask 1 .. 2ⁿ − 2: agent i plays its policy from a when bit
     * i of the mask is set, from b otherwise.
     */
    public static <T> List<T> mixedReturns(DecPomdpEvaluator<T> eval, List<? extends List<? extends List<T>>> a,
                                           List<? extends List<? extends List<T>>> b) {
        int n = a.size();
        List<T> out = new ArrayList<>();
        for (int mask = 1; mask < (1 << n) - 1; mask++) {
            List<List<? extends List<T>>> mix = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                mix.add((mask >> i & 1) == 1 ? a.get(i) : b.get(i));
            }
            out.add(eval.expectedReturn(mix));
        }
        return out;
    }

    /**
     * The greedy policy: at every history, the actions whose probability is within {@code tolerance} of the largest
     * are maximal; the rule chooses among them. Exact rational output.
     */
    public static List<List<List<Rational>>> greedify(List<? extends List<? extends List<Double>>> policy,
                                                      TieRule rule, double tolerance) {
        List<List<List<Rational>>> out = new ArrayList<>();
        for (List<? extends List<Double>> agent : policy) {
            List<List<Rational>> rows = new ArrayList<>();
            for (List<Double> row : agent) {
                double max = row.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
                List<Integer> best = new ArrayList<>();
                for (int k = 0; k < row.size(); k++) {
                    if (row.get(k) >= max - tolerance) {
                        best.add(k);
                    }
                }
                List<Rational> g = new ArrayList<>();
                for (int k = 0; k < row.size(); k++) {
                    boolean chosen = rule == TieRule.UNIFORM ? best.contains(k) : k == best.get(0);
                    g.add(chosen ? Rational.of(1, rule == TieRule.UNIFORM ? best.size() : 1) : Rational.ZERO);
                }
                rows.add(g);
            }
            out.add(rows);
        }
        return out;
    }

    /** max |π − π'| over all entries, as a double. */
    public static double distance(List<? extends List<? extends List<Double>>> a,
                                  List<? extends List<? extends List<Double>>> b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int h = 0; h < a.get(i).size(); h++) {
                for (int k = 0; k < a.get(i).get(h).size(); k++) {
                    d = Math.max(d, Math.abs(a.get(i).get(h).get(k) - b.get(i).get(h).get(k)));
                }
            }
        }
        return d;
    }
}
