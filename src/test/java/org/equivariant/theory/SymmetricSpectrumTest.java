package org.equivariant.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;
import org.junit.jupiter.api.Test;

class SymmetricSpectrumTest {
    static List<List<Rational>> m(long[][] a) {
        List<List<Rational>> out = new ArrayList<>();
        for (long[] row : a) {
            List<Rational> r = new ArrayList<>();
            for (long x : row) {
                r.add(Rational.of(x));
            }
            out.add(r);
        }
        return out;
    }

    @Test
    void sylvesterDecidesDefinitenessExactly() {
        assertThat(SymmetricSpectrum.isPositiveDefinite(m(new long[][] {{2, -1}, {-1, 2}}))).isTrue();
        assertThat(SymmetricSpectrum.isPositiveDefinite(m(new long[][] {{1, 2}, {2, 1}}))).isFalse();
        assertThat(SymmetricSpectrum.isPositiveDefinite(m(new long[][] {{1, 1}, {1, 1}}))).isFalse(); // singular
        // the tridiagonal path Laplacian 2I − adjacency is positive definite; 2cos(π/(n+1)) < 2 is λ_max(adjacency)
        long[][] path = new long[6][6];
        for (int i = 0; i < 5; i++) {
            path[i][i + 1] = 1;
            path[i + 1][i] = 1;
        }
        assertThat(SymmetricSpectrum.lambdaMaxBelow(m(path), Rational.TWO)).isTrue();
        assertThat(SymmetricSpectrum.lambdaMaxBelow(m(path), Rational.of(18, 10))).isFalse(); // 2cos(π/7) = 1.8019
        assertThat(SymmetricSpectrum.lambdaMaxBelow(m(path), Rational.of(181, 100))).isTrue();
    }

    @Test
    void enclosuresContainTheClosedForms() {
        // c I_2 contrast matrix: λ_max = 2c exactly, the bounds meet
        SymmetricSpectrum.Enclosure e = SymmetricSpectrum.lambdaMax(m(new long[][] {{0, 6}, {6, 0}}), Rational.of(1, 10));
        assertThat(e.lo()).isEqualTo(Rational.of(6));
        assertThat(e.hi()).isEqualTo(Rational.of(6));
        // golden ratio and √2 (path P3), to 40 digits
        MathContext mc = new MathContext(60);
        Rational width = Rational.of(BigDecimal.ONE.scaleByPowerOfTen(-40));
        BigDecimal phi = BigDecimal.ONE.add(new BigDecimal(5).sqrt(mc)).divide(BigDecimal.valueOf(2), mc);
        e = SymmetricSpectrum.lambdaMax(m(new long[][] {{1, 1}, {1, 0}}), width);
        assertThat(e.width()).isLessThanOrEqualTo(width);
        assertThat(Rational.of(phi)).isBetween(e.lo(), e.hi());
        e = SymmetricSpectrum.lambdaMax(m(new long[][] {{0, 1, 0}, {1, 0, 1}, {0, 1, 0}}), width);
        assertThat(Rational.of(new BigDecimal(2).sqrt(mc))).isBetween(e.lo(), e.hi());
        // indefinite, negative entries: eigenvalues ±1
        e = SymmetricSpectrum.lambdaMax(m(new long[][] {{0, -1}, {-1, 0}}), width);
        assertThat(Rational.ONE).isBetween(e.lo(), e.hi());
    }

    @Test
    void enclosuresAreConsistentWithTheDecisionOnRandomMatrices() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = r.nextInt(2, 30);
            long[][] a = new long[n][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k <= i; k++) {
                    a[i][k] = r.nextInt(-5, 6);
                    a[k][i] = a[i][k];
                }
            }
            Rational w = Rational.of(1, 1_000_000_000_000L);
            SymmetricSpectrum.Enclosure e = SymmetricSpectrum.lambdaMax(m(a), w);
            assertThat(e.width()).isLessThanOrEqualTo(w);
            assertThat(SymmetricSpectrum.lambdaMaxBelow(m(a), e.hi().add(w))).isTrue();
            assertThat(SymmetricSpectrum.lambdaMaxBelow(m(a), e.lo())).isFalse();
        }
    }

    @Test
    void nonSymmetricInputIsRejectedWithThePlace() {
        assertThatThrownBy(() -> SymmetricSpectrum.isPositiveDefinite(m(new long[][] {{1, 2}, {3, 1}})))
            .hasMessageContaining("not symmetric").hasMessageContaining("(2,1)");
    }
}
