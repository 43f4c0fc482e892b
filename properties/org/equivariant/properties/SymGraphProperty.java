package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.Bundled;
import org.equivariant.io.DpomdpReader;
import org.equivariant.symmetry.DecPomdpSymmetries;
import org.equivariant.symmetry.DecPomdpSymmetry;
import org.equivariant.symmetry.EncodedGroup;
import org.equivariant.symmetry.Permutation;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * SYM-GRAPH (proofs/SYM-GRAPH.md): the structure-graph search returns the full symmetry group of a Dec-POMDP. The
 * oracle here shares nothing with it: it tries every permutation of agents, states, actions and observations
 * and counts those that satisfy the invariance equations. On random small models — transition, observation and
 * reward tables from {0, 1} (so that symmetries are common), plus up to three twin states that are never entered —
 * the group order equals the count, and every element of the group is a symmetry. Negative control: the group
 * generated without the last generator found is caught whenever that generator was needed. On the bundled
 * fireFighting_2_3_3 (432 states, a group of order ≈ 1.4·10³³) the search with the twin reduction and the plain
 * search agree.
 */
class SymGraphProperty {
    /** A random model: tables as integer weights, {@code twins} extra states never entered, all alike. */
    record Model(int states, int[] observations, int[][][] t, int[][][] o, int[][] r, int twins, int[][] twinRows) {
        DecPomdp build() {
            int ns = states + twins;
            List<String> names = new ArrayList<>();
            for (int s = 0; s < ns; s++) {
                names.add(s < states ? "s" + s : "u" + (s - states));
            }
            DecPomdp.Builder b = DecPomdp.builder("random", List.of("1", "2"), names, List.of(List.of("a", "b"),
                List.of("a", "b")), List.of(labels(observations[0]), labels(observations[1])), Rational.ONE,
                Limits.DEFAULT);
            for (int s = 0; s < states; s++) {
                b.initial(s, Rational.of(1, states));
            }
            int nja = 4;
            int njo = observations[0] * observations[1];
            for (int a = 0; a < nja; a++) {
                for (int s = 0; s < ns; s++) {
                    int[] row = s < states ? t[a][s] : twinRows[a];
                    int total = java.util.Arrays.stream(row).sum();
                    for (int s2 = 0; s2 < states; s2++) {
                        b.transition(a, s, s2, Rational.of(row[s2], total));
                    }
                    int[] orow = o[a][Math.min(s, states - 1)];
                    int ototal = java.util.Arrays.stream(orow).sum();
                    for (int x = 0; x < njo; x++) {
                        b.observation(a, s, x, Rational.of(orow[x], ototal));
                    }
                    b.reward(s, a, Rational.of(r[Math.min(s, states - 1)][a]));
                }
            }
            return b.build().validate();
        }

        private static List<String> labels(int n) {
            List<String> out = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                out.add("o" + k);
            }
            return out;
        }

        @Override
        public String toString() {
            return "states " + states + " + twins " + twins + ", observations "
                + java.util.Arrays.toString(observations) + "\nT[a][s][s'] " + java.util.Arrays.deepToString(t)
                + "\nO[a][s'][o] " + java.util.Arrays.deepToString(o) + "\nr[s][a] "
                + java.util.Arrays.deepToString(r) + "\ntwin rows " + java.util.Arrays.deepToString(twinRows);
        }
    }

    static int[] bits(int n, java.util.SplittableRandom r) {
        int[] w = new int[n];
        for (int k = 0; k < n; k++) {
            w[k] = r.nextInt(2);
        }
        if (java.util.Arrays.stream(w).sum() == 0) {
            w[r.nextInt(n)] = 1;
        }
        return w;
    }

    static final Gen<Model> MODELS = r -> {
        int ns = r.nextInt(2, 4);
        int[] oc = {r.nextInt(1, 3), r.nextInt(1, 3)};
        int njo = oc[0] * oc[1];
        int[][][] t = new int[4][ns][];
        int[][][] o = new int[4][ns][];
        int[][] twinRows = new int[4][];
        for (int a = 0; a < 4; a++) {
            for (int s = 0; s < ns; s++) {
                t[a][s] = bits(ns, r);
                o[a][s] = bits(njo, r);
            }
            twinRows[a] = bits(ns, r);
        }
        int[][] rew = new int[ns][4];
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < 4; a++) {
                rew[s][a] = r.nextInt(2);
            }
        }
        return new Model(ns, oc, t, o, rew, r.nextInt(0, 4), twinRows);
    };

    // ---- the oracle: every candidate map ----

    static List<Permutation> all(int n) {
        List<Permutation> out = new ArrayList<>();
        permute(Permutation.identity(n).images(), 0, out);
        return out;
    }

    private static void permute(int[] a, int k, List<Permutation> out) {
        if (k == a.length) {
            out.add(new Permutation(a.clone()));
            return;
        }
        for (int i = k; i < a.length; i++) {
            int x = a[k];
            a[k] = a[i];
            a[i] = x;
            permute(a, k + 1, out);
            a[i] = a[k];
            a[k] = x;
        }
    }

    /** The number of maps (agents, states, actions, observations) satisfying every invariance equation. */
    static long bruteForceOrder(DecPomdp m) {
        long count = 0;
        int[] ac = m.actionCounts();
        int[] oc = m.observationCounts();
        for (Permutation agents : all(2)) {
            if (ac[agents.apply(0)] != ac[0] || oc[agents.apply(0)] != oc[0]) {
                continue;
            }
            for (Permutation states : all(m.numStates())) {
                for (Permutation a0 : all(ac[0])) {
                    for (Permutation a1 : all(ac[1])) {
                        for (Permutation o0 : all(oc[0])) {
                            for (Permutation o1 : all(oc[1])) {
                                DecPomdpSymmetry s = new DecPomdpSymmetry(agents, states, List.of(a0, a1),
                                    List.of(o0, o1));
                                count += s.violation(m).isEmpty() ? 1 : 0;
                            }
                        }
                    }
                }
            }
        }
        return count;
    }

    static void check(Model model, Function<DecPomdp, EncodedGroup<DecPomdpSymmetry>> discovery) {
        DecPomdp m = model.build();
        EncodedGroup<DecPomdpSymmetry> g = discovery.apply(m);
        assertThat(g.order()).as("group order = number of symmetries").isEqualTo(BigInteger.valueOf(
            bruteForceOrder(m)));
        for (DecPomdpSymmetry s : g.elements()) {
            assertThat(s.violation(m)).isEmpty();
        }
    }

    @Test
    void theSearchFindsExactlyTheSymmetriesAnExhaustiveCountFinds() {
        int[] nontrivial = new int[1];
        Property.forAll("SYM-GRAPH full group", MODELS).tries(40).check(model -> {
            check(model, m -> DecPomdpSymmetries.discover(m, 100_000).group());
            nontrivial[0] += DecPomdpSymmetries.discover(model.build(), 100_000).group().order()
                .compareTo(BigInteger.ONE) > 0 ? 1 : 0;
        });
        assertThat(nontrivial[0]).as("tries with a non-trivial group").isGreaterThanOrEqualTo(10);
    }

    @Test
    void aGroupMissingANeededGeneratorIsCaught() {
        Function<DecPomdp, EncodedGroup<DecPomdpSymmetry>> dropLast = m -> {
            List<DecPomdpSymmetry> gens = new ArrayList<>(DecPomdpSymmetries.discover(m, 100_000).group()
                .generators());
            if (!gens.isEmpty()) {
                gens.remove(gens.size() - 1);
            }
            return DecPomdpSymmetries.of(m, gens);
        };
        int caught = 0;
        java.util.SplittableRandom r = new java.util.SplittableRandom(Property.baseSeed("SYM-GRAPH control"));
        for (int k = 0; k < 40; k++) {
            Model model = MODELS.generate(r);
            if (DecPomdpSymmetries.discover(model.build(), 100_000).group().order().compareTo(BigInteger.ONE) > 0) {
                caught += Property.failure(x -> check(x, dropLast), model) != null ? 1 : 0;
            }
        }
        assertThat(caught).as("models where dropping a generator is caught").isGreaterThanOrEqualTo(3);
    }

    @Test
    void twinReductionAgreesWithThePlainSearchOnFireFighting() {
        DecPomdp m = DpomdpReader.load("fireFighting_2_3_3", Bundled.text("bundled:fireFighting_2_3_3",
            Limits.DEFAULT), DpomdpReader.Options.STRICT).model();
        DecPomdpSymmetries.Discovery reduced = DecPomdpSymmetries.discover(m, 100_000, true);
        DecPomdpSymmetries.Discovery plain = DecPomdpSymmetries.discover(m, 100_000, false);
        assertThat(reduced.complete()).isTrue();
        assertThat(plain.complete()).isTrue();
        assertThat(reduced.group().order()).isEqualTo(plain.group().order());
        assertThat(reduced.group().order().bitLength()).isGreaterThan(100);
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int k = 0; k < 20; k++) {
            DecPomdpSymmetry s = reduced.group().random(r);
            assertThat(s.violation(m)).isEmpty();
            assertThat(plain.group().contains(s)).isTrue();
        }
    }
}
