package org.equivariant.arith;

import java.util.List;

/**
 * A value with its partial derivatives in m directions, v + Σ_k d_k·δ_k with δ_jδ_k = 0; {@code d} null means all
 * partials are zero (a constant). Over an interval field, with v an interval box, d encloses the gradient over the
 * box.
 */
public record Gradient<T>(T v, List<T> d) {
    public Gradient {
        d = d == null ? null : java.util.Collections.unmodifiableList(d);
    }
}
