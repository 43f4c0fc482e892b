package org.equivariant.equilibrium;

/** What is proved about the number of logit QREs at the given λ. */
public enum Verdict {
    /**
     * Exactly one QRE exists (UNIQ-H certificate, or a replayed complete branch-and-bound counting one: UNIQ-BB), and
     * it lies in the certified box.
     */
    UNIQUE,
    /**
     * At least two QREs exist: pairwise disjoint certified boxes, each with exactly one (or a replayed complete
     * branch-and-bound counting two or more: UNIQ-BB).
     */
    NOT_UNIQUE,
    /** One certified QRE was found; neither uniqueness nor a second QRE could be proved. */
    UNDECIDED,
    /** No QRE could be certified (should not happen for regular games; reported honestly). */
    NONE_CERTIFIED
}
