package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.io.Bundled;
import org.equivariant.io.DpomdpReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * The pieces of UNIQ-IT's iteration (proofs/UNIQ-IT.md) against the test's own computations: each step of
 * {@link ResponseIteration} is the meet of the box and its response, and the convex-combination enclosure is the exact
 * linear-programming range (it must be sound, and also as tight as the duality argument makes it).
 */
class ResponseIterationTest {
    static final DecPomdp TIGER = DpomdpReader.load("bundled:dectiger", Bundled.text("bundled:dectiger",
        Limits.DEFAULT), DpomdpReader.Options.DEFAULT).model();

    static DyadicInterval iv(String lo, String hi) {
        return DyadicInterval.of(Rational.parse(lo)).lower().to(DyadicInterval.of(Rational.parse(hi)).upper());
    }

    static void same(DyadicInterval x, String lo, String hi) {
        assertThat(x.loRational()).as("lo of %s", x).isEqualTo(Rational.parse(lo));
        assertThat(x.hiRational()).as("hi of %s", x).isEqualTo(Rational.parse(hi));
    }

    @Test
    void stepsAreTheMeetOfTheBoxAndItsResponse() {
        StationarySystem sys = new StationarySystem(TIGER, 2, Rational.of(100), Rational.of(120),
            StationarySystem.Form.B);
        DyadicInterval unit = DyadicInterval.ZERO.to(DyadicInterval.ONE);
        List<DyadicInterval> x = new ArrayList<>();
        for (int k = 0; k < sys.size(); k++) {
            x.add(unit);
        }
        boolean narrowed = false;
        for (int step = 1; step <= 4; step++) {
            List<DyadicInterval> y = sys.onSimplices(DyadicField.INSTANCE).response(x);
            List<DyadicInterval> z = new ArrayList<>();
            for (int k = 0; k < y.size(); k++) {
                DyadicInterval a = x.get(k);
                DyadicInterval b = y.get(k);
                z.add((a.compareLo(b) >= 0 ? a : b).lower().to((a.compareHi(b) <= 0 ? a : b).upper()));
            }
            narrowed |= !z.equals(x);
            List<Interval> run = ResponseIteration.run(sys, step, false).box();
            for (int k = 0; k < z.size(); k++) {
                assertThat(run.get(k)).as("step %d, coordinate %d", step, k).isEqualTo(DyadicField.INSTANCE
                    .toInterval(z.get(k)));
            }
            x = z;
        }
        assertThat(narrowed).as("the iteration narrowed some coordinate in four steps").isTrue();
    }

    /**
     * The exact range of Σ w_b x_b over {l ≤ w ≤ u, Σ w = 1} (x_b points): greedy from the lower ends, the remaining
     * mass to the smallest (largest) values first.
     */
    static Rational[] lpRange(List<Rational> l, List<Rational> u, List<Rational> x) {
        Rational[] out = new Rational[2];
        for (int side = 0; side < 2; side++) {
            List<Integer> order = new ArrayList<>();
            for (int b = 0; b < x.size(); b++) {
                order.add(b);
            }
            order.sort(Comparator.comparing(x::get));
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

    @Test
    void theConvexCombinationIsTheExactLinearProgramRangeUpToRounding() {
        SplittableRandom r = new SplittableRandom(17);
        Rational slack = Rational.of(1, 1_000_000_000_000L);
        for (int rep = 0; rep < 500; rep++) {
            int size = r.nextInt(2, 5);
            List<Rational> p = new ArrayList<>();
            Rational rest = Rational.ONE;
            for (int b = 0; b + 1 < size; b++) {
                Rational x = rest.multiply(Rational.of(r.nextInt(0, 101), 100));
                p.add(x);
                rest = rest.subtract(x);
            }
            p.add(rest);
            List<Rational> l = new ArrayList<>();
            List<Rational> u = new ArrayList<>();
            List<Rational> x = new ArrayList<>();
            List<DyadicInterval> w = new ArrayList<>();
            List<DyadicInterval> xs = new ArrayList<>();
            for (Rational q : p) {
                Rational lo = q.subtract(Rational.of(r.nextInt(0, 40), 100)).max(Rational.ZERO);
                Rational hi = q.add(Rational.of(r.nextInt(0, 40), 100)).min(Rational.ONE);
                Rational v = Rational.of(r.nextInt(-100, 101), 8);
                l.add(lo);
                u.add(hi);
                x.add(v);
                w.add(DyadicInterval.of(lo).lower().to(DyadicInterval.of(hi).upper()));
                xs.add(DyadicInterval.of(v));
            }
            Rational[] exact = lpRange(l, u, x);
            DyadicInterval e = DyadicField.INSTANCE.convexCombination(w, xs);
            assertThat(e.loRational().compareTo(exact[0])).as("sound below, case %d", rep).isNotPositive();
            assertThat(e.hiRational().compareTo(exact[1])).as("sound above, case %d", rep).isNotNegative();
            assertThat(exact[0].subtract(e.loRational()).compareTo(slack)).as("tight below, case %d", rep)
                .isNotPositive();
            assertThat(e.hiRational().subtract(exact[1]).compareTo(slack)).as("tight above, case %d", rep)
                .isNotPositive();
        }
        // weights that may be negative fall back to the plain sum, which holds for any weights in the boxes
        DyadicInterval plain = DyadicField.INSTANCE.convexCombination(List.of(iv("-1/8", "1/2"), iv("1/2", "9/8")),
            List.of(DyadicInterval.of(Rational.of(3)), DyadicInterval.of(Rational.of(-1))));
        same(plain, "-3/2", "1");
    }
}
