package org.equivariant.properties;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.StrictTail;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.game.NormalFormGame;
import org.equivariant.gen.GameGen;
import org.equivariant.gen.Gen;
import org.junit.jupiter.api.Test;

/**
 * BR-TAIL (proofs/BR-TAIL.md): past a point of the principal branch near a strict equilibrium a*, the branch stays
 * in B_δ = {σ : σ_i(a*_i) ≥ 1 − δ} for every larger λ, and the QRE there is the branch's. Checked by code that shares
 * nothing with the tracer, the claim or the checker: BR-CHAIN's natural-parameter continuation in double
 * ({@link BrChainProperty.Logit}: the logit response from the payoff tables, a finite-difference Jacobian).
 * <ul>
 *   <li>On random two- and three-player games at λ from 20 to 60, where {@code solve}'s chain ends by a tail: the
 *       continuation's points at eight λ between the chain's end and λ lie in B_δ, and its end is the certified
 *       principal QRE. Negative control: another certified QRE taken as the tail's is caught.</li>
 *   <li>The checker, replaying everything, refuses a tampered tail: δ so large that no gain is left, the game's other
 *       strict equilibrium, δ too small to hold the chain's end, the tail removed, the claim moved to another box.</li>
 * </ul>
 */
class BrTailProperty {
    static final Gen<BrChainProperty.Case> CASES = r -> new BrChainProperty.Case(GameGen.games(2, 3, 2, 3, 3)
        .generate(r), Rational.of(r.nextInt(20, 61)));

    /**
     * The conclusion, checked against the continuation; false when the chain did not end by a tail or the
     * continuation does not apply (it met a fold or a near-singular point).
     */
    static boolean check(BrChainProperty.Case c, BrChainProperty.Selector selector) {
        QreResult r = QreSolver.solve(c.game(), c.lambda(), QreSolver.Options.all(20));
        QreCertificate.Branch branch = r.certificate().branch();
        if (branch == null || !(branch.tail() instanceof StrictTail tail)) {
            return false;
        }
        BrChainProperty.Logit logit = new BrChainProperty.Logit(c.game());
        double target = c.lambda().doubleValue();
        double from = r.principal().reached();
        double delta = tail.delta().doubleValue();
        for (int k = 1; k <= 8; k++) {
            double lambda = from + k * (target - from) / 8;
            double[] s = logit.continuation(lambda, 2000);
            if (s == null) {
                return false;
            }
            for (int i = 0, offset = 0; i < c.game().numPlayers(); offset += c.game().numActions(i), i++) {
                assertThat(1 - s[offset + tail.actions().get(i)]).as("player %d off a* at lambda = %s", i + 1, lambda)
                    .isLessThanOrEqualTo(delta * (1 + 1e-9));
            }
            if (k == 8) {
                int p = selector.pick(r);
                assertThat(p).as("the principal QRE is certified").isGreaterThanOrEqualTo(0);
                assertThat(BrChainProperty.distance(s, r.qres().get(p).center())).as("the tail's QRE = continuation")
                    .isLessThan(1e-7);
            }
        }
        return true;
    }

    @Test
    void pastTheChainsEndTheBranchStaysNearTheStrictEquilibrium() {
        assertThat(BrChainProperty.applied("BR-TAIL branch in B_delta, QRE = continuation", CASES, 12,
            BrTailProperty::check)).as("tries where a tail ended the chain and the continuation applied")
            .isGreaterThanOrEqualTo(4);
    }

    /** coord2 at λ = 10: three QREs; the chain ends by a tail at the payoff-dominant equilibrium. */
    static BrChainProperty.Case coordination() {
        NormalFormGame coord = org.equivariant.io.NfgReader.read("coord2", org.equivariant.io.Bundled.text(
            "bundled:coord2", org.equivariant.work.Limits.DEFAULT));
        return new BrChainProperty.Case(coord, Rational.of(10));
    }

    @Test
    void takingAnotherQreAsTheTailsIsCaught() {
        BrChainProperty.anotherQreIsCaught(coordination(), BrTailProperty::check);
    }

    @Test
    void aTamperedTailIsRefused() {
        BrChainProperty.Case c = coordination();
        QreCertificate cert = QreSolver.solve(c.game(), c.lambda(), QreSolver.Options.all(20)).certificate();
        QreCertificate.Branch b = cert.branch();
        assertThat(b.tail()).as("the chain ended by BR-TAIL").isInstanceOf(StrictTail.class);
        StrictTail tail = (StrictTail) b.tail();
        assertThat(CertificateChecker.check(cert).principal()).isZero();
        List<Integer> other = tail.actions().stream().map(a -> 1 - a).toList();
        int last = cert.boxes().size() - 1;
        List<QreCertificate> tampered = List.of(
            cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), 0, b.anchor(),
                new StrictTail(tail.actions(), Rational.of(1, 2)))),
            cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), 0, b.anchor(),
                new StrictTail(other, tail.delta()))),
            cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), 0, b.anchor(),
                new StrictTail(tail.actions(), Rational.of(java.math.BigInteger.ONE,
                java.math.BigInteger.TEN.pow(300))))),
            cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), 0, b.anchor(), null)),
            cert.withBranch(new QreCertificate.Branch(b.digits(), b.pieces(), last, b.anchor(), b.tail())));
        assertThat(last).as("coord2 at 10 has other QREs").isPositive();
        List<String> what = List.of("delta = 1/2", "the other equilibrium", "delta = 1e-300", "no tail", "moved");
        for (int k = 0; k < tampered.size(); k++) {
            assertThat(CertificateChecker.check(tampered.get(k)).principal()).as(what.get(k)).isNegative();
        }
    }
}
