package org.equivariant.decpomdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.Play;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;
import org.equivariant.symmetry.DecPomdpSymmetries;
import org.equivariant.symmetry.DecPomdpSymmetry;
import org.equivariant.symmetry.EncodedGroup;
import org.equivariant.symmetry.Permutation;
import org.junit.jupiter.api.Test;

class DecPomdpSymmetryTest {
    static final DecPomdpSymmetry LEFT_RIGHT = new DecPomdpSymmetry(Permutation.identity(2), Permutation.parse("(1 2)", 2),
        List.of(Permutation.parse("(2 3)", 3), Permutation.parse("(2 3)", 3)),
        List.of(Permutation.parse("(1 2)", 2), Permutation.parse("(1 2)", 2)));

    static Histories[] histories(DecPomdp m, int horizon) {
        Histories[] h = new Histories[m.numAgents()];
        for (int i = 0; i < h.length; i++) {
            h[i] = new Histories(m.actionCounts()[i], m.observationCounts()[i], horizon);
        }
        return h;
    }

    @Test
    void decTigerLeftRightSymmetryAndAgentSwapAreDiscovered() {
        EncodedGroup<DecPomdpSymmetry> g = DecPomdpSymmetries.fullGroup(DecTiger.TIGER);
        assertThat(g.order()).isEqualTo(BigInteger.valueOf(4));
        assertThat(g.contains(LEFT_RIGHT)).isTrue();
        assertThat(g.elements()).allSatisfy(s -> assertThat(s.violation(DecTiger.TIGER)).isEmpty());
        assertThat(DecPomdpSymmetries.fullGroup(DecTiger.BROADCAST).order()).isEqualTo(BigInteger.ONE);
        assertThat(DecPomdpSymmetries.fullGroup(DecTiger.RECYCLING).order()).isEqualTo(BigInteger.TWO);
    }

    @Test
    void aClaimedSymmetryThatIsNotOneIsRejected() {
        DecPomdpSymmetry statesOnly = new DecPomdpSymmetry(Permutation.identity(2), Permutation.parse("(1 2)", 2),
            List.of(Permutation.identity(3), Permutation.identity(3)),
            List.of(Permutation.identity(2), Permutation.identity(2)));
        assertThat(statesOnly.violation(DecTiger.TIGER)).hasValueSatisfying(v -> assertThat(v).contains("but its image is"));
        assertThatThrownBy(() -> DecPomdpSymmetries.of(DecTiger.TIGER, List.of(statesOnly)))
            .hasMessageContaining("not a symmetry");
    }

    @Test
    void returnsAreInvariantAndHistoriesMapConsistently() {
        SplittableRandom r = new SplittableRandom(4);
        EncodedGroup<DecPomdpSymmetry> g = DecPomdpSymmetries.fullGroup(DecTiger.TIGER);
        for (int horizon = 1; horizon <= 3; horizon++) {
            Histories[] hist = histories(DecTiger.TIGER, horizon);
            DecPomdpEvaluator<Rational> ev = new DecPomdpEvaluator<>(DecTiger.TIGER, horizon, RationalField.INSTANCE);
            var pi = DecTiger.randomPolicy(DecTiger.TIGER.actionCounts(),
                new int[] {hist[0].total(), hist[1].total()}, r);
            for (DecPomdpSymmetry s : g.elements()) {
                // SYM-1 for Dec-POMDPs: J(φπ) = J(π), exactly
                assertThat(ev.expectedReturn(s.apply(pi, hist))).isEqualTo(ev.expectedReturn(pi));
            }
        }
    }

    @Test
    void uniformTieBreakingKeepsEquivarianceLowestIndexDoesNot() {
        Histories[] hist = histories(DecTiger.TIGER, 2);
        // the uniform policy is equivariant and every action ties
        var uniform = new DecPomdpEvaluator<>(DecTiger.TIGER, 2, org.equivariant.arith.DoubleField.INSTANCE).uniform();
        var fair = Play.greedify(uniform, Play.TieRule.UNIFORM, 1e-9);
        var lowest = Play.greedify(uniform, Play.TieRule.LOWEST_INDEX, 1e-9);
        assertThat(LEFT_RIGHT.apply(fair, hist)).isEqualTo(fair);
        assertThat(LEFT_RIGHT.apply(lowest, hist)).isEqualTo(lowest); // action 1 (listen) is fixed by left/right
        DecPomdpSymmetry openSwap = LEFT_RIGHT;
        var openFirst = Play.greedify(new DecPomdpEvaluator<>(DecTiger.TIGER, 2,
            org.equivariant.arith.DoubleField.INSTANCE).policy((i, h) -> List.of(0.2, 0.4, 0.4)),
            Play.TieRule.LOWEST_INDEX, 1e-9);
        // ties between open-left and open-right broken toward open-left: not equivariant
        assertThat(openSwap.apply(openFirst, hist)).isNotEqualTo(openFirst);
        var openFair = Play.greedify(new DecPomdpEvaluator<>(DecTiger.TIGER, 2,
            org.equivariant.arith.DoubleField.INSTANCE).policy((i, h) -> List.of(0.2, 0.4, 0.4)),
            Play.TieRule.UNIFORM, 1e-9);
        assertThat(openSwap.apply(openFair, hist)).isEqualTo(openFair);
    }
}
