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
        if (lambda != null) {
            Rational l = Rational.parse(lambda);
            if (l.signum() < 0) {
                throw new IllegalArgumentException("--lambda must be non-negative, got " + lambda);
            }
            return l;
        }
        Rational t = Rational.parse(tau);
        if (t.signum() <= 0) {
            throw new IllegalArgumentException("--tau must be positive, got " + tau);
        }
        return t.reciprocal();
    }
}
