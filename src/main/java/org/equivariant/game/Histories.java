package org.equivariant.game;

/**
 * Action-observation histories of one agent up to horizon H: at time t a history is (a_0, o_1, …, a_{t−1}, o_t), t
 * pairs of an action and the observation that followed (the empty history at t = 0). Within time t it is indexed in
 * base |A|·|O| with digit a·|O| + o, oldest pair most significant; globally by {@code offset(t) + index}.
 */
public record Histories(int actions, int observations, int horizon) {
    public Histories {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be at least 1, got " + horizon);
        }
    }

    /** Number of histories at time t: (|A||O|)^t. */
    public int count(int t) {
        return Math.toIntExact(pow((long) actions * observations, t));
    }

    /** Global index of the first history of time t. */
    public int offset(int t) {
        int o = 0;
        for (int k = 0; k < t; k++) {
            o = Math.addExact(o, count(k));
        }
        return o;
    }

    /** Number of histories at times 0..H−1 (the decision points). */
    public int total() {
        return offset(horizon);
    }

    /** The history at time t+1 extending history h (time t) by action a and observation o. */
    public int extend(int h, int a, int o) {
        return Math.addExact(Math.multiplyExact(h, actions * observations), a * observations + o);
    }

    /** Time of a global index. */
    public int time(int global) {
        int t = 0;
        while (global >= count(t)) {
            global -= count(t);
            t++;
        }
        return t;
    }

    /** The (action, observation) pairs of history h at time t, oldest first. */
    public int[][] pairs(int t, int h) {
        int[][] out = new int[t][2];
        for (int k = t - 1; k >= 0; k--) {
            int digit = h % (actions * observations);
            out[k][0] = digit / observations;
            out[k][1] = digit % observations;
            h /= actions * observations;
        }
        return out;
    }

    /** Index at time t of the history with the given pairs. */
    public int index(int[][] pairs) {
        int h = 0;
        for (int[] p : pairs) {
            h = extend(h, p[0], p[1]);
        }
        return h;
    }

    private static long pow(long b, int e) {
        long r = 1;
        for (int k = 0; k < e; k++) {
            r = Math.multiplyExact(r, b);
        }
        return r;
    }
}
