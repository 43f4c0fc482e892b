package org.equivariant.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.Tokenizer.Kind;
import org.equivariant.io.Tokenizer.Token;

/**
 * Reader of Gambit's strategic-form format (.nfg, version 1), payoff body and outcome body:
 * <pre>
 * NFG 1 R "title" { "P1" "P2" … } ( { m1 m2 … } | { { "a" … } { "b" … } … } ) ["comment"] body
 * payoff body:  N·Πm numbers, contingencies with player 1's strategy varying fastest, N payoffs each
 * outcome body: { { "name" u1 [,] u2 … } … } then Πm outcome indices (0 = all payoffs zero)
 * </pre>
 * Numbers are read exactly: integers, fractions "p/q", decimals and exponents.
 */
public final class NfgReader {
    private NfgReader() {
    }

    public static NormalFormGame read(Path file) {
        try {
            return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static NormalFormGame read(String source, String text) {
        Tokenizer t = new Tokenizer(source, text);
        Token magic = t.next();
        if (!magic.text().equals("NFG") || magic.kind() != Kind.WORD) {
            throw t.error(magic, "not an .nfg file: expected 'NFG', found " + magic.describe());
        }
        Token version = t.expect(Kind.WORD, "version 1");
        if (!version.text().equals("1")) {
            throw t.error(version, "unsupported .nfg version '" + version.text() + "' (only 1 is defined)");
        }
        Token kind = t.expect(Kind.WORD, "'R' or 'D'");
        if (!kind.text().equals("R") && !kind.text().equals("D")) {
            throw t.error(kind, "expected 'R' or 'D', found " + kind.describe());
        }
        String title = t.expect(Kind.STRING, "the game's title in double quotes").text();
        t.expect(Kind.OPEN, "'{' opening the player list");
        List<String> players = new ArrayList<>();
        while (t.peek().kind() == Kind.STRING) {
            players.add(t.next().text());
        }
        t.expect(Kind.CLOSE, "a player name or '}' closing the player list");
        if (players.isEmpty()) {
            throw t.error(t.peek(), "the game has no players");
        }
        List<List<String>> actions = readStrategies(t, players.size());
        if (t.peek().kind() == Kind.STRING) {
            t.next(); // optional comment
        }
        int[] dims = new int[players.size()];
        int cells = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = actions.get(i).size();
            cells = Math.multiplyExact(cells, dims[i]);
        }
        List<List<Rational>> payoffs = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            payoffs.add(new ArrayList<>());
        }
        Token first = t.peek();
        if (first.kind() == Kind.OPEN) {
            readOutcomeBody(t, players.size(), cells, payoffs);
        } else if (first.kind() == Kind.WORD) {
            for (int c = 0; c < cells; c++) {
                for (int i = 0; i < dims.length; i++) {
                    Token tok = t.next();
                    if (tok.kind() != Kind.WORD) {
                        throw t.error(tok, "payoff body: expected the payoff of player " + (i + 1)
                            + " in contingency " + (c + 1) + " of " + cells + ", found " + tok.describe());
                    }
                    payoffs.get(i).add(number(t, tok));
                }
            }
        } else {
            throw t.error(first, "expected a payoff body (numbers) or an outcome body ('{'), found "
                + first.describe());
        }
        Token end = t.next();
        if (end.kind() != Kind.END) {
            throw t.error(end, "unexpected " + end.describe() + " after the end of the game");
        }
        List<RationalTensor> tensors = new ArrayList<>();
        for (List<Rational> p : payoffs) {
            tensors.add(new RationalTensor(dims, p));
        }
        return new NormalFormGame(title, players, actions, tensors);
    }

    private static List<List<String>> readStrategies(Tokenizer t, int n) {
        t.expect(Kind.OPEN, "'{' opening the strategy counts or labels");
        List<List<String>> actions = new ArrayList<>();
        if (t.peek().kind() == Kind.OPEN) {
            while (t.peek().kind() == Kind.OPEN) {
                t.next();
                List<String> labels = new ArrayList<>();
                while (t.peek().kind() == Kind.STRING) {
                    labels.add(t.next().text());
                }
                Token close = t.expect(Kind.CLOSE, "a strategy label or '}'");
                if (labels.isEmpty()) {
                    throw t.error(close, "player " + (actions.size() + 1) + " has no strategies");
                }
                actions.add(labels);
            }
        } else {
            while (t.peek().kind() == Kind.WORD) {
                Token tok = t.next();
                int m;
                try {
                    m = Integer.parseInt(tok.text());
                } catch (NumberFormatException e) {
                    throw t.error(tok, "strategy count must be a positive integer, found '" + tok.text() + "'");
                }
                if (m < 1) {
                    throw t.error(tok, "strategy count must be a positive integer, found " + m);
                }
                List<String> labels = new ArrayList<>();
                for (int k = 1; k <= m; k++) {
                    labels.add(Integer.toString(k));
                }
                actions.add(labels);
            }
        }
        Token close = t.expect(Kind.CLOSE, "'}' closing the strategies");
        if (actions.size() != n) {
            throw t.error(close, "strategies given for " + actions.size() + " players, but the game has " + n);
        }
        return actions;
    }

    private static void readOutcomeBody(Tokenizer t, int n, int cells, List<List<Rational>> payoffs) {
        t.next();
        List<List<Rational>> outcomes = new ArrayList<>();
        while (t.peek().kind() == Kind.OPEN) {
            Token open = t.next();
            t.expect(Kind.STRING, "the outcome's name in double quotes");
            List<Rational> u = new ArrayList<>();
            while (true) {
                Token tok = t.next();
                if (tok.kind() == Kind.COMMA) {
                    continue;
                }
                if (tok.kind() == Kind.CLOSE) {
                    break;
                }
                if (tok.kind() != Kind.WORD) {
                    throw t.error(tok, "outcome " + (outcomes.size() + 1) + ": expected a payoff, found "
                        + tok.describe());
                }
                u.add(number(t, tok));
            }
            if (u.size() != n) {
                throw t.error(open, "outcome " + (outcomes.size() + 1) + " has " + u.size() + " payoffs, the game has "
                    + n + " players");
            }
            outcomes.add(u);
        }
        t.expect(Kind.CLOSE, "'{' opening an outcome or '}' closing the outcome list");
        for (int c = 0; c < cells; c++) {
            Token tok = t.next();
            if (tok.kind() != Kind.WORD) {
                throw t.error(tok, "outcome body: expected the outcome index of contingency " + (c + 1) + " of "
                    + cells + ", found " + tok.describe());
            }
            int k;
            try {
                k = Integer.parseInt(tok.text());
            } catch (NumberFormatException e) {
                throw t.error(tok, "outcome index must be a non-negative integer, found '" + tok.text() + "'");
            }
            if (k < 0 || k > outcomes.size()) {
                throw t.error(tok, "outcome index " + k + " out of range 0.." + outcomes.size());
            }
            for (int i = 0; i < n; i++) {
                payoffs.get(i).add(k == 0 ? Rational.ZERO : outcomes.get(k - 1).get(i));
            }
        }
    }

    private static Rational number(Tokenizer t, Token tok) {
        try {
            return Rational.parse(tok.text());
        } catch (NumberFormatException e) {
            throw t.error(tok, "'" + tok.text() + "' is not a number");
        }
    }
}
