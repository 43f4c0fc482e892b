package org.equivariant.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module boundary of issue 16 (src/main/java/module-info.java), tested against the compiled module itself: a
 * consumer module compiles against the exported facade and is refused an internal package; the command line runs as
 * a module (picocli reads the opened {@code cli} package, the bundled games are found).
 */
class ModuleBoundaryTest {
    /** The compiled module (target/classes) and the jars it needs, from this test's class path. */
    private static String modulePath() throws Exception {
        Path classes = Path.of(Equivariant.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> path = new ArrayList<>(List.of(classes.toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.endsWith(".jar") && (name.startsWith("big-math") || name.startsWith("picocli")
                || name.startsWith("jackson-") || name.startsWith("assertj-core") || name.startsWith("byte-buddy"))) {
                path.add(entry);
            }
        }
        return String.join(File.pathSeparator, path);
    }

    @Test
    void exportsExactlyTheDocumentedSurface() throws Exception {
        Path classes = Path.of(Equivariant.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor d = ModuleFinder.of(classes).find("org.equivariant").orElseThrow().descriptor();
        Set<String> exported = d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
        assertThat(exported).containsExactlyInAnyOrder("org.equivariant.api", "org.equivariant.arith",
            "org.equivariant.game", "org.equivariant.gen", "org.equivariant.symmetry", "org.equivariant.work");
        assertThat(d.packages()).contains("org.equivariant.certificate", "org.equivariant.equilibrium",
            "org.equivariant.cli", "org.equivariant.io");
    }

    private static String compile(Path dir, String className, String body) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("consumer"));
        Files.writeString(src.resolve("module-info.java"), "module consumer { requires org.equivariant; }\n");
        Path file = src.resolve("consumer").resolve(className + ".java");
        Files.writeString(file, "package consumer;\n" + body + "\n");
        Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
        Process p = new ProcessBuilder(javac.toString(), "--module-path", modulePath(), "-d",
            dir.resolve("out").toString(), src.resolve("module-info.java").toString(), file.toString())
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? "" : "failed: " + output;
    }

    @Test
    void aConsumerModuleUsesTheFacadeButNotTheInternals(@TempDir Path dir) throws Exception {
        assertThat(compile(dir.resolve("ok"), "Uses", "public class Uses { public static void main(String[] a) { "
            + "org.equivariant.game.NormalFormGame g = org.equivariant.api.Equivariant.game(\"bundled:coord2\"); "
            + "System.out.println(org.equivariant.api.Equivariant.qre(g, \"1\", 10)); } }")).isEmpty();
        // the control: the same consumer reaching for the independent checker's internals is refused by javac
        String refused = compile(dir.resolve("internal"), "Reaches", "public class Reaches { Object c = "
            + "org.equivariant.certificate.CertificateChecker.class; }");
        assertThat(refused).contains("org.equivariant.certificate").contains("does not export");
    }

    @Test
    void theCommandLineRunsAsAModule() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(Arrays.asList(java, "--module-path", modulePath(), "-m",
            "org.equivariant/org.equivariant.cli.Main", "solve", "bundled:coord2", "--lambda", "1", "--digits", "6"))
            .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(output).contains("principal branch");
    }
}
