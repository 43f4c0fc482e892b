package org.equivariant.arith;

import java.util.List;

/**
 * A matrix of third-order Taylor models in the one ε ∈ [−1, 1] of {@link Affine}, held by parts: entrywise the set
 * {c + b·ε + a·ε² + d·ε³ + r} of an {@link Affine}, with the parts c, b, a, d and r as {@link MidRadMatrix}es (theorem
 * BR-CHAIN, "Taylor matrices"). Its products follow the table of powers of {@link AffineField#multiply} entry
 * by entry: for X·Y the part of εᵏ (k ≤ 3) is Σ_{p+q=k} X_p·Y_q, one midpoint–radius product of the parts side by side
 * and stacked; the coefficients of ε⁴ and ε⁶ enter r times [0, 1], that of ε⁵ times [−1, 1], and the remainders'
 * terms R_X·P(Y) + X·R_Y (P the polynomial part, X its whole range) as one interval product. A constant matrix keeps
 * its zero parts implicit. Every operation returns a matrix containing the exact result for every ε and every choice
 * of points in its operands' parts.
 */
public final class TaylorMatrix {
    private static final int C = 0;
    private static final int B = 1;
    private static final int A = 2;
    private static final int D = 3;
    private static final int R = 4;
    /** Pseudo-parts in the table of terms: the whole range of the left factor, the polynomial range of the right. */
    private static final int RANGE = 5;
    private static final int POLY = 6;
    /** Per power ε⁰ … ε³, then ε⁴, ε⁵, ε⁶ and the remainder: the (left part, right part) pairs summed. */
    private static final int[][][] TERMS = {
        {{C, C}}, {{C, B}, {B, C}}, {{C, A}, {B, B}, {A, C}}, {{C, D}, {B, A}, {A, B}, {D, C}},
        {{B, D}, {A, A}, {D, B}}, {{A, D}, {D, A}}, {{D, D}}, {{RANGE, R}, {R, POLY}}};

    private final MidRadMatrix[] parts; // c, b, a, d, r; for a constant matrix only c (the others exactly zero)
    private final boolean constant;

    private TaylorMatrix(MidRadMatrix[] parts, boolean constant) {
        this.parts = parts;
        this.constant = constant;
    }

    /** The constant matrix c (every other part exactly zero). */
    public static TaylorMatrix constant(MidRadMatrix c) {
        return new TaylorMatrix(new MidRadMatrix[] {c, null, null, null, null}, true);
    }

    /** Part k (zeros, exactly, for a constant matrix's parts past c). */
    private MidRadMatrix part(int k) {
        return parts[k] != null ? parts[k] : MidRadMatrix.zeros(rows(), cols());
    }

    /** The models as a column (n × 1). */
    public static TaylorMatrix column(List<Affine> x) {
        return of(x.stream().map(List::of).toList());
    }

    /** The models as a row (1 × n). */
    public static TaylorMatrix row(List<Affine> x) {
        return of(List.of(x));
    }

    /**
     * The matrix of the given models (rows of equal length), each part enclosed in midpoint–radius doubles; a
     * constant matrix when every model is one.
     */
    public static TaylorMatrix of(List<List<Affine>> x) {
        boolean constant = x.stream().flatMap(List::stream).allMatch(Affine::isConstant);
        MidRadMatrix[] parts = new MidRadMatrix[5];
        for (int k = 0; k < (constant ? 1 : 5); k++) {
            parts[k] = part(x, k);
        }
        return new TaylorMatrix(parts, constant);
    }

    /**
     * The parts c, b, a and r of the given models taken to second order in their own arithmetic
     * ({@link Affine#secondOrder}: d·ε³ into r), each part enclosed in midpoint–radius doubles.
     */
    public static MidRadMatrix[] secondOrderParts(List<List<Affine>> x) {
        List<List<Affine>> second = x.stream().map(row -> row.stream().map(Affine::secondOrder).toList()).toList();
        return new MidRadMatrix[] {part(second, C), part(second, B), part(second, A), part(second, R)};
    }

    /** Part k of every model (rows of equal length), enclosed. */
    private static MidRadMatrix part(List<List<Affine>> x, int k) {
        DyadicInterval[][] p = new DyadicInterval[x.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new DyadicInterval[x.get(i).size()];
            for (int j = 0; j < p[i].length; j++) {
                Affine e = x.get(i).get(j);
                p[i][j] = switch (k) {
                    case C -> e.c();
                    case B -> e.b();
                    case A -> e.a();
                    case D -> e.d();
                    default -> e.r();
                };
            }
        }
        return MidRadMatrix.of(p);
    }

    /** Entry (i, j) as a model containing it. */
    public Affine get(int i, int j) {
        if (constant) {
            return Affine.constant(parts[C].get(i, j));
        }
        return new Affine(parts[C].get(i, j), parts[B].get(i, j), parts[A].get(i, j), parts[D].get(i, j),
            parts[R].get(i, j));
    }

    public int rows() {
        return parts[C].rows();
    }

    public int cols() {
        return parts[C].cols();
    }

    /** An enclosure of the product this·y (matrices of models). */
    public TaylorMatrix times(TaylorMatrix y) {
        return product(y, (left, right) -> {
            if (left.length == 1) {
                return left[0].times(right[0]);
            }
            MidRadMatrix stacked = right[0];
            for (int t = 1; t < right.length; t++) {
                stacked = stacked.stack(right[t]);
            }
            return MidRadMatrix.blocks(new MidRadMatrix[][] {left}).times(stacked);
        });
    }

    /** An enclosure of diag(x)·this, row i of this times the model x_i (x a column of this one's height). */
    public TaylorMatrix scaleRows(TaylorMatrix x) {
        if (x.cols() != 1 || x.rows() != rows()) {
            throw new IllegalArgumentException("scaling " + rows() + " rows by a " + x.rows() + "×" + x.cols()
                + " matrix");
        }
        return x.product(this, (left, right) -> {
            MidRadMatrix sum = MidRadMatrix.zeros(rows(), cols());
            for (int t = 0; t < left.length; t++) {
                sum = sum.minusScaled(left[t].negate(), right[t]);
            }
            return sum;
        });
    }

    /** Sums of products of parts, by a method that knows the factors' shapes (matrix product or row scaling). */
    private interface Sum {
        MidRadMatrix of(MidRadMatrix[] left, MidRadMatrix[] right);
    }

    /**
     * The table {@link #TERMS} for this·y, each power's pairs summed by {@code sum}; with a constant factor only its c
     * times each part of the other (X_c·Y_k or X_k·Y_c, no higher powers), with two only c·c.
     */
    private TaylorMatrix product(TaylorMatrix y, Sum sum) {
        if (constant || y.constant) {
            MidRadMatrix[] p = new MidRadMatrix[constant && y.constant ? 1 : 5];
            for (int k = 0; k < p.length; k++) {
                p[k] = sum.of(new MidRadMatrix[] {parts[constant ? C : k]}, new MidRadMatrix[] {y.parts[y.constant
                    ? C : k]});
            }
            return p.length == 1 ? constant(p[0]) : new TaylorMatrix(p, false);
        }
        MidRadMatrix poly = y.polynomialRange();
        MidRadMatrix range = polynomialRange().plus(part(R));
        MidRadMatrix[] powers = new MidRadMatrix[TERMS.length];
        for (int k = 0; k < TERMS.length; k++) {
            MidRadMatrix[] left = new MidRadMatrix[TERMS[k].length];
            MidRadMatrix[] right = new MidRadMatrix[TERMS[k].length];
            for (int t = 0; t < left.length; t++) {
                left[t] = TERMS[k][t][0] == RANGE ? range : part(TERMS[k][t][0]);
                right[t] = TERMS[k][t][1] == POLY ? poly : y.part(TERMS[k][t][1]);
            }
            powers[k] = sum.of(left, right);
        }
        MidRadMatrix rest = powers[4].timesZeroOne().plus(powers[5].timesUnit())
            .plus(powers[6].timesZeroOne()).plus(powers[7]);
        return new TaylorMatrix(new MidRadMatrix[] {powers[0], powers[1], powers[2], powers[3], rest}, false);
    }

    /** c + b·[−1, 1] + a·[0, 1] + d·[−1, 1] entrywise: the values of the polynomial part. */
    private MidRadMatrix polynomialRange() {
        return parts[C].plus(part(A).timesZeroOne()).plus(part(B).plusTimesUnit(part(D)));
    }

    /** {this − 1·mᵀ}: each row less the row m (1 × cols), part by part. */
    public TaylorMatrix minusEachRow(TaylorMatrix m) {
        if (m.rows() != 1 || m.cols() != cols()) {
            throw new IllegalArgumentException("a " + m.rows() + "×" + m.cols() + " row from " + rows() + "×" + cols());
        }
        MidRadMatrix ones = MidRadMatrix.of(java.util.Collections.nCopies(rows(),
            new DyadicInterval[] {DyadicInterval.ONE}).toArray(DyadicInterval[][]::new));
        if (constant && m.constant) {
            return constant(parts[C].minusScaled(ones, m.parts[C]));
        }
        MidRadMatrix[] p = new MidRadMatrix[5];
        for (int k = 0; k < 5; k++) {
            p[k] = part(k).minusScaled(ones, m.part(k));
        }
        return new TaylorMatrix(p, false);
    }

    /**
     * The tensor held in this row (dims, axis 0 fastest) with axis {@code axis} summed against the row v:
     * Σ_c v_c·t(…, c, …), again a row (the remaining axes in their order) — v times the n × rest matrix of t's
     * entries, so that the product's inner loops run along the long rows.
     */
    public TaylorMatrix contract(int[] dims, int axis, TaylorMatrix v) {
        int stride = 1;
        for (int k = 0; k < axis; k++) {
            stride *= dims[k];
        }
        int n = dims[axis];
        int rest = cols() / n;
        int[] from = new int[rest * n];
        for (int c = 0; c < n; c++) {
            for (int col = 0; col < rest; col++) {
                from[c * rest + col] = col % stride + stride * (c + n * (col / stride));
            }
        }
        return v.times(gather(n, rest, from));
    }

    /** {@link MidRadMatrix#gather} part by part. */
    public TaylorMatrix gather(int rows, int cols, int[] from) {
        MidRadMatrix[] p = new MidRadMatrix[5];
        for (int k = 0; k < 5; k++) {
            p[k] = parts[k] == null ? null : parts[k].gather(rows, cols, from);
        }
        return new TaylorMatrix(p, constant);
    }

    /**
     * The parts c, b, a and r to second order ({@link Affine#secondOrder}): d·ε³ bounded into the remainder, here by
     * magnitude, r + ⟨0, |d|⟩.
     */
    public MidRadMatrix[] secondOrder() {
        return new MidRadMatrix[] {parts[C], part(B), part(A), part(D).timesUnit().plus(part(R))};
    }

    /**
     * The values second-order parts c, b, a and r ({@link #secondOrder}) take over ε ∈ [−1, 1]:
     * c + b·[−1, 1] + a·[0, 1] + r entrywise.
     */
    public static MidRadMatrix range(MidRadMatrix[] secondOrder) {
        // indices of the four second-order parts, not of the five parts (C, B, A, D, R)
        return secondOrder[0].plus(secondOrder[1].timesUnit()).plus(secondOrder[2].timesZeroOne()).plus(
            secondOrder[3]);
    }
}
