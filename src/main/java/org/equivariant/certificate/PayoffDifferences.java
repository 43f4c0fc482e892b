package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * The logit QRE in payoff-difference coordinates (theorem UNIQ-BB): each player i has a reference action r_i — the
 * first of the actions with the largest payoff sum over the others' pure profiles (the logit response's favourite at
 * the centroid) — and v_ia = λ(u_i(a; σ_{−i}) − u_i(r_i; σ_{−i})) for the other actions a in increasing order, with
 * σ_i(v) the softmax of v_i and 0 at r_i. The QREs at λ are exactly σ(v) for the zeros of G(v) = v − λ D(σ(v)),
 * D_ia(σ) = u_i(a; σ_{−i}) − u_i(r_i; σ_{−i}), one zero for each: at a zero σ(v) = softmax(λ u_i(σ_{−i})), and a QRE
 * σ gives the zero v = λ D(σ), whose σ(v) is σ. The Jacobian is ∂G_ia/∂v_jb = δ_(ia),(jb) − λ σ_jb (D_ia(b; σ_{−ij}) −
 * Σ_c σ_jc D_ia(c; σ_{−ij})) for j ≠ i (D_i does not depend on σ_i). Unlike the probabilities, these coordinates keep
 * a QRE near a pure profile (probabilities 10⁻³⁰) at an ordinary distance from the others, and G's curvature is λ
 * times the payoffs' differences times the softmax's, not λ² times their square. The reference matters where it is
 * nearly never played: there every other coordinate is large and the softmax of a box wide (a dominated last action
 * left Yamamoto's 3×3 game undecided after 20 000 boxes; with its favourite as reference, 29).
 *
 * <p>Like {@link LogitFixedPoint}, the checker's own derivation, written only against {@code arith}; in interval
 * arithmetic every output encloses the exact value over the input box.
 */
public final class PayoffDifferences<T> {
    private final ExpField<T> f;
    private final int[] dims;
    /** Per player with two or more actions, D_i ({@link #difference}), exactly (its dims: m_i − 1 on axis i). */
    private final List<RationalTensor> exact;
    /** The same in the field. */
    private final List<List<T>> differences;
    private final T lambda;
    private final int[] offset;
    /** Per player, the actions but the reference, increasing: coordinate offset[i] + k is action others[i][k]. */
    private final int[][] others;

    public PayoffDifferences(ExpField<T> f, List<RationalTensor> payoffs, T lambda) {
        this.f = f;
        this.lambda = lambda;
        this.dims = payoffs.get(0).dims();
        this.exact = new ArrayList<>();
        this.differences = new ArrayList<>();
        this.offset = new int[dims.length + 1];
        int[] reference = references(payoffs);
        this.others = new int[dims.length][];
        for (int i = 0; i < dims.length; i++) {
            others[i] = others(dims[i], reference[i]);
            offset[i + 1] = offset[i] + dims[i] - 1;
            RationalTensor d = dims[i] == 1 ? null : difference(payoffs.get(i), i, reference[i]);
            exact.add(d);
            differences.add(d == null ? null : d.in(f));
        }
    }

    /** Each player's reference action r_i: the first of the actions with the largest payoff sum over the others'. */
    static int[] references(List<RationalTensor> payoffs) {
        int[] dims = payoffs.get(0).dims();
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            Rational[] sums = new Rational[dims[i]];
            java.util.Arrays.fill(sums, Rational.ZERO);
            int[] index = new int[dims.length];
            do {
                sums[index[i]] = sums[index[i]].add(payoffs.get(i).get(index));
            } while (RationalTensor.next(dims, index));
            for (int b = 1; b < dims[i]; b++) {
                out[i] = sums[b].compareTo(sums[out[i]]) > 0 ? b : out[i];
            }
        }
        return out;
    }

    /** The actions of a player with m actions other than the reference r, increasing. */
    private static int[] others(int m, int r) {
        int[] out = new int[m - 1];
        for (int b = 0, k = 0; b < m; b++) {
            if (b != r) {
                out[k++] = b;
            }
        }
        return out;
    }

    /**
     * D_i as a tensor over player i's m_i − 1 actions other than the reference r and the others' actions: entry (k,
     * a_{−i}) is U_i(a, a_{−i}) − U_i(r, a_{−i}) for the k-th such action a.
     */
    private static RationalTensor difference(RationalTensor u, int i, int r) {
        int[] d = u.dims().clone();
        d[i]--;
        int[] others = others(u.dims()[i], r);
        int size = 1;
        for (int m : d) {
            size *= m;
        }
        List<Rational> data = new ArrayList<>(java.util.Collections.nCopies(size, Rational.ZERO));
        int[] index = new int[d.length];
        do {
            int[] at = index.clone();
            at[i] = others[index[i]];
            int[] ref = index.clone();
            ref[i] = r;
            data.set(RationalTensor.flatIndex(d, index), u.get(at).subtract(u.get(ref)));
        } while (RationalTensor.next(d, index));
        return new RationalTensor(d, data);
    }

    /** The number of coordinates, Σ_i (m_i − 1). */
    public int size() {
        return offset[dims.length];
    }

    /**
     * The a-priori box at λ: D_ia is multilinear, so on the simplices it lies between its smallest and largest entry
     * D_i(a, a_{−i}) over the others' pure profiles, and every zero has v_ia = λ D_ia ∈ λ·[min, max]; as the exact
     * end-points {min, max} per coordinate.
     */
    public List<Rational[]> differenceRanges() {
        List<Rational[]> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            RationalTensor d = exact.get(i);
            if (d == null) {
                continue;
            }
            Rational[][] range = new Rational[dims[i] - 1][];
            int[] index = new int[dims.length];
            do {
                Rational x = d.get(index);
                Rational[] r = range[index[i]];
                range[index[i]] = r == null ? new Rational[] {x, x} : new Rational[] {x.min(r[0]), x.max(r[1])};
            } while (RationalTensor.next(d.dims(), index));
            out.addAll(List.of(range));
        }
        return out;
    }

    /** σ(v): each player's softmax of v_i with 0 at the reference, the actions in their order. */
    public List<List<T>> profile(List<T> v) {
        List<List<T>> s = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            List<T> logits = new ArrayList<>(java.util.Collections.nCopies(dims[i], f.zero()));
            for (int k = 0; k < others[i].length; k++) {
                logits.set(others[i][k], v.get(offset[i] + k));
            }
            s.add(f.softmax(logits));
        }
        return s;
    }

    /** σ(v) flat, players in order. */
    public List<T> flatProfile(List<T> v) {
        List<T> out = new ArrayList<>();
        profile(v).forEach(out::addAll);
        return out;
    }

    /** λ D(σ(v)), flat: the point whose coordinates a zero v equals. */
    public List<T> image(List<T> v) {
        List<List<T>> s = profile(v);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > 1) {
                for (T d : RationalTensor.contract(f, exact.get(i).dims(), differences.get(i), s, i)) {
                    out.add(f.multiply(lambda, d));
                }
            }
        }
        return out;
    }

    /** G(v) = v − λ D(σ(v)). */
    public List<T> residual(List<T> v) {
        return org.equivariant.arith.LinearAlgebra.subtract(f, v, image(v));
    }

    /** G'(v), rows. */
    public List<List<T>> jacobian(List<T> v) {
        List<List<T>> s = profile(v);
        List<List<T>> jac = org.equivariant.arith.LinearAlgebra.identity(f, size());
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == 1) {
                continue;
            }
            int[] differenceDims = exact.get(i).dims();
            List<List<T>> pairs = RationalTensor.pairContractions(f, differenceDims, differences.get(i), s, i);
            for (int j = 0; j < dims.length; j++) {
                if (j == i || dims[j] == 1) {
                    continue;
                }
                List<T> pair = pairs.get(j);
                for (int a = 0; a < dims[i] - 1; a++) {
                    List<T> column = new ArrayList<>();
                    for (int c = 0; c < dims[j]; c++) {
                        column.add(pair.get(RationalTensor.pairIndex(differenceDims, i, j, a, c)));
                    }
                    T mean = f.convexCombination(s.get(j), column);
                    for (int k = 0; k < others[j].length; k++) {
                        int b = others[j][k];
                        T e = f.multiply(s.get(j).get(b), f.subtract(column.get(b), mean));
                        jac.get(offset[i] + a).set(offset[j] + k, f.negate(f.multiply(lambda, e)));
                    }
                }
            }
        }
        return jac;
    }
}
