package org.equivariant.game;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;

/** An exact mixed profile: one probability vector per player, each non-negative and summing to one exactly. */
public record MixedProfile(List<List<Rational>> probabilities) {
    public MixedProfile {
        List<List<Rational>> copy = new ArrayList<>();
        for (int i = 0; i < probabilities.size(); i++) {
            List<Rational> p = probabilities.get(i);
            Rational sum = Rational.ZERO;
            for (int a = 0; a < p.size(); a++) {
                if (p.get(a).signum() < 0) {
                    throw new IllegalArgumentException("probability of action " + (a + 1) + " of player " + (i + 1)
                        + " is negative: " + p.get(a));
                }
                sum = sum.add(p.get(a));
            }
            if (!sum.equals(Rational.ONE)) {
                throw new IllegalArgumentException("probabilities of player " + (i + 1) + " sum to " + sum
                    + ", not 1");
            }
            copy.add(List.copyOf(p));
        }
        probabilities = List.copyOf(copy);
    }

    /** The uniform profile (the logit QRE at λ = 0). */
    public static MixedProfile uniform(NormalFormGame g) {
        List<List<Rational>> p = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            int m = g.numActions(i);
            p.add(java.util.Collections.nCopies(m, Rational.of(1, m)));
        }
        return new MixedProfile(p);
    }

    /** Checks that this profile fits the game's action counts. */
    public MixedProfile checkFits(NormalFormGame g) {
        if (probabilities.size() != g.numPlayers()) {
            throw new IllegalArgumentException("profile has " + probabilities.size() + " players, game has "
                + g.numPlayers());
        }
        for (int i = 0; i < g.numPlayers(); i++) {
            if (probabilities.get(i).size() != g.numActions(i)) {
                throw new IllegalArgumentException("player " + (i + 1) + " has " + g.numActions(i)
                    + " actions, profile gives " + probabilities.get(i).size());
            }
        }
        return this;
    }
}
