package org.equivariant.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.equivariant.arith.Rational;
import org.junit.jupiter.api.Test;

class ThresholdsTest {
    @Test
    void iterationCountIsTheLeastSufficientOne() {
        for (String[] c : new String[][] {{"10", "1e-10", "5/8"}, {"3", "1/1000", "99/100"}, {"1", "1e-30", "1/3"}}) {
            Rational d0 = Rational.parse(c[0]);
            Rational eps = Rational.parse(c[1]);
            Rational rate = Rational.parse(c[2]);
            BigInteger t = Thresholds.iterations(d0, eps, rate);
            // exact check: rate^t d0 ≤ ε, and one step fewer is not enough
            assertThat(rate.pow(t.intValueExact()).multiply(d0)).isLessThanOrEqualTo(eps);
            assertThat(rate.pow(t.intValueExact() - 1).multiply(d0)).isGreaterThan(eps);
        }
        assertThat(Thresholds.iterations(Rational.ONE, Rational.TWO, Rational.of(1, 2))).isZero();
    }

    @Test
    void npgRateChecksItsHypotheses() {
        assertThat(Thresholds.npgRate(Rational.of(1, 4), Rational.TWO, Rational.of(1, 2))).isEqualTo(Rational.of(5, 8));
        assertThatThrownBy(() -> Thresholds.npgRate(Rational.ONE, Rational.TWO, Rational.ZERO))
            .hasMessageContaining("0 < η ≤ 1/τ");
        assertThatThrownBy(() -> Thresholds.npgRate(Rational.of(1, 4), Rational.ONE, Rational.TWO))
            .hasMessageContaining("τ > κ");
    }

    @Test
    void perronCertificatesAreValidAndNearTheSpectralRadius() {
        // M = D/4 of the McKelvey–McLennan game; ρ(M) ≈ 7.7353 (sun2024 §4.2)
        List<List<Rational>> d = List.of(List.of(Rational.ZERO, Rational.of(18), Rational.of(12)),
            List.of(Rational.of(16), Rational.ZERO, Rational.of(12)), List.of(Rational.of(18), Rational.of(18),
                Rational.ZERO));
        PerronCertificate c = PerronCertificate.find(InteractionContrast.quarter(d));
        assertThat(c.kappa().doubleValue()).isBetween(7.7352, 7.7354);
        assertThat(PerronCertificate.forWeights(InteractionContrast.quarter(d), c.w()).kappa()).isEqualTo(c.kappa());
        assertThat(Thresholds.gershgorin(d)).isEqualTo(Rational.of(9));
    }

    @Test
    void npgRateAcceptsItsBoundariesAndRefusesJustBeyond() {
        // η = 1/τ is allowed (the logit best response), η = 0 and τ = κ are not
        assertThat(Thresholds.npgRate(Rational.of(1, 2), Rational.TWO, Rational.ONE)).isEqualTo(Rational.of(1, 2));
        assertThatThrownBy(() -> Thresholds.npgRate(Rational.ZERO, Rational.TWO, Rational.ONE))
            .hasMessageContaining("0 < η ≤ 1/τ");
        assertThatThrownBy(() -> Thresholds.npgRate(Rational.of(1, 4), Rational.TWO, Rational.TWO))
            .hasMessageContaining("τ > κ");
        assertThat(Thresholds.iterations(Rational.ONE, Rational.of(1, 1000), Rational.ZERO)).isEqualTo(BigInteger.ONE);
        assertThat(Thresholds.iterations(Rational.ONE, Rational.ONE, Rational.of(1, 2))).isZero();
    }

    @Test
    void spanBoundAndCommonPayoffFromTheirDefinitions() {
        // two players: player 1's payoffs span [0, 3], player 2's [−1, 1]; (N − 1)/2 · 3 = 3/2
        org.equivariant.game.NormalFormGame two = org.equivariant.io.NfgReader.read("two.nfg",
            "NFG 1 R \"t\" { \"1\" \"2\" } { 2 2 }\n0 1 3 -1 1 0 2 1\n");
        assertThat(Thresholds.spanBound(two)).isEqualTo(Rational.of(3, 2));
        assertThat(Thresholds.isCommonPayoff(two)).isFalse();
        // three players with one shared payoff spanning [−2, 5]: (3 − 1)/2 · 7 = 7
        StringBuilder shared = new StringBuilder("NFG 1 R \"c\" { \"1\" \"2\" \"3\" } { 2 2 2 }\n");
        int[] u = {-2, 0, 1, 5, 3, 3, 0, 4};
        for (int x : u) {
            shared.append(x).append(' ').append(x).append(' ').append(x).append(' ');
        }
        org.equivariant.game.NormalFormGame common = org.equivariant.io.NfgReader.read("c.nfg", shared.toString());
        assertThat(Thresholds.isCommonPayoff(common)).isTrue();
        assertThat(Thresholds.spanBound(common)).isEqualTo(Rational.of(7));
    }
}
