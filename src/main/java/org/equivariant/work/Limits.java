package org.equivariant.work;

import java.util.Locale;
import org.equivariant.io.InputException;

/**
 * Resource limits checked <em>before</em> allocation, so that a hostile or mistaken input gets a clear refusal instead
 * of an OutOfMemoryError or an endless run (docs/formats.md, "Limits"):
 * <ul>
 *   <li>{@code inputBytes}: the size of an input file (after decompression), default 64 MiB
 *       ({@code --max-input-mb});</li>
 *   <li>{@code entries}: the number of exact table entries a model may hold — payoffs of a game, stored transition,
 *       observation and reward entries of a Dec-POMDP — default 10^7 ({@code --max-entries}).</li>
 * </ul>
 */
public record Limits(long inputBytes, long entries) {
    public static final Limits DEFAULT = new Limits(64L << 20, 10_000_000L);

    public Limits {
        if (inputBytes < 1 || entries < 1 || entries > Integer.MAX_VALUE - 8) {
            throw new InputException("limits must be positive, and at most " + (Integer.MAX_VALUE - 8) + " entries");
        }
    }

    /** Throws a refusal naming {@code what} if {@code needed} entries exceed the limit. */
    public void checkEntries(double needed, String what) {
        if (needed > entries) {
            throw new InputException(what + " would need " + human(needed) + " table entries (about "
                + human(needed * BYTES_PER_ENTRY) + " bytes), above the limit of " + human(entries)
                + " entries; raise it with --max-entries");
        }
    }

    /** Rough memory of one exact table entry (a small rational and its slot), for estimates in messages. */
    public static final double BYTES_PER_ENTRY = 48;

    /** Integers below 10^7 exactly ("2000000"), larger numbers as "1.23e15". */
    public static String human(double x) {
        if (x < 1e7) {
            return String.valueOf((long) Math.ceil(x));
        }
        return String.format(Locale.ROOT, "%.3g", x).replace("e+0", "e").replace("e+", "e");
    }
}
