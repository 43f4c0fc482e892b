package org.equivariant.cli;

import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.InputException;
import org.equivariant.work.Limits;

/** Up-front cost estimates: work that cannot finish in reasonable time is refused before it starts, with its size. */
final class Work {
    /** Interval operations one certification pass may take (about an hour at 30 digits on one core). */
    static final double MAX_INTERVAL_OPERATIONS = 2e9;
    /** Exact differences the interaction contrasts D may take (about half a minute). */
    static final double MAX_CONTRAST_DIFFERENCES = 3e8;

    private Work() {
    }

    /** Σ over ordered pairs of players of {@link RationalTensor#mixedDifferenceCost}: the cost of D, exactly. */
    static double contrastCost(NormalFormGame g) {
        double total = 0;
        for (int i = 0; i < g.numPlayers(); i++) {
            for (int k = 0; k < g.numPlayers(); k++) {
                if (i != k) {
                    total += RationalTensor.mixedDifferenceCost(g.dims(), i, k);
                }
            }
        }
        return total;
    }

    /** Refuses a game whose interaction contrasts D (UNIQ-H) would take more than about half a minute. */
    static void refuseContrastsIfTooLarge(NormalFormGame g) {
        double d = contrastCost(g);
        if (d > MAX_CONTRAST_DIFFERENCES) {
            throw new InputException("refused: the interaction contrasts D of this " + g.numPlayers() + "-player game "
                + "need about " + Limits.human(d) + " exact differences (roughly " + Limits.human(d / 1e7)
                + " seconds); the limit is " + Limits.human(MAX_CONTRAST_DIFFERENCES));
        }
    }

    /**
     * One Krawczyk test of an n-coordinate QRE box costs about N²·Π|A_i| interval products for the Jacobian (each
     * ordered pair of players contracts the payoff tensor) plus n³ for the preconditioned product.
     */
    static void refuseIfTooLarge(NormalFormGame g, int digits) {
        double cells = 1;
        for (int d : g.dims()) {
            cells *= d;
        }
        double n = g.totalActions();
        double players = g.numPlayers();
        double ops = players * players * cells + n * n * n;
        if (ops > MAX_INTERVAL_OPERATIONS) {
            double seconds = ops * 1e-6 * Math.pow(Math.max(digits, 30) / 30.0, 1.6);
            throw new InputException("refused: certifying one QRE of this " + (int) players + "-player game with "
                + (long) n + " strategies needs about " + Limits.human(ops) + " interval operations (roughly "
                + Limits.human(seconds / 60) + " minutes at " + digits + " digits); the limit is "
                + Limits.human(MAX_INTERVAL_OPERATIONS));
        }
        refuseContrastsIfTooLarge(g);
    }
}
