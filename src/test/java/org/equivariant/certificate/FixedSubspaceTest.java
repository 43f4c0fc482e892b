package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Interval;
import org.equivariant.symmetry.Permutation;
import org.junit.jupiter.api.Test;

/**
 * {@link FixedSubspace}: orbits of generated groups, expansion and reduction, invariant boxes, and the restriction of an
 * equivariant system, whose zeros must be the full system's fixed zeros.
 */
class FixedSubspaceTest {
    static Interval iv(String lo, String hi) {
        return new Interval(new BigDecimal(lo), new BigDecimal(hi));
    }

    @Test
    void orbitsOfTheGeneratedGroupAndTheirRepresentatives() {
        // (0 1) and (1 2) generate S₃ on {0, 1, 2}; 3 ↔ 4 a second orbit; 5 fixed
        FixedSubspace v = FixedSubspace.of(6, List.of(Permutation.of(1, 0, 2, 3, 4, 5), Permutation.of(0, 2, 1, 4, 3,
            5)));
        assertThat(v.dimension()).isEqualTo(3);
        assertThat(List.of(v.orbitOf(0), v.orbitOf(1), v.orbitOf(2), v.orbitOf(3), v.orbitOf(4), v.orbitOf(5)))
            .containsExactly(0, 0, 0, 1, 1, 2);
        assertThat(List.of(v.representative(0), v.representative(1), v.representative(2))).containsExactly(0, 3, 5);
        assertThat(v.expand(List.of("a", "b", "c", "beta"))).containsExactly("a", "a", "a", "b", "b", "c", "beta");
        assertThat(v.reduce(List.of("a", "x", "y", "b", "z", "c", "beta"))).containsExactly("a", "b", "c", "beta");
        assertThatThrownBy(() -> FixedSubspace.of(5, List.of(Permutation.of(1, 0, 2))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 5");
    }

    @Test
    void invariantBoxesAndTheSymmetrizedHull() {
        FixedSubspace v = FixedSubspace.of(3, List.of(Permutation.of(1, 0, 2)));
        List<Interval> same = List.of(iv("0.1", "0.2"), iv("0.1", "0.2"), iv("5", "6"));
        assertThat(v.invariant(same)).isTrue();
        List<Interval> lopsided = List.of(iv("0.1", "0.2"), iv("0.1", "0.25"), iv("5", "6"));
        assertThat(v.invariant(lopsided)).isFalse();
        assertThat(v.invariant(List.of(iv("0.05", "0.2"), iv("0.1", "0.2"), iv("5", "6")))).isFalse();
        List<Interval> hull = v.symmetrized(List.of(iv("0.1", "0.2"), iv("0.15", "0.3"), iv("5", "6")));
        assertThat(hull.get(0).lo()).isEqualByComparingTo("0.1");
        assertThat(hull.get(0).hi()).isEqualByComparingTo("0.3");
        assertThat(hull.get(1).lo()).isEqualByComparingTo("0.1");
        assertThat(hull.get(1).hi()).isEqualByComparingTo("0.3");
        assertThat(hull.get(2).lo()).isEqualByComparingTo("5");
        assertThat(v.invariant(hull)).isTrue();
    }

    /**
     * F(x, y, z; v) = (x − v·y² − 1, y − v·x² − 1, z − x·y): equivariant under swapping x and y. Restricted to x = y
     * it is (x − v·x² − 1, z − x²): at v = 1/5, x = (5 − √5)/2 and z = x², checked against the closed form.
     */
    @Test
    void theRestrictedSystemKeepsOneEquationPerOrbitAndItsZerosAreFixedZeros() {
        ParametricSystem full = new ParametricSystem() {
            @Override
            public int unknowns() {
                return 3;
            }

            @Override
            public <T> List<T> residual(ExpField<T> f, List<T> z) {
                T x = z.get(0);
                T y = z.get(1);
                T v = z.get(3);
                return List.of(f.subtract(f.subtract(x, f.multiply(v, f.multiply(y, y))), f.one()),
                    f.subtract(f.subtract(y, f.multiply(v, f.multiply(x, x))), f.one()),
                    f.subtract(z.get(2), f.multiply(x, y)));
            }
        };
        FixedSubspace v = FixedSubspace.of(3, List.of(Permutation.of(1, 0, 2)));
        ParametricSystem restricted = v.restrict(full);
        assertThat(restricted.unknowns()).isEqualTo(2);
        double x = (5 - Math.sqrt(5)) / 2;
        List<Double> zero = List.of(x, x * x, 0.2);
        List<Double> r = restricted.residual(DoubleField.INSTANCE, zero);
        assertThat(r.get(0)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r.get(1)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        // off the zero the restricted residual is the full one's representatives' rows
        List<Double> other = List.of(0.7, 2.0, 0.3);
        List<Double> full3 = full.residual(DoubleField.INSTANCE, List.of(0.7, 0.7, 2.0, 0.3));
        assertThat(restricted.residual(DoubleField.INSTANCE, other)).containsExactly(full3.get(0), full3.get(2));
        // the restricted Jacobian sums the orbit's columns: ∂/∂x of x − v·x² − 1 is 1 − 2vx
        List<List<Double>> j = restricted.jacobian(DoubleField.INSTANCE, other);
        assertThat(j.get(0).get(0)).isCloseTo(1 - 2 * 0.3 * 0.7, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(j.get(1).get(0)).isCloseTo(-2 * 0.7, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(j.get(0).get(2)).isCloseTo(-0.49, org.assertj.core.data.Offset.offset(1e-15));
        assertThatThrownBy(() -> FixedSubspace.of(4, List.of(Permutation.of(1, 0, 2, 3))).restrict(full))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 4");
    }
}
