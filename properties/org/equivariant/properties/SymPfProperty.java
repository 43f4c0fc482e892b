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
 * SYM-PF (proofs/SYM-PF.md): past a pitchfork where the principal branch breaks a symmetry of order 2, {@code solve}
 * certifies QREs on the branch leaving it. Games are planted: player 1's m × m payoffs A are random (m = 2, 3), plus
 * 4 on the diagonal for π the reversal of the actions and −4 for π the identity (coordination on the relabelled
 * diagonal, where pitchforks are common), player 2's are u₂(a, b) = A(π b, π a), so swapping the players (and
 * relabelling by π) is a symmetry. Checked by code written here and sharing nothing with the solver or the checker
 * ({@link BrChainProperty.Logit}: the logit residual from the full payoff tables and its finite-difference Jacobian):
 * <ul>
 *   <li>the fixed curve: Newton on player 1's rows with player 2 playing π of player 1's strategy, continued from
 *       λ = 0; the pitchfork: the first change of sign, along it, of the determinant of the Jacobian's player-1 rows
 *       on the odd directions (e_a for player 1, −e_{π a} for player 2), by bisection;</li>
 *   <li>conclusion: the arm's zero at ε = 0 lies within 10⁻⁶ of that pitchfork, and the curve of QREs through each
 *       QRE certified on the leaving branch, followed both ways by pseudo-arclength continuation on the full
 *       residual, comes within 0.02 of the pitchfork point — the branch it is on ends there.</li>
 * </ul>
 * Negative controls: the pitchfork compared after a shift of 10⁻⁴ fails; the curve does not reach a point 0.1 away
 * from the pitchfork point; one payoff of player 1 moved by 1/1000 breaks the symmetry, and the checker refuses the
 * transplanted claim.
 * <p>SYM-PF (6), a second pitchfork, on Wilson's example with every payoff moved by at most 1/10 (the planted games
 * above never meet one): the curve of QREs through the first arm's far end, followed by pseudo-arclength continuation
 * on the full residual, comes within 0.02 of the curve of symmetric QREs through the QRE the rejoined claim puts on
 * the principal branch — and not of that curve moved by 0.1.
 * <p>SYM-PF (7), a pitchfork on an arm's chain, on deg2 (Gambit's catalog) with its payoffs moved by at most 1/25 and
 * its row sums kept: the curve of swap-fixed QREs ({@link Curve} as the residual) through the QRE of the arm's chain
 * meets the centroid line at its singular point (the first sign change of det J at the centroid) — so it lies on the
 * principal branch — and the full curve through each QRE past the pitchfork meets that curve, not it moved by 0.1.
 */
class SymPfProperty {
    /** Player 1's payoffs (player 2's are replaced by the planting), π reversed or not, λ as a multiple of λ*. */
    record Case(NormalFormGame base, boolean reversed, double factor) {
        NormalFormGame game() {
            return plant(base, reversed);
        }

        @Override
        public String toString() {
            return NfgWriter.write(game()) + "target = " + factor + " × the pitchfork";
        }
    }

    static final Gen<Case> CASES = r -> {
        int m = r.nextInt(2, 4);
        return new Case(GameGen.shaped(new int[] {m, m}, 5).generate(r), r.nextBoolean(), 1.2 + r.nextInt(0, 5)
            / 10.0);
    };

    /** A = u₁ ± 4 on the diagonal, u₂(a, b) = A(π b, π a). */
    static NormalFormGame plant(NormalFormGame base, boolean reversed) {
        int m = base.dims()[0];
        List<Rational> first = new ArrayList<>(base.payoffs().get(0).data());
        for (int x = 0; x < m; x++) {
            first.set(x + m * x, first.get(x + m * x).add(Rational.of(reversed ? 4 : -4)));
        }
        return swapped(new RationalTensor(new int[] {m, m}, first), reversed);
    }

    /** Player 1's payoffs A, player 2's u₂(a, b) = A(π b, π a): the players swapped (relabelled by π) is a symmetry. */
    static NormalFormGame swapped(RationalTensor a, boolean reversed) {
        int m = a.dims()[0];
        List<Rational> second = new ArrayList<>();
        for (int b = 0; b < m; b++) {
            for (int x = 0; x < m; x++) {
                second.add(a.get(new int[] {pi(b, m, reversed), pi(x, m, reversed)}));
            }
        }
        // the first player's action runs fastest: cell (x, b) at x + m·b
        List<Rational> ordered = new ArrayList<>(second);
        for (int b = 0; b < m; b++) {
            for (int x = 0; x < m; x++) {
                ordered.set(x + m * b, second.get(b * m + x));
            }
        }
        return NormalFormGame.of("swap", List.of(a, new RationalTensor(new int[] {m, m}, ordered)));
    }

    /**
     * A named game moved: player 1's 3 × 3 payoffs {@code base} plus {@code moves}/{@code denominator} (one per cell,
     * or per row two with the third their negated sum, keeping every row sum), played as {@link #swapped}.
     */
    record Moved(int[][] base, int[] moves, int denominator, boolean reversed) {
        /** Wilson's example (Gambit's sh3, Shapley's Fig. 3): the swap is the symmetry, B = Aᵀ. */
        static final int[][] WILSON = {{0, 3, 0}, {2, 2, 0}, {3, 0, 1}};
        /** deg2 of Gambit's catalog: row sums 6 (the centroid is a QRE at every λ), the swap reverses the actions. */
        static final int[][] DEG2 = {{1, 3, 2}, {2, 2, 2}, {3, 1, 2}};

        NormalFormGame game() {
            List<Rational> a = new ArrayList<>();
            boolean cells = moves.length == 9;
            for (int b = 0; b < 3; b++) {
                for (int x = 0; x < 3; x++) {
                    int move = cells ? moves[3 * x + b] : b < 2 ? moves[2 * x + b] : -moves[2 * x] - moves[2 * x + 1];
                    a.add(Rational.of(base[x][b]).add(Rational.of(move, denominator)));
                }
            }
            return swapped(new RationalTensor(new int[] {3, 3}, a), reversed);
        }

        /** Each non-zero move halved towards 0. */
        java.util.stream.Stream<Moved> shrink() {
            return java.util.stream.IntStream.range(0, moves.length).filter(k -> moves[k] != 0).mapToObj(k -> {
                int[] fewer = moves.clone();
                fewer[k] /= 2;
                return new Moved(base, fewer, denominator, reversed);
            });
        }

        @Override
        public String toString() {
            return NfgWriter.write(game());
        }
    }

    /** Wilson's example with every payoff moved by at most 1/10 (the swap stays a symmetry). */
    static final Gen<Moved> NEAR_WILSON = r -> new Moved(Moved.WILSON, r.ints(9, -4, 5).toArray(), 40, false);

    /** deg2 with every payoff moved by at most 1/25, row sums kept (the centroid stays a QRE at every λ). */
    static final Gen<Moved> NEAR_DEG2 = r -> new Moved(Moved.DEG2, r.ints(6, -2, 3).toArray(), 100, true);

    static int pi(int a, int m, boolean reversed) {
        return reversed ? m - 1 - a : a;
    }

    /** The curve of profiles (p, π p) and its pitchfork, by the independent code. */
    static final class Curve implements ArcLength.Residual {
        final BrChainProperty.Logit logit;
        final int m;
        final boolean reversed;

        Curve(NormalFormGame g, boolean reversed) {
            this.logit = new BrChainProperty.Logit(g);
            this.m = g.dims()[0];
            this.reversed = reversed;
        }

        /** (p, π p): player 2 plays action π a with player 1's probability of a. */
        double[] profile(double[] p) {
            double[] s = new double[2 * m];
            for (int a = 0; a < m; a++) {
                s[a] = p[a];
                s[m + pi(a, m, reversed)] = p[a];
            }
            return s;
        }

        /** A point (p, λ) of this curve as the full (σ, λ) = ((p, π p), λ). */
        double[] full(double[] z) {
            double[] s = java.util.Arrays.copyOf(profile(java.util.Arrays.copyOf(z, m)), 2 * m + 1);
            s[2 * m] = z[m];
            return s;
        }

        /** Player 1's rows of the residual at (p, π p): zero exactly at the QREs the swap fixes. */
        @Override
        public double[] residual(double[] p, double lambda) {
            return java.util.Arrays.copyOf(logit.residual(profile(p), lambda), m);
        }

        /** Their Jacobian in p: the even block. */
        @Override
        public double[][] jacobian(double[] p, double lambda) {
            return block(profile(p), lambda, 1);
        }

        /** gσ: the players swapped and relabelled by π. */
        double[] image(double[] s) {
            double[] t = new double[2 * m];
            for (int a = 0; a < m; a++) {
                t[m + pi(a, m, reversed)] = s[a];
                t[pi(a, m, reversed)] = s[m + a];
            }
            return t;
        }

        /** The player-1 rows on the even (e_a + e_{π a}) or odd (e_a − e_{π a}) directions. */
        double[][] block(double[] s, double lambda, int sign) {
            double[][] j = logit.jacobian(s, lambda);
            double[][] out = new double[m][m];
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < m; c++) {
                    out[r][c] = j[r][c] + sign * j[r][m + pi(c, m, reversed)];
                }
            }
            return out;
        }

        /** Newton on player 1's rows over p at λ from p; null if it fails. */
        double[] at(double lambda, double[] from) {
            double[] p = from.clone();
            for (int it = 0; it < 50; it++) {
                double[] f = logit.residual(profile(p), lambda);
                double[] rhs = java.util.Arrays.copyOf(f, m);
                if (BrChainProperty.Logit.solve(block(profile(p), lambda, 1), rhs) == 0) {
                    return null;
                }
                double move = 0;
                for (int a = 0; a < m; a++) {
                    p[a] -= rhs[a];
                    move = Math.max(move, Math.abs(rhs[a]));
                }
                if (move < 1e-15) {
                    break;
                }
            }
            return logit.maxResidual(profile(p), lambda) < 1e-12 ? p : null;
        }

        double odd(double[] p, double lambda) {
            return BrChainProperty.Logit.solve(block(profile(p), lambda, -1), new double[m]);
        }

        /** The fixed curve's profile at the last {@link #pitchfork} found (null before). */
        double[] pitchforkPoint;

        /** The first λ ≤ limit where the odd block's determinant changes sign along the curve, or NaN. */
        double pitchfork(double limit) {
            double[] p = new double[m];
            java.util.Arrays.fill(p, 1.0 / m);
            SignChange.Found f = SignChange.first(p, limit, this::at, this::odd);
            if (f == null) {
                return Double.NaN;
            }
            pitchforkPoint = profile(f.point());
            return f.lambda();
        }

        /** {@link ArcLength#reaches} on this game's residual. */
        boolean reaches(double[] s, double lambda, double[] pfork, double star) {
            return ArcLength.reaches(logit, s, lambda, pfork, star);
        }
    }

    /** The arm's zero at ε = 0 (its λ) within 10⁻⁶ (relative) of the independent pitchfork. */
    static void comparePitchfork(double certified, double star) {
        assertThat(certified).as("the arm's start against the independent pitchfork " + star).isCloseTo(star,
            org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, star)));
    }

    /** The certificate's pitchfork: λ of its arm's zero at ε = 0. */
    static double certifiedPitchfork(NormalFormGame g, QreCertificate.SplitBranch sb) {
        SymmetricArc arc = new SymmetricArc(org.equivariant.certificate.LogitFixedPoint.branchSystem(g.payoffs()),
            SymmetricArc.onProfiles(sb.symmetry(), g.dims()), sb.normal());
        List<Interval> start = arc.at(sb.arm().get(0), Rational.ZERO);
        return start.get(start.size() - 1).mid().doubleValue();
    }

    @Test
    void pastAPitchforkTheLeavingBranchIsCertifiedAndEndsThere() {
        int[] compared = {0};
        int[] split = {0};
        int tries = Property.forAll("SYM-PF: solve past a symmetry-breaking pitchfork", CASES)
            .shrinkWith(c -> GameGen.payoffShrinker().shrink(c.base()).map(b -> new Case(b, c.reversed(),
                c.factor())))
            .tries(24).check(c -> {
                NormalFormGame g = c.game();
                Curve curve = new Curve(g, c.reversed());
                double star = curve.pitchfork(6);
                if (Double.isNaN(star)) {
                    return; // the odd block stays regular along the fixed curve below λ = 6
                }
                Rational lambda = Rational.of(new java.math.BigDecimal(c.factor() * star).round(
                    new java.math.MathContext(6)));
                QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
                compared[0]++;
                QreCertificate.SplitBranch sb = r.certificate().splitBranch();
                if (sb == null) {
                    System.out.println("SYM-PF: no leaving branch certified (" + r.pitchfork() + ") for\n" + c);
                    return;
                }
                split[0]++;
                comparePitchfork(certifiedPitchfork(g, sb), star);
                CheckReport replay = CertificateChecker.check(r.certificate());
                assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
                for (int k : CertificateChecker.splitQres(r.certificate())) {
                    double[] s = ArcLength.midpoint(r, k);
                    assertThat(curve.reaches(s, lambda.doubleValue(), curve.pitchforkPoint, star)).as("QRE " + (k + 1)
                        + "'s curve of QREs reaches the pitchfork").isTrue();
                }
            });
        SignChange.coverage("SYM-PF", tries, compared[0], "leaving branch", split[0]);
    }

    @Test
    void throughASecondPitchforkTheBranchesMeet() {
        assertThat(new Moved(Moved.WILSON, new int[9], 40, false).game().sha256()).as("unmoved: Gambit's sh3")
            .isEqualTo(org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("sh3.nfg")).sha256());
        int[] split = {0};
        int[] rejoined = {0};
        int tries = Property.forAll("SYM-PF (6): near Wilson's example, a second pitchfork", NEAR_WILSON)
            .shrinkWith(Moved::shrink).tries(4).check(c -> {
                NormalFormGame g = c.game();
                QreResult r = QreSolver.solve(g, Rational.of(10), QreSolver.Options.digits(12));
                QreCertificate.SplitBranch sb = r.certificate().splitBranch();
                if (sb == null) {
                    System.out.println("SYM-PF (6): no leaving branch (" + r.pitchfork() + ") for\n" + c);
                    return;
                }
                split[0]++;
                if (sb.rejoined() == null) {
                    System.out.println("SYM-PF (6): no second pitchfork (" + r.pitchfork() + ") for\n" + c);
                    return;
                }
                rejoined[0]++;
                CheckReport replay = CertificateChecker.check(r.certificate());
                assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
                BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
                List<double[]> symmetric = ArcLength.samplesAlike(logit, ArcLength.midpoint(r, sb.rejoined().fixed()
                    .qre()), 3, 10);
                SymmetricArc arc = new SymmetricArc(org.equivariant.certificate.LogitFixedPoint.branchSystem(
                    g.payoffs()), SymmetricArc.onProfiles(sb.symmetry(), g.dims()), sb.normal());
                List<Interval> end = arc.end(sb.arm(), 1);
                double[] s = end.subList(0, 6).stream().mapToDouble(x -> x.mid().doubleValue()).toArray();
                double lambda = end.get(6).mid().doubleValue();
                assertThat(ArcLength.meets(logit, s, 3, lambda, symmetric)).as("the first arm's curve meets the "
                    + "symmetric curve through QRE " + (sb.rejoined().fixed().qre() + 1)).isTrue();
                assertThat(ArcLength.meets(logit, s, 3, lambda, moved(symmetric))).as("nor that curve moved by 0.1")
                    .isFalse();
            });
        SignChange.coverage("SYM-PF (6)", tries, split[0], "second pitchfork", rejoined[0]);
    }

    @Test
    void pastAPitchforkOnAnArmsChainTheBranchesMeet() {
        assertThat(new Moved(Moved.DEG2, new int[6], 100, true).game().sha256()).as("unmoved: Gambit's deg2")
            .isEqualTo(org.equivariant.io.NfgReader.read(org.equivariant.TestData.nfg("deg2.nfg")).sha256());
        int[] inFixed = {0};
        int[] split = {0};
        int tries = Property.forAll("SYM-PF (7): near deg2, a pitchfork on an arm's chain", NEAR_DEG2)
            .shrinkWith(Moved::shrink).tries(4).check(c -> {
                NormalFormGame g = c.game();
                QreResult r = QreSolver.solve(g, Rational.of(20), QreSolver.Options.digits(12));
                List<QreCertificate.CentroidArm> arms = r.certificate().centroidArms().stream().flatMap(ca -> ca
                    .arms().stream()).filter(QreCertificate.CentroidArm::pastInFixed).toList();
                if (arms.isEmpty()) {
                    System.out.println("SYM-PF (7): no arm's chain in fixed profiles (" + r.pitchfork() + ") for\n"
                        + c);
                    return;
                }
                inFixed[0]++;
                List<QreCertificate.SplitBranch> splits = arms.stream().flatMap(a -> a.splits().stream()).toList();
                if (splits.isEmpty()) {
                    System.out.println("SYM-PF (7): no pitchfork on the arm's chain (" + r.pitchfork() + ") for\n" + c);
                    return;
                }
                split[0]++;
                CheckReport replay = CertificateChecker.check(r.certificate());
                assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
                BrChainProperty.Logit logit = new BrChainProperty.Logit(g);
                Curve fixed = new Curve(g, true);
                double star = ClArmProperty.centroidSingular(g);
                for (QreCertificate.SplitBranch sb : splits) {
                    // the fixed chain's QRE: its curve in the swap's fixed profiles reaches the centroid line's
                    // singular point, and the curve through the split QRE meets that curve
                    double[] p = java.util.Arrays.copyOf(ArcLength.midpoint(r, sb.fixed().qre()), 3);
                    assertThat(ArcLength.reaches(fixed, p, 20, new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, star))
                        .as("QRE " + (sb.fixed().qre() + 1) + "'s fixed curve meets the centroid line at " + star)
                        .isTrue();
                    List<double[]> samples = ArcLength.samples(fixed, p, 20).stream().map(fixed::full).toList();
                    double[] s = ArcLength.midpoint(r, sb.past().qre());
                    assertThat(ArcLength.meets(logit, s, 3, 20, samples)).as("QRE " + (sb.past().qre() + 1) + "'s "
                        + "curve meets the fixed curve through QRE " + (sb.fixed().qre() + 1)).isTrue();
                    assertThat(ArcLength.meets(logit, s, 3, 20, moved(samples))).as("nor that curve moved by 0.1")
                        .isFalse();
                }
            });
        SignChange.coverage("SYM-PF (7)", tries, inFixed[0], "a pitchfork on the arm's chain", split[0]);
    }

    /** Points (σ, λ) with σ's first coordinate moved by 0.1: a curve the true one does not meet. */
    private static List<double[]> moved(List<double[]> points) {
        return points.stream().map(p -> {
            double[] q = p.clone();
            q[0] += 0.1;
            return q;
        }).toList();
    }

    @Test
    void aMovedPitchforkOrABrokenSymmetryIsCaught() {
        // the first case (seeds 0, 1, …) whose fixed curve meets a pitchfork below λ = 6
        Case c = SignChange.firstCase(CASES, k -> !Double.isNaN(new Curve(k.game(), k.reversed()).pitchfork(6)));
        NormalFormGame g = c.game();
        double star = new Curve(g, c.reversed()).pitchfork(6);
        Rational lambda = Rational.of(new java.math.BigDecimal(1.5 * star).round(new java.math.MathContext(6)));
        QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(20));
        QreCertificate.SplitBranch sb = r.certificate().splitBranch();
        assertThat(sb).as(r.pitchfork()).isNotNull();
        double certified = certifiedPitchfork(g, sb);
        comparePitchfork(certified, star);
        assertThatThrownBy(() -> comparePitchfork(certified + 1e-4, star)).isInstanceOf(AssertionError.class);
        // the leaving QRE's curve reaches the pitchfork point, not a point 0.1 away from it
        Curve curve = new Curve(g, c.reversed());
        curve.pitchfork(6);
        double[] s = ArcLength.midpoint(r, sb.past().qre());
        assertThat(curve.reaches(s, lambda.doubleValue(), curve.pitchforkPoint, star)).isTrue();
        double[] away = curve.pitchforkPoint.clone();
        away[0] += 0.1;
        assertThat(curve.reaches(s, lambda.doubleValue(), away, star)).isFalse();
        // player 1's first payoff moved by 1/1000: the swap is no symmetry any more, and the transplanted claim is
        // refused
        List<RationalTensor> edited = new ArrayList<>(g.payoffs());
        List<Rational> first = new ArrayList<>(edited.get(0).data());
        first.set(0, first.get(0).add(Rational.of(1, 1000)));
        edited.set(0, new RationalTensor(g.dims(), first));
        QreResult moved = QreSolver.solve(NormalFormGame.of("moved", edited), lambda, QreSolver.Options.digits(20));
        CheckReport refused = CertificateChecker.check(moved.certificate().withSplitBranch(sb));
        assertThat(refused.valid()).isFalse();
        assertThat(String.join("\n", refused.findings())).contains("the claimed symmetry is not one of the game");
    }
}
