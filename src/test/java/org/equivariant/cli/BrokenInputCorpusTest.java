package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.equivariant.TestData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-input corpus (src/test/resources/broken/cases.tsv): malformed .nfg, .dpomdp, certificate and LQ files
 * and invalid options, each run in-process with its expected exit code. Every refusal must name a place (file:line:
 * column, a JSON path, the file, or an option), contain the expected fragment, show no exception class name or stack
 * frame, quote no input line longer than a token, and come within 5 s.
 */
class BrokenInputCorpusTest {
    private static final Pattern EXCEPTION = Pattern.compile("\\b[A-Z]\\w*(Exception|Error)\\b|\\bjava\\.|\\n\\s+at ");
    private static final Pattern OPTION_OR_PARAMETER = Pattern.compile("--[a-z]|'[A-Z]+'|^error: [A-Z]+: |Unmatched argument");

    record Case(int line, String file, String args, int exit, String fragment) {
        @Override
        public String toString() {
            return "cases.tsv:" + line + " " + args.replace("{}", file);
        }
    }

    static List<Case> cases() throws Exception {
        Path manifest = TestData.brokenDirectory().resolve("cases.tsv");
        List<String> lines = Files.readAllLines(manifest);
        List<Case> out = new ArrayList<>();
        for (int k = 0; k < lines.size(); k++) {
            String l = lines.get(k);
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\t", -1);
            out.add(new Case(k + 1, f[0], f[1], Integer.parseInt(f[2]), f[3]));
        }
        return out;
    }

    @Test
    void theCorpusHasAtLeast150CasesAcrossEveryInputKind() throws Exception {
        List<Case> all = cases();
        assertThat(all).hasSizeGreaterThanOrEqualTo(150);
        for (String kind : new String[] {"nfg/", "dpomdp/", "cert/", "lq/"}) {
            assertThat(all.stream().filter(c -> c.file().startsWith(kind)).count()).as(kind).isGreaterThanOrEqualTo(15);
        }
        assertThat(all.stream().filter(c -> c.file().equals("-")).count()).as("options").isGreaterThanOrEqualTo(30);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseIsRefusedCleanly() throws Exception {
        Path root = TestData.brokenDirectory();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            String path = c.file().equals("-") ? "" : root.resolve(c.file()).toString();
            String[] args = split(c.args().replace("{}", path));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> Main.run(new PrintWriter(out), new PrintWriter(err), args));
            String e = err.toString();
            assertThat(code).as("exit code; stderr: %s; stdout: %s", e, out).isEqualTo(c.exit());
            assertThat(EXCEPTION.matcher(e).find()).as("exception text in: %s", e).isFalse();
            if (c.exit() == 0) {
                assertThat(out + e).contains(c.fragment());
                return;
            }
            String shown = c.exit() == 2 ? e : out.toString();
            assertThat(shown).contains(c.fragment());
            if (c.exit() == 2) {
                String name = c.file().equals("-") ? null : Path.of(c.file()).getFileName().toString();
                boolean located = name != null && e.contains(name + ":") || OPTION_OR_PARAMETER.matcher(e).find()
                    || Stream.of(args).anyMatch(a -> !a.startsWith("-") && a.length() > 3 && e.contains(a + ":"));
                assertThat(located).as("no location in: %s", e).isTrue();
                if (name != null && !Files.isDirectory(root.resolve(c.file()))) {
                    for (String line : new String(Files.readAllBytes(root.resolve(c.file())), StandardCharsets.UTF_8)
                        .split("\n")) {
                        if (line.strip().length() > 60) {
                            assertThat(e).as("quotes a whole input line").doesNotContain(line.strip());
                        }
                    }
                }
            }
        }));
    }

    /** Splits on spaces, keeping single-quoted parts together. */
    static String[] split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char ch : s.toCharArray()) {
            if (ch == '\'') {
                quoted = !quoted;
                any = true;
            } else if (ch == ' ' && !quoted) {
                if (any) {
                    out.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(ch);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out.toArray(String[]::new);
    }
}
