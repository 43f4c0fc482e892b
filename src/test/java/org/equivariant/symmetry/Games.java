package org.equivariant.symmetry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;

/** Small named games for symmetry tests. */
final class Games {
    private Games() {
    }

    /** The identity coordination game I_n of {@code players} players: payoff 1 when all choose the same action. */
    static NormalFormGame identity(int n, int players) {
        int[] dims = new int[players];
        Arrays.fill(dims, n);
        List<Rational> d = new ArrayList<>();
        int[] idx = new int[players];
        do {
            boolean same = Arrays.stream(idx).allMatch(x -> x == idx[0]);
            d.add(same ? Rational.ONE : Rational.ZERO);
        } while (RationalTensor.next(dims, idx));
        List<RationalTensor> ps = new ArrayList<>();
        for (int i = 0; i < players; i++) {
            ps.add(new RationalTensor(dims, d));
        }
        return NormalFormGame.of("I" + n, ps);
    }

    static final NormalFormGame MATCHING_PENNIES = NfgReader.read("mp",
        "NFG 1 R \"Matching pennies\" { \"P1\" \"P2\" } { 2 2 }\n1 -1  -1 1  -1 1  1 -1\n");
}
