package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;

/**
 * The checker's own derivation of the stationarity system of an entropy-regularized finite-horizon Dec-POMDP
 * (theorem STAT-K, proofs/STAT-K.md), written only against {@code arith} and the model so that certificates are
 * re-verified independently of {@code field}. Unknowns: the flat policy π, agent by agent, history by history (global
 * {@link Histories} index), action by action. The system is F(π) = π − T(π) with, per block (i, h), h at time t,
 * T(π)_{i,h} = softmax(g_{i,h}(π)/w_{i,h}(π)), where
 * <ul>
 *   <li>g_{i,h}(a) = γ^t Σ_{s, h_{−i}} P_t(s, h) Σ_{a_{−i}} π_{−i}(a_{−i}|h_{−i}) Q_t(s, h, (a, a_{−i})) — the
 *       derivative of the return (plus, under form A, the entropy bonus of the other histories taken as reward) with
 *       respect to the free coordinate π_i(a|h);</li>
 *   <li>w_{i,h} = τ under form B (per-history entropy sum) and τ γ^t Pr_i(h) under form A (visitation-weighted, Pr_i
 *       the probability of agent i's history among non-terminal states);</li>
 * </ul>
 * P_t the forward probabilities of (state, joint history) pairs, Q_t(s,h,a) = r(s,a) + γ Σ_{s′,o} T O V_{t+1} and
 * V_t = bonus + Σ_a π(a|h) Q_t, bonus = τ Σ_i H(π_i(·|h_i)) at non-terminal states under form A, 0 under B. The
 * zeros of F with π in the simplices are exactly the interior stationary points of the regularized objective (the
 * first-order condition g_a − w log π_a = const per block). Pairs are enumerated by their own forward search over the
 * non-zero entries of b₀, T and O.
 */
public final class StationarySystem implements SmoothSystem {
    /** The regularizer's form (forkel2025 §3.3). */
    public enum Form { A, B }

    private final DecPomdp m;
    private final int horizon;
    private final Rational tau;
    private final Rational tauHi;
    private final Form form;
    private final int n;
    private final int[] actions;
    private final Histories[] hist;
    private final int[] blockStart;
    private final int size;
    private final int[][] jointActions;
    /** Entries per time: state and per-agent within-time history indices. */
    private final List<int[]>[] entries;
    /** Links per time, per entry·|A| + joint action: {target entry, index of the coefficient}. */
    private final List<int[]>[][] links;
    private final List<Rational> coefficients = new ArrayList<>();

    @SuppressWarnings("unchecked")
    public StationarySystem(DecPomdp m, int horizon, Rational tau, Form form) {
        this(m, horizon, tau, tau, form);
    }

    /**
     * The system with the temperature ranging over [tau, tauHi]: in interval arithmetic every quantity then encloses
     * its value for every τ in the range (theorem UNIQ-IT).
     */
    public StationarySystem(DecPomdp m, int horizon, Rational tau, Rational tauHi, Form form) {
        if (horizon < 1 || tau.signum() <= 0 || tauHi.compareTo(tau) < 0) {
            throw new IllegalArgumentException("needs horizon ≥ 1 and 0 < τ ≤ τ_hi");
        }
        this.m = m;
        this.horizon = horizon;
        this.tau = tau;
        this.tauHi = tauHi;
        this.form = form;
        this.n = m.numAgents();
        this.actions = m.actionCounts();
        this.hist = new Histories[n];
        this.blockStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            hist[i] = new Histories(actions[i], m.observationCounts()[i], horizon);
            blockStart[i + 1] = Math.addExact(blockStart[i], Math.multiplyExact(hist[i].total(), actions[i]));
        }
        this.size = blockStart[n];
        int nja = m.numJointActions();
        this.jointActions = new int[nja][];
        for (int ja = 0; ja < nja; ja++) {
            jointActions[ja] = DecPomdp.components(actions, ja);
        }
        this.entries = new List[horizon];
        this.links = new List[horizon][];
        entries[0] = new ArrayList<>();
        for (int s = 0; s < m.numStates(); s++) {
            if (m.initial().get(s).signum() != 0) {
                int[] e = new int[n + 1];
                e[0] = s;
                entries[0].add(e);
            }
        }
        Map<Rational, Integer> coefIndex = new HashMap<>();
        int[] oc = m.observationCounts();
        for (int t = 0; t + 1 < horizon; t++) {
            entries[t + 1] = new ArrayList<>();
            Map<List<Integer>, Integer> index = new HashMap<>();
            links[t] = new List[entries[t].size() * nja];
            for (int e = 0; e < entries[t].size(); e++) {
                int[] from = entries[t].get(e);
                for (int ja = 0; ja < nja; ja++) {
                    List<int[]> out = new ArrayList<>();
                    int row = ja * m.numStates() + from[0];
                    for (int k = m.transitions().start(row); k < m.transitions().end(row); k++) {
                        int s2 = m.transitions().column(k);
                        Rational p = m.transitions().value(k);
                        int orow = ja * m.numStates() + s2;
                        for (int l = m.observationTable().start(orow); l < m.observationTable().end(orow); l++) {
                            int[] o = DecPomdp.components(oc, m.observationTable().column(l));
                            List<Integer> key = new ArrayList<>(n + 1);
                            key.add(s2);
                            for (int i = 0; i < n; i++) {
                                key.add(hist[i].extend(from[i + 1], jointActions[ja][i], o[i]));
                            }
                            Integer target = index.get(key);
                            if (target == null) {
                                target = entries[t + 1].size();
                                index.put(key, target);
                                entries[t + 1].add(key.stream().mapToInt(Integer::intValue).toArray());
                            }
                            Rational c = p.multiply(m.observationTable().value(l));
                            Integer ci = coefIndex.computeIfAbsent(c, x -> {
                                coefficients.add(x);
                                return coefficients.size() - 1;
                            });
                            out.add(new int[] {target, ci});
                        }
                    }
                    links[t][e * nja + ja] = out;
                }
            }
        }
    }

    public DecPomdp model() {
        return m;
    }

    /** The number of unknowns: Σ_i |A_i| · (histories of agent i at times 0..H−1). */
    @Override
    public int size() {
        return size;
    }

    /** The flat index of π_i(a | h), h a global history index of agent i. */
    public int index(int agent, int history, int action) {
        return blockStart[agent] + history * actions[agent] + action;
    }

    /** Agent i's histories. */
    public Histories histories(int agent) {
        return hist[agent];
    }

    @Override
    public <T> List<T> residual(ExpField<T> f, List<T> policy) {
        return in(f).residual(policy);
    }

    /** The system in a field: F(π) = π − T(π), the return J(π) and its parts. */
    public <T> In<T> in(ExpField<T> f) {
        return new In<>(f, false);
    }

    /**
     * The system evaluated for policies on the simplices only: expectations over an agent's actions use the field's
     * {@link ExpField#convexCombination}, whose interval enclosures may hold only for probabilities summing to one —
     * what UNIQ-IT's response iteration needs, not the Krawczyk test (which needs F on the whole box).
     */
    public <T> In<T> onSimplices(ExpField<T> f) {
        return new In<>(f, true);
    }

    /** The system's quantities in one field. */
    public final class In<T> {
        private final ExpField<T> f;
        private final List<T> coef;
        private final T gamma;
        private final T temperature;

        private final boolean simplices;

        private In(ExpField<T> f, boolean simplices) {
            this.f = f;
            this.simplices = simplices;
            this.coef = coefficients.stream().map(f::of).toList();
            this.gamma = f.of(m.discount());
            this.temperature = f.range(tau, tauHi);
        }

        private T pi(List<T> p, int agent, int t, int h, int a) {
            return p.get(index(agent, hist[agent].offset(t) + h, a));
        }

        /** Π_{j ≠ skip} π_j(a_j | h_j) for the joint action ja at an entry (skip = −1: all agents). */
        private T joint(List<T> p, int t, int[] entry, int ja, int skip) {
            T x = f.one();
            for (int j = 0; j < n; j++) {
                if (j != skip) {
                    x = f.multiply(x, pi(p, j, t, entry[j + 1], jointActions[ja][j]));
                }
            }
            return x;
        }

        /**
         * Σ_{a_{−skip}} Π_{j ≠ skip} π_j(a_j | h_j) x(a), per action of agent {@code skip} (one entry when skip = −1),
         * x indexed by joint action: the agents' expectations taken one at a time, each by {@link #combine}.
         */
        private List<T> expect(List<T> p, int t, int[] entry, List<T> x, int skip) {
            List<T> v = x;
            int stride = 1;
            for (int j = n - 1; j >= 0; j--) {
                int aj = actions[j];
                if (j == skip) {
                    stride *= aj;
                    continue;
                }
                List<T> out = new ArrayList<>(v.size() / aj);
                List<T> weights = new ArrayList<>(aj);
                for (int b = 0; b < aj; b++) {
                    weights.add(pi(p, j, t, entry[j + 1], b));
                }
                for (int hi = 0; hi < v.size() / (aj * stride); hi++) {
                    for (int lo = 0; lo < stride; lo++) {
                        List<T> slice = new ArrayList<>(aj);
                        for (int b = 0; b < aj; b++) {
                            slice.add(v.get(hi * aj * stride + lo + b * stride));
                        }
                        out.add(combine(weights, slice));
                    }
                }
                v = out;
            }
            return v;
        }

        /**
         * Σ_b w_b x_b for one agent's probabilities w: on the simplices the field's {@link ExpField#convexCombination}
         * (UNIQ-IT's enclosure), otherwise the centred form x_last + Σ_{b<last} w_b(x_b − x_last) — equal to the sum on
         * the simplex and, in interval arithmetic, far tighter over wide boxes.
         */
        private T combine(List<T> w, List<T> x) {
            if (simplices) {
                return f.convexCombination(w, x);
            }
            T top = x.get(x.size() - 1);
            T sum = top;
            for (int b = 0; b + 1 < x.size(); b++) {
                sum = f.add(sum, f.multiply(w.get(b), f.subtract(x.get(b), top)));
            }
            return sum;
        }

        private List<List<T>> forward(List<T> p) {
            int nja = jointActions.length;
            List<List<T>> alpha = new ArrayList<>();
            List<T> cur = new ArrayList<>();
            for (int[] e : entries[0]) {
                cur.add(f.of(m.initial().get(e[0])));
            }
            alpha.add(cur);
            for (int t = 0; t + 1 < horizon; t++) {
                List<T> next = new ArrayList<>();
                for (int k = 0; k < entries[t + 1].size(); k++) {
                    next.add(f.zero());
                }
                for (int e = 0; e < entries[t].size(); e++) {
                    for (int ja = 0; ja < nja; ja++) {
                        T w = f.multiply(cur.get(e), joint(p, t, entries[t].get(e), ja, -1));
                        for (int[] l : links[t][e * nja + ja]) {
                            next.set(l[0], f.add(next.get(l[0]), f.multiply(w, coef.get(l[1]))));
                        }
                    }
                }
                alpha.add(next);
                cur = next;
            }
            return alpha;
        }

        /** Q_t(s, h, a) per time, entry·|A| + joint action (form A's bonus included in the continuation). */
        private List<List<T>> backward(List<T> p) {
            int nja = jointActions.length;
            List<List<T>> q = new ArrayList<>();
            for (int t = 0; t < horizon; t++) {
                q.add(null);
            }
            List<T> v = null;
            for (int t = horizon - 1; t >= 0; t--) {
                List<T> qt = new ArrayList<>();
                List<T> vt = new ArrayList<>();
                for (int e = 0; e < entries[t].size(); e++) {
                    int[] entry = entries[t].get(e);
                    for (int ja = 0; ja < nja; ja++) {
                        T x = f.of(m.expectedReward(entry[0], ja));
                        if (v != null) {
                            T cont = f.zero();
                            for (int[] l : links[t][e * nja + ja]) {
                                cont = f.add(cont, f.multiply(coef.get(l[1]), v.get(l[0])));
                            }
                            x = f.add(x, f.multiply(gamma, cont));
                        }
                        qt.add(x);
                    }
                    vt.add(f.add(bonus(p, t, entry), expect(p, t, entry, qt.subList(e * nja, (e + 1) * nja), -1)
                        .get(0)));
                }
                q.set(t, qt);
                v = vt;
            }
            return q;
        }

        private T bonus(List<T> p, int t, int[] entry) {
            if (form == Form.B || m.isTerminal(entry[0])) {
                return f.zero();
            }
            T h = f.zero();
            for (int i = 0; i < n; i++) {
                for (int a = 0; a < actions[i]; a++) {
                    T x = pi(p, i, t, entry[i + 1], a);
                    h = f.subtract(h, f.multiply(x, f.log(x)));
                }
            }
            return f.multiply(temperature, h);
        }

        /** F(π) = π − T(π), flat. */
        public List<T> residual(List<T> p) {
            List<T> response = response(p);
            List<T> out = new ArrayList<>(size);
            for (int k = 0; k < size; k++) {
                out.add(f.subtract(p.get(k), response.get(k)));
            }
            return out;
        }

        /** The block-wise response T(π) = softmax(g(π)/w(π)), flat. */
        public List<T> response(List<T> p) {
            if (p.size() != size) {
                throw new IllegalArgumentException("a policy of " + p.size() + " entries, expected " + size);
            }
            int nja = jointActions.length;
            List<List<T>> alpha = forward(p);
            List<List<T>> q = backward(p);
            List<T> g = new ArrayList<>();
            List<T> reach = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                g.add(f.zero());
            }
            for (int k = 0; k < blockStart[n]; k++) {
                reach.add(f.zero());
            }
            T disc = f.one();
            for (int t = 0; t < horizon; t++) {
                for (int e = 0; e < entries[t].size(); e++) {
                    int[] entry = entries[t].get(e);
                    T pe = alpha.get(t).get(e);
                    for (int i = 0; i < n && !m.isTerminal(entry[0]); i++) {
                        int r = index(i, hist[i].offset(t) + entry[i + 1], 0);
                        reach.set(r, f.add(reach.get(r), pe));
                    }
                    if (simplices && t > 0) {
                        continue;
                    }
                    T wp = f.multiply(disc, pe);
                    List<T> qe = q.get(t).subList(e * nja, (e + 1) * nja);
                    for (int i = 0; i < n; i++) {
                        List<T> own = expect(p, t, entry, qe, i);
                        for (int a = 0; a < actions[i]; a++) {
                            int k = index(i, hist[i].offset(t) + entry[i + 1], a);
                            g.set(k, f.add(g.get(k), f.multiply(wp, own.get(a))));
                        }
                    }
                }
                disc = f.multiply(disc, gamma);
            }
            if (simplices) {
                byMessages(p, q, g);
            }
            List<T> out = new ArrayList<>(size);
            for (int i = 0; i < n; i++) {
                for (int h = 0; h < hist[i].total(); h++) {
                    int base = index(i, h, 0);
                    T w = temperature;
                    if (form == Form.A) {
                        T d = f.one();
                        for (int k = 0; k < hist[i].time(h); k++) {
                            d = f.multiply(d, gamma);
                        }
                        w = f.multiply(temperature, f.multiply(d, reach.get(base)));
                    }
                    List<T> logits = new ArrayList<>();
                    for (int a = 0; a < actions[i]; a++) {
                        logits.add(f.divide(g.get(base + a), w));
                    }
                    out.addAll(f.softmax(logits));
                }
            }
            return out;
        }

        /**
         * The simplex mode's g for times t ≥ 1: γ^t Σ_{e at t} P_t(e) E_{a−i}[Q_t(e, (a, ·))] with P_t unfolded
         * backward to time 0, so that at every entry the others' action probabilities enter through one convex
         * combination (and agent i's own through one factor) instead of a product per path. Messages at an entry
         * map agent i's descendant histories at time t to vectors over its actions there.
         */
        private void byMessages(List<T> p, List<List<T>> q, List<T> g) {
            int nja = jointActions.length;
            T disc = gamma;
            for (int t = 1; t < horizon; t++) {
                for (int i = 0; i < n; i++) {
                    List<Map<Integer, List<T>>> msg = new ArrayList<>();
                    for (int e = 0; e < entries[t].size(); e++) {
                        int[] entry = entries[t].get(e);
                        msg.add(Map.of(entry[i + 1], expect(p, t, entry, q.get(t).subList(e * nja, (e + 1) * nja),
                            i)));
                    }
                    for (int k = t - 1; k >= 0; k--) {
                        msg = lift(p, k, i, msg);
                    }
                    for (int e = 0; e < entries[0].size(); e++) {
                        T w = f.multiply(disc, f.of(m.initial().get(entries[0].get(e)[0])));
                        for (Map.Entry<Integer, List<T>> en : msg.get(e).entrySet()) {
                            for (int a = 0; a < actions[i]; a++) {
                                int k = index(i, hist[i].offset(t) + en.getKey(), a);
                                g.set(k, f.add(g.get(k), f.multiply(w, en.getValue().get(a))));
                            }
                        }
                    }
                }
                disc = f.multiply(disc, gamma);
            }
        }

        /** Messages at time k from those at k + 1: π_i(own action) · E_{b ~ π_{−i}}[Σ_children coefficient · message]. */
        private List<Map<Integer, List<T>>> lift(List<T> p, int k, int i, List<Map<Integer, List<T>>> below) {
            int nja = jointActions.length;
            List<Map<Integer, List<T>>> up = new ArrayList<>();
            for (int e = 0; e < entries[k].size(); e++) {
                int[] entry = entries[k].get(e);
                Map<Integer, Integer> own = new HashMap<>();
                Map<Integer, List<List<T>>> acc = new HashMap<>();
                for (int ja = 0; ja < nja; ja++) {
                    for (int[] l : links[k][e * nja + ja]) {
                        for (Map.Entry<Integer, List<T>> en : below.get(l[0]).entrySet()) {
                            List<List<T>> perJoint = acc.computeIfAbsent(en.getKey(), x -> {
                                List<List<T>> z = new ArrayList<>(nja);
                                for (int y = 0; y < nja; y++) {
                                    z.add(null);
                                }
                                return z;
                            });
                            own.put(en.getKey(), jointActions[ja][i]);
                            List<T> sum = new ArrayList<>(actions[i]);
                            for (int a = 0; a < actions[i]; a++) {
                                T x = f.multiply(coef.get(l[1]), en.getValue().get(a));
                                sum.add(perJoint.get(ja) == null ? x : f.add(perJoint.get(ja).get(a), x));
                            }
                            perJoint.set(ja, sum);
                        }
                    }
                }
                Map<Integer, List<T>> out = new HashMap<>();
                for (Map.Entry<Integer, List<List<T>>> en : acc.entrySet()) {
                    int ai = own.get(en.getKey());
                    T mine = pi(p, i, k, entry[i + 1], ai);
                    List<T> vec = new ArrayList<>(actions[i]);
                    for (int a = 0; a < actions[i]; a++) {
                        List<T> x = new ArrayList<>(nja);
                        for (List<T> v : en.getValue()) {
                            x.add(v == null ? f.zero() : v.get(a));
                        }
                        vec.add(f.multiply(mine, expect(p, k, entry, x, i).get(ai)));
                    }
                    out.put(en.getKey(), vec);
                }
                up.add(out);
            }
            return up;
        }

        /** The expected discounted return J(π) (no entropy), by the forward pass. */
        public T value(List<T> p) {
            List<List<T>> alpha = forward(p);
            T total = f.zero();
            T disc = f.one();
            for (int t = 0; t < horizon; t++) {
                T step = f.zero();
                for (int e = 0; e < entries[t].size(); e++) {
                    int[] entry = entries[t].get(e);
                    for (int ja = 0; ja < jointActions.length; ja++) {
                        step = f.add(step, f.multiply(f.multiply(alpha.get(t).get(e), joint(p, t, entry, ja, -1)),
                            f.of(m.expectedReward(entry[0], ja))));
                    }
                }
                total = f.add(total, f.multiply(disc, step));
                disc = f.multiply(disc, gamma);
            }
            return total;
        }
    }

    /**
     * The histories with no live (non-terminal, reachable) entry: under form A their weight τγ^t Pr_i(h) is zero, so
     * the stationarity condition leaves their policy free and no isolated stationary point exists.
     */
    public List<String> unreachedHistories() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean[] live = new boolean[hist[i].total()];
            for (int t = 0; t < horizon; t++) {
                for (int[] e : entries[t]) {
                    if (!m.isTerminal(e[0])) {
                        live[hist[i].offset(t) + e[i + 1]] = true;
                    }
                }
            }
            for (int h = 0; h < live.length; h++) {
                if (!live[h]) {
                    out.add(m.agents().get(i) + " history " + h);
                }
            }
        }
        return out;
    }
}
