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
import org.equivariant.equilibrium.PrincipalBranch;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.NfgWriter;
import org.equivariant.theory.CentroidSingularity;
import org.junit.jupiter.api.Test;

/**
 * PIN-SUB (proofs/PIN-SUB.md): past a singular point of the curve on which pinned players stay uniform, {@code solve}
 * proves the QRE on that curve principal and encloses the singular point. Games are planted: the first players
 * (1 and 2 of three, 1, 2 and 3 of four, or 1 and 2 of four) get payoffs v − A v + mean A v, A the average over the
 * other planted players' actions, which pins them; the others' payoffs are random. Checked by code written here and
 * sharing nothing with the solver or the checker ({@link BrChainProperty.Logit}: the logit residual from the full
 * payoff tables and its finite-difference Jacobian):
 * <ul>
 *   <li>the curve: Newton on the free players' rows of the full residual with the planted ones uniform, continued from
 *       λ = 0; the singular point: the first change of sign, along it, of the determinant of the block of the
 *       finite-difference Jacobian on the pinned players, by bisection;</li>
 *   <li>conclusion: the principal QRE is that curve's point at the target λ, the enclosure of the singular point
 *       lies within 10⁻⁶ of the independent one, the full chain stopped below it, and the certificate replays;</li>
 *   <li>past an arm's end, where the chain ends by a tail (BR-TAIL, MIX-TAIL), the curve through the QRE it links
 *       returns to the chain's end by pseudo-arclength continuation ({@link ArcLength#reaches}).</li>
 * </ul>
 * Negative controls: a bracket moved by 10⁻⁴ fails the comparison; one payoff of player 1 moved by 1/1000 unpins the
 * players, and the checker refuses the transplanted claim.
 */
class PinSubProperty {
    /**
     * The unplanted payoffs, the target λ as a multiple of the independent singular point, and how many of the first
     * players are planted.
     */
    record Case(NormalFormGame base, double factor, int pinned) {
        NormalFormGame game() {
            return plant(base, pinned);
        }

        @Override
        public String toString() {
            return NfgWriter.write(game()) + "target = " + factor + " × the singular point";
        }
    }

    static final Gen<Case> CASES = r -> new Case(GameGen.shaped(new int[] {r.nextInt(2, 4), r.nextInt(2, 4),
        r.nextInt(2, 4)}, 5).generate(r), 1.2 + r.nextInt(0, 5) / 10.0, 2);

    /** Four players, three of them pinned (PIN-SUB (6) for |S| = 3: the pinned payoffs' ε-expansion telescoped). */
    static final Gen<Case> FOUR = r -> new Case(GameGen.shaped(new int[] {2, 2, 2, r.nextInt(2, 4)}, 5).generate(r),
        1.2 + r.nextInt(0, 5) / 10.0, 3);

    /**
     * Four players, two of them pinned: the reduced game has two players, and where UNIQ-H does not reach the
     * singular point its bracket rests on the reduced chain (PIN-SUB (5), second case).
     */
    static final Gen<Case> TWO_OF_FOUR = r -> new Case(GameGen.shaped(new int[] {2, 2, 2, 2}, 5).generate(r),
        1.2 + r.nextInt(0, 5) / 10.0, 2);

    /**
     * The first m players pinned: u_i = v_i − A_i v_i + mean over a_i of A_i v_i, A_i averaging over the other
     * pinned players' actions (so u_i averaged over them is mean over a_i of A_i v_i, free of a_i).
     */
    static NormalFormGame plant(NormalFormGame v, int m) {
        int[] dims = v.dims();
        List<RationalTensor> payoffs = new ArrayList<>(v.payoffs());
        List<Integer> pinned = java.util.stream.IntStream.range(0, m).boxed().toList();
        for (int i : pinned) {
            List<Integer> rest = pinned.stream().filter(k -> k != i).toList();
            List<Rational> u = new ArrayList<>();
            int cells = payoffs.get(i).size();
            for (int c = 0; c < cells; c++) {
                int[] a = unflat(c, dims);
                Rational own = average(v.payoffs().get(i), a, rest, dims);
                Rational mean = Rational.ZERO;
                for (int x = 0; x < dims[i]; x++) {
                    int[] b = a.clone();
                    b[i] = x;
                    mean = mean.add(average(v.payoffs().get(i), b, rest, dims));
                }
                mean = mean.divide(Rational.of(dims[i]));
                u.add(v.payoffs().get(i).data().get(c).subtract(own).add(mean));
            }
            payoffs.set(i, new RationalTensor(dims, u));
        }
        return NormalFormGame.of("pinned", payoffs);
    }

    /** t averaged uniformly over the actions of the players {@code axes}, the others' as in {@code a}. */
    private static Rational average(RationalTensor t, int[] a, List<Integer> axes, int[] dims) {
        if (axes.isEmpty()) {
            return t.get(a);
        }
        int axis = axes.get(0);
        Rational s = Rational.ZERO;
        for (int x = 0; x < dims[axis]; x++) {
            int[] b = a.clone();
            b[axis] = x;
            s = s.add(average(t, b, axes.subList(1, axes.size()), dims));
        }
        return s.divide(Rational.of(dims[axis]));
    }

    private static int[] unflat(int c, int[] dims) {
        int[] a = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            a[i] = c % dims[i];
            c /= dims[i];
        }
        return a;
    }

    /** The curve with the pinned players uniform and the singular point on it, computed by the independent code. */
    static final class Curve {
        final BrChainProperty.Logit logit;
        final int pinnedCoordinates;

        Curve(NormalFormGame g, int pinned) {
            logit = new BrChainProperty.Logit(g);
            pinnedCoordinates = logit.offset[pinned];
        }

        /** The pinned players uniform, the others from {@code from}, Newton on their rows at λ; null if it fails. */
        double[] at(double lambda, double[] from) {
            double[] s = from.clone();
            for (int it = 0; it < 50; it++) {
                double[] f = logit.residual(s, lambda);
                double[][] j = logit.jacobian(s, lambda);
                int n = logit.n - pinnedCoordinates;
                double[][] block = new double[n][n];
                double[] rhs = new double[n];
                for (int r = 0; r < n; r++) {
                    rhs[r] = f[pinnedCoordinates + r];
                    for (int c = 0; c < n; c++) {
                        block[r][c] = j[pinnedCoordinates + r][pinnedCoordinates + c];
                    }
                }
                if (BrChainProperty.Logit.solve(block, rhs) == 0) {
                    return null;
                }
                double move = 0;
                for (int r = 0; r < n; r++) {
                    s[pinnedCoordinates + r] -= rhs[r];
                    move = Math.max(move, Math.abs(rhs[r]));
                }
                if (move < 1e-15) {
                    break;
                }
            }
            double[] f = logit.residual(s, lambda);
            double worst = 0;
            for (double x : f) {
                worst = Math.max(worst, Math.abs(x));
            }
            return worst < 1e-12 ? s : null;
        }

        /** The determinant of the Jacobian's block on the pinned players at the curve's point s. */
        double transverse(double[] s, double lambda) {
            double[][] j = logit.jacobian(s, lambda);
            double[][] block = new double[pinnedCoordinates][pinnedCoordinates];
            for (int r = 0; r < pinnedCoordinates; r++) {
                System.arraycopy(j[r], 0, block[r], 0, pinnedCoordinates);
            }
            return BrChainProperty.Logit.solve(block, new double[pinnedCoordinates]);
        }

        double[] start() {
            double[] s = new double[logit.n];
            for (int i = 0; i < logit.players; i++) {
                for (int k = logit.offset[i]; k < logit.offset[i + 1]; k++) {
                    s[k] = 1.0 / logit.dims[i];
                }
            }
            return s;
        }

        /** The curve continued from λ = 0 to λ in steps of at most 0.01; null if a step fails. */
        double[] continued(double lambda) {
            double[] s = start();
            int steps = (int) Math.ceil(lambda / 0.01);
            for (int k = 1; k <= steps && s != null; k++) {
                s = at(lambda * k / steps, s);
            }
            return s;
        }

        /** The first λ ≤ limit where the block's determinant changes sign along the curve (bisection), or NaN. */
        double singularPoint(double limit) {
            SignChange.Found f = SignChange.first(start(), limit, this::at, this::transverse);
            return f == null ? Double.NaN : f.lambda();
        }
    }

    /**
     * PIN-SUB (6): each arm starts within 10⁻⁶ of the independent singular point, and every piece's end is a zero of
     * the independent logit residual (within 10⁻⁹) with the pinned players off uniform.
     */
    static void checkArms(NormalFormGame g, QreCertificate.PinnedBranch pb, double star) {
        org.equivariant.certificate.LeavingArc arc = new org.equivariant.certificate.LeavingArc(g.payoffs(),
            pb.players(), pb.leaving().normal());
        BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
        for (int sign : new int[] {1, -1}) {
            List<org.equivariant.certificate.LeavingArc.Piece> arm = sign > 0 ? pb.leaving().up()
                : pb.leaving().down();
            List<Interval> start = arc.at(arm.get(0), Rational.ZERO);
            assertThat(start.get(start.size() - 1).mid().doubleValue()).isCloseTo(star,
                org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, star)));
            for (org.equivariant.certificate.LeavingArc.Piece p : arm) {
                Rational e = sign > 0 ? p.to() : p.from();
                List<Interval> theta = arc.at(p, e);
                double[] sigma = arc.profileAt(theta, e).stream().mapToDouble(x -> x.mid().doubleValue()).toArray();
                double worst = 0;
                for (double x : logit.residual(sigma, theta.get(theta.size() - 1).mid().doubleValue())) {
                    worst = Math.max(worst, Math.abs(x));
                }
                assertThat(worst).as("residual at the end of an arm's piece").isLessThan(1e-9);
            }
        }
    }

    /** The enclosure's midpoint within 10⁻⁶ (relative) of the independent singular point, which it brackets. */
    static void compareBracket(double lo, double hi, double star) {
        assertThat(lo).isLessThan(hi);
        assertThat((lo + hi) / 2).as("enclosure (" + lo + ", " + hi + ") against the independent " + star)
            .isCloseTo(star, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, star)));
    }

    @Test
    void pastTheSingularPointThePinnedCurveIsPrincipalAndItsSingularPointEnclosed() {
        // the default run compares 11 of the 24 games (the others' transverse eigenvalues do not reach 1 below λ = 6)
        // and certifies the arms leaving the singular point on all 11
        check("PIN-SUB: solve past the singular point of the pinned curve", CASES, 24);
    }

    /** The same with three pinned players of four: the arms leave the singular point by the telescoped expansion. */
    @Test
    void withThreePinnedPlayersTheArmsLeaveTheSingularPointToo() {
        check("PIN-SUB: three pinned players of four", FOUR, 8);
    }

    /** The same with two pinned players of four: a two-player reduced game, its bracket on its chain where needed. */
    @Test
    void withATwoPlayerReducedGameTheSingularPointIsEnclosedToo() {
        // the default run compares 6 of 12 and brackets one of those singular points on the reduced chain (UNIQ-H
        // for the reduced game ends below it)
        assertThat(check("PIN-SUB: two pinned players of four", TWO_OF_FOUR, 12)).isPositive();
    }

    /**
     * The property on {@code tries} cases of {@code cases}, with its coverage; how many compared cases bracket the
     * singular point on the reduced chain (the reduced QREs there not proved unique).
     */
    private static int check(String name, Gen<Case> cases, int tries) {
        int[] compared = {0};
        int[] armed = {0};
        int[] chained = {0};
        int done = Property.forAll(name, cases)
            .shrinkWith(c -> GameGen.payoffShrinker().shrink(c.base()).map(b -> new Case(b, c.factor(), c.pinned())))
            .tries(tries).check(c -> {
                NormalFormGame g = c.game();
                Curve curve = new Curve(g, c.pinned());
                double star = curve.singularPoint(6);
                if (Double.isNaN(star)) {
                    return; // no eigenvalue of the transverse block reaches 1 below λ = 6
                }
                Rational lambda = Rational.of(new java.math.BigDecimal(c.factor() * star).round(
                    new java.math.MathContext(6)));
                QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
                if (CentroidSingularity.centroidIsAlwaysAQre(g.payoffs())) {
                    // the free player's payoffs average alike too: every player is pinned, and past the centroid
                    // line's singular point the principal QRE is the centroid (BR-CHAIN corollary 2)
                    assertThat(r.principal().state()).as(r.principal().detail()).isEqualTo(
                        PrincipalBranch.State.CENTROID_LINE);
                    List<Interval> qre = r.qres().get(r.principalIndex()).enclosure();
                    int[] dims = g.dims();
                    for (int i = 0, k = 0; i < dims.length; i++) {
                        for (int a = 0; a < dims[i]; a++, k++) {
                            Rational centroid = Rational.of(1, dims[i]);
                            assertThat(Rational.of(qre.get(k).lo()).compareTo(centroid) <= 0 && Rational.of(qre.get(k)
                                .hi()).compareTo(centroid) >= 0).as("coordinate " + k + ": the centroid's").isTrue();
                        }
                    }
                    assertThat(CertificateChecker.check(r.certificate()).principal()).isEqualTo(r.principalIndex());
                    return;
                }
                assertThat(r.principal().state()).as(r.principal().detail()).isEqualTo(PrincipalBranch.State.PINNED);
                assertThat(r.principal().reached()).isLessThan(star + 1e-6);
                QreCertificate.PinnedBranch pb = r.certificate().pinnedBranch();
                assertThat(pb.below()).as("the singular point is enclosed").isNotNull();
                compareBracket(pb.below().lambda().doubleValue(), pb.above().lambda().doubleValue(), star);
                double[] end = curve.continued(lambda.doubleValue());
                assertThat(end).isNotNull();
                List<Interval> qre = r.qres().get(r.principalIndex()).enclosure();
                for (int k = 0; k < end.length; k++) {
                    assertThat(end[k]).as("coordinate " + k).isBetween(qre.get(k).lo().doubleValue() - 1e-9,
                        qre.get(k).hi().doubleValue() + 1e-9);
                }
                CheckReport replay = CertificateChecker.check(r.certificate());
                assertThat(replay.principal()).as(String.join("\n", replay.findings())).isEqualTo(r.principalIndex());
                if (pb.leaving() != null) {
                    checkArms(g, pb, star);
                    armed[0]++;
                }
                if (!CertificateChecker.check(pb.above()).unique()) {
                    chained[0]++;
                }
                compared[0]++;
            });
        SignChange.coverage(name, done, compared[0], "leaving arms", armed[0]);
        System.out.println(name + ": brackets on the reduced chain " + chained[0]);
        return chained[0];
    }

    /**
     * PIN-SUB (6) with BR-TAIL's and MIX-TAIL's corollaries for any connected set of QREs: at ten times the singular
     * point, where a chain of the full game past an arm's end ends before λ by a tail claim, the curve of QREs through
     * the certified QRE the claim links at λ, followed by the independent pseudo-arclength continuation
     * ({@link ArcLength#reaches}), comes back to the chain's end (σ_e, λ_e). Negative control: from the pinned QRE at
     * λ — on the pinned curve, not on the leaving branch — it does not.
     */
    @Test
    void pastAnArmsEndATailHoldsTheLeavingQre() {
        int[] tails = {0};
        Property.forAll("PIN-SUB (6) with a tail past an arm's end", CASES)
            .shrinkWith(c -> GameGen.payoffShrinker().shrink(c.base()).map(b -> new Case(b, c.factor(), c.pinned())))
            .tries(24).check(c -> {
                NormalFormGame g = c.game();
                double star = new Curve(g, c.pinned()).singularPoint(6);
                if (Double.isNaN(star) || CentroidSingularity.centroidIsAlwaysAQre(g.payoffs())) {
                    return;
                }
                Rational lambda = Rational.of(new java.math.BigDecimal(10 * star).round(new java.math.MathContext(6)));
                QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
                QreCertificate.PinnedBranch pb = r.certificate().pinnedBranch();
                if (pb == null || pb.leaving() == null) {
                    return;
                }
                BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
                for (QreCertificate.Branch b : java.util.Arrays.asList(pb.leaving().upChain(),
                    pb.leaving().downChain())) {
                    if (b == null || b.tail() == null) {
                        continue;
                    }
                    List<Interval> end = org.equivariant.certificate.BranchChecker.end(b.pieces().get(b.pieces()
                        .size() - 1), b.digits());
                    double[] e = end.subList(0, end.size() - 1).stream().mapToDouble(x -> x.mid().doubleValue())
                        .toArray();
                    double lambdaE = end.get(end.size() - 1).mid().doubleValue();
                    assertThat(ArcLength.reaches(logit, center(r, b.qre()), lambda.doubleValue(), e, lambdaE))
                        .as("the curve through QRE %d at lambda reaches the chain's end at %s (%s)", b.qre() + 1,
                            lambdaE, b.tail().theorem()).isTrue();
                    assertThat(ArcLength.reaches(logit, center(r, pb.qre()), lambda.doubleValue(), e, lambdaE))
                        .as("negative control: the pinned QRE's curve does not").isFalse();
                    tails[0]++;
                }
            });
        System.out.println("PIN-SUB (6) with a tail past an arm's end: chains ended by a tail " + tails[0]);
        assertThat(tails[0]).as("chains past an arm's end ended by a tail").isGreaterThanOrEqualTo(3);
    }

    private static double[] center(QreResult r, int qre) {
        return r.qres().get(qre).center().stream().mapToDouble(Rational::doubleValue).toArray();
    }

    @Test
    void aMovedBracketOrAnUnpinnedGameIsCaught() {
        // the first case (seeds 0, 1, …) whose curve meets a singular point below λ = 6
        Case c = SignChange.firstCase(CASES, k -> !Double.isNaN(new Curve(k.game(), 2).singularPoint(6)));
        NormalFormGame g = c.game();
        double star = new Curve(g, 2).singularPoint(6);
        Rational lambda = Rational.of(new java.math.BigDecimal(1.5 * star).round(new java.math.MathContext(6)));
        QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
        QreCertificate.PinnedBranch pb = r.certificate().pinnedBranch();
        double lo = pb.below().lambda().doubleValue();
        double hi = pb.above().lambda().doubleValue();
        compareBracket(lo, hi, star);
        assertThatThrownBy(() -> compareBracket(lo + 1e-4, hi + 1e-4, star)).isInstanceOf(AssertionError.class);
        // player 1's first payoff moved by 1/1000: not pinned any more, and the claim transplanted onto it is refused
        List<RationalTensor> edited = new ArrayList<>(g.payoffs());
        List<Rational> first = new ArrayList<>(edited.get(0).data());
        first.set(0, first.get(0).add(Rational.of(1, 1000)));
        edited.set(0, new RationalTensor(g.dims(), first));
        QreResult unpinned = QreSolver.solve(NormalFormGame.of("moved", edited), lambda, QreSolver.Options.digits(20));
        assertThat(unpinned.principal().state()).isNotEqualTo(PrincipalBranch.State.PINNED);
        CheckReport refused = CertificateChecker.check(unpinned.certificate().withPinnedBranch(pb));
        assertThat(refused.principal()).isEqualTo(-1);
        assertThat(String.join("\n", refused.findings())).contains("the players are not pinned: player 1's payoff");
    }
}
