package org.equivariant.lq;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DecimalField;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;

/**
 * The exploratory LQ Stackelberg oracle (stackelberg.md §4): the stage map (P, p) ↦ (Γ, γ, Σ) of §4.2–4.3 and the
 * backward Riccati / linear / constant system of §4.4 for V_k(t,x,i) = xᵀP_k^i x + 2p_k^iᵀx + c_k^i, integrated in
 * s = T − t by Gragg–Bulirsch–Stoer extrapolation at a given decimal precision.
 */
public final class LqSolver {
    private final LqModel model;
    private final DecimalField f;
    private final MathContext mc;
    private final int n;
    private final int mL;
    private final int mF;
    private final int regimes;
    private final BigDecimal lambdaL;
    private final BigDecimal lambdaF;
    private final List<List<BigDecimal>> generator;
    private final StageMap<BigDecimal> stages;

    /** The policy data of one regime at one time: Gaussian policies N(Γ_k x + γ_k, Σ_k) and the follower's K_L. */
    public record Stage(List<List<BigDecimal>> gammaL, List<List<BigDecimal>> gammaLConst,
                        List<List<BigDecimal>> gammaF, List<List<BigDecimal>> gammaFConst,
                        List<List<BigDecimal>> sigmaL, List<List<BigDecimal>> sigmaF, List<List<BigDecimal>> kL,
                        BigDecimal explorationL, BigDecimal explorationF, BigDecimal minLeaderCurvature,
                        BigDecimal minFollowerCurvature) {
    }

    /** The solution at one time: per regime and player P, p, c, and the stage. */
    public record Solution(Rational t, List<List<List<BigDecimal>>> pL, List<List<List<BigDecimal>>> pF,
                           List<List<List<BigDecimal>>> linL, List<List<List<BigDecimal>>> linF, List<BigDecimal> cL,
                           List<BigDecimal> cF, List<Stage> stages) {
        /** Every P, p and c entry, regime by regime (leader then follower). */
        public List<BigDecimal> numbers() {
            List<BigDecimal> out = new ArrayList<>();
            for (int i = 0; i < cL.size(); i++) {
                for (List<List<List<BigDecimal>>> x : List.of(pL, pF, linL, linF)) {
                    x.get(i).forEach(out::addAll);
                }
                out.add(cL.get(i));
                out.add(cF.get(i));
            }
            return out;
        }

        /** V_k(t, x, i) = xᵀP x + 2pᵀx + c (k = 0 leader, 1 follower), x given as a column. */
        public BigDecimal value(int player, int regime, List<BigDecimal> x, MathContext mc) {
            List<List<BigDecimal>> p = (player == 0 ? pL : pF).get(regime);
            List<List<BigDecimal>> lin = (player == 0 ? linL : linF).get(regime);
            BigDecimal v = (player == 0 ? cL : cF).get(regime);
            for (int a = 0; a < x.size(); a++) {
                v = v.add(lin.get(a).get(0).multiply(x.get(a)).multiply(BigDecimal.valueOf(2)), mc);
                for (int b = 0; b < x.size(); b++) {
                    v = v.add(x.get(a).multiply(p.get(a).get(b)).multiply(x.get(b)), mc);
                }
            }
            return v;
        }
    }

    public LqSolver(LqModel model, int digits) {
        this(model, digits, false);
    }

    private LqSolver(LqModel model, int digits, boolean classical) {
        this.model = model.validate();
        this.f = DecimalField.ofDigits(digits);
        this.mc = f.mc();
        this.n = model.n();
        this.mL = model.mL();
        this.mF = model.mF();
        this.regimes = model.regimes().size();
        this.lambdaL = classical ? BigDecimal.ZERO : f.of(model.lambdaL());
        this.lambdaF = classical ? BigDecimal.ZERO : f.of(model.lambdaF());
        this.stages = new StageMap<>(model, f, classical ? Rational.ZERO : model.lambdaL(),
            classical ? Rational.ZERO : model.lambdaF());
        this.generator = m(model.generator());
    }

    /** The same game at zero temperatures (the classical feedback Stackelberg equilibrium). */
    public LqSolver classical() {
        return new LqSolver(model, mc.getPrecision(), true);
    }

    private List<List<BigDecimal>> m(List<List<Rational>> x) {
        return x.stream().map(r -> r.stream().map(f::of).toList()).toList();
    }

    // ---- matrix helpers (exactly the field operations of DecimalField) ----
    private List<List<BigDecimal>> mul(List<List<BigDecimal>> a, List<List<BigDecimal>> b) {
        return LinearAlgebra.multiply(f, a, b);
    }

    private List<List<BigDecimal>> add(List<List<BigDecimal>> a, List<List<BigDecimal>> b) {
        return LinearAlgebra.add(f, a, b);
    }

    private List<List<BigDecimal>> scale(BigDecimal c, List<List<BigDecimal>> a) {
        return LinearAlgebra.scale(f, c, a);
    }

    private static List<List<BigDecimal>> t(List<List<BigDecimal>> a) {
        return LinearAlgebra.transpose(a);
    }

    private List<List<BigDecimal>> inv(List<List<BigDecimal>> a) {
        return LinearAlgebra.inverse(f, a);
    }

    private static List<List<BigDecimal>> block(List<List<BigDecimal>> a, int r0, int r1, int c0, int c1) {
        return StageMap.block(a, r0, r1, c0, c1);
    }

    private static List<List<BigDecimal>> stack(List<List<BigDecimal>> top, List<List<BigDecimal>> bottom) {
        return StageMap.stack(top, bottom);
    }

    private static List<List<BigDecimal>> zeros(int r, int c) {
        List<List<BigDecimal>> out = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            out.add(new ArrayList<>(java.util.Collections.nCopies(c, BigDecimal.ZERO)));
        }
        return out;
    }

    private BigDecimal trace(List<List<BigDecimal>> a) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < a.size(); i++) {
            s = s.add(a.get(i).get(i), mc);
        }
        return s;
    }

    /** min over leading principal minors (positive iff positive definite, Sylvester). */
    private BigDecimal minMinor(List<List<BigDecimal>> a) {
        BigDecimal min = null;
        for (int k = 1; k <= a.size(); k++) {
            BigDecimal det = LinearAlgebra.determinant(f, block(a, 0, k, 0, k));
            min = min == null ? det : min.min(det);
        }
        return min;
    }

    /** The stage map of §4.1–4.3 for one regime ({@link StageMap}) with the exploration sources of §4.4. */
    public Stage stage(int i, List<List<BigDecimal>> pLeader, List<List<BigDecimal>> pFollower,
                       List<List<BigDecimal>> linLeader, List<List<BigDecimal>> linFollower) {
        StageMap.Blocks<BigDecimal> b = stages.blocks(i, pLeader, pFollower, linLeader, linFollower);
        StageMap.Policy<BigDecimal> p = stages.policy(b);
        int m = mL + mF;
        boolean variantA = model.variant() == LqModel.Variant.A;
        List<List<BigDecimal>> hFFFinv = inv(p.hFFF());
        BigDecimal half = BigDecimal.ONE.divide(BigDecimal.valueOf(2), mc);
        BigDecimal eL = half.multiply(lambdaF, mc).multiply(trace(mul(block(b.huu().get(0), mL, m, mL, m),
            hFFFinv)), mc);
        BigDecimal eF = variantA
            ? half.multiply(lambdaL, mc).multiply(trace(mul(block(b.huu().get(1), 0, mL, 0, mL), inv(p.hLLL()))), mc)
            : half.multiply(lambdaL, mc).multiply(trace(mul(mul(mul(t(p.e()), b.huu().get(1)), p.e()),
                inv(p.mred()))), mc);
        eL = eL.add(own(lambdaL, variantA ? p.hLLL() : p.mred(), mL), mc);
        eF = eF.add(own(lambdaF, p.hFFF(), mF), mc);
        BigDecimal leaderCurv = variantA ? minMinor(p.hLLL()).min(minMinor(p.mred())) : minMinor(p.mred());
        return new Stage(p.gammaL(), p.gammaLConst(), p.gammaF(), p.gammaFConst(), p.sigmaL(), p.sigmaF(), p.kL(), eL,
            eF, leaderCurv, minMinor(p.hFFF()));
    }

    /** (λ/2)(ln det H − m ln(πλ)); zero at λ = 0 (its limit). */
    private BigDecimal own(BigDecimal lambda, List<List<BigDecimal>> h, int dim) {
        if (lambda.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal det = LinearAlgebra.determinant(f, h);
        if (det.signum() <= 0) {
            throw new ArithmeticException("own Hessian not positive definite (det " + det + ")");
        }
        BigDecimal pi = BigDecimalMath.pi(mc);
        BigDecimal ln = BigDecimalMath.log(det, mc).subtract(BigDecimal.valueOf(dim)
            .multiply(BigDecimalMath.log(pi.multiply(lambda, mc), mc), mc), mc);
        return lambda.divide(BigDecimal.valueOf(2), mc).multiply(ln, mc);
    }

    // ---- state layout per regime: P_L (n²), P_F (n²), p_L (n), p_F (n), c_L, c_F ----
    private int stride() {
        return 2 * n * n + 2 * n + 2;
    }

    private List<List<BigDecimal>> matrix(List<BigDecimal> y, int offset, int rows, int cols) {
        List<List<BigDecimal>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(new ArrayList<>(y.subList(offset + i * cols, offset + (i + 1) * cols)));
        }
        return out;
    }

    private List<List<BigDecimal>> pOf(List<BigDecimal> y, int i, int k) {
        return matrix(y, i * stride() + k * n * n, n, n);
    }

    private List<List<BigDecimal>> linOf(List<BigDecimal> y, int i, int k) {
        return matrix(y, i * stride() + 2 * n * n + k * n, n, 1);
    }

    private BigDecimal cOf(List<BigDecimal> y, int i, int k) {
        return y.get(i * stride() + 2 * n * n + 2 * n + k);
    }

    /** The terminal condition (G, g, g₀) as a state vector. */
    private List<BigDecimal> terminal() {
        List<BigDecimal> y = new ArrayList<>();
        for (LqModel.Regime r : model.regimes()) {
            for (LqModel.Costs c : List.of(r.leader(), r.follower())) {
                m(c.g()).forEach(y::addAll);
            }
            for (LqModel.Costs c : List.of(r.leader(), r.follower())) {
                m(c.gLin()).forEach(row -> y.add(row.get(0)));
            }
            y.add(f.of(r.leader().g0()));
            y.add(f.of(r.follower().g0()));
        }
        return y;
    }

    /** dy/ds = −dy/dt (s = T − t), §4.4. */
    private List<BigDecimal> rhs(List<BigDecimal> y) {
        List<BigDecimal> out = new ArrayList<>(y.size());
        BigDecimal two = BigDecimal.valueOf(2);
        List<List<BigDecimal>> q = generator;
        for (int i = 0; i < regimes; i++) {
            StageMap.Regime<BigDecimal> r = stages.regime(i);
            Stage st = stage(i, pOf(y, i, 0), pOf(y, i, 1), linOf(y, i, 0), linOf(y, i, 1));
            if (st.minFollowerCurvature().signum() <= 0 || st.minLeaderCurvature().signum() <= 0) {
                throw new ArithmeticException("loss of definiteness in regime " + (i + 1) + ": the "
                    + (st.minFollowerCurvature().signum() <= 0 ? "follower's" : "leader's") + " own Hessian has a "
                    + "leading minor " + st.minFollowerCurvature().min(st.minLeaderCurvature()).round(new MathContext(
                        3)));
            }
            List<List<BigDecimal>> gam = stack(st.gammaL(), st.gammaF());
            List<List<BigDecimal>> gamc = stack(st.gammaLConst(), st.gammaFConst());
            List<List<BigDecimal>> ahat = add(r.a(), mul(r.b(), gam));
            List<List<BigDecimal>> bhat = add(r.drift(), mul(r.b(), gamc));
            List<List<List<BigDecimal>>> chat = new ArrayList<>();
            List<List<List<BigDecimal>>> shat = new ArrayList<>();
            for (int l = 0; l < r.c().size(); l++) {
                chat.add(add(r.c().get(l), mul(r.d().get(l), gam)));
                shat.add(add(r.sigma().get(l), mul(r.d().get(l), gamc)));
            }
            List<List<List<BigDecimal>>> dp = new ArrayList<>();
            List<List<List<BigDecimal>>> dlin = new ArrayList<>();
            List<BigDecimal> dc = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                StageMap.Costs<BigDecimal> c = r.costs().get(k);
                List<List<BigDecimal>> p = pOf(y, i, k);
                List<List<BigDecimal>> lin = linOf(y, i, k);
                List<List<BigDecimal>> rg = mul(c.r(), gam);
                List<List<BigDecimal>> dP = add(add(mul(p, ahat), mul(t(ahat), p)), c.q());
                dP = add(dP, add(mul(t(c.s()), gam), mul(t(gam), c.s())));
                dP = add(dP, mul(t(gam), rg));
                List<List<BigDecimal>> dl = add(mul(t(ahat), lin), mul(p, bhat));
                dl = add(dl, mul(add(t(c.s()), t(rg)), gamc));
                dl = add(dl, add(c.qLin(), mul(t(gam), c.rLin())));
                BigDecimal dcv = two.multiply(mul(t(bhat), lin).get(0).get(0), mc);
                dcv = dcv.add(mul(mul(t(gamc), c.r()), gamc).get(0).get(0), mc);
                dcv = dcv.add(two.multiply(mul(t(c.rLin()), gamc).get(0).get(0), mc), mc);
                dcv = dcv.add(k == 0 ? st.explorationL() : st.explorationF(), mc);
                for (int l = 0; l < chat.size(); l++) {
                    dP = add(dP, mul(mul(t(chat.get(l)), p), chat.get(l)));
                    dl = add(dl, mul(mul(t(chat.get(l)), p), shat.get(l)));
                    dcv = dcv.add(mul(mul(t(shat.get(l)), p), shat.get(l)).get(0).get(0), mc);
                }
                dP = add(dP, scale(c.delta().negate(), p));
                dl = add(dl, scale(c.delta().negate(), lin));
                dcv = dcv.subtract(c.delta().multiply(cOf(y, i, k), mc), mc);
                for (int j = 0; j < regimes; j++) {
                    BigDecimal qij = q.get(i).get(j);
                    if (qij.signum() != 0) {
                        dP = add(dP, scale(qij, pOf(y, j, k)));
                        dl = add(dl, scale(qij, linOf(y, j, k)));
                        dcv = dcv.add(qij.multiply(cOf(y, j, k), mc), mc);
                    }
                }
                dp.add(dP);
                dlin.add(dl);
                dc.add(dcv);
            }
            dp.forEach(x -> x.forEach(out::addAll));
            dlin.forEach(x -> x.forEach(row -> out.add(row.get(0))));
            out.addAll(dc);
        }
        return out;
    }

    /** The Riccati system has no solution on the whole interval: the message names where and why. */
    public static final class NoEquilibrium extends org.equivariant.io.InputException {
        NoEquilibrium(String message) {
            super(message);
        }
    }

    /** The solution at time t ∈ [0, T]; a {@link NoEquilibrium} if the Riccati system fails before t. */
    public Solution solveAt(Rational t) {
        if (t.signum() < 0 || t.compareTo(model.horizon()) > 0) {
            throw new IllegalArgumentException("t = " + t + " is outside [0, " + model.horizon() + "]");
        }
        List<BigDecimal> y = terminal();
        BigDecimal span = f.of(model.horizon().subtract(t));
        if (span.signum() > 0) {
            int macro = Math.max(4, (int) Math.ceil(span.doubleValue() * 8));
            try {
                y = new BulirschStoer(this::rhs, mc.getPrecision()).integrate(y, span, macro);
            } catch (BulirschStoer.Failure e) {
                MathContext six = new MathContext(6);
                BigDecimal end = f.of(model.horizon());
                throw new NoEquilibrium("no equilibrium in the quadratic class on [" + t + ", " + model.horizon()
                    + "]: between t = " + end.subtract(e.to, mc).round(six) + " and t = " + end.subtract(e.from, mc)
                    .round(six) + ", " + e.getMessage() + " (the Riccati solution blows up or loses definiteness)");
            }
        }
        List<List<List<BigDecimal>>> pl = new ArrayList<>();
        List<List<List<BigDecimal>>> pf = new ArrayList<>();
        List<List<List<BigDecimal>>> ll = new ArrayList<>();
        List<List<List<BigDecimal>>> lf = new ArrayList<>();
        List<BigDecimal> cl = new ArrayList<>();
        List<BigDecimal> cf = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < regimes; i++) {
            pl.add(pOf(y, i, 0));
            pf.add(pOf(y, i, 1));
            ll.add(linOf(y, i, 0));
            lf.add(linOf(y, i, 1));
            cl.add(cOf(y, i, 0));
            cf.add(cOf(y, i, 1));
            stages.add(stage(i, pl.get(i), pf.get(i), ll.get(i), lf.get(i)));
        }
        return new Solution(t, pl, pf, ll, lf, cl, cf, stages);
    }

    /**
     * State moments under the equilibrium (stackelberg.md §4.9) at time T from X_0 = x0 in regime {@code regime0}:
     * ϖ_i = P(α_T = i), μ_i = E[X_T 1{α_T = i}] and M_i = E[X_T X_Tᵀ 1{α_T = i}], from
     * dϖ/dt = Qᵀϖ, dμ_i = Â_i μ_i + b̂_i ϖ_i + Σ_j q_ji μ_j and the second-moment equation with the action covariance
     * (diag(Σ_L, Σ_F) in variant A, EΣ_LEᵀ + diag(0, Σ_F) in B). The policies come from the backward solution on a
     * grid of {@code steps} intervals and the moment equations are integrated by classical RK4 on that grid, so the
     * result carries the O(h⁴) error of RK4 (about 1e-10 for 400 steps on T = 1), not the Riccati digits.
     */
    public Moments moments(List<BigDecimal> x0, int regime0, int steps) {
        BigDecimal horizon = f.of(model.horizon());
        BigDecimal h = horizon.divide(BigDecimal.valueOf(2L * steps), mc);
        // backward pass: states at t_k = k·h, k = 0..2·steps (half steps for RK4), from t = T down
        List<List<BigDecimal>> ys = new ArrayList<>();
        List<BigDecimal> y = terminal();
        ys.add(y);
        BulirschStoer bs = new BulirschStoer(this::rhs, mc.getPrecision());
        for (int k = 0; k < 2 * steps; k++) {
            y = bs.integrate(y, h, 1);
            ys.add(y);
        }
        java.util.Collections.reverse(ys);
        List<List<List<List<BigDecimal>>>> closed = new ArrayList<>();
        for (List<BigDecimal> state : ys) {
            closed.add(closedLoop(state));
        }
        int nr = regimes;
        List<BigDecimal> z = new ArrayList<>();
        for (int i = 0; i < nr; i++) {
            z.add(i == regime0 ? BigDecimal.ONE : BigDecimal.ZERO);
        }
        for (int i = 0; i < nr; i++) {
            for (int a = 0; a < n; a++) {
                z.add(i == regime0 ? x0.get(a) : BigDecimal.ZERO);
            }
        }
        for (int i = 0; i < nr; i++) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    z.add(i == regime0 ? x0.get(a).multiply(x0.get(b), mc) : BigDecimal.ZERO);
                }
            }
        }
        BigDecimal full = h.multiply(BigDecimal.valueOf(2), mc);
        for (int k = 0; k < steps; k++) {
            List<List<List<BigDecimal>>> c0 = closed.get(2 * k);
            List<List<List<BigDecimal>>> c1 = closed.get(2 * k + 1);
            List<List<List<BigDecimal>>> c2 = closed.get(2 * k + 2);
            List<BigDecimal> k1 = momentRhs(z, c0);
            List<BigDecimal> k2 = momentRhs(axpy(z, k1, h), c1);
            List<BigDecimal> k3 = momentRhs(axpy(z, k2, h), c1);
            List<BigDecimal> k4 = momentRhs(axpy(z, k3, full), c2);
            List<BigDecimal> next = new ArrayList<>();
            BigDecimal sixth = full.divide(BigDecimal.valueOf(6), mc);
            for (int e = 0; e < z.size(); e++) {
                BigDecimal incr = k1.get(e).add(k2.get(e).multiply(BigDecimal.valueOf(2)), mc)
                    .add(k3.get(e).multiply(BigDecimal.valueOf(2)), mc).add(k4.get(e), mc);
                next.add(z.get(e).add(sixth.multiply(incr, mc), mc));
            }
            z = next;
        }
        List<BigDecimal> w = new ArrayList<>(z.subList(0, nr));
        List<List<List<BigDecimal>>> mu = new ArrayList<>();
        List<List<List<BigDecimal>>> second = new ArrayList<>();
        for (int i = 0; i < nr; i++) {
            mu.add(matrix(z, nr + i * n, n, 1));
            second.add(matrix(z, nr + nr * n + i * n * n, n, n));
        }
        return new Moments(w, mu, second);
    }

    /** ϖ_i, μ_i, M_i at T. */
    public record Moments(List<BigDecimal> regimeProbabilities, List<List<List<BigDecimal>>> firstMoments,
                          List<List<List<BigDecimal>>> secondMoments) {
    }

    private List<BigDecimal> axpy(List<BigDecimal> y, List<BigDecimal> x, BigDecimal a) {
        List<BigDecimal> out = new ArrayList<>(y.size());
        for (int e = 0; e < y.size(); e++) {
            out.add(y.get(e).add(a.multiply(x.get(e), mc), mc));
        }
        return out;
    }

    /** Per regime: Â, b̂, and for each l: Ĉ_l, σ̂_l, D_l Cov_u D_lᵀ. */
    private List<List<List<BigDecimal>>> closedLoop(List<BigDecimal> y) {
        List<List<List<BigDecimal>>> out = new ArrayList<>();
        for (int i = 0; i < regimes; i++) {
            StageMap.Regime<BigDecimal> r = stages.regime(i);
            Stage st = stage(i, pOf(y, i, 0), pOf(y, i, 1), linOf(y, i, 0), linOf(y, i, 1));
            List<List<BigDecimal>> gam = stack(st.gammaL(), st.gammaF());
            List<List<BigDecimal>> gamc = stack(st.gammaLConst(), st.gammaFConst());
            int m = mL + mF;
            List<List<BigDecimal>> cov = zeros(m, m);
            List<List<BigDecimal>> covL = model.variant() == LqModel.Variant.A ? st.sigmaL() : null;
            for (int a = 0; a < mL; a++) {
                for (int b = 0; b < mL; b++) {
                    cov.get(a).set(b, covL == null ? BigDecimal.ZERO : covL.get(a).get(b));
                }
            }
            if (covL == null) {
                List<List<BigDecimal>> e = stack(LinearAlgebra.identity(f, mL), st.kL());
                cov = mul(mul(e, st.sigmaL()), t(e));
            }
            for (int a = 0; a < mF; a++) {
                for (int b = 0; b < mF; b++) {
                    cov.get(mL + a).set(mL + b, cov.get(mL + a).get(mL + b).add(st.sigmaF().get(a).get(b), mc));
                }
            }
            out.add(add(r.a(), mul(r.b(), gam)));
            out.add(add(r.drift(), mul(r.b(), gamc)));
            for (int l = 0; l < r.c().size(); l++) {
                out.add(add(r.c().get(l), mul(r.d().get(l), gam)));
                out.add(add(r.sigma().get(l), mul(r.d().get(l), gamc)));
                out.add(mul(mul(r.d().get(l), cov), t(r.d().get(l))));
            }
        }
        return out;
    }

    private List<BigDecimal> momentRhs(List<BigDecimal> z, List<List<List<BigDecimal>>> cl) {
        int nr = regimes;
        int per = 2 + 3 * model.d();
        List<List<BigDecimal>> q = generator;
        List<BigDecimal> dw = new ArrayList<>();
        List<BigDecimal> dmu = new ArrayList<>();
        List<BigDecimal> dm = new ArrayList<>();
        for (int i = 0; i < nr; i++) {
            BigDecimal w = BigDecimal.ZERO;
            for (int j = 0; j < nr; j++) {
                w = w.add(q.get(j).get(i).multiply(z.get(j), mc), mc);
            }
            dw.add(w);
            List<List<BigDecimal>> ahat = cl.get(i * per);
            List<List<BigDecimal>> bhat = cl.get(i * per + 1);
            List<List<BigDecimal>> mu = matrix(z, nr + i * n, n, 1);
            List<List<BigDecimal>> mm = matrix(z, nr + nr * n + i * n * n, n, n);
            BigDecimal wi = z.get(i);
            List<List<BigDecimal>> dMu = add(mul(ahat, mu), scale(wi, bhat));
            List<List<BigDecimal>> dM = add(add(mul(ahat, mm), mul(mm, t(ahat))), add(mul(bhat, t(mu)), mul(mu, t(bhat))));
            for (int l = 0; l < model.d(); l++) {
                List<List<BigDecimal>> ch = cl.get(i * per + 2 + 3 * l);
                List<List<BigDecimal>> sh = cl.get(i * per + 3 + 3 * l);
                List<List<BigDecimal>> dcd = cl.get(i * per + 4 + 3 * l);
                dM = add(dM, mul(mul(ch, mm), t(ch)));
                dM = add(dM, add(mul(mul(ch, mu), t(sh)), mul(mul(sh, t(mu)), t(ch))));
                dM = add(dM, scale(wi, add(mul(sh, t(sh)), dcd)));
            }
            for (int j = 0; j < nr; j++) {
                BigDecimal qji = q.get(j).get(i);
                if (qji.signum() != 0) {
                    dMu = add(dMu, scale(qji, matrix(z, nr + j * n, n, 1)));
                    dM = add(dM, scale(qji, matrix(z, nr + nr * n + j * n * n, n, n)));
                }
            }
            dMu.forEach(row -> dmu.add(row.get(0)));
            dM.forEach(dm::addAll);
        }
        List<BigDecimal> out = new ArrayList<>(dw);
        out.addAll(dmu);
        out.addAll(dm);
        return out;
    }

    public MathContext mathContext() {
        return mc;
    }
}
