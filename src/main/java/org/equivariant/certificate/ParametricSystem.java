package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Gradient;
import org.equivariant.arith.GradientField;

/**
 * A system F(x, v) = 0 of n equations in n unknowns x and one parameter v, written once against {@link ExpField}; its
 * zeros form the branches a {@link BranchPiece} chain covers (theorems BR-CHAIN and MQRE-CHAIN). Points are given in
 * all n + 1 coordinates z = (x, v), the parameter last.
 */
public interface ParametricSystem {
    /** n, the number of unknowns (and of equations). */
    int unknowns();

    /** F(z) in the field f (n values). */
    <T> List<T> residual(ExpField<T> f, List<T> z);

    /**
     * [∂F/∂x | ∂F/∂v] at (or, in an interval field, over) z: n rows of n + 1 entries. By default forward-mode
     * differentiation in all n + 1 directions at once ({@link GradientField}).
     */
    default <T> List<List<T>> jacobian(ExpField<T> f, List<T> z) {
        GradientField<T> g = new GradientField<>(f, z.size());
        List<Gradient<T>> point = new ArrayList<>(z.size());
        for (int k = 0; k < z.size(); k++) {
            point.add(g.variable(z.get(k), k));
        }
        List<List<T>> rows = new ArrayList<>();
        for (Gradient<T> r : residual(g, point)) {
            rows.add(new ArrayList<>(g.partials(r)));
        }
        return rows;
    }
}
