package org.equivariant.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generators of the automorphism group of a {@link ColouredGraph} by individualization–refinement, the approach of
 * nauty, bliss and Traces (McKay &amp; Piperno, "Practical graph isomorphism, II", J. Symb. Comput. 60, 2014),
 * without canonical labelling:
 * <ul>
 *   <li><b>Refinement</b> of an ordered partition to an (almost) equitable one: Hopcroft-style splitting — for a
 *       splitter cell W, each vertex v gets the key Σ h(L) over its edges (v, w, L) into W (h a fixed random 64-bit
 *       value per label: a multiset hash); every cell splits by key, fragments in key order, and all fragments but
 *       one largest become splitters. Keys and fragment order depend only on the structure, so refinement commutes
 *       with automorphisms; a hash collision can only leave a partition coarser (less pruning), never wrong.</li>
 *   <li><b>Search.</b> The first path individualizes, level by level, the first vertex of a smallest non-singleton
 *       cell of "point" vertices (the first {@code points} vertices; the others are determined by them) and refines
 *       until the partition is discrete (the first leaf). Then, from the deepest level up, for each other vertex w of
 *       the level's target cell that is not in the orbit, under the generators found so far, of the first path's
 *       vertex (nor in the orbit of a w already refuted), the subtree of w is searched for a leaf whose trace — the
 *       record of every split — matches the first path's and whose correspondence with the first leaf is an
 *       automorphism (checked edge by edge). The generators found at level ℓ fix the first path's vertices above ℓ,
 *       so each level contributes a transversal and together they generate the whole group (Schreier–Sims).</li>
 * </ul>
 * A node budget bounds the search; when it is spent, {@link Result#complete} is false and the generators found
 * generate a subgroup.
 */
public final class GraphAutomorphisms {
    /**
     * Generators (permutations of all vertices), the first path's individualized vertices (a base), each generator's
     * level (it fixes base[0..level−1]; those of level ≥ k generate the stabilizer of base[0..k−1] when the search is
     * complete), whether the search finished, and the tree nodes it visited.
     */
    public record Result(List<int[]> generators, int[] base, int[] level, boolean complete, long nodes) {
    }

    private final ColouredGraph g;
    private final int points;
    private final long budget;
    private final long[] hash;
    private long nodes;
    private boolean exhausted;

    private GraphAutomorphisms(ColouredGraph g, int points, long budget) {
        this.g = g;
        this.points = points;
        this.budget = budget;
        this.hash = new long[Math.max(1, g.labels)];
        SplittableRandom r = new SplittableRandom(0x5eed_1e55L);
        for (int l = 0; l < hash.length; l++) {
            hash[l] = r.nextLong() | 1L;
        }
    }

    /** The automorphism group's generators, searching at most {@code budget} tree nodes. */
    public static Result of(ColouredGraph g, int points, long budget) {
        return new GraphAutomorphisms(g, points, budget).run();
    }

    /** An ordered partition of the vertices: cells are ranges of {@code elems}, named by their first position. */
    private final class Partition {
        final int[] elems;
        final int[] pos;
        final int[] cellOf;
        final int[] end;
        int cells;
        long trace;

        Partition(int[] colour) {
            int n = colour.length;
            Integer[] order = new Integer[n];
            for (int v = 0; v < n; v++) {
                order[v] = v;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(colour[a], colour[b]));
            elems = new int[n];
            pos = new int[n];
            cellOf = new int[n];
            end = new int[n + 1];
            int s = 0;
            for (int k = 0; k < n; k++) {
                elems[k] = order[k];
                pos[order[k]] = k;
                if (k > 0 && colour[order[k]] != colour[order[k - 1]]) {
                    end[s] = k;
                    s = k;
                    cells++;
                }
                cellOf[order[k]] = s;
            }
            if (n > 0) {
                end[s] = n;
                cells++;
            }
        }

        Partition(Partition p) {
            elems = p.elems.clone();
            pos = p.pos.clone();
            cellOf = p.cellOf.clone();
            end = p.end.clone();
            cells = p.cells;
            trace = p.trace;
        }

        boolean discrete() {
            return cells == elems.length;
        }

        /** Splits {v} off the front of its cell; returns the singleton's position (the splitter), or −1. */
        int individualize(int v) {
            int x = cellOf[v];
            int e = end[x];
            if (e - x == 1) {
                return -1;
            }
            swap(pos[v], x);
            end[x] = x + 1;
            end[x + 1] = e;
            for (int k = x + 1; k < e; k++) {
                cellOf[elems[k]] = x + 1;
            }
            cells++;
            trace = mix(trace, 0x1d1dL + x);
            return x;
        }

        private void swap(int i, int j) {
            int a = elems[i];
            int b = elems[j];
            elems[i] = b;
            pos[b] = i;
            elems[j] = a;
            pos[a] = j;
        }

        /** The smallest non-singleton cell of point vertices (first by position), else any non-singleton; −1. */
        int target() {
            int best = -1;
            int other = -1;
            for (int s = 0; s < elems.length; s = end[s]) {
                int size = end[s] - s;
                if (size > 1) {
                    if (elems[s] < points && (best < 0 || size < end[best] - best)) {
                        best = s;
                    } else if (other < 0) {
                        other = s;
                    }
                }
            }
            return best >= 0 ? best : other;
        }

        /** Refines from the given splitter cells (all cells when null). */
        void refine(int[] splitters) {
            int n = elems.length;
            int[] queue = new int[n + 1];
            boolean[] queued = new boolean[n];
            int head = 0;
            int tail = 0;
            if (splitters == null) {
                for (int s = 0; s < n; s = end[s]) {
                    queue[tail++] = s;
                    queued[s] = true;
                }
            } else {
                for (int s : splitters) {
                    queue[tail++] = s;
                    queued[s] = true;
                }
            }
            long[] key = new long[n];
            boolean[] touched = new boolean[n];
            int[] touchedList = new int[n];
            boolean[] cellTouched = new boolean[n];
            int[] cellList = new int[n];
            while (head != tail && !discrete()) {
                int w = queue[head];
                head = head + 1 == queue.length ? 0 : head + 1;
                queued[w] = false;
                int wEnd = end[w];
                int nt = 0;
                int nc = 0;
                for (int k = w; k < wEnd; k++) {
                    int u = elems[k];
                    for (int e = g.start[u]; e < g.start[u + 1]; e++) {
                        int v = g.neighbour[e];
                        key[v] += hash[g.label[e]];
                        if (!touched[v]) {
                            touched[v] = true;
                            touchedList[nt++] = v;
                            int c = cellOf[v];
                            if (!cellTouched[c]) {
                                cellTouched[c] = true;
                                cellList[nc++] = c;
                            }
                        }
                    }
                }
                Arrays.sort(cellList, 0, nc);
                // group the touched vertices by cell: counting sort by cell start
                int[] byCell = new int[nt];
                int[] cellCount = new int[nc];
                for (int t = 0; t < nt; t++) {
                    cellCount[Arrays.binarySearch(cellList, 0, nc, cellOf[touchedList[t]])]++;
                }
                int[] cellFirst = new int[nc + 1];
                for (int c = 0; c < nc; c++) {
                    cellFirst[c + 1] = cellFirst[c] + cellCount[c];
                }
                int[] fillAt = Arrays.copyOf(cellFirst, nc);
                for (int t = 0; t < nt; t++) {
                    int v = touchedList[t];
                    byCell[fillAt[Arrays.binarySearch(cellList, 0, nc, cellOf[v])]++] = v;
                }
                for (int c = 0; c < nc; c++) {
                    int x = cellList[c];
                    int count = cellFirst[c + 1] - cellFirst[c];
                    int[] fragments = split(x, byCell, cellFirst[c], count, key);
                    if (fragments != null) {
                        int largest = 0;
                        for (int f = 1; f < fragments.length; f++) {
                            if (end[fragments[f]] - fragments[f] > end[fragments[largest]] - fragments[largest]) {
                                largest = f;
                            }
                        }
                        boolean was = queued[x];
                        for (int f = 0; f < fragments.length; f++) {
                            int s = fragments[f];
                            if ((was || f != largest) && !queued[s]) {
                                queued[s] = true;
                                queue[tail] = s;
                                tail = tail + 1 == queue.length ? 0 : tail + 1;
                            }
                        }
                    }
                    cellTouched[x] = false;
                }
                for (int t = 0; t < nt; t++) {
                    key[touchedList[t]] = 0;
                    touched[touchedList[t]] = false;
                }
            }
        }

        /**
         * Splits cell x by key: untouched vertices (key class "none") first, then the touched ones by ascending key.
         * Returns the fragments' starts, or null when the cell does not split.
         */
        private int[] split(int x, int[] byCell, int from, int count, long[] key) {
            int e = end[x];
            int size = e - x;
            if (count == size) {
                long k0 = key[byCell[from]];
                boolean same = true;
                for (int t = from + 1; t < from + count && same; t++) {
                    same = key[byCell[t]] == k0;
                }
                if (same) {
                    trace = mix(trace, 0x5a5aL + x * 31L + k0);
                    return null;
                }
            }
            int b = e;
            for (int t = from; t < from + count; t++) {
                b--;
                swap(pos[byCell[t]], b);
            }
            long[] sorted = new long[count];
            int[] vs = new int[count];
            Integer[] idx = new Integer[count];
            for (int t = 0; t < count; t++) {
                vs[t] = elems[b + t];
                idx[t] = t;
            }
            Arrays.sort(idx, (p, q) -> Long.compare(key[vs[p]], key[vs[q]]));
            for (int t = 0; t < count; t++) {
                int v = vs[idx[t]];
                elems[b + t] = v;
                pos[v] = b + t;
                sorted[t] = key[v];
            }
            List<Integer> starts = new ArrayList<>();
            if (b > x) {
                starts.add(x);
            }
            for (int t = 0; t < count; t++) {
                if (t == 0 || sorted[t] != sorted[t - 1]) {
                    starts.add(b + t);
                }
            }
            int[] s = starts.stream().mapToInt(Integer::intValue).toArray();
            for (int f = 0; f < s.length; f++) {
                int fe = f + 1 < s.length ? s[f + 1] : e;
                end[s[f]] = fe;
                for (int k = s[f]; k < fe; k++) {
                    cellOf[elems[k]] = s[f];
                }
                trace = mix(trace, s[f] * 0x9e37L + fe + (s[f] >= b ? key[elems[s[f]]] : 0x77L));
            }
            cells += s.length - 1;
            return s;
        }
    }

    private static long mix(long h, long x) {
        long z = h * 0x9E3779B97F4A7C15L + x;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private Result run() {
        Partition root = new Partition(g.colour);
        root.refine(null);
        List<Partition> path = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        List<Long> traces = new ArrayList<>();
        Partition p = root;
        traces.add(p.trace);
        while (!p.discrete()) {
            int t = p.target();
            path.add(p);
            targets.add(t);
            Partition q = new Partition(p);
            int s = q.individualize(q.elems[t]);
            q.refine(new int[] {s});
            traces.add(q.trace);
            p = q;
        }
        int[] firstLeaf = p.elems;
        List<int[]> gens = new ArrayList<>();
        List<Integer> levels = new ArrayList<>();
        for (int level = path.size() - 1; level >= 0 && !exhausted; level--) {
            Partition at = path.get(level);
            int t = targets.get(level);
            int fixed = at.elems[t];
            int[] orbit = orbits(gens);
            List<Integer> refuted = new ArrayList<>();
            for (int k = t + 1; k < at.end[t] && !exhausted; k++) {
                int w = at.elems[k];
                if (find(orbit, w) == find(orbit, fixed) || refuted.contains(find(orbit, w))) {
                    continue;
                }
                int[] found = search(at, w, level + 1, traces, firstLeaf);
                if (found != null) {
                    gens.add(found);
                    levels.add(level);
                    orbit = orbits(gens);
                } else if (!exhausted) {
                    refuted.add(find(orbit, w));
                }
            }
        }
        int[] base = new int[path.size()];
        for (int k = 0; k < base.length; k++) {
            base[k] = path.get(k).elems[targets.get(k)];
        }
        return new Result(gens, base, levels.stream().mapToInt(Integer::intValue).toArray(), !exhausted, nodes);
    }

    /** Searches the subtree below individualizing w in partition p (at depth {@code depth} after it). */
    private int[] search(Partition p, int w, int depth, List<Long> traces, int[] firstLeaf) {
        if (++nodes > budget) {
            exhausted = true;
            return null;
        }
        Partition q = new Partition(p);
        int s = q.individualize(w);
        q.refine(new int[] {s});
        if (depth >= traces.size() || q.trace != traces.get(depth)) {
            return null;
        }
        if (q.discrete()) {
            int[] gamma = new int[g.vertices];
            for (int k = 0; k < gamma.length; k++) {
                gamma[firstLeaf[k]] = q.elems[k];
            }
            return g.isAutomorphism(gamma) ? gamma : null;
        }
        int t = q.target();
        for (int k = t; k < q.end[t] && !exhausted; k++) {
            int[] found = search(q, q.elems[k], depth + 1, traces, firstLeaf);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** Union–find parents of the orbits of the generators on all vertices. */
    private int[] orbits(List<int[]> gens) {
        int[] parent = new int[g.vertices];
        for (int v = 0; v < parent.length; v++) {
            parent[v] = v;
        }
        for (int[] gamma : gens) {
            for (int v = 0; v < parent.length; v++) {
                int a = find(parent, v);
                int b = find(parent, gamma[v]);
                if (a != b) {
                    parent[Math.max(a, b)] = Math.min(a, b);
                }
            }
        }
        return parent;
    }

    private static int find(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }
}
