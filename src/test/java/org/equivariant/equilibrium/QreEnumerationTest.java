package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

class QreEnumerationTest {
    static final RationalTensor ID = new RationalTensor(new int[] {2, 2},
        List.of(Rational.ONE, Rational.ZERO, Rational.ZERO, Rational.ONE));
    static final NormalFormGame I2 = NormalFormGame.of("I2", List.of(ID, ID));

    @Test
    void belowTheThresholdTheThreeQresAreFoundInDisjointBoxesAroundTheClosedForms() {
        QreEnumeration.Result r = QreEnumeration.enumerate(I2, Rational.of(20, 9), QreEnumeration.Options.defaults());
        assertThat(r.complete()).isTrue();
        assertThat(r.solutions()).hasSize(3);
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                List<Interval> x = r.solutions().get(a);
                List<Interval> y = r.solutions().get(b);
                boolean separated = false;
                for (int k = 0; k < x.size(); k++) {
                    separated |= x.get(k).isDisjointFrom(y.get(k));
                }
                assertThat(separated).as("boxes %d and %d overlap", a, b).isTrue();
            }
        }
        // the uniform QRE (1/2, 1/2; 1/2, 1/2) lies in exactly one box
        long uniform = r.solutions().stream()
            .filter(box -> box.stream().allMatch(i -> i.contains(Rational.of(1, 2)))).count();
        assertThat(uniform).isEqualTo(1);
        // the others are conventions x = y > 1/2 and x = y < 1/2, swapped by relabelling the actions
        assertThat(r.solutions().stream().filter(box -> box.get(0).lo().doubleValue() > 0.6).count()).isEqualTo(1);
        assertThat(r.solutions().stream().filter(box -> box.get(0).hi().doubleValue() < 0.4).count()).isEqualTo(1);
    }

    @Test
    void atTheDegenerateBifurcationItRefusesRatherThanGuesses() {
        // τ = 1/2 exactly: the three QREs merge into a degenerate one where F' is singular; Krawczyk cannot certify it
        QreEnumeration.Result r = QreEnumeration.enumerate(I2, Rational.TWO,
            new QreEnumeration.Options(30, 400, new java.math.BigDecimal("1e-20")));
        assertThat(r.complete()).isFalse();
        assertThat(r.undecided()).isNotEmpty();
        // the degenerate QRE (1/2, 1/2; 1/2, 1/2) is never excluded and never claimed: it sits in an undecided box
        java.util.function.Predicate<List<Interval>> uniform =
            box -> box.stream().allMatch(i -> i.contains(Rational.of(1, 2)));
        assertThat(r.undecided().stream().anyMatch(uniform)).isTrue();
        assertThat(r.solutions().stream().noneMatch(uniform)).isTrue();
    }

    @Test
    void aGeneralSumGameAtHighPrecision() {
        NormalFormGame g = org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("const_sum_game.nfg"));
        QreEnumeration.Result r = QreEnumeration.enumerate(g, Rational.of(2), QreEnumeration.Options.defaults());
        assertThat(r.complete()).isTrue();
        assertThat(r.solutions()).hasSize(1);
        CertifiedQre q = QreSolver.solve(g, Rational.of(2), QreSolver.Options.digits(30)).qres().get(0);
        for (int k = 0; k < q.center().size(); k++) {
            assertThat(r.solutions().get(0).get(k).contains(q.center().get(k))
                || !r.solutions().get(0).get(k).isDisjointFrom(q.enclosure().get(k))).isTrue();
        }
    }

    @Test
    void negativePrecisionIsRejected() {
        assertThatThrownBy(() -> QreEnumeration.enumerate(I2, Rational.of(-1), QreEnumeration.Options.defaults()))
            .hasMessageContaining("non-negative");
    }
}
