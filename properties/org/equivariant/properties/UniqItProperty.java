package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.Boxes;
import org.equivariant.certificate.Krawczyk;
import org.equivariant.certificate.ResponseIteration;
import org.equivariant.certificate.StationaryCertificate;
import org.equivariant.certificate.StationaryChecker;
import org.equivariant.certificate.StationarySystem;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.equilibrium.CertifiedOnset;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.gen.DecPomdpGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.Bundled;
import org.equivariant.theory.BlockContrast;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * UNIQ-IT (proofs/UNIQ-IT.md): a range proved by the response iteration and the parametric Krawczyk test has exactly
 * one stationary point for every τ in it. The conclusion is checked with the {@code field} code: softmax
 * policy-gradient flows of {@link RegularizedDecPomdp} from several random starts, at both ends of the range, all end
 * in the range's box and agree; step 1 of the proof (every stationary point stays in every X_k) is checked against the
 * flows' limits, certified by STAT-K at the point temperature. The convex-combination enclosure is checked with exact
 * rationals. Negative controls: at τ = 10 on Dec-Tiger (two stationary points) no range is proved, and a box that
 * passes the Krawczyk test around one of the two points is rejected as a uniqueness claim because the iteration does
 * not lead into it; off the simplex the convex-combination enclosure fails, which is why the proof keeps it out of the
 * Krawczyk test.
 */
class UniqItProperty {
    record Case(DecPomdpGen model, int fraction, long seed) {
        @Override
        public String toString() {
            return model + "\nrange from (UNIQ-C threshold)/" + fraction + ", seed " + seed;
        }
    }

    static final Gen<Case> CASES = r -> new Case(DecPomdpGen.models(3).generate(r), 1 << r.nextInt(1, 4),
        r.nextLong());

    /** The limit of a softmax policy-gradient flow of the field's objective from a random start, or null. */
    static double[] flowLimit(DecPomdp m, StationarySystem sys, Rational tau, SplittableRandom r) {
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(m, 2, tau, RegularizedDecPomdp.Form.B,
            DoubleField.INSTANCE);
        double[] start = StatKProperty.randomPolicy(sys, m, r);
        GradientFlow.Result<Double> flow = GradientFlow.flow(obj, StatKProperty.rows(sys, m,
            k -> 2 * Math.log(start[k])), DoubleField.INSTANCE, new GradientFlow.Options(1e-8, 1e-10, 1e7, 20_000));
        return flow.converged() ? StatKProperty.flat(sys, obj.policy(flow.theta())) : null;
    }

    /** UNIQ-C (b)'s threshold λ_max(Δ)/4 at horizon 2 (upper end of its exact enclosure). */
    static Rational blockThreshold(DecPomdp m) {
        return BlockContrast.of(m, 2).threshold(Rational.of(1, 1_000_000)).hi();
    }

    static boolean inside(double[] x, List<Interval> box, double slack) {
        for (int k = 0; k < x.length; k++) {
            if (x[k] < box.get(k).lo().doubleValue() - slack || x[k] > box.get(k).hi().doubleValue() + slack) {
                return false;
            }
        }
        return true;
    }

    @Test
    void everyFlowAtBothEndsOfAProvedRangeEndsInItsBox() {
        int[] proved = {0};
        Property.forAll("UNIQ-IT ranges hold the only stationary point", CASES)
            .shrinkWith(c -> DecPomdpGen.shrinker().shrink(c.model()).map(x -> new Case(x, c.fraction(), c.seed())))
            .tries(30).check(c -> {
                DecPomdp m = c.model().model();
                Rational top = blockThreshold(m);
                if (top.signum() == 0) {
                    return;
                }
                Rational lo = top.divide(Rational.of(c.fraction()));
                Rational hi = lo.multiply(Rational.of(101, 100));
                StationaryCertificate.UniqueRange range = CertifiedOnset.rangeProof(m, 2, StationarySystem.Form.B)
                    .prove(lo, hi);
                if (range == null) {
                    return;
                }
                proved[0]++;
                StationarySystem sys = new StationarySystem(m, 2, lo, hi, StationarySystem.Form.B);
                SplittableRandom r = new SplittableRandom(c.seed());
                List<double[]> limits = new ArrayList<>();
                for (Rational tau : List.of(lo, hi)) {
                    for (int run = 0; run < 3; run++) {
                        double[] x = flowLimit(m, sys, tau, r);
                        if (x != null) {
                            assertThat(inside(x, range.box(), 1e-7)).as("a flow at tau = %s ends in the box", tau)
                                .isTrue();
                            limits.add(x);
                        }
                    }
                }
                assertThat(limits).as("converged flows").isNotEmpty();
            });
        assertThat(proved[0]).as("ranges proved").isGreaterThanOrEqualTo(10);
    }

    /** Step 1 of the proof: the stationary point (STAT-K-certified at τ) meets every box of the iteration. */
    @Test
    void theStationaryPointStaysInEveryIterate() {
        int[] checked = {0};
        Property.forAll("UNIQ-IT step 1: stationary points stay in X_k", CASES)
            .shrinkWith(c -> DecPomdpGen.shrinker().shrink(c.model()).map(x -> new Case(x, c.fraction(), c.seed())))
            .tries(20).check(c -> {
                DecPomdp m = c.model().model();
                Rational top = blockThreshold(m);
                if (top.signum() == 0) {
                    return;
                }
                Rational tau = top.divide(Rational.of(4 * c.fraction()));
                StationarySystem sys = new StationarySystem(m, 2, tau, StationarySystem.Form.B);
                double[] x = flowLimit(m, sys, tau, new SplittableRandom(c.seed()));
                if (x == null) {
                    return;
                }
                BoxCertifier.Outcome o = BoxCertifier.certify(sys, x);
                if (!o.certified()) {
                    return;
                }
                checked[0]++;
                for (int k : new int[] {1, 2, 3, 5, 8, 13, 21, 34}) {
                    List<Interval> xk = ResponseIteration.run(sys, k, false).box();
                    assertThat(Boxes.disjoint(xk, o.box())).as("X_%d misses the certified point", k).isFalse();
                }
            });
        assertThat(checked[0]).as("points checked").isGreaterThanOrEqualTo(10);
    }

    /** (a) of the proof, with exact rationals: for weights in boxes summing to one, Σ w x lies in the enclosure. */
    @Test
    void theConvexCombinationEnclosesEverySimplexPointOfItsBoxes() {
        Property.forAll("convex-combination enclosure", Gen.between(2, 5)).tries(300).check(size -> {
            SplittableRandom r = new SplittableRandom(size * 7919L + Property.baseSeed("convex"));
            for (int rep = 0; rep < 20; rep++) {
                Weights w = Weights.random(size, r);
                DyadicInterval e = DyadicField.INSTANCE.convexCombination(w.boxes(), w.values());
                Rational v = w.pointValue();
                assertThat(e.loRational().compareTo(v) <= 0 && v.compareTo(e.hiRational()) <= 0)
                    .as("%s: %s not in %s", w, v, e).isTrue();
            }
        });
    }

    /**
     * The exact range of Σ w_b x_b over {l ≤ w ≤ u, Σ w = 1}, x_b in [xlo_b, xhi_b]: greedy from the lower ends, the
     * remaining mass to the smallest xlo (for the minimum) or the largest xhi (for the maximum) first.
     */
    static Rational[] lpRange(List<Rational> l, List<Rational> u, List<Rational> xlo, List<Rational> xhi) {
        Rational[] out = new Rational[2];
        for (int side = 0; side < 2; side++) {
            List<Rational> x = side == 0 ? xlo : xhi;
            List<Integer> order = new ArrayList<>();
            for (int b = 0; b < x.size(); b++) {
                order.add(b);
            }
            order.sort(java.util.Comparator.comparing(x::get));
            if (side == 1) {
                java.util.Collections.reverse(order);
            }
            Rational rest = Rational.ONE;
            Rational v = Rational.ZERO;
            for (int b = 0; b < x.size(); b++) {
                rest = rest.subtract(l.get(b));
                v = v.add(l.get(b).multiply(x.get(b)));
            }
            for (int b : order) {
                Rational add = rest.min(u.get(b).subtract(l.get(b)));
                v = v.add(add.multiply(x.get(b)));
                rest = rest.subtract(add);
            }
            out[side] = v;
        }
        return out;
    }

    /**
     * (a) is also sharp: the enclosure is the exact linear-programming range up to rounding (10⁻¹²) — a looser bound
     * (still sound, so invisible to the inclusion check) is caught here.
     */
    @Test
    void theConvexCombinationIsTheExactLinearProgramRangeUpToRounding() {
        SplittableRandom r = new SplittableRandom(17);
        Rational slack = Rational.of(1, 1_000_000_000_000L);
        for (int rep = 0; rep < 500; rep++) {
            Weights w = Weights.random(r.nextInt(2, 5), r);
            Rational[] exact = lpRange(w.boxes().stream().map(DyadicInterval::loRational).toList(),
                w.boxes().stream().map(DyadicInterval::hiRational).toList(),
                w.values().stream().map(DyadicInterval::loRational).toList(),
                w.values().stream().map(DyadicInterval::hiRational).toList());
            DyadicInterval e = DyadicField.INSTANCE.convexCombination(w.boxes(), w.values());
            assertThat(e.loRational().compareTo(exact[0])).as("sound below: %s", w).isNotPositive();
            assertThat(e.hiRational().compareTo(exact[1])).as("sound above: %s", w).isNotNegative();
            assertThat(exact[0].subtract(e.loRational()).compareTo(slack)).as("tight below: %s", w).isNotPositive();
            assertThat(e.hiRational().subtract(exact[1]).compareTo(slack)).as("tight above: %s", w).isNotPositive();
        }
    }

    /** Negative control: weights in the boxes that do not sum to one fall outside the enclosure in some cases. */
    @Test
    void theSimplexEnclosureFailsOffTheSimplex() {
        SplittableRandom r = new SplittableRandom(3);
        int outside = 0;
        for (int rep = 0; rep < 500; rep++) {
            Weights w = Weights.random(3, r);
            DyadicInterval e = DyadicField.INSTANCE.convexCombination(w.boxes(), w.values());
            // every weight at the upper end of its box: the sum exceeds one
            Rational v = Rational.ZERO;
            for (int b = 0; b < 3; b++) {
                v = v.add(w.boxes().get(b).hiRational().multiply(w.values().get(b).hiRational()));
            }
            if (v.compareTo(e.hiRational()) > 0 || v.compareTo(e.loRational()) < 0) {
                outside++;
            }
        }
        assertThat(outside).as("off-simplex points outside the enclosure").isGreaterThan(50);
    }

    /** Random weight boxes around a point of the simplex, point values, and that point. */
    record Weights(List<DyadicInterval> boxes, List<DyadicInterval> values, List<Rational> point) {
        static Weights random(int size, SplittableRandom r) {
            List<Rational> p = new ArrayList<>();
            Rational rest = Rational.ONE;
            for (int b = 0; b + 1 < size; b++) {
                Rational x = rest.multiply(Rational.of(r.nextInt(0, 101), 100));
                p.add(x);
                rest = rest.subtract(x);
            }
            p.add(rest);
            List<DyadicInterval> boxes = new ArrayList<>();
            List<DyadicInterval> values = new ArrayList<>();
            for (Rational x : p) {
                Rational lo = x.subtract(Rational.of(r.nextInt(0, 40), 100)).max(Rational.ZERO);
                Rational hi = x.add(Rational.of(r.nextInt(0, 40), 100)).min(Rational.ONE);
                boxes.add(DyadicInterval.of(lo).lower().to(DyadicInterval.of(hi).upper()));
                values.add(DyadicInterval.of(Rational.of(r.nextInt(-100, 101), r.nextInt(1, 8))));
            }
            return new Weights(boxes, values, p);
        }

        Rational pointValue() {
            Rational v = Rational.ZERO;
            for (int b = 0; b < point.size(); b++) {
                v = v.add(point.get(b).multiply(values.get(b).loRational()));
            }
            return v;
        }
    }

    /**
     * Negative control: on Dec-Tiger at horizon 2 and τ = 10 (two stationary points, STAT-K) no range is proved, and
     * a box the Krawczyk test accepts around one of the two points is rejected as a uniqueness claim: the iteration
     * from [0, 1]^N does not lead into it.
     */
    @Test
    void atTauTenNoRangeIsProvedAndAKrawczykBoxAloneIsRejected() {
        DecPomdp m = StatKProperty.decTiger();
        Rational tau = Rational.of(10);
        assertThat(CertifiedOnset.rangeProof(m, 2, StationarySystem.Form.B).prove(tau, tau)).isNull();
        StationarySystem sys = new StationarySystem(m, 2, tau, StationarySystem.Form.B);
        BoxCertifier.Outcome o = BoxCertifier.certify(sys, StatKProperty.uniformFlowLimit(m, sys, tau));
        assertThat(o.certified()).isTrue();
        assertThat(Krawczyk.test(sys, o.box()).holds()).as("the box alone passes Krawczyk").isTrue();
        int steps = ResponseIteration.run(sys, 200, true).steps();
        StationaryCertificate forged = new StationaryCertificate("bundled:dectiger", Bundled.text("bundled:dectiger",
            Limits.DEFAULT), false, m.discount(), 2, tau, StationarySystem.Form.B, List.of(),
            List.of(new StationaryCertificate.UniqueRange(tau, tau, steps, o.box())));
        StationaryChecker.Report report = StationaryChecker.check(forged, Limits.DEFAULT);
        assertThat(report.valid()).isFalse();
        assertThat(report.findings()).anyMatch(f -> f.contains("does not contain where"));
        // the same claim at τ = 200, where the point is unique, is accepted
        Rational high = Rational.of(200);
        StationaryCertificate.UniqueRange proved = CertifiedOnset.rangeProof(m, 2, StationarySystem.Form.B)
            .prove(high, high);
        assertThat(proved).isNotNull();
        StationaryCertificate good = new StationaryCertificate("bundled:dectiger", Bundled.text("bundled:dectiger",
            Limits.DEFAULT), false, m.discount(), 2, high, StationarySystem.Form.B, List.of(), List.of(proved));
        assertThat(StationaryChecker.check(good, Limits.DEFAULT).valid()).isTrue();
        assertThat(proved.box().stream().map(Interval::width).max(BigDecimal::compareTo).orElseThrow())
            .isLessThan(new BigDecimal("1e-6"));
    }
}
