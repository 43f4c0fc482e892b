package org.equivariant.certificate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.equivariant.arith.Affine;
import org.equivariant.arith.AffineField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Field;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalArithmetic;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.MidRadMatrix;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.arith.TaylorMatrix;

/**
 * Independent replay of a certified principal branch ({@link QreCertificate.Branch}), using only {@code arith} and the
 * checker's own {@link LogitFixedPoint} (theorem BR-CHAIN, proofs/BR-CHAIN.md). It proves that a certified QRE at
 * λ* lies on the connected component of the logit correspondence that contains the centroid at λ = 0 — the principal
 * branch — by re-deriving:
 * <ol>
 *   <li>for each piece, a parametric Krawczyk test around its predictor c(v) = c_m + ts + as²/2 + js³/6
 *       (s = v − m) with the preconditioner R(v) = R₀ + R₁s: with v = m + hε over the range (ε ∈ [−1, 1]) and the
 *       deviation box Δ, K(ε) = −R(v)·F(c(v), v) + (I − R(v)·∂F(c(v) + Δ, v))·Δ is computed as a Taylor model in ε
 *       ({@link AffineField}: dependence on ε up to ε³ cancels exactly in F, up to ε² in ∂F, higher orders are
 *       bounded; the predictor term −R(v)·F afresh on each of {@link #PARTS} parts of the range) and its range must
 *       lie in int Δ; ∂F is the Jacobian with respect to the n coordinates other than
 *       the parameter (for a sheared piece, {@link BranchPiece}, F and ∂F at z_parameter = v − w·y, with the chain
 *       rule's columns ∂F/∂y_k − w_k·∂F/∂z_parameter). For each v this is the Krawczyk test of
 *       δ ↦ F(c(v) + δ, v) on Δ with the matrix R(v), so there is exactly one zero c(v) + δ(v), every matrix in the
 *       Jacobian enclosure is non-singular (Rump) and, by the implicit function theorem, v ↦ δ(v) is continuous: the
 *       zeros form one arc;</li>
 *   <li>that the first piece is parametrized by λ itself (no shear) starting at λ = 0, where the only zero is the
 *       centroid — or at a λ₀ with λ₀κ &lt; 1 for an anchor (w, κ), a Perron certificate of D/4 re-derived exactly:
 *       by UNIQ-H the QRE is unique for every λ ≤ λ₀, so the QREs there form one curve from the centroid, and the
 *       first arc's point at λ₀ is on it;</li>
 *   <li>that each piece's end point — its coordinate v at {@code to}, other coordinates in c(to) + D, D = K ∩ Δ
 *       narrowed by up to {@link #NARROWING_STEPS} Krawczyk steps at the single value v = to (each image contains
 *       the zero for that v) — is a point of the next piece: its next coordinate v′ (enclosed over the end box)
 *       lies in that piece's range P′ and its other coordinates minus c′(v′) lie in Δ′; so consecutive arcs share a
 *       point and join;</li>
 *   <li>that the last piece is parametrized by λ itself with λ* ∈ P and that the QRE's verified enclosure Y satisfies
 *       Y − c(λ*) ⊂ Δ: the tube holds exactly one zero at λ*, the arc's, so the QRE is the arc's point at λ*.</li>
 * </ol>
 * The union of the arcs is connected and contains (centroid, 0), hence lies in the principal branch. Pieces are
 * checked in {@link DyadicField} arithmetic when the branch's precision is at most 18 digits, else in decimal
 * {@link IntervalField}s; data are read outward into the arithmetic.
 */
public final class BranchChecker {
    /** Precisions up to this many digits are checked in 62-bit dyadic arithmetic. */
    public static final int DYADIC_DIGITS = 18;

    private BranchChecker() {
    }

    /** The interval arithmetic a branch of the given precision is checked in. */
    public static IntervalArithmetic<?> arithmetic(int digits) {
        return digits <= DYADIC_DIGITS ? DyadicField.INSTANCE : new IntervalField(digits);
    }

    /**
     * The outcome of one piece's test: the deviation box Δ and its image K (decimal enclosures of the boxes the test
     * compared, {@link DyadicInterval#enclosure}), whether K ⊂ int Δ, and the piece's end (all n + 1 coordinates: the
     * parameter at {@code to}, the others in c(to) + K ∩ Δ) when it holds.
     */
    public record Test(BranchPiece piece, List<Interval> deviation, List<Interval> image, boolean holds,
                       List<Interval> exit) {
    }

    /** Runs the parametric Krawczyk test of a piece of the system's branch in the given arithmetic. */
    public static Test test(ParametricSystem sys, BranchPiece p, IntervalArithmetic<?> f) {
        return testIn(line(sys, p), p, f);
    }

    /**
     * The range of −R(ε)·F(c(ε), v(ε)) over the piece: the image K of the test with Δ = 0. K ⊇ it for every Δ ∋ 0
     * (the deviation term contains 0), so a box Δ can pass only if it holds this range in its interior — the tracer
     * sizes its first Δ from it at a fraction of a test's cost (no Jacobian, no matrix products). Not a proof of
     * anything.
     */
    public static List<Interval> predictorImage(ParametricSystem sys, BranchPiece p) {
        return line(sys, p).predictorImage();
    }

    /** The predictor c(v) = c_m + s·(t + s·(a/2 + s·j/6)) at offsets s = v − m (an interval), in Horner form. */
    private static <T> List<T> line(IntervalArithmetic<T> f, BranchPiece p, T offset) {
        List<T> out = new ArrayList<>();
        T half = f.of(Rational.of(1, 2));
        T sixth = f.of(Rational.of(1, 6));
        for (int k = 0; k < p.unknowns(); k++) {
            T inner = f.add(f.multiply(half, f.of(Interval.point(p.curvature().get(k)))), f.multiply(offset,
                f.multiply(sixth, f.of(Interval.point(p.thirdDerivative().get(k))))));
            T slope = f.add(f.of(Interval.point(p.tangent().get(k))), f.multiply(offset, inner));
            out.add(f.add(f.of(Interval.point(p.center().get(k))), f.multiply(offset, slope)));
        }
        return out;
    }

    private static <T> Test testIn(Line line, BranchPiece p, IntervalArithmetic<T> f) {
        int n = p.unknowns();
        if (p.deviation().size() != n) {
            throw new IllegalArgumentException("piece has the wrong shape for " + n + " unknowns");
        }
        for (int k = 0; k < n; k++) {
            if (!p.deviation().get(k).contains(BigDecimal.ZERO)) {
                throw new IllegalArgumentException("the deviation box does not contain 0 in coordinate " + k);
            }
        }
        List<DyadicInterval> dev = p.deviation().stream().map(DyadicInterval::of).toList();
        List<DyadicInterval> image = affineImage(line, p, dev);
        List<DyadicInterval> inside = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            DyadicInterval d = dev.get(k);
            DyadicInterval x = image.get(k);
            if (d.compareLo(x) >= 0 || x.compareHi(d) >= 0) {
                inside = null; // K ⊄ int Δ
                break;
            }
            inside.add(x); // K ∩ Δ = K
        }
        return new Test(p, enclosures(dev), enclosures(image), inside != null, inside != null ? exit(line, p, inside,
            f) : null);
    }

    private static List<Interval> enclosures(List<DyadicInterval> box) {
        return box.stream().map(DyadicInterval::enclosure).toList();
    }

    /**
     * K(ε) = −R(ε)·F(c(ε), v(ε)) + (I − R(ε)·∂F(c(ε) + Δ, v(ε)))·Δ as Taylor models in ε ∈ [−1, 1], where
     * v(ε) = m + hε runs over the range (half-width h), c(ε) = c_m + t·hε + a·h²ε²/2 + j·h³ε³/6 is the predictor and
     * R(ε) = R₀ + R₁·hε; its range over ε. The parts of F up to ε³ and of I − R∂F up to ε² are carried exactly, so
     * the predictor's cancellation survives and only fourth-order terms of F, third-order terms of ∂F and the
     * deviation box widen K. The predictor term is the line's, by parts of the range; (I − R(ε)J)·Δ is re-expanded on
     * each part and added there. Δ comes as {@code dev}, the test's dyadic enclosure of it.
     */
    private static List<DyadicInterval> affineImage(Line line, BranchPiece p, List<DyadicInterval> dev) {
        MidRadMatrix[] j = line.sys.jacobianParts(point(AffineField.INSTANCE, p, predictor(p, line.h, true), line.v));
        // K = −R(ε)g + (I − R(ε)J)Δ with R(ε) = R₀ + R₁hε and εJ = Jc·ε + Jb·ε² + (Ja + Jr)·[−1, 1]·ε-remainder:
        // I − R(ε)J has parts c: I − R₀Jc, b: −[R₀ R₁h]·[Jb; Jc], a: −[R₀ R₁h]·[Ja; Jb],
        // r: −[R₀ R₁h]·[Jr; (Ja+Jr)·[−1,1]]
        // — four interval matrix products of the parts of ∂F/∂z (its ε³ term bounded into the remainder; zero blocks
        // kept, which the midpoint products skip), the remainder's by magnitudes (it only bounds), each reduced to
        // ∂F/∂y first (the chain rule is linear in the columns: (M·J)_y − (M·j_p)·wᵀ = M·(J_y − j_p·wᵀ)) and applied
        // to Δ at once, since only (I − R(ε)J)·Δ enters K: the rigorous double midpoint–radius bound with the
        // products' radii by matrix–vector products (MidRadMatrix#productTimes, #magnitudesTimes)
        MidRadMatrix column = MidRadMatrix.column(dev);
        MidRadMatrix[] parts = {line.r0.productTimes(line.reduced(j[0]), column, true), line.both.productTimes(line
            .reduced(j[1].stack(j[0])), column, false), line.both.productTimes(line.reduced(j[2].stack(j[1])), column,
            false), line.both.magnitudesTimes(line.reduced(j[3].stack(j[2].plusTimesUnit(j[3]))), column)};
        return image(line.rows, parts, p);
    }

    /**
     * A piece's line: everything the test computes but the deviation box Δ — R₀, [R₀ R₁h] and the predictor term
     * −R(ε)·F(c(ε), v(ε)) over the piece's range — for the given system. The tracer tests one line with several
     * boxes Δ; the checker builds one per piece.
     */
    public static final class Line {
        /**
         * ‖R₀‖∞, times the square of the system's {@link ParametricSystem#roundingScale} over the predictor in units
         * of {@link #ROUNDING_ALLOWANCE} (where it exceeds one), above which the line's residual is
         * {@code residual(AffineField.INSTANCE, ·)} rather than {@link ParametricSystem#taylorResidual}, and the exit
         * narrowing's the same over constant models rather than the system's dyadic {@code residual} (each pair
         * encloses F; the first in 62-bit intervals, the second possibly in doubles): 10⁴ amplifies a double's
         * rounding to about 10⁻¹² of the payoffs, below the tubes and end boxes met there.
         */
        private static final double PRECISE_RESIDUAL = 1e4;

        /**
         * The rounding scale s (|λ|·max|U| for a game) up to which the tubes absorb the fast residual's roundings:
         * below it ‖R₀‖∞ alone decides; above it ‖R₀‖∞·(s/100)². The roundings grow like ‖R₀‖∞·s and the tubes at
         * large λ narrow like 1/s, hence the square. Measured on random games: at λ = 10 (s = 50) nothing changes; a
         * 20×20 game's chain that stopped at λ ≈ 644 under a floor of 8·10⁻¹⁴ no shorter piece lowered now reaches
         * λ = 1000, and a 6×6 game's that stopped at λ ≈ 2715 reaches 3000 (s linear, not squared, would have needed
         * 10 here and cost random 80×80 at λ = 10 9 % more time; 1, 34 %).
         */
        private static final double ROUNDING_ALLOWANCE = 100;

        private final ParametricSystem sys;
        /** The piece the line was built from; its deviation box is not used ({@link BranchPiece#sameLine}). */
        private final BranchPiece key;
        private final DyadicInterval h;
        private final Affine v;
        private final MidRadMatrix r0;
        private final MidRadMatrix slope; // R₁h
        private final MidRadMatrix both;
        /** The shear's weights wᵀ as a row (null for a plain piece), for {@link #reduced}. */
        private final MidRadMatrix shear;
        /** Per part of ε's range, the predictor term's rows as models in that part's own ε′. */
        private final List<List<Affine>> rows;
        private final boolean precise;
        /** Whether the rounding scale exceeds {@link #ROUNDING_ALLOWANCE}: the exit narrowing may then end precise. */
        private final boolean large;

        private Line(ParametricSystem sys, BranchPiece p) {
            int n = p.unknowns();
            if (p.parameter() < 0 || p.parameter() > n || p.tangent().size() != n || p.curvature().size() != n
                || p.thirdDerivative().size() != n
                || p.preconditioner().size() != n || p.preconditioner().stream().anyMatch(row -> row.size() != n)
                || p.preconditionerSlope().size() != n || p.preconditionerSlope().stream().anyMatch(row -> row.size()
                != n)) {
                throw new IllegalArgumentException("piece has the wrong shape for " + n + " unknowns");
            }
            if (n != sys.unknowns()) {
                throw new IllegalArgumentException("piece has " + n + " unknowns, the system " + sys.unknowns());
            }
            this.sys = sys;
            this.key = p;
            this.h = DyadicInterval.of(p.range().width().divide(BigDecimal.valueOf(2)));
            this.v = Affine.linear(DyadicInterval.of(p.range().mid()), h);
            // R₀ and [R₀ R₁h]: R₁h entry by entry as 0 − (−h)·R₁
            this.r0 = MidRadMatrix.ofRows(p.preconditioner());
            MidRadMatrix minusH = MidRadMatrix.column(java.util.Collections.nCopies(n, h.negate()));
            this.slope = MidRadMatrix.zeros(n, n).minusScaled(minusH, MidRadMatrix.ofRows(p.preconditionerSlope()));
            this.both = MidRadMatrix.blocks(new MidRadMatrix[][] {{r0, slope}});
            this.shear = p.plain() ? null : MidRadMatrix.of(new DyadicInterval[][] {p.shear().stream()
                .map(DyadicField.INSTANCE::of).toArray(DyadicInterval[]::new)});
            // near a singular point R₀ grows like the inverse distance to it and amplifies the residual's rounding,
            // which at large λ is λ times the utilities': there F over the predictor in the field's own arithmetic,
            // elsewhere the system's faster enclosure
            List<Affine> c = predictor(p, h, false);
            double scale = sys.roundingScale(point(AffineField.INSTANCE, p, c, v));
            double beyond = Math.max(1, scale / ROUNDING_ALLOWANCE);
            this.precise = this.r0.maxRowSum() * beyond * beyond > PRECISE_RESIDUAL;
            this.large = beyond > 1;
            List<List<Affine>> g = new ArrayList<>();
            for (int part = 0; part < PARTS; part++) {
                DyadicInterval e = CENTRES[part];
                List<Affine> z = point(AffineField.INSTANCE, p, c.stream().map(x -> x.on(e, PART)).toList(),
                    v.on(e, PART));
                g.add(precise ? sys.residual(AffineField.INSTANCE, z) : sys.taylorResidual(z));
            }
            this.rows = predictorTerms(g, this.both);
        }

        /** {@link BranchChecker#predictorImage}: each row's hull over the parts. */
        public List<Interval> predictorImage() {
            List<Interval> out = new ArrayList<>();
            for (int i = 0; i < key.unknowns(); i++) {
                DyadicInterval range = rows.get(0).get(i).range();
                for (int part = 1; part < PARTS; part++) {
                    range = range.hull(rows.get(part).get(i).range());
                }
                out.add(range.enclosure());
            }
            return out;
        }

        /** The test of piece p, which must be this line's piece with some deviation box Δ. */
        public Test test(BranchPiece p, IntervalArithmetic<?> f) {
            if (!key.sameLine(p)) {
                throw new IllegalArgumentException("the piece does not lie on this line");
            }
            return testIn(this, p, f);
        }

        /**
         * ∂F/∂y at fixed v from an enclosure of ∂F/∂z (n rows of n + 1), or of a product M·∂F/∂z: the unknowns'
         * columns, for a sheared piece less the parameter's column times wᵀ (the chain rule through
         * z_parameter = v − w·y, linear in the columns; with the same ε in every model, part by part of Taylor models).
         */
        private MidRadMatrix reduced(MidRadMatrix jac) {
            MidRadMatrix y = jac.withoutColumn(key.parameter());
            return shear == null ? y : y.minusScaled(jac.selectColumns(key.parameter()), shear);
        }
    }

    /** The line of piece p (its deviation box is not used); refuses a piece of the wrong shape for the system. */
    public static Line line(ParametricSystem sys, BranchPiece p) {
        return new Line(sys, p);
    }

    /**
     * The predictor c(ε) = c_m + t·hε + a·h²ε²/2 + j·h³ε³/6 as Taylor models, with the deviation box as remainder for
     * the tube c(ε) + Δ where the Jacobian is enclosed.
     */
    private static List<Affine> predictor(BranchPiece p, DyadicInterval h, boolean tube) {
        DyadicInterval halfH2 = h.multiply(h).multiply(DyadicInterval.of(Rational.of(1, 2)));
        DyadicInterval sixthH3 = h.multiply(h).multiply(h).multiply(DyadicInterval.of(Rational.of(1, 6)));
        List<Affine> out = new ArrayList<>();
        for (int k = 0; k < p.unknowns(); k++) {
            DyadicInterval slope = DyadicInterval.of(p.tangent().get(k)).multiply(h);
            DyadicInterval bend = DyadicInterval.of(p.curvature().get(k)).multiply(halfH2);
            DyadicInterval twist = DyadicInterval.of(p.thirdDerivative().get(k)).multiply(sixthH3);
            out.add(new Affine(DyadicInterval.of(p.center().get(k)), slope, bend, twist, tube
                ? DyadicInterval.of(p.deviation().get(k)) : DyadicInterval.ZERO));
        }
        return out;
    }

    /**
     * The predictor term's range is enclosed over this many equal parts of ε's range [−1, 1], F's models taken afresh
     * on each: F's fourth-order remainder, which the preconditioner multiplies by magnitude, shrinks about as the
     * part's length to the fourth (theorem BR-CHAIN).
     */
    static final int PARTS = 4;

    /** The parts' half-width s in ε: part j is ε = e_j + s·ε′, ε′ ∈ [−1, 1]. */
    private static final DyadicInterval PART = DyadicInterval.of(Rational.of(1, PARTS));

    /** The centres e_j = (2j + 1 − PARTS)/PARTS of the parts j = 0 … PARTS − 1. */
    private static final DyadicInterval[] CENTRES = java.util.stream.IntStream.range(0, PARTS).mapToObj(j ->
        DyadicInterval.of(Rational.of(2 * j + 1 - PARTS, PARTS))).toArray(DyadicInterval[]::new);

    /**
     * −R(ε)·g_j = −[R₀ R₁h]·[g_j; εg_j] on each part ε = e_j + sε′ of ε's range, g_j = F over the part as models in
     * ε′ (so εg_j = e_j·g_j + s·ε′g_j), row by row: a linear combination of models with interval weights is taken
     * part by part of the model (c, b, a, d and r), so all of it is one interval matrix product with those parts of
     * every g_j as columns.
     */
    private static List<List<Affine>> predictorTerms(List<List<Affine>> g, MidRadMatrix both) {
        int n = g.get(0).size();
        AffineField f = AffineField.INSTANCE;
        DyadicInterval[][] columns = new DyadicInterval[2 * n][5 * PARTS];
        for (int part = 0; part < PARTS; part++) {
            DyadicInterval e = CENTRES[part];
            for (int m = 0; m < n; m++) {
                Affine x = g.get(part).get(m);
                System.arraycopy(x.parts(), 0, columns[m], 5 * part, 5);
                System.arraycopy(f.add(AffineField.scale(x, e), AffineField.scale(f.timesEpsilon(x), PART)).parts(),
                    0, columns[n + m], 5 * part, 5);
            }
        }
        MidRadMatrix k = both.times(MidRadMatrix.of(columns));
        List<List<Affine>> terms = new ArrayList<>();
        for (int part = 0; part < PARTS; part++) {
            List<Affine> rows = new ArrayList<>();
            for (int i = 0, o = 5 * part; i < n; i++) {
                rows.add(new Affine(k.get(i, o).negate(), k.get(i, o + 1).negate(), k.get(i, o + 2).negate(),
                    k.get(i, o + 3).negate(), k.get(i, o + 4).negate()));
            }
            terms.add(List.copyOf(rows));
        }
        return List.copyOf(terms);
    }

    /**
     * K's range row by row: the predictor term plus (I − R(ε)J)·Δ, whose parts c, b, a and r are the products
     * {I − R₀Jc, [R₀ R₁h]·[Jb; Jc], [R₀ R₁h]·[Ja; Jb], [R₀ R₁h]·[Jr; (Ja + Jr)·[−1, 1]]} applied to Δ (the last
     * three with a minus sign).
     */
    private static List<DyadicInterval> image(List<List<Affine>> rows, MidRadMatrix[] parts, BranchPiece p) {
        int n = p.unknowns();
        List<DyadicInterval> image = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Affine times = new Affine(parts[0].get(i, 0), parts[1].get(i, 0).negate(), parts[2].get(i, 0).negate(),
                DyadicInterval.ZERO, parts[3].get(i, 0).negate());
            DyadicInterval range = null;
            for (int part = 0; part < PARTS; part++) {
                DyadicInterval r = AffineField.INSTANCE.add(rows.get(part).get(i), times.on(CENTRES[part], PART))
                    .range();
                range = range == null ? r : range.hull(r);
            }
            image.add(range);
        }
        return image;
    }

    /**
     * The end point of a proved piece: coordinate v = {@code to} (the parameter's coordinate exactly {@code to}, or
     * to − w·y for a sheared piece), other coordinates y in c(to) + D, D = K ∩ Δ narrowed by Krawczyk steps at the
     * single value v = to — centred at a point of the current box near its middle (any point of the box serves; box,
     * centre and intersections stay in the arithmetic's elements), with the preconditioner R(to) = R₀ ± R₁h (v = to
     * is ε = ±1) and I − R(to)·∂F enclosed once over c(to) + K ∩ Δ (it encloses it over every narrower box), ∂F by
     * the system's {@link ParametricSystem#jacobianParts} of constant models in midpoint–radius doubles — while each
     * step at least halves the width and the box is wider than 2⁻⁵⁵ (at most {@link #NARROWING_STEPS} steps). Each
     * image contains the zero for that v (the piece's test proved there is exactly one in Δ), so the next piece
     * starts from a tight box. Where the line's residual is the fast one and its rounding scale is large, steps that
     * stop halving go on with the 62-bit residual: at large λ the fast residual's roundings leave an end box the
     * next piece's narrow tube cannot hold (a random 2⁵ game's chain stalled so at λ ≈ 1291, every next piece failing
     * whatever its length).
     */
    private static <T> List<Interval> exit(Line line, BranchPiece p, List<DyadicInterval> inside,
                                           IntervalArithmetic<T> f) {
        int n = p.unknowns();
        boolean up = p.to().compareTo(p.range().mid()) > 0;
        MidRadMatrix r = line.r0.plus(up ? line.slope : line.slope.negate());
        T v = f.of(Interval.point(p.to()));
        List<T> atEnd = line(f, p, f.subtract(v, f.of(Interval.point(p.range().mid()))));
        List<T> d = f == DyadicField.INSTANCE ? dyadic(inside) : inside.stream().map(x -> f.of(x.toInterval()))
            .toList();
        double width = widest(f, d);
        // the Jacobian over the first box encloses it over every narrower one: I − R·J once
        List<Affine> inBox = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            inBox.add(constant(f, f.add(atEnd.get(j), d.get(j))));
        }
        MidRadMatrix jacobian = TaylorMatrix.range(line.sys.jacobianParts(point(AffineField.INSTANCE, p, inBox,
            Affine.constant(DyadicInterval.of(p.to())))));
        UnaryOperator<List<T>> contraction = LinearAlgebra.applying(f, line.reduced(r.times(jacobian)).identityMinus());
        UnaryOperator<List<T>> preconditioner = LinearAlgebra.applying(f, r);
        boolean precise = line.precise;
        for (int narrowing = 0; narrowing < NARROWING_STEPS; narrowing++) {
            List<T> centre = d.stream().map(f::midpoint).toList();
            List<T> atCentre = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                atCentre.add(f.add(atEnd.get(k), centre.get(k)));
            }
            List<T> at = point(f, p, atCentre, v);
            List<T> g = !precise || f != DyadicField.INSTANCE ? line.sys.residual(f, at) : dyadic(preciseResidual(
                line.sys, dyadic(at)));
            List<T> kEnd = EnumerationChecker.krawczykImage(f, d, centre, g, contraction, preconditioner);
            List<T> narrower = Boxes.intersect(kEnd, d, f::intersect);
            if (narrower == null) {
                break;
            }
            d = narrower;
            double w = widest(f, d);
            if (w < 0x1p-55) {
                break; // within a few units of the 62-bit arithmetic's floor at unit scale
            }
            if (w > width / 2) {
                if (precise || !line.large || f != DyadicField.INSTANCE) {
                    break; // no longer halving
                }
                precise = true;
            }
            width = w;
        }
        List<T> others = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            others.add(f.add(atEnd.get(k), d.get(k)));
        }
        List<Interval> end = new ArrayList<>(point(f, p, others, v).stream().map(x -> x instanceof DyadicInterval y
            ? y.enclosure() : f.toInterval(x)).toList());
        if (p.plain()) {
            end.set(p.parameter(), Interval.point(p.to())); // exactly: the parameter is `to` there
        }
        return end;
    }

    /**
     * F at a point of 62-bit intervals by the system's Taylor-model residual over constant models, each model's range
     * taken as it is: no conversion through decimals, whose exact expansions of the tiny probabilities met at large λ
     * (2⁻¹⁰⁰⁰⁰ and below) cost more than the whole narrowing.
     */
    private static List<DyadicInterval> preciseResidual(ParametricSystem sys, List<DyadicInterval> at) {
        return sys.residual(AffineField.INSTANCE, at.stream().map(Affine::constant).toList()).stream()
            .map(Affine::range).toList();
    }

    /** A box of the dyadic field as the field's elements: the identity, for a caller holding the field as a type T. */
    @SuppressWarnings("unchecked")
    private static <T, U> List<U> dyadic(List<T> box) {
        return (List<U>) box;
    }

    /**
     * The exit narrowing's most steps. Each costs a residual and two matrix–vector products, against the one matrix
     * product of I − R·J over the first box; over a long piece's wide first box a step may contract only about tenfold.
     */
    static final int NARROWING_STEPS = 24;

    /** The constant model of an element of the arithmetic (converted outward unless it is a dyadic interval). */
    private static <T> Affine constant(IntervalArithmetic<T> f, T x) {
        return Affine.constant(x instanceof DyadicInterval d ? d : DyadicInterval.of(f.toInterval(x)));
    }

    private static <T> double widest(IntervalArithmetic<T> f, List<T> box) {
        return box.stream().mapToDouble(f::widthEstimate).max().orElse(0);
    }

    /**
     * Whether the point known to lie in {@code box} (all n + 1 coordinates) is a point of piece q's arc: its
     * q-parameter coordinate lies in q's range and its other coordinates minus q's line there lie in q's deviation
     * box.
     */
    public static boolean joins(List<Interval> box, BranchPiece q, IntervalArithmetic<?> f) {
        return joinsIn(box, q, f);
    }

    /**
     * The first of a chain's pieces (index) of whose arc the point known to lie in {@code box} is a point
     * ({@link #joins}, at the chain's precision), or −1.
     */
    public static int pieceHolding(List<Interval> box, QreCertificate.Branch chain) {
        IntervalArithmetic<?> f = arithmetic(chain.digits());
        for (int k = 0; k < chain.pieces().size(); k++) {
            if (joinsIn(box, chain.pieces().get(k), f)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The range of a piece's coordinate v = z_parameter + w·y over a box of all n + 1 coordinates: enclosed in the
     * arithmetic, or z_parameter's own interval exactly when the shear w is empty.
     */
    public static Interval coordinate(List<Interval> box, int parameter, List<Rational> shear,
                                      IntervalArithmetic<?> f) {
        return shear.isEmpty() ? box.get(parameter) : coordinateIn(box, parameter, shear, f);
    }

    private static <T> Interval coordinateIn(List<Interval> box, int parameter, List<Rational> shear,
                                             IntervalArithmetic<T> f) {
        T v = f.of(box.get(parameter));
        for (int k = 0, unknown = 0; k < box.size(); k++) {
            if (k != parameter) {
                v = f.add(v, f.multiply(f.of(shear.get(unknown++)), f.of(box.get(k))));
            }
        }
        return f.toInterval(v);
    }

    private static <T> boolean joinsIn(List<Interval> box, BranchPiece q, IntervalArithmetic<T> f) {
        Interval v = coordinate(box, q.parameter(), q.shear(), f);
        if (!v.isSubsetOf(q.range())) {
            return false;
        }
        T offset = f.subtract(f.of(v), f.of(Interval.point(q.range().mid())));
        List<T> at = line(f, q, offset);
        int col = 0;
        for (int k = 0; k < box.size(); k++) {
            if (k == q.parameter()) {
                continue;
            }
            Interval d = f.toInterval(f.subtract(f.of(box.get(k)), at.get(col)));
            if (!d.isSubsetOf(q.deviation().get(col))) {
                return false;
            }
            col++;
        }
        return true;
    }

    /**
     * An enclosure of the point where a proved piece ends (its coordinate v at {@code to}): the unknowns in c(to) + Δ,
     * z_parameter = to − w·y — all n + 1 coordinates, in the arithmetic of {@code digits}.
     */
    public static List<Interval> end(BranchPiece p, int digits) {
        return endIn(p, arithmetic(digits));
    }

    /** Sub-ranges of a piece's range over which {@link #systemParameter} evaluates its cubic. */
    static final int PARAMETER_PARTS = 16;

    /**
     * An enclosure of the system's parameter (coordinate n) over every point of a piece's tube: its range for a plain
     * piece in it; else that coordinate's cubic in s = v − m plus its deviation — for a piece in it with a shear w,
     * v − w·y = (m − w·c) + s(1 − w·t) + s²(−w·a/2) + s³(−w·j/6) − w·Δ, one cubic whose large terms cancel — over
     * {@link #PARAMETER_PARTS} equal sub-ranges in Horner form.
     */
    public static Interval systemParameter(BranchPiece p, int digits) {
        return p.parameter() == p.unknowns() && p.plain() ? p.range() : systemParameterIn(p, arithmetic(digits));
    }

    private static <T> Interval systemParameterIn(BranchPiece p, IntervalArithmetic<T> f) {
        int n = p.unknowns();
        boolean own = p.parameter() == n;
        int j = n - 1; // otherwise the parameter is the last of the unknowns
        T half = f.of(Rational.of(1, 2));
        T sixth = f.of(Rational.of(1, 6));
        List<T> c = new ArrayList<>(java.util.Collections.nCopies(4, f.zero()));
        T dev = f.zero();
        if (own) {
            c.set(0, f.of(Interval.point(p.range().mid())));
            c.set(1, f.one());
        }
        for (int k = 0; k < n; k++) {
            if (!own && k != j) {
                continue;
            }
            T w = own ? f.negate(f.of(p.shear().get(k))) : f.one();
            c.set(0, f.add(c.get(0), f.multiply(w, f.of(Interval.point(p.center().get(k))))));
            c.set(1, f.add(c.get(1), f.multiply(w, f.of(Interval.point(p.tangent().get(k))))));
            c.set(2, f.add(c.get(2), f.multiply(w, f.multiply(half, f.of(Interval.point(p.curvature().get(k)))))));
            c.set(3, f.add(c.get(3), f.multiply(w, f.multiply(sixth, f.of(Interval.point(
                p.thirdDerivative().get(k)))))));
            dev = f.add(dev, f.multiply(w, f.of(p.deviation().get(k))));
        }
        Rational lo = Rational.of(p.range().lo()).subtract(Rational.of(p.range().mid()));
        Rational width = Rational.of(p.range().hi()).subtract(Rational.of(p.range().lo()));
        Interval out = null;
        for (int part = 0; part < PARAMETER_PARTS; part++) {
            T s = f.range(lo.add(width.multiply(Rational.of(part, PARAMETER_PARTS))), lo.add(width.multiply(
                Rational.of(part + 1, PARAMETER_PARTS))));
            T q = f.add(c.get(0), f.multiply(s, f.add(c.get(1), f.multiply(s, f.add(c.get(2), f.multiply(s,
                c.get(3)))))));
            Interval v = f.toInterval(f.add(q, dev));
            out = out == null ? v : out.hull(v);
        }
        return out;
    }

    private static <T> List<Interval> endIn(BranchPiece p, IntervalArithmetic<T> f) {
        T v = f.of(Interval.point(p.to()));
        List<T> y = line(f, p, f.subtract(v, f.of(Interval.point(p.range().mid()))));
        for (int k = 0; k < y.size(); k++) {
            y.set(k, f.add(y.get(k), f.of(p.deviation().get(k))));
        }
        List<Interval> out = new ArrayList<>();
        for (T z : point(f, p, y, v)) {
            out.add(f.toInterval(z));
        }
        return out;
    }

    /**
     * The n + 1 coordinates z of the point with unknowns y at the piece's coordinate v: y with z_parameter = v − w·y
     * inserted (v itself for a plain piece).
     */
    private static <T> List<T> point(Field<T> f, BranchPiece p, List<T> y, T v) {
        T at = v;
        for (int k = 0; k < p.shear().size(); k++) {
            at = f.subtract(at, f.multiply(f.of(p.shear().get(k)), y.get(k)));
        }
        List<T> full = new ArrayList<>(y);
        full.add(p.parameter(), at);
        return full;
    }

    /**
     * Replays the chain; null if it proves that the QRE with verified enclosure {@code qre} (σ only) at λ* lies on
     * the principal branch, else the first problem. With {@code replay} false the pieces' tests and joins are taken as
     * done (by the solver, through {@link #test} and {@link #joins}, as it built them) and only the chain's ends —
     * anchor and the QRE's link — are checked.
     */
    public static String problem(List<RationalTensor> payoffs, Rational lambda, QreCertificate.Branch branch,
                                 List<Interval> qre, boolean replay) {
        Replay r = replay(payoffs, LogitFixedPoint.branchSystem(payoffs), branch, replay);
        return r.problem() != null ? r.problem() : reaches(payoffs, lambda, branch, qre);
    }

    /**
     * Whether a chain whose pieces are proved carries its branch to the QRE with verified enclosure {@code qre} (σ
     * only) at λ: null if its last piece's tube holds that QRE at λ ({@link #link}), or if it has a tail and the tail's
     * claim (BR-TAIL, MIX-TAIL) holds at the chain's end with the QRE in its region; else the problem.
     */
    public static String reaches(List<RationalTensor> payoffs, Rational lambda, QreCertificate.Branch branch,
                                 List<Interval> qre) {
        if (branch.tail() == null) {
            return link(branch.pieces(), lambda, qre, branch.digits(), "λ");
        }
        String tail = branch.tail().problem(payoffs, end(branch.pieces().get(branch.pieces().size() - 1),
            branch.digits()), lambda, qre);
        return tail == null ? null : branch.tail().theorem() + ": " + tail;
    }

    /**
     * Whether a point of the system at parameter v* — its other coordinates enclosed by {@code point} — is the last
     * piece's arc point there: null if so (then it lies on the chain's branch), else the problem. {@code name} names
     * the parameter in messages.
     */
    public static String link(List<BranchPiece> pieces, Rational v, List<Interval> point, int digits, String name) {
        BranchPiece end = pieces.get(pieces.size() - 1);
        if (end.parameter() != point.size() || !end.plain() || !end.range().contains(v)) {
            return "the last piece must be parametrized by " + name + " and reach " + name + " = " + v;
        }
        List<Interval> z = new ArrayList<>(point);
        z.add(Interval.of(v, 40));
        if (!joins(z, end, arithmetic(digits))) {
            return "the QRE's enclosure does not lie in the last piece's tube at " + name + " = " + v;
        }
        return null;
    }

    /**
     * A replayed chain: each piece's end (n + 1 coordinates, the same as {@link Test#exit}), in order — so every
     * point of the arcs between them is on the principal branch — or the first problem.
     */
    public record Replay(List<List<Interval>> ends, String problem) {
        public Replay {
            ends = List.copyOf(ends);
        }
    }

    /**
     * Replays items 1–3 of a chain (anchor, every piece's test, every join) of {@code sys} — the logit
     * correspondence of the game, or its restriction to the profiles a symmetry fixes; with {@code replay} false only
     * the anchor is checked and no ends are returned. A chain
     * whose first piece starts at λ₀ &gt; 0 needs an anchor (w, κ) of the game with λ₀κ &lt; 1 (UNIQ-H: the QRE at
     * λ₀ is unique, so it is on the principal branch, and fixed by every symmetry).
     */
    public static Replay replay(List<RationalTensor> payoffs, ParametricSystem sys, QreCertificate.Branch branch,
                                boolean replay) {
        List<BranchPiece> pieces = branch.pieces();
        BranchPiece first = pieces.isEmpty() ? null : pieces.get(0);
        if (first != null && first.parameter() == sys.unknowns() && first.from().signum() > 0) {
            String anchor = branch.anchor() == null ? "a chain that starts at λ₀ > 0 needs an anchor (w, κ)"
                : CertificateChecker.perronProblem(payoffs, branch.anchor());
            if (anchor != null) {
                return failed("anchor: " + anchor);
            }
            if (Rational.of(first.from()).multiply(branch.anchor().kappa()).compareTo(Rational.ONE) >= 0) {
                return failed("anchor: λ₀ = " + first.from() + " is not below 1/κ, so the QRE there need not be "
                    + "unique");
            }
        }
        return replay(sys, branch.digits(), pieces, replay, "λ");
    }

    /**
     * Replays a chain of the system's branch: the precision, that the first piece is parametrized by the parameter
     * (named {@code name} in messages), increasing from v₀ ≥ 0 — what starts the chain at v₀ is the caller's to
     * check —, and with {@code replay} every piece's test and every join, in order.
     */
    public static Replay replay(ParametricSystem sys, int digits, List<BranchPiece> pieces, boolean replay,
                                String name) {
        if (!pieces.isEmpty()) {
            BranchPiece first = pieces.get(0);
            if (first.parameter() != sys.unknowns() || !first.plain() || first.from().signum() < 0
                || first.from().compareTo(first.to()) > 0) {
                return failed("the first piece must be parametrized by " + name + ", increasing from " + name
                    + "₀ ≥ 0");
            }
        }
        return replayFrom(sys, digits, pieces, null, replay);
    }

    /**
     * Replays a chain of the system's branch that starts at a point enclosed by {@code entry} (n + 1 coordinates; null:
     * no condition on the start): the precision, and with {@code replay} that the first piece holds the entry's point
     * ({@link #joins}), every piece's test and every join, in order. What puts the entry's point on the branch is the
     * caller's to check.
     */
    public static Replay replayFrom(ParametricSystem sys, int digits, List<BranchPiece> pieces, List<Interval> entry,
                                    boolean replay) {
        if (digits < 10 || digits > CertificateJson.MAX_DIGITS) {
            return failed("branch precision " + digits + " is outside 10.." + CertificateJson.MAX_DIGITS);
        }
        if (pieces.isEmpty()) {
            return failed("the branch has no pieces");
        }
        int n = sys.unknowns();
        IntervalArithmetic<?> f = arithmetic(digits);
        List<List<Interval>> ends = new ArrayList<>();
        List<Interval> exit = entry;
        for (int k = 0; replay && k < pieces.size(); k++) {
            BranchPiece p = pieces.get(k);
            if (p.unknowns() != n) {
                return failed("piece " + (k + 1) + " has " + p.unknowns() + " unknowns, expected " + n);
            }
            if (exit != null && !joins(exit, p, f)) {
                return failed(k == 0 ? "the chain's start is not shown to lie on its first piece"
                    : "the end of piece " + k + " is not shown to lie on piece " + (k + 1) + ": the arcs may not join");
            }
            Test t;
            try {
                t = test(sys, p, f);
            } catch (IllegalArgumentException e) {
                return failed("piece " + (k + 1) + ": " + e.getMessage());
            } catch (ArithmeticException e) {
                return failed("piece " + (k + 1) + ": the interval computation failed (" + e.getMessage() + ")");
            }
            if (!t.holds()) {
                return failed("piece " + (k + 1)
                    + ": Krawczyk test failed (K is not inside the interior of the deviation box)");
            }
            exit = t.exit();
            ends.add(exit);
        }
        return new Replay(ends, null);
    }

    private static Replay failed(String problem) {
        return new Replay(List.of(), problem);
    }
}
