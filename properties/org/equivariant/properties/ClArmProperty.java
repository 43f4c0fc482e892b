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
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.LeavingArc;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SymmetricArc;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.NfgWriter;
import org.junit.jupiter.api.Test;

/**
 * CL-ARM (proofs/CL-ARM.md): past the first singular point of the centroid line of a two-player game whose centroid is
 * a QRE at every λ, {@code solve} certifies QREs on the branches leaving it. Games are planted from random payoffs:
 * <em>symmetric</em> — u₁ = u₂ = o + c·[a = b] with c = 1 + |A₁₁| and o = A₂₁, m = 3, 4 actions (cIₘ plus a
 * constant: the null space at the singular point m/c has dimension m − 1, so only the restriction to a stabilizer's
 * fixed profiles can be regular) — or <em>generic</em> — player 1's random payoffs centred in each row, player 2's in
 * each column, m = 2, 3 (no symmetry; a simple singular point where det(I − λA) has a real root). Checked by code
 * written here and sharing nothing with the solver or the checker ({@link BrChainProperty.Logit}: the logit residual
 * from the full payoff tables and its finite-difference Jacobian):
 * <ul>
 *   <li>the singular point: m/c by hand for the symmetric games; for the generic ones the first change of sign of
 *       det J(centroid, λ) in steps of 0.01, refined by bisection ({@link SignChange#first});</li>
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
        int m = symmetric ? r.nextInt(3, 5) : r.nextInt(2, 4);
        return new Case(GameGen.shaped(new int[] {m, m}, 5).generate(r), symmetric, 1.3 + r.nextInt(0, 8) / 10.0);
    };

    /** The planted game: see the class comment. */
    static NormalFormGame plant(NormalFormGame base, boolean symmetric) {
        int m = base.dims()[0];
        RationalTensor a = base.payoffs().get(0);
        RationalTensor b = base.payoffs().get(1);
        List<Rational> first = new ArrayList<>();
        List<Rational> second = new ArrayList<>();
        Rational c = Rational.ONE.add(a.get(new int[] {0, 0}).abs());
        Rational o = a.get(new int[] {1, 0});
        for (int y = 0; y < m; y++) {
            for (int x = 0; x < m; x++) {
                if (symmetric) {
                    Rational u = x == y ? o.add(c) : o;
                    first.add(u);
                    second.add(u);
                } else {
                    Rational row = Rational.ZERO;
                    Rational column = Rational.ZERO;
                    for (int k = 0; k < m; k++) {
                        row = row.add(a.get(new int[] {x, k}));
                        column = column.add(b.get(new int[] {k, y}));
                    }
                    first.add(a.get(new int[] {x, y}).subtract(row.divide(Rational.of(m))));
                    second.add(b.get(new int[] {x, y}).subtract(column.divide(Rational.of(m))));
                }
            }
        }
        // the first player's action runs fastest: cell (x, y) at x + m·y
        int[] dims = {m, m};
        return NormalFormGame.of(symmetric ? "coordination" : "centred", List.of(new RationalTensor(dims, first),
            new RationalTensor(dims, second)));
    }

    static double[] centroid(NormalFormGame g) {
        double[] s = new double[g.dims()[0] + g.dims()[1]];
        for (int i = 0, k = 0; i < 2; i++) {
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
            Rational scale = Rational.ONE.add(c.base().payoffs().get(0).get(new int[] {0, 0}).abs());
            double star = g.dims()[0] / scale.doubleValue();
            return star <= 8 ? star : Double.NaN;
        }
        BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
        double[] centre = centroid(g);
        SignChange.Found f = SignChange.first(centre, 8, (lambda, from) -> centre, (s, lambda) ->
            BrChainProperty.Logit.solve(logit.jacobian(s, lambda), new double[s.length]));
        return f == null ? Double.NaN : f.lambda();
    }

    /** λ of an arm's zero at ε = 0, from the certificate. */
    static double certifiedSingular(NormalFormGame g, QreCertificate.CentroidArms ca) {
        int[] dims = g.dims();
        FixedSubspace orbits = FixedSubspace.of(dims[0] + dims[1], ca.stabilizer().stream().map(h ->
            SymmetricArc.onProfiles(h, dims)).toList());
        List<Interval> start = new LeavingArc(g.payoffs(), List.of(0, 1), ca.normal()).restricted(orbits)
            .at(ca.arms().get(0).pieces().get(0), Rational.ZERO);
        return start.get(start.size() - 1).mid().doubleValue();
    }

    static void compareSingular(double certified, double star) {
        assertThat(certified).as("the arm's start against the independent singular point " + star).isCloseTo(star,
            org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, star)));
    }

    static QreResult solveAt(Case c, double factor, double star) {
        Rational lambda = Rational.of(new java.math.BigDecimal(factor * star).round(new java.math.MathContext(6)));
        return QreSolver.solve(c.game(), lambda, QreSolver.Options.digits(20));
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
                QreResult r = solveAt(c, c.factor(), star);
                compared[0]++;
                QreCertificate.CentroidArms ca = r.certificate().centroidArms();
                if (ca == null) {
                    System.out.println("CL-ARM: no leaving branch certified (" + r.pitchfork() + ") for\n" + c);
                    return;
                }
                arms[0]++;
                NormalFormGame g = c.game();
                compareSingular(certifiedSingular(g, ca), star);
                CheckReport replay = CertificateChecker.check(r.certificate());
                assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
                BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
                for (int k : CertificateChecker.centroidArmQres(r.certificate())) {
                    double[] s = r.qres().get(k).enclosure().stream().mapToDouble(x -> x.mid().doubleValue())
                        .toArray();
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
        QreResult r = solveAt(c, 1.5, star);
        QreCertificate.CentroidArms ca = r.certificate().centroidArms();
        assertThat(ca).as(r.pitchfork()).isNotNull();
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
        List<RationalTensor> edited = new ArrayList<>(g.payoffs());
        List<Rational> first = new ArrayList<>(edited.get(0).data());
        first.set(0, first.get(0).add(Rational.of(1, 1000)));
        edited.set(0, new RationalTensor(g.dims(), first));
        QreResult moved = QreSolver.solve(NormalFormGame.of("moved", edited), r.lambda(), QreSolver.Options
            .digits(20));
        CheckReport refused = CertificateChecker.check(moved.certificate().withCentroidArms(ca));
        assertThat(refused.valid()).isFalse();
        assertThat(String.join("\n", refused.findings())).contains("the centroid is not a QRE at every λ");
    }
}
