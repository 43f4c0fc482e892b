package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.certificate.Krawczyk;
import org.equivariant.certificate.StationaryChecker;
import org.equivariant.certificate.StationarySystem;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.Play;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.gen.DecPomdpGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.Bundled;
import org.equivariant.io.DpomdpReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * STAT-K (proofs/STAT-K.md): a box the Krawczyk test accepts holds exactly one stationary point of the regularized
 * objective. The conclusion is checked with the {@code field} code, not the checker's: the softmax policy gradient of
 * {@link RegularizedDecPomdp} vanishes (to the box's width) at the box's centre, and the field's exact rational return
 * at the centre lies in the checker's enclosure over the box. The checker's fixed-point map is compared with the
 * field's free-coordinate derivatives on random interior policies. On Dec-Tiger (horizon 2, τ = 10) two certified
 * stationary points are found, with cross-play below both self-play values — confirmed by the field's evaluator.
 */
class StatKProperty {
    record Case(DecPomdpGen model, Rational tau, long seed) {
        @Override
        public String toString() {
            return model + "\ntau = " + tau + ", seed " + seed;
        }
    }

    static final Gen<Case> CASES = r -> new Case(DecPomdpGen.models(3).generate(r), Rational.of(r.nextInt(4, 21), 4),
        r.nextLong());

    /** A random interior policy, flat in {@link StationarySystem} order, and the same as per-agent rows. */
    static double[] randomPolicy(StationarySystem sys, DecPomdp m, SplittableRandom r) {
        double[] flat = new double[sys.size()];
        for (int i = 0; i < m.numAgents(); i++) {
            for (int h = 0; h < sys.histories(i).total(); h++) {
                double[] w = new double[m.actionCounts()[i]];
                double z = 0;
                for (int a = 0; a < w.length; a++) {
                    w[a] = 0.05 + r.nextDouble();
                    z += w[a];
                }
                for (int a = 0; a < w.length; a++) {
                    flat[sys.index(i, h, a)] = w[a] / z;
                }
            }
        }
        return flat;
    }

    static <T> List<List<List<T>>> rows(StationarySystem sys, DecPomdp m, java.util.function.IntFunction<T> at) {
        List<List<List<T>>> out = new ArrayList<>();
        for (int i = 0; i < m.numAgents(); i++) {
            List<List<T>> agent = new ArrayList<>();
            for (int h = 0; h < sys.histories(i).total(); h++) {
                List<T> row = new ArrayList<>();
                for (int a = 0; a < m.actionCounts()[i]; a++) {
                    row.add(at.apply(sys.index(i, h, a)));
                }
                agent.add(row);
            }
            out.add(agent);
        }
        return out;
    }

    /** Per-agent rows (a flow's policy) as a flat vector in {@link StationarySystem} order. */
    static double[] flat(StationarySystem sys, List<List<List<Double>>> pi) {
        double[] out = new double[sys.size()];
        for (int i = 0; i < pi.size(); i++) {
            for (int h = 0; h < pi.get(i).size(); h++) {
                for (int a = 0; a < pi.get(i).get(h).size(); a++) {
                    out[sys.index(i, h, a)] = pi.get(i).get(h).get(a);
                }
            }
        }
        return out;
    }

    static List<Double> list(double[] x) {
        List<Double> out = new ArrayList<>();
        for (double v : x) {
            out.add(v);
        }
        return out;
    }

    /** max |∇_θ J| of the field's objective at the policy (θ = log π). */
    static double fieldGradient(RegularizedDecPomdp<Double> obj, StationarySystem sys, DecPomdp m, double[] pi) {
        double g = 0;
        for (List<List<Double>> agent : obj.gradient(rows(sys, m, k -> Math.log(pi[k])))) {
            for (List<Double> row : agent) {
                for (double x : row) {
                    g = Math.max(g, Math.abs(x));
                }
            }
        }
        return g;
    }

    @Test
    void theCheckersMapAgreesWithTheFieldsDerivatives() {
        Property.forAll("STAT-K map = softmax(g/tau) from the field's derivatives", CASES)
            .shrinkWith(c -> DecPomdpGen.shrinker().shrink(c.model()).map(x -> new Case(x, c.tau(), c.seed())))
            .tries(40).check(c -> {
                DecPomdp m = c.model().model();
                StationarySystem sys = new StationarySystem(m, 2, c.tau(), StationarySystem.Form.B);
                double[] pi = randomPolicy(sys, m, new SplittableRandom(c.seed()));
                List<Double> f = sys.in(DoubleField.INSTANCE).residual(list(pi));
                DecPomdpEvaluator<Double> eval = new DecPomdpEvaluator<>(m, 2, DoubleField.INSTANCE);
                DecPomdpEvaluator.Derivatives<Double> d = eval.derivatives(rows(sys, m, k -> pi[k]), null);
                double tau = c.tau().doubleValue();
                for (int i = 0; i < m.numAgents(); i++) {
                    for (int h = 0; h < sys.histories(i).total(); h++) {
                        List<Double> g = d.g().get(i).get(h);
                        double max = g.stream().mapToDouble(x -> x / tau).max().orElseThrow();
                        double z = g.stream().mapToDouble(x -> Math.exp(x / tau - max)).sum();
                        for (int a = 0; a < g.size(); a++) {
                            double response = Math.exp(g.get(a) / tau - max) / z;
                            assertThat(f.get(sys.index(i, h, a))).as("agent %d history %d action %d", i, h, a)
                                .isCloseTo(pi[sys.index(i, h, a)] - response, org.assertj.core.data.Offset.offset(1e-12));
                        }
                    }
                }
            });
    }

    @Test
    void certifiedBoxesHoldStationaryPointsOfTheFieldsObjective() {
        int[] certified = {0};
        Property.forAll("STAT-K boxes hold stationary points", CASES)
            .shrinkWith(c -> DecPomdpGen.shrinker().shrink(c.model()).map(x -> new Case(x, c.tau(), c.seed())))
            .tries(25).check(c -> {
                DecPomdp m = c.model().model();
                StationarySystem sys = new StationarySystem(m, 2, c.tau(), StationarySystem.Form.B);
                DecPomdpEvaluator<Double> eval = new DecPomdpEvaluator<>(m, 2, DoubleField.INSTANCE);
                RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(eval, c.tau(), RegularizedDecPomdp.Form.B,
                    DoubleField.INSTANCE);
                double[] start = randomPolicy(sys, m, new SplittableRandom(c.seed()));
                GradientFlow.Result<Double> flow = GradientFlow.flow(obj, rows(sys, m, k -> Math.log(start[k])),
                    DoubleField.INSTANCE, new GradientFlow.Options(1e-8, 1e-10, 1e7, 20_000));
                if (!flow.converged()) {
                    return;
                }
                BoxCertifier.Outcome o = BoxCertifier.certify(sys, flat(sys, obj.policy(flow.theta())));
                assertThat(o.certified()).as("a converged flow's limit is certified (%s)", o.reason()).isTrue();
                certified[0]++;
                double[] centre = o.box().stream().mapToDouble(x -> x.mid().doubleValue()).toArray();
                assertThat(fieldGradient(obj, sys, m, centre)).as("field gradient at the box's centre").isLessThan(1e-8);
                // the field's exact return at the (rational) centre lies in the checker's enclosure over the box
                List<Rational> exact = o.box().stream().map(x -> Rational.of(x.mid())).toList();
                Rational j = new DecPomdpEvaluator<>(m, 2, RationalField.INSTANCE).expectedReturn(rows(sys, m,
                    exact::get));
                assertThat(StationaryChecker.value(sys, o.box()).contains(j)).as("J(centre) = %s", j).isTrue();
            });
        assertThat(certified[0]).as("cases certified").isGreaterThan(10);
    }

    /** Form A (visitation-weighted entropy): the certified point is stationary for the field's form-A objective. */
    @Test
    void formACertifiedPointsAreStationaryForTheFieldsFormAObjective() {
        DecPomdp m = decTiger();
        Rational tau = Rational.of(10);
        StationarySystem sys = new StationarySystem(m, 2, tau, StationarySystem.Form.A);
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(m, 2, tau, RegularizedDecPomdp.Form.A,
            DoubleField.INSTANCE);
        GradientFlow.Result<Double> flow = GradientFlow.flow(obj, rows(sys, m, k -> 0.0), DoubleField.INSTANCE,
            new GradientFlow.Options(1e-8, 1e-10, 1e7, 20_000));
        BoxCertifier.Outcome o = BoxCertifier.certify(sys, flat(sys, obj.policy(flow.theta())));
        assertThat(o.certified()).as(o.reason()).isTrue();
        double[] centre = o.box().stream().mapToDouble(x -> x.mid().doubleValue()).toArray();
        assertThat(fieldGradient(obj, sys, m, centre)).as("form-A field gradient at the centre").isLessThan(1e-8);
        // and the form-B objective is not stationary there (the forms differ): the check can fail
        RegularizedDecPomdp<Double> formB = new RegularizedDecPomdp<>(m, 2, tau, RegularizedDecPomdp.Form.B,
            DoubleField.INSTANCE);
        assertThat(fieldGradient(formB, sys, m, centre)).isGreaterThan(1e-4);
    }

    /** Negative control: the same box moved by a hundred widths in one coordinate is not accepted. */
    @Test
    void aDisplacedBoxIsRejected() {
        DecPomdp m = decTiger();
        StationarySystem sys = new StationarySystem(m, 2, Rational.of(20), StationarySystem.Form.B);
        BoxCertifier.Outcome o = BoxCertifier.certify(sys, uniformFlowLimit(m, sys, Rational.of(20)));
        assertThat(o.certified()).isTrue();
        List<Interval> moved = new ArrayList<>(o.box());
        Interval x = moved.get(0);
        BigDecimal shift = x.width().multiply(BigDecimal.valueOf(100));
        moved.set(0, new Interval(x.lo().add(shift), x.hi().add(shift)));
        assertThat(Krawczyk.test(sys, moved).holds()).isFalse();
        // and the claim would be wrong: by the field's gradient, the displaced centre is a hundred times less
        // stationary than the certified one
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(m, 2, Rational.of(20), RegularizedDecPomdp.Form.B,
            DoubleField.INSTANCE);
        double displaced = fieldGradient(obj, sys, m, moved.stream().mapToDouble(y -> y.mid().doubleValue()).toArray());
        double certified = fieldGradient(obj, sys, m, o.box().stream().mapToDouble(y -> y.mid().doubleValue())
            .toArray());
        assertThat(displaced).isGreaterThan(100 * certified);
    }

    /** Negative control: a box certified at τ = 20 is not accepted for τ = 21 (the system is the theorem's, not any). */
    @Test
    void aBoxIsNotAcceptedForAnotherTemperature() {
        DecPomdp m = decTiger();
        StationarySystem sys = new StationarySystem(m, 2, Rational.of(20), StationarySystem.Form.B);
        BoxCertifier.Outcome o = BoxCertifier.certify(sys, uniformFlowLimit(m, sys, Rational.of(20)));
        assertThat(o.certified()).isTrue();
        StationarySystem other = new StationarySystem(m, 2, Rational.of(21), StationarySystem.Form.B);
        assertThat(Krawczyk.test(other, o.box()).holds()).isFalse();
    }

    @Test
    void decTigerHasTwoStationaryPointsAtTauTenAndCrossPlayBelowSelfPlay() {
        DecPomdp m = decTiger();
        Rational tau = Rational.of(10);
        StationarySystem sys = new StationarySystem(m, 2, tau, StationarySystem.Form.B);
        DecPomdpEvaluator<Double> eval = new DecPomdpEvaluator<>(m, 2, DoubleField.INSTANCE);
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(eval, tau, RegularizedDecPomdp.Form.B,
            DoubleField.INSTANCE);
        List<List<Interval>> boxes = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(11);
        for (int run = 0; run < 12 && boxes.size() < 2; run++) {
            double[] start = randomPolicy(sys, m, r);
            GradientFlow.Result<Double> flow = GradientFlow.flow(obj, rows(sys, m, k -> 3 * Math.log(start[k])),
                DoubleField.INSTANCE, new GradientFlow.Options(1e-8, 1e-9, 1e7, 20_000));
            BoxCertifier.Outcome o = BoxCertifier.certify(sys, flat(sys, obj.policy(flow.theta())));
            if (o.certified() && boxes.stream().allMatch(b -> org.equivariant.certificate.Boxes.disjoint(b, o.box()))) {
                boxes.add(o.box());
            }
        }
        assertThat(boxes).as("two disjoint certified boxes").hasSize(2);
        DecPomdpEvaluator<Rational> exact = new DecPomdpEvaluator<>(m, 2, RationalField.INSTANCE);
        List<List<List<Rational>>> a = rows(sys, m, k -> Rational.of(boxes.get(0).get(k).mid()));
        List<List<List<Rational>>> b = rows(sys, m, k -> Rational.of(boxes.get(1).get(k).mid()));
        Interval sa = StationaryChecker.value(sys, boxes.get(0));
        Interval sb = StationaryChecker.value(sys, boxes.get(1));
        Interval xp = StationaryChecker.crossPlay(sys, boxes.get(0), boxes.get(1));
        // the field's exact values at the centres lie in the checker's enclosures over the boxes
        assertThat(sa.contains(exact.expectedReturn(a))).isTrue();
        assertThat(sb.contains(exact.expectedReturn(b))).isTrue();
        assertThat(xp.contains(Play.crossPlay(exact, a, b))).isTrue();
        assertThat(xp.hi()).isLessThan(sa.lo().min(sb.lo()));
        assertThat(sa.isDisjointFrom(sb)).isTrue();
    }

    static DecPomdp decTiger() {
        String text = Bundled.text("bundled:dectiger", Limits.DEFAULT);
        return DpomdpReader.load("bundled:dectiger", text, DpomdpReader.Options.DEFAULT).model();
    }

    /** The limit of the flow from the uniform policy (the field's double fast path). */
    static double[] uniformFlowLimit(DecPomdp m, StationarySystem sys, Rational tau) {
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(m, 2, tau, RegularizedDecPomdp.Form.B,
            DoubleField.INSTANCE);
        GradientFlow.Result<Double> flow = GradientFlow.flow(obj, rows(sys, m, k -> 0.0), DoubleField.INSTANCE,
            new GradientFlow.Options(1e-8, 1e-10, 1e7, 20_000));
        return flat(sys, obj.policy(flow.theta()));
    }
}
