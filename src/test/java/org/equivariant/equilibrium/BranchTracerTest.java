package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The tracer's step control ({@link BranchTracer#lengthFactor}); every piece is still proved by its own test. */
class BranchTracerTest {
    /**
     * On the ratio model ρ(h) = ½ + b·h³ the next length, where no bound cuts it, has ρ = AIM — computed here from the
     * model at the new length, not from the factor's formula.
     */
    @Test
    void oneStepReachesTheAimedRatioOnTheCubicModel() {
        long seed = 20261202L;
        SplittableRandom random = new SplittableRandom(seed);
        int unbounded = 0;
        for (int k = 0; k < 1000; k++) {
            double h = Math.exp(random.nextDouble(-12, 0));
            double b = Math.exp(random.nextDouble(-4, 2.5)) / (h * h * h);
            double ratio = 0.5 + b * h * h * h;
            boolean proved = ratio < 1;
            double factor = BranchTracer.lengthFactor(ratio, proved);
            String where = "seed " + seed + ", b = " + b + ", h = " + h;
            if (proved) {
                assertThat(factor).as(where).isBetween(0.7, 1.6);
            } else {
                assertThat(factor).as(where).isBetween(0.25, 0.8);
            }
            boolean bound = factor == 0.7 || factor == 1.6 || factor == 0.25 || factor == 0.8;
            if (!bound) {
                unbounded++;
                double next = h * factor;
                assertThat(0.5 + b * next * next * next).as(where).isCloseTo(BranchTracer.AIM, within(1e-9));
            }
        }
        assertThat(unbounded).isGreaterThan(300);
    }

    @Test
    void aRatioThatSaysNothingGrowsAfterAProofAndShrinksAfterAFailure() {
        for (double ratio : new double[] {Double.NaN, 0, 0.3, 0.5}) {
            assertThat(BranchTracer.lengthFactor(ratio, true)).isEqualTo(1.6);
            assertThat(BranchTracer.lengthFactor(ratio, false)).isEqualTo(0.4);
        }
        // a failed length is never tried again: even a failure just past the aim shortens the piece
        assertThat(BranchTracer.lengthFactor(BranchTracer.AIM + 1e-6, false)).isEqualTo(0.8);
        assertThat(BranchTracer.lengthFactor(BranchTracer.AIM, true)).isCloseTo(1, within(1e-12));
    }
}
