package org.equivariant.equilibrium;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

/** The chains past the ends of the arms leaving a singular point ({@link LeavingBranches}). */
class LeavingBranchesTest {
    /**
     * A symmetric 4×4 game (B = Aᵀ, payoffs from a script outside the repository, seed 50) just past the singular point
     * of its symmetric branch near λ ≈ 2.1384412, which {@code solve} blows up (SYM-ARM): an arm's last piece fails its
     * test at its near end, so the direction of the chain past the arm's end comes from the piece's middle. {@code
     * solve} stopped there with an internal error (a NullPointerException) — at λ = 2.138442188412, gambit-logit's line
     * 62 on its path to λ = 100. Now the QREs are certified, the checker accepts the certificate, and the principal
     * QRE satisfies the QRE equations written out here in doubles.
     */
    @Test
    void anArmWhoseLastPieceFailsItsTestAtItsNearEndStillLeadsOn() {
        NormalFormGame g = NfgReader.read("sym50.nfg", "NFG 1 R \"sym 50\" { \"P1\" \"P2\" } { 4 4 }\n\n"
            + "5 5 2 1 3 2 0 2 1 2 6 6 7 6 3 9 2 3 6 7 5 5 8 9 2 0 9 3 9 8 2 2\n");
        Rational lambda = Rational.parse("2.138442188412");
        QreResult r = QreSolver.solve(g, lambda, QreSolver.Options.digits(12));
        assertThat(r.principalIndex()).isNotNegative();
        assertThat(CertificateChecker.check(r.certificate()).valid()).isTrue();
        List<Rational> x = r.qres().get(r.principalIndex()).center();
        // u_1(a) = Σ_b A[a][b] y_b, u_2(b) = Σ_a B[a][b] x_a with the .nfg's payoff pairs, player 1's action fastest
        int[] v = {5, 5, 2, 1, 3, 2, 0, 2, 1, 2, 6, 6, 7, 6, 3, 9, 2, 3, 6, 7, 5, 5, 8, 9, 2, 0, 9, 3, 9, 8, 2, 2};
        double l = lambda.doubleValue();
        double worst = 0;
        for (int player = 0; player < 2; player++) {
            double[] u = new double[4];
            for (int a = 0; a < 4; a++) {
                for (int b = 0; b < 4; b++) {
                    int row = player == 0 ? a : b;
                    int col = player == 0 ? b : a;
                    u[a] += v[2 * (row + 4 * col) + player] * x.get(4 * (1 - player) + b).doubleValue();
                }
            }
            double sum = 0;
            for (double ua : u) {
                sum += Math.exp(l * ua);
            }
            for (int a = 0; a < 4; a++) {
                worst = Math.max(worst, Math.abs(Math.exp(l * u[a]) / sum - x.get(4 * player + a).doubleValue()));
            }
        }
        assertThat(worst).isLessThan(1e-12);
    }
}
