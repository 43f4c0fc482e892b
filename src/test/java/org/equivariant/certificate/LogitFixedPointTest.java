package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Affine;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.MidRadMatrix;
import org.equivariant.arith.Rational;
import org.equivariant.arith.TaylorMatrix;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * The checker's logit system F(σ, λ) = σ − T_λ(σ): its analytic Jacobian in all n + 1 coordinates (λ last) against
 * central finite differences of its own residual, on random two- and three-player games at interior points off the
 * simplex too (F is defined on all of R^n).
 */
class LogitFixedPointTest {
    @Test
    void theParametricJacobianIsTheDerivativeOfTheResidual() {
        SplittableRandom r = new SplittableRandom(29);
        DoubleField f = DoubleField.INSTANCE;
        for (int t = 0; t < 20; t++) {
            NormalFormGame g = GameGen.games(2, 3, 2, 3, 4).generate(r);
            double lambda = 0.2 + 2 * r.nextDouble();
            int n = java.util.Arrays.stream(g.dims()).sum();
            List<Double> sigma = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                sigma.add(0.1 + r.nextDouble());
            }
            LogitFixedPoint<Double> at = new LogitFixedPoint<>(f, g.payoffs(), lambda);
            List<List<Double>> jac = at.parametricJacobian(sigma);
            assertThat(jac).hasSize(n);
            double h = 1e-6;
            for (int c = 0; c <= n; c++) {
                List<Double> plus;
                List<Double> minus;
                if (c < n) {
                    List<Double> up = new ArrayList<>(sigma);
                    List<Double> down = new ArrayList<>(sigma);
                    up.set(c, sigma.get(c) + h);
                    down.set(c, sigma.get(c) - h);
                    plus = at.residual(up);
                    minus = at.residual(down);
                } else {
                    plus = at.at(lambda + h).residual(sigma);
                    minus = at.at(lambda - h).residual(sigma);
                }
                for (int row = 0; row < n; row++) {
                    assertThat(jac.get(row)).as("row %d of game %d", row, t).hasSize(n + 1);
                    double fd = (plus.get(row) - minus.get(row)) / (2 * h);
                    assertThat(jac.get(row).get(c)).as("∂F_%d/∂z_%d, game %d", row, c, t)
                        .isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(fd))));
                }
            }
        }
    }

    /** One- to four-player games and Taylor models z = (σ, λ) of the shapes a piece's test meets (see below). */
    record ModelPoint(NormalFormGame game, List<Affine> z, long seed) {
        @Override
        public String toString() {
            return "game " + java.util.Arrays.toString(game.dims()) + ", models " + z + " (seed " + seed + ")";
        }
    }

    static final Gen<ModelPoint> MODELS = r -> {
        long seed = r.nextLong();
        SplittableRandom s = new SplittableRandom(seed);
        NormalFormGame g = GameGen.games(1, 4, 1, 3, 9).generate(s);
        int n = java.util.Arrays.stream(g.dims()).sum();
        List<Affine> z = new ArrayList<>();
        for (int k = 0; k <= n; k++) {
            // σ_k: c in (0, 1), then parts of decreasing size, a remainder [−ρ, ρ] (sometimes 0); λ: c in (0, 4]
            DyadicInterval c = DyadicInterval.of(k < n ? Rational.of(s.nextInt(1, 100), 100)
                : Rational.of(s.nextInt(1, 41), 10));
            DyadicInterval rho = DyadicInterval.of(Rational.of(s.nextInt(0, 3), 10000));
            z.add(new Affine(c, small(s, 100), small(s, 1000), small(s, 10000), rho.negate().to(rho)));
        }
        return new ModelPoint(g, z, seed);
    };

    private static DyadicInterval small(SplittableRandom s, int scale) {
        return DyadicInterval.of(Rational.of(s.nextInt(-9, 10), 9 * scale));
    }

    /**
     * BR-CHAIN, Taylor matrices: the Taylor parts c, b, a, r of [∂F/∂σ | ∂F/∂λ] that {@link TaylorMatrix} products
     * assemble, and the residual over the models with its utilities summed the same way, enclose the Jacobian and the
     * residual at points of the models — ε ∈ {−1, −1/3, 0, 1/2, 1} and each remainder at an end or 0 — where they are
     * computed by {@link LogitFixedPoint} in 40-digit decimal intervals: [∂F](z(ε)) ⊂ c + b·ε + a·ε² + r entrywise,
     * F(z(ε)) in the residual's models at ε; and the same over constant models of the models' ranges (the exit
     * narrowing's boxes), which hold those points too. The interface's defaults (the Taylor-model Jacobian and
     * residual, which one player takes) are held to the same check as a control of the check itself. The reference is
     * itself an interval (40 digits), so containment is decided to its own width: where an enclosure is exact at a
     * dyadic end (a player with one action has T = 1, so F = σ − 1 at the models' end points) the reference's own
     * outward rounding would otherwise reach past it ({@code -Pthorough}, seed −6440882501780756660).
     */
    @Test
    void thePartsAndTheResidualEncloseTheirValuesAtThePointsOfTheModels() {
        IntervalField exact = new IntervalField(40);
        Property.forAll("Jacobian parts and residual enclose their values", MODELS).tries(60).check(m -> {
            ParametricSystem sys = LogitFixedPoint.branchSystem(m.game().payoffs());
            ParametricSystem generic = new ParametricSystem() {
                @Override
                public int unknowns() {
                    return sys.unknowns();
                }

                @Override
                public <T> List<T> residual(ExpField<T> f, List<T> z) {
                    return sys.residual(f, z);
                }

                @Override
                public <T> List<List<T>> jacobian(ExpField<T> f, List<T> z) {
                    return sys.jacobian(f, z);
                }
            };
            // the models, and constant models of their ranges (the exit narrowing's boxes): both hold the points
            List<Affine> ranges = m.z().stream().map(x -> Affine.constant(x.range())).toList();
            for (int k = 0; k < 4; k++) {
                ParametricSystem s = k % 2 == 0 ? sys : generic;
                List<Affine> z = k < 2 ? m.z() : ranges;
                MidRadMatrix[] parts = s.jacobianParts(z);
                List<Affine> residual = s.taylorResidual(z);
                int n = sys.unknowns();
                String path = (s == sys ? "Taylor matrices" : "default path") + (k < 2 ? "" : ", constant models");
                for (Rational eps : List.of(Rational.ONE.negate(), Rational.of(-1, 3), Rational.ZERO,
                    Rational.of(1, 2), Rational.ONE)) {
                    for (int end = -1; end <= 1; end++) {
                        List<Interval> point = new ArrayList<>();
                        for (Affine x : m.z()) {
                            point.add(exact.of(value(x, eps, end)));
                        }
                        LogitFixedPoint<Interval> at = new LogitFixedPoint<>(exact, m.game().payoffs(), point.get(n));
                        List<List<Interval>> jac = at.parametricJacobian(point.subList(0, n));
                        List<Interval> f = at.residual(point.subList(0, n));
                        DyadicInterval e = DyadicInterval.of(eps);
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j <= n; j++) {
                                Interval in = parts[0].get(i, j).add(parts[1].get(i, j).multiply(e))
                                    .add(parts[2].get(i, j).multiply(e.multiply(e))).add(parts[3].get(i, j))
                                    .toInterval();
                                Interval x = jac.get(i).get(j);
                                assertThat(x.isSubsetOf(toReference(in, x))).as("∂F_%d/∂z_%d = %s at ε = %s, "
                                    + "remainder end %d: in %s (%s)", i, j, x, eps, end, in, path).isTrue();
                            }
                            Affine g = residual.get(i);
                            Interval in = g.c().add(g.b().multiply(e)).add(g.a().multiply(e.multiply(e)))
                                .add(g.d().multiply(e.multiply(e).multiply(e))).add(g.r()).toInterval();
                            assertThat(f.get(i).isSubsetOf(toReference(in, f.get(i)))).as("F_%d = %s at ε = %s, "
                                + "remainder end %d: in %s (%s)", i, f.get(i), eps, end, in, path).isTrue();
                        }
                    }
                }
            }
        });
    }

    /**
     * Taylor models x and t of one length, a table P with that many rows: rational constants (a payoff table, two
     * players) or models (a pair table, more).
     */
    record BlockCase(List<Affine> x, List<Affine> t, List<List<Affine>> pair, boolean constant, long seed) {
        @Override
        public String toString() {
            return "x " + x + ", t " + t + ", P " + pair + (constant ? " (constant)" : "") + " (seed " + seed + ")";
        }
    }

    /**
     * Parts of comparable size (up to 1/2) so that every power of ε up to the sixth shows at ε = ±1, remainders up to
     * 1/10 (in a third of the cases none), one to four actions a side; the table constant in half the cases.
     */
    static final Gen<BlockCase> BLOCKS = r -> {
        long seed = r.nextLong();
        SplittableRandom s = new SplittableRandom(seed);
        int ni = s.nextInt(1, 5);
        int nj = s.nextInt(1, 5);
        boolean remainders = s.nextInt(3) > 0;
        boolean constant = s.nextBoolean();
        List<List<Affine>> models = new ArrayList<>();
        for (int v = 0; v < 2 + ni; v++) {
            List<Affine> m = new ArrayList<>();
            for (int a = 0; a < (v < 2 ? ni : nj); a++) {
                DyadicInterval rho = DyadicInterval.of(Rational.of(remainders ? s.nextInt(0, 11) : 0, 100));
                m.add(v >= 2 && constant ? Affine.constant(DyadicInterval.of(Rational.of(s.nextInt(-9, 10),
                    s.nextInt(1, 4)))) : new Affine(small(s, 1), small(s, 2), small(s, 2), small(s, 2), rho.negate()
                    .to(rho)));
            }
            models.add(m);
        }
        return new BlockCase(models.get(0), models.get(1), models.subList(2, 2 + ni), constant, seed);
    };

    /**
     * BR-CHAIN, the block: the parts of x_a·(Σ_c P(c, b)·t_c − P(a, b)) enclose its exact rational value at
     * ε ∈ {−1, −1/2, 0, 1/3, 1} with the models' remainders all at their lower end, 0, their upper end or
     * alternating — every power of ε and every remainder term of the product matters at these sizes.
     */
    @Test
    void theBlockEnclosesTheProductAtEveryPointOfTheModels() {
        Property.forAll("block encloses x_a (m_b - P_ab)", BLOCKS).tries(400).check(k -> {
            int ni = k.x().size();
            int nj = k.pair().get(0).size();
            boolean constant = k.constant();
            TaylorMatrix table = TaylorMatrix.of(k.pair());
            if (constant) {
                table = TaylorMatrix.constant(MidRadMatrix.of(k.pair().stream().map(row -> row.stream()
                    .map(Affine::c).toArray(DyadicInterval[]::new)).toArray(DyadicInterval[][]::new)));
            }
            MidRadMatrix[] parts = LogitFixedPoint.tableBlock(k.x(), k.t(), table);
            for (Rational eps : List.of(Rational.ONE.negate(), Rational.of(-1, 2), Rational.ZERO, Rational.of(1, 3),
                Rational.ONE)) {
                for (int end = -1; end <= 2; end++) {
                    DyadicInterval e = DyadicInterval.of(eps);
                    for (int a = 0; a < ni; a++) {
                        for (int b = 0; b < nj; b++) {
                            Rational mean = Rational.ZERO;
                            for (int c = 0; c < ni; c++) {
                                mean = mean.add(value(k.pair().get(c).get(b), eps, end == 2 ? 1 - 2 * (b % 2) : end)
                                    .multiply(value(k.t().get(c), eps, end == 2 ? 1 - 2 * (c % 2) : end)));
                            }
                            Rational exact = value(k.x().get(a), eps, end == 2 ? 2 * (a % 2) - 1 : end).multiply(mean
                                .subtract(value(k.pair().get(a).get(b), eps, end == 2 ? 1 - 2 * (b % 2) : end)));
                            DyadicInterval at = parts[0].get(a, b).add(parts[1].get(a, b).multiply(e))
                                .add(parts[2].get(a, b).multiply(e.multiply(e))).add(parts[3].get(a, b));
                            assertThat(at.toInterval().contains(exact)).as("entry (%d, %d) = %s at ε = %s, "
                                + "remainders %d, %s table: in %s", a, b, exact.doubleValue(), eps, end, constant
                                ? "constant" : "model", at).isTrue();
                        }
                    }
                }
            }
        });
    }

    /** An enclosure widened at each end by the reference's width: the 40-digit reference's resolution there. */
    private static Interval toReference(Interval in, Interval reference) {
        BigDecimal r = reference.width();
        return new Interval(in.lo().subtract(r), in.hi().add(r));
    }

    /** c + bε + aε² + dε³ + r at ε with every part at its lower end and r at its lower end, 0 or upper end. */
    private static Rational value(Affine x, Rational eps, int end) {
        Rational r = end < 0 ? x.r().loRational() : end > 0 ? x.r().hiRational() : Rational.ZERO;
        return x.c().loRational().add(x.b().loRational().multiply(eps)).add(x.a().loRational().multiply(eps
            .multiply(eps))).add(x.d().loRational().multiply(eps.multiply(eps).multiply(eps))).add(r);
    }
}
