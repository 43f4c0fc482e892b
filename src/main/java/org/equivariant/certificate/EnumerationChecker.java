package org.equivariant.certificate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * Independent checker of {@link EnumerationCertificate}s, and the interval operators both it and the branch-and-bound
 * use (written against {@code arith} and {@link PayoffDifferences} only). The boxes are in payoff-difference
 * coordinates v (one zero of G(v) = v − λ D(σ(v)) for each QRE). Replaying the tree proves: the root box contains the
 * a-priori box v_ia ∈ λ·[min, max] of D_i(a, ·) over the others' pure profiles, hence every QRE's v; every step keeps
 * every zero of its box inside the boxes below it; so every QRE lies in a {@code unique} leaf's verification box (or
 * an {@code open} leaf). Zeros of different {@code unique} leaves are counted once: equal when one enclosure lies in
 * the other's verification box, distinct when the enclosures are disjoint; anything else is rejected.
 */
public final class EnumerationChecker {
    private EnumerationChecker() {
    }

    /**
     * The verdict: where valid, every QRE lies in one of {@code enclosures} — each the profile σ(K) of a counted zero's
     * enclosure K, the players' probabilities in order — or of {@code open}, the profiles σ(X) of the open leaves'
     * boxes X; with none open ({@link #complete}) the QREs are exactly the counted ones.
     */
    public record Report(boolean valid, List<List<Interval>> enclosures, List<List<Interval>> open,
                         List<String> findings) {
        public Report {
            enclosures = enclosures.stream().map(List::copyOf).toList();
            open = open.stream().map(List::copyOf).toList();
            findings = List.copyOf(findings);
        }

        /** Whether the tree was accepted with no leaf open, so that the counted QREs are all of them. */
        public boolean complete() {
            return valid && open.isEmpty();
        }
    }

    /**
     * The a-priori box λ·[min, max] per coordinate ({@link PayoffDifferences#differenceRanges}), with λ the interval of
     * a range (so it holds the zeros of every λ′ in it).
     */
    public static List<Interval> aPriori(PayoffDifferences<Interval> system, Interval lambda, IntervalField f) {
        List<Interval> box = new ArrayList<>();
        for (Rational[] r : system.differenceRanges()) {
            box.add(f.multiply(lambda, f.of(r[0]).hull(f.of(r[1]))));
        }
        return box;
    }

    /** X ∩ λ D(σ(X)): every zero of G in X lies in the result; null if it is empty. */
    public static List<Interval> respond(PayoffDifferences<Interval> system, List<Interval> x) {
        return Boxes.intersect(x, system.image(x));
    }

    /**
     * The Krawczyk operator K(X) = c − R F(c) + (I − R F'(X))(X − c) for c ∈ X (Krawczyk 1969; Rump, Acta Numerica
     * 2010): every zero of F in X lies in K(X); K(X) ⊂ int X proves exactly one zero in X.
     */
    public static List<Interval> krawczyk(PayoffDifferences<Interval> system, List<Interval> x, List<Interval> c,
                                          List<List<Interval>> r, IntervalField f) {
        return krawczyk(f, x, c, system.residual(c), system.jacobian(x), r);
    }

    /**
     * K = c − R·g + (I − R·J)(X − c) for a residual enclosure g ∋ F(c) and an enclosure J of F' over X: the operator
     * of the Krawczyk test, for any system (the QRE boxes, the enumeration, the branch pieces).
     */
    public static <T> List<T> krawczyk(org.equivariant.arith.Field<T> f, List<T> x, List<T> c, List<T> g,
                                       List<List<T>> jacobian, List<List<T>> r) {
        return krawczykImage(f, x, c, g, contraction(f, jacobian, r), r);
    }

    /**
     * I − R·J, the operator's linear part. An enclosure J of F' over a box X₀ encloses it over every X ⊆ X₀ too, so
     * the same matrix serves the operator on the boxes a narrowing inside X₀ produces. (In the dyadic field
     * {@link LinearAlgebra#multiply} forms R·J by the rigorous double midpoint–radius product.)
     */
    public static <T> List<List<T>> contraction(org.equivariant.arith.Field<T> f, List<List<T>> jacobian,
                                                List<List<T>> r) {
        return LinearAlgebra.identityMinus(f, LinearAlgebra.multiply(f, r, jacobian));
    }

    /** K = c − R·g + M·(X − c) with M = I − R·J from {@link #contraction}. */
    public static <T> List<T> krawczykImage(org.equivariant.arith.Field<T> f, List<T> x, List<T> c, List<T> g,
                                            List<List<T>> m, List<List<T>> r) {
        return krawczykImage(f, x, c, g, LinearAlgebra.applying(f, m), LinearAlgebra.applying(f, r));
    }

    /** {@link #krawczykImage} with the products by M and R prepared ({@link LinearAlgebra#applying}). */
    public static <T> List<T> krawczykImage(org.equivariant.arith.Field<T> f, List<T> x, List<T> c, List<T> g,
                                            UnaryOperator<List<T>> m, UnaryOperator<List<T>> r) {
        int n = x.size();
        List<T> rfc = r.apply(g);
        List<T> mdx = m.apply(LinearAlgebra.subtract(f, x, c));
        List<T> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(f.add(f.subtract(c.get(k), rfc.get(k)), mdx.get(k)));
        }
        return out;
    }

    /** A refusal: not valid, nothing enclosed. */
    private static Report refused(List<String> findings) {
        return new Report(false, List.of(), List.of(), findings);
    }

    public static Report check(EnumerationCertificate c) {
        try {
            return checkOrThrow(c);
        } catch (ArithmeticException e) {
            return refused(List.of("the interval computation failed (" + e.getMessage()
                + "): the claims cannot be verified"));
        }
    }

    private static Report checkOrThrow(EnumerationCertificate c) {
        List<String> findings = new ArrayList<>();
        if (!RationalTensor.sha256(c.payoffs()).equals(c.sha256())) {
            return refused(List.of("game hash mismatch: payoffs hash to "
                + RationalTensor.sha256(c.payoffs()) + ", certificate says " + c.sha256()));
        }
        if (c.lambda().signum() < 0 || c.lambdaHi().compareTo(c.lambda()) < 0 || c.digits() < 10
            || c.digits() > CertificateJson.MAX_DIGITS) {
            return refused(List.of("λ must be non-negative and the precision 10.."
                + CertificateJson.MAX_DIGITS + " digits"));
        }
        IntervalField f = new IntervalField(c.digits());
        // λ as an interval: every operation encloses its result for every λ′ in [λ, lambdaHi] (UNIQ-BB)
        Interval lambda = lambdaRange(c.lambda(), c.lambdaHi(), f);
        PayoffDifferences<Interval> system = new PayoffDifferences<>(f, c.payoffs(), lambda);
        int n = system.size();
        if (c.root().box().size() != n || !Boxes.inside(aPriori(system, lambda, f), c.root().box())) {
            return refused(List.of("the root box does not contain the a-priori box of "
                + "all QREs"));
        }
        Boxes.DistinctZeros zeros = new Boxes.DistinctZeros();
        List<List<Interval>> open = new ArrayList<>();
        int steps = 0;
        Deque<EnumerationCertificate.Node> stack = new ArrayDeque<>(List.of(c.root()));
        while (!stack.isEmpty()) {
            EnumerationCertificate.Node node = stack.pop();
            steps++;
            List<Interval> x = node.box();
            String problem = null;
            try {
            if (x.size() != n) {
                problem = "box has " + x.size() + " coordinates, expected " + n;
            } else if (node instanceof EnumerationCertificate.Split s) {
                problem = splitProblem(s);
                stack.push(s.right());
                stack.push(s.left());
            } else if (node instanceof EnumerationCertificate.Contract k) {
                List<Interval> image = apply(k.op(), system, x, f);
                if (image != null && !Boxes.inside(image, k.next().box())) {
                    problem = "the next box does not contain X ∩ Op(X)";
                }
                stack.push(k.next());
            } else if (node instanceof EnumerationCertificate.Empty e) {
                if (apply(e.op(), system, x, f) != null) {
                    problem = "X ∩ Op(X) is not empty";
                }
            } else if (node instanceof EnumerationCertificate.Unique u) {
                List<Interval> y = u.verify();
                List<Interval> k = y.size() == n && Boxes.inside(x, y) && !u.krawczyk().isResponse()
                    ? apply(u.krawczyk(), system, y, f) : null;
                if (k == null || !Boxes.interior(k, y)) {
                    problem = "Krawczyk test failed on the verification box (or it does not contain the box)";
                } else if (!zeros.add(y, k)) {
                    problem = "a zero cannot be told apart from an earlier one (overlapping enclosures)";
                }
            } else {
                open.add(system.flatProfile(x));
            }
            } catch (IllegalArgumentException bad) {
                problem = bad.getMessage();
            }
            if (problem != null) {
                findings.add("step " + steps + ": " + problem);
                return refused(findings);
            }
        }
        List<List<Interval>> found = zeros.enclosures().stream().map(system::flatProfile).toList();
        findings.add(steps + " steps replayed; " + found.size() + " distinct QRE" + (found.size() == 1 ? "" : "s")
            + (open.isEmpty() ? ", no open box: these are all the QREs" : "; open boxes remain: at least that many"));
        return new Report(true, found, open, findings);
    }

    /** [lo, hi] rounded outward at the field's precision. */
    public static Interval lambdaRange(Rational lo, Rational hi, IntervalField f) {
        return f.of(lo).hull(f.of(hi));
    }

    /** X ∩ Op(X) (null if empty); for Krawczyk the centre must lie in X and R be n×n. */
    private static List<Interval> apply(EnumerationCertificate.Op op, PayoffDifferences<Interval> system,
                                        List<Interval> x, IntervalField f) {
        if (op.isResponse()) {
            return respond(system, x);
        }
        int n = x.size();
        if (op.center().size() != n || op.preconditioner().size() != n
            || op.preconditioner().stream().anyMatch(row -> row.size() != n)) {
            throw new IllegalArgumentException("Krawczyk centre or preconditioner has the wrong size");
        }
        List<Interval> c = op.center().stream().map(Interval::point).toList();
        for (int k = 0; k < n; k++) {
            if (!x.get(k).contains(op.center().get(k))) {
                throw new IllegalArgumentException("Krawczyk centre lies outside the box in coordinate " + k);
            }
        }
        List<List<Interval>> r = op.preconditioner().stream().map(row -> row.stream().map(f::of).toList()).toList();
        List<Interval> k = krawczyk(system, x, c, r, f);
        List<Interval> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (k.get(i).isDisjointFrom(x.get(i))) {
                return null;
            }
            out.add(k.get(i).intersect(x.get(i)));
        }
        return out;
    }

    private static String splitProblem(EnumerationCertificate.Split s) {
        List<Interval> x = s.box();
        int k = s.coordinate();
        if (k < 0 || k >= x.size() || s.at().compareTo(x.get(k).lo()) <= 0 || s.at().compareTo(x.get(k).hi()) >= 0) {
            return "the cut is not strictly inside the box";
        }
        for (int i = 0; i < x.size(); i++) {
            Interval l = i == k ? new Interval(x.get(k).lo(), s.at()) : x.get(i);
            Interval r = i == k ? new Interval(s.at(), x.get(k).hi()) : x.get(i);
            if (!same(l, s.left().box().get(i)) || !same(r, s.right().box().get(i))) {
                return "the children are not the two halves of the box";
            }
        }
        return null;
    }

    private static boolean same(Interval a, Interval b) {
        return a.lo().compareTo(b.lo()) == 0 && a.hi().compareTo(b.hi()) == 0;
    }
}
