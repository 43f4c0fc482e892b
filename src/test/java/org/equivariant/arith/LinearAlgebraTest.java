package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Exact linear algebra over the rationals, each result checked by code written here: products by the triple loop,
 * determinants by the Leibniz formula, solutions and inverses by multiplying back; the dyadic fast path of the matrix
 * product against the exact rational product.
 */
class LinearAlgebraTest {
    static final RationalField Q = RationalField.INSTANCE;

    static List<List<Rational>> random(SplittableRandom r, int n, int m, boolean zeros) {
        List<List<Rational>> a = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Rational> row = new ArrayList<>();
            for (int j = 0; j < m; j++) {
                row.add(zeros && r.nextInt(3) == 0 ? Rational.ZERO : Rational.of(r.nextInt(-9, 10), r.nextInt(1, 5)));
            }
            a.add(row);
        }
        return a;
    }

    static Rational leibniz(List<List<Rational>> a) {
        Rational det = Rational.ZERO;
        for (org.equivariant.symmetry.Permutation perm : org.equivariant.symmetry.Permutation.all(a.size())) {
            int[] p = perm.images();
            Rational term = Rational.ONE;
            for (int i = 0; i < p.length; i++) {
                term = term.multiply(a.get(i).get(p[i]));
            }
            det = inversions(p) % 2 == 0 ? det.add(term) : det.subtract(term);
        }
        return det;
    }

    static int inversions(int[] p) {
        int k = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = i + 1; j < p.length; j++) {
                k += p[i] > p[j] ? 1 : 0;
            }
        }
        return k;
    }

    static List<List<Rational>> naiveProduct(List<List<Rational>> a, List<List<Rational>> b) {
        List<List<Rational>> out = new ArrayList<>();
        for (List<Rational> row : a) {
            List<Rational> r = new ArrayList<>();
            for (int j = 0; j < b.get(0).size(); j++) {
                Rational s = Rational.ZERO;
                for (int l = 0; l < b.size(); l++) {
                    s = s.add(row.get(l).multiply(b.get(l).get(j)));
                }
                r.add(s);
            }
            out.add(r);
        }
        return out;
    }

    @Test
    void productsSumsScalesAndTransposesAreExact() {
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 50; t++) {
            int n = r.nextInt(1, 5);
            int k = r.nextInt(1, 5);
            int m = r.nextInt(1, 5);
            List<List<Rational>> a = random(r, n, k, true);
            List<List<Rational>> b = random(r, k, m, true);
            assertThat(LinearAlgebra.multiply(Q, a, b)).isEqualTo(naiveProduct(a, b));
            List<Rational> x = random(r, 1, k, true).get(0);
            List<List<Rational>> column = x.stream().map(List::of).toList();
            assertThat(LinearAlgebra.apply(Q, a, x)).isEqualTo(naiveProduct(a, column).stream().map(row -> row.get(0))
                .toList());
            List<List<Rational>> c = random(r, n, k, false);
            Rational s = Rational.of(r.nextInt(-5, 6), r.nextInt(1, 4));
            List<List<Rational>> sum = LinearAlgebra.add(Q, a, c);
            List<List<Rational>> scaled = LinearAlgebra.scale(Q, s, a);
            List<List<Rational>> tr = LinearAlgebra.transpose(a);
            assertThat(tr).hasSize(k);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    assertThat(sum.get(i).get(j)).isEqualTo(a.get(i).get(j).add(c.get(i).get(j)));
                    assertThat(scaled.get(i).get(j)).isEqualTo(s.multiply(a.get(i).get(j)));
                    assertThat(tr.get(j).get(i)).isEqualTo(a.get(i).get(j));
                }
            }
            List<List<Rational>> id = LinearAlgebra.identity(Q, n);
            assertThat(LinearAlgebra.multiply(Q, id, a)).isEqualTo(a);
        }
    }

    @Test
    void determinantsSolutionsAndInversesAreExact() {
        SplittableRandom r = new SplittableRandom(5);
        int solved = 0;
        for (int t = 0; t < 80; t++) {
            int n = r.nextInt(1, 5);
            List<List<Rational>> a = random(r, n, n, t % 2 == 0);
            Rational det = leibniz(a);
            assertThat(LinearAlgebra.determinant(Q, a)).as("det of %s", a).isEqualTo(det);
            if (det.isZero()) {
                continue;
            }
            solved++;
            List<Rational> b = random(r, 1, n, false).get(0);
            List<Rational> x = LinearAlgebra.solve(Q, a, b);
            assertThat(LinearAlgebra.apply(Q, a, x)).isEqualTo(b);
            assertThat(naiveProduct(a, LinearAlgebra.inverse(Q, a))).isEqualTo(LinearAlgebra.identity(Q, n));
        }
        assertThat(solved).isGreaterThan(40);
    }

    @Test
    void rowSwapsFlipTheSignAndSingularMatricesAreRefused() {
        assertThat(LinearAlgebra.identity(Q, 2)).isEqualTo(List.of(List.of(Rational.ONE, Rational.ZERO),
            List.of(Rational.ZERO, Rational.ONE)));
        // a permutation matrix needing one swap, then two
        List<List<Rational>> swap = List.of(List.of(Rational.ZERO, Rational.ONE), List.of(Rational.ONE, Rational.ZERO));
        assertThat(LinearAlgebra.determinant(Q, swap)).isEqualTo(Rational.ONE.negate());
        List<List<Rational>> cycle = List.of(List.of(Rational.ZERO, Rational.ONE, Rational.ZERO),
            List.of(Rational.ZERO, Rational.ZERO, Rational.ONE), List.of(Rational.ONE, Rational.ZERO, Rational.ZERO));
        assertThat(LinearAlgebra.determinant(Q, cycle)).isEqualTo(Rational.ONE);
        // partial pivoting chooses the larger entry: the result is still exact
        List<List<Rational>> pivot = List.of(List.of(Rational.of(1, 1000), Rational.ONE),
            List.of(Rational.ONE, Rational.ONE));
        assertThat(LinearAlgebra.determinant(Q, pivot)).isEqualTo(Rational.of(1, 1000).subtract(Rational.ONE));
        List<List<Rational>> singular = List.of(List.of(Rational.ONE, Rational.TWO), List.of(Rational.of(2),
            Rational.of(4)));
        assertThat(LinearAlgebra.determinant(Q, singular)).isEqualTo(Rational.ZERO);
        List<List<Rational>> zeroColumn = List.of(List.of(Rational.ZERO, Rational.ONE), List.of(Rational.ZERO,
            Rational.TWO));
        assertThat(LinearAlgebra.determinant(Q, zeroColumn)).isEqualTo(Rational.ZERO);
        assertThatThrownBy(() -> LinearAlgebra.solve(Q, singular, List.of(Rational.ONE, Rational.ONE)))
            .isInstanceOf(ArithmeticException.class).hasMessageContaining("singular matrix");
        assertThatThrownBy(() -> LinearAlgebra.inverse(Q, zeroColumn)).isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("column 0");
        // a zero below the pivot is skipped, not divided
        List<List<Rational>> upper = List.of(List.of(Rational.TWO, Rational.ONE), List.of(Rational.ZERO,
            Rational.of(3)));
        assertThat(LinearAlgebra.solve(Q, upper, List.of(Rational.of(5), Rational.of(6)))).containsExactly(
            Rational.of(3, 2), Rational.TWO);
    }

    /**
     * The dyadic fast path of the product and of a matrix applied to a vector (midpoint–radius) encloses the exact
     * rational result, within a few units of a double's precision.
     */
    @Test
    void theDyadicProductEnclosesTheExactProduct() {
        SplittableRandom r = new SplittableRandom(7);
        DyadicField d = DyadicField.INSTANCE;
        for (int t = 0; t < 30; t++) {
            int n = r.nextInt(1, 5);
            int k = r.nextInt(1, 5);
            int m = r.nextInt(1, 5);
            List<List<Rational>> a = random(r, n, k, true);
            List<List<Rational>> b = random(r, k, m, true);
            List<List<DyadicInterval>> da = a.stream().map(row -> row.stream().map(d::of).toList()).toList();
            List<List<DyadicInterval>> db = b.stream().map(row -> row.stream().map(d::of).toList()).toList();
            List<List<DyadicInterval>> p = LinearAlgebra.multiply(d, da, db);
            List<List<Rational>> exact = naiveProduct(a, b);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    assertThat(d.toInterval(p.get(i).get(j)).contains(exact.get(i).get(j))).isTrue();
                }
            }
            // every column of B as x, by apply and by one prepared operator (A converted once)
            UnaryOperator<List<DyadicInterval>> prepared = LinearAlgebra.applying(d, da);
            for (int col = 0; col < m; col++) {
                int c = col;
                List<DyadicInterval> x = b.stream().map(row -> d.of(row.get(c))).toList();
                for (List<DyadicInterval> ax : List.of(LinearAlgebra.apply(d, da, x), prepared.apply(x))) {
                    assertThat(ax).hasSize(n);
                    for (int i = 0; i < n; i++) {
                        Rational exactRow = exact.get(i).get(c);
                        Interval enclosure = d.toInterval(ax.get(i));
                        assertThat(enclosure.contains(exactRow)).as("row %d of A·x", i).isTrue();
                        assertThat(enclosure.width().doubleValue()).as("row %d of A·x", i)
                            .isLessThan(1e-13 * (1 + Math.abs(exactRow.doubleValue())));
                    }
                }
            }
        }
    }

    /**
     * x ↦ M·x for a midpoint–radius matrix prepared once: M encloses a random rational A (entries k/3, so most are
     * not doubles and carry a radius); in the dyadic arithmetic (its product, x scaled) at unit scale and at 2⁻¹⁵⁰⁰,
     * and in 40-digit decimal intervals (M's entries converted), the image contains A·x computed here in rationals,
     * within a few units of a double's precision.
     */
    @Test
    void aMidpointRadiusMatrixAppliedToXEnclosesTheProduct() {
        SplittableRandom r = new SplittableRandom(13);
        DyadicField d = DyadicField.INSTANCE;
        IntervalField decimal = new IntervalField(40);
        for (int t = 0; t < 40; t++) {
            int n = r.nextInt(1, 5);
            int k = r.nextInt(1, 5);
            List<List<Rational>> a = random(r, n, k, true).stream().map(row -> row.stream().map(v -> v.divide(
                Rational.of(3))).toList()).toList();
            MidRadMatrix m = MidRadMatrix.of(a.stream().map(row -> row.stream().map(d::of).toArray(
                DyadicInterval[]::new)).toArray(DyadicInterval[][]::new));
            List<Rational> x = new ArrayList<>();
            for (int l = 0; l < k; l++) {
                // nonzero, so that the vector's scale is its entries' (an all-zero x keeps the absolute floor)
                x.add(Rational.of(r.nextBoolean() ? r.nextInt(1, 10) : -r.nextInt(1, 10), r.nextInt(1, 5)));
            }
            for (Rational scale : List.of(Rational.ONE, Rational.of(java.math.BigInteger.ONE, java.math.BigInteger.TWO
                .pow(1500)))) {
                List<Rational> xs = x.stream().map(v -> v.multiply(scale)).toList();
                List<Interval> dyadic = LinearAlgebra.applying(d, m).apply(xs.stream().map(d::of).toList()).stream()
                    .map(d::toInterval).toList();
                List<Interval> inDecimals = LinearAlgebra.applying(decimal, m).apply(xs.stream().map(decimal::of)
                    .toList());
                for (int i = 0; i < n; i++) {
                    Rational exact = Rational.ZERO;
                    for (int l = 0; l < k; l++) {
                        exact = exact.add(a.get(i).get(l).multiply(xs.get(l)));
                    }
                    Rational size = Rational.ONE.add(xs.stream().map(Rational::abs).reduce(Rational.ZERO,
                        Rational::max).divide(scale));
                    List<Interval> both = scale.equals(Rational.ONE) ? List.of(dyadic.get(i), inDecimals.get(i))
                        : List.of(dyadic.get(i));
                    for (Interval enclosure : both) {
                        assertThat(enclosure.contains(exact)).as("row %d, case %d", i, t).isTrue();
                        assertThat(Rational.of(enclosure.width()).divide(scale).doubleValue()).as("row %d, case %d",
                            i, t).isLessThan(1e-13 * size.doubleValue() * (1 + k * maxAbs(a).doubleValue()));
                    }
                }
            }
        }
    }

    private static Rational maxAbs(List<List<Rational>> a) {
        return a.stream().flatMap(List::stream).map(Rational::abs).reduce(Rational.ZERO, Rational::max);
    }

    /**
     * A prepared dyadic product of vectors far outside the doubles' range (entries times 2^±1500) encloses the exact
     * product as tightly, relative to its size, as at unit scale: x is scaled into the range and the product back.
     */
    @Test
    void theDyadicProductKeepsItsPrecisionFarOutsideTheDoublesRange() {
        SplittableRandom r = new SplittableRandom(11);
        DyadicField d = DyadicField.INSTANCE;
        for (int t = 0; t < 30; t++) {
            int n = r.nextInt(1, 5);
            int k = r.nextInt(1, 5);
            List<List<Rational>> a = random(r, n, k, true);
            UnaryOperator<List<DyadicInterval>> prepared = LinearAlgebra.applying(d, a.stream().map(row -> row.stream()
                .map(d::of).toList()).toList());
            List<Rational> x0 = random(r, 1, k, false).get(0);
            for (int e : new int[] {-1500, 1500}) {
                Rational scale = e < 0 ? Rational.of(java.math.BigInteger.ONE, java.math.BigInteger.TWO.pow(-e))
                    : Rational.of(java.math.BigInteger.TWO.pow(e));
                List<Rational> x = x0.stream().map(v -> v.multiply(scale)).toList();
                List<DyadicInterval> ax = prepared.apply(x.stream().map(d::of).toList());
                for (int i = 0; i < n; i++) {
                    Rational exact = Rational.ZERO;
                    for (int l = 0; l < k; l++) {
                        exact = exact.add(a.get(i).get(l).multiply(x.get(l)));
                    }
                    Interval enclosure = d.toInterval(ax.get(i));
                    assertThat(enclosure.contains(exact)).as("row %d at 2^%d", i, e).isTrue();
                    Rational width = Rational.of(enclosure.width()).divide(scale);
                    assertThat(width.doubleValue()).as("row %d at 2^%d, width over the scale", i, e)
                        .isLessThan(1e-13 * (1 + Math.abs(exact.divide(scale).doubleValue())));
                }
            }
        }
    }
}
