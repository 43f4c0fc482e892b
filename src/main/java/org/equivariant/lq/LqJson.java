package org.equivariant.lq;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.io.FormatException;
import org.equivariant.io.JsonInput;

/**
 * JSON model format of the LQ oracle (docs/lq.md). Numbers are exact rationals, as JSON numbers or strings ("0.3",
 * "3/10"); a matrix is an array of rows, a vector an array (read as a column), and a 1×1 matrix may be a single number.
 * Unknown keys are refused; every error names its JSON path (0-based indices: {@code regimes[1].leader.Q}).
 */
public final class LqJson {
    /** Largest dimension (n, mL, mF, d) and number of regimes the oracle accepts. */
    public static final int MAX_DIMENSION = 50;

    private LqJson() {
    }

    public static LqModel read(String text) {
        return read("model", text);
    }

    public static LqModel read(String source, String text) {
        JsonInput.Node root = JsonInput.parse(source, text).only("comment", "n", "mL", "mF", "d", "T", "lambdaL",
            "lambdaF", "deltaL", "deltaF", "variant", "generator", "regimes");
        int n = root.field("n").integer(1, MAX_DIMENSION);
        int mL = root.field("mL").integer(1, MAX_DIMENSION);
        int mF = root.field("mF").integer(1, MAX_DIMENSION);
        int d = root.field("d").integer(0, MAX_DIMENSION);
        List<JsonInput.Node> regs = root.field("regimes").elements();
        if (regs.isEmpty() || regs.size() > MAX_DIMENSION) {
            throw root.field("regimes").error("expected 1 to " + MAX_DIMENSION + " regimes, found " + regs.size());
        }
        List<LqModel.Regime> regimes = new ArrayList<>();
        for (JsonInput.Node r : regs) {
            r.only("A", "B", "b", "C", "D", "sigma", "leader", "follower");
            regimes.add(new LqModel.Regime(matrix(r.field("A")), matrix(r.field("B")), vector(r.field("b")),
                list(r.field("C"), d, false), list(r.field("D"), d, false), list(r.field("sigma"), d, true),
                costs(r.field("leader")), costs(r.field("follower"))));
        }
        String variant = root.optional("variant").map(JsonInput.Node::string).orElse("A");
        if (!variant.equals("A") && !variant.equals("B")) {
            throw root.field("variant").error("must be \"A\" or \"B\", found \"" + Rational.quote(variant) + "\"");
        }
        LqModel m = new LqModel(n, mL, mF, d, root.field("T").number(), matrix(root.field("generator")), regimes,
            root.field("lambdaL").number(), root.field("lambdaF").number(), optional(root, "deltaL"),
            optional(root, "deltaF"), LqModel.Variant.valueOf(variant));
        try {
            return m.validate();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            int colon = msg.indexOf(": ");
            throw colon < 0 ? FormatException.atPath(source, "", msg)
                : FormatException.atPath(source, msg.substring(0, colon), msg.substring(colon + 2));
        }
    }

    private static LqModel.Costs costs(JsonInput.Node c) {
        c.only("Q", "S", "R", "q", "r", "G", "g", "g0");
        return new LqModel.Costs(matrix(c.field("Q")), matrix(c.field("S")), matrix(c.field("R")),
            vector(c.field("q")), vector(c.field("r")), matrix(c.field("G")), vector(c.field("g")),
            c.field("g0").number());
    }

    private static List<List<List<Rational>>> list(JsonInput.Node a, int d, boolean vectors) {
        List<List<List<Rational>>> out = new ArrayList<>();
        for (JsonInput.Node x : a.elements(d)) {
            out.add(vectors ? vector(x) : matrix(x));
        }
        return out;
    }

    private static Rational optional(JsonInput.Node root, String name) {
        return root.optional(name).map(JsonInput.Node::number).orElse(Rational.ZERO);
    }

    private static List<List<Rational>> matrix(JsonInput.Node v) {
        if (!v.json().isArray()) {
            return List.of(List.of(v.number()));
        }
        List<List<Rational>> out = new ArrayList<>();
        for (JsonInput.Node row : v.elements()) {
            if (!row.json().isArray()) {
                throw row.error("expected a row (an array), found " + row.kind());
            }
            out.add(row.elements().stream().map(JsonInput.Node::number).toList());
        }
        return out;
    }

    private static List<List<Rational>> vector(JsonInput.Node v) {
        if (!v.json().isArray()) {
            return List.of(List.of(v.number()));
        }
        return v.elements().stream().map(x -> List.of(x.number())).toList();
    }
}
