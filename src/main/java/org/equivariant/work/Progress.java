package org.equivariant.work;

/**
 * Where long work reports what it is doing: a phase and a short state ("principal branch", "λ = 1.25, 14 pieces").
 * Called often; the receiver decides what to show (the command line prints to standard error once a run has taken
 * two seconds, at most twice a second).
 */
@FunctionalInterface
public interface Progress {
    void update(String phase, String state);

    /** Reports nothing. */
    Progress NONE = (phase, state) -> { };
}
