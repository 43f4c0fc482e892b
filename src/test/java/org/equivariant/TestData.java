package org.equivariant;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations of the shared data sets (../shared/data) used by tests; they must exist. */
public final class TestData {
    private TestData() {
    }

    public static Path shared() {
        Path p = Path.of(System.getProperty("shared.dir", "../shared"));
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared data folder not found at " + p.toAbsolutePath()
                + " (set -Dshared.dir)");
        }
        return p;
    }

    public static Path dpomdp(String name) {
        return shared().resolve("data/dpomdp").resolve(name);
    }

    public static Path nfg(String name) {
        return shared().resolve("data/nfg").resolve(name);
    }
}
