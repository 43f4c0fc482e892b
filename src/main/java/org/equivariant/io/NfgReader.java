package org.equivariant.io;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.Tokenizer.Kind;
import org.equivariant.io.Tokenizer.Token;
import org.equivariant.work.Limits;

/**
 * Reader of Gambit's strategic-form format (.nfg, version 1), payoff body and outcome body:
 * <pre>
 * NFG 1 R "title" { "P1" "P2" … } ( { m1 m2 … } | { { "a" … } { "b" … } … } ) ["comment"] body
 * payoff body:  N·Πm numbers, contingencies with player 1's strategy varying fastest, N payoffs each
 * outcome body: { { "name" u1 [,] u2 … } … } then Πm outcome indices (0 = all payoffs zero)
 * </pre>
 * Numbers are read exactly: integers, fractions "p/q", decimals and exponents. The size the header declares is
 * checked against the body and against {@link Limits#entries} before any table is allocated.
 */
public final class NfgReader {
    private final Tokenizer t;
    private final Limits limits;
    private final Map<String, Rational> numbers = new HashMap<>();

    private NfgReader(String source, String text, Limits limits) {
        this.t = new Tokenizer(source, text);
        this.limits = limits;
    }

    public static NormalFormGame read(Path file) {
        return read(file, Limits.DEFAULT);
    }

    public static NormalFormGame read(Path file, Limits limits) {
        return read(file.toString(), TextInput.read(file, limits), limits);
    }

    public static NormalFormGame read(String source, String text) {
        return read(source, text, Limits.DEFAULT);
    }

    public static NormalFormGame read(String source, String text, Limits limits) {
        return new NfgReader(source, text, limits).game();
    }

    private NormalFormGame game() {
        Token magic = t.next();
        if (!magic.text().equals("NFG") || magic.kind() != Kind.WORD) {
            throw t.error(magic, "not an .nfg file: expected 'NFG', found " + magic.describe());
        }
        Token version = t.expect(Kind.WORD, "version 1");
        if (!version.text().equals("1")) {
            throw t.error(version, "unsupported .nfg version " + version.describe() + " (only 1 is defined)");
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
        Token strategiesAt = t.peek();
        List<Object> strategies = readStrategies(players.size());
        if (t.peek().kind() == Kind.STRING) {
            t.next(); // optional comment
        }
        int n = players.size();
        int[] dims = new int[n];
        BigInteger cells = BigInteger.ONE;
        for (int i = 0; i < n; i++) {
            dims[i] = strategies.get(i) instanceof Integer m ? m : ((List<?>) strategies.get(i)).size();
            cells = cells.multiply(BigInteger.valueOf(dims[i]));
        }
        BigInteger payoffCount = cells.multiply(BigInteger.valueOf(n));
        List<List<Rational>> payoffs = new ArrayList<>();
        Token first = t.peek();
        if (first.kind() == Kind.OPEN) {
            List<List<Rational>> outcomes = readOutcomes(n);
            checkBody(strategiesAt, cells, t.countWordsAhead(), "contingencies", "outcome indices");
            for (int i = 0; i < n; i++) {
                payoffs.add(new ArrayList<>(cells.intValue()));
            }
            readOutcomeIndices(cells.intValue(), outcomes, payoffs);
        } else if (first.kind() == Kind.WORD) {
            checkBody(strategiesAt, payoffCount, t.countWordsAhead(), "payoffs (" + n + " per contingency)",
                "numbers");
            for (int i = 0; i < n; i++) {
                payoffs.add(new ArrayList<>(cells.intValue()));
            }
            for (int c = 0; c < cells.intValue(); c++) {
                for (int i = 0; i < n; i++) {
                    payoffs.get(i).add(number(t.next()));
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
        List<List<String>> actions = new ArrayList<>();
        for (Object s : strategies) {
            actions.add(s instanceof Integer m ? defaultLabels(m) : ((List<?>) s).stream().map(String::valueOf)
                .toList());
        }
        List<RationalTensor> tensors = new ArrayList<>();
        for (List<Rational> p : payoffs) {
            tensors.add(new RationalTensor(dims, p));
        }
        return new NormalFormGame(title, players, actions, tensors);
    }

    /**
     * The header's size against the body (a body that cannot hold it is an error at the header, found without
     * allocating), then against the entry limit.
     */
    private void checkBody(Token header, BigInteger declared, long present, String what, String unit) {
        if (declared.compareTo(BigInteger.valueOf(present)) > 0) {
            throw t.error(header, "the strategy counts declare " + human(declared) + " " + what + ", but the body "
                + "holds only " + present + " " + unit);
        }
        limits.checkEntries(declared.doubleValue(), "a game with " + human(declared) + " " + what);
    }

    private static String human(BigInteger x) {
        return x.bitLength() < 63 ? Limits.human(x.longValue()) : Limits.human(x.doubleValue());
    }

    private static List<String> defaultLabels(int m) {
        List<String> labels = new ArrayList<>(m);
        for (int k = 1; k <= m; k++) {
            labels.add(Integer.toString(k));
        }
        return labels;
    }

    /** Per player either the strategy count (Integer) or the list of labels. */
    private List<Object> readStrategies(int n) {
        t.expect(Kind.OPEN, "'{' opening the strategy counts or labels");
        List<Object> out = new ArrayList<>();
        if (t.peek().kind() == Kind.OPEN) {
            while (t.peek().kind() == Kind.OPEN) {
                t.next();
                List<String> labels = new ArrayList<>();
                while (t.peek().kind() == Kind.STRING) {
                    labels.add(t.next().text());
                }
                Token close = t.expect(Kind.CLOSE, "a strategy label or '}'");
                if (labels.isEmpty()) {
                    throw t.error(close, "player " + (out.size() + 1) + " has no strategies");
                }
                out.add(labels);
            }
        } else {
            while (t.peek().kind() == Kind.WORD) {
                Token tok = t.next();
                if (!tok.text().matches("[0-9]+") || tok.text().replaceFirst("^0+", "").length() > 9
                    || Integer.parseInt(tok.text()) < 1) {
                    throw t.error(tok, "strategy count must be an integer from 1 to 999999999, found "
                        + tok.describe());
                }
                out.add(Integer.parseInt(tok.text()));
            }
        }
        Token close = t.expect(Kind.CLOSE, "'}' closing the strategies");
        if (out.size() != n) {
            throw t.error(close, "strategies given for " + out.size() + " players, but the game has " + n);
        }
        return out;
    }

    private List<List<Rational>> readOutcomes(int n) {
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
                if (u.size() == n) {
                    throw t.error(tok, "outcome " + (outcomes.size() + 1) + " has more than " + n + " payoffs, the "
                        + "game has " + n + " players");
                }
                u.add(number(tok));
            }
            if (u.size() != n) {
                throw t.error(open, "outcome " + (outcomes.size() + 1) + " has " + u.size() + " payoffs, the game has "
                    + n + " players");
            }
            outcomes.add(u);
        }
        t.expect(Kind.CLOSE, "'{' opening an outcome or '}' closing the outcome list");
        return outcomes;
    }

    private void readOutcomeIndices(int cells, List<List<Rational>> outcomes, List<List<Rational>> payoffs) {
        int n = payoffs.size();
        for (int c = 0; c < cells; c++) {
            Token tok = t.next();
            String s = tok.text();
            if (!s.matches("[0-9]+") || s.replaceFirst("^0+", "").length() > 9
                || Integer.parseInt(s) > outcomes.size()) {
                throw t.error(tok, "outcome index must be an integer from 0 to " + outcomes.size() + ", found "
                    + tok.describe());
            }
            int k = Integer.parseInt(s);
            for (int i = 0; i < n; i++) {
                payoffs.get(i).add(k == 0 ? Rational.ZERO : outcomes.get(k - 1).get(i));
            }
        }
    }

    /** An exact number; equal texts share one instance (large tables repeat few values). */
    private Rational number(Token tok) {
        Rational r = numbers.get(tok.text());
        if (r != null) {
            return r;
        }
        try {
            r = Rational.parse(tok.text());
        } catch (NumberFormatException e) {
            throw t.error(tok, e.getMessage());
        }
        if (numbers.size() < 100_000) {
            numbers.put(tok.text(), r);
        }
        return r;
    }
}
