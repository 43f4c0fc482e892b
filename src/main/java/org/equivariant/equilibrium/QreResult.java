package org.equivariant.equilibrium;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CheckReport;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.game.NormalFormGame;
import org.equivariant.theory.PerronCertificate;

/**
 * The outcome of {@link QreSolver#solve}: the certified QREs (principal branch first when found), the Perron
 * certificate of D/4, the verdict, and the certificate together with the independent checker's report on it.
 * {@code uncertified} counts candidate points the solver found but could not certify (never reported as QREs).
 */
public record QreResult(NormalFormGame game, Rational lambda, List<CertifiedQre> qres, PerronCertificate perron,
                        Verdict verdict, QreCertificate certificate, CheckReport report, int uncertified) {
    public QreResult {
        qres = List.copyOf(qres);
    }

    /** τ = 1/λ, or null for λ = 0 (τ = ∞). */
    public Rational tau() {
        return lambda.isZero() ? null : lambda.reciprocal();
    }
}
