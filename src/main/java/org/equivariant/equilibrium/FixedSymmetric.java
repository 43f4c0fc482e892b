package org.equivariant.equilibrium;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SymmetricArc;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.MarkovSymmetry;

/**
 * The symmetric QRE past a singular point of the chain, by the chain of the logit correspondence restricted to the
 * profiles all the game's symmetries fix (theorem SYM-ARM (8)) — where the one-state Markov reading's chain
 * (MQRE-CHAIN (5), (6)) did not pass or its QRE was not linked (probabilities near 10⁻²⁰, over which the reading's
 * chain creeps). Untrusted search: the claim goes into the certificate as a
 * {@link QreCertificate.SymmetricBranch} with the chain, which the checker replays and links.
 */
record FixedSymmetric(CentroidRoute.Base base, FixedSubspace orbits) {
    /** The chain of the fixed profiles from {@code anchor} to λ. */
    static FixedSymmetric trace(NormalFormGame game, List<MarkovSymmetry> symmetries, Rational lambda, Rational anchor,
                                QreSolver.Options o) {
        o.progress().update("principal branch", "the logit chain in the profiles the game's symmetries fix");
        LogitPath full = new LogitPath(game);
        List<org.equivariant.symmetry.GameSymmetry> group = symmetries.stream().map(SymmetricRoute::symmetry)
            .toList();
        FixedSubspace orbits = FixedSubspace.of(full.n, group.stream().map(h -> SymmetricArc.onProfiles(h,
            game.dims())).toList());
        return new FixedSymmetric(new CentroidRoute.Base(group, SymmetricRoute.fixedChain(new RestrictedPath(full,
            orbits), lambda, anchor, o)), orbits);
    }

    boolean reached() {
        return base.fixed().end() == BranchTracer.End.REACHED;
    }

    /** Where and why the chain stopped, in words (empty when it reached λ). */
    String detail() {
        return base.fixed().detail();
    }

    /** The chain's end at λ as a log-profile of the game (a candidate QRE). */
    List<Double> end() {
        return orbits.expand(base.fixed().finalPoint());
    }

    /** The claim's chain and group; the anchor (UNIQ-H) where the chain starts at λ₀ &gt; 0. */
    QreCertificate.TrivialBase claim(QreCertificate.Uniqueness anchor) {
        return base.claim(anchor);
    }

    /** What is known of the principal branch once the checker linked a certified QRE to the chain. */
    PrincipalBranch past(PrincipalBranch stopped) {
        return new PrincipalBranch(PrincipalBranch.State.SYMMETRIC, stopped.pieces(), stopped.from(),
            stopped.reached(), stopped.suspectedSingular(), String.format("%s; past that point, %d pieces of the "
            + "logit chain in the profiles fixed by the game's %d symmetries", stopped.detail(),
            base.fixed().pieces().size(), base.group().size()));
    }
}
