package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Dual;
import org.equivariant.arith.DualField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.io.DpomdpReader;
import org.equivariant.io.FormatException;
import org.equivariant.work.Limits;

/**
 * Independent replay of {@link StationaryCertificate}s (theorem STAT-K, proofs/STAT-K.md), in 62-bit dyadic interval
 * arithmetic: for each box X, with c its midpoint, R an approximate inverse of F′(c) (computed here, in double — any
 * R is sound) and F′(X) enclosed by forward-mode differentiation ({@link DualField}) over the box, the Krawczyk image
 * K = c − R·F(c) + (I − R·F′(X))(X − c) must lie in the interior of X: then X holds exactly one zero of F, i.e.
 * exactly one stationary point of the regularized objective. Boxes shown pairwise disjoint hold distinct points, so
 * k of them prove "not unique: at least k stationary points". Returns J and cross-play XP are enclosed over the
 * contracted boxes K ∩ X.
 */
public final class StationaryChecker {
    private StationaryChecker() {
    }

    /** The Krawczyk test of one box: whether K ⊂ int X, and K ∩ X (the point's enclosure) when it holds. */
    public record Test(boolean holds, List<Interval> image, List<Interval> enclosure) {
    }

    /** Runs the test; an ArithmeticException when the interval evaluation fails (e.g. the box leaves π &gt; 0). */
    public static Test test(StationarySystem sys, List<Interval> box) {
        int n = sys.size();
        if (box.size() != n) {
            throw new IllegalArgumentException("a box of " + box.size() + " coordinates, the system has " + n);
        }
        DyadicField f = DyadicField.INSTANCE;
        List<DyadicInterval> x = box.stream().map(f::of).toList();
        List<DyadicInterval> c = x.stream().map(DyadicInterval::midpoint).toList();
        List<DyadicInterval> g = sys.in(f).residual(c);
        List<List<DyadicInterval>> jac = jacobian(sys, new DualField<>(f), x);
        List<Double> cd = c.stream().map(v -> (v.loDouble() + v.hiDouble()) / 2).toList();
        List<List<Double>> approx = jacobian(sys, new DualField<>(DoubleField.INSTANCE), cd);
        List<List<Double>> inverse = LinearAlgebra.inverse(DoubleField.INSTANCE, approx);
        List<List<DyadicInterval>> r = new ArrayList<>();
        for (List<Double> row : inverse) {
            List<DyadicInterval> out = new ArrayList<>();
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new ArithmeticException("the Jacobian at the box's centre is singular in double precision");
                }
                out.add(DyadicInterval.ofDoubles(v, v));
            }
            r.add(out);
        }
        List<Interval> image = EnumerationChecker.krawczyk(f, x, c, g, jac, r).stream().map(f::toInterval).toList();
        boolean holds = Boxes.interior(image, box);
        return new Test(holds, image, holds ? Boxes.intersect(image, box) : null);
    }

    /** F′ over x, column by column: the derivative parts of F evaluated on (x, e_k). */
    public static <T> List<List<T>> jacobian(StationarySystem sys, DualField<T> d, List<T> x) {
        int n = x.size();
        StationarySystem.In<Dual<T>> in = sys.in(d);
        List<List<T>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ArrayList<>(n));
        }
        for (int k = 0; k < n; k++) {
            List<Dual<T>> point = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                point.add(j == k ? d.variable(x.get(j)) : d.constant(x.get(j)));
            }
            List<Dual<T>> column = in.residual(point);
            for (int i = 0; i < n; i++) {
                rows.get(i).add(column.get(i).d());
            }
        }
        return rows;
    }

    /** An enclosure of the return J over a box of policies. */
    public static Interval value(StationarySystem sys, List<Interval> box) {
        DyadicField f = DyadicField.INSTANCE;
        return f.toInterval(sys.in(f).value(box.stream().map(f::of).toList()));
    }

    /**
     * An enclosure of the cross-play XP(a, b): the mean of J over the 2ⁿ − 2 assignments in which some agents play
     * their policy from a and the others theirs from b (n the number of agents).
     */
    public static Interval crossPlay(StationarySystem sys, List<Interval> a, List<Interval> b) {
        DyadicField f = DyadicField.INSTANCE;
        int agents = sys.model().numAgents();
        DyadicInterval sum = DyadicInterval.ZERO;
        int masks = 0;
        for (int mask = 1; mask < (1 << agents) - 1; mask++) {
            List<DyadicInterval> mix = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                List<Interval> from = (mask >> i & 1) == 1 ? a : b;
                int lo = sys.index(i, 0, 0);
                int hi = i + 1 < agents ? sys.index(i + 1, 0, 0) : sys.size();
                for (int k = lo; k < hi; k++) {
                    mix.add(f.of(from.get(k)));
                }
            }
            sum = sum.add(sys.in(f).value(mix));
            masks++;
        }
        return f.toInterval(sum.multiply(f.of(Rational.of(1, masks))));
    }

    /** The outcome of replaying a certificate: each point's enclosure and J, distinctness, cross-play, findings. */
    public record Report(boolean valid, List<List<Interval>> enclosures, List<Interval> values, int distinct,
                         Interval[][] crossPlay, List<String> findings) {
    }

    /** The model a certificate is about, read from its embedded text as the solver read it. */
    public static DecPomdp model(StationaryCertificate c, Limits limits) {
        DpomdpReader.Options o = DpomdpReader.Options.DEFAULT.withLimits(limits).strict(c.strict());
        return DpomdpReader.load(c.source(), c.modelText(), o).model().withDiscount(c.discount());
    }

    public static Report check(StationaryCertificate c, Limits limits) {
        List<String> findings = new ArrayList<>();
        DecPomdp m;
        try {
            m = model(c, limits);
        } catch (FormatException e) {
            return new Report(false, List.of(), List.of(), 0, new Interval[0][0], List.of("the embedded model does "
                + "not load: " + e.getMessage()));
        }
        StationarySystem sys = new StationarySystem(m, c.horizon(), c.tau(), c.form());
        if (c.form() == StationarySystem.Form.A && !sys.unreachedHistories().isEmpty()) {
            return new Report(false, List.of(), List.of(), 0, new Interval[0][0], List.of("form A leaves the policy "
                + "free at unreached histories (" + sys.unreachedHistories().get(0) + ", …): no point is isolated"));
        }
        boolean valid = !c.boxes().isEmpty();
        List<List<Interval>> enclosures = new ArrayList<>();
        List<Interval> values = new ArrayList<>();
        Boxes.DistinctZeros zeros = new Boxes.DistinctZeros();
        boolean separated = true;
        for (int k = 0; k < c.boxes().size(); k++) {
            List<Interval> box = c.boxes().get(k);
            Test t;
            try {
                t = box.size() == sys.size() ? test(sys, box) : null;
            } catch (ArithmeticException e) {
                t = null;
                findings.add("point " + (k + 1) + ": the interval computation failed (" + e.getMessage() + ")");
            }
            if (t == null || !t.holds()) {
                valid = false;
                if (box.size() != sys.size()) {
                    findings.add("point " + (k + 1) + ": the box has " + box.size() + " coordinates, the policy "
                        + sys.size());
                } else if (t != null) {
                    findings.add("point " + (k + 1) + ": Krawczyk test failed (K is not inside the interior of the "
                        + "box)");
                }
                enclosures.add(null);
                values.add(null);
                continue;
            }
            enclosures.add(t.enclosure());
            Interval v = value(sys, t.enclosure());
            values.add(v);
            separated &= zeros.add(box, t.enclosure());
            findings.add("point " + (k + 1) + ": exactly one stationary point in the box; J in " + v.outward(15));
        }
        int agents = m.numAgents();
        Interval[][] xp = new Interval[enclosures.size()][enclosures.size()];
        for (int a = 0; a < enclosures.size(); a++) {
            for (int b = a + 1; b < enclosures.size(); b++) {
                if (enclosures.get(a) != null && enclosures.get(b) != null && agents >= 2) {
                    xp[a][b] = xp[b][a] = crossPlay(sys, enclosures.get(a), enclosures.get(b));
                }
            }
        }
        if (!separated) {
            findings.add("some boxes could be shown neither equal nor disjoint: the count below is a lower bound "
                + "of what they prove");
        }
        return new Report(valid, enclosures, values, zeros.enclosures().size(), xp, findings);
    }
}
