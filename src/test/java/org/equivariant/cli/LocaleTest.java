package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command line's numbers are written the same whatever the user's locale: in a fresh JVM whose default locale is
 * Arabic (Saudi Arabia), where Java's formatter would write Arabic-Indic digits and the Arabic decimal separator, the
 * report of 2×2×2 at λ = 2 (its principal-branch, pinned-route and leaving-arm lines, its counts and radii) has ASCII
 * digits and decimal points only; under the default locale the same run gives the same report (standard output;
 * progress on standard error depends on the run's time).
 */
class LocaleTest {
    private static String run(String... properties) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp",
            System.getProperty("java.class.path")));
        command.addAll(List.of(properties));
        command.addAll(List.of(Main.class.getName(), "solve", "bundled:2x2x2", "--lambda", "2", "--digits", "8"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void numbersAreWrittenTheSameInEveryLocale() throws Exception {
        String arabic = run("-Duser.language=ar", "-Duser.country=SA");
        assertThat(arabic).contains("lies on the principal branch: players 1, 2 are pinned")
            .contains("a singular point of the branch lies at lambda in (0.5967551493827")
            .doesNotContainPattern("[\\u0660-\\u066C\\u06F0-\\u06F9]").doesNotContainPattern("\\d,\\d");
        assertThat(arabic).isEqualTo(run());
    }
}
