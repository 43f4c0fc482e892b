package org.equivariant.cli;

import java.io.PrintWriter;
import org.equivariant.work.Progress;

/**
 * Progress on standard error, for runs that take more than two seconds: one line, rewritten at most twice a second,
 * with the elapsed time; {@link #done} ends the line.
 */
final class StderrProgress implements Progress {
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private long last;
    private int width;

    StderrProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void update(String phase, String state) {
        long now = System.nanoTime();
        if (now - start < 2_000_000_000L || now - last < 500_000_000L) {
            return;
        }
        last = now;
        String line = String.format("[%.0f s] %s: %s", (now - start) / 1e9, phase, state);
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = line.length();
    }

    synchronized void done() {
        if (width > 0) {
            err.println();
            width = 0;
        }
    }
}
