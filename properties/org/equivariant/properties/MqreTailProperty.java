package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.MarkovQreCertificate;
import org.equivariant.certificate.MarkovQreChecker;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.MarkovTail;
import org.equivariant.equilibrium.MarkovQreSolver;
import org.equivariant.field.MarkovField;
import org.equivariant.game.MarkovGame;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * MQRE-TAIL (proofs/MQRE-TAIL.md): past a Markov chain's end in the tail's box X, the principal branch stays in X for
 * every larger β and tends to a Markov perfect equilibrium in X at which every action is a best response. On random
 * Markov games whose stage games are matching pennies with random stakes (so the limit is totally mixed), the chain is
 * traced to β₁ and the tail proposed from its end for a target β* = 4β₁ or 8β₁; then, by code other than the tail's
 * system and test — {@link MarkovField}'s exact Bellman values and logit response, Newton with finite differences:
 * <ul>
 *   <li>a natural-parameter continuation in β from the chain's Markov QRE at β₁ to β* stays in X at every step and ends
 *       inside the certified principal QRE's enclosure;</li>
 *   <li>Newton from random points of X at β* converges, where it does, to that same QRE (one QRE in X);</li>
 *   <li>Newton on the indifference conditions Q_i(s, a) = Q_i(s, 0) (values at τ = 10⁻¹²) from the tail's centre
 *       finds a point of X: the limit, a Markov perfect equilibrium with every action a best response.</li>
 * </ul>
 * The same checks on games with a dominated third action (MQRE-TAIL (4): the tail leaves it off the support, the
 * limit's conditions there are π = 0).
 * Negative control: tampered tails — the centre moved by 2r, a radius too small to hold the chain's end, β₀ past it,
 * a radius reaching a policy coordinate, the tail removed — are each refused by the checker, the untampered one
 * accepted.
 */
class MqreTailProperty {
    /**
     * 2 agents, 1 or 2 states, two actions each; agent 1 gains a, b ∈ [1, 4] on a match (H, H) or (T, T) and loses c,
     * d ∈ [1, 4] otherwise, agent 2 the opposite (zero-sum); transitions random and action-dependent;
     * γ ∈ {0, 1/2, 4/5}.
     */
    static MarkovGame pennies(SplittableRandom r) {
        int ns = r.nextInt(1, 3);
        List<String> states = new ArrayList<>();
        List<List<List<String>>> actions = new ArrayList<>();
        Rational[][][] next = new Rational[ns][4][ns];
        Rational[][][] reward = new Rational[ns][4][2];
        for (int s = 0; s < ns; s++) {
            states.add("s" + s);
            actions.add(List.of(List.of("H", "T"), List.of("H", "T")));
            for (int a = 0; a < 4; a++) {
                boolean match = a == 0 || a == 3; // joint index: agent 1's action varies slowest
                Rational stake = Rational.of(r.nextInt(2, 9), 2);
                reward[s][a][0] = match ? stake : stake.negate();
                reward[s][a][1] = reward[s][a][0].negate();
                next[s][a] = org.equivariant.gen.Weights.distribution(r, ns, 1, 4);
            }
        }
        Rational gamma = List.of(Rational.ZERO, Rational.of(1, 2), Rational.of(4, 5)).get(r.nextInt(3));
        List<Rational> mu = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            mu.add(s == 0 ? Rational.ONE : Rational.ZERO);
        }
        return new MarkovGame("pennies", List.of("p0", "p1"), states, actions, next, reward, gamma, mu);
    }

    /**
     * {@link #pennies}' stakes and transitions with a third action D for agent 1 in every state: H's transitions and
     * rewards d lower for agent 1, d higher for agent 2, d ∈ {1/4, 1/3, 1/2} — so Q_1(s, D) = Q_1(s, H) − d at every
     * policy, and the limit leaves D out of its support (MQRE-TAIL (4)).
     */
    static MarkovGame dominated(SplittableRandom r) {
        MarkovGame base = pennies(r);
        Rational d = Rational.of(1, r.nextInt(2, 5));
        int ns = base.numStates();
        List<List<List<String>>> actions = new ArrayList<>();
        Rational[][][] next = new Rational[ns][6][];
        Rational[][][] reward = new Rational[ns][6][2];
        for (int s = 0; s < ns; s++) {
            actions.add(List.of(List.of("H", "T", "D"), List.of("H", "T")));
            for (int a = 0; a < 6; a++) { // joint index 2·(agent 1's action) + agent 2's
                int like = a < 4 ? a : a - 4; // D copies H's row
                next[s][a] = new Rational[ns];
                for (int s2 = 0; s2 < ns; s2++) {
                    next[s][a][s2] = base.transition(s, like, s2);
                }
                Rational shift = a < 4 ? Rational.ZERO : d;
                reward[s][a][0] = base.reward(s, like, 0).subtract(shift);
                reward[s][a][1] = base.reward(s, like, 1).add(shift);
            }
        }
        return new MarkovGame("pennies with a dominated action", base.agents(), base.states(), actions, next, reward,
            base.discount(), base.initial());
    }

    /** A game, the chain's β₁ and the target β*. */
    record Case(MarkovGame game, Rational beta1, Rational beta) {
        @Override
        public String toString() {
            return new MqreChainProperty.MarkovCase(game, beta.reciprocal()) + ", chain to beta1 = " + beta1;
        }
    }

    static final Gen<Case> CASES = r -> {
        Rational beta1 = Rational.of(List.of(80, 160, 320).get(r.nextInt(3)));
        return new Case(pennies(r), beta1, beta1.multiply(Rational.of(r.nextBoolean() ? 4 : 8)));
    };

    /**
     * The dominated variant, chains to β₁ ∈ {200, 300} and β* = 4β₁: D's probability e^{−dβ} stays in the doubles'
     * range (dβ* ≤ 600) for the independent continuation.
     */
    static final Gen<Case> OFF_SUPPORT = r -> {
        Rational beta1 = Rational.of(r.nextBoolean() ? 200 : 300);
        return new Case(dominated(r), beta1, beta1.multiply(Rational.of(4)));
    };

    /** The principal QRE at β* past the chain to β₁, with its certificate: null where no tail holds. */
    record Tailed(MarkovQreSolver.Principal principal, MarkovQreCertificate certificate, double[] chainEnd) {
    }

    static Tailed tailed(Case c) {
        MarkovGame g = c.game();
        MarkovQreSolver.Principal first = MarkovQreSolver.principal(g, c.beta1().reciprocal(), (k, b) -> { });
        if (!first.traced()) {
            return null;
        }
        MarkovQreSystem sys = new MarkovQreSystem(g, c.beta().reciprocal());
        MarkovQreSolver.Principal past = MarkovQreSolver.pastTheEnd(sys, first.branch().pieces(), "", List.of(),
            List.of());
        if (past == null || !past.traced()) {
            return null;
        }
        double[] end = first.qre().test().enclosure().subList(0, sys.policySize()).stream()
            .mapToDouble(v -> v.mid().doubleValue()).toArray();
        return new Tailed(past, past.certificate(g, sys.tau(), List.of(past.qre().box()), null, null), end);
    }

    @Test
    void pastTheChainTheBranchStaysInTheTailsBoxAndTendsToAnEquilibriumThere() {
        int[] compared = {0};
        Property.forAll("MQRE-TAIL: an independent continuation stays in the tail's box", CASES).tries(24)
            .check(c -> compare(c, compared));
        assertThat(compared[0]).as("games with a tail").isGreaterThanOrEqualTo(6);
    }

    /** MQRE-TAIL (4): the same, the limit leaving the dominated action out of its support. */
    @Test
    void pastTheChainWithAnActionOffTheSupportTheBranchStaysInTheTailsBox() {
        int[] compared = {0};
        Property.forAll("MQRE-TAIL (4): an independent continuation stays in the tail's box", OFF_SUPPORT).tries(10)
            .check(c -> {
                Tailed t = tailed(c);
                if (t != null) {
                    assertThat(t.principal().tail().offSupport()).as("D off the support in every state")
                        .hasSize(c.game().numStates());
                }
                compare(c, compared);
            });
        assertThat(compared[0]).as("games with a tail").isGreaterThanOrEqualTo(5);
    }

    /**
     * The checks of the class comment on one case where a tail holds ({@code compared} counts them): the continuation
     * in X ending in the certified QRE, Newton from random points of X, the limit in X; the moved box as control.
     */
    static void compare(Case c, int[] compared) {
        Tailed t = tailed(c);
        if (t == null) {
            return; // the chain or the tail did not hold: nothing claimed
        }
        MarkovQreChecker.Report report = MarkovQreChecker.check(t.certificate());
        assertThat(report.valid()).as(String.join("\n", report.findings())).isTrue();
        assertThat(report.principal()).isZero();
        MarkovGame g = c.game();
        MarkovTail tail = t.principal().tail();
        List<Interval> qre = report.enclosures().get(0);
        // the continuation from the chain's QRE at β₁ to β*, every point in X — in log-probabilities where an action
        // is off the support (its probability e^{−dβ}; their roundings, about 10⁻¹⁶·β·|r|, set the steps' tolerance)
        double b1 = c.beta1().doubleValue();
        double target = c.beta().doubleValue();
        boolean logs = !tail.offSupport().isEmpty();
        double[] y = logs ? java.util.Arrays.stream(t.chainEnd()).map(v -> Math.log(Math.max(v, 1e-300))).toArray()
            : t.chainEnd();
        double[] x = null;
        for (int k = 1; k <= 40; k++) {
            double beta = b1 + (target - b1) * k / 40;
            double[][] p = logs ? MqreChainProperty.newton(z -> logResidual(g, beta, z), y, false, 1e-10)
                : MqreChainProperty.newton(z -> MqreChainProperty.residual(g, beta, z), y);
            assertThat(p).as("Newton at beta = " + beta).isNotNull();
            y = p[0];
            x = logs ? java.util.Arrays.stream(y).map(Math::exp).toArray() : y;
            assertThat(inBox(tail, g, point(g, beta, x), 1e-9)).as("the continuation at beta = " + beta
                + " in the tail's box").isTrue();
        }
        for (int k = 0; k < x.length; k++) {
            assertThat(x[k]).as("policy coordinate " + k).isBetween(qre.get(k).lo().doubleValue() - 1e-8,
                qre.get(k).hi().doubleValue() + 1e-8);
        }
        // the control: the box moved by 3r in its first coordinate does not hold the continuation's end
        List<Rational> moved = new ArrayList<>(tail.center());
        moved.set(0, moved.get(0).add(tail.radius().multiply(Rational.of(3))));
        assertThat(inBox(new MarkovTail(moved, tail.radius(), tail.valueRadius(), tail.beta0()), g,
            point(g, target, x), 1e-9))
            .isFalse();
        // one QRE in X at β*: Newton from random points of X ends at the certified one where it converges
        SplittableRandom r = new SplittableRandom(compared[0]);
        for (int start = 0; start < 4; start++) {
            double[] from = randomPolicy(tail, g, r);
            double[][] p = MqreChainProperty.newton(z -> MqreChainProperty.residual(g, target, z), from);
            if (p != null && inBox(tail, g, point(g, target, p[0]), 0)) {
                for (int k = 0; k < x.length; k++) {
                    assertThat(p[0][k]).isCloseTo(x[k], org.assertj.core.data.Offset.offset(1e-8));
                }
            }
        }
        // the limit: an equilibrium in X with every action of its support a best response, the others unplayed
        double[] limit = MqreChainProperty.newton(z -> indifference(g, z, tail.offSupport()), centrePolicy(tail, g))[0];
        assertThat(inBox(tail, g, point(g, 1e12, limit), 1e-9)).as("the limit in the tail's box").isTrue();
        compared[0]++;
    }

    @Test
    void aTamperedTailIsRefused() {
        Tailed t = null;
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 20 && t == null; k++) {
            t = tailed(CASES.generate(r));
        }
        assertThat(t).as("a game with a tail").isNotNull();
        MarkovQreCertificate c = t.certificate();
        assertThat(MarkovQreChecker.check(c).valid()).isTrue();
        MarkovTail tail = c.branchTail();
        Rational r2 = tail.radius().multiply(Rational.of(2));
        List<Rational> moved = new ArrayList<>(tail.center());
        moved.set(0, moved.get(0).add(r2));
        Rational end = Rational.of(org.equivariant.certificate.BranchChecker.end(c.branch().pieces().get(
            c.branch().pieces().size() - 1), c.branch().digits()).get(moved.size()).hi());
        Rational least = tail.center().subList(0, new MarkovQreSystem(c.game(), c.tau()).policySize()).stream()
            .reduce(Rational::min).orElseThrow();
        Rational tiny = Rational.of(BigDecimal.ONE.scaleByPowerOfTen(-40));
        Rational v = tail.valueRadius();
        List<MarkovTail> tampered = List.of(new MarkovTail(moved, tail.radius(), v, tail.beta0()),
            new MarkovTail(tail.center(), tiny, tiny, tail.beta0()),
            new MarkovTail(tail.center(), tail.radius(), v, end.multiply(Rational.of(2))),
            new MarkovTail(tail.center(), least, v, tail.beta0()));
        for (MarkovTail bad : tampered) {
            MarkovQreChecker.Report report = MarkovQreChecker.check(new MarkovQreCertificate(c.game(), c.tau(),
                c.boxes(), null, null, c.branch(), List.of(), bad, null));
            assertThat(report.valid()).as(bad.toString()).isFalse();
            assertThat(String.join("\n", report.findings())).contains("MQRE-TAIL");
        }
        MarkovQreChecker.Report without = MarkovQreChecker.check(new MarkovQreCertificate(c.game(), c.tau(),
            c.boxes(), null, null, c.branch(), List.of(), null, null));
        assertThat(without.valid()).as("the chain alone does not reach beta*").isFalse();
    }

    /** y − log response(e^y) at β ({@link MqreChainProperty#residual} in log-probabilities y). */
    static double[] logResidual(MarkovGame g, double beta, double[] y) {
        double[] pi = java.util.Arrays.stream(y).map(Math::exp).toArray();
        MarkovField<Double> field = new MarkovField<>(g, Rational.of(BigDecimal.valueOf(1 / beta)),
            DoubleField.INSTANCE);
        double[] response = MqreChainProperty.flat(field.response(MqreChainProperty.shaped(g, pi)));
        double[] out = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            out[k] = y[k] - Math.log(response[k]);
        }
        return out;
    }

    /** (π, V^π) at β, V by {@link MarkovField}'s Bellman values at τ = 1/β. */
    static List<Double> point(MarkovGame g, double beta, double[] pi) {
        MarkovField<Double> f = new MarkovField<>(g, Rational.of(BigDecimal.valueOf(1 / beta)), DoubleField.INSTANCE);
        List<Double> out = new ArrayList<>();
        for (double v : pi) {
            out.add(v);
        }
        f.values(MqreChainProperty.shaped(g, pi)).forEach(out::addAll);
        return out;
    }

    /** Whether (π, V) lies within the tail's radii (policies, values) of its centre, up to {@code slack}. */
    static boolean inBox(MarkovTail tail, MarkovGame g, List<Double> x, double slack) {
        int policies = policyCount(g);
        for (int k = 0; k < x.size(); k++) {
            double c = tail.center().get(k).doubleValue();
            double r = (k < policies ? tail.radius() : tail.valueRadius()).doubleValue() + slack;
            if (Math.abs(x.get(k) - c) > r) {
                return false;
            }
        }
        return true;
    }

    static int policyCount(MarkovGame g) {
        return MqreChainProperty.flat(new MarkovField<>(g, Rational.ONE, DoubleField.INSTANCE).uniform()).length;
    }

    /** The policy part of the tail's centre. */
    static double[] centrePolicy(MarkovTail tail, MarkovGame g) {
        return tail.center().subList(0, policyCount(g)).stream().mapToDouble(Rational::doubleValue).toArray();
    }

    /** A policy drawn from the policy part of the tail's box. */
    static double[] randomPolicy(MarkovTail tail, MarkovGame g, SplittableRandom r) {
        double[] c = centrePolicy(tail, g);
        double rad = tail.radius().doubleValue();
        for (int k = 0; k < c.length; k++) {
            c[k] = tail.offSupport().contains(k) ? rad * r.nextDouble() : c[k] + rad * (2 * r.nextDouble() - 1);
        }
        return c;
    }

    /**
     * The indifference conditions with V^π at τ = 10⁻¹² ({@link MarkovField}): per agent and state, the probabilities'
     * sum − 1 in the first row of the support and Q_i(s, a) − Q_i(s, b) in the support's others (b its first action),
     * π − 10⁻³⁰⁰ at the coordinates {@code off} (the limit's 0, kept positive for the entropy's logarithm).
     */
    static double[] indifference(MarkovGame g, double[] pi, List<Integer> off) {
        MarkovField<Double> f = new MarkovField<>(g, Rational.of(BigDecimal.ONE.scaleByPowerOfTen(-12)),
            DoubleField.INSTANCE);
        List<List<List<Double>>> p = MqreChainProperty.shaped(g, pi);
        List<List<List<Double>>> q = f.q(p, f.values(p));
        double[] out = new double[pi.length];
        int k = 0;
        for (int i = 0; i < g.numAgents(); i++) {
            for (int s = 0; s < g.numStates(); s++) {
                List<Double> row = q.get(i).get(s);
                double sum = 0;
                int b = -1;
                for (int a = 0; a < row.size(); a++) {
                    sum += p.get(i).get(s).get(a);
                    if (off.contains(k + a)) {
                        out[k + a] = pi[k + a] - 1e-300;
                    } else if (b < 0) {
                        b = a;
                    } else {
                        out[k + a] = row.get(a) - row.get(b);
                    }
                }
                out[k + b] = sum - 1;
                k += row.size();
            }
        }
        return out;
    }
}
