package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.junit.jupiter.api.Test;

/**
 * BR-TAIL's conditions (proofs/BR-TAIL.md) on a 2×2 coordination game worked by hand, each refusing on its own, and
 * the bound of e^(−x) against big-math's exponential.
 */
class StrictTailTest {
    /** u₁ = u₂ = [[2, 0], [0, 1]]: a* = (1, 1) is strict with gain g = 2, M = 2; (2, 2) with gain 1. */
    private static final List<RationalTensor> COORDINATION = List.of(
        new RationalTensor(new int[] {2, 2}, List.of(Rational.of(2), Rational.ZERO, Rational.ZERO, Rational.ONE)),
        new RationalTensor(new int[] {2, 2}, List.of(Rational.of(2), Rational.ZERO, Rational.ZERO, Rational.ONE)));

    /** A box of points: each player's first action with probability 1 − off, then λ. */
    private static List<Interval> end(String off, String lambda) {
        BigDecimal p = BigDecimal.ONE.subtract(new BigDecimal(off));
        List<Interval> box = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            box.add(Interval.point(p));
            box.add(Interval.point(new BigDecimal(off)));
        }
        box.add(Interval.point(new BigDecimal(lambda)));
        return box;
    }

    private static StrictTail tail(int action, String delta) {
        return new StrictTail(List.of(action, action), Rational.of(new BigDecimal(delta)));
    }

    @Test
    void eachConditionRefusesOnItsOwn() {
        List<Interval> qre = end("1e-9", "30").subList(0, 4);
        // δ = 10⁻³: g' = 2 − 8·10⁻³, λ₀g' ≈ 39.8, e^(−39.8) ≈ 5·10⁻¹⁸ ≤ δ, q = 2·2·20·1·4·e^(−39.8) < 1
        assertThat(tail(0, "1e-3").problem(COORDINATION, end("1e-6", "20"), Rational.of(30), qre)).isNull();
        // δ = 1/4: g' = 2 − 4·2·¼ = 0
        assertThat(tail(0, "0.25").problem(COORDINATION, end("1e-6", "20"))).contains("gain left");
        // the other strict equilibrium: the end is far from it
        assertThat(tail(1, "1e-3").problem(COORDINATION, end("1e-6", "20"))).contains("chain's end does not lie");
        // δ below the end's distance from a*
        assertThat(tail(0, "1e-7").problem(COORDINATION, end("1e-6", "20"))).contains("chain's end does not lie");
        // λ₀ = 1/100: λ₀g' < 1
        assertThat(tail(0, "1e-3").problem(COORDINATION, end("1e-6", "0.01"))).contains("below 1");
        // λ₀ = 2: λ₀g' ≈ 3.98 ≥ 1 but e^(−3.98) ≈ 0.019 > δ
        assertThat(tail(0, "1e-3").problem(COORDINATION, end("1e-6", "2"))).contains("exceeds delta");
        // δ = 1/10, λ₀ = 2: g' = 1.2, e^(−2.4) ≈ 0.091 ≤ δ, but q = 16·2·e^(−2.4) ≈ 2.9
        assertThat(tail(0, "0.1").problem(COORDINATION, end("1e-6", "2"))).contains("contraction bound");
        // the target before the chain's end, and a QRE box outside B_δ
        assertThat(tail(0, "1e-3").problem(COORDINATION, end("1e-6", "20"), Rational.of(19), qre))
            .contains("is past lambda");
        assertThat(tail(0, "1e-3").problem(COORDINATION, end("1e-6", "20"), Rational.of(30),
            end("0.01", "30").subList(0, 4))).contains("QRE's enclosure");
        // actions and δ out of range
        assertThat(new StrictTail(List.of(0), Rational.of(1, 1000)).problem(COORDINATION, end("1e-6", "20")))
            .contains("1 actions for 2 players");
        assertThat(new StrictTail(List.of(0, 2), Rational.of(1, 1000)).problem(COORDINATION, end("1e-6", "20")))
            .contains("no action 3");
        assertThat(tail(0, "1").problem(COORDINATION, end("1e-6", "20"))).contains("not in (0, 1)");
    }

    /**
     * One player with payoffs (1, −1): g = 2, M = 1, N = 2, no other players (g' = g). At λ₀ = ½, λ₀g' = 1 exactly,
     * e^(−1) ≈ 0.368 ≤ δ = ½ and q = 2·1·½·1·2·e^(−1) ≈ 0.74: every condition holds at its boundary, an end box at
     * exactly 1 − δ lies in B_δ, and a chain's end at exactly the target λ is accepted.
     */
    @Test
    void theConditionsHoldAtTheirBoundaries() {
        List<RationalTensor> one = List.of(new RationalTensor(new int[] {2}, List.of(Rational.ONE,
            Rational.of(-1))));
        List<Interval> end = List.of(Interval.point(new BigDecimal("0.5")), Interval.point(new BigDecimal("0.5")),
            Interval.point(new BigDecimal("0.5")));
        StrictTail half = new StrictTail(List.of(0), Rational.of(1, 2));
        assertThat(half.problem(one, end, Rational.of(1, 2), end.subList(0, 2))).isNull();
        assertThat(new StrictTail(List.of(0), Rational.ZERO).problem(one, end)).contains("not in (0, 1)");
        List<RationalTensor> single = List.of(new RationalTensor(new int[] {1}, List.of(Rational.ONE)));
        assertThat(half.problem(single, end.subList(1, 3))).contains("no player has an action to deviate to");
        // a failing condition at the chain's end is named by the full check too
        assertThat(tail(0, "0.25").problem(COORDINATION, end("1e-6", "20"), Rational.of(30), end("1e-9", "30")
            .subList(0, 4))).contains("gain left");
        assertThat(new StrictTail(List.of(0, 2), Rational.of(1, 1000)).problem(COORDINATION, end("1e-6", "20")))
            .contains("player 2 has no action 3");
    }

    @Test
    void theExponentialsBoundLiesAboveItAndClose() {
        MathContext mc = new MathContext(60);
        for (String x : List.of("1", "2.5", "39.8", "700", "12345.6789", "1e6")) {
            BigDecimal exact = BigDecimalMath.exp(new BigDecimal(x).negate(), mc);
            BigDecimal bound = StrictTail.expNegativeAbove(Rational.of(new BigDecimal(x)));
            assertThat(bound).as("x = " + x).isGreaterThanOrEqualTo(exact);
            // (1 + x/2^30)^(2^30) ≥ e^(x − x²/2^31): the bound is within e^(x²/2^31) of the exponential
            double slack = Math.pow(Double.parseDouble(x), 2) / Math.pow(2, 31);
            assertThat(bound.divide(exact, mc).doubleValue()).as("x = " + x).isLessThanOrEqualTo(Math.exp(slack)
                * (1 + 1e-30) + 1e-12);
        }
        // past the cap of 10⁸, the bound of e^(−10⁸) still lies above e^(−x)
        assertThat(StrictTail.expNegativeAbove(Rational.of(1_000_000_000L))).isPositive()
            .isLessThan(new BigDecimal("1e-41000000"));
    }
}
