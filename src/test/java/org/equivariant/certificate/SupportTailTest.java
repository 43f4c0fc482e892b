package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.junit.jupiter.api.Test;

/**
 * MIX-TAIL's conditions (proofs/MIX-TAIL.md) on games worked by hand, each refusing on its own. In the 2×2 game
 * u₁ = [[2, 0], [0, 1]], u₂ = [[0, 1], [1, 0]] (rows player 1's actions) the one Nash equilibrium is
 * ((1/2, 1/2), (1/3, 2/3)): player 2 makes player 1 indifferent (2q = 1 − q), player 1 player 2 (p = 1 − p). The
 * 3×2 game adds a third action for player 1 that pays −1 against everything: it earns at least 1 less than the first.
 */
class SupportTailTest {
    private static final List<RationalTensor> PENNIES = List.of(
        tensor(new int[] {2, 2}, 2, 0, 0, 1),
        tensor(new int[] {2, 2}, 0, 1, 1, 0));
    private static final List<RationalTensor> WITH_A_BAD_ACTION = List.of(
        tensor(new int[] {3, 2}, 2, 0, -1, 0, 1, -1),
        tensor(new int[] {3, 2}, 0, 1, 0, 1, 0, 0));

    /** Entries in the tensor's order (the first player's action fastest). */
    private static RationalTensor tensor(int[] dims, int... entries) {
        List<Rational> data = new ArrayList<>();
        for (int e : entries) {
            data.add(Rational.of(e));
        }
        return new RationalTensor(dims, data);
    }

    /** A point box: the given probabilities, then λ. */
    private static List<Interval> end(String lambda, String... probabilities) {
        List<Interval> box = new ArrayList<>();
        for (String p : probabilities) {
            box.add(Interval.point(new BigDecimal(p)));
        }
        box.add(Interval.point(new BigDecimal(lambda)));
        return box;
    }

    private static SupportTail tail(List<List<Integer>> support, List<List<Rational>> center, String radius,
                                    String lambda0) {
        return new SupportTail(support, center, Rational.of(new BigDecimal(radius)), Rational.of(new BigDecimal(
            lambda0)));
    }

    private static final List<List<Integer>> FULL = List.of(List.of(0, 1), List.of(0, 1));
    private static final List<List<Rational>> EQUILIBRIUM = List.of(List.of(Rational.of(1, 2), Rational.of(1, 2)),
        List.of(Rational.of(1, 3), Rational.of(2, 3)));

    @Test
    void eachConditionRefusesOnItsOwn() {
        List<Interval> near = end("100", "0.5", "0.5", "0.334", "0.666");
        List<Interval> qre = end("200", "0.5", "0.5", "0.3333", "0.6667").subList(0, 4);
        // t ∈ [0, 1/100]: the curve moves by about t·|log ratio|/3 from the equilibrium, well inside r = 1/100
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "100").problem(PENNIES, near, Rational.of(200), qre)).isNull();
        // t ∈ [0, 1]: the term t·log σ moves the curve (and its slope) too far for the box
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "1").problem(PENNIES, near)).contains("Krawczyk test");
        // the chain's end outside the box, and below λ₀
        assertThat(tail(FULL, EQUILIBRIUM, "0.0001", "100").problem(PENNIES, near)).contains("does not lie");
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "150").problem(PENNIES, near)).contains("not beyond lambda0");
        // the target before the chain's end, and a QRE box outside the box
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "100").problem(PENNIES, near, Rational.of(99), qre))
            .contains("is past lambda");
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "100").problem(PENNIES, near, Rational.of(200),
            end("200", "0.6", "0.4", "0.3333", "0.6667").subList(0, 4))).contains("QRE's enclosure does not lie in "
            + "the tail's box");
        // player 2's second action off the support: it earns as much as the first at the centre
        List<List<Rational>> pure = List.of(EQUILIBRIUM.get(0), List.of(Rational.ONE));
        assertThat(tail(List.of(List.of(0, 1), List.of(0)), pure, "0.01", "100").problem(PENNIES,
            end("100", "0.5", "0.5", "0.999", "0.001"))).contains("is not worse");
        // shapes: a support out of order, a centre within the radius of 0, the wrong number of players
        assertThat(tail(List.of(List.of(1, 0), List.of(0, 1)), EQUILIBRIUM, "0.01", "100").problem(PENNIES, near))
            .contains("not an increasing list");
        assertThat(tail(FULL, EQUILIBRIUM, "0.5", "100").problem(PENNIES, near)).contains("within the radius of 0");
        assertThat(tail(FULL.subList(0, 1), EQUILIBRIUM.subList(0, 1), "0.01", "100").problem(PENNIES, near))
            .contains("for 1 and 1 players");
    }

    @Test
    void theBoxAndTheShapesHaveTheirBoundaries() {
        // the chain's end on the box's edge (centre + r) lies in the closed box; a hair beyond it does not
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "100").problem(PENNIES, end("100", "0.51", "0.49", "0.334",
            "0.666"))).isNull();
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "100").problem(PENNIES, end("100", "0.5100001", "0.49", "0.334",
            "0.666"))).contains("does not lie in the tail's box");
        // λ₀ equal to the end's λ is allowed
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "100").problem(PENNIES, end("100", "0.5", "0.5", "0.334",
            "0.666"), Rational.of(100), end("100", "0.5", "0.5", "0.334", "0.666").subList(0, 4))).isNull();
        List<Interval> near = end("100", "0.5", "0.5", "0.334", "0.666");
        assertThat(tail(List.of(List.of(0, 1), List.of(0, 2)), EQUILIBRIUM, "0.01", "100").problem(PENNIES, near))
            .contains("player 2's support [0, 2] is not an increasing list");
        assertThat(tail(List.of(List.of(-1, 0), List.of(0, 1)), EQUILIBRIUM, "0.01", "100").problem(PENNIES, near))
            .contains("not an increasing list");
        assertThat(tail(List.of(List.of(0, 0), List.of(0, 1)), EQUILIBRIUM, "0.01", "100").problem(PENNIES, near))
            .contains("not an increasing list");
        assertThat(tail(FULL, List.of(EQUILIBRIUM.get(0)), "0.01", "100").problem(PENNIES, near))
            .contains("supports and centres for 2 and 1 players");
        assertThat(tail(List.of(List.of(0, 1), List.of(0)), EQUILIBRIUM, "0.01", "100").problem(PENNIES, near))
            .contains("player 2's support is empty or does not match its centre");
        // a centre equal to the radius (player 2's 1/3; player 1's 1/2 is above it), a radius of 0 and λ₀ = 0
        assertThat(new SupportTail(FULL, EQUILIBRIUM, Rational.of(1, 3), Rational.of(100)).problem(PENNIES, near))
            .contains("player 2's centre [1/3, 2/3] comes within the radius of 0");
        assertThat(tail(FULL, EQUILIBRIUM, "0", "100").problem(PENNIES, near)).contains("must be positive");
        assertThat(tail(FULL, EQUILIBRIUM, "0.01", "0").problem(PENNIES, near)).contains("must be positive");
    }

    @Test
    void theMarginsBoundariesAndOnePlayer() {
        // one player, two actions paying 1 and 0: the second earns exactly 1 less (γ = 1 on every box), so λ₀ = 1
        // meets λ₀γ ≥ 1 (the Krawczyk test then decides) and λ₀ = 0.99 does not; from λ₀ = 100 the pure tail holds
        List<RationalTensor> alone = List.of(tensor(new int[] {2}, 1, 0));
        List<List<Integer>> one = List.of(List.of(0));
        List<List<Rational>> sure = List.of(List.of(Rational.ONE));
        assertThat(tail(one, sure, "0.01", "1").problem(alone, end("100", "1", "0"))).doesNotContain("below 1");
        assertThat(tail(one, sure, "0.01", "0.99").problem(alone, end("100", "1", "0"))).contains("below 1");
        assertThat(tail(one, sure, "0.01", "100").problem(alone, end("100", "1", "0"))).isNull();
        // two actions paying 1: the second's margin is exactly 0, not a positive γ
        assertThat(tail(one, sure, "0.01", "100").problem(List.of(tensor(new int[] {2}, 1, 1)), end("100", "1", "0")))
            .contains("is not worse");
    }

    @Test
    void theLimitsBoxMustHoldTheEquilibriumInsideTheTailsBox() {
        List<Interval> near = end("100", "0.5", "0.5", "0.334", "0.666");
        SupportTail t = tail(FULL, EQUILIBRIUM, "0.01", "100");
        Rational tiny = Rational.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(30));
        // the equilibrium ((1/2, 1/2), (1/3, 2/3)) itself, to 10⁻³⁰
        assertThat(t.withLimit(new SupportTail.Limit(EQUILIBRIUM, tiny)).problem(PENNIES, near)).isNull();
        // moved by 10⁻²⁰: no zero of H(·, 0) in the box
        Rational off = Rational.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(20));
        List<List<Rational>> moved = List.of(List.of(Rational.of(1, 2).add(off), Rational.of(1, 2)),
            EQUILIBRIUM.get(1));
        assertThat(t.withLimit(new SupportTail.Limit(moved, tiny)).problem(PENNIES, near))
            .contains("limit's box failed");
        // a box not inside the tail's, a radius above the tail's
        List<List<Rational>> far = List.of(List.of(Rational.of(3, 5), Rational.of(2, 5)), EQUILIBRIUM.get(1));
        assertThat(t.withLimit(new SupportTail.Limit(far, tiny)).problem(PENNIES, near)).contains("does not lie in the "
            + "tail's box");
        assertThat(t.withLimit(new SupportTail.Limit(EQUILIBRIUM, Rational.of(1, 50))).problem(PENNIES, near))
            .contains("at most the tail's");
        // the guards: a radius equal to the tail's is allowed (about a decimal centre, whose box is exact), 0 is not;
        // a centre per player of the right size; at most 2000 digits (a radius of 10⁻¹⁹⁸⁰ asks for exactly 2000)
        List<List<Rational>> decimal = List.of(EQUILIBRIUM.get(0), List.of(Rational.of(new BigDecimal("0.3333")),
            Rational.of(new BigDecimal("0.6667"))));
        SupportTail exact = tail(FULL, decimal, "0.01", "100");
        assertThat(exact.withLimit(new SupportTail.Limit(decimal, Rational.of(1, 100))).problem(PENNIES, near))
            .isNull();
        assertThat(t.withLimit(new SupportTail.Limit(EQUILIBRIUM, Rational.ZERO)).problem(PENNIES, near))
            .contains("a positive radius");
        assertThat(t.withLimit(new SupportTail.Limit(EQUILIBRIUM.subList(0, 1), tiny)).problem(PENNIES, near))
            .contains("a centre per player");
        assertThat(t.withLimit(new SupportTail.Limit(List.of(EQUILIBRIUM.get(0), List.of(Rational.ONE)), tiny))
            .problem(PENNIES, near)).contains("player 2's limit centre does not match its support");
        assertThat(t.withLimit(new SupportTail.Limit(EQUILIBRIUM, power(1980))).problem(PENNIES, near)).isNull();
        assertThat(t.withLimit(new SupportTail.Limit(EQUILIBRIUM, power(1981))).problem(PENNIES, near))
            .contains("asks for more than 2000 digits");
        assertThat(t.withLimit(new SupportTail.Limit(EQUILIBRIUM, tiny)).whence()).contains("tends to a Nash "
            + "equilibrium there, within 1E-30 of (0.5, 0.5; 0.33333333, 0.66666667) (MIX-TAIL)");
    }

    /** 10^−k. */
    private static Rational power(int k) {
        return Rational.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(k));
    }

    @Test
    void theClaimNamesItsBoxAndTheLimit() {
        SupportTail t = tail(FULL, EQUILIBRIUM, "0.01", "100");
        assertThat(t.theorem()).isEqualTo("MIX-TAIL");
        assertThat(t.whence()).isEqualTo("within 0.01 of (0.5, 0.5; 0.33333333, 0.66666667) on the supports [1, 2] x "
            + "[1, 2], whence the branch stays that close for every lambda >= 100 and tends to a Nash equilibrium "
            + "there (MIX-TAIL)");
        assertThat(new SupportTail(FULL, EQUILIBRIUM, Rational.of(1, 3), Rational.of(1, 3)).whence())
            .contains("within 1/3 of").contains("lambda >= 1/3 and");
        // decimals to 12 places written out, beyond that with an exponent
        assertThat(new SupportTail(FULL, EQUILIBRIUM, power(12), Rational.of(100)).whence())
            .contains("within 0.000000000001 of");
        assertThat(new SupportTail(FULL, EQUILIBRIUM, power(13), Rational.of(100)).whence())
            .contains("within 1E-13 of");
    }

    @Test
    void anActionOffTheSupportsNeedsLambdaZeroTimesItsMarginAtLeastOne() {
        List<List<Integer>> support = List.of(List.of(0, 1), List.of(0, 1));
        List<Interval> near = end("100", "0.5", "0.5", "0", "0.334", "0.666");
        // the third action earns −1 − 2q ≤ −1.6 less than the first on the box: λ₀γ ≈ 164 at λ₀ = 100
        assertThat(tail(support, EQUILIBRIUM, "0.01", "100").problem(WITH_A_BAD_ACTION, near)).isNull();
        // λ₀ = 1/2: λ₀γ ≈ 0.82 < 1
        assertThat(tail(support, EQUILIBRIUM, "0.01", "0.5").problem(WITH_A_BAD_ACTION, near)).contains("below 1");
        // the end with the bad action's probability beyond the radius
        assertThat(tail(support, EQUILIBRIUM, "0.01", "100").problem(WITH_A_BAD_ACTION, end("100", "0.5", "0.48",
            "0.02", "0.334", "0.666"))).contains("does not lie");
    }
}
