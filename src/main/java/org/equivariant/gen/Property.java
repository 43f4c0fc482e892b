package org.equivariant.gen;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a property over generated values with the project's seeded generators. Try k uses seed base + k, where base is
 * the system property {@code prop.seed} if set, else a hash of the property's name (so runs are reproducible). The
 * number of tries is multiplied by the system property {@code prop.scale} (the {@code thorough} Maven profile sets
 * 10). On failure the value is shrunk greedily and an {@link AssertionError} reports the name, the failing seed (to
 * rerun: {@code -Dprop.seed=S}), the shrunk counterexample and the original failure.
 */
public final class Property<T> {
    private final String name;
    private final Gen<T> gen;
    private Shrinker<T> shrinker = Shrinker.none();
    private Function<T, String> show = String::valueOf;
    private int tries = 100;

    private Property(String name, Gen<T> gen) {
        this.name = name;
        this.gen = gen;
    }

    public static <T> Property<T> forAll(String name, Gen<T> gen) {
        return new Property<>(name, gen);
    }

    public Property<T> shrinkWith(Shrinker<T> s) {
        this.shrinker = s;
        return this;
    }

    public Property<T> showWith(Function<T, String> s) {
        this.show = s;
        return this;
    }

    /** Base number of tries, before {@code prop.scale}. */
    public Property<T> tries(int n) {
        this.tries = n;
        return this;
    }

    public static int scale() {
        return Integer.getInteger("prop.scale", 1);
    }

    public static long baseSeed(String name) {
        String s = System.getProperty("prop.seed");
        return s != null && !s.isBlank() ? Long.parseLong(s.strip()) : name.hashCode() * 0x9E3779B97F4A7C15L;
    }

    /** Checks {@code property} (which throws on failure) on every generated value; returns the number of tries. */
    public int check(Consumer<T> property) {
        long base = baseSeed(name);
        int n = System.getProperty("prop.seed") != null ? 1 : tries * scale();
        for (int k = 0; k < n; k++) {
            long seed = base + k;
            T value = gen.generate(new SplittableRandom(seed));
            Throwable failure = failure(property, value);
            if (failure != null) {
                throw report(property, seed, k, n, value, failure);
            }
        }
        return n;
    }

    /** Runs {@code property} on one value and returns its failure, or null if it holds. */
    public static <T> Throwable failure(Consumer<T> property, T value) {
        try {
            property.accept(value);
            return null;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError e) {
                throw e;
            }
            return t;
        }
    }

    private AssertionError report(Consumer<T> property, long seed, int k, int n, T value, Throwable failure) {
        T current = value;
        Throwable currentFailure = failure;
        int steps = 0;
        boolean progress = true;
        while (progress && steps < 500) {
            progress = false;
            for (T candidate : (Iterable<T>) shrinker.shrink(current)::iterator) {
                Throwable f = failure(property, candidate);
                if (f != null) {
                    current = candidate;
                    currentFailure = f;
                    steps++;
                    progress = true;
                    break;
                }
            }
        }
        AssertionError e = new AssertionError("property '" + name + "' failed at try " + (k + 1) + " of " + n
            + ", seed " + seed + " (rerun with -Dprop.seed=" + seed + ")\nshrunk counterexample (" + steps
            + " shrink steps):\n" + show.apply(current) + "\nfailure: " + currentFailure);
        e.initCause(currentFailure);
        return e;
    }
}
