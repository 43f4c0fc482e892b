package org.equivariant.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.TracedBranch;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.Bundled;
import org.equivariant.io.NfgReader;
import org.equivariant.work.Limits;
import org.equivariant.work.Progress;
import org.junit.jupiter.api.Test;

/** The replay of a principal-branch chain (BR-CHAIN): accepted as built, rejected after any tampering. */
class BranchCheckerTest {
    static final NormalFormGame COORD = NfgReader.read("coord2", Bundled.text("bundled:coord2", Limits.DEFAULT));
    /** coord2 at λ = 4 with --all: three QREs, the first on the principal branch, chained from a UNIQ-H anchor. */
    static final QreResult RESULT = QreSolver.solve(COORD, Rational.of(4), QreSolver.Options.all(20));
    static final QreCertificate GOOD = RESULT.certificate();

    static QreCertificate withBranch(UnaryOperator<QreCertificate.Branch> change) {
        return GOOD.withBranch(change.apply(GOOD.branch()));
    }

    static QreCertificate.Branch withPieces(QreCertificate.Branch b, List<BranchPiece> pieces) {
        return new QreCertificate.Branch(b.digits(), pieces, b.qre(), b.anchor());
    }

    /**
     * The system's parameter over a piece's tube (MQRE-CHAIN (8) asks that a start homotopy meet θ = 1 first at its
     * last piece): sampled in doubles on the line and at the deviation box's corners — θ = v − w·(c(v) + δ) for a piece
     * in θ with a shear w whose terms cancel (v runs over [100, 150] while θ stays near 0.4), and θ = c₁(v) + δ₁ for a
     * piece in the first unknown — every sample lies in the enclosure, which is at most a tenth wider than the samples'
     * spread; a plain piece in θ gives its range.
     */
    @Test
    void theSystemParameterIsEnclosedOverAPiecesTube() {
        List<BigDecimal> c = List.of(new BigDecimal("124.6"), new BigDecimal("0.3"));
        List<BigDecimal> t = List.of(new BigDecimal("0.98"), new BigDecimal("0.01"));
        List<BigDecimal> a = List.of(new BigDecimal("0.002"), new BigDecimal("-0.004"));
        List<BigDecimal> j = List.of(new BigDecimal("0.0001"), new BigDecimal("0.0002"));
        List<Interval> dev = List.of(new Interval(new BigDecimal("-1e-6"), new BigDecimal("1e-6")),
            new Interval(new BigDecimal("-2e-6"), new BigDecimal("3e-6")));
        List<List<Rational>> eye = List.of(List.of(Rational.ONE, Rational.ZERO), List.of(Rational.ZERO, Rational.ONE));
        List<List<Rational>> zero = List.of(List.of(Rational.ZERO, Rational.ZERO), List.of(Rational.ZERO,
            Rational.ZERO));
        List<Rational> w = List.of(Rational.ONE, Rational.of(1, 2));
        BranchPiece sheared = new BranchPiece(2, new BigDecimal("100"), new BigDecimal("150"), c, t, a, j, dev, eye,
            zero, w);
        BranchPiece inUnknown = new BranchPiece(0, new BigDecimal("0.2"), new BigDecimal("0.6"), c, t, a, j, dev, eye,
            zero, List.of());
        for (BranchPiece p : List.of(sheared, inUnknown)) {
            Interval e = BranchChecker.systemParameter(p, 20);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double from = p.from().doubleValue();
            double m = (from + p.to().doubleValue()) / 2;
            for (int k = 0; k <= 400; k++) {
                double v = from + (p.to().doubleValue() - from) * k / 400;
                double s = v - m;
                double[] y = new double[2];
                for (int i = 0; i < 2; i++) {
                    y[i] = c.get(i).doubleValue() + s * (t.get(i).doubleValue() + s * (a.get(i).doubleValue() / 2
                        + s * j.get(i).doubleValue() / 6));
                }
                for (int corner = 0; corner < 4; corner++) {
                    double d0 = (corner & 1) == 0 ? dev.get(0).lo().doubleValue() : dev.get(0).hi().doubleValue();
                    double d1 = (corner & 2) == 0 ? dev.get(1).lo().doubleValue() : dev.get(1).hi().doubleValue();
                    double theta = p == sheared ? v - (y[0] + d0) - 0.5 * (y[1] + d1) : y[1] + d1;
                    assertThat(theta).as("v = " + v).isBetween(e.lo().doubleValue() - 1e-9, e.hi().doubleValue()
                        + 1e-9);
                    lo = Math.min(lo, theta);
                    hi = Math.max(hi, theta);
                }
            }
            // a sanity bound on Horner's overestimate over 16 sub-ranges (measured: 5 % for the sheared piece)
            assertThat(e.hi().subtract(e.lo()).doubleValue()).isLessThan(1.1 * (hi - lo) + 1e-6);
        }
        BranchPiece plain = new BranchPiece(2, new BigDecimal("0.1"), new BigDecimal("0.3"), c, t, a, j, dev, eye, zero,
            List.of());
        assertThat(BranchChecker.systemParameter(plain, 20)).isEqualTo(plain.range());
    }

    @Test
    void theSolversChainIsReplayedAndSurvivesJson() {
        assertThat(GOOD.branch()).isNotNull();
        assertThat(GOOD.branch().pieces().size()).isGreaterThan(3);
        assertThat(GOOD.branch().pieces().get(0).from().signum()).isPositive();
        CheckReport r = CertificateChecker.check(GOOD);
        assertThat(r.valid()).as(r.findings().toString()).isTrue();
        assertThat(r.principal()).isZero();
        CheckReport back = CertificateChecker.check(CertificateJson.read(CertificateJson.write(GOOD)));
        assertThat(back.valid()).isTrue();
        assertThat(back.principal()).isZero();
    }

    @Test
    void namingAnotherQreAsPrincipalIsRejected() {
        for (int other = 1; other < GOOD.boxes().size(); other++) {
            int k = other;
            CheckReport r = CertificateChecker.check(withBranch(b -> new QreCertificate.Branch(b.digits(), b.pieces(),
                k, b.anchor())));
            assertThat(r.valid()).isFalse();
            assertThat(r.principal()).isEqualTo(-1);
            assertThat(r.findings().toString()).contains("does not lie in the last piece's tube");
        }
    }

    @Test
    void aMovedPieceADroppedPieceOrAWrongAnchorIsRejected() {
        List<BranchPiece> pieces = GOOD.branch().pieces();
        int mid = pieces.size() / 2;
        BranchPiece p = pieces.get(mid);
        List<BigDecimal> moved = new ArrayList<>(p.center());
        moved.set(0, moved.get(0).add(new BigDecimal("0.001")));
        List<BranchPiece> tampered = new ArrayList<>(pieces);
        tampered.set(mid, new BranchPiece(p.parameter(), p.from(), p.to(), moved, p.tangent(), p.curvature(),
            p.thirdDerivative(), p.deviation(), p.preconditioner(), p.preconditionerSlope(), p.shear()));
        assertThat(CertificateChecker.check(withBranch(b -> withPieces(b, tampered))).valid()).isFalse();

        List<BranchPiece> gap = new ArrayList<>(pieces);
        gap.remove(mid);
        CheckReport r = CertificateChecker.check(withBranch(b -> withPieces(b, gap)));
        assertThat(r.valid()).isFalse();
        assertThat(r.findings().toString()).contains("the end of piece " + mid + " is not shown to lie on piece "
            + (mid + 1) + ": the arcs may not join");

        // the anchor must make the QRE unique at λ₀: a κ scaled by 1/2 is no Perron certificate of D/4
        CheckReport anchor = CertificateChecker.check(withBranch(b -> new QreCertificate.Branch(b.digits(),
            b.pieces(), b.qre(), new QreCertificate.Uniqueness(b.anchor().w(), b.anchor().kappa()
            .multiply(Rational.of(1, 2))))));
        assertThat(anchor.valid()).isFalse();
        assertThat(anchor.findings().toString()).contains("anchor");
        CheckReport none = CertificateChecker.check(withBranch(b -> new QreCertificate.Branch(b.digits(), b.pieces(),
            b.qre(), null)));
        assertThat(none.findings().toString()).contains("needs an anchor");
    }

    @Test
    void theThirdDerivativeIsPartOfThePiecesClaim() throws Exception {
        List<BranchPiece> pieces = GOOD.branch().pieces();
        // the piece whose cubic term reaches furthest beyond its deviation box: |j|·h³/6 over Δ's width
        int worst = 0;
        double reach = 0;
        for (int k = 0; k < pieces.size(); k++) {
            BranchPiece p = pieces.get(k);
            double h = p.range().width().doubleValue() / 2;
            for (int i = 0; i < p.unknowns(); i++) {
                double r = Math.abs(p.thirdDerivative().get(i).doubleValue()) * h * h * h / 6
                    / p.deviation().get(i).width().doubleValue();
                if (r > reach) {
                    reach = r;
                    worst = k;
                }
            }
        }
        assertThat(reach).as("the tracer's pieces lean on their cubic terms").isGreaterThan(2);
        BranchPiece p = pieces.get(worst);
        List<BranchPiece> quadratic = new ArrayList<>(pieces);
        quadratic.set(worst, new BranchPiece(p.parameter(), p.from(), p.to(), p.center(), p.tangent(), p.curvature(),
            p.center().stream().map(x -> BigDecimal.ZERO).toList(), p.deviation(), p.preconditioner(),
            p.preconditionerSlope(), p.shear()));
        assertThat(quadratic.get(worst).thirdDerivative()).allMatch(x -> x.signum() == 0);
        CheckReport r = CertificateChecker.check(withBranch(b -> withPieces(b, quadratic)));
        assertThat(r.valid()).isFalse();
        assertThat(r.findings().toString()).contains("piece " + (worst + 1));
        // a certificate without the field (as older ones were written) reads as quadratic pieces — so this one fails
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode tree = json.readTree(CertificateJson.write(GOOD));
        for (com.fasterxml.jackson.databind.JsonNode piece : tree.get("branch").get("pieces")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) piece).remove("thirdDerivative");
        }
        QreCertificate old = CertificateJson.read(tree.toString());
        assertThat(old.branch().pieces().get(worst).thirdDerivative()).allMatch(x -> x.signum() == 0);
        assertThat(CertificateChecker.check(old).valid()).isFalse();
    }

    /**
     * The chain's middle pieces run over the tangent's coordinate (sheared, {@link BranchPiece}): the weights are part
     * of the claim — the same piece with weights 1 % larger, or none, is rejected — and survive JSON, where a shear of
     * the wrong length is refused by its path; the first and last pieces must run over λ itself (a zero shear too).
     */
    @Test
    void aShearIsPartOfThePiecesClaimAndOnlyMiddlePiecesHaveOne() throws Exception {
        List<BranchPiece> pieces = GOOD.branch().pieces();
        int k = 0;
        while (k < pieces.size() && pieces.get(k).plain()) {
            k++;
        }
        assertThat(k).as("a sheared piece").isBetween(1, pieces.size() - 2);
        BranchPiece p = pieces.get(k);
        assertThat(p.shear()).as("weights that a scaling changes").anyMatch(w -> w.signum() != 0);
        List<Rational> larger = p.shear().stream().map(w -> w.multiply(Rational.of(101, 100))).toList();
        for (List<Rational> shear : List.of(larger, List.<Rational>of())) {
            List<BranchPiece> changed = new ArrayList<>(pieces);
            changed.set(k, new BranchPiece(p.parameter(), p.from(), p.to(), p.center(), p.tangent(), p.curvature(),
                p.thirdDerivative(), p.deviation(), p.preconditioner(), p.preconditionerSlope(), shear));
            CheckReport r = CertificateChecker.check(withBranch(b -> withPieces(b, changed)));
            assertThat(r.valid()).isFalse();
            assertThat(r.findings().toString()).contains("piece " + (k + 1));
        }

        QreCertificate back = CertificateJson.read(CertificateJson.write(GOOD));
        assertThat(back.branch().pieces()).isEqualTo(pieces);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode tree = json.readTree(CertificateJson.write(GOOD));
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("branch").get("pieces").get(k).get("shear"))
            .remove(0);
        int index = k;
        assertThatThrownBy(() -> CertificateJson.read(tree.toString()))
            .hasMessageContaining("branch.pieces[" + index + "].shear: a shear has one weight per unknown");

        List<Rational> zero = p.shear().stream().map(w -> Rational.ZERO).toList();
        for (int end : new int[] {0, pieces.size() - 1}) {
            BranchPiece q = pieces.get(end);
            List<BranchPiece> changed = new ArrayList<>(pieces);
            changed.set(end, new BranchPiece(q.parameter(), q.from(), q.to(), q.center(), q.tangent(), q.curvature(),
                q.thirdDerivative(), q.deviation(), q.preconditioner(), q.preconditionerSlope(), zero));
            CheckReport r = CertificateChecker.check(withBranch(b -> withPieces(b, changed)));
            assertThat(r.valid()).isFalse();
            assertThat(r.findings().toString()).contains(end == 0 ? "the first piece must be parametrized by λ"
                : "the last piece must be parametrized by λ");
        }
    }

    /**
     * A piece's end box ({@link BranchChecker#end}, where BR-TAIL's and MIX-TAIL's claims start) holds the predictor at
     * the piece's end plus the whole deviation box Δ: each unknown's enclosure is at least as wide as its Δ (PIT found
     * a mutant leaving Δ out unnoticed by the tails' tests — an end box too narrow would let a tail's region miss the
     * branch).
     */
    @Test
    void aPiecesEndBoxHoldsItsWholeDeviation() {
        for (BranchPiece p : GOOD.branch().pieces()) {
            List<Interval> end = BranchChecker.end(p, GOOD.branch().digits());
            assertThat(end).hasSize(p.unknowns() + 1);
            for (int k = 0; k < p.unknowns(); k++) {
                double deviation = p.deviation().get(k).width().doubleValue();
                assertThat(deviation).isPositive();
                assertThat(end.get(k < p.parameter() ? k : k + 1).width().doubleValue()).as("unknown %d", k)
                    .isGreaterThanOrEqualTo(deviation * (1 - 1e-12));
            }
        }
    }

    @Test
    void aWidenedDeviationThatNoLongerContractsIsRejected() {
        List<BranchPiece> pieces = new ArrayList<>(GOOD.branch().pieces());
        BranchPiece p = pieces.get(1);
        List<Interval> huge = p.deviation().stream().map(d -> new Interval(d.lo().subtract(BigDecimal.ONE),
            d.hi().add(BigDecimal.ONE))).toList();
        pieces.set(1, p.withDeviation(huge));
        CheckReport r = CertificateChecker.check(withBranch(b -> withPieces(b, pieces)));
        assertThat(r.valid()).isFalse();
        assertThat(r.findings().toString()).contains("principal branch: piece 2: ");
    }

    /**
     * A piece whose preconditioner is zero has image K = Δ — the deviation term (I − R·∂F)·Δ alone — which is not in
     * Δ's interior: rejected by the Krawczyk test itself (the join before it still holds). A piece of the wrong size is
     * rejected by name.
     */
    @Test
    void aZeroPreconditionerOrAPieceOfTheWrongSizeIsRejected() {
        List<BranchPiece> pieces = new ArrayList<>(GOOD.branch().pieces());
        BranchPiece p = pieces.get(1);
        int n = p.unknowns();
        List<List<Rational>> zero = java.util.Collections.nCopies(n, java.util.Collections.nCopies(n, Rational.ZERO));
        pieces.set(1, new BranchPiece(p.parameter(), p.from(), p.to(), p.center(), p.tangent(), p.curvature(),
            p.thirdDerivative(), p.deviation(), zero, zero, p.shear()));
        CheckReport r = CertificateChecker.check(withBranch(b -> withPieces(b, pieces)));
        assertThat(r.valid()).isFalse();
        assertThat(r.findings().toString()).contains("piece 2: Krawczyk test failed (K is not inside the interior of "
            + "the deviation box)");
        List<BranchPiece> small = new ArrayList<>(GOOD.branch().pieces());
        small.set(1, new BranchPiece(p.parameter(), p.from(), p.to(), p.center().subList(0, n - 1),
            p.tangent().subList(0, n - 1), p.curvature().subList(0, n - 1), p.thirdDerivative().subList(0, n - 1),
            p.deviation().subList(0, n - 1),
            p.preconditioner().subList(0, n - 1).stream().map(row -> row.subList(0, n - 1)).toList(),
            p.preconditionerSlope().subList(0, n - 1).stream().map(row -> row.subList(0, n - 1)).toList()));
        CheckReport wrong = CertificateChecker.check(withBranch(b -> withPieces(b, small)));
        assertThat(wrong.valid()).isFalse();
        assertThat(wrong.findings().toString()).contains("piece 2 has " + (n - 1) + " unknowns, expected " + n);
        // the line's shape checks: a parameter in 0..n (0 a profile coordinate, n = λ), every coefficient n long
        ParametricSystem sys = LogitFixedPoint.branchSystem(GOOD.payoffs());
        for (int parameter : new int[] {0, n}) {
            assertThat(BranchChecker.line(sys, withParameter(p, parameter)).predictorImage()).hasSize(n);
        }
        for (int parameter : new int[] {-1, n + 1}) {
            assertThatThrownBy(() -> BranchChecker.line(sys, withParameter(p, parameter)))
                .hasMessageContaining("wrong shape");
        }
        BranchPiece shortThird = new BranchPiece(p.parameter(), p.from(), p.to(), p.center(), p.tangent(),
            p.curvature(), p.thirdDerivative().subList(0, n - 1), p.deviation(), p.preconditioner(),
            p.preconditionerSlope(), p.shear());
        assertThatThrownBy(() -> BranchChecker.line(sys, shortThird)).hasMessageContaining("wrong shape");
    }

    private static BranchPiece withParameter(BranchPiece p, int parameter) {
        return new BranchPiece(parameter, p.from(), p.to(), p.center(), p.tangent(), p.curvature(),
            p.thirdDerivative(), p.deviation(), p.preconditioner(), p.preconditionerSlope(), p.shear());
    }

    /**
     * The predictor term's range lies in the test's image for every Δ ∋ 0 (the deviation term contains 0), so a box
     * that does not hold it in its interior cannot pass: checked on every piece of the chain, with a box shrunk to
     * half of it as the control.
     */
    @Test
    void thePredictorTermBoundsEveryPassingBoxFromBelow() {
        for (BranchPiece p : GOOD.branch().pieces()) {
            List<Interval> term = BranchChecker.predictorImage(LogitFixedPoint.branchSystem(COORD.payoffs()), p);
            BranchChecker.Test t = BranchChecker.test(LogitFixedPoint.branchSystem(COORD.payoffs()), p,
                BranchChecker.arithmetic(18));
            assertThat(t.holds()).isTrue();
            for (int k = 0; k < term.size(); k++) {
                assertThat(t.image().get(k).lo()).isLessThanOrEqualTo(term.get(k).lo());
                assertThat(t.image().get(k).hi()).isGreaterThanOrEqualTo(term.get(k).hi());
            }
            List<Interval> half = term.stream().map(x -> new Interval(x.lo().min(BigDecimal.ZERO).divide(
                BigDecimal.valueOf(2)), x.hi().max(BigDecimal.ZERO).divide(BigDecimal.valueOf(2)))).toList();
            BranchPiece shrunk = p.withDeviation(half);
            assertThat(BranchChecker.test(LogitFixedPoint.branchSystem(COORD.payoffs()), shrunk,
                BranchChecker.arithmetic(18)).holds()).isFalse();
        }
    }

    /**
     * The predictor term, enclosed part by part of each piece's range, holds −R(v)·F(c(v), v) at sample points (the
     * parts' ends and interiors; plain and sheared pieces, and each with its slope R₁ scaled by 10⁴, so that R(v)'s
     * dependence on v shows), each computed on its own from the piece's rationals in
     * 40-digit decimal intervals by the system's field residual at that point; points off the predictor by ten times
     * the term's widest side are the control that the comparison can fail.
     */
    @Test
    void thePredictorTermHoldsTheResidualAtSamplePointsOfEveryPart() {
        ParametricSystem sys = LogitFixedPoint.branchSystem(COORD.payoffs());
        IntervalField f = new IntervalField(40);
        List<Rational> epsilons = List.of(Rational.of(-1), Rational.of(-7, 8), Rational.of(-1, 2), Rational.of(-1, 3),
            Rational.ZERO, Rational.of(1, 10), Rational.of(1, 2), Rational.of(77, 100), Rational.ONE);
        int outside = 0;
        for (BranchPiece p : GOOD.branch().pieces().stream().flatMap(q -> java.util.stream.Stream.of(q,
            withSlopeTimes(q, Rational.of(10_000)))).toList()) {
            List<Interval> term = BranchChecker.predictorImage(sys, p);
            Rational away = Rational.of(term.stream().map(Interval::width).max(BigDecimal::compareTo).orElseThrow())
                .multiply(Rational.of(10));
            Rational mid = Rational.of(p.range().mid());
            Rational h = Rational.of(p.range().width()).multiply(Rational.of(1, 2));
            for (Rational eps : epsilons) {
                Rational s = h.multiply(eps);
                for (Rational off : List.of(Rational.ZERO, away)) {
                    List<Interval> g = sys.residual(f, pointOn(p, mid.add(s), s, off).stream().map(f::of).toList());
                    for (int i = 0; i < p.unknowns(); i++) {
                        Interval x = f.zero();
                        for (int j = 0; j < p.unknowns(); j++) {
                            Rational r = p.preconditioner().get(i).get(j).add(p.preconditionerSlope().get(i).get(j)
                                .multiply(s));
                            x = f.subtract(x, f.multiply(f.of(r), g.get(j)));
                        }
                        if (off.signum() == 0) {
                            assertThat(x.isSubsetOf(term.get(i))).as("piece from %s, ε = %s, row %d", p.from(), eps, i)
                                .isTrue();
                        } else if (!x.isSubsetOf(term.get(i))) {
                            outside++;
                        }
                    }
                }
            }
        }
        assertThat(outside).as("rows of points off the predictor outside the term").isPositive();
    }

    /**
     * The test's image holds points of the Krawczyk sets it encloses, −R(v)·F(c(v), v) + (I − R(v)·∂_yF(c(v) + δ₀, v))·δ₁
     * for δ₀ ∈ {0, Δ's low and high corners} and δ₁ ∈ Δ's corners, at sample points of every piece (∂_yF by the
     * chain rule through z_parameter = v − w·y on sheared ones), computed on their own in 40-digit decimal
     * intervals — also with the preconditioner's slope R₁ scaled by 10⁴, so that the deviation term's dependence on
     * ε is large and each part of the range must re-expand it at its own ε.
     */
    @Test
    void theImageHoldsPointsOfTheKrawczykSetsAtSamplePoints() {
        ParametricSystem sys = LogitFixedPoint.branchSystem(COORD.payoffs());
        IntervalField f = new IntervalField(40);
        List<Rational> epsilons = List.of(Rational.of(-1), Rational.of(-5, 8), Rational.of(-1, 5), Rational.of(3, 8),
            Rational.of(9, 10), Rational.ONE);
        for (BranchPiece original : GOOD.branch().pieces()) {
            for (Rational scale : List.of(Rational.ONE, Rational.of(10_000))) {
                BranchPiece p = withSlopeTimes(original, scale);
                List<Interval> image = BranchChecker.test(sys, p, BranchChecker.arithmetic(18)).image();
                int n = p.unknowns();
                List<List<Rational>> corners = List.of(p.deviation().stream().map(d -> Rational.of(d.lo())).toList(),
                    p.deviation().stream().map(d -> Rational.of(d.hi())).toList());
                List<List<Rational>> firsts = List.of(java.util.Collections.nCopies(n, Rational.ZERO), corners.get(0),
                    corners.get(1));
                Rational mid = Rational.of(p.range().mid());
                Rational h = Rational.of(p.range().width()).multiply(Rational.of(1, 2));
                for (Rational eps : epsilons) {
                    Rational s = h.multiply(eps);
                    List<Interval> g = sys.residual(f, pointOn(p, mid.add(s), s, List.of()).stream().map(f::of)
                        .toList());
                    for (List<Rational> first : firsts) {
                        List<List<Interval>> jac = sys.jacobian(f, pointOn(p, mid.add(s), s, first).stream()
                            .map(f::of).toList());
                        for (List<Rational> second : corners) {
                            for (int i = 0; i < n; i++) {
                                Interval x = f.of(second.get(i));
                                for (int j = 0; j < n; j++) {
                                    Interval r = f.of(p.preconditioner().get(i).get(j).add(p.preconditionerSlope()
                                        .get(i).get(j).multiply(s)));
                                    Interval jd = f.zero();
                                    for (int k = 0; k < n; k++) {
                                        jd = f.add(jd, f.multiply(reducedEntry(f, p, jac.get(j), k), f.of(second
                                            .get(k))));
                                    }
                                    x = f.subtract(x, f.multiply(r, f.add(g.get(j), jd)));
                                }
                                assertThat(x.isSubsetOf(image.get(i))).as("piece from %s, R₁ × %s, ε = %s, row %d",
                                    p.from(), scale, eps, i).isTrue();
                            }
                        }
                    }
                }
            }
        }
    }

    /** The piece with its preconditioner's slope R₁ times a factor. */
    private static BranchPiece withSlopeTimes(BranchPiece p, Rational factor) {
        return new BranchPiece(p.parameter(), p.from(), p.to(), p.center(), p.tangent(), p.curvature(),
            p.thirdDerivative(), p.deviation(), p.preconditioner(), p.preconditionerSlope().stream().map(row -> row
            .stream().map(factor::multiply).toList()).toList(), p.shear());
    }

    /** ∂F_j/∂y_k of a Jacobian row over all n + 1 coordinates: column k's, less the parameter's times w_k if sheared. */
    private static Interval reducedEntry(IntervalField f, BranchPiece p, List<Interval> row, int k) {
        Interval y = row.get(k < p.parameter() ? k : k + 1);
        return p.plain() ? y : f.subtract(y, f.multiply(row.get(p.parameter()), f.of(p.shear().get(k))));
    }

    /** The point z at v = m + s with the other coordinates c(v) + off (exact rationals; z_parameter = v − w·y). */
    private static List<Rational> pointOn(BranchPiece p, Rational v, Rational s, Rational off) {
        return pointOn(p, v, s, java.util.Collections.nCopies(p.unknowns(), off));
    }

    /** The point z at v = m + s with the other coordinates c(v) + δ (none: δ = 0). */
    private static List<Rational> pointOn(BranchPiece p, Rational v, Rational s, List<Rational> delta) {
        List<Rational> y = new ArrayList<>();
        for (int k = 0; k < p.unknowns(); k++) {
            Rational third = Rational.of(p.thirdDerivative().get(k)).multiply(s).multiply(Rational.of(1, 6));
            Rational inner = Rational.of(p.curvature().get(k)).multiply(Rational.of(1, 2)).add(third);
            Rational slope = Rational.of(p.tangent().get(k)).add(s.multiply(inner));
            y.add(Rational.of(p.center().get(k)).add(s.multiply(slope)).add(delta.isEmpty() ? Rational.ZERO
                : delta.get(k)));
        }
        Rational at = v;
        for (int k = 0; k < p.shear().size(); k++) {
            at = at.subtract(p.shear().get(k).multiply(y.get(k)));
        }
        List<Rational> z = new ArrayList<>(y);
        z.add(p.parameter(), at);
        return z;
    }

    static BranchPiece withRange(BranchPiece p, BigDecimal from, BigDecimal to) {
        return new BranchPiece(p.parameter(), from, to, p.center(), p.tangent(), p.curvature(), p.thirdDerivative(),
            p.deviation(), p.preconditioner(), p.preconditionerSlope(), p.shear());
    }

    /** The chain's precision, its first piece and its anchor at the limits the checker accepts. */
    @Test
    void theChainsFieldsAreCheckedAtTheirLimits() {
        for (int digits : new int[] {9, CertificateJson.MAX_DIGITS + 1}) {
            CheckReport r = CertificateChecker.check(withBranch(b -> new QreCertificate.Branch(digits, b.pieces(),
                b.qre(), b.anchor())));
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).contains("principal branch: branch precision " + digits + " is outside 10.."
                + CertificateJson.MAX_DIGITS);
        }
        for (int digits : new int[] {10, CertificateJson.MAX_DIGITS}) {
            CheckReport r = CertificateChecker.check(withBranch(b -> new QreCertificate.Branch(digits, b.pieces()
                .subList(0, 1), b.qre(), b.anchor())));
            assertThat(r.findings().toString()).doesNotContain("branch precision");
        }
        CheckReport none = CertificateChecker.check(withBranch(b -> withPieces(b, List.of())));
        assertThat(none.findings()).contains("principal branch: the branch has no pieces");
        BranchPiece first = GOOD.branch().pieces().get(0);
        // from below 0, or decreasing from the anchor's own λ₀ (so that the anchor still holds)
        for (BranchPiece bad : List.of(withRange(first, new BigDecimal("-0.1"), first.to()),
            withRange(first, first.from(), first.from().subtract(new BigDecimal("0.001"))))) {
            List<BranchPiece> pieces = new ArrayList<>(GOOD.branch().pieces());
            pieces.set(0, bad);
            CheckReport r = CertificateChecker.check(withBranch(b -> withPieces(b, pieces)));
            assertThat(r.valid()).isFalse();
            assertThat(r.findings()).contains("principal branch: the first piece must be parametrized by λ, "
                + "increasing from λ₀ ≥ 0");
        }
        // λ₀κ = 1 exactly: the Perron inequality holds (κ only grew) but the QRE at λ₀ need not be unique
        Rational lambda0 = Rational.of(first.from());
        CheckReport edge = CertificateChecker.check(withBranch(b -> new QreCertificate.Branch(b.digits(), b.pieces(),
            b.qre(), new QreCertificate.Uniqueness(b.anchor().w(), lambda0.reciprocal()))));
        assertThat(edge.valid()).isFalse();
        assertThat(edge.findings().toString()).contains("anchor: λ₀ = " + first.from() + " is not below 1/κ");
        // a deviation box must contain the predictor's own point (0); the last piece must reach λ*
        BranchPiece second = GOOD.branch().pieces().get(0);
        List<Interval> off = new ArrayList<>(second.deviation());
        Interval d0 = off.get(0);
        off.set(0, new Interval(d0.hi().add(BigDecimal.ONE), d0.hi().add(BigDecimal.valueOf(2))));
        List<BranchPiece> shifted = new ArrayList<>(GOOD.branch().pieces());
        shifted.set(0, second.withDeviation(off));
        assertThat(CertificateChecker.check(withBranch(b -> withPieces(b, shifted))).findings().toString())
            .contains("principal branch: piece 1: the deviation box does not contain 0 in coordinate 0");
        List<BranchPiece> shortChain = GOOD.branch().pieces().subList(0, GOOD.branch().pieces().size() - 1);
        assertThat(CertificateChecker.check(withBranch(b -> withPieces(b, shortChain))).findings().toString())
            .contains("principal branch: the last piece must be parametrized by λ and reach λ = 4");
        // a chain starting at λ₀ = 0 needs no anchor (the centroid): no anchor finding, whatever else fails
        List<BranchPiece> fromZero = new ArrayList<>(GOOD.branch().pieces());
        fromZero.set(0, withRange(first, BigDecimal.ZERO, first.to()));
        CheckReport zero = CertificateChecker.check(withBranch(b -> new QreCertificate.Branch(b.digits(), fromZero,
            b.qre(), null)));
        assertThat(zero.findings().toString()).doesNotContain("anchor");
    }

    @Test
    void aTraceFromTheCentroidReplaysAndItsLastNodeIsTheSolversPrincipalQre() {
        TracedBranch t = TracedBranch.trace(COORD, Rational.of(4), Progress.NONE, nodes -> { });
        assertThat(t.reached()).isTrue();
        assertThat(t.verified()).isTrue();
        BranchChecker.Replay replay = BranchChecker.replay(COORD.payoffs(),
            LogitFixedPoint.branchSystem(COORD.payoffs()), t.branch(), true);
        assertThat(replay.problem()).isNull();
        assertThat(replay.ends()).hasSize(t.branch().pieces().size());
        TracedBranch.Node last = t.nodes().get(t.nodes().size() - 1);
        assertThat(last.lambda().contains(Rational.of(4))).isTrue();
        List<Interval> principal = RESULT.qres().get(RESULT.principalIndex()).enclosure();
        for (int k = 0; k < principal.size(); k++) {
            assertThat(last.profile().get(k).isDisjointFrom(principal.get(k))).isFalse();
        }
        // a chain from the centroid needs no anchor; one that starts above 0 does
        BranchPiece first = t.branch().pieces().get(0);
        assertThat(first.from().signum()).isZero();
    }

    /**
     * A piece proved for coord2 is refused against another game's system (const_sum_game, also 2 × 2), also when
     * tested right after; a line tests only its own piece (any deviation box), not another piece.
     */
    @Test
    void aPieceIsTestedAgainstTheSystemItIsGiven() {
        NormalFormGame other = NfgReader.read("cs", Bundled.text("bundled:const_sum_game", Limits.DEFAULT));
        List<BranchPiece> pieces = GOOD.branch().pieces();
        BranchPiece last = pieces.get(pieces.size() - 1);
        BranchChecker.Line line = BranchChecker.line(LogitFixedPoint.branchSystem(COORD.payoffs()), last);
        assertThat(line.test(last, BranchChecker.arithmetic(18)).holds()).isTrue();
        assertThat(BranchChecker.test(LogitFixedPoint.branchSystem(other.payoffs()), last, BranchChecker.arithmetic(18))
            .holds()).isFalse();
        BranchPiece first = pieces.get(0);
        assertThatThrownBy(() -> line.test(first, BranchChecker.arithmetic(18)))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("the piece does not lie on this line");
        // the same piece with another deviation box is on the line; with its range moved by one ulp it is not
        BranchPiece wider = last.withDeviation(last.deviation().stream()
            .map(d -> new Interval(d.lo().multiply(BigDecimal.TEN), d.hi().multiply(BigDecimal.TEN))).toList());
        assertThat(line.test(wider, BranchChecker.arithmetic(18))).isNotNull();
        BranchPiece moved = new BranchPiece(last.parameter(), last.from(), last.to().add(last.to().ulp()),
            last.center(), last.tangent(), last.curvature(), last.thirdDerivative(), last.deviation(),
            last.preconditioner(), last.preconditionerSlope(), last.shear());
        assertThatThrownBy(() -> line.test(moved, BranchChecker.arithmetic(18)))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("the piece does not lie on this line");
    }

    /**
     * A proved piece's end is narrowed far below its deviation box: the Krawczyk steps at v = to contract by orders of
     * magnitude each, so the end box — the node {@code trace} reports — is at most 10⁻⁹ of Δ's widest coordinate
     * (one step alone leaves about 10⁻²) and lies in c(to) + Δ. Widths read off the boxes.
     */
    @Test
    void aProvedPiecesEndIsNarrowedFarBelowItsDeviationBox() {
        ParametricSystem sys = LogitFixedPoint.branchSystem(COORD.payoffs());
        for (BranchPiece p : GOOD.branch().pieces()) {
            List<Interval> end = BranchChecker.test(sys, p, BranchChecker.arithmetic(18)).exit();
            double deviation = p.deviation().stream().mapToDouble(d -> d.width().doubleValue()).max().orElseThrow();
            if (p.plain()) {
                assertThat(end.get(p.parameter())).isEqualTo(Interval.point(p.to()));
            } else {
                // z_parameter = to − w·y: as narrow as y allows, and the piece's coordinate there is `to`
                double weights = p.shear().stream().mapToDouble(w -> Math.abs(w.doubleValue())).sum();
                assertThat(BranchChecker.coordinate(end, p.parameter(), p.shear(), BranchChecker.arithmetic(18))
                    .contains(p.to())).isTrue();
                assertThat(end.get(p.parameter()).width().doubleValue()).isLessThanOrEqualTo(1e-9 * deviation
                    * (1 + weights));
            }
            for (int k = 0; k < end.size(); k++) {
                if (k != p.parameter()) {
                    assertThat(end.get(k).width().doubleValue()).as("piece from %s, coordinate %d", p.from(), k)
                        .isLessThanOrEqualTo(1e-9 * deviation);
                }
            }
        }
    }
}
