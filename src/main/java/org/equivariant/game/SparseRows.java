package org.equivariant.game;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.equivariant.arith.Rational;

/**
 * An immutable table of sparse rows of exact non-zero entries (compressed row storage): row r holds the columns
 * {@code column(k)} and values {@code value(k)} for k in [{@link #start}(r), {@link #end}(r)), columns increasing.
 * Missing entries are zero. Models with thousands of states (MADP's fireFighting_2_4_3: 2025 states, 16 joint
 * actions) store their few non-zero transition and observation probabilities this way.
 */
public final class SparseRows {
    private final int columns;
    private final int[] start;
    private final int[] column;
    private final Rational[] value;

    private SparseRows(int columns, int[] start, int[] column, Rational[] value) {
        this.columns = columns;
        this.start = start;
        this.column = column;
        this.value = value;
    }

    /** From per-row maps column → value (null = empty row); zero values are dropped. */
    public static SparseRows of(int columns, Map<Integer, Rational>[] rows) {
        int nnz = 0;
        for (Map<Integer, Rational> r : rows) {
            if (r != null) {
                for (Rational v : r.values()) {
                    nnz += v.isZero() ? 0 : 1;
                }
            }
        }
        int[] start = new int[rows.length + 1];
        int[] col = new int[nnz];
        Rational[] val = new Rational[nnz];
        int k = 0;
        for (int r = 0; r < rows.length; r++) {
            start[r] = k;
            if (rows[r] != null) {
                for (Map.Entry<Integer, Rational> e : new TreeMap<>(rows[r]).entrySet()) {
                    if (!e.getValue().isZero()) {
                        col[k] = e.getKey();
                        val[k++] = e.getValue();
                    }
                }
            }
        }
        start[rows.length] = k;
        return new SparseRows(columns, start, col, val);
    }

    public int rows() {
        return start.length - 1;
    }

    public int columns() {
        return columns;
    }

    /** Number of stored (non-zero) entries. */
    public int size() {
        return column.length;
    }

    public int start(int row) {
        return start[row];
    }

    public int end(int row) {
        return start[row + 1];
    }

    public int column(int k) {
        return column[k];
    }

    public Rational value(int k) {
        return value[k];
    }

    /** The entry at (row, col), zero when not stored. */
    public Rational get(int row, int col) {
        int k = Arrays.binarySearch(column, start[row], start[row + 1], col);
        return k >= 0 ? value[k] : Rational.ZERO;
    }

    /** Σ of row r, exactly. */
    public Rational rowSum(int row) {
        Rational s = Rational.ZERO;
        for (int k = start[row]; k < start[row + 1]; k++) {
            s = s.add(value[k]);
        }
        return s;
    }
}
