package org.equivariant.certificate;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;

/**
 * A claim that ends a certified chain before its target parameter: past the chain's last piece the branch stays in a
 * region for every larger parameter — a normal-form chain's {@link BranchTail} (BR-TAIL, MIX-TAIL), a Markov chain's
 * {@link MarkovTail} (MQRE-TAIL).
 */
public interface ChainTail {
    /** For reports: where the branch stays past the chain's end, and the theorem. */
    String whence();

    /**
     * The checks a tail makes of the target after its own claim ({@code problem}, null when that holds): the chain's
     * last piece ends at or below the target value of its parameter (the last coordinate of {@code end}), and the
     * verified QRE there lies in the tail's region ({@code inRegion}, asked only then) — which puts it on the
     * principal branch. Null if all hold, else the first problem.
     */
    static String atTarget(String problem, List<Interval> end, Rational target, String parameter,
                           BooleanSupplier inRegion, String region) {
        if (problem != null) {
            return problem;
        }
        Interval at = end.get(end.size() - 1);
        if (Rational.of(at.hi()).compareTo(target) > 0) {
            return "the chain's end, at " + parameter + " in " + at + ", is past " + parameter + " = " + target;
        }
        return inRegion.getAsBoolean() ? null : "the QRE's enclosure does not lie in " + region;
    }
}
