package org.equivariant.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

class NfgRoundTripPropertyTest {
    /** Random games, half of them with labels that need escaping. */
    static final Gen<NormalFormGame> GAMES = r -> {
        NormalFormGame g = GameGen.games(1, 4, 1, 4, 5).generate(r);
        if (r.nextBoolean()) {
            return g;
        }
        List<List<String>> labels = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            List<String> a = new ArrayList<>();
            for (int k = 0; k < g.numActions(i); k++) {
                a.add("s\"" + i + "_" + k + " x");
            }
            labels.add(a);
        }
        return new NormalFormGame("t \"" + r.nextInt(100) + "\"", g.players(), labels, g.payoffs());
    };

    @Test
    void writeThenReadIsTheIdentity() {
        Property.forAll("nfg round trip", GAMES).shrinkWith(GameGen.shrinker(1, 1)).showWith(NfgWriter::write)
            .tries(200).check(g -> assertThat(NfgReader.read("roundtrip", NfgWriter.write(g))).isEqualTo(g));
    }
}
