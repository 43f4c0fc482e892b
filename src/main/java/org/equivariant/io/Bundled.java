package org.equivariant.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.equivariant.work.Limits;

/**
 * The games and models shipped in the jar, addressed as {@code bundled:NAME}: Gambit catalog games (.nfg) and the
 * MADP benchmark Dec-POMDPs (.dpomdp, the large ones gzip-compressed). The catalog is the table in
 * {@code bundled/PROVENANCE.md}, which also records where each file comes from.
 */
public final class Bundled {
    public static final String PREFIX = "bundled:";
    private static final Map<String, String> FILES = index();

    private Bundled() {
    }

    private static Map<String, String> index() {
        Map<String, String> m = new LinkedHashMap<>();
        try (InputStream in = Bundled.class.getResourceAsStream("/bundled/PROVENANCE.md")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] cells = line.split("\\|");
                if (cells.length >= 5 && !cells[1].isBlank() && !cells[1].strip().equals("name")
                    && !cells[1].startsWith("---")) {
                    m.put(cells[1].strip(), cells[2].strip());
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the jar's bundled/PROVENANCE.md is missing", e);
        }
        return m;
    }

    public static boolean isBundled(String spec) {
        return spec.startsWith(PREFIX);
    }

    /** Every bundled name, in catalog order. */
    public static Iterable<String> names() {
        return FILES.keySet();
    }

    /** The file name behind a bundled spec ("dectiger.dpomdp"), or an {@link InputException} listing the names. */
    public static String file(String spec) {
        String name = spec.substring(PREFIX.length());
        String file = FILES.get(name);
        if (file == null) {
            throw new InputException(PREFIX + org.equivariant.arith.Rational.quote(name) + ": no such bundled game or "
                + "model; bundled: " + String.join(", ", FILES.keySet()));
        }
        return file;
    }

    public static boolean isDecPomdp(String spec) {
        return file(spec).contains(".dpomdp");
    }

    /** Whether a bundled name is a Markov game (its JSON format, {@link MarkovGameReader}). */
    public static boolean isMarkovGame(String spec) {
        return file(spec).endsWith(".json");
    }

    /** The text of a bundled game or model (decompressed). */
    public static String text(String spec, Limits limits) {
        String file = file(spec);
        try (InputStream in = Bundled.class.getResourceAsStream("/bundled/" + file)) {
            return TextInput.decode(spec, in, limits);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read bundled " + file, e);
        }
    }
}
