package org.equivariant.equilibrium;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CheckReport;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.game.NormalFormGame;
import org.equivariant.theory.PerronCertificate;

/**
 * The outcome of {@link QreSolver#solve}: the certified QREs (the principal branch's first when it is certified), the
 * Perron certificate of D/4, the verdict, what is known of the principal branch, and the certificate together with
 * the independent checker's report on it. {@code uncertified} counts candidate points the solver found but could not
 * certify (never reported as QREs); {@code searchRuns} the Newton runs made in search of QREs other than the principal
 * branch's (0 when none was made: {@link QreSolver.Options#all()} off and the branch gave a candidate), so that "no
 * second QRE found" is said only of a search. {@code pitchfork} says, in words, what was traced past a pitchfork that
 * breaks a symmetry of the principal branch (SYM-PF), or is empty.
 */
public record QreResult(NormalFormGame game, Rational lambda, List<CertifiedQre> qres, PerronCertificate perron,
                        Verdict verdict, PrincipalBranch principal, QreCertificate certificate, CheckReport report,
                        int uncertified, int searchRuns, String pitchfork) {
    public QreResult {
        qres = List.copyOf(qres);
    }

    /** τ = 1/λ, or null for λ = 0 (τ = ∞). */
    public Rational tau() {
        return lambda.isZero() ? null : lambda.reciprocal();
    }

    /** The index of the QRE proved to lie on the principal branch, or −1. */
    public int principalIndex() {
        return report.principal() >= 0 ? report.principal() : principal.byUniqueness() && !qres.isEmpty() ? 0 : -1;
    }
}
