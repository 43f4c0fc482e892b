package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
 * {@link ResponseIteration} is the meet of the box and its response; weights that may be negative get the plain sum
 * (the exact-LP comparison of the convex-combination enclosure is in {@code UniqItProperty}).
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

    @Test
    void weightsThatMayBeNegativeFallBackToThePlainSum() {
        // the plain sum holds for any weights in the boxes, which the duality bound needs non-negative
        DyadicInterval plain = DyadicField.INSTANCE.convexCombination(List.of(iv("-1/8", "1/2"), iv("1/2", "9/8")),
            List.of(DyadicInterval.of(Rational.of(3)), DyadicInterval.of(Rational.of(-1))));
        same(plain, "-3/2", "1");
    }

    /**
     * With {@code untilStalled}, the run stops at the first step k with width below 10⁻¹², or, after the four warm-up
     * steps, with width above 98 % of step k − 1's; the widths are re-read here from fixed-length runs. At τ = 100 the
     * iteration converges, at τ = 1/2 it stalls.
     */
    @Test
    void aRunUntilStalledStopsAtTheFirstConvergedOrStalledStep() {
        for (Rational tau : new Rational[] {Rational.of(100), Rational.of(1, 2)}) {
            StationarySystem sys = new StationarySystem(TIGER, 2, tau, StationarySystem.Form.B);
            ResponseIteration.Run run = ResponseIteration.run(sys, 500, true);
            assertThat(run.steps()).as("τ = %s", tau).isBetween(1, 499);
            double previous = 1;
            for (int k = 1; k <= run.steps(); k++) {
                ResponseIteration.Run fixed = ResponseIteration.run(sys, k, false);
                assertThat(fixed.steps()).isEqualTo(k);
                double w = fixed.width();
                boolean stop = w < 1e-12 || (k > 4 && w > 0.98 * previous);
                assertThat(stop).as("τ = %s, step %d of %d: width %s after %s", tau, k, run.steps(), w, previous)
                    .isEqualTo(k == run.steps());
                previous = w;
            }
            assertThat(run.width()).isEqualTo(previous);
            assertThat(run.width() < 1e-12).as("τ = %s converged (else stalled)", tau).isEqualTo(tau.compareTo(
                Rational.ONE) > 0);
        }
    }
}
