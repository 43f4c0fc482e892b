package org.equivariant.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Progress lines: shown past two seconds, and an error's stop not reported as an interrupt. */
class StderrProgressTest {
    private static final long THREE_SECONDS = 3_000_000_000L;

    @Test
    void aLineStaysSilentForTwoSecondsThenRegistersItsInterruptReport() {
        StringWriter text = new StringWriter();
        StderrProgress fresh = new StderrProgress(new PrintWriter(text));
        fresh.update("phase", "state");
        assertThat(fresh.reportsInterrupt()).isFalse();
        assertThat(text.toString()).isEmpty();
        StderrProgress old = new StderrProgress(new PrintWriter(text), System.nanoTime() - THREE_SECONDS);
        old.update("principal branch", "lambda = 2");
        try {
            assertThat(old.reportsInterrupt()).isTrue();
            assertThat(text.toString()).startsWith("\r[3 s] principal branch: lambda = 2");
        } finally {
            old.done();
        }
        assertThat(old.reportsInterrupt()).isFalse();
    }

    @Test
    void clearErasesTheLineAndKeepsTheInterruptReport() {
        StringWriter text = new StringWriter();
        StderrProgress line = new StderrProgress(new PrintWriter(text), System.nanoTime() - THREE_SECONDS);
        try {
            line.update("verify", "line 3 (1 of 9)");
            String drawn = "[3 s] verify: line 3 (1 of 9)";
            line.clear();
            assertThat(text.toString()).isEqualTo("\r" + drawn + "\r" + " ".repeat(drawn.length()) + "\r");
            assertThat(line.reportsInterrupt()).isTrue();
            line.clear(); // nothing drawn: nothing to erase
            line.done(); // nor a line to end
            assertThat(text.toString()).isEqualTo("\r" + drawn + "\r" + " ".repeat(drawn.length()) + "\r");
        } finally {
            line.done();
        }
    }

    @Test
    void theTickerRedrawsTheLatestStateOnceItIsASecondOld() {
        StringWriter text = new StringWriter();
        StderrProgress line = new StderrProgress(new PrintWriter(text), System.nanoTime() - THREE_SECONDS);
        try {
            line.tick(System.nanoTime()); // nothing reported yet: nothing to draw
            assertThat(text.toString()).isEmpty();
            line.update("check-certificate", "re-verifying its claims");
            long drawn = System.nanoTime();
            assertThat(text.toString().split("\r\\[", -1)).hasSize(2);
            line.tick(drawn + 500_000_000L); // half a second later: not yet
            assertThat(text.toString().split("\r\\[", -1)).hasSize(2);
            line.tick(drawn + 1_500_000_000L); // a second and a half: the same state, the clock moved on
            String[] drawings = text.toString().split("\r\\[", -1);
            assertThat(drawings).hasSize(3);
            assertThat(drawings[2]).matches("[45] s\\] check-certificate: re-verifying its claims *");
        } finally {
            line.done();
        }
        String ended = text.toString();
        line.tick(System.nanoTime() + 5_000_000_000L); // a line that has ended is not drawn again
        assertThat(text.toString()).isEqualTo(ended);
    }

    @Test
    void anInterruptReportsTheLatestCertifiedPart() {
        StringWriter text = new StringWriter();
        StderrProgress line = new StderrProgress(new PrintWriter(text), System.nanoTime() - THREE_SECONDS);
        line.update("principal branch", "lambda = 2, 5 pieces");
        line.interrupted();
        assertThat(text.toString()).contains("interrupted after 3 s, at principal branch: lambda = 2, 5 pieces")
            .doesNotContain("certified so far");
        line.proved(() -> "the chain to 2");
        line.proved(() -> "the chain to 3");
        line.interrupted();
        line.done();
        assertThat(text.toString()).endsWith("certified so far: the chain to 3" + System.lineSeparator()
            + System.lineSeparator()).doesNotContain("the chain to 2");
    }

    @Test
    void endAllEndsEveryOpenLineWithoutAnInterruptReport() {
        StringWriter text = new StringWriter();
        StderrProgress a = new StderrProgress(new PrintWriter(text), System.nanoTime() - THREE_SECONDS);
        StderrProgress b = new StderrProgress(new PrintWriter(text), System.nanoTime() - THREE_SECONDS);
        a.update("flow", "run 1");
        b.update("certify", "run 2");
        assertThat(a.reportsInterrupt()).isTrue();
        assertThat(b.reportsInterrupt()).isTrue();
        StderrProgress.endAll();
        assertThat(a.reportsInterrupt()).isFalse();
        assertThat(b.reportsInterrupt()).isFalse();
        assertThat(text.toString()).endsWith(System.lineSeparator()).doesNotContain("interrupted");
    }

    @Test
    void mainEndsALineLeftOpenByACommand() {
        StderrProgress open = new StderrProgress(new PrintWriter(new StringWriter()),
            System.nanoTime() - THREE_SECONDS);
        open.update("phase", "state");
        assertThat(open.reportsInterrupt()).isTrue();
        assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), "--version"))
            .isZero();
        assertThat(open.reportsInterrupt()).isFalse();
    }
}
