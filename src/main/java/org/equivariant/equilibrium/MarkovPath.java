package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.ExpField;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.ParametricSystem;
import org.equivariant.field.MarkovField;
import org.equivariant.game.MarkovGame;

/**
 * The principal branch of Markov QREs (theorem MQRE-CHAIN) in the double fast path ({@link ContinuationPath}): the
 * zeros of {@link MarkovQreSystem#branchSystem} F(π, W, β) from β = 0, where — every agent having the same number m_i
 * of actions in every state — the only zero is the uniform policy with W_i ≡ log m_i/(1 − γ); otherwise the zero there
 * is the reward-free game's Markov QRE at τ = 1 (MQRE-CHAIN (7)), reached by MQRE-U's soft-value NPG iteration at the
 * step of the certificate that proves it unique, then Newton's method. Path coordinates
 * x = (y, W, μ) with y = log π and μ = β·scale (scale the largest |reward|); with the branch's logits ℓ
 * ({@link MarkovQreSystem#branchLogits} at (e^y, W, β)) the equations of each agent i and state s, reference action 0,
 * are Σ_a e^{y_a} − 1 = 0, y_a − y_0 − (ℓ_a − ℓ_0) = 0 (a ≥ 1) and y_0 − ℓ_0 + W_i(s) = 0 — F's zeros, written
 * without a probability that could leave the doubles' range (as {@link LogitPath}'s): at β = 10³ a probability of
 * e^{−1000} is a log-probability of −1000. Jacobians by forward-mode differentiation in x
 * ({@link ParametricSystem#jacobian}). The same coordinates serve the start homotopy of MQRE-CHAIN (8)
 * ({@link MarkovQreSystem#startSystem}, μ = θ): β = 0, and y_0 − ℓ_0 + W_i(s) + log((1 − θ)m_i(s) + θ) = 0.
 */
final class MarkovPath extends ContinuationPath {
    private final MarkovGame game;
    private final MarkovQreSystem coordinates;
    private final ParametricSystem system;
    private final int policies;
    private final Rational scale;
    private final Rational startEta;
    private final double[] given;
    private final boolean homotopy;

    /**
     * The path in the coordinates of {@code coordinates} (its τ is irrelevant: the branch system has β instead);
     * {@code startEta} the step of the MQRE-U certificate of the start (MQRE-CHAIN (7)), null with equal action counts.
     */
    MarkovPath(MarkovQreSystem coordinates, Rational startEta) {
        this(coordinates, startEta, null, false);
        if ((startEta == null) != coordinates.game().hasEqualActionCounts()) {
            throw new IllegalArgumentException("a start's step exactly when the action counts differ between states");
        }
    }

    /** The branch from a given zero at β = 0 (path coordinates (y, W), μ = 0): the start homotopy's end. */
    static MarkovPath startingAt(MarkovQreSystem coordinates, double[] start) {
        return new MarkovPath(coordinates, null, start.clone(), false);
    }

    /** The start homotopy of MQRE-CHAIN (8) from θ = 0, where its only zero is the uniform policy with W ≡ 0. */
    static MarkovPath startHomotopy(MarkovQreSystem coordinates) {
        return new MarkovPath(coordinates, null, null, true);
    }

    private MarkovPath(MarkovQreSystem coordinates, Rational startEta, double[] given, boolean homotopy) {
        super(coordinates.size());
        this.startEta = startEta;
        this.given = given;
        this.homotopy = homotopy;
        this.game = coordinates.game();
        this.coordinates = coordinates;
        this.system = homotopy ? coordinates.startSystem() : coordinates.branchSystem();
        this.policies = coordinates.policySize();
        Rational max = Rational.ZERO;
        for (int s = 0; s < game.numStates(); s++) {
            for (int a = 0; a < game.numJointActions(s); a++) {
                for (int i = 0; i < game.numAgents(); i++) {
                    max = max.max(game.reward(s, a, i).abs());
                }
            }
        }
        this.scale = max.signum() == 0 || homotopy ? Rational.ONE : max;
    }

    /** G(x) in the field f. */
    private <T> List<T> equations(ExpField<T> f, List<T> x) {
        List<T> z = new ArrayList<>(n + 1);
        for (int k = 0; k < n; k++) {
            z.add(k < policies ? f.exp(x.get(k)) : x.get(k));
        }
        z.add(homotopy ? f.zero() : f.divide(x.get(n), f.of(scale)));
        List<T> logits = coordinates.branchLogits(f, z);
        List<T> g = new ArrayList<>(Collections.nCopies(n, f.zero()));
        for (int i = 0; i < game.numAgents(); i++) {
            for (int s = 0; s < game.numStates(); s++) {
                int o = coordinates.policyIndex(i, s, 0);
                T sum = f.negate(f.one());
                for (int a = 0; a < game.actionCounts(s)[i]; a++) {
                    sum = f.add(sum, z.get(o + a));
                }
                g.set(o, sum);
                for (int a = 1; a < game.actionCounts(s)[i]; a++) {
                    g.set(o + a, f.subtract(f.subtract(x.get(o + a), x.get(o)), f.subtract(logits.get(o + a),
                        logits.get(o))));
                }
                int v = coordinates.valueIndex(i, s);
                T row = f.add(f.subtract(x.get(o), logits.get(o)), x.get(v));
                if (homotopy) {
                    T m = f.of(Rational.of(game.actionCounts(s)[i]));
                    row = f.add(row, f.log(f.add(f.multiply(f.subtract(f.one(), x.get(n)), m), x.get(n))));
                }
                g.set(v, row);
            }
        }
        return g;
    }

    @Override
    double[] residual(double[] x) {
        return unboxed(equations(DoubleField.INSTANCE, boxed(x)));
    }

    /** G as a system in the path coordinates x = (y, W, μ): its Jacobian by the default forward mode. */
    private final ParametricSystem pathEquations = new ParametricSystem() {
        @Override
        public int unknowns() {
            return n;
        }

        @Override
        public <T> List<T> residual(ExpField<T> f, List<T> x) {
            return equations(f, x);
        }
    };

    @Override
    double[][] jacobian(double[] x) {
        return matrix(pathEquations.jacobian(DoubleField.INSTANCE, boxed(x)));
    }

    @Override
    double[] start() {
        if (given != null) {
            double[] polished = newtonAt(given, n, 0);
            return polished == null ? given.clone() : polished;
        }
        if (startEta != null) {
            return rewardFreeQre();
        }
        double[] x = new double[n + 1];
        double discount = game.discount().doubleValue();
        for (int i = 0; i < game.numAgents(); i++) {
            for (int s = 0; s < game.numStates(); s++) {
                int m = game.actionCounts(s)[i];
                for (int a = 0; a < m; a++) {
                    x[coordinates.policyIndex(i, s, a)] = -Math.log(m);
                }
                x[coordinates.valueIndex(i, s)] = homotopy ? 0 : Math.log(m) / (1 - discount);
            }
        }
        return x;
    }

    /**
     * The zero at β = 0 where the action counts differ: the reward-free game's Markov QRE at τ = 1 with its soft values
     * (W = V), from MQRE-U's iteration at {@code startEta} from the uniform policy (it contracts there) until its moves
     * fall below 10⁻¹⁴ or 10⁵ steps, then Newton's method at μ = 0 (the iterate itself where Newton fails).
     */
    private double[] rewardFreeQre() {
        MarkovField<Double> field = new MarkovField<>(game.withoutRewards(), Rational.ONE, DoubleField.INSTANCE);
        List<List<List<Double>>> uniform = field.uniform();
        MarkovField.PolicyValue<Double> z = new MarkovField.PolicyValue<>(uniform, field.values(uniform));
        double move = Double.POSITIVE_INFINITY;
        for (int step = 0; step < 100_000 && move > 1e-14; step++) {
            MarkovField.PolicyValue<Double> next = field.criticStep(z, startEta);
            move = 0;
            for (int i = 0; i < game.numAgents(); i++) {
                for (int s = 0; s < game.numStates(); s++) {
                    move = Math.max(move, Math.abs(next.values().get(i).get(s) - z.values().get(i).get(s)));
                    for (int a = 0; a < game.actionCounts(s)[i]; a++) {
                        move = Math.max(move, Math.abs(Math.log(next.policy().get(i).get(s).get(a))
                            - Math.log(z.policy().get(i).get(s).get(a))));
                    }
                }
            }
            z = next;
        }
        double[] x = new double[n + 1];
        for (int i = 0; i < game.numAgents(); i++) {
            for (int s = 0; s < game.numStates(); s++) {
                for (int a = 0; a < game.actionCounts(s)[i]; a++) {
                    x[coordinates.policyIndex(i, s, a)] = Math.log(z.policy().get(i).get(s).get(a));
                }
                x[coordinates.valueIndex(i, s)] = z.values().get(i).get(s);
            }
        }
        double[] polished = newtonAt(x, n, 0);
        return polished == null ? x : polished;
    }

    /** π = e^y on the policy coordinates, W as it is, β = μ/scale. */
    @Override
    double toZ(int k, double x) {
        return k == n ? x / scale.doubleValue() : k < policies ? Math.exp(x) : x;
    }

    @Override
    double toX(int k, double z) {
        return k == n ? z * scale.doubleValue() : k < policies ? Math.log(z) : z;
    }

    /**
     * A scaled soft value W_i(s) carries the roundings of the largest one (each logit sums γP·W over the states): a
     * value near 0 beside others of 10³ at β = 10⁴, whose QRE enclosure must fit in the last piece's tube.
     */
    @Override
    double[] roundingMagnitudes(double[] z) {
        double largest = 0;
        for (int v = policies; v < n; v++) {
            largest = Math.max(largest, Math.abs(z[v]));
        }
        double[] m = new double[n + 1];
        Arrays.fill(m, policies, n, largest);
        return m;
    }

    /** Only policy coordinates: the soft values follow from the policies and β. */
    @Override
    boolean parametrizes(int k) {
        return k < policies;
    }

    @Override
    ParametricSystem system() {
        return system;
    }

    @Override
    String parameterName() {
        return homotopy ? "θ" : "β";
    }
}
