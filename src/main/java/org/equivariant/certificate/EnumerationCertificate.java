package org.equivariant.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * A proof tree for "the logit QREs at λ are exactly the ones in these boxes", produced by the branch-and-bound and
 * replayed by {@link EnumerationChecker}. Every node holds a box X (decimal end-points, i.e. rational data) and one
 * step:
 * <ul>
 *   <li>{@link Split}: X is cut at {@code at} across coordinate k into the boxes of its two children;</li>
 *   <li>{@link Contract}: every zero of F in X lies in the child's box, because the child's box contains X ∩ Op(X);</li>
 *   <li>{@link Empty}: X ∩ Op(X) is empty in some coordinate, so X holds no zero;</li>
 *   <li>{@link Unique}: X ⊂ Y and the Krawczyk image K(Y) lies in the interior of Y: Y holds exactly one zero;</li>
 *   <li>{@link Open}: undecided (the certificate then proves a lower bound only).</li>
 * </ul>
 * Op is the response contraction (X ∩ T(X), then Σ_a σ_ia = 1) or the Krawczyk operator with the recorded centre c
 * and preconditioner R. JSON: the nodes in preorder (docs/certificates.md).
 */
public record EnumerationCertificate(String title, List<RationalTensor> payoffs, String sha256, Rational lambda,
                                     int digits, Node root) {
    public static final String FORMAT = "equivariant-enumeration-1";

    public EnumerationCertificate {
        payoffs = List.copyOf(payoffs);
    }

    /** The operator a {@link Contract} or {@link Empty} step applies: response (c and r null) or Krawczyk. */
    public record Op(List<BigDecimal> center, List<List<Rational>> preconditioner) {
        public static final Op RESPONSE = new Op(null, null);

        public boolean isResponse() {
            return center == null;
        }
    }

    public sealed interface Node permits Split, Contract, Empty, Unique, Open {
        List<Interval> box();
    }

    public record Split(List<Interval> box, int coordinate, BigDecimal at, Node left, Node right) implements Node {
    }

    public record Contract(List<Interval> box, Op op, Node next) implements Node {
    }

    public record Empty(List<Interval> box, Op op) implements Node {
    }

    public record Unique(List<Interval> box, List<Interval> verify, Op krawczyk) implements Node {
    }

    public record Open(List<Interval> box) implements Node {
    }

    public String toJson() {
        ObjectNode root = CertificateJson.mapper().createObjectNode();
        root.put("format", FORMAT);
        CertificateJson.putGame(root, title, sha256, payoffs);
        root.put("lambda", lambda.toString());
        root.put("digits", digits);
        ArrayNode nodes = root.putArray("nodes");
        List<Node> stack = new ArrayList<>(List.of(this.root));
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            ObjectNode o = nodes.addObject();
            o.set("box", box(n.box()));
            if (n instanceof Split sp) {
                o.put("step", "split");
                o.put("coordinate", sp.coordinate());
                o.put("at", sp.at().toString());
                stack.add(sp.right());
                stack.add(sp.left());
            } else if (n instanceof Contract c) {
                o.put("step", "contract");
                op(o, c.op());
                stack.add(c.next());
            } else if (n instanceof Empty e) {
                o.put("step", "empty");
                op(o, e.op());
            } else if (n instanceof Unique u) {
                o.put("step", "unique");
                o.set("verify", box(u.verify()));
                op(o, u.krawczyk());
            } else {
                o.put("step", "open");
            }
        }
        try {
            return CertificateJson.mapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArrayNode box(List<Interval> b) {
        ArrayNode a = CertificateJson.mapper().createArrayNode();
        for (Interval i : b) {
            a.addArray().add(i.lo().toString()).add(i.hi().toString());
        }
        return a;
    }

    private static void op(ObjectNode o, Op op) {
        if (op.isResponse()) {
            o.put("op", "response");
            return;
        }
        o.put("op", "krawczyk");
        ArrayNode c = o.putArray("center");
        op.center().forEach(x -> c.add(x.toString()));
        ArrayNode r = o.putArray("preconditioner");
        for (List<Rational> row : op.preconditioner()) {
            r.add(CertificateJson.vector(row));
        }
    }

    /** Parses a certificate; {@link IllegalArgumentException} names the offending JSON path. */
    public static EnumerationCertificate read(String json) {
        JsonNode root = CertificateJson.parse(json, FORMAT);
        CertificateJson.Game game = CertificateJson.readGame(root);
        JsonNode nodes = CertificateJson.field(root, "nodes", "");
        int[] next = {0};
        Node tree = node(nodes, next);
        if (next[0] != nodes.size()) {
            throw new IllegalArgumentException("nodes[" + next[0] + "]: " + (nodes.size() - next[0])
                + " nodes after the end of the tree");
        }
        return new EnumerationCertificate(game.title(), game.payoffs(), game.sha256(),
            CertificateJson.rational(CertificateJson.field(root, "lambda", ""), "lambda"),
            CertificateJson.field(root, "digits", "").asInt(), tree);
    }

    private static Node node(JsonNode nodes, int[] next) {
        if (next[0] >= nodes.size()) {
            throw new IllegalArgumentException("nodes: the tree is incomplete (a split or contract step lacks a child)");
        }
        String p = "nodes[" + next[0] + "].";
        JsonNode o = nodes.get(next[0]++);
        List<Interval> box = readBox(CertificateJson.field(o, "box", p), p + "box");
        String step = CertificateJson.field(o, "step", p).asText();
        return switch (step) {
            case "split" -> {
                int k = CertificateJson.field(o, "coordinate", p).asInt();
                BigDecimal at = decimal(CertificateJson.field(o, "at", p), p + "at");
                Node left = node(nodes, next);
                yield new Split(box, k, at, left, node(nodes, next));
            }
            case "contract" -> new Contract(box, readOp(o, p), node(nodes, next));
            case "empty" -> new Empty(box, readOp(o, p));
            case "unique" -> new Unique(box, readBox(CertificateJson.field(o, "verify", p), p + "verify"), readOp(o, p));
            case "open" -> new Open(box);
            default -> throw new IllegalArgumentException(p + "step: unknown step \"" + step + "\"");
        };
    }

    private static Op readOp(JsonNode o, String p) {
        String op = CertificateJson.field(o, "op", p).asText();
        if (op.equals("response")) {
            return Op.RESPONSE;
        }
        if (!op.equals("krawczyk")) {
            throw new IllegalArgumentException(p + "op: unknown operator \"" + op + "\"");
        }
        List<BigDecimal> c = new ArrayList<>();
        JsonNode cn = CertificateJson.field(o, "center", p);
        for (int i = 0; i < cn.size(); i++) {
            c.add(decimal(cn.get(i), p + "center[" + i + "]"));
        }
        List<List<Rational>> r = new ArrayList<>();
        JsonNode rn = CertificateJson.field(o, "preconditioner", p);
        for (int i = 0; i < rn.size(); i++) {
            r.add(CertificateJson.rationals(rn.get(i), p + "preconditioner[" + i + "]"));
        }
        return new Op(c, r);
    }

    private static List<Interval> readBox(JsonNode a, String path) {
        List<Interval> box = new ArrayList<>();
        for (int k = 0; k < a.size(); k++) {
            JsonNode pair = a.get(k);
            if (!pair.isArray() || pair.size() != 2) {
                throw new IllegalArgumentException(path + "[" + k + "]: expected [lo, hi]");
            }
            BigDecimal lo = decimal(pair.get(0), path + "[" + k + "][0]");
            BigDecimal hi = decimal(pair.get(1), path + "[" + k + "][1]");
            if (lo.compareTo(hi) > 0) {
                throw new IllegalArgumentException(path + "[" + k + "]: lower end " + lo + " exceeds upper end " + hi);
            }
            box.add(new Interval(lo, hi));
        }
        return box;
    }

    private static BigDecimal decimal(JsonNode n, String path) {
        try {
            return new BigDecimal(n.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": expected a finite decimal, found \"" + n.asText() + "\"");
        }
    }
}
