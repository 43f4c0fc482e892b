package org.equivariant.certificate;

import java.math.BigDecimal;
import java.util.List;
import org.equivariant.arith.DyadicRow;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;

/**
 * One piece of a certified branch of the logit correspondence F(σ, λ) = σ − T_λ(σ) = 0 in the n + 1 coordinates
 * z = (σ, λ). The coordinate {@code parameter} (0..n−1 a profile coordinate σ_k, n the precision λ) runs over the
 * range between {@code from} and {@code to}; the other n coordinates y follow the predictor
 * c(v) = center + tangent·s + curvature·s²/2 + thirdDerivative·s³/6, s = v − m, m the midpoint of the range, up to a
 * deviation in the box {@code deviation}. The piece claims that for every v in the range there is exactly one zero
 * with z_parameter = v and y − c(v) ∈ deviation, and that these zeros form one smooth arc (the Krawczyk test with the
 * preconditioner R(v) = preconditioner + preconditionerSlope·(v − m) proves it, {@link BranchChecker}). {@code to} is
 * the end where the next piece connects.
 *
 * <p>A sheared piece (non-empty {@code shear} w, one weight per unknown) runs instead over the coordinate
 * v = z_parameter + w·y, so that z_parameter = v − w·y: with w = t_y/t_p for the branch's tangent t this is the
 * tangent's own coordinate (pseudo-arclength), regular through a fold of the branch in z_parameter. The change of
 * coordinates (y, z_parameter) ↦ (y, v) is linear and invertible, so everything above holds in (y, v) (theorem
 * BR-CHAIN).
 */
public record BranchPiece(int parameter, BigDecimal from, BigDecimal to, List<BigDecimal> center,
                          List<BigDecimal> tangent, List<BigDecimal> curvature, List<BigDecimal> thirdDerivative,
                          List<Interval> deviation, List<List<Rational>> preconditioner,
                          List<List<Rational>> preconditionerSlope, List<Rational> shear) {
    /**
     * Decimals are kept without trailing zeros: the checker's dyadic conversion of u·10^−s depends on the
     * representation (u, s), so a piece built in memory and the same piece read back from its JSON must carry the
     * same one to get the same verdict.
     */
    public BranchPiece {
        from = from.stripTrailingZeros();
        to = to.stripTrailingZeros();
        center = center.stream().map(BigDecimal::stripTrailingZeros).toList();
        tangent = tangent.stream().map(BigDecimal::stripTrailingZeros).toList();
        curvature = curvature.stream().map(BigDecimal::stripTrailingZeros).toList();
        thirdDerivative = thirdDerivative.stream().map(BigDecimal::stripTrailingZeros).toList();
        deviation = deviation.stream().map(d -> new Interval(d.lo().stripTrailingZeros(), d.hi().stripTrailingZeros()))
            .toList();
        preconditioner = preconditioner.stream().map(BranchPiece::immutable).toList();
        preconditionerSlope = preconditionerSlope.stream().map(BranchPiece::immutable).toList();
        shear = immutable(shear);
        if (!shear.isEmpty() && shear.size() != center.size()) {
            throw new IllegalArgumentException("a shear has one weight per unknown (" + center.size() + ")");
        }
    }

    /** The row as it is when it is an (immutable, compact) {@link DyadicRow}, else an immutable copy. */
    private static List<Rational> immutable(List<Rational> row) {
        return row instanceof DyadicRow ? row : List.copyOf(row);
    }

    /** A piece over the coordinate z_parameter itself (no shear). */
    public BranchPiece(int parameter, BigDecimal from, BigDecimal to, List<BigDecimal> center,
                       List<BigDecimal> tangent, List<BigDecimal> curvature, List<BigDecimal> thirdDerivative,
                       List<Interval> deviation, List<List<Rational>> preconditioner,
                       List<List<Rational>> preconditionerSlope) {
        this(parameter, from, to, center, tangent, curvature, thirdDerivative, deviation, preconditioner,
            preconditionerSlope, List.of());
    }

    /** The same piece (range, predictor, preconditioner) with another deviation box. */
    public BranchPiece withDeviation(List<Interval> box) {
        return new BranchPiece(parameter, from, to, center, tangent, curvature, thirdDerivative, box, preconditioner,
            preconditionerSlope, shear);
    }

    /**
     * Whether this piece and {@code other} agree in everything but their deviation boxes (the record's equality on
     * those components, compared here directly: the record's generated equality is linked at its first call through
     * method handles, which costs a short run more than the comparison).
     */
    public boolean sameLine(BranchPiece other) {
        return line().equals(other.line());
    }

    private List<Object> line() {
        return List.of(parameter, from, to, center, tangent, curvature, thirdDerivative, preconditioner,
            preconditionerSlope, shear);
    }

    /** [min(from, to), max(from, to)]. */
    public Interval range() {
        return from.compareTo(to) <= 0 ? new Interval(from, to) : new Interval(to, from);
    }

    /** Whether the piece runs over z_parameter itself (no shear). */
    public boolean plain() {
        return shear.isEmpty();
    }

    /** The number of unknowns n (the coordinates other than the parameter). */
    public int unknowns() {
        return center.size();
    }
}
