package org.equivariant.symmetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.TestData;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.PlantedGame;
import org.equivariant.gen.Property;
import org.equivariant.io.NfgReader;
import org.equivariant.io.NfgWriter;
import org.junit.jupiter.api.Test;

class AutomorphismSearchTest {
    static BigInteger factorial(int n) {
        BigInteger f = BigInteger.ONE;
        for (int k = 2; k <= n; k++) {
            f = f.multiply(BigInteger.valueOf(k));
        }
        return f;
    }

    @Test
    void identityCoordinationGameHasAgentSwapTimesActionRelabelings() {
        for (int n = 2; n <= 6; n++) {
            SymmetryGroup g = AutomorphismSearch.fullGroup(Games.identity(n, 2));
            assertThat(g.order()).as("I_%d", n).isEqualTo(factorial(n).multiply(BigInteger.TWO));
            assertThat(g.playerOrbits()).hasSize(1);
        }
        // three players: 3! agent permutations times n! common relabelings
        assertThat(AutomorphismSearch.fullGroup(Games.identity(3, 3)).order()).isEqualTo(BigInteger.valueOf(36));
    }

    @Test
    void matchingPenniesHasTheCyclicGroupOfOrderFour() {
        SymmetryGroup g = AutomorphismSearch.fullGroup(Games.MATCHING_PENNIES);
        assertThat(g.order()).isEqualTo(BigInteger.valueOf(4));
        List<GameSymmetry> all = g.elements();
        assertThat(all).anySatisfy(s -> {
            assertThat(s.players().isIdentity()).isFalse();
            assertThat(s.compose(s).isIdentity()).isFalse(); // an element of order 4: Z_4
        });
        all.forEach(s -> assertThat(s.isSymmetryOf(Games.MATCHING_PENNIES)).isTrue());
    }

    @Test
    void sharedGamesHaveOnlyTheIdentity() {
        for (String f : new String[] {"8x8.nfg", "3x3x3.nfg", "2x2x2.nfg", "const_sum_game.nfg"}) {
            assertThat(AutomorphismSearch.fullGroup(NfgReader.read(TestData.nfg(f))).order()).as(f)
                .isEqualTo(BigInteger.ONE);
        }
    }

    @Test
    void genericRandomGamesHaveOnlyTheIdentity() {
        Property.forAll("generic games are asymmetric", GameGen.games(2, 3, 2, 4, 1000))
            .shrinkWith(GameGen.shrinker(2, 2)).showWith(NfgWriter::write).tries(40)
            .check(g -> assertThat(AutomorphismSearch.fullGroup(g).order()).isEqualTo(BigInteger.ONE));
    }

    @Test
    void discoveryFindsAtLeastThePlantedGroupAndOnlyTrueSymmetries() {
        Property.forAll("planted symmetries are discovered", PlantedGame.planted(2, 3, 3, 4))
            .shrinkWith(PlantedGame.shrinker()).tries(40).check(pg -> {
                NormalFormGame g = pg.game();
                SymmetryGroup planted = pg.planted();
                SymmetryGroup found = AutomorphismSearch.fullGroup(g);
                assertThat(found.order()).isGreaterThanOrEqualTo(planted.order());
                assertThat(found.order().mod(planted.order())).isZero(); // Lagrange: planted is a subgroup
                for (GameSymmetry s : pg.generators()) {
                    assertThat(found.contains(s)).as("planted %s", s).isTrue();
                }
                SplittableRandom r = new SplittableRandom(7);
                for (int k = 0; k < 20; k++) {
                    GameSymmetry s = found.random(r);
                    assertThat(s.violation(g)).isEmpty();
                }
            });
    }

    @Test
    void badClaimedSymmetriesAreRejectedWithTheBrokenContingency() {
        NormalFormGame i3 = Games.identity(3, 2);
        GameSymmetry bad = GameSymmetry.parse("players (1 2); actions 1:(1 2)", i3.dims());
        assertThat(bad.violation(i3)).hasValueSatisfying(v -> assertThat(v)
            .contains("player 1 gets 1 at contingency (1,1)").contains("image player 2 gets 0")
            .contains("image contingency (1,2)"));
        assertThatThrownBy(() -> SymmetryGroup.of(i3, List.of(bad))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not a symmetry");
        NormalFormGame uneven = GameGen.games(2, 2, 2, 2, 3).generate(new SplittableRandom(1));
        assertThatThrownBy(() -> GameSymmetry.parse("players (1 2)",
            new int[] {2, 3})).hasMessageContaining("has 2 actions but is mapped to player 2 with 3");
        assertThat(GameSymmetry.parse("players (); actions 1:(1 2)", uneven.dims()).violation(Games.identity(3, 2)))
            .hasValueSatisfying(v -> assertThat(v).contains("action counts"));
        assertThatThrownBy(() -> GameSymmetry.parse("swap players", new int[] {2, 2}))
            .hasMessageContaining("expected 'players");
    }

    @Test
    void actionOnProfilesAndGamesComposesAndReynoldsAveragesAreInvariant() {
        SymmetryGroup g = AutomorphismSearch.fullGroup(Games.identity(3, 2));
        List<List<Rational>> pi = List.of(List.of(Rational.of(1, 2), Rational.of(1, 3), Rational.of(1, 6)),
            List.of(Rational.ONE, Rational.ZERO, Rational.ZERO));
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 20; k++) {
            GameSymmetry a = g.random(r);
            GameSymmetry b = g.random(r);
            assertThat(a.compose(b).apply(pi)).isEqualTo(a.apply(b.apply(pi)));
            assertThat(a.inverse().apply(a.apply(pi))).isEqualTo(pi);
        }
        List<List<Rational>> avg = g.average(pi, org.equivariant.arith.RationalField.INSTANCE);
        assertThat(avg.get(0)).containsOnly(Rational.of(1, 3));
        for (GameSymmetry s : g.elements()) {
            assertThat(s.apply(avg)).isEqualTo(avg);
        }
        NormalFormGame random = GameGen.games(2, 2, 3, 3, 5).generate(new SplittableRandom(9));
        NormalFormGame symmetric = g.average(random);
        for (GameSymmetry s : g.generators()) {
            assertThat(s.isSymmetryOf(symmetric)).isTrue();
            assertThat(s.apply(symmetric).payoffs()).isEqualTo(symmetric.payoffs());
        }
    }
}
