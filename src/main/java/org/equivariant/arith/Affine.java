package org.equivariant.arith;

/**
 * A third-order Taylor model in one variable: the set {c + b·ε + a·ε² + d·ε³ + r : c ∈ C, b ∈ B, a ∈ A, d ∈ D,
 * r ∈ R} of values a quantity takes as ε runs over [−1, 1] — the same ε for every quantity of a computation, so that
 * dependence on it up to third order cancels exactly. C, B, A, D and R are {@link DyadicInterval}s; every operation of
 * {@link AffineField} returns a model that contains the exact result for every ε and every choice of points in its
 * operands' parts.
 */
public record Affine(DyadicInterval c, DyadicInterval b, DyadicInterval a, DyadicInterval d, DyadicInterval r) {
    /** A constant (no dependence on ε). */
    public static Affine constant(DyadicInterval x) {
        return new Affine(x, DyadicInterval.ZERO, DyadicInterval.ZERO, DyadicInterval.ZERO, DyadicInterval.ZERO);
    }

    /** Whether every part past C is exactly zero: the model is the interval C, whatever ε. */
    public boolean isConstant() {
        return b.isZero() && a.isZero() && d.isZero() && r.isZero();
    }

    /** c + b·ε. */
    public static Affine linear(DyadicInterval c, DyadicInterval b) {
        return new Affine(c, b, DyadicInterval.ZERO, DyadicInterval.ZERO, DyadicInterval.ZERO);
    }

    /** The parts C, B, A, D and R, in that order. */
    public DyadicInterval[] parts() {
        return new DyadicInterval[] {c, b, a, d, r};
    }

    /** The interval of all values: C + B·[−1, 1] + A·[0, 1] + D·[−1, 1] + R. */
    public DyadicInterval range() {
        return c.add(b.timesUnit()).add(a.timesZeroOne()).add(d.timesUnit()).add(r);
    }

    /** The same model with {@code extra} added to the remainder. */
    public Affine plus(DyadicInterval extra) {
        return new Affine(c, b, a, d, r.add(extra));
    }

    /**
     * The model on the part ε = e + s·ε′ (ε′ ∈ [−1, 1], |e| + s ≤ 1) of ε's range, as a model in ε′: the polynomial
     * re-expanded, c′ = c + be + ae² + de³, b′ = s(b + 2ae + 3de²), a′ = s²(a + 3de), d′ = s³d, each enclosed over
     * the parts' intervals, and the remainder kept (it holds for every ε in [−1, 1]).
     */
    public Affine on(DyadicInterval e, DyadicInterval s) {
        DyadicInterval de = d.multiply(e);
        DyadicInterval s2 = s.multiply(s);
        DyadicInterval c1 = c.add(e.multiply(b.add(e.multiply(a.add(de)))));
        DyadicInterval b1 = s.multiply(b.add(e.multiply(a.scale(1).add(de.multiply(THREE)))));
        DyadicInterval a1 = s2.multiply(a.add(de.multiply(THREE)));
        return new Affine(c1, b1, a1, s2.multiply(s).multiply(d), r);
    }

    private static final DyadicInterval THREE = DyadicInterval.of(3);

    /** The model to second order: the ε³ part bounded into the remainder (d·ε³ ∈ D·[−1, 1]). */
    public Affine secondOrder() {
        return new Affine(c, b, a, DyadicInterval.ZERO, r.add(d.timesUnit()));
    }
}
