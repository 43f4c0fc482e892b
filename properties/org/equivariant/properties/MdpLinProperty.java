package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.SplittableRandom;
import java.math.BigDecimal;
import org.equivariant.arith.DecimalField;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Field;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * MDP-LIN (proofs/MDP-LIN.md), the one-state case (γ = 0, a bandit with rewards r): entropy-regularized NPG with
 * 0 &lt; η ≤ 1/τ maps logits θ ↦ (1 − ητ)θ + ηr (up to constants) and the Hilbert distance to π* = softmax(r/τ)
 * contracts by exactly 1 − ητ each step. Everything is exact rational arithmetic on logits. A wrong rate is caught.
 * For discounted MDPs (γ &gt; 0) the proved bounds are checked in interval arithmetic on random MDPs, with Q* and
 * Q^{(t)} enclosed rigorously: 0 ≤ Q* − Q^{(t+1)} ≤ γC(1 − ητ)^t, Q^{(t+1)} ≥ Q^{(t)}, and
 * max_s sp(log π*_s − log π^{(t+1)}_s) ≤ C τ⁻¹ (1 − ητ)^t, C ≤ Cen et al.'s C₁; a squared rate is caught.
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

    record Mdp(int states, int actions, Rational[][][] p, Rational[][] r, Rational gamma, Rational tau,
               Rational alpha, long seed) {
        @Override
        public String toString() {
            return "MDP with " + states + " states, " + actions + " actions, P " + java.util.Arrays.deepToString(p)
                + ", r " + java.util.Arrays.deepToString(r) + ", gamma " + gamma + ", tau " + tau + ", eta tau/(1-gamma) = "
                + alpha + ", seed " + seed;
        }
    }

    static final Gen<Mdp> MDPS = r -> {
        int ns = r.nextInt(1, 4);
        int na = r.nextInt(2, 4);
        Rational[][][] p = new Rational[ns][na][ns];
        Rational[][] rew = new Rational[ns][na];
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < na; a++) {
                p[s][a] = org.equivariant.gen.Weights.distribution(r, ns, 1, 10);
                rew[s][a] = Rational.of(r.nextInt(0, 11), 10);
            }
        }
        return new Mdp(ns, na, p, rew, Rational.of(r.nextInt(1, 10), 10), Rational.of(r.nextInt(1, 30), 10),
            Rational.of(r.nextInt(1, 11), 10), r.nextLong());
    };

    static final IntervalField F = new IntervalField(40);
    static final DecimalField D = DecimalField.ofDigits(50);

    /** (r + γPV)(s, a) in any field. */
    static <T> List<List<T>> backup(Mdp m, List<T> v, Field<T> f) {
        List<List<T>> q = new ArrayList<>();
        for (int s = 0; s < m.states(); s++) {
            List<T> row = new ArrayList<>();
            for (int a = 0; a < m.actions(); a++) {
                T cont = f.zero();
                for (int s2 = 0; s2 < m.states(); s2++) {
                    cont = f.add(cont, f.multiply(f.of(m.p()[s][a][s2]), v.get(s2)));
                }
                row.add(f.add(f.of(m.r()[s][a]), f.multiply(f.of(m.gamma()), cont)));
            }
            q.add(row);
        }
        return q;
    }

    /**
     * V ↦ T^π V, (T^π V)(s) = Σ_a π(a|s)[(r + γPV)(s,a) − τ log π(a|s)], for the policies π = softmax(logits) (and
     * their entropy terms, computed once: the operator is iterated hundreds of times).
     */
    static <T> UnaryOperator<List<T>> policyBackup(Mdp m, List<List<T>> logits, ExpField<T> f) {
        List<List<T>> pis = new ArrayList<>();
        List<T> entropies = new ArrayList<>();
        for (int s = 0; s < m.states(); s++) {
            List<T> pi = f.softmax(logits.get(s));
            pis.add(pi);
            entropies.add(f.multiply(f.of(m.tau()), f.entropy(pi)));
        }
        return v -> {
            List<List<T>> q = backup(m, v, f);
            List<T> out = new ArrayList<>();
            for (int s = 0; s < m.states(); s++) {
                out.add(f.add(f.dot(pis.get(s), q.get(s)), entropies.get(s)));
            }
            return out;
        };
    }

    /** (T*V)(s) = τ log Σ_a exp((r + γPV)(s,a)/τ), the soft Bellman optimality operator. */
    static <T> List<T> optimalBackup(Mdp m, List<T> v, ExpField<T> f) {
        List<T> out = new ArrayList<>();
        T tau = f.of(m.tau());
        for (List<T> row : backup(m, v, f)) {
            T sum = f.zero();
            for (T x : row) {
                sum = f.add(sum, f.exp(f.divide(x, tau)));
            }
            out.add(f.multiply(tau, f.log(sum)));
        }
        return out;
    }

    /**
     * A rigorous enclosure of the fixed point of a γ-contraction T from an approximation v: ‖V − v‖∞ ≤
     * ‖Tv − v‖∞/(1 − γ), with Tv evaluated in intervals (for a box of policies, for every policy in it).
     */
    static List<Interval> enclose(Mdp m, List<BigDecimal> v, java.util.function.Function<List<Interval>, List<Interval>> t) {
        List<Interval> point = v.stream().map(Interval::point).toList();
        List<Interval> tv = t.apply(point);
        BigDecimal res = BigDecimal.ZERO;
        for (int s = 0; s < v.size(); s++) {
            res = res.max(F.subtract(tv.get(s), point.get(s)).magnitude());
        }
        Interval e = F.divide(Interval.point(res), F.of(Rational.ONE.subtract(m.gamma())));
        return point.stream().map(x -> x.inflate(e.hi())).toList();
    }

    /** Iterates an operator in 50-digit decimals from 0 until it stalls (an approximation, enclosed afterwards). */
    static List<BigDecimal> iterate(Mdp m, java.util.function.UnaryOperator<List<BigDecimal>> t) {
        List<BigDecimal> v = java.util.Collections.nCopies(m.states(), BigDecimal.ZERO);
        for (int it = 0; it < 5000; it++) {
            List<BigDecimal> next = t.apply(v);
            BigDecimal d = BigDecimal.ZERO;
            for (int s = 0; s < v.size(); s++) {
                d = d.max(next.get(s).subtract(v.get(s)).abs());
            }
            v = next;
            if (d.compareTo(new BigDecimal("1e-45")) < 0) {
                break;
            }
        }
        return v;
    }

    /** Q^π enclosed for every policy in the logit box. */
    static List<List<Interval>> softQ(Mdp m, List<List<Interval>> logits) {
        List<List<BigDecimal>> mid = logits.stream().map(row -> row.stream().map(Interval::mid).toList()).toList();
        List<BigDecimal> v = iterate(m, policyBackup(m, mid, D));
        return backup(m, enclose(m, v, policyBackup(m, logits, F)), F);
    }

    static BigDecimal maxAbove(List<List<Interval>> a, List<List<Interval>> b) {
        BigDecimal d = BigDecimal.ZERO;
        for (int s = 0; s < a.size(); s++) {
            for (int x = 0; x < a.get(s).size(); x++) {
                d = d.max(F.subtract(a.get(s).get(x), b.get(s).get(x)).magnitude());
            }
        }
        return d;
    }

    /** An upper bound on max_s sp_a(x(s,a)/τ − logits(s,a)), the Hilbert distance of the policies. */
    static BigDecimal spanGap(List<List<Interval>> x, List<List<Interval>> logits, Rational tau) {
        BigDecimal worst = BigDecimal.ZERO;
        for (int s = 0; s < x.size(); s++) {
            BigDecimal hi = null;
            BigDecimal lo = null;
            for (int a = 0; a < x.get(s).size(); a++) {
                Interval d = F.subtract(F.divide(x.get(s).get(a), F.of(tau)), logits.get(s).get(a));
                hi = hi == null ? d.hi() : hi.max(d.hi());
                lo = lo == null ? d.lo() : lo.min(d.lo());
            }
            worst = worst.max(hi.subtract(lo));
        }
        return worst;
    }

    @Test
    void discountedMdpsObeyTheLinearRate() {
        Property.forAll("MDP-LIN discounted", MDPS).tries(12).check(m -> checkDiscounted(m, 1));
    }

    @Test
    void aSquaredRateIsCaughtOnDiscountedMdps() {
        Throwable t = catchThrowable(() -> Property.forAll("MDP-LIN discounted mutant", MDPS).tries(12)
            .check(m -> checkDiscounted(m, 2)));
        assertThat(t).isInstanceOf(AssertionError.class).hasMessageContaining("failed");
    }

    /**
     * Checks the theorem (γ &gt; 0 part) in interval arithmetic with the rate (1 − ητ)^{power·t}; power 1 is the
     * theorem. Q* and every Q^{(t)} are enclosed rigorously (residual bound of the γ-contraction); the iterates are
     * carried as interval logits ξ ↦ (1 − α)ξ + αQ/τ, α = ητ/(1 − γ).
     */
    static void checkDiscounted(Mdp m, int power) {
        int ns = m.states();
        int na = m.actions();
        Rational etaTau = m.alpha().multiply(Rational.ONE.subtract(m.gamma()));
        Rational keep = Rational.ONE.subtract(etaTau);
        List<List<Interval>> qStar = backup(m, enclose(m, iterate(m, x -> optimalBackup(m, x, D)),
            x -> optimalBackup(m, x, F)), F);
        SplittableRandom r = new SplittableRandom(m.seed());
        List<List<Interval>> logits = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            List<Interval> row = new ArrayList<>();
            for (int a = 0; a < na; a++) {
                row.add(F.of(Rational.of(r.nextInt(-20, 21), 10)));
            }
            logits.add(row);
        }
        List<List<Interval>> q = softQ(m, logits);
        // C = ‖Q* − Q⁽⁰⁾‖∞ + (1 − α) τ max_s sp(log π*_s − log π⁽⁰⁾_s), at most Cen et al.'s C₁
        Rational c = Rational.of(maxAbove(qStar, q)).add(Rational.ONE.subtract(m.alpha()).multiply(m.tau())
            .multiply(Rational.of(spanGap(qStar, logits, m.tau()))));
        Interval a = F.of(m.alpha());
        Interval oneMinusA = F.of(Rational.ONE.subtract(m.alpha()));
        for (int t = 0; t < 12; t++) {
            List<List<Interval>> next = new ArrayList<>();
            for (int s = 0; s < ns; s++) {
                List<Interval> row = new ArrayList<>();
                for (int x = 0; x < na; x++) {
                    row.add(F.add(F.multiply(oneMinusA, logits.get(s).get(x)),
                        F.divide(F.multiply(a, q.get(s).get(x)), F.of(m.tau()))));
                }
                next.add(row);
            }
            logits = next;
            List<List<Interval>> previous = q;
            q = softQ(m, logits);
            Rational rate = keep.pow(power * t);
            for (int s = 0; s < ns; s++) {
                for (int x = 0; x < na; x++) {
                    Interval gap = F.subtract(qStar.get(s).get(x), q.get(s).get(x));
                    assertThat(gap.hi().signum()).as("Q* ≥ Q at t = %d", t + 1).isNotNegative();
                    assertThat(F.subtract(q.get(s).get(x), previous.get(s).get(x)).hi().signum())
                        .as("monotone improvement at t = %d", t + 1).isNotNegative();
                }
            }
            assertThat(Rational.of(maxAbove(qStar, q))).as("Q bound at t = %d", t + 1)
                .isLessThanOrEqualTo(m.gamma().multiply(c).multiply(rate));
            assertThat(Rational.of(spanGap(qStar, logits, m.tau()))).as("policy bound at t = %d", t + 1)
                .isLessThanOrEqualTo(c.multiply(rate).divide(m.tau()));
        }
    }

    @Test
    void aWrongRateIsCaught() {
        Throwable t = catchThrowable(() -> Property.forAll("MDP-LIN mutant", CASES).tries(50)
            .check(c -> check(c, Rational.ONE.subtract(c.etaTau().divide(Rational.TWO)))));
        assertThat(t).isInstanceOf(AssertionError.class).hasMessageContaining("failed");
    }
}
