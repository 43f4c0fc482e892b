package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.ExpField;
import org.equivariant.game.NormalFormGame;
import org.equivariant.game.PayoffEvaluator;

/**
 * The logit QRE equations in log-coordinates y = log σ (Gambit's system, anchors §1.2), for each player i with
 * reference action 0: Σ_a e^{y_{ia}} − 1 = 0 and y_{ia} − y_{i0} − λ(u_i(a, σ_{−i}) − u_i(0, σ_{−i})) = 0 (a ≥ 1).
 * Square of size n = Σ_i |A_i|; its zeros are exactly the logit QREs at λ. Used by the (uncertified) Newton solver.
 */
final class LogitSystem<T> {
    private final NormalFormGame game;
    private final ExpField<T> f;
    private final PayoffEvaluator<T> payoffs;
    private final int[] offset;
    private final int n;

    LogitSystem(NormalFormGame game, ExpField<T> f) {
        this.game = game;
        this.f = f;
        this.payoffs = game.in(f);
        this.offset = new int[game.numPlayers() + 1];
        for (int i = 0; i < game.numPlayers(); i++) {
            offset[i + 1] = offset[i] + game.numActions(i);
        }
        this.n = offset[game.numPlayers()];
    }

    ExpField<T> field() {
        return f;
    }

    int size() {
        return n;
    }

    List<List<T>> profile(List<T> y) {
        List<List<T>> s = new ArrayList<>();
        for (int i = 0; i < game.numPlayers(); i++) {
            List<T> p = new ArrayList<>();
            for (int k = offset[i]; k < offset[i + 1]; k++) {
                p.add(f.exp(y.get(k)));
            }
            s.add(p);
        }
        return s;
    }

    /** The residual G(y, λ). */
    List<T> residual(List<T> y, T lambda) {
        List<List<T>> s = profile(y);
        List<T> g = new ArrayList<>(n);
        for (int i = 0; i < game.numPlayers(); i++) {
            List<T> u = payoffs.payoffVector(i, s);
            g.add(f.subtract(f.sum(s.get(i)), f.one()));
            T y0 = y.get(offset[i]);
            for (int a = 1; a < u.size(); a++) {
                T gap = f.multiply(lambda, f.subtract(u.get(a), u.get(0)));
                g.add(f.subtract(f.subtract(y.get(offset[i] + a), y0), gap));
            }
        }
        return g;
    }

    /** ∂G/∂y at (y, λ). */
    List<List<T>> jacobian(List<T> y, T lambda) {
        List<List<T>> s = profile(y);
        List<List<T>> jac = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            List<T> row = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                row.add(f.zero());
            }
            jac.add(row);
        }
        for (int i = 0; i < game.numPlayers(); i++) {
            int oi = offset[i];
            for (int a = 0; a < game.numActions(i); a++) {
                jac.get(oi).set(oi + a, s.get(i).get(a));
            }
            for (int a = 1; a < game.numActions(i); a++) {
                jac.get(oi + a).set(oi + a, f.one());
                jac.get(oi + a).set(oi, f.negate(f.one()));
            }
            List<List<List<T>>> pairs = payoffs.pairPayoffs(i, s);
            for (int j = 0; j < game.numPlayers(); j++) {
                if (j == i) {
                    continue;
                }
                List<List<T>> uij = pairs.get(j);
                for (int a = 1; a < game.numActions(i); a++) {
                    for (int b = 0; b < game.numActions(j); b++) {
                        T d = f.subtract(uij.get(a).get(b), uij.get(0).get(b));
                        jac.get(oi + a).set(offset[j] + b, f.negate(f.multiply(lambda, f.multiply(d, s.get(j).get(b)))));
                    }
                }
            }
        }
        return jac;
    }

    /** Max-norm of a vector, as an estimate. */
    double norm(List<T> v) {
        double m = 0;
        for (T x : v) {
            m = Math.max(m, Math.abs(f.estimate(x)));
        }
        return m;
    }
}
