package org.equivariant.cli;

import java.util.Locale;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.GradientFlow;
import org.equivariant.io.InputException;
import org.equivariant.work.Limits;

/**
 * The cost of policy-gradient flows, from the reachable structure the evaluator enumerated (entries E, successor links
 * L, joint actions |A|) and the policy tables (P entries: every agent's histories times its actions) before any flow
 * runs: one gradient does about U = L + E·|A| units of work at about {@value #SECONDS_PER_UNIT} s each plus about
 * {@value #SECONDS_PER_POLICY_ENTRY} s per policy entry (softmax, entropy terms, in generic code), and each concurrent
 * pass holds about E·|A| boxed values of {@value #BYTES_PER_VALUE} bytes beside the structure's 8L + 16E bytes
 * (constants measured on Dec-Tiger at horizons 3 and 4 and on Mars at horizon 3, docs/performance.md). A plain flow
 * that converges typically takes 10³–10⁴ steps of three gradients each (estimated with {@value #GRADIENT_STEPS}); a
 * natural one 200–400 (estimated with {@value #NATURAL_STEPS}; measured on the MADP models at horizon 3).
 */
record FlowCost(String model, int horizon, long entries, long links, int jointActions, double policyEntries,
                GradientFlow.Dynamics dynamics) {
    static final double SECONDS_PER_UNIT = DecPomdpEvaluator.SECONDS_PER_UNIT;
    static final double SECONDS_PER_POLICY_ENTRY = 4e-7;
    static final double BYTES_PER_VALUE = 48;
    static final int GRADIENT_STEPS = 1000;
    static final int NATURAL_STEPS = 300;

    static FlowCost of(String model, int horizon, DecPomdpEvaluator<?> eval, GradientFlow.Dynamics dynamics) {
        return new FlowCost(model, horizon, eval.reachableEntries(), eval.links(), eval.model().numJointActions(),
            DecPomdpEvaluator.policyEntries(eval.model(), horizon), dynamics);
    }

    int typicalSteps() {
        return dynamics == GradientFlow.Dynamics.NATURAL ? NATURAL_STEPS : GRADIENT_STEPS;
    }

    double bytes(int workers) {
        return DecPomdpEvaluator.BYTES_PER_LINK * links + 16.0 * entries
            + workers * (double) entries * jointActions * BYTES_PER_VALUE;
    }

    double gradientSeconds() {
        return ((double) links + (double) entries * jointActions) * SECONDS_PER_UNIT
            + policyEntries * SECONDS_PER_POLICY_ENTRY;
    }

    /** Seconds for {@code starts} flows of {@code steps} steps each on {@code workers} threads. */
    double seconds(int starts, int workers, int steps) {
        return gradientSeconds() * 3 * steps * Math.ceil((double) starts / workers);
    }

    String describe(int starts, int workers) {
        return String.format(Locale.ROOT, "%s reachable (state, joint history) entries and %s links, about %s of "
            + "memory, %s per gradient; %d %sflows of %d steps on %d thread(s) about %s", Limits.human(entries),
            Limits.human(links), memory(bytes(workers)), time(gradientSeconds()), starts,
            dynamics == GradientFlow.Dynamics.NATURAL ? "natural " : "", typicalSteps(), workers,
            time(seconds(starts, workers, typicalSteps())));
    }

    /** Refuses when the memory exceeds the JVM's, or even flows of the typical length overrun the time limit. */
    void refuseIfTooLarge(int starts, int workers, double timeLimit) {
        long heap = Runtime.getRuntime().maxMemory();
        String lower = "Horizon " + (horizon - 1) + ", fewer --starts or --threads would lower it";
        if (bytes(workers) > heap) {
            throw new InputException("refused: horizon " + horizon + " of " + model + " needs " + describe(starts,
                workers) + ", more than the " + memory(heap) + " this JVM may use (java -Xmx). " + lower);
        }
        if (seconds(starts, workers, typicalSteps()) > timeLimit) {
            throw new InputException("refused: horizon " + horizon + " of " + model + " needs " + describe(starts,
                workers) + ", beyond --time-limit " + (long) timeLimit + " s. " + lower.replace("--threads",
                "more --threads") + (dynamics == GradientFlow.Dynamics.GRADIENT ? ", or --dynamics natural (about "
                + NATURAL_STEPS + " steps: " + time(seconds(starts, workers, NATURAL_STEPS)) + ")" : "")
                + "; or raise --time-limit");
        }
    }

    private static String memory(double b) {
        return b >= 1e12 ? Limits.human(b / 1e9) + " GB" : b >= 1e9 ? String.format(Locale.ROOT, "%.1f GB", b / 1e9)
            : String.format(Locale.ROOT, "%.0f MB", Math.max(1, b / 1e6));
    }

    private static String time(double s) {
        return s >= 3.6e6 ? Limits.human(s / 3600) + " h" : s >= 3600 ? String.format(Locale.ROOT, "%.1f h", s / 3600)
            : s >= 60 ? String.format(Locale.ROOT, "%.1f min", s / 60) : s >= 1 ? String.format(Locale.ROOT, "%.1f s",
            s) : String.format(Locale.ROOT, "%.1f ms", s * 1e3);
    }
}
