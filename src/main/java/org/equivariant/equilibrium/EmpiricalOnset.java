package org.equivariant.equilibrium;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.FlowExperiment;
import org.equivariant.field.GradientFlow;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.DecPomdpSymmetries;

/**
 * The empirical onset of uniqueness, to set beside a certified threshold: on the grid τ_k = T·2^{−k/g} (k = 0, 1, …,
 * down to T·floor), the smallest τ_k such that at every grid point from T down to τ_k, K seeded starts agree to
 * {@value #AGREEMENT} (max difference of any probability). For a normal-form game the starts are damped Newton from
 * random interior profiles; for a Dec-POMDP, policy-gradient flows of objective B. An experiment in the double fast
 * path, never a certificate: starts that agree do not prove uniqueness (a QRE can have a small basin), and the gap
 * T / onset is how much a sharper certified threshold could gain at most, as far as the starts can tell.
 */
public final class EmpiricalOnset {
    public static final double AGREEMENT = 1e-8;

    private EmpiricalOnset() {
    }

    /**
     * The scan's result: the onset (null when the starts disagree already at T), the first τ where they disagreed
     * (null if none down to the floor), and the grid points tried.
     */
    public record Result(Rational onset, Rational firstDisagreement, int points) {
        /** T / onset, or null without an onset. */
        public Rational gap(Rational threshold) {
            return onset == null || onset.isZero() ? null : threshold.divide(onset);
        }
    }

    /** Scans downward from {@code threshold} while {@code agree} holds. */
    public static Result scan(Rational threshold, int perHalving, Rational floor, Predicate<Rational> agree) {
        if (threshold.signum() <= 0) {
            return new Result(null, null, 0);
        }
        Rational last = null;
        int points = 0;
        Rational lowest = threshold.multiply(floor);
        for (int k = 0; ; k++) {
            Rational tau = gridPoint(threshold, k, perHalving);
            if (tau.compareTo(lowest) < 0) {
                return new Result(last, null, points);
            }
            points++;
            if (!agree.test(tau)) {
                return new Result(last, tau, points);
            }
            last = tau;
        }
    }

    /** T·2^{−k/g}, rounded to 12 significant digits (an exact rational; the grid need not be exact). */
    static Rational gridPoint(Rational threshold, int k, int perHalving) {
        double factor = Math.pow(2, -(double) k / perHalving);
        return Rational.of(threshold.toBigDecimal(MathContext.DECIMAL64).multiply(new BigDecimal(factor))
            .round(new MathContext(12)));
    }

    /** Whether {@code starts} damped-Newton runs from seeded random interior profiles find one QRE at τ. */
    public static boolean newtonStartsAgree(NormalFormGame g, Rational tau, int starts, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<List<Rational>> found = new ArrayList<>();
        for (int k = 0; k < starts; k++) {
            List<Double> start = new ArrayList<>();
            for (int i = 0; i < g.numPlayers(); i++) {
                double[] e = new double[g.numActions(i)];
                double sum = 0;
                for (int a = 0; a < e.length; a++) {
                    e[a] = -Math.log(1 - r.nextDouble());
                    sum += e[a];
                }
                for (double x : e) {
                    start.add(Math.max(x / sum, 1e-9));
                }
            }
            Optional<List<Rational>> q = QreSolver.newtonFrom(g, tau.reciprocal(), start, 12);
            q.ifPresent(found::add);
        }
        for (List<Rational> p : found) {
            for (int c = 0; c < p.size(); c++) {
                if (Math.abs(p.get(c).doubleValue() - found.get(0).get(c).doubleValue()) > AGREEMENT) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether {@code starts} flows of objective B from seeded random logits reach one limit at τ, over an evaluator
     * built once for the whole scan (its reachable structure does not depend on τ).
     */
    public static boolean flowsAgree(DecPomdpEvaluator<Double> eval, Rational tau, int starts, long seed,
                                     int workers) {
        FlowExperiment.Report r = FlowExperiment.run(new RegularizedDecPomdp<>(eval, tau,
            RegularizedDecPomdp.Form.B, DoubleField.INSTANCE), starts, seed, new GradientFlow.Options(1e-6, 1e-10,
            1e7, 20_000), DecPomdpSymmetries.of(eval.model(), List.of()), workers, null);
        return r.maxDistance() <= AGREEMENT && r.runs().stream().allMatch(run -> run.flow().converged());
    }
}
