package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * BR-CHAIN, "Taylor matrices": a {@link TaylorMatrix} operation's result, read as models, contains the exact
 * rational value of the operation at every point of its operands — ε ∈ {−1, −1/2, 0, 1/3, 1}, every part of every
 * model at its lower or upper end (one choice per model, as a point of the set is), each remainder at its lower end,
 * 0, its upper end or alternating. Parts up to 1/2 make every power of ε up to the sixth and every remainder term
 * matter at these points; a quarter of the parts are intervals, not points.
 */
class TaylorMatrixTest {
    private static final List<Rational> EPSILONS = List.of(Rational.ONE.negate(), Rational.of(-1, 2), Rational.ZERO,
        Rational.of(1, 3), Rational.ONE);

    /** Two matrices of models, shapes p × k and k × m (or, for a row scaling, p × 1 and p × m), a tensor's dims. */
    record Case(List<List<Affine>> x, List<List<Affine>> y, int[] dims, int axis, long seed) {
        @Override
        public String toString() {
            return "x " + x + ", y " + y + ", dims " + java.util.Arrays.toString(dims) + " axis " + axis + " (seed "
                + seed + ")";
        }
    }

    private static DyadicInterval part(SplittableRandom s) {
        DyadicInterval x = DyadicInterval.of(Rational.of(s.nextInt(-9, 10), 18));
        return s.nextInt(4) == 0 ? x.to(DyadicInterval.of(x.hiRational().add(Rational.of(s.nextInt(1, 10), 1000))))
            : x;
    }

    private static Affine model(SplittableRandom s, boolean remainders) {
        DyadicInterval rho = DyadicInterval.of(Rational.of(remainders ? s.nextInt(0, 11) : 0, 100));
        return new Affine(part(s), part(s), part(s), part(s), rho.negate().to(rho));
    }

    private static List<List<Affine>> models(SplittableRandom s, int rows, int cols, boolean remainders) {
        List<List<Affine>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Affine> row = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                row.add(model(s, remainders));
            }
            out.add(row);
        }
        return out;
    }

    static final Gen<Case> CASES = r -> {
        long seed = r.nextLong();
        SplittableRandom s = new SplittableRandom(seed);
        int p = s.nextInt(1, 4);
        int k = s.nextInt(1, 4);
        int m = s.nextInt(1, 4);
        boolean remainders = s.nextInt(3) > 0;
        int[] dims = new int[s.nextInt(1, 4)];
        int size = 1;
        for (int a = 0; a < dims.length; a++) {
            dims[a] = s.nextInt(1, 4);
            size *= dims[a];
        }
        int axis = s.nextInt(dims.length);
        // y serves the product (k × m); for the contraction x is the tensor (1 × size) and y's first row v
        List<List<Affine>> y = models(s, Math.max(k, 1), Math.max(m, dims[axis]), remainders);
        List<List<Affine>> x = s.nextBoolean() ? models(s, p, k, remainders) : models(s, 1, size, remainders);
        return new Case(x, y, dims, axis, seed);
    };

    /** A point of model x: its parts at their lower ends (upper if {@code high}), the remainder as {@code end} says. */
    private static Rational value(Affine x, Rational eps, boolean high, int end) {
        Rational r = end < 0 ? x.r().loRational() : end > 0 ? x.r().hiRational() : Rational.ZERO;
        Rational e2 = eps.multiply(eps);
        return pick(x.c(), high).add(pick(x.b(), high).multiply(eps)).add(pick(x.a(), high).multiply(e2))
            .add(pick(x.d(), high).multiply(e2.multiply(eps))).add(r);
    }

    private static Rational pick(DyadicInterval x, boolean high) {
        return high ? x.hiRational() : x.loRational();
    }

    /** Whether the model's enclosure at ε, c + b·ε + a·ε² + d·ε³ + r in interval arithmetic, contains v. */
    private static boolean contains(Affine x, Rational eps, Rational v) {
        DyadicInterval e = DyadicInterval.of(eps);
        DyadicInterval at = x.c().add(x.b().multiply(e)).add(x.a().multiply(e.multiply(e)))
            .add(x.d().multiply(e.multiply(e).multiply(e))).add(x.r());
        return at.toInterval().contains(v);
    }

    /** Runs {@code check(ε, choice)} at every ε and every choice of ends (0–7: remainder end and part end). */
    private static void atEveryPoint(java.util.function.BiConsumer<Rational, Integer> check) {
        for (Rational eps : EPSILONS) {
            for (int choice = 0; choice < 8; choice++) {
                check.accept(eps, choice);
            }
        }
    }

    /** The point of model number {@code index} (any numbering fixed per model) for a choice of ends. */
    private static Rational point(Affine x, Rational eps, int choice, int index) {
        int end = choice % 4 == 3 ? (index % 2 == 0 ? 1 : -1) : choice % 4 - 1;
        return value(x, eps, (choice / 4 + index) % 2 == 1, end);
    }

    @Test
    void theProductEnclosesEveryProductOfPoints() {
        Property.forAll("Taylor matrix product", CASES).tries(300).check(c -> {
            List<List<Affine>> x = c.x();
            int k = x.get(0).size();
            List<List<Affine>> y = c.y().stream().limit(k).toList();
            if (y.size() < k) {
                return; // the contraction's shapes: no product to take
            }
            for (int mode = 0; mode < 4; mode++) {
                int constants = mode; // none, the left factor, the right one, both
                List<List<Affine>> xs = constants % 2 == 1 ? constants(x) : x;
                List<List<Affine>> ys = constants >= 2 ? constants(y) : y;
                TaylorMatrix got = matrix(xs, constants % 2 == 1).times(matrix(ys, constants >= 2));
                atEveryPoint((eps, choice) -> {
                    for (int i = 0; i < xs.size(); i++) {
                        for (int j = 0; j < y.get(0).size(); j++) {
                            Rational exact = Rational.ZERO;
                            for (int l = 0; l < k; l++) {
                                exact = exact.add(point(xs.get(i).get(l), eps, choice, i * k + l).multiply(point(
                                    ys.get(l).get(j), eps, choice, 1000 + l * 100 + j)));
                            }
                            assertThat(contains(got.get(i, j), eps, exact)).as("entry (%d, %d) = %s at ε = %s, "
                                + "choice %d, constant factors %d: in %s", i, j, exact.doubleValue(), eps, choice,
                                constants, got.get(i, j)).isTrue();
                        }
                    }
                });
            }
        });
    }

    /** The matrix of the models, by {@link TaylorMatrix#constant} of their c parts if {@code constant}. */
    private static TaylorMatrix matrix(List<List<Affine>> x, boolean constant) {
        return constant ? TaylorMatrix.constant(cPart(x)) : TaylorMatrix.of(x);
    }

    /** The matrix of the models' constant parts, as constant models. */
    private static List<List<Affine>> constants(List<List<Affine>> x) {
        return x.stream().map(row -> row.stream().map(e -> Affine.constant(e.c())).toList()).toList();
    }

    private static MidRadMatrix cPart(List<List<Affine>> x) {
        return MidRadMatrix.of(x.stream().map(row -> row.stream().map(Affine::c).toArray(DyadicInterval[]::new))
            .toArray(DyadicInterval[][]::new));
    }

    @Test
    void rowScalingAndRowDifferencesEncloseEveryPoint() {
        Property.forAll("Taylor matrix row scaling", CASES).tries(300).check(c -> {
            for (int constants = 0; constants < 4; constants++) {
                // none, the matrix, the scaling column and the row, both
                List<List<Affine>> w = constants % 2 == 1 ? constants(c.x()) : c.x();
                List<List<Affine>> y = constants >= 2 ? constants(c.y()) : c.y();
                rowScalingAndRowDifference(w, y, constants);
            }
        });
    }

    private static void rowScalingAndRowDifference(List<List<Affine>> w, List<List<Affine>> y, int constants) {
        int p = w.size();
        int m = w.get(0).size();
        List<Affine> column = new ArrayList<>();
        for (int i = 0; i < p; i++) {
            column.add(y.get(i % y.size()).get(0));
        }
        List<Affine> row = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            row.add(y.get(0).get(j % y.get(0).size()));
        }
        TaylorMatrix scaled = matrix(w, constants % 2 == 1).scaleRows(constants >= 2 ? TaylorMatrix.constant(cPart(
            column.stream().map(List::of).toList())) : TaylorMatrix.column(column));
        TaylorMatrix less = matrix(w, constants % 2 == 1).minusEachRow(constants >= 2 ? TaylorMatrix.constant(cPart(
            List.of(row))) : TaylorMatrix.row(row));
        atEveryPoint((eps, choice) -> {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < m; j++) {
                    Rational wij = point(w.get(i).get(j), eps, choice, i * m + j);
                    // models that stand twice (a short y) are the same model: numbered by where they come from
                    Rational gi = point(column.get(i), eps, choice, 5000 + (i % y.size()) * 100);
                    Rational rj = point(row.get(j), eps, choice, 5000 + j % y.get(0).size());
                    assertThat(contains(scaled.get(i, j), eps, gi.multiply(wij))).as("x_%d·W_%d%d at ε = %s, "
                        + "choice %d, constant factors %d: in %s", i, i, j, eps, choice, constants, scaled.get(i, j))
                        .isTrue();
                    assertThat(contains(less.get(i, j), eps, wij.subtract(rj))).as("W_%d%d − m_%d at ε = %s, "
                        + "choice %d, constant factors %d: in %s", i, j, j, eps, choice, constants, less.get(i, j))
                        .isTrue();
                }
            }
        });
    }

    /** The range of the second-order parts holds every point of the models (every ε, every end of every part). */
    @Test
    void theRangeOfTheSecondOrderPartsHoldsEveryPointOfTheModels() {
        Property.forAll("Taylor matrix range", CASES).tries(200).check(c -> {
            List<List<Affine>> w = c.x();
            MidRadMatrix range = TaylorMatrix.range(TaylorMatrix.of(w).secondOrder());
            int m = w.get(0).size();
            atEveryPoint((eps, choice) -> {
                for (int i = 0; i < w.size(); i++) {
                    for (int j = 0; j < m; j++) {
                        Rational v = point(w.get(i).get(j), eps, choice, i * m + j);
                        assertThat(range.get(i, j).toInterval().contains(v)).as("W_%d%d = %s at ε = %s, choice %d: "
                            + "in %s", i, j, v.doubleValue(), eps, choice, range.get(i, j)).isTrue();
                    }
                }
            });
        });
    }

    @Test
    void aContractionIsTheSumOverItsAxis() {
        Property.forAll("Taylor matrix contraction", CASES).tries(300).check(c -> {
            int[] dims = c.dims();
            int size = java.util.Arrays.stream(dims).reduce(1, (a, b) -> a * b);
            if (c.x().size() != 1 || c.x().get(0).size() != size) {
                return; // the product's shapes: no tensor
            }
            List<Affine> tensor = c.x().get(0);
            List<Affine> v = c.y().get(0).subList(0, dims[c.axis()]);
            TaylorMatrix got = TaylorMatrix.of(c.x()).contract(dims, c.axis(), TaylorMatrix.row(v));
            assertThat(got.rows()).isEqualTo(1);
            assertThat(got.cols()).isEqualTo(size / dims[c.axis()]);
            atEveryPoint((eps, choice) -> {
                Rational[] exact = new Rational[size / dims[c.axis()]];
                java.util.Arrays.fill(exact, Rational.ZERO);
                for (int flat = 0; flat < size; flat++) {
                    // the multi-index of flat (axis 0 fastest), and the flat index of the others in their order
                    int rest = 0;
                    int restStride = 1;
                    int along = 0;
                    for (int a = 0, q = flat; a < dims.length; q /= dims[a], a++) {
                        if (a == c.axis()) {
                            along = q % dims[a];
                        } else {
                            rest += restStride * (q % dims[a]);
                            restStride *= dims[a];
                        }
                    }
                    exact[rest] = exact[rest].add(point(tensor.get(flat), eps, choice, flat).multiply(point(v.get(
                        along), eps, choice, 7000 + along)));
                }
                for (int j = 0; j < exact.length; j++) {
                    assertThat(contains(got.get(0, j), eps, exact[j])).as("entry %d = %s at ε = %s, choice %d: "
                        + "in %s", j, exact[j].doubleValue(), eps, choice, got.get(0, j)).isTrue();
                }
            });
        });
    }
}
