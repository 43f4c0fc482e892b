package org.equivariant.certificate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;
import org.equivariant.arith.Interval;

/** Set relations of interval boxes (lists of intervals, one per coordinate), exact on the decimal end-points. */
public final class Boxes {
    private Boxes() {
    }

    /** a ⊆ b. */
    public static boolean inside(List<Interval> a, List<Interval> b) {
        for (int k = 0; k < a.size(); k++) {
            if (!a.get(k).isSubsetOf(b.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** a ⊂ int b. */
    public static boolean interior(List<Interval> a, List<Interval> b) {
        for (int k = 0; k < a.size(); k++) {
            if (!a.get(k).isInteriorTo(b.get(k))) {
                return false;
            }
        }
        return true;
    }

    /** a ∩ b = ∅ (separated in some coordinate). */
    public static boolean disjoint(List<Interval> a, List<Interval> b) {
        for (int k = 0; k < a.size(); k++) {
            if (a.get(k).isDisjointFrom(b.get(k))) {
                return true;
            }
        }
        return false;
    }

    /** a ∩ b, or null if empty. */
    public static List<Interval> intersect(List<Interval> a, List<Interval> b) {
        return intersect(a, b, (x, y) -> x.isDisjointFrom(y) ? null : x.intersect(y));
    }

    /**
     * a ∩ b coordinate by coordinate, with {@code meet} the intersection of two coordinates (null when they are
     * disjoint); null if empty.
     */
    public static <T> List<T> intersect(List<T> a, List<T> b, BinaryOperator<T> meet) {
        List<T> out = new ArrayList<>();
        for (int k = 0; k < a.size(); k++) {
            T x = meet.apply(a.get(k), b.get(k));
            if (x == null) {
                return null;
            }
            out.add(x);
        }
        return out;
    }

    public static BigDecimal maxWidth(List<Interval> x) {
        BigDecimal w = BigDecimal.ZERO;
        for (Interval i : x) {
            w = w.max(i.width());
        }
        return w;
    }

    /**
     * Distinct zeros, each known to be the only zero of a verification box and to lie in an enclosure inside it. A new
     * one equals a recorded one when either enclosure lies in the other's verification box (uniqueness there), and
     * differs when the enclosures are disjoint.
     */
    public static final class DistinctZeros {
        private final List<List<Interval>> boxes = new ArrayList<>();
        private final List<List<Interval>> enclosures = new ArrayList<>();

        /** Adds the zero unless already recorded; false if it can be shown neither equal to nor distinct from one. */
        public boolean add(List<Interval> box, List<Interval> enclosure) {
            for (int j = 0; j < boxes.size(); j++) {
                if (inside(enclosure, boxes.get(j)) || inside(enclosures.get(j), box)) {
                    return true;
                }
                if (!disjoint(enclosure, enclosures.get(j))) {
                    return false;
                }
            }
            boxes.add(box);
            enclosures.add(enclosure);
            return true;
        }

        public List<List<Interval>> enclosures() {
            return List.copyOf(enclosures);
        }
    }
}
