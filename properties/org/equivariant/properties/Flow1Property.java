package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.field.FlowExperiment;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.Play;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.DecPomdpGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.PlantedGame;
import org.equivariant.gen.Property;
import org.equivariant.symmetry.DecPomdpSymmetries;
import org.equivariant.symmetry.DecPomdpSymmetry;
import org.equivariant.symmetry.EncodedGroup;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.theory.BlockContrast;
import org.equivariant.theory.FlowFloor;
import org.equivariant.theory.InteractionContrast;
import org.equivariant.theory.SymmetricSpectrum;
import org.junit.jupiter.api.Test;

/**
 * FLOW-1 (proofs/FLOW-1.md) with SYM-2: above the UNIQ-C threshold the softmax policy-gradient flow, started anywhere,
 * converges to the unique stationary point, which is equivariant, so independently started runs agree and
 * cross-play equals self-play; every probability stays above the FLOW-1 floor along the way. The flows are integrated
 * in the double fast path (an experiment); the limit is compared with the certified unique QRE. Below the exact
 * threshold of I₃ (in its bistable window) the same check finds runs with different limits.
 */
class Flow1Property {
    static final GradientFlow.Options OPTIONS = new GradientFlow.Options(1e-8, 1e-10, 1e7, 40_000);
    static final double AGREE = 1e-7;

    record Case(PlantedGame planted, Rational factor, long seed) {
        @Override
        public String toString() {
            return planted + "\ntau = threshold * " + factor + ", seed " + seed;
        }
    }

    static final Gen<Case> CASES = r -> {
        PlantedGame p = PlantedGame.planted(2, 3, 3, 3).generate(r);
        return new Case(new PlantedGame(UniqCProperty.common(p.base()), p.generators()),
            Rational.of(r.nextInt(11, 31), 10), r.nextLong());
    };

    /** The upper end of an exact enclosure of the UNIQ-C threshold λ_max(D)/4 (D symmetric for common payoffs). */
    static Rational threshold(NormalFormGame g) {
        return SymmetricSpectrum.lambdaMax(InteractionContrast.of(g), Rational.of(1, 1000)).hi()
            .divide(Rational.of(4));
    }

    static Rational tau(Rational threshold, Rational factor) {
        return threshold.isZero() ? factor : threshold.multiply(factor);
    }

    /** The run-level conclusions of FLOW-1 and SYM-2 for a flow experiment. */
    static void checkRuns(FlowExperiment.Report report, DecPomdp m, Rational tau, EncodedGroup<DecPomdpSymmetry> group,
                          int horizon, long seed) {
        Rational spread = BlockContrast.returnRange(m, horizon);
        for (FlowExperiment.Run run : report.runs()) {
            assertThat(run.flow().converged()).as("flow from %s did not converge: %s", run.theta0(), run.flow())
                .isTrue();
            BigDecimal floor = BigDecimal.ONE;
            for (List<Double> block : run.theta0().stream().flatMap(List::stream).toList()) {
                floor = floor.min(FlowFloor.of(block.stream().map(x -> Rational.of(new BigDecimal(x))).toList(),
                    spread, tau, 20));
            }
            // the floor holds for the exact flow; 1e-6 relative slack covers the integrator's local error (tol 1e-8)
            assertThat(run.flow().minProbability()).as("probability floor from %s", run.theta0())
                .isGreaterThanOrEqualTo(floor.doubleValue() * (1 - 1e-6));
        }
        assertThat(report.maxDistance()).as("distance between limits").isLessThan(AGREE);
        assertThat(report.maxDefect()).as("equivariance defect under the generators").isLessThan(AGREE);
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 3; k++) {
            DecPomdpSymmetry phi = group.random(r);
            List<List<List<Double>>> pi = report.runs().get(0).policy();
            assertThat(Play.distance(phi.apply(pi, histories(m, horizon)), pi)).as("defect under %s", phi)
                .isLessThan(AGREE);
        }
        if (report.runs().size() > 1) {
            assertThat(Math.abs(report.meanCrossPlay() - report.meanSelfPlay())).as("XP − SP").isLessThan(AGREE);
        }
    }

    static Histories[] histories(DecPomdp m, int horizon) {
        Histories[] h = new Histories[m.numAgents()];
        for (int i = 0; i < h.length; i++) {
            h[i] = new Histories(m.actionCounts()[i], m.observationCounts()[i], horizon);
        }
        return h;
    }

    static void checkGame(Case c, Rational thresholdScale) {
        NormalFormGame g = c.planted().game();
        Rational tau = tau(threshold(g).multiply(thresholdScale), c.factor());
        DecPomdp m = DecPomdp.commonPayoff(g);
        EncodedGroup<DecPomdpSymmetry> group = DecPomdpSymmetries.of(m,
            c.planted().generators().stream().map(DecPomdpSymmetries::ofGame).toList());
        FlowExperiment.Report report = FlowExperiment.run(m, 1, tau, RegularizedDecPomdp.Form.B, 4, c.seed(), OPTIONS,
            group);
        checkRuns(report, m, tau, group, 1, c.seed());
        // the common limit is the certified unique QRE
        QreResult qre = QreSolver.solve(g, tau.reciprocal(), QreSolver.Options.digits(20));
        assertThat(qre.verdict()).isEqualTo(Verdict.UNIQUE);
        List<Interval> box = qre.qres().get(0).enclosure();
        List<Double> limit = report.runs().get(0).policy().stream().flatMap(List::stream).flatMap(List::stream)
            .toList();
        for (int k = 0; k < box.size(); k++) {
            assertThat(Math.abs(limit.get(k) - box.get(k).mid().doubleValue())).as("coordinate %d", k)
                .isLessThan(AGREE);
        }
    }

    /**
     * The power of the floor check: on the default common-payoff cases, by how much the FLOW-1 floor could be too high
     * before a run's smallest probability refutes it — log₁₀(observed minimum / floor) per case (the smallest over its
     * runs). A floor scaled up by 10^k is caught on the cases whose margin is below k.
     */
    static double[] floorMargins(int cases) {
        List<Double> margins = new java.util.ArrayList<>();
        Property.forAll("FLOW-1 floor margins", CASES).tries(cases).check(c -> {
            NormalFormGame g = c.planted().game();
            Rational tau = tau(threshold(g), c.factor());
            DecPomdp m = DecPomdp.commonPayoff(g);
            FlowExperiment.Report report = FlowExperiment.run(m, 1, tau, RegularizedDecPomdp.Form.B, 4, c.seed(),
                OPTIONS, DecPomdpSymmetries.of(m, c.planted().generators().stream().map(DecPomdpSymmetries::ofGame)
                    .toList()));
            Rational spread = BlockContrast.returnRange(m, 1);
            double margin = Double.POSITIVE_INFINITY;
            for (FlowExperiment.Run run : report.runs()) {
                BigDecimal floor = BigDecimal.ONE;
                for (List<Double> block : run.theta0().stream().flatMap(List::stream).toList()) {
                    floor = floor.min(FlowFloor.of(block.stream().map(x -> Rational.of(new BigDecimal(x))).toList(),
                        spread, tau, 20));
                }
                margin = Math.min(margin, Math.log10(run.flow().minProbability()) - Math.log10(floor.doubleValue()));
            }
            margins.add(margin);
        });
        return margins.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    @Test
    void powerOfTheFloorCheck() {
        double[] margins = floorMargins(10);
        double[] power = new double[3];
        double[] decades = {Math.log10(2), 1, 3};
        for (int k = 0; k < decades.length; k++) {
            for (double m : margins) {
                power[k] += m < decades[k] ? 1.0 / margins.length : 0;
            }
        }
        System.out.printf("FLOW-1 floor margins (log10 of observed minimum / floor) over %d cases: %s; floor x2 "
            + "caught on %.0f%%, x10 on %.0f%%, x1000 on %.0f%%%n", margins.length, java.util.Arrays.toString(
            java.util.Arrays.stream(margins).map(x -> Math.round(x * 10) / 10.0).toArray()), 100 * power[0],
            100 * power[1], 100 * power[2]);
        // every margin is non-negative (the floor holds) and finite (the check can fail at all)
        assertThat(margins[0]).isGreaterThanOrEqualTo(-1e-6);
        assertThat(margins[margins.length - 1]).isFinite();
        assertThat(power[2]).isGreaterThanOrEqualTo(power[1]).isGreaterThanOrEqualTo(power[0]);
        // measured: the floor is within a decade of the smallest probability on most cases (the start's own logits
        // enter it), so a floor ten times too high is refuted on at least half of them
        assertThat(power[1]).isGreaterThanOrEqualTo(0.5);
    }

    @Test
    void commonPayoffFlowsFromEveryStartReachTheCertifiedEquivariantPoint() {
        Property.forAll("FLOW-1 common-payoff games", CASES)
            .shrinkWith(c -> PlantedGame.shrinker().shrink(c.planted())
                .map(p -> new Case(new PlantedGame(UniqCProperty.common(p.base()), p.generators()), c.factor(),
                    c.seed())))
            .tries(10).check(c -> checkGame(c, Rational.ONE));
    }

    record DecCase(DecPomdpGen model, Rational factor, long seed) {
        @Override
        public String toString() {
            return model + "\nhorizon 2, tau = threshold * " + factor + ", seed " + seed;
        }
    }

    @Test
    void decPomdpFlowsUnderObjectiveBReachOneEquivariantPoint() {
        Gen<DecCase> cases = r -> new DecCase(DecPomdpGen.models(3).generate(r), Rational.of(r.nextInt(11, 31), 10),
            r.nextLong());
        Property.forAll("FLOW-1 Dec-POMDPs (B)", cases)
            .shrinkWith(c -> DecPomdpGen.shrinker().shrink(c.model()).map(g -> new DecCase(g, c.factor(), c.seed())))
            .tries(6).check(c -> {
                DecPomdp m = c.model().model();
                Rational tau = tau(BlockContrast.of(m, 2).threshold(Rational.of(1, 1000)).hi(), c.factor());
                EncodedGroup<DecPomdpSymmetry> group = DecPomdpSymmetries.fullGroup(m);
                FlowExperiment.Report report = FlowExperiment.run(m, 2, tau, RegularizedDecPomdp.Form.B, 3, c.seed(),
                    OPTIONS, group);
                checkRuns(report, m, tau, group, 2, c.seed());
            });
    }

    @Test
    void decTigerAboveItsBlockThresholdReachesItsEquivariantPoint() {
        DecPomdp tiger = org.equivariant.io.DpomdpReader.read(org.equivariant.TestData.dpomdp("dectiger.dpomdp"));
        Rational threshold = BlockContrast.of(tiger, 2).threshold(Rational.of(1, 1000)).hi();
        Rational tau = threshold.multiply(Rational.of(11, 10));
        EncodedGroup<DecPomdpSymmetry> group = DecPomdpSymmetries.fullGroup(tiger);
        assertThat(group.order()).isEqualTo(java.math.BigInteger.valueOf(4));
        FlowExperiment.Report report = FlowExperiment.run(tiger, 2, tau, RegularizedDecPomdp.Form.B, 3, 5, OPTIONS,
            group);
        checkRuns(report, tiger, tau, group, 2, 5);
    }

    @Test
    void inTheBistableWindowOfI3RunsReachDifferentLimits() {
        // τ = 0.35: above the local-stability threshold 1/3 of the uniform point, below α*(3) = 0.3642 (THR-EX), so
        // symmetry-breaking attractors coexist with the uniform point; the UNIQ-C threshold is 1/2 (scale 0.7)
        NormalFormGame i3 = UniqCProperty.scaledIdentity(3, Rational.ONE);
        GameSymmetry swap = GameSymmetry.parse("players (1 2); actions 1:() 2:()", i3.dims());
        GameSymmetry cycle = GameSymmetry.parse("players (); actions 1:(1 2 3) 2:(1 2 3)", i3.dims());
        Gen<Case> window = r -> new Case(new PlantedGame(i3, List.of(swap, cycle)), Rational.ONE, r.nextLong());
        Throwable failure = catchThrowable(() -> Property.forAll("FLOW-1 below the threshold", window).tries(4)
            .check(c -> checkGame(c, Rational.of(7, 10))));
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("failed")
            .hasMessageContaining("distance between limits");
    }
}
