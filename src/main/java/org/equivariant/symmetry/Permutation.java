package org.equivariant.symmetry;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A permutation of {0, …, n−1}, stored by images: {@code apply(i) = images[i]}. Composition {@code p.compose(q)} is
 * p ∘ q (q first). Printed and parsed in 1-based cycle notation, e.g. "(1 2)(3 4 5)", identity "()".
 */
public record Permutation(int[] images) {
    public Permutation {
        images = images.clone();
        boolean[] seen = new boolean[images.length];
        for (int x : images) {
            if (x < 0 || x >= images.length || seen[x]) {
                throw new IllegalArgumentException("not a permutation of 1.." + images.length + ": "
                    + Arrays.toString(Arrays.stream(images).map(v -> v + 1).toArray()));
            }
            seen[x] = true;
        }
    }

    /**
     * The orbits of {0, …, n−1} under the group the permutations generate (each of degree n), by union-find; each
     * orbit increasing, orbits in order of their least point.
     */
    public static List<List<Integer>> orbits(int n, java.util.Collection<Permutation> perms) {
        int[] rep = new int[n];
        for (int i = 0; i < n; i++) {
            rep[i] = i;
        }
        for (Permutation g : perms) {
            for (int i = 0; i < n; i++) {
                int a = find(rep, i);
                int b = find(rep, g.apply(i));
                rep[Math.max(a, b)] = Math.min(a, b);
            }
        }
        java.util.Map<Integer, List<Integer>> byRoot = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            byRoot.computeIfAbsent(find(rep, i), x -> new ArrayList<>()).add(i);
        }
        return new ArrayList<>(byRoot.values());
    }

    private static int find(int[] rep, int i) {
        while (rep[i] != i) {
            rep[i] = rep[rep[i]];
            i = rep[i];
        }
        return i;
    }

    public static Permutation identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) {
            id[i] = i;
        }
        return new Permutation(id);
    }

    /** The permutation with the given 0-based images. */
    public static Permutation of(int... images) {
        return new Permutation(images);
    }

    /** All n! permutations of {0, …, n − 1}, in lexicographic order of their images. */
    public static java.util.List<Permutation> all(int n) {
        java.util.List<Permutation> out = new java.util.ArrayList<>();
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        do {
            out.add(Permutation.of(p.clone()));
        } while (nextPermutation(p));
        return out;
    }

    private static boolean nextPermutation(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = p.length - 1;
        while (p[j] <= p[i]) {
            j--;
        }
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        for (int l = i + 1, h = p.length - 1; l < h; l++, h--) {
            t = p[l];
            p[l] = p[h];
            p[h] = t;
        }
        return true;
    }

    public int degree() {
        return images.length;
    }

    public int apply(int i) {
        return images[i];
    }

    /** The list with entry i moved to position p(i) (a point of R^n whose coordinates this permutes). */
    public <T> java.util.List<T> apply(java.util.List<T> x) {
        java.util.List<T> out = new java.util.ArrayList<>(x);
        for (int i = 0; i < images.length; i++) {
            out.set(images[i], x.get(i));
        }
        return out;
    }

    @Override
    public int[] images() {
        return images.clone();
    }

    /** p ∘ q: first q, then this. */
    public Permutation compose(Permutation q) {
        if (q.images.length != images.length) {
            throw new IllegalArgumentException("degrees differ: " + images.length + " and " + q.images.length);
        }
        int[] r = new int[images.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = images[q.images[i]];
        }
        return new Permutation(r);
    }

    public Permutation inverse() {
        int[] r = new int[images.length];
        for (int i = 0; i < r.length; i++) {
            r[images[i]] = i;
        }
        return new Permutation(r);
    }

    public boolean isIdentity() {
        for (int i = 0; i < images.length; i++) {
            if (images[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Whether this is an involution: not the identity, and its own inverse (g·g the identity). */
    public boolean isInvolution() {
        return !isIdentity() && compose(this).isIdentity();
    }

    /** The cycles of length at least 2, each starting at its smallest point, in increasing order of that point. */
    public List<int[]> cycles() {
        List<int[]> out = new ArrayList<>();
        boolean[] seen = new boolean[images.length];
        for (int s = 0; s < images.length; s++) {
            if (seen[s] || images[s] == s) {
                seen[s] = true;
                continue;
            }
            List<Integer> c = new ArrayList<>();
            for (int x = s; !seen[x]; x = images[x]) {
                seen[x] = true;
                c.add(x);
            }
            out.add(c.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /** The order: the least common multiple of the cycle lengths. */
    public BigInteger order() {
        BigInteger l = BigInteger.ONE;
        for (int[] c : cycles()) {
            BigInteger len = BigInteger.valueOf(c.length);
            l = l.divide(l.gcd(len)).multiply(len);
        }
        return l;
    }

    /**
     * Parses indexed maps "1:(1 2) 2:() …" (1-based index, then cycle notation of degree {@code degrees[index]}) into
     * one permutation per index, the identity where an index is not given.
     */
    public static java.util.List<Permutation> parseIndexed(String text, int[] degrees) {
        java.util.List<Permutation> maps = new java.util.ArrayList<>();
        for (int m : degrees) {
            maps.add(identity(m));
        }
        for (String item : text.strip().split("\\s+(?=\\d+:)")) {
            if (item.isBlank()) {
                continue;
            }
            int colon = item.indexOf(':');
            int i;
            try {
                i = Integer.parseInt(item.substring(0, colon).strip()) - 1;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad map '" + item + "': expected INDEX:(cycles)");
            }
            if (i < 0 || i >= degrees.length) {
                throw new IllegalArgumentException("bad map '" + item + "': no index " + (i + 1) + " (1.."
                    + degrees.length + ")");
            }
            maps.set(i, parse(item.substring(colon + 1), degrees[i]));
        }
        return maps;
    }

    /** Parses 1-based cycle notation ("(1 2)(3 4 5)", "()" or "") into a permutation of degree n. */
    public static Permutation parse(String text, int n) {
        int[] img = identity(n).images;
        String s = text.strip();
        int i = 0;
        boolean[] used = new boolean[n];
        while (i < s.length()) {
            char ch = s.charAt(i);
            if (Character.isWhitespace(ch)) {
                i++;
                continue;
            }
            if (ch != '(') {
                throw new IllegalArgumentException("cycle notation '" + text + "': expected '(' at position "
                    + (i + 1));
            }
            int close = s.indexOf(')', i);
            if (close < 0) {
                throw new IllegalArgumentException("cycle notation '" + text + "': unclosed cycle at position "
                    + (i + 1));
            }
            String body = s.substring(i + 1, close).strip();
            if (!body.isEmpty()) {
                String[] parts = body.split("[\\s,]+");
                int[] c = new int[parts.length];
                for (int k = 0; k < parts.length; k++) {
                    int v;
                    try {
                        v = Integer.parseInt(parts[k]);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("cycle notation '" + text + "': '" + parts[k]
                            + "' is not a point number");
                    }
                    if (v < 1 || v > n) {
                        throw new IllegalArgumentException("cycle notation '" + text + "': point " + v
                            + " outside 1.." + n);
                    }
                    if (used[v - 1]) {
                        throw new IllegalArgumentException("cycle notation '" + text + "': point " + v
                            + " appears twice");
                    }
                    used[v - 1] = true;
                    c[k] = v - 1;
                }
                for (int k = 0; k < c.length; k++) {
                    img[c[k]] = c[(k + 1) % c.length];
                }
            }
            i = close + 1;
        }
        return new Permutation(img);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permutation p && Arrays.equals(images, p.images);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(images);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int[] c : cycles()) {
            sb.append('(');
            for (int k = 0; k < c.length; k++) {
                sb.append(k == 0 ? "" : " ").append(c[k] + 1);
            }
            sb.append(')');
        }
        return sb.length() == 0 ? "()" : sb.toString();
    }
}
