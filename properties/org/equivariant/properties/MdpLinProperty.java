package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * MDP-LIN (proofs/MDP-LIN.md), the one-state case (γ = 0, a bandit with rewards r): entropy-regularized NPG with
 * 0 &lt; η ≤ 1/τ maps logits θ ↦ (1 − ητ)θ + ηr (up to constants) and the Hilbert distance to π* = softmax(r/τ)
 * contracts by exactly 1 − ητ each step. Everything is exact rational arithmetic on logits. A wrong rate is caught.
 */
class MdpLinProperty {
    record Case(List<Rational> rewards, List<Rational> theta0, Rational tau, Rational etaTau) {
    }

    static final Gen<Case> CASES = r -> {
        int m = r.nextInt(2, 6);
        List<Rational> rew = new ArrayList<>();
        List<Rational> th = new ArrayList<>();
        for (int a = 0; a < m; a++) {
            rew.add(Rational.of(r.nextInt(-20, 21), r.nextInt(1, 5)));
            th.add(Rational.of(r.nextInt(-20, 21), r.nextInt(1, 5)));
        }
        return new Case(rew, th, Rational.of(r.nextInt(1, 20), r.nextInt(1, 5)), Rational.of(r.nextInt(1, 11), 10));
    };

    static Rational span(List<Rational> v) {
        Rational lo = v.get(0);
        Rational hi = v.get(0);
        for (Rational x : v) {
            lo = lo.min(x);
            hi = hi.max(x);
        }
        return hi.subtract(lo);
    }

    /** d_H(softmax(θ), softmax(r/τ)) = sp(θ − r/τ), exactly. */
    static Rational distance(List<Rational> theta, Case c) {
        List<Rational> diff = new ArrayList<>();
        for (int a = 0; a < theta.size(); a++) {
            diff.add(theta.get(a).subtract(c.rewards().get(a).divide(c.tau())));
        }
        return span(diff);
    }

    static void check(Case c, Rational claimedRate) {
        Rational eta = c.etaTau().divide(c.tau());
        Rational keep = Rational.ONE.subtract(eta.multiply(c.tau()));
        List<Rational> theta = c.theta0();
        Rational d0 = distance(theta, c);
        Rational bound = d0;
        for (int t = 1; t <= 25; t++) {
            List<Rational> next = new ArrayList<>();
            for (int a = 0; a < theta.size(); a++) {
                next.add(keep.multiply(theta.get(a)).add(eta.multiply(c.rewards().get(a))));
            }
            theta = next;
            bound = bound.multiply(claimedRate);
            assertThat(distance(theta, c)).as("step %d", t).isEqualTo(bound);
        }
    }

    @Test
    void theHilbertDistanceContractsByExactlyOneMinusEtaTau() {
        Property.forAll("MDP-LIN bandit", CASES).tries(200)
            .check(c -> check(c, Rational.ONE.subtract(c.etaTau())));
    }

    @Test
    void aWrongRateIsCaught() {
        Throwable t = catchThrowable(() -> Property.forAll("MDP-LIN mutant", CASES).tries(50)
            .check(c -> check(c, Rational.ONE.subtract(c.etaTau().divide(Rational.TWO)))));
        assertThat(t).isInstanceOf(AssertionError.class).hasMessageContaining("failed");
    }
}
