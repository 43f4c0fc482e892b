package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.game.MarkovGame;

/**
 * The checker's derivation of the contraction matrix of theorem NPG-EX (proofs/NPG-EX.md): independent NPG with exact
 * policy evaluation, π_i⁺(·|s) ∝ π_i(·|s)^{1−ητ} exp(ηQ_i^{π,τ}(s,·)), on the invariant set
 * 𝒳 = {osc_b log π_i(b|s) ≤ X_i/τ for every agent and state}, in exact rationals. With F̂_i, D^r, E as in
 * {@link MarkovContraction}, Δr_i the range of r_i, R_i the largest change of r_i when agent i alone changes its action,
 * ℓ_i ≥ log(max_s |A_i(s)| / min_s |A_i(s)|):
 * <ul>
 *   <li>c_i = R_i + γF̂_i(Δr_i + τℓ_i)/(1 − γδ), a_i = γF̂_i/(8τ(1 − γδ)) (δ the transitions' Dobrushin coefficient,
 *       {@link MarkovContraction#dobrushin}); the theorem needs 4a_ic_i ≤ 1, and X_i = c_i + 4a_ic_i² (so
 *       c_i + a_iX_i² ≤ X_i);</li>
 *   <li>Σ_i = (Δr_i + τℓ_i + X_i²/(8τ))/(1 − γδ), a bound on the span of V_i^{π,τ} over 𝒳;</li>
 *   <li>D̂_ik = max_s (D^r_ik(s) + γE_ik(s)Σ_i), Ŝ_i = max_s (sp_a r_i(s,·) + γT(s)Σ_i) with T(s) the largest TV between
 *       next-state distributions of two joint actions of s.</li>
 * </ul>
 * The n × n matrix: off the diagonal ηD̂_ik/4 + 2γηF̂_iŜ_i/(4(1 − γδ)); on it
 * |1 − ητ| + 2γηF̂_i(Ŝ_i + X_i)/(4(1 − γδ)). A Perron certificate 𝕄w ≤ κw with κ &lt; 1 proves that NPG from every
 * policy of 𝒳 (the uniform one included) converges to the Markov QRE of 𝒳 at rate κ in the weighted Hilbert metric.
 */
public record MarkovNpgRate(Rational tau, Rational eta, List<Rational> x, List<Rational> sigma, List<List<Rational>> dHat,
                            List<Rational> fHat, List<Rational> sHat, List<List<Rational>> matrix) {

    /** The matrix of NPG-EX, or an exception naming the agent for which 4a_ic_i ≤ 1 fails (τ too small). */
    public static MarkovNpgRate of(MarkovGame g, Rational tau, Rational eta) {
        MarkovContraction.checkStep(tau, eta);
        int n = g.numAgents();
        Rational gamma = g.discount();
        Rational divisor = MarkovContraction.spanDivisor(g);
        Rational quarter = Rational.of(1, 4);
        List<Rational> xs = new ArrayList<>();
        List<Rational> sigma = new ArrayList<>();
        List<Rational> fHat = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Rational f = MarkovContraction.fHat(g, i);
            Rational own = Rational.ZERO;
            for (int s = 0; s < g.numStates(); s++) {
                own = own.max(MarkovContraction.ownSpan(g, s, i));
            }
            fHat.add(f);
            Rational spanBase = MarkovContraction.spanBase(g, i, tau);
            Rational c = own.add(gamma.multiply(f).multiply(spanBase).divide(divisor));
            Rational a = gamma.multiply(f).divide(Rational.of(8).multiply(tau).multiply(divisor));
            Rational fourAc = Rational.of(4).multiply(a).multiply(c);
            if (fourAc.compareTo(Rational.ONE) > 0) {
                throw new IllegalArgumentException("NPG-EX needs 4·a·c ≤ 1 for agent " + (i + 1) + ", but 4ac = "
                    + fourAc.toBigDecimal(new java.math.MathContext(4)) + " at τ = " + tau
                    + " (τ too small for the invariant set)");
            }
            Rational x = c.add(fourAc.multiply(c));
            xs.add(x);
            sigma.add(spanBase.add(x.multiply(x).divide(Rational.of(8).multiply(tau))).divide(divisor));
        }
        List<List<Rational>> dHat = MarkovContraction.dHat(g, sigma);
        List<Rational> sHat = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Rational sr = Rational.ZERO;
            for (int s = 0; s < g.numStates(); s++) {
                sr = sr.max(MarkovContraction.jointSpan(g, s, i).add(gamma.multiply(MarkovContraction.anyMove(g, s))
                    .multiply(sigma.get(i))));
            }
            sHat.add(sr);
        }
        List<List<Rational>> m = new ArrayList<>();
        Rational keep = Rational.ONE.subtract(eta.multiply(tau)).abs();
        for (int i = 0; i < n; i++) {
            Rational value = Rational.TWO.multiply(gamma).multiply(eta).multiply(fHat.get(i)).multiply(quarter)
                .divide(divisor);
            List<Rational> row = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                row.add(k == i ? keep.add(value.multiply(sHat.get(i).add(xs.get(i))))
                    : eta.multiply(dHat.get(i).get(k)).multiply(quarter).add(value.multiply(sHat.get(i))));
            }
            m.add(row);
        }
        return new MarkovNpgRate(tau, eta, xs, sigma, dHat, fHat, sHat, m);
    }

    /** Null if w &gt; 0 and 𝕄w ≤ κw hold exactly with κ &lt; 1 (the claim of NPG-EX), else the first violation. */
    public String problem(List<Rational> w, Rational kappa) {
        return MarkovContraction.perronProblem(matrix, w, kappa);
    }
}
