package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.equilibrium.CertifiedQre;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.theory.IdentityThreshold;
import org.equivariant.theory.InteractionContrast;
import org.equivariant.theory.PerronCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * THR-EX (proofs/THR-EX.md): exact thresholds. (1) For c·I₂ the certified threshold κ is exactly c/2 and it is sharp:
 * one certified QRE just above, three just below. (2) The I_n table of forkel2025 §5.3 to the digits given, bracketed by
 * the solver. (3) The lever game (nine levers worth 1, one worth 9/10): several QREs at τ = 0.2175, one found at 0.22,
 * the unique point at τ = 1/4 as tabulated, and greedified cross-play 1/9.
 */
class ThrExProperty {
    static NormalFormGame common(int n, List<Rational> diagonal) {
        List<Rational> d = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < n; a++) {
                d.add(a == b ? diagonal.get(a) : Rational.ZERO);
            }
        }
        RationalTensor t = new RationalTensor(new int[] {n, n}, d);
        return NormalFormGame.of("coordination", List.of(t, t));
    }

    static final Gen<Rational> SCALES = r -> Rational.of(r.nextInt(1, 40), r.nextInt(1, 8));

    @Test
    void scaledIdentityHasTheSharpThresholdHalfC() {
        Property.forAll("THR-EX c I2", SCALES).tries(15).check(c -> {
            NormalFormGame g = common(2, List.of(c, c));
            Rational kappa = PerronCertificate.find(InteractionContrast.quarter(InteractionContrast.of(g))).kappa();
            assertThat(kappa).isEqualTo(c.divide(Rational.TWO));
            QreResult above = QreSolver.solve(g, kappa.multiply(Rational.of(11, 10)).reciprocal(),
                QreSolver.Options.digits(20));
            assertThat(above.verdict()).isEqualTo(Verdict.UNIQUE);
            QreResult below = QreSolver.solve(g, kappa.multiply(Rational.of(9, 10)).reciprocal(),
                QreSolver.Options.all(20));
            assertThat(below.verdict()).isEqualTo(Verdict.NOT_UNIQUE);
            assertThat(below.qres()).hasSize(3);
        });
    }

    @ParameterizedTest
    @CsvSource({"3, 0.364213333614841, 0.5848004182", "4, 0.310680471822813, 0.6303443368",
        "5, 0.280544113518778, 0.6598896782", "6, 0.260662905175424, 0.6810549981",
        "10, 0.21930889554868, 0.729394843"})
    void identityGameTableIsReproduced(int n, String alpha, String p) {
        BigDecimal[] got = IdentityThreshold.alphaStar(n, 30);
        assertThat(got[0].round(new java.math.MathContext(new BigDecimal(alpha).precision())))
            .isEqualByComparingTo(alpha);
        assertThat(got[1].setScale(new BigDecimal(p).scale(), java.math.RoundingMode.HALF_EVEN))
            .isEqualByComparingTo(p);
        // the solver brackets it: symmetry-breaking QREs certified just below, only the uniform one found above
        assertThat(bracketHolds(n, Rational.of(got[0].round(new java.math.MathContext(20))))).isTrue();
    }

    /**
     * Whether the solver brackets a claimed threshold a of I_n: several QREs certified at 0.995a, and exactly one, the
     * uniform profile, at 1.005a.
     */
    static boolean bracketHolds(int n, Rational a) {
        List<Rational> ones = java.util.Collections.nCopies(n, Rational.ONE);
        QreResult below = QreSolver.solve(common(n, ones), a.multiply(Rational.of(199, 200)).reciprocal(),
            QreSolver.Options.all(15));
        QreResult above = QreSolver.solve(common(n, ones), a.multiply(Rational.of(201, 200)).reciprocal(),
            QreSolver.Options.all(15));
        List<Rational> uniform = java.util.Collections.nCopies(2 * n, Rational.of(1, n));
        return below.verdict() == Verdict.NOT_UNIQUE && above.qres().size() == 1
            && above.qres().get(0).contains(uniform, Rational.ZERO);
    }

    /**
     * The boundary case n = 2: α*(I₂) = 1/2 exactly (forkel2025 §5.3; the supremum of (2p − 1)/log(p/(1 − p)) as
     * p → 1/2, where the pitchfork of the uniform point is), and I₁ is refused.
     */
    @Test
    void theTwoActionThresholdIsOneHalfAndOneActionIsRefused() {
        BigDecimal[] got = IdentityThreshold.alphaStar(2, 30);
        assertThat(got[0].subtract(new BigDecimal("0.5")).abs()).isLessThan(new BigDecimal("1e-25"));
        assertThat(got[1].subtract(new BigDecimal("0.5")).abs()).isLessThan(new BigDecimal("1e-12"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IdentityThreshold.alphaStar(1, 10))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n ≥ 2");
    }

    /** Negative control: α*(3) moved by 3% either way is not bracketed (the check can fail). */
    @Test
    void aThresholdThreePercentOffIsRefuted() {
        Rational a = Rational.of(IdentityThreshold.alphaStar(3, 20)[0]);
        assertThat(bracketHolds(3, a.multiply(Rational.of(97, 100)))).isFalse();
        assertThat(bracketHolds(3, a.multiply(Rational.of(103, 100)))).isFalse();
    }

    @Test
    void leverGameThresholdPointAndGreedyCrossPlay() {
        List<Rational> values = new ArrayList<>(java.util.Collections.nCopies(9, Rational.ONE));
        values.add(Rational.of(9, 10));
        NormalFormGame levers = common(10, values);
        QreResult cold = QreSolver.solve(levers, Rational.parse("0.2175").reciprocal(), QreSolver.Options.all(15));
        assertThat(cold.verdict()).isEqualTo(Verdict.NOT_UNIQUE);
        QreResult warm = QreSolver.solve(levers, Rational.parse("0.22").reciprocal(), QreSolver.Options.all(15));
        assertThat(warm.qres()).hasSize(1);
        QreResult quarter = QreSolver.solve(levers, Rational.of(4), QreSolver.Options.digits(20));
        assertThat(quarter.qres()).hasSize(1);
        CertifiedQre q = quarter.qres().get(0);
        // the digest gives (p, q) = (0.10060, 0.09456) to five decimals; certified: p = 0.1006050…, q = 0.0945548…
        assertThat(q.center().get(0).doubleValue()).isCloseTo(0.10060, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(q.center().get(9).doubleValue()).isCloseTo(0.09456, org.assertj.core.api.Assertions.within(1e-5));
        assertThat(q.center().get(0).doubleValue()).isCloseTo(0.1006050, org.assertj.core.api.Assertions.within(1e-7));
        // greedify with uniform ties: each agent spreads over the nine 1-levers; cross-play = self-play = 1/9
        List<List<Rational>> greedy = new ArrayList<>();
        for (List<Rational> p : q.profile()) {
            Rational max = p.stream().max(Rational::compareTo).orElseThrow();
            List<Rational> best = p.stream().map(x -> max.subtract(x).compareTo(Rational.parse("1e-12")) <= 0
                ? Rational.ONE : Rational.ZERO).toList();
            Rational count = best.stream().reduce(Rational.ZERO, Rational::add);
            greedy.add(best.stream().map(x -> x.divide(count)).toList());
        }
        Rational xp = levers.in(org.equivariant.arith.RationalField.INSTANCE).expectedPayoff(0, greedy);
        assertThat(xp).isEqualTo(Rational.of(1, 9));
    }
}
