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
 * NPG-EX's hypothesis 4a_ic_i ≤ 1 at its exact boundary, with c_i, F̂_i and δ recomputed here from the game's tables
 * (proofs/NPG-EX.md: c = R + γF̂Δr/(1 − γδ) with equal action counts, a = γF̂/(8τ(1 − γδ)), so 4ac = 1 at
 * τ* = γF̂c/(2(1 − γδ)); δ the largest TV between any two next-state distributions).
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
        Rational delta = Rational.ZERO;
        for (int s = 0; s < g.numStates(); s++) {
            for (int a = 0; a < g.numJointActions(s); a++) {
                for (int t = 0; t < g.numStates(); t++) {
                    for (int b = 0; b < g.numJointActions(t); b++) {
                        Rational tv = Rational.ZERO;
                        for (int s2 = 0; s2 < g.numStates(); s2++) {
                            tv = tv.add(g.transition(s, a, s2).subtract(g.transition(t, b, s2)).abs());
                        }
                        delta = delta.max(tv.divide(Rational.TWO));
                    }
                }
            }
        }
        Rational gamma = g.discount();
        Rational oneMinus = Rational.ONE.subtract(gamma.multiply(delta));
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
     * NPG-EX's matrix for matching pennies at τ = 5/3, η = 3/5, by hand (constants of {@code MarkovContractionTest}):
     * own span 3, Δr = 3, F̂ = ½, δ = ½ so 1 − γδ = 3/5, c = 3 + γF̂·3/(3/5) = 5, a = 1/(12τ), 4ac = 5/(3τ) = 1 (the
     * boundary); x = c + 4ac·c = 10, Σ = (3 + x²/(8τ))/(3/5) = 35/2; D̂ = 4 + γ·1·Σ = 18, Ŝ = 2 + γ·½·Σ = 9;
     * v = 2γηF̂/(4(1 − γδ)) = 1/5; diagonal |1 − ητ| + v(Ŝ + x) = 19/5, off-diagonal ηD̂/4 + vŜ = 9/2.
     */
    @Test
    void theMatrixOfMatchingPenniesByHand() {
        MarkovNpgRate r = MarkovNpgRate.of(PENNIES, Rational.of(5, 3), Rational.of(3, 5));
        assertThat(r.x()).containsExactly(Rational.of(10), Rational.of(10));
        assertThat(r.sigma()).containsExactly(Rational.of(35, 2), Rational.of(35, 2));
        assertThat(r.fHat()).containsExactly(Rational.of(1, 2), Rational.of(1, 2));
        assertThat(r.sHat()).containsExactly(Rational.of(9), Rational.of(9));
        assertThat(r.dHat()).containsExactly(List.of(Rational.ZERO, Rational.of(18)),
            List.of(Rational.of(18), Rational.ZERO));
        assertThat(r.matrix()).containsExactly(List.of(Rational.of(19, 5), Rational.of(9, 2)),
            List.of(Rational.of(9, 2), Rational.of(19, 5)));
        assertThat(r.problem(List.of(Rational.ONE, Rational.ONE), Rational.of(1, 2)))
            .isEqualTo("(𝕄w)_1 = 83/10 exceeds κ w_1 = 1/2");
        assertThatThrownBy(() -> MarkovNpgRate.of(PENNIES, Rational.ONE, Rational.ONE))
            .hasMessage("NPG-EX needs 4·a·c ≤ 1 for agent 1, but 4ac = 1.667 at τ = 1 (τ too small for the "
                + "invariant set)");
    }
}
