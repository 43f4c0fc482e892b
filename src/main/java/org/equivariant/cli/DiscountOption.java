package org.equivariant.cli;

import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import picocli.CommandLine.Option;

/** {@code --discount GAMMA}: replaces a Dec-POMDP's discount, and says where the one in use came from. */
final class DiscountOption {
    @Option(names = "--discount", paramLabel = "GAMMA", description = "for a .dpomdp model: replace its discount by "
        + "GAMMA in [0, 1] (exact rational; 1 = undiscounted)")
    String discount;

    /** The model with the discount of --discount, if given (validated). */
    DecPomdp apply(DecPomdp m) {
        if (discount == null) {
            return m;
        }
        Rational g = Args.nonNegative("--discount", discount);
        if (g.compareTo(Rational.ONE) > 0) {
            throw new UsageException("--discount must be in [0, 1], got " + discount);
        }
        return m.withDiscount(g);
    }

    boolean given() {
        return discount != null;
    }

    /** " (--discount)" or " (from the model)", for the line that prints the discount. */
    String origin() {
        return discount == null ? " (from the model)" : " (--discount)";
    }
}
