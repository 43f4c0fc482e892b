package org.equivariant.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.equivariant.TestData;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.junit.jupiter.api.Test;

class DpomdpReaderTest {
    @Test
    void theBenchmarksLoadWithExactNumbers() {
        DecPomdp tiger = DpomdpReader.read(TestData.dpomdp("dectiger.dpomdp"));
        assertThat(tiger.numAgents()).isEqualTo(2);
        assertThat(tiger.states()).containsExactly("tiger-left", "tiger-right");
        assertThat(tiger.initial()).containsExactly(Rational.of(1, 2), Rational.of(1, 2));
        int listen = DecPomdp.jointIndex(tiger.actionCounts(), new int[] {0, 0});
        int hl = DecPomdp.jointIndex(tiger.observationCounts(), new int[] {0, 0});
        assertThat(tiger.observation(listen, 0, hl)).isEqualTo(Rational.parse("0.7225"));
        assertThat(tiger.transition(listen, 0, 0)).isEqualTo(Rational.ONE);
        int openLeftBoth = DecPomdp.jointIndex(tiger.actionCounts(), new int[] {1, 1});
        assertThat(tiger.expectedReward(0, openLeftBoth)).isEqualTo(Rational.of(-50));
        assertThat(tiger.transition(openLeftBoth, 0, 1)).isEqualTo(Rational.of(1, 2)); // "T: * : uniform"
        DecPomdp recycling = DpomdpReader.read(TestData.dpomdp("recycling.dpomdp"));
        assertThat(recycling.discount()).isEqualTo(Rational.of(9, 10));
        assertThat(recycling.numJointActions()).isEqualTo(9);
        DecPomdp bc = DpomdpReader.read(TestData.dpomdp("broadcastChannel.dpomdp"));
        assertThat(bc.initial()).containsExactly(Rational.ZERO, Rational.ZERO, Rational.ZERO, Rational.ONE);
        assertThat(bc.transition(0, 2, 0)).isEqualTo(Rational.parse("0.09")); // send send : * : S00
    }

    @Test
    void exampleDpomdpIsASyntaxDemoWithInvalidReferences() {
        // it names action index 2 of agent 2, who has two actions (line 199 "T: 1 2 :")
        assertThatThrownBy(() -> DpomdpReader.readUnchecked(TestData.dpomdp("example.dpomdp")))
            .isInstanceOf(FormatException.class)
            .hasMessageEndingWith("example.dpomdp:199:6: action of agent 2 index 2 out of range 0..1");
    }

    @Test
    void everyConstructOfTheExampleParses() throws Exception {
        // the example without its five statements that reference non-existent actions or states
        List<String> lines = Files.readAllLines(TestData.dpomdp("example.dpomdp"));
        Set<Integer> invalid = Set.of(199, 200, 201, 243, 244, 245, 262, 263, 270, 273);
        List<String> kept = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            kept.add(invalid.contains(k + 1) ? "# removed" : lines.get(k));
        }
        DecPomdp m = DpomdpReader.parse("example-fixed", String.join("\n", kept));
        assertThat(m.initial()).containsExactly(Rational.ONE, Rational.ZERO); // start exclude: s2
        assertThat(m.actions().get(0)).containsExactly("agent1-a1", "a12", "a13");
        assertThat(m.observations().get(1)).containsExactly("hear-left", "hear-right");
        // later statements overwrite earlier ones: joint action 3 = (a12, 1) ends with the "T: 3 :" matrix
        assertThat(m.transition(3, 0, 1)).isEqualTo(Rational.parse("0.2233"));
        assertThat(m.transition(3, 1, 0)).isEqualTo(Rational.parse("0.2244"));
        assertThat(m.transition(1, 0, 0)).isEqualTo(Rational.parse("0.123")); // "T: 1 : 0 :" row, joint index 1
        assertThat(m.transition(0, 0, 1)).isEqualTo(Rational.parse("0.88888")); // "T: 0 0 : 0 :" row
        assertThat(m.transition(2, 0, 0)).isEqualTo(Rational.ONE); // "T: 2 : identity"
        assertThat(m.transition(4, 1, 0)).isEqualTo(Rational.of(1, 2)); // "T: * * : * : * : 0.5"
        int a13x0 = DecPomdp.jointIndex(m.actionCounts(), new int[] {2, 0});
        assertThat(a13x0).isEqualTo(4);
        assertThat(m.observation(2, 1, 3)).isEqualTo(Rational.parse("0.0225")); // "O: 1 0 : 1 : * hear-right"
        assertThat(m.observation(0, 0, 2)).isEqualTo(Rational.parse("0.9")); // "O: 0 0 : * : * : 0.9"
        // "R: 2 1 : 1 : * : * : 9" and "R: 1 0: 0 : * : * : -100": r(s,a) = Σ T O R with R constant over (s', o)
        assertThat(m.expectedReward(1, 5)).isEqualTo(Rational.of(9).multiply(mass(m, 1, 5)));
        assertThat(m.expectedReward(0, 2)).isEqualTo(Rational.of(-100).multiply(mass(m, 0, 2)));
        // the syntax demo is not a stochastic model: its rows are reported
        assertThat(m.problems()).anyMatch(p -> p.contains("sums to") && p.contains("not 1"));
    }

    /** Σ_{s',o} T(s'|s,a) O(o|a,s'), written out from the model's accessors (1 for a stochastic model). */
    private static Rational mass(DecPomdp m, int s, int a) {
        Rational total = Rational.ZERO;
        for (int s2 = 0; s2 < m.numStates(); s2++) {
            for (int o = 0; o < m.numJointObservations(); o++) {
                total = total.add(m.transition(a, s, s2).multiply(m.observation(a, s2, o)));
            }
        }
        return total;
    }

    private static void assertError(String text, int line, String reason) {
        assertThatThrownBy(() -> DpomdpReader.parse("bad.dpomdp", text)).isInstanceOfSatisfying(FormatException.class,
            e -> {
                assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                assertThat(e.getMessage()).contains(reason);
            });
    }

    static final String HEAD = "agents: 2\ndiscount: 1\nvalues: reward\nstates: a b\nstart:\nuniform\nactions:\n2\n2\n"
        + "observations:\n1\n1\n";

    @Test
    void malformedFilesNameLineAndReason() {
        assertError("agents: 2\nvalues: reward\n", 2, "expected 'discount:'");
        assertError(HEAD + "T: * :\nuniform\nT: 0 0 : a : c : 1\n", 15, "unknown state 'c'");
        assertError(HEAD + "T: * : a :\n0.5 x\n", 14, "'x' is not a number");
        assertError(HEAD + "T: * :\n0.5 0.5\n", 13, "transition matrix: expected 4 numbers");
        assertError(HEAD + "O: 0 0 0 : * : * : 1\n", 13, "has 3 components, there are 2 agents");
        assertError(HEAD + "X: 1\n", 13, "expected a 'T:', 'O:' or 'R:' statement");
        assertError(HEAD.replace("values: reward", "values: money"), 3, "values must be 'reward' or 'cost'");
        assertError(HEAD + "T: 7 : * : * : 1\n", 13, "joint action index 7 out of range 0..3");
    }

    @Test
    void strictReadingRejectsNonStochasticRows() throws Exception {
        java.nio.file.Path f = Files.createTempFile("bad", ".dpomdp");
        Files.writeString(f, HEAD + "T: * :\nidentity\nO: * :\nuniform\nT: 0 0 : a :\n0.5 0.6\n");
        assertThatThrownBy(() -> DpomdpReader.read(f)).hasMessageContaining("T(.|a, a0 a0) sums to 11/10, not 1");
        Files.writeString(f, HEAD + "T: * :\nidentity\nO: * :\nuniform\nT: 0 0 : a :\n1.5 -0.5\n");
        assertThatThrownBy(() -> DpomdpReader.read(f)).hasMessageContaining("outside [0, 1]");
        Files.delete(f);
    }
}
