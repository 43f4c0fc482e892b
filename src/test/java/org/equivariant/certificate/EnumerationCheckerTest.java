package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.junit.jupiter.api.Test;

/**
 * The replay of branch-and-bound trees (UNIQ-BB, {@link EnumerationChecker}) step by step, on small hand-built trees
 * for const_sum_game at λ = 2, in payoff differences v₁ = λ(u₁(b) − u₁(a)) (each player's reference is its first
 * action, the one with the larger payoff sum). There u₁(b, ·) − u₁(a, ·) = −σ₂(a), so a zero has v₁ = −2σ₂(a) ∈
 * [−2, 0]: a box with v₁ ≤ −11/5 holds no QRE. The interval response shows it on the whole part v₁ ≤ −11/5 of [−4, 4]²
 * (its first coordinate is [−1.965, −0.036]); the Krawczyk operator (centre the box's midpoint, R = I) on a box narrow
 * in v₂ (there K₁ = −1 ± 0.05).
 */
class EnumerationCheckerTest {
    static final QreCertificate G = CertificateCheckerTest.GOOD;
    static final Interval WIDE = new Interval(new BigDecimal("-4"), new BigDecimal("4"));
    static final BigDecimal CUT = new BigDecimal("-2.2");
    static final List<Interval> ROOT = List.of(WIDE, WIDE);
    static final List<Interval> LEFT = List.of(new Interval(WIDE.lo(), CUT), WIDE);
    static final List<Interval> RIGHT = List.of(new Interval(CUT, WIDE.hi()), WIDE);

    static EnumerationChecker.Report check(int digits, EnumerationCertificate.Node root) {
        return EnumerationChecker.check(new EnumerationCertificate(G.title(), G.payoffs(), G.sha256(), Rational.TWO,
            digits, root));
    }

    static EnumerationCertificate.Op krawczyk(List<Interval> box) {
        List<List<Rational>> identity = List.of(List.of(Rational.ONE, Rational.ZERO), List.of(Rational.ZERO,
            Rational.ONE));
        return new EnumerationCertificate.Op(box.stream().map(Interval::mid).toList(), identity);
    }

    /**
     * I − R·J in {@link DyadicField} (its product by the double midpoint–radius path) contains the
     * exact rational I − R·J and is at most 2⁻⁴⁰(1 + Σ_l |R_il||J_lk|) wide, on random 1×1 to 12×12 matrices; and an
     * interval entry is carried as an interval.
     */
    @Test
    void theDyadicContractionEnclosesTheExactOne() {
        DyadicField d = DyadicField.INSTANCE;
        RationalField q = RationalField.INSTANCE;
        SplittableRandom random = new SplittableRandom(5);
        for (int t = 0; t < 40; t++) {
            int n = random.nextInt(1, 13);
            List<List<Rational>> r = new ArrayList<>();
            List<List<Rational>> j = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                List<Rational> rr = new ArrayList<>();
                List<Rational> jr = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    rr.add(Rational.of(random.nextInt(-1000, 1001), random.nextInt(1, 97)));
                    jr.add(Rational.of(random.nextInt(-1000, 1001), random.nextInt(1, 89)));
                }
                r.add(rr);
                j.add(jr);
            }
            List<List<Rational>> exact = EnumerationChecker.contraction(q, j, r);
            List<List<DyadicInterval>> got = EnumerationChecker.contraction(d, j.stream().map(
                row -> row.stream().map(d::of).toList()).toList(), r.stream().map(row -> row.stream().map(d::of)
                .toList()).toList());
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    DyadicInterval x = got.get(i).get(k);
                    Rational e = exact.get(i).get(k);
                    assertThat(x.loRational().compareTo(e) <= 0 && e.compareTo(x.hiRational()) <= 0)
                        .as("n %d entry (%d, %d): %s in %s", n, i, k, e, x).isTrue();
                    Rational scale = Rational.ONE;
                    for (int l = 0; l < n; l++) {
                        scale = scale.add(r.get(i).get(l).abs().multiply(j.get(l).get(k).abs()));
                    }
                    assertThat(x.hiRational().subtract(x.loRational()).compareTo(scale.multiply(Rational.of(1,
                        1L << 40)))).as("width of %s", x).isLessThanOrEqualTo(0);
                }
            }
        }
        // an interval entry: J = [1, 2], R = 1 gives I − R·J = [−1, 0]
        DyadicInterval wide = d.of(Rational.ONE).hull(d.of(Rational.TWO));
        DyadicInterval m = EnumerationChecker.contraction(d, List.of(List.of(wide)), List.of(
            List.of(d.one()))).get(0).get(0);
        assertThat(m.loRational().compareTo(Rational.of(-1)) <= 0 && m.hiRational().signum() >= 0).isTrue();
        assertThat(m.hiRational().subtract(m.loRational()).compareTo(Rational.of(1001, 1000))).isLessThan(0);
    }

    static EnumerationCertificate.Split split(EnumerationCertificate.Node left, EnumerationCertificate.Node right) {
        return new EnumerationCertificate.Split(ROOT, 0, CUT, left, right);
    }

    @Test
    void emptyStepsByResponseOrKrawczykAndContractSteps() {
        // X ∩ T(X) = ∅ for the left half, so a contract step may name any next box: here a small one on which the
        // Krawczyk operator (whose interval derivative is too wide on the whole half) is disjoint from it
        List<Interval> small = List.of(LEFT.get(0), new Interval(new BigDecimal("-0.1"), new BigDecimal("0.1")));
        for (EnumerationCertificate.Node left : List.of(new EnumerationCertificate.Empty(LEFT,
            EnumerationCertificate.Op.RESPONSE), new EnumerationCertificate.Contract(LEFT, EnumerationCertificate.Op
            .RESPONSE, new EnumerationCertificate.Empty(small, krawczyk(small))))) {
            EnumerationChecker.Report r = check(10, split(left, new EnumerationCertificate.Contract(RIGHT,
                EnumerationCertificate.Op.RESPONSE, new EnumerationCertificate.Open(RIGHT))));
            assertThat(r.valid()).as(String.join("\n", r.findings())).isTrue();
            assertThat(r.complete()).isFalse();
            assertThat(r.enclosures()).isEmpty();
            // the open box's profiles, where any QRE the tree leaves undecided lies: σ(v) = (1, e^v)/(1 + e^v) per
            // player, over v₁ ∈ [−11/5, 4] and v₂ ∈ [−4, 4], both ways monotone, so its ends are at the corners
            assertThat(r.open()).hasSize(1);
            List<Interval> open = r.open().get(0);
            double[][] v = {{-2.2, 4}, {-4, 4}};
            for (int i = 0; i < 2; i++) {
                double[] ends = {1 / (1 + Math.exp(v[i][1])), 1 / (1 + Math.exp(v[i][0])),
                    1 / (1 + Math.exp(-v[i][0])), 1 / (1 + Math.exp(-v[i][1]))};
                for (int a = 0; a < 2; a++) {
                    assertThat(open.get(2 * i + a).lo().doubleValue()).isCloseTo(ends[2 * a], within(1e-9));
                    assertThat(open.get(2 * i + a).hi().doubleValue()).isCloseTo(ends[2 * a + 1], within(1e-9));
                }
            }
            int steps = left instanceof EnumerationCertificate.Empty ? 4 : 5;
            assertThat(r.findings()).containsExactly(steps + " steps replayed; 0 distinct QREs; open boxes remain: at "
                + "least that many");
        }
        // the same claims on the other half, where the QRE is, are refused
        EnumerationChecker.Report full = check(10, split(new EnumerationCertificate.Open(LEFT),
            new EnumerationCertificate.Empty(RIGHT, EnumerationCertificate.Op.RESPONSE)));
        assertThat(full.valid()).isFalse();
        assertThat(full.open()).isEmpty(); // a refused tree encloses nothing
        assertThat(full.findings()).containsExactly("step 3: X ∩ Op(X) is not empty");
        List<Interval> point = List.of(Interval.point(new BigDecimal("0.5")), WIDE);
        EnumerationChecker.Report narrow = check(10, split(new EnumerationCertificate.Empty(LEFT,
            EnumerationCertificate.Op.RESPONSE), new EnumerationCertificate.Contract(RIGHT, EnumerationCertificate.Op
            .RESPONSE, new EnumerationCertificate.Open(point))));
        assertThat(narrow.findings()).containsExactly("step 3: the next box does not contain X ∩ Op(X)");
        EnumerationChecker.Report outside = check(10, split(new EnumerationCertificate.Empty(LEFT, krawczyk(RIGHT)),
            new EnumerationCertificate.Open(RIGHT)));
        assertThat(outside.findings()).containsExactly("step 2: Krawczyk centre lies outside the box in coordinate 0");
    }

    @Test
    void splitsMustHalveTheBoxAndThePrecisionHasItsLimits() {
        EnumerationChecker.Report wrong = check(10, new EnumerationCertificate.Split(ROOT, 0, new BigDecimal("0.2"),
            new EnumerationCertificate.Open(LEFT), new EnumerationCertificate.Open(RIGHT)));
        assertThat(wrong.valid()).isFalse();
        assertThat(wrong.findings()).containsExactly("step 1: the children are not the two halves of the box");
        for (int digits : new int[] {10, CertificateJson.MAX_DIGITS}) {
            EnumerationChecker.Report open = check(digits, new EnumerationCertificate.Open(ROOT));
            assertThat(open.valid()).as("%d digits", digits).isTrue();
            assertThat(open.findings()).containsExactly("1 steps replayed; 0 distinct QREs; open boxes remain: at least "
                + "that many");
        }
        for (int digits : new int[] {9, CertificateJson.MAX_DIGITS + 1}) {
            assertThat(check(digits, new EnumerationCertificate.Open(ROOT)).valid()).as("%d digits", digits).isFalse();
        }
    }
}
