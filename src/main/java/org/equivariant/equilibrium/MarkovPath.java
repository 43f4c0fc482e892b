package org.equivariant.equilibrium;

import org.equivariant.arith.DoubleField;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.ParametricSystem;
import org.equivariant.game.MarkovGame;

/**
 * The principal branch of Markov QREs (theorem MQRE-CHAIN) in the double fast path ({@link ContinuationPath}): the
 * zeros of {@link MarkovQreSystem#branchSystem} F(π, W, β) from β = 0, where — every agent having the same number m_i
 * of actions in every state — the only zero is the uniform policy with W_i ≡ log m_i/(1 − γ). Path coordinates
 * x = (log π, W, μ) with μ = β·scale (scale the largest |reward|), so G(x) = F(e^y, W, μ/scale); the Jacobians are
 * F's (forward-mode, {@link ParametricSystem#jacobian}), columns scaled by dz/dx.
 */
final class MarkovPath extends ContinuationPath {
    private final MarkovGame game;
    private final MarkovQreSystem coordinates;
    private final ParametricSystem system;
    private final int policies;
    private final double scale;

    /** The path in the coordinates of {@code coordinates} (its τ is irrelevant: the branch system has β instead). */
    MarkovPath(MarkovQreSystem coordinates) {
        super(coordinates.size());
        this.game = coordinates.game();
        this.coordinates = coordinates;
        this.system = coordinates.branchSystem();
        this.policies = coordinates.policySize();
        double max = 0;
        for (int s = 0; s < game.numStates(); s++) {
            for (int a = 0; a < game.numJointActions(s); a++) {
                for (int i = 0; i < game.numAgents(); i++) {
                    max = Math.max(max, Math.abs(game.reward(s, a, i).doubleValue()));
                }
            }
        }
        this.scale = max == 0 ? 1 : max;
    }

    @Override
    double[] residual(double[] x) {
        return unboxed(system.residual(DoubleField.INSTANCE, boxed(toZ(x))));
    }

    @Override
    double[][] jacobian(double[] x) {
        double[] z = toZ(x);
        double[][] jac = systemJacobian(z);
        for (double[] row : jac) {
            for (int k = 0; k < policies; k++) {
                row[k] *= z[k];
            }
            row[n] /= scale;
        }
        return jac;
    }

    @Override
    double[] start() {
        double[] x = new double[n + 1];
        int[] m = game.actionCounts(0);
        double discount = game.discount().doubleValue();
        for (int i = 0; i < game.numAgents(); i++) {
            for (int s = 0; s < game.numStates(); s++) {
                for (int a = 0; a < m[i]; a++) {
                    x[coordinates.policyIndex(i, s, a)] = -Math.log(m[i]);
                }
                x[coordinates.valueIndex(i, s)] = Math.log(m[i]) / (1 - discount);
            }
        }
        return x;
    }

    /** π = e^y on the policy coordinates, W as it is, β = μ/scale. */
    @Override
    double toZ(int k, double x) {
        return k == n ? x / scale : k < policies ? Math.exp(x) : x;
    }

    @Override
    double toX(int k, double z) {
        return k == n ? z * scale : k < policies ? Math.log(z) : z;
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
        return "β";
    }
}
