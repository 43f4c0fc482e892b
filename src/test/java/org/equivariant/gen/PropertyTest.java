package org.equivariant.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The property runner reports seed and shrunk counterexample, and the seed reproduces the failure. */
class PropertyTest {
    @AfterEach
    void clearSeed() {
        System.clearProperty("prop.seed");
    }

    static void noThreePlayerGames(NormalFormGame g) {
        if (g.numPlayers() >= 3 && g.payoff(0, new int[g.numPlayers()]).signum() >= 0) {
            throw new AssertionError("three players and a non-negative first payoff");
        }
    }

    @Test
    void failingPropertyPrintsSeedAndAMinimalCounterexample() {
        Property<NormalFormGame> p = Property.forAll("deliberately false", GameGen.games(2, 4, 2, 4, 3))
            .shrinkWith(GameGen.shrinker(2, 1)).showWith(NfgWriter::write).tries(200);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> p.check(PropertyTest::noThreePlayerGames));
        assertThat(t).isInstanceOf(AssertionError.class);
        String msg = t.getMessage();
        assertThat(msg).contains("property 'deliberately false' failed").contains("-Dprop.seed=");
        // shrunk to 3 players with one action each and payoff 0: the smallest failing game
        assertThat(msg).contains("{ 1 1 1 }").contains("three players");
        Matcher m = Pattern.compile("seed (-?\\d+) ").matcher(msg);
        assertThat(m.find()).isTrue();

        System.setProperty("prop.seed", m.group(1));
        assertThatThrownBy(() -> p.check(PropertyTest::noThreePlayerGames))
            .hasMessageContaining("failed at try 1 of 1, seed " + m.group(1));
    }

    @Test
    void sameSeedSameGames() {
        Gen<NormalFormGame> g = GameGen.games(2, 4, 2, 4, 3);
        assertThat(g.generate(new java.util.SplittableRandom(7))).isEqualTo(g.generate(new java.util.SplittableRandom(7)));
        int n = Property.forAll("holds", g).tries(5).check(x -> assertThat(x.numPlayers()).isBetween(2, 4));
        assertThat(n).isEqualTo(5 * Property.scale());
    }

    @Test
    void shrinkerSimplifiesPayoffsTowardZeroAndIntegers() {
        NormalFormGame g = GameGen.games(2, 2, 2, 2, 3).generate(new java.util.SplittableRandom(3));
        assertThat(GameGen.shrinker(2, 2).shrink(g)).allSatisfy(s -> {
            assertThat(s.numPlayers()).isEqualTo(2);
            assertThat(s.dims()).containsExactly(2, 2);
        });
        assertThat(GameGen.shrinker(2, 2).shrink(g).anyMatch(s -> s.payoffs().stream()
            .flatMap(t -> t.data().stream()).filter(Rational::isZero).count() > g.payoffs().stream()
            .flatMap(t -> t.data().stream()).filter(Rational::isZero).count())).isTrue();
    }
}
