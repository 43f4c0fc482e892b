package org.equivariant.arith;

/**
 * An interval matrix in midpoint–radius form over doubles, ⟨M, R⟩ = {X : |X − M| ≤ R} entrywise, with rigorous
 * products in the manner of Rump ("Fast and parallel interval arithmetic", BIT 39, 1999): the product of ⟨A_m, A_r⟩
 * and ⟨B_m, B_r⟩ (inner dimension k) is ⟨fl(A_m B_m), R⟩ with R an upward-rounded bound of
 * (|A_m| + A_r)·B_r + A_r·|B_m| + γ·|A_m|·|B_m| + underflow, γ = (k + 6)·2⁻⁵³. Java's double operations round to
 * nearest (IEEE 754), so every rounding error of a sum or product of k terms is covered by γ (the classical
 * |fl(Σ) − Σ| ≤ γ_k Σ|·| bound) and each underflowing product by 2⁻¹⁰⁷⁴; the bound itself is rounded up with
 * {@link Math#nextUp}. It is the fast path of {@link DyadicInterval} matrix products (the branch chain's Krawczyk
 * test): O(k) double operations per entry instead of O(k) 128-bit interval operations, the inclusion property intact.
 * A non-finite intermediate throws an ArithmeticException, never a wrong enclosure.
 */
public final class MidRadMatrix {
    private static final double U = 0x1p-53;
    private static final double ETA = Double.MIN_VALUE;
    /** 1 + 2⁻⁴⁹ = 1 + 16u ≥ (1 + u)⁶: the growth of {@link #minusScaled}'s radii over their sum to nearest. */
    private static final double SCALED_UPDATE_GROWTH = 1 + 0x1p-49;

    private final int rows;
    private final int cols;
    private final double[][] mid; // by rows: the product's inner loop then runs over whole arrays, which the JIT
    private final double[][] rad; // compiler vectorizes (an offset into one flat array defeats it)

    private MidRadMatrix(int rows, int cols, double[][] mid, double[][] rad) {
        this.rows = rows;
        this.cols = cols;
        this.mid = mid;
        this.rad = rad;
    }

    /**
     * An enclosure of a rectangular dyadic interval matrix (rows of equal length): an entry whose ends round outward
     * to one double is that double with radius 0; else the midpoint of the rounded ends and a radius reaching both.
     */
    public static MidRadMatrix of(DyadicInterval[][] x) {
        int rows = x.length;
        int cols = rows == 0 ? 0 : x[0].length;
        double[][] mid = Grids.zeros(rows, cols);
        double[][] rad = Grids.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            if (x[i].length != cols) {
                throw new IllegalArgumentException("ragged matrix");
            }
            for (int j = 0; j < cols; j++) {
                enclose(x[i][j], mid[i], rad[i], j);
            }
        }
        return new MidRadMatrix(rows, cols, mid, rad);
    }

    /**
     * An enclosure of a matrix of rationals given by its rows: a {@link DyadicRow}'s entries exactly (their doubles),
     * others as {@link #of} encloses their dyadic intervals.
     */
    public static MidRadMatrix ofRows(java.util.List<? extends java.util.List<Rational>> x) {
        int rows = x.size();
        int cols = rows == 0 ? 0 : x.get(0).size();
        double[][] mid = Grids.zeros(rows, cols);
        double[][] rad = Grids.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            java.util.List<Rational> row = x.get(i);
            if (row.size() != cols) {
                throw new IllegalArgumentException("ragged matrix");
            }
            for (int j = 0; j < cols; j++) {
                if (row instanceof DyadicRow d) {
                    mid[i][j] = d.exactDouble(j);
                } else {
                    enclose(DyadicInterval.of(row.get(j)), mid[i], rad[i], j);
                }
            }
        }
        return new MidRadMatrix(rows, cols, mid, rad);
    }

    /** Entry j of a row as ⟨m, r⟩ ⊇ x: the midpoint of x's ends rounded outward to doubles, r rounded up. */
    private static void enclose(DyadicInterval x, double[] mid, double[] rad, int j) {
        double lo = x.loDouble();
        double hi = x.hiDouble();
        if (lo == hi) {
            // the ends rounded outward meet: the entry is that double, exactly
            mid[j] = lo;
            return;
        }
        double m = 0.5 * lo + 0.5 * hi;
        mid[j] = m;
        rad[j] = Math.nextUp(Math.max(Math.nextUp(hi - m), Math.nextUp(m - lo)));
    }

    /** An enclosure of a dyadic interval vector as a one-column matrix. */
    public static MidRadMatrix column(java.util.List<DyadicInterval> x) {
        return of(x.stream().map(e -> new DyadicInterval[] {e}).toArray(DyadicInterval[][]::new));
    }

    /**
     * An enclosure of {A·B : A ∈ this, B ∈ b}: the class's bound, summed as Σ_l |a_m|·b′ + a_r·b″ over the rows of
     * b′ = B_r + γ|B_m| and b″ = |B_m| + B_r, each rounded up once per product (the same bound as
     * (|A_m| + A_r)·B_r + A_r·|B_m| + γ|A_m||B_m|, two products an inner step instead of three). Exact zeros —
     * of A, and the runs of them along B's rows (a Jacobian's zero blocks) — are skipped: their terms are exactly 0,
     * and fewer terms only lower the sums' rounding errors.
     */
    public MidRadMatrix times(MidRadMatrix b) {
        productShape(b);
        int k = cols;
        int m = b.cols;
        SumBound bound = new SumBound(k);
        if (m == 1) {
            return timesColumn(b, bound);
        }
        if (rows == 1) {
            return rowTimes(b, bound);
        }
        double[][] spread = Grids.zeros(k, m); // b′
        double[][] wide = Grids.zeros(k, m); // b″
        for (int l = 0; l < k; l++) {
            for (int j = 0; j < m; j++) {
                spread[l][j] = bound.spread(b.mid[l][j], b.rad[l][j]);
                wide[l][j] = SumBound.wide(b.mid[l][j], b.rad[l][j]);
            }
        }
        int[][] runs = b.runs();
        double[][] cm = Grids.zeros(rows, m);
        double[][] cr = Grids.zeros(rows, m); // the sums Σ|a_m|·b′ + a_r·b″, then the radii
        for (int i = 0; i < rows; i++) {
            double[] c = cm[i];
            double[] q = cr[i];
            for (int l = 0; l < k; l++) {
                double am = mid[i][l];
                double ar = rad[i][l];
                double abs = Math.abs(am);
                double[] bMid = b.mid[l];
                double[] bSpread = spread[l];
                double[] bWide = wide[l];
                int[] run = runs[l];
                if (ar == 0) {
                    // an exact entry of A (a preconditioner's): its term A_r·b″ is 0
                    for (int s = 0; am != 0 && s < run.length; s += 2) {
                        for (int j = run[s]; j < run[s + 1]; j++) {
                            c[j] += am * bMid[j];
                            q[j] += abs * bSpread[j];
                        }
                    }
                    continue;
                }
                for (int s = 0; s < run.length; s += 2) {
                    for (int j = run[s]; j < run[s + 1]; j++) {
                        c[j] += am * bMid[j];
                        q[j] += abs * bSpread[j] + ar * bWide[j];
                    }
                }
            }
            for (int j = 0; j < m; j++) {
                double r = bound.radius(q[j]);
                if (!Double.isFinite(r) || !Double.isFinite(c[j])) {
                    throw new ArithmeticException("a matrix product beyond the range of doubles");
                }
                q[j] = r;
            }
        }
        return new MidRadMatrix(rows, m, cm, cr);
    }

    /**
     * An enclosure of {(A·B)·x : A ∈ this, B ∈ b, x ∈ v} for a column v — of {(I − A·B)·x} when {@code identityMinus}
     * — without A·B's radii as a matrix. A·B lies in ⟨P, Q⟩ with P = fl(A_m·B_m) and Q = |A_m|·b′ + A_r·b″ + η (the
     * bound of {@link #times}: b′ = B_r + γ|B_m|, b″ = |B_m| + B_r, η its floor), so its product with x reaches
     * ⟨P⟩·x (or ⟨I − P⟩·x, by {@link #identityMinus}) as {@link #times} encloses it, widened by
     * Q·w = |A_m|·(b′·w) + A_r·(b″·w) + η·Σw, w = |v_m| + v_r: matrix–vector products of non-negative terms (equal in
     * real arithmetic by associativity), each sum rounded up by the class's bound. One multiplication an inner step
     * of A·B instead of three.
     */
    public MidRadMatrix productTimes(MidRadMatrix b, MidRadMatrix v, boolean identityMinus) {
        applyShape(b, v);
        int k = cols;
        int m = b.cols;
        double[][] p = Grids.times(mid, b.mid, m, b.runs()); // exact zeros of A_m and B's zero runs skipped
        MidRadMatrix point = new MidRadMatrix(rows, m, p, Grids.zeros(rows, m));
        MidRadMatrix px = (identityMinus ? point.identityMinus() : point).times(v);
        SumBound bound = new SumBound(k);
        double[] w = widths(v);
        double[] spread = new double[k]; // b′·w
        double[] wide = b.magnitudeRows(w); // b″·w
        SumBound across = new SumBound(m);
        for (int l = 0; l < k; l++) {
            double s1 = 0;
            for (int j = 0; j < m; j++) {
                s1 += bound.spread(b.mid[l][j], b.rad[l][j]) * w[j];
            }
            spread[l] = across.radius(s1);
        }
        SumBound twice = new SumBound(2 * k);
        double floor = Math.nextUp(bound.floor * across.radius(sum(w)));
        double[][] r = Grids.zeros(rows, 1);
        for (int i = 0; i < rows; i++) {
            double z = 0;
            for (int l = 0; l < k; l++) {
                z += Math.abs(mid[i][l]) * spread[l] + rad[i][l] * wide[l];
            }
            r[i][0] = Math.nextUp(Math.nextUp(px.rad[i][0] + twice.radius(z)) + floor);
            if (!Double.isFinite(r[i][0])) {
                throw new ArithmeticException("a matrix product beyond the range of doubles");
            }
        }
        return new MidRadMatrix(rows, 1, px.mid, r);
    }

    /**
     * An enclosure ⟨0, ρ⟩ of {(A·B)·x : A ∈ this, B ∈ b, x ∈ v} for a column v by magnitudes, for a product that only
     * bounds (the remainder of a Taylor model): |A·B·x| ≤ |A|·(|B|·w) = ρ, w = |v_m| + v_r, |X| = |X_m| + X_r — two
     * matrix–vector products of non-negative terms (the magnitudes rounded up, each sum of products by the class's
     * bound). Wider than {@link #productTimes} by at most |A_m|·|B_m|·w per term, for one multiplication an inner step
     * instead of three.
     */
    public MidRadMatrix magnitudesTimes(MidRadMatrix b, MidRadMatrix v) {
        applyShape(b, v);
        double[] rho = magnitudeRows(b.magnitudeRows(widths(v)));
        double[][] r = Grids.zeros(rows, 1);
        for (int i = 0; i < rows; i++) {
            r[i][0] = rho[i];
            if (!Double.isFinite(r[i][0])) {
                throw new ArithmeticException("a matrix product beyond the range of doubles");
            }
        }
        return new MidRadMatrix(rows, 1, Grids.zeros(rows, 1), r);
    }

    /**
     * |X|·w for this matrix's magnitudes |X| = |X_m| + X_r (each rounded up) and a vector w ≥ 0, each row's sum of
     * non-negative products rounded up by the class's bound.
     */
    private double[] magnitudeRows(double[] w) {
        SumBound bound = new SumBound(cols);
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int l = 0; l < cols; l++) {
                s += SumBound.wide(mid[i][l], rad[i][l]) * w[l];
            }
            out[i] = bound.radius(s);
        }
        return out;
    }

    /** Refuses factors B and a column v that do not fit this·B·v. */
    private void applyShape(MidRadMatrix b, MidRadMatrix v) {
        productShape(b);
        b.productShape(v);
        if (v.cols != 1) {
            throw new IllegalArgumentException("the vector has " + v.cols + " columns");
        }
    }

    /** w = |v_m| + v_r of a column, rounded up. */
    private static double[] widths(MidRadMatrix v) {
        double[] w = new double[v.rows];
        for (int j = 0; j < v.rows; j++) {
            w[j] = SumBound.wide(v.mid[j][0], v.rad[j][0]);
        }
        return w;
    }

    /** Σ x of non-negative doubles, to nearest (the callers round it up). */
    private static double sum(double[] x) {
        double s = 0;
        for (double e : x) {
            s += e;
        }
        return s;
    }

    /**
     * The rounding bound of a product's sums of k non-negative terms (the class's): γ = (k + 6)·2⁻⁵³, and a computed
     * sum q becomes the radius next-up(next-up(q·(1 + 2γ)) + 8(k + 1)·2⁻¹⁰⁷⁴) — grown past 1/(1 − γ) and floored for
     * the products that underflow.
     */
    private static final class SumBound {
        private final double gamma;
        private final double grow;
        private final double floor;

        SumBound(int k) {
            gamma = (k + 6) * U;
            grow = Math.nextUp(1 + 2 * gamma);
            floor = 8.0 * (k + 1) * ETA;
        }

        double radius(double sum) {
            return Math.nextUp(Math.nextUp(sum * grow) + floor);
        }

        /**
         * The radius from sums to nearest of non-negative terms: t, of the radius terms |a|·r + a_r·(|x| + r), and
         * g, of |a|·|x| (for γ). fl(t + fl(γ·g)) takes at most k + 3 roundings to nearest along any path from a
         * factor (|x| + r, a_r·(·), the two terms' sum, k − 1 additions, the last sum), each at most u relative in the
         * normal range — an addition is exact where it underflows — so the true value is at most the computed one
         * over (1 − u)^(k+3) ≤ 1 + 2(k + 3)u ≤ grow, plus 2⁻¹⁰⁷⁵ for each underflowing product (3k + 1 at most, grown
         * alike: under 2(k + 1)·2⁻¹⁰⁷⁴), which with the midpoint's k underflows (k·2⁻¹⁰⁷⁵) the floor covers.
         */
        double radiusOfNearest(double terms, double magnitudes) {
            return radius(terms + gamma * magnitudes);
        }

        /** b′ = B_r + γ|B_m| of an entry ⟨m, r⟩ of B, rounded up: its term per |a_m| in a product's radius. */
        double spread(double m, double r) {
            return Math.nextUp(r + Math.nextUp(gamma * Math.abs(m)));
        }

        /** b″ = |B_m| + B_r of an entry ⟨m, r⟩ of B, rounded up: its term per a_r in a product's radius. */
        static double wide(double m, double r) {
            return Math.nextUp(Math.abs(m) + r);
        }
    }

    /** Per row: [start, end) of each run of entries other than an exact 0 (⟨0, 0⟩), which products skip. */
    private int[][] runs() {
        int[][] runs = new int[rows][];
        int[] ends = new int[cols + 1];
        for (int l = 0; l < rows; l++) {
            int count = 0;
            for (int j = 0; j < cols; j++) {
                if ((mid[l][j] == 0 && rad[l][j] == 0) == (count % 2 == 1)) {
                    ends[count++] = j; // a run starts (outside one, not 0) or ends (inside one, an exact 0)
                }
            }
            if (count % 2 == 1) {
                ends[count++] = cols;
            }
            runs[l] = java.util.Arrays.copyOf(ends, count);
        }
        return runs;
    }

    /**
     * {@link #times} of a one-column b (a matrix–vector product): the same terms in the same order, so the same
     * doubles, without the per-row preparation and runs that pay off only over many columns.
     */
    private MidRadMatrix timesColumn(MidRadMatrix b, SumBound bound) {
        int k = cols;
        double[] bMid = new double[k];
        double[] bSpread = new double[k];
        double[] bWide = new double[k];
        for (int l = 0; l < k; l++) {
            bMid[l] = b.mid[l][0];
            bSpread[l] = bound.spread(bMid[l], b.rad[l][0]);
            bWide[l] = SumBound.wide(bMid[l], b.rad[l][0]);
        }
        double[][] cm = Grids.zeros(rows, 1);
        double[][] cr = Grids.zeros(rows, 1);
        for (int i = 0; i < rows; i++) {
            double c = 0;
            double q = 0;
            double[] aMid = mid[i];
            double[] aRad = rad[i];
            for (int l = 0; l < k; l++) {
                double am = aMid[l];
                double ar = aRad[l];
                if (bMid[l] == 0 && b.rad[l][0] == 0 || am == 0 && ar == 0) {
                    continue; // an exact 0 factor: its terms are exactly 0 (skipped by times as well)
                }
                double abs = Math.abs(am);
                c += am * bMid[l];
                q += ar == 0 ? abs * bSpread[l] : abs * bSpread[l] + ar * bWide[l];
            }
            double r = bound.radius(q);
            if (!Double.isFinite(r) || !Double.isFinite(c)) {
                throw new ArithmeticException("a matrix product beyond the range of doubles");
            }
            cm[i][0] = c;
            cr[i][0] = r;
        }
        return new MidRadMatrix(rows, 1, cm, cr);
    }

    /**
     * {@link #times} of a one-row this (a vector–matrix product: a Taylor-matrix tensor contraction's, where each entry
     * of b is used once): the same midpoints (the same terms in the same order), and the same radius bound
     * |a_m|·B_r + a_r·(|B_m| + B_r) + γ·|a_m|·|B_m| summed without a rounding per term — its terms and
     * Σ|a_m|·|B_m| to nearest, then grown and rounded up once ({@link SumBound#radiusOfNearest}). Rounding each term
     * up (b′, b″) cost two or three {@link Math#nextUp} per term, a chain of dependent operations the compilers cannot
     * overlap: this product was the largest single cost of a 2^10 game's certified branch at λ = 10 (13 % of the
     * process by {@code perf}; 8 % without them).
     */
    private MidRadMatrix rowTimes(MidRadMatrix b, SumBound bound) {
        int m = b.cols;
        double[] c = new double[m];
        double[] q = new double[m]; // Σ |a_m|·r + a_r·(|x| + r), to nearest
        double[] g = new double[m]; // Σ |a_m|·|x|, to nearest
        for (int l = 0; l < cols; l++) {
            double am = mid[0][l];
            double ar = rad[0][l];
            if (am == 0 && ar == 0) {
                continue; // an exact 0 of A: its terms are exactly 0 (skipped by times as well)
            }
            double abs = Math.abs(am);
            double[] bMid = b.mid[l];
            double[] bRad = b.rad[l];
            for (int j = 0; j < m; j++) {
                double x = bMid[j];
                double r = bRad[j];
                if (x == 0 && r == 0) {
                    continue; // an exact 0 of B, likewise
                }
                c[j] += am * x;
                g[j] += abs * Math.abs(x);
                q[j] += ar == 0 ? abs * r : abs * r + ar * (Math.abs(x) + r);
            }
        }
        for (int j = 0; j < m; j++) {
            q[j] = bound.radiusOfNearest(q[j], g[j]);
            if (!Double.isFinite(q[j]) || !Double.isFinite(c[j])) {
                throw new ArithmeticException("a matrix product beyond the range of doubles");
            }
        }
        return new MidRadMatrix(1, m, new double[][] {c}, new double[][] {q});
    }

    /**
     * An enclosure of {I − A : A ∈ this} (square): off the diagonal exactly ⟨−M, R⟩; on it 1 − m rounded to nearest,
     * with a unit in the last place of the result (twice its rounding error's bound) added to the radius, rounded up.
     */
    public MidRadMatrix identityMinus() {
        if (rows != cols) {
            throw new IllegalArgumentException("I − A needs a square matrix, got " + rows + "×" + cols);
        }
        MidRadMatrix out = negate();
        for (int i = 0; i < rows; i++) {
            double d = 1 - mid[i][i];
            double e = Math.nextUp(rad[i][i] + Math.ulp(d));
            if (!Double.isFinite(e)) {
                throw new ArithmeticException("I − A beyond the range of doubles");
            }
            out.mid[i][i] = d;
            out.rad[i][i] = e;
        }
        return out;
    }

    /** [this; below]: the rows of this above those of {@code below} (equal widths), shared rather than copied. */
    public MidRadMatrix stack(MidRadMatrix below) {
        if (cols != below.cols) {
            throw new IllegalArgumentException("widths " + cols + " and " + below.cols);
        }
        double[][] m = new double[rows + below.rows][];
        double[][] r = new double[rows + below.rows][];
        System.arraycopy(mid, 0, m, 0, rows);
        System.arraycopy(below.mid, 0, m, rows, below.rows);
        System.arraycopy(rad, 0, r, 0, rows);
        System.arraycopy(below.rad, 0, r, rows, below.rows);
        return new MidRadMatrix(rows + below.rows, cols, m, r);
    }

    /**
     * An enclosure of {(A + B)·s : A ∈ this, B ∈ b, s ∈ [−1, 1]} (equal shapes): entries ⟨0, ρ⟩ with
     * ρ ≥ (|m_A| + r_A) + (|m_B| + r_B) ≥ |A + B|, each sum rounded up; where both are exact zeros, exactly 0.
     */
    public MidRadMatrix plusTimesUnit(MidRadMatrix b) {
        sameShape(b);
        double[][] m = Grids.zeros(rows, cols);
        double[][] r = Grids.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (mid[i][j] == 0 && rad[i][j] == 0 && b.mid[i][j] == 0 && b.rad[i][j] == 0) {
                    continue; // (0 + 0)·s is exactly 0
                }
                double x = Math.nextUp(Math.nextUp(Math.abs(mid[i][j]) + rad[i][j])
                    + Math.nextUp(Math.abs(b.mid[i][j]) + b.rad[i][j]));
                if (!Double.isFinite(x)) {
                    throw new ArithmeticException("a bound beyond the range of doubles");
                }
                r[i][j] = x;
            }
        }
        return new MidRadMatrix(rows, cols, m, r);
    }

    /**
     * An enclosure of {A − g∘W : A ∈ this, g ∈ column, W ∈ w} (column n × 1, this n × m), where g∘W is the rank-one
     * product g·w when w is one row (1 × m) and diag(g)·W, row i of W times g_i, when w is n × m — entrywise
     * ⟨d, r⟩ with p = fl(g_m w_m), d = fl(A_m − p). The radius must reach
     * T = A_r + |gw − g_m w_m| + |p − g_m w_m| + |d − (A_m − p)| ≤ A_r + ω·w_r + g_r·|w_m| + u(|p| + |d|) + η/2
     * (ω ≥ |g_m| + g_r rounded up once per row; u = 2⁻⁵³, η = 2⁻¹⁰⁷⁴; a rounded product is off by at most u of its
     * result or η/2 when it underflows; a rounded difference by u of its result, exactly when subnormal). All five
     * terms are computed to nearest and summed left to right with 4η in place of η/2: each computed term c of an exact
     * t has t ≤ (1 + u)c + η/2 (three of them) and 4η covers those three halves and p's, so T ≤ (1 + u)·Σc, and a sum
     * of non-negative terms rounded to nearest four times is at least Σ/(1 + u)⁴: T ≤ (1 + u)⁵·s. Then
     * r = next-up(fl(s·(1 + 2⁻⁴⁹))) ≥ (1 + u)⁵·s: a normal product is at least s(1 + 16u)/(1 + u), a subnormal one at
     * least s(1 + 16u) − η/2, to which next-up adds η. One directed rounding per entry instead of eight. O(nm) double
     * operations, where either as a matrix product would cost O(nm) interval products (the rank-one case) or O(n²m)
     * (the diagonal one).
     */
    public MidRadMatrix minusScaled(MidRadMatrix column, MidRadMatrix w) {
        if (column.rows != rows || column.cols != 1 || (w.rows != 1 && w.rows != rows) || w.cols != cols) {
            throw new IllegalArgumentException("shapes " + rows + "×" + cols + ", " + column.rows + "×" + column.cols
                + " and " + w.rows + "×" + w.cols);
        }
        double[][] m = Grids.zeros(rows, cols);
        double[][] r = Grids.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            double[] wMid = w.mid[w.rows == 1 ? 0 : i];
            double[] wRad = w.rad[w.rows == 1 ? 0 : i];
            double[] aMid = mid[i];
            double[] aRad = rad[i];
            double[] dMid = m[i];
            double[] dRad = r[i];
            double gm = column.mid[i][0];
            double gr = column.rad[i][0];
            double wide = Math.nextUp(Math.abs(gm) + gr);
            for (int j = 0; j < cols; j++) {
                double p = gm * wMid[j];
                double d = aMid[j] - p;
                dMid[j] = d;
                dRad[j] = (aRad[j] + wide * wRad[j] + gr * Math.abs(wMid[j]) + U * (Math.abs(p) + Math.abs(d))
                    + 4 * ETA) * SCALED_UPDATE_GROWTH;
            }
            boolean finite = true;
            for (int j = 0; j < cols; j++) {
                dRad[j] = Math.nextUp(dRad[j]);
                finite &= Double.isFinite(dRad[j]) && Double.isFinite(dMid[j]);
            }
            if (!finite) {
                throw new ArithmeticException("a scaled update beyond the range of doubles");
            }
        }
        return new MidRadMatrix(rows, cols, m, r);
    }

    /**
     * An enclosure of {A + B : A ∈ this, B ∈ b} (equal shapes): ⟨fl(A_m + B_m), r⟩ with r an upward-rounded bound of
     * A_r + B_r + 2⁻⁵³|fl(A_m + B_m)| (a sum rounded to nearest is off by at most 2⁻⁵³ of its result; one in the
     * subnormal range is exact) — exactly ⟨0, 0⟩ for two exact entries whose sum rounds to 0, which it then is (a
     * nonzero sum of doubles is at least 2⁻¹⁰⁷⁴ and rounds to nonzero): exact zeros stay exact, so products skip
     * them, and radii do not become subnormal numbers, which cost x86 processors microcode assists in products.
     */
    public MidRadMatrix plus(MidRadMatrix b) {
        sameShape(b);
        double[][] m = Grids.zeros(rows, cols);
        double[][] r = Grids.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double s = mid[i][j] + b.mid[i][j];
                if (s == 0 && rad[i][j] == 0 && b.rad[i][j] == 0) {
                    continue; // two exact entries whose sum is exactly 0 (a nonzero sum of doubles rounds to nonzero)
                }
                double x = Math.nextUp(Math.nextUp(rad[i][j] + b.rad[i][j]) + Math.nextUp(U * Math.abs(s)));
                if (!Double.isFinite(x) || !Double.isFinite(s)) {
                    throw new ArithmeticException("a sum beyond the range of doubles");
                }
                m[i][j] = s;
                r[i][j] = x;
            }
        }
        return new MidRadMatrix(rows, cols, m, r);
    }

    /**
     * An enclosure of {A·s : A ∈ this, s ∈ [0, 1]}: ⟨m/2, |m|/2 + r⟩ (A·s lies between 0 and A), plus 2⁻¹⁰⁷⁴ for a
     * halving that underflows, rounded up; an exact 0 stays exactly 0 (as in {@link #plus}).
     */
    public MidRadMatrix timesZeroOne() {
        double[][] m = Grids.zeros(rows, cols);
        double[][] r = Grids.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (mid[i][j] == 0 && rad[i][j] == 0) {
                    continue; // an exact 0 times s is exactly 0
                }
                double h = 0.5 * mid[i][j];
                m[i][j] = h;
                r[i][j] = Math.nextUp(Math.nextUp(Math.abs(h) + rad[i][j]) + ETA);
            }
        }
        return new MidRadMatrix(rows, cols, m, r);
    }

    /** An enclosure of {A·s : A ∈ this, s ∈ [−1, 1]}: ⟨0, |m| + r⟩, rounded up. */
    public MidRadMatrix timesUnit() {
        return plusTimesUnit(zeros(rows, cols));
    }

    private void productShape(MidRadMatrix b) {
        if (cols != b.rows) {
            throw new IllegalArgumentException("shapes " + rows + "×" + cols + " and " + b.rows + "×" + b.cols);
        }
    }

    private void sameShape(MidRadMatrix b) {
        if (rows != b.rows || cols != b.cols) {
            throw new IllegalArgumentException("shapes " + rows + "×" + cols + " and " + b.rows + "×" + b.cols);
        }
    }

    /** {−A : A ∈ this}, exactly. */
    public MidRadMatrix negate() {
        double[][] m = Grids.zeros(rows, cols);
        double[][] r = new double[rows][];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = -mid[i][j];
            }
            r[i] = rad[i].clone();
        }
        return new MidRadMatrix(rows, cols, m, r);
    }

    /**
     * The rows × cols matrix whose entry (i, j) is entry {@code from[i·cols + j]} of this one-row matrix (exact
     * copies): a tensor stored as a row, reshaped or with its axes reordered.
     */
    public MidRadMatrix gather(int rows, int cols, int[] from) {
        if (this.rows != 1 || from.length != rows * cols) {
            throw new IllegalArgumentException("gathering " + rows + "×" + cols + " from " + from.length
                + " indices of a " + this.rows + "×" + this.cols + " matrix");
        }
        MidRadMatrix out = zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out.mid[i][j] = mid[0][from[i * cols + j]];
                out.rad[i][j] = rad[0][from[i * cols + j]];
            }
        }
        return out;
    }

    /** The rows × cols zero matrix, exactly. */
    public static MidRadMatrix zeros(int rows, int cols) {
        return new MidRadMatrix(rows, cols, Grids.zeros(rows, cols), Grids.zeros(rows, cols));
    }

    /** The n × n identity, exactly. */
    public static MidRadMatrix identity(int n) {
        MidRadMatrix x = zeros(n, n);
        for (int i = 0; i < n; i++) {
            x.mid[i][i] = 1;
        }
        return x;
    }

    /**
     * The block matrix of a grid of blocks (exact copies); a null block is zero. Every row of the grid needs a block
     * giving its height and every column one giving its width; the blocks must agree with them.
     */
    public static MidRadMatrix blocks(MidRadMatrix[][] grid) {
        int[] heights = new int[grid.length];
        int[] widths = new int[grid.length == 0 ? 0 : grid[0].length];
        java.util.Arrays.fill(heights, -1);
        java.util.Arrays.fill(widths, -1);
        for (int s = 0; s < grid.length; s++) {
            if (grid[s].length != widths.length) {
                throw new IllegalArgumentException("ragged grid of blocks");
            }
            for (int t = 0; t < widths.length; t++) {
                MidRadMatrix b = grid[s][t];
                if (b != null) {
                    heights[s] = agree(heights[s], b.rows);
                    widths[t] = agree(widths[t], b.cols);
                }
            }
        }
        int rows = 0;
        int cols = 0;
        for (int h : heights) {
            rows += sized(h);
        }
        for (int w : widths) {
            cols += sized(w);
        }
        MidRadMatrix out = zeros(rows, cols);
        for (int s = 0, top = 0; s < grid.length; top += heights[s], s++) {
            for (int t = 0, left = 0; t < widths.length; left += widths[t], t++) {
                MidRadMatrix b = grid[s][t];
                for (int i = 0; b != null && i < b.rows; i++) {
                    System.arraycopy(b.mid[i], 0, out.mid[top + i], left, b.cols);
                    System.arraycopy(b.rad[i], 0, out.rad[top + i], left, b.cols);
                }
            }
        }
        return out;
    }

    private static int sized(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("a row or column of the grid has no block to give its size");
        }
        return size;
    }

    private static int agree(int known, int size) {
        if (known >= 0 && known != size) {
            throw new IllegalArgumentException("blocks of sizes " + known + " and " + size + " side by side");
        }
        return size;
    }

    /** The given columns, in the given order (exact copies). */
    public MidRadMatrix selectColumns(int... which) {
        MidRadMatrix out = zeros(rows, which.length);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < which.length; k++) {
                out.mid[i][k] = mid[i][which[k]];
                out.rad[i][k] = rad[i][which[k]];
            }
        }
        return out;
    }

    /** The given rows, in the given order (shared rather than copied). */
    public MidRadMatrix selectRows(int... which) {
        double[][] m = new double[which.length][];
        double[][] r = new double[which.length][];
        for (int k = 0; k < which.length; k++) {
            m[k] = mid[which[k]];
            r[k] = rad[which[k]];
        }
        return new MidRadMatrix(which.length, cols, m, r);
    }

    /** Every column but column j (exact copies). */
    public MidRadMatrix withoutColumn(int j) {
        return selectColumns(java.util.stream.IntStream.range(0, cols).filter(k -> k != j).toArray());
    }

    /**
     * max_i Σ_j (|m_ij| + r_ij) in doubles rounded to nearest: the size of the matrix's infinity norm, for choices
     * that need no bound.
     */
    public double maxRowSum() {
        double max = 0;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += Math.abs(mid[i][j]) + rad[i][j];
            }
            max = Math.max(max, s);
        }
        return max;
    }

    /** Entry (i, j) as a dyadic interval containing it. */
    public DyadicInterval get(int i, int j) {
        double m = mid[i][j];
        double r = rad[i][j];
        return DyadicInterval.ofDoubles(Math.nextDown(m - r), Math.nextUp(m + r));
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }
}
