package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Dual;
import org.equivariant.arith.DualField;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.LinearAlgebra;

/**
 * The Krawczyk test of a box for any {@link SmoothSystem}, in 62-bit dyadic interval arithmetic: with c the box's
 * midpoint, R an approximate inverse of F′(c) (computed here in double — any R is sound) and F′(X) enclosed by
 * forward-mode dual numbers ({@link DualField}) over the box, K = c − R·F(c) + (I − R·F′(X))(X − c); K ⊂ int X proves
 * that X holds exactly one zero of F, and that it lies in K ∩ X (Krawczyk 1969; Neumaier 1990, Thm. 5.1.7–5.1.8; the
 * argument is written out in proofs/STAT-K.md (2)). Used by the Dec-POMDP stationary-point and Markov-QRE checkers.
 */
public final class Krawczyk {
    private Krawczyk() {
    }

    /** Whether K ⊂ int X, the image K, and K ∩ X (the zero's enclosure) when it holds. */
    public record Test(boolean holds, List<Interval> image, List<Interval> enclosure) {
    }

    /** Runs the test; an ArithmeticException when the interval evaluation fails (e.g. a logarithm of a box ∋ 0). */
    public static Test test(SmoothSystem sys, List<Interval> box) {
        int n = sys.size();
        if (box.size() != n) {
            throw new IllegalArgumentException("a box of " + box.size() + " coordinates, the system has " + n);
        }
        DyadicField f = DyadicField.INSTANCE;
        List<DyadicInterval> x = box.stream().map(f::of).toList();
        List<DyadicInterval> c = x.stream().map(DyadicInterval::midpoint).toList();
        List<DyadicInterval> g = sys.residual(f, c);
        List<List<DyadicInterval>> jac = jacobian(sys, new DualField<>(f), x);
        List<Double> cd = c.stream().map(v -> (v.loDouble() + v.hiDouble()) / 2).toList();
        List<List<DyadicInterval>> r = preconditioner(jacobian(sys, new DualField<>(DoubleField.INSTANCE), cd));
        if (r == null) {
            throw new ArithmeticException("the Jacobian at the box's centre is singular in double precision");
        }
        List<Interval> image = EnumerationChecker.krawczyk(f, x, c, g, jac, r).stream().map(f::toInterval).toList();
        if (!Boxes.interior(image, box)) {
            // F(c) in 62 bits carries the roundings of its largest terms (a Markov QRE's (Q − V)/τ at τ = 10⁻⁴, terms
            // of 10⁵ for a residual of 10⁻¹¹), which R amplifies past a box small enough for J to vary little over it:
            // the same test with F(c) in decimal intervals of RESIDUAL_DIGITS digits (one evaluation)
            IntervalField precise = new IntervalField(RESIDUAL_DIGITS);
            List<DyadicInterval> exact = sys.residual(precise, c.stream().map(DyadicInterval::toInterval).toList())
                .stream().map(DyadicInterval::of).toList();
            image = EnumerationChecker.krawczyk(f, x, c, exact, jac, r).stream().map(f::toInterval).toList();
        }
        boolean holds = Boxes.interior(image, box);
        return new Test(holds, image, holds ? Boxes.intersect(image, box) : null);
    }

    /** The digits of F(c) when the 62-bit test fails ({@link #test}). */
    private static final int RESIDUAL_DIGITS = 40;

    /**
     * A preconditioner: the inverse of a Jacobian in double, or null where an entry is not finite (the Jacobian is
     * singular in double precision). Any matrix is sound in the operator; this one makes it contract.
     */
    public static List<List<Double>> inverse(List<List<Double>> jacobian) {
        List<List<Double>> inverse = LinearAlgebra.inverse(DoubleField.INSTANCE, jacobian);
        return inverse.stream().allMatch(row -> row.stream().allMatch(Double::isFinite)) ? inverse : null;
    }

    /** {@link #inverse} as point intervals of the 62-bit arithmetic the tests run in; or null where it is null. */
    public static List<List<DyadicInterval>> preconditioner(List<List<Double>> jacobian) {
        List<List<Double>> inverse = inverse(jacobian);
        return inverse == null ? null : inverse.stream().map(row -> row.stream()
            .map(v -> DyadicInterval.ofDoubles(v, v)).toList()).toList();
    }

    /**
     * A checker's attempt at one claimed box: the test, or null when the box has the wrong number of coordinates or
     * the interval evaluation fails — then {@code findings} gets "{@code label}: …" with the reason ({@code system}
     * names what the coordinates belong to in that message).
     */
    public static Test attempt(SmoothSystem sys, List<Interval> box, String label, String system,
                               List<String> findings) {
        if (box.size() != sys.size()) {
            findings.add(label + ": the box has " + box.size() + " coordinates, " + system + " " + sys.size());
            return null;
        }
        try {
            return test(sys, box);
        } catch (ArithmeticException e) {
            findings.add(label + ": the interval computation failed (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Whether a test (from {@link #attempt}; null when it could not run, {@code findings} already saying why) proves
     * its box; a test that ran and failed adds "{@code label}: Krawczyk test failed (K is not inside the interior of
     * the box)".
     */
    public static boolean accepted(Test t, String label, List<String> findings) {
        if (t != null && !t.holds()) {
            findings.add(label + ": Krawczyk test failed (K is not inside the interior of the box)");
        }
        return t != null && t.holds();
    }

    /** F′ at (or over) x, as rows: column k is the derivative part of F evaluated on (x, e_k). */
    public static <T> List<List<T>> jacobian(SmoothSystem sys, DualField<T> d, List<T> x) {
        int n = x.size();
        List<List<T>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new ArrayList<>(n));
        }
        for (int k = 0; k < n; k++) {
            List<Dual<T>> point = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                point.add(j == k ? d.variable(x.get(j)) : d.constant(x.get(j)));
            }
            List<Dual<T>> column = sys.residual(d, point);
            for (int i = 0; i < n; i++) {
                rows.get(i).add(column.get(i).d());
            }
        }
        return rows;
    }
}
