package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.Bundled;
import org.equivariant.io.NfgReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * The empirical onset on coord2, judged by the certified branch-and-bound count (code independent of the Newton
 * starts): at the onset the game has exactly one QRE, at the first disagreement more than one.
 */
class EmpiricalOnsetTest {
    private static final NormalFormGame COORD2 = NfgReader.read("coord2", Bundled.text("bundled:coord2",
        Limits.DEFAULT));

    @Test
    void theOnsetBracketsTheTrueOnsetOfCoord2() {
        Rational kappa = Rational.parse("894427191/800000000");
        EmpiricalOnset.Result r = EmpiricalOnset.scan(kappa, 4, Rational.parse("1e-3"),
            tau -> EmpiricalOnset.newtonStartsAgree(COORD2, tau, 8, 1));
        assertThat(r.onset()).isNotNull();
        assertThat(r.firstDisagreement()).isNotNull();
        assertThat(r.firstDisagreement()).isLessThan(r.onset());
        QreEnumeration.Result at = QreEnumeration.enumerate(COORD2, r.onset().reciprocal(),
            QreEnumeration.Options.defaults());
        assertThat(at.complete()).isTrue();
        assertThat(at.solutions()).hasSize(1);
        QreEnumeration.Result below = QreEnumeration.enumerate(COORD2, r.firstDisagreement().reciprocal(),
            QreEnumeration.Options.defaults());
        assertThat(below.complete()).isTrue();
        assertThat(below.solutions()).hasSizeGreaterThan(1);
        assertThat(r.gap(kappa)).isGreaterThan(Rational.ONE);
    }

    @Test
    void aScanThatNeverAgreesHasNoOnsetAndOneThatAlwaysAgreesStopsAtTheFloor() {
        EmpiricalOnset.Result never = EmpiricalOnset.scan(Rational.ONE, 2, Rational.parse("1/10"), tau -> false);
        assertThat(never.onset()).isNull();
        assertThat(never.firstDisagreement()).isEqualTo(Rational.ONE);
        assertThat(never.gap(Rational.ONE)).isNull();
        EmpiricalOnset.Result always = EmpiricalOnset.scan(Rational.ONE, 2, Rational.parse("1/10"), tau -> true);
        assertThat(always.firstDisagreement()).isNull();
        // 2^{-k/2} ≥ 1/10 for k = 0..6
        assertThat(always.points()).isEqualTo(7);
        assertThat(always.onset().doubleValue()).isCloseTo(0.125, org.assertj.core.data.Offset.offset(1e-9));
    }
}
