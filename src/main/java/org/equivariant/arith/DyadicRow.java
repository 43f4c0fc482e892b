package org.equivariant.arith;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list of dyadic rationals kept as the finite doubles whose exact values they are: 8 bytes an entry
 * instead of a {@link Rational}'s two big integers (a certified chain of a large game carries two n × n preconditioners
 * per piece). {@link #get} returns the exact rational; equality and hash are those of the list of rationals.
 */
public final class DyadicRow extends AbstractList<Rational> implements RandomAccess {
    private final double[] values;

    private DyadicRow(double[] values) {
        this.values = values;
    }

    /**
     * These finite doubles rounded to {@code bits}-bit mantissas (1 ≤ bits ≤ 53), as the exact dyadic rationals they
     * then are — the values of {@link Rational#ofDouble}.
     */
    public static DyadicRow rounded(double[] values, int bits) {
        double[] row = new double[values.length];
        for (int k = 0; k < row.length; k++) {
            row[k] = Rational.rounded(values[k], bits);
        }
        return new DyadicRow(row);
    }

    @Override
    public Rational get(int index) {
        return Rational.ofDouble(values[index], 53);
    }

    /** The finite double whose exact value entry {@code index} is (no rational formed). */
    public double exactDouble(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }
}
