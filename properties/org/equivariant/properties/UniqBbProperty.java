package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.EnumerationCertificate;
import org.equivariant.certificate.EnumerationChecker;
import org.equivariant.equilibrium.CertifiedOnset;
import org.equivariant.equilibrium.QreEnumeration;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Property;
import org.equivariant.io.Sources;
import org.equivariant.theory.InteractionContrast;
import org.equivariant.theory.PerronCertificate;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * UNIQ-BB (proofs/UNIQ-BB.md): a complete parametric branch-and-bound over λ ∈ [λ₁, λ₂] with one unique leaf proves
 * the logit QRE unique for every λ in the range. Checked by other code: at temperatures sampled in every certified
 * range, the multistart search of {@link QreSolver} (Newton from seeded starts, each limit certified) finds exactly
 * one QRE; each range certificate replays in the independent checker. Controls: below coord2's pitchfork (several
 * QREs certified by the multistart) no range is proved, and a replayed certificate whose λ range is widened past the
 * onset is not accepted as a uniqueness proof.
 */
class UniqBbProperty {
    static Rational kappa(NormalFormGame g) {
        return PerronCertificate.find(InteractionContrast.quarter(InteractionContrast.of(g))).kappa();
    }

    static boolean provesOne(EnumerationChecker.Report r) {
        return r.valid() && r.complete() && r.enclosures().size() == 1;
    }

    @Test
    void everyCertifiedRangeHasOneQreByTheMultistartSearch() {
        int ranges = 0;
        int[] total = {0};
        Property.forAll("UNIQ-BB ranges hold one QRE", GameGen.games(2, 2, 2, 3, 4))
            .shrinkWith(GameGen.payoffShrinker()).tries(5).check(g -> {
                Rational top = kappa(g);
                if (top.signum() == 0) {
                    return;
                }
                CertifiedOnset.Result<EnumerationCertificate> r = CertifiedOnset.search(g, top, top.multiply(Rational.of(1, 4)), 2, null);
                for (EnumerationCertificate c : r.certificates()) {
                    assertThat(provesOne(EnumerationChecker.check(c))).as("replay of [%s, %s]", c.lambda(),
                        c.lambdaHi()).isTrue();
                    for (Rational lambda : List.of(c.lambda(), c.lambda().add(c.lambdaHi()).divide(Rational.of(2)),
                        c.lambdaHi())) {
                        QreResult all = QreSolver.solve(g, lambda, QreSolver.Options.all(20));
                        assertThat(all.qres()).as("QREs at lambda %s", lambda).hasSize(1);
                        assertThat(all.verdict()).isNotEqualTo(Verdict.NOT_UNIQUE);
                    }
                    total[0]++;
                }
            });
        ranges += total[0];
        assertThat(ranges).as("ranges checked").isGreaterThanOrEqualTo(3);
    }

    /** Control: coord2 has three QREs below its pitchfork (τ ≈ 0.803): no range there is proved. */
    @Test
    void belowThePitchforkNoRangeIsProved() {
        NormalFormGame g = Sources.game("bundled:coord2", Limits.DEFAULT);
        QreResult all = QreSolver.solve(g, Rational.of(100, 79), QreSolver.Options.all(20));
        assertThat(all.verdict()).isEqualTo(Verdict.NOT_UNIQUE);
        QreEnumeration.Result r = QreEnumeration.enumerate(g, Rational.of(100, 80), Rational.of(100, 78),
            new QreEnumeration.Options(20, CertifiedOnset.MAX_BOXES, new java.math.BigDecimal("1e-12")));
        assertThat(r.complete() && r.solutions().size() == 1).isFalse();
    }

    /** Control: a proved range's certificate, its λ range widened past the pitchfork, no longer proves uniqueness. */
    @Test
    void aRangeWidenedPastTheOnsetIsNotAccepted() {
        NormalFormGame g = Sources.game("bundled:coord2", Limits.DEFAULT);
        CertifiedOnset.Result<EnumerationCertificate> r = CertifiedOnset.search(g, kappa(g), Rational.of(1, 2), 60, null);
        EnumerationCertificate last = r.certificates().get(r.certificates().size() - 1);
        assertThat(provesOne(EnumerationChecker.check(last))).isTrue();
        EnumerationCertificate widened = new EnumerationCertificate(last.title(), last.payoffs(), last.sha256(),
            last.lambda(), Rational.of(100, 78), last.digits(), last.root());
        assertThat(provesOne(EnumerationChecker.check(widened))).isFalse();
        assertThat(r.onset().doubleValue()).as("certified onset of coord2 (true ≈ 0.8034)").isBetween(0.79, 0.85);
    }
}
