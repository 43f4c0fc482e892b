package org.equivariant.arith;

import java.util.List;

/**
 * Arithmetic on {@link Affine} third-order Taylor models in ε ∈ [−1, 1], rigorous by outward-rounded
 * {@link DyadicInterval}s. Products keep the terms up to ε³ exactly and bound the ε⁴, ε⁵ and ε⁶ terms (even powers in
 * [0, 1], odd in [−1, 1]) and every term with a remainder in the remainder, those small terms in outward-rounded
 * doubles ({@code OutwardInterval}); exp, log and the reciprocal are expanded to third order at the midpoint x₀ of
 * the constant part with Lagrange remainders:
 * e^{x₀+δ} = e^{x₀}(1 + δ + δ²/2 + δ³/6 + δ⁴e^{ξ−x₀}/24), 1/(x₀+δ) = 1/x₀ − δ/x₀² + δ²/x₀³ − δ³/x₀⁴ + δ⁴/ξ⁵,
 * log(x₀+δ) = log x₀ + δ/x₀ − δ²/(2x₀²) + δ³/(3x₀³) − δ⁴/(4ξ⁴), with ξ between x₀ and x₀ + δ, enclosed over the
 * hull of the operand's range and x₀. Used to enclose the branch tracer's quantities along a piece, where ε is the
 * parameter's position in its range.
 */
public enum AffineField implements ExpField<Affine> {
    INSTANCE;

    private static final DyadicInterval HALF = DyadicInterval.of(Rational.of(1, 2));
    private static final DyadicInterval SIXTH = DyadicInterval.of(Rational.of(1, 6));
    private static final DyadicInterval THIRD = DyadicInterval.of(Rational.of(1, 3));
    private static final DyadicInterval QUARTER = DyadicInterval.of(Rational.of(1, 4));
    private static final DyadicInterval TWENTY_FOURTH = DyadicInterval.of(Rational.of(1, 24));
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
        return new Affine(x.c().add(y.c()), x.b().add(y.b()), x.a().add(y.a()), x.d().add(y.d()), x.r().add(y.r()));
    }

    @Override
    public Affine subtract(Affine x, Affine y) {
        return new Affine(x.c().subtract(y.c()), x.b().subtract(y.b()), x.a().subtract(y.a()), x.d().subtract(y.d()),
            x.r().subtract(y.r()));
    }

    @Override
    public Affine negate(Affine x) {
        return new Affine(x.c().negate(), x.b().negate(), x.a().negate(), x.d().negate(), x.r().negate());
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
        DyadicInterval d = x.c().multiply(y.d()).add(x.b().multiply(y.a())).add(x.a().multiply(y.b()))
            .add(x.d().multiply(y.c()));
        // ε⁴ (b_x d_y + a_x a_y + d_x b_y) + ε⁵ (a_x d_y + d_x a_y) + ε⁶ d_x d_y + r_y·(polynomial of x)
        // + r_x·(polynomial of y) + r_x r_y, in outward-rounded doubles (small terms: a bound, not precision, is
        // needed) — each power bounded on its own: ε⁴·s + ε⁶·t need not lie in (s + t)·[0, 1]
        OutwardInterval xb = OutwardInterval.of(x.b());
        OutwardInterval xa = OutwardInterval.of(x.a());
        OutwardInterval xd = OutwardInterval.of(x.d());
        OutwardInterval xr = OutwardInterval.of(x.r());
        OutwardInterval yb = OutwardInterval.of(y.b());
        OutwardInterval ya = OutwardInterval.of(y.a());
        OutwardInterval yd = OutwardInterval.of(y.d());
        OutwardInterval yr = OutwardInterval.of(y.r());
        OutwardInterval rangeX = OutwardInterval.of(x.c()).plus(xb.timesUnit()).plus(xa.timesZeroOne())
            .plus(xd.timesUnit());
        OutwardInterval rangeY = OutwardInterval.of(y.c()).plus(yb.timesUnit()).plus(ya.timesZeroOne())
            .plus(yd.timesUnit());
        OutwardInterval rest = xb.times(yd).plus(xa.times(ya)).plus(xd.times(yb)).timesZeroOne()
            .plus(xa.times(yd).plus(xd.times(ya)).timesUnit())
            .plus(xd.times(yd).timesZeroOne())
            .plus(yr.times(rangeX))
            .plus(xr.times(rangeY))
            .plus(xr.times(yr));
        return new Affine(c, b, a, d, rest.toDyadic());
    }

    private static boolean constant(Affine x) {
        return x.b().isZero() && x.a().isZero() && x.d().isZero() && x.r().isZero();
    }

    @Override
    public Affine divide(Affine x, Affine y) {
        return multiply(x, reciprocal(y));
    }

    /**
     * softmax(θ)_a = exp(θ_a − c)·(1/Σ_b exp(θ_b − c)): the reciprocal expanded once, not once per action; for
     * constant models (intervals) {@link DyadicField#softmax}'s sharp enclosure, which the expansion's numerator and
     * denominator, each enclosed on its own, would widen several times.
     */
    @Override
    public List<Affine> softmax(List<Affine> theta) {
        if (theta.stream().allMatch(Affine::isConstant)) {
            return DyadicField.INSTANCE.softmax(theta.stream().map(Affine::c).toList()).stream().map(Affine::constant)
                .toList();
        }
        Affine c = largest(theta);
        List<Affine> e = theta.stream().map(t -> exp(subtract(t, c))).toList();
        Affine inverse = reciprocal(sum(e));
        return e.stream().map(x -> multiply(x, inverse)).toList();
    }

    /**
     * The hull of the range and the expansion point x₀, where the Lagrange point ξ (between x₀ and x) lies — x₀ need
     * not lie in the range (a remainder on one side of 0 shifts it); refused where it reaches 0, where 1/x and log x
     * have no bound.
     */
    private static DyadicInterval between(DyadicInterval range, DyadicInterval x0) {
        DyadicInterval span = range.hull(x0);
        if (span.signumLo() != span.signumHi() || span.signumLo() == 0) {
            throw new ArithmeticException("the expansion of a model reaches zero");
        }
        return span;
    }

    /** A point near the middle of the constant part. */
    private static DyadicInterval centre(Affine x) {
        return x.c().midpoint();
    }

    /**
     * f(x₀) + f′(x₀)δ + f″(x₀)δ²/2 + f‴(x₀)δ³/6 + k·δ⁴ with δ = x − x₀ a model (powers by model arithmetic) and k an
     * enclosure of f⁗(ξ)/24 for every ξ between x₀ and x (δ⁴ ∈ [0, |δ|⁴]): the third-order expansion shared by exp,
     * log and the reciprocal.
     */
    private Affine expand(Affine x, DyadicInterval x0, DyadicInterval f0, DyadicInterval f1, DyadicInterval f2half,
                          DyadicInterval f3sixth, DyadicInterval k) {
        Affine delta = new Affine(x.c().subtract(x0), x.b(), x.a(), x.d(), x.r());
        Affine delta2 = multiply(delta, delta);
        Affine delta3 = multiply(delta2, delta);
        DyadicInterval size = delta.range().magnitude();
        DyadicInterval square = size.multiply(size);
        DyadicInterval fourth = ZERO.to(square.multiply(square));
        Affine sum = add(add(add(Affine.constant(f0), scale(delta, f1)), scale(delta2, f2half)), scale(delta3,
            f3sixth));
        return sum.plus(fourth.multiply(k));
    }

    /** ε·x = cε + bε² + aε³ + (dε⁴ + rε), the last two bounded into the remainder. */
    public Affine timesEpsilon(Affine x) {
        return new Affine(ZERO, x.c(), x.b(), x.a(), x.d().timesZeroOne().add(x.r().timesUnit()));
    }

    /** x·s for an interval s (five products instead of a model product's twenty-odd). */
    public static Affine scale(Affine x, DyadicInterval s) {
        return new Affine(x.c().multiply(s), x.b().multiply(s), x.a().multiply(s), x.d().multiply(s),
            x.r().multiply(s));
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
        DyadicInterval xi = between(range, x0).reciprocal();
        DyadicInterval xi2 = xi.multiply(xi);
        // f = 1/x: f′ = −1/x², f″/2 = 1/x³, f‴/6 = −1/x⁴, f⁗/24 = 1/x⁵
        return expand(x, x0, inv, inv2.negate(), inv2.multiply(inv), inv2.multiply(inv2).negate(), xi2.multiply(xi2)
            .multiply(xi));
    }

    @Override
    public double estimate(Affine x) {
        return x.c().estimate();
    }

    @Override
    public Affine exp(Affine x) {
        DyadicInterval x0 = centre(x);
        DyadicInterval e0 = DyadicField.INSTANCE.exp(x0);
        // f⁗(ξ)/24 = e^{x₀} e^{ξ−x₀}/24, ξ − x₀ between 0 and δ
        DyadicInterval dr = new Affine(x.c().subtract(x0), x.b(), x.a(), x.d(), x.r()).range().hull(ZERO);
        return expand(x, x0, e0, e0, e0.multiply(HALF), e0.multiply(SIXTH), e0.multiply(DyadicField.INSTANCE.exp(dr))
            .multiply(TWENTY_FOURTH));
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
        DyadicInterval xi = between(range, x0).reciprocal();
        DyadicInterval xi2 = xi.multiply(xi);
        // f = log x: f′ = 1/x, f″/2 = −1/(2x²), f‴/6 = 1/(3x³), f⁗/24 = −1/(4x⁴)
        return expand(x, x0, DyadicField.INSTANCE.log(x0), inv, inv.multiply(inv).multiply(HALF).negate(),
            inv.multiply(inv).multiply(inv).multiply(THIRD), xi2.multiply(xi2).multiply(QUARTER).negate());
    }
}
