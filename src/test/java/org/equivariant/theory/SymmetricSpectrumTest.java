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

    /** A symmetric n × n matrix with entries drawn from {@code entry} (lower triangle, mirrored). */
    static long[][] symmetric(int n, java.util.function.LongSupplier entry) {
        long[][] a = new long[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                a[i][k] = entry.getAsLong();
                a[k][i] = a[i][k];
            }
        }
        return a;
    }

    @Test
    void enclosuresAreConsistentWithTheDecisionOnRandomMatrices() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            long[][] a = symmetric(r.nextInt(2, 30), () -> r.nextInt(-5, 6));
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
            .hasMessage("the matrix is not symmetric: entry (2,1) = 3 but (1,2) = 2");
        assertThatThrownBy(() -> SymmetricSpectrum.isPositiveDefinite(m(new long[][] {{1, 2}, {3}})))
            .hasMessage("row 2 has 1 entries, expected 2");
    }

    /**
     * The decision from an enclosure at each of its branches, against the exact λ_max = 3 of [[2, 1], [1, 2]]: above
     * the enclosure yes, at or below its lower end no, inside it the exact test — including t = λ_max itself, where
     * "below" is false even when t is the enclosure's upper end.
     */
    @Test
    void theDecisionFromAnEnclosureAtItsEnds() {
        List<List<Rational>> a = m(new long[][] {{2, 1}, {1, 2}});
        SymmetricSpectrum.Enclosure loose = new SymmetricSpectrum.Enclosure(Rational.ZERO, Rational.of(10));
        assertThat(SymmetricSpectrum.lambdaMaxBelow(a, loose, Rational.of(11))).isTrue();
        assertThat(SymmetricSpectrum.lambdaMaxBelow(a, loose, Rational.of(10))).isTrue();
        assertThat(SymmetricSpectrum.lambdaMaxBelow(a, loose, Rational.of(5))).isTrue();
        assertThat(SymmetricSpectrum.lambdaMaxBelow(a, loose, Rational.of(3))).isFalse();
        assertThat(SymmetricSpectrum.lambdaMaxBelow(a, loose, Rational.of(2))).isFalse();
        assertThat(SymmetricSpectrum.lambdaMaxBelow(a, loose, Rational.ZERO)).isFalse();
        SymmetricSpectrum.Enclosure exact = new SymmetricSpectrum.Enclosure(Rational.of(3), Rational.of(3));
        assertThat(SymmetricSpectrum.lambdaMaxBelow(a, exact, Rational.of(3))).isFalse();
        assertThat(SymmetricSpectrum.lambdaMaxBelow(a, exact, Rational.of(301, 100))).isTrue();
    }

    /**
     * The starting enclosure (what {@code lambdaMax} returns when no narrowing is asked) is already tight: for a
     * non-negative matrix (with zero entries) the power iterate gives Rayleigh and Collatz–Wielandt bounds within
     * 10^−9, for a matrix of either sign the Rayleigh lower bound is within 10^−9 of the narrowed λ_max.
     */
    @Test
    void theStartingEnclosureIsTight() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 10; trial++) {
            int n = r.nextInt(3, 12);
            long[][] pos = symmetric(n, () -> r.nextInt(0, 4) == 0 ? 0 : r.nextInt(1, 9));
            long[][] mixed = symmetric(n, () -> r.nextInt(-5, 6));
            Rational huge = Rational.of(1_000_000);
            SymmetricSpectrum.Enclosure start = SymmetricSpectrum.lambdaMax(m(pos), huge);
            assertThat(start.width()).as("non-negative %d×%d", n, n).isLessThan(Rational.of(1, 1_000_000_000));
            SymmetricSpectrum.Enclosure mixedStart = SymmetricSpectrum.lambdaMax(m(mixed), huge);
            SymmetricSpectrum.Enclosure mixedTight = SymmetricSpectrum.lambdaMax(m(mixed), Rational.of(1,
                1_000_000_000_000L));
            assertThat(mixedTight.lo().subtract(mixedStart.lo())).as("mixed %d×%d", n, n)
                .isLessThan(Rational.of(1, 1_000_000_000));
        }
        // entries of order 10^4: the bisection's short decimals have negative scale at first
        SymmetricSpectrum.Enclosure big = SymmetricSpectrum.lambdaMax(m(new long[][] {{0, 30000, -7}, {30000, 5, 3},
            {-7, 3, -20000}}), Rational.of(1, 1000));
        assertThat(SymmetricSpectrum.lambdaMaxBelow(m(new long[][] {{0, 30000, -7}, {30000, 5, 3}, {-7, 3, -20000}}),
            big.hi().add(Rational.of(1, 1000)))).isTrue();
        assertThat(big.width()).isLessThanOrEqualTo(Rational.of(1, 1000));
    }
}
