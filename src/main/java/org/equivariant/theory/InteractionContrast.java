package org.equivariant.theory;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;

/**
 * The interaction-contrast matrix D of a normal-form game (sun2024 §4.2; theorem UNIQ-H): D_ik is the largest
 * |r_i(a_i,a_k,·) − r_i(a_i,a_k',·) − r_i(a_i',a_k,·) + r_i(a_i',a_k',·)| over all action pairs and all actions of
 * the other players; D_ii = 0. Exact.
 */
public final class InteractionContrast {
    private InteractionContrast() {
    }

    public static List<List<Rational>> of(NormalFormGame g) {
        int n = g.numPlayers();
        List<List<Rational>> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.add(g.payoffs().get(i).maxMixedDifferences(i));
        }
        return d;
    }

    /** M = D/4, the matrix whose Perron root bounds the Lipschitz constant of the logit response (Lemma C). */
    public static List<List<Rational>> quarter(List<List<Rational>> d) {
        List<List<Rational>> m = new ArrayList<>();
        for (List<Rational> row : d) {
            List<Rational> r = new ArrayList<>();
            for (Rational x : row) {
                r.add(x.divide(Rational.of(4)));
            }
            m.add(r);
        }
        return m;
    }
}
