package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.Krawczyk;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.equilibrium.CertifiedQre;
import org.equivariant.equilibrium.MarkovQreSolver;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.field.MarkovField;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.Bundled;
import org.equivariant.io.MarkovGameReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * MQRE-K (proofs/MQRE-K.md): a box that passes the Krawczyk test for the checker's (π, V) system holds exactly one
 * Markov QRE. Checked with code other than the checker's: (a) a normal-form game read as a one-state Markov game with
 * γ = 0 has, at τ = 1/λ, the normal-form logit QRE certified by {@link QreSolver} (the logit system of
 * {@code certificate.LogitFixedPoint}) — the two enclosures overlap in every coordinate; (b) on random Markov games
 * the certified policy is a fixed point of the {@link MarkovField} response (exact Bellman solve of the regularized
 * values, in interval arithmetic over the box), and the certified soft values are the field's regularized values.
 * Controls: another λ gives a disjoint QRE; a displaced box is rejected and is not a fixed point of the field's
 * response.
 */
class MqreKProperty {
    record Case(NormalFormGame game, Rational lambda) {
        @Override
        public String toString() {
            return game + "\nlambda = " + lambda;
        }
    }

    static final Gen<Case> GAMES = r -> new Case(GameGen.games(2, 3, 2, 3, 4).generate(r),
        Rational.of(r.nextInt(1, 7), 8));

    /** NPG from uniform (double), then the certifier; the box or null. */
    static List<Interval> certify(MarkovGame g, Rational tau) {
        return certifyFrom(g, tau, new MarkovField<>(g, tau, DoubleField.INSTANCE).uniform());
    }

    /** Exact-evaluation NPG (double) from {@code start}, then the certifier; the enclosure or null. */
    static List<Interval> certifyFrom(MarkovGame g, Rational tau, List<List<List<Double>>> start) {
        MarkovField<Double> field = new MarkovField<>(g, tau, DoubleField.INSTANCE);
        MarkovQreSolver.Run run = MarkovQreSolver.npg(field, start, MarkovQreSolver.defaultEta(g, tau), 20_000, 1e-13,
            Double.POSITIVE_INFINITY, null);
        BoxCertifier.Outcome o = MarkovQreSolver.certify(g, tau, run.policy());
        return o.certified() ? o.test().enclosure() : null;
    }

    @Test
    void aOneStateGameWithDiscountZeroHasTheNormalFormQre() {
        int[] compared = {0};
        Property.forAll("MQRE-K: one-state Markov QRE = normal-form QRE", GAMES)
            .shrinkWith(c -> GameGen.payoffShrinker().shrink(c.game()).map(x -> new Case(x, c.lambda())))
            .tries(40).check(c -> {
                QreResult r = QreSolver.solve(c.game(), c.lambda(), QreSolver.Options.digits(20));
                if (r.verdict() != Verdict.UNIQUE) {
                    return; // NPG may reach another QRE when several exist; the comparison needs the unique one
                }
                List<Interval> markov = certify(MarkovGame.of(c.game()), c.lambda().reciprocal());
                assertThat(markov).as("the Markov QRE is certified").isNotNull();
                CertifiedQre q = r.qres().get(0);
                for (int k = 0; k < q.enclosure().size(); k++) {
                    assertThat(q.enclosure().get(k).isDisjointFrom(markov.get(k))).as("coordinate %d: %s vs %s", k,
                        q.enclosure().get(k), markov.get(k)).isFalse();
                }
                compared[0]++;
            });
        assertThat(compared[0]).as("games compared").isGreaterThan(15);
    }

    /** Negative control: the normal-form QRE at another λ is disjoint from the Markov QRE. */
    @Test
    void anotherLambdaGivesADisjointQre() {
        NormalFormGame g = GameGen.games(2, 2, 2, 2, 4).generate(new SplittableRandom(5));
        while (g.payoff(0, 0, 0).equals(g.payoff(0, 1, 0))) {
            g = GameGen.games(2, 2, 2, 2, 4).generate(new SplittableRandom(g.hashCode()));
        }
        List<Interval> markov = certify(MarkovGame.of(g), Rational.of(2));
        CertifiedQre other = QreSolver.solve(g, Rational.of(1), QreSolver.Options.digits(20)).qres().get(0);
        boolean disjoint = false;
        for (int k = 0; k < other.enclosure().size(); k++) {
            disjoint |= other.enclosure().get(k).isDisjointFrom(markov.get(k));
        }
        assertThat(disjoint).isTrue();
    }

    @Test
    void theCertifiedQreIsAFixedPointOfTheFieldsResponse() {
        for (String name : List.of("markov_coordination", "markov_matching_pennies", "markov_congestion",
            "markov_prisoners_dilemma")) {
            MarkovGame g = MarkovGameReader.read(name, Bundled.text("bundled:" + name, Limits.DEFAULT),
                Limits.DEFAULT);
            for (Rational tau : List.of(Rational.of(1, 2), Rational.ONE, Rational.of(4))) {
                List<Interval> box = certify(g, tau);
                assertThat(box).as("%s at tau %s", name, tau).isNotNull();
                assertFieldFixedPoint(g, tau, box, true);
            }
        }
    }

    /**
     * Whether the field's response over the policy part of the box meets the box in every coordinate, and the field's
     * regularized values over it meet the box's V coordinates (asserted as {@code expected}).
     */
    static void assertFieldFixedPoint(MarkovGame g, Rational tau, List<Interval> box, boolean expected) {
        MarkovQreSystem sys = new MarkovQreSystem(g, tau);
        DyadicField f = DyadicField.INSTANCE;
        MarkovField<DyadicInterval> field = new MarkovField<>(g, tau, f);
        List<List<List<DyadicInterval>>> pi = sys.policies(box.stream().map(f::of).toList());
        List<List<List<DyadicInterval>>> response = field.response(pi);
        List<List<DyadicInterval>> values = field.values(pi);
        boolean meets = true;
        for (int i = 0; i < g.numAgents(); i++) {
            for (int s = 0; s < g.numStates(); s++) {
                for (int a = 0; a < g.actionCounts(s)[i]; a++) {
                    meets &= !f.toInterval(response.get(i).get(s).get(a)).isDisjointFrom(box.get(sys.policyIndex(i,
                        s, a)));
                }
                meets &= !f.toInterval(values.get(i).get(s)).isDisjointFrom(box.get(sys.valueIndex(i, s)));
            }
        }
        assertThat(meets).as("field response and values meet the box").isEqualTo(expected);
    }

    /** Negative control: a box moved by a thousand widths is rejected, and the field's response leaves it. */
    @Test
    void aDisplacedBoxIsRejected() {
        MarkovGame g = MarkovGameReader.read("pd", Bundled.text("bundled:markov_prisoners_dilemma", Limits.DEFAULT),
            Limits.DEFAULT);
        List<Interval> box = new ArrayList<>(certify(g, Rational.ONE));
        Interval x = box.get(0);
        BigDecimal shift = x.width().multiply(BigDecimal.valueOf(1000)).max(new BigDecimal("1e-9"));
        box.set(0, new Interval(x.lo().add(shift), x.hi().add(shift)));
        box.set(1, new Interval(box.get(1).lo().subtract(shift), box.get(1).hi().subtract(shift)));
        assertThat(Krawczyk.test(new MarkovQreSystem(g, Rational.ONE), box).holds()).isFalse();
        assertFieldFixedPoint(g, Rational.ONE, box, false);
    }
}
