package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.StationarySystem;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.gen.DecPomdpGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * FLOW-N (proofs/FLOW-N.md): the natural policy-gradient flow dθ/dt = d(θ) climbs the regularized objective at the
 * rate Σ μ Σ π d², and its rest points are STAT-K stationary points. The rate is checked against central differences
 * of the objective's value (the evaluator's forward pass with the entropy terms, not the derivative code); rest points
 * are certified by the checker's own stationarity system; the Euler step is compared with the separate NPG step.
 */
class FlowNProperty {
    record Case(DecPomdpGen model, Rational tau, RegularizedDecPomdp.Form form, long seed) {
        @Override
        public String toString() {
            return model + "\ntau = " + tau + ", form " + form + ", seed " + seed;
        }
    }

    static final Gen<Case> CASES = r -> new Case(DecPomdpGen.models(3).generate(r), Rational.of(r.nextInt(2, 41), 4),
        r.nextBoolean() ? RegularizedDecPomdp.Form.A : RegularizedDecPomdp.Form.B, r.nextLong());

    static List<List<List<Double>>> randomLogits(RegularizedDecPomdp<Double> obj, SplittableRandom r) {
        DecPomdp m = obj.evaluator().model();
        return obj.evaluator().policy((i, h) -> {
            List<Double> row = new ArrayList<>();
            for (int a = 0; a < m.actionCounts()[i]; a++) {
                row.add(1.5 * r.nextGaussian());
            }
            return row;
        });
    }

    static List<List<List<Double>>> shifted(List<List<List<Double>>> theta, List<List<List<Double>>> d, double eps) {
        List<Double> y = GradientFlow.flatten(theta);
        List<Double> v = GradientFlow.flatten(d);
        List<Double> out = new ArrayList<>();
        for (int k = 0; k < y.size(); k++) {
            out.add(y.get(k) + eps * v.get(k));
        }
        return GradientFlow.unflatten(out, theta);
    }

    /** d/dε J(θ + εv) at ε = 0 by a central difference of the objective's value (no derivative code). */
    static double slope(RegularizedDecPomdp<Double> obj, List<List<List<Double>>> theta, List<List<List<Double>>> v) {
        double eps = 1e-5;
        return (obj.value(obj.policy(shifted(theta, v, eps))) - obj.value(obj.policy(shifted(theta, v, -eps))))
            / (2 * eps);
    }

    /** Σ_blocks Σ_a π_a v_a² (FLOW-N (3)'s rate with every weight μ replaced by 1). */
    static double unweightedRate(RegularizedDecPomdp<Double> obj, List<List<List<Double>>> theta,
                                 List<List<List<Double>>> v) {
        List<Double> p = GradientFlow.flatten(obj.policy(theta));
        List<Double> x = GradientFlow.flatten(v);
        double s = 0;
        for (int k = 0; k < p.size(); k++) {
            s += p.get(k) * x.get(k) * x.get(k);
        }
        return s;
    }

    /**
     * FLOW-N (3) for direction field {@code dir}: under form B the slope of J along d equals Σ π d²; under form A it
     * lies in [0, Σ π d²]. Returns null when it holds, else what failed.
     */
    static String rateViolation(RegularizedDecPomdp<Double> obj, List<List<List<Double>>> theta,
                                BiFunction<RegularizedDecPomdp<Double>, List<List<List<Double>>>,
                                    List<List<List<Double>>>> dir) {
        List<List<List<Double>>> d = dir.apply(obj, theta);
        double slope = slope(obj, theta, d);
        double rate = unweightedRate(obj, theta, d);
        double tol = 1e-6 * Math.max(1, rate);
        boolean ok = obj.form() == RegularizedDecPomdp.Form.B ? Math.abs(slope - rate) <= tol
            : slope >= -tol && slope <= rate + tol;
        return ok ? null : "slope of J along the direction " + slope + ", sum pi d^2 = " + rate;
    }

    @Test
    void theNaturalFlowClimbsTheObjectiveAtTheStatedRate() {
        Property.forAll("FLOW-N rate dJ/dt = sum mu pi d^2", CASES)
            .shrinkWith(c -> DecPomdpGen.shrinker().shrink(c.model()).map(x -> new Case(x, c.tau(), c.form(), c.seed())))
            .tries(60).check(c -> {
                RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(c.model().model(), 2, c.tau(), c.form(),
                    DoubleField.INSTANCE);
                List<List<List<Double>>> theta = randomLogits(obj, new SplittableRandom(c.seed()));
                assertThat(rateViolation(obj, theta, RegularizedDecPomdp::naturalDirection)).isNull();
                // (2): the policy gradient is bounded by the natural direction, coordinate by coordinate
                List<Double> g = GradientFlow.flatten(obj.gradient(theta));
                List<Double> d = GradientFlow.flatten(obj.naturalDirection(theta));
                for (int k = 0; k < g.size(); k++) {
                    assertThat(Math.abs(g.get(k))).isLessThanOrEqualTo(Math.abs(d.get(k)) + 1e-12);
                }
            });
    }

    /** Negative control: a direction whose entropy term has the wrong sign (q + τ log π) violates the rate. */
    @Test
    void aFlippedEntropyTermIsRefuted() {
        int[] refuted = {0};
        int n = Property.forAll("FLOW-N control: entropy sign flipped", CASES).tries(20).check(c -> {
            RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(c.model().model(), 2, c.tau(),
                RegularizedDecPomdp.Form.B, DoubleField.INSTANCE);
            List<List<List<Double>>> theta = randomLogits(obj, new SplittableRandom(c.seed()));
            double tau = c.tau().doubleValue();
            if (rateViolation(obj, theta, (o, th) -> flippedEntropy(o, th, tau)) != null) {
                refuted[0]++;
            }
        });
        assertThat(refuted[0]).as("cases refuting the wrong direction").isEqualTo(n);
    }

    /** d + 2τ(log π − mean log π) per block: the natural direction with the entropy term q − τ log π flipped. */
    static List<List<List<Double>>> flippedEntropy(RegularizedDecPomdp<Double> obj, List<List<List<Double>>> theta,
                                                   double tau) {
        List<List<List<Double>>> d = obj.naturalDirection(theta);
        List<List<List<Double>>> p = obj.policy(theta);
        List<List<List<Double>>> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            List<List<Double>> agent = new ArrayList<>();
            for (int h = 0; h < d.get(i).size(); h++) {
                List<Double> row = new ArrayList<>();
                List<Double> ph = p.get(i).get(h);
                double mean = 0;
                for (double x : ph) {
                    mean += x * Math.log(x);
                }
                for (int a = 0; a < ph.size(); a++) {
                    row.add(d.get(i).get(h).get(a) + 2 * tau * (Math.log(ph.get(a)) - mean));
                }
                agent.add(row);
            }
            out.add(agent);
        }
        return out;
    }

    @Test
    void restPointsOfTheNaturalFlowAreCertifiedStationaryPoints() {
        int[] certified = {0};
        int tries = Property.forAll("FLOW-N rest points are STAT-K points", CASES)
            .shrinkWith(c -> DecPomdpGen.shrinker().shrink(c.model()).map(x -> new Case(x, c.tau(), c.form(), c.seed())))
            .tries(20).check(c -> {
                DecPomdp m = c.model().model();
                RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(m, 2, c.tau(), RegularizedDecPomdp.Form.B,
                    DoubleField.INSTANCE);
                GradientFlow.Result<Double> flow = GradientFlow.flow(obj, randomLogits(obj,
                    new SplittableRandom(c.seed())), DoubleField.INSTANCE,
                    new GradientFlow.Options(1e-8, 1e-10, 1e7, 20_000).with(GradientFlow.Dynamics.NATURAL));
                assertThat(flow.converged()).as("the natural flow converges (%s)", flow.stop()).isTrue();
                StationarySystem sys = new StationarySystem(m, 2, c.tau(), StationarySystem.Form.B);
                BoxCertifier.Outcome o = BoxCertifier.certify(sys, StatKProperty.flat(sys, obj.policy(flow.theta())));
                assertThat(o.certified()).as("the rest point is certified (%s)", o.reason()).isTrue();
                certified[0]++;
            });
        assertThat(certified[0]).as("certified of %d tries", tries).isEqualTo(tries);
    }

    /** Negative control: a natural flow stopped after a few steps is far from every STAT-K point. */
    @Test
    void anEarlyStoppedRunIsNotCertified() {
        DecPomdp m = StatKProperty.decTiger();
        Rational tau = Rational.of(10);
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(m, 2, tau, RegularizedDecPomdp.Form.B,
            DoubleField.INSTANCE);
        GradientFlow.Result<Double> early = GradientFlow.flow(obj, randomLogits(obj, new SplittableRandom(5)),
            DoubleField.INSTANCE, new GradientFlow.Options(1e-8, 1e-10, 1e7, 3).with(GradientFlow.Dynamics.NATURAL));
        assertThat(early.converged()).isFalse();
        StationarySystem sys = new StationarySystem(m, 2, tau, StationarySystem.Form.B);
        double[] pi = StatKProperty.flat(sys, obj.policy(early.theta()));
        double residual = sys.in(DoubleField.INSTANCE).residual(StatKProperty.list(pi)).stream()
            .mapToDouble(Math::abs).max().orElseThrow();
        assertThat(residual).as("the checker's residual at the early point").isGreaterThan(1e-3);
        List<org.equivariant.arith.Interval> box = new ArrayList<>();
        for (double x : pi) {
            box.add(new org.equivariant.arith.Interval(java.math.BigDecimal.valueOf(x - 1e-6),
                java.math.BigDecimal.valueOf(x + 1e-6)));
        }
        assertThat(org.equivariant.certificate.Krawczyk.test(sys, box).holds()).isFalse();
    }

    /** FLOW-N (5): one Euler step θ + ηd gives the policy of the separately written form-A NPG step. */
    @Test
    void anEulerStepOfTheNaturalFlowIsIndependentNpg() {
        Property.forAll("FLOW-N Euler step = NPG step", CASES).tries(30).check(c -> {
            RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(c.model().model(), 2, c.tau(),
                RegularizedDecPomdp.Form.A, DoubleField.INSTANCE);
            List<List<List<Double>>> theta = randomLogits(obj, new SplittableRandom(c.seed()));
            Rational eta = Rational.ONE.divide(c.tau().multiply(Rational.of(3)));
            List<List<List<Double>>> euler = obj.policy(shifted(theta, obj.naturalDirection(theta), eta.doubleValue()));
            List<List<List<Double>>> logPi = new ArrayList<>();
            for (List<List<Double>> agent : obj.policy(theta)) {
                logPi.add(agent.stream().map(row -> row.stream().map(Math::log).toList()).toList());
            }
            List<Double> npg = GradientFlow.flatten(obj.npgStep(logPi, eta));
            List<Double> e = GradientFlow.flatten(euler);
            for (int k = 0; k < e.size(); k++) {
                assertThat(e.get(k)).isCloseTo(Math.exp(npg.get(k)), org.assertj.core.data.Offset.offset(1e-9));
            }
        });
    }
}
