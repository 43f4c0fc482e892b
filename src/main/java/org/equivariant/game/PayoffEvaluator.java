package org.equivariant.game;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Field;
import org.equivariant.arith.RationalTensor;

/**
 * Multilinear payoff evaluation of a normal-form game in a field: marginal payoff vectors u_i(·, σ_{−i}), pair
 * matrices u_i(a, b; σ_{−ij}) and expected payoffs, for profiles σ given per player as vectors in the field.
 */
public final class PayoffEvaluator<T> {
    private final NormalFormGame game;
    private final Field<T> f;
    private final int[] dims;
    private final List<List<T>> payoffs;

    PayoffEvaluator(NormalFormGame game, Field<T> f) {
        this.game = game;
        this.f = f;
        this.dims = game.dims();
        this.payoffs = new ArrayList<>();
        for (RationalTensor t : game.payoffs()) {
            payoffs.add(t.in(f));
        }
    }

    public NormalFormGame game() {
        return game;
    }

    public Field<T> field() {
        return f;
    }

    /** [u_i(σ_{−i})](a) = Σ_{a_{−i}} r_i(a, a_{−i}) Π_{j≠i} σ_j(a_j). */
    public List<T> payoffVector(int i, List<? extends List<T>> profile) {
        return RationalTensor.contract(f, dims, payoffs.get(i), profile, i);
    }

    /**
     * For each j ≠ i the |A_i| × |A_j| matrix u_i(a, b; σ_{−ij}) of player i's payoff with i playing a and j playing
     * b (entry i is null), all from one pass of {@link RationalTensor#pairContractions}.
     */
    public List<List<List<T>>> pairPayoffs(int i, List<? extends List<T>> profile) {
        List<List<T>> flat = RationalTensor.pairContractions(f, dims, payoffs.get(i), profile, i);
        List<List<List<T>>> out = new ArrayList<>();
        for (int j = 0; j < dims.length; j++) {
            List<List<T>> m = null;
            if (j != i) {
                m = new ArrayList<>();
                for (int a = 0; a < dims[i]; a++) {
                    List<T> row = new ArrayList<>();
                    for (int b = 0; b < dims[j]; b++) {
                        row.add(flat.get(j).get(RationalTensor.pairIndex(dims, i, j, a, b)));
                    }
                    m.add(row);
                }
            }
            out.add(m);
        }
        return out;
    }

    /** u_i(σ) = ⟨σ_i, u_i(σ_{−i})⟩. */
    public T expectedPayoff(int i, List<? extends List<T>> profile) {
        return f.dot(profile.get(i), payoffVector(i, profile));
    }
}
