package org.equivariant.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;

/**
 * Random normal-form games with small rational payoffs, and a shrinker toward fewer players, fewer actions and
 * simpler payoffs (zero, then integers).
 */
public final class GameGen {
    private GameGen() {
    }

    /**
     * Games with {@code minPlayers..maxPlayers} players, {@code minActions..maxActions} actions each, and payoffs
     * k/d with |k| ≤ range·d, d ∈ {1, 2, 4}.
     */
    public static Gen<NormalFormGame> games(int minPlayers, int maxPlayers, int minActions, int maxActions, int range) {
        return r -> {
            int n = r.nextInt(minPlayers, maxPlayers + 1);
            int[] dims = new int[n];
            for (int i = 0; i < n; i++) {
                dims[i] = r.nextInt(minActions, maxActions + 1);
            }
            return shaped(dims, range).generate(r);
        };
    }

    /** Games with the given action counts and payoffs k/d, |k| ≤ range·d, d ∈ {1, 2, 4}. */
    public static Gen<NormalFormGame> shaped(int[] dims, int range) {
        int[] shape = dims.clone();
        return r -> {
            int size = 1;
            for (int d : shape) {
                size *= d;
            }
            List<RationalTensor> payoffs = new ArrayList<>();
            for (int i = 0; i < shape.length; i++) {
                List<Rational> data = new ArrayList<>();
                for (int k = 0; k < size; k++) {
                    data.add(payoff(r, range));
                }
                payoffs.add(new RationalTensor(shape, data));
            }
            return NormalFormGame.of("random", payoffs);
        };
    }

    private static Rational payoff(SplittableRandom r, int range) {
        int d = new int[] {1, 2, 4}[r.nextInt(3)];
        return Rational.of(r.nextInt(-range * d, range * d + 1), d);
    }

    /** Shrinks keeping at least {@code minPlayers} players and {@code minActions} actions per player. */
    public static Shrinker<NormalFormGame> shrinker(int minPlayers, int minActions) {
        return g -> Stream.of(fewerPlayers(g, minPlayers), fewerActions(g, minActions), simplerPayoffs(g))
            .flatMap(s -> s);
    }

    private static Stream<NormalFormGame> fewerPlayers(NormalFormGame g, int minPlayers) {
        if (g.numPlayers() <= minPlayers) {
            return Stream.empty();
        }
        List<NormalFormGame> out = new ArrayList<>();
        for (int drop = 0; drop < g.numPlayers(); drop++) {
            // the dropped player is fixed at their first action
            int[] dims = g.dims();
            int[] sub = new int[dims.length - 1];
            for (int i = 0, j = 0; i < dims.length; i++) {
                if (i != drop) {
                    sub[j++] = dims[i];
                }
            }
            List<RationalTensor> payoffs = new ArrayList<>();
            for (int i = 0; i < dims.length; i++) {
                if (i == drop) {
                    continue;
                }
                List<Rational> data = new ArrayList<>();
                int[] idx = new int[sub.length];
                do {
                    int[] full = new int[dims.length];
                    for (int a = 0, b = 0; a < dims.length; a++) {
                        full[a] = a == drop ? 0 : idx[b++];
                    }
                    data.add(g.payoff(i, full));
                } while (RationalTensor.next(sub, idx));
                payoffs.add(new RationalTensor(sub, data));
            }
            out.add(NormalFormGame.of(g.title(), payoffs));
        }
        return out.stream();
    }

    private static Stream<NormalFormGame> fewerActions(NormalFormGame g, int minActions) {
        List<NormalFormGame> out = new ArrayList<>();
        int[] dims = g.dims();
        for (int p = 0; p < dims.length; p++) {
            if (dims[p] <= minActions) {
                continue;
            }
            int[] sub = dims.clone();
            sub[p]--;
            List<RationalTensor> payoffs = new ArrayList<>();
            for (int i = 0; i < dims.length; i++) {
                List<Rational> data = new ArrayList<>();
                int[] idx = new int[sub.length];
                do {
                    data.add(g.payoff(i, idx)); // the last action of player p is removed
                } while (RationalTensor.next(sub, idx));
                payoffs.add(new RationalTensor(sub, data));
            }
            out.add(NormalFormGame.of(g.title(), payoffs));
        }
        return out.stream();
    }

    /** Shrinks payoffs only (toward zero, then integers), keeping the shape. */
    public static Shrinker<NormalFormGame> payoffShrinker() {
        return GameGen::simplerPayoffs;
    }

    private static Stream<NormalFormGame> simplerPayoffs(NormalFormGame g) {
        List<NormalFormGame> out = new ArrayList<>();
        for (int i = 0; i < g.numPlayers(); i++) {
            RationalTensor t = g.payoffs().get(i);
            for (int k = 0; k < t.size(); k++) {
                Rational x = t.data().get(k);
                for (Rational simpler : simpler(x)) {
                    List<Rational> data = new ArrayList<>(t.data());
                    data.set(k, simpler);
                    List<RationalTensor> payoffs = new ArrayList<>(g.payoffs());
                    payoffs.set(i, new RationalTensor(t.dims(), data));
                    out.add(new NormalFormGame(g.title(), g.players(), g.actions(), payoffs));
                }
            }
        }
        return out.stream();
    }

    private static List<Rational> simpler(Rational x) {
        if (x.isZero()) {
            return List.of();
        }
        Rational integer = Rational.of(x.numerator().divide(x.denominator()));
        return integer.equals(x) ? List.of(Rational.ZERO) : List.of(Rational.ZERO, integer);
    }
}
