package org.equivariant.gen;

import java.util.stream.Stream;

/** Proposes simpler variants of a failing value; the property runner keeps the first one that still fails. */
@FunctionalInterface
public interface Shrinker<T> {
    Stream<T> shrink(T value);

    static <T> Shrinker<T> none() {
        return v -> Stream.empty();
    }
}
