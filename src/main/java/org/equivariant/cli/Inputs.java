package org.equivariant.cli;

import java.nio.file.Path;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.DpomdpReader;
import org.equivariant.io.InputException;
import org.equivariant.io.Sources;
import org.equivariant.io.TextInput;
import org.equivariant.work.Limits;
import picocli.CommandLine.Option;

/**
 * Where games and models come from: a path, or {@code bundled:NAME} (the catalog in the jar). The options
 * {@code --max-input-mb} and {@code --max-entries} set the {@link Limits} checked before anything is allocated.
 */
final class Inputs {
    @Option(names = "--max-input-mb", defaultValue = "64", paramLabel = "MB",
        description = "largest input file, in MiB after decompression (default 64)")
    long maxInputMb = 64;

    @Option(names = "--max-entries", defaultValue = "10000000", paramLabel = "N",
        description = "largest number of exact table entries a game or model may hold (default 10^7)")
    long maxEntries = 10_000_000;

    @Option(names = "--strict", description = "for .dpomdp models: every row of b0, T and O must sum to exactly 1 "
        + "(by default rows within 1e-12 of 1 are renormalized exactly, with a warning, as MADP accepts them)")
    boolean strict;

    Limits limits() {
        if (maxInputMb < 1 || maxInputMb > 1 << 20) {
            throw new UsageException("--max-input-mb must be from 1 to 1048576, got " + maxInputMb);
        }
        if (maxEntries < 1 || maxEntries > Integer.MAX_VALUE - 8) {
            throw new UsageException("--max-entries must be from 1 to " + (Integer.MAX_VALUE - 8) + ", got "
                + maxEntries);
        }
        return new Limits(maxInputMb << 20, maxEntries);
    }

    /** Whether the spec names a Dec-POMDP (.dpomdp or .dpomdp.gz, or a bundled model). */
    static boolean isDecPomdp(String spec) {
        return Sources.isDecPomdp(spec);
    }

    NormalFormGame game(String spec) {
        return Sources.game(spec, limits());
    }

    /** The model, after printing the renormalization warning (if any) on {@code err}. */
    DecPomdp decPomdp(String spec, java.io.PrintWriter err) {
        DpomdpReader.Loaded loaded = Sources.decPomdp(spec, DpomdpReader.Options.DEFAULT.withLimits(limits())
            .strict(strict));
        if (loaded.warning() != null) {
            err.println("warning: " + loaded.warning());
        }
        return loaded.model();
    }

    /**
     * A Markov game: a JSON file or bundled Markov game, a normal-form game (.nfg, bundled or a file) as a one-state
     * game with discount 0, or a state-revealing Dec-POMDP (after {@code discount}) as a shared-reward Markov game.
     */
    MarkovGame markovGame(String spec, DiscountOption discount, java.io.PrintWriter err) {
        if (isDecPomdp(spec)) {
            try {
                return MarkovGame.of(discount.apply(decPomdp(spec, err)));
            } catch (IllegalArgumentException e) {
                throw new InputException(spec + ": not a Markov game: " + e.getMessage());
            }
        }
        if (discount.given()) {
            throw new UsageException("--discount applies to .dpomdp models; a Markov game's discount is in its file");
        }
        return Sources.markovGame(spec, limits());
    }

    /** The .dpomdp text of a model spec (bundled:NAME or a file), as {@link #decPomdp} reads it. */
    String decPomdpText(String spec) {
        return Sources.text(spec, limits());
    }

    /** Whether models are read strictly (--strict). */
    boolean strict() {
        return strict;
    }

    /** The text of a plain input file (certificates, claims, LQ models), with the size and encoding checks. */
    String text(Path file) {
        return TextInput.read(file, limits());
    }

    /** Writes an output file (a certificate, a plot), or an InputException "FILE: cannot write the WHAT (reason)". */
    static void write(java.nio.file.Path file, String text, String what) {
        try {
            java.nio.file.Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new InputException(file + ": cannot write the " + what + " (" + reason(e) + ")");
        }
    }

    /** Why a file could not be written, in our words where the JDK's exception names only the file. */
    static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "its folder does not exist";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? "an input/output error" : e.getMessage();
    }

    /**
     * Refuses, before any work, an output file given to {@code option} (null: none) whose folder does not exist or
     * which is a folder: the error a write after a long run would otherwise meet at its end.
     */
    static void writable(String option, java.nio.file.Path file) {
        if (file == null) {
            return;
        }
        java.nio.file.Path absolute = file.toAbsolutePath();
        java.nio.file.Path folder = absolute.getParent();
        if (java.nio.file.Files.isDirectory(absolute)) {
            throw new UsageException(option + " " + file + ": is a folder, not a file");
        }
        if (folder != null && !java.nio.file.Files.isDirectory(folder)) {
            throw new UsageException(option + " " + file + ": the folder " + folder + " does not exist");
        }
    }
}
