package org.equivariant.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.equivariant.arith.Rational;
import org.junit.jupiter.api.Test;

/**
 * {@link PerronCertificate#forTemperature} decides τ &gt; κ whenever ρ(M) &lt; τ, also for reducible and nilpotent M
 * (ρ = 0), where the Collatz–Wielandt infimum is not attained; and never below ρ (κ ≥ ρ for every w &gt; 0).
 */
class PerronCertificateTest {
    private static List<List<Rational>> m(long[][] a) {
        return java.util.Arrays.stream(a).map(r -> java.util.Arrays.stream(r).mapToObj(Rational::of).toList())
            .toList();
    }

    @Test
    void aNilpotentMatrixHasRhoZeroAndEverySmallTemperatureIsDecided() {
        List<List<Rational>> nil = m(new long[][] {{0, 1}, {0, 0}});
        Rational tau = Rational.of(1, 1000);
        PerronCertificate c = PerronCertificate.forTemperature(nil, tau);
        assertThat(c.provesUniquenessAt(tau)).as("kappa %s", c.kappa()).isTrue();
        // the certificate is re-derived exactly from its weights
        assertThat(PerronCertificate.forWeights(nil, c.w()).kappa()).isEqualTo(c.kappa());
        assertThat(PerronCertificate.forTemperature(m(new long[][] {{0, 0}, {0, 0}}), tau).kappa()).isEqualTo(
            Rational.ZERO);
    }

    @Test
    void aReducibleMatrixIsDecidedJustAboveItsRadius() {
        List<List<Rational>> red = m(new long[][] {{1, 1, 0}, {0, 1, 0}, {0, 0, 0}});
        Rational tau = Rational.parse("1.0001");
        // the plain power-iteration weights converge slowly on a Jordan block and do not decide it
        assertThat(PerronCertificate.find(red).provesUniquenessAt(tau)).isFalse();
        assertThat(PerronCertificate.forTemperature(red, tau).provesUniquenessAt(tau)).isTrue();
    }

    @Test
    void belowTheRadiusNothingIsProved() {
        List<List<Rational>> full = m(new long[][] {{1, 1}, {1, 1}});
        Rational tau = Rational.parse("1.99");
        PerronCertificate c = PerronCertificate.forTemperature(full, tau);
        assertThat(c.provesUniquenessAt(tau)).isFalse();
        assertThat(c.kappa()).isGreaterThanOrEqualTo(Rational.TWO);
    }
}
