package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Field;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.symmetry.Permutation;

/**
 * The subspace of R^n fixed by a group of coordinate permutations (given by generators): the vectors constant on each
 * orbit of coordinates. If a system F is equivariant, F(Pz) = P F(z) for every generator P, then at a fixed point z
 * F(z) is fixed too, so its equations on one orbit coincide: {@link #restrict} keeps one equation and one unknown per
 * orbit, and the zeros of the restricted system are exactly the fixed zeros of F (theorem MQRE-CHAIN (5)).
 */
public final class FixedSubspace {
    private final int n;
    private final int[] orbit; // orbit index of each coordinate
    private final int[] representative; // first coordinate of each orbit

    private FixedSubspace(int n, int[] orbit, int[] representative) {
        this.n = n;
        this.orbit = orbit;
        this.representative = representative;
    }

    /** The orbits of 0..n−1 under the group the given coordinate permutations generate. */
    public static FixedSubspace of(int n, List<Permutation> generators) {
        for (Permutation p : generators) {
            if (p.degree() != n) {
                throw new IllegalArgumentException("a permutation of " + p.degree() + " coordinates, expected " + n);
            }
        }
        List<List<Integer>> orbits = Permutation.orbits(n, generators);
        int[] orbit = new int[n];
        int[] reps = new int[orbits.size()];
        for (int o = 0; o < orbits.size(); o++) {
            reps[o] = orbits.get(o).get(0);
            for (int k : orbits.get(o)) {
                orbit[k] = o;
            }
        }
        return new FixedSubspace(n, orbit, reps);
    }

    /** The orbit of coordinate k (0..{@link #dimension()} − 1). */
    public int orbitOf(int k) {
        return orbit[k];
    }

    /** The first coordinate of orbit o. */
    public int representative(int o) {
        return representative[o];
    }

    /** n, the number of coordinates the permutations move. */
    public int size() {
        return n;
    }

    /** The number of orbits (unknowns of the restricted system). */
    public int dimension() {
        return representative.length;
    }

    /** The full vector (n coordinates, then any trailing ones such as a parameter) from one value per orbit. */
    public <T> List<T> expand(List<T> reduced) {
        List<T> full = new ArrayList<>(n + reduced.size() - representative.length);
        for (int k = 0; k < n; k++) {
            full.add(reduced.get(orbit[k]));
        }
        full.addAll(reduced.subList(representative.length, reduced.size()));
        return full;
    }

    /** One coordinate per orbit (its first), then any trailing coordinates. */
    public <T> List<T> reduce(List<T> full) {
        List<T> out = new ArrayList<>(representative.length + full.size() - n);
        for (int r : representative) {
            out.add(full.get(r));
        }
        out.addAll(full.subList(n, full.size()));
        return out;
    }

    /** The number of coordinates in orbit o. */
    public int orbitSize(int o) {
        int count = 0;
        for (int k = 0; k < n; k++) {
            count += orbit[k] == o ? 1 : 0;
        }
        return count;
    }

    /** Sv: each orbit's sum of v's entries (v's first n entries are read). */
    public <T> List<T> sums(Field<T> f, List<T> v) {
        List<T> out = new ArrayList<>(java.util.Collections.nCopies(representative.length, f.zero()));
        for (int k = 0; k < n; k++) {
            out.set(orbit[k], f.add(out.get(orbit[k]), v.get(k)));
        }
        return out;
    }

    /** Pv: each of v's first n entries replaced by the mean of its orbit's entries (the projection onto this space). */
    public <T> List<T> fixedPart(Field<T> f, List<T> v) {
        List<T> sums = sums(f, v);
        List<T> mean = new ArrayList<>(sums.size());
        for (int o = 0; o < sums.size(); o++) {
            mean.add(f.multiply(sums.get(o), f.of(Rational.of(1, orbitSize(o)))));
        }
        return expand(mean);
    }

    /** Qv = v − Pv on v's first n entries: the part transverse to this space. */
    public <T> List<T> transverse(Field<T> f, List<T> v) {
        List<T> fixed = fixedPart(f, v);
        List<T> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(f.subtract(v.get(k), fixed.get(k)));
        }
        return out;
    }

    /** QM: {@link #transverse} applied to each column of a matrix of n rows (as many columns as its rows have). */
    public <T> List<List<T>> transverseColumns(Field<T> f, List<List<T>> rows) {
        List<List<T>> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            out.add(new ArrayList<>(rows.get(r).size()));
        }
        for (int k = 0; k < rows.get(0).size(); k++) {
            List<T> column = new ArrayList<>(n);
            for (int r = 0; r < n; r++) {
                column.add(rows.get(r).get(k));
            }
            List<T> projected = transverse(f, column);
            for (int r = 0; r < n; r++) {
                out.get(r).add(projected.get(r));
            }
        }
        return out;
    }

    /**
     * M + P on the first n rows and columns: 1/|orbit| added where row and column lie in one orbit (the Jacobian of
     * Pw in w); the other rows and columns as they are.
     */
    public <T> List<List<T>> plusProjection(Field<T> f, List<List<T>> rows) {
        List<List<T>> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<T> row = new ArrayList<>(rows.get(r));
            for (int k = 0; r < n && k < n; k++) {
                if (orbit[k] == orbit[r]) {
                    row.set(k, f.add(row.get(k), f.of(Rational.of(1, orbitSize(orbit[r])))));
                }
            }
            out.add(row);
        }
        return out;
    }

    /** Whether a box of the n coordinates has the same interval on every coordinate of an orbit (exactly). */
    public boolean invariant(List<Interval> box) {
        for (int k = 0; k < n; k++) {
            Interval a = box.get(k);
            Interval b = box.get(representative[orbit[k]]);
            if (a.lo().compareTo(b.lo()) != 0 || a.hi().compareTo(b.hi()) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The smallest invariant box containing a box: the hull of the intervals of each orbit on all its coordinates. */
    public List<Interval> symmetrized(List<Interval> box) {
        Interval[] hull = new Interval[representative.length];
        for (int k = 0; k < n; k++) {
            int o = orbit[k];
            hull[o] = hull[o] == null ? box.get(k) : hull[o].hull(box.get(k));
        }
        List<Interval> out = new ArrayList<>(box);
        for (int k = 0; k < n; k++) {
            out.set(k, hull[orbit[k]]);
        }
        return out;
    }

    /**
     * The restriction of a system of n unknowns (equivariant under the generators) to this subspace: one unknown and
     * one equation (the representative's) per orbit, the parameter last.
     */
    public ParametricSystem restrict(ParametricSystem full) {
        if (full.unknowns() != n) {
            throw new IllegalArgumentException("a system of " + full.unknowns() + " unknowns, expected " + n);
        }
        return new ParametricSystem() {
            @Override
            public int unknowns() {
                return representative.length;
            }

            @Override
            public <T> List<T> residual(ExpField<T> f, List<T> z) {
                List<T> all = full.residual(f, expand(z));
                List<T> out = new ArrayList<>(representative.length);
                for (int r : representative) {
                    out.add(all.get(r));
                }
                return out;
            }
        };
    }
}
