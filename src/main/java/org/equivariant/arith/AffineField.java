package org.equivariant.arith;

import java.util.List;

/**
 * Arithmetic on {@link Affine} second-order Taylor models in ε ∈ [−1, 1], rigorous by outward-rounded
 * {@link DyadicInterval}s. Products keep the terms up to ε² exactly and bound the ε³ and ε⁴ terms (ε³ ∈ [−1, 1],
 * ε⁴ ∈ [0, 1]) and every term with a remainder in the remainder; exp, log and the reciprocal are expanded to second
 * order at the midpoint x₀ of the constant part with Lagrange remainders: e^{x₀+d} = e^{x₀}(1 + d + d²/2 + d³e^ξ/6),
 * 1/(x₀+d) = 1/x₀ − d/x₀² + d²/x₀³ − d³/ξ⁴, log(x₀+d) = log x₀ + d/x₀ − d²/(2x₀²) + d³/(3ξ³), with ξ between x₀ and
 * x₀ + d, enclosed over the operand's range. Used to enclose the branch tracer's quantities along a piece, where ε is
 * the parameter's position in its range.
 */
public enum AffineField implements ExpField<Affine> {
    INSTANCE;

    private static final DyadicInterval HALF = DyadicInterval.of(Rational.of(1, 2));
    private static final DyadicInterval SIXTH = DyadicInterval.of(Rational.of(1, 6));
    private static final DyadicInterval THIRD = DyadicInterval.of(Rational.of(1, 3));
    private static final DyadicInterval ZERO = DyadicInterval.ZERO;

    @Override
    public Affine zero() {
        return Affine.constant(ZERO);
    }

    @Override
    public Affine one() {
        return Affine.constant(DyadicInterval.ONE);
    }

    @Override
    public Affine of(Rational r) {
        return Affine.constant(DyadicField.INSTANCE.of(r));
    }

    @Override
    public Affine add(Affine x, Affine y) {
        return new Affine(x.c().add(y.c()), x.b().add(y.b()), x.a().add(y.a()), x.r().add(y.r()));
    }

    @Override
    public Affine subtract(Affine x, Affine y) {
        return new Affine(x.c().subtract(y.c()), x.b().subtract(y.b()), x.a().subtract(y.a()), x.r().subtract(y.r()));
    }

    @Override
    public Affine negate(Affine x) {
        return new Affine(x.c().negate(), x.b().negate(), x.a().negate(), x.r().negate());
    }

    @Override
    public Affine multiply(Affine x, Affine y) {
        if (constant(x)) {
            return scale(y, x.c());
        }
        if (constant(y)) {
            return scale(x, y.c());
        }
        DyadicInterval c = x.c().multiply(y.c());
        DyadicInterval b = x.c().multiply(y.b()).add(x.b().multiply(y.c()));
        DyadicInterval a = x.c().multiply(y.a()).add(x.b().multiply(y.b())).add(x.a().multiply(y.c()));
        // ε³ (b_x a_y + a_x b_y) + ε⁴ a_x a_y + r_y·(polynomial of x) + r_x·(polynomial of y) + r_x r_y
        DyadicInterval rest = x.b().multiply(y.a()).add(x.a().multiply(y.b())).multiply(Affine.UNIT)
            .add(x.a().multiply(y.a()).multiply(Affine.ZERO_ONE))
            .add(y.r().multiply(polynomialRange(x)))
            .add(x.r().multiply(polynomialRange(y)))
            .add(x.r().multiply(y.r()));
        return new Affine(c, b, a, rest);
    }

    private static boolean constant(Affine x) {
        return x.b().isZero() && x.a().isZero() && x.r().isZero();
    }

    /** The range of c + bε + aε² (without the remainder). */
    private static DyadicInterval polynomialRange(Affine x) {
        return x.c().add(x.b().multiply(Affine.UNIT)).add(x.a().multiply(Affine.ZERO_ONE));
    }

    @Override
    public Affine divide(Affine x, Affine y) {
        return multiply(x, reciprocal(y));
    }

    /** softmax(θ)_a = exp(θ_a − c)·(1/Σ_b exp(θ_b − c)): the reciprocal expanded once, not once per action. */
    @Override
    public List<Affine> softmax(List<Affine> theta) {
        Affine c = largest(theta);
        List<Affine> e = theta.stream().map(t -> exp(subtract(t, c))).toList();
        Affine inverse = reciprocal(sum(e));
        return e.stream().map(x -> multiply(x, inverse)).toList();
    }

    /** A point near the middle of the constant part. */
    private static DyadicInterval centre(Affine x) {
        return x.c().midpoint();
    }

    /**
     * f(x₀) + f′(x₀)d + f″(x₀)d²/2 + k·d³ with d = x − x₀ a model (powers by model arithmetic) and k an enclosure of
     * f‴(ξ)/6 over the range: the second-order expansion shared by exp, log and the reciprocal.
     */
    private Affine expand(Affine x, DyadicInterval x0, DyadicInterval f0, DyadicInterval f1, DyadicInterval f2half,
                          DyadicInterval k) {
        Affine d = new Affine(x.c().subtract(x0), x.b(), x.a(), x.r());
        Affine d2 = multiply(d, d);
        DyadicInterval dr = d.range();
        DyadicInterval cube = dr.multiply(dr).multiply(dr);
        Affine sum = add(add(Affine.constant(f0), scale(d, f1)), scale(d2, f2half));
        return sum.plus(cube.multiply(k));
    }

    /** ε·x = cε + bε² + (aε³ + rε), the last two bounded into the remainder. */
    public Affine timesEpsilon(Affine x) {
        return new Affine(ZERO, x.c(), x.b(), x.a().add(x.r()).multiply(Affine.UNIT));
    }

    /** x·s for an interval s (four products instead of a model product's thirteen). */
    public static Affine scale(Affine x, DyadicInterval s) {
        return new Affine(x.c().multiply(s), x.b().multiply(s), x.a().multiply(s), x.r().multiply(s));
    }

    public Affine reciprocal(Affine x) {
        DyadicInterval range = x.range();
        if (range.containsZero()) {
            throw new ArithmeticException("reciprocal of a model whose range contains zero");
        }
        DyadicInterval x0 = centre(x);
        if (x0.containsZero()) {
            x0 = range.lower();
        }
        DyadicInterval inv = x0.reciprocal();
        DyadicInterval inv2 = inv.multiply(inv);
        DyadicInterval xi = range.reciprocal();
        DyadicInterval xi2 = xi.multiply(xi);
        // f = 1/x: f′ = −1/x², f″/2 = 1/x³, f‴/6 = −1/x⁴
        return expand(x, x0, inv, inv2.negate(), inv2.multiply(inv), xi2.multiply(xi2).negate());
    }

    @Override
    public double estimate(Affine x) {
        return x.c().estimate();
    }

    @Override
    public Affine exp(Affine x) {
        DyadicInterval x0 = centre(x);
        DyadicInterval e0 = DyadicField.INSTANCE.exp(x0);
        DyadicInterval dr = new Affine(x.c().subtract(x0), x.b(), x.a(), x.r()).range();
        // f‴(ξ)/6 = e^{x₀} e^{ξ−x₀}/6, ξ − x₀ in the range of d
        return expand(x, x0, e0, e0, e0.multiply(HALF), e0.multiply(DyadicField.INSTANCE.exp(dr)).multiply(SIXTH));
    }

    @Override
    public Affine log(Affine x) {
        DyadicInterval range = x.range();
        if (range.signumLo() <= 0) {
            throw new ArithmeticException("log of a model whose range is not positive");
        }
        DyadicInterval x0 = centre(x);
        if (x0.signumLo() <= 0) {
            x0 = range.lower();
        }
        DyadicInterval inv = x0.reciprocal();
        DyadicInterval xi = range.reciprocal();
        // f = log x: f′ = 1/x, f″/2 = −1/(2x²), f‴/6 = 1/(3x³)
        return expand(x, x0, DyadicField.INSTANCE.log(x0), inv, inv.multiply(inv).multiply(HALF).negate(),
            xi.multiply(xi).multiply(xi).multiply(THIRD));
    }
}
