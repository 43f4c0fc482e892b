package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.MarkovQreCertificate;
import org.equivariant.certificate.MarkovQreChecker;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.equilibrium.MarkovQreSolver;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.field.MarkovField;
import org.equivariant.game.MarkovGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.Bundled;
import org.equivariant.io.MarkovGameReader;
import org.equivariant.io.NfgReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * MQRE-CHAIN (proofs/MQRE-CHAIN.md): a chain of certified pieces of the scaled Markov-QRE system from the uniform
 * policy at β = 0 puts a Markov QRE on the principal branch. Checked by code other than the tracer's and checker's
 * system:
 * <ul>
 *   <li>a normal-form game read as a one-state Markov game with γ = 0 has, at τ = 1/λ, the principal QRE that
 *       {@code solve} proves on the logit correspondence (BR-CHAIN, a different system and double path): the two
 *       enclosures overlap in every coordinate;</li>
 *   <li>on random Markov games — also with unequal action counts (MQRE-CHAIN (7)) — and on the bundled ones, a
 *       natural-parameter continuation
 *       written here — Newton on π − response(π) with the {@link MarkovField} response (exact Bellman values), a
 *       finite-difference Jacobian, from τ = 1000 in small steps of β while the Jacobian's determinant keeps its sign
 *       (no fold, no bifurcation) — ends inside the certified principal QRE's enclosure;</li>
 *   <li>MQRE-CHAIN (8), on random games and a fixed one whose reward-free start MQRE-U does not prove unique: the
 *       same continuation, from the end of one in θ written here — of the reward-free game at τ = 1 with the state
 *       reward −log((1 − θ)m_i(s) + θ), from the uniform policy at θ = 0 — ends inside the certified principal QRE's
 *       enclosure, and stopped half-way in β it does not.</li>
 * </ul>
 * Negative control: another certified QRE named as the chain's end is refused (and the untampered chain accepted).
 * The checker's other refusals — a tampered chain, a false symmetry, a symmetric-branch claim for another QRE, λ or
 * game — are unit tests of the checkers ({@code MarkovQreCheckerTest}, {@code CertificateCheckerTest}).
 */
class MqreChainProperty {
    /** MQRE-K's cases (a normal-form game and λ) at larger λ, where branches turn. */
    static final Gen<MqreKProperty.Case> GAMES = r -> new MqreKProperty.Case(GameGen.games(2, 3, 2, 3, 4)
        .generate(r), Rational.of(r.nextInt(2, 13), 4));

    /** The checker's report on a certificate of the given boxes with the chain ending at box {@code qre}. */
    static MarkovQreChecker.Report check(MarkovGame g, Rational tau, List<List<Interval>> boxes,
                                         QreCertificate.Branch branch) {
        return MarkovQreChecker.check(new MarkovQreCertificate(g, tau, boxes, null, null, branch));
    }

    /** The checker's report on the certificate of a traced principal QRE (its chain, and its symmetries if any). */
    static MarkovQreChecker.Report check(MarkovGame g, Rational tau, MarkovQreSolver.Principal p) {
        return MarkovQreChecker.check(p.certificate(g, tau, List.of(p.qre().box()), null, null));
    }

    @Test
    void oneStateGamesHaveTheNormalFormPrincipalQre() {
        int[] compared = {0};
        Property.forAll("MQRE-CHAIN: one-state principal Markov QRE = principal logit QRE", GAMES)
            .shrinkWith(c -> GameGen.payoffShrinker().shrink(c.game())
                .map(x -> new MqreKProperty.Case(x, c.lambda())))
            .tries(12).check(c -> {
                QreResult r = QreSolver.solve(c.game(), c.lambda(), QreSolver.Options.digits(20));
                MarkovGame g = MarkovGame.of(c.game());
                Rational tau = c.lambda().reciprocal();
                MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
                if (r.report().principal() < 0 || !p.traced()) {
                    return; // a chain stopped at a singular point: nothing to compare
                }
                MarkovQreChecker.Report report = check(g, tau, p);
                assertThat(report.valid()).as(String.join("\n", report.findings())).isTrue();
                assertThat(report.principal()).isZero();
                List<Interval> logit = r.qres().get(r.report().principal()).enclosure();
                List<Interval> markov = report.enclosures().get(0);
                for (int k = 0; k < logit.size(); k++) {
                    assertThat(logit.get(k).isDisjointFrom(markov.get(k))).as("coordinate " + k + ": " + logit.get(k)
                        + " vs " + markov.get(k)).isFalse();
                }
                compared[0]++;
            });
        assertThat(compared[0]).as("games compared").isGreaterThanOrEqualTo(8);
    }

    // ---- the independent continuation ----

    /** π as a flat array (agent, state, action). */
    static double[] flat(List<List<List<Double>>> pi) {
        return pi.stream().flatMap(List::stream).flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
    }

    static List<List<List<Double>>> shaped(MarkovGame g, double[] x) {
        List<List<List<Double>>> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < g.numAgents(); i++) {
            List<List<Double>> agent = new ArrayList<>();
            for (int s = 0; s < g.numStates(); s++) {
                List<Double> row = new ArrayList<>();
                for (int a = 0; a < g.actionCounts(s)[i]; a++) {
                    row.add(x[k++]);
                }
                agent.add(row);
            }
            out.add(agent);
        }
        return out;
    }

    static double[] residual(MarkovGame g, double beta, double[] x) {
        MarkovField<Double> field = new MarkovField<>(g, Rational.of(BigDecimal.valueOf(1 / beta)),
            DoubleField.INSTANCE);
        double[] t = flat(field.response(shaped(g, x)));
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = x[k] - t[k];
        }
        return out;
    }

    /**
     * Newton on a residual from x (finite-difference Jacobian); the converged point and the determinant's sign there,
     * or null.
     */
    static double[][] newton(java.util.function.UnaryOperator<double[]> residual, double[] start) {
        return newton(residual, start, true, 1e-13);
    }

    /**
     * {@link #newton} until a step is below {@code tolerance}, where {@code positive} also requires every coordinate to
     * stay positive.
     */
    static double[][] newton(java.util.function.UnaryOperator<double[]> residual, double[] start, boolean positive,
                             double tolerance) {
        double[] x = start.clone();
        for (int it = 0; it < 30; it++) {
            double[] r = residual.apply(x);
            double[][] j = new double[x.length][x.length];
            for (int c = 0; c < x.length; c++) {
                double h = 1e-7;
                double[] y = x.clone();
                y[c] += h;
                double[] ry = residual.apply(y);
                for (int i = 0; i < x.length; i++) {
                    j[i][c] = (ry[i] - r[i]) / h;
                }
            }
            double det = BrChainProperty.Logit.solve(j, r);
            if (!(Math.abs(det) > 0)) {
                return null;
            }
            double sign = Math.signum(det);
            double step = 0;
            for (int k = 0; k < x.length; k++) {
                x[k] -= r[k];
                step = Math.max(step, Math.abs(r[k]));
            }
            if (!Double.isFinite(step) || positive && java.util.Arrays.stream(x).anyMatch(v -> v <= 0)) {
                return null;
            }
            if (step < tolerance) {
                return new double[][] {x, {sign}};
            }
        }
        return null;
    }

    /**
     * Natural-parameter continuation in β from β = 1/1000 (uniform start) to 1/τ in steps of at most 1/50 of the way;
     * the end point, or null when Newton fails or the determinant changes sign (a fold or bifurcation on the way).
     */
    static double[] continuation(MarkovGame g, Rational tau) {
        return continuation((beta, x) -> residual(g, beta, x), flat(new MarkovField<>(g, Rational.of(1000),
            DoubleField.INSTANCE).uniform()), tau);
    }

    /** The same continuation for any residual (β, x) from a start near the uniform policy. */
    static double[] continuation(java.util.function.BiFunction<Double, double[], double[]> residual, double[] x,
                                 Rational tau) {
        double target = tau.reciprocal().doubleValue();
        double beta = 1e-3;
        double[][] p = newton(y -> residual.apply(beta, y), x);
        if (p == null) {
            return null;
        }
        double sign = p[1][0];
        int steps = 50;
        for (int k = 1; k <= steps; k++) {
            double b = beta + (target - beta) * k / steps;
            double[][] q = newton(y -> residual.apply(b, y), p[0]);
            if (q == null || q[1][0] != sign) {
                return null;
            }
            p = q;
        }
        return p[0];
    }

    record MarkovCase(MarkovGame game, Rational tau) {
        @Override
        public String toString() {
            return MarkovGameReader.toJson(game, org.equivariant.certificate.CertificateJson.mapper()) + "\ntau = "
                + tau;
        }
    }

    static MarkovGame bundled(String name) {
        return MarkovGameReader.read(name, Bundled.text("bundled:" + name, Limits.DEFAULT), Limits.DEFAULT);
    }

    @Test
    void anIndependentContinuationEndsAtThePrincipalQre() {
        List<MarkovCase> cases = new ArrayList<>();
        for (String name : new String[] {"markov_matching_pennies", "markov_prisoners_dilemma", "markov_coordination"}) {
            cases.add(new MarkovCase(bundled(name), Rational.of(2)));
        }
        int[] compared = {0, 0, 0};
        Gen<MarkovCase> random = r -> new MarkovCase(MqreUProperty.game(r), Rational.of(r.nextInt(2, 9), 4));
        Property.forAll("MQRE-CHAIN: independent continuation ends in the principal QRE", random).tries(14)
            .check(c -> compare(c, compared));
        cases.forEach(c -> compare(c, compared));
        // MQRE-CHAIN (8): random games whose reward-free start MQRE-U does not prove unique (drawn until one is)
        Gen<MarkovCase> unproved = r -> {
            MarkovGame g = MqreUProperty.game(r);
            while (g.hasEqualActionCounts() || MarkovQreSolver.start(g).kappa().compareTo(Rational.ONE) < 0) {
                g = MqreUProperty.game(r);
            }
            return new MarkovCase(g, Rational.of(r.nextInt(2, 9), 4));
        };
        Property.forAll("MQRE-CHAIN (8): independent continuation ends in the principal QRE", unproved).tries(4)
            .check(c -> compare(c, compared));
        assertThat(compared[0]).as("cases compared").isGreaterThanOrEqualTo(9);
        assertThat(compared[1]).as("of them with unequal action counts (MQRE-CHAIN (7), (8))").isGreaterThanOrEqualTo(
            3);
        assertThat(compared[2]).as("of them started by the start homotopy (MQRE-CHAIN (8))").isGreaterThanOrEqualTo(3);
    }

    /**
     * The independent continuation's end inside the certified principal QRE's enclosure; {@code compared} counts the
     * cases compared, of them those with unequal action counts, whose chain starts at the reward-free game's QRE
     * (MQRE-CHAIN (7)) and whose continuation starts where Newton at β = 1/1000 goes from the uniform policy, and of
     * those the ones whose start MQRE-U does not prove (MQRE-CHAIN (8)), whose continuation in β starts at the end of
     * {@link #homotopyEnd}.
     */
    static void compare(MarkovCase c, int[] compared) {
        MarkovGame g = c.game();
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, c.tau(), (k, b) -> { });
        boolean homotopy = !g.hasEqualActionCounts() && MarkovQreSolver.start(g).kappa().compareTo(Rational.ONE) >= 0;
        double[] start = homotopy ? homotopyEnd(g) : null;
        double[] end = !homotopy ? continuation(g, c.tau()) : start == null ? null : continuation((beta, y) -> residual(
            g, beta, y), start, c.tau());
        if (!p.traced() || end == null) {
            return;
        }
        MarkovQreChecker.Report report = check(g, c.tau(), p);
        assertThat(report.principal()).as(String.join("\n", report.findings())).isZero();
        List<Interval> enc = report.enclosures().get(0);
        for (int k = 0; k < end.length; k++) {
            Interval e = enc.get(k);
            assertThat(end[k]).as("policy coordinate " + k).isBetween(e.lo().doubleValue() - 1e-8,
                e.hi().doubleValue() + 1e-8);
        }
        compared[0]++;
        compared[1] += g.hasEqualActionCounts() ? 0 : 1;
        compared[2] += homotopy ? 1 : 0;
    }

    /**
     * MQRE-CHAIN (5): the bundled coordination and congestion games' full chains stop at symmetry-breaking
     * bifurcations; the chains in the subspace their symmetries fix pass them and reach τ = 1. Checked by independent
     * code: NPG from the uniform policy (the field's exact-evaluation iteration, which keeps every symmetry) converges
     * into the certified principal QRE's enclosure.
     */
    @Test
    void aSymmetricChainPassesTheBifurcation() {
        for (String name : new String[] {"markov_coordination", "markov_congestion"}) {
            MarkovGame g = bundled(name);
            Rational tau = Rational.ONE;
            MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
            assertThat(p.traced()).as(name + ": " + p.detail()).isTrue();
            assertThat(p.symmetries()).as(name).isNotEmpty();
            MarkovQreChecker.Report report = check(g, tau, p);
            assertThat(report.principal()).as(String.join("\n", report.findings())).isZero();
            MarkovField<Double> field = new MarkovField<>(g, tau, DoubleField.INSTANCE);
            double[] limit = flat(MarkovQreSolver.npg(field, field.uniform(), MarkovQreSolver.defaultEta(g, tau),
                100_000, 1e-13, Double.POSITIVE_INFINITY, null).policy());
            List<Interval> enc = report.enclosures().get(0);
            for (int k = 0; k < limit.length; k++) {
                assertThat(limit[k]).as(name + ", policy coordinate " + k).isBetween(
                    enc.get(k).lo().doubleValue() - 1e-9, enc.get(k).hi().doubleValue() + 1e-9);
            }
        }
    }

    /**
     * A symmetric two-player game u₂(a, b) = u₁(b, a) whose own payoff is small on the diagonal and large off it (an
     * anti-coordination game: its symmetric QRE branch splits as λ grows), with 2 or 3 actions.
     */
    static final Gen<MqreKProperty.Case> ANTI_COORDINATION = r -> {
        int m = r.nextInt(2, 4);
        Rational[][] u = new Rational[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                u[a][b] = a == b ? Rational.of(r.nextInt(0, 3), 2) : Rational.of(r.nextInt(2, 7));
            }
        }
        List<Rational> first = new ArrayList<>();
        List<Rational> second = new ArrayList<>();
        for (int b = 0; b < m; b++) {
            for (int a = 0; a < m; a++) {
                first.add(u[a][b]);
                second.add(u[b][a]);
            }
        }
        int[] dims = {m, m};
        return new MqreKProperty.Case(org.equivariant.game.NormalFormGame.of("anti-coordination", List.of(
            new org.equivariant.arith.RationalTensor(dims, first), new org.equivariant.arith.RationalTensor(dims,
            second))), Rational.of(r.nextInt(8, 17), 4));
    };

    /** σ − (player 1's response to (σ, σ)) by the {@link MarkovField} of the one-state reading: the symmetric QREs. */
    static double[] symmetricResidual(MarkovGame g, double beta, double[] sigma) {
        double[] both = new double[2 * sigma.length];
        System.arraycopy(sigma, 0, both, 0, sigma.length);
        System.arraycopy(sigma, 0, both, sigma.length, sigma.length);
        return java.util.Arrays.copyOf(residual(g, beta, both), sigma.length);
    }

    /**
     * MQRE-CHAIN (6): past a singular point that breaks the players' symmetry, {@code solve} proves the symmetric QRE
     * principal by the one-state Markov reading's chain in the fixed subspace, and the certificate's replay accepts it.
     * Checked by independent code: a natural-parameter continuation written here of σ = response₁(σ, σ) (the field's
     * response, the symmetric subspace only, determinant sign watched) ends inside the principal QRE's enclosure, for
     * both players.
     */
    @Test
    void symmetricGamesPastTheirSingularPointHaveASymmetricPrincipalQre() {
        int[] compared = {0};
        int tries = Property.forAll("MQRE-CHAIN (6): solve's principal QRE past a symmetry-breaking point",
            ANTI_COORDINATION).tries(12).check(c -> {
                QreResult r = QreSolver.solve(c.game(), c.lambda(), QreSolver.Options.digits(20));
                if (r.principal().state() != org.equivariant.equilibrium.PrincipalBranch.State.SYMMETRIC) {
                    return; // the full chain reached λ, or the symmetric one did not: nothing of (6) to compare
                }
                org.equivariant.certificate.CheckReport replay = org.equivariant.certificate.CertificateChecker
                    .check(r.certificate());
                assertThat(replay.principal()).as(String.join("\n", replay.findings())).isEqualTo(r.principalIndex());
                MarkovGame g = MarkovGame.of(c.game());
                int m = c.game().numActions(0);
                double[] start = new double[m];
                java.util.Arrays.fill(start, 1.0 / m);
                double[] end = continuation((beta, x) -> symmetricResidual(g, beta, x), start,
                    c.lambda().reciprocal());
                if (end == null) {
                    return; // the symmetric subspace has a turn or split of its own on the way
                }
                List<Interval> enc = r.qres().get(r.principalIndex()).enclosure();
                for (int k = 0; k < 2 * m; k++) {
                    assertThat(end[k % m]).as("coordinate " + k).isBetween(enc.get(k).lo().doubleValue() - 1e-8,
                        enc.get(k).hi().doubleValue() + 1e-8);
                }
                compared[0]++;
            });
        // the default run compares all 12 (each full chain stops, each symmetric one reaches λ)
        assertThat(compared[0]).as("games compared of " + tries).isGreaterThanOrEqualTo(2 * tries / 3);
    }

    /** x² − a coordination game read as one-state Markov game: 3 QREs at τ = 1/4, the principal near (a, a). */
    static MarkovGame coordination() {
        return MarkovGame.of(NfgReader.read("c.nfg", "NFG 1 R \"c\" { \"1\" \"2\" } { 2 2 }\n3 3 0 0 0 0 1 1\n"));
    }

    /**
     * MQRE-CHAIN (8): the principal QRE of a game whose reward-free start is not proved unique lies where the
     * independent continuation ends — in θ from the uniform policy of the game with the state reward −log d(θ)
     * (rounded to 17 digits: a double check), then in β from that point — and not where it ends when stopped at half
     * the target β (the control that the comparison can fail).
     */
    @Test
    void aStartHomotopysQreIsWhereAnIndependentContinuationEnds() {
        String file = "src/test/resources/markov/uneven_unproved.json";
        MarkovGame g;
        try {
            g = MarkovGameReader.read(file, java.nio.file.Files.readString(java.nio.file.Path.of(file)),
                Limits.DEFAULT);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Rational tau = Rational.of(1, 2);
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
        assertThat(p.traced()).as(p.detail()).isTrue();
        MarkovQreChecker.Report report = check(g, tau, p);
        assertThat(report.principal()).as(String.join("\n", report.findings())).isZero();
        assertThat(p.certificate(g, tau, List.of(p.qre().box()), null, null).branchStartHomotopy()).isNotNull();
        double[] x = homotopyEnd(g);
        assertThat(x).as("the continuation in theta").isNotNull();
        double[] end = continuation((beta, y) -> residual(g, beta, y), x, tau);
        double[] half = continuation((beta, y) -> residual(g, beta, y), x, tau.multiply(Rational.of(2)));
        assertThat(end).isNotNull();
        List<Interval> enc = report.enclosures().get(0);
        boolean halfInside = true;
        for (int k = 0; k < end.length; k++) {
            Interval e = enc.get(k);
            assertThat(end[k]).as("policy coordinate " + k).isBetween(e.lo().doubleValue() - 1e-8,
                e.hi().doubleValue() + 1e-8);
            halfInside &= half[k] >= e.lo().doubleValue() - 1e-8 && half[k] <= e.hi().doubleValue() + 1e-8;
        }
        assertThat(halfInside).as("the continuation stopped at half the target beta lies elsewhere").isFalse();
    }

    /**
     * The independent continuation of MQRE-CHAIN (8)'s start homotopy: the Markov QRE at τ = 1 of {@link #statePenalty}
     * from the uniform policy at θ = 0 (its only one) to θ = 1 in 50 Newton steps; the policy at θ = 1, or null where
     * Newton fails or the determinant changes sign (a fold or bifurcation on the way).
     */
    static double[] homotopyEnd(MarkovGame g) {
        double[] x = flat(new MarkovField<>(g, Rational.ONE, DoubleField.INSTANCE).uniform());
        double sign = 0;
        for (int k = 0; k <= 50; k++) {
            MarkovGame penalized = statePenalty(g, k / 50.0);
            double[][] q = newton(y -> residual(penalized, 1, y), x);
            if (q == null || sign != 0 && q[1][0] != sign) {
                return null;
            }
            sign = q[1][0];
            x = q[0];
        }
        return x;
    }

    /**
     * The reward-free game with agent i's reward −log((1 − θ)m_i(s) + θ) in state s (whatever the actions), rounded to
     * 17 digits: its Markov QREs at τ = 1 are the zeros of MQRE-CHAIN (8)'s H(·, θ), up to that rounding.
     */
    static MarkovGame statePenalty(MarkovGame g, double theta) {
        int ns = g.numStates();
        Rational[][][] next = new Rational[ns][][];
        Rational[][][] reward = new Rational[ns][][];
        List<List<List<String>>> actions = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            int joint = g.numJointActions(s);
            next[s] = new Rational[joint][ns];
            reward[s] = new Rational[joint][g.numAgents()];
            List<List<String>> names = new ArrayList<>();
            for (int i = 0; i < g.numAgents(); i++) {
                names.add(g.actions(s, i));
            }
            actions.add(names);
            for (int a = 0; a < joint; a++) {
                for (int t = 0; t < ns; t++) {
                    next[s][a][t] = g.transition(s, a, t);
                }
                for (int i = 0; i < g.numAgents(); i++) {
                    double d = (1 - theta) * g.actionCounts(s)[i] + theta;
                    reward[s][a][i] = Rational.of(new BigDecimal(-Math.log(d)));
                }
            }
        }
        return new MarkovGame(g.name(), g.agents(), g.states(), actions, next, reward, g.discount(), g.initial());
    }

    @Test
    void aQreOffTheChainIsRefused() {
        MarkovGame g = coordination();
        Rational tau = Rational.of(1, 4);
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, tau, (k, b) -> { });
        assertThat(p.traced()).as(p.detail()).isTrue();
        // NPG from a start near (b, b) reaches the other strict QRE
        List<List<List<Double>>> nearB = List.of(List.of(List.of(0.05, 0.95)), List.of(List.of(0.05, 0.95)));
        MarkovQreSolver.Run run = MarkovQreSolver.npg(new MarkovField<>(g, tau, DoubleField.INSTANCE), nearB,
            MarkovQreSolver.defaultEta(g, tau), 20_000, 1e-13, Double.POSITIVE_INFINITY, null);
        BoxCertifier.Outcome other = MarkovQreSolver.certify(g, tau, run.policy());
        assertThat(other.certified()).isTrue();
        List<List<Interval>> boxes = List.of(other.box(), p.qre().box());
        QreCertificate.Branch b = p.branch();
        MarkovQreChecker.Report wrong = check(g, tau, boxes, new QreCertificate.Branch(b.digits(), b.pieces(), 0,
            null));
        assertThat(wrong.valid()).isFalse();
        assertThat(String.join("\n", wrong.findings())).contains("does not lie in the last piece's tube");
        MarkovQreChecker.Report right = check(g, tau, boxes, new QreCertificate.Branch(b.digits(), b.pieces(), 1,
            null));
        assertThat(right.valid()).as(String.join("\n", right.findings())).isTrue();
        assertThat(right.principal()).isEqualTo(1);
    }
}
