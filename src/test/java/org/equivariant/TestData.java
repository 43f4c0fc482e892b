package org.equivariant;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data used by tests, inside the repository: src/test/resources/data (Gambit and MADP files, see its PROVENANCE.md)
 * and the bundled games and models of src/main/resources/bundled, both on the test class path.
 */
public final class TestData {
    private TestData() {
    }

    private static Path resource(String name) {
        try {
            var url = TestData.class.getResource(name);
            if (url == null) {
                throw new IllegalStateException("test resource " + name + " is missing");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The folder of test .nfg files. */
    public static Path nfgDirectory() {
        return resource("/data/nfg");
    }

    public static Path nfg(String name) {
        return nfgDirectory().resolve(name);
    }

    /** A game of the survey against gambit-logit (docs/performance.md), by its seed: data/survey/g{seed}.nfg. */
    public static Path surveyGame(int seed) {
        return resource("/data/survey").resolve("g" + seed + ".nfg");
    }

    /** A test .dpomdp file, or a bundled MADP model file ("dectiger.dpomdp", "Mars.dpomdp.gz"). */
    public static Path dpomdp(String name) {
        Path test = resource("/data/dpomdp").resolve(name);
        if (Files.exists(test)) {
            return test;
        }
        Path bundled = resource("/bundled").resolve(name);
        return Files.exists(bundled) ? bundled : resource("/bundled").resolve(name + ".gz");
    }

    /** The hostile-input corpus (cases.tsv and its files). */
    public static Path brokenDirectory() {
        return resource("/broken");
    }

    /** The project's base directory (surefire's {@code basedir}), whatever the working directory. */
    public static Path projectDirectory() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    /** The folder of bundled games and models. */
    public static Path bundledDirectory() {
        return resource("/bundled");
    }
}
