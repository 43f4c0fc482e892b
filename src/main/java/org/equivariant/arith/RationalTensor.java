package org.equivariant.arith;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real tensor with rational entries over axes of sizes {@code dims}, stored flat with the first axis varying
 * fastest (Gambit's contingency order: player 1's strategy varies fastest).
 */
public record RationalTensor(int[] dims, List<Rational> data) {
    public RationalTensor {
        dims = dims.clone();
        long size = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new IllegalArgumentException("tensor axis of size " + d);
            }
            size = Math.min((long) Integer.MAX_VALUE + 1, size * d); // saturates: never wraps around to a small size
        }
        if (size != data.size()) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(dims) + " needs " + size
                + " entries, got " + data.size());
        }
        data = List.copyOf(data);
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    public int rank() {
        return dims.length;
    }

    public int size() {
        return data.size();
    }

    public Rational get(int... index) {
        return data.get(flatIndex(dims, index));
    }

    /** Flat position of a multi-index, first axis fastest. */
    public static int flatIndex(int[] dims, int[] index) {
        int flat = 0;
        int stride = 1;
        for (int k = 0; k < dims.length; k++) {
            if (index[k] < 0 || index[k] >= dims[k]) {
                throw new IndexOutOfBoundsException("index " + index[k] + " on axis " + k + " of size " + dims[k]);
            }
            flat += index[k] * stride;
            stride *= dims[k];
        }
        return flat;
    }

    /** Advances a multi-index in flat order (first axis fastest); false after the last index. */
    public static boolean next(int[] dims, int[] index) {
        for (int k = 0; k < dims.length; k++) {
            if (++index[k] < dims[k]) {
                return true;
            }
            index[k] = 0;
        }
        return false;
    }

    /** The entries as elements of a field. */
    public <T> List<T> in(Field<T> f) {
        List<T> out = new ArrayList<>(data.size());
        for (Rational r : data) {
            out.add(f.of(r));
        }
        return out;
    }

    /**
     * Contraction Σ t[i] Π_{k ∉ keep} v_k[i_k] of a tensor given in field f, returned flat over the kept axes (in
     * increasing axis order, first kept axis fastest). {@code vectors.get(k)} is ignored for kept axes. The axes are
     * summed out one at a time, last first (Σ_{i_k} t[…i_k…]·v_k[i_k] for each index of the others): N·(1 + 1/d + …)
     * products for a tensor of N entries instead of N per contracted axis — the same sum, so exact in an exact field
     * and an enclosure of it in an interval one.
     */
    public static <T> List<T> contract(Field<T> f, int[] dims, List<T> data, List<? extends List<T>> vectors,
                                       int... keep) {
        boolean[] kept = new boolean[dims.length];
        for (int k : keep) {
            kept[k] = true;
        }
        List<T> t = data;
        int size = data.size();
        for (int k = dims.length - 1; k >= 0; k--) {
            if (kept[k]) {
                continue;
            }
            int inner = 1;
            for (int l = 0; l < k; l++) {
                inner *= dims[l];
            }
            int d = dims[k];
            int outer = size / (inner * d);
            List<T> v = vectors.get(k);
            List<T> next = new ArrayList<>(outer * inner);
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * d * inner + i;
                    T sum = f.multiply(t.get(base), v.get(0));
                    for (int x = 1; x < d; x++) {
                        sum = f.add(sum, f.multiply(t.get(base + x * inner), v.get(x)));
                    }
                    next.add(sum);
                }
            }
            t = next;
            size = next.size();
        }
        return t == data ? new ArrayList<>(data) : t;
    }

    /**
     * For every axis j ≠ i, {@code contract(f, dims, data, vectors, min(i, j), max(i, j))} — the same sums, computed
     * together: the other axes are split in halves, each half is summed out of the tensor (keeping i and the other
     * half) and the rest recurses on the smaller tensor, so the full tensor is read twice instead of once per axis j
     * (for p players with two actions each, about 4·2^p products instead of 2(p − 1)·2^p). Entry j of the result
     * is null for j = i.
     */
    public static <T> List<List<T>> pairContractions(Field<T> f, int[] dims, List<T> data,
                                                     List<? extends List<T>> vectors, int i) {
        // with one other axis the table is the data itself: a copy, as contract gives
        return pairTables(dims.length, dims.length == 2 ? new ArrayList<>(data) : data, i,
            (t, axes, gone) -> without(f, dims, t, vectors, axes, gone));
    }

    /** Where entry (a, b) of the pair table of axes i ≠ j (the tensor over those two) lies: the lower axis fastest. */
    public static int pairIndex(int[] dims, int i, int j, int a, int b) {
        return i < j ? a + dims[i] * b : b + dims[j] * a;
    }

    /**
     * The pair table of axes i ≠ j as an n_i × n_j matrix read row by row: entry a·n_j + b is where (a, b) lies in the
     * table as {@link #pairTables} holds it ({@link #pairIndex}).
     */
    public static int[] pairOrder(int[] dims, int i, int j) {
        int[] from = new int[dims[i] * dims[j]];
        for (int a = 0; a < dims[i]; a++) {
            for (int b = 0; b < dims[j]; b++) {
                from[a * dims[j] + b] = pairIndex(dims, i, j, a, b);
            }
        }
        return from;
    }

    /** Sums a set of axes out of a tensor held as an X: the tensor over {@code axes} (increasing) less {@code gone}. */
    public interface Summation<X> {
        X without(X t, List<Integer> axes, List<Integer> gone);
    }

    /** One axis summed out of a tensor held as an X: the tensor of {@code dims} (axis 0 fastest) less axis k. */
    public interface AxisSum<X> {
        X without(X t, int[] dims, int k, int axis);
    }

    /**
     * A {@link Summation} from one-axis sums: the gone axes summed out one at a time, the highest first (the lower
     * ones keep their strides); {@code axis} is the original axis, for the vector to sum against.
     */
    public static <X> Summation<X> oneAxisAtATime(int[] dims, AxisSum<X> sum) {
        return (t, axes, gone) -> {
            List<Integer> left = new ArrayList<>(axes);
            X out = t;
            for (int k = axes.size() - 1; k >= 0; k--) {
                if (gone.contains(axes.get(k))) {
                    out = sum.without(out, left.stream().mapToInt(a -> dims[a]).toArray(), k, axes.get(k));
                    left.remove(k);
                }
            }
            return out;
        };
    }

    /**
     * {@link #pairContractions}' halving scheme for a tensor in any representation X with p axes: entry j ≠ i of the
     * result is the tensor over axes i and j (the others summed out by {@code sum}); entry i is null. With one other
     * axis that entry is {@code data} itself.
     */
    public static <X> List<X> pairTables(int p, X data, int i, Summation<X> sum) {
        List<Integer> axes = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int k = 0; k < p; k++) {
            axes.add(k);
            if (k != i) {
                others.add(k);
            }
        }
        List<X> out = new ArrayList<>(java.util.Collections.nCopies(p, (X) null));
        if (!others.isEmpty()) {
            pairs(data, axes, others, out, sum);
        }
        return out;
    }

    /**
     * The tensor t over the original axes {@code axes} (increasing) has the axes of {@code free} (and i) still to be
     * kept for some pair: stores t itself when one is left, else sums out each half of them in turn and recurses.
     */
    private static <X> void pairs(X t, List<Integer> axes, List<Integer> free, List<X> out, Summation<X> sum) {
        if (free.size() == 1) {
            out.set(free.get(0), t);
            return;
        }
        int half = free.size() / 2;
        List<Integer> first = free.subList(0, half);
        List<Integer> second = free.subList(half, free.size());
        pairs(sum.without(t, axes, second), minus(axes, second), first, out, sum);
        pairs(sum.without(t, axes, first), minus(axes, first), second, out, sum);
    }

    /** t over {@code axes} with the axes {@code gone} summed out against their vectors. */
    private static <T> List<T> without(Field<T> f, int[] dims, List<T> t, List<? extends List<T>> vectors,
                                       List<Integer> axes, List<Integer> gone) {
        int[] sub = new int[axes.size()];
        List<List<T>> v = new ArrayList<>();
        List<Integer> keep = new ArrayList<>();
        for (int k = 0; k < axes.size(); k++) {
            int axis = axes.get(k);
            sub[k] = dims[axis];
            v.add(vectors.get(axis));
            if (!gone.contains(axis)) {
                keep.add(k);
            }
        }
        return contract(f, sub, t, v, keep.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<Integer> minus(List<Integer> axes, List<Integer> gone) {
        return axes.stream().filter(a -> !gone.contains(a)).toList();
    }

    /**
     * For axis p, the list over axes q of max |t(…a…b…) − t(…a…b'…) − t(…a'…b…) + t(…a'…b'…)| over all pairs a, a'
     * on axis p, b, b' on axis q and all indices on the other axes: the largest 2×2 mixed second differences (the
     * interaction contrasts), 0 at q = p. For fixed a, a' and other indices the maximum over b, b' of |v_b − v_b'|
     * with v_b = t(a,b) − t(a',b) is max v − min v, so the cost is {@link #mixedDifferenceCost} for each q rather than
     * its square. The differences are formed exactly on the entries' integer numerators over their common
     * denominator, brought to it once for all q.
     */
    public List<Rational> maxMixedDifferences(int p) {
        if (p < 0 || p >= dims.length) {
            throw new IllegalArgumentException("no axis " + p + " in a tensor of rank " + dims.length);
        }
        int[] stride = new int[dims.length];
        int st = 1;
        for (int k = 0; k < dims.length; k++) {
            stride[k] = st;
            st *= dims[k];
        }
        BigInteger common = Rational.commonDenominator(data);
        java.util.Map<BigInteger, BigInteger> factor = new java.util.HashMap<>(); // common / d for each denominator d
        // numerators of at most 2^60 in magnitude (|n·f| ≤ 2^(bits(n) + bits(f))): their differences of differences
        // (at most 2^62) fit a long; otherwise all are BigIntegers
        int size = data.size();
        long[] small = new long[size];
        BigInteger[] scaled = null;
        for (int e = 0; e < size && scaled == null; e++) {
            Rational x = data.get(e);
            BigInteger f = factor.computeIfAbsent(x.denominator(), d -> common.divide(d));
            int bits = x.numerator().bitLength() + (f.equals(BigInteger.ONE) ? 0 : f.bitLength());
            if (bits <= 60) {
                small[e] = x.numerator().longValueExact() * f.longValueExact();
            } else {
                small = null;
                scaled = new BigInteger[size];
                for (int k = 0; k < size; k++) {
                    BigInteger d = data.get(k).denominator();
                    scaled[k] = data.get(k).numerator().multiply(factor.computeIfAbsent(d, c -> common.divide(c)));
                }
            }
        }
        List<Rational> row = new ArrayList<>(dims.length);
        for (int q = 0; q < dims.length; q++) {
            row.add(q == p ? Rational.ZERO : Rational.of(maxMixedDifference(p, q, stride, scaled, small), common));
        }
        return row;
    }

    /** The largest mixed difference on axes p ≠ q of the entries' numerators (in longs when small is not null). */
    private BigInteger maxMixedDifference(int p, int q, int[] stride, BigInteger[] scaled, long[] small) {
        BigInteger best = BigInteger.ZERO;
        long bestSmall = 0;
        int[] index = new int[dims.length];
        do {
            if (index[p] != 0 || index[q] != 0) {
                continue;
            }
            int base = 0;
            for (int k = 0; k < dims.length; k++) {
                base += index[k] * stride[k];
            }
            for (int a = 0; a < dims[p]; a++) {
                for (int a2 = a + 1; a2 < dims[p]; a2++) {
                    int first = base + a * stride[p];
                    int second = base + a2 * stride[p];
                    if (small != null) {
                        long lo = Long.MAX_VALUE;
                        long hi = Long.MIN_VALUE;
                        for (int b = 0; b < dims[q]; b++) {
                            long v = small[first + b * stride[q]] - small[second + b * stride[q]];
                            lo = Math.min(lo, v);
                            hi = Math.max(hi, v);
                        }
                        bestSmall = Math.max(bestSmall, hi - lo);
                        continue;
                    }
                    BigInteger lo = null;
                    BigInteger hi = null;
                    for (int b = 0; b < dims[q]; b++) {
                        BigInteger v = scaled[first + b * stride[q]].subtract(scaled[second + b * stride[q]]);
                        lo = lo == null ? v : lo.min(v);
                        hi = hi == null ? v : hi.max(v);
                    }
                    best = best.max(hi.subtract(lo));
                }
            }
        } while (next(dims, index));
        return small != null ? BigInteger.valueOf(bestSmall) : best;
    }

    /** The number of differences {@link #maxMixedDifferences} forms for axes p and q (a double: no overflow). */
    public static double mixedDifferenceCost(int[] dims, int p, int q) {
        double others = 1;
        for (int k = 0; k < dims.length; k++) {
            if (k != p && k != q) {
                others *= dims[k];
            }
        }
        return others * dims[p] * (dims[p] - 1) / 2.0 * dims[q];
    }

    /** The largest |entry| of the tensors, as a double (an estimate of a scale, never a bound). */
    public static double largest(List<RationalTensor> tensors) {
        return tensors.stream().flatMap(t -> t.data.stream()).mapToDouble(x -> Math.abs(x.doubleValue())).max()
            .orElse(0);
    }

    /**
     * SHA-256 (lower-case hex) of the canonical text of a list of tensors of one shape: the line
     * "tensors N shape d1 d2 …", then one line per tensor with its entries in flat order as reduced rationals
     * ("n" or "n/d"), separated by single spaces, each line ending in "\n", UTF-8.
     */
    public static String sha256(List<RationalTensor> tensors) {
        StringBuilder sb = new StringBuilder("tensors ").append(tensors.size()).append(" shape");
        for (int d : tensors.get(0).dims) {
            sb.append(' ').append(d);
        }
        sb.append('\n');
        for (RationalTensor t : tensors) {
            if (!Arrays.equals(t.dims, tensors.get(0).dims)) {
                throw new IllegalArgumentException("tensors of different shapes");
            }
            for (int i = 0; i < t.data.size(); i++) {
                sb.append(i == 0 ? "" : " ").append(t.data.get(i));
            }
            sb.append('\n');
        }
        return Sha256.hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RationalTensor t && Arrays.equals(dims, t.dims) && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + data.hashCode();
    }

    @Override
    public String toString() {
        return "RationalTensor" + Arrays.toString(dims) + data;
    }
}
