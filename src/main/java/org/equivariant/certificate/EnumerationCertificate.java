package org.equivariant.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.io.JsonInput;
import org.equivariant.work.Limits;

/**
 * A proof tree for "the logit QREs at λ are exactly the ones in these boxes" — or, with {@code lambdaHi} &gt; λ, "for
 * every λ′ in [λ, lambdaHi], each box holds exactly one QRE and there are no others" (theorem UNIQ-BB) — produced by
 * the branch-and-bound and replayed by {@link EnumerationChecker}. Every node holds a box X (decimal end-points, i.e.
 * rational data) in payoff-difference coordinates v ({@link PayoffDifferences}; a QRE is σ(v) for a zero v of G) and
 * one step:
 * <ul>
 *   <li>{@link Split}: X is cut at {@code at} across coordinate k into the boxes of its two children;</li>
 *   <li>{@link Contract}: every zero of F in X lies in the child's box, because the child's box contains X ∩ Op(X);</li>
 *   <li>{@link Empty}: X ∩ Op(X) is empty in some coordinate, so X holds no zero;</li>
 *   <li>{@link Unique}: X ⊂ Y and the Krawczyk image K(Y) lies in the interior of Y: Y holds exactly one zero;</li>
 *   <li>{@link Open}: undecided (the certificate then proves a lower bound only).</li>
 * </ul>
 * Op is the response contraction (X ∩ λ D(σ(X))) or the Krawczyk operator with the recorded centre c and
 * preconditioner R. JSON: the nodes in preorder (docs/certificates.md). Format 2: format 1's boxes were probabilities.
 */
public record EnumerationCertificate(String title, List<RationalTensor> payoffs, String sha256, Rational lambda,
                                     Rational lambdaHi, int digits, Node root) {
    public static final String FORMAT = "equivariant-enumeration-2";

    /** Whether a format names an enumeration certificate, this one or an older one ({@link #read} refuses those). */
    public static boolean isNamedBy(String format) {
        return format.startsWith("equivariant-enumeration-");
    }

    public EnumerationCertificate {
        payoffs = List.copyOf(payoffs);
        if (lambdaHi == null) {
            lambdaHi = lambda;
        }
    }

    /** A certificate at one λ. */
    public EnumerationCertificate(String title, List<RationalTensor> payoffs, String sha256, Rational lambda,
                                  int digits, Node root) {
        this(title, payoffs, sha256, lambda, lambda, digits, root);
    }

    /** Whether the claim is for a range of λ (theorem UNIQ-BB: every λ in [lambda, lambdaHi]). */
    public boolean isRange() {
        return !lambdaHi.equals(lambda);
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
        if (isRange()) {
            root.put("lambdaHi", lambdaHi.toString());
        }
        root.put("digits", digits);
        ArrayNode nodes = root.putArray("nodes");
        List<Node> stack = new ArrayList<>(List.of(this.root));
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            ObjectNode o = nodes.addObject();
            o.set("box", CertificateJson.box(n.box()));
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
                o.set("verify", CertificateJson.box(u.verify()));
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

    public static EnumerationCertificate read(String json) {
        return read("certificate", json, Limits.DEFAULT);
    }

    /**
     * Parses a certificate; a {@link org.equivariant.io.FormatException} names the offending JSON path. The tree is
     * assembled without recursion (prefix notation read from the end), so no depth of tree can overflow the stack.
     */
    public static EnumerationCertificate read(String source, String json, Limits limits) {
        return read(JsonInput.parse(source, json), limits);
    }

    /** Reads a parsed certificate document. */
    public static EnumerationCertificate read(JsonInput.Node root, Limits limits) {
        if (root.object().optional("format").map(JsonInput.Node::string).orElse("").equals(
            "equivariant-enumeration-1")) {
            throw root.field("format").error("a format-1 certificate (its boxes in probabilities) is no longer "
                + "replayed; the branch-and-bound works in payoff differences now: run solve --enumerate again");
        }
        CertificateJson.checkFormat(root, FORMAT);
        root.only("format", "game", "lambda", "lambdaHi", "digits", "nodes");
        CertificateJson.Game game = CertificateJson.readGame(root.field("game"), limits);
        List<JsonInput.Node> nodes = root.field("nodes").elements();
        Deque<Node> built = new ArrayDeque<>();
        for (int k = nodes.size() - 1; k >= 0; k--) {
            JsonInput.Node o = nodes.get(k);
            List<Interval> box = CertificateJson.readBox(o.field("box"));
            String step = o.field("step").string();
            Node n = switch (step) {
                case "split" -> {
                    o.only("box", "step", "coordinate", "at");
                    Node left = child(built, o);
                    yield new Split(box, o.field("coordinate").integer(0, Integer.MAX_VALUE), CertificateJson.decimal(o.field("at")),
                        left, child(built, o));
                }
                case "contract" -> new Contract(box, readOp(o, "box", "step"), child(built, o));
                case "empty" -> new Empty(box, readOp(o, "box", "step"));
                case "unique" -> new Unique(box, CertificateJson.readBox(o.field("verify")), readOp(o, "box", "step", "verify"));
                case "open" -> {
                    o.only("box", "step");
                    yield new Open(box);
                }
                default -> throw o.field("step").error("unknown step \"" + org.equivariant.arith.Rational.quote(step)
                    + "\" (split, contract, empty, unique, open)");
            };
            built.push(n);
        }
        if (built.size() != 1) {
            throw root.field("nodes").error(built.isEmpty() ? "the tree is empty"
                : "the nodes form " + built.size() + " trees, not one (a split or contract step lacks children)");
        }
        Rational lambda = root.field("lambda").rational();
        Rational hi = root.optional("lambdaHi").map(JsonInput.Node::rational).orElse(lambda);
        if (hi.compareTo(lambda) < 0) {
            throw root.field("lambdaHi").error("must be at least lambda = " + lambda);
        }
        return new EnumerationCertificate(game.title(), game.payoffs(), game.sha256(), lambda, hi,
            root.field("digits").integer(10, CertificateJson.MAX_DIGITS), built.pop());
    }

    private static Node child(Deque<Node> built, JsonInput.Node at) {
        if (built.isEmpty()) {
            throw at.error("the tree is incomplete: this step lacks a child");
        }
        return built.pop();
    }

    private static Op readOp(JsonInput.Node o, String... keys) {
        String op = o.field("op").string();
        if (op.equals("response")) {
            List<String> allowed = new ArrayList<>(List.of(keys));
            allowed.add("op");
            o.only(allowed.toArray(String[]::new));
            return Op.RESPONSE;
        }
        if (!op.equals("krawczyk")) {
            throw o.field("op").error("unknown operator \"" + org.equivariant.arith.Rational.quote(op)
                + "\" (response, krawczyk)");
        }
        List<String> allowed = new ArrayList<>(List.of(keys));
        allowed.addAll(List.of("op", "center", "preconditioner"));
        o.only(allowed.toArray(String[]::new));
        List<BigDecimal> c = o.field("center").elements().stream().map(CertificateJson::decimal).toList();
        List<List<Rational>> r = new ArrayList<>();
        for (JsonInput.Node row : o.field("preconditioner").elements()) {
            r.add(row.rationals());
        }
        return new Op(c, r);
    }


}
