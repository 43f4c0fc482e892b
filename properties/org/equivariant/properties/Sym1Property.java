package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.field.RegularizedObjective;
import org.equivariant.game.NormalFormGame;
import org.equivariant.game.PayoffEvaluator;
import org.equivariant.gen.Gen;
import org.equivariant.gen.PlantedGame;
import org.equivariant.gen.Property;
import org.equivariant.symmetry.AutomorphismSearch;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.symmetry.SymmetryGroup;
import org.junit.jupiter.api.Test;

/**
 * SYM-1 (proofs/SYM-1.md): for every symmetry φ of a game, marginal payoffs are permuted exactly, expected payoffs,
 * entropy and the regularized objective are invariant, and the logit response and the NPG step are equivariant,
 * T(φπ) = φT(π), checked exactly (rationals) and in interval arithmetic (enclosures of both sides intersect and are
 * narrower than 1e-40). Games have planted symmetry groups; the symmetries used are the discovered group's.
 */
class Sym1Property {
    static final IntervalField F = new IntervalField(60);

    record Case(PlantedGame planted, long seed) {
        @Override
        public String toString() {
            return planted + "\nprofile seed " + seed;
        }
    }

    static final Gen<Case> CASES = r -> new Case(PlantedGame.planted(2, 3, 3, 3).generate(r), r.nextLong());

    static List<List<Rational>> randomProfile(NormalFormGame g, SplittableRandom r) {
        List<List<Rational>> p = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            List<Rational> w = new ArrayList<>();
            Rational total = Rational.ZERO;
            for (int a = 0; a < g.numActions(i); a++) {
                Rational x = Rational.of(r.nextInt(1, 20));
                w.add(x);
                total = total.add(x);
            }
            Rational t = total;
            p.add(w.stream().map(x -> x.divide(t)).toList());
        }
        return p;
    }

    static List<List<Interval>> enclose(List<List<Rational>> p) {
        return p.stream().map(l -> l.stream().map(F::of).toList()).toList();
    }

    static void assertSameEnclosures(List<List<Interval>> x, List<List<Interval>> y) {
        for (int i = 0; i < x.size(); i++) {
            for (int a = 0; a < x.get(i).size(); a++) {
                Interval u = x.get(i).get(a);
                Interval v = y.get(i).get(a);
                assertThat(u.isDisjointFrom(v)).as("player %d action %d: %s vs %s", i + 1, a + 1, u, v).isFalse();
                assertThat(u.width()).isLessThan(new java.math.BigDecimal("1e-40"));
            }
        }
    }

    /** Checks every SYM-1 identity for one symmetry φ of g at the profile π. */
    static void checkSymmetry(NormalFormGame g, GameSymmetry phi, List<List<Rational>> pi, Rational tau) {
        PayoffEvaluator<Rational> exact = g.in(RationalField.INSTANCE);
        List<List<Rational>> phiPi = phi.apply(pi);
        for (int i = 0; i < g.numPlayers(); i++) {
            int j = phi.players().apply(i);
            List<Rational> ui = exact.payoffVector(i, pi);
            List<Rational> uj = exact.payoffVector(j, phiPi);
            for (int a = 0; a < ui.size(); a++) {
                assertThat(uj.get(phi.actions().get(i).apply(a))).isEqualTo(ui.get(a));
            }
            assertThat(exact.expectedPayoff(j, phiPi)).isEqualTo(exact.expectedPayoff(i, pi));
        }
        RegularizedObjective<Interval> obj = new RegularizedObjective<>(g, tau, F);
        List<List<Interval>> box = enclose(pi);
        List<List<Interval>> phiBox = phi.apply(box);
        for (int i = 0; i < g.numPlayers(); i++) {
            int j = phi.players().apply(i);
            assertThat(obj.value(j, phiBox).isDisjointFrom(obj.value(i, box))).isFalse();
        }
        assertSameEnclosures(obj.logitResponse(phiBox), phi.apply(obj.logitResponse(box)));
        List<List<Interval>> logs = box.stream().map(l -> l.stream().map(F::log).toList()).toList();
        Rational eta = tau.reciprocal().divide(Rational.of(3));
        List<List<Interval>> lhs = obj.npgStep(phi.apply(logs), eta);
        List<List<Interval>> rhs = phi.apply(obj.npgStep(logs, eta));
        assertSameEnclosures(lhs, rhs);
    }

    @Test
    void payoffsObjectiveAndLogitResponseAreEquivariantUnderEverySymmetry() {
        Property.forAll("SYM-1 equivariance", CASES).shrinkWith(c -> PlantedGame.shrinker().shrink(c.planted())
            .map(p -> new Case(p, c.seed()))).tries(25).check(c -> {
                NormalFormGame g = c.planted().game();
                SymmetryGroup group = AutomorphismSearch.fullGroup(g);
                SplittableRandom r = new SplittableRandom(c.seed());
                Rational tau = Rational.of(r.nextInt(1, 9), r.nextInt(1, 5));
                List<List<Rational>> pi = randomProfile(g, r);
                for (GameSymmetry phi : group.generators()) {
                    checkSymmetry(g, phi, pi, tau);
                }
                for (int k = 0; k < 4; k++) {
                    checkSymmetry(g, group.random(r), pi, tau);
                }
                for (GameSymmetry phi : c.planted().generators()) {
                    checkSymmetry(g, phi, pi, tau);
                }
            });
    }

    @Test
    void theCheckFailsForAMapThatIsNotASymmetry() {
        // negative control: on a planted game, a relabelling outside the discovered group breaks equivariance
        NormalFormGame g = PlantedGame.planted(2, 2, 3, 3).generate(new SplittableRandom(11)).game();
        SymmetryGroup group = AutomorphismSearch.fullGroup(g);
        SplittableRandom r = new SplittableRandom(5);
        GameSymmetry outside = null;
        for (int k = 0; k < 200 && outside == null; k++) {
            GameSymmetry cand = PlantedGame.planted(2, 2, 3, 3).generate(r).generators().get(0);
            if (java.util.Arrays.equals(cand.dims(), g.dims()) && !group.contains(cand)) {
                outside = cand;
            }
        }
        assertThat(outside).isNotNull();
        GameSymmetry phi = outside;
        List<List<Rational>> pi = randomProfile(g, r);
        Throwable t = Property.failure(x -> checkSymmetry(g, phi, pi, Rational.ONE), null);
        assertThat(t).isInstanceOf(AssertionError.class);
    }
}
