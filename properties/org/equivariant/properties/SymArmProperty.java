package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.CheckReport;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SymmetricGames;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.equivariant.io.NfgWriter;
import org.junit.jupiter.api.Test;

/**
 * SYM-ARM (proofs/SYM-ARM.md): past a singular point where the symmetric branch of a symmetric three- or four-player
 * game meets a null space of two or three dimensions, {@code solve} certifies QREs on the branches leaving it (for
 * four players also those with two pairs of players alike). Games: each player is paid f(a, k) for its own action a
 * of two when k of the others play action 1, f random integers in [−6, 6] (where
 * the centroid is a QRE at every λ the symmetric branch is the centroid line, and CL-ARM's blow-up serves). Checked
 * by code written here and sharing nothing with the solver or the checker ({@link BrChainProperty.Logit}: the logit
 * residual from the full payoff tables and its finite-difference Jacobian J):
 * <ul>
 *   <li>the symmetric curve: Newton on player 1's rows with all three players playing player 1's mixture, continued
 *       from λ = 0; the singular point: the first change of sign, along it, of det B, B the player-1 rows of J on the
 *       directions (v, −v, 0, …) (swapping players 1 and 2 negates such a direction, so J maps it to (Bv, −Bv, 0, …)),
 *       by bisection;</li>
 *   <li>conclusion: the arms' zero at ε = 0 lies within 10⁻⁶ of that λ, and the curve of QREs through every QRE
 *       certified on a leaving branch, in the profiles where the players it has alike stay alike, followed both ways
 *       by pseudo-arclength continuation ({@link ArcLength#reachesAlike}: through a bifurcation that breaks that
 *       symmetry, where the full curve's continuation may turn onto another branch), comes within 0.02 of the
 *       symmetric curve's point there — its branch meets the symmetric branch, on the principal one.</li>
 * </ul>
 * Negative controls: the singular point compared after a shift of 10⁻⁴ fails; the curve does not reach a point 0.1
 * away; one payoff of player 1 moved by 1/1000 breaks the symmetry, and the checker refuses the transplanted claim.
 */
class SymArmProperty {
    /**
     * f(a, k) as {f(1, 0), …, f(1, n − 1), f(2, 0), …, f(2, n − 1)} for n players (k of the others on action 1); λ as a
     * multiple of the singular point.
     */
    record Case(List<Integer> f, double factor) {
        NormalFormGame game() {
            int n = f.size() / 2;
            int[][] paid = new int[2][n];
            for (int k = 0; k < 2 * n; k++) {
                paid[k / n][k % n] = f.get(k);
            }
            return SymmetricGames.twoActions("symmetric", paid);
        }

        @Override
        public String toString() {
            return NfgWriter.write(game()) + "target = " + factor + " × the singular point";
        }
    }

    static final Gen<Case> CASES = players(3);

    /** Games of n interchangeable players. */
    static Gen<Case> players(int n) {
        return r -> new Case(IntStream.range(0, 2 * n).mapToObj(k -> r.nextInt(-6, 7)).toList(),
            1.3 + r.nextInt(0, 8) / 10.0);
    }

    /** Each nonzero payoff set to 0, then halved towards 0. */
    static Stream<Case> shrink(Case c) {
        int m = c.f().size();
        return IntStream.range(0, 2 * m).filter(k -> c.f().get(k % m) != 0).mapToObj(k -> {
            List<Integer> f = new ArrayList<>(c.f());
            f.set(k % m, k < m ? 0 : f.get(k % m) / 2);
            return new Case(f, c.factor());
        });
    }

    /** The symmetric curve (p, …, p) and its singular point, by the independent code. */
    static final class Curve {
        final BrChainProperty.Logit logit;
        final int players;
        /** The curve's profile at the last {@link #singular} found (null before). */
        double[] point;

        Curve(NormalFormGame g) {
            this.logit = new BrChainProperty.Logit(g);
            this.players = g.numPlayers();
        }

        double[] profile(double[] p) {
            double[] s = new double[2 * players];
            for (int i = 0; i < players; i++) {
                s[2 * i] = p[0];
                s[2 * i + 1] = p[1];
            }
            return s;
        }

        /** The player-1 rows of J on the directions (v, …, v) (sign 1) or (v, −v, 0, …) (sign −1). */
        double[][] block(double[] s, double lambda, int sign) {
            double[][] j = logit.jacobian(s, lambda);
            double[][] out = new double[2][2];
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 2; c++) {
                    double all = 0;
                    for (int i = 0; i < players; i++) {
                        all += j[r][2 * i + c];
                    }
                    out[r][c] = sign > 0 ? all : j[r][c] - j[r][2 + c];
                }
            }
            return out;
        }

        /** Newton on player 1's rows over p at λ from p; null if it fails. */
        double[] at(double lambda, double[] from) {
            double[] p = from.clone();
            for (int it = 0; it < 50; it++) {
                double[] rhs = java.util.Arrays.copyOf(logit.residual(profile(p), lambda), 2);
                if (BrChainProperty.Logit.solve(block(profile(p), lambda, 1), rhs) == 0) {
                    return null;
                }
                p[0] -= rhs[0];
                p[1] -= rhs[1];
                if (Math.max(Math.abs(rhs[0]), Math.abs(rhs[1])) < 1e-15) {
                    break;
                }
            }
            return logit.maxResidual(profile(p), lambda) < 1e-12 ? p : null;
        }

        double transverse(double[] p, double lambda) {
            return BrChainProperty.Logit.solve(block(profile(p), lambda, -1), new double[2]);
        }

        /** The first λ ≤ limit where det B changes sign along the curve, or NaN. */
        double singular(double limit) {
            SignChange.Found f = SignChange.first(new double[] {0.5, 0.5}, limit, this::at, this::transverse);
            if (f == null) {
                return Double.NaN;
            }
            point = profile(f.point());
            return f.lambda();
        }
    }

    @Test
    void pastTheSymmetricBranchsSingularPointTheLeavingBranchesAreCertifiedAndMeetIt() {
        leavingBranchesMeetTheSingularPoint(3, 16);
    }

    /**
     * Four interchangeable players: besides the branches with one player apart, those with two pairs of players alike
     * (the set stabilizer S₂ × S₂ of one coordinate of two players) — every certified leaving QRE's curve meets the
     * singular point too.
     */
    @Test
    void withFourPlayersThePairsBranchesAreCertifiedAndMeetItToo() {
        leavingBranchesMeetTheSingularPoint(4, 6);
    }

    private static void leavingBranchesMeetTheSingularPoint(int players, int tries) {
        String name = players == 3 ? "SYM-ARM" : "SYM-ARM, " + players + " players";
        int[] compared = {0};
        int[] arms = {0};
        int[] pairs = {0};
        int[] onward = {0};
        int run = Property.forAll(name + ": solve past the symmetric branch's singular point", players(players))
            .shrinkWith(SymArmProperty::shrink).tries(tries).check(c -> {
                Curve curve = new Curve(c.game());
                double star = curve.singular(6);
                if (Double.isNaN(star)) {
                    return; // the transverse block stays regular along the symmetric curve below λ = 6
                }
                QreResult r = ClArmProperty.solveAt(c.game(), c.factor(), star);
                compared[0]++;
                List<QreCertificate.CentroidArms> claims = r.certificate().centroidArms();
                if (claims.isEmpty()) {
                    System.out.println(name + ": no leaving branch certified (" + r.pitchfork() + ") for\n" + c);
                    return;
                }
                arms[0]++;
                pairs[0] += claims.stream().anyMatch(ca -> ca.stabilizer().size() == 3) ? 1 : 0;
                // a blow-up along the symmetric branch, or — where the centroid is a QRE at every λ, so the symmetric
                // branch is the centroid line — CL-ARM's
                QreCertificate.CentroidArms ca = claims.get(0);
                ClArmProperty.compareSingular(ClArmProperty.certifiedSingular(c.game(), ca), star);
                CheckReport replay = CertificateChecker.check(r.certificate());
                assertThat(replay.valid()).as(String.join("\n", replay.findings())).isTrue();
                // each leaving QRE's curve meets the symmetric branch at its singular point — or, past a bifurcation
                // on an arm's chain (SYM-ARM (10)), the curve of a leaving QRE whose own curve meets it
                List<double[]> met = new java.util.ArrayList<>();
                List<double[]> unmet = new java.util.ArrayList<>();
                double lambda = r.lambda().doubleValue();
                for (int k : CertificateChecker.centroidArmQres(r.certificate())) {
                    double[] s = ArcLength.midpoint(r, k);
                    (ArcLength.reachesAlike(curve.logit, s, 2, lambda, curve.point, star) ? met : unmet).add(s);
                }
                onward[0] += unmet.isEmpty() ? 0 : 1;
                for (double[] s : unmet) {
                    assertThat(met).as("the curve of QREs through " + java.util.Arrays.toString(s) + " meets the "
                        + "symmetric branch's singular point or the curve of a QRE that does").anyMatch(q -> ArcLength
                        .meets(curve.logit, s, 2, lambda, ArcLength.samplesAlike(curve.logit, q, 2, lambda)));
                }
            });
        SignChange.coverage(name, run, compared[0], "leaving branches", arms[0]);
        System.out.println(name + ": past a bifurcation on an arm's chain (SYM-ARM (10)) on " + onward[0]);
        if (players == 4) {
            System.out.println(name + ": the pairs' branches (S₂ × S₂) on " + pairs[0]);
        }
    }

    @Test
    void aMovedSingularPointOrABrokenSymmetryIsCaught() {
        // the first case (seeds 0, 1, …) whose symmetric curve meets the singular point below λ = 6
        Case c = SignChange.firstCase(CASES, k -> !Double.isNaN(new Curve(k.game()).singular(6)));
        NormalFormGame g = c.game();
        Curve curve = new Curve(g);
        double star = curve.singular(6);
        QreResult r = ClArmProperty.solveAt(g, 1.5, star);
        assertThat(r.certificate().centroidArms()).as(r.pitchfork()).isNotEmpty();
        QreCertificate.CentroidArms ca = r.certificate().centroidArms().get(0);
        double certified = ClArmProperty.certifiedSingular(g, ca);
        ClArmProperty.compareSingular(certified, star);
        assertThatThrownBy(() -> ClArmProperty.compareSingular(certified + 1e-4, star))
            .isInstanceOf(AssertionError.class);
        // a leaving QRE's curve meets the symmetric branch at the singular point, not a point 0.1 away from it
        double[] s = r.qres().get(ca.arms().get(0).past().qre()).enclosure().stream().mapToDouble(x -> x.mid()
            .doubleValue()).toArray();
        assertThat(ArcLength.reachesAlike(curve.logit, s, 2, r.lambda().doubleValue(), curve.point, star)).isTrue();
        double[] away = curve.point.clone();
        away[0] += 0.1;
        assertThat(ArcLength.reachesAlike(curve.logit, s, 2, r.lambda().doubleValue(), away, star)).isFalse();
        // the oracle of SYM-ARM (10)'s QREs: a curve meets the samples of the curve it lies on, not those moved by 0.1
        List<double[]> own = ArcLength.samplesAlike(curve.logit, s, 2, r.lambda().doubleValue());
        assertThat(ArcLength.meets(curve.logit, s, 2, r.lambda().doubleValue(), own)).isTrue();
        assertThat(ArcLength.meets(curve.logit, s, 2, r.lambda().doubleValue(), own.stream().map(p -> {
            double[] q = p.clone();
            q[0] += 0.1;
            return q;
        }).toList())).isFalse();
        // player 1's first payoff moved by 1/1000: the players are no longer interchangeable, and the transplanted
        // claim is refused
        CheckReport refused = ClArmProperty.transplanted(g, r.lambda(), ca);
        assertThat(refused.valid()).isFalse();
        assertThat(String.join("\n", refused.findings())).contains("is not a symmetry of the game");
    }
}
