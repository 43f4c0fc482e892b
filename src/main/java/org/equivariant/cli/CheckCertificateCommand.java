package org.equivariant.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CheckReport;
import org.equivariant.certificate.EnumerationCertificate;
import org.equivariant.certificate.EnumerationChecker;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.io.JsonInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code check-certificate FILE [--game GAME.nfg]}: independent re-verification; exit 0 valid, 1 rejected. */
@Command(name = "check-certificate", mixinStandardHelpOptions = true,
    description = "Re-verify a QRE certificate (from solve --certificate) or an enumeration certificate (from solve "
        + "--enumerate --enumeration-certificate) from its rational data alone. Exit code 0 if every claim holds, "
        + "1 if any is rejected.")
final class CheckCertificateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "certificate JSON")
    Path file;

    @Option(names = "--game", paramLabel = "GAME", description = "also check that the certificate is about this game")
    String game;

    @Mixin
    Inputs inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        JsonInput.Node root = JsonInput.parse(file.toString(), inputs.text(file));
        String format = root.object().field("format").string();
        String sha;
        Rational lambda;
        boolean ok;
        List<String> findings;
        if (format.equals(EnumerationCertificate.FORMAT)) {
            EnumerationCertificate c = EnumerationCertificate.read(root, inputs.limits());
            EnumerationChecker.Report r = EnumerationChecker.check(c);
            sha = c.sha256();
            lambda = c.lambda();
            ok = r.valid();
            findings = r.findings();
        } else {
            QreCertificate c = CertificateJson.read(root, inputs.limits());
            CheckReport r = CertificateChecker.check(c);
            sha = c.sha256();
            lambda = c.lambda();
            ok = r.valid();
            findings = r.findings();
        }
        if (game != null) {
            String actual = inputs.game(game).sha256();
            boolean same = actual.equals(sha);
            out.println((same ? "game     matches " : "game     DIFFERS from ") + game + " (sha256 " + actual + ")");
            ok &= same;
        }
        out.println("lambda   " + lambda);
        for (String f : findings) {
            out.println("check    " + f);
        }
        out.println(ok ? "VALID" : "REJECTED");
        return ok ? 0 : 1;
    }
}
