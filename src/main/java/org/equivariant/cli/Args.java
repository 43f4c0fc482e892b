package org.equivariant.cli;

import org.equivariant.arith.Rational;

/** Validation of option values; every failure is a {@link UsageException} that starts with the option's name. */
final class Args {
    private Args() {
    }

    static Rational rational(String option, String text) {
        try {
            return Rational.parse(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    static Rational positive(String option, String text) {
        Rational r = rational(option, text);
        if (r.signum() <= 0) {
            throw new UsageException(option + " must be positive, got " + r);
        }
        return r;
    }

    static Rational nonNegative(String option, String text) {
        Rational r = rational(option, text);
        if (r.signum() < 0) {
            throw new UsageException(option + " must be non-negative, got " + r);
        }
        return r;
    }

    static long range(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new UsageException(option + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    static double range(String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new UsageException(option + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }
}
