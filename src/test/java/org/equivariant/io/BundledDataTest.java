package org.equivariant.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.equivariant.TestData;
import org.equivariant.game.DecPomdp;
import org.equivariant.work.Limits;
import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: every bundled and test data file has a provenance row with its SHA-256, every row
 * names a file that is there, nothing in the build, sources, docs or CI names a path outside the repository, and
 * every bundled game and model loads.
 */
class BundledDataTest {
    /** file → sha256 from a PROVENANCE.md table whose first cell names the file (or, for bundled, the second). */
    static Map<String, String> provenance(Path table, int fileColumn) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(table)) {
            String[] cells = line.split("\\|");
            if (cells.length > fileColumn + 1 && cells[cells.length - 1].strip().matches("[0-9a-f]{64}")) {
                out.put(cells[fileColumn].strip(), cells[cells.length - 1].strip());
            }
        }
        return out;
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    static void checkFolder(Path dir, int fileColumn) throws Exception {
        Map<String, String> rows = provenance(dir.resolve("PROVENANCE.md"), fileColumn);
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("PROVENANCE.md"))
                .toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String name = dir.relativize(f).toString();
            assertThat(rows).as("provenance row for " + name).containsKey(name);
            assertThat(sha256(f)).as("sha256 of " + name).isEqualTo(rows.get(name));
        }
        assertThat(rows).hasSize(files.size());
    }

    @Test
    void everyDataFileHasItsProvenanceAndChecksum() throws Exception {
        checkFolder(TestData.projectDirectory().resolve("src/main/resources/bundled"), 2);
        checkFolder(TestData.projectDirectory().resolve("src/test/resources/data"), 1);
    }

    @Test
    void nothingNamesAPathOutsideTheRepository() throws IOException {
        Pattern outside = Pattern.compile("\\.\\./shared|shared\\.dir|/wo" + "rk/"); // split: this file must not match
        Path base = TestData.projectDirectory();
        for (String root : new String[] {"pom.xml", "src", "properties", "proofs", "README.md", "docs", ".ci"}) {
            try (Stream<Path> s = Files.walk(base.resolve(root))) {
                for (Path f : s.filter(Files::isRegularFile).filter(f -> f.toString().matches(
                    ".*\\.(java|md|xml|json|txt|tsv)$|.*/run$")).toList()) {
                    if (f.toString().contains("/broken/")) {
                        continue; // the malformed-input corpus may contain anything
                    }
                    assertThat(outside.matcher(Files.readString(f)).find()).as(base.relativize(f).toString())
                        .isFalse();
                }
            }
        }
    }

    @Test
    void everyBundledGameAndModelLoads() {
        int games = 0;
        int models = 0;
        int markov = 0;
        for (String name : Bundled.names()) {
            String spec = Bundled.PREFIX + name;
            String text = Bundled.text(spec, Limits.DEFAULT);
            if (Bundled.isDecPomdp(spec)) {
                DecPomdp m = DpomdpReader.load(spec, text, DpomdpReader.Options.DEFAULT).model();
                assertThat(m.numStates()).as(name).isPositive();
                models++;
            } else if (Bundled.isMarkovGame(spec)) {
                assertThat(MarkovGameReader.read(spec, text, Limits.DEFAULT).numStates()).as(name).isEqualTo(2);
                markov++;
            } else {
                assertThat(NfgReader.read(spec, text).numPlayers()).as(name).isPositive();
                games++;
            }
        }
        assertThat(games).isEqualTo(8);
        assertThat(models).isEqualTo(14);
        assertThat(markov).isEqualTo(4);
    }
}
