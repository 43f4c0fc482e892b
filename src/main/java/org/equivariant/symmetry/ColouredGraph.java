package org.equivariant.symmetry;

import java.util.Arrays;

/**
 * A vertex- and edge-coloured graph in compressed rows, the structure whose automorphisms {@link GraphAutomorphisms}
 * finds. Vertex colours are small non-negative integers; an edge u → v with label L is stored as (v, 2L) at u and
 * (u, 2L + 1) at v, so relations need not be symmetric. Rows are sorted by (neighbour, label) for look-up.
 */
public final class ColouredGraph {
    final int vertices;
    final int[] colour;
    final int[] start;
    final int[] neighbour;
    final int[] label;
    final int labels;

    private ColouredGraph(int[] colour, int[] start, int[] neighbour, int[] label, int labels) {
        this.vertices = colour.length;
        this.colour = colour;
        this.start = start;
        this.neighbour = neighbour;
        this.label = label;
        this.labels = labels;
    }

    public int vertices() {
        return vertices;
    }

    public int edges() {
        return neighbour.length / 2;
    }

    /** Whether the edge u → v with the stored label {@code lab} (2L or 2L + 1) exists. */
    boolean hasEdge(int u, int v, int lab) {
        int lo = start[u];
        int hi = start[u + 1] - 1;
        long key = ((long) v << 32) | lab;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long k = ((long) neighbour[mid] << 32) | label[mid];
            if (k < key) {
                lo = mid + 1;
            } else if (k > key) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Whether γ (a permutation of the vertices) preserves colours and every labelled edge. */
    boolean isAutomorphism(int[] gamma) {
        for (int u = 0; u < vertices; u++) {
            if (colour[gamma[u]] != colour[u] || start[gamma[u] + 1] - start[gamma[u]] != start[u + 1] - start[u]) {
                return false;
            }
        }
        for (int u = 0; u < vertices; u++) {
            for (int k = start[u]; k < start[u + 1]; k++) {
                if (!hasEdge(gamma[u], gamma[neighbour[k]], label[k])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Accumulates vertices (with colours) and labelled directed edges. */
    public static final class Builder {
        private final int[] colour;
        private int[] from = new int[16];
        private int[] to = new int[16];
        private int[] lab = new int[16];
        private int edges;
        private int labels;

        public Builder(int[] colour) {
            this.colour = colour.clone();
        }

        /** The edge u → v with label L ≥ 0. */
        public Builder edge(int u, int v, int l) {
            if (edges == from.length) {
                int grow = Math.max(16, Math.min(edges, Integer.MAX_VALUE / 4 - edges));
                from = Arrays.copyOf(from, edges + grow);
                to = Arrays.copyOf(to, edges + grow);
                lab = Arrays.copyOf(lab, edges + grow);
            }
            from[edges] = u;
            to[edges] = v;
            lab[edges] = l;
            edges++;
            labels = Math.max(labels, l + 1);
            return this;
        }

        public ColouredGraph build() {
            int n = colour.length;
            int[] degree = new int[n + 1];
            for (int e = 0; e < edges; e++) {
                degree[from[e]]++;
                degree[to[e]]++;
            }
            int[] start = new int[n + 1];
            for (int v = 0; v < n; v++) {
                start[v + 1] = start[v] + degree[v];
            }
            long[] keys = new long[2 * edges];
            int[] fill = Arrays.copyOf(start, n);
            for (int e = 0; e < edges; e++) {
                keys[fill[from[e]]++] = ((long) to[e] << 32) | (2L * lab[e]);
                keys[fill[to[e]]++] = ((long) from[e] << 32) | (2L * lab[e] + 1);
            }
            int[] neighbour = new int[2 * edges];
            int[] label = new int[2 * edges];
            for (int v = 0; v < n; v++) {
                Arrays.sort(keys, start[v], start[v + 1]);
                for (int k = start[v]; k < start[v + 1]; k++) {
                    neighbour[k] = (int) (keys[k] >>> 32);
                    label[k] = (int) keys[k];
                }
            }
            return new ColouredGraph(colour, start, neighbour, label, 2 * labels);
        }
    }
}
