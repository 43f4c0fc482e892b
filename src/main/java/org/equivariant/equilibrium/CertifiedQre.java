package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;

/**
 * A logit QRE proved to be the only one in the box {@code enclosure} (per coordinate σ_{ia}, players in order);
 * {@code center} is the rational approximation and {@code radius} an exact bound on max |σ*_{ia} − center_{ia}|.
 */
public record CertifiedQre(List<Rational> center, List<Interval> enclosure, Rational radius, int[] actionCounts) {
    public CertifiedQre {
        center = List.copyOf(center);
        enclosure = List.copyOf(enclosure);
        actionCounts = actionCounts.clone();
    }

    /** The centre split per player. */
    public List<List<Rational>> profile() {
        List<List<Rational>> out = new ArrayList<>();
        int k = 0;
        for (int m : actionCounts) {
            out.add(center.subList(k, k + m));
            k += m;
        }
        return out;
    }

    /** Whether the box, widened by {@code slack} in every coordinate, contains the given flat profile. */
    public boolean contains(List<Rational> sigma, Rational slack) {
        for (int k = 0; k < enclosure.size(); k++) {
            Interval x = enclosure.get(k);
            if (Rational.of(x.lo()).subtract(slack).compareTo(sigma.get(k)) > 0
                || sigma.get(k).compareTo(Rational.of(x.hi()).add(slack)) > 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int[] actionCounts() {
        return actionCounts.clone();
    }
}
