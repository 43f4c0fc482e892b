package org.equivariant.certificate;

import java.math.BigDecimal;
import java.util.List;
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
 */
public record BranchPiece(int parameter, BigDecimal from, BigDecimal to, List<BigDecimal> center,
                          List<BigDecimal> tangent, List<BigDecimal> curvature, List<BigDecimal> thirdDerivative,
                          List<Interval> deviation, List<List<Rational>> preconditioner,
                          List<List<Rational>> preconditionerSlope) {
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
        preconditioner = preconditioner.stream().map(List::copyOf).toList();
        preconditionerSlope = preconditionerSlope.stream().map(List::copyOf).toList();
    }

    /** The same piece (range, predictor, preconditioner) with another deviation box. */
    public BranchPiece withDeviation(List<Interval> box) {
        return new BranchPiece(parameter, from, to, center, tangent, curvature, thirdDerivative, box, preconditioner,
            preconditionerSlope);
    }

    /** [min(from, to), max(from, to)]. */
    public Interval range() {
        return from.compareTo(to) <= 0 ? new Interval(from, to) : new Interval(to, from);
    }

    /** The number of unknowns n (the coordinates other than the parameter). */
    public int unknowns() {
        return center.size();
    }
}
