package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Field;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.arith.RationalTensor;

/**
 * Players pinned at the uniform strategy (theorem PIN-SUB, proofs/PIN-SUB.md). A set S of players is pinned when, for
 * every i ∈ S, player i's payoff u_i(a_i, ·) averaged uniformly over the other players of S does not depend on a_i,
 * whatever the players outside S do — an exact check on the payoff tables. Then:
 * <ol>
 *   <li>the logit response of every i ∈ S to a profile in which S plays uniformly is uniform, for every λ, so the
 *       QREs in which S plays uniformly are exactly (uniform_S, z) with z a QRE of the <em>reduced game</em> of the
 *       players outside S, whose payoffs are averaged uniformly over S ({@link #reduced}); its centroid is the full
 *       game's, so its principal branch is a curve of the full game's principal component;</li>
 *   <li>along it the Jacobian of p − Φ(p, λ) is block-triangular: the rows of S vanish on the other coordinates and on
 *       λ, so the full branch is singular exactly where the reduced one is or where I − L is, L the block of S
 *       ({@link #transverse}): L_(ia),(kb) = (λ/m_i)(W(a, b) − (1/m_i)Σ_a′ W(a′, b)) for i ≠ k in S, 0 for k = i, with
 *       W(a, b) = u_i(a, b, uniform on S∖{i, k}, z). A change of sign of det(I − L) along the reduced branch
 *       therefore encloses a singular point of the principal branch, where other branches leave it.</li>
 * </ol>
 * Players are numbered from 0; payoffs are the game's tensors (player 0's action fastest).
 */
public final class PinnedPlayers {
    private PinnedPlayers() {
    }

    /**
     * The largest pinned set: the condition only gets weaker as S grows (more players averaged uniformly), so the
     * union of pinned sets is pinned, and removing the players that fail it, until none does, finds it.
     */
    public static List<Integer> largest(List<RationalTensor> payoffs) {
        List<Integer> s = new ArrayList<>();
        for (int i = 0; i < payoffs.size(); i++) {
            s.add(i);
        }
        boolean changed = true;
        while (changed && !s.isEmpty()) {
            changed = false;
            for (int i : List.copyOf(s)) {
                if (violation(payoffs, s, i) != null) {
                    s.remove(Integer.valueOf(i));
                    changed = true;
                }
            }
        }
        return s;
    }

    /** Null if the players S (distinct, in range) are pinned, else the first violation found, in words. */
    public static String problem(List<RationalTensor> payoffs, List<Integer> s) {
        for (int k = 0; k < s.size(); k++) {
            int i = s.get(k);
            if (i < 0 || i >= payoffs.size()) {
                return "player index " + i + " is not a player of the game";
            }
            if (s.subList(0, k).contains(i)) {
                return "player " + (i + 1) + " is listed twice";
            }
        }
        for (int i : s) {
            String v = violation(payoffs, s, i);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** Why player i ∈ S is not pinned by S (an action pair and the others' pure actions), or null. */
    private static String violation(List<RationalTensor> payoffs, List<Integer> s, int i) {
        int[] dims = payoffs.get(i).dims();
        List<Integer> keep = new ArrayList<>();
        for (int j = 0; j < dims.length; j++) {
            if (j == i || !s.contains(j)) {
                keep.add(j);
            }
        }
        List<Rational> t = RationalTensor.contract(RationalField.INSTANCE, dims, payoffs.get(i).data(),
            uniform(RationalField.INSTANCE, dims, s), keep.stream().mapToInt(Integer::intValue).toArray());
        int[] kept = keep.stream().mapToInt(j -> dims[j]).toArray();
        int axis = keep.indexOf(i);
        int[] index = new int[kept.length];
        do {
            if (index[axis] == 0) {
                Rational first = t.get(RationalTensor.flatIndex(kept, index));
                for (int a = 1; a < kept[axis]; a++) {
                    index[axis] = a;
                    if (!t.get(RationalTensor.flatIndex(kept, index)).equals(first)) {
                        return "player " + (i + 1) + "'s payoff, averaged over the others of players " + names(s)
                            + " playing uniformly, is " + first + " for its action 1 but " + t.get(RationalTensor
                            .flatIndex(kept, index)) + " for its action " + (a + 1) + " when the players outside "
                            + "play " + outside(keep, index, i);
                    }
                }
                index[axis] = 0;
            }
        } while (RationalTensor.next(kept, index));
        return null;
    }

    private static String outside(List<Integer> keep, int[] index, int i) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < keep.size(); k++) {
            if (keep.get(k) != i) {
                out.add("player " + (keep.get(k) + 1) + " action " + (index[k] + 1));
            }
        }
        return out.isEmpty() ? "nothing (there are none)" : String.join(", ", out);
    }

    /** "1, 2" (numbered from 1). */
    public static String names(List<Integer> s) {
        return String.join(", ", s.stream().map(i -> Integer.toString(i + 1)).toList());
    }

    /** Uniform vectors on the axes of S (others: unused placeholders). */
    private static <T> List<List<T>> uniform(Field<T> f, int[] dims, List<Integer> s) {
        List<List<T>> v = new ArrayList<>();
        for (int j = 0; j < dims.length; j++) {
            v.add(s.contains(j) ? Collections.nCopies(dims[j], f.divide(f.one(), f.of(Rational.of(dims[j]))))
                : List.of());
        }
        return v;
    }

    /** The players outside S, in order. */
    public static List<Integer> others(int players, List<Integer> s) {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < players; j++) {
            if (!s.contains(j)) {
                out.add(j);
            }
        }
        return out;
    }

    /** The reduced game's payoff tables: players outside S, payoffs averaged uniformly over S (exact). */
    public static List<RationalTensor> reduced(List<RationalTensor> payoffs, List<Integer> s) {
        int[] dims = payoffs.get(0).dims();
        List<Integer> rest = others(dims.length, s);
        int[] keep = rest.stream().mapToInt(Integer::intValue).toArray();
        int[] reducedDims = rest.stream().mapToInt(j -> dims[j]).toArray();
        List<RationalTensor> out = new ArrayList<>();
        for (int j : rest) {
            out.add(new RationalTensor(reducedDims, RationalTensor.contract(RationalField.INSTANCE, dims,
                payoffs.get(j).data(), uniform(RationalField.INSTANCE, dims, s), keep)));
        }
        return out;
    }

    /**
     * I − L at the profile (uniform on S, z on the others) and precision λ, coordinates (i, a) for i ∈ S in order:
     * exact, enclosing or approximate as the field is. {@code z} holds the mixed strategies of the players outside S,
     * in order.
     */
    public static <T> List<List<T>> transverse(Field<T> f, List<RationalTensor> payoffs, List<Integer> s, T lambda,
                                               List<List<T>> z) {
        int[] dims = payoffs.get(0).dims();
        List<List<T>> vectors = uniform(f, dims, s);
        List<Integer> rest = others(dims.length, s);
        for (int k = 0; k < rest.size(); k++) {
            vectors.set(rest.get(k), z.get(k));
        }
        int[] offset = new int[s.size() + 1];
        for (int k = 0; k < s.size(); k++) {
            offset[k + 1] = offset[k] + dims[s.get(k)];
        }
        List<List<T>> m = LinearAlgebra.identity(f, offset[s.size()]);
        List<List<T>> rows = new ArrayList<>();
        m.forEach(r -> rows.add(new ArrayList<>(r)));
        for (int x = 0; x < s.size(); x++) {
            int i = s.get(x);
            int mi = dims[i];
            T scale = f.divide(lambda, f.of(Rational.of(mi)));
            List<T> data = payoffs.get(i).in(f);
            for (int y = 0; y < s.size(); y++) {
                int k = s.get(y);
                if (k == i) {
                    continue;
                }
                // W(a, b): axes i and k kept, i fastest when i < k
                List<T> w = RationalTensor.contract(f, dims, data, vectors, Math.min(i, k), Math.max(i, k));
                int mk = dims[k];
                for (int b = 0; b < mk; b++) {
                    T mean = f.zero();
                    for (int a = 0; a < mi; a++) {
                        mean = f.add(mean, at(w, i, k, a, b, mi, mk));
                    }
                    mean = f.divide(mean, f.of(Rational.of(mi)));
                    for (int a = 0; a < mi; a++) {
                        T entry = f.multiply(scale, f.subtract(at(w, i, k, a, b, mi, mk), mean));
                        int r = offset[x] + a;
                        int c = offset[y] + b;
                        rows.get(r).set(c, f.subtract(rows.get(r).get(c), entry));
                    }
                }
            }
        }
        return rows;
    }

    /**
     * The sign of det(I − L) for every λ in {@code lambda} and every profile of the players outside S in {@code z}
     * (their probabilities, in order): +1 or −1 when the interval determinant (elimination with outward rounding, no
     * pivot interval containing 0) excludes 0 — then no matrix of the box is singular and all share that sign — else
     * 0.
     */
    public static int transverseSign(List<RationalTensor> payoffs, List<Integer> s, Interval lambda, List<Interval> z) {
        DyadicField f = DyadicField.INSTANCE;
        int[] dims = payoffs.get(0).dims();
        List<List<DyadicInterval>> strategies = new ArrayList<>();
        int at = 0;
        for (int j : others(dims.length, s)) {
            List<DyadicInterval> p = new ArrayList<>();
            for (int a = 0; a < dims[j]; a++) {
                p.add(f.of(z.get(at++)));
            }
            strategies.add(p);
        }
        try {
            DyadicInterval det = LinearAlgebra.determinant(f, transverse(f, payoffs, s, f.of(lambda), strategies));
            return det.signumLo() > 0 ? 1 : det.signumHi() < 0 ? -1 : 0;
        } catch (ArithmeticException pivotContainsZero) {
            return 0;
        }
    }

    private static <T> T at(List<T> w, int i, int k, int a, int b, int mi, int mk) {
        return i < k ? w.get(a + mi * b) : w.get(b + mk * a);
    }
}
