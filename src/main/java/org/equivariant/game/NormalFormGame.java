package org.equivariant.game;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Field;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * An N-player normal-form game with rational payoffs: players i = 0..N−1, finite action sets A_i and payoff tensors
 * r_i over A_0 × … × A_{N−1} (player 0's action varies fastest in flat order).
 */
public record NormalFormGame(String title, List<String> players, List<List<String>> actions,
                             List<RationalTensor> payoffs) {
    public NormalFormGame {
        if (players.isEmpty()) {
            throw new IllegalArgumentException("a game needs at least one player");
        }
        if (actions.size() != players.size() || payoffs.size() != players.size()) {
            throw new IllegalArgumentException("game with " + players.size() + " players has " + actions.size()
                + " action lists and " + payoffs.size() + " payoff tables");
        }
        int[] dims = new int[players.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = actions.get(i).size();
            if (dims[i] < 1) {
                throw new IllegalArgumentException("player " + (i + 1) + " (" + players.get(i) + ") has no actions");
            }
        }
        for (int i = 0; i < dims.length; i++) {
            if (!java.util.Arrays.equals(payoffs.get(i).dims(), dims)) {
                throw new IllegalArgumentException("payoff table of player " + (i + 1) + " has shape "
                    + java.util.Arrays.toString(payoffs.get(i).dims()) + ", expected "
                    + java.util.Arrays.toString(dims));
            }
        }
        title = title == null ? "" : title;
        players = List.copyOf(players);
        List<List<String>> acts = new ArrayList<>();
        for (List<String> a : actions) {
            acts.add(List.copyOf(a));
        }
        actions = List.copyOf(acts);
        payoffs = List.copyOf(payoffs);
    }

    /** A game with default names ("Player k", actions "1".."m") from per-player payoff tensors. */
    public static NormalFormGame of(String title, List<RationalTensor> payoffs) {
        int[] dims = payoffs.get(0).dims();
        List<String> players = new ArrayList<>();
        List<List<String>> actions = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            players.add("Player " + (i + 1));
            List<String> a = new ArrayList<>();
            for (int k = 1; k <= dims[i]; k++) {
                a.add(Integer.toString(k));
            }
            actions.add(a);
        }
        return new NormalFormGame(title, players, actions, payoffs);
    }

    public int numPlayers() {
        return players.size();
    }

    public int numActions(int player) {
        return actions.get(player).size();
    }

    public int[] dims() {
        return payoffs.get(0).dims();
    }

    /** Σ_i |A_i|, the number of coordinates of a mixed profile. */
    public int totalActions() {
        int n = 0;
        for (List<String> a : actions) {
            n += a.size();
        }
        return n;
    }

    /** r_i(a) for a pure contingency a. */
    public Rational payoff(int player, int... contingency) {
        return payoffs.get(player).get(contingency);
    }

    /** SHA-256 of the canonical payoff text ({@link RationalTensor#sha256}); names and labels do not enter. */
    public String sha256() {
        return RationalTensor.sha256(payoffs);
    }

    /** The payoffs converted to a field, ready for repeated evaluation. */
    public <T> PayoffEvaluator<T> in(Field<T> f) {
        return new PayoffEvaluator<>(this, f);
    }

    /** Exact expected payoff of a player under a rational mixed profile. */
    public Rational expectedPayoff(int player, MixedProfile profile) {
        return in(org.equivariant.arith.RationalField.INSTANCE).expectedPayoff(player, profile.probabilities());
    }
}
