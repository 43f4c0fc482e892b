package org.equivariant.arith;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Dense linear algebra over any {@link Field}: products and Gaussian elimination with partial pivoting. */
public final class LinearAlgebra {
    private LinearAlgebra() {
    }

    public static <T> List<List<T>> identity(Field<T> f, int n) {
        List<List<T>> id = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<T> row = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                row.add(i == j ? f.one() : f.zero());
            }
            id.add(row);
        }
        return id;
    }

    /** a − b, entry by entry. */
    public static <T> List<T> subtract(Field<T> f, List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a.size());
        for (int k = 0; k < a.size(); k++) {
            out.add(f.subtract(a.get(k), b.get(k)));
        }
        return out;
    }

    /** A·x ({@link #applying}). */
    public static <T> List<T> apply(Field<T> f, List<List<T>> a, List<T> x) {
        return applying(f, a).apply(x);
    }

    /**
     * x ↦ A·x for a matrix used in several products; over {@link DyadicField} by the rigorous midpoint–radius double
     * product of {@link MidRadMatrix}, as {@link #multiply} (x a one-column matrix), A converted once — x scaled by
     * an exact power of two to entries below 1 in magnitude and the product scaled back, so that a vector far outside
     * the doubles' range (a 400-digit box's offsets, about 10⁻⁴⁰⁰) keeps its relative precision.
     */
    @SuppressWarnings("unchecked")
    public static <T> UnaryOperator<List<T>> applying(Field<T> f, List<List<T>> a) {
        if (f == DyadicField.INSTANCE && !a.isEmpty()) {
            MidRadMatrix m = MidRadMatrix.of(array((List<List<DyadicInterval>>) (List<?>) a));
            return x -> x.isEmpty() ? generic(f, a, x) : (List<T>) scaledProduct(m, (List<DyadicInterval>) x);
        }
        return x -> generic(f, a, x);
    }

    /**
     * x ↦ M·x for a midpoint–radius matrix M (an enclosure of a set of matrices): over {@link DyadicField} by its
     * product, x scaled as in {@link #applying}; otherwise in the arithmetic, M's entries converted exactly.
     */
    @SuppressWarnings("unchecked")
    public static <T> UnaryOperator<List<T>> applying(IntervalArithmetic<T> f, MidRadMatrix m) {
        if (f == DyadicField.INSTANCE) {
            return x -> x.isEmpty() ? List.of() : (List<T>) scaledProduct(m, (List<DyadicInterval>) x);
        }
        List<List<T>> a = new ArrayList<>(m.rows());
        for (int i = 0; i < m.rows(); i++) {
            List<T> row = new ArrayList<>(m.cols());
            for (int j = 0; j < m.cols(); j++) {
                row.add(f.of(m.get(i, j).toInterval()));
            }
            a.add(row);
        }
        return x -> generic(f, a, x);
    }

    /** I − M for a square matrix M, in the field. */
    public static <T> List<List<T>> identityMinus(Field<T> f, List<List<T>> m) {
        int n = m.size();
        List<List<T>> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<T> row = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                row.add(f.subtract(i == j ? f.one() : f.zero(), m.get(i).get(j)));
            }
            out.add(row);
        }
        return out;
    }

    private static List<DyadicInterval> scaledProduct(MidRadMatrix m, List<DyadicInterval> x) {
        int top = x.stream().mapToInt(DyadicInterval::magnitudeExponent).max().orElse(0);
        int s = top == Integer.MIN_VALUE ? 0 : top;
        return firstColumn(m.times(MidRadMatrix.column(x.stream().map(e -> e.scale(-s)).toList()))).stream()
            .map(e -> e.scale(s)).toList();
    }

    private static <T> List<T> generic(Field<T> f, List<List<T>> a, List<T> x) {
        List<T> out = new ArrayList<>(a.size());
        for (List<T> row : a) {
            out.add(f.dot(row, x));
        }
        return out;
    }

    private static List<DyadicInterval> firstColumn(MidRadMatrix c) {
        List<DyadicInterval> out = new ArrayList<>(c.rows());
        for (int i = 0; i < c.rows(); i++) {
            out.add(c.get(i, 0));
        }
        return out;
    }

    /**
     * A·B; over {@link DyadicField} by the rigorous midpoint–radius double product of {@link MidRadMatrix} (an
     * enclosure of the same product, O(1) double operations per term).
     */
    @SuppressWarnings("unchecked")
    public static <T> List<List<T>> multiply(Field<T> f, List<List<T>> a, List<List<T>> b) {
        if (f == DyadicField.INSTANCE && !a.isEmpty() && !b.isEmpty()) {
            return (List<List<T>>) (List<?>) dyadicProduct((List<List<DyadicInterval>>) (List<?>) a,
                (List<List<DyadicInterval>>) (List<?>) b);
        }
        int n = a.size();
        int k = b.size();
        int m = b.isEmpty() ? 0 : b.get(0).size(); // an empty B (no coordinates): A·B has no columns
        List<List<T>> out = new ArrayList<>(n);
        for (List<T> row : a) {
            List<T> r = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                T s = f.zero();
                for (int l = 0; l < k; l++) {
                    s = f.add(s, f.multiply(row.get(l), b.get(l).get(j)));
                }
                r.add(s);
            }
            out.add(r);
        }
        return out;
    }

    private static List<List<DyadicInterval>> dyadicProduct(List<List<DyadicInterval>> a,
                                                           List<List<DyadicInterval>> b) {
        MidRadMatrix c = MidRadMatrix.of(array(a)).times(MidRadMatrix.of(array(b)));
        List<List<DyadicInterval>> out = new ArrayList<>(c.rows());
        for (int i = 0; i < c.rows(); i++) {
            List<DyadicInterval> row = new ArrayList<>(c.cols());
            for (int j = 0; j < c.cols(); j++) {
                row.add(c.get(i, j));
            }
            out.add(row);
        }
        return out;
    }

    private static DyadicInterval[][] array(List<List<DyadicInterval>> m) {
        return m.stream().map(r -> r.toArray(DyadicInterval[]::new)).toArray(DyadicInterval[][]::new);
    }

    public static <T> List<List<T>> add(Field<T> f, List<List<T>> a, List<List<T>> b) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            List<T> row = new ArrayList<>();
            for (int j = 0; j < a.get(i).size(); j++) {
                row.add(f.add(a.get(i).get(j), b.get(i).get(j)));
            }
            out.add(row);
        }
        return out;
    }

    public static <T> List<List<T>> scale(Field<T> f, T c, List<List<T>> a) {
        List<List<T>> out = new ArrayList<>();
        for (List<T> r : a) {
            List<T> row = new ArrayList<>();
            for (T x : r) {
                row.add(f.multiply(c, x));
            }
            out.add(row);
        }
        return out;
    }

    public static <T> List<List<T>> transpose(List<List<T>> a) {
        List<List<T>> out = new ArrayList<>();
        for (int j = 0; j < a.get(0).size(); j++) {
            List<T> row = new ArrayList<>();
            for (List<T> r : a) {
                row.add(r.get(j));
            }
            out.add(row);
        }
        return out;
    }

    /** det A by elimination with partial pivoting (exact over the rationals). */
    @SuppressWarnings("unchecked")
    public static <T> T determinant(Field<T> f, List<List<T>> a) {
        int n = a.size();
        Object[][] w = new Object[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i][j] = a.get(i).get(j);
            }
        }
        T det = f.one();
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(f.estimate((T) w[r][c])) > Math.abs(f.estimate((T) w[piv][c]))) {
                    piv = r;
                }
            }
            if (f.estimate((T) w[piv][c]) == 0 && ((T) w[piv][c]).equals(f.zero())) {
                return f.zero();
            }
            if (piv != c) {
                Object[] t = w[c];
                w[c] = w[piv];
                w[piv] = t;
                det = f.negate(det);
            }
            det = f.multiply(det, (T) w[c][c]);
            for (int r = c + 1; r < n; r++) {
                T factor = f.divide((T) w[r][c], (T) w[c][c]);
                for (int j = c; j < n; j++) {
                    w[r][j] = f.subtract((T) w[r][j], f.multiply(factor, (T) w[c][j]));
                }
            }
        }
        return det;
    }

    /** Solves A x = b; throws {@link ArithmeticException} if A is (numerically) singular. */
    public static <T> List<T> solve(Field<T> f, List<List<T>> a, List<T> b) {
        List<List<T>> cols = new ArrayList<>();
        for (T v : b) {
            cols.add(List.of(v));
        }
        List<List<T>> x = solveMany(f, a, cols);
        List<T> out = new ArrayList<>(x.size());
        for (List<T> row : x) {
            out.add(row.get(0));
        }
        return out;
    }

    /** An (approximate, for inexact fields) inverse of A. */
    public static <T> List<List<T>> inverse(Field<T> f, List<List<T>> a) {
        return solveMany(f, a, identity(f, a.size()));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<List<T>> solveMany(Field<T> f, List<List<T>> a, List<List<T>> b) {
        int n = a.size();
        int m = b.isEmpty() ? 0 : b.get(0).size(); // no unknowns (an empty A): the solution has no rows
        Object[][] w = new Object[n][n + m];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i][j] = a.get(i).get(j);
                scale = Math.max(scale, Math.abs(f.estimate(a.get(i).get(j))));
            }
            for (int j = 0; j < m; j++) {
                w[i][n + j] = b.get(i).get(j);
            }
        }
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(f.estimate((T) w[r][c])) > Math.abs(f.estimate((T) w[piv][c]))) {
                    piv = r;
                }
            }
            double p = Math.abs(f.estimate((T) w[piv][c]));
            if (p == 0 || p <= 1e-300 * scale) {
                throw new ArithmeticException("singular matrix (pivot " + p + " in column " + c + ")");
            }
            Object[] tmp = w[c];
            w[c] = w[piv];
            w[piv] = tmp;
            T pivot = (T) w[c][c];
            for (int r = 0; r < n; r++) {
                if (r == c) {
                    continue;
                }
                T factor = f.divide((T) w[r][c], pivot);
                if (f.estimate(factor) == 0 && factor.equals(f.zero())) {
                    continue;
                }
                for (int j = c; j < n + m; j++) {
                    w[r][j] = f.subtract((T) w[r][j], f.multiply(factor, (T) w[c][j]));
                }
            }
        }
        List<List<T>> x = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<T> row = new ArrayList<>(m);
            for (int j = 0; j < m; j++) {
                row.add(f.divide((T) w[i][n + j], (T) w[i][i]));
            }
            x.add(row);
        }
        return x;
    }
}
