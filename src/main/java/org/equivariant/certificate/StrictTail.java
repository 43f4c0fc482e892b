package org.equivariant.certificate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * A claim of theorem BR-TAIL (proofs/BR-TAIL.md): past a chain's end, the principal branch stays in
 * B_δ = {σ : σ_i(a*_i) ≥ 1 − δ for every player i} around the pure profile a* ({@code actions}, one per player) up to
 * every λ. With M = max |u_i(a)|, g the least gain of a* against a unilateral deviation (u_i(a*) − u_i(b, a*₋ᵢ),
 * b ≠ a*_i), n players, m̄ the most actions of a player, N the actions of all, g' = g − 4M(n − 1)δ and λ₀ the least λ
 * of the chain's end box: if g' &gt; 0, λ₀g' ≥ 1, (m̄ − 1)e^(−λ₀g') ≤ δ and q = 2Mλ₀(m̄ − 1)N·e^(−λ₀g') &lt; 1, then
 * for every λ ≥ λ₀ the logit response maps B_δ into itself and is a q-contraction there in the max norm, so the QREs
 * in B_δ at λ ≥ λ₀ form the graph of one continuous function of λ. A chain's end in B_δ (a point of the principal
 * branch at some λ_e ∈ [λ₀, λ]) puts that graph on the principal branch, and with it the one QRE of B_δ at λ — the QRE
 * of a certified box inside B_δ.
 */
public record StrictTail(List<Integer> actions, Rational delta) implements BranchTail {
    /** Squarings of the bound (1 + x/2^k)^(2^k) ≤ e^x. */
    private static final int SQUARINGS = 30;
    private static final MathContext DOWN = new MathContext(40, RoundingMode.FLOOR);
    private static final MathContext UP = new MathContext(40, RoundingMode.CEILING);

    public StrictTail {
        actions = List.copyOf(actions);
    }

    @Override
    public String theorem() {
        return "BR-TAIL";
    }

    /** "within delta = δ of the strict equilibrium [a*], whence …", the actions counted from 1 (for reports). */
    @Override
    public String whence() {
        return "within delta = " + delta + " of the strict equilibrium " + actions.stream().map(a -> a + 1).toList()
            + ", whence the branch stays that close for every larger lambda (BR-TAIL)";
    }

    @Override
    public String region() {
        return "B_delta";
    }

    /**
     * Null if the conditions hold at the chain's end {@code end} (the profile's coordinates, then λ; λ₀ the least λ
     * there) and the end lies in B_δ; else the problem.
     */
    @Override
    public String problem(List<RationalTensor> payoffs, List<Interval> end) {
        int n = payoffs.size();
        int[] dims = payoffs.get(0).dims();
        if (actions.size() != n) {
            return "the tail names " + actions.size() + " actions for " + n + " players";
        }
        int[] star = new int[n];
        int maxActions = 0;
        int total = 0;
        for (int i = 0; i < n; i++) {
            star[i] = actions.get(i);
            if (star[i] < 0 || star[i] >= dims[i]) {
                return "player " + (i + 1) + " has no action " + (star[i] + 1);
            }
            maxActions = Math.max(maxActions, dims[i]);
            total += dims[i];
        }
        if (maxActions < 2) {
            return "no player has an action to deviate to";
        }
        if (delta.signum() <= 0 || delta.compareTo(Rational.ONE) >= 0) {
            return "delta = " + delta + " is not in (0, 1)";
        }
        Rational m = Rational.ZERO;
        Rational gain = null;
        for (int i = 0; i < n; i++) {
            for (Rational u : payoffs.get(i).data()) {
                m = m.max(u.abs());
            }
            Rational at = payoffs.get(i).get(star);
            int[] deviation = star.clone();
            for (int b = 0; b < dims[i]; b++) {
                if (b != star[i]) {
                    deviation[i] = b;
                    Rational g = at.subtract(payoffs.get(i).get(deviation));
                    gain = gain == null ? g : gain.min(g);
                }
            }
        }
        Rational g = gain.subtract(Rational.of(4L * (n - 1)).multiply(m).multiply(delta));
        if (g.signum() <= 0) {
            return "the gain left in B_delta, g - 4M(n - 1)delta = " + g + ", is not positive (g = " + gain + ")";
        }
        if (!contains(payoffs, end)) {
            return "the chain's end does not lie in B_delta";
        }
        Interval at = end.get(end.size() - 1);
        Rational lambda0 = Rational.of(at.lo());
        Rational x = lambda0.multiply(g);
        if (x.compareTo(Rational.ONE) < 0) {
            return "lambda0 g' = " + x.toBigDecimal(UP) + " is below 1";
        }
        BigDecimal e = expNegativeAbove(x);
        BigDecimal others = BigDecimal.valueOf(maxActions - 1L).multiply(e);
        if (others.compareTo(delta.toBigDecimal(DOWN)) > 0) {
            return "(m - 1) exp(-lambda0 g') = " + others.round(UP) + " exceeds delta = " + delta;
        }
        BigDecimal q = others.multiply(BigDecimal.valueOf(2L * total)).multiply(m.toBigDecimal(UP)).multiply(at.lo());
        if (q.compareTo(BigDecimal.ONE) >= 0) {
            return "the contraction bound 2 M lambda0 (m - 1) N exp(-lambda0 g') = " + q.round(UP) + " is not below 1";
        }
        return null;
    }

    @Override
    public boolean contains(List<RationalTensor> payoffs, List<Interval> box) {
        int[] dims = payoffs.get(0).dims();
        Rational least = Rational.ONE.subtract(delta);
        for (int i = 0, offset = 0; i < dims.length; offset += dims[i], i++) {
            if (Rational.of(box.get(offset + actions.get(i)).lo()).compareTo(least) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * An upper bound of e^(−x), x ≥ 1: 1/b with b ≤ (1 + x/2^30)^(2^30) ≤ e^x, each squaring rounded down to 40 digits
     * (x capped at 10⁸, as e^(−x) ≤ e^(−10⁸) beyond).
     */
    static BigDecimal expNegativeAbove(Rational x) {
        Rational capped = x.min(Rational.of(100_000_000L));
        BigDecimal b = Rational.ONE.add(capped.multiply(Rational.of(BigInteger.ONE, BigInteger.TWO.pow(SQUARINGS))))
            .toBigDecimal(DOWN);
        for (int k = 0; k < SQUARINGS; k++) {
            b = b.multiply(b, DOWN);
        }
        return BigDecimal.ONE.divide(b, UP);
    }
}
