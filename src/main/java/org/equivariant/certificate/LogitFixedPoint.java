package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Affine;
import org.equivariant.arith.AffineField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.MidRadMatrix;
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

            /** Each player's payoff table, rows its own actions (two players; converted at the first use). */
            private volatile MidRadMatrix[] tables;

            /** For two players {@link #pairParts}; else the default, by the Taylor-model Jacobian. */
            @Override
            public MidRadMatrix[] jacobianParts(List<Affine> z) {
                if (payoffTensors.size() != 2) {
                    return ParametricSystem.super.jacobianParts(z);
                }
                MidRadMatrix[] u = tables;
                if (u == null) {
                    u = payoffTables(payoffTensors);
                    tables = u;
                }
                return pairParts(at(AffineField.INSTANCE, z.get(n)), z.subList(0, n), u);
            }
        };
    }

    /** U_i(a, b) = u_i(a, b) as n_i × n_j matrices, a player i's action and b the other's (two players). */
    private static MidRadMatrix[] payoffTables(List<RationalTensor> payoffTensors) {
        int[] d = payoffTensors.get(0).dims();
        MidRadMatrix[] out = new MidRadMatrix[2];
        for (int i = 0; i < 2; i++) {
            List<DyadicInterval> flat = payoffTensors.get(i).in(DyadicField.INSTANCE);
            DyadicInterval[][] u = new DyadicInterval[d[i]][d[1 - i]];
            for (int a = 0; a < d[i]; a++) {
                for (int b = 0; b < d[1 - i]; b++) {
                    u[a][b] = flat.get(i == 0 ? a + d[0] * b : b + d[0] * a); // player 0's axis fastest
                }
            }
            out[i] = MidRadMatrix.of(u);
        }
        return out;
    }

    /**
     * The Taylor parts c, b, a and r (ε³ and above bounded into r) of [I − T'(σ) | −∂T/∂λ] over Taylor models σ and
     * λ, for two players, as n × (n + 1) midpoint–radius matrices (theorem BR-CHAIN, "Two players"): block (i, j ≠ i)
     * is {@link #pairBlock} of x = λ·T_i, T_i and U_i, with the utilities u_i = U_i·σ_j formed part by part (the map
     * is linear: u_i's parts are U_i times σ_j's); diagonal blocks: c the identity, the rest 0; the λ column as
     * {@link #parametricJacobian}'s, by models. O(n²) rigorous double operations where the Taylor-model Jacobian
     * takes n² model products.
     */
    private static MidRadMatrix[] pairParts(LogitFixedPoint<Affine> l, List<Affine> sigma, MidRadMatrix[] tables) {
        AffineField f = AffineField.INSTANCE;
        List<List<Affine>> s = l.split(sigma);
        List<List<Affine>> u = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // u_i = U_i·σ_j, linear in σ_j: part by part, one midpoint–radius product
            MidRadMatrix v = tables[i].times(MidRadMatrix.of(s.get(1 - i).stream().map(Affine::parts)
                .toArray(DyadicInterval[][]::new)));
            List<Affine> ui = new ArrayList<>();
            for (int a = 0; a < v.rows(); a++) {
                ui.add(new Affine(v.get(a, 0), v.get(a, 1), v.get(a, 2), v.get(a, 3), v.get(a, 4)));
            }
            u.add(ui);
        }
        List<List<Affine>> t = l.responses(s, u);
        List<Affine> dLambda = l.lambdaDerivative(u, t);
        MidRadMatrix[][][] grid = new MidRadMatrix[4][2][3];
        for (int i = 0; i < 2; i++) {
            int ni = l.dims[i];
            List<Affine> x = new ArrayList<>();
            DyadicInterval[][][] lambdaColumn = new DyadicInterval[4][ni][];
            for (int a = 0; a < ni; a++) {
                x.add(f.multiply(l.lambda, t.get(i).get(a)));
                Affine dl = f.negate(dLambda.get(l.offset[i] + a)).secondOrder();
                DyadicInterval[] q = {dl.c(), dl.b(), dl.a(), dl.r()};
                for (int k = 0; k < 4; k++) {
                    lambdaColumn[k][a] = new DyadicInterval[] {q[k]};
                }
            }
            MidRadMatrix[] block = pairBlock(x, t.get(i), tables[i]);
            for (int k = 0; k < 4; k++) {
                grid[k][i][1 - i] = block[k];
                grid[k][i][i] = k == 0 ? MidRadMatrix.identity(ni) : null;
                grid[k][i][2] = MidRadMatrix.of(lambdaColumn[k]);
            }
        }
        MidRadMatrix[] out = new MidRadMatrix[4];
        for (int k = 0; k < 4; k++) {
            out[k] = MidRadMatrix.blocks(grid[k]);
        }
        return out;
    }

    /**
     * The Taylor parts c, b, a and r (ε³ and above bounded into r) of the n_i × n_j matrix x_a·y_ab, y_ab = m_b − U(a,
     * b) with m = Uᵀ·t (the mean payoff against each b), for Taylor models x and t of length n_i and a constant U: y's
     * parts but its constant one are m's (one midpoint–radius product), so the parts of the product are sums of outer
     * products of part vectors and diagonal scalings of Y = 1·m_cᵀ − U —
     * c: D(x_c)Y; b: x_c m_bᵀ + D(x_b)Y; a: x_c m_aᵀ + x_b m_bᵀ + D(x_a)Y; and in r, by magnitudes,
     * ε³: x_c m_dᵀ + x_b m_aᵀ + x_a m_bᵀ + D(x_d)Y, ε⁴: x_b m_dᵀ + x_a m_aᵀ + x_d m_bᵀ, ε⁵: x_a m_dᵀ + x_d m_aᵀ,
     * ε⁶: x_d m_dᵀ and, for x = P(x) + ρ_x and y = P(y) + ρ_y, the remainders' terms ρ_y·x + ρ_x·P(y) ∈
     * (P(x) + x_r)·m_rᵀ + D(x_r)(Y + 1·sᵀ), where P(x) ⊂ x_c + x_b[−1, 1] + x_a[0, 1] + x_d[−1, 1] and
     * s = m_b[−1, 1] + m_a[0, 1] + m_d[−1, 1] bound the polynomial parts' ranges.
     */
    static MidRadMatrix[] pairBlock(List<Affine> x, List<Affine> t, MidRadMatrix u) {
        int ni = x.size();
        DyadicInterval[][] tParts = new DyadicInterval[5][ni];
        DyadicInterval[][] xParts = new DyadicInterval[ni][];
        DyadicInterval[][] minusX = new DyadicInterval[ni][];
        DyadicInterval[][] wide = new DyadicInterval[ni][];
        for (int a = 0; a < ni; a++) {
            DyadicInterval[] p = t.get(a).parts();
            for (int k = 0; k < 5; k++) {
                tParts[k][a] = p[k];
            }
            Affine xa = x.get(a);
            xParts[a] = xa.parts();
            minusX[a] = java.util.Arrays.stream(xParts[a]).map(DyadicInterval::negate).toArray(DyadicInterval[]::new);
            wide[a] = new DyadicInterval[] {xa.range(), xa.r()};
        }
        MidRadMatrix m = MidRadMatrix.of(tParts).times(u); // rows: the parts c, b, a, d and r of m
        int nj = m.cols();
        DyadicInterval[][] spread = new DyadicInterval[1][nj];
        for (int b = 0; b < nj; b++) {
            spread[0][b] = m.get(1, b).timesUnit().add(m.get(2, b).timesZeroOne()).add(m.get(3, b).timesUnit());
        }
        MidRadMatrix xs = MidRadMatrix.of(xParts);
        MidRadMatrix minus = MidRadMatrix.of(minusX);
        MidRadMatrix ones = MidRadMatrix.of(java.util.Collections.nCopies(ni, new DyadicInterval[] {DyadicInterval.ONE})
            .toArray(DyadicInterval[][]::new));
        MidRadMatrix y = ones.times(m.selectRows(0)).minusScaled(ones, u);
        final int c = 0;
        final int b = 1;
        final int a = 2;
        final int d = 3;
        final int r = 4;
        return new MidRadMatrix[] {
            MidRadMatrix.zeros(ni, nj).minusScaled(minus.selectColumns(c), y),
            xs.selectColumns(c).times(m.selectRows(b)).minusScaled(minus.selectColumns(b), y),
            xs.selectColumns(c, b).times(m.selectRows(a, b)).minusScaled(minus.selectColumns(a), y),
            xs.selectColumns(c, b, a).times(m.selectRows(d, a, b)).minusScaled(minus.selectColumns(d), y)
                .plusTimesUnit(xs.selectColumns(b, a, d).times(m.selectRows(d, a, b)))
                .plusTimesUnit(xs.selectColumns(a, d).times(m.selectRows(d, a)))
                .plusTimesUnit(xs.selectColumns(d).times(m.selectRows(d)))
                .plusTimesUnit(MidRadMatrix.of(wide).times(m.selectRows(r).stack(MidRadMatrix.of(spread)))
                    .minusScaled(minus.selectColumns(r), y))};
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
