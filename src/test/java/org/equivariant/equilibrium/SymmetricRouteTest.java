package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

/**
 * Where no route passes a singular point of a symmetric game: three symmetric players with two actions (payoff by own
 * action and how many others play the first; seeded), whose symmetric branch meets, at λ ≈ 0.80797, a singular point
 * with a two-dimensional null space. The symmetric QRE at λ = 10 is certified principal by the chain in the profiles
 * all symmetries fix (MQRE-CHAIN (5), (6)) — gambit-logit's answer too —, and the pitchfork line says that the chain of
 * the profiles an involution fixes stopped where the full chain did, so the branches leaving the point are not among
 * the certified QREs.
 */
class SymmetricRouteTest {
    @Test
    void aSingularPointWithATwoDimensionalNullSpaceIsNamedNotPassed() {
        NormalFormGame g = NfgReader.read("sym3.nfg", "NFG 1 R \"sym3\" { \"1\" \"2\" \"3\" } { 2 2 2 }\n"
            + "0 0 0 2 6 6 6 2 6 -2 -2 0 6 6 2 -2 0 -2 0 -2 -2 -6 -6 -6\n");
        QreResult r = QreSolver.solve(g, Rational.of(10), QreSolver.Options.digits(20));
        assertThat(r.principalIndex()).isZero();
        assertThat(r.qres()).hasSize(1);
        List<Interval> qre = r.qres().get(0).enclosure();
        assertThat(qre.get(0).mid().doubleValue()).isCloseTo(qre.get(2).mid().doubleValue(),
            org.assertj.core.data.Offset.offset(1e-15)).isCloseTo(qre.get(4).mid().doubleValue(),
            org.assertj.core.data.Offset.offset(1e-15));
        assertThat(r.principal().reached()).isBetween(0.8079, 0.8081);
        assertThat(r.pitchfork()).contains("the chain of the profiles it fixes stopped").contains("that is where the "
            + "full chain stopped, so the point is presumably singular in those profiles too");
    }
}
