package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Field;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;

/**
 * Exact evaluation of a finite-horizon Dec-POMDP under a joint policy given per agent and history
 * ({@code policy.get(i).get(h).get(a)} = π_i(a | h), h a global {@link Histories} index), in any field.
 *
 * <p>Forward pass: P_0(s, ∅) = b₀(s), P_{t+1}(s', h·(a,o)) = Σ_s P_t(s,h) π(a|h) T(s'|s,a) O(o|a,s'). Backward pass with an
 * optional per-step bonus β_t(h) (the visitation-weighted entropy of form A): Q_t(s,h,a) = r(s,a) + γ Σ_{s',o} T O
 * V_{t+1}(s', h·(a,o)), V_t(s,h) = β_t(h) + Σ_a π(a|h) Q_t(s,h,a), V_H = 0. The value is Σ_s b₀(s) V_0(s, ∅); the
 * partial derivative with respect to a free coordinate π_i(a|h_i), h_i at time t, is
 * γ^t Σ_{s,h_{−i}} P_t(s,h) Σ_{a_{−i}} π_{−i}(a_{−i}|h_{−i}) Q_t(s,h,(a,a_{−i})) (forkel2025 §3.4).
 * Joint histories with structurally zero probability are skipped.
 */
public final class DecPomdpEvaluator<T> {
    private final DecPomdp m;
    private final Field<T> f;
    private final int horizon;
    private final int n;
    private final int ns;
    private final int[] ac;
    private final int[] oc;
    private final int nja;
    private final int njo;
    private final Histories[] hist;
    private final int[][][] trNext;  // [ja][s] → the s' with T(s'|s,a) > 0
    private final Object[][][] tr;   // [ja][s] → those T(s'|s,a)
    private final int[][][] obNext;  // [ja][s'] → the o with O(o|a,s') > 0
    private final Object[][][] ob;   // [ja][s'] → those O(o|a,s')
    private final Object[][] rew;    // [s][ja]
    private final Object[] b0;
    private final T gamma;
    private final int[][] jaComp;
    private final int[][] joComp;

    /**
     * The number of (state, joint history) entries of the reach and value tables up to horizon H:
     * Σ_{t&lt;H} |S|·Π_i (|A_i||O_i|)^t, as a double (no overflow), for refusing a horizon before it is tried.
     */
    public static double tableEntries(DecPomdp m, int horizon) {
        double total = 0;
        double joint = 1;
        int[] ac = m.actionCounts();
        int[] oc = m.observationCounts();
        for (int t = 0; t < horizon; t++) {
            total += m.numStates() * joint;
            for (int i = 0; i < ac.length; i++) {
                joint *= (double) ac[i] * oc[i];
            }
        }
        return total;
    }

    /** Refuses (before any allocation) a horizon whose tables would exceed {@code limits}. */
    public static void checkHorizon(DecPomdp m, int horizon, org.equivariant.work.Limits limits) {
        limits.checkEntries(tableEntries(m, horizon), "horizon " + horizon + " of " + m.name() + " (the reach and "
            + "value tables over states × joint action-observation histories)");
    }

    public DecPomdpEvaluator(DecPomdp m, int horizon, Field<T> f) {
        checkHorizon(m, horizon, new org.equivariant.work.Limits(1, Integer.MAX_VALUE - 8));
        this.m = m;
        this.f = f;
        this.horizon = horizon;
        this.n = m.numAgents();
        this.ns = m.numStates();
        this.ac = m.actionCounts();
        this.oc = m.observationCounts();
        this.nja = m.numJointActions();
        this.njo = m.numJointObservations();
        this.hist = new Histories[n];
        for (int i = 0; i < n; i++) {
            hist[i] = new Histories(ac[i], oc[i], horizon);
        }
        trNext = new int[nja][ns][];
        tr = new Object[nja][ns][];
        obNext = new int[nja][ns][];
        ob = new Object[nja][ns][];
        for (int a = 0; a < nja; a++) {
            for (int s = 0; s < ns; s++) {
                trNext[a][s] = columns(m.transitions(), a * ns + s);
                tr[a][s] = values(m.transitions(), a * ns + s, f);
                obNext[a][s] = columns(m.observationTable(), a * ns + s);
                ob[a][s] = values(m.observationTable(), a * ns + s, f);
            }
        }
        rew = new Object[ns][nja];
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < nja; a++) {
                rew[s][a] = f.of(m.expectedReward(s, a));
            }
        }
        b0 = new Object[ns];
        for (int s = 0; s < ns; s++) {
            b0[s] = m.initial().get(s).isZero() ? null : f.of(m.initial().get(s));
        }
        gamma = f.of(m.discount());
        jaComp = new int[nja][];
        for (int a = 0; a < nja; a++) {
            jaComp[a] = DecPomdp.components(ac, a);
        }
        joComp = new int[njo][];
        for (int o = 0; o < njo; o++) {
            joComp[o] = DecPomdp.components(oc, o);
        }
    }

    private static int[] columns(org.equivariant.game.SparseRows rows, int r) {
        int[] c = new int[rows.end(r) - rows.start(r)];
        for (int k = 0; k < c.length; k++) {
            c[k] = rows.column(rows.start(r) + k);
        }
        return c;
    }

    private static <T> Object[] values(org.equivariant.game.SparseRows rows, int r, Field<T> f) {
        Object[] v = new Object[rows.end(r) - rows.start(r)];
        for (int k = 0; k < v.length; k++) {
            v[k] = f.of(rows.value(rows.start(r) + k));
        }
        return v;
    }

    public DecPomdp model() {
        return m;
    }

    public int horizon() {
        return horizon;
    }

    public Histories histories(int agent) {
        return hist[agent];
    }

    public Field<T> field() {
        return f;
    }

    /** Number of joint histories at time t (product of the agents' counts). */
    private int jointCount(int t) {
        int c = 1;
        for (Histories h : hist) {
            c = Math.multiplyExact(c, h.count(t));
        }
        return c;
    }

    /** Per-agent history indices (within time t) of joint key k; the last agent varies fastest. */
    private int[] split(int t, int key) {
        int[] h = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            int c = hist[i].count(t);
            h[i] = key % c;
            key /= c;
        }
        return h;
    }

    private int extendKey(int t, int[] h, int ja, int jo) {
        int key = 0;
        for (int i = 0; i < n; i++) {
            key = key * hist[i].count(t + 1) + hist[i].extend(h[i], jaComp[ja][i], joComp[jo][i]);
        }
        return key;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /** π(a | h) for joint action a at joint history h (time t). */
    private T jointProb(List<? extends List<? extends List<T>>> policy, int t, int[] h, int ja) {
        T p = f.one();
        for (int i = 0; i < n; i++) {
            p = f.multiply(p, policy.get(i).get(hist[i].offset(t) + h[i]).get(jaComp[ja][i]));
        }
        return p;
    }

    /** Reach probabilities P_t(s, h), t = 0..H−1, indexed [t][s · jointCount(t) + key]; null = unreachable. */
    public List<Object[]> reach(List<? extends List<? extends List<T>>> policy) {
        List<Object[]> out = new ArrayList<>();
        Object[] cur = new Object[ns];
        System.arraycopy(b0, 0, cur, 0, ns);
        out.add(cur);
        for (int t = 0; t + 1 < horizon; t++) {
            int jc = jointCount(t);
            int jn = jointCount(t + 1);
            Object[] next = new Object[ns * jn];
            for (int s = 0; s < ns; s++) {
                for (int key = 0; key < jc; key++) {
                    Object p = cur[s * jc + key];
                    if (p == null) {
                        continue;
                    }
                    int[] h = split(t, key);
                    for (int ja = 0; ja < nja; ja++) {
                        T w = f.multiply(cast(p), jointProb(policy, t, h, ja));
                        for (int x = 0; x < trNext[ja][s].length; x++) {
                            int s2 = trNext[ja][s][x];
                            T wt = f.multiply(w, cast(tr[ja][s][x]));
                            for (int y = 0; y < obNext[ja][s2].length; y++) {
                                int jo = obNext[ja][s2][y];
                                int k = s2 * jn + extendKey(t, h, ja, jo);
                                T add = f.multiply(wt, cast(ob[ja][s2][y]));
                                next[k] = next[k] == null ? add : f.add(cast(next[k]), add);
                            }
                        }
                    }
                }
            }
            out.add(next);
            cur = next;
        }
        return out;
    }

    /**
     * The joint histories reachable with positive probability under full-support policies, by time t = 0..H−1, each
     * as per-agent history indices within time t (the support of {@link #reach} does not depend on which
     * full-support policy is used).
     */
    public List<List<int[]>> reachableJointHistories() {
        List<Object[]> r = reach(uniform());
        List<List<int[]>> out = new ArrayList<>();
        for (int t = 0; t < horizon; t++) {
            int jc = jointCount(t);
            List<int[]> at = new ArrayList<>();
            for (int key = 0; key < jc; key++) {
                for (int s = 0; s < ns; s++) {
                    if (r.get(t)[s * jc + key] != null) {
                        at.add(split(t, key));
                        break;
                    }
                }
            }
            out.add(at);
        }
        return out;
    }

    /** Values V_t(s,h) of the backward pass with per-step bonus β_t(h) (null: none), indexed like {@link #reach}. */
    public List<Object[]> values(List<? extends List<? extends List<T>>> policy, List<Object[]> reach,
                                 Bonus<T> bonus) {
        Object[][] v = new Object[horizon + 1][];
        v[horizon] = null;
        for (int t = horizon - 1; t >= 0; t--) {
            int jc = jointCount(t);
            Object[] cur = new Object[ns * jc];
            for (int s = 0; s < ns; s++) {
                for (int key = 0; key < jc; key++) {
                    if (reach.get(t)[s * jc + key] == null) {
                        continue;
                    }
                    int[] h = split(t, key);
                    T val = bonus == null ? f.zero() : bonus.at(t, s, h);
                    for (int ja = 0; ja < nja; ja++) {
                        val = f.add(val, f.multiply(jointProb(policy, t, h, ja), q(v[t + 1], t, s, h, ja)));
                    }
                    cur[s * jc + key] = val;
                }
            }
            v[t] = cur;
        }
        List<Object[]> out = new ArrayList<>();
        for (int t = 0; t < horizon; t++) {
            out.add(v[t]);
        }
        return out;
    }

    /** Q_t(s,h,a) = r(s,a) + γ Σ_{s',o} T(s'|s,a) O(o|a,s') V_{t+1}(s', h·(a,o)). */
    private T q(Object[] next, int t, int s, int[] h, int ja) {
        T q = cast(rew[s][ja]);
        if (next == null) {
            return q;
        }
        int jn = jointCount(t + 1);
        T cont = f.zero();
        for (int x = 0; x < trNext[ja][s].length; x++) {
            int s2 = trNext[ja][s][x];
            for (int y = 0; y < obNext[ja][s2].length; y++) {
                Object vn = next[s2 * jn + extendKey(t, h, ja, obNext[ja][s2][y])];
                if (vn != null) {
                    cont = f.add(cont, f.multiply(f.multiply(cast(tr[ja][s][x]), cast(ob[ja][s2][y])), cast(vn)));
                }
            }
        }
        return f.add(q, f.multiply(gamma, cont));
    }

    /** A per-step bonus β_t(s, h) added to V_t (form A's entropy term, zero at terminal states). */
    @FunctionalInterface
    public interface Bonus<T> {
        T at(int t, int state, int[] historiesAtT);
    }

    /** Σ_s b₀(s) V_0(s, ∅): the expected discounted return (plus bonuses). */
    public T value(List<? extends List<? extends List<T>>> policy, Bonus<T> bonus) {
        List<Object[]> reach = reach(policy);
        Object[] v0 = values(policy, reach, bonus).get(0);
        T total = f.zero();
        for (int s = 0; s < ns; s++) {
            if (b0[s] != null) {
                total = f.add(total, f.multiply(cast(b0[s]), cast(v0[s])));
            }
        }
        return total;
    }

    /** Expected discounted return J(π) (exact for rational policies). */
    public T expectedReturn(List<? extends List<? extends List<T>>> policy) {
        return value(policy, null);
    }

    /**
     * Partial derivatives of the value (with bonus) with respect to the free coordinates π_i(a|h) of the reward and
     * continuation parts (the bonus's own derivative is added by the caller), and the live reach probabilities
     * Pr_i(h) = Σ_{s non-terminal, h_{−i}} P_t(s,h) of each agent's histories.
     */
    public Derivatives<T> derivatives(List<? extends List<? extends List<T>>> policy, Bonus<T> bonus) {
        List<Object[]> reach = reach(policy);
        List<Object[]> vals = values(policy, reach, bonus);
        List<List<List<T>>> g = new ArrayList<>();
        List<List<T>> pr = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<List<T>> gi = new ArrayList<>();
            List<T> pi = new ArrayList<>();
            for (int h = 0; h < hist[i].total(); h++) {
                List<T> row = new ArrayList<>();
                for (int a = 0; a < ac[i]; a++) {
                    row.add(f.zero());
                }
                gi.add(row);
                pi.add(f.zero());
            }
            g.add(gi);
            pr.add(pi);
        }
        T disc = f.one();
        for (int t = 0; t < horizon; t++) {
            int jc = jointCount(t);
            Object[] next = t + 1 < horizon ? vals.get(t + 1) : null;
            for (int s = 0; s < ns; s++) {
                for (int key = 0; key < jc; key++) {
                    Object p = reach.get(t)[s * jc + key];
                    if (p == null) {
                        continue;
                    }
                    int[] h = split(t, key);
                    T wp = f.multiply(disc, cast(p));
                    for (int i = 0; i < n && !m.isTerminal(s); i++) {
                        int gh = hist[i].offset(t) + h[i];
                        pr.get(i).set(gh, f.add(pr.get(i).get(gh), cast(p)));
                    }
                    for (int ja = 0; ja < nja; ja++) {
                        T qv = q(next, t, s, h, ja);
                        for (int i = 0; i < n; i++) {
                            T w = wp;
                            for (int j = 0; j < n; j++) {
                                if (j != i) {
                                    w = f.multiply(w, policy.get(j).get(hist[j].offset(t) + h[j]).get(jaComp[ja][j]));
                                }
                            }
                            List<T> row = g.get(i).get(hist[i].offset(t) + h[i]);
                            int a = jaComp[ja][i];
                            row.set(a, f.add(row.get(a), f.multiply(w, qv)));
                        }
                    }
                }
            }
            disc = f.multiply(disc, gamma);
        }
        return new Derivatives<>(g, pr);
    }

    /** g[i][h][a] = ∂V/∂π_i(a|h) (free coordinates), reach[i][h] = Pr_i(h). */
    public record Derivatives<T>(List<List<List<T>>> g, List<List<T>> reach) {
    }

    /** The uniform policy of every agent at every history. */
    public List<List<List<T>>> uniform() {
        return policy((i, h) -> {
            List<T> row = new ArrayList<>();
            for (int a = 0; a < ac[i]; a++) {
                row.add(f.of(org.equivariant.arith.Rational.of(1, ac[i])));
            }
            return row;
        });
    }

    /** A policy built row by row from a function of (agent, global history). */
    public <U> List<List<List<U>>> policy(java.util.function.BiFunction<Integer, Integer, List<U>> row) {
        List<List<List<U>>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<List<U>> pi = new ArrayList<>();
            for (int h = 0; h < hist[i].total(); h++) {
                pi.add(row.apply(i, h));
            }
            out.add(pi);
        }
        return out;
    }
}
