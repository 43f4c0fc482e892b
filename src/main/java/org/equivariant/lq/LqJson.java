package org.equivariant.lq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;

/**
 * JSON model format of the LQ oracle (docs/lq.md). Numbers are exact rationals, as JSON numbers or strings ("0.3",
 * "3/10"); a matrix is an array of rows, a vector an array (read as a column), and a 1×1 matrix may be a single number.
 * Errors name the JSON path.
 */
public final class LqJson {
    private LqJson() {
    }

    public static LqModel read(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: line " + e.getLocation().getLineNr() + ": "
                + e.getOriginalMessage());
        }
        int n = integer(root, "n");
        int mL = integer(root, "mL");
        int mF = integer(root, "mF");
        int d = integer(root, "d");
        JsonNode regs = field(root, "regimes", "");
        List<LqModel.Regime> regimes = new ArrayList<>();
        for (int i = 0; i < regs.size(); i++) {
            String p = "regimes[" + i + "].";
            JsonNode r = regs.get(i);
            regimes.add(new LqModel.Regime(matrix(field(r, "A", p), p + "A"), matrix(field(r, "B", p), p + "B"),
                vector(field(r, "b", p), p + "b"), list(r, "C", p, d, false), list(r, "D", p, d, false),
                list(r, "sigma", p, d, true), costs(field(r, "leader", p), p + "leader."),
                costs(field(r, "follower", p), p + "follower.")));
        }
        String variant = root.path("variant").asText("A");
        if (!variant.equals("A") && !variant.equals("B")) {
            throw new IllegalArgumentException("variant: must be \"A\" or \"B\", found \"" + variant + "\"");
        }
        return new LqModel(n, mL, mF, d, number(field(root, "T", ""), "T"),
            matrix(field(root, "generator", ""), "generator"), regimes, number(field(root, "lambdaL", ""), "lambdaL"),
            number(field(root, "lambdaF", ""), "lambdaF"), optional(root, "deltaL"), optional(root, "deltaF"),
            LqModel.Variant.valueOf(variant)).validate();
    }

    private static LqModel.Costs costs(JsonNode c, String p) {
        return new LqModel.Costs(matrix(field(c, "Q", p), p + "Q"), matrix(field(c, "S", p), p + "S"),
            matrix(field(c, "R", p), p + "R"), vector(field(c, "q", p), p + "q"), vector(field(c, "r", p), p + "r"),
            matrix(field(c, "G", p), p + "G"), vector(field(c, "g", p), p + "g"), number(field(c, "g0", p), p + "g0"));
    }

    private static List<List<List<Rational>>> list(JsonNode r, String name, String p, int d, boolean vectors) {
        JsonNode a = field(r, name, p);
        if (!a.isArray() || a.size() != d) {
            throw new IllegalArgumentException(p + name + ": expected " + d + " entries (one per Brownian motion)");
        }
        List<List<List<Rational>>> out = new ArrayList<>();
        for (int l = 0; l < d; l++) {
            out.add(vectors ? vector(a.get(l), p + name + "[" + l + "]") : matrix(a.get(l), p + name + "[" + l + "]"));
        }
        return out;
    }

    private static JsonNode field(JsonNode node, String name, String path) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(path + name + ": missing");
        }
        return v;
    }

    private static int integer(JsonNode root, String name) {
        JsonNode v = field(root, name, "");
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(name + ": expected an integer");
        }
        return v.asInt();
    }

    private static Rational optional(JsonNode root, String name) {
        return root.has(name) ? number(root.get(name), name) : Rational.ZERO;
    }

    private static Rational number(JsonNode v, String path) {
        try {
            return v.isNumber() ? Rational.of(v.decimalValue()) : Rational.parse(v.asText());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(path + ": '" + v.asText() + "' is not a number");
        }
    }

    private static List<List<Rational>> matrix(JsonNode v, String path) {
        if (!v.isArray()) {
            return List.of(List.of(number(v, path)));
        }
        List<List<Rational>> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode row = v.get(i);
            if (!row.isArray()) {
                throw new IllegalArgumentException(path + "[" + i + "]: expected a row (array)");
            }
            List<Rational> r = new ArrayList<>();
            for (int j = 0; j < row.size(); j++) {
                r.add(number(row.get(j), path + "[" + i + "][" + j + "]"));
            }
            out.add(r);
        }
        return out;
    }

    private static List<List<Rational>> vector(JsonNode v, String path) {
        if (!v.isArray()) {
            return List.of(List.of(number(v, path)));
        }
        List<List<Rational>> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(List.of(number(v.get(i), path + "[" + i + "]")));
        }
        return out;
    }
}
