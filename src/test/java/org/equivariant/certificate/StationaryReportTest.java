package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.game.DecPomdp;
import org.equivariant.io.Bundled;
import org.equivariant.io.DpomdpReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@link StationaryChecker} below the command line: cross-play as the mean over mixed assignments, the
 * merging of UNIQ-IT ranges, the report's findings for separated and unseparated boxes, and the refusals of
 * {@link StationaryChecker#check} that a certificate written by {@code flow --certify} never triggers.
 */
class StationaryReportTest {
    static final String TIGER = Bundled.text("bundled:dectiger", Limits.DEFAULT);
    static final StationarySystem SYS = new StationarySystem(ResponseIterationTest.TIGER, 2, Rational.of(10),
        StationarySystem.Form.B);

    /** Two agents, one state, observation (0, 0) always: every history after the other observation is unreached. */
    static final String BLIND = """
        agents: 2
        discount: 1
        values: reward
        states: 1
        start:
        1.0
        actions:
        2
        2
        observations:
        2
        2
        T: * :
        identity
        O: * : * : 0 0 : 1
        R: 0 0 : * : * : * : 1
        """;

    /** Point policies: at each history the probabilities {@code p} rotated by (history + agent) places. */
    static List<Interval> policy(StationarySystem sys, String... p) {
        return policy(sys, new String[][] {p});
    }

    /** Point policies: at history h the row h mod (number of rows), rotated by (history + agent) places. */
    static List<Interval> policy(StationarySystem sys, String[][] rows) {
        List<Interval> out = new ArrayList<>();
        int n = sys.model().numAgents();
        for (int i = 0; i < n; i++) {
            int actions = rows[0].length;
            int histories = ((i + 1 < n ? sys.index(i + 1, 0, 0) : sys.size()) - sys.index(i, 0, 0)) / actions;
            for (int h = 0; h < histories; h++) {
                for (int a = 0; a < actions; a++) {
                    BigDecimal x = new BigDecimal(rows[h % rows.length][(a + h + i) % actions]);
                    out.add(Interval.of(x, x));
                }
            }
        }
        return out;
    }

    /** Dec-Tiger with skewed rewards, discounted by 9/10. */
    static final DecPomdp SKEWED = DpomdpReader.load("bundled:dectiger_skewed", Bundled.text("bundled:dectiger_skewed",
        Limits.DEFAULT), DpomdpReader.Options.DEFAULT).model().withDiscount(Rational.of(9, 10));

    /** Rows of different entropy, so that form A's bonus differs between histories. */
    static final String[][] UNEVEN = {{"0.5", "0.3", "0.2"}, {"0.7", "0.2", "0.1"}};

    /** Agent 1's block from {@code first}, agent 2's from {@code second}. */
    static List<Interval> mix(List<Interval> first, List<Interval> second) {
        int split = SYS.index(1, 0, 0);
        List<Interval> out = new ArrayList<>(first.subList(0, split));
        out.addAll(second.subList(split, second.size()));
        return out;
    }

    static double mid(Interval x) {
        return x.lo().add(x.hi()).doubleValue() / 2;
    }

    /** XP(a, b) for two agents is the mean of J(a₁, b₂) and J(b₁, a₂), and XP(a, a) = J(a). */
    @Test
    void crossPlayIsTheMeanOverTheMixedAssignments() {
        List<Interval> a = policy(SYS, "0.5", "0.3", "0.2");
        List<Interval> b = policy(SYS, "0.1", "0.6", "0.3");
        Interval xp = StationaryChecker.crossPlay(SYS, a, b);
        double expected = (mid(StationaryChecker.value(SYS, mix(a, b))) + mid(StationaryChecker.value(SYS, mix(b, a))))
            / 2;
        assertThat(xp.width()).isLessThan(new BigDecimal("1e-10"));
        assertThat(mid(xp)).isCloseTo(expected, Offset.offset(1e-9));
        // the mixed assignments differ from both pure ones, so a mean over the wrong set of masks is seen
        assertThat(Math.abs(mid(StationaryChecker.value(SYS, a)) - expected)).isGreaterThan(1e-3);
        assertThat(Math.abs(mid(StationaryChecker.value(SYS, b)) - expected)).isGreaterThan(1e-3);
        assertThat(Math.abs(mid(StationaryChecker.value(SYS, mix(a, b))) - expected)).isGreaterThan(1e-3);
        assertThat(mid(StationaryChecker.crossPlay(SYS, a, a))).isCloseTo(mid(StationaryChecker.value(SYS, a)),
            Offset.offset(1e-9));
    }

    static Rational[] range(long lo, long hi) {
        return new Rational[] {Rational.of(lo), Rational.of(hi)};
    }

    @Test
    void rangesAreSortedAndAdjacentOrOverlappingOnesMerged() {
        List<Rational[]> merged = StationaryChecker.merge(List.of(range(7, 9), range(3, 4), range(1, 2), range(2, 3),
            range(5, 6), range(5, 5)));
        assertThat(merged).extracting(r -> r[0] + ".." + r[1]).containsExactly("1..4", "5..6", "7..9");
        assertThat(StationaryChecker.merge(List.of(range(1, 8), range(2, 3)))).extracting(r -> r[0] + ".." + r[1])
            .containsExactly("1..8");
    }

    /** Boxes whose enclosures overlap although neither lies in the other's box count once, and the report says so. */
    @Test
    void theReportNamesEachPointAndFlagsUnseparatedBoxes() {
        List<Interval> a = policy(SYS, "0.5", "0.3", "0.2");
        List<Interval> b = policy(SYS, "0.1", "0.6", "0.3");
        List<Interval> wideA = a.stream().map(x -> Interval.of(x.lo().subtract(new BigDecimal("0.01")),
            x.hi().add(new BigDecimal("0.01")))).toList();
        List<Interval> wideB = b.stream().map(x -> Interval.of(x.lo().subtract(new BigDecimal("0.01")),
            x.hi().add(new BigDecimal("0.01")))).toList();
        StationaryChecker.Report two = StationaryChecker.report(SYS, List.of(wideA, wideB), List.of(
            new Krawczyk.Test(true, a, a), new Krawczyk.Test(true, b, b)), List.of("given"));
        assertThat(two.valid()).isTrue();
        assertThat(two.distinct()).isEqualTo(2);
        assertThat(two.findings().get(0)).isEqualTo("given");
        assertThat(two.findings()).anyMatch(f -> f.startsWith("point 1: exactly one stationary point in the box; J in"))
            .anyMatch(f -> f.startsWith("point 2: exactly one stationary point in the box; J in"))
            .noneMatch(f -> f.startsWith("some boxes could be shown neither"));
        assertThat(two.crossPlay()[0][1]).isNotNull().isEqualTo(two.crossPlay()[1][0]);
        assertThat(two.crossPlay()[0][0]).isNull();
        // enclosure 2 overlaps enclosure 1 but leaves box 1, and enclosure 1 leaves box 2
        List<Interval> near = a.stream().map(x -> Interval.of(x.lo().add(new BigDecimal("0.005")),
            x.hi().add(new BigDecimal("0.02")))).toList();
        List<Interval> nearBox = near.stream().map(x -> Interval.of(x.lo(), x.hi().add(new BigDecimal("0.01"))))
            .toList();
        List<Interval> overlapping = a.stream().map(x -> Interval.of(x.lo().subtract(new BigDecimal("0.001")),
            x.hi().add(new BigDecimal("0.006")))).toList();
        StationaryChecker.Report unseparated = StationaryChecker.report(SYS, List.of(wideA, nearBox), List.of(
            new Krawczyk.Test(true, overlapping, overlapping), new Krawczyk.Test(true, near, near)), List.of());
        assertThat(unseparated.distinct()).isEqualTo(1);
        StationaryChecker.Report failed = StationaryChecker.report(SYS, List.of(wideA, wideB), List.of(
            new Krawczyk.Test(true, a, a), new Krawczyk.Test(false, wideB, null)), List.of());
        assertThat(failed.valid()).isFalse();
        assertThat(failed.enclosures().get(1)).isNull();
        assertThat(failed.findings()).contains("point 2: Krawczyk test failed (K is not inside the interior of the "
            + "box)");
        assertThat(unseparated.findings()).contains("some boxes could be shown neither equal nor disjoint: the count "
            + "below is a lower bound of what they prove");
    }

    static StationaryCertificate certificate(String text, StationarySystem.Form form, List<List<Interval>> boxes) {
        return new StationaryCertificate("test", text, false, Rational.ONE, 2, Rational.of(10), form, boxes,
            List.of());
    }

    /** Form A with unreached histories is refused whatever is claimed; form B, or a fully reached model, is not. */
    @Test
    void formAIsRefusedOnlyWhereHistoriesGoUnreached() {
        StationaryChecker.Report blindA = StationaryChecker.check(certificate(BLIND, StationarySystem.Form.A,
            List.of()), Limits.DEFAULT);
        assertThat(blindA.valid()).isFalse();
        assertThat(blindA.findings()).singleElement().asString().startsWith("form A leaves the policy free at "
            + "unreached histories (").endsWith(", …): no point is isolated");
        for (StationaryCertificate c : List.of(certificate(BLIND, StationarySystem.Form.B, List.of()),
            certificate(TIGER, StationarySystem.Form.A, List.of()))) {
            StationaryChecker.Report r = StationaryChecker.check(c, Limits.DEFAULT);
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).containsExactly("the certificate claims nothing (no points, no uniqueness "
                + "ranges)");
        }
        StationaryChecker.Report garbled = StationaryChecker.check(certificate("agents: two\n", StationarySystem.Form.B,
            List.of()), Limits.DEFAULT);
        assertThat(garbled.valid()).isFalse();
        assertThat(garbled.findings()).singleElement().asString().startsWith("the embedded model does not load: ");
        // a range whose box holds where the iteration leads but is far too wide for the Krawczyk test: refused
        List<Interval> unit = java.util.Collections.nCopies(SYS.size(), Interval.of(BigDecimal.ZERO, BigDecimal.ONE));
        StationaryChecker.Report wide = StationaryChecker.check(new StationaryCertificate("test", TIGER, false,
            Rational.ONE, 2, Rational.of(10), StationarySystem.Form.B, List.of(), List.of(new StationaryCertificate
            .UniqueRange(Rational.of(10), Rational.of(10), 3, unit))), Limits.DEFAULT);
        assertThat(wide.valid()).isFalse();
        assertThat(wide.unique()).isEmpty();
        assertThat(wide.findings()).singleElement().asString().startsWith("range 1 (tau in [10, 10]): the interval "
            + "computation failed (");
        List<Interval> three = List.of(Interval.of(BigDecimal.ZERO, BigDecimal.ONE), Interval.of(BigDecimal.ZERO,
            BigDecimal.ONE), Interval.of(BigDecimal.ZERO, BigDecimal.ONE));
        StationaryChecker.Report wrongSize = StationaryChecker.check(certificate(TIGER, StationarySystem.Form.B,
            List.of(policy(SYS, "0.5", "0.3", "0.2"), three)), Limits.DEFAULT);
        assertThat(wrongSize.valid()).isFalse();
        assertThat(wrongSize.findings()).contains("point 2: the box has 3 coordinates, the policy " + SYS.size());
    }

    /** In the blind model the histories after observation 1 are unreached (two per agent at t = 1), none before. */
    @Test
    void unreachedHistoriesAreThoseAfterAnImpossibleObservation() {
        DecPomdp blind = DpomdpReader.load("blind", BLIND,
            DpomdpReader.Options.DEFAULT).model();
        assertThat(new StationarySystem(blind, 1, Rational.ONE, StationarySystem.Form.A).unreachedHistories())
            .isEmpty();
        List<String> unreached = new StationarySystem(blind, 2, Rational.ONE, StationarySystem.Form.A)
            .unreachedHistories();
        assertThat(unreached).hasSize(4);
        for (int i = 0; i < 2; i++) {
            String agent = blind.agents().get(i) + " history ";
            assertThat(unreached).filteredOn(u -> u.startsWith(agent)).hasSize(2)
                .noneMatch(u -> u.equals(agent + "0"));
        }
        assertThat(SYS.unreachedHistories()).isEmpty();
    }

    /**
     * J over a point policy encloses the exact expected return that the field package's evaluator (a different
     * forward pass, in rationals) computes, on Dec-Tiger at horizons 2 and 3 and on the skewed Dec-Tiger with
     * discount 9/10 — and a different policy's return lies outside.
     */
    @Test
    void theReturnEnclosesTheIndependentEvaluatorsExactValue() {
        for (DecPomdp m : List.of(ResponseIterationTest.TIGER, SKEWED)) {
            for (int horizon = 2; horizon <= 3; horizon++) {
                StationarySystem sys = new StationarySystem(m, horizon, Rational.ONE, StationarySystem.Form.B);
                DecPomdpEvaluator<Rational> exact = new DecPomdpEvaluator<>(m, horizon, RationalField.INSTANCE);
                List<Interval> a = policy(sys, "0.5", "0.3", "0.2");
                List<Interval> b = policy(sys, "0.1", "0.6", "0.3");
                Interval j = StationaryChecker.value(sys, a);
                String label = m.name() + ", H = " + horizon;
                assertThat(j.contains(exact.expectedReturn(nested(sys, exact, a)))).as(label).isTrue();
                assertThat(j.contains(exact.expectedReturn(nested(sys, exact, b)))).as(label).isFalse();
                assertThat(j.width()).as(label).isLessThan(new BigDecimal("1e-10"));
            }
        }
    }

    /** The flat point policy as [agent][history][action] rationals, history h of agent i at index(i, h, ·). */
    static List<List<List<Rational>>> nested(StationarySystem sys, DecPomdpEvaluator<?> e,
                                              List<Interval> flat) {
        return e.policy((i, h) -> IntStream.range(0, sys.model().actionCounts()[i]).mapToObj(a -> Rational.of(flat
            .get(sys.index(i, h, a)).lo())).toList());
    }

    @Test
    void theSystemNeedsAHorizonAndAPositiveTemperatureRange() {
        DecPomdp m = ResponseIterationTest.TIGER;
        for (Object[] bad : new Object[][] {{0, Rational.ONE, Rational.ONE}, {2, Rational.ZERO, Rational.ONE},
            {2, Rational.TWO, Rational.ONE}}) {
            assertThatThrownBy(() -> new StationarySystem(m, (Integer) bad[0],
                (Rational) bad[1], (Rational) bad[2], StationarySystem.Form.B))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("needs horizon ≥ 1 and 0 < τ ≤ τ_hi");
        }
        StationarySystem one = new StationarySystem(m, 1, Rational.ONE, Rational.ONE, StationarySystem.Form.B);
        assertThat(one.size()).isEqualTo(6);
        // Dec-Tiger: 3 actions and 2 observations, so 1 + 6 histories per agent up to t = 1
        assertThat(SYS.histories(1).total()).isEqualTo(7);
        assertThat(SYS.size()).isEqualTo(2 * 7 * 3);
    }

    /** Three agents with two actions and two observations each, two states; observations depend on the state. */
    static final String TRIO = """
        agents: 3
        discount: 1
        values: reward
        states: 2
        start:
        0.5 0.5
        actions:
        2
        2
        2
        observations:
        2
        2
        2
        T: * :
        0.7 0.3
        0.4 0.6
        O: * : 0 :
        0.3 0.1 0.1 0.1 0.1 0.1 0.1 0.1
        O: * : 1 :
        0.05 0.1 0.1 0.15 0.1 0.2 0.1 0.2
        R: 0 0 0 : * : * : * : 1
        R: 1 1 1 : 0 : * : * : 2
        R: 0 1 0 : 1 : * : * : -1
        R: 1 0 0 : 1 : * : * : 3
        """;

    /**
     * Form B's residual π − softmax(g/τ) at a point policy, with g = ∂J/∂π taken from the field package's evaluator
     * in exact rationals and the softmax formed here in doubles: the checker's enclosure holds it to 1e-9 in every
     * coordinate (Dec-Tiger and skewed Dec-Tiger, H = 2 and 3, and a three-agent model at H = 2 — the expectations
     * over the other agents' actions then interleave, τ = 3).
     */
    @Test
    void theResidualIsThePolicyMinusTheLogitResponseToTheIndependentGradient() {
        DecPomdp trio = DpomdpReader.load("trio", TRIO, DpomdpReader.Options.DEFAULT).model();
        double tau = 3;
        for (DecPomdp m : List.of(ResponseIterationTest.TIGER, SKEWED, trio)) {
            int n = m.numAgents();
            String[][] rows = n == 3 ? new String[][] {{"0.6", "0.4"}, {"0.9", "0.1"}} : UNEVEN;
            for (int horizon = 2; horizon <= (n == 3 ? 2 : 3); horizon++) {
                StationarySystem sys = new StationarySystem(m, horizon, Rational.of(3), StationarySystem.Form.B);
                DecPomdpEvaluator<Rational> exact = new DecPomdpEvaluator<>(m, horizon, RationalField.INSTANCE);
                List<Interval> a = policy(sys, rows);
                List<List<List<Rational>>> g = exact.derivatives(nested(sys, exact, a), null).g();
                List<Interval> residual = residual(sys, a);
                for (int i = 0; i < n; i++) {
                    for (int h = 0; h < g.get(i).size(); h++) {
                        logitResidual(sys, a, residual, i, h, g.get(i).get(h).stream().mapToDouble(r -> r.doubleValue()
                            / tau).toArray(), m.name() + ", H = " + horizon);
                    }
                }
            }
        }
    }

    /**
     * Form A's residual π − softmax(g/w) with w = τγ^t Pr_i(h) and g the derivative of the return plus the entropy
     * bonus τ Σ_i H(π_i(·|h_i)) of the states visited (its own history's term excluded): g and Pr_i from the field
     * package's evaluator in doubles, the bonus and the softmax written here; within 1e-9 of the checker's enclosure.
     */
    @Test
    void formAsResidualUsesTheVisitationWeightedTemperature() {
        double tau = 3;
        for (DecPomdp m : List.of(ResponseIterationTest.TIGER, SKEWED)) {
            for (int horizon = 2; horizon <= 3; horizon++) {
                StationarySystem sys = new StationarySystem(m, horizon, Rational.of(3), StationarySystem.Form.A);
                DecPomdpEvaluator<Double> ev = new DecPomdpEvaluator<>(m, horizon, DoubleField.INSTANCE);
                List<Interval> a = policy(sys, UNEVEN);
                List<List<List<Double>>> pi = ev.policy((i, h) -> IntStream.range(0, m.actionCounts()[i])
                    .mapToObj(k -> mid(a.get(sys.index(i, h, k)))).toList());
                DecPomdpEvaluator.Bonus<Double> bonus = (t, state, h) -> {
                    double b = 0;
                    for (int i = 0; i < h.length && !m.isTerminal(state); i++) {
                        for (double p : pi.get(i).get(ev.histories(i).offset(t) + h[i])) {
                            b -= p * Math.log(p);
                        }
                    }
                    return tau * b;
                };
                DecPomdpEvaluator.Derivatives<Double> d = ev.derivatives(pi, bonus);
                List<Interval> residual = residual(sys, a);
                int compared = 0;
                for (int i = 0; i < 2; i++) {
                    for (int h = 0; h < pi.get(i).size(); h++) {
                        double w = tau * Math.pow(m.discount().doubleValue(), ev.histories(i).time(h))
                            * d.reach().get(i).get(h);
                        compared += logitResidual(sys, a, residual, i, h, d.g().get(i).get(h).stream()
                            .mapToDouble(g -> g / w).toArray(), m.name() + ", H = " + horizon);
                    }
                }
                assertThat(compared).isEqualTo(sys.size());
            }
        }
    }

    /** The system's residual at a point policy, in the dyadic interval arithmetic. */
    static List<Interval> residual(StationarySystem sys, List<Interval> policy) {
        DyadicField f = DyadicField.INSTANCE;
        return sys.residual(f, policy.stream().map(f::of).toList()).stream().map(f::toInterval).toList();
    }

    /**
     * Asserts that the residual at agent i's history h is π − softmax(x) there, to 1e-9 (the softmax formed here in
     * doubles, shifted by the largest x); returns the number of coordinates compared.
     */
    static int logitResidual(StationarySystem sys, List<Interval> policy, List<Interval> residual, int i, int h,
                             double[] x, String label) {
        double top = Arrays.stream(x).max().orElseThrow();
        double sum = Arrays.stream(x).map(v -> Math.exp(v - top)).sum();
        for (int k = 0; k < x.length; k++) {
            double expected = mid(policy.get(sys.index(i, h, k))) - Math.exp(x[k] - top) / sum;
            assertThat(mid(residual.get(sys.index(i, h, k)))).as("%s, agent %d, history %d, action %d", label, i, h, k)
                .isCloseTo(expected, Offset.offset(1e-9));
        }
        return x.length;
    }
}
