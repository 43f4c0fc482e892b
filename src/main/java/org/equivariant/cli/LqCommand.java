package org.equivariant.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.equivariant.arith.Rational;
import org.equivariant.lq.LqJson;
import org.equivariant.lq.LqModel;
import org.equivariant.lq.LqSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lq MODEL.json [--t T] [--x X…] [--regime I] [--digits D]}: the exploratory LQ Stackelberg oracle. */
@Command(name = "lq", mixinStandardHelpOptions = true,
    description = "Entropy-regularized leader-follower LQ game with regime switching (docs/lq.md): Riccati "
        + "coefficients, Gaussian equilibrium policies, values, classical counterparts and exploration premium, to "
        + "D digits certified by agreement of two precisions.")
final class LqCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "JSON model")
    Path model;

    @Option(names = "--t", defaultValue = "0", description = "time in [0, T]")
    String t;

    @Option(names = "--x", split = ",", description = "state for the value functions (comma-separated)")
    List<String> x = new ArrayList<>();

    @Option(names = "--regime", defaultValue = "1", description = "regime for the value functions (1-based)")
    int regime;

    @Option(names = "--digits", defaultValue = "30")
    int digits;

    @Option(names = "--grid", paramLabel = "N", description = "solve at the N + 1 times t_k = kT/N (k = 0..N) instead "
        + "of --t")
    Integer grid;

    @Option(names = "--json", description = "machine-readable output: every number as a decimal string with the "
        + "agreed digits; errors as {\"error\": …} too")
    boolean json;

    @Option(names = "--moments", description = "also print the state moments at T from (--x, --regime) at time 0 "
        + "(RK4 on a 400-step grid: about 10 digits)")
    boolean moments;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Args.range("--digits", digits, 1, 500);
        LqModel m = LqJson.read(model.toString(), inputs.text(model));
        Args.range("--regime", regime, 1, m.regimes().size());
        Rational time = Args.nonNegative("--t", t);
        if (time.compareTo(m.horizon()) > 0) {
            throw new UsageException("--t must lie in [0, T] = [0, " + m.horizon() + "], got " + time);
        }
        if (!x.isEmpty() && x.size() != m.n()) {
            throw new UsageException("--x needs " + m.n() + " comma-separated components, got " + x.size());
        }
        if (moments && x.size() != m.n()) {
            throw new UsageException("--moments needs --x with " + m.n() + " components");
        }
        List<Rational> state = x.stream().map(s -> Args.rational("--x", s)).toList();
        if (grid != null) {
            Args.range("--grid", grid, 1, 1000);
            if (!t.equals("0")) {
                throw new UsageException("--grid and --t exclude each other: --grid N solves at t = kT/N, k = 0..N");
            }
        }
        List<Rational> times = new ArrayList<>();
        if (grid == null) {
            times.add(time);
        } else {
            for (int k = 0; k <= grid; k++) {
                times.add(m.horizon().multiply(Rational.of(k, grid)));
            }
        }
        LqSolver coarse = new LqSolver(m, digits + 10);
        LqSolver fine = new LqSolver(m, digits + 25);
        com.fasterxml.jackson.databind.node.ObjectNode root = org.equivariant.certificate.CertificateJson.mapper()
            .createObjectNode();
        root.put("model", model.toString());
        root.put("n", m.n());
        root.put("mL", m.mL());
        root.put("mF", m.mF());
        root.put("d", m.d());
        root.put("regimes", m.regimes().size());
        root.put("T", m.horizon().toString());
        root.put("variant", m.variant().name());
        root.put("lambdaL", m.lambdaL().toString());
        root.put("lambdaF", m.lambdaF().toString());
        if (!json) {
            out.printf("model    %s: n = %d, mL = %d, mF = %d, d = %d, %d regimes, T = %s, variant %s, lambda_L = %s, "
                + "lambda_F = %s%n", model, m.n(), m.mL(), m.mF(), m.d(), m.regimes().size(), m.horizon(),
                m.variant(), m.lambdaL(), m.lambdaF());
        }
        com.fasterxml.jackson.databind.node.ArrayNode snapshots = root.putArray("times");
        LqSolver.Solution b = null;
        MathContext show = null;
        for (Rational at : times) {
            LqSolver.Solution a = coarse.solveAt(at);
            b = fine.solveAt(at);
            LqSolver.Solution c0 = fine.classical().solveAt(at);
            int agreed = agreement(a, b);
            show = new MathContext(Math.min(digits, agreed));
            snapshots.add(snapshot(m, at, b, c0, agreed, show));
            if (!json) {
                print(out, m, at, b, c0, agreed, show);
            }
        }
        if (json) {
            if (!x.isEmpty()) {
                List<BigDecimal> xs = state.stream().map(s -> s.toBigDecimal(fine.mathContext())).toList();
                var v = root.putObject("values");
                v.put("t", times.get(times.size() - 1).toString());
                v.put("regime", regime);
                v.put("leader", b.value(0, regime - 1, xs, fine.mathContext()).round(show).toString());
                v.put("follower", b.value(1, regime - 1, xs, fine.mathContext()).round(show).toString());
            }
            out.println(org.equivariant.certificate.CertificateJson.mapper().writeValueAsString(root));
            return 0;
        }
        if (!x.isEmpty()) {
            List<BigDecimal> xs = state.stream().map(s -> s.toBigDecimal(fine.mathContext())).toList();
            out.printf("values   V_L(%s, x, %d) = %s   V_F = %s%n", times.get(times.size() - 1), regime,
                b.value(0, regime - 1, xs, fine.mathContext()).round(show),
                b.value(1, regime - 1, xs, fine.mathContext()).round(show));
            for (int k = 0; k < 2; k++) {
                List<List<BigDecimal>> p = (k == 0 ? b.pL() : b.pF()).get(regime - 1);
                List<List<BigDecimal>> lin = (k == 0 ? b.linL() : b.linF()).get(regime - 1);
                List<BigDecimal> grad = new ArrayList<>();
                for (int row = 0; row < p.size(); row++) {
                    BigDecimal g = lin.get(row).get(0);
                    for (int col = 0; col < p.size(); col++) {
                        g = g.add(p.get(row).get(col).multiply(xs.get(col)), fine.mathContext());
                    }
                    grad.add(g.multiply(BigDecimal.valueOf(2)).round(show));
                }
                out.printf("         %s: gradient 2(P x + p) = %s, Hessian 2P = %s%n", k == 0 ? "leader" : "follower",
                    grad, fmt(p.stream().map(row -> row.stream().map(v -> v.multiply(BigDecimal.valueOf(2))).toList())
                        .toList(), show));
            }
        }
        if (moments) {
            LqSolver.Moments mo = new LqSolver(m, 20).moments(state.stream().map(s -> s
                .toBigDecimal(new MathContext(20))).toList(), regime - 1, 200);
            MathContext ten = new MathContext(10);
            for (int i = 0; i < m.regimes().size(); i++) {
                out.printf("moments  at T, regime %d: P(alpha_T = %d) = %s, E[X_T; alpha_T = %d] = %s, E[X_T X_T'; "
                    + "alpha_T = %d] = %s%n", i + 1, i + 1, mo.regimeProbabilities().get(i).round(ten), i + 1,
                    fmt(mo.firstMoments().get(i), ten), i + 1, fmt(mo.secondMoments().get(i), ten));
            }
        }
        return 0;
    }

    private void print(PrintWriter out, LqModel m, Rational time, LqSolver.Solution b, LqSolver.Solution c0,
                       int agreed, MathContext show) {
        out.printf("digits   %d significant digits agree between %d- and %d-digit runs; printed: %d%n", agreed,
            digits + 10, digits + 25, show.getPrecision());
        for (int i = 0; i < m.regimes().size(); i++) {
            LqSolver.Stage st = b.stages().get(i);
            out.printf("regime %d at t = %s%n", i + 1, time);
            out.printf("  leader    P = %s  p = %s  c = %s%n", fmt(b.pL().get(i), show), fmt(b.linL().get(i), show),
                b.cL().get(i).round(show));
            out.printf("  follower  P = %s  p = %s  c = %s%n", fmt(b.pF().get(i), show), fmt(b.linF().get(i), show),
                b.cF().get(i).round(show));
            out.printf("  leader policy    N(Gamma_L x + gamma_L, Sigma_L): Gamma_L = %s, gamma_L = %s, Sigma_L = %s%n",
                fmt(st.gammaL(), show), fmt(st.gammaLConst(), show), fmt(st.sigmaL(), show));
            out.printf("  follower policy  N(Gamma_F x + gamma_F, Sigma_F): Gamma_F = %s, gamma_F = %s, Sigma_F = %s%n",
                fmt(st.gammaF(), show), fmt(st.gammaFConst(), show), fmt(st.sigmaF(), show));
            out.printf("  classical (lambda = 0): c_L = %s, c_F = %s; exploration premium V - V0: leader %s, "
                + "follower %s%n", c0.cL().get(i).round(show), c0.cF().get(i).round(show),
                b.cL().get(i).subtract(c0.cL().get(i)).round(show), b.cF().get(i).subtract(c0.cF().get(i)).round(show));
            out.printf("  diagnostics: least leading minor of the follower's own Hessian %s, of the leader's %s%n",
                st.minFollowerCurvature().round(new MathContext(6)), st.minLeaderCurvature().round(new MathContext(6)));
        }
    }

    /** The same numbers as {@link #print}, as JSON (decimal strings rounded to the agreed digits). */
    private static com.fasterxml.jackson.databind.node.ObjectNode snapshot(LqModel m, Rational time,
                                                                           LqSolver.Solution b, LqSolver.Solution c0,
                                                                           int agreed, MathContext show) {
        var mapper = org.equivariant.certificate.CertificateJson.mapper();
        var o = mapper.createObjectNode();
        o.put("t", time.toString());
        o.put("digitsAgreed", agreed);
        var regimes = o.putArray("regimes");
        for (int i = 0; i < m.regimes().size(); i++) {
            LqSolver.Stage st = b.stages().get(i);
            var r = regimes.addObject();
            r.put("regime", i + 1);
            for (int k = 0; k < 2; k++) {
                var p = r.putObject(k == 0 ? "leader" : "follower");
                p.set("P", matrix((k == 0 ? b.pL() : b.pF()).get(i), show));
                p.set("p", matrix((k == 0 ? b.linL() : b.linF()).get(i), show));
                BigDecimal c = (k == 0 ? b.cL() : b.cF()).get(i);
                BigDecimal classical = (k == 0 ? c0.cL() : c0.cF()).get(i);
                p.put("c", c.round(show).toString());
                p.put("classicalC", classical.round(show).toString());
                p.put("explorationPremium", c.subtract(classical).round(show).toString());
                p.set("Gamma", matrix(k == 0 ? st.gammaL() : st.gammaF(), show));
                p.set("gamma", matrix(k == 0 ? st.gammaLConst() : st.gammaFConst(), show));
                p.set("Sigma", matrix(k == 0 ? st.sigmaL() : st.sigmaF(), show));
                p.put("leastOwnHessianMinor", (k == 0 ? st.minLeaderCurvature() : st.minFollowerCurvature())
                    .round(new MathContext(6)).toString());
            }
        }
        return o;
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode matrix(List<List<BigDecimal>> m, MathContext mc) {
        var a = org.equivariant.certificate.CertificateJson.mapper().createArrayNode();
        for (List<BigDecimal> row : m) {
            var r = a.addArray();
            row.forEach(v -> r.add(v.round(mc).toString()));
        }
        return a;
    }

    private static String fmt(List<List<BigDecimal>> m, MathContext mc) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < m.size(); i++) {
            sb.append(i == 0 ? "" : "; ");
            for (int j = 0; j < m.get(i).size(); j++) {
                sb.append(j == 0 ? "" : " ").append(m.get(i).get(j).round(mc).toString());
            }
        }
        return sb.append(']').toString();
    }

    /** Smallest number of agreeing significant digits over all P, p, c of both runs. */
    static int agreement(LqSolver.Solution a, LqSolver.Solution b) {
        List<BigDecimal> xa = a.numbers();
        List<BigDecimal> xb = b.numbers();
        int worst = Integer.MAX_VALUE;
        for (int k = 0; k < xa.size(); k++) {
            BigDecimal diff = xa.get(k).subtract(xb.get(k)).abs();
            BigDecimal scale = xb.get(k).abs().max(BigDecimal.ONE.scaleByPowerOfTen(-5));
            int d = diff.signum() == 0 ? 999 : (int) Math.floor(-Math.log10(diff.doubleValue() / scale.doubleValue()));
            worst = Math.min(worst, d);
        }
        return worst;
    }
}
