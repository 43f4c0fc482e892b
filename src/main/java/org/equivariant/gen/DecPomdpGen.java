package org.equivariant.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.work.Limits;

/**
 * Random small Dec-POMDPs from integer tables: transition and observation rows are non-negative integer weights
 * (normalized; zeros make histories unreachable), rewards r(s, a) integers. The record prints its tables, so a
 * shrunk counterexample can be rebuilt by hand.
 */
public record DecPomdpGen(int states, int[] actions, int[] observations, int[][][] transitionWeights,
                          int[][][] observationWeights, int[][] rewards) {

    /** 2 agents, 1–2 states, 2 actions and 1–2 observations each; weights in 0..3, rewards in −range..range. */
    public static Gen<DecPomdpGen> models(int range) {
        return r -> {
            int ns = r.nextInt(1, 3);
            int[] ac = {2, 2};
            int[] oc = {r.nextInt(1, 3), r.nextInt(1, 3)};
            int nja = DecPomdp.jointCount(ac);
            int njo = DecPomdp.jointCount(oc);
            int[][][] t = new int[nja][ns][];
            int[][][] o = new int[nja][ns][];
            for (int a = 0; a < nja; a++) {
                for (int s = 0; s < ns; s++) {
                    t[a][s] = Weights.draw(r, ns, 0, 4);
                    o[a][s] = Weights.draw(r, njo, 0, 4);
                }
            }
            int[][] rew = new int[ns][nja];
            for (int s = 0; s < ns; s++) {
                for (int a = 0; a < nja; a++) {
                    rew[s][a] = r.nextInt(-range, range + 1);
                }
            }
            return new DecPomdpGen(ns, ac, oc, t, o, rew);
        };
    }

    /** The model: uniform initial belief, no discount. */
    public DecPomdp model() {
        int nja = DecPomdp.jointCount(actions);
        int njo = DecPomdp.jointCount(observations);
        List<String> names = new ArrayList<>();
        for (int s = 0; s < states; s++) {
            names.add("s" + s);
        }
        DecPomdp.Builder b = DecPomdp.builder("random", List.of("1", "2"), names, List.of(labels("a", actions[0]),
            labels("a", actions[1])), List.of(labels("o", observations[0]), labels("o", observations[1])),
            Rational.ONE, Limits.DEFAULT);
        for (int s = 0; s < states; s++) {
            b.initial(s, Rational.of(1, states));
            for (int a = 0; a < nja; a++) {
                Rational[] t = Weights.normalized(transitionWeights[a][s]);
                Rational[] o = Weights.normalized(observationWeights[a][s]);
                for (int s2 = 0; s2 < states; s2++) {
                    b.transition(a, s, s2, t[s2]);
                }
                for (int jo = 0; jo < njo; jo++) {
                    b.observation(a, s, jo, o[jo]);
                }
                b.reward(s, a, Rational.of(rewards[s][a]));
            }
        }
        return b.build().validate();
    }

    private static List<String> labels(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(prefix + k);
        }
        return out;
    }


    /** Shrinks rewards toward zero, one entry at a time. */
    public static Shrinker<DecPomdpGen> shrinker() {
        return g -> {
            List<DecPomdpGen> out = new ArrayList<>();
            for (int s = 0; s < g.states; s++) {
                for (int a = 0; a < g.rewards[s].length; a++) {
                    int v = g.rewards[s][a];
                    if (v != 0) {
                        int[][] rew = Arrays.stream(g.rewards).map(int[]::clone).toArray(int[][]::new);
                        rew[s][a] = v / 2;
                        out.add(new DecPomdpGen(g.states, g.actions, g.observations, g.transitionWeights,
                            g.observationWeights, rew));
                    }
                }
            }
            return out.stream();
        };
    }

    @Override
    public String toString() {
        return "states " + states + ", actions " + Arrays.toString(actions) + ", observations "
            + Arrays.toString(observations) + "\ntransition weights [a][s][s'] " + Arrays.deepToString(transitionWeights)
            + "\nobservation weights [a][s'][o] " + Arrays.deepToString(observationWeights)
            + "\nrewards [s][a] " + Arrays.deepToString(rewards);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecPomdpGen g && toString().equals(g.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
