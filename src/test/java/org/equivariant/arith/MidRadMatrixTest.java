package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * The double midpoint–radius product against exact rational arithmetic: for random dyadic interval matrices, every
 * product of points chosen in the factors (corners and interior points, computed with {@link Rational}) lies in the
 * enclosure; the rounding-error term is what catches cancellation, and underflow and overflow are handled.
 */
class MidRadMatrixTest {
    record Factors(DyadicInterval[][] a, DyadicInterval[][] b, long seed) {
        @Override
        public String toString() {
            return "factors " + a.length + "×" + b.length + "×" + b[0].length + " (seed " + seed + ")";
        }
    }

    /**
     * A dyadic interval of widely varying scale, sometimes a point, sometimes straddling zero, sometimes exactly 0
     * (runs of which a product skips).
     */
    static DyadicInterval entry(SplittableRandom r) {
        Rational x = DyadicIntervalTest.rational(r);
        DyadicInterval c = DyadicInterval.of(x);
        int kind = r.nextInt(4);
        if (kind == 3) {
            return DyadicInterval.ZERO;
        }
        if (kind == 0) {
            return c.lower();
        }
        Rational w = Rational.of(BigInteger.valueOf(r.nextLong(1, 1000)), BigInteger.TWO.pow(r.nextInt(1, 70)));
        return DyadicInterval.of(x.subtract(w)).to(DyadicInterval.of(x.add(kind == 1 ? w : w.multiply(Rational.of(3)))));
    }

    /** A rows × cols matrix of {@link #entry}s, row by row. */
    static DyadicInterval[][] matrix(SplittableRandom r, int rows, int cols) {
        DyadicInterval[][] x = new DyadicInterval[rows][cols];
        for (DyadicInterval[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = entry(r);
            }
        }
        return x;
    }

    static final Gen<Factors> FACTORS = r -> {
        long seed = r.nextLong();
        SplittableRandom s = new SplittableRandom(seed);
        int n = s.nextBoolean() ? s.nextInt(1, 6) : s.nextInt(6, 20);
        int k = s.nextInt(1, 7);
        int m = s.nextInt(1, 6);
        return new Factors(matrix(s, n, k), matrix(s, k, m), seed);
    };

    /** A point of x: an end or, for t in (0, 1), lo + t·(hi − lo). */
    static Rational point(DyadicInterval x, Rational t) {
        return x.loRational().add(t.multiply(x.hiRational().subtract(x.loRational())));
    }

    /** The midpoint–radius product encloses every product of points of its factors. */
    @Test
    void theProductEnclosesEveryProductOfPoints() {
        Property.forAll("mid-rad products enclose exact products", FACTORS).tries(1500).check(f -> {
            MidRadMatrix[] products = new MidRadMatrix[1];
            try {
                products[0] = MidRadMatrix.of(f.a()).times(MidRadMatrix.of(f.b()));
            } catch (ArithmeticException beyondDoubles) {
                return; // refused, never wrong: the generator's exponents reach 2^±200
            }
            SplittableRandom r = new SplittableRandom(f.seed());
            for (int trial = 0; trial < 4; trial++) {
                Rational[] t = {Rational.ZERO, Rational.ONE, Rational.of(r.nextInt(1, 9), 9), Rational.of(1, 2)};
                for (int i = 0; i < f.a().length; i++) {
                    for (int j = 0; j < f.b()[0].length; j++) {
                        Rational exact = Rational.ZERO;
                        for (int l = 0; l < f.b().length; l++) {
                            exact = exact.add(point(f.a()[i][l], t[r.nextInt(4)]).multiply(point(f.b()[l][j],
                                t[r.nextInt(4)])));
                        }
                        for (MidRadMatrix c : products) {
                            assertThat(DyadicIntervalTest.contains(c.get(i, j), exact)).as("entry (%d, %d): %s in %s",
                                i, j, exact, c.get(i, j)).isTrue();
                        }
                    }
                }
            }
        });
    }

    record Triple(DyadicInterval[][] a, DyadicInterval[][] b, DyadicInterval[][] x, long seed) {
        @Override
        public String toString() {
            return "factors " + a.length + "×" + b.length + "×" + b[0].length + " and a column (seed " + seed + ")";
        }
    }

    /** A (n × k), B (k × n) and a column x (n × 1): square products, so that I − A·B is defined too. */
    static final Gen<Triple> TRIPLES = r -> {
        long seed = r.nextLong();
        SplittableRandom s = new SplittableRandom(seed);
        int n = s.nextInt(1, 8);
        int k = s.nextInt(1, 8);
        return new Triple(matrix(s, n, k), matrix(s, k, n), matrix(s, n, 1), seed);
    };

    /**
     * The products applied to a column at once — (A·B)·x, (I − A·B)·x and the bound by magnitudes — enclose
     * every such product of points, computed exactly in rationals; they are at most a hair wider than the two-step
     * products they replace, and the magnitude bound than |A|·|B|·|x| in rationals (10⁻⁴ relative, and 2⁻⁸⁰⁰: the
     * floors for underflowing products in B·w, which A's entries of up to 2²⁰⁰ then multiply); and the midpoint alone,
     * P·x without the radii, misses some of those points (the control: the radii are needed).
     */
    @Test
    void productsAppliedToAColumnEncloseEveryProductOfPoints() {
        int[] missed = {0};
        Property.forAll("(A·B)·x encloses exact products", TRIPLES).tries(1500).check(f -> {
            MidRadMatrix a = MidRadMatrix.of(f.a());
            MidRadMatrix b = MidRadMatrix.of(f.b());
            MidRadMatrix x = MidRadMatrix.of(f.x());
            MidRadMatrix[] applied = new MidRadMatrix[3];
            MidRadMatrix[] twoStep = new MidRadMatrix[2];
            try {
                applied[0] = a.productTimes(b, x, false);
                applied[1] = a.productTimes(b, x, true);
                applied[2] = a.magnitudesTimes(b, x);
                twoStep[0] = a.times(b).times(x);
                twoStep[1] = a.times(b).identityMinus().times(x);
            } catch (ArithmeticException beyondDoubles) {
                return; // refused, never wrong
            }
            int n = f.a().length;
            int k = f.b().length;
            SplittableRandom r = new SplittableRandom(f.seed());
            for (int trial = 0; trial < 4; trial++) {
                Rational[] t = {Rational.ZERO, Rational.ONE, Rational.of(r.nextInt(1, 9), 9), Rational.of(1, 2)};
                Rational[][] ap = new Rational[n][k];
                Rational[][] bp = new Rational[k][n];
                Rational[] xp = new Rational[n];
                for (int i = 0; i < n; i++) {
                    for (int l = 0; l < k; l++) {
                        ap[i][l] = point(f.a()[i][l], t[r.nextInt(4)]);
                        bp[l][i] = point(f.b()[l][i], t[r.nextInt(4)]);
                    }
                    xp[i] = point(f.x()[i][0], t[r.nextInt(4)]);
                }
                for (int i = 0; i < n; i++) {
                    Rational abx = Rational.ZERO;
                    for (int j = 0; j < n; j++) {
                        Rational ab = Rational.ZERO;
                        for (int l = 0; l < k; l++) {
                            ab = ab.add(ap[i][l].multiply(bp[l][j]));
                        }
                        abx = abx.add(ab.multiply(xp[j]));
                    }
                    Rational identityMinus = xp[i].subtract(abx);
                    assertThat(DyadicIntervalTest.contains(applied[0].get(i, 0), abx)).as("(A·B)·x row %d", i)
                        .isTrue();
                    assertThat(DyadicIntervalTest.contains(applied[1].get(i, 0), identityMinus))
                        .as("(I − A·B)·x row %d", i).isTrue();
                    assertThat(abx.abs().compareTo(applied[2].get(i, 0).hiRational())).as("|(A·B)·x| row %d", i)
                        .isLessThanOrEqualTo(0);
                    DyadicInterval midpointOnly = DyadicInterval.of(applied[0].get(i, 0).estimate() == 0 ? Rational.ZERO
                        : Rational.of(new java.math.BigDecimal(applied[0].get(i, 0).estimate())));
                    if (!DyadicIntervalTest.contains(midpointOnly, abx)) {
                        missed[0]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                // the magnitude bound against |A|·|B|·|x| in exact rationals (the entries' magnitudes)
                Rational bound = Rational.ZERO;
                for (int l = 0; l < k; l++) {
                    Rational bx = Rational.ZERO;
                    for (int j = 0; j < n; j++) {
                        bx = bx.add(magnitude(f.b()[l][j]).multiply(magnitude(f.x()[j][0])));
                    }
                    bound = bound.add(magnitude(f.a()[i][l]).multiply(bx));
                }
                assertThat(applied[2].get(i, 0).hiRational().compareTo(bound.multiply(Rational.of(10001, 10000)).add(
                    Rational.of(BigInteger.ONE, BigInteger.TWO.pow(800))))).as("magnitude bound, row %d", i)
                    .isLessThanOrEqualTo(0);
            }
            for (int m = 0; m < 2; m++) {
                for (int i = 0; i < n; i++) {
                    Rational wide = width(twoStep[m].get(i, 0));
                    assertThat(width(applied[m].get(i, 0)).compareTo(wide.multiply(Rational.of(10001, 10000)).add(
                        Rational.of(BigInteger.ONE, BigInteger.TWO.pow(800))))).as("width, form %d, row %d", m, i)
                        .isLessThanOrEqualTo(0);
                }
            }
        });
        assertThat(missed[0]).as("points the midpoint alone misses").isPositive();
    }

    private static Rational width(DyadicInterval x) {
        return x.hiRational().subtract(x.loRational());
    }

    /** A product with a one-column factor (its own loop) is each column of the product with a wider factor. */
    @Test
    void aMatrixVectorProductIsAColumnOfTheMatrixProduct() {
        Property.forAll("A·b is a column of A·B", FACTORS).tries(500).check(f -> {
            MidRadMatrix a = MidRadMatrix.of(f.a());
            MidRadMatrix wide;
            try {
                // a one-row A twice over: the general product, not the one-row loop's (a bound of its own)
                wide = (f.a().length > 1 ? a : MidRadMatrix.of(new DyadicInterval[][] {f.a()[0], f.a()[0]}))
                    .times(MidRadMatrix.of(f.b()));
            } catch (ArithmeticException beyondDoubles) {
                return;
            }
            int k = f.b().length;
            for (int j = 0; j < f.b()[0].length; j++) {
                DyadicInterval[][] column = new DyadicInterval[k][1];
                for (int l = 0; l < k; l++) {
                    column[l][0] = f.b()[l][j];
                }
                MidRadMatrix c = a.times(MidRadMatrix.of(column));
                for (int i = 0; i < f.a().length; i++) {
                    assertThat(c.get(i, 0)).as("entry (%d, %d)", i, j).isEqualTo(wide.get(i, j));
                }
            }
        });
    }

    /**
     * A product with a one-row factor (its own loop, its radius terms summed to nearest and grown once) lies within
     * the row of the product with a taller factor (the same midpoints) but for a hair (2⁻⁴⁰ of its width: the sums'
     * roundings to nearest instead of upward), and encloses every product of points, computed exactly in rationals.
     */
    @Test
    void aVectorMatrixProductIsARowOfTheMatrixProductAndEnclosesItsPoints() {
        Property.forAll("a·B is a row of A·B", FACTORS).tries(500).check(f -> {
            MidRadMatrix b = MidRadMatrix.of(f.b());
            MidRadMatrix tall;
            try {
                tall = MidRadMatrix.of(f.a()).times(b);
            } catch (ArithmeticException beyondDoubles) {
                return;
            }
            SplittableRandom random = new SplittableRandom(f.seed());
            Rational[] t = {Rational.ZERO, Rational.ONE, Rational.of(random.nextInt(1, 9), 9), Rational.of(1, 2)};
            for (int i = 0; i < f.a().length; i++) {
                MidRadMatrix r = MidRadMatrix.of(new DyadicInterval[][] {f.a()[i]}).times(b);
                for (int j = 0; j < f.b()[0].length; j++) {
                    DyadicInterval row = r.get(0, j);
                    DyadicInterval full = tall.get(i, j);
                    Rational hair = width(full).multiply(Rational.of(BigInteger.ONE, BigInteger.TWO.pow(40)));
                    assertThat(row.loRational().compareTo(full.loRational().subtract(hair)) >= 0
                        && row.hiRational().compareTo(full.hiRational().add(hair)) <= 0).as("entry (%d, %d): %s "
                        + "within %s", i, j, row, full).isTrue();
                    for (int trial = 0; trial < 4; trial++) {
                        Rational exact = Rational.ZERO;
                        for (int l = 0; l < f.b().length; l++) {
                            exact = exact.add(point(f.a()[i][l], t[random.nextInt(4)]).multiply(point(f.b()[l][j],
                                t[random.nextInt(4)])));
                        }
                        assertThat(DyadicIntervalTest.contains(row, exact)).as("entry (%d, %d): %s in %s", i, j,
                            exact, row).isTrue();
                    }
                }
            }
        });
    }

    /**
     * Twenty products of about half the smallest subnormal each round to zero in double; their true sum, about ten
     * times the smallest subnormal, must still be enclosed by the products (the underflow term, not the end-points'
     * outward step): one column, by magnitudes, and one row of two columns.
     */
    @Test
    void underflowingProductsAreCoveredByTheUnderflowTerm() {
        DyadicInterval factor = DyadicInterval.ofDouble(0.7 * Math.scalb(1.0, -537));
        DyadicInterval[][] a = new DyadicInterval[1][20];
        DyadicInterval[][] b = new DyadicInterval[20][1];
        Rational exact = Rational.ZERO;
        for (int l = 0; l < 20; l++) {
            a[0][l] = factor;
            b[l][0] = factor;
            exact = exact.add(factor.loRational().multiply(factor.loRational()));
        }
        assertThat(0.7 * Math.scalb(1.0, -537) * (0.7 * Math.scalb(1.0, -537))).as("each product underflows").isZero();
        // and a one-row product of more than one column (its own loop), where each column is that sum
        DyadicInterval[][] wide = new DyadicInterval[20][2];
        for (DyadicInterval[] row : wide) {
            java.util.Arrays.fill(row, factor);
        }
        MidRadMatrix row = MidRadMatrix.of(a).times(MidRadMatrix.of(wide));
        for (DyadicInterval c : List.of(MidRadMatrix.of(a).times(MidRadMatrix.of(b)).get(0, 0), MidRadMatrix.of(a)
            .magnitudesTimes(MidRadMatrix.of(b), MidRadMatrix.column(List.of(DyadicInterval.ONE))).get(0, 0),
            row.get(0, 0), row.get(0, 1))) {
            assertThat(DyadicIntervalTest.contains(c, exact)).as("%s contains %s", c, exact).isTrue();
        }
    }

    /** Each row's rounding and radius terms are its own: a huge or wide first row leaves the second row tight. */
    @Test
    void rowsDoNotInheritTheirPredecessorsError() {
        DyadicInterval huge = DyadicInterval.of(1L << 40);
        DyadicInterval wide = huge.subtract(DyadicInterval.ONE).hull(huge.add(DyadicInterval.ONE));
        for (DyadicInterval first : List.of(huge, wide)) {
            DyadicInterval[][] a = {{first}, {DyadicInterval.ONE}};
            DyadicInterval[][] b = {{DyadicInterval.ONE}};
            DyadicInterval c = MidRadMatrix.of(a).times(MidRadMatrix.of(b)).get(1, 0);
            assertThat(DyadicIntervalTest.contains(c, Rational.ONE)).isTrue();
            assertThat(c.hiRational().subtract(c.loRational()).compareTo(Rational.of(BigInteger.ONE,
                BigInteger.TWO.pow(40)))).as("row 1 after %s: %s", first, c).isNegative();
        }
    }

    @Test
    void cancellationIsCoveredByTheRoundingTermNotByLuck() {
        // (1 + 2^−60 − 1)·1: the double sum of the midpoints is exactly 0, the true value 2^−60
        Rational tiny = Rational.of(BigInteger.ONE, BigInteger.TWO.pow(60));
        DyadicInterval[][] a = {{DyadicInterval.ONE, DyadicInterval.of(tiny), DyadicInterval.ONE.negate()}};
        DyadicInterval[][] b = {{DyadicInterval.ONE}, {DyadicInterval.ONE}, {DyadicInterval.ONE}};
        DyadicInterval c = MidRadMatrix.of(a).times(MidRadMatrix.of(b)).get(0, 0);
        assertThat(DyadicIntervalTest.contains(c, tiny)).as("%s contains 2^-60", c).isTrue();
        // the same row times two such columns (the one-row loop, whose γ term is summed apart)
        DyadicInterval[][] two = {{DyadicInterval.ONE, DyadicInterval.ONE}, {DyadicInterval.ONE, DyadicInterval.ONE},
            {DyadicInterval.ONE, DyadicInterval.ONE}};
        MidRadMatrix row = MidRadMatrix.of(a).times(MidRadMatrix.of(two));
        for (int j = 0; j < 2; j++) {
            DyadicInterval x = row.get(0, j);
            assertThat(DyadicIntervalTest.contains(x, tiny)).as("%s contains 2^-60", x).isTrue();
            assertThat(width(x).compareTo(Rational.of(BigInteger.ONE, BigInteger.TWO.pow(45)))).isNegative();
        }
        // negative control: the plain double dot product of the midpoints misses the true value
        double plain = 1.0 + Math.scalb(1.0, -60) - 1.0;
        assertThat(plain).isZero();
        // and the enclosure stays tight: a few units of 2^−53 (the rounding term), not a blanket bound
        assertThat(c.hiRational().subtract(c.loRational()).compareTo(Rational.of(BigInteger.ONE,
            BigInteger.TWO.pow(45)))).isNegative();
    }

    @Test
    void underflowAndOverflow() {
        Rational tiny = Rational.of(BigInteger.ONE, BigInteger.TWO.pow(540));
        DyadicInterval[][] a = {{DyadicInterval.of(tiny), DyadicInterval.of(tiny)}};
        DyadicInterval[][] b = {{DyadicInterval.of(tiny)}, {DyadicInterval.of(tiny.multiply(Rational.of(3)))}};
        DyadicInterval c = MidRadMatrix.of(a).times(MidRadMatrix.of(b)).get(0, 0);
        // 4·2^−1080 underflows to zero in double; it must still be enclosed
        assertThat(DyadicIntervalTest.contains(c, tiny.multiply(tiny).multiply(Rational.of(4)))).isTrue();
        DyadicInterval huge = DyadicInterval.of(Rational.of(BigInteger.TWO.pow(600)));
        assertThatThrownBy(() -> MidRadMatrix.of(new DyadicInterval[][] {{huge}}).times(MidRadMatrix.of(
            new DyadicInterval[][] {{huge}}))).isInstanceOf(ArithmeticException.class);
        DyadicInterval beyond = DyadicInterval.of(Rational.of(BigInteger.TWO.pow(1100)));
        assertThatThrownBy(() -> MidRadMatrix.of(new DyadicInterval[][] {{beyond}}))
            .isInstanceOf(ArithmeticException.class);
    }

    /**
     * I − A encloses δ_ij − a for every point a of every entry (corners and interior points), tightly: within a few
     * units in the last place of the entry's magnitude (and 1) beyond the entry's own width; and a non-square matrix
     * is refused. The diagonal entries straddle 1 (so 1 − m cancels) or lie far from it.
     */
    @Test
    void identityMinusEnclosesEveryPoint() {
        Property.forAll("I − A encloses δ − a", FACTORS).tries(1500).check(f -> {
            int n = f.a().length;
            DyadicInterval[][] a = new DyadicInterval[n][n];
            SplittableRandom r = new SplittableRandom(f.seed());
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] = i != j || r.nextBoolean() ? entry(r) : DyadicInterval.ONE.add(entry(r).scale(-60));
                }
            }
            MidRadMatrix m;
            try {
                m = MidRadMatrix.of(a).identityMinus();
            } catch (ArithmeticException beyondDoubles) {
                return;
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (Rational t : List.of(Rational.ZERO, Rational.ONE, Rational.of(r.nextInt(1, 9), 9))) {
                        Rational exact = (i == j ? Rational.ONE : Rational.ZERO).subtract(point(a[i][j], t));
                        assertThat(DyadicIntervalTest.contains(m.get(i, j), exact)).as("entry (%d, %d): %s in %s", i,
                            j, exact, m.get(i, j)).isTrue();
                    }
                    Rational width = m.get(i, j).hiRational().subtract(m.get(i, j).loRational());
                    Rational own = a[i][j].hiRational().subtract(a[i][j].loRational());
                    Rational size = a[i][j].loRational().abs().max(a[i][j].hiRational().abs()).add(Rational.ONE);
                    Rational slack = own.add(size.multiply(Rational.of(BigInteger.ONE, BigInteger.TWO.pow(48))));
                    assertThat(width.compareTo(slack)).as("width of entry (%d, %d): %s", i, j, m.get(i, j))
                        .isLessThanOrEqualTo(0);
                }
            }
        });
        assertThatThrownBy(() -> MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ONE, DyadicInterval.ONE}})
            .identityMinus()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stackedRowsAndTheUnitMultipleOfASumEncloseEveryPoint() {
        Property.forAll("[A; B] and (A + B)·[−1, 1] enclose their points", FACTORS).tries(1500).check(f -> {
            DyadicInterval[][] a = f.a();
            int n = a.length;
            int k = a[0].length;
            SplittableRandom r = new SplittableRandom(f.seed());
            DyadicInterval[][] b = matrix(r, n, k);
            MidRadMatrix ma;
            MidRadMatrix mb;
            MidRadMatrix unit;
            try {
                ma = MidRadMatrix.of(a);
                mb = MidRadMatrix.of(b);
                unit = ma.plusTimesUnit(mb);
            } catch (ArithmeticException beyondDoubles) {
                return;
            }
            MidRadMatrix stacked = ma.stack(mb);
            assertThat(stacked.rows()).isEqualTo(2 * n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    assertThat(stacked.get(i, j)).isEqualTo(ma.get(i, j));
                    assertThat(stacked.get(n + i, j)).isEqualTo(mb.get(i, j));
                    Rational t = Rational.of(r.nextInt(1, 9), 9);
                    for (Rational s : List.of(Rational.ONE, Rational.ONE.negate(), t.subtract(Rational.of(1, 2)))) {
                        for (Rational u : List.of(Rational.ZERO, Rational.ONE, t)) {
                            for (Rational w : List.of(Rational.ZERO, Rational.ONE, t)) {
                                Rational exact = point(a[i][j], u).add(point(b[i][j], w)).multiply(s);
                                assertThat(DyadicIntervalTest.contains(unit.get(i, j), exact)).as("entry (%d, %d): %s "
                                    + "in %s", i, j, exact, unit.get(i, j)).isTrue();
                            }
                        }
                    }
                    // not much wider than needed: |A| + |B| up to a few roundings (and the subnormal floor)
                    Rational bound = magnitude(a[i][j]).add(magnitude(b[i][j])).multiply(Rational.ONE.add(Rational.of(
                        BigInteger.ONE, BigInteger.TWO.pow(48)))).add(Rational.of(BigInteger.ONE, BigInteger.TWO.pow(
                        1060)));
                    assertThat(unit.get(i, j).hiRational().compareTo(bound)).as("radius of entry (%d, %d): %s", i, j,
                        unit.get(i, j)).isLessThanOrEqualTo(0);
                }
            }
        });
        MidRadMatrix one = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ONE}});
        MidRadMatrix two = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ONE, DyadicInterval.ONE}});
        assertThatThrownBy(() -> one.stack(two)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> one.plusTimesUnit(two)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Rows of rationals: each entry holds its rational and is the enclosure {@link MidRadMatrix#of} gives its dyadic
     * interval — for a {@link DyadicRow}'s entry, read from its double, the point itself; ragged rows are refused.
     */
    @Test
    void rowsOfRationalsAreEnclosedAndDyadicRowsExact() {
        SplittableRandom r = new SplittableRandom(29);
        for (int t = 0; t < 300; t++) {
            int rows = r.nextInt(1, 6);
            int cols = r.nextInt(1, 6);
            List<List<Rational>> x = new java.util.ArrayList<>();
            for (int i = 0; i < rows; i++) {
                if (r.nextBoolean()) {
                    x.add(DyadicRow.rounded(r.doubles(cols, -1e3, 1e3).toArray(), r.nextInt(1, 54)));
                } else {
                    List<Rational> row = new java.util.ArrayList<>();
                    for (int j = 0; j < cols; j++) {
                        row.add(DyadicIntervalTest.rational(r));
                    }
                    x.add(row);
                }
            }
            MidRadMatrix m = MidRadMatrix.ofRows(x);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    Rational q = x.get(i).get(j);
                    DyadicInterval e = m.get(i, j);
                    assertThat(DyadicIntervalTest.contains(e, q)).as("%s in %s", q, e).isTrue();
                    // a DyadicRow's entry is the point its double is, which of keeps exact
                    assertThat(e).isEqualTo(MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.of(q)}})
                        .get(0, 0));
                }
            }
        }
        assertThatThrownBy(() -> MidRadMatrix.ofRows(List.of(List.of(Rational.ONE), List.of())))
            .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The scaled update A − g∘W — the rank-one A − g·w for W one row, A − diag(g)·W for W as tall as A — encloses its
     * value at points of A, g and W, computed in rationals; its rounding term, not the radii, covers the cancellation
     * in (1 + 2⁻²⁹) − (1 + 2⁻³⁰)² of points (the doubles give exactly 0); shapes are checked.
     */
    @Test
    void theScaledUpdateEnclosesEveryPoint() {
        Property.forAll("A - g o W encloses its points", FACTORS).tries(1500).check(f -> {
            DyadicInterval[][] a = f.a();
            int n = a.length;
            int m = a[0].length;
            SplittableRandom r = new SplittableRandom(f.seed());
            DyadicInterval[][] g = matrix(r, n, 1);
            boolean diagonal = r.nextBoolean();
            DyadicInterval[][] w = matrix(r, diagonal ? n : 1, m);
            MidRadMatrix update;
            try {
                update = MidRadMatrix.of(a).minusScaled(MidRadMatrix.of(g), MidRadMatrix.of(w));
            } catch (ArithmeticException beyondDoubles) {
                return;
            }
            Rational[] t = {Rational.ZERO, Rational.ONE, Rational.of(r.nextInt(1, 9), 9)};
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    for (Rational x : t) {
                        for (Rational y : t) {
                            for (Rational z : t) {
                                Rational exact = point(a[i][j], x).subtract(point(g[i][0], y).multiply(point(
                                    w[diagonal ? i : 0][j], z)));
                                assertThat(DyadicIntervalTest.contains(update.get(i, j), exact)).as("entry (%d, %d): "
                                    + "%s in %s", i, j, exact, update.get(i, j)).isTrue();
                            }
                        }
                    }
                }
            }
        });
        // (1 + 2⁻²⁹) − (1 + 2⁻³⁰)²: points exact in double, whose double product loses its 2⁻⁶⁰ and cancels to 0
        double x = 1 + 0x1p-30;
        double a = 1 + 0x1p-29;
        assertThat(a - x * x).as("the doubles cancel").isZero();
        Rational exact = Rational.of(new BigDecimal(a)).subtract(Rational.of(new BigDecimal(x)).multiply(Rational.of(
            new BigDecimal(x))));
        DyadicInterval c = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ofDoubles(a, a)}}).minusScaled(
            MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ofDoubles(x, x)}}), MidRadMatrix.of(
            new DyadicInterval[][] {{DyadicInterval.ofDoubles(x, x)}})).get(0, 0);
        assertThat(DyadicIntervalTest.contains(c, exact)).as("%s contains %s", c, exact).isTrue();
        // g ∈ [0, 2a], w ∈ [b/2, 3b/2] with a·b just below η/2 = 2⁻¹⁰⁷⁵: p and the radius products all round to 0,
        // while 0 − (2a)·(3b/2) is about −1.45η, beyond the final next-up's η — the floor term must cover them; the
        // radius itself (not a conversion's slack) is exposed by a product with 2⁶⁰⁰, exact in midpoint–radius form
        double ga = 0x1p-538;
        double wb = 0x1.fp-538;
        DyadicInterval under = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ZERO}}).minusScaled(
            MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ofDoubles(0, 2 * ga)}}), MidRadMatrix.of(
            new DyadicInterval[][] {{DyadicInterval.ofDoubles(wb / 2, 3 * wb / 2)}})).times(MidRadMatrix.of(
            new DyadicInterval[][] {{DyadicInterval.ofDoubles(0x1p600, 0x1p600)}})).get(0, 0);
        Rational corner = Rational.of(new BigDecimal(2 * ga)).multiply(Rational.of(new BigDecimal(3 * wb / 2)))
            .multiply(Rational.of(new BigDecimal(0x1p600))).negate();
        assertThat(ga * wb).as("each product underflows to 0").isZero();
        assertThat(DyadicIntervalTest.contains(under, corner)).as("%s contains %s", under, corner).isTrue();
        MidRadMatrix one = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ONE}});
        MidRadMatrix two = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ONE, DyadicInterval.ONE}});
        // beyond the doubles: a midpoint (1 + 2·MAX) or, in a second column, only a radius (MAX/2 · ⟨1, 3⟩) refuses
        MidRadMatrix huge = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ofDoubles(Double.MAX_VALUE,
            Double.MAX_VALUE)}});
        MidRadMatrix half = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ofDoubles(Double.MAX_VALUE / 2,
            Double.MAX_VALUE / 2)}});
        MidRadMatrix wideRow = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ONE, DyadicInterval.ofDoubles(-2,
            4)}});
        assertThatThrownBy(() -> one.minusScaled(huge, MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval
            .ofDoubles(-2, -2)}}))).isInstanceOf(ArithmeticException.class);
        assertThat(two.minusScaled(half, MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ONE,
            DyadicInterval.ONE}})).get(0, 1).hiDouble()).as("a finite update of the same size").isFinite();
        assertThatThrownBy(() -> two.minusScaled(half, wideRow)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> one.minusScaled(one, two)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> two.minusScaled(one, one)).isInstanceOf(IllegalArgumentException.class);
        MidRadMatrix tall = MidRadMatrix.zeros(3, 2);
        assertThatThrownBy(() -> tall.minusScaled(MidRadMatrix.zeros(3, 1), MidRadMatrix.zeros(2, 2)))
            .as("W neither one row nor as tall as A").isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The entrywise operations of Taylor matrices: A + B, −A, A·s for s ∈ [0, 1] and for s ∈ [−1, 1] contain their
     * values at points of the factors (ends and an interior point, in {@link Rational}s); the sum's rounding term
     * covers 1 + 2⁻⁶⁰ (the rounded sum is 1).
     */
    @Test
    void theSumTheNegationAndTheUnitMultiplesEncloseEveryPoint() {
        Property.forAll("entrywise sums and multiples", FACTORS).tries(300).check(f -> {
            DyadicInterval[][] a = f.a();
            SplittableRandom r = new SplittableRandom(f.seed());
            DyadicInterval[][] b = matrix(r, a.length, a[0].length);
            MidRadMatrix ma = MidRadMatrix.of(a);
            MidRadMatrix sum = ma.plus(MidRadMatrix.of(b));
            MidRadMatrix minus = ma.negate();
            MidRadMatrix half = ma.timesZeroOne();
            MidRadMatrix unit = ma.timesUnit();
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a[0].length; j++) {
                    for (Rational t : List.of(Rational.ZERO, Rational.of(1, 3), Rational.ONE)) {
                        Rational x = point(a[i][j], t);
                        Rational y = point(b[i][j], Rational.ONE.subtract(t));
                        assertThat(sum.get(i, j).toInterval().contains(x.add(y))).as("A + B at (%d, %d)", i, j)
                            .isTrue();
                        assertThat(minus.get(i, j).toInterval().contains(x.negate())).as("−A").isTrue();
                        for (Rational u : List.of(Rational.ZERO, Rational.of(1, 2), Rational.ONE)) {
                            assertThat(half.get(i, j).toInterval().contains(x.multiply(u))).as("A·%s", u).isTrue();
                            assertThat(unit.get(i, j).toInterval().contains(x.multiply(u.subtract(Rational.ONE)
                                .multiply(Rational.of(2)).add(Rational.ONE)))).as("A·(2·%s − 1)", u).isTrue();
                        }
                    }
                }
            }
        });
        // (1 + 2⁻⁶⁰) − 1: the first sum rounds to 1, and only its rounding term keeps 2⁻⁶⁰ in the difference
        MidRadMatrix one = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.ONE}});
        Rational small = Rational.of(BigInteger.ONE, BigInteger.TWO.pow(60));
        MidRadMatrix tiny = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.of(small)}});
        assertThat(one.plus(tiny).plus(one.negate()).get(0, 0).toInterval().contains(small)).as("(1 + 2⁻⁶⁰) − 1")
            .isTrue();
    }

    /**
     * An exact 0 stays exact through sums and multiples by [0, 1] and [−1, 1] — so that products skip it, and no radius
     * becomes a subnormal number (x86 processors multiply those by microcode assists, many times slower: the branch
     * checker's product with its Jacobian over the end box, a sum of such multiples with zero blocks, took 43 % of
     * random 80×80 at λ = 10) — and so does the exactly cancelling sum of two exact entries; an inexact sum does not.
     */
    @Test
    void exactZerosStayExact() {
        MidRadMatrix zero = MidRadMatrix.zeros(3, 4);
        assertThat(zero.plus(zero).maxRowSum()).as("0 + 0").isZero();
        assertThat(zero.timesZeroOne().maxRowSum()).as("0·[0, 1]").isZero();
        assertThat(zero.timesUnit().maxRowSum()).as("0·[−1, 1]").isZero();
        assertThat(zero.plusTimesUnit(zero).maxRowSum()).as("(0 + 0)·[−1, 1]").isZero();
        assertThat(TaylorMatrix.range(new MidRadMatrix[] {zero, zero, zero, zero}).maxRowSum()).as("range of zeros")
            .isZero();
        MidRadMatrix x = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.of(Rational.of(3, 8))}});
        assertThat(x.plus(x.negate()).maxRowSum()).as("x − x, x exact").isZero();
        MidRadMatrix third = MidRadMatrix.of(new DyadicInterval[][] {{DyadicInterval.of(Rational.of(1, 3))}});
        assertThat(third.plus(third.negate()).maxRowSum()).as("x − x, x not a double").isPositive();
        assertThat(third.plus(third.negate()).get(0, 0).toInterval().contains(Rational.ZERO)).isTrue();
    }

    /** What {@link MidRadMatrix#get} gives for an entry ⟨v, 0⟩: one unit outward on each side. */
    private static DyadicInterval exactly(double v) {
        return DyadicInterval.ofDoubles(Math.nextDown(v), Math.nextUp(v));
    }

    /**
     * Blocks, selected rows and columns, a column left out, gathered entries, zeros and the identity are exact: every
     * entry of the result is the entry it was taken from, and a grid whose sizes disagree, or leave a row without
     * height, is refused.
     */
    @Test
    void reshapingCopiesEntriesExactly() {
        SplittableRandom r = new SplittableRandom(20261203L);
        DyadicInterval[][] a = matrix(r, 2, 3);
        DyadicInterval[][] b = matrix(r, 2, 1);
        DyadicInterval[][] c = matrix(r, 1, 1);
        MidRadMatrix ma = MidRadMatrix.of(a);
        MidRadMatrix mb = MidRadMatrix.of(b);
        MidRadMatrix mc = MidRadMatrix.of(c);
        MidRadMatrix grid = MidRadMatrix.blocks(new MidRadMatrix[][] {{ma, mb}, {null, mc}});
        assertThat(List.of(grid.rows(), grid.cols())).containsExactly(3, 4);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                DyadicInterval expected = i < 2 ? (j < 3 ? ma.get(i, j) : mb.get(i, 0)) : j < 3 ? exactly(0)
                    : mc.get(0, 0);
                assertThat(grid.get(i, j)).as("(%d, %d)", i, j).isEqualTo(expected);
            }
        }
        MidRadMatrix picked = grid.selectColumns(3, 0).selectRows(2, 0);
        assertThat(picked.get(0, 0)).isEqualTo(mc.get(0, 0));
        assertThat(picked.get(1, 1)).isEqualTo(ma.get(0, 0));
        assertThat(picked.get(0, 1)).isEqualTo(exactly(0));
        MidRadMatrix without = grid.withoutColumn(1);
        assertThat(without.cols()).isEqualTo(3);
        assertThat(without.get(1, 1)).isEqualTo(ma.get(1, 2));
        MidRadMatrix id = MidRadMatrix.identity(2);
        assertThat(List.of(id.get(0, 0), id.get(0, 1), id.get(1, 1))).containsExactly(exactly(1), exactly(0),
            exactly(1));
        assertThatThrownBy(() -> MidRadMatrix.blocks(new MidRadMatrix[][] {{ma, mc}}))
            .as("heights 2 and 1 side by side").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MidRadMatrix.blocks(new MidRadMatrix[][] {{ma}, {null}}))
            .as("a row without a block").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MidRadMatrix.blocks(new MidRadMatrix[][] {{ma, mb}, {mc}}))
            .as("a ragged grid").isInstanceOf(IllegalArgumentException.class);
        // empty blocks have sizes too: a row of height 0 is a row, and a height 0 beside a height 1 disagrees
        MidRadMatrix flat = MidRadMatrix.blocks(new MidRadMatrix[][] {{MidRadMatrix.zeros(0, 2)}, {mb.selectColumns(
            0, 0)}});
        assertThat(List.of(flat.rows(), flat.cols())).containsExactly(2, 2);
        assertThatThrownBy(() -> MidRadMatrix.blocks(new MidRadMatrix[][] {{MidRadMatrix.zeros(0, 1), mc}}))
            .as("heights 0 and 1 side by side").isInstanceOf(IllegalArgumentException.class);
        // a row gathered into a 2 × 2 matrix in a given order (an entry may come twice)
        MidRadMatrix row = MidRadMatrix.of(new DyadicInterval[][] {a[0]});
        MidRadMatrix gathered = row.gather(2, 2, new int[] {2, 0, 1, 2});
        assertThat(List.of(gathered.get(0, 0), gathered.get(0, 1), gathered.get(1, 0), gathered.get(1, 1)))
            .containsExactly(ma.get(0, 2), ma.get(0, 0), ma.get(0, 1), ma.get(0, 2));
        assertThatThrownBy(() -> ma.gather(1, 1, new int[] {0})).as("gathering from two rows")
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> row.gather(2, 2, new int[] {0})).as("too few indices")
            .isInstanceOf(IllegalArgumentException.class);
    }

    private static Rational magnitude(DyadicInterval x) {
        return x.loRational().abs().max(x.hiRational().abs());
    }

    @Test
    void doubleEndsAreDirected() {
        Property.forAll("loDouble ≤ lo and hi ≤ hiDouble", DyadicIntervalTest.PAIRS).tries(2000).check(p -> {
            DyadicInterval x = DyadicInterval.of(p.a());
            double lo;
            double hi;
            try {
                lo = x.loDouble();
                hi = x.hiDouble();
            } catch (ArithmeticException beyond) {
                return;
            }
            assertThat(Rational.of(new java.math.BigDecimal(lo)).compareTo(x.loRational())).as("lo of %s", x)
                .isLessThanOrEqualTo(0);
            assertThat(Rational.of(new java.math.BigDecimal(hi)).compareTo(x.hiRational())).as("hi of %s", x)
                .isGreaterThanOrEqualTo(0);
        });
    }
}
