package org.equivariant.lq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalField;
import org.junit.jupiter.api.Test;

/** stackelberg.md §9 item 1: the stage map satisfies the first-order conditions exactly in rational arithmetic. */
class StageMapTest {
    static final RationalField F = RationalField.INSTANCE;

    static List<List<Rational>> random(SplittableRandom r, int rows, int cols, boolean symmetric) {
        List<List<Rational>> m = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Rational> row = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                row.add(symmetric && j < i ? m.get(j).get(i) : Rational.of(r.nextInt(-9, 10), r.nextInt(1, 7))
                    .add(symmetric && i == j ? Rational.of(2) : Rational.ZERO));
            }
            m.add(row);
        }
        return m;
    }

    static void zero(List<List<Rational>> m, String what) {
        assertThat(m).as(what).allSatisfy(row -> assertThat(row).allMatch(Rational::isZero));
    }

    @Test
    void firstOrderConditionsHoldExactly() throws IOException {
        LqModel g2 = LqJson.read(Files.readString(Path.of("src/test/resources/lq/g2.json")));
        SplittableRandom r = new SplittableRandom(5);
        for (LqModel.Variant v : LqModel.Variant.values()) {
            LqModel model = new LqModel(g2.n(), g2.mL(), g2.mF(), g2.d(), g2.horizon(), g2.generator(), g2.regimes(),
                g2.lambdaL(), g2.lambdaF(), g2.deltaL(), g2.deltaF(), v);
            StageMap<Rational> map = new StageMap<>(model, F, model.lambdaL(), model.lambdaF());
            for (int trial = 0; trial < 5; trial++) {
                var pl = random(r, 2, 2, true);
                var pf = random(r, 2, 2, true);
                var ll = random(r, 2, 1, false);
                var lf = random(r, 2, 1, false);
                StageMap.Blocks<Rational> b = map.blocks(trial % 2, pl, pf, ll, lf);
                StageMap.Policy<Rational> p = map.policy(b);
                List<List<Rational>> huF = b.huu().get(1);
                // follower: H_F^{FF} Γ_F + H_F^{FL} Γ_L + H_F^{Fx} = 0 and the same for the constants
                zero(LinearAlgebra.add(F, LinearAlgebra.add(F, LinearAlgebra.multiply(F, p.hFFF(), p.gammaF()),
                    LinearAlgebra.multiply(F, StageMap.block(huF, 1, 2, 0, 1), p.gammaL())),
                    StageMap.block(b.hux().get(1), 1, 2, 0, 2)), "follower FOC (gain)");
                zero(LinearAlgebra.add(F, LinearAlgebra.add(F, LinearAlgebra.multiply(F, p.hFFF(), p.gammaFConst()),
                    LinearAlgebra.multiply(F, StageMap.block(huF, 1, 2, 0, 1), p.gammaLConst())),
                    StageMap.block(b.hu().get(1), 1, 2, 0, 1)), "follower FOC (constant)");
                // leader: Eᵀ(H_L^{uu} Γ + H_L^{ux}) = 0 and Eᵀ(H_L^{uu} γ + h_L^u) = 0
                List<List<Rational>> et = LinearAlgebra.transpose(p.e());
                zero(LinearAlgebra.multiply(F, et, LinearAlgebra.add(F, LinearAlgebra.multiply(F, b.huu().get(0),
                    StageMap.stack(p.gammaL(), p.gammaF())), b.hux().get(0))), "leader FOC (gain)");
                zero(LinearAlgebra.multiply(F, et, LinearAlgebra.add(F, LinearAlgebra.multiply(F, b.huu().get(0),
                    StageMap.stack(p.gammaLConst(), p.gammaFConst())), b.hu().get(0))), "leader FOC (constant)");
                // Σ_F H_F^{FF} = (λ_F/2) I, exactly
                assertThat(LinearAlgebra.multiply(F, p.sigmaF(), p.hFFF()).get(0).get(0))
                    .isEqualTo(model.lambdaF().divide(Rational.TWO));
                List<List<Rational>> own = v == LqModel.Variant.A ? p.hLLL() : p.mred();
                assertThat(LinearAlgebra.multiply(F, p.sigmaL(), own).get(0).get(0))
                    .isEqualTo(model.lambdaL().divide(Rational.TWO));
            }
        }
    }
}
