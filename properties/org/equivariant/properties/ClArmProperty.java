package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.CheckReport;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.NfgWriter;
import org.junit.jupiter.api.Test;

/**
 * CL-ARM (proofs/CL-ARM.md): past the first singular point of the centroid line of a game whose centroid is a QRE at
 * every λ, {@code solve} certifies QREs on the branches leaving it. Games are planted from random payoffs:
 * <em>symmetric</em> — every player's payoff o + c·[all actions equal] with c = 1 + |A₁₁| and o = A₂₁ (two players with
 * m = 3, 4 actions: cIₘ plus a constant; three players with 3 actions) — where the null space at the singular point
 * λ° = m^{N−1}/((N − 1)c) has dimension m − 1, so only the restriction to a stabilizer's fixed profiles can be regular;
 * or <em>generic</em> — each player's random payoffs minus their mean over the others' actions (two players with
 * m = 2, 3 actions, three with 2): no symmetry, a simple singular point where det(I − λA) has a real root. Checked by
 * code written here and sharing nothing with the solver or the checker ({@link BrChainProperty.Logit}: the logit
 * residual from the full payoff tables and its finite-difference Jacobian):
 * <ul>
 *   <li>the singular point: m^{N−1}/((N − 1)c) by hand for the symmetric games (the symmetric mode v, the same for
 *       every player with Σv = 0: each of the N − 1 others contributes λc/m^{N−1} of it); for the generic ones the
 *       first change of sign of det J(centroid, λ) in steps of 0.01, refined by bisection ({@link SignChange#first});
 *       </li>
 *   <li>conclusion: the arms' zero at ε = 0 lies within 10⁻⁶ of that λ, and the curve of QREs through every QRE
 *       certified on a leaving branch, followed both ways by pseudo-arclength continuation ({@link ArcLength}), comes
 *       within 0.02 of (centroid, λ°) — its branch meets the centroid line, which lies in the principal branch.</li>
 * </ul>
 * Negative controls: the singular point compared after a shift of 10⁻⁴ fails; the curve does not reach a point 0.1
 * away from (centroid, λ°); one payoff moved by 1/1000 unpins player 1, and the checker refuses the transplanted claim.
 */
class ClArmProperty {
    /** The random payoffs, the planting, λ as a multiple of λ°. */
    record Case(NormalFormGame base, boolean symmetric, double factor) {
        NormalFormGame game() {
            return plant(base, symmetric);
        }

        @Override
        public String toString() {
            return NfgWriter.write(game()) + "target = " + factor + " × the singular point";
        }
    }

    static final Gen<Case> CASES = r -> {
        boolean symmetric = r.nextBoolean();
        int players = r.nextInt(0, 4) == 0 ? 3 : 2;
        int m = players == 3 ? (symmetric ? 3 : 2) : symmetric ? r.nextInt(3, 5) : r.nextInt(2, 4);
        int[] dims = new int[players];
        java.util.Arrays.fill(dims, m);
        return new Case(GameGen.shaped(dims, 5).generate(r), symmetric, 1.3 + r.nextInt(0, 8) / 10.0);
    };

    /** c = 1 + |A₁₁| of the symmetric planting. */
    static Rational scale(NormalFormGame base) {
        return Rational.ONE.add(base.payoffs().get(0).data().get(0).abs());
    }

    /** The planted game: see the class comment. */
    static NormalFormGame plant(NormalFormGame base, boolean symmetric) {
        int[] dims = base.dims();
        int m = dims[0];
        int players = dims.length;
        int cells = base.payoffs().get(0).data().size();
        Rational c = scale(base);
        Rational o = base.payoffs().get(0).data().get(1);
        List<RationalTensor> out = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            List<Rational> data = base.payoffs().get(i).data();
            // the first player's action runs fastest: a_i = (cell / m^i) mod m
            int stride = (int) Math.pow(m, i);
            List<Rational> planted = new ArrayList<>();
            for (int cell = 0; cell < cells; cell++) {
                if (symmetric) {
                    boolean equal = true;
                    for (int j = 1; j < players; j++) {
                        equal &= (cell / (int) Math.pow(m, j)) % m == cell % m;
                    }
                    planted.add(equal ? o.add(c) : o);
                } else {
                    int own = (cell / stride) % m;
                    Rational mean = Rational.ZERO;
                    int count = 0;
                    for (int other = 0; other < cells; other++) {
                        if ((other / stride) % m == own) {
                            mean = mean.add(data.get(other));
                            count++;
                        }
                    }
                    planted.add(data.get(cell).subtract(mean.divide(Rational.of(count))));
                }
            }
            out.add(new RationalTensor(dims, planted));
        }
        return NormalFormGame.of(symmetric ? "coordination" : "centred", out);
    }

    static double[] centroid(NormalFormGame g) {
        double[] s = new double[g.totalActions()];
        for (int i = 0, k = 0; i < g.numPlayers(); i++) {
            for (int a = 0; a < g.dims()[i]; a++) {
                s[k++] = 1.0 / g.dims()[i];
            }
        }
        return s;
    }

    /** λ°, the first singular point of the centroid line below λ = 8, by the independent code; NaN if none. */
    static double singular(Case c) {
        NormalFormGame g = c.game();
        if (c.symmetric()) {
            int players = g.numPlayers();
            double star = Math.pow(g.dims()[0], players - 1) / ((players - 1) * scale(c.base()).doubleValue());
            return star <= 8 ? star : Double.NaN;
        }
        return centroidSingular(g);
    }

    /**
     * The first sign change of det J(centroid, λ) below λ = 8 in steps of 0.01, refined by bisection: the centroid
     * line's first singular point where the centroid is a QRE at every λ; NaN if none.
     */
    static double centroidSingular(NormalFormGame g) {
        BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
        double[] centre = centroid(g);
        SignChange.Found f = SignChange.first(centre, 8, (lambda, from) -> centre, (s, lambda) ->
            BrChainProperty.Logit.solve(logit.jacobian(s, lambda), new double[s.length]));
        return f == null ? Double.NaN : f.lambda();
    }

    /** λ of an arm's zero at ε = 0, from the certificate (CL-ARM's, or SYM-ARM's with its base). */
    static double certifiedSingular(NormalFormGame g, QreCertificate.CentroidArms ca) {
        List<Interval> start = CertificateChecker.centroidArc(g.payoffs(), ca.base(), ca.stabilizer(), ca.normal(),
            true).arc().at(ca.arms().get(0).pieces().get(0), Rational.ZERO);
        return start.get(start.size() - 1).mid().doubleValue();
    }

    static void compareSingular(double certified, double star) {
        assertThat(certified).as("the arm's start against the independent singular point " + star).isCloseTo(star,
            org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, star)));
    }

    /** {@code solve} at λ = factor × λ° (six significant digits), 20 digits. */
    static QreResult solveAt(NormalFormGame g, double factor, double star) {
        Rational lambda = Rational.of(new java.math.BigDecimal(factor * star).round(new java.math.MathContext(6)));
        return QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
    }

    @Test
    void pastTheCentroidLinesSingularPointTheLeavingBranchesAreCertifiedAndMeetIt() {
        int[] compared = {0};
        int[] arms = {0};
        int tries = Property.forAll("CL-ARM: solve past the centroid line's singular point", CASES)
            .shrinkWith(c -> GameGen.payoffShrinker().shrink(c.base()).map(b -> new Case(b, c.symmetric(),
                c.factor())))
            .tries(16).check(c -> {
                double star = singular(c);
                if (Double.isNaN(star)) {
                    return; // det(I − λA) has no real root below λ = 8
                }
                QreResult r = solveAt(c.game(), c.factor(), star);
                compared[0]++;
                if (r.certificate().centroidArms().isEmpty()) {
                    System.out.println("CL-ARM: no leaving branch certified (" + r.pitchfork() + ") for\n" + c);
                    return;
                }
                QreCertificate.CentroidArms ca = r.certificate().centroidArms().get(0);
                arms[0]++;
                NormalFormGame g = c.game();
                compareSingular(certifiedSingular(g, ca), star);
                CheckReport replay = CertificateChecker.check(r.certificate());
                assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
                BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
                for (int k : CertificateChecker.centroidArmQres(r.certificate())) {
                    double[] s = ArcLength.midpoint(r, k);
                    assertThat(ArcLength.reaches(logit, s, r.lambda().doubleValue(), centroid(g), star))
                        .as("QRE " + (k + 1) + "'s curve of QREs meets the centroid line at its singular point")
                        .isTrue();
                }
            });
        SignChange.coverage("CL-ARM", tries, compared[0], "leaving branches", arms[0]);
    }

    @Test
    void aMovedSingularPointOrAnUnpinnedGameIsCaught() {
        // the first symmetric case (seeds 0, 1, …) with a singular point below λ = 8: the degenerate null space
        Case c = SignChange.firstCase(CASES, k -> k.symmetric() && !Double.isNaN(singular(k)));
        NormalFormGame g = c.game();
        double star = singular(c);
        QreResult r = solveAt(g, 1.5, star);
        assertThat(r.certificate().centroidArms()).as(r.pitchfork()).isNotEmpty();
        QreCertificate.CentroidArms ca = r.certificate().centroidArms().get(0);
        double certified = certifiedSingular(g, ca);
        compareSingular(certified, star);
        assertThatThrownBy(() -> compareSingular(certified + 1e-4, star)).isInstanceOf(AssertionError.class);
        // a leaving QRE's curve meets the centroid line at λ°, not a point 0.1 away from it
        BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
        double[] s = r.qres().get(ca.arms().get(0).past().qre()).enclosure().stream().mapToDouble(x -> x.mid()
            .doubleValue()).toArray();
        assertThat(ArcLength.reaches(logit, s, r.lambda().doubleValue(), centroid(g), star)).isTrue();
        double[] away = centroid(g);
        away[0] += 0.1;
        assertThat(ArcLength.reaches(logit, s, r.lambda().doubleValue(), away, star)).isFalse();
        // player 1's first payoff moved by 1/1000: the centroid is no QRE at every λ, and the transplanted claim is
        // refused
        CheckReport refused = transplanted(g, r.lambda(), ca);
        assertThat(refused.valid()).isFalse();
        assertThat(String.join("\n", refused.findings())).contains("the centroid is not a QRE at every λ");
    }

    /**
     * The check of the claim {@code ca} transplanted into the certificate of the game with player 1's first payoff
     * moved by 1/1000, solved at λ.
     */
    static CheckReport transplanted(NormalFormGame g, Rational lambda, QreCertificate.CentroidArms ca) {
        List<RationalTensor> edited = new ArrayList<>(g.payoffs());
        List<Rational> first = new ArrayList<>(edited.get(0).data());
        first.set(0, first.get(0).add(Rational.of(1, 1000)));
        edited.set(0, new RationalTensor(g.dims(), first));
        QreResult moved = QreSolver.solve(NormalFormGame.of("moved", edited), lambda, QreSolver.Options.digits(20));
        return CertificateChecker.check(moved.certificate().withCentroidArms(List.of(ca)));
    }
}
