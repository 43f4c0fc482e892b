package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SupportTail;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.equivariant.io.NfgReader;
import org.junit.jupiter.api.Test;

/**
 * MIX-TAIL (proofs/MIX-TAIL.md): past a point of the principal branch in a claim's box X (supports, centre, radius r,
 * λ₀), X holds exactly one QRE at every λ ≥ λ₀, the branch's. Checked by code that shares nothing with the search,
 * the claim or the checker: BR-CHAIN's natural-parameter continuation in double ({@link BrChainProperty.Logit}: the
 * logit response from the payoff tables, a finite-difference Jacobian) and Newton on that residual.
 * <ul>
 *   <li>On random zero-sum two-player games and three-player games at λ from 100 to 300 where {@code solve}'s chain
 *       ends by a MIX-TAIL claim:
 *       the continuation's points at eight λ between the chain's end and λ lie in X and its end is the certified
 *       principal QRE; at λ, 4λ and 16λ Newton from the centre and from eleven random points of X converges, where it
 *       converges inside X, to one point; the certified limit is a Nash equilibrium (the supports' actions earn the
 *       same, the others less) and those points close in on it. Negative control: another certified QRE taken as the
 *       tail's is caught.</li>
 *   <li>The checker, replaying everything, refuses a tampered tail: the limit's box moved by 10⁻²⁰, the centre moved by
 *       2r, the radius too small to hold the chain's end, λ₀ above the chain's end, a support with an action dropped,
 *       the tail removed, the claim moved to another box.</li>
 * </ul>
 */
class MixTailProperty {
    /**
     * The conclusion, checked independently; false when the chain did not end by MIX-TAIL or the continuation fails.
     */
    static boolean check(BrChainProperty.Case c, BrChainProperty.Selector selector) {
        QreResult r = QreSolver.solve(c.game(), c.lambda(), QreSolver.Options.all(20));
        QreCertificate.Branch branch = r.certificate().branch();
        if (branch == null || !(branch.tail() instanceof SupportTail tail)) {
            return false;
        }
        BrChainProperty.Logit logit = new BrChainProperty.Logit(c.game());
        double[] center = center(c.game(), tail);
        double radius = tail.radius().doubleValue() * (1 + 1e-9);
        double target = c.lambda().doubleValue();
        double from = r.principal().reached();
        for (int k = 1; k <= 8; k++) {
            double lambda = from + k * (target - from) / 8;
            double[] s = logit.continuation(lambda, 2000);
            if (s == null) {
                return false;
            }
            assertThat(ArcLength.distance(s, center)).as("the branch in X at lambda = %s", lambda)
                .isLessThanOrEqualTo(radius);
            if (k == 8) {
                int p = selector.pick(r);
                assertThat(p).as("the principal QRE is certified").isGreaterThanOrEqualTo(0);
                assertThat(BrChainProperty.distance(s, r.qres().get(p).center())).as("the tail's QRE = continuation")
                    .isLessThan(1e-7);
            }
        }
        double[] limit = tail.limit() == null ? null : limit(c.game(), tail);
        if (limit != null) {
            // the certified limit is a Nash equilibrium: the supports' actions earn the same, the others less
            double[] u = logit.utilities(limit);
            for (int i = 0; i < c.game().numPlayers(); i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int k = logit.offset[i]; k < logit.offset[i + 1]; k++) {
                    best = Math.max(best, u[k]);
                }
                for (int k = logit.offset[i]; k < logit.offset[i + 1]; k++) {
                    if (limit[k] > 0) {
                        assertThat(best - u[k]).as("player %d's action %d of the support", i + 1, k).isLessThan(1e-9);
                    } else {
                        assertThat(best - u[k]).as("player %d's action %d off it", i + 1, k).isPositive();
                    }
                }
            }
        }
        double previous = Double.POSITIVE_INFINITY;
        SplittableRandom random = new SplittableRandom(c.game().sha256().hashCode());
        for (double lambda : new double[] {target, 4 * target, 16 * target}) {
            double[] found = null;
            for (int start = 0; start < 12; start++) {
                double[] x = center.clone();
                for (int k = 0; k < x.length && start > 0; k++) {
                    x[k] += radius * (2 * random.nextDouble() - 1);
                }
                double[] z = newton(logit, x, lambda);
                if (z != null && ArcLength.distance(z, center) <= radius) {
                    found = found == null ? z : found;
                    assertThat(ArcLength.distance(z, found)).as("one QRE in X at lambda = %s", lambda).isLessThan(1e-8);
                }
            }
            assertThat(found).as("a QRE found in X at lambda = %s", lambda).isNotNull();
            if (limit != null) {
                // the branch closes in on its limit
                assertThat(ArcLength.distance(found, limit)).as("distance to the limit at lambda = %s", lambda)
                    .isLessThanOrEqualTo(previous);
                previous = ArcLength.distance(found, limit);
            }
        }
        return true;
    }

    /** The limit's centre as a full profile (0 off the supports). */
    static double[] limit(NormalFormGame game, SupportTail tail) {
        return center(game, new SupportTail(tail.support(), tail.limit().center(), tail.radius(), tail.lambda0()));
    }

    /** The claim's centre as a full profile (0 off the supports). */
    static double[] center(NormalFormGame game, SupportTail tail) {
        double[] x = new double[game.totalActions()];
        for (int i = 0, offset = 0; i < game.numPlayers(); offset += game.numActions(i), i++) {
            for (int k = 0; k < tail.support().get(i).size(); k++) {
                x[offset + tail.support().get(i).get(k)] = tail.center().get(i).get(k).doubleValue();
            }
        }
        return x;
    }

    /** Newton on σ − T_λ(σ) from x: its zero, or null where 50 steps do not bring a step below 10⁻¹³. */
    private static double[] newton(BrChainProperty.Logit logit, double[] x, double lambda) {
        double[] s = x.clone();
        for (int it = 0; it < 50; it++) {
            double[] f = logit.residual(s, lambda);
            BrChainProperty.Logit.solve(logit.jacobian(s, lambda), f);
            double move = 0;
            for (int k = 0; k < s.length; k++) {
                s[k] -= f[k];
                move = Math.max(move, Math.abs(f[k]));
            }
            if (!Double.isFinite(move)) {
                return null;
            }
            if (move < 1e-13) {
                return s;
            }
        }
        return null;
    }

    /**
     * Two-player games made zero-sum (their limits are mostly mixed) and three-player games, at λ from 100 to 300.
     */
    static final Gen<BrChainProperty.Case> CASES = r -> {
        NormalFormGame g = GameGen.games(2, 3, 2, 3, 3).generate(r);
        if (g.numPlayers() == 2) {
            RationalTensor u = g.payoffs().get(0);
            g = NormalFormGame.of("zero-sum", List.of(u, new RationalTensor(u.dims(), u.data().stream()
                .map(Rational::negate).toList())));
        }
        return new BrChainProperty.Case(g, Rational.of(r.nextInt(100, 301)));
    };

    @Test
    void pastTheChainsEndTheBranchStaysInTheBox() {
        assertThat(BrChainProperty.applied("MIX-TAIL branch in X, one QRE there, QRE = continuation", CASES, 12,
            MixTailProperty::check)).as("tries where a MIX-TAIL ended the chain and the continuation applied")
            .isGreaterThanOrEqualTo(3);
    }

    /**
     * A game found among the tries (seeded, scale 4): a 3×2×2 game at λ = 190 whose chain ends by MIX-TAIL, with two
     * more QREs certified off the principal branch.
     */
    static BrChainProperty.Case mixed() {
        String nfg = "NFG 1 R \"random\" { \"Player 1\" \"Player 2\" \"Player 3\" } { 3 2 2 }\n\n"
            + "3/2 1/2 -2\n-1 -3/2 5/4\n1 -3 -3\n-2 -5/2 -3\n-1/2 -1 3\n-3 -3 7/4\n"
            + "2 -1/2 -5/4\n5/2 5/2 1\n-5/4 0 1\n-3 3 0\n-3/2 5/2 -1\n0 -1 0\n";
        return new BrChainProperty.Case(NfgReader.read("mixed", nfg), Rational.of(190));
    }

    @Test
    void takingAnotherQreAsTheTailsIsCaught() {
        BrChainProperty.anotherQreIsCaught(mixed(), MixTailProperty::check);
    }

    @Test
    void aTamperedTailIsRefused() {
        BrChainProperty.Case c = mixed();
        QreCertificate cert = QreSolver.solve(c.game(), c.lambda(), QreSolver.Options.all(20)).certificate();
        QreCertificate.Branch b = cert.branch();
        assertThat(b.tail()).as("the chain ended by MIX-TAIL").isInstanceOf(SupportTail.class);
        SupportTail tail = (SupportTail) b.tail();
        assertThat(CertificateChecker.check(cert).principal()).isZero();
        Rational r = tail.radius();
        List<List<Rational>> moved = new ArrayList<>();
        for (List<Rational> p : tail.center()) {
            moved.add(p.stream().map(x -> x.add(r.multiply(Rational.of(2)))).toList());
        }
        int player = tail.support().get(0).size() > 1 ? 0 : 1;
        List<List<Integer>> dropped = new ArrayList<>(tail.support());
        dropped.set(player, tail.support().get(player).subList(1, tail.support().get(player).size()));
        List<List<Rational>> droppedCenter = new ArrayList<>(tail.center());
        droppedCenter.set(player, tail.center().get(player).subList(1, tail.center().get(player).size()));
        Rational end = Rational.of(java.math.BigDecimal.valueOf(cert.branch().pieces().get(b.pieces().size() - 1)
            .to().doubleValue()));
        int last = cert.boxes().size() - 1;
        assertThat(tail.limit()).as("solve encloses the limit").isNotNull();
        Rational off = Rational.of(java.math.BigInteger.ONE, java.math.BigInteger.TEN.pow(20));
        List<List<Rational>> limitMoved = new ArrayList<>();
        for (List<Rational> p : tail.limit().center()) {
            limitMoved.add(p.stream().map(x -> x.add(off)).toList());
        }
        List<SupportTail> claims = List.of(
            tail.withLimit(new SupportTail.Limit(limitMoved, tail.limit().radius())),
            new SupportTail(tail.support(), moved, r, tail.lambda0()),
            new SupportTail(tail.support(), tail.center(), Rational.of(java.math.BigInteger.ONE,
                java.math.BigInteger.TEN.pow(40)), tail.lambda0()),
            new SupportTail(tail.support(), tail.center(), r, end.multiply(Rational.of(2))),
            new SupportTail(dropped, droppedCenter, r, tail.lambda0()));
        List<QreCertificate> tampered = new ArrayList<>();
        claims.forEach(t -> tampered.add(cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), 0,
            b.anchor(), t))));
        tampered.add(cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), 0, b.anchor(), null)));
        tampered.add(cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), last, b.anchor(), tail)));
        assertThat(last).as("the game has other certified QREs").isPositive();
        List<String> what = List.of("limit moved by 1e-20", "centre moved", "radius 1e-40", "lambda0 past the end",
            "support dropped",
            "no tail", "moved");
        for (int k = 0; k < tampered.size(); k++) {
            assertThat(CertificateChecker.check(tampered.get(k)).principal()).as(what.get(k)).isNegative();
        }
    }
}
