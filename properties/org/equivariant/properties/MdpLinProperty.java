package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/**
 * MDP-LIN (proofs/MDP-LIN.md), the one-state case (γ = 0, a bandit with rewards r): entropy-regularized NPG with
 * 0 &lt; η ≤ 1/τ maps logits θ ↦ (1 − ητ)θ + ηr (up to constants) and the Hilbert distance to π* = softmax(r/τ)
 * contracts by exactly 1 − ητ each step. Everything is exact rational arithmetic on logits. A wrong rate is caught.
 * For discounted MDPs (γ &gt; 0) the bounds of Cen et al. (2020), Theorem 1, are checked in 40-digit decimals on
 * random MDPs: ‖Q* − Q^{(t+1)}‖∞ ≤ C₁γ(1 − ητ)^t and ‖log π* − log π^{(t+1)}‖∞ ≤ 2C₁τ⁻¹(1 − ητ)^t.
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

    record Mdp(int states, int actions, double[][][] p, double[][] r, Rational gamma, Rational tau, Rational etaFrac,
               long seed) {
        @Override
        public String toString() {
            return "MDP with " + states + " states, " + actions + " actions, gamma " + gamma + ", tau " + tau
                + ", eta = " + etaFrac + "(1-gamma)/tau, seed " + seed;
        }
    }

    static final Gen<Mdp> MDPS = r -> {
        int ns = r.nextInt(1, 4);
        int na = r.nextInt(2, 4);
        double[][][] p = new double[ns][na][ns];
        double[][] rew = new double[ns][na];
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < na; a++) {
                double total = 0;
                for (int s2 = 0; s2 < ns; s2++) {
                    p[s][a][s2] = r.nextInt(1, 10);
                    total += p[s][a][s2];
                }
                for (int s2 = 0; s2 < ns; s2++) {
                    p[s][a][s2] /= total;
                }
                rew[s][a] = r.nextInt(0, 11) / 10.0;
            }
        }
        return new Mdp(ns, na, p, rew, Rational.of(r.nextInt(1, 10), 10), Rational.of(r.nextInt(1, 30), 10),
            Rational.of(r.nextInt(1, 11), 10), r.nextLong());
    };

    /** Soft policy evaluation Q_τ^π = r + γ P V, V = (I − γP_π)⁻¹(r_π + τH(π)), in decimals. */
    static java.math.BigDecimal[][] softQ(Mdp m, java.math.BigDecimal[][] pi, org.equivariant.arith.DecimalField f) {
        int ns = m.states();
        int na = m.actions();
        java.math.BigDecimal g = f.of(m.gamma());
        java.math.BigDecimal tau = f.of(m.tau());
        List<List<java.math.BigDecimal>> a = new ArrayList<>();
        List<java.math.BigDecimal> b = new ArrayList<>();
        for (int s = 0; s < ns; s++) {
            List<java.math.BigDecimal> row = new ArrayList<>();
            for (int s2 = 0; s2 < ns; s2++) {
                java.math.BigDecimal ps = java.math.BigDecimal.ZERO;
                for (int x = 0; x < na; x++) {
                    ps = f.add(ps, f.multiply(pi[s][x], f.of(Rational.of(new java.math.BigDecimal(m.p()[s][x][s2])))));
                }
                row.add(f.subtract(s == s2 ? f.one() : f.zero(), f.multiply(g, ps)));
            }
            a.add(row);
            java.math.BigDecimal rs = java.math.BigDecimal.ZERO;
            for (int x = 0; x < na; x++) {
                rs = f.add(rs, f.multiply(pi[s][x], f.subtract(f.of(Rational.of(new java.math.BigDecimal(m.r()[s][x]))),
                    f.multiply(tau, f.log(pi[s][x])))));
            }
            b.add(rs);
        }
        List<java.math.BigDecimal> v = org.equivariant.arith.LinearAlgebra.solve(f, a, b);
        java.math.BigDecimal[][] q = new java.math.BigDecimal[ns][na];
        for (int s = 0; s < ns; s++) {
            for (int x = 0; x < na; x++) {
                java.math.BigDecimal cont = java.math.BigDecimal.ZERO;
                for (int s2 = 0; s2 < ns; s2++) {
                    cont = f.add(cont, f.multiply(f.of(Rational.of(new java.math.BigDecimal(m.p()[s][x][s2]))),
                        v.get(s2)));
                }
                q[s][x] = f.add(f.of(Rational.of(new java.math.BigDecimal(m.r()[s][x]))), f.multiply(g, cont));
            }
        }
        return q;
    }

    static double maxDiff(java.math.BigDecimal[][] x, java.math.BigDecimal[][] y) {
        double d = 0;
        for (int s = 0; s < x.length; s++) {
            for (int a = 0; a < x[s].length; a++) {
                d = Math.max(d, x[s][a].subtract(y[s][a]).abs().doubleValue());
            }
        }
        return d;
    }

    @Test
    void discountedMdpsObeyTheCenBounds() {
        Property.forAll("MDP-LIN discounted", MDPS).tries(20).check(m -> checkCen(m, 1));
    }

    @Test
    void aSquaredRateIsCaughtOnDiscountedMdps() {
        Throwable t = catchThrowable(() -> Property.forAll("MDP-LIN discounted mutant", MDPS).tries(20)
            .check(m -> checkCen(m, 2)));
        assertThat(t).isInstanceOf(AssertionError.class).hasMessageContaining("failed");
    }

    /** Checks the bounds with the rate (1 − ητ)^{power·t}; power 1 is the theorem. */
    static void checkCen(Mdp m, int power) {
        org.equivariant.arith.DecimalField f = org.equivariant.arith.DecimalField.ofDigits(40);
        int ns = m.states();
        int na = m.actions();
        java.math.BigDecimal tau = f.of(m.tau());
        java.math.BigDecimal oneMinusG = f.of(Rational.ONE.subtract(m.gamma()));
        Rational eta = m.etaFrac().multiply(Rational.ONE.subtract(m.gamma())).divide(m.tau());
        java.math.BigDecimal e = f.of(eta);
        // Q*: soft value iteration to 40 digits; π* = softmax(Q*/τ)
        java.math.BigDecimal[][] qs = new java.math.BigDecimal[ns][na];
        for (java.math.BigDecimal[] row : qs) {
            java.util.Arrays.fill(row, java.math.BigDecimal.ZERO);
        }
        java.math.BigDecimal[][] piStar = new java.math.BigDecimal[ns][];
        for (int it = 0; it < 2000; it++) {
            java.math.BigDecimal[] vs = new java.math.BigDecimal[ns];
            for (int s = 0; s < ns; s++) {
                List<java.math.BigDecimal> logits = new ArrayList<>();
                for (int a = 0; a < na; a++) {
                    logits.add(f.divide(qs[s][a], tau));
                }
                piStar[s] = f.softmax(logits).toArray(new java.math.BigDecimal[0]);
                java.math.BigDecimal v = java.math.BigDecimal.ZERO;
                for (int a = 0; a < na; a++) {
                    v = f.add(v, f.multiply(piStar[s][a], f.subtract(qs[s][a], f.multiply(tau,
                        f.log(piStar[s][a])))));
                }
                vs[s] = v;
            }
            java.math.BigDecimal[][] next = new java.math.BigDecimal[ns][na];
            for (int s = 0; s < ns; s++) {
                for (int a = 0; a < na; a++) {
                    java.math.BigDecimal cont = java.math.BigDecimal.ZERO;
                    for (int s2 = 0; s2 < ns; s2++) {
                        cont = f.add(cont, f.multiply(f.of(Rational.of(new java.math.BigDecimal(m.p()[s][a][s2]))),
                            vs[s2]));
                    }
                    next[s][a] = f.add(f.of(Rational.of(new java.math.BigDecimal(m.r()[s][a]))),
                        f.multiply(f.of(m.gamma()), cont));
                }
            }
            boolean done = maxDiff(next, qs) < 1e-36;
            qs = next;
            if (done) {
                break;
            }
        }
        SplittableRandom r = new SplittableRandom(m.seed());
        java.math.BigDecimal[][] pi = new java.math.BigDecimal[ns][];
        for (int s = 0; s < ns; s++) {
            List<java.math.BigDecimal> logits = new ArrayList<>();
            for (int a = 0; a < na; a++) {
                logits.add(f.of(Rational.of(r.nextInt(-20, 21), 10)));
            }
            pi[s] = f.softmax(logits).toArray(new java.math.BigDecimal[0]);
        }
        java.math.BigDecimal[][] q = softQ(m, pi, f);
        double logGap0 = 0;
        for (int s = 0; s < ns; s++) {
            for (int a = 0; a < na; a++) {
                logGap0 = Math.max(logGap0, f.log(piStar[s][a]).subtract(f.log(pi[s][a])).abs().doubleValue());
            }
        }
        double etaTau = eta.multiply(m.tau()).doubleValue();
        double c1 = maxDiff(qs, q) + 2 * m.tau().doubleValue() * (1 - etaTau / (1 - m.gamma().doubleValue()))
            * logGap0;
        java.math.BigDecimal keep = f.subtract(f.one(), f.divide(f.multiply(e, tau), oneMinusG));
        for (int t = 0; t < 15; t++) {
            for (int s = 0; s < ns; s++) {
                List<java.math.BigDecimal> logits = new ArrayList<>();
                for (int a = 0; a < na; a++) {
                    logits.add(f.add(f.multiply(keep, f.log(pi[s][a])), f.divide(f.multiply(e, q[s][a]),
                        oneMinusG)));
                }
                pi[s] = f.softmax(logits).toArray(new java.math.BigDecimal[0]);
            }
            q = softQ(m, pi, f);
            double rate = Math.pow(1 - etaTau, power * t);
            double qGap = maxDiff(qs, q);
            double logGap = 0;
            for (int s = 0; s < ns; s++) {
                for (int a = 0; a < na; a++) {
                    logGap = Math.max(logGap, f.log(piStar[s][a]).subtract(f.log(pi[s][a])).abs().doubleValue());
                }
            }
            assertThat(qGap).as("Q bound at t = %d", t + 1)
                .isLessThanOrEqualTo(c1 * m.gamma().doubleValue() * rate * (1 + 1e-12) + 1e-30);
            assertThat(logGap).as("log-policy bound at t = %d", t + 1)
                .isLessThanOrEqualTo(2 * c1 / m.tau().doubleValue() * rate * (1 + 1e-12) + 1e-30);
        }
    }

    @Test
    void aWrongRateIsCaught() {
        Throwable t = catchThrowable(() -> Property.forAll("MDP-LIN mutant", CASES).tries(50)
            .check(c -> check(c, Rational.ONE.subtract(c.etaTau().divide(Rational.TWO)))));
        assertThat(t).isInstanceOf(AssertionError.class).hasMessageContaining("failed");
    }
}
