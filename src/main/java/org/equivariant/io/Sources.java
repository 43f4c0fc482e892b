package org.equivariant.io;

import java.nio.file.Path;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.equivariant.work.Limits;

/**
 * Where games and models come from, for the command line and the library alike: a path, or {@code bundled:NAME} (the
 * catalog in the jar). Every reader checks sizes against the {@link Limits} before allocating; a spec of the wrong kind
 * is refused with an {@link InputException} that says what it is.
 */
public final class Sources {
    private Sources() {
    }

    /** Whether the spec names a Dec-POMDP (.dpomdp or .dpomdp.gz, or a bundled model). */
    public static boolean isDecPomdp(String spec) {
        return Bundled.isBundled(spec) ? Bundled.isDecPomdp(spec)
            : spec.endsWith(".dpomdp") || spec.endsWith(".dpomdp.gz");
    }

    /** Whether the spec names a Markov game (.json, or a bundled one). */
    public static boolean isMarkovGame(String spec) {
        return Bundled.isBundled(spec) ? Bundled.isMarkovGame(spec) : spec.endsWith(".json");
    }

    /** The text of a spec (decompressed, with the size and encoding checks). */
    public static String text(String spec, Limits limits) {
        return Bundled.isBundled(spec) ? Bundled.text(spec, limits) : TextInput.read(Path.of(spec), limits);
    }

    /** A normal-form game (.nfg file or bundled game). */
    public static NormalFormGame game(String spec, Limits limits) {
        if (isDecPomdp(spec) && Bundled.isBundled(spec)) {
            throw new InputException(spec + ": a Dec-POMDP; a normal-form game was expected");
        }
        if (isMarkovGame(spec) && Bundled.isBundled(spec)) {
            throw new InputException(spec + ": a Markov game; a normal-form game was expected (see 'markov')");
        }
        return Bundled.isBundled(spec) ? NfgReader.read(spec, Bundled.text(spec, limits), limits)
            : NfgReader.read(Path.of(spec), limits);
    }

    /** A Dec-POMDP (.dpomdp file or bundled model), read with the given options. */
    public static DpomdpReader.Loaded decPomdp(String spec, DpomdpReader.Options options) {
        if (Bundled.isBundled(spec) && !Bundled.isDecPomdp(spec)) {
            throw new InputException(spec + ": " + (Bundled.isMarkovGame(spec) ? "a Markov game" : "a normal-form game")
                + "; a .dpomdp model was expected");
        }
        return Bundled.isBundled(spec) ? DpomdpReader.load(spec, Bundled.text(spec, options.limits()), options)
            : DpomdpReader.load(Path.of(spec), options);
    }

    /** A Markov game from its JSON format, or a normal-form game as a one-state game with discount 0. */
    public static MarkovGame markovGame(String spec, Limits limits) {
        return isMarkovGame(spec) ? MarkovGameReader.read(spec, text(spec, limits), limits)
            : MarkovGame.of(game(spec, limits));
    }
}
