package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Affine;
import org.equivariant.arith.AffineField;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Gradient;
import org.equivariant.arith.GradientField;
import org.equivariant.arith.MidRadMatrix;
import org.equivariant.arith.Rational;
import org.equivariant.arith.TaylorMatrix;

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
     * F over Taylor models z: for every ε ∈ [−1, 1] and every point of z's models at ε, F there lies in the result's
     * models at ε. By default {@code residual(AffineField.INSTANCE, z)}.
     */
    default List<Affine> taylorResidual(List<Affine> z) {
        return residual(AffineField.INSTANCE, z);
    }

    /**
     * A factor, at least 1, by which the double roundings of the fast enclosures of F over the models z ({@link
     * #taylorResidual}, and {@code residual} in dyadic intervals) may exceed those of F's own size: where the
     * preconditioner would amplify them past what a piece's tube can absorb, {@link BranchChecker} takes the 62-bit
     * enclosures instead. By default 1 (the default enclosures are the 62-bit ones).
     */
    default double roundingScale(List<Affine> z) {
        return 1;
    }

    /** F(·, v) at a fixed parameter v, as a square system in the n unknowns alone. */
    default SmoothSystem at(Rational v) {
        ParametricSystem self = this;
        return new SmoothSystem() {
            @Override
            public int size() {
                return self.unknowns();
            }

            @Override
            public <T> List<T> residual(ExpField<T> f, List<T> x) {
                List<T> z = new ArrayList<>(x);
                z.add(f.of(v));
                return self.residual(f, z);
            }
        };
    }

    /**
     * [∂F/∂x | ∂F/∂v] at (or, in an interval field, over) z: n rows of n + 1 entries. By default forward-mode
     * differentiation in all n + 1 directions at once ({@link GradientField}).
     */
    default <T> List<List<T>> jacobian(ExpField<T> f, List<T> z) {
        GradientField<T> g = new GradientField<>(f, z.size());
        List<Gradient<T>> point = g.variables(z);
        List<List<T>> rows = new ArrayList<>();
        for (Gradient<T> r : residual(g, point)) {
            rows.add(new ArrayList<>(g.partials(r)));
        }
        return rows;
    }

    /**
     * The Taylor parts c, b, a and r of [∂F/∂x | ∂F/∂v] over Taylor models z (the ε³ part bounded into r,
     * {@link Affine#secondOrder}), as n × (n + 1) midpoint–radius matrices: for every ε ∈ [−1, 1] and every point
     * of z's models at ε, the Jacobian there lies in c + b·ε + a·ε² + r. By default those of
     * {@code jacobian(AffineField.INSTANCE, z)}, each part converted once.
     */
    default MidRadMatrix[] jacobianParts(List<Affine> z) {
        return TaylorMatrix.secondOrderParts(jacobian(AffineField.INSTANCE, z));
    }
}
