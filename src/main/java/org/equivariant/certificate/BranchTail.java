package org.equivariant.certificate;

import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * A claim that ends a principal chain before its λ: past the chain's last piece the QREs in a region form one
 * continuous curve up to every λ, so the chain's end puts that curve — and the certified QRE at λ in the region — on
 * the principal branch. BR-TAIL ({@link StrictTail}) near a strict equilibrium, MIX-TAIL ({@link SupportTail}) near
 * any regular equilibrium.
 */
public sealed interface BranchTail extends ChainTail permits StrictTail, SupportTail {
    /** The theorem's ID, as the certificate names it. */
    String theorem();

    /** For reports: where the branch stays past the chain's end, and the theorem, after "to lambda = λ₀, ". */
    @Override
    String whence();

    /**
     * Null if the claim holds for a chain whose last piece ends in {@code end} (the profile's coordinates, then λ),
     * before any λ the claim does not cover; else the problem.
     */
    String problem(List<RationalTensor> payoffs, List<Interval> end);

    /**
     * Null if the claim holds for a chain whose last piece ends in {@code end}, the target {@code lambda} and the
     * verified enclosure {@code qre} of a QRE at λ — which it then puts on the principal branch; else the problem.
     */
    default String problem(List<RationalTensor> payoffs, List<Interval> end, Rational lambda, List<Interval> qre) {
        return ChainTail.atTarget(problem(payoffs, end), end, lambda, "lambda", () -> contains(payoffs, qre), region());
    }

    /** Whether every point of the profile box {@code box} (a profile's coordinates first) lies in the region. */
    boolean contains(List<RationalTensor> payoffs, List<Interval> box);

    /** The region's name in messages. */
    String region();
}
