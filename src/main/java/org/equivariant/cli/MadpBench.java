package org.equivariant.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.RegularizedDecPomdp;
import org.equivariant.game.DecPomdp;
import org.equivariant.io.Bundled;
import org.equivariant.io.InputException;
import org.equivariant.symmetry.DecPomdpSymmetries;
import org.equivariant.work.Limits;

/**
 * {@code bench --madp}: for every bundled MADP model, the time to load it, to discover its symmetry group, and per
 * horizon the time to enumerate the reachable structure, to compute the exact return of the uniform policy, and one
 * double-precision gradient of the regularized objective (what one flow step costs three of) — medians of the repeats,
 * in one JVM after a warm-up run. A horizon whose successor links exceed {@code maxLinks} ends the model's rows.
 */
final class MadpBench {
    private final PrintWriter out;
    private final PrintWriter err;
    private final int repeat;
    private final int maxHorizon;
    private final long maxLinks;

    MadpBench(PrintWriter out, PrintWriter err, int repeat, int maxHorizon, long maxLinks) {
        this.out = out;
        this.err = err;
        this.repeat = repeat;
        this.maxHorizon = maxHorizon;
        this.maxLinks = maxLinks;
    }

    int run(List<String> models) {
        out.printf("%-22s %9s %9s %8s | %2s %11s %11s %9s %11s %11s%n", "model", "load ms", "sym ms", "|G|", "H",
            "entries", "links", "build ms", "return ms", "gradient ms");
        for (String name : models) {
            String spec = Bundled.PREFIX + name;
            DecPomdp m = new Inputs().decPomdp(spec, err);
            double load = median(() -> new Inputs().decPomdp(spec, err));
            double[] order = new double[1];
            double sym = median(() -> order[0] = DecPomdpSymmetries.discover(m, DecPomdpSymmetries.SEARCH_BUDGET)
                .group().order().doubleValue());
            String head = String.format(Locale.ROOT, "%-22s %9.1f %9.1f %8s", name, load, sym, Limits.human(order[0]));
            for (int h = 1; h <= maxHorizon; h++) {
                int horizon = h;
                DecPomdpEvaluator<Double> ev;
                try {
                    ev = new DecPomdpEvaluator<>(m, horizon, DoubleField.INSTANCE, new Limits(1, maxLinks));
                } catch (InputException e) {
                    out.printf("%s | %2d  over %s links: stops here%n", head, horizon, Limits.human(maxLinks));
                    break;
                }
                double build = median(() -> new DecPomdpEvaluator<>(m, horizon, DoubleField.INSTANCE));
                DecPomdpEvaluator<Rational> exact = ev.inField(RationalField.INSTANCE);
                var uniform = exact.uniform();
                double ret = median(() -> exact.expectedReturn(uniform));
                RegularizedDecPomdp<Double> obj = new RegularizedDecPomdp<>(ev, Rational.ONE,
                    RegularizedDecPomdp.Form.B, DoubleField.INSTANCE);
                var theta = ev.policy((i, hist) -> new ArrayList<>(java.util.Collections.nCopies(m.actionCounts()[i],
                    0.0)));
                double grad = median(() -> obj.gradient(theta));
                out.printf(Locale.ROOT, "%s | %2d %11d %11d %9.1f %11.1f %11.1f%n", head, horizon,
                    ev.reachableEntries(), ev.links(), build, ret, grad);
                out.flush();
                head = String.format("%-22s %9s %9s %8s", "", "", "", "");
            }
        }
        return 0;
    }

    /** Median milliseconds of {@code repeat} runs after one warm-up run. */
    private double median(Supplier<?> task) {
        return BenchCommand.sortedMillis(task::get, 1, repeat)[repeat / 2];
    }

    /** Every bundled Dec-POMDP. */
    static List<String> bundledModels() {
        List<String> out = new ArrayList<>();
        for (String n : Bundled.names()) {
            if (Bundled.isDecPomdp(Bundled.PREFIX + n)) {
                out.add(n);
            }
        }
        return out;
    }
}
