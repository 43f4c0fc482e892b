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
import org.equivariant.certificate.MarkovQreCertificate;
import org.equivariant.certificate.MarkovQreChecker;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.StationaryCertificate;
import org.equivariant.certificate.StationaryChecker;
import org.equivariant.io.JsonInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code check-certificate FILE [--game GAME.nfg]}: independent re-verification; exit 0 valid, 1 rejected. */
@Command(name = "check-certificate", mixinStandardHelpOptions = true,
    description = "Re-verify a QRE certificate (from solve --certificate), an enumeration certificate (from solve "
        + "--enumerate --enumeration-certificate) a Dec-POMDP stationary-point certificate (from flow --certify "
        + "--certificate) or a Markov-QRE certificate (from markov --certificate) from its rational data alone. Exit code 0 if every claim holds, "
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
        // a normal-form certificate of a large game holds hundreds of megabytes and its replay takes as long as the
        // chain's tracing: the phase shows past 2 s
        StderrProgress progress = new StderrProgress(spec.commandLine().getErr());
        progress.update("check-certificate", "reading " + file);
        try {
            return check(out, progress);
        } finally {
            progress.done();
        }
    }

    private int check(PrintWriter out, StderrProgress progress) {
        JsonInput.Node root = JsonInput.parse(file.toString(), inputs.text(file));
        progress.update("check-certificate", "re-verifying its claims from its rational data");
        String format = root.object().field("format").string();
        if (format.equals(StationaryCertificate.FORMAT)) {
            return stationary(StationaryCertificate.read(root, inputs.limits()), out);
        }
        if (MarkovQreCertificate.isFormat(format)) {
            return markov(MarkovQreCertificate.read(root, inputs.limits()), out);
        }
        String sha;
        Rational lambda;
        boolean ok;
        List<String> findings;
        if (EnumerationCertificate.isNamedBy(format)) {
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

    /** A Markov-QRE certificate (theorem MQRE-K). */
    private int markov(MarkovQreCertificate c, PrintWriter out) {
        if (game != null) {
            throw new UsageException("--game applies to QRE certificates of normal-form games; a Markov-QRE "
                + "certificate embeds its game (sha256 " + c.game().sha256() + ")");
        }
        MarkovQreChecker.Report r = MarkovQreChecker.check(c);
        out.printf("game     %s (sha256 %s), tau %s%n", c.game().name(), c.game().sha256(), c.tau());
        for (String f : r.findings()) {
            out.println("check    " + f);
        }
        out.println(r.valid() ? "VALID" : "REJECTED");
        return r.valid() ? 0 : 1;
    }

    /** A stationary-point certificate of a Dec-POMDP (theorem STAT-K). */
    private int stationary(StationaryCertificate c, PrintWriter out) {
        if (game != null) {
            throw new UsageException("--game applies to QRE certificates; a stationary-point certificate embeds its "
                + "model (sha256 " + StationaryCertificate.sha256(c.modelText()) + ")");
        }
        StationaryChecker.Report r = StationaryChecker.check(c, inputs.limits());
        out.printf("model    %s (sha256 %s), horizon %d, tau %s, form %s, discount %s%n", c.source(),
            StationaryCertificate.sha256(c.modelText()), c.horizon(), c.tau(), c.form(), c.discount());
        for (String f : r.findings()) {
            out.println("check    " + f);
        }
        if (r.valid()) {
            for (var range : r.unique()) {
                out.println("check    exactly one stationary point for every tau in [" + range[0] + ", " + range[1]
                    + "] (UNIQ-IT)");
            }
        }
        if (r.valid() && !c.boxes().isEmpty()) {
            out.println("check    " + r.distinct() + " distinct stationary point" + (r.distinct() == 1 ? "" : "s")
                + " certified" + (r.distinct() >= 2 ? ": the regularized objective has more than one" : ""));
            for (int a = 0; a < r.crossPlay().length; a++) {
                for (int b = a + 1; b < r.crossPlay().length; b++) {
                    if (r.crossPlay()[a][b] != null) {
                        out.println("check    XP(point " + (a + 1) + ", point " + (b + 1) + ") in " + r.crossPlay()[a][b].outward(15));
                    }
                }
            }
        }
        out.println(r.valid() ? "VALID" : "REJECTED");
        return r.valid() ? 0 : 1;
    }
}
