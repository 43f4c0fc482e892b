package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.lq.LqModel;
import org.equivariant.lq.LqSolver;
import org.junit.jupiter.api.Test;

/**
 * LQ-MEAN (proofs/LQ-MEAN.md): in the exploratory LQ Stackelberg game the Riccati data P, p and the policy means
 * (Γ, γ) do not depend on the temperatures; Σ_k is linear in λ_k and independent of λ_j; V^λ − V^0 does not depend
 * on x and tends to 0 with the temperatures. The KL-regularized variant fails "mean independent of temperature".
 */
class LqMeanProperty {
    static final int DIGITS = 20;
    static final BigDecimal TOL = new BigDecimal("1e-15");

    static Rational small(SplittableRandom r, int range) {
        return Rational.of(r.nextInt(-range, range + 1), 10);
    }

    static List<List<Rational>> m(Rational x) {
        return List.of(List.of(x));
    }

    static LqModel.Costs costs(SplittableRandom r) {
        Rational rll = Rational.of(r.nextInt(5, 20), 10);
        Rational rff = Rational.of(r.nextInt(5, 20), 10);
        Rational rlf = Rational.of(r.nextInt(-2, 3), 10);
        return new LqModel.Costs(m(Rational.of(r.nextInt(0, 20), 10)), List.of(List.of(small(r, 2)),
            List.of(small(r, 2))), List.of(List.of(rll, rlf), List.of(rlf, rff)), m(small(r, 3)),
            List.of(List.of(small(r, 3)), List.of(small(r, 3))), m(Rational.of(r.nextInt(0, 15), 10)), m(small(r, 3)),
            small(r, 5));
    }

    /** Scalar games with 1–2 regimes on [0, 1/2] and own curvatures safely positive. */
    static final Gen<LqModel> MODELS = r -> {
        int regimes = r.nextInt(1, 3);
        List<LqModel.Regime> rs = new ArrayList<>();
        for (int i = 0; i < regimes; i++) {
            rs.add(new LqModel.Regime(m(small(r, 5)), List.of(List.of(small(r, 8), small(r, 8))), m(small(r, 3)),
                List.of(m(small(r, 2))), List.of(List.of(List.of(small(r, 3), small(r, 3)))), List.of(m(small(r, 3))),
                costs(r), costs(r)));
        }
        List<List<Rational>> q = regimes == 1 ? List.of(List.of(Rational.ZERO))
            : List.of(List.of(Rational.of(-1), Rational.ONE), List.of(Rational.of(1, 2), Rational.of(-1, 2)));
        return new LqModel(1, 1, 1, 1, Rational.of(1, 2), q, rs, Rational.of(r.nextInt(1, 10), 10),
            Rational.of(r.nextInt(1, 10), 10), Rational.ZERO, Rational.ZERO,
            r.nextBoolean() ? LqModel.Variant.A : LqModel.Variant.B);
    };

    /** A rows × cols matrix of small entries (tenths in [−range, range]). */
    static List<List<Rational>> matrix(SplittableRandom r, int rows, int cols, int range) {
        List<List<Rational>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Rational> row = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                row.add(small(r, range));
            }
            out.add(row);
        }
        return out;
    }

    /** L·Lᵀ + shift·I for a random k × k matrix L of small entries: symmetric, PSD, and PD when shift &gt; 0. */
    static List<List<Rational>> gram(SplittableRandom r, int k, Rational shift) {
        List<List<Rational>> l = matrix(r, k, k, 6);
        List<List<Rational>> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<Rational> row = new ArrayList<>();
            for (int j = 0; j < k; j++) {
                Rational x = i == j ? shift : Rational.ZERO;
                for (int c = 0; c < k; c++) {
                    x = x.add(l.get(i).get(c).multiply(l.get(j).get(c)));
                }
                row.add(x);
            }
            out.add(row);
        }
        return out;
    }

    static List<List<Rational>> block(List<List<Rational>> x, int r0, int r1, int c0, int c1) {
        return x.subList(r0, r1).stream().map(row -> List.copyOf(row.subList(c0, c1))).toList();
    }

    /** Matrix costs whose block matrix [[Q, Sᵀ], [S, R]] and terminal G are PSD, with R positive definite. */
    static LqModel.Costs matrixCosts(SplittableRandom r, int n, int m) {
        List<List<Rational>> all = gram(r, n + m, Rational.of(1, 2));
        return new LqModel.Costs(block(all, 0, n, 0, n), block(all, n, n + m, 0, n), block(all, n, n + m, n, n + m),
            matrix(r, n, 1, 3), matrix(r, m, 1, 3), gram(r, n, Rational.ZERO), matrix(r, n, 1, 3), small(r, 5));
    }

    /**
     * Matrix games (issue 17): state dimension 2, one or two controls per player, one or two Brownian motions, one to
     * three regimes with a random generator, PSD costs with positive-definite control costs, on [0, 1/2].
     */
    static final Gen<LqModel> MATRIX_MODELS = r -> {
        int n = 2;
        int mL = r.nextInt(1, 3);
        int mF = r.nextInt(1, 3);
        int d = r.nextInt(1, 3);
        int regimes = r.nextInt(1, 4);
        List<LqModel.Regime> rs = new ArrayList<>();
        for (int i = 0; i < regimes; i++) {
            List<List<List<Rational>>> c = new ArrayList<>();
            List<List<List<Rational>>> dd = new ArrayList<>();
            List<List<List<Rational>>> sigma = new ArrayList<>();
            for (int l = 0; l < d; l++) {
                c.add(matrix(r, n, n, 2));
                dd.add(matrix(r, n, mL + mF, 2));
                sigma.add(matrix(r, n, 1, 3));
            }
            rs.add(new LqModel.Regime(matrix(r, n, n, 5), matrix(r, n, mL + mF, 8), matrix(r, n, 1, 3), c, dd, sigma,
                matrixCosts(r, n, mL + mF), matrixCosts(r, n, mL + mF)));
        }
        List<List<Rational>> q = new ArrayList<>();
        for (int i = 0; i < regimes; i++) {
            List<Rational> row = new ArrayList<>();
            Rational out = Rational.ZERO;
            for (int j = 0; j < regimes; j++) {
                Rational x = i == j ? Rational.ZERO : Rational.of(r.nextInt(0, 21), 10);
                row.add(x);
                out = out.add(x);
            }
            row.set(i, out.negate());
            q.add(row);
        }
        return new LqModel(n, mL, mF, d, Rational.of(1, 2), q, rs, Rational.of(r.nextInt(1, 10), 10),
            Rational.of(r.nextInt(1, 10), 10), Rational.ZERO, Rational.ZERO,
            r.nextBoolean() ? LqModel.Variant.A : LqModel.Variant.B);
    };

    /** Every entry of two matrices agrees to {@link #TOL} (relative). */
    static void closeAll(List<List<BigDecimal>> a, List<List<BigDecimal>> b, String what) {
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).size(); j++) {
                close(a.get(i).get(j), b.get(i).get(j), what + "[" + i + "][" + j + "]");
            }
        }
    }

    static void close(BigDecimal a, BigDecimal b, String what) {
        assertThat(a.subtract(b).abs()).as("%s: %s vs %s", what, a, b)
            .isLessThanOrEqualTo(TOL.multiply(BigDecimal.ONE.max(b.abs())));
    }

    static BigDecimal s(List<List<BigDecimal>> x) {
        return x.get(0).get(0);
    }

    static void sameMeans(LqSolver.Solution x, LqSolver.Solution y) {
        for (int i = 0; i < x.cL().size(); i++) {
            close(s(x.pL().get(i)), s(y.pL().get(i)), "P_L");
            close(s(x.pF().get(i)), s(y.pF().get(i)), "P_F");
            close(s(x.linL().get(i)), s(y.linL().get(i)), "p_L");
            close(s(x.linF().get(i)), s(y.linF().get(i)), "p_F");
            close(s(x.stages().get(i).gammaL()), s(y.stages().get(i).gammaL()), "Gamma_L");
            close(s(x.stages().get(i).gammaFConst()), s(y.stages().get(i).gammaFConst()), "gamma_F");
        }
    }

    @Test
    void meansDoNotDependOnTemperatureAndVariancesAreLinearInTheOwnOne() {
        Property.forAll("LQ-MEAN", MODELS).tries(6).check(model -> {
            LqSolver.Solution base = new LqSolver(model, DIGITS).solveAt(Rational.ZERO);
            LqModel other = model.withTemperatures(model.lambdaL().multiply(Rational.TWO),
                model.lambdaF().divide(Rational.of(3)));
            LqSolver.Solution moved = new LqSolver(other, DIGITS).solveAt(Rational.ZERO);
            LqSolver.Solution classical = new LqSolver(model, DIGITS).classical().solveAt(Rational.ZERO);
            sameMeans(base, moved);
            sameMeans(base, classical);
            MathContext mc = new MathContext(DIGITS);
            for (int i = 0; i < base.cL().size(); i++) {
                LqSolver.Stage a = base.stages().get(i);
                LqSolver.Stage b = moved.stages().get(i);
                close(s(b.sigmaF()).multiply(BigDecimal.valueOf(3)), s(a.sigmaF()), "Sigma_F linear in lambda_F");
                if (model.variant() == LqModel.Variant.A) {
                    close(s(b.sigmaL()), s(a.sigmaL()).multiply(BigDecimal.valueOf(2)), "Sigma_L linear in lambda_L");
                }
                // V^λ − V^0 does not depend on x
                BigDecimal d0 = base.value(0, i, List.of(BigDecimal.ZERO), mc)
                    .subtract(classical.value(0, i, List.of(BigDecimal.ZERO), mc));
                BigDecimal d1 = base.value(0, i, List.of(new BigDecimal("1.7")), mc)
                    .subtract(classical.value(0, i, List.of(new BigDecimal("1.7")), mc));
                close(d1, d0, "value difference independent of x");
            }
            // V^λ → V^0 as λ → 0: |c^λ − c^0| = O(λ ln(1/λ))
            LqSolver.Solution cold = new LqSolver(model.withTemperatures(Rational.parse("1e-9"),
                Rational.parse("1e-9")), DIGITS).solveAt(Rational.ZERO);
            for (int i = 0; i < base.cL().size(); i++) {
                assertThat(cold.cL().get(i).subtract(classical.cL().get(i)).abs()).isLessThan(new BigDecimal("1e-6"));
                assertThat(cold.cF().get(i).subtract(classical.cF().get(i)).abs()).isLessThan(new BigDecimal("1e-6"));
            }
        });
    }

    /** LQ-MEAN on matrix games at several times: P, p, Γ_L and γ_F entry by entry do not move with the temperatures. */
    @Test
    void matrixGamesMeansDoNotDependOnTemperatureAtAnyTime() {
        Property.forAll("LQ-MEAN matrices", MATRIX_MODELS).tries(4).check(model -> {
            LqModel other = model.withTemperatures(model.lambdaL().multiply(Rational.of(3)),
                model.lambdaF().divide(Rational.TWO));
            for (Rational t : List.of(Rational.ZERO, Rational.of(1, 6), Rational.of(1, 3))) {
                LqSolver.Solution a = new LqSolver(model, DIGITS).solveAt(t);
                LqSolver.Solution b = new LqSolver(other, DIGITS).solveAt(t);
                for (int i = 0; i < a.cL().size(); i++) {
                    closeAll(a.pL().get(i), b.pL().get(i), "P_L at t = " + t);
                    closeAll(a.pF().get(i), b.pF().get(i), "P_F at t = " + t);
                    closeAll(a.linL().get(i), b.linL().get(i), "p_L at t = " + t);
                    closeAll(a.linF().get(i), b.linF().get(i), "p_F at t = " + t);
                    closeAll(a.stages().get(i).gammaL(), b.stages().get(i).gammaL(), "Gamma_L at t = " + t);
                    closeAll(a.stages().get(i).gammaFConst(), b.stages().get(i).gammaFConst(), "gamma_F at t = " + t);
                }
            }
        });
    }

    @Test
    void theKlRegularizedVariantFailsTemperatureIndependence() {
        LqModel model = MODELS.generate(new SplittableRandom(3));
        LqSolver.Solution a = new LqSolver(model.withKlPrior(Rational.ONE), DIGITS).solveAt(Rational.ZERO);
        LqSolver.Solution b = new LqSolver(model.withTemperatures(model.lambdaL().multiply(Rational.of(3)),
            model.lambdaF()).withKlPrior(Rational.ONE), DIGITS).solveAt(Rational.ZERO);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> sameMeans(a, b));
        assertThat(t).as("KL regularization must move the means").isInstanceOf(AssertionError.class);
    }
}
