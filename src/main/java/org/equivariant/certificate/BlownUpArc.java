package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;

/**
 * A branch leaving a singular point of the logit correspondence, desingularized by a blow-up: a system G(θ; ε) of n
 * equations in n unknowns θ (λ last) and a parameter ε whose zeros for ε ≠ 0 are QREs off the singular curve and at
 * ε = 0 the singular points themselves — {@link LeavingArc} for pinned players (theorem PIN-SUB (6)),
 * {@link SymmetricArc} for a symmetry-breaking pitchfork (theorem SYM-PF). A {@link Piece} is a box X around θ and a
 * range E of ε; the Krawczyk test over X × E, with G(c; E) taken as G(c; m) + ∂_εG(c; E)·(E − m), proves, for every
 * ε ∈ E, exactly one zero in X, varying continuously with ε (the implicit function theorem: every Jacobian in the
 * enclosure is non-singular) — so the pieces of a chain from ε = 0, each piece's zero at its end lying in the next
 * piece's box, trace one arc of QREs out of the singular point. Subclasses give the system's three enclosures.
 */
public abstract class BlownUpArc {
    /**
     * A box c ± r (every coordinate) in θ (λ last), for ε from {@code from} to {@code to}, and its preconditioner.
     */
    public record Piece(Rational from, Rational to, List<Rational> center, Rational radius,
                        List<List<Rational>> preconditioner) {
        public Piece {
            center = List.copyOf(center);
            preconditioner = preconditioner.stream().map(List::copyOf).toList();
        }
    }

    static final DyadicField F = DyadicField.INSTANCE;

    /** The normalization row ℓᵀw − 1, w the entries of θ from index {@code from} on, one per entry of ℓ. */
    static <T> T normalization(org.equivariant.arith.Field<T> f, List<Rational> normal, List<T> theta, int from) {
        T out = f.negate(f.one());
        for (int k = 0; k < normal.size(); k++) {
            out = f.add(out, f.multiply(f.of(normal.get(k)), theta.get(from + k)));
        }
        return out;
    }

    /** n, the number of unknowns θ (and of equations). */
    final int n;

    BlownUpArc(int n) {
        this.n = n;
    }

    /** An enclosure of G at the point θ and the single ε = m. */
    abstract List<DyadicInterval> value(List<DyadicInterval> theta, Rational m);

    /** An enclosure of ∂G/∂ε at the point θ for every ε in E. */
    abstract List<DyadicInterval> slope(List<DyadicInterval> theta, DyadicInterval eps);

    /** An enclosure of the Jacobian ∂G/∂θ over the box θ for every ε in E. */
    abstract List<List<DyadicInterval>> jacobian(List<DyadicInterval> theta, DyadicInterval eps);

    /** The game's profile σ over an enclosure of θ at a single ε, as intervals. */
    public abstract List<Interval> profileAt(List<Interval> theta, Rational eps);

    /**
     * The Krawczyk test of a piece: K(X) = c − R·G(c; E) + (I − R·G′(X; E))(X − c), with R·G(c; E) enclosed by
     * R·G(c; m) + (R·∂_εG(c; E))·(E − m) (m the middle of the range) and G′(X; E) the Jacobian over the box; K ∩ X
     * when K ⊂ int X (every ε in E has exactly one zero in X, and it lies in K), else null.
     */
    public List<Interval> test(Piece p) {
        return krawczyk(p, F.range(p.from(), p.to()), p.from().add(p.to()).divide(Rational.TWO));
    }

    /**
     * An enclosure of the piece's one zero at the single ε = {@code eps} (in its range), or null if the piece fails
     * its test there: K ∩ X, then {@value #NARROWING} Krawczyk steps X ← K(X) ∩ X about the midpoints (each K holds
     * every zero in X, so the zero stays enclosed).
     */
    public List<Interval> at(Piece p, Rational eps) {
        return narrowed(p, eps, null);
    }

    /**
     * Whether the zero of {@code previous} at ε = {@code eps} lies in the box of {@code next}: whether {@link #at}'s
     * enclosure does, asked after each of its narrowing steps — each step's box lies in the one before, so a box
     * inside {@code next} stays inside, and the answer is {@code inside(at(previous, eps), next)}, mostly without the
     * steps.
     */
    public boolean joins(Piece previous, Rational eps, Piece next) {
        return narrowed(previous, eps, next) != null;
    }

    /** {@link #at}'s enclosure, or with {@code until} its first box inside that piece's box (null when none is). */
    private List<Interval> narrowed(Piece p, Rational eps, Piece until) {
        List<Interval> box = eps.compareTo(p.from()) < 0 || eps.compareTo(p.to()) > 0 ? null
            : krawczyk(p, null, eps);
        if (box == null) {
            return null;
        }
        DyadicInterval e = F.of(eps);
        List<List<DyadicInterval>> r = preconditioner(p);
        for (int step = 0; step < NARROWING; step++) {
            if (until != null && inside(box, until)) {
                return box;
            }
            List<DyadicInterval> x = box.stream().map(F::of).toList();
            List<DyadicInterval> c = box.stream().map(v -> F.of(Rational.of(v.mid()))).toList();
            List<DyadicInterval> k = EnumerationChecker.krawczyk(F, x, c, value(c, eps), jacobian(x, e), r);
            List<Interval> next = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                next.add(F.toInterval(k.get(i)).intersect(box.get(i)));
            }
            box = next;
        }
        return until == null || inside(box, until) ? box : null;
    }

    /** Krawczyk steps that narrow the enclosure of a zero at a single ε. */
    static final int NARROWING = 4;

    private static List<List<DyadicInterval>> preconditioner(Piece p) {
        return p.preconditioner().stream().map(row -> row.stream().map(F::of).toList()).toList();
    }

    /**
     * How far the piece's Krawczyk image over its range reaches from the centre, max |K_i − c_i| (∞ when it cannot be
     * formed): a box whose radius exceeds it may pass the test where this one failed (the search's ε-inflation).
     */
    public double imageReach(Piece p) {
        List<DyadicInterval> k = image(p, box(p), F.range(p.from(), p.to()), p.from().add(p.to()).divide(
            Rational.TWO));
        if (k == null) {
            return Double.POSITIVE_INFINITY;
        }
        double reach = 0;
        for (int i = 0; i < n; i++) {
            Interval ki = F.toInterval(k.get(i));
            double c = p.center().get(i).doubleValue();
            reach = Math.max(reach, Math.max(Math.abs(ki.hi().doubleValue() - c), Math.abs(ki.lo().doubleValue() - c)));
        }
        return reach;
    }

    /** The test over the range {@code eps} of ε around its point m, or at the single ε = m when {@code eps} is null. */
    private List<Interval> krawczyk(Piece p, DyadicInterval eps, Rational m) {
        List<DyadicInterval> x = box(p);
        List<DyadicInterval> k = image(p, x, eps, m);
        if (k == null) {
            return null;
        }
        List<Interval> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Interval ki = F.toInterval(k.get(i));
            Interval xi = F.toInterval(x.get(i));
            if (!ki.isInteriorTo(xi)) {
                return null;
            }
            out.add(ki.intersect(xi));
        }
        return out;
    }

    /** The piece's box X = c ± r, every coordinate; null if the piece is malformed. */
    private List<DyadicInterval> box(Piece p) {
        if (p.center().size() != n || p.preconditioner().size() != n
            || p.preconditioner().stream().anyMatch(r -> r.size() != n) || p.radius().signum() <= 0
            || p.from().compareTo(p.to()) >= 0) {
            return null;
        }
        List<DyadicInterval> x = new ArrayList<>();
        for (Rational v : p.center()) {
            x.add(F.range(v.subtract(p.radius()), v.add(p.radius())));
        }
        return x;
    }

    /**
     * The Krawczyk image K(X) of the piece's box X ({@link #box}, null if malformed) over {@code eps} (or at m); null
     * also where the interval evaluation over X fails (a box so wide that an argument of exp leaves the enclosures'
     * range): the test fails there.
     */
    private List<DyadicInterval> image(Piece p, List<DyadicInterval> x, DyadicInterval eps, Rational m) {
        if (x == null) {
            return null;
        }
        try {
            return imageOver(p, x, eps, m);
        } catch (ArithmeticException beyondTheEnclosures) {
            return null;
        }
    }

    private List<DyadicInterval> imageOver(Piece p, List<DyadicInterval> x, DyadicInterval eps, Rational m) {
        List<DyadicInterval> c = p.center().stream().map(F::of).toList();
        // R·G(c; ε) ⊂ R·G(c; m) + (R·∂_εG(c; E))·(E − m): the mean value in ε, multiplied by R before the interval
        // (E − m) so that the dependence on ε cancels across rows as it does along the arc
        List<List<DyadicInterval>> r = preconditioner(p);
        List<DyadicInterval> q = LinearAlgebra.apply(F, r, value(c, m));
        if (eps != null) {
            List<DyadicInterval> rd = LinearAlgebra.apply(F, r, slope(c, eps));
            DyadicInterval offset = eps.subtract(F.of(m));
            List<DyadicInterval> rg = q;
            q = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                q.add(rg.get(i).add(rd.get(i).multiply(offset)));
            }
        }
        return EnumerationChecker.krawczykImage(F, x, c, q,
            EnumerationChecker.contraction(F, jacobian(x, eps == null ? F.of(m) : eps), r),
            LinearAlgebra.identity(F, n));
    }

    /**
     * Null if the pieces form one arm from ε = 0 — for {@code sign} &gt; 0 the first starts at 0 and each starts where
     * the last ended; for {@code sign} &lt; 0 the same towards negative ε — every box lies in λ &gt; 0, every piece
     * passes its test and each piece's zero at the shared ε lies in the next piece's box (so the arcs join); else the
     * problem.
     */
    public String armProblem(List<Piece> arm, int sign) {
        return armProblem(arm, sign, true);
    }

    /**
     * {@link #armProblem}; without {@code replay} only the ε ranges' order (the tests and joins are the builder's, who
     * proved each piece and join as it went: the solver's single certification pass).
     */
    public String armProblem(List<Piece> arm, int sign, boolean replay) {
        if (arm.isEmpty()) {
            return "an arm has no piece";
        }
        for (int k = 0; k < arm.size(); k++) {
            Piece p = arm.get(k);
            Rational start = sign > 0 ? p.from() : p.to();
            Rational expected = k == 0 ? Rational.ZERO : sign > 0 ? arm.get(k - 1).to() : arm.get(k - 1).from();
            if (!start.equals(expected)) {
                return "piece " + (k + 1) + " of the " + (sign > 0 ? "ε > 0" : "ε < 0") + " arm starts at ε = " + start
                    + ", not at " + expected;
            }
            if (p.center().size() == n && p.center().get(n - 1).compareTo(p.radius()) <= 0) {
                return "piece " + (k + 1) + " of the " + (sign > 0 ? "ε > 0" : "ε < 0") + " arm reaches λ ≤ 0 (the "
                    + "principal branch is a component of the QREs with λ ≥ 0)";
            }
            if (!replay) {
                continue;
            }
            if (test(p) == null) {
                return "piece " + (k + 1) + " of the " + (sign > 0 ? "ε > 0" : "ε < 0") + " arm fails its Krawczyk "
                    + "test";
            }
            if (k > 0 && !joins(arm.get(k - 1), start, p)) {
                return "piece " + k + " of the " + (sign > 0 ? "ε > 0" : "ε < 0") + " arm does not join piece "
                    + (k + 1) + ": its zero at ε = " + start + " is not in that piece's box";
            }
        }
        return null;
    }

    /**
     * The arm's point at its far end (the last piece's end ε) in the game's coordinates: the profile σ, then λ,
     * enclosed — a point of the principal branch where a chain of the full game may start; null if the last piece
     * fails its test there.
     */
    public List<Interval> end(List<Piece> arm, int sign) {
        return pointAt(arm.get(arm.size() - 1), endEpsilon(arm, sign));
    }

    /** The piece's zero at ε in the game's coordinates: σ (uniform + εw for the pinned players, y), then λ; or null. */
    public List<Interval> pointAt(Piece p, Rational eps) {
        List<Interval> theta = at(p, eps);
        if (theta == null) {
            return null;
        }
        List<Interval> point = new ArrayList<>(profileAt(theta, eps));
        point.add(theta.get(n - 1));
        return point;
    }

    /** The far end's ε. */
    public static Rational endEpsilon(List<Piece> arm, int sign) {
        Piece last = arm.get(arm.size() - 1);
        return sign > 0 ? last.to() : last.from();
    }

    /**
     * This system restricted to the θ fixed by a group of permutations of its first {@code orbits}' n unknowns (the
     * others, λ last, and the last equations fixed): one unknown and one equation (the representative's) per orbit,
     * as {@link FixedSubspace#restrict} does for a chain (theorem CL-ARM (2)). If G(Pθ; ε) = P·G(θ; ε) for every
     * permutation P of the group, G maps the fixed θ to fixed values, so the restricted zeros are exactly the fixed
     * zeros of G; its enclosures are those of G at the expanded θ, with each orbit's Jacobian columns summed (the
     * chain rule through θ = Eθ′). That G is equivariant is the caller's to establish.
     */
    public BlownUpArc restricted(FixedSubspace orbits) {
        BlownUpArc full = this;
        return new BlownUpArc(n - orbits.size() + orbits.dimension()) {
            @Override
            List<DyadicInterval> value(List<DyadicInterval> theta, Rational m) {
                return orbits.reduce(full.value(orbits.expand(theta), m));
            }

            @Override
            List<DyadicInterval> slope(List<DyadicInterval> theta, DyadicInterval eps) {
                return orbits.reduce(full.slope(orbits.expand(theta), eps));
            }

            @Override
            List<List<DyadicInterval>> jacobian(List<DyadicInterval> theta, DyadicInterval eps) {
                List<List<DyadicInterval>> rows = orbits.reduce(full.jacobian(orbits.expand(theta), eps));
                List<List<DyadicInterval>> out = new ArrayList<>(rows.size());
                for (List<DyadicInterval> row : rows) {
                    List<DyadicInterval> summed = new ArrayList<>(java.util.Collections.nCopies(n,
                        DyadicInterval.ZERO));
                    for (int k = 0; k < row.size(); k++) {
                        int o = k < orbits.size() ? orbits.orbitOf(k) : k - orbits.size() + orbits.dimension();
                        summed.set(o, summed.get(o).add(row.get(k)));
                    }
                    out.add(summed);
                }
                return out;
            }

            @Override
            public List<Interval> profileAt(List<Interval> theta, Rational eps) {
                return full.profileAt(orbits.expand(theta), eps);
            }
        };
    }

    /** Whether an enclosure lies in a piece's closed box c ± r. */
    public static boolean inside(List<Interval> enclosure, Piece p) {
        if (enclosure == null) {
            return false;
        }
        for (int k = 0; k < enclosure.size(); k++) {
            Rational lo = p.center().get(k).subtract(p.radius());
            Rational hi = p.center().get(k).add(p.radius());
            if (lo.compareTo(Rational.of(enclosure.get(k).lo())) > 0 || Rational.of(enclosure.get(k).hi())
                .compareTo(hi) > 0) {
                return false;
            }
        }
        return true;
    }
}
