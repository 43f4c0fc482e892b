package org.equivariant.symmetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

class PermutationGroupTest {
    @Test
    void cycleNotationRoundTripsAndValidates() {
        Permutation p = Permutation.parse("(1 3 2)(4 5)", 6);
        assertThat(p.apply(0)).isEqualTo(2);
        assertThat(p.toString()).isEqualTo("(1 3 2)(4 5)");
        assertThat(p.order()).isEqualTo(BigInteger.valueOf(6));
        assertThat(p.compose(p.inverse()).isIdentity()).isTrue();
        assertThat(Permutation.parse("()", 3)).isEqualTo(Permutation.identity(3));
        assertThatThrownBy(() -> Permutation.parse("(1 2 1)", 3)).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> Permutation.parse("(1 4)", 3)).hasMessageContaining("outside 1..3");
        assertThatThrownBy(() -> Permutation.parse("(1 2", 3)).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> Permutation.of(0, 0)).hasMessageContaining("not a permutation");
    }

    @Test
    void ordersOfKnownGroups() {
        for (int n = 2; n <= 8; n++) {
            Permutation swap = Permutation.parse("(1 2)", n);
            int[] cyc = new int[n];
            for (int i = 0; i < n; i++) {
                cyc[i] = (i + 1) % n;
            }
            BigInteger fact = BigInteger.ONE;
            for (int k = 2; k <= n; k++) {
                fact = fact.multiply(BigInteger.valueOf(k));
            }
            PermutationGroup sym = new PermutationGroup(n, List.of(swap, Permutation.of(cyc)));
            assertThat(sym.order()).isEqualTo(fact);
            // dihedral group of the n-gon: rotation and reflection i -> -i
            int[] refl = new int[n];
            for (int i = 0; i < n; i++) {
                refl[i] = (n - i) % n;
            }
            assertThat(new PermutationGroup(n, List.of(Permutation.of(cyc), Permutation.of(refl))).order())
                .isEqualTo(BigInteger.valueOf(n == 2 ? 2 : 2L * n));
        }
        // A_5 from two 3-cycles-ish generators; an odd permutation is not a member
        PermutationGroup a5 = new PermutationGroup(5, List.of(Permutation.parse("(1 2 3)", 5),
            Permutation.parse("(1 2 3 4 5)", 5)));
        assertThat(a5.order()).isEqualTo(BigInteger.valueOf(60));
        assertThat(a5.contains(Permutation.parse("(1 2)", 5))).isFalse();
        assertThat(a5.contains(Permutation.parse("(1 2)(3 4)", 5))).isTrue();
    }

    @Test
    void randomElementsAreUniform() {
        PermutationGroup s3 = new PermutationGroup(3, List.of(Permutation.parse("(1 2)", 3),
            Permutation.parse("(1 2 3)", 3)));
        Map<Permutation, Integer> counts = new HashMap<>();
        SplittableRandom r = new SplittableRandom(42);
        for (int k = 0; k < 6000; k++) {
            counts.merge(s3.random(r), 1, Integer::sum);
        }
        assertThat(counts).hasSize(6);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(880, 1120));
    }

    record Generators(int degree, List<Permutation> gens) {
    }

    static final Gen<Generators> GENERATORS = r -> {
        int n = r.nextInt(2, 8);
        List<Permutation> gens = new ArrayList<>();
        int k = r.nextInt(1, 4);
        for (int g = 0; g < k; g++) {
            gens.add(org.equivariant.gen.PlantedGame.randomPermutation(n, r));
        }
        return new Generators(n, gens);
    };

    @Test
    void groupAxiomsAndClosureHold() {
        Property.forAll("group axioms and closure", GENERATORS).tries(60).check(c -> {
            PermutationGroup g = new PermutationGroup(c.degree(), c.gens());
            List<Permutation> all = g.elements(10_000);
            assertThat(new HashSet<>(all)).hasSize(all.size());
            assertThat(BigInteger.valueOf(all.size())).isEqualTo(g.order());
            assertThat(all).contains(Permutation.identity(c.degree()));
            for (Permutation s : c.gens()) {
                assertThat(g.contains(s)).isTrue();
            }
            SplittableRandom r = new SplittableRandom(c.degree());
            for (int t = 0; t < 20; t++) {
                Permutation x = g.random(r);
                Permutation y = g.random(r);
                assertThat(g.contains(x.compose(y))).isTrue();
                assertThat(g.contains(x.inverse())).isTrue();
                assertThat(x.compose(y).compose(x).equals(x.compose(y.compose(x)))).isTrue();
            }
            // closure: all products of elements with generators stay in the set
            HashSet<Permutation> set = new HashSet<>(all);
            for (Permutation x : all) {
                for (Permutation s : c.gens()) {
                    assertThat(set).contains(s.compose(x));
                }
            }
            // orbit sizes divide the order (orbit-stabilizer)
            for (List<Integer> o : g.orbits()) {
                assertThat(g.order().mod(BigInteger.valueOf(o.size()))).isZero();
            }
        });
    }
}
