package org.equivariant.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.NfgReader;

/** Loads a game from a path, or from the bundled catalog with "bundled:NAME" (const_sum_game, coord2, 2x2x2). */
final class GameSource {
    private GameSource() {
    }

    static NormalFormGame load(String spec) {
        if (spec.startsWith("bundled:")) {
            String name = spec.substring("bundled:".length());
            try (InputStream in = GameSource.class.getResourceAsStream("/games/" + name + ".nfg")) {
                if (in == null) {
                    throw new IllegalArgumentException("no bundled game '" + name
                        + "' (bundled: const_sum_game, coord2, 2x2x2)");
                }
                return NfgReader.read(spec, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read bundled game " + name, e);
            }
        }
        Path p = Path.of(spec);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("no such file: " + spec);
        }
        return NfgReader.read(p);
    }
}
