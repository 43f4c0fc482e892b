package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * Third-order Taylor models against the exact values: for models x(ε) of point coefficients (linear, or cubic) and ε
 * at sample points of [−1, 1], the model of f(x) evaluated at ε (C + Bε + Aε² + Dε³ + R) must contain f(x(ε))
 * computed exactly (rationals) or to 60 digits (big-math), and — where f is a polynomial of degree at most three in ε
 * — have a remainder no wider than rounding, so a wrong or dropped coefficient shows.
 */
class AffineFieldTest {
    private static final AffineField F = AffineField.INSTANCE;
    private static final MathContext MC = new MathContext(60);
    private static final List<Rational> EPSILONS = List.of(Rational.of(-1), Rational.of(-1, 2), Rational.ZERO,
        Rational.of(3, 10), Rational.of(7, 8), Rational.ONE);

    record Linear(Rational c, Rational b) {
        Affine model() {
            return Affine.linear(DyadicInterval.of(c), DyadicInterval.of(b));
        }

        Rational at(Rational eps) {
            return c.add(b.multiply(eps));
        }
    }

    record Two(Linear x, Linear y) {
    }

    static Rational coefficient(SplittableRandom r, int range) {
        return Rational.of(r.nextLong(-range * 1000L, range * 1000L + 1), 1000).add(Rational.of(1, 7));
    }

    static final Gen<Two> PAIRS = r -> new Two(new Linear(coefficient(r, 5), coefficient(r, 1)),
        new Linear(coefficient(r, 5), coefficient(r, 1)));

    /** C + Bε + Aε² + Dε³ + R at a point ε, in dyadic intervals. */
    static DyadicInterval at(Affine m, Rational eps) {
        DyadicInterval e = DyadicInterval.of(eps);
        return m.c().add(m.b().multiply(e)).add(m.a().multiply(e.multiply(e))).add(m.d().multiply(e.multiply(e)
            .multiply(e))).add(m.r());
    }

    /** c + bε + aε² + dε³ with point coefficients. */
    record Cubic(Rational c, Rational b, Rational a, Rational d) {
        Affine model() {
            return new Affine(DyadicInterval.of(c), DyadicInterval.of(b), DyadicInterval.of(a), DyadicInterval.of(d),
                DyadicInterval.ZERO);
        }

        Rational at(Rational eps) {
            return c.add(eps.multiply(b.add(eps.multiply(a.add(eps.multiply(d))))));
        }
    }

    record TwoCubics(Cubic x, Cubic y) {
    }

    static final Gen<TwoCubics> CUBICS = r -> new TwoCubics(
        new Cubic(coefficient(r, 5), coefficient(r, 1), coefficient(r, 1), coefficient(r, 1)),
        new Cubic(coefficient(r, 5), coefficient(r, 1), coefficient(r, 1), coefficient(r, 1)));

    @Test
    void productsOfCubicModelsAreExactToThirdOrder() {
        Property.forAll("Taylor-model products of cubic models", CUBICS).tries(300).check(p -> {
            Cubic x = p.x();
            Cubic y = p.y();
            Affine product = F.multiply(x.model(), y.model());
            Affine shifted = F.timesEpsilon(x.model());
            for (Rational e : EPSILONS) {
                assertThat(contains(at(product, e), decimal(x.at(e).multiply(y.at(e))))).as("x·y at %s", e).isTrue();
                assertThat(contains(at(shifted, e), decimal(x.at(e).multiply(e)))).as("ε·x at %s", e).isTrue();
                assertThat(contains(product.range(), decimal(x.at(e).multiply(y.at(e))))).isTrue();
            }
            // the product's coefficients up to ε³ are exact (up to rounding) ...
            Rational d = x.c().multiply(y.d()).add(x.b().multiply(y.a())).add(x.a().multiply(y.b()))
                .add(x.d().multiply(y.c()));
            assertThat(product.d().toInterval().contains(decimal(d))).as("ε³ coefficient").isTrue();
            assertThat(product.d().toInterval().width()).isLessThan(new BigDecimal("1e-15"));
            // ... and a product of degree three (a quadratic times a linear model) has a remainder of rounding only
            Cubic quadratic = new Cubic(x.c(), x.b(), x.a(), Rational.ZERO);
            Cubic linear = new Cubic(y.c(), y.b(), Rational.ZERO, Rational.ZERO);
            Affine degreeThree = F.multiply(quadratic.model(), linear.model());
            assertThat(degreeThree.r().magnitude().compareHi(DyadicInterval.of(1).scale(-50))).as("remainder")
                .isLessThanOrEqualTo(0);
            for (Rational e : EPSILONS) {
                assertThat(contains(at(degreeThree, e), decimal(quadratic.at(e).multiply(linear.at(e))))).isTrue();
            }
            // the model to second order takes every value the cubic one does
            Affine second = product.secondOrder();
            assertThat(second.d().isZero()).isTrue();
            for (Rational e : EPSILONS) {
                assertThat(contains(at(second, e), decimal(x.at(e).multiply(y.at(e))))).as("2nd order at %s", e)
                    .isTrue();
            }
        });
    }

    /**
     * A model on a part ε = e + sε′ of [−1, 1] takes, at each ε′, the value the model takes at e + sε′: for cubics of
     * point coefficients (no remainder) the re-expanded model at ε′ holds x(e + sε′), computed exactly, within
     * rounding — four points pin a cubic, so a wrong coefficient shows; a remainder is carried as it is.
     */
    @Test
    void aModelOnAPartOfTheRangeIsTheSameCubicInThePartsCoordinate() {
        List<Rational[]> parts = List.of(new Rational[] {Rational.of(-3, 4), Rational.of(1, 4)},
            new Rational[] {Rational.of(1, 4), Rational.of(1, 4)}, new Rational[] {Rational.of(3, 10), Rational.of(1,
            2)}, new Rational[] {Rational.ZERO, Rational.ONE});
        Property.forAll("cubic models on parts of ε's range", CUBICS).tries(200).check(p -> {
            Cubic x = p.x();
            for (Rational[] part : parts) {
                Affine on = x.model().on(DyadicInterval.of(part[0]), DyadicInterval.of(part[1]));
                for (Rational e : EPSILONS) {
                    Rational exact = x.at(part[0].add(part[1].multiply(e)));
                    DyadicInterval value = at(on, e);
                    assertThat(contains(value, decimal(exact))).as("at ε′ = %s on %s ± %s", e, part[0], part[1])
                        .isTrue();
                    assertThat(value.toInterval().width()).isLessThan(new BigDecimal("1e-14"));
                }
            }
            DyadicInterval r = DyadicInterval.of(Rational.of(-1, 3)).hull(DyadicInterval.of(Rational.of(1, 5)));
            assertThat(x.model().plus(r).on(DyadicInterval.of(Rational.of(1, 4)), DyadicInterval.of(Rational.of(1,
                4))).r()).isEqualTo(r);
        });
    }

    static boolean contains(DyadicInterval x, BigDecimal v) {
        return x.toInterval().contains(v);
    }

    static BigDecimal decimal(Rational q) {
        return q.toBigDecimal(MC);
    }

    @Test
    void ringOperationsAreExactToSecondOrder() {
        Property.forAll("Taylor-model +, −, × contain the exact values", PAIRS).tries(300).check(p -> {
            Affine x = p.x().model();
            Affine y = p.y().model();
            Affine sum = F.add(x, y);
            Affine difference = F.subtract(x, y);
            Affine product = F.multiply(x, y);
            Affine scaled = AffineField.scale(x, DyadicInterval.of(p.y().c()));
            Affine shifted = F.timesEpsilon(x);
            for (Rational e : EPSILONS) {
                Rational xe = p.x().at(e);
                Rational ye = p.y().at(e);
                assertThat(contains(at(sum, e), decimal(xe.add(ye)))).as("x + y at %s", e).isTrue();
                assertThat(contains(at(difference, e), decimal(xe.subtract(ye)))).as("x − y at %s", e).isTrue();
                assertThat(contains(at(product, e), decimal(xe.multiply(ye)))).as("x·y at %s", e).isTrue();
                assertThat(contains(at(scaled, e), decimal(xe.multiply(p.y().c())))).as("x·c at %s", e).isTrue();
                assertThat(contains(at(shifted, e), decimal(xe.multiply(e)))).as("ε·x at %s", e).isTrue();
                assertThat(contains(at(F.negate(x), e), decimal(xe.negate()))).isTrue();
            }
            // a product of two linear models is a polynomial of degree two: everything but rounding is in C, B, A
            for (Affine m : List.of(sum, difference, product, scaled, shifted)) {
                assertThat(m.r().magnitude().compareHi(DyadicInterval.of(1).scale(-50))).as("remainder of %s", m)
                    .isLessThanOrEqualTo(0);
            }
            assertThat(product.a().toInterval().contains(decimal(p.x().b().multiply(p.y().b())))).isTrue();
            // the range of the model contains every value it takes
            for (Rational e : EPSILONS) {
                assertThat(contains(product.range(), decimal(p.x().at(e).multiply(p.y().at(e))))).isTrue();
            }
        });
    }

    static void encloses(Affine model, Linear x, UnaryOperator<BigDecimal> f, String what) {
        for (Rational e : EPSILONS) {
            BigDecimal v = f.apply(decimal(x.at(e)));
            assertThat(contains(at(model, e), v)).as("%s at ε = %s: %s in %s", what, e, v, at(model, e)).isTrue();
        }
    }

    record Positive(Linear x) {
    }

    /** x(ε) = c + bε with c ∈ [1, 4] and |b| ≤ c/4: positive on [−1, 1], moderately curved functions of it. */
    static final Gen<Positive> POSITIVE = r -> {
        Rational c = Rational.of(r.nextLong(1000, 4001), 1000);
        Rational b = c.multiply(Rational.of(r.nextLong(-250, 251), 1000));
        return new Positive(new Linear(c, b));
    };

    @Test
    void expLogAndReciprocalContainTheTrueFunctionAndAreTight() {
        Property.forAll("Taylor-model exp, log, 1/x", POSITIVE).tries(200).check(p -> {
            Linear x = p.x();
            Affine m = x.model();
            Affine exp = F.exp(m);
            Affine log = F.log(m);
            Affine reciprocal = F.reciprocal(m);
            Affine quotient = F.divide(F.one(), m);
            encloses(exp, x, v -> BigDecimalMath.exp(v, MC), "exp");
            encloses(log, x, v -> BigDecimalMath.log(v, MC), "log");
            encloses(reciprocal, x, v -> BigDecimal.ONE.divide(v, MC), "1/x");
            encloses(quotient, x, v -> BigDecimal.ONE.divide(v, MC), "1 ÷ x");
            // fourth-order remainders: |δ|⁴·max|f⁗|/24 with |δ| ≤ |b| ≤ 1, plus third-order rounding
            BigDecimal b4 = decimal(x.b().abs()).pow(4);
            BigDecimal cLo = decimal(x.c().subtract(x.b().abs()));
            assertThat(exp.r().magnitude().toInterval().hi()).as("exp remainder")
                .isLessThanOrEqualTo(b4.multiply(BigDecimalMath.exp(decimal(x.c().add(x.b().abs())), MC))
                    .divide(BigDecimal.valueOf(24), MC).multiply(new BigDecimal("1.01")).add(new BigDecimal("1e-15")));
            assertThat(reciprocal.r().magnitude().toInterval().hi()).as("1/x remainder")
                .isLessThanOrEqualTo(b4.divide(cLo.pow(5), MC).multiply(new BigDecimal("1.01"))
                    .add(new BigDecimal("1e-15")));
            assertThat(log.r().magnitude().toInterval().hi()).as("log remainder")
                .isLessThanOrEqualTo(b4.divide(cLo.pow(4).multiply(BigDecimal.valueOf(4)), MC)
                    .multiply(new BigDecimal("1.01")).add(new BigDecimal("1e-15")));
        });
    }

    /**
     * A model whose remainder lies on one side of 0 (x = 1 + r, r = ±1/1000 a point remainder): the expansion point
     * x₀ = 1 lies outside the model's range, and the Lagrange point ξ between x₀ and x must be enclosed over their
     * hull, not over the range alone — else the fourth-order term misses f(x) by about 10⁻¹⁶, far above rounding.
     */
    @Test
    void aRemainderOnOneSideOfZeroIsExpandedAboutAPointOutsideTheRange() {
        for (Rational q : List.of(Rational.of(1, 1000), Rational.of(-1, 1000))) {
            Affine x = new Affine(DyadicInterval.ONE, DyadicInterval.ZERO, DyadicInterval.ZERO, DyadicInterval.ZERO,
                DyadicInterval.of(q));
            BigDecimal v = decimal(Rational.ONE.add(q));
            assertThat(contains(F.exp(x).range(), BigDecimalMath.exp(v, MC))).as("exp at 1 + %s", q).isTrue();
            assertThat(contains(F.log(x).range(), BigDecimalMath.log(v, MC))).as("log at 1 + %s", q).isTrue();
            assertThat(contains(F.reciprocal(x).range(), BigDecimal.ONE.divide(v, MC))).as("1/x at 1 + %s", q)
                .isTrue();
        }
    }

    @Test
    void softmaxContainsTheTrueSoftmaxAndSumsToOne() {
        Rational fifth = Rational.of(1, 5);
        Gen<Two> gen = r -> new Two(new Linear(coefficient(r, 3), coefficient(r, 1).multiply(fifth)),
            new Linear(coefficient(r, 3), coefficient(r, 1).multiply(fifth)));
        Property.forAll("Taylor-model softmax", gen).tries(200).check(p -> {
            List<Affine> s = F.softmax(List.of(p.x().model(), p.y().model(), F.zero()));
            for (Rational e : EPSILONS) {
                BigDecimal ex = BigDecimalMath.exp(decimal(p.x().at(e)), MC);
                BigDecimal ey = BigDecimalMath.exp(decimal(p.y().at(e)), MC);
                BigDecimal z = ex.add(ey).add(BigDecimal.ONE);
                assertThat(contains(at(s.get(0), e), ex.divide(z, MC))).isTrue();
                assertThat(contains(at(s.get(1), e), ey.divide(z, MC))).isTrue();
                assertThat(contains(at(s.get(2), e), BigDecimal.ONE.divide(z, MC))).isTrue();
                DyadicInterval total = at(s.get(0), e).add(at(s.get(1), e)).add(at(s.get(2), e));
                assertThat(total.toInterval().contains(BigDecimal.ONE)).isTrue();
                // |b| ≤ 1/4: third-order terms of order 10^−3 per function
                assertThat(total.toInterval().width()).isLessThan(new BigDecimal("0.05"));
            }
        });
    }

    /**
     * Over constant models (intervals θ_a) softmax_a is increasing in θ_a and decreasing in every other θ_b, so its
     * exact range is [s_a(θ_a lo, θ_−a hi), s_a(θ_a hi, θ_−a lo)], computed here to 60 digits: the models' softmax
     * contains it and is no wider than it plus 10⁻¹⁵ (enclosing numerator and denominator separately, as the
     * expansion does, is several times wider at these widths).
     */
    @Test
    void softmaxOfConstantModelsIsTheSharpRange() {
        Gen<List<Rational>> gen = r -> java.util.stream.IntStream.range(0, 6).mapToObj(k -> k < 3 ? coefficient(r, 3)
            : Rational.of(r.nextLong(1, 1000), 100000)).toList();
        Property.forAll("softmax of intervals", gen).tries(200).check(v -> {
            List<Rational> lo = v.subList(0, 3);
            List<Rational> hi = java.util.stream.IntStream.range(0, 3).mapToObj(k -> lo.get(k).add(v.get(3 + k)))
                .toList();
            List<Affine> s = F.softmax(java.util.stream.IntStream.range(0, 3).mapToObj(k -> Affine.constant(
                DyadicInterval.of(lo.get(k)).hull(DyadicInterval.of(hi.get(k))))).toList());
            for (int a = 0; a < 3; a++) {
                assertThat(s.get(a).isConstant()).isTrue();
                BigDecimal low = share(a, lo, hi);
                BigDecimal high = share(a, hi, lo);
                Interval got = s.get(a).c().toInterval();
                assertThat(got.contains(low) && got.contains(high)).as("σ_%d in [%s, %s]: %s", a, low, high, got)
                    .isTrue();
                assertThat(got.width().subtract(high.subtract(low)).doubleValue()).as("σ_%d's excess width", a)
                    .isLessThan(1e-15);
            }
        });
    }

    /** exp(θ_a)/Σ_b exp(θ_b) with θ_a from {@code own} and the others from {@code others}, to 60 digits. */
    private static BigDecimal share(int a, List<Rational> own, List<Rational> others) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal mine = BigDecimal.ZERO;
        for (int b = 0; b < own.size(); b++) {
            BigDecimal e = BigDecimalMath.exp(decimal(b == a ? own.get(b) : others.get(b)), MC);
            sum = sum.add(e);
            mine = b == a ? e : mine;
        }
        return mine.divide(sum, MC);
    }

    @Test
    void constantsAndConversions() {
        assertThat(F.zero().range().isZero()).isTrue();
        assertThat(F.one().range()).isEqualTo(DyadicInterval.ONE);
        Affine third = F.of(Rational.of(1, 3));
        assertThat(third.range()).isEqualTo(DyadicField.INSTANCE.of(Rational.of(1, 3)));
        assertThat(F.estimate(third)).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-15));
        Affine x = Affine.linear(DyadicInterval.ONE, DyadicInterval.of(Rational.of(1, 4)));
        // a constant factor on either side takes the four-product shortcut and must equal the full product's value
        assertThat(F.multiply(third, x)).isEqualTo(F.multiply(x, third));
        assertThat(F.multiply(third, x).c()).isEqualTo(DyadicInterval.of(Rational.of(1, 3)));
        // models with a quadratic part only, a cubic part only, or a remainder only, are not constants: their products
        // keep those parts
        DyadicInterval eighth = DyadicInterval.of(Rational.of(1, 8));
        Affine quadratic = new Affine(DyadicInterval.of(2), DyadicInterval.ZERO, eighth, DyadicInterval.ZERO,
            DyadicInterval.ZERO);
        Affine remainder = new Affine(DyadicInterval.of(2), DyadicInterval.ZERO, DyadicInterval.ZERO,
            DyadicInterval.ZERO, eighth.negate().to(eighth));
        Affine cubic = new Affine(DyadicInterval.of(2), DyadicInterval.ZERO, DyadicInterval.ZERO, eighth,
            DyadicInterval.ZERO);
        for (Rational e : EPSILONS) {
            Rational xe = Rational.ONE.add(Rational.of(1, 4).multiply(e));
            Rational q = Rational.TWO.add(Rational.of(1, 8).multiply(e).multiply(e));
            Rational w = Rational.TWO.add(Rational.of(1, 8).multiply(e).multiply(e).multiply(e));
            assertThat(contains(at(F.multiply(cubic, x), e), decimal(w.multiply(xe)))).as("at %s", e).isTrue();
            assertThat(contains(at(F.multiply(x, cubic), e), decimal(w.multiply(xe)))).as("at %s", e).isTrue();
            assertThat(contains(at(F.multiply(quadratic, x), e), decimal(q.multiply(xe)))).as("at %s", e).isTrue();
            assertThat(contains(at(F.multiply(x, quadratic), e), decimal(q.multiply(xe)))).as("at %s", e).isTrue();
            for (Rational r : List.of(Rational.of(-1, 8), Rational.of(1, 8))) {
                Rational v = Rational.TWO.add(r).multiply(xe);
                assertThat(contains(at(F.multiply(remainder, x), e), decimal(v))).as("at %s, %s", e, r).isTrue();
                assertThat(contains(at(F.multiply(x, remainder), e), decimal(v))).as("at %s, %s", e, r).isTrue();
            }
        }
        Affine plus = x.plus(DyadicInterval.of(Rational.of(1, 8)));
        assertThat(plus.r()).isEqualTo(DyadicInterval.of(Rational.of(1, 8)));
        assertThat(Affine.constant(DyadicInterval.ONE)).isEqualTo(F.one());
        assertThatThrownBy(() -> F.reciprocal(Affine.linear(DyadicInterval.ONE, DyadicInterval.of(2))))
            .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> F.log(Affine.linear(DyadicInterval.ONE, DyadicInterval.ONE)))
            .isInstanceOf(ArithmeticException.class);
    }
}
