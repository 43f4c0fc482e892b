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
import org.equivariant.arith.TaylorMatrix;

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

            /**
             * In 62-bit dyadic intervals (the exit narrowing's arithmetic) for two and more players with the utilities
             * summed in midpoint–radius doubles ({@link #taylorUtilities} of constant models); else in the field.
             */
            @Override
            @SuppressWarnings("unchecked")
            public <U> List<U> residual(ExpField<U> f, List<U> z) {
                if (f != DyadicField.INSTANCE || payoffTensors.size() < 2) {
                    return at(f, z.get(n)).residual(z.subList(0, n));
                }
                LogitFixedPoint<DyadicInterval> l = at(DyadicField.INSTANCE, (DyadicInterval) z.get(n));
                List<DyadicInterval> sigma = (List<DyadicInterval>) z.subList(0, n);
                List<TaylorMatrix> rows = l.split(sigma).stream().map(si -> TaylorMatrix.row(si.stream()
                    .map(Affine::constant).toList())).toList();
                List<List<DyadicInterval>> u = taylorUtilities(l.dims, rows, tensors()).stream().map(ui -> ui
                    .stream().map(Affine::c).toList()).toList();
                return (List<U>) l.residual(sigma, u);
            }

            @Override
            public <U> List<List<U>> jacobian(ExpField<U> f, List<U> z) {
                return at(f, z.get(n)).parametricJacobian(z.subList(0, n));
            }

            /** Each player's payoff tensor as a row, axis 0 fastest (converted at the first use). */
            private volatile MidRadMatrix[] tensors;

            /** The largest |payoff| (a double rounded up; computed at the first use, then cached). */
            private volatile double largest = -1;

            /**
             * |λ|·max|U| over z's λ model, at least 1: the utilities are summed in doubles, their roundings are
             * relative to the payoffs, and F takes them as exponents times λ.
             */
            @Override
            public double roundingScale(List<Affine> z) {
                if (payoffTensors.size() < 2) {
                    return 1;
                }
                double u = largest;
                if (u < 0) {
                    u = 0;
                    for (MidRadMatrix t : tensors()) {
                        for (int j = 0; j < t.cols(); j++) {
                            u = Math.max(u, t.get(0, j).magnitude().hiDouble());
                        }
                    }
                    largest = u;
                }
                return Math.max(1, z.get(n).range().magnitude().hiDouble() * u);
            }

            private MidRadMatrix[] tensors() {
                MidRadMatrix[] u = tensors;
                if (u == null) {
                    u = payoffTensors.stream().map(t -> MidRadMatrix.of(new DyadicInterval[][] {
                        t.in(DyadicField.INSTANCE).toArray(DyadicInterval[]::new)})).toArray(MidRadMatrix[]::new);
                    tensors = u;
                }
                return u;
            }

            /** For two and more players {@link #tableParts}; else the default, by the Taylor-model Jacobian. */
            @Override
            public MidRadMatrix[] jacobianParts(List<Affine> z) {
                if (payoffTensors.size() < 2) {
                    return ParametricSystem.super.jacobianParts(z);
                }
                return tableParts(at(AffineField.INSTANCE, z.get(n)), z.subList(0, n), tensors());
            }

            /** With the utilities of {@link #taylorUtilities}; for one player the default. */
            @Override
            public List<Affine> taylorResidual(List<Affine> z) {
                if (payoffTensors.size() < 2) {
                    return ParametricSystem.super.taylorResidual(z);
                }
                LogitFixedPoint<Affine> l = at(AffineField.INSTANCE, z.get(n));
                List<Affine> sigma = z.subList(0, n);
                return l.residual(sigma, taylorUtilities(l.dims, l.split(sigma).stream().map(TaylorMatrix::row)
                    .toList(), tensors()));
            }
        };
    }

    /**
     * u_i(a) = Σ U_i(a, a_{−i}) Π_j σ_j(a_j) over Taylor models σ (each player's as a row): U_i's tensor with every
     * other axis summed against σ_j's models by {@link TaylorMatrix#contract}, in midpoint–radius doubles (theorem
     * BR-CHAIN, "Taylor matrices").
     */
    private static List<List<Affine>> taylorUtilities(int[] dims, List<TaylorMatrix> rows, MidRadMatrix[] tensors) {
        List<Integer> axes = java.util.stream.IntStream.range(0, dims.length).boxed().toList();
        RationalTensor.Summation<TaylorMatrix> sum = summation(dims, rows);
        List<List<Affine>> u = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            int player = i;
            TaylorMatrix ui = sum.without(TaylorMatrix.constant(tensors[i]), axes, axes.stream().filter(k -> k
                != player).toList());
            List<Affine> list = new ArrayList<>();
            for (int a = 0; a < dims[i]; a++) {
                list.add(ui.get(0, a));
            }
            u.add(list);
        }
        return u;
    }

    /**
     * The Taylor parts c, b, a and r (ε³ and above bounded into r) of [I − T'(σ) | −∂T/∂λ] over Taylor models σ and
     * λ, for two and more players, as n × (n + 1) midpoint–radius matrices (theorem BR-CHAIN, "Taylor matrices").
     * Block (i, j ≠ i) is {@link #tableBlock} of x = λ·T_i, T_i and the pair table P_ij(a, b) = u_i(a, b; σ_{−ij}), a
     * {@link TaylorMatrix} of σ's models summed out of U_i's tensor (for two players U_i itself); T_i from the
     * utilities of {@link #taylorUtilities}; diagonal blocks: c the identity, the rest 0; the λ column as
     * {@link #parametricJacobian}'s, by models. Rigorous double operations where the Taylor-model Jacobian takes
     * 62-bit interval ones.
     */
    private static MidRadMatrix[] tableParts(LogitFixedPoint<Affine> l, List<Affine> sigma, MidRadMatrix[] tensors) {
        AffineField f = AffineField.INSTANCE;
        int p = l.dims.length;
        List<List<Affine>> s = l.split(sigma);
        List<TaylorMatrix> rows = s.stream().map(TaylorMatrix::row).toList();
        List<List<TaylorMatrix>> tables = new ArrayList<>();
        RationalTensor.Summation<TaylorMatrix> sum = summation(l.dims, rows);
        for (int i = 0; i < p; i++) {
            List<TaylorMatrix> flat = RationalTensor.pairTables(p, TaylorMatrix.constant(tensors[i]), i, sum);
            List<TaylorMatrix> pairs = new ArrayList<>();
            for (int j = 0; j < p; j++) {
                pairs.add(j == i ? null : flat.get(j).gather(l.dims[i], l.dims[j], RationalTensor.pairOrder(l.dims, i,
                    j)));
            }
            tables.add(pairs);
        }
        List<List<Affine>> u = taylorUtilities(l.dims, rows, tensors);
        List<List<Affine>> t = l.responses(s, u);
        List<Affine> dLambda = l.lambdaDerivative(u, t);
        MidRadMatrix[][][] grid = new MidRadMatrix[4][p][p + 1];
        for (int i = 0; i < p; i++) {
            int ni = l.dims[i];
            List<Affine> x = new ArrayList<>();
            List<List<Affine>> minusDLambda = new ArrayList<>();
            for (int a = 0; a < ni; a++) {
                x.add(f.multiply(l.lambda, t.get(i).get(a)));
                minusDLambda.add(List.of(f.negate(dLambda.get(l.offset[i] + a))));
            }
            MidRadMatrix[] lambdaColumn = TaylorMatrix.secondOrderParts(minusDLambda);
            for (int j = 0; j < p; j++) {
                MidRadMatrix[] block = j == i ? null : tableBlock(x, t.get(i), tables.get(i).get(j));
                for (int k = 0; k < 4; k++) {
                    grid[k][i][j] = j != i ? block[k] : k == 0 ? MidRadMatrix.identity(ni) : null;
                }
            }
            for (int k = 0; k < 4; k++) {
                grid[k][i][p] = lambdaColumn[k];
            }
        }
        MidRadMatrix[] out = new MidRadMatrix[4];
        for (int k = 0; k < 4; k++) {
            out[k] = MidRadMatrix.blocks(grid[k]);
        }
        return out;
    }

    /** A tensor held as a Taylor-matrix row (the lowest axis fastest) with axes summed against σ's rows. */
    private static RationalTensor.Summation<TaylorMatrix> summation(int[] dims, List<TaylorMatrix> rows) {
        return RationalTensor.oneAxisAtATime(dims, (t, sub, k, axis) -> t.contract(sub, k, rows.get(axis)));
    }

    /**
     * The Taylor parts c, b, a and r of the n_i × n_j matrix x_a·(m_b − P(a, b)), m = Pᵀ·t, for Taylor models x and
     * t of length n_i and a matrix P of models: diag(−x)·(P − 1·mᵀ) by {@link TaylorMatrix} products.
     */
    static MidRadMatrix[] tableBlock(List<Affine> x, List<Affine> t, TaylorMatrix pair) {
        TaylorMatrix m = TaylorMatrix.row(t).times(pair);
        List<Affine> minusX = x.stream().map(AffineField.INSTANCE::negate).toList();
        return pair.minusEachRow(m).scaleRows(TaylorMatrix.column(minusX)).secondOrder();
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

    /** F(σ) = σ − T(σ). */
    public List<T> residual(List<T> sigma) {
        return residual(sigma, utilities(split(sigma)));
    }

    /** F(σ) = σ − T(σ) with the utilities u_i(a) given. */
    private List<T> residual(List<T> sigma, List<List<T>> u) {
        List<T> t = new ArrayList<>();
        for (List<T> ti : responses(split(sigma), u)) {
            t.addAll(ti);
        }
        return org.equivariant.arith.LinearAlgebra.subtract(f, sigma, t);
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
        return pair.get(RationalTensor.pairIndex(dims, i, j, a, b));
    }

    private List<List<T>> jacobian(List<List<T>> t, List<List<List<T>>> pairs) {
        List<List<T>> jac = org.equivariant.arith.LinearAlgebra.identity(f, size());
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
