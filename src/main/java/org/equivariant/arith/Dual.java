package org.equivariant.arith;

/**
 * A dual number v + d·δ with δ² = 0 over a field T: evaluating a function on (x, 1) yields (f(x), f′(x)) — forward-mode
 * differentiation. Over an interval field, with v an interval box, d encloses the derivative over the whole box (the
 * Jacobian enclosure a Krawczyk test needs).
 */
public record Dual<T>(T v, T d) {
}
