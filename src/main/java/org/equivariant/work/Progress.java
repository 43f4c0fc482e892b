package org.equivariant.work;

/**
 * Where long work reports what it is doing: a phase and a short state ("principal branch", "λ = 1.25, 14 pieces").
 * Called often; the receiver decides what to show (the command line prints to standard error once a run has taken
 * two seconds, at most twice a second).
 */
@FunctionalInterface
public interface Progress {
    void update(String phase, String state);

    /**
     * A chain's state, "{@code what}lambda = λ, n pieces", with λ to six significant digits in the root locale's form
     * (the state is read by programs and compared across machines).
     */
    default void chain(String phase, String what, double lambda, int pieces) {
        update(phase, String.format(java.util.Locale.ROOT, "%slambda = %.6g, %d pieces", what, lambda, pieces));
    }

    /**
     * What is certified so far, in words, replacing what was reported before: a caller prints the latest if the run is
     * interrupted. The text is built only when it is asked for.
     */
    default void proved(java.util.function.Supplier<String> text) {
    }

    /** Reports nothing. */
    Progress NONE = (phase, state) -> { };
}
