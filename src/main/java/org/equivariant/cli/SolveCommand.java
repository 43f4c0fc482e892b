package org.equivariant.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.equilibrium.QreEnumeration;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.game.NormalFormGame;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code solve GAME.nfg --lambda L | --tau T [--digits D] [--json] [--certificate FILE] [--enumerate]}. */
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

    @Option(names = "--all", description = "also search for QREs off the principal branch (seeded multistart; the "
        + "count is a lower bound), and on games with at most 4 free probabilities (sum of (actions - 1)) also run "
        + "the branch-and-bound of --enumerate")
    boolean all;

    @Option(names = "--starts", defaultValue = "0", description = "random Newton starts of --all (0: automatic)")
    int starts;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random starts")
    long seed;

    @Option(names = "--json", description = "machine-readable output (includes the certificate)")
    boolean json;

    @Option(names = "--certificate", paramLabel = "FILE", description = "write the certificate JSON to FILE")
    Path certificate;

    @Option(names = "--enumerate", description = "also run the branch-and-bound over the whole policy space: the exact "
        + "number of QREs when every box is decided (its proof tree is written by --enumeration-certificate)")
    boolean enumerate;

    @Option(names = "--max-boxes", defaultValue = "20000", description = "box budget of --enumerate")
    int maxBoxes;

    @Option(names = "--enumeration-certificate", paramLabel = "FILE", description = "with --enumerate: write the "
        + "branch-and-bound proof tree to FILE (check it with check-certificate)")
    Path enumerationCertificate;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        Args.range("--digits", digits, 1, 2000);
        Args.range("--starts", starts, 0, 1_000_000);
        Args.range("--max-boxes", maxBoxes, 1, 100_000_000);
        if (enumerationCertificate != null && !enumerate) {
            throw new UsageException("--enumeration-certificate needs --enumerate");
        }
        Inputs.writable("--certificate", certificate);
        Inputs.writable("--enumeration-certificate", enumerationCertificate);
        NormalFormGame g = inputs.game(game);
        Work.refuseIfTooLarge(g, digits);
        StderrProgress progress = new StderrProgress(spec.commandLine().getErr());
        QreResult r = QreSolver.solve(g, precision.lambda(), new QreSolver.Options(digits, starts, seed, all,
            progress));
        progress.done();
        if (certificate != null) {
            Inputs.write(certificate, CertificateJson.write(r.certificate()), "certificate");
        }
        if (!json) {
            // the certified QREs first, so that an interrupted branch-and-bound leaves them printed
            spec.commandLine().getOut().print(Report.text(r, digits));
            spec.commandLine().getOut().flush();
        }
        StderrProgress boxes = new StderrProgress(spec.commandLine().getErr());
        QreEnumeration.Result e = enumerate || all && QreEnumeration.isSmall(g) ? QreEnumeration.enumerate(g,
            precision.lambda(), precision.lambda(), new QreEnumeration.Options(30, maxBoxes, new java.math.BigDecimal(
            "1e-20")), boxes) : null;
        boxes.done();
        if (enumerationCertificate != null) {
            Inputs.write(enumerationCertificate, e.certificate().toJson(), "proof tree");
        }
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode o = Report.json(r, digits);
            if (e != null) {
                com.fasterxml.jackson.databind.node.ObjectNode b = o.putObject("branchAndBound");
                b.put("complete", e.complete());
                b.put("qres", e.solutions().size());
                b.put("undecidedBoxes", e.undecided().size());
                b.put("boxes", e.boxes());
            }
            spec.commandLine().getOut().println(CertificateJson.mapper().writeValueAsString(o));
        } else if (e != null) {
            spec.commandLine().getOut().println(e.complete()
                ? String.format("branch-and-bound: exactly %d QRE%s in the whole policy space (%d boxes, all "
                    + "decided)", e.solutions().size(), e.solutions().size() == 1 ? "" : "s", e.boxes())
                : String.format("branch-and-bound: UNDECIDED — %d QRE%s isolated, %d box%s left undecided after %d "
                    + "boxes (degenerate QRE or budget; raise --max-boxes)", e.solutions().size(),
                    e.solutions().size() == 1 ? "" : "s", e.undecided().size(),
                    e.undecided().size() == 1 ? "" : "es", e.boxes()));
        }
        return r.verdict() == Verdict.NONE_CERTIFIED ? 1 : 0;
    }
}
