package org.equivariant.certificate;

import java.util.List;
import org.equivariant.arith.ExpField;

/**
 * A square system F: R^N → R^N written once against {@link ExpField}, so that the same code gives F in double, its
 * enclosure over a box in interval arithmetic, and (over dual numbers) its Jacobian — what {@link Krawczyk} needs to
 * prove that a box holds exactly one zero.
 */
public interface SmoothSystem {
    /** N. */
    int size();

    /** F(x) in the field f. */
    <T> List<T> residual(ExpField<T> f, List<T> x);
}
