package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.TestData;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.field.RegularizedObjective;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** coord2 and the McKelvey–McLennan 2×2×2 game: uniqueness proved above κ, refused with evidence below. */
class MultipleQreTest {
    @ParameterizedTest
    @CsvSource({
        "coord2.nfg, 1/2, UNIQUE, 1",
        "coord2.nfg, 2, NOT_UNIQUE, 3",
        "coord2.nfg, 4, NOT_UNIQUE, 3",
        "coord2.nfg, 8, NOT_UNIQUE, 3",
        "coord2.nfg, 1000, NOT_UNIQUE, 3",
        "2x2x2.nfg, 1/10, UNIQUE, 1",
        "2x2x2.nfg, 1/8, UNIQUE, 1",
        "2x2x2.nfg, 1/3, NOT_UNIQUE, 2",
        "2x2x2.nfg, 1/2, NOT_UNIQUE, 2",
        "2x2x2.nfg, 1, NOT_UNIQUE, 2",
        "2x2x2.nfg, 2, NOT_UNIQUE, 9",
        "2x2x2.nfg, 10, NOT_UNIQUE, 9",
    })
    void certifiesAndDecidesUniqueness(String file, String lambda, Verdict verdict, int atLeast) {
        NormalFormGame g = NfgReader.read(TestData.nfg(file));
        Rational lam = Rational.parse(lambda);
        QreResult r = QreSolver.solve(g, lam, QreSolver.Options.all(25));
        assertThat(r.verdict()).as(r.report().findings().toString()).isEqualTo(verdict);
        assertThat(r.qres()).hasSizeGreaterThanOrEqualTo(atLeast);
        assertThat(r.report().valid()).isTrue();
        // the uniqueness verdict follows the exact comparison of τ with κ
        boolean above = lam.multiply(r.perron().kappa()).compareTo(Rational.ONE) < 0;
        assertThat(r.verdict() == Verdict.UNIQUE).isEqualTo(above);
        for (CertifiedQre q : r.qres()) {
            assertThat(q.radius()).isLessThan(Rational.parse("1e-25"));
            assertFixedPoint(g, lam, q);
        }
    }

    /** The logit response of the field package maps the certified box into a 1e-20-neighbourhood of itself. */
    private static void assertFixedPoint(NormalFormGame g, Rational lambda, CertifiedQre q) {
        IntervalField f = new IntervalField(50);
        RegularizedObjective<Interval> obj = new RegularizedObjective<>(g, lambda.reciprocal(), f);
        List<List<Interval>> box = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < g.numPlayers(); i++) {
            box.add(q.enclosure().subList(k, k + g.numActions(i)));
            k += g.numActions(i);
        }
        List<List<Interval>> image = obj.logitResponse(box);
        BigDecimal slack = new BigDecimal("1e-20");
        for (int i = 0; i < g.numPlayers(); i++) {
            for (int a = 0; a < g.numActions(i); a++) {
                Interval x = box.get(i).get(a);
                assertThat(image.get(i).get(a).isSubsetOf(x.inflate(slack))).isTrue();
            }
        }
    }
}
