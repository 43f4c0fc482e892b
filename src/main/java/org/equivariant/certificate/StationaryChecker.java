package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
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

    /**
     * The outcome of replaying a certificate: each point's enclosure and J, distinctness, cross-play, the temperature
     * ranges proved unique (UNIQ-IT; adjacent ranges merged), findings.
     */
    public record Report(boolean valid, List<List<Interval>> enclosures, List<Interval> values, int distinct,
                         Interval[][] crossPlay, List<Rational[]> unique, List<String> findings) {
    }

    /** The model a certificate is about, read from its embedded text as the solver read it. */
    public static DecPomdp model(StationaryCertificate c, Limits limits) {
        DpomdpReader.Options o = DpomdpReader.Options.DEFAULT.withLimits(limits).strict(c.strict());
        return DpomdpReader.load(c.source(), c.modelText(), o).model().withDiscount(c.discount());
    }

    public static Report check(StationaryCertificate c, Limits limits) {
        DecPomdp m;
        try {
            m = model(c, limits);
        } catch (FormatException e) {
            return new Report(false, List.of(), List.of(), 0, new Interval[0][0], List.of(), List.of("the embedded "
                + "model does not load: " + e.getMessage()));
        }
        StationarySystem sys = new StationarySystem(m, c.horizon(), c.tau(), c.form());
        if (c.form() == StationarySystem.Form.A && !sys.unreachedHistories().isEmpty()) {
            return new Report(false, List.of(), List.of(), 0, new Interval[0][0], List.of(), List.of("form A leaves "
                + "the policy free at unreached histories (" + sys.unreachedHistories().get(0) + ", …): no point is "
                + "isolated"));
        }
        List<String> findings = new ArrayList<>();
        List<Krawczyk.Test> tests = new ArrayList<>();
        for (int k = 0; k < c.boxes().size(); k++) {
            tests.add(Krawczyk.attempt(sys, c.boxes().get(k), "point " + (k + 1), "the policy", findings));
        }
        Report points = report(sys, c.boxes(), tests, findings);
        List<String> all = new ArrayList<>(points.findings());
        boolean valid = (points.valid() || c.boxes().isEmpty()) && !(c.boxes().isEmpty() && c.unique().isEmpty());
        List<Rational[]> proved = new ArrayList<>();
        for (int k = 0; k < c.unique().size(); k++) {
            StationaryCertificate.UniqueRange r = c.unique().get(k);
            String label = "range " + (k + 1) + " (tau in [" + r.tau() + ", " + r.tauHi() + "])";
            if (uniqueRange(m, c.horizon(), c.form(), r, label, all)) {
                proved.add(new Rational[] {r.tau(), r.tauHi()});
            } else {
                valid = false;
            }
        }
        if (c.boxes().isEmpty() && c.unique().isEmpty()) {
            all.add("the certificate claims nothing (no points, no uniqueness ranges)");
        }
        return new Report(valid, points.enclosures(), points.values(), points.distinct(), points.crossPlay(),
            merge(proved), all);
    }

    /**
     * Replays one UNIQ-IT range: the response iteration of the range's steps, with τ over the range, must end inside
     * the claimed box, and the box must pass the Krawczyk test with τ over the range.
     */
    private static boolean uniqueRange(DecPomdp m, int horizon, StationarySystem.Form form,
                                       StationaryCertificate.UniqueRange r, String label, List<String> findings) {
        StationarySystem sys = new StationarySystem(m, horizon, r.tau(), r.tauHi(), form);
        List<Interval> reached;
        try {
            reached = ResponseIteration.run(sys, r.steps(), false).box();
        } catch (ArithmeticException e) {
            findings.add(label + ": the response iteration failed (" + e.getMessage() + ")");
            return false;
        }
        if (r.box().size() != sys.size() || !Boxes.inside(reached, r.box())) {
            findings.add(label + ": the claimed box does not contain where " + r.steps() + " response steps lead");
            return false;
        }
        if (!Krawczyk.accepted(Krawczyk.attempt(sys, r.box(), label, "the policy", findings), label, findings)) {
            return false;
        }
        findings.add(label + ": every stationary point lies in the box, which holds exactly one, for every tau in "
            + "the range");
        return true;
    }

    /** The ranges sorted, adjacent or overlapping ones merged. */
    static List<Rational[]> merge(List<Rational[]> ranges) {
        List<Rational[]> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> a[0].compareTo(b[0]));
        List<Rational[]> out = new ArrayList<>();
        for (Rational[] r : sorted) {
            Rational[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r[0].compareTo(last[1]) <= 0) {
                last[1] = last[1].max(r[1]);
            } else {
                out.add(new Rational[] {r[0], r[1]});
            }
        }
        return out;
    }

    /**
     * The report on boxes whose Krawczyk tests are given (null where a box could not be tested; {@code findings}
     * already says why): validity, enclosures, J, distinct points and cross-play. {@link #check} runs the tests;
     * {@code flow --certify} passes the ones its certifier ran, which are this same test.
     */
    public static Report report(StationarySystem sys, List<List<Interval>> boxes, List<Krawczyk.Test> tests,
                                List<String> given) {
        List<String> findings = new ArrayList<>(given);
        boolean valid = !boxes.isEmpty();
        List<List<Interval>> enclosures = new ArrayList<>();
        List<Interval> values = new ArrayList<>();
        Boxes.DistinctZeros zeros = new Boxes.DistinctZeros();
        boolean separated = true;
        for (int k = 0; k < boxes.size(); k++) {
            Krawczyk.Test t = tests.get(k);
            if (!Krawczyk.accepted(t, "point " + (k + 1), findings)) {
                valid = false;
                enclosures.add(null);
                values.add(null);
                continue;
            }
            enclosures.add(t.enclosure());
            Interval v = value(sys, t.enclosure());
            values.add(v);
            separated &= zeros.add(boxes.get(k), t.enclosure());
            findings.add("point " + (k + 1) + ": exactly one stationary point in the box; J in " + v.outward(15));
        }
        int agents = sys.model().numAgents();
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
        return new Report(valid, enclosures, values, zeros.enclosures().size(), xp, List.of(), findings);
    }
}
