package org.equivariant.decpomdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.field.FlowExperiment;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.Play;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.symmetry.DecPomdpSymmetries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * forkel2025's phenomenon on Dec-Tiger: at high temperature every start reaches the same equivariant policy and
 * XP = SP; at low temperature starts settle on different conventions and XP < SP.
 */
class DecTigerFlowTest {
    @ParameterizedTest
    @CsvSource({"2, B", "2, A", "3, B"})
    void highTemperatureGivesOneEquivariantLimit(int horizon, RegularizedDecPomdp.Form form) {
        FlowExperiment.Report r = FlowExperiment.run(DecTiger.TIGER, horizon, Rational.of(20), form, horizon == 3 ? 2 : 3,
            1, new GradientFlow.Options(1e-6, 1e-9, 1e7, 20_000), DecPomdpSymmetries.fullGroup(DecTiger.TIGER));
        assertThat(r.runs()).allSatisfy(run -> assertThat(run.flow().converged()).isTrue());
        assertThat(r.maxDistance()).isLessThan(1e-7);
        assertThat(r.maxDefect()).isLessThan(1e-7);
        assertThat(Math.abs(r.meanCrossPlay() - r.meanSelfPlay())).isLessThan(1e-7);
        assertThat(r.greedyCrossPlay(Play.TieRule.UNIFORM)).isEqualTo(r.greedySelfPlay(Play.TieRule.UNIFORM));
    }

    @Test
    void runsOnTwoThreadsGiveTheSameReportAsOnOneAndSayWhichLimitStoppedThem() {
        GradientFlow.Options o = new GradientFlow.Options(1e-6, 1e-9, 1e7, 40);
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(DecTiger.TIGER, 2, Rational.ONE,
            RegularizedDecPomdp.Form.B, DoubleField.INSTANCE);
        FlowExperiment.Report one = FlowExperiment.run(obj, 3, 7, o, DecPomdpSymmetries.fullGroup(DecTiger.TIGER), 1,
            null);
        FlowExperiment.Report two = FlowExperiment.run(obj, 3, 7, o, DecPomdpSymmetries.fullGroup(DecTiger.TIGER), 2,
            null);
        assertThat(two.crossPlay()).isDeepEqualTo(one.crossPlay());
        assertThat(two.greedyCrossPlay().get(0)).isDeepEqualTo(one.greedyCrossPlay().get(0));
        assertThat(one.runs()).allSatisfy(run -> assertThat(run.flow().stop()).isEqualTo(GradientFlow.Stop.STEPS));
        // the matrix is symmetric with self-play on the diagonal, and its pair entries are not all equal to self-play
        for (int a = 0; a < 3; a++) {
            assertThat(one.crossPlay()[a][a]).isEqualTo(one.runs().get(a).selfPlay());
            for (int b = 0; b < 3; b++) {
                assertThat(one.crossPlay()[a][b]).isEqualTo(one.crossPlay()[b][a]);
            }
        }
        FlowExperiment.Report single = FlowExperiment.run(DecTiger.TIGER, 2, Rational.ONE, RegularizedDecPomdp.Form.B,
            1, 7, o, DecPomdpSymmetries.fullGroup(DecTiger.TIGER));
        assertThat(single.meanCrossPlay()).isNull();
        assertThat(single.greedyCrossPlay(Play.TieRule.UNIFORM)).isNull();
    }

    @Test
    void aWallClockLimitEndsAFlowAndSaysSo() {
        GradientFlow.Options o = new GradientFlow.Options(1e-6, 1e-30, 1e7, 100_000_000, 0.2, null);
        FlowExperiment.Report r = FlowExperiment.run(DecTiger.TIGER, 2, Rational.ONE, RegularizedDecPomdp.Form.B, 1,
            3, o, DecPomdpSymmetries.fullGroup(DecTiger.TIGER));
        assertThat(r.runs().get(0).flow().stop()).isEqualTo(GradientFlow.Stop.WALL_CLOCK);
        assertThat(r.runs().get(0).flow().converged()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"2, B, 20000", "2, A, 20000", "3, B, 1500"})
    void lowTemperatureGivesDifferentConventions(int horizon, RegularizedDecPomdp.Form form, int maxSteps) {
        FlowExperiment.Report r = FlowExperiment.run(DecTiger.TIGER, horizon, Rational.ONE, form, horizon == 3 ? 2 : 3,
            1, new GradientFlow.Options(1e-6, 1e-9, 1e7, maxSteps), DecPomdpSymmetries.fullGroup(DecTiger.TIGER));
        assertThat(r.maxDistance()).isGreaterThan(0.5);
        assertThat(r.maxDefect()).isGreaterThan(0.5);
        assertThat(r.meanCrossPlay()).isLessThan(r.meanSelfPlay() - 1);
    }

    @ParameterizedTest
    @CsvSource({"20", "10"})
    void theFlowLimitIsAFixedPointOfIndependentNpg(String tau) {
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(DecTiger.TIGER, 2, Rational.parse(tau),
            RegularizedDecPomdp.Form.A, DoubleField.INSTANCE);
        var theta0 = obj.evaluator().policy((i, h) -> new java.util.ArrayList<>(List.of(0.5, -0.2, 0.1)));
        var res = GradientFlow.flow(obj, theta0, DoubleField.INSTANCE, new GradientFlow.Options(1e-8, 1e-10, 1e7,
            40_000));
        assertThat(res.converged()).isTrue();
        var pi = obj.policy(res.theta());
        var logPi = pi.stream().map(a -> a.stream().map(row -> row.stream().map(Math::log).toList()).toList()).toList();
        var next = obj.npgStep(logPi, Rational.parse(tau).reciprocal());
        double moved = 0;
        for (int i = 0; i < 2; i++) {
            for (int h = 0; h < logPi.get(i).size(); h++) {
                for (int a = 0; a < 3; a++) {
                    moved = Math.max(moved, Math.abs(Math.exp(next.get(i).get(h).get(a)) - pi.get(i).get(h).get(a)));
                }
            }
        }
        assertThat(moved).isLessThan(1e-6);
    }
}
