package org.equivariant.equilibrium;

import java.util.List;

/**
 * What is known of the principal branch (the component of the logit correspondence through the centroid at λ = 0) at
 * the target λ: proved by uniqueness (UNIQ-H: the QRE is unique, so it is the branch's), proved by a chain of
 * {@code pieces} certified pieces from {@code from} (0, or an anchor λ₀ below 1/κ) to the target — or to
 * {@code reached} next to an equilibrium, whence BR-TAIL or MIX-TAIL carries it to the target ({@code detail} gives
 * the claim) — or certified only
 * up to {@code reached} because the chain met a singular point — with the λ values where the double tracer saw the
 * orientation of the branch flip ({@code suspectedSingular}) — or, past such a singular point that breaks a symmetry of
 * the game, proved by the one-state Markov reading's chain in the subspace the symmetries fix (SYMMETRIC, MQRE-CHAIN
 * (5), (6): {@code pieces} and {@code reached} still describe the stopped chain, {@code detail} the other) — or, past
 * a singular point of the curve where pinned players stay uniform, proved by the reduced game's branch (PINNED,
 * PIN-SUB; {@code detail} gives the singular point's enclosure when there is one) — or, where the centroid is a QRE
 * at every λ and no other route applies, proved by that line of zeros itself (CENTROID_LINE, BR-CHAIN corollary 2:
 * the QRE is the centroid) — or not traced at all
 * ({@code detail} says why).
 */
public record PrincipalBranch(State state, int pieces, double from, double reached, List<Double> suspectedSingular,
                              String detail) {
    public enum State { BY_UNIQUENESS, CERTIFIED, SYMMETRIC, PINNED, CENTROID_LINE, STOPPED, NOT_TRACED }

    public PrincipalBranch {
        suspectedSingular = List.copyOf(suspectedSingular);
    }

    public boolean byUniqueness() {
        return state == State.BY_UNIQUENESS;
    }

    /**
     * Whether the principal QRE was proved past a singular point, where other branches leave the principal one:
     * symmetry-breaking (MQRE-CHAIN (6)), transverse to pinned players (PIN-SUB) or off the centroid line (BR-CHAIN
     * corollary 2). (A chain of proved pieces passes none: each piece holds exactly one smooth arc.)
     */
    public boolean pastASingularPoint() {
        return state == State.SYMMETRIC || state == State.PINNED || state == State.CENTROID_LINE;
    }

    /** Parameter values — suspected singular points, folds — for reports: each to six significant digits, a list. */
    public static String listed(List<Double> values) {
        return values.stream().map(x -> String.format(java.util.Locale.ROOT, "%.6g", x)).toList().toString();
    }
}
