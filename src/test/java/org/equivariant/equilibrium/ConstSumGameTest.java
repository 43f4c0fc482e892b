package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.equivariant.TestData;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gambit's const_sum_game.nfg (anchors §1.9): Gambit's published logit QRE at λ = 1, 2, 3 (its tolerance 1e-3), and
 * 50 certified digits cross-checked against the closed form p = 1/(1+e^{−λq}), q = 1/(1+e^{−λ(1−p)}).
 */
class ConstSumGameTest {
    static final NormalFormGame GAME = NfgReader.read(TestData.nfg("const_sum_game.nfg"));

    @ParameterizedTest
    @CsvSource({"1, 0.643, 0.5883", "2, 0.7727, 0.6117", "3, 0.8595, 0.6038"})
    void agreesWithGambitAndGivesFiftyCertifiedDigits(int lambda, double gambitP, double gambitQ) {
        QreResult r = QreSolver.solve(GAME, Rational.of(lambda), QreSolver.Options.digits(50));
        assertThat(r.verdict()).isEqualTo(Verdict.UNIQUE);
        assertThat(r.report().valid()).isTrue();
        assertThat(r.qres()).hasSize(1);
        CertifiedQre q = r.qres().get(0);
        assertThat(q.radius()).isLessThan(Rational.parse("1e-50"));
        Rational p = q.profile().get(0).get(0);
        Rational qq = q.profile().get(1).get(0);
        assertThat(p.doubleValue()).isCloseTo(gambitP, within(1e-3));
        assertThat(qq.doubleValue()).isCloseTo(gambitQ, within(1e-3));
        assertThat(q.profile().get(0).get(1).doubleValue()).isCloseTo(1 - gambitP, within(1e-3));

        // independent 1-D proof: h(p) = g(p) − p is decreasing, g(p) = 1/(1+exp(−λ q(p))); a sign change of h
        // across p ± 1e-50 brackets the first coordinate of the unique QRE
        BigDecimal eps = new BigDecimal("1e-50");
        BigDecimal center = new BigDecimal(p.numerator()).divide(new BigDecimal(p.denominator()),
            new java.math.MathContext(80));
        assertThat(h(center.subtract(eps), lambda).lo().signum()).isPositive();
        assertThat(h(center.add(eps), lambda).hi().signum()).isNegative();
    }

    private static Interval h(BigDecimal p, int lambda) {
        int d = 90;
        Interval one = Interval.ONE;
        Interval lam = Interval.point(BigDecimal.valueOf(lambda));
        Interval pp = Interval.point(p);
        Interval q = one.add(lam.multiply(one.subtract(pp, d), d).negate().exp(d), d).reciprocal(d);
        Interval g = one.add(lam.multiply(q, d).negate().exp(d), d).reciprocal(d);
        return g.subtract(pp, d);
    }
}
