package org.equivariant.theory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.arith.RationalTensor;

/**
 * The first singular point of the principal branch of a game whose centroid σ̄ is a QRE at every λ (theorem
 * BR-CHAIN, corollary 2): then (σ̄, λ) is on the principal branch for all λ ≥ 0, ∂T/∂λ vanishes there, and
 * ∂_σ(σ − T_λ(σ)) = I − λA with the exact rational matrix A = ∂T_1/∂σ at σ̄ (T_λ' = λA at the centroid), so the branch
 * is singular exactly where det(I − λA) = 0. The smallest positive root λ_s of that polynomial is enclosed by exact
 * rational arithmetic: Faddeev–LeVerrier for the coefficients, a Sturm sequence of its square-free part to count the
 * distinct roots in (0, x], bisection on x.
 */
public final class CentroidSingularity {
    /** The largest number of profile coordinates for which the polynomial is computed (exact, O(n⁴) rationals). */
    public static final int MAX_SIZE = 24;

    private CentroidSingularity() {
    }

    /** λ_s ∈ (lo, hi] (rationals), or no positive root at all ({@code none}). */
    public record Enclosure(Rational lo, Rational hi, boolean none) {
    }

    /** Whether each player's expected payoff against the others' uniform mixtures is the same for all own actions. */
    public static boolean centroidIsAlwaysAQre(List<RationalTensor> payoffs) {
        int[] dims = payoffs.get(0).dims();
        List<List<Rational>> uniform = uniform(dims);
        for (int i = 0; i < dims.length; i++) {
            List<Rational> u = RationalTensor.contract(RationalField.INSTANCE, dims, payoffs.get(i).in(
                RationalField.INSTANCE), uniform, i);
            if (u.stream().anyMatch(x -> !x.equals(u.get(0)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the centroid is a QRE at every λ and the branch is singular there at exactly this λ: det(I − λA) = 0 in
     * exact arithmetic (BR-CHAIN corollary 2). Then the centroid is a QRE on the principal branch at λ that no box
     * isolates (the Jacobian of σ − T_λ(σ) there, I − λA, is singular); games above {@link #MAX_SIZE} profile
     * coordinates are not decided (false).
     */
    public static boolean singularAt(List<RationalTensor> payoffs, Rational lambda) {
        RationalField f = RationalField.INSTANCE;
        return lineJacobian(payoffs).map(a -> LinearAlgebra.determinant(f, LinearAlgebra.identityMinus(f,
            LinearAlgebra.scale(f, lambda, a))).signum() == 0).orElse(false);
    }

    /**
     * A = ∂T/∂σ at the centroid ({@link #centroidJacobian}) when the centroid is a QRE at every λ and the game has at
     * most {@link #MAX_SIZE} profile coordinates (the exact arithmetic's bound); otherwise empty.
     */
    public static java.util.Optional<List<List<Rational>>> lineJacobian(List<RationalTensor> payoffs) {
        return java.util.Arrays.stream(payoffs.get(0).dims()).sum() > MAX_SIZE || !centroidIsAlwaysAQre(payoffs)
            ? java.util.Optional.empty() : java.util.Optional.of(centroidJacobian(payoffs));
    }

    private static List<List<Rational>> uniform(int[] dims) {
        List<List<Rational>> s = new ArrayList<>();
        for (int d : dims) {
            s.add(Collections.nCopies(d, Rational.of(1, d)));
        }
        return s;
    }

    /**
     * A = ∂T/∂σ at σ̄ for λ = 1: A_{ia,jb} = (1/m_i)(u_i(a, b; σ̄) − (1/m_i)Σ_c u_i(c, b; σ̄)) for j ≠ i (u_i with
     * players i and j at a and b, the others uniform), 0 for j = i.
     */
    public static List<List<Rational>> centroidJacobian(List<RationalTensor> payoffs) {
        int[] dims = payoffs.get(0).dims();
        int[] offset = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            offset[i + 1] = offset[i] + dims[i];
        }
        int n = offset[dims.length];
        List<List<Rational>> a = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            a.add(new ArrayList<>(Collections.nCopies(n, Rational.ZERO)));
        }
        List<List<Rational>> uniform = uniform(dims);
        for (int i = 0; i < dims.length; i++) {
            List<Rational> data = payoffs.get(i).in(RationalField.INSTANCE);
            Rational inv = Rational.of(1, dims[i]);
            for (int j = 0; j < dims.length; j++) {
                if (j == i) {
                    continue;
                }
                List<Rational> pair = RationalTensor.contract(RationalField.INSTANCE, dims, data, uniform,
                    Math.min(i, j), Math.max(i, j));
                for (int b = 0; b < dims[j]; b++) {
                    Rational mean = Rational.ZERO;
                    List<Rational> col = new ArrayList<>();
                    for (int c = 0; c < dims[i]; c++) {
                        Rational x = pair.get(i < j ? c + dims[i] * b : b + dims[j] * c);
                        col.add(x);
                        mean = mean.add(x.multiply(inv));
                    }
                    for (int c = 0; c < dims[i]; c++) {
                        a.get(offset[i] + c).set(offset[j] + b, inv.multiply(col.get(c).subtract(mean)));
                    }
                }
            }
        }
        return a;
    }

    /**
     * The coefficients q_0 = 1, q_1, …, q_n of det(I − λA) = Σ_k q_k λ^k, by Faddeev–LeVerrier: with
     * det(μI − A) = Σ_k c_k μ^k, det(I − λA) = λⁿ det(I/λ − A), so q_k = c_{n−k}.
     */
    public static List<Rational> detPolynomial(List<List<Rational>> a) {
        RationalField f = RationalField.INSTANCE;
        int n = a.size();
        List<Rational> q = new ArrayList<>(n + 1);
        q.add(Rational.ONE);
        List<List<Rational>> identity = LinearAlgebra.identity(f, n);
        List<List<Rational>> am = LinearAlgebra.scale(f, Rational.ZERO, identity); // A·M_0, M_0 = 0
        for (int k = 1; k <= n; k++) {
            // M_k = A·M_{k−1} + c_{n−k+1} I, c_{n−k} = −tr(A·M_k)/k
            am = LinearAlgebra.multiply(f, a, LinearAlgebra.add(f, am, LinearAlgebra.scale(f, q.get(k - 1),
                identity)));
            Rational trace = Rational.ZERO;
            for (int d = 0; d < n; d++) {
                trace = trace.add(am.get(d).get(d));
            }
            q.add(trace.negate().divide(Rational.of(k)));
        }
        return q;
    }

    /**
     * The smallest positive root of the polynomial p (coefficients from degree 0 up, p(0) ≠ 0) enclosed in an interval
     * (lo, hi] of width at most {@code width}, or {@code none} when p has no positive root.
     */
    public static Enclosure smallestPositiveRoot(List<Rational> p, Rational width) {
        List<Rational> poly = trim(p);
        if (poly.get(0).signum() == 0) {
            throw new IllegalArgumentException("p(0) = 0");
        }
        List<List<Rational>> sturm = sturmOfSquareFree(poly);
        // Cauchy's bound: every root has |λ| ≤ 1 + max_k |p_k / p_deg|
        Rational lead = poly.get(poly.size() - 1);
        Rational bound = Rational.ONE;
        for (Rational c : poly) {
            bound = bound.max(Rational.ONE.add(c.divide(lead).abs()));
        }
        if (rootsIn(sturm, Rational.ZERO, bound) == 0) {
            return new Enclosure(null, null, true);
        }
        Rational lo = Rational.ZERO;
        Rational hi = bound;
        while (hi.subtract(lo).compareTo(width) > 0) {
            Rational mid = lo.add(hi).divide(Rational.of(2));
            if (rootsIn(sturm, Rational.ZERO, mid) > 0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return new Enclosure(lo, hi, false);
    }

    /** The number of distinct roots in (a, b] of the polynomial of the Sturm sequence (Sturm's theorem). */
    static int rootsIn(List<List<Rational>> sturm, Rational a, Rational b) {
        return signChanges(sturm, a) - signChanges(sturm, b);
    }

    private static int signChanges(List<List<Rational>> sturm, Rational x) {
        int changes = 0;
        int last = 0;
        for (List<Rational> s : sturm) {
            int sign = evaluate(s, x).signum();
            if (sign != 0) {
                if (last != 0 && sign != last) {
                    changes++;
                }
                last = sign;
            }
        }
        return changes;
    }

    static Rational evaluate(List<Rational> p, Rational x) {
        Rational v = Rational.ZERO;
        for (int k = p.size() - 1; k >= 0; k--) {
            v = v.multiply(x).add(p.get(k));
        }
        return v;
    }

    /**
     * The Sturm sequence of p's square-free part p/gcd(p, p′) — same roots, all simple, so {@link #rootsIn} counts the
     * distinct roots even at an end point that is a multiple root of p.
     */
    static List<List<Rational>> sturmOfSquareFree(List<Rational> p) {
        return sturm(squareFree(trim(p)));
    }

    private static List<List<Rational>> sturm(List<Rational> p) {
        List<List<Rational>> seq = new ArrayList<>();
        seq.add(p);
        List<Rational> prev = p;
        List<Rational> cur = derivative(p);
        while (!cur.isEmpty()) {
            seq.add(cur);
            List<Rational> r = remainder(prev, cur);
            prev = cur;
            cur = r.stream().map(Rational::negate).toList();
        }
        return seq;
    }

    /** p / gcd(p, p′): the same roots, each simple. */
    private static List<Rational> squareFree(List<Rational> p) {
        List<Rational> g = gcd(p, derivative(p));
        return g.size() <= 1 ? p : quotient(p, g);
    }

    private static List<Rational> gcd(List<Rational> a, List<Rational> b) {
        while (!b.isEmpty()) {
            List<Rational> r = remainder(a, b);
            a = b;
            b = r;
        }
        return a;
    }

    private static List<Rational> derivative(List<Rational> p) {
        List<Rational> d = new ArrayList<>();
        for (int k = 1; k < p.size(); k++) {
            d.add(p.get(k).multiply(Rational.of(k)));
        }
        return trim(d);
    }

    /** Trailing zero coefficients removed (the zero polynomial is empty). */
    private static List<Rational> trim(List<Rational> p) {
        int end = p.size();
        while (end > 0 && p.get(end - 1).signum() == 0) {
            end--;
        }
        return new ArrayList<>(p.subList(0, end));
    }

    private static List<Rational> remainder(List<Rational> a, List<Rational> b) {
        return divide(a, b)[1];
    }

    private static List<Rational> quotient(List<Rational> a, List<Rational> b) {
        return divide(a, b)[0];
    }

    @SuppressWarnings("unchecked")
    private static List<Rational>[] divide(List<Rational> a, List<Rational> b) {
        List<Rational> r = new ArrayList<>(trim(a));
        int db = b.size() - 1;
        List<Rational> q = new ArrayList<>(Collections.nCopies(Math.max(r.size() - db, 1), Rational.ZERO));
        Rational lead = b.get(db);
        while (r.size() - 1 >= db && !r.isEmpty()) {
            int shift = r.size() - 1 - db;
            Rational c = r.get(r.size() - 1).divide(lead);
            q.set(shift, c);
            for (int k = 0; k <= db; k++) {
                r.set(shift + k, r.get(shift + k).subtract(c.multiply(b.get(k))));
            }
            r = trim(r);
        }
        return new List[] {trim(q), r};
    }
}
