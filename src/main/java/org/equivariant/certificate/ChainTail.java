package org.equivariant.certificate;

/**
 * A claim that ends a certified chain before its target parameter: past the chain's last piece the branch stays in a
 * region for every larger parameter — a normal-form chain's {@link BranchTail} (BR-TAIL, MIX-TAIL), a Markov chain's
 * {@link MarkovTail} (MQRE-TAIL).
 */
public interface ChainTail {
    /** For reports: where the branch stays past the chain's end, and the theorem. */
    String whence();
}
