package org.equivariant.io;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;

/**
 * Profiles claimed by another solver, read exactly: the CSV that {@code gambit-logit} prints (one line per point,
 * {@code lambda,p1,…,pM} in Gambit's strategy order — player 1's strategies first — and a final {@code NE,…} line), or
 * JSON {@code {"profiles": [{"lambda": "2", "profile": [["0.77", "0.23"], …]}, …]}} (numbers or strings).
 */
public final class ProfileClaims {
    private ProfileClaims() {
    }

    /** One claim: λ (null for Gambit's NE line) and the flat profile, with its source line (1-based). */
    public record Claim(Rational lambda, List<Rational> profile, int line) {
        public Claim {
            profile = List.copyOf(profile);
        }
    }

    public static List<Claim> gambitCsv(String source, String text, int totalActions) {
        List<Claim> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int k = 0; k < lines.length; k++) {
            String l = lines[k].strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(",", -1);
            if (f.length != totalActions + 1) {
                throw new FormatException(source, k + 1, 1, "expected λ (or NE) and " + totalActions
                    + " probabilities, found " + f.length + " fields");
            }
            Rational lambda = null;
            if (!f[0].strip().equals("NE")) {
                lambda = number(source, k + 1, f, 0);
                if (lambda.signum() < 0) {
                    throw new FormatException(source, k + 1, 1, "λ = " + lambda + " is negative");
                }
            }
            List<Rational> p = new ArrayList<>();
            for (int j = 1; j < f.length; j++) {
                p.add(probability(source, k + 1, f, j));
            }
            out.add(new Claim(lambda, p, k + 1));
        }
        return out;
    }

    public static List<Claim> json(String source, String text, int totalActions) {
        JsonInput.Node root = JsonInput.parse(source, text).only("profiles");
        List<Claim> out = new ArrayList<>();
        int k = 0;
        for (JsonInput.Node c : root.field("profiles").elements()) {
            c.only("lambda", "profile");
            Rational lambda = c.field("lambda").number();
            if (lambda.signum() < 0) {
                throw c.field("lambda").error("λ = " + lambda + " is negative");
            }
            List<Rational> p = new ArrayList<>();
            for (JsonInput.Node player : c.field("profile").elements()) {
                for (JsonInput.Node x : player.elements()) {
                    Rational v = x.number();
                    if (v.signum() < 0 || v.compareTo(Rational.ONE) > 0) {
                        throw x.error("probability " + v + " is outside [0, 1]");
                    }
                    p.add(v);
                }
            }
            if (p.size() != totalActions) {
                throw c.field("profile").error(p.size() + " probabilities, the game has " + totalActions
                    + " strategies");
            }
            out.add(new Claim(lambda, p, ++k));
        }
        return out;
    }

    private static Rational number(String source, int line, String[] f, int j) {
        try {
            return Rational.parse(f[j].strip());
        } catch (NumberFormatException e) {
            int col = 1;
            for (int k = 0; k < j; k++) {
                col += f[k].length() + 1;
            }
            throw new FormatException(source, line, col, e.getMessage());
        }
    }

    private static Rational probability(String source, int line, String[] f, int j) {
        Rational p = number(source, line, f, j);
        if (p.signum() < 0 || p.compareTo(Rational.ONE) > 0) {
            throw new FormatException(source, line, 1, "probability " + j + " = " + p + " is outside [0, 1]");
        }
        return p;
    }
}
