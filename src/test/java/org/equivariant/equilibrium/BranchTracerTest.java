package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;
import org.equivariant.gen.GameGen;
import org.equivariant.game.NormalFormGame;
import org.junit.jupiter.api.Test;

/**
 * The tracer's step control ({@link BranchTracer#lengthFactor}) and its way through folds; every piece is still proved
 * by its own test (the chains here are replayed by the checker in {@code BrChainProperty} and the CLI tests).
 */
class BranchTracerTest {
    /**
     * A random 3×3×3 game (GameGen seed 20) whose principal branch turns back in λ at about 5.607 and forward again at
     * about 5.257. The chain follows the branch's tangent, oriented by continuity, and seeks its points on the arc the
     * tangent predicts: it passes both folds in under 400 pieces to λ = 6. Seeking points from a cursor on the double
     * path's nodes and orienting by the chord between nodes (the session-11 tracer) crawls through the folds and fails
     * this bound (`trace` of this game to λ = 6 on the command line: 696 pieces then, 269 now).
     */
    @Test
    void passesBothFoldsOfAnSShapedBranchWithoutCrawling() {
        NormalFormGame game = GameGen.shaped(new int[] {3, 3, 3}, 5).generate(new SplittableRandom(20));
        List<Double> reached = new ArrayList<>();
        BranchTracer.Chain chain = BranchTracer.logit(game).trace(Rational.of(6), Rational.ZERO, 200_000,
            (pieces, lambda, piece, end) -> reached.add(lambda));
        assertThat(chain.end()).isEqualTo(BranchTracer.End.REACHED);
        int backward = 0;
        for (int k = 1; k < reached.size(); k++) {
            if (reached.get(k) < reached.get(k - 1)) {
                backward++;
            }
        }
        assertThat(backward).as("pieces ending at a smaller lambda than the one before (between the folds)")
            .isPositive();
        assertThat(chain.pieces().size()).as("pieces to lambda = 6").isLessThan(400);
    }

    /**
     * A random 2×3×2 game (case 56 of {@code MqreChainProperty}'s generator under {@code -Pthorough}, seed
     * −8164705376462535565) whose principal branch crosses λ = ½ inside a piece over a profile coordinate, on its
     * way to a fold near λ ≈ 0.5563. The chain drops that piece and reaches ½ over λ itself in a few pieces; before,
     * it went on past the target and crawled at 10⁻⁶ a piece for ever (a λ-piece back to ½ failed, a switched piece
     * of 10⁻⁶ passed, and λ was chosen again). The certified QRE is the one gambit-logit 17.0.0-alpha.2 reports at
     * λ = ½ (`gambit-logit -q -S -d 10 -l 0.5`: the branch's first crossing), to its ten decimals.
     */
    @Test
    void anArcThatPassesTheTargetInsideAPieceIsFollowedOverLambdaToItsFirstCrossing() {
        NormalFormGame game = org.equivariant.io.NfgReader.read("crossing", String.join("\n",
            "NFG 1 R \"random\" { \"Player 1\" \"Player 2\" \"Player 3\" } { 2 3 2 }", "",
            "7/2 4 -1/2 -1 3/2 4 -4 5/4 -1 3/4 4 0 -3 1/4 -4 2 0 -2 2 4 3 -2 -5/2 -1 -3 -3 0 4 -3/4 -1 -3 -3 -4",
            "1 -2 15/4"));
        List<Double> reached = new ArrayList<>();
        BranchTracer.Chain chain = BranchTracer.logit(game).trace(Rational.of(1, 2), Rational.ZERO, 200_000,
            (pieces, lambda, piece, end) -> {
                reached.add(lambda);
                assertThat(pieces).as("pieces, last at λ = " + lambda).isLessThan(200);
            });
        assertThat(chain.end()).isEqualTo(BranchTracer.End.REACHED);
        assertThat(reached).allMatch(l -> l <= 0.5 + 1e-12);
        assertThePrincipalQreIs(game, Rational.of(1, 2), new double[] {0.7281900075, 0.2718099925, 0.7709169698,
            0.1392341581, 0.08984887213, 0.3634244205, 0.6365755795}, 1e-10);
    }

    /**
     * The bench's random 3⁴ game (`bench`'s {@code random-3^4}): its branch passes λ = 0.98121 (a line of
     * gambit-logit's path) inside a piece over a log-probability, so the chain drops that piece and approaches the
     * target over λ from 0.9559; its first λ-piece fails (ratio 21), and the failures before the switch, over the
     * log-probability, took that for a stall (a failure 19 times longer in other units): the chain stopped there and
     * `solve` certified no principal QRE. Judged afresh over λ it reaches the target.
     */
    @Test
    void anApproachOverLambdaIsNotStoppedByTheFailuresOverTheCoordinateBeforeIt() {
        NormalFormGame game = GameGen.shaped(new int[] {3, 3, 3, 3}, 5).generate(new SplittableRandom("random-3^4"
            .hashCode()));
        Rational lambda = Rational.of(98121, 100000);
        Rational anchor = Rational.of(811503, 10000000); // solve's UNIQ-H anchor for this game
        BranchTracer.Chain chain = BranchTracer.logit(game).trace(lambda, anchor, 200_000, null);
        assertThat(chain.end()).as(chain.detail()).isEqualTo(BranchTracer.End.REACHED);
        assertThat(chain.lambdaReached()).isEqualTo(lambda.doubleValue());
    }

    /**
     * What {@code solve} prints of its principal chain if interrupted ({@link QreSolver#chainEnd}): the last report of
     * the S-shaped game's chain to λ = 6 names λ = 6 and a point within its radius (below 10⁻⁹) of the QRE that solve
     * then certifies to 20 digits and tags principal; the report before it names a smaller λ and is not that QRE.
     */
    @Test
    void anInterruptReportsTheChainsLastPointWithinItsRadius() {
        NormalFormGame game = GameGen.shaped(new int[] {3, 3, 3}, 5).generate(new SplittableRandom(20));
        List<java.util.function.Supplier<String>> proved = new ArrayList<>();
        QreResult r = QreSolver.solve(game, Rational.of(6), new QreSolver.Options(20, 0, 1L, false,
            new org.equivariant.work.Progress() {
                @Override
                public void update(String phase, String state) {
                }

                @Override
                public void proved(java.util.function.Supplier<String> text) {
                    proved.add(text);
                }
            }));
        assertThat(r.report().principal()).isZero();
        assertThat(proved).hasSizeGreaterThan(1);
        List<org.equivariant.arith.Interval> qre = r.qres().get(0).enclosure();
        assertThat(nearTheQre(proved.get(proved.size() - 1).get(), 6, qre)).isTrue();
        assertThat(nearTheQre(proved.get(proved.size() - 2).get(), 6, qre)).isFalse();
    }

    /** Whether a chain-end report names λ and a point within its radius (below 10⁻⁹) of every coordinate's box. */
    private static boolean nearTheQre(String report, double lambda, List<org.equivariant.arith.Interval> qre) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
            "within (\\S+) of the point \\(lambda,p1a1,...\\)\\R(.*)").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        java.math.BigDecimal radius = new java.math.BigDecimal(m.group(1));
        assertThat(radius).isLessThan(new java.math.BigDecimal("1e-9"));
        String[] line = m.group(2).split(",");
        assertThat(line).hasSize(qre.size() + 1);
        boolean near = new java.math.BigDecimal(line[0]).subtract(java.math.BigDecimal.valueOf(lambda)).abs()
            .compareTo(radius) <= 0;
        for (int k = 0; k < qre.size(); k++) {
            java.math.BigDecimal p = new java.math.BigDecimal(line[k + 1]);
            near &= p.subtract(radius).compareTo(qre.get(k).hi()) <= 0
                && p.add(radius).compareTo(qre.get(k).lo()) >= 0;
        }
        return near;
    }

    /** A game of the survey against gambit-logit (docs/performance.md), by its seed (test data, PROVENANCE.md). */
    private static NormalFormGame surveyGame(int seed) {
        return org.equivariant.io.NfgReader.read(org.equivariant.TestData.surveyGame(seed));
    }

    /** The chain from the centroid reaches the target, and there solve's principal QRE is gambit-logit's. */
    private static void assertTracedToGambitsQre(NormalFormGame game, Rational target, double[] gambit,
                                                 double tolerance) {
        BranchTracer.Chain chain = BranchTracer.logit(game).trace(target, Rational.ZERO, 200_000, null);
        assertThat(chain.end()).as(chain.detail()).isEqualTo(BranchTracer.End.REACHED);
        assertThePrincipalQreIs(game, target, gambit, tolerance);
    }

    /** solve's first QRE at the target is tagged principal and its enclosure's midpoints are gambit-logit's values. */
    private static void assertThePrincipalQreIs(NormalFormGame game, Rational target, double[] gambit,
                                                double tolerance) {
        QreResult r = QreSolver.solve(game, target, QreSolver.Options.digits(20));
        assertThat(r.report().principal()).isZero();
        List<org.equivariant.arith.Interval> box = r.qres().get(0).enclosure();
        for (int k = 0; k < gambit.length; k++) {
            assertThat(box.get(k).mid().doubleValue()).as("coordinate %d", k).isCloseTo(gambit[k],
                within(tolerance));
        }
    }

    /**
     * At large λ the fast residual's double roundings, which F takes as exponents times λ, grow past what a piece's
     * tube absorbs: this random 6×6 game's chain (payoffs k/d, |k| ≤ 5d, d ∈ {1, 2, 4}; the survey of docs/
     * performance.md, seed 3017) stopped at λ ≈ 2715 with every shorter piece failing. With the checker's switch to the
     * 62-bit residual scaled by λ·max|U| it reaches λ = 3000, at gambit-logit's QRE there (its twelve decimals,
     * {@code gambit-logit -q -S -d 12 -l 3000}).
     */
    @Test
    void aChainAtLargeLambdaTakesThe62BitResidualWhereDoubleRoundingsWouldStopIt() {
        assertTracedToGambitsQre(surveyGame(3017), Rational.of(3000), new double[] {0, 0, 0, 0.200239044927,
            0.799760955073, 0, 0, 0.857274742952, 0, 0.142725257048, 0, 0}, 1e-11);
    }

    /**
     * The double path converges where a rare action's log-probability is in the hundreds: this random 4×4 game's
     * (survey seed 3007) trace stalled at λ ≈ 59, every Newton step stuck at 10⁻¹¹ — the doubles' noise there — in
     * such a coordinate. With steps measured relative to 1 + |x_k| it reaches λ = 1000, at gambit-logit's QRE
     * ({@code gambit-logit -q -S -d 12 -l 1000}: P1's second action 3.7·10⁻²⁷², the rest 0, ½ or 1).
     */
    @Test
    void theDoublePathConvergesWhereARareActionsLogProbabilityIsInTheHundreds() {
        assertTracedToGambitsQre(surveyGame(3007), Rational.of(1000), new double[] {0, 0, 0, 1, 0, 0.5, 0, 0.5}, 1e-11);
    }

    /**
     * A random 4×4×4 game (survey seed 4006, docs/performance.md) whose principal branch folds twice in quick
     * succession near λ ≈ 13.835 and 13.603. Its chain stopped at λ ≈ 13.83 for every target: the double path's Newton
     * on a sheared coordinate's plane failed from every start, so no piece could even be proposed; the switch after
     * failures now takes the profile coordinate itself. Past that, a piece spanning the sharp first fold left the
     * heading reversed by continuity, and the chain ran back down its branch to negative λ (thousands of pieces): the
     * heading is now oriented by the direction of the piece just proved. At λ = 200 the certified QRE is gambit-logit's
     * ({@code gambit-logit -q -S -d 12 -l 200}, whose last point is at λ = 200 − 1.6·10⁻¹⁰).
     */
    @Test
    void aChainPassesTwoSharpFoldsInARowAndKeepsItsDirection() {
        assertTracedToGambitsQre(surveyGame(4006), Rational.of(200), new double[] {0, 0, 0, 1, 0.0108118536329, 0,
            0.570024359686, 0.419163786681, 0.371023134109, 0.276238492147, 0, 0.352738373744}, 1e-10);
    }

    /**
     * At large λ the exit narrowing goes on in 62 bits where the fast residual's steps stop halving: this random 2⁵
     * game's (survey seed 4027) chain stalled at λ ≈ 1291, where ‖R₀‖∞ sat just below the line's switch to the
     * 62-bit residual — every piece after one proved on the fast side failed whatever its length (test ratio 12–16,
     * the end box too wide for the next tube). It reaches λ = 2000 at gambit-logit's QRE
     * ({@code gambit-logit -q -S -d 12 -l 2000}).
     */
    @Test
    void atLargeLambdaTheExitNarrowingEndsIn62BitsWhereTheFastResidualStalls() {
        assertTracedToGambitsQre(surveyGame(4027), Rational.of(2000), new double[] {0.740733973834, 0.259266026166,
            1, 0, 1, 0, 0.545549980626, 0.454450019374, 0, 1}, 1e-11);
    }

    /**
     * On the ratio model ρ(h) = ½ + b·h⁴ the next length, where no bound cuts it, has ρ = AIM — computed here from the
     * model at the new length, not from the factor's formula.
     */
    @Test
    void oneStepReachesTheAimedRatioOnTheQuarticModel() {
        long seed = 20261202L;
        SplittableRandom random = new SplittableRandom(seed);
        int unbounded = 0;
        for (int k = 0; k < 1000; k++) {
            double h = Math.exp(random.nextDouble(-12, 0));
            double b = Math.exp(random.nextDouble(-4, 2.5)) / (h * h * h * h);
            double ratio = 0.5 + b * h * h * h * h;
            boolean proved = ratio < 1;
            double factor = BranchTracer.lengthFactor(ratio, proved);
            String where = "seed " + seed + ", b = " + b + ", h = " + h;
            if (proved) {
                assertThat(factor).as(where).isBetween(0.7, BranchTracer.GROWTH);
            } else {
                assertThat(factor).as(where).isBetween(0.25, 0.8);
            }
            boolean bound = factor == 0.7 || factor == BranchTracer.GROWTH || factor == 0.25 || factor == 0.8;
            if (!bound) {
                unbounded++;
                double next = h * factor;
                assertThat(0.5 + b * next * next * next * next).as(where).isCloseTo(BranchTracer.AIM, within(1e-9));
            }
        }
        assertThat(unbounded).isGreaterThan(300);
    }

    /**
     * At a chain's start, after two failures, {@link BranchTracer#firstFactor} fits ρ − ½ ≈ b·h^α: on a power model
     * with α below 4 its next length reaches the aimed ratio in one step (checked on the model itself), unless held at
     * {@link BranchTracer#FIRST_SHRINK}; where ρ falls like h⁴ or faster, or an input is unknown, it is
     * {@link BranchTracer#lengthFactor}'s; where ρ did not fall, the shortest step.
     */
    @Test
    void aChainsFirstPieceAimsByTheFittedExponent() {
        long seed = 20261205L;
        SplittableRandom random = new SplittableRandom(seed);
        int aimed = 0;
        for (int k = 0; k < 1000; k++) {
            double alpha = random.nextDouble(0.1, 3.9);
            double h1 = Math.exp(random.nextDouble(-10, 0));
            double h2 = h1 * random.nextDouble(0.2, 0.9);
            double b = Math.exp(random.nextDouble(-1, 4)) / Math.pow(h2, alpha);
            double r1 = 0.5 + b * Math.pow(h1, alpha);
            double r2 = 0.5 + b * Math.pow(h2, alpha);
            double f = BranchTracer.firstFactor(h1, r1, h2, r2);
            String where = "seed " + seed + ", case " + k;
            assertThat(f).as(where).isBetween(BranchTracer.FIRST_SHRINK, BranchTracer.lengthFactor(r2, false));
            if (f > BranchTracer.FIRST_SHRINK && f < BranchTracer.lengthFactor(r2, false)) {
                aimed++;
                assertThat(0.5 + b * Math.pow(h2 * f, alpha)).as(where).isCloseTo(BranchTracer.AIM, within(1e-9));
            }
        }
        assertThat(aimed).isGreaterThan(300);
        double quartic = 0.5 + 3 * Math.pow(0.1, 4) * 1e4;
        assertThat(BranchTracer.firstFactor(0.2, 0.5 + 16 * (quartic - 0.5), 0.1, quartic))
            .isEqualTo(BranchTracer.lengthFactor(quartic, false));
        assertThat(BranchTracer.firstFactor(0.2, 3, 0.1, 3)).isEqualTo(BranchTracer.FIRST_SHRINK);
        assertThat(BranchTracer.firstFactor(0.2, Double.NaN, 0.1, 3)).isEqualTo(BranchTracer.lengthFactor(3, false));
        assertThat(BranchTracer.firstFactor(0.2, 4, 0.1, Double.NaN)).isEqualTo(BranchTracer.lengthFactor(Double.NaN,
            false));
    }

    /**
     * The first piece of a chain from an arm's end next to a singular point (3×3×3 seed 35 at λ = 10, session 38's
     * tracer): the ratios its failures met, read as ρ(h) between them (log–log), proved at the first h with ρ < 1.
     * Shortened by {@link BranchTracer#lengthFactor} alone the search fails 14 times; with
     * {@link BranchTracer#firstFactor} from the second failure on, at most 4.
     */
    @Test
    void nextToASingularPointTheFirstPieceIsFoundInAFewTests() {
        double[][] met = {{0.405, 4.45}, {0.221, 3.67}, {0.119, 3.37}, {0.0706, 3.20}, {0.0424, 3.02},
            {0.0259, 2.80}, {0.0162, 2.55}, {0.0104, 2.26}, {0.00693, 1.96}, {0.00485, 1.66}, {0.00359, 1.34},
            {0.00287, 1.25}, {0.0023, 1.11}, {0.00184, 0.972}};
        java.util.function.DoubleUnaryOperator ratio = h -> {
            int k = 0;
            while (k < met.length - 2 && h < met[k + 1][0]) {
                k++;
            }
            double t = Math.log(h / met[k][0]) / Math.log(met[k + 1][0] / met[k][0]);
            return 0.5 + Math.exp(Math.log(met[k][1] - 0.5) + t * Math.log((met[k + 1][1] - 0.5) / (met[k][1] - 0.5)));
        };
        for (boolean fitted : new boolean[] {false, true}) {
            double h = met[0][0];
            double previous = Double.NaN;
            double previousRatio = Double.NaN;
            int failures = 0;
            for (double r = ratio.applyAsDouble(h); r >= 1; r = ratio.applyAsDouble(h)) {
                double f = fitted && failures > 0 ? BranchTracer.firstFactor(previous, previousRatio, h, r)
                    : BranchTracer.lengthFactor(r, false);
                previous = h;
                previousRatio = r;
                h *= f;
                failures++;
            }
            if (fitted) {
                assertThat(failures).as("with the fitted exponent").isLessThanOrEqualTo(4);
            } else {
                assertThat(failures).as("by the quartic model alone").isGreaterThanOrEqualTo(10);
            }
        }
    }

    /**
     * Proposals that shrink piece by piece shorten the next length once more by their ratio (at most halving it);
     * growing, equal or unknown ones leave it.
     */
    @Test
    void shrinkingProposalsShortenTheNextPieceOnceMore() {
        assertThat(BranchTracer.trendFactor(0.08, 0.1)).isCloseTo(0.8, within(1e-15));
        assertThat(BranchTracer.trendFactor(0.01, 0.1)).isEqualTo(0.5);
        assertThat(BranchTracer.trendFactor(0.12, 0.1)).isEqualTo(1);
        assertThat(BranchTracer.trendFactor(0.1, 0.1)).isEqualTo(1);
        for (double unknown : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 0}) {
            assertThat(BranchTracer.trendFactor(0.1, unknown)).isEqualTo(1);
            assertThat(BranchTracer.trendFactor(unknown, 0.1)).isEqualTo(1);
        }
    }

    /**
     * Where shortening helps — the quartic model ρ = ½ + b·h⁴ of {@link #oneStepReachesTheAimedRatioOnTheQuarticModel},
     * from first tests that fail by ρ up to 10⁵ — failures shortened by {@link BranchTracer#lengthFactor} never stall
     * the chain before a piece is proved, even where every failure is no longer than the last proved piece. Negative
     * control: the failed tests after the last piece of the McKelvey–McLennan 2×2×2 game's principal chain at λ = 2
     * (lengths and ratios as the tracer met them, session 31; that piece was 7.46·10⁻⁸ long), where ρ grows as the
     * piece shortens toward the singular point, stall it at the sixth, the first failure 16 times shorter than an
     * earlier one (26 times: 3.86·10⁻⁸ after 10⁻⁶, ρ = 2.38 after 1.72); before the rule the chain went on failing 27
     * more tests down to the floor of 10⁻¹¹, none proved. And failures longer than the last proved piece, or before
     * any, say nothing: the battle of the sexes' first six tests from its anchor λ = 1.2 toward 10, all across its
     * pitchfork at 1.372 (session 32), stalled the chain at 1.2 under the rule without that condition — they do so
     * here with a proved piece as long as the first of them — and do not before a proved piece or after a shorter one.
     */
    @Test
    void aChainStallsWhereShorterPiecesStopHelpingAndNotWhereTheyHelp() {
        h4Cases(20261205L, 11.5, (c, h0, b) -> {
            double h = h0;
            BranchTracer.Stall stall = new BranchTracer.Stall(h);
            int failures = 0;
            for (double ratio = 0.5 + b * h * h * h * h; ratio >= 1; ratio = 0.5 + b * h * h * h * h) {
                assertThat(stall.failed(h, ratio)).as(c + ", failure " + failures).isFalse();
                h *= BranchTracer.lengthFactor(ratio, false);
                failures++;
            }
        });
        double[][] met = {{1.00e-6, 1.716}, {7.32e-7, 2.069}, {5.03e-7, 2.833}, {3.13e-7, 6.442},
            {1.54e-7, 6271.660}, {3.86e-8, 2.379}};
        BranchTracer.Stall stall = new BranchTracer.Stall(7.46e-8).switched();
        for (int k = 0; k < met.length - 1; k++) {
            assertThat(stall.failed(met[k][0], met[k][1])).as("failure " + (k + 1)).isFalse();
        }
        assertThat(stall.failed(met[met.length - 1][0], met[met.length - 1][1])).as("failure 6").isTrue();
        BranchTracer.Stall unknown = new BranchTracer.Stall(1e-6);
        assertThat(unknown.failed(1e-6, 1.716)).isFalse();
        assertThat(unknown.failed(1e-9, Double.NaN)).as("an attempt no test decided says nothing").isFalse();
        double[][] across = {{4.4, 8.118}, {2.037, 2.368}, {1.340, 2.425}, {0.875, 3.237}, {0.523, 9.143},
            {0.235, 5.092}};
        for (double proved : new double[] {Double.NaN, 0.2, 4.4}) {
            BranchTracer.Stall pitchfork = new BranchTracer.Stall(proved);
            for (int k = 0; k < across.length - 1; k++) {
                assertThat(pitchfork.failed(across[k][0], across[k][1])).as("failure " + (k + 1)).isFalse();
            }
            assertThat(pitchfork.failed(across[5][0], across[5][1])).as("failure 6 after a proved piece " + proved)
                .isEqualTo(proved == 4.4);
        }
    }

    /**
     * {@link BranchTracer.Plateau}: where ρ follows the h⁴ model (ρ − ½ = b·h⁴, b fixed per case), shortening lowers
     * it and the model's factor stands, every piece; where ρ stays up as the pieces shorten (a random Markov game's
     * chain near β ≈ 338.87: ρ ≈ 0.85 at length 329, then 0.92–0.99 while the model shortened each piece by about
     * 0.93), the next piece returns to the longer length once a piece 4 times longer had no lower ratio — and not
     * before; after a failure the shrinking goes on; and the record keeps the last {@link BranchTracer.Plateau#RECORD}
     * pieces.
     */
    @Test
    void aChainReturnsToLongerPiecesWhereShorterOnesDoNotLowerTheRatio() {
        h4Cases(20261206L, 2, (c, h0, b) -> {
            double h = h0;
            BranchTracer.Plateau plateau = new BranchTracer.Plateau();
            for (int piece = 0; piece < 20; piece++) {
                double ratio = 0.5 + b * h * h * h * h;
                double model = BranchTracer.lengthFactor(ratio, true);
                assertThat(plateau.factor(h, ratio, model)).as(c + ", piece " + piece).isEqualTo(model);
                h *= model;
            }
        });
        BranchTracer.Plateau creep = new BranchTracer.Plateau();
        assertThat(creep.factor(329, 0.848, 0.97)).isEqualTo(0.97);
        double h = 329 * 0.97;
        int pieces = 1;
        double factor;
        do {
            double ratio = pieces % 2 == 0 ? 0.97 : 0.92;
            double model = BranchTracer.lengthFactor(ratio, true);
            factor = creep.factor(h, ratio, model);
            if (factor == model) {
                assertThat(h).as("piece " + pieces).isGreaterThan(329 / BranchTracer.Plateau.LONGER);
                h *= model;
            }
            pieces++;
        } while (factor < 1 && pieces < 100);
        assertThat(h).isLessThanOrEqualTo(329 / BranchTracer.Plateau.LONGER);
        assertThat(h * factor).isEqualTo(329, within(1e-9));
        creep.failed();
        assertThat(creep.factor(h, 0.97, 0.9)).as("a failure clears the record").isEqualTo(0.9);
        // at the bounds: exactly LONGER times shorter and exactly SLACK lower counts; a ratio lower than that, a factor
        // the model does not ask to shorten, and a length no test measured do not
        double lower = 0.9 - BranchTracer.Plateau.SLACK;
        double[][] bounds = {{lower, 0.95, 25, 4}, {lower - 1e-9, 0.95, 25, 0.95}, {0.95, 1, 25, 1},
            {0.95, 0.95, 0, 0.95}, {0.95, 0.95, 25.000001, 0.95}};
        for (double[] c : bounds) {
            BranchTracer.Plateau bound = new BranchTracer.Plateau();
            bound.factor(100, 0.9, 1);
            assertThat(bound.factor(c[2], c[0], c[1])).as("ratio %s, model %s, length %s", c[0], c[1], c[2])
                .isEqualTo(c[3]);
        }
        // the record reaches RECORD proved pieces back
        for (int between : new int[] {BranchTracer.Plateau.RECORD - 1, BranchTracer.Plateau.RECORD}) {
            BranchTracer.Plateau window = new BranchTracer.Plateau();
            window.factor(100, 0.85, 1);
            for (int k = 0; k < between; k++) {
                window.factor(20, 0.85, 1);
            }
            assertThat(window.factor(10, 0.9, 0.95)).as(between + " pieces between")
                .isEqualTo(between < BranchTracer.Plateau.RECORD ? 10 : 0.95);
        }
    }

    /** A case of the quartic model: its description (seed and index), its first length h and its constant b. */
    private interface QuarticCase {
        void run(String c, double h, double b);
    }

    /**
     * 1000 seeded cases of the model ρ − ½ = b·h⁴: lengths h = e^U(−12, 0) and b = (½ + e^U(−6, x))/h⁴, so that the
     * first ratio's excess over ½ lies in [½ + e⁻⁶, ½ + eˣ].
     */
    private static void h4Cases(long seed, double x, QuarticCase body) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int k = 0; k < 1000; k++) {
            double h = Math.exp(random.nextDouble(-12, 0));
            body.run("seed " + seed + ", case " + k, h, (0.5 + Math.exp(random.nextDouble(-6, x))) / (h * h * h * h));
        }
    }

    @Test
    void aRatioThatSaysNothingGrowsAfterAProofAndShrinksAfterAFailure() {
        for (double ratio : new double[] {Double.NaN, 0, 0.3, 0.5}) {
            assertThat(BranchTracer.lengthFactor(ratio, true)).isEqualTo(1.6);
            assertThat(BranchTracer.lengthFactor(ratio, false)).isEqualTo(0.4);
        }
        // a failed length is never tried again: even a failure just past the aim shortens the piece
        assertThat(BranchTracer.lengthFactor(BranchTracer.AIM + 1e-6, false)).isEqualTo(0.8);
        assertThat(BranchTracer.lengthFactor(BranchTracer.AIM, true)).isCloseTo(1, within(1e-12));
    }

    /** The decimals' doubles for step control lie within a few units in the last place of the nearest doubles. */
    @Test
    void decimalsAreApproximatedWithinAFewUnitsInTheLastPlace() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(31);
        for (int t = 0; t < 5000; t++) {
            java.math.BigDecimal x = new java.math.BigDecimal(new java.math.BigInteger(r.nextInt(1, 140), new java.util
                .Random(r.nextLong())).multiply(java.math.BigInteger.valueOf(r.nextBoolean() ? 1 : -1)),
                r.nextInt(-320, 340));
            double exact = x.doubleValue();
            double approx = BranchTracer.approx(x);
            if (Double.isInfinite(exact)) {
                assertThat(approx).as("%s", x).isEqualTo(exact); // beyond the doubles: as doubleValue says
            } else {
                assertThat(Math.abs(approx - exact)).as("%s", x).isLessThanOrEqualTo(8 * Math.ulp(exact));
            }
        }
        assertThat(BranchTracer.approx(java.math.BigDecimal.ZERO)).isZero();
        assertThat(BranchTracer.approx(new java.math.BigDecimal("1e-320"))).isEqualTo(1e-320); // subnormal: by the text
    }
}
