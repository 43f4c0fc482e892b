package org.equivariant.gen;

import java.util.SplittableRandom;
import java.util.function.Function;

/** A seeded generator of values: the same random source state gives the same value. */
@FunctionalInterface
public interface Gen<T> {
    T generate(SplittableRandom random);

    default <U> Gen<U> map(Function<? super T, ? extends U> f) {
        return r -> f.apply(generate(r));
    }

    /** A uniformly random integer in [lo, hi]. */
    static Gen<Integer> between(int lo, int hi) {
        return r -> r.nextInt(lo, hi + 1);
    }
}
