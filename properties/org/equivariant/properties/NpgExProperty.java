package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.MarkovNpgRate;
import org.equivariant.certificate.MarkovQreCertificate;
import org.equivariant.certificate.MarkovQreChecker;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.equilibrium.MarkovQreSolver;
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
 * NPG-EX (proofs/NPG-EX.md): on the invariant set 𝒳 (osc log π_i(·|s) ≤ X_i/τ) independent NPG with exact policy
 * evaluation satisfies x(Nπ, Nπ′) ≤ ℕ x(π, π′) (x_i the largest Hilbert distance of agent i's policies over states)
 * and maps 𝒳 into itself. Checked with {@link MarkovField#npgStep} (field code: exact linear solves for V^π) on random
 * games and random pairs of 𝒳, with distances computed here; the rate is checked against Markov QREs certified
 * separately by MQRE-K. Controls: the matrix without the value-coupling terms is refuted by the same pairs; below
 * the theorem's hypothesis no rate is claimed, and a claim carried to such a τ is rejected by the checker.
 */
class NpgExProperty {
    record Case(MarkovGame game, Rational tau, Rational eta, long seed) {
        @Override
        public String toString() {
            return MarkovGameReader.toJson(game, org.equivariant.certificate.CertificateJson.mapper()) + "\ntau = "
                + tau + ", eta = " + eta + ", seed " + seed;
        }
    }

    /** Random games of {@link MqreUProperty#game}, τ ∈ {50, …, 3200} (where (H) mostly holds), η = 2^−k/τ. */
    static final Gen<Case> CASES = r -> {
        Rational tau = Rational.of(50L << r.nextInt(0, 7));
        Rational eta = tau.reciprocal().divide(Rational.of(1L << r.nextInt(0, 3)));
        return new Case(MqreUProperty.game(r), tau, eta, r.nextLong());
    };

    /** A random policy of 𝒳: logits uniform in [0, X_i/τ] (times {@code fill} ≤ 1), so osc log π_i ≤ X_i/τ. */
    static List<List<List<Double>>> point(MarkovGame g, Rational tau, List<Rational> x, SplittableRandom r,
                                          double fill) {
        List<List<List<Double>>> pi = new ArrayList<>();
        for (int i = 0; i < g.numAgents(); i++) {
            double width = fill * x.get(i).doubleValue() / tau.doubleValue();
            List<List<Double>> agent = new ArrayList<>();
            for (int s = 0; s < g.numStates(); s++) {
                int m = g.actionCounts(s)[i];
                double[] logits = new double[m];
                double z = 0;
                for (int k = 0; k < m; k++) {
                    logits[k] = width * r.nextDouble();
                    z += Math.exp(logits[k]);
                }
                List<Double> row = new ArrayList<>();
                for (int k = 0; k < m; k++) {
                    row.add(Math.exp(logits[k]) / z);
                }
                agent.add(row);
            }
            pi.add(agent);
        }
        return pi;
    }

    /** x_i: the largest Hilbert distance max − min of log π_i − log π′_i over states. */
    static double[] distance(List<List<List<Double>>> p, List<List<List<Double>>> q) {
        double[] x = new double[p.size()];
        for (int i = 0; i < p.size(); i++) {
            for (int s = 0; s < p.get(i).size(); s++) {
                x[i] = Math.max(x[i], osc(p.get(i).get(s), q.get(i).get(s)));
            }
        }
        return x;
    }

    static double osc(List<Double> p, List<Double> q) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < p.size(); a++) {
            double d = Math.log(p.get(a)) - (q == null ? 0 : Math.log(q.get(a)));
            max = Math.max(max, d);
            min = Math.min(min, d);
        }
        return max - min;
    }

    /** Whether x(Nπ, Nπ′) ≤ M x(π, π′) for every random pair of 𝒳 tried, and N keeps the pairs in 𝒳. */
    static boolean rowBoundHolds(Case c, MarkovNpgRate rate, List<List<Rational>> matrix) {
        MarkovField<Double> field = new MarkovField<>(c.game(), c.tau(), DoubleField.INSTANCE);
        SplittableRandom r = new SplittableRandom(c.seed());
        for (int trial = 0; trial < 12; trial++) {
            double fill = trial % 3 == 0 ? 0.05 : trial % 3 == 1 ? 0.5 : 1;
            List<List<List<Double>>> p = point(c.game(), c.tau(), rate.x(), r, fill);
            List<List<List<Double>>> q = trial % 2 == 0 ? point(c.game(), c.tau(), rate.x(), r, fill)
                : nudge(p, r);
            double[] in = distance(p, q);
            List<List<List<Double>>> np = field.npgStepFromPolicy(p, c.eta());
            double[] out = distance(np, field.npgStepFromPolicy(q, c.eta()));
            for (int i = 0; i < out.length; i++) {
                double bound = 0;
                for (int k = 0; k < in.length; k++) {
                    bound += matrix.get(i).get(k).doubleValue() * in[k];
                }
                if (out[i] > bound * (1 + 1e-9) + 1e-12) {
                    return false;
                }
                for (List<Double> row : np.get(i)) {
                    if (osc(row, null) > rate.x().get(i).doubleValue() / c.tau().doubleValue() * (1 + 1e-9)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** A small multiplicative change of every policy row. */
    static List<List<List<Double>>> nudge(List<List<List<Double>>> p, SplittableRandom r) {
        List<List<List<Double>>> out = new ArrayList<>();
        for (List<List<Double>> agent : p) {
            List<List<Double>> rows = new ArrayList<>();
            for (List<Double> row : agent) {
                double[] w = row.stream().mapToDouble(x -> x * Math.exp(0.001 * r.nextGaussian())).toArray();
                double z = java.util.Arrays.stream(w).sum();
                rows.add(java.util.Arrays.stream(w).map(x -> x / z).boxed().toList());
            }
            out.add(rows);
        }
        return out;
    }

    static MarkovNpgRate rate(Case c) {
        try {
            return MarkovNpgRate.of(c.game(), c.tau(), c.eta());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Test
    void theExactNpgMapSatisfiesTheRowBoundAndKeepsTheInvariantSet() {
        int[] applicable = {0};
        Property.forAll("NPG-EX: x+ <= N x for exact-evaluation NPG", CASES).tries(60).check(c -> {
            MarkovNpgRate m = rate(c);
            if (m == null) {
                return;
            }
            applicable[0]++;
            assertThat(rowBoundHolds(c, m, m.matrix())).as("row bound and invariance").isTrue();
        });
        assertThat(applicable[0]).as("cases where (H) holds").isGreaterThan(30);
    }

    /**
     * Negative control: without the value coupling β_i(Ŝ_i/4 Σ x_k + X_i x_i/4) — the change of the agent's own value,
     * own entropy included — the matrix claims that soft policy iteration (η = 1/τ) maps every pair of an MDP (a
     * second agent with one action, so D̂ = 0) to one point; the field's iteration refutes that whenever the action
     * moves the state, while the full matrix holds.
     */
    @Test
    void droppingTheOwnEntropyTermIsRefuted() {
        int refuted = 0;
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 20; k++) {
            Rational tau = Rational.of(50L << r.nextInt(0, 3));
            Case c = new Case(mdp(r), tau, tau.reciprocal(), r.nextLong());
            MarkovNpgRate m = rate(c);
            assertThat(m).as("(H) holds for %s", c).isNotNull();
            assertThat(rowBoundHolds(c, m, m.matrix())).as("the full matrix holds").isTrue();
            List<List<Rational>> variant = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                List<Rational> row = new ArrayList<>();
                for (int j = 0; j < 2; j++) {
                    row.add(j == i ? Rational.ZERO : c.eta().multiply(m.dHat().get(i).get(j)).multiply(Rational.of(1,
                        4)));
                }
                variant.add(row);
            }
            if (!rowBoundHolds(c, m, variant)) {
                refuted++;
            }
        }
        assertThat(refuted).as("cases refuting the matrix without the value coupling").isEqualTo(20);
    }

    /** A two-state MDP as a Markov game: agent p0 has 2–3 actions that move the state, agent p1 has one action. */
    static MarkovGame mdp(SplittableRandom r) {
        int ns = 2;
        int m = r.nextInt(2, 4);
        List<List<List<String>>> actions = new ArrayList<>();
        Rational[][][] next = new Rational[ns][m][ns];
        Rational[][][] reward = new Rational[ns][m][2];
        for (int s = 0; s < ns; s++) {
            List<String> mine = new ArrayList<>();
            for (int a = 0; a < m; a++) {
                mine.add("a" + a);
                Rational stay = Rational.of(a == 0 ? 9 : 1 + r.nextInt(3), 10);
                next[s][a][s] = stay;
                next[s][a][1 - s] = Rational.ONE.subtract(stay);
                reward[s][a][0] = Rational.of(s == 0 ? 3 : -1 - r.nextInt(3));
                reward[s][a][1] = Rational.ZERO;
            }
            actions.add(List.of(mine, List.of("wait")));
        }
        return new MarkovGame("mdp", List.of("p0", "p1"), List.of("s0", "s1"), actions, next, reward,
            Rational.of(4, 5), List.of(Rational.ONE, Rational.ZERO));
    }

    /**
     * Conclusion (2): where κ &lt; 1, exact-evaluation NPG from the uniform policy approaches the Markov QRE certified
     * separately (MQRE-K box) at least as fast as κ^t in the weighted metric.
     */
    @Test
    void exactNpgMeetsTheCertifiedRateTowardTheCertifiedQre() {
        int checked = 0;
        SplittableRandom r = new SplittableRandom(9);
        for (int k = 0; k < 200 && checked < 8; k++) {
            Case c = CASES.generate(r);
            MarkovQreSolver.Rate rate = MarkovQreSolver.npgRate(c.game(), c.tau(), c.eta());
            if (!rate.proved()) {
                continue;
            }
            MarkovField<Double> field = new MarkovField<>(c.game(), c.tau(), DoubleField.INSTANCE);
            List<Interval> box = MqreKProperty.certifyFrom(c.game(), c.tau(), field.uniform());
            assertThat(box).as("the QRE is certified").isNotNull();
            MarkovQreSystem sys = new MarkovQreSystem(c.game(), c.tau());
            List<List<List<Double>>> star = sys.policies(box.stream().map(x -> x.mid().doubleValue()).toList());
            double[] w = rate.claim().w().stream().mapToDouble(Rational::doubleValue).toArray();
            double kappa = rate.claim().kappa().doubleValue();
            List<List<List<Double>>> pi = field.uniform();
            double rho0 = rho(distance(pi, star), w);
            for (int t = 1; t <= 400; t++) {
                pi = field.npgStepFromPolicy(pi, c.eta());
                double rho = rho(distance(pi, star), w);
                if (rho < 1e-9 * rho0) {
                    break;
                }
                assertThat(rho).as("%s: step %d", c, t).isLessThanOrEqualTo(rho0 * Math.pow(kappa, t) * (1 + 1e-6)
                    + 1e-12);
            }
            checked++;
        }
        assertThat(checked).as("games with a certified rate").isGreaterThanOrEqualTo(8);
    }

    static double rho(double[] x, double[] w) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, x[i] / w[i]);
        }
        return m;
    }

    /**
     * Negative control: Markov coordination at τ = 1/4 has two QREs that NPG reaches from different starts, so no
     * contraction can hold there — and the theorem's hypothesis fails, so no rate is claimed; a rate claim carried
     * over from τ = 1000 is rejected by the checker.
     */
    @Test
    void belowTheInvariantSetConditionNoRateIsClaimed() {
        MarkovGame g = MarkovGameReader.read("c", Bundled.text("bundled:markov_coordination", Limits.DEFAULT),
            Limits.DEFAULT);
        Rational tau = Rational.of(1, 4);
        List<Interval> a = MqreKProperty.certifyFrom(g, tau, MqreUProperty.biased(g, 0));
        List<Interval> b = MqreKProperty.certifyFrom(g, tau, MqreUProperty.biased(g, 1));
        assertThat(org.equivariant.certificate.Boxes.disjoint(a, b)).as("two distinct QREs").isTrue();
        for (int e = 0; e <= 6; e++) {
            assertThat(MarkovQreSolver.npgRate(g, tau, tau.reciprocal().divide(Rational.of(1L << e))).proved())
                .isFalse();
        }
        Rational hot = Rational.of(1000);
        MarkovQreSolver.Rate rate = MarkovQreSolver.npgRate(g, hot, hot.reciprocal());
        assertThat(rate.proved()).isTrue();
        MarkovQreCertificate.Uniqueness carried = new MarkovQreCertificate.Uniqueness(tau.reciprocal(),
            rate.claim().w(), rate.claim().kappa());
        MarkovQreChecker.Report report = MarkovQreChecker.check(new MarkovQreCertificate(g, tau, List.of(a), null,
            carried, null));
        assertThat(report.valid()).isFalse();
        assertThat(String.join("\n", report.findings())).contains("linear rate (NPG-EX) rejected");
        // at τ = 1000 the same claim is accepted (the checker can say yes)
        MarkovQreChecker.Report hotReport = MarkovQreChecker.check(new MarkovQreCertificate(g, hot, List.of(), null,
            rate.claim(), null));
        assertThat(String.join("\n", hotReport.findings())).contains("linear rate (NPG-EX): 𝕄w ≤ κw")
            .doesNotContain("rejected");
        assertThat(PerronCertificate.forTemperature(MarkovNpgRate.of(g, hot, hot.reciprocal()).matrix(), Rational.ONE)
            .kappa()).isLessThan(Rational.ONE);
    }

    /**
     * Measured power (issue 17, docs/theory.md): the fraction of seeded cases (where the hypothesis holds) in which the
     * row-bound check refutes the library matrix scaled by 0.9, 0.8 and 0.7.
     */
    @Test
    void powerAgainstScaledMatrices() {
        Gen<Case> applicable = r -> {
            while (true) {
                Case c = CASES.generate(r);
                if (rate(c) != null) {
                    return c;
                }
            }
        };
        double[] power = MqreUProperty.power((c, scale) -> {
            MarkovNpgRate m = rate(c);
            return !rowBoundHolds(c, m, m.matrix().stream().map(row -> row.stream().map(x -> x.multiply(scale))
                .toList()).toList());
        }, applicable, 40);
        System.out.printf("NPG-EX power over 40 cases: 0.9: %.2f, 0.8: %.2f, 0.7: %.2f%n", power[0], power[1], power[2]);
        assertThat(power[2]).isGreaterThanOrEqualTo(power[1]).isGreaterThanOrEqualTo(0.5);
    }
}
