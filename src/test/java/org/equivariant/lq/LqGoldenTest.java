package org.equivariant.lq;

import static org.assertj.core.api.Assertions.assertThat;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.equivariant.arith.Rational;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** stackelberg.md §6 golden values (example G1, 36 digits given) and the closed forms of §5. */
class LqGoldenTest {
    static LqModel g1;
    static LqSolver.Solution a;

    @BeforeAll
    static void solve() throws IOException {
        g1 = LqJson.read(Files.readString(Path.of("src/test/resources/lq/g1.json")));
        a = new LqSolver(g1, 45).solveAt(Rational.ZERO);
    }

    static void assertDigits(BigDecimal actual, String golden, int digits) {
        BigDecimal g = new BigDecimal(golden);
        BigDecimal tol = g.abs().max(BigDecimal.ONE.scaleByPowerOfTen(-3)).scaleByPowerOfTen(-digits);
        assertThat(actual.subtract(g).abs()).as("%s vs %s", actual, golden).isLessThanOrEqualTo(tol);
    }

    static BigDecimal s(List<List<BigDecimal>> m) {
        return m.get(0).get(0);
    }

    @Test
    void exampleG1VariantAToThirtyDigits() {
        String[][] golden = {
            {"1.365307476819668401461363062893861615", "1.431476858831498209845710224534518101"},
            {"0.064070904943233837757020342810493021", "0.063962256327761327622650519233553582"},
            {"-0.141485246137672358232854866812857416", "-0.129743475401213209555084145308962582"},
            {"1.118532987975215340349155768375448521", "0.813253623485907197307446313809983347"},
            {"0.086677694174756046947995898010493092", "0.098384880615887010707565688150052237"},
            {"0.221086469290494669535870957090028132", "0.180835726209498657574325986269515340"}};
        for (int i = 0; i < 2; i++) {
            assertDigits(s(a.pL().get(i)), golden[0][i], 33);
            assertDigits(s(a.linL().get(i)), golden[1][i], 33);
            assertDigits(a.cL().get(i), golden[2][i], 33);
            assertDigits(s(a.pF().get(i)), golden[3][i], 33);
            assertDigits(s(a.linF().get(i)), golden[4][i], 33);
            assertDigits(a.cF().get(i), golden[5][i], 33);
        }
        String[][] policy = {
            {"-1.0297108566617280648", "-0.22677957254218653921", "0.17026107381203631962", "0.11948494660142212967",
                "0.12745454289991424027", "0.28725038439466287633", "0.15376714486665763933"},
            {"-0.77213949604878916028", "-0.21202180235106407796", "-0.78512806798139676887", "0.17560786920299358234",
                "0.40038943294094048854", "0.33104468761746014332", "0.23506503944650559498"}};
        for (int i = 0; i < 2; i++) {
            LqSolver.Stage st = a.stages().get(i);
            List<BigDecimal> got = List.of(s(st.gammaL()), s(st.gammaLConst()), s(st.gammaF()), s(st.gammaFConst()),
                s(st.kL()), s(st.sigmaL()), s(st.sigmaF()));
            for (int k = 0; k < got.size(); k++) {
                assertDigits(got.get(k), policy[i][k], 19);
            }
        }
        MathContext mc = new MathContext(45);
        List<BigDecimal> x = List.of(new BigDecimal("0.8"));
        assertDigits(a.value(0, 0, x, mc), "0.834824986936089559113650041936002851", 33);
        assertDigits(a.value(1, 0, x, mc), "1.075631892274242162476124085667104133", 33);
    }

    @Test
    void stateMomentsOfExampleG1MatchTheDigest() {
        // §4.9: from x0 = 0.8 in regime 1, E[X_T] = 0.295407 and P(alpha_T = 1) = 0.41321 (ODE values of the digest)
        LqSolver.Moments mo = new LqSolver(g1, 20).moments(List.of(new BigDecimal("0.8")), 0, 100);
        BigDecimal mean = mo.firstMoments().get(0).get(0).get(0).add(mo.firstMoments().get(1).get(0).get(0));
        assertThat(mean.subtract(new BigDecimal("0.295407")).abs()).isLessThan(new BigDecimal("1e-6"));
        assertThat(mo.regimeProbabilities().get(0).subtract(new BigDecimal("0.41321")).abs())
            .isLessThan(new BigDecimal("1e-5"));
        // P(alpha_T = i) from the generator alone: e^{QᵀT} e_1, checked against the closed form of a 2-state chain
        double rate = 1.5 + 0.8;
        double p1 = 0.8 / rate + (1 - 0.8 / rate) * Math.exp(-rate);
        assertThat(mo.regimeProbabilities().get(0).doubleValue()).isCloseTo(p1, org.assertj.core.api.Assertions.within(1e-8)); // RK4, h = 1/100
        BigDecimal second = mo.secondMoments().get(0).get(0).get(0).add(mo.secondMoments().get(1).get(0).get(0));
        assertThat(second).isGreaterThan(mean.multiply(mean)); // Var(X_T) > 0
    }

    @Test
    void exampleG1VariantBAndTheTemperatureSweep() {
        LqModel b = new LqModel(g1.n(), g1.mL(), g1.mF(), g1.d(), g1.horizon(), g1.generator(), g1.regimes(),
            g1.lambdaL(), g1.lambdaF(), g1.deltaL(), g1.deltaF(), LqModel.Variant.B);
        LqSolver.Solution sb = new LqSolver(b, 35).solveAt(Rational.ZERO);
        assertDigits(sb.cL().get(0), "-0.1069861842791275780623626", 24);
        assertDigits(sb.cF().get(0), "0.1879140310871986628997606", 24);
        assertDigits(sb.cL().get(1), "-0.0840795621971648301682643", 24);
        assertDigits(sb.cF().get(1), "0.1305407450719366839691816", 24);
        assertDigits(s(sb.stages().get(0).sigmaL()), "0.26554096892799033499", 19);
        assertDigits(s(sb.stages().get(1).sigmaL()), "0.28629009302672296447", 19);
        // P, p and the means are the same in both variants
        assertDigits(s(sb.pL().get(0)), a.pL().get(0).get(0).get(0).toString(), 30);
        assertDigits(sb.value(0, 0, List.of(new BigDecimal("0.8")), new MathContext(35)),
            "0.8693240487946343392841423", 24);
        // c_L is affine in lambda_F (variant A): equal steps for lambda_F = 0.2, 0.4, 0.6
        BigDecimal[] c = new BigDecimal[3];
        String[] expect = {"-0.177573166049702", "-0.141485246137674", "-0.105397326225645"};
        for (int k = 0; k < 3; k++) {
            LqModel m = new LqModel(g1.n(), g1.mL(), g1.mF(), g1.d(), g1.horizon(), g1.generator(), g1.regimes(),
                g1.lambdaL(), Rational.of(2 * (k + 1), 10), g1.deltaL(), g1.deltaF(), LqModel.Variant.A);
            c[k] = new LqSolver(m, 30).solveAt(Rational.ZERO).cL().get(0);
            assertThat(c[k].subtract(new BigDecimal(expect[k])).abs()).isLessThan(new BigDecimal("3e-15"));
        }
        assertThat(c[2].subtract(c[1]).subtract(c[1].subtract(c[0])).abs()).isLessThan(new BigDecimal("1e-25"));
    }

    @Test
    void exampleG2ExercisesTheMatrixCodePath() throws IOException {
        // n = 2, mL = mF = 1, d = 2, two regimes; golden values given to double precision (DOP853 vs Radau 1e-15)
        LqModel g2 = LqJson.read(Files.readString(Path.of("src/test/resources/lq/g2.json")));
        LqSolver.Solution sa = new LqSolver(g2, 30).solveAt(Rational.ZERO);
        List<List<BigDecimal>> pl = sa.pL().get(0);
        assertDigits(pl.get(0).get(0), "1.0753687922235233", 14);
        assertDigits(pl.get(0).get(1), "-0.0057819884637026", 12);
        // symmetric up to the working precision (the two off-diagonal entries are computed separately)
        assertThat(pl.get(1).get(0).subtract(pl.get(0).get(1)).abs()).isLessThan(new BigDecimal("1e-25"));
        assertDigits(pl.get(1).get(1), "0.4844580575244818", 14);
        assertDigits(sa.linL().get(0).get(0).get(0), "0.0596976499625846", 14);
        assertDigits(sa.linL().get(0).get(1).get(0), "-0.0655816146860771", 14);
        assertDigits(sa.cL().get(0), "0.053299081835694", 13);
        assertDigits(sa.pF().get(0).get(0).get(0), "0.6895685826482686", 14);
        assertDigits(sa.pF().get(0).get(0).get(1), "-0.301156539022805", 13);
        assertDigits(sa.pF().get(0).get(1).get(1), "0.848028575276413", 13);
        assertDigits(sa.cF().get(0), "0.869090724679101", 13);
        assertDigits(sa.stages().get(0).gammaL().get(0).get(0), "-1.0685514985916327", 14);
        assertDigits(sa.stages().get(0).gammaL().get(0).get(1), "-0.0258331841473031", 13);
        assertDigits(s(sa.stages().get(0).sigmaL()), "0.23858164192688616", 14);
        assertDigits(s(sa.stages().get(0).sigmaF()), "0.14636029264366807", 14);
        List<BigDecimal> x = List.of(new BigDecimal("0.5"), new BigDecimal("-1"));
        MathContext mc = new MathContext(30);
        assertDigits(sa.value(0, 0, x, mc), "1.003242205214498", 13);
        assertDigits(sa.value(1, 0, x, mc), "1.7119714889553057", 14);
        LqModel b = new LqModel(g2.n(), g2.mL(), g2.mF(), g2.d(), g2.horizon(), g2.generator(), g2.regimes(),
            g2.lambdaL(), g2.lambdaF(), g2.deltaL(), g2.deltaF(), LqModel.Variant.B);
        LqSolver.Solution sb = new LqSolver(b, 30).solveAt(Rational.ZERO);
        assertDigits(sb.cL().get(0), "0.08481538970561155", 14);
        assertDigits(sb.cF().get(0), "0.8494774891300387", 14);
        assertDigits(s(sb.stages().get(0).sigmaL()), "0.21535755683312294", 14);
    }

    /** A scalar single-regime model from a few coefficients (no regime switching). */
    static LqModel scalar(String a, String bl, String bf, String dl, String df, String sigma, LqModel.Costs leader,
                          LqModel.Costs follower, String lambdaL, String lambdaF, String horizon) {
        LqModel.Regime r = new LqModel.Regime(m(a), List.of(List.of(Rational.parse(bl), Rational.parse(bf))), m("0"),
            List.of(m("0")), List.of(List.of(List.of(Rational.parse(dl), Rational.parse(df)))), List.of(m(sigma)),
            leader, follower);
        return new LqModel(1, 1, 1, 1, Rational.parse(horizon), List.of(List.of(Rational.ZERO)), List.of(r),
            Rational.parse(lambdaL), Rational.parse(lambdaF), Rational.ZERO, Rational.ZERO, LqModel.Variant.A);
    }

    static List<List<Rational>> m(String x) {
        return List.of(List.of(Rational.parse(x)));
    }

    static LqModel.Costs costs(String q, String rll, String rff, String g, String gLin, String g0) {
        return new LqModel.Costs(m(q), List.of(List.of(Rational.ZERO), List.of(Rational.ZERO)),
            List.of(List.of(Rational.parse(rll), Rational.ZERO), List.of(Rational.ZERO, Rational.parse(rff))), m("0"),
            List.of(List.of(Rational.ZERO), List.of(Rational.ZERO)), m(g), m(gLin), Rational.parse(g0));
    }

    @Test
    void wangZhouMeanVarianceWithADummyFollowerToFullPrecision() {
        // §5.2: rho = 0.4, sigma = 0.2, lambda = 0.1, T = 1, w = 1.3
        LqModel emv = scalar("0", "0.08", "0", "0.2", "0", "0", costs("0", "0", "0", "1", "-1.3", "1.69"),
            costs("0", "0", "1", "0", "0", "0"), "0.1", "0.1", "1");
        int digits = 40;
        LqSolver.Solution sol = new LqSolver(emv, digits + 5).solveAt(Rational.ZERO);
        MathContext mc = new MathContext(digits + 5);
        BigDecimal e = BigDecimalMath.exp(new BigDecimal("-0.16"), mc);
        assertDigits(s(sol.pL().get(0)), e.toString(), digits);
        assertDigits(s(sol.linL().get(0)), e.multiply(new BigDecimal("-1.3")).toString(), digits);
        assertDigits(s(sol.stages().get(0).gammaL()), "-2", digits);
        assertDigits(s(sol.stages().get(0).gammaLConst()), "2.6", digits);
        assertDigits(s(sol.stages().get(0).sigmaL()), new BigDecimal("1.25").divide(e, mc).toString(), digits);
        assertDigits(sol.value(0, 0, List.of(BigDecimal.ONE), mc), "-0.030358089879218716", 15);
    }

    @Test
    void regimeSwitchingMeanVarianceMatchesItsClosedForm() {
        // §5.3: rho = (0.4, 0.1), sigma = (0.2, 0.35), Q = [[-2, 2], [1, -1]], lambda = 0.1, T = 1, w = 1.3
        String[][] rs = {{"0.4", "0.2"}, {"0.1", "0.35"}};
        List<LqModel.Regime> regimes = new java.util.ArrayList<>();
        for (String[] r : rs) {
            Rational rho = Rational.parse(r[0]);
            Rational sigma = Rational.parse(r[1]);
            LqModel.Regime one = scalar("0", rho.multiply(sigma).toString(), "0", r[1], "0", "0",
                costs("0", "0", "0", "1", "-1.3", "1.69"), costs("0", "0", "1", "0", "0", "0"), "0.1", "0.1", "1")
                .regimes().get(0);
            regimes.add(one);
        }
        LqModel emv = new LqModel(1, 1, 1, 1, Rational.ONE, List.of(List.of(Rational.of(-2), Rational.TWO),
            List.of(Rational.ONE, Rational.of(-1))), regimes, Rational.parse("0.1"), Rational.parse("0.1"),
            Rational.ZERO, Rational.ZERO, LqModel.Variant.A);
        LqSolver.Solution sol = new LqSolver(emv, 30).solveAt(Rational.ZERO);
        assertDigits(s(sol.pL().get(0)), "0.913389937915909", 14);
        assertDigits(s(sol.pL().get(1)), "0.957544837493482", 14);
        assertDigits(s(sol.stages().get(0).sigmaL()), "1.368528323021", 12);
        assertDigits(s(sol.stages().get(1).sigmaL()), "0.426260211871", 12);
        // V = P (x − w)² + c̃ (c̃ the regime-coupled entropy integral); the digest's values are double computations
        // with cancellation (c̃ ≈ −0.08, V ≈ 0.003), good to about 2e-15 absolute
        assertDigits(sol.value(0, 0, List.of(BigDecimal.ONE), new MathContext(30)), "0.002717474970791", 11);
        assertDigits(sol.value(0, 1, List.of(BigDecimal.ONE), new MathContext(30)), "0.025080669711736", 12);
    }

    @Test
    void symmetricUncoupledGameMatchesTheScalarRiccatiClosedForm() {
        // §5.4 with §5.1: alpha = 1, beta = 0.2, gamma = 3 B^2/r = 2.94, G = 0.8, T = 2
        LqModel sym = scalar("0.1", "0.7", "0.7", "0", "0", "0.3", costs("1", "0.5", "0", "0.8", "0", "0"),
            costs("1", "0", "0.5", "0.8", "0", "0"), "0.2", "0.2", "2");
        int digits = 40;
        MathContext mc = new MathContext(digits + 10);
        LqSolver.Solution sol = new LqSolver(sym, digits + 5).solveAt(Rational.ZERO);
        BigDecimal alpha = BigDecimal.ONE;
        BigDecimal beta = new BigDecimal("0.2");
        BigDecimal gamma = new BigDecimal("2.94");
        BigDecimal g = new BigDecimal("0.8");
        BigDecimal root = BigDecimalMath.sqrt(beta.multiply(beta).add(alpha.multiply(gamma).multiply(BigDecimal.valueOf(4))), mc);
        BigDecimal pPlus = beta.add(root).divide(gamma.multiply(BigDecimal.valueOf(2)), mc);
        BigDecimal pMinus = beta.subtract(root).divide(gamma.multiply(BigDecimal.valueOf(2)), mc);
        BigDecimal e = BigDecimalMath.exp(gamma.multiply(pPlus.subtract(pMinus)).multiply(BigDecimal.valueOf(-2)), mc);
        BigDecimal num = pPlus.multiply(g.subtract(pMinus)).subtract(pMinus.multiply(g.subtract(pPlus)).multiply(e));
        BigDecimal den = g.subtract(pMinus).subtract(g.subtract(pPlus).multiply(e));
        BigDecimal closed = num.divide(den, mc);
        assertDigits(s(sol.pL().get(0)), closed.toString(), digits);
        assertDigits(s(sol.pF().get(0)), closed.toString(), digits);
        assertDigits(s(sol.pL().get(0)), "0.618379811624954", 14);
        assertDigits(sol.cL().get(0), "0.070013524272681", 14);
        assertDigits(s(sol.stages().get(0).sigmaL()), "0.2", digits); // lambda / (2 r)
    }
}
