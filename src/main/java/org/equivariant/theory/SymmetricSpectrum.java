package org.equivariant.theory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;

/**
 * Exact statements about the largest eigenvalue of a symmetric rational matrix A, for the UNIQ-C thresholds.
 *
 * <p>Decision: λ_max(A) &lt; t iff tI − A is positive definite iff every pivot of its LDLᵀ elimination without
 * pivoting is positive (Sylvester's criterion: the pivots are ratios of consecutive leading principal minors). For a
 * tridiagonal A those minors are the Sturm sequence p_0(t), …, p_n(t) of A, so this is the Sturm count of
 * eigenvalues above t, in the form that works for any symmetric matrix. Everything is rational; nothing is rounded.
 *
 * <p>Enclosure: λ_max lies between a Rayleigh quotient vᵀAv/vᵀv (any v ≠ 0) and the Gershgorin bound
 * max_i (A_ii + Σ_{k≠i} |A_ik|) (for non-negative A also a Collatz–Wielandt bound); bisection with the decision
 * procedure narrows [lo, hi] to any width.
 */
public final class SymmetricSpectrum {
    private SymmetricSpectrum() {
    }

    /** An exact enclosure lo ≤ λ_max(A) ≤ hi. */
    public record Enclosure(Rational lo, Rational hi) {
        public Rational width() {
            return hi.subtract(lo);
        }
    }

    /**
     * Whether the symmetric matrix A is positive definite, exactly: every leading principal minor is positive. The
     * minors come from Bareiss's fraction-free elimination of the integer matrix (common denominator)·A, whose k-th
     * pivot is the k-th leading minor and whose divisions are exact, so the integers stay as small as the minors.
     */
    public static boolean isPositiveDefinite(List<List<Rational>> a) {
        int n = checkSymmetric(a);
        BigInteger den = Rational.commonDenominator(a.stream().flatMap(List::stream).toList());
        BigInteger[][] m = new BigInteger[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                m[i][k] = a.get(i).get(k).numeratorOver(den);
            }
        }
        BigInteger previous = BigInteger.ONE;
        for (int p = 0; p < n; p++) {
            BigInteger pivot = m[p][p];
            if (pivot.signum() <= 0) {
                return false;
            }
            for (int i = p + 1; i < n; i++) {
                for (int k = p + 1; k < n; k++) {
                    m[i][k] = m[i][k].multiply(pivot).subtract(m[i][p].multiply(m[p][k])).divide(previous);
                }
            }
            previous = pivot;
        }
        return true;
    }

    /** Whether λ_max(A) &lt; t, i.e. tI − A is positive definite. */
    public static boolean lambdaMaxBelow(List<List<Rational>> a, Rational t) {
        int n = checkSymmetric(a);
        List<List<Rational>> shifted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Rational> row = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                Rational x = a.get(i).get(k).negate();
                row.add(i == k ? x.add(t) : x);
            }
            shifted.add(row);
        }
        return isPositiveDefinite(shifted);
    }

    /** Gershgorin's upper bound max_i (A_ii + Σ_{k≠i} |A_ik|). */
    public static Rational gershgorin(List<List<Rational>> a) {
        int n = checkSymmetric(a);
        Rational best = null;
        for (int i = 0; i < n; i++) {
            Rational s = a.get(i).get(i);
            for (int k = 0; k < n; k++) {
                if (k != i) {
                    s = s.add(a.get(i).get(k).abs());
                }
            }
            best = best == null ? s : best.max(s);
        }
        return best;
    }

    /** The Rayleigh quotient vᵀAv / vᵀv, a lower bound on λ_max for every v ≠ 0. */
    public static Rational rayleigh(List<List<Rational>> a, List<Rational> v) {
        Rational num = Rational.ZERO;
        Rational den = Rational.ZERO;
        for (int i = 0; i < v.size(); i++) {
            den = den.add(v.get(i).multiply(v.get(i)));
            for (int k = 0; k < v.size(); k++) {
                num = num.add(v.get(i).multiply(a.get(i).get(k)).multiply(v.get(k)));
            }
        }
        if (den.isZero()) {
            throw new IllegalArgumentException("the Rayleigh quotient needs a non-zero vector");
        }
        return num.divide(den);
    }

    /**
     * An enclosure of λ_max(A) of width at most {@code width} (exactly zero width when the bounds meet). The lower
     * end starts from the best Rayleigh quotient among the coordinate vectors, the all-ones vector and a double power
     * iterate (a heuristic whose quotient is computed exactly), the upper end from Gershgorin.
     */
    public static Enclosure lambdaMax(List<List<Rational>> a, Rational width) {
        return lambdaMax(a, width, Rational.ZERO);
    }

    /**
     * As above with width max({@code width}, {@code relative}·max(|lo|, |hi|)): for large matrices, where the Rayleigh
     * and Collatz–Wielandt bounds of a good iterate already agree to that many digits and the O(n³) exact decision
     * would be slow.
     */
    public static Enclosure lambdaMax(List<List<Rational>> a, Rational width, Rational relative) {
        if (width.signum() < 0 || relative.signum() < 0 || width.signum() + relative.signum() == 0) {
            throw new IllegalArgumentException("the enclosure width must be positive, got " + width + " (relative "
                + relative + ")");
        }
        Enclosure e = bounds(a);
        Rational w = width.max(relative.multiply(e.lo().abs().max(e.hi().abs())));
        return w.signum() > 0 ? narrow(a, e, w) : e;
    }

    /**
     * Whether λ_max(A) &lt; t, deciding from an enclosure when t lies outside it (t &gt; hi: yes; t ≤ lo: no), and by
     * the exact test {@link #lambdaMaxBelow} otherwise.
     */
    public static boolean lambdaMaxBelow(List<List<Rational>> a, Enclosure e, Rational t) {
        if (t.compareTo(e.hi()) > 0) {
            return true;
        }
        if (t.compareTo(e.lo()) <= 0) {
            return false;
        }
        return lambdaMaxBelow(a, t);
    }

    /** The starting enclosure: Rayleigh quotients below, Gershgorin (and Collatz–Wielandt) above. */
    private static Enclosure bounds(List<List<Rational>> a) {
        int n = checkSymmetric(a);
        Rational lo = rayleigh(a, java.util.Collections.nCopies(n, Rational.ONE));
        for (int i = 0; i < n; i++) {
            lo = lo.max(a.get(i).get(i));
        }
        boolean nonNegative = a.stream().allMatch(row -> row.stream().allMatch(x -> x.signum() >= 0));
        // for a non-negative A one positive iterate serves both ends
        List<Rational> w = PowerIteration.dominant(a, nonNegative ? 1e-12 : -Double.MAX_VALUE);
        lo = lo.max(rayleigh(a, nonZero(w)));
        Rational hi = gershgorin(a);
        if (nonNegative) {
            // non-negative: λ_max = ρ(A) ≤ max_i (Aw)_i / w_i for any w > 0 (Collatz–Wielandt)
            hi = hi.min(PerronCertificate.forWeights(a, w).kappa());
        }
        return new Enclosure(lo, hi);
    }

    /** Bisection with the exact decision until the enclosure is at most {@code width} wide. */
    private static Enclosure narrow(List<List<Rational>> a, Enclosure start, Rational width) {
        Rational lo = start.lo();
        Rational hi = start.hi();
        while (hi.subtract(lo).compareTo(width) > 0) {
            // a short decimal near the midpoint keeps the integers of the exact test small
            Rational mid = shortNear(lo.add(hi).divide(Rational.TWO), hi.subtract(lo).divide(Rational.of(8)));
            if (lambdaMaxBelow(a, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return new Enclosure(lo, hi);
    }

    /** A decimal with few digits within {@code tolerance} (&gt; 0) of x. */
    private static Rational shortNear(Rational x, Rational tolerance) {
        int k = 0;
        while (Rational.of(java.math.BigDecimal.ONE.scaleByPowerOfTen(-k)).compareTo(tolerance) > 0) {
            k++;
        }
        while (Rational.of(java.math.BigDecimal.ONE.scaleByPowerOfTen(-k + 1)).compareTo(tolerance) <= 0) {
            k--;
        }
        return Rational.of(x.toBigDecimal(new java.math.MathContext(1000)).setScale(k, java.math.RoundingMode.HALF_EVEN));
    }

    private static List<Rational> nonZero(List<Rational> v) {
        return v.stream().allMatch(Rational::isZero) ? java.util.Collections.nCopies(v.size(), Rational.ONE) : v;
    }

    private static int checkSymmetric(List<List<Rational>> a) {
        int n = a.size();
        if (n == 0) {
            throw new IllegalArgumentException("the matrix is empty");
        }
        for (int i = 0; i < n; i++) {
            if (a.get(i).size() != n) {
                throw new IllegalArgumentException("row " + (i + 1) + " has " + a.get(i).size() + " entries, expected "
                    + n);
            }
            for (int k = 0; k < i; k++) {
                if (!a.get(i).get(k).equals(a.get(k).get(i))) {
                    throw new IllegalArgumentException("the matrix is not symmetric: entry (" + (i + 1) + "," + (k + 1)
                        + ") = " + a.get(i).get(k) + " but (" + (k + 1) + "," + (i + 1) + ") = " + a.get(k).get(i));
                }
            }
        }
        return n;
    }
}
