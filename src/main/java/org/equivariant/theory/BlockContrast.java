package org.equivariant.theory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.Histories;

/**
 * The block contrast matrix Δ of a finite-horizon Dec-POMDP under objective (B) (forkel2025 §5.3 T2; theorem UNIQ-C,
 * part (b)). A block B = (i, h) is one reachable action-observation history h of agent i at a decision time; J is
 * affine in each block's distribution π_B. With g = G_max − G_min the range of discounted returns (per step, the
 * range of the expected reward r(s, a), times γ^t), an exact upper bound on the interaction contrast of
 * ∂²J/∂π_B∂π_B' at every policy is
 * <ul>
 *   <li>2g if B and B' belong to different agents and some trajectory passes through both (co-reachable);</li>
 *   <li>g if they belong to the same agent and one history extends the other (only the action that continues the
 *       shorter history leads to the longer one);</li>
 *   <li>0 otherwise (same agent, neither extends the other; never on one trajectory; B = B').</li>
 * </ul>
 * Then τ &gt; λ_max(Δ)/4 makes J^B_τ strictly concave with a unique stationary point.
 */
public record BlockContrast(List<Block> blocks, Rational returnRange, List<List<Rational>> delta) {
    public BlockContrast {
        blocks = List.copyOf(blocks);
        delta = delta.stream().map(List::copyOf).toList();
    }

    /** Agent i's history with index {@code history} (within time t); {@code global} indexes the policy table. */
    public record Block(int agent, int time, int history, int global) {
    }

    public static BlockContrast of(DecPomdp m, int horizon) {
        return of(new DecPomdpEvaluator<>(m, horizon, RationalField.INSTANCE));
    }

    /** The block contrasts over the reachable structure an evaluator (of any field) already enumerated. */
    public static BlockContrast of(DecPomdpEvaluator<?> eval) {
        DecPomdp m = eval.model();
        int horizon = eval.horizon();
        List<List<int[]>> reachable = eval.reachableJointHistories();
        int n = m.numAgents();
        List<Block> blocks = new ArrayList<>();
        Map<List<Integer>, Integer> index = new HashMap<>();
        for (int t = 0; t < horizon; t++) {
            for (int[] joint : reachable.get(t)) {
                for (int i = 0; i < n; i++) {
                    List<Integer> key = List.of(i, t, joint[i]);
                    if (!index.containsKey(key)) {
                        index.put(key, blocks.size());
                        blocks.add(new Block(i, t, joint[i], eval.histories(i).offset(t) + joint[i]));
                    }
                }
            }
        }
        Rational g = returnRange(m, horizon);
        Rational same = g;
        Rational other = g.multiply(Rational.TWO);
        int size = blocks.size();
        Rational[][] d = new Rational[size][size];
        for (Rational[] row : d) {
            java.util.Arrays.fill(row, Rational.ZERO);
        }
        // a joint history at time T witnesses every pair (agent i's prefix at t ≤ T, agent j's history at T)
        for (int t = 0; t < horizon; t++) {
            for (int[] joint : reachable.get(t)) {
                for (int i = 0; i < n; i++) {
                    Histories hi = eval.histories(i);
                    for (int earlier = 0; earlier <= t; earlier++) {
                        int prefix = joint[i] / hi.count(t - earlier);
                        int b = index.get(List.of(i, earlier, prefix));
                        for (int j = 0; j < n; j++) {
                            int c = index.get(List.of(j, t, joint[j]));
                            if (b == c) {
                                continue;
                            }
                            Rational v = i == j ? same : other;
                            d[b][c] = v;
                            d[c][b] = v;
                        }
                    }
                }
            }
        }
        List<List<Rational>> delta = new ArrayList<>();
        for (Rational[] row : d) {
            delta.add(List.of(row));
        }
        return new BlockContrast(blocks, g, delta);
    }

    /**
     * g = Σ_{t&lt;H} γ^t (max_{s,a} r(s,a) − min_{s,a} r(s,a)) ≥ G_max − G_min, with r the expected immediate reward
     * (its range over all states and joint actions; exact).
     */
    public static Rational returnRange(DecPomdp m, int horizon) {
        Rational lo = null;
        Rational hi = null;
        for (int s = 0; s < m.numStates(); s++) {
            for (int a = 0; a < m.numJointActions(); a++) {
                Rational r = m.expectedReward(s, a);
                lo = lo == null ? r : lo.min(r);
                hi = hi == null ? r : hi.max(r);
            }
        }
        Rational step = hi.subtract(lo);
        Rational total = Rational.ZERO;
        Rational discount = Rational.ONE;
        for (int t = 0; t < horizon; t++) {
            total = total.add(discount.multiply(step));
            discount = discount.multiply(m.discount());
        }
        return total;
    }

    /**
     * Whether τ &gt; λ_max(Δ)/4, decided exactly: from the enclosure of {@link #threshold} when 4τ lies outside it,
     * else by the exact positive-definiteness test ({@link SymmetricSpectrum#lambdaMaxBelow}).
     */
    public boolean provesConcavityAt(Rational tau) {
        return SymmetricSpectrum.lambdaMaxBelow(delta, SymmetricSpectrum.lambdaMax(delta, Rational.ZERO, RELATIVE),
            tau.multiply(Rational.of(4)));
    }

    /**
     * An exact enclosure of the threshold λ_max(Δ)/4, of width at most {@code width} or 10⁻¹⁰ of its size, whichever
     * is larger (the exact bisection is O(n³) on big integers; the relative width keeps large horizons fast).
     */
    public SymmetricSpectrum.Enclosure threshold(Rational width) {
        SymmetricSpectrum.Enclosure e = SymmetricSpectrum.lambdaMax(delta, width.multiply(Rational.of(4)), RELATIVE);
        return new SymmetricSpectrum.Enclosure(e.lo().divide(Rational.of(4)), e.hi().divide(Rational.of(4)));
    }

    private static final Rational RELATIVE = Rational.of(1, 10_000_000_000L);
}
