package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.equilibrium.PrincipalBranch;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.TracedBranch;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.NfgReader;
import org.equivariant.io.NfgWriter;
import org.equivariant.work.Progress;
import org.junit.jupiter.api.Test;

/**
 * BR-CHAIN (proofs/BR-CHAIN.md): a chain of certified pieces from the centroid proves that a QRE lies on the
 * principal branch. Checked by code that shares nothing with the tracer or the checker: a natural-parameter
 * continuation in double precision written here (the logit response from the payoff tables, a finite-difference
 * Jacobian, its determinant by Gaussian elimination), which follows the branch from λ = 0 while the determinant of
 * I − ∂T keeps its sign (no fold, no bifurcation on the way).
 * <ul>
 *   <li>On random games where the continuation succeeds, {@code solve} certifies the principal QRE and it is the
 *       continuation's end point; with {@code --all} no other certified QRE is near it. Negative control: taking
 *       another certified QRE as "the principal one" is caught.</li>
 *   <li>On cI₂ and Iₙ the branch is the uniform profile and meets its pitchfork at λ* = n/c exactly (the determinant
 *       of I − ∂T at the uniform profile is 1 − (λc/n)²): the chain never certifies past λ*, and gets within 10⁻⁶
 *       of it.</li>
 *   <li>A 3×3 game whose branch folds back twice in λ is traced through both folds: every node is a zero of the
 *       independent residual and the nodes' λ turn back.</li>
 * </ul>
 */
class BrChainProperty {
    /** The game and λ of one try. */
    record Case(NormalFormGame game, Rational lambda) {
        @Override
        public String toString() {
            return NfgWriter.write(game) + "lambda = " + lambda;
        }
    }

    static final Gen<Case> CASES = r -> new Case(GameGen.games(2, 3, 2, 3, 3).generate(r),
        Rational.of(r.nextInt(1, 31), 10));

    // ---- the independent continuation ----

    /** Payoff tables as doubles, player-major profile offsets. */
    static final class Logit implements ArcLength.Residual {
        final int players;
        final int[] dims;
        final int[] offset;
        final int n;
        final double[][] payoff;

        Logit(NormalFormGame g) {
            players = g.numPlayers();
            dims = g.dims();
            offset = new int[players + 1];
            for (int i = 0; i < players; i++) {
                offset[i + 1] = offset[i] + dims[i];
            }
            n = offset[players];
            payoff = new double[players][];
            for (int i = 0; i < players; i++) {
                RationalTensor t = g.payoffs().get(i);
                payoff[i] = t.data().stream().mapToDouble(Rational::doubleValue).toArray();
            }
        }

        /** max |σ − T_λ(σ)| over the coordinates. */
        double maxResidual(double[] s, double lambda) {
            double worst = 0;
            for (double x : residual(s, lambda)) {
                worst = Math.max(worst, Math.abs(x));
            }
            return worst;
        }

        /** σ − T_λ(σ), summing over every pure profile (the first player's action fastest, as in .nfg files). */
        @Override
        public double[] residual(double[] s, double lambda) {
            double[] u = utilities(s);
            double[] f = new double[n];
            for (int i = 0; i < players; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = offset[i]; k < offset[i + 1]; k++) {
                    max = Math.max(max, lambda * u[k]);
                }
                double z = 0;
                for (int k = offset[i]; k < offset[i + 1]; k++) {
                    z += Math.exp(lambda * u[k] - max);
                }
                for (int k = offset[i]; k < offset[i + 1]; k++) {
                    f[k] = s[k] - Math.exp(lambda * u[k] - max) / z;
                }
            }
            return f;
        }

        /** u_i(a, σ₋ᵢ) for every player's every action, summing over every pure profile. */
        double[] utilities(double[] s) {
            double[] u = new double[n];
            int cells = payoff[0].length;
            int[] a = new int[players];
            for (int c = 0; c < cells; c++) {
                int rest = c;
                for (int i = 0; i < players; i++) {
                    a[i] = rest % dims[i];
                    rest /= dims[i];
                }
                for (int i = 0; i < players; i++) {
                    double w = 1;
                    for (int j = 0; j < players; j++) {
                        if (j != i) {
                            w *= s[offset[j] + a[j]];
                        }
                    }
                    u[offset[i] + a[i]] += w * payoff[i][c];
                }
            }
            return u;
        }

        @Override
        public double[][] jacobian(double[] s, double lambda) {
            double[][] j = new double[n][n];
            double h = 1e-7;
            for (int c = 0; c < n; c++) {
                double[] up = s.clone();
                double[] down = s.clone();
                up[c] += h;
                down[c] -= h;
                double[] fu = residual(up, lambda);
                double[] fd = residual(down, lambda);
                for (int r = 0; r < n; r++) {
                    j[r][c] = (fu[r] - fd[r]) / (2 * h);
                }
            }
            return j;
        }

        /** Solves j·x = b in place (partial pivoting); returns det(j). */
        static double solve(double[][] j, double[] b) {
            int n = b.length;
            double det = 1;
            for (int c = 0; c < n; c++) {
                int p = c;
                for (int r = c + 1; r < n; r++) {
                    if (Math.abs(j[r][c]) > Math.abs(j[p][c])) {
                        p = r;
                    }
                }
                if (p != c) {
                    double[] t = j[p];
                    j[p] = j[c];
                    j[c] = t;
                    double x = b[p];
                    b[p] = b[c];
                    b[c] = x;
                    det = -det;
                }
                det *= j[c][c];
                if (j[c][c] == 0) {
                    return 0;
                }
                for (int r = c + 1; r < n; r++) {
                    double m = j[r][c] / j[c][c];
                    for (int k = c; k < n; k++) {
                        j[r][k] -= m * j[c][k];
                    }
                    b[r] -= m * b[c];
                }
            }
            for (int r = n - 1; r >= 0; r--) {
                double x = b[r];
                for (int k = r + 1; k < n; k++) {
                    x -= j[r][k] * b[k];
                }
                b[r] = x / j[r][r];
            }
            return det;
        }

        /**
         * The branch from the centroid at λ = 0 to {@code lambda} by natural-parameter continuation; null when a
         * step fails to converge, jumps, or the determinant of the Jacobian changes sign or nearly vanishes.
         */
        double[] continuation(double lambda, int steps) {
            double[] s = new double[n];
            for (int i = 0; i < players; i++) {
                for (int k = offset[i]; k < offset[i + 1]; k++) {
                    s[k] = 1.0 / dims[i];
                }
            }
            for (int step = 1; step <= steps; step++) {
                double l = lambda * step / steps;
                double[] before = s.clone();
                boolean converged = false;
                for (int it = 0; it < 30 && !converged; it++) {
                    double[] f = residual(s, l);
                    double det = solve(jacobian(s, l), f);
                    if (!(det > 1e-6)) {
                        return null;
                    }
                    double move = 0;
                    for (int k = 0; k < n; k++) {
                        s[k] -= f[k];
                        move = Math.max(move, Math.abs(f[k]));
                    }
                    converged = move < 1e-14;
                }
                double jump = 0;
                for (int k = 0; k < n; k++) {
                    jump = Math.max(jump, Math.abs(s[k] - before[k]));
                }
                if (!converged || jump > 0.02) {
                    return null;
                }
            }
            return s;
        }
    }

    static double distance(double[] a, List<Rational> b) {
        double d = 0;
        for (int k = 0; k < a.length; k++) {
            d = Math.max(d, Math.abs(a[k] - b.get(k).doubleValue()));
        }
        return d;
    }

    /** Picks "the principal QRE" of a result: the solver's, or (negative control) another. */
    interface Selector {
        int pick(QreResult r);
    }

    /**
     * The conclusion, checked against the continuation: the selected certified QRE is the continuation's end point
     * and every other certified QRE is far from it. Returns false when the continuation does not apply.
     */
    static boolean check(Case c, Selector selector) {
        Logit logit = new Logit(c.game());
        double[] end = logit.continuation(c.lambda().doubleValue(), 400);
        if (end == null) {
            return false;
        }
        QreResult r = QreSolver.solve(c.game(), c.lambda(), QreSolver.Options.all(20));
        int k = selector.pick(r);
        assertThat(k).as("the principal QRE is certified (the continuation met no singular point)")
            .isGreaterThanOrEqualTo(0);
        assertThat(distance(end, r.qres().get(k).center())).as("principal QRE = continuation end point")
            .isLessThan(1e-7);
        for (int j = 0; j < r.qres().size(); j++) {
            if (j != k) {
                assertThat(distance(end, r.qres().get(j).center())).as("QRE %d is not the continuation's", j + 1)
                    .isGreaterThan(1e-6);
            }
        }
        return true;
    }

    /**
     * Runs a conclusion check with the solver's own principal QRE on {@code tries} cases of {@code cases} (a failure
     * reports its seed); the number of cases the check applied to.
     */
    static int applied(String name, Gen<Case> cases, int tries, java.util.function.BiPredicate<Case, Selector> check) {
        int[] applied = new int[1];
        Property.forAll(name, cases).tries(tries).check(c -> {
            if (check.test(c, QreResult::principalIndex)) {
                applied[0]++;
            }
        });
        return applied[0];
    }

    @Test
    void theCertifiedPrincipalQreIsTheContinuationQre() {
        assertThat(applied("BR-CHAIN principal = continuation", CASES, 12, BrChainProperty::check))
            .as("tries where the continuation applied").isGreaterThanOrEqualTo(6);
    }

    @Test
    void takingAnotherQreAsPrincipalIsCaught() {
        // coord2 at λ = 4: three QREs, the branch from the centroid ends at the payoff-dominant one
        NormalFormGame coord = org.equivariant.io.NfgReader.read("coord2", org.equivariant.io.Bundled.text(
            "bundled:coord2", org.equivariant.work.Limits.DEFAULT));
        anotherQreIsCaught(new Case(coord, Rational.of(4)), BrChainProperty::check);
    }

    /**
     * A negative control of the properties that check the principal QRE: on {@code c}, where {@code check} holds with
     * the principal QRE, it must fail with another certified QRE taken in its place.
     */
    static void anotherQreIsCaught(Case c, java.util.function.BiPredicate<Case, Selector> check) {
        assertThat(check.test(c, QreResult::principalIndex)).isTrue();
        Selector wrong = r -> r.qres().size() - 1 == r.principalIndex() ? 0 : r.qres().size() - 1;
        assertThat(Property.failure(x -> check.test(x, wrong), c)).as("the wrong selection must fail").isNotNull();
    }

    // ---- pitchforks ----

    static NormalFormGame scaledIdentity(int n, Rational c) {
        List<Rational> d = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            for (int a = 0; a < n; a++) {
                d.add(a == b ? c : Rational.ZERO);
            }
        }
        RationalTensor t = new RationalTensor(new int[] {n, n}, d);
        return NormalFormGame.of("cI" + n, List.of(t, t));
    }

    @Test
    void theChainStopsAtTheExactPitchforkOfCiTwoAndIn() {
        Gen<Object[]> gen = r -> new Object[] {r.nextInt(2, 5), Rational.of(r.nextInt(1, 41), r.nextInt(1, 9))};
        Property.forAll("BR-CHAIN pitchfork", gen).showWith(x -> "n = " + x[0] + ", c = " + x[1]).tries(6)
            .check(x -> {
                int n = (int) x[0];
                Rational c = (Rational) x[1];
                Rational pitchfork = Rational.of(n).divide(c);
                // the independent determinant at the uniform profile vanishes exactly there
                Logit logit = new Logit(scaledIdentity(n, c));
                double[] uniform = new double[2 * n];
                java.util.Arrays.fill(uniform, 1.0 / n);
                double det = Logit.solve(logit.jacobian(uniform, pitchfork.doubleValue()), new double[2 * n]);
                assertThat(Math.abs(det)).isLessThan(1e-6);
                TracedBranch t = TracedBranch.trace(scaledIdentity(n, c), pitchfork.multiply(Rational.of(3, 2)),
                    Progress.NONE, nodes -> { });
                assertThat(t.reached()).as("the chain must not pass the pitchfork").isFalse();
                assertThat(t.verified()).isTrue();
                for (TracedBranch.Node node : t.nodes()) {
                    assertThat(node.lambda().lo().compareTo(pitchfork.toBigDecimal(new java.math.MathContext(40,
                        java.math.RoundingMode.CEILING)))).as("no certified point beyond λ*").isLessThanOrEqualTo(0);
                }
                assertThat(t.lambdaReached()).isLessThanOrEqualTo(pitchfork.doubleValue());
                assertThat(t.lambdaReached()).as("the chain gets within 1e-6 of λ*")
                    .isGreaterThan(pitchfork.doubleValue() * (1 - 1e-6));
                // corollary 2: the stop names an exact enclosure of the singular λ, which holds n/c
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("lambda_s in \\[([0-9.]+), ([0-9.]+)\\]")
                    .matcher(t.detail());
                assertThat(m.find()).as(t.detail()).isTrue();
                Rational lo = Rational.of(new java.math.BigDecimal(m.group(1)));
                Rational hi = Rational.of(new java.math.BigDecimal(m.group(2)));
                assertThat(lo.compareTo(pitchfork)).as("lower end below n/c").isLessThan(0);
                assertThat(hi.compareTo(pitchfork)).as("upper end at or above n/c").isGreaterThanOrEqualTo(0);
                assertThat(hi.subtract(lo).doubleValue()).isLessThan(1e-11 * Math.max(1, pitchfork.doubleValue()));
                assertThat(t.lambdaReached()).isLessThanOrEqualTo(hi.doubleValue());
                QreResult r = QreSolver.solve(scaledIdentity(n, c), pitchfork.multiply(Rational.of(3, 2)),
                    QreSolver.Options.digits(15));
                // past the pitchfork the chain in the subspace fixed by the game's symmetries (MQRE-CHAIN (5), (6))
                // proves the centroid principal; the stop and its exact enclosure are still reported
                assertThat(r.principal().state()).isEqualTo(PrincipalBranch.State.SYMMETRIC);
                assertThat(r.principal().detail()).contains("lambda_s in [" + m.group(1));
                List<org.equivariant.arith.Interval> centroid = r.qres().get(r.principalIndex()).enclosure();
                for (org.equivariant.arith.Interval coordinate : centroid) {
                    assertThat(coordinate.contains(Rational.of(1, n))).as("the principal QRE is the centroid").isTrue();
                }
            });
    }

    // ---- folds ----

    static final String FOLD = """
        NFG 1 R "fold (seeded random 3x3; the branch turns back near lambda 1.429 and 1.408)" { "1" "2" } { 3 3 }
        -15/4 3 1 -2 -3/2 -9/2 -9/2 -5 13/4 -2 2 7/2 9/2 1/2 -3 -5/2 -4 3
        """;

    @Test
    void aBranchThatFoldsBackIsTracedThroughTheFolds() {
        NormalFormGame g = NfgReader.read("fold.nfg", FOLD);
        TracedBranch t = TracedBranch.trace(g, Rational.of(3), Progress.NONE, nodes -> { });
        assertThat(t.reached()).isTrue();
        assertThat(t.verified()).isTrue();
        assertThat(t.folds()).hasSize(2);
        Logit logit = new Logit(g);
        List<Double> lambdas = new ArrayList<>();
        for (TracedBranch.Node node : t.nodes()) {
            double[] s = node.profile().stream().mapToDouble(i -> i.mid().doubleValue()).toArray();
            double lambda = node.lambda().mid().doubleValue();
            lambdas.add(lambda);
            for (double x : logit.residual(s, lambda)) {
                assertThat(Math.abs(x)).as("node at λ = %s is a zero of the independent residual", lambda)
                    .isLessThan(1e-9);
            }
            for (Interval p : node.profile()) {
                assertThat(p.width().doubleValue()).isLessThan(1e-6);
            }
        }
        int peak = 0;
        while (peak + 1 < lambdas.size() && lambdas.get(peak + 1) >= lambdas.get(peak)) {
            peak++;
        }
        int trough = peak;
        while (trough + 1 < lambdas.size() && lambdas.get(trough + 1) <= lambdas.get(trough)) {
            trough++;
        }
        assertThat(lambdas.get(peak) - lambdas.get(trough)).as("λ turns back by more than 0.01 between the folds")
            .isGreaterThan(0.01);
        assertThat(lambdas.get(lambdas.size() - 1)).isEqualTo(3.0);
        // natural-parameter continuation cannot pass the first fold: the determinant changes sign before λ = 1.43
        assertThat(logit.continuation(1.44, 2000)).isNull();
    }
}
