package org.equivariant.cli;

import java.io.PrintWriter;
import org.equivariant.work.Progress;

/**
 * Progress on standard error, for runs that take more than two seconds: one line, rewritten at most twice a second and
 * redrawn every second while nothing updates it, with the elapsed time; {@link #done} ends the line. A run that is
 * interrupted (Ctrl-C, a batch system's TERM) after its first progress line says where it was — for {@code solve}, how
 * far in λ the principal branch had been proved and with how many pieces — and what it had certified
 * ({@link Progress#proved}: for {@code solve}, the principal branch's point where its chain had got to). A run that
 * stops by an error instead is not reported as interrupted: {@link Main#run} ends its progress lines ({@link #endAll})
 * before the error's message.
 */
final class StderrProgress implements Progress {
    /** The progress lines updated at least once (their ticker running), until {@link #done}. */
    private static final java.util.Set<StderrProgress> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final PrintWriter err;
    private final long start;
    private long last;
    private int width;
    private String latest;
    private java.util.function.Supplier<String> proved;
    private Thread onInterrupt;

    StderrProgress(PrintWriter err) {
        this(err, System.nanoTime());
    }

    /** A progress line started at {@code start} ({@link System#nanoTime}). */
    StderrProgress(PrintWriter err, long start) {
        this.err = err;
        this.start = start;
    }

    /**
     * Ends every progress line still open, without an interrupt report: for a command that stopped by an error (an
     * exception, or memory running out) before its own {@link #done}.
     */
    static void endAll() {
        for (StderrProgress p : java.util.List.copyOf(OPEN)) {
            p.done();
        }
    }

    /** Whether an interrupt (the JVM's shutdown) would now print where the run was. */
    synchronized boolean reportsInterrupt() {
        return onInterrupt != null;
    }

    /** Redraws the line with the latest state where no update has for a second (a phase with no steps to report). */
    private Thread ticker;

    @Override
    public synchronized void update(String phase, String state) {
        latest = phase + ": " + state;
        if (ticker == null) {
            ticker = new Thread(this::tickEverySecond, "progress-ticker");
            ticker.setDaemon(true);
            ticker.start();
            OPEN.add(this); // endAll stops the ticker of a line a failed command left open
        }
        draw(System.nanoTime(), 500_000_000L);
    }

    private void tickEverySecond() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                synchronized (this) {
                    if (ticker != Thread.currentThread()) {
                        return; // done meanwhile: nothing more is drawn
                    }
                    tick(System.nanoTime());
                }
            }
        } catch (InterruptedException stopped) {
            // done
        }
    }

    /**
     * The ticker's step at time {@code now}: the latest state drawn again (its elapsed time moving on) if the last
     * drawing is a second old, so that a phase that reports nothing while it works — reading a large certificate,
     * replaying its chain — still shows that the run goes on. Package-private for its test.
     */
    synchronized void tick(long now) {
        if (latest != null) {
            draw(now, 1_000_000_000L);
        }
    }

    /** Draws the latest state, if the run is two seconds old and the last drawing at least {@code gap} ago. */
    private void draw(long now, long gap) {
        if (now - start < 2_000_000_000L || now - last < gap) {
            return;
        }
        if (onInterrupt == null) {
            onInterrupt = new Thread(this::interrupted, "progress-on-interrupt");
            Runtime.getRuntime().addShutdownHook(onInterrupt);
        }
        last = now;
        String line = String.format(java.util.Locale.ROOT, "[%.0f s] %s", (now - start) / 1e9, latest);
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = line.length();
    }

    @Override
    public synchronized void proved(java.util.function.Supplier<String> text) {
        proved = text;
    }

    /** The report of an interrupt: where the run was and what it had certified. */
    synchronized void interrupted() {
        err.println();
        err.printf("interrupted after %.0f s, at %s%n", (System.nanoTime() - start) / 1e9, latest);
        if (proved != null) {
            err.println("certified so far: " + proved.get());
        }
        err.flush();
    }

    /**
     * Erases the progress line (while the run goes on), so that a line the command prints on standard output where
     * both go to one terminal does not land after it; the next update draws it again.
     */
    synchronized void clear() {
        if (width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }

    synchronized void done() {
        if (ticker != null) {
            ticker.interrupt();
            ticker = null;
        }
        if (onInterrupt != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it reports the interruption itself
            }
            onInterrupt = null;
        }
        OPEN.remove(this);
        if (width > 0) {
            err.println();
            width = 0;
        }
    }
}
