package org.equivariant.lq;

import java.util.List;
import org.equivariant.arith.Rational;

/**
 * An entropy-regularized (exploratory) leader–follower linear-quadratic differential game with regime switching
 * (stackelberg.md §3): state X ∈ Rⁿ, leader control u_L ∈ R^{m_L}, follower control u_F ∈ R^{m_F}, u = (u_L, u_F),
 * d Brownian motions, a Markov chain of I regimes with generator Q; in regime i
 * dX = (A X + B u + b)dt + Σ_l (C_l X + D_l u + σ_l) dW^l; player k minimizes
 * E[∫ e^{−δ_k s}(f_k + λ_k ∫ π_k ln π_k) ds + e^{−δ_k T} h_k(X_T)] with f_k = xᵀQ_k x + 2uᵀS_k x + uᵀR_k u + 2q_kᵀx + 2r_kᵀu
 * and h_k = xᵀG_k x + 2g_kᵀx + g_{0,k}. Vectors are n×1 (or m×1) matrices. All data exact.
 */
public record LqModel(int n, int mL, int mF, int d, Rational horizon, List<List<Rational>> generator,
                      List<Regime> regimes, Rational lambdaL, Rational lambdaF, Rational deltaL, Rational deltaF,
                      Variant variant) {
    /** Variant A: independent randomization (follower responds to the leader's mean); B: sequential sampling. */
    public enum Variant { A, B }

    /** Per-regime dynamics and both players' costs. */
    public record Regime(List<List<Rational>> a, List<List<Rational>> b, List<List<Rational>> drift,
                         List<List<List<Rational>>> c, List<List<List<Rational>>> dd, List<List<List<Rational>>> sigma,
                         Costs leader, Costs follower) {
    }

    /** One player's cost data in one regime. */
    public record Costs(List<List<Rational>> q, List<List<Rational>> s, List<List<Rational>> r,
                        List<List<Rational>> qLin, List<List<Rational>> rLin, List<List<Rational>> g,
                        List<List<Rational>> gLin, Rational g0) {
    }

    public int m() {
        return mL + mF;
    }

    /** The same model at other temperatures. */
    public LqModel withTemperatures(Rational newLambdaL, Rational newLambdaF) {
        return new LqModel(n, mL, mF, d, horizon, generator, regimes, newLambdaL, newLambdaF, deltaL, deltaF, variant);
    }

    /**
     * The KL-regularized game: λ_k KL(π_k ‖ N(0, ν²I)) in place of λ_k ∫π_k ln π_k, which is the entropy game with
     * R_k^{kk} ↦ R_k^{kk} + λ_k/(2ν²) I (plus a constant running cost, omitted: it changes c only). Its policy means
     * depend on the temperatures (stackelberg.md §2.3), unlike the entropy game's (LQ-MEAN).
     */
    public LqModel withKlPrior(Rational nu2) {
        List<Regime> rs = new java.util.ArrayList<>();
        for (Regime r : regimes) {
            rs.add(new Regime(r.a(), r.b(), r.drift(), r.c(), r.dd(), r.sigma(), shifted(r.leader(), 0, mL,
                lambdaL.divide(nu2.multiply(Rational.TWO))), shifted(r.follower(), mL, m(),
                lambdaF.divide(nu2.multiply(Rational.TWO)))));
        }
        return new LqModel(n, mL, mF, d, horizon, generator, rs, lambdaL, lambdaF, deltaL, deltaF, variant);
    }

    private static Costs shifted(Costs c, int from, int to, Rational add) {
        List<List<Rational>> r = new java.util.ArrayList<>();
        for (int i = 0; i < c.r().size(); i++) {
            List<Rational> row = new java.util.ArrayList<>(c.r().get(i));
            if (i >= from && i < to) {
                row.set(i, row.get(i).add(add));
            }
            r.add(row);
        }
        return new Costs(c.q(), c.s(), r, c.qLin(), c.rLin(), c.g(), c.gLin(), c.g0());
    }

    /** Throws {@link IllegalArgumentException} "path: reason" for the first inconsistency (0-based JSON paths). */
    public LqModel validate() {
        int regimesCount = regimes.size();
        if (regimesCount < 1) {
            throw new IllegalArgumentException("regimes: at least one regime is needed");
        }
        if (n < 1 || mL < 1 || mF < 1 || d < 0) {
            throw new IllegalArgumentException("n: dimensions must be n, mL, mF ≥ 1 and d ≥ 0");
        }
        if (horizon.signum() <= 0) {
            throw new IllegalArgumentException("T: the horizon must be positive, got " + horizon);
        }
        if (lambdaL.signum() < 0 || lambdaF.signum() < 0 || deltaL.signum() < 0 || deltaF.signum() < 0) {
            throw new IllegalArgumentException((lambdaL.signum() < 0 ? "lambdaL" : lambdaF.signum() < 0 ? "lambdaF"
                : deltaL.signum() < 0 ? "deltaL" : "deltaF") + ": temperatures and discount rates must be non-negative");
        }
        shape("generator", generator, regimesCount, regimesCount);
        for (int i = 0; i < regimesCount; i++) {
            Rational sum = Rational.ZERO;
            for (int j = 0; j < regimesCount; j++) {
                Rational q = generator.get(i).get(j);
                if (i != j && q.signum() < 0) {
                    throw new IllegalArgumentException("generator[" + i + "][" + j + "]: off-diagonal entry " + q
                        + " is negative");
                }
                sum = sum.add(q);
            }
            if (!sum.isZero()) {
                throw new IllegalArgumentException("generator[" + i + "]: the row sums to " + sum + ", not 0");
            }
        }
        for (int i = 0; i < regimesCount; i++) {
            Regime r = regimes.get(i);
            String w = "regimes[" + i + "].";
            shape(w + "A", r.a(), n, n);
            shape(w + "B", r.b(), n, m());
            shape(w + "b", r.drift(), n, 1);
            if (r.c().size() != d || r.dd().size() != d || r.sigma().size() != d) {
                throw new IllegalArgumentException(w + "C: C, D and sigma need one entry per Brownian motion (" + d
                    + ")");
            }
            for (int l = 0; l < d; l++) {
                shape(w + "C[" + l + "]", r.c().get(l), n, n);
                shape(w + "D[" + l + "]", r.dd().get(l), n, m());
                shape(w + "sigma[" + l + "]", r.sigma().get(l), n, 1);
            }
            costs(w + "leader.", r.leader());
            costs(w + "follower.", r.follower());
        }
        return this;
    }

    private void costs(String w, Costs k) {
        shape(w + "Q", k.q(), n, n);
        shape(w + "S", k.s(), m(), n);
        shape(w + "R", k.r(), m(), m());
        shape(w + "q", k.qLin(), n, 1);
        shape(w + "r", k.rLin(), m(), 1);
        shape(w + "G", k.g(), n, n);
        shape(w + "g", k.gLin(), n, 1);
        symmetric(w + "Q", k.q());
        symmetric(w + "R", k.r());
        symmetric(w + "G", k.g());
    }

    private static void shape(String what, List<List<Rational>> m, int rows, int cols) {
        if (m.size() != rows || m.stream().anyMatch(r -> r.size() != cols)) {
            throw new IllegalArgumentException(what + ": must be " + rows + "×" + cols);
        }
    }

    private static void symmetric(String what, List<List<Rational>> m) {
        for (int i = 0; i < m.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (!m.get(i).get(j).equals(m.get(j).get(i))) {
                    throw new IllegalArgumentException(what + "[" + i + "][" + j + "]: must be symmetric, but it is "
                        + m.get(i).get(j) + " and entry [" + j + "][" + i + "] is " + m.get(j).get(i));
                }
            }
        }
    }
}
