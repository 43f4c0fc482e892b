package org.equivariant.equilibrium;

import org.equivariant.arith.Grids;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.ParametricSystem;

/**
 * A {@link ContinuationPath} restricted to the subspace fixed by a symmetry group of its system (theorem MQRE-CHAIN
 * (5)): one unknown and one equation per orbit of coordinates. A bifurcation that breaks the symmetry is singular for
 * the full system but not for the restricted one, so the symmetric branch can be followed through it.
 */
final class RestrictedPath extends ContinuationPath {
    private final ContinuationPath full;
    private final FixedSubspace subspace;
    private final ParametricSystem system;

    RestrictedPath(ContinuationPath full, FixedSubspace subspace) {
        super(subspace.dimension());
        this.full = full;
        this.subspace = subspace;
        this.system = subspace.restrict(full.system());
    }

    private double[] expand(double[] x) {
        return unboxed(subspace.expand(boxed(x)));
    }

    private double[] reduce(double[] x) {
        return unboxed(subspace.reduce(boxed(x)));
    }

    @Override
    double[] residual(double[] x) {
        return reduce(full.residual(expand(x)));
    }

    /** Rows of the representatives; each orbit's column the sum of its members' columns. */
    @Override
    double[][] jacobian(double[] x) {
        double[][] j = full.jacobian(expand(x));
        double[][] out = Grids.zeros(n, n + 1);
        for (int o = 0; o < n; o++) {
            double[] row = j[subspace.representative(o)];
            for (int k = 0; k < full.n; k++) {
                out[o][subspace.orbitOf(k)] += row[k];
            }
            out[o][n] = row[full.n];
        }
        return out;
    }

    @Override
    double[] start() {
        return reduce(full.start());
    }

    @Override
    double toZ(int k, double x) {
        return full.toZ(k == n ? full.n : subspace.representative(k), x);
    }

    @Override
    double toX(int k, double z) {
        return full.toX(k == n ? full.n : subspace.representative(k), z);
    }


    @Override
    double[] roundingMagnitudes(double[] z) {
        double[] all = full.roundingMagnitudes(expand(z));
        double[] m = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            m[k] = all[k == n ? full.n : subspace.representative(k)];
        }
        return m;
    }

    @Override
    boolean parametrizes(int k) {
        return full.parametrizes(subspace.representative(k));
    }

    @Override
    ParametricSystem system() {
        return system;
    }

    @Override
    String parameterName() {
        return full.parameterName();
    }
}
