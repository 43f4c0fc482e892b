package org.equivariant.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;

/**
 * JSON form of {@link QreCertificate} (docs/certificates.md). Every number is a string holding an exact rational:
 * an integer, a fraction "p/q" or a finite decimal. Reading reports the JSON path of any missing or malformed field.
 */
public final class CertificateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CertificateJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode toJson(QreCertificate c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", QreCertificate.FORMAT);
        putGame(root, c.title(), c.sha256(), c.payoffs());
        root.put("lambda", c.lambda().toString());
        root.put("digits", c.digits());
        ArrayNode boxes = root.putArray("boxes");
        for (QreCertificate.Box b : c.boxes()) {
            ObjectNode box = boxes.addObject();
            box.set("center", vector(b.center()));
            box.put("radius", b.radius().toString());
            ArrayNode r = box.putArray("preconditioner");
            for (List<Rational> row : b.preconditioner()) {
                r.add(vector(row));
            }
        }
        if (c.uniqueness() != null) {
            ObjectNode u = root.putObject("uniqueness");
            u.put("theorem", "UNIQ-H");
            u.set("w", vector(c.uniqueness().w()));
            u.put("kappa", c.uniqueness().kappa().toString());
        }
        return root;
    }

    public static String write(QreCertificate c) {
        try {
            return MAPPER.writeValueAsString(toJson(c));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a certificate; {@link IllegalArgumentException} names the offending JSON path. */
    public static QreCertificate read(String json) {
        JsonNode root = parse(json, QreCertificate.FORMAT);
        Game game = readGame(root);
        List<QreCertificate.Box> boxes = new ArrayList<>();
        JsonNode bs = field(root, "boxes", "");
        for (int k = 0; k < bs.size(); k++) {
            String p = "boxes[" + k + "].";
            JsonNode b = bs.get(k);
            JsonNode pre = field(b, "preconditioner", p);
            List<List<Rational>> r = new ArrayList<>();
            for (int i = 0; i < pre.size(); i++) {
                r.add(rationals(pre.get(i), p + "preconditioner[" + i + "]"));
            }
            boxes.add(new QreCertificate.Box(rationals(field(b, "center", p), p + "center"),
                rational(field(b, "radius", p), p + "radius"), r));
        }
        QreCertificate.Uniqueness u = null;
        if (root.has("uniqueness") && !root.get("uniqueness").isNull()) {
            JsonNode un = root.get("uniqueness");
            u = new QreCertificate.Uniqueness(rationals(field(un, "w", "uniqueness."), "uniqueness.w"),
                rational(field(un, "kappa", "uniqueness."), "uniqueness.kappa"));
        }
        return new QreCertificate(game.title(), game.payoffs(), game.sha256(),
            rational(field(root, "lambda", ""), "lambda"), field(root, "digits", "").asInt(), boxes, u);
    }

    /** The game section shared by every certificate format. */
    record Game(String title, String sha256, List<RationalTensor> payoffs) {
    }

    static void putGame(ObjectNode root, String title, String sha256, List<RationalTensor> payoffs) {
        ObjectNode game = root.putObject("game");
        game.put("title", title);
        game.put("sha256", sha256);
        ArrayNode shape = game.putArray("actions");
        for (int d : payoffs.get(0).dims()) {
            shape.add(d);
        }
        ArrayNode pay = game.putArray("payoffs");
        for (RationalTensor t : payoffs) {
            pay.add(vector(t.data()));
        }
    }

    static Game readGame(JsonNode root) {
        JsonNode game = field(root, "game", "");
        JsonNode shapeNode = field(game, "actions", "game.");
        int[] dims = new int[shapeNode.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shapeNode.get(i).asInt();
            if (dims[i] < 1) {
                throw new IllegalArgumentException("game.actions[" + i + "]: must be a positive integer");
            }
        }
        JsonNode pay = field(game, "payoffs", "game.");
        if (pay.size() != dims.length) {
            throw new IllegalArgumentException("game.payoffs: " + pay.size() + " tables for " + dims.length
                + " players");
        }
        List<RationalTensor> payoffs = new ArrayList<>();
        for (int i = 0; i < pay.size(); i++) {
            try {
                payoffs.add(new RationalTensor(dims, rationals(pay.get(i), "game.payoffs[" + i + "]")));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("game.payoffs[" + i + "]: " + e.getMessage());
            }
        }
        return new Game(game.path("title").asText(""), field(game, "sha256", "game.").asText(), payoffs);
    }

    /** Parses JSON text and checks its "format" field. */
    static JsonNode parse(String json, String format) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        String found = field(root, "format", "").asText();
        if (!format.equals(found)) {
            throw new IllegalArgumentException("format: expected \"" + format + "\", found \"" + found + "\"");
        }
        return root;
    }

    static ArrayNode vector(List<Rational> xs) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Rational x : xs) {
            a.add(x.toString());
        }
        return a;
    }

    static JsonNode field(JsonNode node, String name, String path) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(path + name + ": missing");
        }
        return v;
    }

    static Rational rational(JsonNode node, String path) {
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new IllegalArgumentException(path + ": expected a rational number as a string (\"3/7\", \"0.25\")");
        }
        try {
            return Rational.parse(node.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }

    static List<Rational> rationals(JsonNode node, String path) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(path + ": expected an array");
        }
        List<Rational> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(rational(node.get(i), path + "[" + i + "]"));
        }
        return out;
    }
}
