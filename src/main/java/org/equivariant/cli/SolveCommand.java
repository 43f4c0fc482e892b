package org.equivariant.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.game.NormalFormGame;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code solve GAME.nfg --lambda L | --tau T [--digits D] [--json] [--certificate FILE]}. */
@Command(name = "solve", mixinStandardHelpOptions = true,
    description = "Certified logit QRE of a normal-form game at lambda (or tau = 1/lambda), with a uniqueness "
        + "verdict. Exit code 0 when at least one QRE is certified.")
final class SolveCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GAME", description = "a Gambit .nfg file, or bundled:NAME")
    String game;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Precision precision;

    @Option(names = "--digits", defaultValue = "30", description = "decimal places (certified radius below 1e-D)")
    int digits;

    @Option(names = "--starts", defaultValue = "0", description = "random Newton starts when uniqueness is not "
        + "proved (0: automatic)")
    int starts;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random starts")
    long seed;

    @Option(names = "--json", description = "machine-readable output (includes the certificate)")
    boolean json;

    @Option(names = "--certificate", paramLabel = "FILE", description = "write the certificate JSON to FILE")
    Path certificate;

    @Override
    public Integer call() throws Exception {
        NormalFormGame g = GameSource.load(game);
        QreResult r = QreSolver.solve(g, precision.lambda(), new QreSolver.Options(digits, starts, seed));
        if (certificate != null) {
            Files.writeString(certificate, CertificateJson.write(r.certificate()));
        }
        if (json) {
            spec.commandLine().getOut().println(CertificateJson.mapper().writeValueAsString(Report.json(r, digits)));
        } else {
            spec.commandLine().getOut().print(Report.text(r, digits));
        }
        return r.verdict() == Verdict.NONE_CERTIFIED ? 1 : 0;
    }
}
