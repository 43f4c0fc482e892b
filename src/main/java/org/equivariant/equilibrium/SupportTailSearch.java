package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DecimalField;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.SupportTail;
import org.equivariant.game.NormalFormGame;
import org.equivariant.game.PayoffEvaluator;

/**
 * The search (untrusted, in double) for a MIX-TAIL claim at a principal chain's end: the supports are the actions
 * whose probability there is at least 10⁻⁴ of their player's likeliest; Newton on H(·, 0) of {@link SupportTail} gives
 * the equilibrium σ* with those supports (every action off them strictly worse at σ*); the box about σ* has twice the
 * larger of the end's distance from σ* and the first Newton step of H(·, 1/λ₀) from σ* as its radius, rounded up to
 * one digit (then four times that, if it fails), λ₀ the end's least λ to six digits. The claim stands only where {@link
 * SupportTail#problem} accepts it.
 */
final class SupportTailSearch {
    private static final double SUPPORT = 1e-4;
    private static final MathContext CENTRE = new MathContext(17, RoundingMode.HALF_EVEN);
    private static final MathContext FLOOR = new MathContext(6, RoundingMode.FLOOR);
    private static final MathContext RADIUS = new MathContext(1, RoundingMode.CEILING);
    private static final BigDecimal FOUR = BigDecimal.valueOf(4);
    /**
     * The most actions (of all players) for which {@code solve} encloses the limit: its Newton and the checker's test
     * run in decimals, O(N³) each (on 80×80 seconds).
     */
    static final int LIMIT_ACTIONS = 48;

    private SupportTailSearch() {
    }

    /** A claim for a chain whose last piece ends in {@code end} (the profile's coordinates, then λ), or null. */
    static SupportTail attempt(NormalFormGame game, List<Interval> end) {
        int total = game.totalActions();
        BigDecimal lambda0 = end.get(total).lo().round(FLOOR);
        if (lambda0.signum() <= 0) {
            return null;
        }
        List<Double> at = new ArrayList<>();
        for (int k = 0; k < total; k++) {
            at.add(end.get(k).mid().doubleValue());
        }
        List<List<Integer>> support = new ArrayList<>();
        for (int i = 0, offset = 0; i < game.numPlayers(); offset += game.numActions(i), i++) {
            double most = at.subList(offset, offset + game.numActions(i)).stream().mapToDouble(p -> p).max()
                .orElse(0);
            List<Integer> s = new ArrayList<>();
            for (int a = 0; a < game.numActions(i); a++) {
                if (at.get(offset + a) >= SUPPORT * most) {
                    s.add(a);
                }
            }
            support.add(s);
        }
        try {
            return attempt(game, end, support, at, lambda0);
        } catch (ArithmeticException e) {
            return null; // a singular Jacobian in double: no claim
        }
    }

    private static SupportTail attempt(NormalFormGame game, List<Interval> end, List<List<Integer>> support,
                                       List<Double> at, BigDecimal lambda0) {
        int total = at.size();
        PayoffEvaluator<Double> doubles = game.in(DoubleField.INSTANCE);
        List<Double> star = equilibrium(doubles, support, at);
        if (star == null) {
            return null;
        }
        double distance = 0;
        for (int k = 0; k < total; k++) {
            distance = Math.max(distance, Math.abs(at.get(k) - star.get(k)));
        }
        double drift = drift(doubles, support, star, 1 / lambda0.doubleValue());
        double least = Double.MAX_VALUE;
        List<List<Rational>> center = new ArrayList<>();
        for (int i = 0, offset = 0; i < game.numPlayers(); offset += game.numActions(i), i++) {
            List<Rational> c = new ArrayList<>();
            for (int a : support.get(i)) {
                least = Math.min(least, star.get(offset + a));
                c.add(Rational.of(new BigDecimal(star.get(offset + a)).round(CENTRE)));
            }
            center.add(c);
        }
        BigDecimal radius = new BigDecimal(Math.max(2 * Math.max(distance, drift), 1e-14)).round(RADIUS);
        for (int k = 0; k < 2 && radius.doubleValue() < least / 2; k++, radius = radius.multiply(FOUR).round(RADIUS)) {
            SupportTail claim = new SupportTail(support, center, Rational.of(radius), Rational.of(lambda0));
            if (claim.problem(game.payoffs(), end) == null) {
                return claim;
            }
        }
        return null;
    }

    /**
     * The claim with its limit's box (MIX-TAIL corollary 2) where the checker accepts it, else the claim as it was:
     * Newton on H(·, 0) in {@code digits} + 20-digit decimals from the claim's centre, the box of radius 10^−digits
     * about the point it converges to. The claim itself has passed its test.
     */
    static SupportTail withLimit(NormalFormGame game, SupportTail claim, int digits) {
        DecimalField f = DecimalField.ofDigits(digits + 20);
        int[] dims = game.dims();
        List<BigDecimal> x = new ArrayList<>(claim.profile(claim.center(), dims).stream().map(f::of).toList());
        BigDecimal small = BigDecimal.ONE.movePointLeft(digits + 15);
        try {
            for (int it = 0; it < 30; it++) {
                List<BigDecimal> step = LinearAlgebra.solve(f, SupportTail.atZero(f, claim.support(), dims,
                    SupportTail.derivatives(f, game.payoffs(), claim.support(), x, null)), SupportTail.equations(f,
                    game.payoffs(), claim.support(), x, null));
                BigDecimal size = BigDecimal.ZERO;
                for (int k = 0; k < x.size(); k++) {
                    x.set(k, f.subtract(x.get(k), step.get(k)));
                    size = size.max(step.get(k).abs());
                }
                if (size.compareTo(small) < 0) {
                    break;
                }
            }
        } catch (ArithmeticException e) {
            return claim;
        }
        MathContext kept = new MathContext(digits + 10, RoundingMode.HALF_EVEN);
        List<List<Rational>> center = new ArrayList<>();
        for (int i = 0, offset = 0; i < dims.length; offset += dims[i], i++) {
            List<Rational> c = new ArrayList<>();
            for (int a : claim.support().get(i)) {
                c.add(Rational.of(x.get(offset + a).round(kept)));
            }
            center.add(c);
        }
        SupportTail limited = claim.withLimit(new SupportTail.Limit(center, Rational.of(BigDecimal.ONE.movePointLeft(
            digits))));
        return limited.limitProblem(game.payoffs()) == null ? limited : claim;
    }

    /**
     * Newton on H(·, 0) from {@code start}: the profile with the given supports where each player's actions of the
     * support earn the same and the others nothing, or null where 12 steps do not bring a step below 10⁻¹⁵, or where
     * it leaves a probability of the support at or below 0 or an action off the supports at least as good as the
     * support's.
     */
    private static List<Double> equilibrium(PayoffEvaluator<Double> game, List<List<Integer>> support,
                                            List<Double> start) {
        List<Double> x = new ArrayList<>(start);
        for (int it = 0; it < 12; it++) {
            List<Double> step = solve(jacobian(game, support, x, 0), residual(game, support, x, 0));
            double size = 0;
            for (int k = 0; k < x.size(); k++) {
                x.set(k, x.get(k) - step.get(k));
                size = Math.max(size, Math.abs(step.get(k)));
            }
            if (!Double.isFinite(size)) {
                return null;
            }
            if (size < 1e-15) {
                return admissible(game, support, x) ? x : null;
            }
        }
        return null;
    }

    /** Whether x's probabilities on the supports are positive and every action off them earns less than they do. */
    private static boolean admissible(PayoffEvaluator<Double> game, List<List<Integer>> support, List<Double> x) {
        int[] dims = game.game().dims();
        List<List<Double>> s = SupportTail.split(x, dims);
        for (int i = 0; i < dims.length; i++) {
            List<Double> u = game.payoffVector(i, s);
            double base = u.get(support.get(i).get(0));
            for (int a = 0; a < dims[i]; a++) {
                boolean in = support.get(i).contains(a);
                if (in && !(s.get(i).get(a) > 0) || !in && !(u.get(a) < base)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The size of the first Newton step of H(·, t) from σ* — about how far the curve moves from σ* up to t — with the
     * actions off the supports at σ*_b e^(D_c/t).
     */
    private static double drift(PayoffEvaluator<Double> game, List<List<Integer>> support, List<Double> star,
                                double t) {
        List<Double> g = new ArrayList<>(residual(game, support, star, t));
        int[] dims = game.game().dims();
        List<List<Double>> s = SupportTail.split(star, dims);
        for (int i = 0, offset = 0; i < dims.length; offset += dims[i], i++) {
            List<Double> u = game.payoffVector(i, s);
            int b = support.get(i).get(0);
            for (int a = 0; a < dims[i]; a++) {
                if (!support.get(i).contains(a)) {
                    g.set(offset + a, -star.get(offset + b) * Math.exp((u.get(a) - u.get(b)) / t));
                }
            }
        }
        double size = 0;
        for (double v : solve(jacobian(game, support, star, t), g)) {
            size = Math.max(size, Math.abs(v));
        }
        return Double.isFinite(size) ? size : Double.MAX_VALUE;
    }

    /**
     * x with J·x = g by the fast path's LU ({@link DenseLu}; the boxed elimination took about 5 % of random 80×80
     * at λ = 2); an ArithmeticException where J is singular in double.
     */
    private static List<Double> solve(List<List<Double>> j, List<Double> g) {
        DenseLu lu = DenseLu.of(j);
        if (lu.singular()) {
            throw new ArithmeticException("a singular Jacobian");
        }
        return java.util.Arrays.stream(lu.solve(g.stream().mapToDouble(Double::doubleValue).toArray())).boxed()
            .toList();
    }

    /** H of {@link SupportTail} at t, the rows off the supports σ_i(c) alone. */
    private static List<Double> residual(PayoffEvaluator<Double> game, List<List<Integer>> support, List<Double> x,
                                         double t) {
        return SupportTail.equations(DoubleField.INSTANCE, game.game().payoffs(), support, x, t);
    }

    /** ∂H/∂σ of {@link SupportTail} at t, the rows off the supports those of t = 0 (σ_i(c) alone). */
    private static List<List<Double>> jacobian(PayoffEvaluator<Double> game, List<List<Integer>> support,
                                               List<Double> x, double t) {
        NormalFormGame g = game.game();
        return SupportTail.atZero(DoubleField.INSTANCE, support, g.dims(), SupportTail.derivatives(DoubleField.INSTANCE,
            g.payoffs(), support, x, t));
    }
}
