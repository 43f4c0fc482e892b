package org.equivariant.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.field.DecPomdpEvaluator;
import org.equivariant.field.Play;
import org.equivariant.game.DecPomdp;
import org.equivariant.io.PolicyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate MODEL --policy FILE [--policy FILE2]}: the exact expected return of a policy file, and with two
 * files the exact cross-play returns (each agent's policy from either file, every mixed assignment) and their mean.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Exact expected return of a Dec-POMDP policy file (docs/formats.md, 'Policy files'); with two files "
        + "also the exact return of every mixed assignment of agents to files and their mean, the cross-play XP.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "a MADP .dpomdp file, or bundled:NAME")
    String model;

    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "a policy file; give it once or "
        + "twice")
    List<Path> policies;

    @Mixin
    DiscountOption discount;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (policies.size() > 2) {
            throw new UsageException("--policy takes one or two files, got " + policies.size());
        }
        DecPomdp m = discount.apply(inputs.decPomdp(model, err));
        List<PolicyFile.Read> read = new ArrayList<>();
        for (Path p : policies) {
            PolicyFile.Read r = PolicyFile.read(m, p.toString(), inputs.text(p), inputs.limits());
            if (r.renormalized() > 0) {
                err.println("warning: " + p + ": " + r.renormalized() + " rows did not sum to exactly 1 (within 1e-9);"
                    + " they were divided by their sums");
            }
            read.add(r);
        }
        int horizon = read.get(0).horizon();
        if (read.size() == 2 && read.get(1).horizon() != horizon) {
            throw new org.equivariant.io.InputException(policies.get(1) + ": horizon " + read.get(1).horizon()
                + ", but " + policies.get(0) + " has horizon " + horizon);
        }
        DecPomdpEvaluator<Rational> eval = new DecPomdpEvaluator<>(m, horizon, RationalField.INSTANCE, inputs.limits());
        List<Rational> returns = new ArrayList<>();
        for (PolicyFile.Read r : read) {
            returns.add(eval.expectedReturn(r.policy()));
        }
        List<String> masks = new ArrayList<>();
        List<Rational> mixed = new ArrayList<>();
        int n = m.numAgents();
        if (read.size() == 2) {
            mixed = Play.mixedReturns(eval, read.get(0).policy(), read.get(1).policy());
            for (int mask = 1; mask < (1 << n) - 1; mask++) {
                StringBuilder who = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    who.append(i == 0 ? "" : ", ").append(m.agents().get(i)).append(" from ")
                        .append(policies.get((mask >> i & 1) == 1 ? 0 : 1).getFileName());
                }
                masks.add(who.toString());
            }
        }
        Rational xp = mixed.isEmpty() ? null : mixed.stream().reduce(Rational.ZERO, Rational::add)
            .divide(Rational.of(mixed.size()));
        if (json) {
            ObjectNode o = CertificateJson.mapper().createObjectNode();
            o.put("model", model);
            o.put("horizon", horizon);
            o.put("discount", m.discount().toString());
            ArrayNode rs = o.putArray("returns");
            returns.forEach(x -> rs.add(x.toString()));
            ArrayNode mx = o.putArray("mixed");
            for (int k = 0; k < mixed.size(); k++) {
                mx.addObject().put("assignment", masks.get(k)).put("return", mixed.get(k).toString());
            }
            if (xp == null) {
                o.putNull("crossPlay");
            } else {
                o.put("crossPlay", xp.toString());
            }
            out.println(CertificateJson.mapper().writeValueAsString(o));
            return 0;
        }
        out.printf("model    %s, horizon %d, gamma %s%s (exact)%n", model, horizon, m.discount(), discount.origin());
        for (int k = 0; k < returns.size(); k++) {
            out.printf("return   %s: %s%n", policies.get(k), decimal(returns.get(k)));
        }
        for (int k = 0; k < mixed.size(); k++) {
            out.printf("mixed    %s: %s%n", masks.get(k), decimal(mixed.get(k)));
        }
        if (xp != null) {
            out.printf("XP       mean over the %d mixed assignments: %s%n", mixed.size(), decimal(xp));
        }
        return 0;
    }

    /** Short rationals in full with 10 digits; long ones (from decimal policies) to 30 digits, in full under --json. */
    private static String decimal(Rational x) {
        String exact = x.toString();
        return exact.length() <= 60 ? exact + " (" + x.toBigDecimal(new MathContext(10)) + ")"
            : x.toBigDecimal(new MathContext(30)) + " (rounded; the exact rational has " + exact.length()
            + " characters, --json prints it)";
    }
}
