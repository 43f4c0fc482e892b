package org.equivariant.arith;

import java.util.ArrayList;
import java.util.List;

/** A {@link Field} with the exponential and the natural logarithm. */
public interface ExpField<T> extends Field<T> {
    T exp(T a);

    T log(T a);

    /**
     * An element standing for every value in [lo, hi]: in interval arithmetic an enclosure of the range (so that
     * whatever is computed from it holds for every value in the range, as UNIQ-BB and UNIQ-IT need); a point field
     * gives one point of the range (its midpoint), good for approximations only. A degenerate range is {@code of(lo)}.
     */
    default T range(Rational lo, Rational hi) {
        if (hi.compareTo(lo) < 0) {
            throw new IllegalArgumentException("an empty range [" + lo + ", " + hi + "]");
        }
        return lo.equals(hi) ? of(lo) : of(lo.add(hi).divide(Rational.of(2)));
    }

    /**
     * Σ_b w_b x_b for weights on the probability simplex. Point fields compute the sum; an interval arithmetic may
     * return a tighter enclosure that holds only for weights in the given boxes <em>and</em> summing to one (the
     * default is the plain sum, which holds for all weights in the boxes). UNIQ-IT's response iteration uses it.
     */
    default T convexCombination(List<T> w, List<T> x) {
        T s = zero();
        for (int b = 0; b < w.size(); b++) {
            s = add(s, multiply(w.get(b), x.get(b)));
        }
        return s;
    }

    /** The entropy H(p) = −Σ_a p_a log p_a (natural log) of a vector with positive entries. */
    default T entropy(List<T> p) {
        T h = zero();
        for (T x : p) {
            h = subtract(h, multiply(x, log(x)));
        }
        return h;
    }

    /** The entry with the largest estimate: the shift that keeps exp from overflowing (any shift is exact). */
    default T largest(List<T> theta) {
        T c = theta.get(0);
        for (T t : theta) {
            if (estimate(t) > estimate(c)) {
                c = t;
            }
        }
        return c;
    }

    /** log Σ_a exp(θ_a) = c + log Σ_a exp(θ_a − c), with c the {@link #largest} entry. */
    default T logSumExp(List<T> theta) {
        T c = largest(theta);
        T z = zero();
        for (T t : theta) {
            z = add(z, exp(subtract(t, c)));
        }
        return add(c, log(z));
    }

    /**
     * log softmax(θ)_a = θ_a − {@link #logSumExp}(θ): finite where softmax(θ)_a itself is below the field's range (a
     * log-policy of NPG at low temperature).
     */
    default List<T> logSoftmax(List<T> theta) {
        T z = logSumExp(theta);
        List<T> out = new ArrayList<>(theta.size());
        for (T t : theta) {
            out.add(subtract(t, z));
        }
        return out;
    }

    /** softmax(θ)_a = exp(θ_a − c)/Σ_b exp(θ_b − c), with c the {@link #largest} logit. */
    default List<T> softmax(List<T> theta) {
        T c = largest(theta);
        List<T> e = new ArrayList<>(theta.size());
        for (T t : theta) {
            e.add(exp(subtract(t, c)));
        }
        T z = sum(e);
        List<T> out = new ArrayList<>(theta.size());
        for (T x : e) {
            out.add(divide(x, z));
        }
        return out;
    }
}
