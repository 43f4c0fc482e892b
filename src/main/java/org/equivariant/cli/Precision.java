package org.equivariant.cli;

import org.equivariant.arith.Rational;
import picocli.CommandLine.Option;

/** Exactly one of --lambda (Gambit's logit precision) or --tau (entropy temperature), as exact rationals. */
final class Precision {
    @Option(names = "--lambda", description = "logit precision λ ≥ 0 (exact: 2, 1/3, 0.25)")
    String lambda;

    @Option(names = "--tau", description = "temperature τ = 1/λ > 0 (exact)")
    String tau;

    Rational lambda() {
        return lambda != null ? Args.nonNegative("--lambda", lambda) : Args.positive("--tau", tau).reciprocal();
    }
}
