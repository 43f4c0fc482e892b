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
    /** The progress lines updated at least once, until {@link #done}: those the ticker redraws. */
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

    /** Whether the line has been updated and not yet {@link #done}: in {@link #OPEN}, redrawn by the ticker. */
    private boolean open;

    /**
     * One daemon thread for the process, started by the first update: every second it gives each open line a
     * {@link #tick}, so that a phase that reports nothing while it works — reading a large certificate, replaying its
     * chain — still shows past two seconds that the run goes on.
     */
    private static final class Ticker {
        static {
            Thread t = new Thread(Ticker::run, "progress-ticker");
            t.setDaemon(true);
            t.start();
        }

        /** Starts the thread (by initializing this class) if it is not running yet. */
        static void ensureRunning() {
        }

        private static void run() {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                OPEN.forEach(p -> p.tick(now));
            }
        }
    }

    @Override
    public synchronized void update(String phase, String state) {
        latest = phase + ": " + state;
        if (!open) {
            open = true;
            OPEN.add(this);
            Ticker.ensureRunning();
        }
        draw(System.nanoTime(), 500_000_000L);
    }

    /**
     * The ticker's step at time {@code now}: the latest state drawn again (its elapsed time moving on) if the line is
     * open and its last drawing is a second old. Package-private for its test.
     */
    synchronized void tick(long now) {
        if (open) {
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
        open = false;
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
