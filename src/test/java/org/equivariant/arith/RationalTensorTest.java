package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Payoff tensors: indexing, contraction and the interaction contrast (the constant behind D in UNIQ-H and every
 * certificate's uniqueness claim), each checked against a brute-force computation written here.
 */
class RationalTensorTest {
    static RationalTensor random(SplittableRandom r, int[] dims) {
        int size = 1;
        for (int d : dims) {
            size *= d;
        }
        List<Rational> data = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            data.add(Rational.of(r.nextInt(-9, 10), r.nextInt(1, 4)));
        }
        return new RationalTensor(dims, data);
    }

    /** All multi-indices of a shape, first axis fastest. */
    static List<int[]> indices(int[] dims) {
        List<int[]> out = new ArrayList<>();
        int[] i = new int[dims.length];
        do {
            out.add(i.clone());
        } while (RationalTensor.next(dims, i));
        return out;
    }

    /** max over all a ≠ a′ on p, b ≠ b′ on q and other indices of the mixed second difference, by brute force. */
    static Rational bruteContrast(RationalTensor t, int p, int q) {
        Rational best = Rational.ZERO;
        int[] dims = t.dims();
        for (int[] i : indices(dims)) {
            for (int a2 = 0; a2 < dims[p]; a2++) {
                for (int b2 = 0; b2 < dims[q]; b2++) {
                    int[] ab2 = i.clone();
                    ab2[q] = b2;
                    int[] a2b = i.clone();
                    a2b[p] = a2;
                    int[] a2b2 = a2b.clone();
                    a2b2[q] = b2;
                    Rational v = t.get(i).subtract(t.get(ab2)).subtract(t.get(a2b)).add(t.get(a2b2)).abs();
                    best = best.max(v);
                }
            }
        }
        return best;
    }

    @Test
    void theInteractionContrastIsTheLargestMixedSecondDifference() {
        SplittableRandom r = new SplittableRandom(11);
        for (int t = 0; t < 60; t++) {
            int rank = r.nextInt(2, 5);
            int[] dims = new int[rank];
            for (int k = 0; k < rank; k++) {
                dims[k] = r.nextInt(1, 4);
            }
            RationalTensor x = random(r, dims);
            RationalTensor huge = new RationalTensor(dims, x.data().stream().map(v -> v.multiply(Rational.of(
                BigInteger.TWO.pow(70)))).toList());
            for (int p = 0; p < rank; p++) {
                List<Rational> row = x.maxMixedDifferences(p);
                List<Rational> hugeRow = huge.maxMixedDifferences(p); // numerators beyond a long's fast path
                assertThat(row).hasSize(rank);
                assertThat(hugeRow).hasSize(rank);
                for (int q = 0; q < rank; q++) {
                    assertThat(row.get(q)).as("%s axes %d, %d", x, p, q)
                        .isEqualTo(p == q ? Rational.ZERO : bruteContrast(x, p, q));
                    assertThat(hugeRow.get(q)).as("%s axes %d, %d", huge, p, q)
                        .isEqualTo(p == q ? Rational.ZERO : bruteContrast(huge, p, q));
                }
            }
        }
        RationalTensor id = new RationalTensor(new int[] {2, 2}, List.of(Rational.ONE, Rational.ZERO, Rational.ZERO,
            Rational.ONE));
        assertThat(id.maxMixedDifferences(0)).containsExactly(Rational.ZERO, Rational.TWO);
        // the largest numerators of the fast path, whose contrast 2^62 − 2 needs all of a long's bits but the sign
        Rational m = Rational.of(BigInteger.TWO.pow(60).subtract(BigInteger.ONE));
        Rational n = Rational.of(BigInteger.TWO.pow(60).negate());
        RationalTensor edge = new RationalTensor(new int[] {2, 2}, List.of(m, n, n, m));
        assertThat(edge.maxMixedDifferences(0).get(1)).isEqualTo(bruteContrast(edge, 0, 1)).isEqualTo(m.subtract(n)
            .multiply(Rational.TWO));
        // four times as large, the contrast (2^64 − 8) would overflow a long: exact all the same
        RationalTensor beyond = new RationalTensor(new int[] {2, 2}, edge.data().stream().map(v -> v.multiply(
            Rational.of(4))).toList());
        assertThat(beyond.maxMixedDifferences(0).get(1)).isEqualTo(m.subtract(n).multiply(Rational.of(8)));
        // integers of 40 bits beside entries over 2^30: each small alone, but over the common denominator 2^30 the
        // integers' numerators need 70 bits — the BigInteger path, or a long would wrap around
        Rational big = Rational.of(BigInteger.TWO.pow(40).add(BigInteger.valueOf(12345)));
        Rational fine = Rational.of(BigInteger.ONE, BigInteger.TWO.pow(30));
        RationalTensor mixed = new RationalTensor(new int[] {2, 2}, List.of(big, fine, big.negate(), fine));
        assertThat(mixed.maxMixedDifferences(0).get(1)).isEqualTo(bruteContrast(mixed, 0, 1)).isEqualTo(big
            .multiply(Rational.TWO));
        assertThatThrownBy(() -> id.maxMixedDifferences(2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RationalTensor.mixedDifferenceCost(new int[] {3, 4, 5}, 0, 1)).isEqualTo(5 * (3 * 2 / 2.0) * 4);
        assertThat(RationalTensor.mixedDifferenceCost(new int[] {3, 4, 5}, 2, 0)).isEqualTo(4 * (5 * 4 / 2.0) * 3);
    }

    /** Contraction keeping no axis, one, or two (any pair, in increasing order), against the sum over all indices. */
    @Test
    void contractionMatchesTheSumOverAllIndices() {
        SplittableRandom r = new SplittableRandom(13);
        RationalField f = RationalField.INSTANCE;
        for (int t = 0; t < 120; t++) {
            int rank = r.nextInt(1, 5);
            int[] dims = shape(r, rank, 3);
            RationalTensor x = random(r, dims);
            List<List<Rational>> vectors = vectors(r, dims);
            int kept = Math.min(rank, r.nextInt(3));
            int[] keep = kept == 0 ? new int[0] : kept == 1 ? new int[] {r.nextInt(rank)} : twoAxes(r, rank);
            List<Rational> got = RationalTensor.contract(f, dims, x.in(f), vectors, keep);
            assertThat(got).as("dims %s keep %s", java.util.Arrays.toString(dims), java.util.Arrays.toString(keep))
                .isEqualTo(bruteContraction(x, vectors, keep));
        }
    }

    /** Axis sizes 1..max. */
    static int[] shape(SplittableRandom r, int rank, int max) {
        int[] dims = new int[rank];
        for (int k = 0; k < rank; k++) {
            dims[k] = r.nextInt(1, max + 1);
        }
        return dims;
    }

    /** One vector per axis, entries k/4 with |k| ≤ 4. */
    static List<List<Rational>> vectors(SplittableRandom r, int[] dims) {
        List<List<Rational>> vectors = new ArrayList<>();
        for (int d : dims) {
            List<Rational> v = new ArrayList<>();
            for (int a = 0; a < d; a++) {
                v.add(Rational.of(r.nextInt(-4, 5), 4));
            }
            vectors.add(v);
        }
        return vectors;
    }

    /** Σ over all indices of t[i]·Π_{k ∉ keep} v_k[i_k], one sum per index of the kept axes (first fastest). */
    static List<Rational> bruteContraction(RationalTensor x, List<List<Rational>> vectors, int... keep) {
        int[] dims = x.dims();
        int[] keptDims = new int[keep.length];
        for (int k = 0; k < keep.length; k++) {
            keptDims[k] = dims[keep[k]];
        }
        List<Rational> out = new ArrayList<>();
        for (int[] want : indices(keptDims)) {
            Rational s = Rational.ZERO;
            for (int[] i : indices(dims)) {
                boolean match = true;
                Rational term = x.get(i);
                for (int k = 0; k < dims.length; k++) {
                    int at = java.util.Arrays.binarySearch(keep, k);
                    if (at >= 0) {
                        match &= i[k] == want[at];
                    } else {
                        term = term.multiply(vectors.get(k).get(i[k]));
                    }
                }
                if (match) {
                    s = s.add(term);
                }
            }
            out.add(s);
        }
        return out;
    }

    /**
     * The pair contractions computed together (halving the other axes) are, for every j ≠ i, the sum over all indices
     * keeping i and j — on shapes of one to six axes, including axes of size 1 — in new lists, and entry i is null.
     */
    @Test
    void pairContractionsAreEveryTwoAxisSum() {
        SplittableRandom r = new SplittableRandom(17);
        RationalField f = RationalField.INSTANCE;
        for (int t = 0; t < 80; t++) {
            int rank = r.nextInt(1, 7);
            int[] dims = shape(r, rank, rank > 4 ? 2 : 3);
            RationalTensor x = random(r, dims);
            List<List<Rational>> vectors = vectors(r, dims);
            int i = r.nextInt(rank);
            List<Rational> data = x.in(f);
            List<List<Rational>> got = RationalTensor.pairContractions(f, dims, data, vectors, i);
            assertThat(got).hasSize(rank);
            assertThat(got).noneMatch(table -> table == data); // new lists, never the input
            for (int j = 0; j < rank; j++) {
                String at = java.util.Arrays.toString(dims) + " i " + i + " j " + j;
                if (j == i) {
                    assertThat(got.get(j)).as(at).isNull();
                } else {
                    assertThat(got.get(j)).as(at).isEqualTo(bruteContraction(x, vectors, Math.min(i, j),
                        Math.max(i, j)));
                }
            }
        }
    }

    private static int[] twoAxes(SplittableRandom r, int rank) {
        if (rank < 2) {
            return new int[] {0};
        }
        int p = r.nextInt(rank);
        int q = r.nextInt(rank - 1);
        q = q >= p ? q + 1 : q;
        return new int[] {Math.min(p, q), Math.max(p, q)};
    }

    @Test
    void indexingShapesAndHashing() {
        RationalTensor x = new RationalTensor(new int[] {2, 3}, List.of(Rational.of(1), Rational.of(2), Rational.of(3),
            Rational.of(4), Rational.of(5), Rational.of(6)));
        assertThat(x.get(1, 0)).isEqualTo(Rational.of(2));
        assertThat(x.get(0, 1)).isEqualTo(Rational.of(3));
        assertThat(x.get(1, 2)).isEqualTo(Rational.of(6));
        assertThat(x.rank()).isEqualTo(2);
        assertThat(x.size()).isEqualTo(6);
        assertThat(RationalTensor.flatIndex(new int[] {2, 3}, new int[] {1, 2})).isEqualTo(5);
        assertThatThrownBy(() -> x.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class)
            .hasMessageContaining("index 2 on axis 0 of size 2");
        assertThatThrownBy(() -> x.get(0, -1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new RationalTensor(new int[] {2, 0}, List.of())).isInstanceOf(
            IllegalArgumentException.class).hasMessageContaining("axis of size 0");
        assertThatThrownBy(() -> new RationalTensor(new int[] {2, 2}, List.of(Rational.ONE)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 entries, got 1");
        int[] dims = x.dims();
        dims[0] = 7;
        assertThat(x.dims()[0]).as("dims are copied").isEqualTo(2);
        assertThat(indices(new int[] {2, 3})).hasSize(6);
        RationalTensor same = new RationalTensor(new int[] {2, 3}, x.data());
        RationalTensor other = new RationalTensor(new int[] {3, 2}, x.data());
        assertThat(same).isEqualTo(x).hasSameHashCodeAs(x);
        assertThat(x.toString()).isEqualTo("RationalTensor[2, 3][1, 2, 3, 4, 5, 6]");
        assertThat(other).isNotEqualTo(x);
        // hashes separate tensors that differ in shape only, or in one entry only
        assertThat(other.hashCode()).isNotEqualTo(x.hashCode());
        assertThat(new RationalTensor(new int[] {2, 3}, List.of(Rational.of(1), Rational.of(2), Rational.of(3),
            Rational.of(4), Rational.of(5), Rational.of(7))).hashCode()).isNotEqualTo(x.hashCode());
        // the hash is SHA-256 of the documented canonical text
        String text = "tensors 2 shape 2 3\n1 2 3 4 5 6\n1 2 3 4 5 6\n";
        assertThat(RationalTensor.sha256(List.of(x, same))).isEqualTo(sha(text));
        assertThat(RationalTensor.sha256(List.of(new RationalTensor(new int[] {1, 1}, List.of(Rational.of(-1, 2))))))
            .isEqualTo(sha("tensors 1 shape 1 1\n-1/2\n"));
        assertThatThrownBy(() -> RationalTensor.sha256(List.of(x, other))).isInstanceOf(
            IllegalArgumentException.class);
    }

    static String sha(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
