package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.equivariant.arith.DecimalField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.LogitFixedPoint;
import org.equivariant.game.NormalFormGame;

/**
 * Branch-and-bound enumeration of every logit QRE at precision λ over the whole product of simplices (an interval
 * Newton method; Moore, Kearfott). The QREs are the zeros of F(σ) = σ − T(σ), T(σ)_i = softmax(λ u_i(σ_{−i}))
 * ({@link LogitFixedPoint}, the certificate checker's own derivation). Starting from the a-priori box
 * σ_ia ∈ [1/(1 + (m_i − 1)e^{λ s_i}), 1/(1 + (m_i − 1)e^{−λ s_i})] (s_i the range of player i's payoffs), each box X
 * is
 * <ol>
 *   <li>contracted by X ← X ∩ T(X) and by Σ_a σ_ia = 1 (every zero in X satisfies both), and discarded if empty;</li>
 *   <li>tested with the Krawczyk operator K(X) = c − R F(c) + (I − R F'(X))(X − c): K(X) ∩ X = ∅ proves X has no
 *       zero; K(X) ⊂ int X proves it has exactly one (Krawczyk 1969; Rump, Acta Numerica 2010), which lies in
 *       K(X) ∩ X and is recorded; otherwise X ← X ∩ K(X);</li>
 *   <li>else bisected across its widest coordinate (off-centre, so that symmetric solutions do not sit on a cut).</li>
 * </ol>
 * A box contracted below 1e-12 is ε-inflated to Y ⊃ X and Y is tested instead (at the working precision K(X) ⊂ int X
 * cannot hold for a sliver). Boxes narrower than {@code minWidth}, or met after {@code maxBoxes} have been processed,
 * are returned undecided. Every zero lies in some leaf; a leaf is discarded only if it has no zero or its zeros are
 * the unique zero of a recorded box, and a new zero is recorded only if it is provably different from the recorded
 * ones (disjoint enclosures) or provably the same (one enclosure inside the other's box). So when no box is
 * undecided the QREs are exactly the recorded ones — a proof of uniqueness or of the exact number, independent of
 * the threshold theorems. All arithmetic is outward-rounded; only the preconditioner R is computed approximately (any R
 * gives valid conclusions).
 */
public final class QreEnumeration {
    private static final Rational CUT = Rational.of(29, 61);
    private static final BigDecimal INFLATE_BELOW = new BigDecimal("1e-12");

    private QreEnumeration() {
    }

    public record Options(int digits, int maxBoxes, BigDecimal minWidth) {
        public static Options defaults() {
            return new Options(30, 20_000, new BigDecimal("1e-20"));
        }
    }

    /** Boxes each containing exactly one QRE, boxes left undecided, and the number of boxes processed. */
    public record Result(List<List<Interval>> solutions, List<List<Interval>> undecided, int boxes) {
        public Result {
            solutions = List.copyOf(solutions);
            undecided = List.copyOf(undecided);
        }

        /** Whether the enumeration is a proof: no box is undecided, so the QREs are exactly {@link #solutions}. */
        public boolean complete() {
            return undecided.isEmpty();
        }
    }

    public static Result enumerate(NormalFormGame game, Rational lambda, Options o) {
        if (lambda.signum() < 0) {
            throw new IllegalArgumentException("λ must be non-negative, got " + lambda);
        }
        IntervalField f = new IntervalField(o.digits());
        LogitFixedPoint<Interval> system = new LogitFixedPoint<>(f, game.payoffs(), f.of(lambda));
        DecimalField df = DecimalField.ofDigits(20);
        LogitFixedPoint<BigDecimal> approx = new LogitFixedPoint<>(df, game.payoffs(), df.of(lambda));
        int[] dims = game.dims();
        Deque<List<Interval>> stack = new ArrayDeque<>();
        stack.push(initialBox(game, lambda, f));
        List<Found> found = new ArrayList<>();
        List<List<Interval>> undecided = new ArrayList<>();
        int processed = 0;
        while (!stack.isEmpty()) {
            List<Interval> x = stack.pop();
            processed++;
            if (processed > o.maxBoxes()) {
                undecided.add(x);
                continue;
            }
            boolean split = true;
            for (int round = 0; round < 8 && x != null; round++) {
                BigDecimal before = maxWidth(x);
                x = contract(x, system.response(x), dims, f);
                if (x == null) {
                    break;
                }
                Krawczyk k = krawczyk(system, approx, df, x, f);
                if (k == null) {
                    x = null;
                    break;
                }
                if (k.interior()) {
                    split = !record(found, x, k.box());
                    break;
                }
                x = k.box();
                if (maxWidth(x).compareTo(INFLATE_BELOW) < 0) {
                    // contracted to a sliver around a zero: K(X) ⊂ int X fails at the working precision, so test an
                    // ε-inflated box Y ⊃ X instead (Rump's ε-inflation); a zero certified in Y is X's only candidate
                    List<Interval> y = inflate(x, maxWidth(x).multiply(BigDecimal.valueOf(1000))
                        .max(BigDecimal.ONE.scaleByPowerOfTen(-(o.digits() - 10))));
                    Krawczyk ky = krawczyk(system, approx, df, y, f);
                    if (ky != null && ky.interior()) {
                        split = !record(found, y, ky.box());
                    }
                    break;
                }
                if (maxWidth(x).compareTo(before.multiply(new BigDecimal("0.9"))) > 0) {
                    break;
                }
            }
            if (x == null || !split) {
                continue;
            }
            if (maxWidth(x).compareTo(o.minWidth()) < 0) {
                undecided.add(x);
                continue;
            }
            int widest = 0;
            for (int k = 1; k < x.size(); k++) {
                if (x.get(k).width().compareTo(x.get(widest).width()) > 0) {
                    widest = k;
                }
            }
            Interval w = x.get(widest);
            BigDecimal cut = w.lo().add(w.width().multiply(CUT.toBigDecimal(new MathContext(20)))).round(
                new MathContext(o.digits()));
            List<Interval> left = new ArrayList<>(x);
            left.set(widest, new Interval(w.lo(), cut));
            List<Interval> right = new ArrayList<>(x);
            right.set(widest, new Interval(cut, w.hi()));
            stack.push(right);
            stack.push(left);
        }
        return new Result(found.stream().map(Found::enclosure).toList(), undecided, processed);
    }

    /** A zero known to be the only one in {@code box} and to lie in {@code enclosure} ⊂ box. */
    private record Found(List<Interval> box, List<Interval> enclosure) {
    }

    /**
     * Records the unique zero of {@code box} (enclosed by {@code enclosure}) unless it is one already found: if either
     * enclosure lies in the other's box, uniqueness in that box makes the zeros equal. Returns false when the two
     * cannot be told apart (enclosures overlap without containment); the caller then keeps splitting.
     */
    private static boolean record(List<Found> found, List<Interval> box, List<Interval> enclosure) {
        for (Found other : found) {
            if (inside(enclosure, other.box()) || inside(other.enclosure(), box)) {
                return true;
            }
            if (!disjoint(enclosure, other.enclosure())) {
                return false;
            }
        }
        found.add(new Found(box, enclosure));
        return true;
    }

    private static boolean inside(List<Interval> a, List<Interval> b) {
        for (int k = 0; k < a.size(); k++) {
            if (!a.get(k).isSubsetOf(b.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean disjoint(List<Interval> a, List<Interval> b) {
        for (int k = 0; k < a.size(); k++) {
            if (a.get(k).isDisjointFrom(b.get(k))) {
                return true;
            }
        }
        return false;
    }

    private static List<Interval> inflate(List<Interval> x, BigDecimal r) {
        return x.stream().map(i -> i.inflate(r)).toList();
    }

    /** The a-priori box: on the simplex u_i(a) − u_i(b) ∈ [−s_i, s_i], which bounds every logit response. */
    static List<Interval> initialBox(NormalFormGame game, Rational lambda, IntervalField f) {
        List<Interval> box = new ArrayList<>();
        for (int i = 0; i < game.numPlayers(); i++) {
            RationalTensor t = game.payoffs().get(i);
            Rational lo = t.data().stream().reduce(Rational::min).orElseThrow();
            Rational hi = t.data().stream().reduce(Rational::max).orElseThrow();
            Interval spread = f.multiply(f.of(lambda), f.of(hi.subtract(lo)));
            Interval others = f.of(Rational.of(game.numActions(i) - 1));
            Interval low = f.divide(f.one(), f.add(f.one(), f.multiply(others, f.exp(spread))));
            Interval high = f.divide(f.one(), f.add(f.one(), f.multiply(others, f.exp(f.negate(spread)))));
            for (int a = 0; a < game.numActions(i); a++) {
                box.add(new Interval(low.lo(), high.hi()));
            }
        }
        return box;
    }

    /** X ∩ T(X), then σ_ia ∈ 1 − Σ_{b≠a} X_ib; null if empty. */
    private static List<Interval> contract(List<Interval> x, List<Interval> image, int[] dims, IntervalField f) {
        List<Interval> out = new ArrayList<>();
        for (int k = 0; k < x.size(); k++) {
            if (x.get(k).isDisjointFrom(image.get(k))) {
                return null;
            }
            out.add(x.get(k).intersect(image.get(k)));
        }
        int offset = 0;
        for (int d : dims) {
            for (int a = 0; a < d; a++) {
                Interval rest = f.one();
                for (int b = 0; b < d; b++) {
                    if (b != a) {
                        rest = f.subtract(rest, out.get(offset + b));
                    }
                }
                if (out.get(offset + a).isDisjointFrom(rest)) {
                    return null;
                }
                out.set(offset + a, out.get(offset + a).intersect(rest));
            }
            offset += d;
        }
        return out;
    }

    /** The Krawczyk image intersected with X (null when disjoint: no zero), and whether it lies in int X. */
    private record Krawczyk(List<Interval> box, boolean interior) {
    }

    private static Krawczyk krawczyk(LogitFixedPoint<Interval> system, LogitFixedPoint<BigDecimal> approx,
                                     DecimalField df, List<Interval> x, IntervalField f) {
        int n = x.size();
        List<Interval> c = new ArrayList<>();
        List<BigDecimal> cd = new ArrayList<>();
        for (Interval xi : x) {
            BigDecimal m = xi.mid().max(xi.lo()).min(xi.hi());
            c.add(Interval.point(m));
            cd.add(m);
        }
        List<List<Interval>> r = new ArrayList<>();
        try {
            for (List<BigDecimal> row : LinearAlgebra.inverse(df, approx.jacobian(cd))) {
                r.add(row.stream().map(v -> f.of(Rational.of(v.round(new MathContext(15))))).toList());
            }
        } catch (ArithmeticException singular) {
            return new Krawczyk(x, false);
        }
        List<Interval> dx = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            dx.add(f.subtract(x.get(k), c.get(k)));
        }
        List<List<Interval>> rj = LinearAlgebra.multiply(f, r, system.jacobian(x));
        List<List<Interval>> m = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Interval> row = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                row.add(f.subtract(i == j ? f.one() : f.zero(), rj.get(i).get(j)));
            }
            m.add(row);
        }
        List<Interval> rfc = LinearAlgebra.apply(f, r, system.residual(c));
        List<Interval> mdx = LinearAlgebra.apply(f, m, dx);
        List<Interval> out = new ArrayList<>();
        boolean interior = true;
        for (int k = 0; k < n; k++) {
            Interval kk = f.add(f.subtract(c.get(k), rfc.get(k)), mdx.get(k));
            if (kk.isDisjointFrom(x.get(k))) {
                return null;
            }
            interior &= kk.isInteriorTo(x.get(k));
            out.add(kk.intersect(x.get(k)));
        }
        return new Krawczyk(out, interior);
    }

    private static BigDecimal maxWidth(List<Interval> x) {
        BigDecimal w = BigDecimal.ZERO;
        for (Interval i : x) {
            w = w.max(i.width());
        }
        return w;
    }
}
