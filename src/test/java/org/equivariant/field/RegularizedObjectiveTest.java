package org.equivariant.field;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/** Golden NPG trajectories and QREs of sun2024 §9 (50-digit mpmath values), reproduced in interval arithmetic. */
class RegularizedObjectiveTest {
    static final IntervalField F = new IntervalField(60);

    static NormalFormGame bimatrix(int[] r1, int[] r2) {
        int[] dims = {2, 2};
        List<Rational> a = new ArrayList<>();
        List<Rational> b = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            a.add(Rational.of(r1[k]));
            b.add(Rational.of(r2[k]));
        }
        return NormalFormGame.of("bimatrix", List.of(new RationalTensor(dims, a), new RationalTensor(dims, b)));
    }

    // flat order (a1, a2): (1,1) (2,1) (1,2) (2,2)
    static final NormalFormGame BATTLE = bimatrix(new int[] {2, 0, 0, 1}, new int[] {1, 0, 0, 2});
    static final NormalFormGame COORD = bimatrix(new int[] {1, 0, 0, 1}, new int[] {1, 0, 0, 1});
    static final NormalFormGame PENNIES = bimatrix(new int[] {1, -1, -1, 1}, new int[] {-1, 1, 1, -1});

    static List<List<Interval>> logs(double[][] p) {
        List<List<Interval>> out = new ArrayList<>();
        for (double[] row : p) {
            List<Interval> r = new ArrayList<>();
            for (double x : row) {
                r.add(F.log(Interval.point(new BigDecimal(Double.toString(x)))));
            }
            out.add(r);
        }
        return out;
    }

    static List<List<Interval>> uniformLogs() {
        return logs(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
    }

    /** Hilbert metric between two-point distributions given by log-probabilities. */
    static Interval hilbert(List<Interval> lp, List<Interval> lq) {
        Interval d = F.subtract(F.subtract(lp.get(0), lq.get(0)), F.subtract(lp.get(1), lq.get(1)));
        return d.lo().signum() >= 0 ? d : d.negate();
    }

    static void assertNear(Interval x, String golden, String tol) {
        assertThat(x.mid().subtract(new BigDecimal(golden)).abs()).as("%s vs %s", x, golden)
            .isLessThan(new BigDecimal(tol));
    }

    @Test
    void battleOfTheSexesQreAndNpgTrajectory() {
        QreResult r = QreSolver.solve(BATTLE, Rational.ONE, QreSolver.Options.digits(30));
        assertThat(r.verdict()).isEqualTo(Verdict.UNIQUE); // D = 3, κ = 3/4 < τ = 1
        Rational p = r.qres().get(0).profile().get(0).get(0);
        assertThat(p.subtract(Rational.parse("0.571150753282999605605568559427")).abs())
            .isLessThan(Rational.parse("1e-29"));
        assertThat(r.qres().get(0).profile().get(1).get(1)).isEqualTo(p);

        RegularizedObjective<Interval> obj = new RegularizedObjective<>(BATTLE, Rational.ONE, F);
        List<List<Interval>> star = new ArrayList<>();
        for (List<Rational> pi : r.qres().get(0).profile()) {
            star.add(pi.stream().map(x -> F.log(F.of(x))).toList());
        }
        List<List<Interval>> lp = uniformLogs();
        String[] golden = {"0.286547740151", "0.036547740151", "0.0048124914797", "0.000637503559044"};
        for (int t = 0; t < golden.length; t++) {
            for (int i = 0; i < 2; i++) {
                assertNear(hilbert(lp.get(i), star.get(i)), golden[t], "1e-11");
            }
            if (t == 1) {
                assertNear(F.exp(lp.get(0).get(0)), "0.56217650088579810403", "1e-19");
            }
            lp = obj.npgStep(lp, Rational.of(1, 2));
        }
    }

    @Test
    void coordinationNpgTrajectoryBelowThreshold() {
        RegularizedObjective<Interval> obj = new RegularizedObjective<>(COORD, Rational.of(3, 5), F);
        List<List<Interval>> uniform = uniformLogs();
        List<List<Interval>> lp = logs(new double[][] {{0.9, 0.1}, {0.2, 0.8}});
        String[][] golden = {{"2.19722457734", "1.38629436112"}, {"0.278889830934", "0.245482255552"},
            {"0.233684371283", "0.23674096265"}, {"0.211294458767", "0.211009744755"}};
        for (String[] g : golden) {
            assertNear(hilbert(lp.get(0), uniform.get(0)), g[0], "1e-10");
            assertNear(hilbert(lp.get(1), uniform.get(1)), g[1], "1e-10");
            lp = obj.npgStep(lp, Rational.ONE);
        }
        lp = obj.npgStep(logs(new double[][] {{0.9, 0.1}, {0.2, 0.8}}), Rational.ONE);
        assertNear(F.exp(lp.get(0).get(0)), "0.56927403021473438011", "1e-19");
    }

    @Test
    void matchingPenniesNpgTrajectory() {
        RegularizedObjective<Interval> obj = new RegularizedObjective<>(PENNIES, Rational.TWO, F);
        List<List<Interval>> uniform = uniformLogs();
        List<List<Interval>> lp = logs(new double[][] {{0.75, 0.25}, {1.0 / 3, 2.0 / 3}});
        lp.set(1, List.of(F.log(F.of(Rational.of(1, 3))), F.log(F.of(Rational.of(2, 3)))));
        String[][] golden = {{"1.09861228867", "0.69314718056"}, {"0.382639477667", "0.59657359028"},
            {"0.0464477318125", "0.392796349926"}};
        for (String[] g : golden) {
            assertNear(hilbert(lp.get(0), uniform.get(0)), g[0], "1e-10");
            assertNear(hilbert(lp.get(1), uniform.get(1)), g[1], "1e-10");
            lp = obj.npgStep(lp, Rational.of(1, 4));
        }
    }

    @Test
    void npgWithStepOneOverTauIsTheLogitResponseAndQreIsItsFixedPoint() {
        Rational tau = Rational.of(3, 2);
        RegularizedObjective<Interval> obj = new RegularizedObjective<>(BATTLE, tau, F);
        List<List<Interval>> lp = logs(new double[][] {{0.3, 0.7}, {0.6, 0.4}});
        List<List<Interval>> profile = new ArrayList<>();
        for (List<Interval> l : lp) {
            profile.add(l.stream().map(F::exp).toList());
        }
        List<List<Interval>> npg = obj.npgStep(lp, tau.reciprocal());
        List<List<Interval>> br = obj.logitResponse(profile);
        for (int i = 0; i < 2; i++) {
            for (int a = 0; a < 2; a++) {
                Interval p = F.exp(npg.get(i).get(a));
                assertThat(p.isDisjointFrom(br.get(i).get(a))).isFalse();
                assertThat(p.width()).isLessThan(new BigDecimal("1e-50"));
            }
        }
    }

    @Test
    void regularizedValueIsMaximizedByTheLogitResponse() {
        Rational tau = Rational.of(1, 2);
        RegularizedObjective<Interval> obj = new RegularizedObjective<>(PENNIES, tau, F);
        List<List<Interval>> profile = List.of(List.of(F.of(Rational.of(1, 5)), F.of(Rational.of(4, 5))),
            List.of(F.of(Rational.of(2, 3)), F.of(Rational.of(1, 3))));
        List<List<Interval>> br = obj.logitResponse(profile);
        Interval best = obj.value(0, List.of(br.get(0), profile.get(1)));
        for (int k = 1; k < 10; k++) {
            Rational x = Rational.of(k, 10);
            Interval other = obj.value(0, List.of(List.of(F.of(x), F.of(Rational.ONE.subtract(x))),
                profile.get(1)));
            assertThat(other.hi()).isLessThan(best.lo());
        }
        // J = ⟨π, u⟩ + τH(π); at the logit response it equals τ log Σ_a exp(u_a/τ)
        Interval u0 = F.of(Rational.of(1, 3));   // u_1(H) = 2/3 − 1/3
        Interval u1 = F.of(Rational.of(-1, 3));
        Interval tauI = F.of(tau);
        Interval lse = F.multiply(tauI, F.log(F.add(F.exp(F.divide(u0, tauI)), F.exp(F.divide(u1, tauI)))));
        assertThat(best.isDisjointFrom(lse)).isFalse();
    }
}
