package org.equivariant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps proofs/, properties/ and docs/theory.md in step: every proof has a property class and a row in the theory map,
 * every property class cites a proof, and every negative control or mutation check a proof or the theory map names as
 * {@code Class#method} exists as a test method. Paths resolve from the project's base directory.
 */
class TraceabilityTest {
    private static final Path BASE = TestData.projectDirectory();

    static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(BASE.resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyProofHasAPropertyClassAndEveryPropertyClassCitesAProof() throws IOException {
        List<Path> proofs = files("proofs", ".md");
        List<Path> properties = files("properties", "Property.java");
        assertThat(proofs).isNotEmpty();
        assertThat(properties).isNotEmpty();
        for (Path proof : proofs) {
            String id = proof.getFileName().toString().replace(".md", "");
            String text = Files.readString(proof);
            assertThat(text).as(proof + " states its ID").startsWith("# " + id + " ");
            Matcher m = Pattern.compile("class `(\\w+)`").matcher(text);
            assertThat(m.find()).as(proof + " names its checking property class").isTrue();
            Path cls = properties.stream().filter(p -> p.getFileName().toString().equals(m.group(1) + ".java"))
                .findFirst().orElse(null);
            assertThat(cls).as(proof + " names " + m.group(1) + ", which must exist in properties/").isNotNull();
            assertThat(Files.readString(cls)).as(cls + " names " + id).contains(id + " (proofs/" + id + ".md)");
        }
        String theory = Files.readString(BASE.resolve("docs/theory.md"));
        for (Path proof : proofs) {
            String id = proof.getFileName().toString().replace(".md", "");
            assertThat(theory).as("docs/theory.md has a row for " + id).contains("| `" + id + "` |")
                .contains("[proofs/" + id + ".md](../proofs/" + id + ".md)");
        }
        Pattern cite = Pattern.compile("([A-Z]+-[A-Z0-9*]+) \\(proofs/([A-Z]+-[A-Z0-9*]+)\\.md\\)");
        for (Path p : properties) {
            Matcher m = cite.matcher(Files.readString(p));
            assertThat(m.find()).as(p + " cites a theorem as 'ID (proofs/ID.md)'").isTrue();
            assertThat(BASE.resolve("proofs").resolve(m.group(2) + ".md")).as(p + " cites an existing proof").exists();
        }
    }

    @Test
    void everyNamedNegativeControlIsATestMethod() throws IOException {
        List<Path> tests = new java.util.ArrayList<>(files("properties", "Property.java"));
        tests.addAll(files("src/test/java", "Test.java"));
        Pattern ref = Pattern.compile("`(\\w+(?:Property|Test))#(\\w+)`");
        int found = 0;
        List<Path> sources = new java.util.ArrayList<>(files("proofs", ".md"));
        sources.add(BASE.resolve("docs/theory.md"));
        for (Path doc : sources) {
            Matcher m = ref.matcher(Files.readString(doc));
            while (m.find()) {
                found++;
                String cls = m.group(1);
                String method = m.group(2);
                Path file = tests.stream().filter(p -> p.getFileName().toString().equals(cls + ".java"))
                    .findFirst().orElse(null);
                assertThat(file).as(doc + " names " + cls + ", which must exist in properties/ or src/test/java/")
                    .isNotNull();
                assertThat(Files.readString(file)).as(doc + " names " + cls + "#" + method + ", a test method")
                    .containsPattern("@Test\\s+void " + method + "\\(");
            }
        }
        assertThat(found).as("proofs name their negative controls").isGreaterThanOrEqualTo(11);
        for (Path proof : files("proofs", ".md")) {
            String id = proof.getFileName().toString().replace(".md", "");
            if (!NO_CONTROL_YET.contains(id)) {
                assertThat(Files.readString(proof)).as(proof + " names its negative controls")
                    .contains("**Negative controls:**");
            }
        }
    }

    /** Proofs whose property class has no negative control yet (none left; kept so a new one can be listed). */
    private static final java.util.Set<String> NO_CONTROL_YET = java.util.Set.of();
}
