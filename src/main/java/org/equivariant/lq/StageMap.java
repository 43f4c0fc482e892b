package org.equivariant.lq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.equivariant.arith.Field;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;

/**
 * The stage map (P, p) ↦ (Γ, γ, Σ) of stackelberg.md §4.1–4.3 in any field — exact over the rationals, high-precision
 * decimals inside {@link LqSolver}. Blocks: H_k^{uu} = R_k + Σ_l D_lᵀP_kD_l, H_k^{ux} = S_k + BᵀP_k + Σ_l D_lᵀP_kC_l,
 * h_k^u = r_k + Bᵀp_k + Σ_l D_lᵀP_kσ_l. Follower: K_L = −(H_F^{FF})⁻¹H_F^{FL}, K_x, k₀ likewise,
 * Σ_F = (λ_F/2)(H_F^{FF})⁻¹. Leader: E = [I; K_L], M = EᵀH_L^{uu}E, Γ_L = −M⁻¹Eᵀ(H_L^{uu}[0; K_x] + H_L^{ux}),
 * γ_L = −M⁻¹Eᵀ(H_L^{uu}[0; k₀] + h_L^u), Σ_L = (λ_L/2)(H_L^{LL})⁻¹ (variant A) or (λ_L/2)M⁻¹ (B);
 * Γ_F = K_x + K_LΓ_L, γ_F = k₀ + K_Lγ_L.
 */
public final class StageMap<T> {
    private final LqModel model;
    private final Field<T> f;
    private final T lambdaL;
    private final T lambdaF;
    private final int n;
    private final int mL;
    private final int mF;
    private final List<Regime<T>> regimes = new ArrayList<>();

    /** One player's cost data in the field (index 0 leader, 1 follower), with its discount rate. */
    public record Costs<T>(List<List<T>> q, List<List<T>> s, List<List<T>> r, List<List<T>> qLin,
                           List<List<T>> rLin, T delta) {
    }

    /** One regime's data in the field, converted once. */
    public record Regime<T>(List<List<T>> a, List<List<T>> b, List<List<T>> drift, List<List<List<T>>> c,
                            List<List<List<T>>> d, List<List<List<T>>> sigma, List<Costs<T>> costs) {
    }

    /** Hessian blocks of both players (index 0 leader, 1 follower) in one regime. */
    public record Blocks<T>(List<List<List<T>>> huu, List<List<List<T>>> hux, List<List<List<T>>> hu) {
    }

    /** The Gaussian policies and the intermediate matrices they are built from. */
    public record Policy<T>(List<List<T>> gammaL, List<List<T>> gammaLConst, List<List<T>> gammaF,
                            List<List<T>> gammaFConst, List<List<T>> sigmaL, List<List<T>> sigmaF, List<List<T>> kL,
                            List<List<T>> e, List<List<T>> mred, List<List<T>> hLLL, List<List<T>> hFFF) {
    }

    public StageMap(LqModel model, Field<T> f, Rational lambdaL, Rational lambdaF) {
        this.model = model;
        this.f = f;
        this.lambdaL = f.of(lambdaL);
        this.lambdaF = f.of(lambdaF);
        this.n = model.n();
        this.mL = model.mL();
        this.mF = model.mF();
        for (LqModel.Regime r : model.regimes()) {
            regimes.add(new Regime<>(in(r.a()), in(r.b()), in(r.drift()), r.c().stream().map(this::in).toList(),
                r.dd().stream().map(this::in).toList(), r.sigma().stream().map(this::in).toList(),
                List.of(costs(r.leader(), model.deltaL()), costs(r.follower(), model.deltaF()))));
        }
    }

    private Costs<T> costs(LqModel.Costs c, Rational delta) {
        return new Costs<>(in(c.q()), in(c.s()), in(c.r()), in(c.qLin()), in(c.rLin()), f.of(delta));
    }

    /** Regime i's data in the field. */
    public Regime<T> regime(int i) {
        return regimes.get(i);
    }

    private List<List<T>> in(List<List<Rational>> x) {
        return x.stream().map(r -> r.stream().map(f::of).toList()).toList();
    }

    private List<List<T>> mul(List<List<T>> a, List<List<T>> b) {
        return LinearAlgebra.multiply(f, a, b);
    }

    private List<List<T>> add(List<List<T>> a, List<List<T>> b) {
        return LinearAlgebra.add(f, a, b);
    }

    private List<List<T>> neg(List<List<T>> a) {
        return LinearAlgebra.scale(f, f.negate(f.one()), a);
    }

    private List<List<T>> t(List<List<T>> a) {
        return LinearAlgebra.transpose(a);
    }

    private List<List<T>> inv(List<List<T>> a) {
        return LinearAlgebra.inverse(f, a);
    }

    static <U> List<List<U>> block(List<List<U>> a, int r0, int r1, int c0, int c1) {
        List<List<U>> out = new ArrayList<>();
        for (int i = r0; i < r1; i++) {
            out.add(new ArrayList<>(a.get(i).subList(c0, c1)));
        }
        return out;
    }

    static <U> List<List<U>> stack(List<List<U>> top, List<List<U>> bottom) {
        List<List<U>> out = new ArrayList<>(top);
        out.addAll(bottom);
        return out;
    }

    private List<List<T>> zeros(int r, int c) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            out.add(new ArrayList<>(Collections.nCopies(c, f.zero())));
        }
        return out;
    }

    /** The Hessian blocks at (P_L, P_F, p_L, p_F) in regime i. */
    public Blocks<T> blocks(int i, List<List<T>> pLeader, List<List<T>> pFollower, List<List<T>> linLeader,
                            List<List<T>> linFollower) {
        Regime<T> r = regimes.get(i);
        List<List<List<T>>> huu = new ArrayList<>();
        List<List<List<T>>> hux = new ArrayList<>();
        List<List<List<T>>> hu = new ArrayList<>();
        List<List<T>> bt = t(r.b());
        for (int k = 0; k < 2; k++) {
            List<List<T>> p = k == 0 ? pLeader : pFollower;
            List<List<T>> lin = k == 0 ? linLeader : linFollower;
            Costs<T> c = r.costs().get(k);
            List<List<T>> uu = c.r();
            List<List<T>> ux = add(c.s(), mul(bt, p));
            List<List<T>> u = add(c.rLin(), mul(bt, lin));
            for (int l = 0; l < r.c().size(); l++) {
                List<List<T>> dtp = mul(t(r.d().get(l)), p);
                uu = add(uu, mul(dtp, r.d().get(l)));
                ux = add(ux, mul(dtp, r.c().get(l)));
                u = add(u, mul(dtp, r.sigma().get(l)));
            }
            huu.add(uu);
            hux.add(ux);
            hu.add(u);
        }
        return new Blocks<>(huu, hux, hu);
    }

    /** The policies from the blocks. */
    public Policy<T> policy(Blocks<T> b) {
        int m = mL + mF;
        List<List<T>> hFFF = block(b.huu().get(1), mL, m, mL, m);
        List<List<T>> hFFFinv = inv(hFFF);
        List<List<T>> kL = neg(mul(hFFFinv, block(b.huu().get(1), mL, m, 0, mL)));
        List<List<T>> kx = neg(mul(hFFFinv, block(b.hux().get(1), mL, m, 0, n)));
        List<List<T>> k0 = neg(mul(hFFFinv, block(b.hu().get(1), mL, m, 0, 1)));
        List<List<T>> e = stack(LinearAlgebra.identity(f, mL), kL);
        List<List<T>> mred = mul(mul(t(e), b.huu().get(0)), e);
        List<List<T>> mredInv = inv(mred);
        List<List<T>> gammaL = neg(mul(mredInv, mul(t(e), add(mul(b.huu().get(0), stack(zeros(mL, n), kx)),
            b.hux().get(0)))));
        List<List<T>> gammaLc = neg(mul(mredInv, mul(t(e), add(mul(b.huu().get(0), stack(zeros(mL, 1), k0)),
            b.hu().get(0)))));
        List<List<T>> hLLL = block(b.huu().get(0), 0, mL, 0, mL);
        T two = f.of(Rational.TWO);
        List<List<T>> sigmaF = LinearAlgebra.scale(f, f.divide(lambdaF, two), hFFFinv);
        List<List<T>> ownL = model.variant() == LqModel.Variant.A ? hLLL : mred;
        List<List<T>> sigmaL = LinearAlgebra.scale(f, f.divide(lambdaL, two), inv(ownL));
        return new Policy<>(gammaL, gammaLc, add(kx, mul(kL, gammaL)), add(k0, mul(kL, gammaLc)), sigmaL, sigmaF, kL,
            e, mred, hLLL, hFFF);
    }
}
