package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.MarkovContraction;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.field.MarkovField;
import org.equivariant.game.MarkovGame;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.Bundled;
import org.equivariant.io.MarkovGameReader;
import org.equivariant.theory.PerronCertificate;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * MQRE-U (proofs/MQRE-U.md): the soft-value NPG map G of a Markov game satisfies z⁺ ≤ 𝕄 z componentwise for the
 * distances z = (x, y) of two points of the invariant set (x_i the largest Hilbert distance of agent i's policies, y_i
 * the sup distance of its soft values), so a Perron certificate with κ &lt; 1 makes G a contraction and the Markov QRE
 * unique. The inequality is checked on random games and random pairs with {@link MarkovField#criticStep} (field code,
 * not the constants' code); uniqueness is checked by running exact-evaluation NPG from several starts and certifying
 * each limit with MQRE-K. Controls: the matrix without the value-coupling term 2γηF̂ is refuted by the same pairs;
 * where two distinct QREs are certified, no certificate has κ &lt; 1.
 */
class MqreUProperty {
    record Case(MarkovGame game, Rational tau, Rational eta, long seed) {
        @Override
        public String toString() {
            return MarkovGameReader.toJson(game, org.equivariant.certificate.CertificateJson.mapper()) + "\ntau = "
                + tau + ", eta = " + eta + ", seed " + seed;
        }
    }

    /** 2–3 agents, 1–3 states, 2–3 actions (state-dependent), rewards in −3..3, random transitions, γ ∈ {0, 1/2, 4/5}. */
    static MarkovGame game(SplittableRandom r) {
        int n = r.nextInt(2, 4);
        int ns = r.nextInt(1, 4);
        List<String> agents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            agents.add("p" + i);
        }
        List<String> states = new ArrayList<>();
        List<List<List<String>>> actions = new ArrayList<>();
        Rational[][][] next = new Rational[ns][][];
        Rational[][][] reward = new Rational[ns][][];
        for (int s = 0; s < ns; s++) {
            states.add("s" + s);
            List<List<String>> per = new ArrayList<>();
            int[] counts = new int[n];
            for (int i = 0; i < n; i++) {
                counts[i] = n == 2 && r.nextInt(4) == 0 ? 3 : 2;
                List<String> names = new ArrayList<>();
                for (int a = 0; a < counts[i]; a++) {
                    names.add("a" + a);
                }
                per.add(names);
            }
            actions.add(per);
            int joint = org.equivariant.game.DecPomdp.jointCount(counts);
            next[s] = new Rational[joint][ns];
            reward[s] = new Rational[joint][n];
            for (int a = 0; a < joint; a++) {
                next[s][a] = org.equivariant.gen.Weights.distribution(r, ns, 0, 4);
                for (int i = 0; i < n; i++) {
                    reward[s][a][i] = Rational.of(r.nextInt(-3, 4));
                }
            }
        }
        Rational gamma = List.of(Rational.ZERO, Rational.of(1, 2), Rational.of(4, 5)).get(r.nextInt(3));
        List<Rational> mu = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            mu.add(s == 0 ? Rational.ONE : Rational.ZERO);
        }
        return new MarkovGame("random", agents, states, actions, next, reward, gamma, mu);
    }

    static final Gen<Case> CASES = r -> {
        Rational tau = Rational.of(1L << r.nextInt(0, 7), 2);
        Rational eta = tau.reciprocal().divide(Rational.of(1L << r.nextInt(0, 3)));
        return new Case(game(r), tau, eta, r.nextLong());
    };

    /**
     * A random point of the invariant set: interior policies, V_i(s) in [A_i, B_i] with span at most Σ_i (the
     * library's {@link MarkovContraction#sigma}: the set the theorem speaks of; {@link #valuesStayInTheSpanBound}
     * checks that it holds every QRE and is mapped into itself).
     */
    static MarkovField.PolicyValue<Double> point(MarkovGame g, Rational tau, SplittableRandom r, double spread) {
        double gamma = g.discount().doubleValue();
        List<Rational> sigma = MarkovContraction.of(g, tau, tau.reciprocal()).sigma();
        List<List<List<Double>>> pi = new ArrayList<>();
        List<List<Double>> v = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int mMin = Integer.MAX_VALUE;
            int mMax = 0;
            for (int s = 0; s < g.numStates(); s++) {
                mMin = Math.min(mMin, g.actionCounts(s)[i]);
                mMax = Math.max(mMax, g.actionCounts(s)[i]);
                for (int a = 0; a < g.numJointActions(s); a++) {
                    lo = Math.min(lo, g.reward(s, a, i).doubleValue());
                    hi = Math.max(hi, g.reward(s, a, i).doubleValue());
                }
            }
            double t = tau.doubleValue();
            double a = (lo + t * Math.log(mMin)) / (1 - gamma);
            double b = (hi + t * Math.log(mMax)) / (1 - gamma);
            double span = Math.min(b - a, sigma.get(i).doubleValue() * (1 - 1e-12));
            double base = a + (b - a - span) * r.nextDouble();
            List<List<Double>> agent = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int s = 0; s < g.numStates(); s++) {
                int m = g.actionCounts(s)[i];
                double[] logits = new double[m];
                double z = 0;
                for (int k = 0; k < m; k++) {
                    logits[k] = spread * r.nextGaussian();
                    z += Math.exp(logits[k]);
                }
                List<Double> row = new ArrayList<>();
                for (int k = 0; k < m; k++) {
                    row.add(Math.exp(logits[k]) / z);
                }
                agent.add(row);
                values.add(base + span * r.nextDouble());
            }
            pi.add(agent);
            v.add(values);
        }
        return new MarkovField.PolicyValue<>(pi, v);
    }

    /** z = (x, y): per agent, the largest Hilbert distance of its policies and the sup distance of its values. */
    static double[] distance(MarkovField.PolicyValue<Double> p, MarkovField.PolicyValue<Double> q) {
        int n = p.policy().size();
        double[] z = new double[2 * n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < p.policy().get(i).size(); s++) {
                double max = Double.NEGATIVE_INFINITY;
                double min = Double.POSITIVE_INFINITY;
                for (int a = 0; a < p.policy().get(i).get(s).size(); a++) {
                    double d = Math.log(p.policy().get(i).get(s).get(a)) - Math.log(q.policy().get(i).get(s).get(a));
                    max = Math.max(max, d);
                    min = Math.min(min, d);
                }
                z[i] = Math.max(z[i], max - min);
                z[n + i] = Math.max(z[n + i], Math.abs(p.values().get(i).get(s) - q.values().get(i).get(s)));
            }
        }
        return z;
    }

    /** Whether z_out ≤ 𝕄 z_in componentwise (up to double rounding of the maps), for every random pair tried. */
    static boolean rowBoundHolds(Case c, List<List<Rational>> matrix) {
        MarkovField<Double> field = new MarkovField<>(c.game(), c.tau(), DoubleField.INSTANCE);
        SplittableRandom r = new SplittableRandom(c.seed());
        for (int trial = 0; trial < 12; trial++) {
            double spread = trial % 3 == 0 ? 0.01 : trial % 3 == 1 ? 0.5 : 2;
            MarkovField.PolicyValue<Double> p = point(c.game(), c.tau(), r, spread);
            MarkovField.PolicyValue<Double> q = trial % 2 == 0 ? point(c.game(), c.tau(), r, spread)
                : nudge(p, r, trial % 4 == 1, MarkovContraction.of(c.game(), c.tau(), c.eta()).sigma());
            double[] in = distance(p, q);
            double[] out = distance(field.criticStep(p, c.eta()), field.criticStep(q, c.eta()));
            for (int l = 0; l < out.length; l++) {
                double bound = 0;
                double scale = 0;
                for (int k = 0; k < in.length; k++) {
                    bound += matrix.get(l).get(k).doubleValue() * in[k];
                    scale += Math.abs(matrix.get(l).get(k).doubleValue()) * in[k];
                }
                if (out[l] > bound + 1e-9 * (1 + scale)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The same policies with every value moved by up to ±1 (policies kept; an agent's values then pulled towards
     * their mean until their span is at most Σ_i), or a small policy change.
     */
    static MarkovField.PolicyValue<Double> nudge(MarkovField.PolicyValue<Double> p, SplittableRandom r,
                                                 boolean valuesOnly, List<Rational> sigma) {
        List<List<List<Double>>> pi = new ArrayList<>();
        for (List<List<Double>> agent : p.policy()) {
            List<List<Double>> rows = new ArrayList<>();
            for (List<Double> row : agent) {
                if (valuesOnly) {
                    rows.add(row);
                    continue;
                }
                double[] w = row.stream().mapToDouble(x -> x * Math.exp(0.01 * r.nextGaussian())).toArray();
                double z = java.util.Arrays.stream(w).sum();
                rows.add(java.util.Arrays.stream(w).map(x -> x / z).boxed().toList());
            }
            pi.add(rows);
        }
        List<List<Double>> v = new ArrayList<>();
        for (int i = 0; i < p.values().size(); i++) {
            List<Double> moved = p.values().get(i).stream().map(x -> x + (valuesOnly ? r.nextDouble() * 2 - 1 : 0.0))
                .toList();
            double mean = moved.stream().mapToDouble(x -> x).average().orElse(0);
            double shrink = Math.min(1, sigma.get(i).doubleValue() * (1 - 1e-12) / span(moved));
            v.add(moved.stream().map(x -> mean + (x - mean) * shrink).toList());
        }
        return new MarkovField.PolicyValue<>(pi, v);
    }

    /** max − min of a list (0 for one entry). */
    static double span(List<Double> v) {
        return v.stream().mapToDouble(x -> x).max().orElse(0) - v.stream().mapToDouble(x -> x).min().orElse(0);
    }

    @Test
    void theSoftValueNpgMapSatisfiesTheRowBound() {
        Property.forAll("MQRE-U: z+ <= M z for the soft-value NPG map", CASES).tries(60).check(c -> {
            MarkovContraction m = MarkovContraction.of(c.game(), c.tau(), c.eta());
            assertThat(rowBoundHolds(c, m.matrix())).as("row bound").isTrue();
        });
    }

    /** Negative control: without the value-coupling term 2γηF̂ the row bound is refuted on the same kind of pairs. */
    @Test
    void droppingTheValueCouplingIsRefuted() {
        int refuted = 0;
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 40; k++) {
            Case c = CASES.generate(r);
            MarkovContraction m = MarkovContraction.of(c.game(), c.tau(), c.eta());
            if (m.fHat().stream().allMatch(x -> x.signum() == 0) || c.game().discount().signum() == 0) {
                continue;
            }
            List<List<Rational>> variant = new ArrayList<>();
            int n = c.game().numAgents();
            for (int l = 0; l < 2 * n; l++) {
                List<Rational> row = new ArrayList<>(m.matrix().get(l));
                if (l < n) {
                    row.set(n + l, Rational.ZERO);
                }
                variant.add(row);
            }
            if (!rowBoundHolds(c, variant)) {
                refuted++;
            }
        }
        assertThat(refuted).as("cases refuting the variant").isGreaterThan(5);
    }

    /**
     * The span condition of the invariant set (sp V_i ≤ Σ_i = (Δr_i + τℓ_i)/(1 − γδ)): the soft-value NPG map keeps
     * it, checked by {@link MarkovField#criticStep} on random points; and it holds the values of every QRE, checked on
     * random chains (one action per state, so the one QRE's values solve V = r + γPV, found here by value iteration)
     * with the bound attained within 1 % in some of them.
     */
    @Test
    void valuesStayInTheSpanBound() {
        Property.forAll("MQRE-U: sp(V+) <= Sigma for the soft-value NPG map", CASES).tries(60).check(c -> {
            MarkovField<Double> field = new MarkovField<>(c.game(), c.tau(), DoubleField.INSTANCE);
            List<Rational> sigma = MarkovContraction.of(c.game(), c.tau(), c.eta()).sigma();
            SplittableRandom r = new SplittableRandom(c.seed());
            for (int trial = 0; trial < 12; trial++) {
                MarkovField.PolicyValue<Double> next = field.criticStep(point(c.game(), c.tau(), r, 2), c.eta());
                for (int i = 0; i < sigma.size(); i++) {
                    assertThat(span(next.values().get(i))).as("agent %d", i)
                        .isLessThanOrEqualTo(sigma.get(i).doubleValue() * (1 + 1e-9) + 1e-9);
                }
            }
        });
        int tight = 0;
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 60; k++) {
            MarkovGame g = chain(r);
            double s = span(chainValues(g));
            double bound = MarkovContraction.of(g, Rational.ONE, Rational.ONE).sigma().get(0).doubleValue();
            assertThat(s).as("chain %d", k).isLessThanOrEqualTo(bound * (1 + 1e-9) + 1e-9);
            tight += bound > 0 && s >= 0.99 * bound ? 1 : 0;
        }
        assertThat(tight).as("chains attaining the bound").isGreaterThan(0);
    }

    /**
     * Negative control: a span bound comparing only each state's own next-state distributions (δ over pairs within
     * a state: 0 for a chain, so Σ = Δr) is refuted by the chains' values.
     */
    @Test
    void aSpanBoundOverEachStatesOwnRowsIsRefuted() {
        int refuted = 0;
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 60; k++) {
            MarkovGame g = chain(r);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < g.numStates(); s++) {
                lo = Math.min(lo, g.reward(s, 0, 0).doubleValue());
                hi = Math.max(hi, g.reward(s, 0, 0).doubleValue());
            }
            refuted += span(chainValues(g)) > (hi - lo) * (1 + 1e-9) ? 1 : 0;
        }
        assertThat(refuted).as("chains refuting the own-rows bound").isGreaterThan(10);
    }

    /** One agent with one action in each of 2–3 states: random transitions and rewards −3..3, γ ∈ {1/2, 4/5, 9/10}. */
    static MarkovGame chain(SplittableRandom r) {
        int ns = r.nextInt(2, 4);
        List<String> states = new ArrayList<>();
        List<List<List<String>>> actions = new ArrayList<>();
        Rational[][][] next = new Rational[ns][1][];
        Rational[][][] reward = new Rational[ns][1][1];
        List<Rational> mu = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            states.add("s" + s);
            actions.add(List.of(List.of("a")));
            next[s][0] = org.equivariant.gen.Weights.distribution(r, ns, 0, 4);
            reward[s][0][0] = Rational.of(r.nextInt(-3, 4));
            mu.add(s == 0 ? Rational.ONE : Rational.ZERO);
        }
        Rational gamma = List.of(Rational.of(1, 2), Rational.of(4, 5), Rational.of(9, 10)).get(r.nextInt(3));
        return new MarkovGame("chain", List.of("p0"), states, actions, next, reward, gamma, mu);
    }

    /** The values of a one-action chain, V = r + γPV, by value iteration in doubles. */
    static List<Double> chainValues(MarkovGame g) {
        int ns = g.numStates();
        double gamma = g.discount().doubleValue();
        double[] v = new double[ns];
        for (int it = 0; it < 2000; it++) {
            double[] w = new double[ns];
            for (int s = 0; s < ns; s++) {
                w[s] = g.reward(s, 0, 0).doubleValue();
                for (int t = 0; t < ns; t++) {
                    w[s] += gamma * g.transition(s, 0, t).doubleValue() * v[t];
                }
            }
            v = w;
        }
        return java.util.Arrays.stream(v).boxed().toList();
    }

    @Test
    void aUniquenessCertificateLeavesOneQreForExactNpgFromEveryStart() {
        int proved = 0;
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 200 && proved < 6; k++) {
            MarkovGame g = game(r);
            Rational tau = Rational.of(8 + r.nextInt(40));
            PerronCertificate best = null;
            for (int e = 0; e <= 8; e++) {
                PerronCertificate p = PerronCertificate.forTemperature(MarkovContraction.of(g, tau, tau.reciprocal()
                    .divide(Rational.of(1L << e))).matrix(), Rational.ONE);
                best = best == null || p.kappa().compareTo(best.kappa()) < 0 ? p : best;
            }
            if (best.kappa().compareTo(Rational.ONE) >= 0) {
                continue;
            }
            proved++;
            List<Interval> first = null;
            for (int start = 0; start < 3; start++) {
                List<Interval> box = MqreKProperty.certifyFrom(g, tau, point(g, tau, r, 3).policy());
                assertThat(box).as("certified from start %d", start).isNotNull();
                if (first == null) {
                    first = box;
                } else {
                    for (int j = 0; j < box.size(); j++) {
                        assertThat(box.get(j).isDisjointFrom(first.get(j))).as("coordinate %d", j).isFalse();
                    }
                }
            }
        }
        assertThat(proved).as("games with a uniqueness certificate").isGreaterThanOrEqualTo(6);
    }

    /** Conclusion (2) on the bundled games where it applies: ρ_w(z_t, z_{t+1}) ≤ κ^t ρ_w(z_0, z_1) along the run. */
    @Test
    void theSoftValueStepsStayBelowTheCertifiedRate() {
        int checked = 0;
        for (String name : List.of("markov_matching_pennies", "markov_coordination", "markov_prisoners_dilemma")) {
            MarkovGame g = MarkovGameReader.read(name, Bundled.text("bundled:" + name, Limits.DEFAULT), Limits.DEFAULT);
            for (Rational tau : List.of(Rational.of(16), Rational.of(400))) {
                var claim = org.equivariant.equilibrium.MarkovQreSolver.uniqueness(g, tau, tau.reciprocal());
                if (claim.kappa().compareTo(Rational.ONE) >= 0) {
                    continue;
                }
                checked++;
                List<Double> steps = org.equivariant.equilibrium.MarkovQreSolver.weightedSteps(g, tau, claim, 300, false);
                double kappa = claim.kappa().doubleValue();
                for (int t = 1; t < steps.size(); t++) {
                    assertThat(steps.get(t)).as("%s tau %s step %d", name, tau, t)
                        .isLessThanOrEqualTo(steps.get(0) * Math.pow(kappa, t) * (1 + 1e-9) + 1e-13);
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    /** Control: Markov coordination at τ = 1/4 has two certified QREs, and no certificate claims uniqueness there. */
    @Test
    void whereTwoQresAreCertifiedNoCertificateHasKappaBelowOne() {
        MarkovGame g = MarkovGameReader.read("c", Bundled.text("bundled:markov_coordination", Limits.DEFAULT),
            Limits.DEFAULT);
        Rational tau = Rational.of(1, 4);
        List<List<List<Double>>> towardA = biased(g, 0);
        List<List<List<Double>>> towardB = biased(g, 1);
        List<Interval> a = MqreKProperty.certifyFrom(g, tau, towardA);
        List<Interval> b = MqreKProperty.certifyFrom(g, tau, towardB);
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        assertThat(org.equivariant.certificate.Boxes.disjoint(a, b)).as("two distinct QREs").isTrue();
        for (int e = 0; e <= 10; e++) {
            PerronCertificate p = PerronCertificate.forTemperature(MarkovContraction.of(g, tau, tau.reciprocal()
                .divide(Rational.of(1L << e))).matrix(), Rational.ONE);
            assertThat(p.kappa()).isGreaterThanOrEqualTo(Rational.ONE);
        }
    }

    /** Every agent plays action {@code favoured} with probability 0.9 in every state. */
    static List<List<List<Double>>> biased(MarkovGame g, int favoured) {
        List<List<List<Double>>> pi = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            List<List<Double>> agent = new ArrayList<>();
            for (int s = 0; s < g.numStates(); s++) {
                agent.add(favoured == 0 ? List.of(0.9, 0.1) : List.of(0.1, 0.9));
            }
            pi.add(agent);
        }
        return pi;
    }

    /**
     * Measured power (issue 17, docs/theory.md): the fraction of seeded cases in which the row-bound check refutes the
     * library matrix scaled by 0.9, 0.8 and 0.7 (a κ that small would be a wrong certificate). Printed as a table row;
     * the assertions keep the power from silently dropping.
     */
    @Test
    void powerAgainstScaledMatrices() {
        double[] power = power((c, scale) -> {
            List<List<Rational>> m = MarkovContraction.of(c.game(), c.tau(), c.eta()).matrix();
            return !rowBoundHolds(c, m.stream().map(row -> row.stream().map(x -> x.multiply(scale)).toList()).toList());
        }, CASES, 40);
        System.out.printf("MQRE-U power over 40 cases: 0.9: %.2f, 0.8: %.2f, 0.7: %.2f%n", power[0], power[1], power[2]);
        assertThat(power[2]).isGreaterThanOrEqualTo(power[1]).isGreaterThanOrEqualTo(0.8);
        assertThat(power[0]).isGreaterThan(0.3);
    }

    /** The fraction of {@code n} seeded cases on which {@code refutes} is true, for the scales 0.9, 0.8 and 0.7. */
    static <C> double[] power(java.util.function.BiPredicate<C, Rational> refutes, Gen<C> cases, int n) {
        double[] out = new double[3];
        Rational[] scales = {Rational.of(9, 10), Rational.of(8, 10), Rational.of(7, 10)};
        SplittableRandom r = new SplittableRandom(Property.baseSeed("power"));
        List<C> drawn = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            drawn.add(cases.generate(r));
        }
        for (int j = 0; j < 3; j++) {
            int hit = 0;
            for (C c : drawn) {
                hit += refutes.test(c, scales[j]) ? 1 : 0;
            }
            out[j] = hit / (double) n;
        }
        return out;
    }
}
