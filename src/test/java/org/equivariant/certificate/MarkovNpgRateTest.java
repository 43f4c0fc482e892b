package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;
import org.equivariant.io.Bundled;
import org.equivariant.io.MarkovGameReader;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * NPG-EX's hypothesis 4a_ic_i ≤ 1 at its exact boundary, with c_i and F̂_i recomputed here from the game's tables
 * (proofs/NPG-EX.md: c = R + γF̂Δr/(1 − γ) with equal action counts, a = γF̂/(8τ(1 − γ)), so 4ac = 1 at
 * τ* = γF̂c/(2(1 − γ))).
 */
class MarkovNpgRateTest {
    static final MarkovGame PENNIES = MarkovGameReader.read("mp", Bundled.text("bundled:markov_matching_pennies",
        Limits.DEFAULT), Limits.DEFAULT);

    /** τ* for agent i, from the tables. */
    static Rational boundary(MarkovGame g, int i) {
        Rational own = Rational.ZERO;
        Rational lo = null;
        Rational hi = null;
        Rational f = Rational.ZERO;
        for (int s = 0; s < g.numStates(); s++) {
            int[] counts = g.actionCounts(s);
            for (int a = 0; a < g.numJointActions(s); a++) {
                Rational r = g.reward(s, a, i);
                lo = lo == null ? r : lo.min(r);
                hi = hi == null ? r : hi.max(r);
                int[] ca = DecPomdp.components(counts, a);
                for (int b = 0; b < g.numJointActions(s); b++) {
                    int[] cb = DecPomdp.components(counts, b);
                    boolean onlyOwn = true;
                    for (int j = 0; j < counts.length; j++) {
                        onlyOwn &= j == i || ca[j] == cb[j];
                    }
                    if (!onlyOwn) {
                        continue;
                    }
                    own = own.max(r.subtract(g.reward(s, b, i)).abs());
                    Rational tv = Rational.ZERO;
                    for (int s2 = 0; s2 < g.numStates(); s2++) {
                        tv = tv.add(g.transition(s, a, s2).subtract(g.transition(s, b, s2)).abs());
                    }
                    f = f.max(tv.divide(Rational.TWO));
                }
            }
        }
        Rational gamma = g.discount();
        Rational oneMinus = Rational.ONE.subtract(gamma);
        Rational c = own.add(gamma.multiply(f).multiply(hi.subtract(lo)).divide(oneMinus));
        return gamma.multiply(f).multiply(c).divide(Rational.TWO.multiply(oneMinus));
    }

    @Test
    void theHypothesisHoldsExactlyFromItsBoundaryOn() {
        Rational star = boundary(PENNIES, 0).max(boundary(PENNIES, 1));
        assertThat(star.signum()).isPositive();
        MarkovNpgRate at = MarkovNpgRate.of(PENNIES, star, star.reciprocal());
        assertThat(at.x()).hasSize(2);
        Rational below = star.multiply(Rational.of(999_999, 1_000_000));
        assertThatThrownBy(() -> MarkovNpgRate.of(PENNIES, below, below.reciprocal()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4·a·c ≤ 1");
        assertThatThrownBy(() -> MarkovNpgRate.of(PENNIES, star, star.reciprocal().multiply(Rational.TWO)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < η ≤ 1/τ");
        assertThatThrownBy(() -> MarkovNpgRate.of(PENNIES, star, Rational.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(MarkovNpgRate.of(PENNIES, star, star.reciprocal().divide(Rational.of(4))).matrix()).hasSize(2);
    }

    /**
     * NPG-EX's matrix for matching pennies at τ = 9, η = 1/9, by hand (constants of {@code MarkovContractionTest}):
     * own span 3, Δr = 3, F̂ = ½, so c = 3 + γF̂·3/(1 − γ) = 9, a = 1/(4τ), 4ac = 9/τ = 1 (the boundary);
     * x = c + 4ac·c = 18, Σ = (3 + x²/(8τ))/(1 − γ) = 75/2; D̂ = 4 + γ·1·Σ = 34, Ŝ = 2 + γ·½·Σ = 17;
     * v = 2γηF̂/(4(1 − γ)) = 1/9; diagonal |1 − ητ| + v(Ŝ + x) = 35/9, off-diagonal ηD̂/4 + vŜ = 17/6.
     */
    @Test
    void theMatrixOfMatchingPenniesByHand() {
        MarkovNpgRate r = MarkovNpgRate.of(PENNIES, Rational.of(9), Rational.of(1, 9));
        assertThat(r.x()).containsExactly(Rational.of(18), Rational.of(18));
        assertThat(r.sigma()).containsExactly(Rational.of(75, 2), Rational.of(75, 2));
        assertThat(r.fHat()).containsExactly(Rational.of(1, 2), Rational.of(1, 2));
        assertThat(r.sHat()).containsExactly(Rational.of(17), Rational.of(17));
        assertThat(r.dHat()).containsExactly(List.of(Rational.ZERO, Rational.of(34)),
            List.of(Rational.of(34), Rational.ZERO));
        assertThat(r.matrix()).containsExactly(List.of(Rational.of(35, 9), Rational.of(17, 6)),
            List.of(Rational.of(17, 6), Rational.of(35, 9)));
        assertThat(r.problem(List.of(Rational.ONE, Rational.ONE), Rational.of(1, 2)))
            .isEqualTo("(𝕄w)_1 = 121/18 exceeds κ w_1 = 1/2");
        assertThatThrownBy(() -> MarkovNpgRate.of(PENNIES, Rational.of(8), Rational.of(1, 8)))
            .hasMessage("NPG-EX needs 4·a·c ≤ 1 for agent 1, but 4ac = 1.125 at τ = 8 (τ too small for the "
                + "invariant set)");
    }
}
