package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;
import org.equivariant.gen.Property;
import org.equivariant.lq.LqModel;
import org.equivariant.lq.LqSolver;
import org.junit.jupiter.api.Test;

/**
 * LQ-MEAN (proofs/LQ-MEAN.md), statement 5: deviations raise the deviator's cost. The cost of a linear feedback u = Γ'x is
 * evaluated here, independently of the library's Riccati solver, by integrating its Lyapunov equation
 * −Ṗ' = P'Â + ÂᵀP' + Σ_l ĈᵀP'Ĉ + Q + SᵀΓ' + Γ'ᵀS + Γ'ᵀRΓ' − δP' + Σ_j q_ij P'^j, P'(T) = G (Â = A + BΓ', Ĉ = C + DΓ')
 * backward by classical RK4; only the equilibrium feedbacks Γ_L, Γ_F, K_L are read from the library (at the grid's
 * times). Conclusions checked on random matrix games (two states, 1–2 controls per player, 1–3 regimes): the evaluator
 * reproduces the library's P at t = 0 under the equilibrium feedback; a follower deviation Γ_F + Δ (leader's feedback
 * kept) and a leader deviation Γ_L + Δ (the follower answering by its rule u_F = K_L u_L + (Γ_F − K_LΓ_L)x) leave
 * P'_k − P_k positive semidefinite and non-zero for the deviator k. Controls: from a follower feedback off the
 * equilibrium the deviation back to it lowers the follower's cost; the library's Γ_F scaled by 0.9 is caught.
 */
class LqDevProperty {
    /** RK4 steps on [0, T]: the evaluator's error is O(h⁴) ≈ 1e-8 here, far below the O(|Δ|²) cost increase. */
    static final int STEPS = 24;

    /** The equilibrium feedbacks at t = k·T/(2·STEPS) per regime: [Γ_L; Γ_F] (m × n) and K_L (m_F × m_L). */
    record Feedbacks(List<List<double[][]>> gamma, List<List<double[][]>> kL) {
        static Feedbacks of(LqModel model) {
            LqSolver solver = new LqSolver(model, LqMeanProperty.DIGITS);
            List<List<double[][]>> gamma = new ArrayList<>();
            List<List<double[][]>> kL = new ArrayList<>();
            for (int k = 0; k <= 2 * STEPS; k++) {
                LqSolver.Solution s = solver.solveAt(model.horizon().multiply(Rational.of(k, 2 * STEPS)));
                List<double[][]> g = new ArrayList<>();
                List<double[][]> kl = new ArrayList<>();
                for (LqSolver.Stage st : s.stages()) {
                    double[][] gl = array(st.gammaL());
                    double[][] gf = array(st.gammaF());
                    double[][] both = new double[gl.length + gf.length][];
                    System.arraycopy(gl, 0, both, 0, gl.length);
                    System.arraycopy(gf, 0, both, gl.length, gf.length);
                    g.add(both);
                    kl.add(array(st.kL()));
                }
                gamma.add(g);
                kL.add(kl);
            }
            return new Feedbacks(gamma, kL);
        }
    }

    static double[][] array(List<List<BigDecimal>> m) {
        return m.stream().map(r -> r.stream().mapToDouble(BigDecimal::doubleValue).toArray()).toArray(double[][]::new);
    }

    static double[][] rational(List<List<Rational>> m) {
        return m.stream().map(r -> r.stream().mapToDouble(Rational::doubleValue).toArray()).toArray(double[][]::new);
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    static double[][] t(double[][] a) {
        double[][] c = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[j][i] = a[i][j];
            }
        }
        return c;
    }

    static double[][] plus(double[][] a, double[][] b, double s) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j] + s * b[i][j];
            }
        }
        return c;
    }

    /** The right-hand side −Ṗ' of player k's Lyapunov equation, all regimes, under the joint feedbacks g (per regime). */
    static List<double[][]> rhs(LqModel model, int player, List<double[][]> p, List<double[][]> g) {
        int regimes = model.regimes().size();
        double delta = (player == 0 ? model.deltaL() : model.deltaF()).doubleValue();
        List<double[][]> out = new ArrayList<>();
        for (int i = 0; i < regimes; i++) {
            LqModel.Regime r = model.regimes().get(i);
            LqModel.Costs c = player == 0 ? r.leader() : r.follower();
            double[][] gi = g.get(i);
            double[][] a = plus(rational(r.a()), mul(rational(r.b()), gi), 1);
            double[][] sg = mul(t(rational(c.s())), gi);
            double[][] x = plus(plus(mul(p.get(i), a), mul(t(a), p.get(i)), 1), rational(c.q()), 1);
            x = plus(plus(x, sg, 1), t(sg), 1);
            x = plus(x, mul(t(gi), mul(rational(c.r()), gi)), 1);
            for (int l = 0; l < model.d(); l++) {
                double[][] cl = plus(rational(r.c().get(l)), mul(rational(r.dd().get(l)), gi), 1);
                x = plus(x, mul(t(cl), mul(p.get(i), cl)), 1);
            }
            x = plus(x, p.get(i), -delta);
            for (int j = 0; j < regimes; j++) {
                x = plus(x, p.get(j), model.generator().get(i).get(j).doubleValue());
            }
            out.add(x);
        }
        return out;
    }

    /** P'_k(0) per regime under the feedbacks gammaAt(k) at the grid's half steps, by RK4 backward from P'(T) = G. */
    static List<double[][]> cost(LqModel model, int player, java.util.function.IntFunction<List<double[][]>> gammaAt) {
        double h = model.horizon().doubleValue() / STEPS;
        List<double[][]> p = new ArrayList<>();
        for (LqModel.Regime r : model.regimes()) {
            p.add(rational((player == 0 ? r.leader() : r.follower()).g()));
        }
        for (int k = STEPS; k > 0; k--) {
            // backward in t: dP/d(−t) = rhs
            List<double[][]> k1 = rhs(model, player, p, gammaAt.apply(2 * k));
            List<double[][]> k2 = rhs(model, player, step(p, k1, h / 2), gammaAt.apply(2 * k - 1));
            List<double[][]> k3 = rhs(model, player, step(p, k2, h / 2), gammaAt.apply(2 * k - 1));
            List<double[][]> k4 = rhs(model, player, step(p, k3, h), gammaAt.apply(2 * k - 2));
            List<double[][]> next = new ArrayList<>();
            for (int i = 0; i < p.size(); i++) {
                double[][] sum = plus(plus(plus(k1.get(i), k2.get(i), 2), k3.get(i), 2), k4.get(i), 1);
                next.add(plus(p.get(i), sum, h / 6));
            }
            p = next;
        }
        return p;
    }

    static List<double[][]> step(List<double[][]> p, List<double[][]> k, double h) {
        List<double[][]> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            out.add(plus(p.get(i), k.get(i), h));
        }
        return out;
    }

    /** The smallest and largest eigenvalue of a symmetric 2 × 2 matrix (symmetrized first). */
    static double[] eigen(double[][] d) {
        double a = d[0][0];
        double c = d[1][1];
        double b = (d[0][1] + d[1][0]) / 2;
        double root = Math.sqrt((a - c) * (a - c) / 4 + b * b);
        return new double[] {(a + c) / 2 - root, (a + c) / 2 + root};
    }

    /** A random m × n matrix with entries ±[0.2, 0.6]. */
    static double[][] deviation(SplittableRandom r, int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                x[i][j] = (r.nextBoolean() ? 1 : -1) * (0.2 + 0.4 * r.nextDouble());
            }
        }
        return x;
    }

    /**
     * The joint feedbacks when player k's part of the equilibrium is shifted by Δ (rows of k's controls); a leader's
     * shift moves the follower's answer by K_L·Δ.
     */
    static java.util.function.IntFunction<List<double[][]>> shifted(LqModel model, Feedbacks eq, int player,
                                                                   double[][] shift) {
        return k -> {
            List<double[][]> out = new ArrayList<>();
            for (int i = 0; i < model.regimes().size(); i++) {
                double[][] g = eq.gamma().get(k).get(i);
                double[][] add = new double[model.m()][model.n()];
                if (player == 0) {
                    double[][] follow = mul(eq.kL().get(k).get(i), shift);
                    for (int a = 0; a < model.mL(); a++) {
                        add[a] = shift[a].clone();
                    }
                    for (int a = 0; a < model.mF(); a++) {
                        add[model.mL() + a] = follow[a];
                    }
                } else {
                    for (int a = 0; a < model.mF(); a++) {
                        add[model.mL() + a] = shift[a].clone();
                    }
                }
                out.add(plus(g, add, 1));
            }
            return out;
        };
    }

    /**
     * Player k's cost from the baseline (the equilibrium shifted by {@code base} in k's rows) against the deviation
     * (shifted by {@code base + dev}): P'_k − P_k ⪰ 0 up to the evaluator's error, and its largest eigenvalue above it.
     */
    static void assertDeviationRaises(LqModel model, Feedbacks eq, int player, double[][] base, double[][] dev) {
        List<double[][]> p0 = cost(model, player, shifted(model, eq, player, base));
        List<double[][]> p1 = cost(model, player, shifted(model, eq, player, plus(base, dev, 1)));
        for (int i = 0; i < p0.size(); i++) {
            double[] e = eigen(plus(p1.get(i), p0.get(i), -1));
            String who = player == 0 ? "leader" : "follower";
            assertThat(e[0]).as("%s deviation, regime %d: smallest eigenvalue of P' − P", who, i)
                .isGreaterThanOrEqualTo(-1e-7);
            assertThat(e[1]).as("%s deviation, regime %d: largest eigenvalue of P' − P", who, i)
                .isGreaterThan(1e-6);
        }
    }

    /** The evaluator under the equilibrium feedback against the library's P at t = 0 (1e-6 relative). */
    static void assertEvaluatorReproducesTheEquilibriumCost(LqModel model, Feedbacks eq) {
        LqSolver.Solution s = new LqSolver(model, LqMeanProperty.DIGITS).solveAt(Rational.ZERO);
        for (int player = 0; player < 2; player++) {
            List<double[][]> p = cost(model, player, k -> eq.gamma().get(k));
            for (int i = 0; i < p.size(); i++) {
                double[][] lib = array((player == 0 ? s.pL() : s.pF()).get(i));
                for (int a = 0; a < model.n(); a++) {
                    for (int b = 0; b < model.n(); b++) {
                        assertThat(p.get(i)[a][b]).as("player %d regime %d P[%d][%d]", player, i, a, b)
                            .isCloseTo(lib[a][b], org.assertj.core.data.Offset.offset(1e-6 * (1 + Math.abs(
                                lib[a][b]))));
                    }
                }
            }
        }
    }

    @Test
    void theEquilibriumCostIsReproducedAndDeviationsRaiseIt() {
        Property.forAll("LQ-MEAN (5) deviations", LqMeanProperty.MATRIX_MODELS).tries(3).check(model -> {
            Feedbacks eq = Feedbacks.of(model);
            assertEvaluatorReproducesTheEquilibriumCost(model, eq);
            assertEveryDeviationRaises(model, eq, new double[model.mL()][model.n()],
                new double[model.mF()][model.n()], new SplittableRandom(model.hashCode()));
        });
    }

    /**
     * Deviations ±Δ and ±Δ/10 of each player from the baseline (equilibrium + base): a first-order error e in the
     * baseline shows as P(base ± Δ) − P(base) = Q(Δ) ± 2⟨Δ, e⟩, negative for one sign once |2⟨Δ, e⟩| > Q(Δ), so the
     * small deviations see small errors.
     */
    static void assertEveryDeviationRaises(LqModel model, Feedbacks eq, double[][] baseL, double[][] baseF,
                                           SplittableRandom r) {
        for (int player = 1; player >= 0; player--) {
            int rows = player == 0 ? model.mL() : model.mF();
            double[][] base = player == 0 ? baseL : baseF;
            double[][] dev = deviation(r, rows, model.n());
            for (double scale : new double[] {1, -1, 0.1, -0.1}) {
                assertDeviationRaises(model, eq, player, base, plus(new double[rows][model.n()], dev, scale));
            }
        }
    }

    @Test
    void aFollowerFeedbackTenPercentOffIsCaught() {
        // the library's Γ_F scaled by 0.9 (a mutant of the follower's response) as the claimed equilibrium, on one
        // model: a control needs one failure (a second model cost the default run half a minute)
        LqModel model = LqMeanProperty.MATRIX_MODELS.generate(new SplittableRandom(100));
        Feedbacks eq = Feedbacks.of(model);
        double[][] gf = new double[model.mF()][];
        for (int a = 0; a < model.mF(); a++) {
            gf[a] = eq.gamma().get(0).get(0)[model.mL() + a];
        }
        double[][] off = plus(new double[model.mF()][model.n()], gf, -0.1);
        Throwable t = catchThrowable(() -> assertEveryDeviationRaises(model, eq, new double[model.mL()][model.n()],
            off, new SplittableRandom(0)));
        assertThat(t).as("model seed 100: Γ_F scaled by 0.9 must be caught").isInstanceOf(AssertionError.class);
    }

    @Test
    void fromAFeedbackOffTheEquilibriumTheWayBackLowersTheCost() {
        LqModel model = LqMeanProperty.MATRIX_MODELS.generate(new SplittableRandom(7));
        Feedbacks eq = Feedbacks.of(model);
        double[][] off = deviation(new SplittableRandom(8), model.mF(), model.n());
        double[][] back = plus(new double[model.mF()][model.n()], off, -1);
        assertDeviationRaises(model, eq, 1, new double[model.mF()][model.n()], off);
        Throwable t = catchThrowable(() -> assertDeviationRaises(model, eq, 1, off, back));
        assertThat(t).as("returning to the equilibrium from elsewhere must lower the follower's cost")
            .isInstanceOf(AssertionError.class);
    }
}
