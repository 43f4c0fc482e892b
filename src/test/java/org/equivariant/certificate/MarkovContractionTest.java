package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.game.MarkovGame;
import org.equivariant.io.MarkovGameReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * MQRE-U's contraction matrix 𝕄 (proofs/MQRE-U.md) on Markov matching pennies, every constant worked out by hand
 * below from the game's tables (γ = 4/5; in s1 the matched profiles HH, TT lead to (½, ½) and the mismatched to s2,
 * in s2 every profile leads to (½, ½); r₁ = −r₂ with r₁ = 1, −1, −1, 1 in s1 and 2, −1, −1, 1 in s2):
 * <ul>
 *   <li>F̂_i = ½ (in s1 one agent's change moves (½, ½) to (0, 1)), G_i(s1) = ½, G_i(s2) = 0;</li>
 *   <li>every next-state distribution is (½, ½) or (0, 1), so the Dobrushin coefficient δ is ½;</li>
 *   <li>the others' reward span is 2 in s1 and 3 in s2; Δr_i = 3, ℓ_i = 0, so Σ_i = 3/(1 − γδ) = 5;</li>
 *   <li>Ŝ_i = max(2 + γ·½·5, 3 + 0) = 4; D̂_ik = max(4 + γ·1·5, 5 + γ·0·5) = 8 (second differences 4 and 5 of
 *       the rewards, ½‖Δ²P‖₁ = 1 and 0);</li>
 *   <li>at τ = 1, η = ½: |1 − ητ| = ½, ηD̂/4 = 1, 2γηF̂ = 2/5, Ŝ/4 = 1, γ = 4/5.</li>
 * </ul>
 */
class MarkovContractionTest {
    static final MarkovGame PENNIES = MarkovNpgRateTest.PENNIES;

    static Rational r(long p, long q) {
        return Rational.of(p, q);
    }

    @Test
    void theMatrixOfMatchingPenniesFromItsTables() {
        MarkovContraction m = MarkovContraction.of(PENNIES, Rational.ONE, r(1, 2));
        assertThat(MarkovContraction.dobrushin(PENNIES)).isEqualTo(r(1, 2));
        assertThat(m.sigma()).containsExactly(r(5, 1), r(5, 1));
        assertThat(m.fHat()).containsExactly(r(1, 2), r(1, 2));
        assertThat(m.sHat()).containsExactly(r(4, 1), r(4, 1));
        assertThat(m.dHat()).containsExactly(List.of(Rational.ZERO, r(8, 1)), List.of(r(8, 1), Rational.ZERO));
        Rational half = r(1, 2);
        Rational z = Rational.ZERO;
        Rational one = Rational.ONE;
        assertThat(m.matrix()).containsExactly(
            List.of(half, one, r(2, 5), z),
            List.of(one, half, z, r(2, 5)),
            List.of(z, one, r(4, 5), z),
            List.of(one, z, z, r(4, 5)));
        for (int i = 0; i < 2; i++) {
            assertThat(MarkovContraction.ownMove(PENNIES, 0, i)).isEqualTo(half);
            assertThat(MarkovContraction.ownMove(PENNIES, 1, i)).isEqualTo(z);
            assertThat(MarkovContraction.othersMove(PENNIES, 0, i)).isEqualTo(half);
            assertThat(MarkovContraction.othersMove(PENNIES, 1, i)).isEqualTo(z);
            assertThat(MarkovContraction.othersSpan(PENNIES, 0, i)).isEqualTo(r(2, 1));
            assertThat(MarkovContraction.othersSpan(PENNIES, 1, i)).isEqualTo(r(3, 1));
            assertThat(MarkovContraction.ownSpan(PENNIES, 1, i)).isEqualTo(r(3, 1));
            assertThat(MarkovContraction.jointSpan(PENNIES, 0, i)).isEqualTo(r(2, 1));
            assertThat(MarkovContraction.jointSpan(PENNIES, 1, i)).isEqualTo(r(3, 1));
        }
        // every pair of joint actions of s1: (½, ½) against (0, 1) is the largest move; s2 does not move
        assertThat(MarkovContraction.anyMove(PENNIES, 0)).isEqualTo(half);
        assertThat(MarkovContraction.anyMove(PENNIES, 1)).isEqualTo(z);
    }

    /**
     * A game in which agent 1's own change, the other's change and any change bound differently: r₁ = 0, 1, 2, 3 and
     * next states s1, (½, ½), s2, s2 for aa, ab, ba, bb (r₂ = 0). Agent 1 changing moves r₁ by 2 and the state by up
     * to 1 (aa → ba); agent 2 changing moves r₁ by 1 and the state by up to ½ (aa → ab); both changing moves r₁ by 3.
     */
    @Test
    void ownOthersAndAnyChangeBoundsAreDistinguished() {
        MarkovGame g = MarkovGameReader.read("lopsided.json", """
            {"format": "equivariant-markov-game-1", "name": "lopsided", "agents": ["1", "2"], "discount": "1/2",
             "initial": {"s1": "1"}, "states": [
              {"name": "s1", "actions": [["a", "b"], ["a", "b"]], "outcomes": [
                {"actions": ["a", "a"], "rewards": ["0", "0"], "next": {"s1": "1"}},
                {"actions": ["a", "b"], "rewards": ["1", "0"], "next": {"s1": "1/2", "s2": "1/2"}},
                {"actions": ["b", "a"], "rewards": ["2", "0"], "next": {"s2": "1"}},
                {"actions": ["b", "b"], "rewards": ["3", "0"], "next": {"s2": "1"}}]},
              {"name": "s2", "actions": [["a"], ["a"]], "outcomes": [
                {"actions": ["a", "a"], "rewards": ["0", "0"], "next": {"s1": "1"}}]}]}
            """, Limits.DEFAULT);
        Rational half = r(1, 2);
        assertThat(MarkovContraction.ownSpan(g, 0, 0)).isEqualTo(r(2, 1));
        assertThat(MarkovContraction.othersSpan(g, 0, 0)).isEqualTo(Rational.ONE);
        assertThat(MarkovContraction.jointSpan(g, 0, 0)).isEqualTo(r(3, 1));
        assertThat(MarkovContraction.ownMove(g, 0, 0)).isEqualTo(Rational.ONE);
        assertThat(MarkovContraction.othersMove(g, 0, 0)).isEqualTo(half);
        assertThat(MarkovContraction.ownMove(g, 0, 1)).isEqualTo(half);
        assertThat(MarkovContraction.othersMove(g, 0, 1)).isEqualTo(Rational.ONE);
        assertThat(MarkovContraction.anyMove(g, 0)).isEqualTo(Rational.ONE);
        // second differences: |0 − 1 − 2 + 3| = 0 for r₁, and ½‖P(aa) − P(ab) − P(ba) + P(bb)‖₁ = ½(½ + ½)
        assertThat(MarkovContraction.contrast(g, 0, 0, 1, false)).isEqualTo(Rational.ZERO);
        assertThat(MarkovContraction.contrast(g, 0, 0, 1, true)).isEqualTo(half);
        assertThat(MarkovContraction.ownSpan(g, 0, 1)).isEqualTo(Rational.ZERO);
    }

    /**
     * The span bound Σ = (Δr + τℓ)/(1 − γδ) compares next-state distributions across states, and is attained: one
     * agent with one action, r = 1 in s1 and 0 in s2, γ = ½, so V = r + γPV at every τ. Absorbing states (δ = 1, though
     * no state's own rows differ): V = (2, 0), span 2 = 1/(1 − ½). Rows (½, ½) and (¼, ¾) (δ = ¼): V₂ = V₁/5 and
     * V₁ = 1 + (V₁ + V₂)/4, so V = (10/7, 2/7), span 8/7 = 1/(1 − ⅛). A bound over each state's own rows (0) would
     * give 1, below both spans.
     */
    @Test
    void theSpanBoundComparesTransitionsAcrossStatesAndIsAttained() {
        for (String[] c : new String[][] {{"{\"s1\": \"1\"}", "{\"s2\": \"1\"}", "1", "2"},
            {"{\"s1\": \"1/2\", \"s2\": \"1/2\"}", "{\"s1\": \"1/4\", \"s2\": \"3/4\"}", "1/4", "8/7"}}) {
            MarkovGame g = MarkovGameReader.read("two.json", """
                {"format": "equivariant-markov-game-1", "name": "two", "agents": ["1"], "discount": "1/2",
                 "initial": {"s1": "1"}, "states": [
                  {"name": "s1", "actions": [["a"]], "outcomes": [{"actions": ["a"], "rewards": ["1"], "next": %s}]},
                  {"name": "s2", "actions": [["a"]], "outcomes": [{"actions": ["a"], "rewards": ["0"], "next": %s}]}]}
                """.formatted(c[0], c[1]), Limits.DEFAULT);
            assertThat(MarkovContraction.dobrushin(g)).isEqualTo(Rational.parse(c[2]));
            assertThat(MarkovContraction.of(g, r(3, 1), r(1, 3)).sigma()).containsExactly(Rational.parse(c[3]));
        }
    }

    /**
     * Past its limit on pairs δ is Doeblin's bound 1 − Σ_s′ min P(s′): one agent with one action in three states whose
     * next-state distributions are (½, ½, 0), (0, ½, ½) and (½, 0, ½) — every two ½ apart, while no state is reached
     * from all three, so the bound is 1. Where the maximum and the bound agree (matching pennies), the same ½.
     */
    @Test
    void pastItsLimitOnPairsTheCoefficientIsDoeblinsBound() {
        MarkovGame g = MarkovGameReader.read("three.json", """
            {"format": "equivariant-markov-game-1", "name": "three", "agents": ["1"], "discount": "1/2",
             "initial": {"s1": "1"}, "states": [
              {"name": "s1", "actions": [["a"]], "outcomes": [{"actions": ["a"], "rewards": ["1"],
                "next": {"s1": "1/2", "s2": "1/2"}}]},
              {"name": "s2", "actions": [["a"]], "outcomes": [{"actions": ["a"], "rewards": ["0"],
                "next": {"s2": "1/2", "s3": "1/2"}}]},
              {"name": "s3", "actions": [["a"]], "outcomes": [{"actions": ["a"], "rewards": ["0"],
                "next": {"s1": "1/2", "s3": "1/2"}}]}]}
            """, Limits.DEFAULT);
        assertThat(MarkovContraction.dobrushin(g)).isEqualTo(r(1, 2));
        assertThat(MarkovContraction.dobrushin(g, 9)).isEqualTo(r(1, 2)); // 3 pairs × 3 states
        assertThat(MarkovContraction.dobrushin(g, 8)).isEqualTo(Rational.ONE);
        assertThat(MarkovContraction.dobrushin(PENNIES, 0)).isEqualTo(r(1, 2));
    }

    @Test
    void theStepMustLieInTheHalfOpenInterval() {
        assertThat(MarkovContraction.of(PENNIES, r(2, 1), r(1, 2)).matrix().get(0).get(0)).isEqualTo(Rational.ZERO);
        // another step from the same constants: the same matrix as derived afresh, and the same refusal
        assertThat(MarkovContraction.of(PENNIES, r(2, 1), r(1, 2)).at(r(1, 8))).isEqualTo(MarkovContraction.of(
            PENNIES, r(2, 1), r(1, 8)));
        assertThatThrownBy(() -> MarkovContraction.of(PENNIES, r(2, 1), r(1, 2)).at(r(3, 5)))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("needs τ > 0 and 0 < η ≤ 1/τ");
        for (Rational[] bad : new Rational[][] {{r(2, 1), r(3, 5)}, {Rational.ZERO, r(1, 2)}, {r(2, 1), Rational.ZERO},
            {r(-1, 1), r(-1, 2)}}) {
            assertThatThrownBy(() -> MarkovContraction.of(PENNIES, bad[0], bad[1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("needs τ > 0 and 0 < η ≤ 1/τ");
        }
    }

    /** log(a/b) is bounded from above tightly, and exactly 0 when the counts agree. */
    @Test
    void theActionLogIsATightUpperBound() {
        assertThat(MarkovContraction.logUpper(3, 3)).isEqualTo(Rational.ZERO);
        Rational l = MarkovContraction.logUpper(3, 2);
        // log(3/2) = 0.405465108108164381978013115464349136571990423462494928...
        Rational below = Rational.parse("0.4054651081081643819780131154643491365719");
        assertThat(l).isGreaterThanOrEqualTo(below);
        assertThat(l.subtract(below)).isLessThan(Rational.parse("1e-28"));
        assertThat(MarkovContraction.actionLog(PENNIES, 0)).isEqualTo(Rational.ZERO);
    }

    /** The Perron check's refusals, each naming its row, at the exact boundaries. */
    @Test
    void thePerronCheckAtItsBoundaries() {
        List<List<Rational>> m = List.of(List.of(r(1, 2), r(1, 4)), List.of(r(1, 4), r(1, 4)));
        List<Rational> w = List.of(Rational.ONE, Rational.ONE);
        assertThat(MarkovContraction.perronProblem(m, w, r(3, 4))).isNull(); // row 1 exactly κw₁
        assertThat(MarkovContraction.perronProblem(m, w, r(2, 3)))
            .isEqualTo("(𝕄w)_1 = 3/4 exceeds κ w_1 = 2/3");
        assertThat(MarkovContraction.perronProblem(List.of(m.get(1), m.get(0)), w, r(2, 3)))
            .isEqualTo("(𝕄w)_2 = 3/4 exceeds κ w_2 = 2/3");
        assertThat(MarkovContraction.perronProblem(m, w, Rational.ONE)).isEqualTo("κ = 1 is not below 1");
        assertThat(MarkovContraction.perronProblem(m, List.of(Rational.ONE, Rational.ZERO), r(3, 4)))
            .isEqualTo("w_2 = 0 is not positive");
        assertThat(MarkovContraction.perronProblem(m, List.of(Rational.ONE), r(3, 4)))
            .isEqualTo("w has 1 entries, the contraction matrix 2 rows");
    }
}
