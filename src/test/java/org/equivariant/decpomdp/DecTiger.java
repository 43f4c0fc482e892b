package org.equivariant.decpomdp;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.equivariant.TestData;
import org.equivariant.arith.Rational;
import org.equivariant.game.DecPomdp;
import org.equivariant.io.DpomdpReader;

/** Shared fixtures: the bundled benchmarks and random rational policies. */
final class DecTiger {
    private DecTiger() {
    }

    static final DecPomdp TIGER = DpomdpReader.read(TestData.dpomdp("dectiger.dpomdp"));
    static final DecPomdp RECYCLING = DpomdpReader.read(TestData.dpomdp("recycling.dpomdp"));
    static final DecPomdp BROADCAST = DpomdpReader.read(TestData.dpomdp("broadcastChannel.dpomdp"));

    /** A random interior rational policy [agent][history][action] of the given shape. */
    static List<List<List<Rational>>> randomPolicy(int[] actions, int[] historyCounts, SplittableRandom r) {
        List<List<List<Rational>>> out = new ArrayList<>();
        for (int i = 0; i < actions.length; i++) {
            List<List<Rational>> rows = new ArrayList<>();
            for (int h = 0; h < historyCounts[i]; h++) {
                List<Rational> w = new ArrayList<>();
                Rational total = Rational.ZERO;
                for (int a = 0; a < actions[i]; a++) {
                    Rational x = Rational.of(r.nextInt(1, 10));
                    w.add(x);
                    total = total.add(x);
                }
                Rational t = total;
                rows.add(w.stream().map(x -> x.divide(t)).toList());
            }
            out.add(rows);
        }
        return out;
    }
}
