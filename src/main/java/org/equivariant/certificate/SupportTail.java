package org.equivariant.certificate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Field;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * A claim of theorem MIX-TAIL (proofs/MIX-TAIL.md): past a chain's end, for every λ ≥ λ₀ the principal branch stays
 * in the box X of radius r about {@code center} — the probabilities of the actions of the supports S_i
 * ({@code support}, 0-based, increasing), every other action's within [−r, r] — and tends, as λ → ∞, to a Nash
 * equilibrium in X with those supports. In t = 1/λ, with b_i the first action of S_i and D_c(σ) = u_i(c, σ) −
 * u_i(b_i, σ), the QREs at λ in X are the zeros of H(·, t): Σ_a σ_i(a) − 1 (row b_i); u_i(a, σ) − u_i(b_i, σ) −
 * t(log σ_i(a) − log σ_i(b_i)) (a ∈ S_i, a ≠ b_i); σ_i(c) − σ_i(b_i)e^(D_c(σ)/t) (c ∉ S_i), continuous on
 * X × [0, 1/λ₀] with e^(D/t) = 0 at t = 0. Where D_c ≤ −γ on X and λ₀γ ≥ 1, e^(D/t) ≤ e^(−λ₀γ) and
 * (1/t)e^(D/t) ≤ λ₀e^(−λ₀γ) there, and a Krawczyk test over X × [0, 1/λ₀] with those enclosures proves one zero σ(t) in
 * X for each t, continuous in t: a chain's end in X at λ_e ≥ λ₀ puts that curve on the principal branch, and with it
 * the QRE of a certified box inside X at λ.
 */
public record SupportTail(List<List<Integer>> support, List<List<Rational>> center, Rational radius, Rational lambda0,
                          Limit limit) implements BranchTail {
    private static final MathContext SHORT = new MathContext(8, RoundingMode.HALF_EVEN);

    public SupportTail {
        support = support.stream().map(List::copyOf).toList();
        center = center.stream().map(List::copyOf).toList();
    }

    /** A claim without the limit's box. */
    public SupportTail(List<List<Integer>> support, List<List<Rational>> center, Rational radius, Rational lambda0) {
        this(support, center, radius, lambda0, null);
    }

    /**
     * The branch's limit σ(0) enclosed (MIX-TAIL corollary 2): the box of radius {@code radius} about {@code center}
     * (the probabilities of the supports' actions; the others within [−radius, radius]) inside the tail's box, where a
     * Krawczyk test of H(·, 0) — sums, u_i(a) − u_i(b_i) on the supports, σ_i(c) off them — holds.
     */
    public record Limit(List<List<Rational>> center, Rational radius) {
        public Limit {
            center = center.stream().map(List::copyOf).toList();
        }
    }

    /** This claim with the limit's box. */
    public SupportTail withLimit(Limit l) {
        return new SupportTail(support, center, radius, lambda0, l);
    }

    @Override
    public String theorem() {
        return "MIX-TAIL";
    }

    @Override
    public String region() {
        return "the tail's box";
    }

    /** "within r of (…) on the supports [..] × [..] …", the actions counted from 1 (for reports). */
    @Override
    public String whence() {
        String supports = support.stream().map(s -> s.stream().map(a -> a + 1).toList().toString())
            .collect(Collectors.joining(" x "));
        return "within " + decimal(radius) + " of " + profile(center, SHORT) + " on the supports "
            + supports + ", whence the branch stays that close for every lambda >= " + decimal(lambda0)
            + " and tends to a Nash equilibrium there" + (limit == null ? "" : ", within " + decimal(limit.radius())
            + " of " + limitProfile(SHORT)) + " (MIX-TAIL)";
    }

    /** The limit's centre, each player's probabilities of the actions of the support, to {@code mc}. */
    public String limitProfile(MathContext mc) {
        return profile(limit.center(), mc);
    }

    private static String profile(List<List<Rational>> center, MathContext mc) {
        return "(" + center.stream().map(p -> p.stream().map(x -> x.toBigDecimal(mc).toPlainString())
            .collect(Collectors.joining(", "))).collect(Collectors.joining("; ")) + ")";
    }

    /** r as a decimal where it is one (as the solver writes it; past 12 places with an exponent), else a fraction. */
    private static String decimal(Rational r) {
        BigDecimal d = r.toExactDecimalOrNull();
        return d == null ? r.toString() : d.scale() > 12 ? d.toString() : d.toPlainString();
    }

    @Override
    public String problem(List<RationalTensor> payoffs, List<Interval> end) {
        String shape = shape(payoffs.get(0).dims());
        if (shape != null) {
            return shape;
        }
        if (!contains(payoffs, end)) {
            return "the chain's end does not lie in the tail's box";
        }
        Interval at = end.get(end.size() - 1);
        if (Rational.of(at.lo()).compareTo(lambda0) < 0) {
            return "the chain's end, at lambda in " + at + ", is not beyond lambda0 = " + lambda0;
        }
        try {
            String tail = krawczyk(payoffs);
            return tail != null || limit == null ? tail : limitProblem(payoffs);
        } catch (ArithmeticException e) {
            return "the interval computation failed (" + e.getMessage() + ")";
        }
    }

    /**
     * Null if the limit's box lies in the tail's box and a Krawczyk test of H(·, 0) over it holds (decimal intervals
     * twenty digits finer than its radius, at least 40), else the problem: the limit's part of {@link #problem}, which
     * runs it after the tail's own test (corollary 2 presumes that test holds).
     */
    public String limitProblem(List<RationalTensor> payoffs) {
        int[] dims = payoffs.get(0).dims();
        if (limit.center().size() != dims.length || limit.radius().signum() <= 0
            || limit.radius().compareTo(radius) > 0) {
            return "the limit's box must have a centre per player and a positive radius at most the tail's";
        }
        BigDecimal rho = limit.radius().toBigDecimal(SHORT);
        int digits = Math.max(40, rho.scale() - rho.precision() + 21);
        if (digits > 2000) {
            return "the limit's radius " + rho + " asks for more than 2000 digits";
        }
        for (int i = 0; i < dims.length; i++) {
            if (limit.center().get(i).size() != support.get(i).size()) {
                return "player " + (i + 1) + "'s limit centre does not match its support";
            }
        }
        IntervalField f = new IntervalField(digits);
        List<Interval> box = new ArrayList<>();
        for (Rational c : profile(limit.center(), dims)) {
            box.add(f.of(c.subtract(limit.radius())).hull(f.of(c.add(limit.radius()))));
        }
        // the box as tested (its ends rounded outward) must lie in the tail's
        if (!contains(payoffs, box)) {
            return "the limit's box does not lie in the tail's box";
        }
        SmoothSystem atZero = new SmoothSystem() {
            @Override
            public int size() {
                return box.size();
            }

            @Override
            public <T> List<T> residual(ExpField<T> g, List<T> x) {
                return equations(g, payoffs, support, x, null);
            }
        };
        List<Interval> c = box.stream().map(Interval::mid).map(Interval::point).toList();
        List<List<Double>> inverse = Krawczyk.inverse(atZero(DoubleField.INSTANCE, support, dims, derivatives(
            DoubleField.INSTANCE, payoffs, support, c.stream().map(v -> v.mid().doubleValue()).toList(), null)));
        if (inverse == null) {
            return "the limit's system is singular in double precision at its centre";
        }
        List<List<Interval>> r = new ArrayList<>();
        for (List<Double> row : inverse) {
            r.add(row.stream().map(v -> Interval.point(new BigDecimal(v))).toList());
        }
        List<List<Interval>> jac = atZero(f, support, dims, derivatives(f, payoffs, support, box, null));
        List<Interval> image = EnumerationChecker.krawczyk(f, box, c, atZero.residual(f, c), jac, r);
        return Boxes.interior(image, box) ? null
            : "the Krawczyk test of the limit's box failed (K is not inside the interior of the box)";
    }

    @Override
    public boolean contains(List<RationalTensor> payoffs, List<Interval> box) {
        List<Rational> c = profile(center, payoffs.get(0).dims());
        for (int k = 0; k < c.size(); k++) {
            if (Rational.of(box.get(k).lo()).compareTo(c.get(k).subtract(radius)) < 0
                || Rational.of(box.get(k).hi()).compareTo(c.get(k).add(radius)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** A centre given on the supports as a full profile, player by player: 0 for the actions off the supports. */
    public List<Rational> profile(List<List<Rational>> onSupports, int[] dims) {
        List<Rational> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            for (int a = 0; a < dims[i]; a++) {
                int at = support.get(i).indexOf(a);
                out.add(at < 0 ? Rational.ZERO : onSupports.get(i).get(at));
            }
        }
        return out;
    }

    /** Null if the claim's data fit a game of these action counts, else the problem. */
    private String shape(int[] dims) {
        if (support.size() != dims.length || center.size() != dims.length) {
            return "the tail names supports and centres for " + support.size() + " and " + center.size()
                + " players, the game has " + dims.length;
        }
        for (int i = 0; i < dims.length; i++) {
            List<Integer> s = support.get(i);
            if (s.isEmpty() || s.size() != center.get(i).size()) {
                return "player " + (i + 1) + "'s support is empty or does not match its centre";
            }
            for (int k = 0; k < s.size(); k++) {
                if (s.get(k) < 0 || s.get(k) >= dims[i] || k > 0 && s.get(k) <= s.get(k - 1)) {
                    return "player " + (i + 1) + "'s support " + s + " is not an increasing list of its actions";
                }
                if (center.get(i).get(k).compareTo(radius) <= 0) {
                    return "player " + (i + 1) + "'s centre " + center.get(i) + " comes within the radius of 0";
                }
            }
        }
        if (radius.signum() <= 0 || lambda0.signum() <= 0) {
            return "the radius and lambda0 must be positive";
        }
        return null;
    }

    /** Null if the Krawczyk test over X × [0, 1/λ₀] proves the box, else the problem. */
    private String krawczyk(List<RationalTensor> payoffs) {
        DyadicField f = DyadicField.INSTANCE;
        int[] dims = payoffs.get(0).dims();
        List<DyadicInterval> x = new ArrayList<>();
        for (Rational c : profile(center, dims)) {
            x.add(f.of(c.subtract(radius)).to(f.of(c.add(radius))));
        }
        List<DyadicInterval> gaps = gaps(f, payoffs, x);
        Rational gamma = null;
        for (DyadicInterval d : gaps) {
            gamma = gamma == null ? d.hiRational().negate() : gamma.min(d.hiRational().negate());
        }
        DyadicInterval e0 = DyadicInterval.ZERO;
        DyadicInterval e1 = DyadicInterval.ZERO;
        if (gamma != null) {
            if (gamma.signum() <= 0) {
                return "an action off the supports is not worse than its player's first action of the support "
                    + "throughout the box (their payoff difference reaches " + gamma.negate().toBigDecimal(SHORT) + ")";
            }
            Rational product = lambda0.multiply(gamma);
            if (product.compareTo(Rational.ONE) < 0) {
                return "lambda0 gamma = " + product.toBigDecimal(SHORT) + " is below 1 (gamma = "
                    + gamma.toBigDecimal(SHORT) + ", the least margin of an action off the supports)";
            }
            DyadicInterval bound = DyadicInterval.of(StrictTail.expNegativeAbove(product));
            e0 = DyadicInterval.ZERO.to(bound);
            e1 = DyadicInterval.ZERO.to(bound.multiply(f.of(lambda0)));
        }
        DyadicInterval t = f.range(Rational.ZERO, lambda0.reciprocal());
        List<DyadicInterval> c = x.stream().map(DyadicInterval::midpoint).toList();
        List<DyadicInterval> g = new ArrayList<>(equations(f, payoffs, support, c, t));
        List<List<DyadicInterval>> jac = derivatives(f, payoffs, support, x, t);
        for (int i = 0, k = 0; i < dims.length; i++) {
            int b = k + support.get(i).get(0);
            for (int a = 0; a < dims[i]; a++, k++) {
                if (support.get(i).contains(a)) {
                    continue;
                }
                // σ_c − σ_b e^(D_c/t): at the centre within c_c − c_b[0, ε₀]; its slopes 1 in σ_c, −e^(D/t) in σ_b and
                // −σ_b (1/t)e^(D/t) ∂D_c in the other players' coordinates (the row holds ∂D_c)
                g.set(k, g.get(k).subtract(c.get(b).multiply(e0)));
                DyadicInterval w = x.get(b).multiply(e1).negate();
                List<DyadicInterval> r = jac.get(k);
                r.replaceAll(w::multiply);
                r.set(k, DyadicInterval.ONE);
                r.set(b, e0.negate());
            }
        }
        List<Double> cd = c.stream().map(DyadicInterval::estimate).toList();
        List<List<Double>> slopes = derivatives(DoubleField.INSTANCE, payoffs, support, cd,
            lambda0.reciprocal().doubleValue() / 2);
        List<List<DyadicInterval>> precondition = Krawczyk.preconditioner(atZero(DoubleField.INSTANCE, support, dims,
            slopes));
        if (precondition == null) {
            return "the system's Jacobian at the box's centre is singular in double precision";
        }
        List<Interval> image = EnumerationChecker.krawczyk(f, x, c, g, jac, precondition).stream()
            .map(f::toInterval).toList();
        return Boxes.interior(image, x.stream().map(f::toInterval).toList()) ? null
            : "the Krawczyk test over the box and lambda >= lambda0 failed (K is not inside the interior of the box)";
    }

    /**
     * H(σ, t) of the class comment in the field f, with σ_i(c) alone in the rows of the actions c off the supports
     * (their term σ_i(b_i)e^(D_c/t), which the field cannot enclose at t = 0, is the caller's); t null for t = 0
     * exactly, where H is the polynomial system of corollary 2 (no logarithm taken).
     */
    public static <T> List<T> equations(ExpField<T> f, List<RationalTensor> payoffs, List<List<Integer>> support,
                                        List<T> sigma, T t) {
        int[] dims = payoffs.get(0).dims();
        List<List<T>> s = split(sigma, dims);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            List<T> u = utilities(f, payoffs, s, i);
            int b = support.get(i).get(0);
            for (int a = 0; a < dims[i]; a++) {
                if (a == b) {
                    out.add(f.subtract(f.sum(s.get(i)), f.one()));
                } else if (support.get(i).contains(a)) {
                    T gap = f.subtract(u.get(a), u.get(b));
                    out.add(t == null ? gap : f.subtract(gap, f.multiply(t, f.subtract(f.log(s.get(i).get(a)),
                        f.log(s.get(i).get(b))))));
                } else {
                    out.add(s.get(i).get(a));
                }
            }
        }
        return out;
    }

    /** D_c(σ) = u_i(c, σ) − u_i(b_i, σ) for the actions c off the supports, player by player. */
    private <T> List<T> gaps(ExpField<T> f, List<RationalTensor> payoffs, List<T> sigma) {
        int[] dims = payoffs.get(0).dims();
        List<List<T>> s = split(sigma, dims);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            List<T> u = null;
            for (int a = 0; a < dims[i]; a++) {
                if (!support.get(i).contains(a)) {
                    u = u == null ? utilities(f, payoffs, s, i) : u;
                    out.add(f.subtract(u.get(a), u.get(support.get(i).get(0))));
                }
            }
        }
        return out;
    }

    /**
     * ∂H/∂σ of the class comment at (or, in an interval field, over) σ, except in the rows of the actions c off the
     * supports, which hold ∂D_c/∂σ (their ∂H is the caller's, {@link #atZero}): pair payoffs (∂u_i(a)/∂σ_j(e) =
     * u_i(a, e; σ₋ᵢⱼ)) in the other players' coordinates, 1 in the sums' rows, ∓t/σ in the player's own coordinates
     * (none for t null, t = 0 exactly).
     */
    public static <T> List<List<T>> derivatives(ExpField<T> f, List<RationalTensor> payoffs,
                                                List<List<Integer>> support, List<T> sigma, T t) {
        int[] dims = payoffs.get(0).dims();
        int[] offset = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            offset[i + 1] = offset[i] + dims[i];
        }
        List<List<T>> s = split(sigma, dims);
        List<List<T>> rows = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            List<T> data = payoffs.get(i).data().stream().map(f::of).toList();
            List<List<T>> pairs = RationalTensor.pairContractions(f, dims, data, s, i);
            int b = support.get(i).get(0);
            for (int a = 0; a < dims[i]; a++) {
                List<T> row = new ArrayList<>(Collections.nCopies(sigma.size(), f.zero()));
                if (a == b) {
                    for (int k = offset[i]; k < offset[i + 1]; k++) {
                        row.set(k, f.one());
                    }
                } else {
                    for (int j = 0; j < dims.length; j++) {
                        for (int e = 0; j != i && e < dims[j]; e++) {
                            row.set(offset[j] + e, f.subtract(pairs.get(j).get(RationalTensor.pairIndex(dims, i, j, a,
                                e)), pairs.get(j).get(RationalTensor.pairIndex(dims, i, j, b, e))));
                        }
                    }
                    if (support.get(i).contains(a) && t != null) {
                        row.set(offset[i] + a, f.negate(f.divide(t, s.get(i).get(a))));
                        row.set(offset[i] + b, f.divide(t, s.get(i).get(b)));
                    }
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * {@link #derivatives} with the rows of the actions off the supports replaced by e_c, their ∂H at t = 0 (where
     * H_c = σ_i(c)): the double Jacobian the solver's Newton and the checker's preconditioner use.
     */
    public static <T> List<List<T>> atZero(Field<T> f, List<List<Integer>> support, int[] dims,
                                           List<List<T>> derivatives) {
        List<List<T>> out = new ArrayList<>(derivatives);
        for (int i = 0, k = 0; i < dims.length; i++) {
            for (int a = 0; a < dims[i]; a++, k++) {
                if (!support.get(i).contains(a)) {
                    List<T> row = new ArrayList<>(Collections.nCopies(out.size(), f.zero()));
                    row.set(k, f.one());
                    out.set(k, row);
                }
            }
        }
        return out;
    }

    private static <T> List<T> utilities(ExpField<T> f, List<RationalTensor> payoffs, List<List<T>> s, int i) {
        List<T> data = payoffs.get(i).data().stream().map(f::of).toList();
        return RationalTensor.contract(f, payoffs.get(0).dims(), data, s, i);
    }

    /** A flat profile's coordinates player by player (views). */
    public static <T> List<List<T>> split(List<T> sigma, int[] dims) {
        List<List<T>> s = new ArrayList<>();
        for (int i = 0, offset = 0; i < dims.length; offset += dims[i], i++) {
            s.add(sigma.subList(offset, offset + dims[i]));
        }
        return s;
    }
}
