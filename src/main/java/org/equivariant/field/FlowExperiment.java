package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;
import org.equivariant.symmetry.DecPomdpSymmetry;
import org.equivariant.symmetry.EncodedGroup;

/**
 * K policy-gradient flows (plain or natural, {@link GradientFlow.Dynamics}) of a regularized Dec-POMDP from seeded
 * random starts (logits N(0, 2²)), in the double fast
 * path, with what forkel2025 asks of their limits: pairwise distances, the equivariance defect under a symmetry group,
 * self-play and the cross-play matrix of every pair of runs, and the same for greedified policies under both tie rules
 * (computed exactly). Nothing here is certified; it is an experiment whose numbers are reported as measured. The runs
 * share the work over {@code workers} threads (the evaluators are immutable); the starts are drawn in run order, so
 * the result does not depend on the number of workers.
 */
public final class FlowExperiment {
    private FlowExperiment() {
    }

    /** Told which run (from 0) is at which flow time, gradient norm and step. */
    @FunctionalInterface
    public interface Progress {
        void at(int run, double time, double gradNorm, int steps);
    }

    /** A greedified policy (exact) and its exact self-play return. */
    public record Greedy(List<List<List<Rational>>> policy, Rational selfPlay) {
    }

    /** One run: its start, limit, flow record, self-play return, and its greedifications under each tie rule. */
    public record Run(List<List<List<Double>>> theta0, List<List<List<Double>>> policy, GradientFlow.Result<Double> flow,
                      double selfPlay, List<Greedy> greedy) {
    }

    /**
     * The runs; the cross-play matrix (entry (a, b), a ≠ b, is {@link Play#crossPlay} of runs a and b; the diagonal is
     * self-play); the exact greedified cross-play matrices per tie rule (in {@link Play.TieRule} order); the largest
     * pairwise distance and equivariance defect.
     */
    public record Report(List<Run> runs, double[][] crossPlay, List<Rational[][]> greedyCrossPlay, double maxDistance,
                         double maxDefect) {
        /** Mean self-play over runs. */
        public double meanSelfPlay() {
            return runs.stream().mapToDouble(Run::selfPlay).average().orElseThrow();
        }

        /** Mean cross-play over pairs of runs, or null with a single run. */
        public Double meanCrossPlay() {
            double s = 0;
            int k = 0;
            for (int a = 0; a < crossPlay.length; a++) {
                for (int b = a + 1; b < crossPlay.length; b++) {
                    s += crossPlay[a][b];
                    k++;
                }
            }
            return k == 0 ? null : s / k;
        }

        /** Mean greedified self-play under tie rule {@code rule}. */
        public Rational greedySelfPlay(Play.TieRule rule) {
            Rational s = Rational.ZERO;
            for (Run r : runs) {
                s = s.add(r.greedy().get(rule.ordinal()).selfPlay());
            }
            return s.divide(Rational.of(runs.size()));
        }

        /** Mean greedified cross-play over pairs under {@code rule}, or null with a single run. */
        public Rational greedyCrossPlay(Play.TieRule rule) {
            Rational[][] x = greedyCrossPlay.get(rule.ordinal());
            Rational s = Rational.ZERO;
            int k = 0;
            for (int a = 0; a < x.length; a++) {
                for (int b = a + 1; b < x.length; b++) {
                    s = s.add(x[a][b]);
                    k++;
                }
            }
            return k == 0 ? null : s.divide(Rational.of(k));
        }
    }

    public static Report run(DecPomdp m, int horizon, Rational tau, RegularizedDecPomdp.Form form, int starts,
                             long seed, GradientFlow.Options options, EncodedGroup<DecPomdpSymmetry> group) {
        return run(new RegularizedDecPomdp<>(m, horizon, tau, form, DoubleField.INSTANCE), starts, seed, options, group,
            1, null);
    }

    /**
     * As above for objective {@code obj}, on {@code workers} threads, telling {@code progress} (if not null) how each
     * run goes; {@code options.wallSeconds()} bounds all runs together.
     */
    public static Report run(RegularizedDecPomdp<Double> obj, int starts, long seed, GradientFlow.Options options,
                             EncodedGroup<DecPomdpSymmetry> group, int workers, Progress progress) {
        SplittableRandom r = new SplittableRandom(seed);
        DecPomdpEvaluator<Double> eval = obj.evaluator();
        DecPomdp m = eval.model();
        List<List<List<List<Double>>>> theta0s = new ArrayList<>();
        for (int k = 0; k < starts; k++) {
            theta0s.add(eval.policy((i, h) -> {
                List<Double> row = new ArrayList<>();
                for (int a = 0; a < m.actionCounts()[i]; a++) {
                    row.add(2 * r.nextGaussian());
                }
                return row;
            }));
        }
        int w = Math.max(1, Math.min(workers, starts));
        DecPomdpEvaluator<Rational> exact = eval.inField(RationalField.INSTANCE);
        List<Run> runs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(w, task -> {
            Thread t = new Thread(task, "flow");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Run>> futures = new ArrayList<>();
            long begin = System.nanoTime();
            for (int k = 0; k < starts; k++) {
                int index = k;
                futures.add(pool.submit(() -> {
                    // the elapsed-time limit holds for all runs together: a run gets what is left of it
                    double left = options.wallSeconds() - (System.nanoTime() - begin) / 1e9;
                    GradientFlow.Options o = new GradientFlow.Options(options.tol(), options.gradTol(),
                        options.maxTime(), options.maxSteps(), Math.max(0, left), progress == null ? null
                        : (time, g, steps) -> progress.at(index, time, g, steps), options.dynamics());
                    GradientFlow.Result<Double> res = GradientFlow.flow(obj, theta0s.get(index), DoubleField.INSTANCE,
                        o);
                    List<List<List<Double>>> pi = obj.policy(res.theta());
                    List<Greedy> greedy = new ArrayList<>();
                    for (Play.TieRule rule : Play.TieRule.values()) {
                        List<List<List<Rational>>> g = Play.greedify(pi, rule, 1e-6);
                        greedy.add(new Greedy(g, exact.expectedReturn(g)));
                    }
                    return new Run(theta0s.get(index), pi, res, eval.expectedReturn(pi), greedy);
                }));
            }
            for (Future<Run> f : futures) {
                runs.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("flows interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Histories[] hist = new Histories[m.numAgents()];
        for (int i = 0; i < hist.length; i++) {
            hist[i] = eval.histories(i);
        }
        int k = runs.size();
        double[][] xp = new double[k][k];
        List<Rational[][]> gxp = new ArrayList<>();
        for (Play.TieRule rule : Play.TieRule.values()) {
            gxp.add(new Rational[k][k]);
        }
        double maxDistance = 0;
        for (int a = 0; a < k; a++) {
            xp[a][a] = runs.get(a).selfPlay();
            for (Play.TieRule rule : Play.TieRule.values()) {
                gxp.get(rule.ordinal())[a][a] = runs.get(a).greedy().get(rule.ordinal()).selfPlay();
            }
            for (int b = a + 1; b < k; b++) {
                maxDistance = Math.max(maxDistance, Play.distance(runs.get(a).policy(), runs.get(b).policy()));
                xp[a][b] = xp[b][a] = Play.crossPlay(eval, runs.get(a).policy(), runs.get(b).policy());
                for (Play.TieRule rule : Play.TieRule.values()) {
                    Rational x = Play.crossPlay(exact, runs.get(a).greedy().get(rule.ordinal()).policy(),
                        runs.get(b).greedy().get(rule.ordinal()).policy());
                    gxp.get(rule.ordinal())[a][b] = gxp.get(rule.ordinal())[b][a] = x;
                }
            }
        }
        double defect = 0;
        for (Run run : runs) {
            for (DecPomdpSymmetry s : group.generators()) {
                defect = Math.max(defect, Play.distance(s.apply(run.policy(), hist), run.policy()));
            }
        }
        return new Report(runs, xp, gxp, maxDistance, defect);
    }
}
