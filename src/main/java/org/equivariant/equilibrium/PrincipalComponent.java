package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SymmetricArc;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.work.Progress;

/**
 * Certified chains of a game's logit correspondence that lie on the principal branch's component, toward λ, each
 * replayed by the checker: the principal chain from the centroid (BR-CHAIN) and, where it stops at a singular point,
 * the chains past the arms leaving it that the certificate of {@code solve} at λ carries (SYM-PF, CL-ARM, SYM-ARM).
 * Every point of their pieces' arcs lies on the component, past the folds of their branches too; so does its image
 * under a symmetry of the game, which maps the component to itself (the logit correspondence is equivariant and the
 * centroid at λ = 0 is fixed).
 */
public record PrincipalComponent(Rational lambda, List<Leg> legs) {
    public PrincipalComponent {
        legs = List.copyOf(legs);
    }

    /**
     * A chain on the component: the theorem that puts it there, its pieces, the symmetries whose images of its points
     * are named with it, and the singular point of the principal branch its branch leaves (NaN for the principal
     * chain) — with {@code later}, a later singular point on a chain past that one's arms.
     */
    public record Leg(String theorem, QreCertificate.Branch chain, List<GameSymmetry> images, double singular,
                      boolean later) {
        public Leg {
            images = List.copyOf(images);
        }

        /** Whether this is the principal chain from the centroid (BR-CHAIN), not a branch leaving a singular point. */
        public boolean principal() {
            return theorem.equals("BR-CHAIN");
        }
    }

    /** Piece {@code piece} of {@code leg} holds the point — or its image under {@code image}, unless null. */
    public record Holding(Leg leg, int piece, GameSymmetry image) {
    }

    /**
     * The chains on the component toward λ: the principal chain from λ = 0 as far as it was proved, and where it does
     * not reach λ, those past the singular point of the principal QRE's certificate at λ, if the checker accepts it.
     */
    public static PrincipalComponent traced(NormalFormGame game, Rational lambda, Progress progress) {
        List<Leg> legs = new ArrayList<>();
        BranchTracer.Chain chain = BranchTracer.logit(game).trace(lambda, Rational.ZERO, 2_000_000,
            (pieces, lam, piece, end) -> progress.chain("principal branch", "", lam, pieces));
        QreCertificate.Branch branch = new QreCertificate.Branch(BranchTracer.DIGITS, chain.pieces(), 0, null);
        if (!chain.pieces().isEmpty() && TracedBranch.replay(game, branch).problem() == null) {
            legs.add(new Leg("BR-CHAIN", branch, List.of(), Double.NaN, false));
        }
        if (!chain.arrives()) {
            QreResult r = QreSolver.solve(game, lambda, new QreSolver.Options(20, 0, 1L, false, progress));
            QreCertificate c = r.certificate();
            if (CertificateChecker.check(c).valid()) {
                double singular = r.principal().reached();
                if (c.splitBranch() != null) {
                    legs.add(split(c.splitBranch(), singular, false));
                }
                arms(c.centroidArms(), singular, false, legs);
            }
        }
        return new PrincipalComponent(lambda, legs);
    }

    private static Leg split(QreCertificate.SplitBranch s, double singular, boolean later) {
        return new Leg("SYM-PF", s.past(), List.of(s.symmetry()), singular, later);
    }

    /** The chains past the arms (of the full game) and past the pitchforks and bifurcations on them. */
    private static void arms(List<QreCertificate.CentroidArms> blowUps, double singular, boolean later,
                             List<Leg> legs) {
        for (QreCertificate.CentroidArms ca : blowUps) {
            for (QreCertificate.CentroidArm arm : ca.arms()) {
                if (!arm.pastInFixed()) {
                    legs.add(new Leg(ca.base() == null ? "CL-ARM" : "SYM-ARM", arm.past(), arm.images().stream()
                        .map(QreCertificate.Image::symmetry).toList(), singular, later));
                }
                arm.splits().forEach(s -> legs.add(split(s, singular, true)));
                arms(arm.onward(), singular, true, legs);
            }
        }
    }

    /**
     * The first leg's piece whose arc holds the point known to lie in {@code box} (its n + 1 coordinates, λ last) or,
     * leg by leg, its image under one of the leg's symmetries ({@link BranchChecker#pieceHolding}); null if none.
     */
    public Holding holding(List<Interval> box, int[] dims) {
        for (Leg leg : legs) {
            int k = BranchChecker.pieceHolding(box, leg.chain());
            if (k >= 0) {
                return new Holding(leg, k, null);
            }
            for (GameSymmetry s : leg.images()) {
                // the profile coordinates permuted, λ (last, beyond the permutation's degree) kept
                k = BranchChecker.pieceHolding(SymmetricArc.onProfiles(s, dims).apply(box), leg.chain());
                if (k >= 0) {
                    return new Holding(leg, k, s);
                }
            }
        }
        return null;
    }
}
