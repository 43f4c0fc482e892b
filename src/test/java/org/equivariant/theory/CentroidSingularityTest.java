package org.equivariant.theory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.io.Bundled;
import org.equivariant.io.NfgReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/** {@link CentroidSingularity}: the determinant polynomial and its smallest positive root, on known cases. */
class CentroidSingularityTest {
    static List<Rational> poly(long... c) {
        return java.util.Arrays.stream(c).mapToObj(Rational::of).toList();
    }

    @Test
    void theSmallestPositiveRootIsEnclosedEvenWhenItIsADoubleRoot() {
        Rational w = Rational.of(1, 1_000_000);
        // (1 − x)²(2 − x) = 2 − 5x + 4x² − x³: the double root 1 first (no sign change there)
        CentroidSingularity.Enclosure e = CentroidSingularity.smallestPositiveRoot(poly(2, -5, 4, -1), w);
        assertThat(e.none()).isFalse();
        assertThat(e.lo().compareTo(Rational.ONE)).isLessThan(0);
        assertThat(e.hi().compareTo(Rational.ONE)).isGreaterThanOrEqualTo(0);
        assertThat(e.hi().subtract(e.lo()).compareTo(w)).isLessThanOrEqualTo(0);
        // (x + 1)(x + 2) and 1 + x²: no positive root
        assertThat(CentroidSingularity.smallestPositiveRoot(poly(2, 3, 1), w).none()).isTrue();
        assertThat(CentroidSingularity.smallestPositiveRoot(poly(1, 0, 1), w).none()).isTrue();
        // 3x − 1 with a negative root beside: (3x − 1)(x + 5) = 3x² + 14x − 5
        CentroidSingularity.Enclosure third = CentroidSingularity.smallestPositiveRoot(poly(-5, 14, 3), w);
        assertThat(third.lo().compareTo(Rational.of(1, 3))).isLessThan(0);
        assertThat(third.hi().compareTo(Rational.of(1, 3))).isGreaterThanOrEqualTo(0);
    }

    @Test
    void theDeterminantPolynomialOfAKnownMatrix() {
        // A = [[0, 2], [1/2, 0]]: det(I − λA) = 1 − λ²
        List<List<Rational>> a = List.of(List.of(Rational.ZERO, Rational.of(2)), List.of(Rational.of(1, 2),
            Rational.ZERO));
        assertThat(CentroidSingularity.detPolynomial(a)).containsExactly(Rational.ONE, Rational.ZERO,
            Rational.of(-1));
        // a triangular matrix: det(I − λA) = Π(1 − λ a_kk)
        List<List<Rational>> t = List.of(List.of(Rational.of(2), Rational.of(7), Rational.ONE),
            List.of(Rational.ZERO, Rational.of(3), Rational.of(-4)), List.of(Rational.ZERO, Rational.ZERO,
                Rational.of(-1)));
        // (1 − 2λ)(1 − 3λ)(1 + λ) = 1 − 4λ + λ² + 6λ³
        assertThat(CentroidSingularity.detPolynomial(t)).containsExactly(Rational.ONE, Rational.of(-4), Rational.ONE,
            Rational.of(6));
    }

    @Test
    void distinctRootsAreCountedAlsoAtAMultipleRoot() {
        // (1 − x)²(3 − x) = 3 − 7x + 5x² − x³: a double root at 1, a simple one at 3
        List<List<Rational>> s = CentroidSingularity.sturmOfSquareFree(poly(3, -7, 5, -1));
        assertThat(CentroidSingularity.rootsIn(s, Rational.ZERO, Rational.ONE)).isEqualTo(1);
        assertThat(CentroidSingularity.rootsIn(s, Rational.ZERO, Rational.of(2))).isEqualTo(1);
        assertThat(CentroidSingularity.rootsIn(s, Rational.ZERO, Rational.of(3))).isEqualTo(2);
        assertThat(CentroidSingularity.rootsIn(s, Rational.ONE, Rational.of(3))).isEqualTo(1);
        assertThat(CentroidSingularity.rootsIn(s, Rational.of(-10), Rational.of(1, 2))).isZero();
    }

    @Test
    void theCentroidJacobianOfThreeTimesTheIdentityGame() {
        // cI₂ with c = 3: A_{1a,2b} = (1/2)(3[a = b] − 3/2) = ±3/4, so det(I − λA) = 1 − (3λ/2)², λ_s = 2/3
        String nfg = "NFG 1 R \"3I2\" { \"1\" \"2\" } { 2 2 }\n3 3 0 0 0 0 3 3\n";
        List<org.equivariant.arith.RationalTensor> payoffs = NfgReader.read("3i2", nfg).payoffs();
        assertThat(CentroidSingularity.centroidIsAlwaysAQre(payoffs)).isTrue();
        List<List<Rational>> a = CentroidSingularity.centroidJacobian(payoffs);
        Rational q = Rational.of(3, 4);
        assertThat(a).containsExactly(List.of(Rational.ZERO, Rational.ZERO, q, q.negate()),
            List.of(Rational.ZERO, Rational.ZERO, q.negate(), q), List.of(q, q.negate(), Rational.ZERO, Rational.ZERO),
            List.of(q.negate(), q, Rational.ZERO, Rational.ZERO));
        assertThat(CentroidSingularity.detPolynomial(a)).containsExactly(Rational.ONE, Rational.ZERO,
            Rational.of(-9, 4), Rational.ZERO, Rational.ZERO);
        CentroidSingularity.Enclosure e = CentroidSingularity.smallestPositiveRoot(CentroidSingularity.detPolynomial(a),
            Rational.of(1, 1000));
        assertThat(e.lo().compareTo(Rational.of(2, 3))).isLessThan(0);
        assertThat(e.hi().compareTo(Rational.of(2, 3))).isGreaterThanOrEqualTo(0);
        // singular exactly at the roots ±2/3 of 1 − (3λ/2)², and nowhere else
        assertThat(CentroidSingularity.singularAt(payoffs, Rational.of(2, 3))).isTrue();
        assertThat(CentroidSingularity.singularAt(payoffs, Rational.of(-2, 3))).isTrue();
        for (Rational near : List.of(Rational.of(2, 3).add(Rational.of(1, 1_000_000_000)), Rational.of(1, 2),
            Rational.ONE, Rational.ZERO)) {
            assertThat(CentroidSingularity.singularAt(payoffs, near)).as(near.toString()).isFalse();
        }
    }

    @Test
    void theCentroidJacobianOfAnAsymmetricTwoByThreeGame() {
        // u₁ = [[1, −1, 0], [−1, 1, 0]], u₂ = [[2, 0, 1], [0, 2, 1]] (rows: player 1's actions): both players are
        // indifferent against the other's uniform mixture; A_{1a,2b} = u₁(a, b)/2, A_{2b,1a} = (u₂(a, b) − 1)/3
        String nfg = "NFG 1 R \"g\" { \"1\" \"2\" } { 2 3 }\n1 2 -1 0 -1 0 1 2 0 1 0 1\n";
        List<org.equivariant.arith.RationalTensor> payoffs = NfgReader.read("g", nfg).payoffs();
        assertThat(CentroidSingularity.centroidIsAlwaysAQre(payoffs)).isTrue();
        Rational h = Rational.of(1, 2);
        Rational t = Rational.of(1, 3);
        Rational z = Rational.ZERO;
        assertThat(CentroidSingularity.centroidJacobian(payoffs)).containsExactly(
            List.of(z, z, h, h.negate(), z), List.of(z, z, h.negate(), h, z),
            List.of(t, t.negate(), z, z, z), List.of(t.negate(), t, z, z, z), List.of(z, z, z, z, z));
    }

    @Test
    void onlyGamesWhoseCentroidIsAlwaysAQreQualify() {
        String mp = "NFG 1 R \"mp\" { \"1\" \"2\" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n";
        assertThat(CentroidSingularity.centroidIsAlwaysAQre(NfgReader.read("mp", mp).payoffs())).isTrue();
        assertThat(CentroidSingularity.centroidIsAlwaysAQre(NfgReader.read("c", Bundled.text("bundled:coord2",
            Limits.DEFAULT)).payoffs())).isFalse();
        // 3I₂ with player 1's first action paid 1 more against the other's second: the same det(I − λA) of the
        // centroid Jacobian, 1 − (3λ/2)², but the centroid is no QRE, so the branch is not singular there at 2/3
        String shifted = "NFG 1 R \"s\" { \"1\" \"2\" } { 2 2 }\n4 3 0 0 1 0 3 3\n";
        List<org.equivariant.arith.RationalTensor> payoffs = NfgReader.read("s", shifted).payoffs();
        assertThat(CentroidSingularity.detPolynomial(CentroidSingularity.centroidJacobian(payoffs))).containsExactly(
            Rational.ONE, Rational.ZERO, Rational.of(-9, 4), Rational.ZERO, Rational.ZERO);
        assertThat(CentroidSingularity.singularAt(payoffs, Rational.of(2, 3))).isFalse();
    }
}
