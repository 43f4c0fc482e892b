package org.equivariant.decpomdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecPomdpEvaluatorTest {
    /** Independent reference: the return as a sum over every trajectory (s0, a0, s1, o1, a1, …), by recursion. */
    static Rational bruteForce(DecPomdp m, int horizon, List<List<List<Rational>>> pi) {
        Rational total = Rational.ZERO;
        int[] hist = new int[m.numAgents()];
        for (int s = 0; s < m.numStates(); s++) {
            total = total.add(m.initial().get(s).multiply(tail(m, horizon, pi, 0, s, hist)));
        }
        return total;
    }

    private static Rational tail(DecPomdp m, int horizon, List<List<List<Rational>>> pi, int t, int s, int[] hist) {
        if (t == horizon) {
            return Rational.ZERO;
        }
        int[] ac = m.actionCounts();
        int[] oc = m.observationCounts();
        Rational v = Rational.ZERO;
        for (int ja = 0; ja < m.numJointActions(); ja++) {
            int[] a = DecPomdp.components(ac, ja);
            Rational p = Rational.ONE;
            for (int i = 0; i < a.length; i++) {
                Histories h = new Histories(ac[i], oc[i], horizon);
                p = p.multiply(pi.get(i).get(h.offset(t) + hist[i]).get(a[i]));
            }
            Rational cont = Rational.ZERO;
            for (int s2 = 0; s2 < m.numStates(); s2++) {
                for (int jo = 0; jo < m.numJointObservations(); jo++) {
                    Rational w = m.transition(ja, s, s2).multiply(m.observation(ja, s2, jo));
                    if (w.isZero()) {
                        continue;
                    }
                    int[] o = DecPomdp.components(oc, jo);
                    int[] next = new int[hist.length];
                    for (int i = 0; i < hist.length; i++) {
                        next[i] = new Histories(ac[i], oc[i], horizon).extend(hist[i], a[i], o[i]);
                    }
                    cont = cont.add(w.multiply(tail(m, horizon, pi, t + 1, s2, next)));
                }
            }
            v = v.add(p.multiply(m.expectedReward(s, ja).add(m.discount().multiply(cont))));
        }
        return v;
    }

    static int[] historyCounts(DecPomdp m, int horizon) {
        int[] c = new int[m.numAgents()];
        for (int i = 0; i < c.length; i++) {
            c[i] = new Histories(m.actionCounts()[i], m.observationCounts()[i], horizon).total();
        }
        return c;
    }

    @Test
    void exactReturnsAgreeWithTrajectoryEnumeration() {
        SplittableRandom r = new SplittableRandom(3);
        for (DecPomdp m : List.of(DecTiger.TIGER, DecTiger.RECYCLING, DecTiger.BROADCAST)) {
            for (int horizon = 1; horizon <= 3; horizon++) {
                DecPomdpEvaluator<Rational> ev = new DecPomdpEvaluator<>(m, horizon, RationalField.INSTANCE);
                var pi = DecTiger.randomPolicy(m.actionCounts(), historyCounts(m, horizon), r);
                assertThat(ev.expectedReturn(pi)).as("%s H=%d", m.name(), horizon).isEqualTo(bruteForce(m, horizon, pi));
            }
        }
    }

    @Test
    void knownDecTigerValues() {
        DecPomdpEvaluator<Rational> ev = new DecPomdpEvaluator<>(DecTiger.TIGER, 2, RationalField.INSTANCE);
        // both agents always listen: −2 per step
        var listen = ev.policy((i, h) -> List.of(Rational.ONE, Rational.ZERO, Rational.ZERO));
        assertThat(ev.expectedReturn(listen)).isEqualTo(Rational.of(-4));
        // uniform at horizon 1: the mean of the 9 expected rewards per state
        DecPomdpEvaluator<Rational> one = new DecPomdpEvaluator<>(DecTiger.TIGER, 1, RationalField.INSTANCE);
        Rational mean = Rational.ZERO;
        for (int s = 0; s < 2; s++) {
            for (int a = 0; a < 9; a++) {
                mean = mean.add(DecTiger.TIGER.expectedReward(s, a));
            }
        }
        assertThat(one.expectedReturn(one.uniform())).isEqualTo(mean.divide(Rational.of(18)));
    }

    @ParameterizedTest
    @EnumSource(RegularizedDecPomdp.Form.class)
    void gradientFormulasAgreeWithIntervalFiniteDifferences(RegularizedDecPomdp.Form form) {
        IntervalField f = new IntervalField(60);
        DecPomdp terminal = CaveatTest.earlyTermination();
        for (DecPomdp m : List.of(DecTiger.TIGER, DecTiger.RECYCLING, terminal)) {
            int horizon = m == terminal ? 3 : 2;
            RegularizedDecPomdp<Interval> obj = new RegularizedDecPomdp<>(m, horizon, Rational.of(3, 2), form, f);
            SplittableRandom r = new SplittableRandom(9);
            List<List<List<Interval>>> theta = obj.evaluator().policy((i, h) -> {
                List<Interval> row = new ArrayList<>();
                for (int a = 0; a < m.actionCounts()[i]; a++) {
                    row.add(f.of(Rational.of(r.nextInt(-20, 21), 10)));
                }
                return row;
            });
            var grad = obj.gradient(theta);
            Interval eps = f.of(Rational.parse("1e-12"));
            for (int k = 0; k < 6; k++) {
                int i = r.nextInt(m.numAgents());
                int h = r.nextInt(theta.get(i).size());
                int a = r.nextInt(m.actionCounts()[i]);
                Interval plus = obj.value(obj.policy(shift(theta, i, h, a, eps, f)));
                Interval minus = obj.value(obj.policy(shift(theta, i, h, a, eps.negate(), f)));
                Interval fd = f.divide(f.subtract(plus, minus), f.multiply(f.of(Rational.TWO), eps));
                Interval g = grad.get(i).get(h).get(a);
                // central differences are exact up to ε²·|third derivative| ≲ 1e-20 here
                assertThat(fd.inflate(new BigDecimal("1e-18")).isDisjointFrom(g)).as("%s %s i=%d h=%d a=%d: %s vs %s",
                    m.name(), form, i, h, a, fd, g).isFalse();
                assertThat(g.width()).isLessThan(new BigDecimal("1e-40"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RegularizedDecPomdp.Form.class)
    void theDoubleFastPathAgreesWithTheIntervalEnclosures(RegularizedDecPomdp.Form form) {
        IntervalField f = new IntervalField(40);
        DecPomdp terminal = CaveatTest.earlyTermination();
        for (DecPomdp m : List.of(DecTiger.TIGER, DecTiger.RECYCLING, DecTiger.BROADCAST, terminal)) {
            int horizon = 3;
            RegularizedDecPomdp<Interval> exact = new RegularizedDecPomdp<>(m, horizon, Rational.of(3, 2), form, f);
            RegularizedDecPomdp<Double> fast = new RegularizedDecPomdp<>(m, horizon, Rational.of(3, 2), form,
                org.equivariant.arith.DoubleField.INSTANCE);
            SplittableRandom r = new SplittableRandom(17);
            List<List<List<Rational>>> theta = exact.evaluator().policy((i, h) -> {
                List<Rational> row = new ArrayList<>();
                for (int a = 0; a < m.actionCounts()[i]; a++) {
                    row.add(Rational.of(r.nextInt(-30, 31), 10));
                }
                return row;
            });
            var g = exact.gradient(theta.stream().map(a -> a.stream().map(row -> row.stream().map(f::of).toList())
                .toList()).toList());
            var d = fast.gradient(theta.stream().map(a -> a.stream().map(row -> row.stream().map(
                Rational::doubleValue).toList()).toList()).toList());
            for (int i = 0; i < g.size(); i++) {
                for (int h = 0; h < g.get(i).size(); h++) {
                    for (int a = 0; a < g.get(i).get(h).size(); a++) {
                        Interval e = g.get(i).get(h).get(a);
                        double x = d.get(i).get(h).get(a);
                        assertThat(e.inflate(new BigDecimal("1e-12")).contains(new BigDecimal(x)))
                            .as("%s %s i=%d h=%d a=%d: %s vs %s", m.name(), form, i, h, a, e, x).isTrue();
                    }
                }
            }
        }
    }

    private static List<List<List<Interval>>> shift(List<List<List<Interval>>> theta, int i, int h, int a,
                                                    Interval by, IntervalField f) {
        List<List<List<Interval>>> out = new ArrayList<>();
        for (List<List<Interval>> agent : theta) {
            List<List<Interval>> rows = new ArrayList<>();
            for (List<Interval> row : agent) {
                rows.add(new ArrayList<>(row));
            }
            out.add(rows);
        }
        out.get(i).get(h).set(a, f.add(out.get(i).get(h).get(a), by));
        return out;
    }
}
