package org.equivariant.theory;

import java.util.List;
import org.equivariant.arith.Rational;

/**
 * A rational certificate (w, κ) for a non-negative matrix M: w &gt; 0 and Mw ≤ κw componentwise, hence
 * ρ(M) ≤ κ (Collatz–Wielandt). For M = D/4 and τ &gt; κ it proves the logit QRE unique (UNIQ-H).
 */
public record PerronCertificate(List<Rational> w, Rational kappa) {
    public PerronCertificate {
        w = List.copyOf(w);
    }

    /** The least κ valid for the given positive weights: max_i (Mw)_i / w_i. */
    public static PerronCertificate forWeights(List<List<Rational>> m, List<Rational> w) {
        Rational kappa = Rational.ZERO;
        for (int i = 0; i < m.size(); i++) {
            if (w.get(i).signum() <= 0) {
                throw new IllegalArgumentException("weight w_" + (i + 1) + " = " + w.get(i) + " is not positive");
            }
            Rational mw = Rational.ZERO;
            for (int k = 0; k < m.size(); k++) {
                mw = mw.add(m.get(i).get(k).multiply(w.get(k)));
            }
            kappa = kappa.max(mw.divide(w.get(i)));
        }
        return new PerronCertificate(w, kappa);
    }

    /**
     * Weights from {@link PowerIteration} (a fast double heuristic); κ is then exact for those weights, so the
     * certificate is valid whatever the heuristic's accuracy. Close to ρ(M) when M is irreducible.
     */
    public static PerronCertificate find(List<List<Rational>> m) {
        int n = m.size();
        List<Rational> w = PowerIteration.dominant(m, 1e-12);
        PerronCertificate found = forWeights(m, w);
        PerronCertificate ones = forWeights(m, java.util.Collections.nCopies(n, Rational.ONE));
        return ones.kappa.compareTo(found.kappa) <= 0 ? ones : found;
    }

    /** Whether this certificate proves uniqueness at temperature τ (τ &gt; κ). */
    public boolean provesUniquenessAt(Rational tau) {
        return tau.compareTo(kappa) > 0;
    }
}
