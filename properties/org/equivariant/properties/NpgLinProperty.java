package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.field.RegularizedObjective;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.theory.InteractionContrast;
import org.equivariant.theory.PerronCertificate;
import org.equivariant.theory.Thresholds;
import org.junit.jupiter.api.Test;

/**
 * NPG-LIN (proofs/NPG-LIN.md): for τ &gt; κ and 0 &lt; η ≤ 1/τ, the Hilbert distances d_i^{(t)} of independent NPG
 * iterates to the (certified) QRE obey d^{(t+1)} ≤ ((1 − ητ)I + ηD/4) d^{(t)} componentwise and
 * ‖d^{(t)}‖_w ≤ (1 − η(τ − κ))^t ‖d^{(0)}‖_w, checked in 50-digit interval arithmetic. Mutations of the constants
 * (κ/2, the rate without η, NPG without its entropy term) are caught.
 */
class NpgLinProperty {
    static final IntervalField F = new IntervalField(50);
    static final BigDecimal SLACK = new BigDecimal("1e-25");

    record Case(NormalFormGame game, Rational factor, Rational etaFraction, long seed) {
        @Override
        public String toString() {
            return org.equivariant.io.NfgWriter.write(game) + "tau = max(kappa, 1/10) * " + factor + ", eta = " + etaFraction
                + "/tau, start seed " + seed;
        }
    }

    /** The constants a mutation may get wrong. */
    record Constants(UnaryOperator<List<List<Rational>>> m, boolean rateWithEta, boolean entropyInStep) {
        static final Constants RIGHT = new Constants(x -> x, true, true);
    }

    static final Gen<Case> CASES = r -> new Case(GameGen.games(2, 3, 2, 3, 2).generate(r),
        Rational.of(r.nextInt(11, 31), 10), Rational.of(r.nextInt(1, 5), 4), r.nextLong());

    static List<List<Interval>> logBox(NormalFormGame g, List<Interval> flat) {
        List<List<Interval>> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < g.numPlayers(); i++) {
            List<Interval> row = new ArrayList<>();
            for (int a = 0; a < g.numActions(i); a++) {
                row.add(F.log(flat.get(k++)));
            }
            out.add(row);
        }
        return out;
    }

    /** Enclosure of d_H = max_a(x_a − y_a) − min_a(x_a − y_a) for log-vectors given as intervals. */
    static Interval hilbert(List<Interval> x, List<Interval> y) {
        BigDecimal maxHi = null;
        BigDecimal maxLo = null;
        BigDecimal minHi = null;
        BigDecimal minLo = null;
        for (int a = 0; a < x.size(); a++) {
            Interval d = F.subtract(x.get(a), y.get(a));
            maxHi = maxHi == null ? d.hi() : maxHi.max(d.hi());
            maxLo = maxLo == null ? d.lo() : maxLo.max(d.lo());
            minHi = minHi == null ? d.hi() : minHi.min(d.hi());
            minLo = minLo == null ? d.lo() : minLo.min(d.lo());
        }
        return new Interval(maxLo.subtract(minHi).max(BigDecimal.ZERO), maxHi.subtract(minLo));
    }

    static double check(Case c, Constants k) {
        NormalFormGame g = c.game();
        List<List<Rational>> m = InteractionContrast.quarter(InteractionContrast.of(g));
        PerronCertificate cert = PerronCertificate.find(m);
        // τ = max(κ, 1/10)·f > κ: with nilpotent D a Perron κ can be tiny, and at λ ~ 10⁴ the 50-digit interval
        // iterates lose all digits of probabilities near 1e−92 (found by -Pthorough, seed 5694950021067583404)
        Rational tau = cert.kappa().isZero() ? c.factor().subtract(Rational.ONE)
            : cert.kappa().max(Rational.of(1, 10)).multiply(c.factor());
        Rational eta = c.etaFraction().divide(tau);
        QreResult qre = QreSolver.solve(g, tau.reciprocal(), QreSolver.Options.digits(35));
        List<List<Interval>> star = logBox(g, qre.qres().get(0).enclosure());
        List<List<Rational>> mUsed = k.m().apply(m);
        Rational rate = k.rateWithEta() ? Thresholds.npgRate(eta, tau, cert.kappa())
            : Rational.ONE.subtract(tau.subtract(cert.kappa()));
        // the NPG iteration itself, or (mutation) its entropy-free variant (τ = 0 inside the step)
        RegularizedObjective<Interval> obj = new RegularizedObjective<>(g, k.entropyInStep() ? tau
            : Rational.parse("1e-30"), F);
        SplittableRandom r = new SplittableRandom(c.seed());
        List<List<Interval>> logp = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            List<Interval> row = new ArrayList<>();
            for (int a = 0; a < g.numActions(i); a++) {
                row.add(F.of(Rational.of(r.nextInt(-30, 31), 10)));
            }
            logp.add(F.softmax(row).stream().map(F::log).toList());
        }
        Interval keep = F.of(Rational.ONE.subtract(eta.multiply(tau)).abs());
        List<Interval> d = distances(logp, star);
        double d0 = weighted(d, cert.w());
        double worst = 0;
        Interval rateT = F.of(Rational.ONE);
        for (int t = 0; t < 12; t++) {
            logp = obj.npgStep(logp, eta);
            List<Interval> next = distances(logp, star);
            for (int i = 0; i < next.size(); i++) {
                Interval rhs = F.multiply(keep, d.get(i));
                for (int j = 0; j < next.size(); j++) {
                    rhs = F.add(rhs, F.multiply(F.of(eta.multiply(mUsed.get(i).get(j))), d.get(j)));
                }
                assertThat(next.get(i).hi()).as("one-step inequality, player %d, step %d", i + 1, t + 1)
                    .isLessThanOrEqualTo(rhs.lo().add(SLACK));
            }
            rateT = F.multiply(rateT, F.of(rate));
            double dt = weighted(next, cert.w());
            assertThat(dt).as("rate bound at step %d", t + 1)
                .isLessThanOrEqualTo(rateT.hi().doubleValue() * d0 * (1 + 1e-12) + 1e-20);
            if (weighted(d, cert.w()) > 1e-12) {
                worst = Math.max(worst, dt / (rate.doubleValue() * weighted(d, cert.w())));
            }
            d = next;
        }
        return worst;
    }

    static List<Interval> distances(List<List<Interval>> logp, List<List<Interval>> star) {
        List<Interval> d = new ArrayList<>();
        for (int i = 0; i < logp.size(); i++) {
            d.add(hilbert(logp.get(i), star.get(i)));
        }
        return d;
    }

    static double weighted(List<Interval> d, List<Rational> w) {
        double m = 0;
        for (int i = 0; i < d.size(); i++) {
            m = Math.max(m, d.get(i).hi().doubleValue() / w.get(i).doubleValue());
        }
        return m;
    }

    @Test
    void theOneStepInequalityAndTheRateHold() {
        double[] worst = {0};
        Property.forAll("NPG-LIN", CASES).shrinkWith(c -> GameGen.shrinker(2, 2).shrink(c.game())
            .map(g -> new Case(g, c.factor(), c.etaFraction(), c.seed()))).tries(15)
            .check(c -> worst[0] = Math.max(worst[0], check(c, Constants.RIGHT)));
        System.out.printf("NPG-LIN: largest observed ‖d(t+1)‖_w / (rho ‖d(t)‖_w) over random games: %.4f%n", worst[0]);
        assertThat(worst[0]).isLessThanOrEqualTo(1 + 1e-9);
    }

    @Test
    void theBoundIsNearlyAttainedOnTheCoordinationGame() {
        // c·I₂ just above its exact threshold c/2: the linearization at the uniform QRE has factor 1 − η(τ − c/2)
        List<Rational> id = List.of(Rational.ONE, Rational.ZERO, Rational.ZERO, Rational.ONE);
        NormalFormGame coord = NormalFormGame.of("I2", List.of(new RationalTensor(new int[] {2, 2}, id),
            new RationalTensor(new int[] {2, 2}, id)));
        double ratio = check(new Case(coord, Rational.of(11, 10), Rational.ONE, 7), Constants.RIGHT);
        System.out.printf("NPG-LIN on I2 at tau = 0.55: observed/certified contraction ratio %.4f%n", ratio);
        assertThat(ratio).isGreaterThan(0.95);
    }

    /**
     * Measured power (issue 17): the fraction of 20 seeded cases on which the one-step inequality refutes the
     * interaction matrix D/4 scaled by 0.9, 0.8 and 0.7.
     */
    @Test
    void powerAgainstScaledMatrices() {
        double[] power = MqreUProperty.power((c, scale) -> catchThrowable(() -> check(c, new Constants(m -> m.stream()
            .map(row -> row.stream().map(x -> x.multiply(scale)).toList()).toList(), true, true))) != null, CASES, 20);
        System.out.printf("NPG-LIN power over 20 cases: 0.9: %.2f, 0.8: %.2f, 0.7: %.2f%n", power[0], power[1],
            power[2]);
        assertThat(power[2]).isGreaterThanOrEqualTo(power[1]).isGreaterThanOrEqualTo(power[0]).isGreaterThan(0.1);
    }

    @Test
    void wrongConstantsAreCaught() {
        for (Constants wrong : List.of(
            // κ/2: the interaction matrix halved in the one-step inequality
            new Constants(m -> m.stream().map(row -> row.stream().map(x -> x.divide(Rational.TWO)).toList())
                .toList(), true, true),
            // the rate without η: 1 − (τ − κ)
            new Constants(x -> x, false, true),
            // the entropy term dropped from the NPG step (τ → 10⁻³⁰ inside the step)
            new Constants(x -> x, true, false))) {
            Throwable t = catchThrowable(() -> Property.forAll("NPG-LIN mutant", CASES).tries(15)
                .check(c -> check(c, wrong)));
            assertThat(t).as("mutant %s", wrong).isInstanceOf(AssertionError.class).hasMessageContaining("failed");
        }
    }
}
