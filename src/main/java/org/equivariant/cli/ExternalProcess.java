package org.equivariant.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One run of an external command ({@code sh -c COMMAND}) with a request on standard input, under a deadline:
 * standard input is written and standard output and error are drained concurrently (so a chatty process never
 * blocks on a full pipe), each capped; the command runs in a process group of its own (setsid, where available) and
 * its descendants are also recorded while it runs; on timeout or overflow, and after the command exits, the whole
 * group and every recorded descendant are killed. The deadline holds even when a grandchild keeps the
 * output pipe open after the command itself has exited.
 */
record ExternalProcess(String command, long timeoutMillis, int maxOutputBytes, int maxErrorBytes) {
    /** How a run ended. */
    enum Status { EXITED, TIMEOUT, OUTPUT_TOO_LARGE }

    record Outcome(Status status, int exitCode, String stdout, String stderr) {
    }

    /** Where setsid(1) exists (Linux), the command runs in a session of its own and is killed as a process group. */
    private static final boolean GROUPS = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setsid"))
        || java.nio.file.Files.isExecutable(java.nio.file.Path.of("/bin/setsid"));

    Outcome run(String request) throws IOException {
        Process p = (GROUPS ? new ProcessBuilder("setsid", "--wait", "sh", "-c", command)
            : new ProcessBuilder("sh", "-c", command)).start();
        Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
        CompletableFuture<byte[]> out = drain(p.getInputStream(), maxOutputBytes);
        CompletableFuture<byte[]> err = drain(p.getErrorStream(), maxErrorBytes);
        CompletableFuture.runAsync(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(request.getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the command may exit without reading; its output decides
            }
        }, daemon());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (p.isAlive() && System.nanoTime() < deadline) {
                p.descendants().forEach(tree::add);
                if (out.isDone() && out.getNow(null) == null) {
                    kill(p, tree);
                    return new Outcome(Status.OUTPUT_TOO_LARGE, -1, "", "");
                }
                p.waitFor(20, TimeUnit.MILLISECONDS);
            }
            if (p.isAlive()) {
                kill(p, tree);
                return new Outcome(Status.TIMEOUT, -1, "", "");
            }
            // the command has exited: what it left running (a grandchild holding the pipe open) is killed, so the
            // output ends now; the readers still get until the deadline
            kill(p.pid(), tree);
            long left = Math.max(1, deadline - System.nanoTime());
            byte[] o = out.get(left, TimeUnit.NANOSECONDS);
            byte[] e = err.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (o == null) {
                return new Outcome(Status.OUTPUT_TOO_LARGE, p.exitValue(), "", "");
            }
            return new Outcome(Status.EXITED, p.exitValue(), new String(o, StandardCharsets.UTF_8),
                e == null ? "" : new String(e, StandardCharsets.UTF_8));
        } catch (TimeoutException stillOpen) {
            kill(p, tree);
            return new Outcome(Status.TIMEOUT, -1, "", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p, tree);
            return new Outcome(Status.TIMEOUT, -1, "", "");
        } catch (ExecutionException e) {
            kill(p, tree);
            throw new IOException("reading the solver's output failed");
        }
    }

    /** Reads a stream to its end; null (after reading on, discarding) if it exceeds {@code cap} bytes. */
    private static CompletableFuture<byte[]> drain(InputStream in, int cap) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[1 << 16];
            try (in) {
                int k;
                while ((k = in.read(chunk)) > 0) {
                    if (buf.size() + k > cap) {
                        return null;
                    }
                    buf.write(chunk, 0, k);
                }
            } catch (IOException closed) {
                // the process was killed
            }
            return buf.toByteArray();
        }, daemon());
    }

    private static java.util.concurrent.Executor daemon() {
        return r -> {
            Thread t = new Thread(r, "external-process-io");
            t.setDaemon(true);
            t.start();
        };
    }

    /** Kills the recorded descendants and, with process groups, everything left in the command's group. */
    private static void kill(long group, Set<ProcessHandle> tree) {
        tree.forEach(ProcessHandle::destroyForcibly);
        if (GROUPS) {
            try {
                new ProcessBuilder("kill", "-KILL", "--", "-" + group).redirectErrorStream(true).start()
                    .waitFor(2, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // the recorded descendants were killed above; nothing more can be done
            }
        }
    }

    private static void kill(Process p, Set<ProcessHandle> tree) {
        p.descendants().forEach(tree::add);
        kill(p.pid(), tree);
        p.destroyForcibly();
        try {
            p.getInputStream().close();
            p.getErrorStream().close();
        } catch (IOException ignored) {
            // nothing more can be done about a stream that will not close
        }
    }
}
