package org.equivariant.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.equivariant.TestData;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.io.DpomdpReader;
import org.junit.jupiter.api.Test;

/**
 * The block contrast matrix of Dec-Tiger (UNIQ-C (b)): its entries are 0, g or 2g with a zero diagonal, g is the
 * published reward range (20 − (−101) = 121 per step, undiscounted) times the horizon, and the concavity decision agrees
 * with the threshold's enclosure on both sides.
 */
class BlockContrastTest {
    static final DecPomdp TIGER = DpomdpReader.read(TestData.dpomdp("dectiger.dpomdp"));

    @Test
    void decTigersReturnRangeIsTheRewardRangeTimesTheHorizon() {
        assertThat(BlockContrast.returnRange(TIGER, 1)).isEqualTo(Rational.of(121));
        assertThat(BlockContrast.returnRange(TIGER, 2)).isEqualTo(Rational.of(242));
        assertThat(BlockContrast.returnRange(TIGER, 3)).isEqualTo(Rational.of(363));
    }

    @Test
    void theMatrixHasAZeroDiagonalAndEntriesZeroGOrTwoG() {
        BlockContrast c = BlockContrast.of(TIGER, 2);
        Rational g = c.returnRange();
        List<List<Rational>> d = c.delta();
        assertThat(d).hasSize(c.blocks().size());
        int twoG = 0;
        int oneG = 0;
        for (int b = 0; b < d.size(); b++) {
            assertThat(d.get(b).get(b)).as("diagonal %d", b).isEqualTo(Rational.ZERO);
            for (int e = 0; e < d.size(); e++) {
                Rational v = d.get(b).get(e);
                assertThat(v).isEqualTo(d.get(e).get(b));
                assertThat(v).isIn(Rational.ZERO, g, g.multiply(Rational.TWO));
                boolean sameAgent = c.blocks().get(b).agent() == c.blocks().get(e).agent();
                if (v.equals(g)) {
                    oneG++;
                    assertThat(sameAgent).as("g only within an agent").isTrue();
                } else if (!v.isZero()) {
                    twoG++;
                    assertThat(sameAgent).as("2g only across agents").isFalse();
                }
            }
        }
        // horizon 2, two agents with 1 + 3·2 = 7 histories each: within an agent the root extends to its 6 children
        // (12 ordered pairs each), across agents every pair is co-reachable (7·7·2 ordered pairs)
        assertThat(c.blocks()).hasSize(14);
        assertThat(oneG).isEqualTo(24);
        assertThat(twoG).isEqualTo(98);
    }

    @Test
    void concavityIsProvedAboveTheThresholdAndNotBelowIt() {
        BlockContrast c = BlockContrast.of(TIGER, 2);
        SymmetricSpectrum.Enclosure t = c.threshold(Rational.of(1, 1_000_000));
        Rational step = Rational.of(1, 1000);
        assertThat(c.provesConcavityAt(t.hi().add(step))).isTrue();
        assertThat(c.provesConcavityAt(t.lo().subtract(step))).isFalse();
        assertThat(c.provesConcavityAt(t.lo())).isFalse();
    }
}
