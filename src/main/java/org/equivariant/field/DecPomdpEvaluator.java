package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Field;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;

/**
 * Exact evaluation of a finite-horizon Dec-POMDP under a joint policy given per agent and history
 * ({@code policy.get(i).get(h).get(a)} = π_i(a | h), h a global {@link Histories} index), in any field.
 *
 * <p>The (state, joint history) pairs reachable under full-support policies are enumerated once, forward from b₀,
 * with their successors: entry (s′, h·(a,o)) with coefficient T(s′|s,a)·O(o|a,s′). Passes then run over these
 * entries only. Forward: P_0(s, ∅) = b₀(s), P_{t+1}(s′, h·(a,o)) = Σ P_t(s,h) π(a|h) T(s′|s,a) O(o|a,s′). Backward,
 * with an optional per-step bonus β_t(h) (the visitation-weighted entropy of form A): Q_t(s,h,a) = r(s,a) + γ
 * Σ_{s′,o} T O V_{t+1}(s′, h·(a,o)), V_t(s,h) = β_t(h) + Σ_a π(a|h) Q_t(s,h,a). The return needs the forward pass
 * only: J = Σ_t γ^t Σ_{s,h} P_t(s,h) Σ_a π(a|h) r(s,a). The partial derivative with respect to a free coordinate
 * π_i(a|h_i), h_i at time t, is γ^t Σ_{s,h_{−i}} P_t(s,h) Σ_{a_{−i}} π_{−i}(a_{−i}|h_{−i}) Q_t(s,h,(a,a_{−i}))
 * (forkel2025 §3.4).
 */
public final class DecPomdpEvaluator<T> {
    private final DecPomdp m;
    private final Field<T> f;
    private final int horizon;
    private final int n;
    private final int ns;
    private final int[] ac;
    private final int nja;
    private final Histories[] hist;
    /** Global index of agent i's first history of time t: [t][i]. */
    private final int[][] offsets;
    private final Object[][] rew;    // [s][ja]
    private final Object[] b0;
    private final T gamma;
    private final int[][] jaComp;
    /** Reachable entries at time t: their state and joint-history index. */
    private final int[][] entryState;
    private final int[][] entryKey;
    /** Distinct reachable joint histories at time t: per-agent history index within t, [k][i]. */
    private final int[][][] keyHist;
    /** Successors of entry e under joint action a at time t: links linkStart[t][e·|A|+a] ..; target entry, coefficient. */
    private final int[][] linkStart;
    private final int[][] linkTo;
    private final int[][] linkCoef;
    private final Object[] coef;
    private final Rational[] exactCoef;

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

    /** Σ_i Σ_{t&lt;H} (|A_i||O_i|)^t·|A_i|: the entries of the agents' policy tables (dense), as a double. */
    public static double policyEntries(DecPomdp m, int horizon) {
        double total = 0;
        for (int i = 0; i < m.numAgents(); i++) {
            double per = (double) m.actionCounts()[i] * m.observationCounts()[i];
            double count = 1;
            for (int t = 0; t < horizon; t++) {
                total += count * m.actionCounts()[i];
                count *= per;
            }
        }
        return total;
    }

    /** Seconds per unit of gradient work (a link or an (entry, joint action) pair), measured (docs/performance.md). */
    public static final double SECONDS_PER_UNIT = 3e-8;
    /** Bytes the structure holds per successor link (target and coefficient index). */
    public static final double BYTES_PER_LINK = 8;

    /**
     * Refuses (before any allocation) a horizon whose policy tables would exceed {@code limits}; the reach tables,
     * often far smaller than {@link #tableEntries} because T and O are sparse, are counted as they are built.
     */
    public static void checkHorizon(DecPomdp m, int horizon, org.equivariant.work.Limits limits) {
        limits.checkEntries(policyEntries(m, horizon), "horizon " + horizon + " of " + m.name() + " (the policy "
            + "tables over each agent's action-observation histories)");
    }

    public DecPomdpEvaluator(DecPomdp m, int horizon, Field<T> f) {
        this(m, horizon, f, new org.equivariant.work.Limits(1, Integer.MAX_VALUE - 8));
    }

    /**
     * Enumerates the reachable entries and their successor links, refusing when the policy tables or the links (the
     * memory of every pass) exceed {@code limits}' entry limit.
     */
    public DecPomdpEvaluator(DecPomdp m, int horizon, Field<T> f, org.equivariant.work.Limits limits) {
        checkHorizon(m, horizon, limits);
        this.m = m;
        this.f = f;
        this.horizon = horizon;
        this.n = m.numAgents();
        this.ns = m.numStates();
        this.ac = m.actionCounts();
        int[] oc = m.observationCounts();
        this.nja = m.numJointActions();
        this.hist = new Histories[n];
        for (int i = 0; i < n; i++) {
            hist[i] = new Histories(ac[i], oc[i], horizon);
        }
        offsets = new int[horizon][n];
        for (int t = 0; t < horizon; t++) {
            for (int i = 0; i < n; i++) {
                offsets[t][i] = hist[i].offset(t);
            }
        }
        rew = rewards(m, f);
        b0 = m.initial().stream().map(f::of).toArray();
        gamma = f.of(m.discount());
        jaComp = new int[nja][];
        for (int a = 0; a < nja; a++) {
            jaComp[a] = DecPomdp.components(ac, a);
        }
        int[][] joComp = new int[m.numJointObservations()][];
        for (int o = 0; o < joComp.length; o++) {
            joComp[o] = DecPomdp.components(oc, o);
        }
        entryState = new int[horizon][];
        entryKey = new int[horizon][];
        keyHist = new int[horizon][][];
        linkStart = new int[horizon][];
        linkTo = new int[horizon][];
        linkCoef = new int[horizon][];
        org.equivariant.game.SparseRows tr = m.transitions();
        org.equivariant.game.SparseRows ob = m.observationTable();
        // the coefficients T(s'|s,a)·O(o|a,s') of each (a, s), in link order (x over T's row, y over O's row), interned
        java.util.Map<Rational, Integer> coefIndex = new java.util.HashMap<>();
        List<Rational> coefs = new ArrayList<>();
        int[][] rowCoef = new int[nja * ns][];
        for (int ja = 0; ja < nja; ja++) {
            for (int s = 0; s < ns; s++) {
                int tRow = ja * ns + s;
                IntList cs = new IntList();
                for (int x = tr.start(tRow); x < tr.end(tRow); x++) {
                    int oRow = ja * ns + tr.column(x);
                    for (int y = ob.start(oRow); y < ob.end(oRow); y++) {
                        Rational c = tr.value(x).multiply(ob.value(y));
                        Integer ci = coefIndex.get(c);
                        if (ci == null) {
                            ci = coefs.size();
                            coefIndex.put(c, ci);
                            coefs.add(c);
                        }
                        cs.add(ci);
                    }
                }
                rowCoef[tRow] = cs.toArray();
            }
        }
        // t = 0: the states with b₀ > 0, the empty joint history
        IntList states = new IntList();
        IntList keys = new IntList();
        for (int s = 0; s < ns; s++) {
            if (m.initial().get(s).signum() > 0) {
                states.add(s);
                keys.add(0);
            }
        }
        entryState[0] = states.toArray();
        entryKey[0] = keys.toArray();
        keyHist[0] = new int[][] {new int[n]};
        for (int t = 0; t + 1 < horizon; t++) {
            long[] stride = new long[n];
            long joint = 1;
            for (int i = n - 1; i >= 0; i--) {
                stride[i] = joint;
                joint = Math.multiplyExact(joint, (long) hist[i].count(t + 1));
            }
            CodeIndex nextKeys = new CodeIndex(joint);
            List<int[]> nextHist = new ArrayList<>();
            CodeIndex nextEntries = new CodeIndex(Math.multiplyExact(joint, (long) ns));
            IntList nState = new IntList();
            IntList nKey = new IntList();
            int entries = entryState[t].length;
            int[] start = new int[entries * nja + 1];
            IntList to = new IntList();
            IntList co = new IntList();
            int[] h2 = new int[n];
            for (int e = 0; e < entries; e++) {
                // every (entry, joint action) has at least one successor (rows of T and O sum to 1)
                if (to.size() > limits.entries() || (double) entries * nja > limits.entries()) {
                    // this step's links extrapolated from the entries enumerated so far, or (none yet) from the
                    // previous step's links per (entry, joint action); later steps only add
                    double perPair = e > 0 ? (double) to.size() / ((double) e * nja) : t > 0
                        ? (double) linkTo[t - 1].length / ((double) entryState[t - 1].length * nja) : 1;
                    double links = Math.max(1, perPair) * entries * nja;
                    throw new org.equivariant.io.InputException(String.format(java.util.Locale.ROOT, "horizon %d of "
                        + "%s needs more than %s reachable successor links from time %d to %d (%s reachable (state, "
                        + "joint history) entries up to time %d), above the limit of --max-entries; at %.2f links per "
                        + "(entry, joint action) (%s), this step alone has about %s links: at least %.1f GB and "
                        + "%.1f s per gradient (the later steps add to both). Horizon %d stays within it", horizon,
                        m.name(), org.equivariant.work.Limits.human(limits.entries()), t, t + 1,
                        org.equivariant.work.Limits.human(reachableSoFar(t)), t, Math.max(1, perPair), e > 0
                        ? "over the " + e + " of " + entries + " entries enumerated" : "as at the step before",
                        org.equivariant.work.Limits.human((long) Math.min(links, Long.MAX_VALUE)), links * BYTES_PER_LINK
                        / 1e9, links * SECONDS_PER_UNIT, t + 1));
                }
                int s = entryState[t][e];
                int[] h = keyHist[t][entryKey[t][e]];
                for (int ja = 0; ja < nja; ja++) {
                    start[e * nja + ja] = to.size();
                    int tRow = ja * ns + s;
                    int link = 0;
                    for (int x = tr.start(tRow); x < tr.end(tRow); x++) {
                        int s2 = tr.column(x);
                        int oRow = ja * ns + s2;
                        for (int y = ob.start(oRow); y < ob.end(oRow); y++) {
                            int jo = ob.column(y);
                            long code = 0;
                            for (int i = 0; i < n; i++) {
                                h2[i] = hist[i].extend(h[i], jaComp[ja][i], joComp[jo][i]);
                                code += h2[i] * stride[i];
                            }
                            int k2 = nextKeys.get(code);
                            if (k2 < 0) {
                                k2 = nextHist.size();
                                nextKeys.put(code, k2);
                                nextHist.add(h2.clone());
                            }
                            long entry = code * ns + s2;
                            int e2 = nextEntries.get(entry);
                            if (e2 < 0) {
                                e2 = nState.size();
                                nextEntries.put(entry, e2);
                                nState.add(s2);
                                nKey.add(k2);
                            }
                            to.add(e2);
                            co.add(rowCoef[tRow][link++]);
                        }
                    }
                }
            }
            start[entries * nja] = to.size();
            linkStart[t] = start;
            linkTo[t] = to.toArray();
            linkCoef[t] = co.toArray();
            entryState[t + 1] = nState.toArray();
            entryKey[t + 1] = nKey.toArray();
            keyHist[t + 1] = nextHist.toArray(new int[0][]);
        }
        exactCoef = coefs.toArray(new Rational[0]);
        coef = coefs.stream().map(f::of).toArray();
    }

    /** r(s, a) for every state and joint action, in field g: [s][ja]. */
    private static Object[][] rewards(DecPomdp m, Field<?> g) {
        Object[][] r = new Object[m.numStates()][m.numJointActions()];
        for (int s = 0; s < r.length; s++) {
            for (int a = 0; a < r[s].length; a++) {
                r[s][a] = g.of(m.expectedReward(s, a));
            }
        }
        return r;
    }

    /** The same reachable structure, shared, evaluated in field {@code g} (no second enumeration). */
    public <U> DecPomdpEvaluator<U> inField(Field<U> g) {
        return new DecPomdpEvaluator<>(this, g);
    }

    private DecPomdpEvaluator(DecPomdpEvaluator<?> o, Field<T> g) {
        m = o.m;
        f = g;
        horizon = o.horizon;
        n = o.n;
        ns = o.ns;
        ac = o.ac;
        nja = o.nja;
        hist = o.hist;
        offsets = o.offsets;
        rew = rewards(m, g);
        b0 = m.initial().stream().map(g::of).toArray();
        gamma = g.of(m.discount());
        jaComp = o.jaComp;
        entryState = o.entryState;
        entryKey = o.entryKey;
        keyHist = o.keyHist;
        linkStart = o.linkStart;
        linkTo = o.linkTo;
        linkCoef = o.linkCoef;
        exactCoef = o.exactCoef;
        coef = java.util.Arrays.stream(exactCoef).map(g::of).toArray();
    }

    /** Codes (non-negative longs below a bound) to indices: a dense array for small bounds, else a hash map. */
    private static final class CodeIndex {
        private static final long DENSE = 1L << 25;
        private final int[] dense;
        private final java.util.Map<Long, Integer> sparse;

        CodeIndex(long bound) {
            if (bound <= DENSE) {
                dense = new int[(int) bound];
                java.util.Arrays.fill(dense, -1);
                sparse = null;
            } else {
                dense = null;
                sparse = new java.util.HashMap<>();
            }
        }

        int get(long code) {
            return dense != null ? dense[(int) code] : sparse.getOrDefault(code, -1);
        }

        void put(long code, int index) {
            if (dense != null) {
                dense[(int) code] = index;
            } else {
                sparse.put(code, index);
            }
        }
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] a = new int[16];
        private int size;

        void add(int x) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(16, size * 2));
            }
            a[size++] = x;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
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

    /** The number of reachable (state, joint history) entries at times 0..H−1. */
    public long reachableEntries() {
        return reachableSoFar(horizon - 1);
    }

    private long reachableSoFar(int t) {
        long total = 0;
        for (int k = 0; k <= t; k++) {
            total += entryState[k].length;
        }
        return total;
    }

    /** The number of successor links, the size of every forward and backward pass. */
    public long links() {
        long total = 0;
        for (int[] l : linkTo) {
            total += l == null ? 0 : l.length;
        }
        return total;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    /** The policy as arrays: [agent][global history][action]. */
    private Object[][][] arrays(List<? extends List<? extends List<T>>> policy) {
        Object[][][] p = new Object[n][][];
        for (int i = 0; i < n; i++) {
            List<? extends List<T>> rows = policy.get(i);
            p[i] = new Object[rows.size()][];
            for (int h = 0; h < rows.size(); h++) {
                p[i][h] = rows.get(h).toArray();
            }
        }
        return p;
    }

    /** π(a | h) for every reachable joint history k at time t and joint action a: [t][k·|A| + a]. */
    private Object[][] jointWeights(Object[][][] p) {
        Object[][] w = new Object[horizon][];
        for (int t = 0; t < horizon; t++) {
            int keys = keyHist[t].length;
            w[t] = new Object[keys * nja];
            for (int k = 0; k < keys; k++) {
                int[] h = keyHist[t][k];
                for (int ja = 0; ja < nja; ja++) {
                    T x = f.one();
                    for (int i = 0; i < n; i++) {
                        x = f.multiply(x, cast(p[i][offsets[t][i] + h[i]][jaComp[ja][i]]));
                    }
                    w[t][k * nja + ja] = x;
                }
            }
        }
        return w;
    }

    /** Reach probabilities P_t(e) of the reachable entries. */
    private Object[][] reach(Object[][] w) {
        Object[][] r = new Object[horizon][];
        r[0] = new Object[entryState[0].length];
        for (int e = 0; e < r[0].length; e++) {
            r[0][e] = b0[entryState[0][e]];
        }
        for (int t = 0; t + 1 < horizon; t++) {
            Object[] next = new Object[entryState[t + 1].length];
            java.util.Arrays.fill(next, f.zero());
            for (int e = 0; e < r[t].length; e++) {
                T p = cast(r[t][e]);
                int k = entryKey[t][e];
                for (int ja = 0; ja < nja; ja++) {
                    T pw = f.multiply(p, cast(w[t][k * nja + ja]));
                    for (int l = linkStart[t][e * nja + ja]; l < linkStart[t][e * nja + ja + 1]; l++) {
                        int to = linkTo[t][l];
                        next[to] = f.add(cast(next[to]), f.multiply(pw, cast(coef[linkCoef[t][l]])));
                    }
                }
            }
            r[t + 1] = next;
        }
        return r;
    }

    /**
     * The joint histories reachable with positive probability under full-support policies, by time t = 0..H−1, each
     * as per-agent history indices within time t.
     */
    public List<List<int[]>> reachableJointHistories() {
        List<List<int[]>> out = new ArrayList<>();
        for (int t = 0; t < horizon; t++) {
            out.add(List.of(keyHist[t]));
        }
        return out;
    }

    /** Q_t(e, a) = r(s,a) + γ Σ coefficient · V_{t+1}(successor). */
    private T q(Object[] next, int t, int e, int ja) {
        T q = cast(rew[entryState[t][e]][ja]);
        if (next == null) {
            return q;
        }
        T cont = f.zero();
        for (int l = linkStart[t][e * nja + ja]; l < linkStart[t][e * nja + ja + 1]; l++) {
            cont = f.add(cont, f.multiply(cast(coef[linkCoef[t][l]]), cast(next[linkTo[t][l]])));
        }
        return f.add(q, f.multiply(gamma, cont));
    }

    /**
     * Values V_t(e) of the backward pass with per-step bonus β_t(h) (null: none); with {@code qs} non-null, the
     * Q_t(e, a) are kept there too ([t][e·|A| + a]).
     */
    private Object[][] values(Object[][] w, Bonus<T> bonus, Object[][] qs) {
        Object[][] v = new Object[horizon + 1][];
        for (int t = horizon - 1; t >= 0; t--) {
            Object[] cur = new Object[entryState[t].length];
            if (qs != null) {
                qs[t] = new Object[cur.length * nja];
            }
            for (int e = 0; e < cur.length; e++) {
                int k = entryKey[t][e];
                T val = bonus == null ? f.zero() : bonus.at(t, entryState[t][e], keyHist[t][k]);
                for (int ja = 0; ja < nja; ja++) {
                    T q = q(v[t + 1], t, e, ja);
                    if (qs != null) {
                        qs[t][e * nja + ja] = q;
                    }
                    val = f.add(val, f.multiply(cast(w[t][k * nja + ja]), q));
                }
                cur[e] = val;
            }
            v[t] = cur;
        }
        return v;
    }

    /** A per-step bonus β_t(s, h) added to V_t (form A's entropy term, zero at terminal states). */
    @FunctionalInterface
    public interface Bonus<T> {
        T at(int t, int state, int[] historiesAtT);
    }

    /** Σ_s b₀(s) V_0(s, ∅): the expected discounted return plus bonuses. */
    public T value(List<? extends List<? extends List<T>>> policy, Bonus<T> bonus) {
        if (bonus == null) {
            return expectedReturn(policy);
        }
        Object[][] w = jointWeights(arrays(policy));
        Object[] v0 = values(w, bonus, null)[0];
        T total = f.zero();
        for (int e = 0; e < v0.length; e++) {
            total = f.add(total, f.multiply(cast(b0[entryState[0][e]]), cast(v0[e])));
        }
        return total;
    }

    /** Expected discounted return J(π) (exact for rational policies): the forward pass only. */
    public T expectedReturn(List<? extends List<? extends List<T>>> policy) {
        if (f instanceof org.equivariant.arith.RationalField) {
            Rational exact = scaledReturn(policy);
            if (exact != null) {
                return cast(exact);
            }
        }
        Object[][] w = jointWeights(arrays(policy));
        Object[][] r = reach(w);
        T total = f.zero();
        T disc = f.one();
        for (int t = 0; t < horizon; t++) {
            T step = f.zero();
            for (int e = 0; e < r[t].length; e++) {
                int k = entryKey[t][e];
                int s = entryState[t][e];
                T expected = f.zero();
                for (int ja = 0; ja < nja; ja++) {
                    expected = f.add(expected, f.multiply(cast(w[t][k * nja + ja]), cast(rew[s][ja])));
                }
                step = f.add(step, f.multiply(cast(r[t][e]), expected));
            }
            total = f.add(total, f.multiply(disc, step));
            disc = f.multiply(disc, gamma);
        }
        return total;
    }

    /**
     * The exact return in machine integers: every rational of the pass is written over a common denominator per kind
     * (b₀, each agent's policy, the coefficients T·O, r), so the forward pass multiplies and adds longs only (every
     * operation overflow-checked) and one division ends it: J = Σ_t γ^t S_t / (D_t L_π L_r), P̂_{t+1} = Σ P̂_t Ŵ ĉ
     * with D_{t+1} = D_t L_π L_c. Null when a number does not fit in 63 bits (the caller then uses rationals).
     */
    private Rational scaledReturn(List<? extends List<? extends List<T>>> policy) {
        try {
            long[][][] p = new long[n][][];
            java.math.BigInteger lpi = java.math.BigInteger.ONE;
            for (int i = 0; i < n; i++) {
                List<? extends List<T>> rows = policy.get(i);
                java.math.BigInteger l = Rational.commonDenominator(rows.stream().flatMap(List::stream)
                    .map(x -> (Rational) x).toList());
                p[i] = new long[rows.size()][];
                for (int h = 0; h < rows.size(); h++) {
                    p[i][h] = rows.get(h).stream().mapToLong(x -> scaled((Rational) x, l)).toArray();
                }
                lpi = lpi.multiply(l);
            }
            List<Rational> cs = java.util.Arrays.stream(coef).map(x -> (Rational) x).toList();
            java.math.BigInteger lc = Rational.commonDenominator(cs);
            long[] c = cs.stream().mapToLong(x -> scaled(x, lc)).toArray();
            List<Rational> rs = new ArrayList<>();
            for (Object[] row : rew) {
                for (Object x : row) {
                    rs.add((Rational) x);
                }
            }
            java.math.BigInteger lr = Rational.commonDenominator(rs);
            long[] r = rs.stream().mapToLong(x -> scaled(x, lr)).toArray();
            List<Rational> bs = java.util.Arrays.stream(b0).map(x -> (Rational) x).toList();
            java.math.BigInteger lb = Rational.commonDenominator(bs);
            long[] cur = new long[entryState[0].length];
            for (int e = 0; e < cur.length; e++) {
                cur[e] = scaled(bs.get(entryState[0][e]), lb);
            }
            java.math.BigInteger denominator = lb;
            Rational total = Rational.ZERO;
            Rational disc = Rational.ONE;
            for (int t = 0; t < horizon; t++) {
                int keys = keyHist[t].length;
                long[] w = new long[keys * nja];
                for (int k = 0; k < keys; k++) {
                    int[] h = keyHist[t][k];
                    for (int ja = 0; ja < nja; ja++) {
                        long x = 1;
                        for (int i = 0; i < n; i++) {
                            x = Math.multiplyExact(x, p[i][offsets[t][i] + h[i]][jaComp[ja][i]]);
                        }
                        w[k * nja + ja] = x;
                    }
                }
                java.math.BigInteger step = java.math.BigInteger.ZERO;
                long[] next = t + 1 < horizon ? new long[entryState[t + 1].length] : null;
                for (int e = 0; e < cur.length; e++) {
                    if (cur[e] == 0) {
                        continue;
                    }
                    int k = entryKey[t][e];
                    int s = entryState[t][e];
                    long expected = 0;
                    for (int ja = 0; ja < nja; ja++) {
                        long wk = w[k * nja + ja];
                        if (wk == 0) {
                            continue;
                        }
                        expected = Math.addExact(expected, Math.multiplyExact(wk, r[s * nja + ja]));
                        if (next != null) {
                            long pw = Math.multiplyExact(cur[e], wk);
                            for (int l = linkStart[t][e * nja + ja]; l < linkStart[t][e * nja + ja + 1]; l++) {
                                next[linkTo[t][l]] = Math.addExact(next[linkTo[t][l]], Math.multiplyExact(pw,
                                    c[linkCoef[t][l]]));
                            }
                        }
                    }
                    step = step.add(java.math.BigInteger.valueOf(cur[e]).multiply(java.math.BigInteger.valueOf(
                        expected)));
                }
                total = total.add(disc.multiply(Rational.of(step, denominator.multiply(lpi).multiply(lr))));
                disc = disc.multiply((Rational) gamma);
                denominator = denominator.multiply(lpi).multiply(lc);
                cur = next;
            }
            return total;
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    /** x·l as a long (l a multiple of x's denominator); ArithmeticException when it does not fit. */
    private static long scaled(Rational x, java.math.BigInteger l) {
        return x.numeratorOver(l).longValueExact();
    }

    /**
     * Partial derivatives of the value (with bonus) with respect to the free coordinates π_i(a|h) of the reward and
     * continuation parts (the bonus's own derivative is added by the caller), and the live reach probabilities
     * Pr_i(h) = Σ_{s non-terminal, h_{−i}} P_t(s,h) of each agent's histories.
     */
    public Derivatives<T> derivatives(List<? extends List<? extends List<T>>> policy, Bonus<T> bonus) {
        if (f instanceof org.equivariant.arith.DoubleField) {
            return cast(doubleDerivatives(cast(policy), cast(bonus)));
        }
        Object[][][] p = arrays(policy);
        Object[][] w = jointWeights(p);
        Object[][] reach = reach(w);
        Object[][] qs = new Object[horizon][];
        values(w, bonus, qs);
        Object[][][] g = new Object[n][][];
        Object[][] pr = new Object[n][];
        for (int i = 0; i < n; i++) {
            g[i] = new Object[hist[i].total()][ac[i]];
            pr[i] = new Object[hist[i].total()];
            for (int h = 0; h < g[i].length; h++) {
                java.util.Arrays.fill(g[i][h], f.zero());
                pr[i][h] = f.zero();
            }
        }
        T disc = f.one();
        for (int t = 0; t < horizon; t++) {
            int[] off = offsets[t];
            for (int e = 0; e < reach[t].length; e++) {
                T pe = cast(reach[t][e]);
                int s = entryState[t][e];
                int[] h = keyHist[t][entryKey[t][e]];
                for (int i = 0; i < n && !m.isTerminal(s); i++) {
                    pr[i][off[i] + h[i]] = f.add(cast(pr[i][off[i] + h[i]]), pe);
                }
                T wp = f.multiply(disc, pe);
                for (int ja = 0; ja < nja; ja++) {
                    T qv = f.multiply(wp, cast(qs[t][e * nja + ja]));
                    for (int i = 0; i < n; i++) {
                        T x = qv;
                        for (int j = 0; j < n; j++) {
                            if (j != i) {
                                x = f.multiply(x, cast(p[j][off[j] + h[j]][jaComp[ja][j]]));
                            }
                        }
                        Object[] row = g[i][off[i] + h[i]];
                        int a = jaComp[ja][i];
                        row[a] = f.add(cast(row[a]), x);
                    }
                }
            }
            disc = f.multiply(disc, gamma);
        }
        List<List<List<T>>> gl = new ArrayList<>();
        List<List<T>> prl = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<List<T>> gi = new ArrayList<>();
            for (Object[] row : g[i]) {
                List<T> r = new ArrayList<>();
                for (Object x : row) {
                    r.add(cast(x));
                }
                gi.add(r);
            }
            gl.add(gi);
            List<T> pi = new ArrayList<>();
            for (Object x : pr[i]) {
                pi.add(cast(x));
            }
            prl.add(pi);
        }
        return new Derivatives<>(gl, prl);
    }
    /**
     * The double fast path of {@link #derivatives} (flows; never reported as certified): the same passes over the
     * same entries in primitive arrays.
     */
    private Derivatives<Double> doubleDerivatives(List<? extends List<? extends List<Double>>> policy,
                                                  Bonus<Double> bonus) {
        double[][][] p = new double[n][][];
        for (int i = 0; i < n; i++) {
            List<? extends List<Double>> rows = policy.get(i);
            p[i] = new double[rows.size()][];
            for (int h = 0; h < rows.size(); h++) {
                p[i][h] = rows.get(h).stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
        double[] c = java.util.Arrays.stream(coef).mapToDouble(x -> (Double) x).toArray();
        double g = (Double) gamma;
        double[][] rows = new double[n][];
        double[][] w = new double[horizon][];
        for (int t = 0; t < horizon; t++) {
            int keys = keyHist[t].length;
            w[t] = new double[keys * nja];
            for (int k = 0; k < keys; k++) {
                int[] h = keyHist[t][k];
                for (int i = 0; i < n; i++) {
                    rows[i] = p[i][offsets[t][i] + h[i]];
                }
                for (int ja = 0; ja < nja; ja++) {
                    int[] comp = jaComp[ja];
                    double x = 1;
                    for (int i = 0; i < n; i++) {
                        x *= rows[i][comp[i]];
                    }
                    w[t][k * nja + ja] = x;
                }
            }
        }
        double[][] r = new double[ns][nja];
        for (int st = 0; st < ns; st++) {
            for (int ja = 0; ja < nja; ja++) {
                r[st][ja] = (Double) rew[st][ja];
            }
        }
        double[][] reach = new double[horizon][];
        reach[0] = new double[entryState[0].length];
        for (int e = 0; e < reach[0].length; e++) {
            reach[0][e] = (Double) b0[entryState[0][e]];
        }
        for (int t = 0; t + 1 < horizon; t++) {
            double[] next = new double[entryState[t + 1].length];
            int[] ls = linkStart[t];
            int[] lt = linkTo[t];
            int[] lc = linkCoef[t];
            for (int e = 0; e < reach[t].length; e++) {
                int k = entryKey[t][e];
                for (int ja = 0; ja < nja; ja++) {
                    double pw = reach[t][e] * w[t][k * nja + ja];
                    if (pw == 0) {
                        continue;
                    }
                    for (int l = ls[e * nja + ja]; l < ls[e * nja + ja + 1]; l++) {
                        next[lt[l]] += pw * c[lc[l]];
                    }
                }
            }
            reach[t + 1] = next;
        }
        double[][] q = new double[horizon][];
        double[] v = null;
        for (int t = horizon - 1; t >= 0; t--) {
            int entries = entryState[t].length;
            double[] cur = new double[entries];
            q[t] = new double[entries * nja];
            int[] ls = t + 1 < horizon ? linkStart[t] : null;
            int[] lc = t + 1 < horizon ? linkCoef[t] : null;
            int[] lt = t + 1 < horizon ? linkTo[t] : null;
            double[] qt = q[t];
            double[] wt = w[t];
            for (int e = 0; e < entries; e++) {
                int s = entryState[t][e];
                int k = entryKey[t][e];
                double val = bonus == null ? 0 : bonus.at(t, s, keyHist[t][k]);
                double[] rs = r[s];
                for (int ja = 0; ja < nja; ja++) {
                    double qv = rs[ja];
                    if (ls != null) {
                        double cont = 0;
                        for (int l = ls[e * nja + ja]; l < ls[e * nja + ja + 1]; l++) {
                            cont += c[lc[l]] * v[lt[l]];
                        }
                        qv += g * cont;
                    }
                    qt[e * nja + ja] = qv;
                    val += wt[k * nja + ja] * qv;
                }
                cur[e] = val;
            }
            v = cur;
        }
        double[][][] gr = new double[n][][];
        double[][] pr = new double[n][];
        for (int i = 0; i < n; i++) {
            gr[i] = new double[hist[i].total()][ac[i]];
            pr[i] = new double[hist[i].total()];
        }
        double disc = 1;
        for (int t = 0; t < horizon; t++) {
            int[] off = offsets[t];
            for (int e = 0; e < reach[t].length; e++) {
                double pe = reach[t][e];
                if (pe == 0) {
                    continue;
                }
                int s = entryState[t][e];
                int[] h = keyHist[t][entryKey[t][e]];
                if (!m.isTerminal(s)) {
                    for (int i = 0; i < n; i++) {
                        pr[i][off[i] + h[i]] += pe;
                    }
                }
                double wp = disc * pe;
                for (int i = 0; i < n; i++) {
                    rows[i] = p[i][off[i] + h[i]];
                }
                for (int ja = 0; ja < nja; ja++) {
                    int[] comp = jaComp[ja];
                    double qv = wp * q[t][e * nja + ja];
                    for (int i = 0; i < n; i++) {
                        double x = qv;
                        for (int j = 0; j < n; j++) {
                            if (j != i) {
                                x *= rows[j][comp[j]];
                            }
                        }
                        gr[i][off[i] + h[i]][comp[i]] += x;
                    }
                }
            }
            disc *= g;
        }
        List<List<List<Double>>> gl = new ArrayList<>();
        List<List<Double>> prl = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<List<Double>> gi = new ArrayList<>();
            for (double[] row : gr[i]) {
                gi.add(java.util.Arrays.stream(row).boxed().toList());
            }
            gl.add(gi);
            prl.add(java.util.Arrays.stream(pr[i]).boxed().toList());
        }
        return new Derivatives<>(gl, prl);
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
