package org.equivariant.field;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;
import org.equivariant.symmetry.DecPomdpSymmetry;
import org.equivariant.symmetry.EncodedGroup;

/**
 * K policy-gradient flows of a regularized Dec-POMDP from seeded random starts (logits N(0, 2²)), in the double fast
 * path, with what forkel2025 asks of their limits: pairwise distances, the equivariance defect under a symmetry group,
 * self-play and cross-play returns, and the same for greedified policies under both tie rules (computed exactly).
 * Nothing here is certified; it is an experiment whose numbers are reported as measured.
 */
public final class FlowExperiment {
    private FlowExperiment() {
    }

    public record Run(List<List<List<Double>>> theta0, List<List<List<Double>>> policy, GradientFlow.Result<Double> flow,
                      double selfPlay) {
    }

    public record Report(List<Run> runs, double maxDistance, double maxDefect, double meanSelfPlay,
                         double meanCrossPlay, Rational greedySelfPlayUniform, Rational greedyCrossPlayUniform,
                         Rational greedySelfPlayLowest, Rational greedyCrossPlayLowest) {
    }

    public static Report run(DecPomdp m, int horizon, Rational tau, RegularizedDecPomdp.Form form, int starts,
                             long seed, GradientFlow.Options options, EncodedGroup<DecPomdpSymmetry> group) {
        RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(m, horizon, tau, form, DoubleField.INSTANCE);
        DecPomdpEvaluator<Double> eval = obj.evaluator();
        SplittableRandom r = new SplittableRandom(seed);
        List<Run> runs = new ArrayList<>();
        for (int k = 0; k < starts; k++) {
            List<List<List<Double>>> theta0 = eval.policy((i, h) -> {
                List<Double> row = new ArrayList<>();
                for (int a = 0; a < m.actionCounts()[i]; a++) {
                    row.add(2 * r.nextGaussian());
                }
                return row;
            });
            GradientFlow.Result<Double> res = GradientFlow.flow(obj, theta0, DoubleField.INSTANCE, options);
            List<List<List<Double>>> pi = obj.policy(res.theta());
            runs.add(new Run(theta0, pi, res, eval.expectedReturn(pi)));
        }
        Histories[] hist = new Histories[m.numAgents()];
        for (int i = 0; i < hist.length; i++) {
            hist[i] = eval.histories(i);
        }
        double maxDistance = 0;
        double xp = 0;
        int pairs = 0;
        for (int a = 0; a < runs.size(); a++) {
            for (int b = a + 1; b < runs.size(); b++) {
                maxDistance = Math.max(maxDistance, Play.distance(runs.get(a).policy(), runs.get(b).policy()));
                xp += Play.crossPlay(eval, runs.get(a).policy(), runs.get(b).policy());
                pairs++;
            }
        }
        double defect = 0;
        for (Run run : runs) {
            for (DecPomdpSymmetry s : group.generators()) {
                defect = Math.max(defect, Play.distance(s.apply(run.policy(), hist), run.policy()));
            }
        }
        double sp = runs.stream().mapToDouble(Run::selfPlay).average().orElse(Double.NaN);
        DecPomdpEvaluator<Rational> exact = new DecPomdpEvaluator<>(m, horizon, RationalField.INSTANCE);
        Rational[] greedy = new Rational[4];
        int idx = 0;
        for (Play.TieRule rule : Play.TieRule.values()) {
            List<List<List<List<Rational>>>> g = runs.stream()
                .map(run -> Play.greedify(run.policy(), rule, 1e-6)).toList();
            Rational gsp = Rational.ZERO;
            for (List<List<List<Rational>>> p : g) {
                gsp = gsp.add(exact.expectedReturn(p));
            }
            Rational gxp = Rational.ZERO;
            int gp = 0;
            for (int a = 0; a < g.size(); a++) {
                for (int b = a + 1; b < g.size(); b++) {
                    gxp = gxp.add(Play.crossPlay(exact, g.get(a), g.get(b)));
                    gp++;
                }
            }
            greedy[idx++] = gsp.divide(Rational.of(g.size()));
            greedy[idx++] = gp == 0 ? null : gxp.divide(Rational.of(gp));
        }
        return new Report(runs, maxDistance, defect, sp, pairs == 0 ? Double.NaN : xp / pairs, greedy[0], greedy[1],
            greedy[2], greedy[3]);
    }
}
