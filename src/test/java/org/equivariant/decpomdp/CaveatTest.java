package org.equivariant.decpomdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * forkel2025 §5.4 (caveat C): with early termination, form A keeps several stationary points for every τ; form B does
 * not. Two agents with actions L/R; matching continues the episode for two more steps (state "live"), a mismatch ends
 * it (terminal state "done"); there is no reward at all. Under form A the entropy of the two continuation steps is
 * earned only after a match, so J^A_τ/τ = H(x) + H(y) + 4 log 2 · Pr(match) at the optimal (uniform) continuation:
 * the coordination game c·I₂ with c = 4 log 2 > 2 at temperature 1, which has three stationary points — for every τ,
 * because τ factors out. Form B counts every history's entropy whatever happens, so its maximizer is unique.
 */
class CaveatTest {
    /** States start, live, done (terminal); actions L, R; one observation per agent. */
    static DecPomdp earlyTermination() {
        DecPomdp.Builder b = DecPomdp.builder("early-termination", List.of("1", "2"), List.of("start", "live", "done"),
            List.of(List.of("L", "R"), List.of("L", "R")), List.of(List.of("o"), List.of("o")), Rational.ONE,
            Limits.DEFAULT);
        b.initial(0, Rational.ONE);
        for (int a = 0; a < 4; a++) {
            boolean match = a == 0 || a == 3;
            for (int s = 0; s < 3; s++) {
                b.observation(a, s, 0, Rational.ONE);
            }
            b.transition(a, 0, match ? 1 : 2, Rational.ONE);
            b.transition(a, 1, 1, Rational.ONE);
            b.transition(a, 2, 2, Rational.ONE);
        }
        return b.build().validate().withTerminalStates(2);
    }

    /** Probability of L at the first decision of both agents, for flows from starts biased to L, to R, and unbiased (which stays on the invariant set p = 1/2). */
    static TreeSet<Long> limits(RegularizedDecPomdp.Form form, Rational tau) {
        DecPomdp m = earlyTermination();
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(m, 3, tau, form, DoubleField.INSTANCE);
        TreeSet<Long> found = new TreeSet<>();
        for (double bias : new double[] {2, -2, 0}) {
            var theta0 = obj.evaluator().policy((i, h) -> new ArrayList<>(List.of(h == 0 ? bias : 0.3, 0.0)));
            GradientFlow.Result<Double> res = GradientFlow.flow(obj, theta0, DoubleField.INSTANCE,
                new GradientFlow.Options(1e-8, 1e-9 * Math.max(1, tau.doubleValue()), 1e9, 20_000));
            assertThat(res.converged()).as("%s at tau %s from bias %s", form, tau, bias).isTrue();
            double p1 = obj.policy(res.theta()).get(0).get(0).get(0);
            double p2 = obj.policy(res.theta()).get(1).get(0).get(0);
            assertThat(p1).isCloseTo(p2, org.assertj.core.api.Assertions.within(1e-6));
            found.add(Math.round(p1 * 1e4));
        }
        return found;
    }

    @Test
    void formAKeepsSeveralStationaryPointsAtEveryTemperature() {
        for (Rational tau : List.of(Rational.of(1, 2), Rational.ONE, Rational.of(10), Rational.of(1000))) {
            TreeSet<Long> a = limits(RegularizedDecPomdp.Form.A, tau);
            // three stationary points: p = 1/2 and the mirror pair p*, 1 − p* of p = σ(c(2p − 1)), c = 4 log 2
            assertThat(a).as("form A at tau %s", tau).hasSize(3).contains(5000L);
            assertThat(a.first() + a.last()).isEqualTo(10000L);
            assertThat(a.last()).isBetween(9030L, 9040L);
        }
    }

    @Test
    void formBHasOneStationaryPoint() {
        for (Rational tau : List.of(Rational.of(1, 2), Rational.ONE, Rational.of(10))) {
            assertThat(limits(RegularizedDecPomdp.Form.B, tau)).as("form B at tau %s", tau).containsExactly(5000L);
        }
    }
}
