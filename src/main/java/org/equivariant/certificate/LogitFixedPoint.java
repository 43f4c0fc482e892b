package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.RationalTensor;

/**
 * The logit QRE as a zero of F(σ) = σ − T(σ) on R^n, n = Σ_i |A_i|, where T(σ)_i = softmax(λ u_i(σ_{−i})) and
 * u_i(σ_{−i}) is the multilinear extension of player i's payoff tensor (defined for every σ, not only on the
 * simplex; zeros of F lie in the simplex). Jacobian: ∂T_{ia}/∂σ_{jb} = λ T_{ia}(u_i(a,b;σ_{−ij}) − Σ_c T_{ic}
 * u_i(c,b;σ_{−ij})) for j ≠ i and 0 for j = i.
 *
 * <p>This is the checker's own derivation, written only against {@code arith} so that certificates are re-verified
 * independently of the solver. In interval arithmetic every output encloses the exact value over the input box.
 */
public final class LogitFixedPoint<T> {
    private final ExpField<T> f;
    private final int[] dims;
    private final List<List<T>> payoffs;
    private final T lambda;
    private final int[] offset;

    public LogitFixedPoint(ExpField<T> f, List<RationalTensor> payoffTensors, T lambda) {
        this(f, payoffTensors.get(0).dims(), payoffTensors.stream().map(t -> t.in(f)).toList(), lambda);
    }

    private LogitFixedPoint(ExpField<T> f, int[] dims, List<List<T>> payoffs, T lambda) {
        this.f = f;
        this.dims = dims;
        this.payoffs = payoffs;
        this.lambda = lambda;
        this.offset = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            offset[i + 1] = offset[i] + dims[i];
        }
    }

    /**
     * The logit correspondence F(σ, λ) = σ − T_λ(σ) as a {@link ParametricSystem} in z = (σ, λ), with the analytic
     * Jacobian of {@link #parametricJacobian} (the payoffs are read into the field at each evaluation).
     */
    public static ParametricSystem branchSystem(List<RationalTensor> payoffTensors) {
        int n = java.util.Arrays.stream(payoffTensors.get(0).dims()).sum();
        return new ParametricSystem() {
            /**
             * The payoffs read into the fields of the last two evaluations (a piece's test alternates between Taylor
             * models and intervals), reused while the field is one of them.
             */
            private volatile List<LogitFixedPoint<?>> recent = List.of();

            @Override
            public int unknowns() {
                return n;
            }

            @SuppressWarnings("unchecked")
            private <U> LogitFixedPoint<U> at(ExpField<U> f, U lambda) {
                List<LogitFixedPoint<?>> r = recent;
                for (LogitFixedPoint<?> l : r) {
                    if (l.f == f) {
                        return ((LogitFixedPoint<U>) l).at(lambda);
                    }
                }
                LogitFixedPoint<U> l = new LogitFixedPoint<>(f, payoffTensors, lambda);
                recent = r.isEmpty() ? List.of(l) : List.of(l, r.get(0));
                return l;
            }

            @Override
            public <U> List<U> residual(ExpField<U> f, List<U> z) {
                return at(f, z.get(n)).residual(z.subList(0, n));
            }

            @Override
            public <U> List<List<U>> jacobian(ExpField<U> f, List<U> z) {
                return at(f, z.get(n)).parametricJacobian(z.subList(0, n));
            }
        };
    }

    /** The same game at another λ (the payoffs, already in the field, are shared). */
    public LogitFixedPoint<T> at(T otherLambda) {
        return new LogitFixedPoint<>(f, dims, payoffs, otherLambda);
    }

    public int size() {
        return offset[dims.length];
    }

    private List<List<T>> split(List<T> sigma) {
        List<List<T>> s = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            s.add(sigma.subList(offset[i], offset[i + 1]));
        }
        return s;
    }

    private List<List<T>> utilities(List<List<T>> s) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            out.add(RationalTensor.contract(f, dims, payoffs.get(i), s, i));
        }
        return out;
    }

    private List<List<T>> responses(List<List<T>> s) {
        return responses(s, utilities(s));
    }

    private List<List<T>> responses(List<List<T>> s, List<List<T>> u) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            List<T> logits = new ArrayList<>();
            for (T x : u.get(i)) {
                logits.add(f.multiply(lambda, x));
            }
            out.add(f.softmax(logits));
        }
        return out;
    }

    /**
     * ∂T/∂λ: ∂T_ia/∂λ = T_ia (u_i(a) − Σ_c T_ic u_i(c)), flat. With λ an interval this encloses the derivative for
     * every λ in it (the branch tracer's parametrization by a profile coordinate needs it: ∂F/∂λ = −∂T/∂λ).
     */
    private List<T> lambdaDerivative(List<List<T>> u, List<List<T>> t) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            T mean = f.dot(t.get(i), u.get(i));
            for (int a = 0; a < dims[i]; a++) {
                out.add(f.multiply(t.get(i).get(a), f.subtract(u.get(i).get(a), mean)));
            }
        }
        return out;
    }

    /** T(σ), flat. */
    public List<T> response(List<T> sigma) {
        List<T> out = new ArrayList<>();
        for (List<T> t : responses(split(sigma))) {
            out.addAll(t);
        }
        return out;
    }

    /** F(σ) = σ − T(σ). */
    public List<T> residual(List<T> sigma) {
        List<T> t = response(sigma);
        List<T> out = new ArrayList<>();
        for (int k = 0; k < t.size(); k++) {
            out.add(f.subtract(sigma.get(k), t.get(k)));
        }
        return out;
    }

    /** F'(σ) = I − T'(σ), as rows. */
    public List<List<T>> jacobian(List<T> sigma) {
        List<List<T>> s = split(sigma);
        List<List<List<T>>> pairs = pairs(s);
        return jacobian(responses(s, utilities(s, pairs)), pairs);
    }

    /**
     * [I − T′(σ) | −∂T/∂λ]: the Jacobian of F(σ, λ) in all n + 1 coordinates (λ last), rows; the pair payoffs,
     * utilities and responses computed once for both parts.
     */
    public List<List<T>> parametricJacobian(List<T> sigma) {
        List<List<T>> s = split(sigma);
        List<List<List<T>>> pairs = pairs(s);
        List<List<T>> u = utilities(s, pairs);
        List<List<T>> t = responses(s, u);
        List<List<T>> jac = jacobian(t, pairs);
        List<T> dLambda = lambdaDerivative(u, t);
        for (int row = 0; row < jac.size(); row++) {
            jac.get(row).add(f.negate(dLambda.get(row)));
        }
        return jac;
    }

    /** For each player i and j ≠ i, u_i(a, b; σ_{−ij}) flat (the lower axis fastest); entry [i][i] is null. */
    private List<List<List<T>>> pairs(List<List<T>> s) {
        List<List<List<T>>> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            out.add(RationalTensor.pairContractions(f, dims, payoffs.get(i), s, i));
        }
        return out;
    }

    /** u_i(a) = Σ_b u_i(a, b; σ_{−ij}) σ_j(b) from the pair payoffs with some other player j (if there is one). */
    private List<List<T>> utilities(List<List<T>> s, List<List<List<T>>> pairs) {
        if (dims.length == 1) {
            return utilities(s);
        }
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            int j = i == 0 ? 1 : 0;
            List<T> pair = pairs.get(i).get(j);
            List<T> u = new ArrayList<>();
            for (int a = 0; a < dims[i]; a++) {
                T sum = f.zero();
                for (int b = 0; b < dims[j]; b++) {
                    sum = f.add(sum, f.multiply(entry(pair, i, j, a, b), s.get(j).get(b)));
                }
                u.add(sum);
            }
            out.add(u);
        }
        return out;
    }

    /** u_i(a, b; σ_{−ij}) in a pair table of players i and j (the lower axis fastest). */
    private T entry(List<T> pair, int i, int j, int a, int b) {
        return pair.get(i < j ? a + dims[i] * b : b + dims[j] * a);
    }

    private List<List<T>> jacobian(List<List<T>> t, List<List<List<T>>> pairs) {
        int n = size();
        List<List<T>> jac = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            List<T> row = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                row.add(r == c ? f.one() : f.zero());
            }
            jac.add(row);
        }
        for (int i = 0; i < dims.length; i++) {
            List<T> scaled = new ArrayList<>(dims[i]);
            for (T x : t.get(i)) {
                scaled.add(f.multiply(lambda, x));
            }
            for (int j = 0; j < dims.length; j++) {
                if (i == j) {
                    continue;
                }
                List<T> pair = pairs.get(i).get(j);
                for (int b = 0; b < dims[j]; b++) {
                    List<T> col = new ArrayList<>();
                    for (int c = 0; c < dims[i]; c++) {
                        col.add(entry(pair, i, j, c, b));
                    }
                    T mean = f.dot(t.get(i), col);
                    for (int a = 0; a < dims[i]; a++) {
                        // −λ T_ia (u_i(a, b) − mean) = (λ T_ia)(mean − u_i(a, b))
                        jac.get(offset[i] + a).set(offset[j] + b, f.multiply(scaled.get(a), f.subtract(mean,
                            col.get(a))));
                    }
                }
            }
        }
        return jac;
    }
}
