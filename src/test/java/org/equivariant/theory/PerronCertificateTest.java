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

    /**
     * A random non-negative n×n matrix with every row summing to c, conjugated by a random positive diagonal D:
     * ρ(DMD⁻¹) = c exactly (the all-ones vector is M's Perron vector), while no row sum of the conjugate is c.
     */
    private static List<List<Rational>> withRadius(java.util.SplittableRandom rnd, int n, Rational c) {
        Rational[] d = new Rational[n];
        for (int i = 0; i < n; i++) {
            d[i] = Rational.of(rnd.nextInt(1, 9), rnd.nextInt(1, 9));
        }
        List<List<Rational>> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] raw = new long[n];
            long sum = 0;
            for (int k = 0; k < n; k++) {
                raw[k] = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1, 10);
                sum += raw[k];
            }
            if (sum == 0) {
                raw[i] = 1;
                sum = 1;
            }
            List<Rational> row = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) {
                row.add(c.multiply(Rational.of(raw[k], sum)).multiply(d[i]).divide(d[k]));
            }
            out.add(row);
        }
        return out;
    }

    @Test
    void everyTemperatureAboveAnExactlyKnownRadiusIsDecidedAndNoneAtIt() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(20261202);
        for (int trial = 0; trial < 40; trial++) {
            int n = rnd.nextInt(2, 9);
            Rational c = Rational.of(rnd.nextInt(1, 50), rnd.nextInt(1, 7));
            List<List<Rational>> m = withRadius(rnd, n, c);
            // 10⁻³ above ρ: the double solve with 12-digit weights decides it (short weights, no exact solve)
            Rational near = c.multiply(Rational.parse("1.001"));
            PerronCertificate a = PerronCertificate.forTemperature(m, near);
            assertThat(a.provesUniquenessAt(near)).as("trial %d, rho = %s, tau = %s: kappa %s", trial, c, near,
                a.kappa()).isTrue();
            assertThat(a.w()).allSatisfy(w -> assertThat(w.denominator().bitLength()).isLessThanOrEqualTo(48));
            // 10⁻²⁰ above ρ: only the exact solve can decide it, and it must
            Rational tight = c.add(Rational.parse("1e-20"));
            PerronCertificate b = PerronCertificate.forTemperature(m, tight);
            assertThat(b.provesUniquenessAt(tight)).as("trial %d, rho = %s, tau = rho + 1e-20: kappa %s", trial, c,
                b.kappa()).isTrue();
            // at ρ itself nothing is proved; κ ≥ ρ, checked here from the weights (Mw ≤ κw, w > 0) by hand
            PerronCertificate at = PerronCertificate.forTemperature(m, c);
            assertThat(at.provesUniquenessAt(c)).isFalse();
            for (PerronCertificate x : List.of(a, b, at)) {
                assertThat(x.kappa().compareTo(c)).isGreaterThanOrEqualTo(0);
                for (int i = 0; i < n; i++) {
                    Rational mw = Rational.ZERO;
                    for (int k = 0; k < n; k++) {
                        mw = mw.add(m.get(i).get(k).multiply(x.w().get(k)));
                    }
                    assertThat(x.w().get(i).signum()).isPositive();
                    assertThat(mw.compareTo(x.kappa().multiply(x.w().get(i)))).isLessThanOrEqualTo(0);
                }
            }
        }
    }

    /**
     * Beyond the exact solve's size (n = 70 &gt; 64), a reducible matrix [[A, B], [0, C]] with ρ(A) = ρ(C) = c (a
     * Jordan-like coupling, where the power iteration's weights converge slowly) is decided just above c by the
     * double solve alone, with its 12-digit weights.
     */
    @Test
    void aLargeReducibleMatrixIsDecidedByTheDoubleSolve() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        int half = 35;
        Rational c = Rational.of(3);
        List<List<Rational>> a = withRadius(rnd, half, c);
        List<List<Rational>> cc = withRadius(rnd, half, c);
        List<List<Rational>> m = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * half; i++) {
            List<Rational> row = new java.util.ArrayList<>();
            for (int k = 0; k < 2 * half; k++) {
                row.add(i < half ? (k < half ? a.get(i).get(k) : Rational.of(rnd.nextInt(1, 4), 7))
                    : k < half ? Rational.ZERO : cc.get(i - half).get(k - half));
            }
            m.add(row);
        }
        Rational tau = c.multiply(Rational.parse("1.0001"));
        assertThat(PerronCertificate.find(m).provesUniquenessAt(tau)).as("the power iteration alone").isFalse();
        PerronCertificate p = PerronCertificate.forTemperature(m, tau);
        assertThat(p.provesUniquenessAt(tau)).as("kappa %s", p.kappa()).isTrue();
        assertThat(p.w()).allSatisfy(w -> assertThat(w.denominator().bitLength()).isLessThanOrEqualTo(40));
        assertThat(PerronCertificate.forTemperature(m, c).provesUniquenessAt(c)).isFalse();
    }

    @Test
    void aZeroOrNegativeWeightIsNoCertificate() {
        List<List<Rational>> m = m(new long[][] {{1, 2}, {3, 4}});
        for (Rational bad : List.of(Rational.ZERO, Rational.of(-1))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> PerronCertificate.forWeights(m, List.of(
                Rational.ONE, bad))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("w_2");
        }
    }
}
