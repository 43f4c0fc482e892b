package org.equivariant.symmetry;

/**
 * Encodes symmetries of one kind of model (games, Dec-POMDPs) as permutations of a single point set, so that one
 * {@link PermutationGroup} serves every model. {@code encode} must be a homomorphism:
 * encode(φ ∘ ψ) = encode(φ) ∘ encode(ψ).
 */
public interface PointEncoding<S> {
    int degree();

    Permutation encode(S symmetry);

    S decode(Permutation p);
}
