package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The dyadic field's convex-combination enclosure (LP duality over weight boxes on the simplex), checked against
 * exact rational sums Σ w_b x_b for weights drawn in their boxes and summing to one, and values drawn in theirs.
 */
class DyadicFieldTest {
    private static final DyadicField F = DyadicField.INSTANCE;

    /** A rational in [lo, hi] (a fraction k/64 of the way). */
    private static Rational between(SplittableRandom r, Rational lo, Rational hi) {
        return lo.add(hi.subtract(lo).multiply(Rational.of(r.nextInt(0, 65), 64)));
    }

    @Test
    void convexCombinationsEncloseEveryFeasibleSumAndMeetItsExtremes() {
        SplittableRandom r = new SplittableRandom(41);
        for (int t = 0; t < 300; t++) {
            int m = r.nextInt(2, 5);
            // a point on the simplex, boxes around it (some of width 0), values straddling zero or not
            List<Rational> centre = new ArrayList<>();
            Rational rest = Rational.ONE;
            for (int b = 0; b < m - 1; b++) {
                Rational w = rest.multiply(Rational.of(r.nextInt(0, 9), 8));
                centre.add(w);
                rest = rest.subtract(w);
            }
            centre.add(rest);
            List<Rational[]> wBox = new ArrayList<>();
            List<Rational[]> xBox = new ArrayList<>();
            List<DyadicInterval> w = new ArrayList<>();
            List<DyadicInterval> x = new ArrayList<>();
            for (int b = 0; b < m; b++) {
                Rational lo = Rational.ZERO.max(centre.get(b).subtract(Rational.of(r.nextInt(0, 3), 16)));
                Rational hi = centre.get(b).add(Rational.of(r.nextInt(0, 3), 16));
                wBox.add(new Rational[] {lo, hi});
                w.add(F.of(lo).to(F.of(hi)));
                Rational xl = Rational.of(r.nextInt(-8, 8), 4);
                Rational xh = xl.add(Rational.of(r.nextInt(0, 9), 4));
                xBox.add(new Rational[] {xl, xh});
                x.add(F.of(xl).to(F.of(xh)));
            }
            DyadicInterval e = F.convexCombination(w, x);
            Interval enc = e.toInterval();
            Rational min = null;
            Rational max = null;
            for (int s = 0; s < 200; s++) {
                // weights in their boxes summing to one: all but one drawn, the last one the remainder, if it fits
                List<Rational> ws = new ArrayList<>();
                Rational sum = Rational.ZERO;
                int last = r.nextInt(m);
                for (int b = 0; b < m; b++) {
                    Rational v = b == last ? Rational.ZERO : s == 0 ? centre.get(b) : between(r, wBox.get(b)[0],
                        wBox.get(b)[1]);
                    ws.add(v);
                    sum = sum.add(v);
                }
                Rational remainder = Rational.ONE.subtract(sum);
                if (remainder.compareTo(wBox.get(last)[0]) < 0 || remainder.compareTo(wBox.get(last)[1]) > 0) {
                    continue;
                }
                ws.set(last, remainder);
                // the extremes over x sit at the ends of the value boxes
                Rational lo = Rational.ZERO;
                Rational hi = Rational.ZERO;
                for (int b = 0; b < m; b++) {
                    lo = lo.add(ws.get(b).multiply(xBox.get(b)[0]));
                    hi = hi.add(ws.get(b).multiply(xBox.get(b)[1]));
                }
                assertThat(enc.contains(lo) && enc.contains(hi)).as("case %d: %s and %s in %s", t, lo, hi, enc)
                    .isTrue();
                min = min == null ? lo : min.min(lo);
                max = max == null ? hi : max.max(hi);
            }
            assertThat(min).isNotNull();
            // the exact extremes (a greedy fill of the simplex over the boxes, independent of the duality bound):
            // the enclosure meets them up to the rounding
            Rational exactLo = extreme(wBox, xBox, false);
            Rational exactHi = extreme(wBox, xBox, true);
            assertThat(exactLo.compareTo(min)).isLessThanOrEqualTo(0);
            assertThat(exactHi.compareTo(max)).isGreaterThanOrEqualTo(0);
            Rational slack = Rational.of(1, 1L << 50);
            assertThat(Rational.of(enc.lo()).compareTo(exactLo.subtract(slack))).as("case %d lower end", t)
                .isGreaterThanOrEqualTo(0);
            assertThat(Rational.of(enc.hi()).compareTo(exactHi.add(slack))).as("case %d upper end", t)
                .isLessThanOrEqualTo(0);
        }
    }

    /**
     * max (or min) of Σ w_b x_b over w_b in their boxes with Σ w_b = 1 and x_b at the matching end of its box: every
     * weight at its lower end, then the rest of the unit mass to the largest (smallest) values first.
     */
    private static Rational extreme(List<Rational[]> wBox, List<Rational[]> xBox, boolean max) {
        int m = wBox.size();
        Rational[] w = new Rational[m];
        Rational rest = Rational.ONE;
        for (int b = 0; b < m; b++) {
            w[b] = wBox.get(b)[0];
            rest = rest.subtract(w[b]);
        }
        List<Integer> order = new ArrayList<>();
        for (int b = 0; b < m; b++) {
            order.add(b);
        }
        int end = max ? 1 : 0;
        order.sort((a, b) -> max ? xBox.get(b)[end].compareTo(xBox.get(a)[end])
            : xBox.get(a)[end].compareTo(xBox.get(b)[end]));
        for (int b : order) {
            Rational add = rest.min(wBox.get(b)[1].subtract(w[b]));
            w[b] = w[b].add(add);
            rest = rest.subtract(add);
        }
        Rational sum = Rational.ZERO;
        for (int b = 0; b < m; b++) {
            sum = sum.add(w[b].multiply(xBox.get(b)[end]));
        }
        return sum;
    }

    /**
     * The field's written enclosure of ln 2 is the one {@link Enclosures#log} computes (so its exponentials are those
     * of the computed constant), and the proof it passes at class initialisation refuses it moved by two units in
     * its last digit either way.
     */
    @Test
    void theWrittenEnclosureOfLn2IsTheComputedOneAndItsProofRefusesAMovedOne() {
        Interval ln2 = DyadicField.ln2();
        assertThat(ln2).isEqualTo(Enclosures.log(java.math.BigDecimal.valueOf(2), 60));
        java.math.BigDecimal two = java.math.BigDecimal.valueOf(2);
        java.math.BigDecimal step = java.math.BigDecimal.ONE.movePointLeft(60).multiply(two);
        assertThat(Enclosures.bracketsLog(two, ln2.lo(), ln2.hi(), 70)).isTrue();
        assertThat(Enclosures.bracketsLog(two, ln2.lo().add(step), ln2.hi().add(step), 70)).isFalse();
        assertThat(Enclosures.bracketsLog(two, ln2.lo().subtract(step), ln2.hi().subtract(step), 70)).isFalse();
    }

    /**
     * log's enclosures at points from 10⁻³⁰⁰ to 10³⁰⁰, next to 1 (1 ± 2⁻⁶⁰ … 1 ± 2⁻¹) and around √2: each contains
     * log x — proved independently, exp(lo) ≤ x ≤ exp(hi) by 40-digit decimal exponentials
     * ({@link Enclosures#bracketsLog}) — and is tight, within 2⁻⁵⁶·max(1, |log x|) and 2⁻⁵⁶ of |log x| relative; the
     * enclosure moved up by ten times its width is refused by the same proof (the control); an interval's log runs
     * from its ends' enclosures; x ≤ 0 is refused.
     */
    @Test
    void logEnclosesAndStaysTightAlsoNextToOne() {
        SplittableRandom r = new SplittableRandom(59);
        List<DyadicInterval> points = new ArrayList<>();
        for (int t = 0; t < 300; t++) {
            double x = t % 3 == 0 ? Math.pow(10, r.nextDouble(-300, 300)) : Math.sqrt(2) * (1 + r.nextDouble(-1e-3,
                1e-3));
            DyadicInterval step = DyadicInterval.ONE.scale(-r.nextInt(1, 61)); // 1 ± 2^−k, exact in 62 bits
            points.add(t % 3 == 1 ? (r.nextBoolean() ? DyadicInterval.ONE.add(step) : DyadicInterval.ONE.subtract(step))
                : DyadicInterval.ofDoubles(x, x));
        }
        for (DyadicInterval x : points) {
            DyadicInterval y = F.log(x);
            java.math.BigDecimal v = x.loDecimal();
            assertThat(Enclosures.bracketsLog(v, y.loDecimal(), y.hiDecimal(), 40)).as("log %s", v).isTrue();
            double width = y.hiDecimal().subtract(y.loDecimal()).doubleValue();
            double size = Math.abs(y.estimate());
            assertThat(width).as("width at %s", v).isLessThanOrEqualTo(Math.scalb(Math.max(1, size), -56));
            assertThat(width).as("relative width at %s", v).isLessThanOrEqualTo(Math.scalb(size, -56));
            java.math.BigDecimal moved = y.hiDecimal().subtract(y.loDecimal());
            assertThat(Enclosures.bracketsLog(v, y.loDecimal().add(moved.multiply(java.math.BigDecimal.TEN)),
                y.hiDecimal().add(moved.multiply(java.math.BigDecimal.TEN)), 40)).as("moved at %s", v).isFalse();
        }
        DyadicInterval a = points.get(0).hull(points.get(1));
        DyadicInterval ya = F.log(a);
        assertThat(ya.compareLo(F.log(a.lower()))).isZero();
        assertThat(ya.compareHi(F.log(a.upper()))).isZero();
        assertThat(F.log(DyadicInterval.ONE).isZero()).isTrue();
        assertThatThrownBy(() -> F.log(DyadicInterval.ZERO.to(DyadicInterval.ONE)))
            .isInstanceOf(ArithmeticException.class).hasMessageContaining("not positive");
    }

    /**
     * The series behind log with any number of terms n ≤ 12 before its bounded rest: its enclosure of 2·atanh s =
     * log m, s = (m − 1)/(m + 1), contains log m by the 40-digit exponentials' proof for m from 1/√2 to √2 — with one
     * term the rest is a hundredth of the value at the ends, so a rest bound too small shows; the enclosure narrows
     * as n grows; s² ≥ 1 is refused.
     */
    @Test
    void atanhsSeriesEnclosesWithAnyNumberOfTerms() {
        for (int k = -290; k <= 410; k += 7) {
            java.math.BigDecimal m = java.math.BigDecimal.ONE.add(java.math.BigDecimal.valueOf(k, 3));
            DyadicInterval dm = DyadicInterval.of(m);
            DyadicInterval s = dm.subtract(DyadicInterval.ONE).divide(dm.add(DyadicInterval.ONE));
            java.math.BigDecimal previous = null;
            for (int n = 0; n <= DyadicField.LOG_TERMS; n++) {
                DyadicInterval y = DyadicField.twiceAtanh(s, n);
                assertThat(Enclosures.bracketsLog(m, y.loDecimal(), y.hiDecimal(), 40)).as("m = %s, %d terms", m, n)
                    .isTrue();
                java.math.BigDecimal width = y.hiDecimal().subtract(y.loDecimal());
                if (previous != null && k != 0) {
                    assertThat(width).as("m = %s, %d terms", m, n).isLessThanOrEqualTo(previous);
                }
                previous = width;
            }
        }
        assertThatThrownBy(() -> DyadicField.twiceAtanh(DyadicInterval.ONE, 3))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weightBoxesThatCannotSumToOneAreRefused() {
        List<DyadicInterval> w = List.of(F.of(Rational.of(1, 8)).to(F.of(Rational.of(1, 4))), F.of(Rational.of(1, 8))
            .to(F.of(Rational.of(1, 4))));
        List<DyadicInterval> x = List.of(F.of(Rational.ONE), F.of(Rational.of(3)));
        assertThatThrownBy(() -> F.convexCombination(w, x)).isInstanceOf(ArithmeticException.class)
            .hasMessageContaining("cannot sum to one");
    }

    @Test
    void decimalsAndIntegersConvertExactlyWhenRepresentableAndOutwardOtherwise() {
        SplittableRandom r = new SplittableRandom(43);
        for (int t = 0; t < 500; t++) {
            long num = r.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
            long den = switch (t % 4) {
                case 0 -> 1L << r.nextInt(0, 40);
                case 1 -> (long) Math.pow(10, r.nextInt(0, 12));
                case 2 -> (1L << r.nextInt(0, 10)) * (long) Math.pow(5, r.nextInt(0, 20));
                default -> r.nextLong(1, 1_000_000_000L);
            };
            Rational q = Rational.of(java.math.BigInteger.valueOf(num), java.math.BigInteger.valueOf(den));
            DyadicInterval d = F.of(q);
            assertThat(d.toInterval().contains(q)).as("%s in %s", q, d.toInterval()).isTrue();
            DyadicInterval tight = DyadicInterval.of(q);
            // at most a few units of the last place wider than the tightest enclosure
            Rational slack = Rational.of(q.abs().add(Rational.ONE).toBigDecimal(new java.math.MathContext(20))
                .multiply(new java.math.BigDecimal("1e-17")));
            assertThat(Rational.of(tight.toInterval().lo()).subtract(Rational.of(d.toInterval().lo())).compareTo(slack))
                .as("%s lower end", q).isLessThanOrEqualTo(0);
            assertThat(Rational.of(d.toInterval().hi()).subtract(Rational.of(tight.toInterval().hi())).compareTo(slack))
                .as("%s upper end", q).isLessThanOrEqualTo(0);
            if (den == 1 || (t % 4 == 0 && Math.abs(num) < (1L << 50))) {
                assertThat(d.toInterval().lo()).as("%s is representable: a point", q).isEqualByComparingTo(
                    d.toInterval().hi());
            }
        }
        // n/2^k (n odd) for k beyond a long's denominators: exactly the point when n has at most 62 bits, else outward
        for (int t = 0; t < 200; t++) {
            java.math.BigInteger num = java.math.BigInteger.valueOf(r.nextLong()).shiftRight(t % 3 == 0 ? 0 : 3);
            java.math.BigInteger den = java.math.BigInteger.TWO.pow(r.nextInt(63, 2000));
            Rational q = Rational.of(num, den);
            Interval d = F.of(q).toInterval();
            assertThat(d.contains(q)).as("%s", q).isTrue();
            if (q.numerator().bitLength() <= DyadicInterval.PRECISION) {
                assertThat(Rational.of(d.lo())).as("%s is representable: a point", q).isEqualTo(q);
                assertThat(Rational.of(d.hi())).as("%s is representable: a point", q).isEqualTo(q);
            } else {
                assertThat(d.lo()).as("%s is not representable", q).isLessThan(d.hi());
            }
        }
    }
}
