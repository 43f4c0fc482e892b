package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Grids;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.BlownUpArc;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.LeavingArc;
import org.equivariant.certificate.PinnedPlayers;
import org.equivariant.game.NormalFormGame;

/**
 * Follows the arms of a branch leaving a singular point through a blow-up ({@link BlownUpArc}): its system in double
 * precision, Newton along ε from 0 with adaptive steps, each piece proposed here (centre at the middle of its ε range,
 * radius from the path's spread, preconditioner the inverse finite-difference Jacobian) and accepted only when
 * {@link BlownUpArc#test} proves it and its start holds the previous piece's end. Untrusted search; the pieces go into
 * the certificate. For the pinned players' curve (PIN-SUB (6), {@link LeavingArc}) the system's S rows are computed by
 * the cancellation-free form (expm1(z_a) − mean expm1(z))/(εΣe^z).
 */
final class LeavingTracer {
    /** At most this many pieces per arm. */
    static final int MAX_PIECES = 100;

    /**
     * The pieces per arm tried first ({@link LeavingBranches#follow}): past the singular point a chain of the full game
     * proves far longer pieces than an arm's, so the arm only needs to carry the branch away from it. Twelve (session
     * 31; 25 before): on 20 random 3-player games with two pinned players at λ = 2 and 10 (`PinSubProperty`'s
     * planting) every chain that reached λ from a 25-piece arm's end reached it from a 12-piece arm's, with 0–3 more
     * pieces, and the served 2×2×2 solve at λ = 2 took 88 ms instead of 105.
     */
    static final int SHORT_ARM = 12;

    /**
     * Gauss–Legendre nodes and weights on [−1, 1] (four points), in double: the blown-up systems' difference quotients
     * near ε = 0 as means of derivatives (SYM-PF's odd rows, CL-ARM's rows), without cancellation.
     */
    static final double[] GAUSS_NODES = {-0.8611363115940526, -0.3399810435848563, 0.3399810435848563,
        0.8611363115940526};
    static final double[] GAUSS_WEIGHTS = {0.3478548451374538, 0.6521451548625461, 0.6521451548625461,
        0.3478548451374538};

    /** A blown-up system G(θ; ε) in double. */
    interface DoubleSystem {
        double[] residual(double[] theta, double eps);
    }

    /**
     * One arm: ε's sign, its proved pieces, why it stopped, and the enclosure of its zero at the far end of the last
     * piece in the game's coordinates (σ, then λ; {@link BlownUpArc#end}), null without pieces.
     */
    record Arm(int sign, List<BlownUpArc.Piece> pieces, String stop, List<Interval> end) {
        Arm {
            pieces = List.copyOf(pieces);
            end = end == null ? null : List.copyOf(end);
        }
    }

    /**
     * A blow-up ready to follow: the system the pieces are proved for, its double form, the normalization ℓ, its zero
     * at ε = 0 (θ: the null vector's coordinates, then the rest, then λ) and the bound on |ε|.
     */
    record BlowUp(BlownUpArc arc, DoubleSystem g, List<Rational> normal, double[] zero, double epsMax) {
        BlowUp {
            normal = List.copyOf(normal);
            zero = zero.clone();
        }
    }

    private final NormalFormGame game;
    private final List<Integer> s;
    private final List<Integer> others;
    private final int[] dims;
    private final int wSize;
    private final int n;
    /** The payoff tables in double, read once (the finite-difference Jacobian evaluates G 2n times). */
    private final List<List<Double>> payoffs;

    private LeavingTracer(NormalFormGame game, List<Integer> s) {
        this.game = game;
        this.s = s;
        this.dims = game.dims();
        this.others = PinnedPlayers.others(dims.length, s);
        this.wSize = s.stream().mapToInt(i -> dims[i]).sum();
        this.n = game.totalActions() + 1;
        this.payoffs = game.payoffs().stream().map(t -> t.in(DoubleField.INSTANCE)).toList();
    }

    /**
     * The blow-up of the pinned players' singular point near (λ, z) — z the reduced game's QRE there (probabilities) —
     * at its zero at ε = 0, |ε| bounded by 1/(2 max|w|) (the pinned strategies stay positive); null when the double
     * Newton at ε = 0 fails (no simple null vector).
     */
    static BlowUp pinned(NormalFormGame game, List<Integer> s, double lambda, List<Double> z) {
        return new LeavingTracer(game, s).blowUp(lambda, z);
    }

    /**
     * A blown-up system restricted to the θ a group of permutations fixes ({@link BlownUpArc#restricted}): one unknown
     * and one equation per orbit, the trailing ones kept.
     */
    static DoubleSystem restricted(DoubleSystem g, FixedSubspace orbits) {
        return (x, eps) -> ContinuationPath.unboxed(orbits.reduce(ContinuationPath.boxed(g.residual(
            ContinuationPath.unboxed(orbits.expand(ContinuationPath.boxed(x))), eps))));
    }

    private BlowUp blowUp(double lambda, List<Double> z) {
        List<List<Double>> strategies = new ArrayList<>();
        for (int k = 0, at = 0; k < others.size(); at += dims[others.get(k)], k++) {
            strategies.add(z.subList(at, at + dims[others.get(k)]));
        }
        double[] w = nullVector(PinnedPlayers.transverse(DoubleField.INSTANCE, game.payoffs(), s, lambda, strategies));
        if (w == null) {
            return null;
        }
        List<Rational> normal = normal(w);
        double[] theta = new double[n];
        System.arraycopy(w, 0, theta, 0, wSize);
        for (int k = 0; k < z.size(); k++) {
            theta[wSize + k] = z.get(k);
        }
        theta[n - 1] = lambda;
        double[] l = normal.stream().mapToDouble(Rational::doubleValue).toArray();
        LeavingArc arc = new LeavingArc(game.payoffs(), s, normal);
        DoubleSystem g = (x, eps) -> residual(arc, x, eps, l);
        double[] start = newton(g, theta, 0);
        if (start == null) {
            return null;
        }
        return new BlowUp(arc, g, normal, start, 0.5 / maxAbs(start, wSize));
    }

    /**
     * An arm of the blown-up system {@code g} (proved by {@code arc}) from its zero {@code start} at ε = 0 towards
     * ε's {@code sign}, until |ε| = {@code epsMax}, λ leaves [0, {@code lambdaMax}], no piece can be proved, or it
     * has {@code limit} pieces.
     */
    static Arm arm(BlownUpArc arc, DoubleSystem g, double[] start, int sign, double epsMax, double lambdaMax,
                   int limit) {
        int n = start.length;
        List<BlownUpArc.Piece> pieces = new ArrayList<>();
        double from = 0;
        Rational fromR = Rational.ZERO;
        double[] at = start;
        double h = 1e-3 * epsMax;
        double failed = Double.POSITIVE_INFINITY; // the last failed length, raised by 2 % a proved piece
        while (pieces.size() < limit) {
            if (Math.abs(from) >= epsMax) {
                return finished(arc, sign, pieces, "|ε| reached " + String.format(java.util.Locale.ROOT, "%.3g",
                    epsMax));
            }
            if (at[n - 1] > lambdaMax || at[n - 1] < 0) {
                return finished(arc, sign, pieces, "lambda left [0, " + lambdaMax + "]");
            }
            if (h < 1e-9 * epsMax) {
                return finished(arc, sign, pieces, "no piece could be proved beyond ε = "
                    + String.format(java.util.Locale.ROOT, "%.6g", from));
            }
            double to = sign > 0 ? Math.min(from + h, epsMax) : Math.max(from - h, -epsMax);
            Rational toR = decimal(to, 17);
            double mid = (fromR.doubleValue() + toR.doubleValue()) / 2;
            double[] end = newton(g, at, toR.doubleValue());
            double[] centre = end == null ? null : newton(g, at, mid);
            BlownUpArc.Piece proved = null;
            if (centre != null) {
                double spread = 0;
                for (int k = 0; k < n; k++) {
                    spread = Math.max(spread, Math.max(Math.abs(end[k] - centre[k]), Math.abs(at[k] - centre[k])));
                }
                List<List<Rational>> r = inverse(jacobian(g, centre, mid));
                List<Rational> c = new ArrayList<>();
                for (double x : centre) {
                    c.add(decimal(x, 17));
                }
                // radii 2 and 8 times the path's spread, then twice the reach of the last failed box's Krawczyk image
                // (ε-inflation): where the arc is flat in ε (a pitchfork, CL-ARM on a 2 × 2 game) the spread is
                // quadratic in the piece's length while the enclosures of the ε-slope are not
                double radius = 2 * spread + 1e-12;
                for (int attempt = 0; attempt < 3 && r != null; attempt++) {
                    BlownUpArc.Piece p = new BlownUpArc.Piece(sign > 0 ? fromR : toR, sign > 0 ? toR : fromR, c,
                        decimal(radius, 3), r);
                    if (arc.test(p) != null && (pieces.isEmpty() || arc.joins(pieces.get(pieces.size() - 1), fromR,
                        p))) {
                        proved = p;
                        break;
                    }
                    double next = attempt == 0 ? 8 * spread + 1e-12 : 2 * arc.imageReach(p);
                    if (!(next > radius) || !Double.isFinite(next)) {
                        break;
                    }
                    radius = next;
                }
            }
            if (proved == null) {
                failed = h;
                h *= 0.4;
            } else {
                pieces.add(proved);
                fromR = toR;
                from = toR.doubleValue();
                at = end;
                // grow, but stay below the last failed length: growing by 1.6 regardless failed every third test
                // along the 2×2×2 game's arms (21 failed tests to their 50 pieces, now 9)
                failed *= 1.02;
                h = Math.min(1.6 * h, 0.8 * failed);
            }
        }
        return finished(arc, sign, pieces, "the piece limit (" + limit + ") was reached");
    }

    /**
     * The arm, without the last pieces whose zero at the far end cannot be enclosed (the test at that single ε can
     * fail where the test over the piece's range passed: the value there is enclosed another way); a chain past the
     * arm starts from that enclosure.
     */
    private static Arm finished(BlownUpArc arc, int sign, List<BlownUpArc.Piece> pieces, String stop) {
        List<BlownUpArc.Piece> kept = new ArrayList<>(pieces);
        String why = stop;
        List<Interval> end = kept.isEmpty() ? null : arc.end(kept, sign);
        while (!kept.isEmpty() && end == null) {
            kept.remove(kept.size() - 1);
            why = stop + "; the zero at the far end of the last piece could not be enclosed, so it was dropped";
            end = kept.isEmpty() ? null : arc.end(kept, sign);
        }
        return new Arm(sign, kept, why, end);
    }

    /** max |x_k| over the first {@code count} entries. */
    static double maxAbs(double[] x, int count) {
        double m = 0;
        for (int k = 0; k < count; k++) {
            m = Math.max(m, Math.abs(x[k]));
        }
        return m;
    }

    /**
     * A blow-up's normalization ℓ from the null vector v it starts along: v/|v|², 17 significant digits per entry (so
     * ℓᵀv ≈ 1: the arm's start has β ≈ v).
     */
    static List<Rational> normal(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        List<Rational> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(decimal(x / norm, 17));
        }
        return out;
    }

    static Rational decimal(double x, int digits) {
        return Rational.of(new BigDecimal(x).round(new MathContext(digits)));
    }

    /**
     * A null vector of I − L (double, full coordinates): three steps of inverse iteration from a fixed start with one
     * factorization — shifted by 10⁻¹² of the largest entry where a pivot vanishes (the matrix singular in double at
     * that λ: for three pinned players of 2 × 2 × 2 × 2 games the last pivot cancelled to 0 in 2 of 8 planted games);
     * null if it fails.
     */
    static double[] nullVector(List<List<Double>> m) {
        DenseLu lu = DenseLu.of(m);
        if (lu.singular()) {
            double shift = 1e-12 * m.stream().flatMap(List::stream).mapToDouble(Math::abs).max().orElse(0);
            double[][] a = m.stream().map(r -> r.stream().mapToDouble(Double::doubleValue).toArray())
                .toArray(double[][]::new);
            for (int k = 0; k < a.length; k++) {
                a[k][k] += shift;
            }
            lu = new DenseLu(a);
        }
        if (lu.singular()) {
            return null;
        }
        double[] v = new double[m.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = 1.0 + 0.1 * k;
        }
        for (int it = 0; it < 3; it++) {
            v = lu.solve(v);
            double max = 0;
            for (double x : v) {
                max = Math.max(max, Math.abs(x));
            }
            if (!(max > 0) || !Double.isFinite(max)) {
                return null;
            }
            for (int k = 0; k < v.length; k++) {
                v[k] /= max;
            }
        }
        return v;
    }

    /** The inverse of a double matrix as a preconditioner, in the dyadic rationals the chains use; or null. */
    static List<List<Rational>> inverse(double[][] j) {
        DenseLu lu = new DenseLu(j);
        return lu.singular() ? null : BranchTracer.rationals(lu.inverse());
    }

    /**
     * Newton on G(·; ε) from θ, until a step is below 10⁻¹⁵ (relative to λ), or below 10⁻¹² and no longer shrinking
     * fourfold (the rounding floor of G in double: a blown-up system's quotients and means of derivatives rarely reach
     * 10⁻¹⁵, and 40 iterations were spent on most of CL-ARM's and some of SYM-PF's points); null if it does not
     * converge.
     */
    static double[] newton(DoubleSystem g, double[] theta, double eps) {
        int n = theta.length;
        double[] x = theta.clone();
        double previous = Double.POSITIVE_INFINITY;
        for (int it = 0; it < 40; it++) {
            DenseLu lu = new DenseLu(jacobian(g, x, eps));
            if (lu.singular()) {
                return null;
            }
            double[] step = lu.solve(g.residual(x, eps));
            double move = 0;
            for (int k = 0; k < n; k++) {
                x[k] -= step[k];
                move = Math.max(move, Math.abs(step[k]));
            }
            if (!Double.isFinite(move)) {
                return null;
            }
            double scale = 1 + Math.abs(x[n - 1]);
            if (move < 1e-15 * scale || move < 1e-12 * scale && move > previous / 4) {
                return x;
            }
            previous = move;
        }
        double worst = 0;
        for (double v : g.residual(x, eps)) {
            worst = Math.max(worst, Math.abs(v));
        }
        return worst < 1e-13 ? x : null;
    }

    private static double[][] jacobian(DoubleSystem g, double[] x, double eps) {
        int n = x.length;
        double[][] j = Grids.zeros(n, n);
        for (int c = 0; c < n; c++) {
            double h = 1e-7 * Math.max(1, Math.abs(x[c]));
            double[] up = x.clone();
            double[] down = x.clone();
            up[c] += h;
            down[c] -= h;
            double[] fu = g.residual(up, eps);
            double[] fd = g.residual(down, eps);
            for (int r = 0; r < n; r++) {
                j[r][c] = (fu[r] - fd[r]) / (2 * h);
            }
        }
        return j;
    }

    /** G(θ; ε) in double, ζ by the system's own telescoped sum ({@link LeavingArc#zeta}). */
    private double[] residual(LeavingArc arc, double[] x, double eps, double[] l) {
        DoubleField f = DoubleField.INSTANCE;
        double lambda = x[n - 1];
        List<List<Double>> w = new ArrayList<>();
        List<List<Double>> profile = new ArrayList<>();
        for (int k = 0, wi = 0, yi = wSize; k < dims.length; k++) {
            List<Double> p = new ArrayList<>();
            List<Double> wk = new ArrayList<>();
            for (int a = 0; a < dims[k]; a++) {
                if (s.contains(k)) {
                    wk.add(x[wi]);
                    p.add(1.0 / dims[k] + eps * x[wi++]);
                } else {
                    p.add(x[yi++]);
                }
            }
            w.add(wk);
            profile.add(p);
        }
        double[] out = new double[n];
        int row = 0;
        List<Double> theta = ContinuationPath.boxed(x);
        for (int t = 0; t < s.size(); t++) {
            int i = s.get(t);
            List<Double> z = arc.zeta(f, payoffs, t, theta, eps);
            double[] e = new double[dims[i]];
            double sum = 0;
            double mean = 0;
            for (int a = 0; a < dims[i]; a++) {
                double zeta = z.get(a);
                e[a] = eps == 0 ? zeta : Math.expm1(eps * zeta) / eps;
                sum += Math.exp(eps * zeta);
                mean += e[a] / dims[i];
            }
            for (int a = 0; a < dims[i]; a++) {
                out[row++] = w.get(i).get(a) - (e[a] - mean) / sum;
            }
        }
        for (int j : others) {
            List<Double> u = RationalTensor.contract(f, dims, payoffs.get(j), profile, j);
            List<Double> soft = f.softmax(u.stream().map(t -> lambda * t).toList());
            for (int b = 0; b < dims[j]; b++) {
                out[row++] = profile.get(j).get(b) - soft.get(b);
            }
        }
        double norm = -1;
        for (int k = 0; k < wSize; k++) {
            norm += l[k] * x[k];
        }
        out[row] = norm;
        return out;
    }
}
