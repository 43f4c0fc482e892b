package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;

/**
 * The checker's derivation of the contraction matrix of theorem MQRE-U (proofs/MQRE-U.md) for a discounted Markov game at temperature τ and step
 * η ∈ (0, 1/τ], in exact rationals. For agents i, k (k ≠ i) and states s, with the soft-value span bound
 * Σ_i = (Δr_i + τ·ℓ_i)/(1 − γδ) (Δr_i the range of r_i, ℓ_i ≥ log(max_s |A_i(s)| / min_s |A_i(s)|) a rational upper
 * bound, δ the transitions' {@link #dobrushin Dobrushin coefficient}):
 * <ul>
 *   <li>D̂_ik = max_s (D_ik^r(s) + γ·E_ik(s)·Σ_i): the stage game's interaction contrast (UNIQ-H) of r_i plus the
 *       largest ½‖P(·|a_i,b) − P(·|a_i,b′) − P(·|a_i′,b) + P(·|a_i′,b′)‖₁ (same a_{−ik}) times γΣ_i;</li>
 *   <li>F̂_i = max_s max_{b,b′,a_{−i}} TV(P(·|s,b,a_{−i}), P(·|s,b′,a_{−i})) (own action moves the next state);</li>
 *   <li>Ŝ_i = max_s (max_b sp_{a_{−i}} r_i(s,b,·) + γ·G_i(s)·Σ_i), G_i(s) = max_{b,a_{−i},a′_{−i}} TV(P(·|s,b,a_{−i}),
 *       P(·|s,b,a′_{−i})).</li>
 * </ul>
 * The 2n × 2n matrix 𝕄 acts on (x, y) — x_i the largest Hilbert distance of agent i's policies over states, y_i the
 * sup distance of its soft values: row x_i has |1 − ητ| on x_i, η D̂_ik/4 on x_k and 2γηF̂_i on y_i; row y_i has
 * Ŝ_i/4 on x_k (k ≠ i) and γ on y_i. A Perron certificate 𝕄w ≤ κw with κ &lt; 1 proves the Markov QRE unique.
 */
public record MarkovContraction(Rational tau, Rational eta, Rational gamma, List<Rational> sigma,
                                List<List<Rational>> dHat, List<Rational> fHat, List<Rational> sHat,
                                List<List<Rational>> matrix) {

    public static MarkovContraction of(MarkovGame g, Rational tau, Rational eta) {
        checkStep(tau, eta);
        int n = g.numAgents();
        Rational gamma = g.discount();
        Rational divisor = spanDivisor(g);
        List<Rational> sigma = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sigma.add(spanBase(g, i, tau).divide(divisor));
        }
        List<List<Rational>> dHat = dHat(g, sigma);
        List<Rational> fHat = new ArrayList<>();
        List<Rational> sHat = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Rational sr = Rational.ZERO;
            for (int s = 0; s < g.numStates(); s++) {
                sr = sr.max(othersSpan(g, s, i).add(gamma.multiply(othersMove(g, s, i)).multiply(sigma.get(i))));
            }
            fHat.add(fHat(g, i));
            sHat.add(sr);
        }
        return new MarkovContraction(tau, eta, gamma, sigma, dHat, fHat, sHat, matrix(tau, eta, gamma, dHat, fHat,
            sHat));
    }

    /** 𝕄(τ, η′) from these constants, which do not depend on the step η′ ∈ (0, 1/τ] (checked as in {@link #of}). */
    public MarkovContraction at(Rational step) {
        checkStep(tau, step);
        return new MarkovContraction(tau, step, gamma, sigma, dHat, fHat, sHat, matrix(tau, step, gamma, dHat, fHat,
            sHat));
    }

    /** 𝕄's rows x_i and y_i from the constants (see the class comment). */
    private static List<List<Rational>> matrix(Rational tau, Rational step, Rational gamma, List<List<Rational>> dHat,
                                               List<Rational> fHat, List<Rational> sHat) {
        int n = fHat.size();
        List<List<Rational>> m = new ArrayList<>();
        Rational quarter = Rational.of(1, 4);
        Rational keep = Rational.ONE.subtract(step.multiply(tau)).abs();
        for (int i = 0; i < n; i++) {
            List<Rational> row = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                row.add(k == i ? keep : step.multiply(dHat.get(i).get(k)).multiply(quarter));
            }
            for (int k = 0; k < n; k++) {
                row.add(k == i ? Rational.of(2).multiply(gamma).multiply(step).multiply(fHat.get(i)) : Rational.ZERO);
            }
            m.add(row);
        }
        for (int i = 0; i < n; i++) {
            List<Rational> row = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                row.add(k == i ? Rational.ZERO : sHat.get(i).multiply(quarter));
            }
            for (int k = 0; k < n; k++) {
                row.add(k == i ? gamma : Rational.ZERO);
            }
            m.add(row);
        }
        return m;
    }

    /**
     * Null if w &gt; 0 and 𝕄w ≤ κw hold exactly with κ &lt; 1 (the claim of MQRE-U), else the first violation.
     */
    public String problem(List<Rational> w, Rational kappa) {
        return perronProblem(matrix, w, kappa);
    }

    /** Null if w &gt; 0 and Mw ≤ κw hold exactly with κ &lt; 1 for the non-negative matrix M, else the first violation. */
    static String perronProblem(List<List<Rational>> matrix, List<Rational> w, Rational kappa) {
        if (w.size() != matrix.size()) {
            return "w has " + w.size() + " entries, the contraction matrix " + matrix.size() + " rows";
        }
        if (kappa.compareTo(Rational.ONE) >= 0) {
            return "κ = " + kappa + " is not below 1";
        }
        for (int l = 0; l < w.size(); l++) {
            if (w.get(l).signum() <= 0) {
                return "w_" + (l + 1) + " = " + w.get(l) + " is not positive";
            }
        }
        for (int l = 0; l < matrix.size(); l++) {
            Rational mw = Rational.ZERO;
            for (int k = 0; k < w.size(); k++) {
                mw = mw.add(matrix.get(l).get(k).multiply(w.get(k)));
            }
            if (mw.compareTo(kappa.multiply(w.get(l))) > 0) {
                return "(𝕄w)_" + (l + 1) + " = " + mw + " exceeds κ w_" + (l + 1) + " = " + kappa.multiply(w.get(l));
            }
        }
        return null;
    }

    /**
     * D̂_ik = max_s (D^r_ik(s) + γE_ik(s)Σ_i) for k ≠ i (0 on the diagonal): the stage games' interaction contrasts
     * with continuation values of span at most Σ_i.
     */
    static List<List<Rational>> dHat(MarkovGame g, List<Rational> sigma) {
        int n = g.numAgents();
        List<List<Rational>> dHat = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Rational> row = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Rational best = Rational.ZERO;
                if (k != i) {
                    for (int s = 0; s < g.numStates(); s++) {
                        best = best.max(contrast(g, s, i, k, false).add(g.discount().multiply(contrast(g, s, i, k,
                            true)).multiply(sigma.get(i))));
                    }
                }
                row.add(best);
            }
            dHat.add(row);
        }
        return dHat;
    }

    /** Refuses τ ≤ 0 or a step outside (0, 1/τ]. */
    static void checkStep(Rational tau, Rational eta) {
        if (tau.signum() <= 0 || eta.signum() <= 0 || eta.multiply(tau).compareTo(Rational.ONE) > 0) {
            throw new IllegalArgumentException("needs τ > 0 and 0 < η ≤ 1/τ");
        }
    }

    /** F̂_i = max_s F_i(s): the largest TV of the next state when agent i alone changes its action. */
    static Rational fHat(MarkovGame g, int i) {
        Rational f = Rational.ZERO;
        for (int s = 0; s < g.numStates(); s++) {
            f = f.max(ownMove(g, s, i));
        }
        return f;
    }

    /**
     * δ ≥ max TV(P(·|s, a), P(·|s′, a′)) over every two states and joint actions (the transitions' Dobrushin
     * coefficient, at most 1): a soft Bellman step maps values of span S to values of span at most Δr_i + τℓ_i + γδS,
     * so Σ_i = (Δr_i + τℓ_i)/(1 − γδ) bounds the span on an invariant set holding every Markov QRE (MQRE-U). The
     * maximum itself over the distinct next-state distributions where their pairs times the states number at most
     * {@link #PAIRS}, else Doeblin's bound 1 − Σ_s′ min over all distributions of P(s′).
     */
    static Rational dobrushin(MarkovGame g) {
        return dobrushin(g, PAIRS);
    }

    /** {@link #dobrushin(MarkovGame)} with the given limit on pairs times states. */
    static Rational dobrushin(MarkovGame g, double pairs) {
        java.util.Set<List<Rational>> rows = new java.util.LinkedHashSet<>();
        for (int s = 0; s < g.numStates(); s++) {
            for (int a = 0; a < g.numJointActions(s); a++) {
                rows.add(next(g, s, a));
            }
        }
        List<List<Rational>> d = List.copyOf(rows);
        if ((double) d.size() * (d.size() - 1) / 2 * g.numStates() > pairs) {
            Rational common = Rational.ZERO;
            for (int s2 = 0; s2 < g.numStates(); s2++) {
                Rational least = Rational.ONE;
                for (List<Rational> row : d) {
                    least = least.min(row.get(s2));
                }
                common = common.add(least);
            }
            return Rational.ONE.subtract(common);
        }
        Rational best = Rational.ZERO;
        for (int x = 0; x < d.size() && best.compareTo(Rational.ONE) < 0; x++) {
            for (int y = x + 1; y < d.size(); y++) {
                best = best.max(tv(g.numStates(), d.get(x)::get, d.get(y)::get));
            }
        }
        return best;
    }

    /**
     * 1 − γδ: a per-stage span s of rewards and entropies gives values of span at most s/(1 − γδ), since a step
     * P_π averages rows P(·|s, a) any two of which are at most δ apart in TV (MQRE-U, NPG-EX Lemma 1).
     */
    static Rational spanDivisor(MarkovGame g) {
        return Rational.ONE.subtract(g.discount().multiply(dobrushin(g)));
    }

    /** The most pairs of distinct next-state distributions times states for which δ is the exact maximum. */
    static final double PAIRS = 1e5;

    /** Δr_i + τℓ_i: (1 − γδ) times the bound Σ_i on the span of agent i's values. */
    static Rational spanBase(MarkovGame g, int i, Rational tau) {
        return rewardRange(g, i).add(tau.multiply(actionLog(g, i)));
    }

    /** Δr_i: the range of r_i over every state and joint action. */
    static Rational rewardRange(MarkovGame g, int i) {
        return rewardSpan(g, i, 0, g.numStates());
    }

    /** The range of r_i over the joint actions of the states from (inclusive) to to (exclusive). */
    private static Rational rewardSpan(MarkovGame g, int i, int from, int to) {
        Rational lo = null;
        Rational hi = null;
        for (int s = from; s < to; s++) {
            for (int a = 0; a < g.numJointActions(s); a++) {
                Rational r = g.reward(s, a, i);
                lo = lo == null ? r : lo.min(r);
                hi = hi == null ? r : hi.max(r);
            }
        }
        return hi.subtract(lo);
    }

    /** ℓ_i: a rational upper bound of log(max_s |A_i(s)| / min_s |A_i(s)|), 0 when the counts agree. */
    static Rational actionLog(MarkovGame g, int i) {
        int mMin = Integer.MAX_VALUE;
        int mMax = 0;
        for (int s = 0; s < g.numStates(); s++) {
            mMin = Math.min(mMin, g.actionCounts(s)[i]);
            mMax = Math.max(mMax, g.actionCounts(s)[i]);
        }
        return logUpper(mMax, mMin);
    }

    /** A rational upper bound of log(a/b), a ≥ b ≥ 1 (0 when equal), from a 30-digit interval enclosure. */
    static Rational logUpper(int a, int b) {
        if (a == b) {
            return Rational.ZERO;
        }
        IntervalField f = new IntervalField(30);
        return Rational.of(f.log(f.of(Rational.of(a, b))).hi());
    }

    /**
     * The largest second difference over agent i's and agent k's actions (others fixed): of r_i if {@code transition}
     * is false, else ½‖Δ²P‖₁ of the next-state distribution.
     */
    static Rational contrast(MarkovGame g, int s, int i, int k, boolean transition) {
        int[] counts = g.actionCounts(s);
        Rational best = Rational.ZERO;
        for (int a = 0; a < g.numJointActions(s); a++) {
            int[] c = DecPomdp.components(counts, a);
            for (int ai = 0; ai < counts[i]; ai++) {
                for (int b = 0; b < counts[k]; b++) {
                    if (ai == c[i] || b == c[k]) {
                        continue; // pairs (c_i, ai) × (c_k, b) with both different; equal ones contribute 0
                    }
                    int[] x = c.clone();
                    x[k] = b;
                    int ab = DecPomdp.jointIndex(counts, x);
                    x[i] = ai;
                    int aib = DecPomdp.jointIndex(counts, x);
                    x[k] = c[k];
                    int ai0 = DecPomdp.jointIndex(counts, x);
                    if (transition) {
                        Rational l1 = Rational.ZERO;
                        for (int s2 = 0; s2 < g.numStates(); s2++) {
                            l1 = l1.add(g.transition(s, a, s2).subtract(g.transition(s, ab, s2)).subtract(g.transition(
                                s, ai0, s2)).add(g.transition(s, aib, s2)).abs());
                        }
                        best = best.max(l1.multiply(Rational.of(1, 2)));
                    } else {
                        best = best.max(g.reward(s, a, i).subtract(g.reward(s, ab, i)).subtract(g.reward(s, ai0, i))
                            .add(g.reward(s, aib, i)).abs());
                    }
                }
            }
        }
        return best;
    }

    /** TV between next-state distributions of two joint actions of state s. */
    static Rational tv(MarkovGame g, int s, int a, int b) {
        return tv(g.numStates(), s2 -> g.transition(s, a, s2), s2 -> g.transition(s, b, s2));
    }

    /** P(·|s, a) as a list over the states. */
    private static List<Rational> next(MarkovGame g, int s, int a) {
        List<Rational> row = new ArrayList<>();
        for (int s2 = 0; s2 < g.numStates(); s2++) {
            row.add(g.transition(s, a, s2));
        }
        return row;
    }

    /** TV between two distributions over the same states, read entry by entry (no copies in the contrast loops). */
    private static Rational tv(int states, java.util.function.IntFunction<Rational> p,
                               java.util.function.IntFunction<Rational> q) {
        Rational sum = Rational.ZERO;
        for (int k = 0; k < states; k++) {
            sum = sum.add(p.apply(k).subtract(q.apply(k)).abs());
        }
        return sum.multiply(Rational.of(1, 2));
    }

    /** F_i(s): the largest TV of the next state when agent i alone changes its action. */
    static Rational ownMove(MarkovGame g, int s, int i) {
        return moves(g, s, i, true, false);
    }

    /** G_i(s): the largest TV of the next state when the others change their actions (agent i's fixed). */
    static Rational othersMove(MarkovGame g, int s, int i) {
        return moves(g, s, i, false, false);
    }

    /** max_b sp_{a_{−i}} r_i(s, b, ·). */
    static Rational othersSpan(MarkovGame g, int s, int i) {
        return moves(g, s, i, false, true);
    }

    /** The largest change of r_i(s, ·) when agent i alone changes its action. */
    static Rational ownSpan(MarkovGame g, int s, int i) {
        return moves(g, s, i, true, true);
    }

    /** sp_a r_i(s, ·) over all joint actions of s. */
    static Rational jointSpan(MarkovGame g, int s, int i) {
        return rewardSpan(g, i, s, s + 1);
    }

    /** The largest TV between the next-state distributions of two joint actions of s. */
    static Rational anyMove(MarkovGame g, int s) {
        Rational best = Rational.ZERO;
        for (int a = 0; a < g.numJointActions(s); a++) {
            for (int b = a + 1; b < g.numJointActions(s); b++) {
                best = best.max(tv(g, s, a, b));
            }
        }
        return best;
    }

    /**
     * The largest difference between two joint actions of state s that agree in agent i's action (own = false) or in
     * every other agent's action (own = true): TV of next states, or |Δr_i| if {@code reward}.
     */
    private static Rational moves(MarkovGame g, int s, int i, boolean own, boolean reward) {
        int[] counts = g.actionCounts(s);
        Rational best = Rational.ZERO;
        for (int a = 0; a < g.numJointActions(s); a++) {
            int[] c = DecPomdp.components(counts, a);
            for (int b = a + 1; b < g.numJointActions(s); b++) {
                int[] d = DecPomdp.components(counts, b);
                boolean sameOthers = true;
                for (int j = 0; j < counts.length; j++) {
                    if (j != i && c[j] != d[j]) {
                        sameOthers = false;
                    }
                }
                if (own ? !sameOthers : c[i] != d[i]) {
                    continue;
                }
                best = best.max(reward ? g.reward(s, a, i).subtract(g.reward(s, b, i)).abs() : tv(g, s, a, b));
            }
        }
        return best;
    }
}
