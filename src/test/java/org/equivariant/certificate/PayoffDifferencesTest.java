package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DecimalField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.equilibrium.CertifiedQre;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/**
 * {@link PayoffDifferences} against the QREs {@link QreSolver} certifies in probabilities (by {@link LogitFixedPoint}):
 * on seeded random games of 1 to 3 players with 1 to 3 actions, v_ia = log(σ_ia/σ_ir) (r the reference action) of each
 * certified QRE σ is a zero of G inside the a-priori box λ·[min, max] and σ(v) is σ again; G' agrees with G's central
 * differences.
 */
class PayoffDifferencesTest {
    static final DecimalField D = DecimalField.ofDigits(60);

    static NormalFormGame random(SplittableRandom random) {
        int players = random.nextInt(1, 4);
        int[] dims = new int[players];
        int size = 1;
        for (int i = 0; i < players; i++) {
            dims[i] = random.nextInt(1, 4);
            size *= dims[i];
        }
        List<RationalTensor> payoffs = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            List<Rational> data = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                data.add(Rational.of(random.nextInt(-9, 10), random.nextInt(1, 4)));
            }
            payoffs.add(new RationalTensor(dims, data));
        }
        return NormalFormGame.of("random", payoffs);
    }

    @Test
    void theZerosAreTheCertifiedQresAndTheJacobianIsTheDerivative() {
        SplittableRandom random = new SplittableRandom(11);
        int checked = 0;
        for (int t = 0; t < 30; t++) {
            NormalFormGame g = random(random);
            Rational lambda = Rational.of(random.nextInt(1, 16), 4);
            PayoffDifferences<BigDecimal> system = new PayoffDifferences<>(D, g.payoffs(), D.of(lambda));
            int[] dims = g.dims();
            int[] reference = PayoffDifferences.references(g.payoffs());
            for (CertifiedQre q : QreSolver.solve(g, lambda, QreSolver.Options.all(40)).qres()) {
                List<BigDecimal> v = new ArrayList<>();
                int at = 0;
                for (int i = 0; i < dims.length; i++) {
                    BigDecimal ref = q.center().get(at + reference[i]).toBigDecimal(D.mc());
                    for (int a = 0; a < dims[i]; a++) {
                        if (a != reference[i]) {
                            v.add(D.log(D.divide(q.center().get(at + a).toBigDecimal(D.mc()), ref)));
                        }
                    }
                    at += dims[i];
                }
                String state = "game " + t + " " + java.util.Arrays.toString(dims) + " at λ " + lambda;
                assertThat(v).as(state).hasSize(system.size());
                List<Rational[]> ranges = system.differenceRanges();
                for (int k = 0; k < v.size(); k++) {
                    double slack = 1e-30;
                    assertThat(v.get(k).doubleValue()).as(state + " a priori").isBetween(
                        lambda.multiply(ranges.get(k)[0]).doubleValue() - slack,
                        lambda.multiply(ranges.get(k)[1]).doubleValue() + slack);
                }
                for (BigDecimal r : system.residual(v)) {
                    assertThat(r.abs().doubleValue()).as(state).isLessThan(1e-30);
                }
                List<BigDecimal> sigma = system.flatProfile(v);
                for (int k = 0; k < sigma.size(); k++) {
                    assertThat(sigma.get(k).subtract(q.center().get(k).toBigDecimal(D.mc())).abs().doubleValue())
                        .as(state).isLessThan(1e-30);
                }
                List<List<BigDecimal>> jac = system.jacobian(v);
                assertThat(jac).as(state).hasSize(v.size()).allSatisfy(row -> assertThat(row).hasSize(v.size()));
                BigDecimal h = new BigDecimal("1e-20");
                for (int c = 0; c < v.size(); c++) {
                    List<BigDecimal> up = new ArrayList<>(v);
                    List<BigDecimal> down = new ArrayList<>(v);
                    up.set(c, v.get(c).add(h));
                    down.set(c, v.get(c).subtract(h));
                    List<BigDecimal> gu = system.residual(up);
                    List<BigDecimal> gd = system.residual(down);
                    for (int r = 0; r < v.size(); r++) {
                        BigDecimal slope = gu.get(r).subtract(gd.get(r)).divide(h.multiply(BigDecimal.valueOf(2)),
                            MathContext.DECIMAL128);
                        assertThat(slope.subtract(jac.get(r).get(c)).abs().doubleValue()).as(state + " entry (%d, %d)",
                            r, c).isLessThan(1e-15);
                    }
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    /** The a-priori box's end-points: the least and largest entry of each D_i(a, ·), worked out by hand. */
    @Test
    void theDifferenceRangesAreTheExtremeEntries() {
        RationalTensor u1 = new RationalTensor(new int[] {2, 3}, List.of(Rational.of(3), Rational.ZERO, Rational.of(-1),
            Rational.of(4), Rational.of(2), Rational.of(2)));
        RationalTensor u2 = new RationalTensor(new int[] {2, 3}, List.of(Rational.ONE, Rational.of(5), Rational.ZERO,
            Rational.of(7), Rational.of(-2), Rational.of(1, 2)));
        List<Rational[]> r = new PayoffDifferences<>(D, List.of(u1, u2), D.one()).differenceRanges();
        // (the first axis fastest) payoff sums 4, 6 for player 1 and 6, 7, −3/2 for player 2: the references are
        // action 1 of each; u1(0, b) − u1(1, b) = 3, −5, 0; u2(a, 0) − u2(a, 1) = 1, −2;
        // u2(a, 2) − u2(a, 1) = −2, −13/2
        assertThat(PayoffDifferences.references(List.of(u1, u2))).containsExactly(1, 1);
        assertThat(r).hasSize(3);
        assertThat(r.get(0)).containsExactly(Rational.of(-5), Rational.of(3));
        assertThat(r.get(1)).containsExactly(Rational.of(-2), Rational.ONE);
        assertThat(r.get(2)).containsExactly(Rational.of(-13, 2), Rational.of(-2));
        // on a tie the first of the tied actions is the reference: sums 2, 2, 1 for player 1 and 2, 2 for player 2
        RationalTensor t1 = new RationalTensor(new int[] {3, 2}, List.of(Rational.ONE, Rational.ZERO, Rational.ONE,
            Rational.ONE, Rational.TWO, Rational.ZERO));
        RationalTensor t2 = new RationalTensor(new int[] {3, 2}, List.of(Rational.ONE, Rational.ONE, Rational.ZERO,
            Rational.ZERO, Rational.ONE, Rational.ONE));
        assertThat(PayoffDifferences.references(List.of(t1, t2))).containsExactly(0, 0);
    }
}
