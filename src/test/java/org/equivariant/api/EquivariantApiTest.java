package org.equivariant.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.equivariant.api.EquivariantAssertions.assertThat;

import java.util.List;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/**
 * The library surface as a downstream user sees it: load, solve, check, symmetries, Markov QREs, and the AssertJ
 * assertions — passing on right answers and failing, with the certified QRE and the distance, on wrong ones.
 */
class EquivariantApiTest {
    /** A hand-written damped logit fixed-point iteration, standing in for a user's solver. */
    static List<List<Double>> naiveLogitSolver(NormalFormGame g, double lambda) {
        double[] p = {0.5, 0.5};
        double[] q = {0.5, 0.5};
        for (int t = 0; t < 20_000; t++) {
            double[] up = new double[2];
            double[] uq = new double[2];
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    up[a] += q[b] * g.payoff(0, a, b).doubleValue();
                    uq[b] += p[a] * g.payoff(1, a, b).doubleValue();
                }
            }
            double zp = Math.exp(lambda * up[0]) + Math.exp(lambda * up[1]);
            double zq = Math.exp(lambda * uq[0]) + Math.exp(lambda * uq[1]);
            for (int a = 0; a < 2; a++) {
                p[a] = 0.5 * p[a] + 0.5 * Math.exp(lambda * up[a]) / zp;
                q[a] = 0.5 * q[a] + 0.5 * Math.exp(lambda * uq[a]) / zq;
            }
        }
        return List.of(List.of(p[0], p[1]), List.of(q[0], q[1]));
    }

    @Test
    void aCorrectSolverPassesAndAWrongOneFailsWithTheCertifiedQre() {
        NormalFormGame g = Equivariant.game("bundled:const_sum_game");
        assertThat(naiveLogitSolver(g, 2)).isQreOf(g).atLambda("2").within("1e-9");
        assertThat(g).hasUniqueQreAt("1/2");
        assertThatThrownBy(() -> assertThat(naiveLogitSolver(g, 1.9)).isQreOf(g).atLambda("2").within("1e-9"))
            .isInstanceOf(AssertionError.class).hasMessageContaining("certified QRE")
            .hasMessageContaining("(the QRE is unique)").hasMessageContaining("is 0.0");
    }

    @Test
    void qreCheckSymmetriesAndMarkov() {
        NormalFormGame g = Equivariant.game("bundled:coord2");
        Equivariant.Qre q = Equivariant.qre(g, "1/2", 25);
        org.assertj.core.api.Assertions.assertThat(q.principal()).isTrue();
        org.assertj.core.api.Assertions.assertThat(q.width()).isLessThan(new java.math.BigDecimal("1e-20"));
        org.assertj.core.api.Assertions.assertThat(Equivariant.check(q.certificateJson()).valid()).isTrue();
        org.assertj.core.api.Assertions.assertThat(Equivariant.symmetries(g).order().intValue()).isPositive();
        assertThat(q.profile().stream().map(row -> row.stream().map(x -> x.mid().doubleValue()).toList()).toList())
            .isEquivariantUnder(Equivariant.symmetries(g), 1e-15);
        MarkovGame m = Equivariant.markovGame("bundled:markov_matching_pennies");
        Equivariant.MarkovQre mq = Equivariant.markovQre(m, "7");
        org.assertj.core.api.Assertions.assertThat(mq.unique()).isTrue();
        org.assertj.core.api.Assertions.assertThat(mq.npgRate()).as("NPG-EX needs a larger tau here").isNull();
        org.assertj.core.api.Assertions.assertThat(Equivariant.check(mq.certificateJson()).valid()).isTrue();
        Equivariant.MarkovQre hot = Equivariant.markovQre(m, "256");
        org.assertj.core.api.Assertions.assertThat(hot.npgRate().doubleValue()).isBetween(0.9, 0.92);
        org.assertj.core.api.Assertions.assertThat(Equivariant.check(hot.certificateJson()).valid()).isTrue();
        Equivariant.MarkovQre principal = Equivariant.principalMarkovQre(m, "1").orElseThrow();
        Equivariant.Check pc = Equivariant.check(principal.certificateJson());
        org.assertj.core.api.Assertions.assertThat(pc.valid()).isTrue();
        org.assertj.core.api.Assertions.assertThat(pc.findings()).anyMatch(f -> f.contains("QRE 1 lies on it"));
        org.assertj.core.api.Assertions.assertThat(Equivariant.principalMarkovQre(Equivariant.markovGame(
            "bundled:markov_prisoners_dilemma"), "1")).isPresent();
        // matching pennies' chain to τ = 1 has 4 pieces: a limit of 3 leaves no principal QRE
        org.assertj.core.api.Assertions.assertThat(Equivariant.principalMarkovQre(m, "1", 4)).isPresent();
        org.assertj.core.api.Assertions.assertThat(Equivariant.principalMarkovQre(m, "1", 3)).isEmpty();
        assertThatThrownBy(() -> assertThat(Equivariant.game("bundled:2x2x2")).hasUniqueQreAt("1"))
            .isInstanceOf(AssertionError.class).hasMessageContaining("uniqueness is not proved");
    }

    @Test
    void aDecPomdpStationaryPointProvedUniqueOnARange() {
        java.util.Optional<String> proof = Equivariant.uniqueStationaryPoint("bundled:dectiger", 2, "200", "210");
        org.assertj.core.api.Assertions.assertThat(proof).isPresent();
        Equivariant.Check c = Equivariant.check(proof.get());
        org.assertj.core.api.Assertions.assertThat(c.valid()).as(c.findings().toString()).isTrue();
        org.assertj.core.api.Assertions.assertThat(c.findings()).anyMatch(f -> f.contains("for every tau in the range"));
        // at τ = 10 Dec-Tiger has two stationary points (STAT-K): nothing is proved
        org.assertj.core.api.Assertions.assertThat(Equivariant.uniqueStationaryPoint("bundled:dectiger", 2, "10", "10"))
            .isEmpty();
    }
}
