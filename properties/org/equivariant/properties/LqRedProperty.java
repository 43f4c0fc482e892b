package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.lq.LqModel;
import org.equivariant.lq.LqSolver;
import org.junit.jupiter.api.Test;

/**
 * LQ-RED (proofs/LQ-RED.md): reductions of the regime-switching LQ Stackelberg system. Identical regimes give the
 * single-regime solution whatever the generator; relabelling regimes permutes the solution; with PSD cost blocks the
 * Riccati solutions P_k are PSD.
 */
class LqRedProperty {
    static BigDecimal s(List<List<BigDecimal>> x) {
        return x.get(0).get(0);
    }

    @Test
    void identicalRegimesReduceToOneAndRelabellingPermutes() {
        org.equivariant.gen.Property.forAll("LQ-RED", LqMeanProperty.MODELS).tries(5).check(model -> {
            LqModel.Regime r0 = model.regimes().get(0);
            LqModel single = new LqModel(1, 1, 1, 1, model.horizon(), List.of(List.of(Rational.ZERO)), List.of(r0),
                model.lambdaL(), model.lambdaF(), Rational.ZERO, Rational.ZERO, model.variant());
            LqModel twin = new LqModel(1, 1, 1, 1, model.horizon(), List.of(List.of(Rational.of(-3), Rational.of(3)),
                List.of(Rational.of(2), Rational.of(-2))), List.of(r0, r0), model.lambdaL(), model.lambdaF(),
                Rational.ZERO, Rational.ZERO, model.variant());
            LqSolver.Solution a = new LqSolver(single, 20).solveAt(Rational.ZERO);
            LqSolver.Solution b = new LqSolver(twin, 20).solveAt(Rational.ZERO);
            for (int i = 0; i < 2; i++) {
                LqMeanProperty.close(s(b.pL().get(i)), s(a.pL().get(0)), "P_L");
                LqMeanProperty.close(b.cL().get(i), a.cL().get(0), "c_L");
                LqMeanProperty.close(b.cF().get(i), a.cF().get(0), "c_F");
            }
            if (model.regimes().size() == 2) {
                List<List<Rational>> q = model.generator();
                LqModel swapped = new LqModel(1, 1, 1, 1, model.horizon(), List.of(List.of(q.get(1).get(1),
                    q.get(1).get(0)), List.of(q.get(0).get(1), q.get(0).get(0))), List.of(model.regimes().get(1),
                    model.regimes().get(0)), model.lambdaL(), model.lambdaF(), Rational.ZERO, Rational.ZERO,
                    model.variant());
                LqSolver.Solution x = new LqSolver(model, 20).solveAt(Rational.ZERO);
                LqSolver.Solution y = new LqSolver(swapped, 20).solveAt(Rational.ZERO);
                LqMeanProperty.close(s(y.pL().get(0)), s(x.pL().get(1)), "P_L permuted");
                LqMeanProperty.close(y.cF().get(1), x.cF().get(0), "c_F permuted");
            }
        });
    }

    @Test
    void psdCostBlocksGivePsdRiccatiSolutions() {
        org.equivariant.gen.Property.forAll("LQ-RED psd", LqMeanProperty.MODELS.map(LqRedProperty::psd)).tries(5)
            .check(model -> {
                for (Rational t : List.of(Rational.ZERO, model.horizon().multiply(Rational.of(49, 50)))) {
                    assertThat(psdAt(model, t)).as("P_L, P_F >= 0 at t = %s", t).isTrue();
                }
            });
    }

    /**
     * Negative control: with the leader's state cost made negative (Q_L = −1, G_L = 0, so the block cost matrix is not
     * PSD) the same check fails near T, where P_L ≈ Q_L (T − t).
     */
    @Test
    void anIndefiniteStateCostBreaksPositivity() {
        int n = org.equivariant.gen.Property.forAll("LQ-RED control", LqMeanProperty.MODELS.map(LqRedProperty::psd))
            .tries(5).check(model -> {
                LqModel bad = negativeLeaderStateCost(model);
                assertThat(psdAt(bad, bad.horizon().multiply(Rational.of(49, 50)))).isFalse();
            });
        assertThat(n).isEqualTo(5 * org.equivariant.gen.Property.scale());
    }

    static boolean psdAt(LqModel model, Rational t) {
        LqSolver.Solution x = new LqSolver(model, 20).solveAt(t);
        for (int i = 0; i < model.regimes().size(); i++) {
            if (s(x.pL().get(i)).signum() < 0 || s(x.pF().get(i)).signum() < 0) {
                return false;
            }
        }
        return true;
    }

    static LqModel negativeLeaderStateCost(LqModel m) {
        List<List<Rational>> minusOne = List.of(List.of(Rational.of(-1)));
        List<List<Rational>> zero = List.of(List.of(Rational.ZERO));
        List<LqModel.Regime> rs = m.regimes().stream().map(r -> {
            LqModel.Costs c = r.leader();
            return new LqModel.Regime(r.a(), r.b(), r.drift(), r.c(), r.dd(), r.sigma(), new LqModel.Costs(minusOne,
                c.s(), c.r(), c.qLin(), c.rLin(), zero, c.gLin(), c.g0()), r.follower());
        }).toList();
        return new LqModel(1, 1, 1, 1, m.horizon(), m.generator(), rs, m.lambdaL(), m.lambdaF(), Rational.ZERO,
            Rational.ZERO, m.variant());
    }

    /** The same model with S = 0 (so each block cost matrix diag(Q, R) is PSD: Q, G ≥ 0 and R diagonal dominant). */
    static LqModel psd(LqModel m) {
        List<LqModel.Regime> rs = m.regimes().stream().map(r -> new LqModel.Regime(r.a(), r.b(), r.drift(), r.c(),
            r.dd(), r.sigma(), noCross(r.leader()), noCross(r.follower()))).toList();
        return new LqModel(1, 1, 1, 1, m.horizon(), m.generator(), rs, m.lambdaL(), m.lambdaF(), Rational.ZERO,
            Rational.ZERO, m.variant());
    }

    static LqModel.Costs noCross(LqModel.Costs c) {
        List<List<Rational>> zero = List.of(List.of(Rational.ZERO), List.of(Rational.ZERO));
        return new LqModel.Costs(c.q(), zero, c.r(), c.qLin(), c.rLin(), c.g(), c.gLin(), c.g0());
    }
}
