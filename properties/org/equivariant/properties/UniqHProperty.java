package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.equilibrium.CertifiedQre;
import org.equivariant.equilibrium.QreEnumeration;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.field.RegularizedObjective;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.gen.Shrinker;
import org.equivariant.io.NfgWriter;
import org.equivariant.theory.InteractionContrast;
import org.equivariant.theory.PerronCertificate;
import org.junit.jupiter.api.Test;

/**
 * UNIQ-H (proofs/UNIQ-H.md): for τ &gt; κ, with (w, κ) a Perron certificate of D/4, the logit QRE is unique. On
 * random games (2–4 players, 2–4 actions, small rational payoffs) at τ = κ·f, f ∈ (1.1, 3]:
 * the solver certifies exactly one QRE with uniqueness proved; Newton from random starts and the logit-response
 * iteration (NPG with η = 1/τ, a contraction by Theorem 1) both end in the certified box; the checker accepts the
 * certificate (also after a JSON round trip) and rejects corrupted ones. On small games a branch-and-bound over the whole
 * product of simplices ({@link QreEnumeration}) finds exactly one QRE, the certified one.
 */
class UniqHProperty {
    record Case(NormalFormGame game, Rational factor, long seed) {
        Rational tau() {
            Rational kappa = kappa(game);
            return kappa.isZero() ? factor.subtract(Rational.ONE) : kappa.multiply(factor);
        }

        @Override
        public String toString() {
            return NfgWriter.write(game) + "tau = " + tau() + " (kappa = " + kappa(game) + " times " + factor
                + "), start seed " + seed;
        }
    }

    static Rational kappa(NormalFormGame g) {
        return PerronCertificate.find(InteractionContrast.quarter(InteractionContrast.of(g))).kappa();
    }

    static final Gen<Case> CASES = r -> new Case(GameGen.games(2, 4, 2, 4, 3).generate(r),
        Rational.of(r.nextInt(11, 31), 10), r.nextLong());

    static final Shrinker<Case> SHRINK = c -> GameGen.shrinker(2, 2).shrink(c.game())
        .map(g -> new Case(g, c.factor(), c.seed()));

    static List<Double> randomProfile(NormalFormGame g, SplittableRandom r) {
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            List<Double> logits = new ArrayList<>();
            for (int a = 0; a < g.numActions(i); a++) {
                logits.add(3 * r.nextGaussian());
            }
            s.addAll(DoubleField.INSTANCE.softmax(logits));
        }
        return s;
    }

    static List<List<Double>> split(NormalFormGame g, List<Double> flat) {
        List<List<Double>> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < g.numPlayers(); i++) {
            out.add(new ArrayList<>(flat.subList(k, k + g.numActions(i))));
            k += g.numActions(i);
        }
        return out;
    }

    @Test
    void aboveTheThresholdTheCertifiedQreIsTheOnlyOne() {
        Property.forAll("UNIQ-H unique certified QRE", CASES).shrinkWith(SHRINK).tries(30).check(c -> {
            NormalFormGame g = c.game();
            Rational lambda = c.tau().reciprocal();
            int digits = 20;
            QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(digits));
            assertThat(r.verdict()).as(r.report().findings().toString()).isEqualTo(Verdict.UNIQUE);
            assertThat(r.qres()).hasSize(1);
            CertifiedQre q = r.qres().get(0);
            assertThat(q.radius()).isLessThan(Rational.parse("1e-20"));

            // Newton's points carry digits + 20 decimals; the enclosure is tighter than that
            Rational slack = Rational.parse("1e-" + (digits + 12));
            SplittableRandom rnd = new SplittableRandom(c.seed());
            for (int s = 0; s < 3; s++) {
                Optional<List<Rational>> landed = QreSolver.newtonFrom(g, lambda, randomProfile(g, rnd), digits);
                landed.ifPresent(p -> assertThat(q.contains(p, slack)).as("Newton landed outside the box: %s", p).isTrue());
            }
            // logit-response iteration (NPG, η = 1/τ) contracts by κ/τ < 1 in the weighted Hilbert metric
            RegularizedObjective<Double> obj = new RegularizedObjective<>(g, c.tau(), DoubleField.INSTANCE);
            List<List<Double>> pi = split(g, randomProfile(g, rnd));
            for (int it = 0; it < 3000; it++) {
                pi = obj.logitResponse(pi);
            }
            List<Double> flat = pi.stream().flatMap(List::stream).toList();
            Optional<List<Rational>> polished = QreSolver.newtonFrom(g, lambda, flat, digits);
            assertThat(polished).isPresent();
            assertThat(q.contains(polished.get(), slack)).isTrue();
        });
    }

    /** ρ_w(π, π′) = max_i sp(log π_i − log π′_i)/w_i (the weighted Hilbert metric of UNIQ-H), in double. */
    static double rho(List<List<Double>> a, List<List<Double>> b, List<Rational> w) {
        double r = 0;
        for (int i = 0; i < a.size(); i++) {
            double hi = Double.NEGATIVE_INFINITY;
            double lo = Double.POSITIVE_INFINITY;
            for (int k = 0; k < a.get(i).size(); k++) {
                double d = Math.log(a.get(i).get(k)) - Math.log(b.get(i).get(k));
                hi = Math.max(hi, d);
                lo = Math.min(lo, d);
            }
            r = Math.max(r, (hi - lo) / w.get(i).doubleValue());
        }
        return r;
    }

    /**
     * The largest ratio ρ_w(Tπ, Tπ′)/ρ_w(π, π′) over {@code pairs} random pairs near the centroid and a spread of
     * random ones (a double estimate of T's contraction constant in ρ_w).
     */
    static double worstRatio(NormalFormGame g, Rational tau, List<Rational> w, SplittableRandom rnd, int pairs) {
        RegularizedObjective<Double> obj = new RegularizedObjective<>(g, tau, DoubleField.INSTANCE);
        double worst = 0;
        for (int k = 0; k < pairs; k++) {
            double scale = k % 2 == 0 ? 1e-3 : 1;
            List<List<Double>> a = split(g, perturbed(g, rnd, scale));
            List<List<Double>> b = split(g, perturbed(g, rnd, scale));
            double d = rho(a, b, w);
            if (d > 1e-9) {
                worst = Math.max(worst, rho(obj.logitResponse(a), obj.logitResponse(b), w) / d);
            }
        }
        return worst;
    }

    private static List<Double> perturbed(NormalFormGame g, SplittableRandom r, double scale) {
        List<Double> s = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            List<Double> logits = new ArrayList<>();
            for (int a = 0; a < g.numActions(i); a++) {
                logits.add(scale * 3 * r.nextGaussian());
            }
            s.addAll(DoubleField.INSTANCE.softmax(logits));
        }
        return s;
    }

    /**
     * UNIQ-H (1) and (3), checked by code other than the certificate's: the logit response contracts random pairs of
     * profiles by κ/τ in ρ_w, and the certified QRE π* obeys the a-priori bound ρ_w(π̃, π*) ≤ ρ_w(π̃, Tπ̃)/(1 − κ/τ) for
     * random interior π̃.
     */
    @Test
    void theLogitResponseContractsRandomPairsAndTheCertifiedQreObeysTheAPrioriBound() {
        Property.forAll("UNIQ-H (1) and (3)", CASES).shrinkWith(SHRINK).tries(20).check(c -> {
            NormalFormGame g = c.game();
            PerronCertificate cert = PerronCertificate.find(InteractionContrast.quarter(InteractionContrast.of(g)));
            double q = cert.kappa().doubleValue() / c.tau().doubleValue();
            SplittableRandom rnd = new SplittableRandom(c.seed());
            assertThat(worstRatio(g, c.tau(), cert.w(), rnd, 40)).isLessThanOrEqualTo(q * (1 + 1e-6) + 1e-9);
            QreResult r = QreSolver.solve(g, c.tau().reciprocal(), QreSolver.Options.digits(20));
            List<List<Double>> star = split(g, r.qres().get(0).center().stream().map(Rational::doubleValue).toList());
            RegularizedObjective<Double> obj = new RegularizedObjective<>(g, c.tau(), DoubleField.INSTANCE);
            for (int k = 0; k < 5; k++) {
                List<List<Double>> p = split(g, randomProfile(g, rnd));
                double bound = rho(p, obj.logitResponse(p), cert.w()) / (1 - q);
                assertThat(rho(p, star, cert.w())).isLessThanOrEqualTo(bound * (1 + 1e-6) + 1e-9);
            }
        });
    }

    /** Negative control: κ scaled by 0.7 is not a contraction constant — pairs near the centroid of I₂ exceed it. */
    @Test
    void aContractionConstantSeventyPercentOfKappaIsRefuted() {
        List<Rational> id = List.of(Rational.ONE, Rational.ZERO, Rational.ZERO, Rational.ONE);
        NormalFormGame i2 = NormalFormGame.of("I2", List.of(new org.equivariant.arith.RationalTensor(new int[] {2, 2},
            id), new org.equivariant.arith.RationalTensor(new int[] {2, 2}, id)));
        PerronCertificate cert = PerronCertificate.find(InteractionContrast.quarter(InteractionContrast.of(i2)));
        Rational tau = cert.kappa().multiply(Rational.TWO);
        double worst = worstRatio(i2, tau, cert.w(), new SplittableRandom(3), 200);
        double q = cert.kappa().doubleValue() / tau.doubleValue();
        assertThat(worst).isLessThanOrEqualTo(q * (1 + 1e-6));
        assertThat(worst).as("0.7 kappa/tau = %s must be exceeded", 0.7 * q).isGreaterThan(0.7 * q);
    }

    /** Small games for the branch-and-bound: two players with 2–3 actions, or three players with 2 actions. */
    static final Gen<Case> SMALL = r -> new Case(r.nextBoolean() ? GameGen.games(2, 2, 2, 3, 3).generate(r)
        : GameGen.games(3, 3, 2, 2, 3).generate(r), Rational.of(r.nextInt(11, 31), 10), r.nextLong());

    @Test
    void branchAndBoundOverTheWholePolicySpaceFindsExactlyOneQre() {
        Property.forAll("UNIQ-H branch and bound", SMALL).shrinkWith(SHRINK).tries(12).check(c -> {
            QreEnumeration.Result r = QreEnumeration.enumerate(c.game(), c.tau().reciprocal(),
                QreEnumeration.Options.defaults());
            assertThat(r.complete()).as("undecided boxes %s", r.undecided()).isTrue();
            assertThat(r.solutions()).as("QREs found by branch and bound").hasSize(1);
            org.equivariant.certificate.EnumerationChecker.Report replay =
                org.equivariant.certificate.EnumerationChecker.check(r.certificate());
            assertThat(replay.valid() && replay.complete()).as(replay.findings().toString()).isTrue();
            assertThat(replay.enclosures()).hasSize(1);
            // and it is the solver's certified QRE
            CertifiedQre q = QreSolver.solve(c.game(), c.tau().reciprocal(), QreSolver.Options.digits(20)).qres()
                .get(0);
            List<org.equivariant.arith.Interval> box = r.solutions().get(0);
            for (int k = 0; k < box.size(); k++) {
                assertThat(box.get(k).isDisjointFrom(q.enclosure().get(k))).isFalse();
            }
        });
    }

    @Test
    void theCheckerAcceptsEveryProducedCertificateAndRejectsCorruptedOnes() {
        Property.forAll("UNIQ-H certificates", CASES).shrinkWith(SHRINK).tries(30).check(c -> {
            QreResult r = QreSolver.solve(c.game(), c.tau().reciprocal(), QreSolver.Options.digits(15));
            QreCertificate cert = r.certificate();
            assertThat(CertificateChecker.check(cert).valid()).isTrue();
            assertThat(CertificateChecker.check(CertificateJson.read(CertificateJson.write(cert))).valid()).isTrue();
            corruptions(cert).forEach(bad ->
                assertThat(CertificateChecker.check(bad).valid()).as("accepted corrupted certificate").isFalse());
            // an edited payoff with a fresh hash is a different claim, not a corruption: it must be rejected unless
            // the box really contains the edited game's QRE (possible when the QRE sits within the radius of a
            // vertex in both games)
            QreCertificate edited = editedWithFreshHash(cert);
            if (CertificateChecker.check(edited).valid()) {
                NormalFormGame g2 = NormalFormGame.of("edited", edited.payoffs());
                CertifiedQre other = QreSolver.solve(g2, edited.lambda(), QreSolver.Options.digits(15)).qres().get(0);
                QreCertificate.Box box = edited.boxes().get(0);
                for (int k = 0; k < box.center().size(); k++) {
                    assertThat(other.center().get(k).subtract(box.center().get(k)).abs())
                        .as("accepted a box that misses the edited game's QRE").isLessThanOrEqualTo(box.radius());
                }
            }
        });
    }

    /** A moved box, a halved κ (when κ &gt; 0) and an edited payoff with a stale hash. */
    static Stream<QreCertificate> corruptions(QreCertificate c) {
        List<QreCertificate> out = new ArrayList<>();
        QreCertificate.Box b = c.boxes().get(0);
        List<Rational> moved = new ArrayList<>(b.center());
        moved.set(0, moved.get(0).add(b.radius().multiply(Rational.of(3))));
        out.add(new QreCertificate(c.title(), c.payoffs(), c.sha256(), c.lambda(), c.digits(),
            List.of(new QreCertificate.Box(moved, b.radius(), b.preconditioner())), c.uniqueness()));
        if (c.uniqueness().kappa().signum() > 0) {
            out.add(new QreCertificate(c.title(), c.payoffs(), c.sha256(), c.lambda(), c.digits(), c.boxes(),
                new QreCertificate.Uniqueness(c.uniqueness().w(), c.uniqueness().kappa().divide(Rational.TWO))));
        }
        QreCertificate edited = editedWithFreshHash(c);
        out.add(new QreCertificate(c.title(), edited.payoffs(), c.sha256(), c.lambda(), c.digits(), c.boxes(),
            c.uniqueness()));
        return out.stream();
    }

    /** The certificate's claims about a game whose first payoff entry is raised by one, with that game's hash. */
    static QreCertificate editedWithFreshHash(QreCertificate c) {
        List<RationalTensor> edited = new ArrayList<>(c.payoffs());
        List<Rational> data = new ArrayList<>(edited.get(0).data());
        data.set(0, data.get(0).add(Rational.ONE));
        edited.set(0, new RationalTensor(edited.get(0).dims(), data));
        return new QreCertificate(c.title(), edited, RationalTensor.sha256(edited), c.lambda(), c.digits(), c.boxes(),
            c.uniqueness());
    }
}
