package org.equivariant.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.equivariant.TestData;
import org.equivariant.arith.Rational;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

class NfgReaderTest {
    @Test
    void everySharedGameLoads() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(TestData.nfgDirectory())) {
            files = s.filter(p -> p.toString().endsWith(".nfg")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path f : files) {
            NormalFormGame g = NfgReader.read(f);
            assertThat(g.numPlayers()).as(f.toString()).isBetween(2, 3);
            // the written payoff body reads back to the same game
            assertThat(NfgReader.read("roundtrip", NfgWriter.write(g)).payoffs()).isEqualTo(g.payoffs());
        }
    }

    @Test
    void outcomeBodyFollowsGambitContingencyOrder() {
        NormalFormGame g = NfgReader.read(TestData.nfg("2x2x2.nfg"));
        assertThat(g.dims()).containsExactly(2, 2, 2);
        // contingency 6 = (2,1,2) (player 1 fastest) carries outcome 6 = (3, 4, 6) in Gambit's file
        assertThat(List.of(g.payoff(0, 1, 0, 1), g.payoff(1, 1, 0, 1), g.payoff(2, 1, 0, 1)))
            .containsExactly(Rational.of(3), Rational.of(4), Rational.of(6));
        assertThat(g.payoff(2, 0, 0, 0)).isEqualTo(Rational.of(12));
        assertThat(g.payoff(2, 1, 1, 0)).isEqualTo(Rational.of(2));
    }

    @Test
    void payoffBodyWithLabelsAndDecimalsIsExact() {
        NormalFormGame coord = NfgReader.read(TestData.nfg("coord2.nfg"));
        assertThat(coord.payoff(0, 0, 0)).isEqualTo(Rational.of(3));
        assertThat(coord.payoff(1, 0, 0)).isEqualTo(Rational.of(2));
        assertThat(coord.payoff(0, 1, 1)).isEqualTo(Rational.of(2));
        assertThat(coord.payoff(0, 1, 0)).isEqualTo(Rational.ZERO);
        NormalFormGame g3 = NfgReader.read(TestData.nfg("3x3x3.nfg"));
        assertThat(g3.payoff(0, 0, 0, 0)).isEqualTo(Rational.of(1131, 1000));
        assertThat(g3.payoff(2, 2, 2, 2)).isEqualTo(Rational.of(2537, 1000));
        NormalFormGame cs = NfgReader.read(TestData.nfg("const_sum_game.nfg"));
        assertThat(cs.payoff(1, 1, 0)).isEqualTo(Rational.of(2));
    }

    @Test
    void bothBodiesOfMatchingPenniesGiveTheSameGame() {
        NormalFormGame payoff = NfgReader.read("mp1", "NFG 1 R \"Matching pennies\" { \"P1\" \"P2\" } { 2 2 }\n"
            + "1 -1  -1 1  -1 1  1 -1\n");
        NormalFormGame outcome = NfgReader.read("mp2", "NFG 1 R \"Matching pennies\" { \"P1\" \"P2\" }\n"
            + "{ { \"H\" \"T\" } { \"H\" \"T\" } }\n\"\"\n{\n{ \"P1 wins\" 1, -1 }\n{ \"P2 wins\" -1 1 }\n}\n1 2 2 1\n");
        assertThat(outcome.payoffs()).isEqualTo(payoff.payoffs());
        assertThat(outcome.sha256()).isEqualTo(payoff.sha256());
        assertThat(outcome.actions().get(0)).containsExactly("H", "T");
    }

    @Test
    void readsFractionsExponentsEscapesAndNullOutcomes() {
        NormalFormGame g = NfgReader.read("x", "NFG 1 D \"a \\\"quoted\\\" title\" { \"A\" \"B\" }\n"
            + "{ { \"x\" \"y\" } { \"z\" } } \"comment\"\n{ { \"\" 1/3 2.5e1 } } 1 0");
        assertThat(g.title()).isEqualTo("a \"quoted\" title");
        assertThat(g.payoff(0, 0, 0)).isEqualTo(Rational.of(1, 3));
        assertThat(g.payoff(1, 0, 0)).isEqualTo(Rational.of(25));
        assertThat(g.payoff(0, 1, 0)).isEqualTo(Rational.ZERO);
        assertThat(NfgReader.read("w", NfgWriter.write(g))).isEqualTo(g);
    }

    private static void assertError(String text, int line, int column, String reason) {
        assertThatThrownBy(() -> NfgReader.read("bad.nfg", text)).isInstanceOfSatisfying(FormatException.class, e -> {
            assertThat(e.line()).as("line of: " + e.getMessage()).isEqualTo(line);
            assertThat(e.column()).as("column of: " + e.getMessage()).isEqualTo(column);
            assertThat(e.getMessage()).startsWith("bad.nfg:" + line + ":" + column + ": ").contains(reason);
        });
    }

    @Test
    void malformedInputNamesLineColumnAndReason() {
        assertError("EFG 2 R \"x\"", 1, 1, "expected 'NFG'");
        assertError("NFG 2 R \"x\"", 1, 5, "unsupported .nfg version");
        assertError("NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 }\n1 1 0 2\n1 1.2.3 1 1", 3, 3, "'1.2.3' is not a number");
        assertError("NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 }\n1 1 0 2 1 1", 1, 25, "the strategy counts declare 8 "
            + "payoffs (2 per contingency), but the body holds only 6 numbers");
        assertError("NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 }\n1 1 0 2 1 1 1 1 7", 2, 17, "after the end of the game");
        assertError("NFG 1 R \"g\" { \"A\" \"B\" } { 2 0 }\n", 1, 29, "an integer from 1 to 999999999, found '0'");
        assertError("NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 2 }\n", 1, 33, "strategies given for 3 players");
        assertError("NFG 1 R \"g\" { \"A\" } { { \"a\" \"b\" } }\n{ { \"o\" 1 } }\n1 3", 3, 3,
            "outcome index must be an integer from 0 to 1, found '3'");
        assertError("NFG 1 R \"g\" { \"A\" \"B\" } { { \"a\" } { \"b\" } }\n{ { \"o\" 1 } }\n1", 2, 3,
            "outcome 1 has 1 payoffs, the game has 2 players");
        assertError("NFG 1 R \"unterminated { 2 }", 1, 9, "unterminated string");
    }
}
