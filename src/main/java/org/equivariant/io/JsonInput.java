package org.equivariant.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.equivariant.arith.Rational;

/**
 * Reading JSON input (certificates, LQ models, claimed profiles, solver answers) with errors in the project's words:
 * syntax errors at {@code source:line:column}, everything else at a JSON path ({@code boxes[0].radius}); nesting
 * deeper than {@value #MAX_DEPTH} levels, duplicate keys and trailing content are refused; typed accessors refuse
 * wrong types, and {@link Node#only} refuses unknown keys. Numbers are exact: a rational as a string ("3/7", "0.25")
 * or, where a format allows it, a JSON number read from its text.
 */
public final class JsonInput {
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
        .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1)
            .maxNumberLength(100_000).build());
    }

    private JsonInput() {
    }

    /** The document's root, or a {@link FormatException} naming the place. */
    public static Node parse(String source, String text) {
        checkDepth(source, text);
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root == null || root.isMissingNode()) {
                throw FormatException.atPath(source, "", "not valid JSON: the document is empty");
            }
            return new Node(source, "", root);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            int col = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
            String reason = e instanceof JsonEOFException ? "not valid JSON: the document ends too early"
                : e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                ? "not valid JSON: a key appears twice in one object" : "not valid JSON here";
            throw new FormatException(source, line, col, reason);
        }
    }

    /** Nesting depth, checked by a scan of its own so the refusal names the limit and the place. */
    private static void checkDepth(String source, String text) {
        int depth = 0;
        int line = 1;
        int col = 0;
        boolean inString = false;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            col++;
            if (c == '\n') {
                line++;
                col = 0;
            } else if (inString) {
                if (c == '\\') {
                    k++;
                    col++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > MAX_DEPTH) {
                    throw new FormatException(source, line, col, "JSON nested deeper than " + MAX_DEPTH + " levels");
                }
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
    }

    /** A value in a document, with its path for messages. */
    public record Node(String source, String path, JsonNode json) {
        public FormatException error(String reason) {
            return FormatException.atPath(source, path, reason);
        }

        private String child(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        public boolean has(String name) {
            return json.isObject() && json.has(name) && !json.get(name).isNull();
        }

        /** A required member of an object. */
        public Node field(String name) {
            object();
            JsonNode v = json.get(name);
            if (v == null || v.isNull()) {
                throw FormatException.atPath(source, child(name), "missing");
            }
            return new Node(source, child(name), v);
        }

        public Optional<Node> optional(String name) {
            return has(name) ? Optional.of(field(name)) : Optional.empty();
        }

        public Node object() {
            if (!json.isObject()) {
                throw error("expected an object, found " + kind());
            }
            return this;
        }

        /** Refuses keys not in {@code allowed} (a misspelt key is an error, not silently ignored). */
        public Node only(String... allowed) {
            object();
            Set<String> ok = Set.of(allowed);
            for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!ok.contains(k)) {
                    throw FormatException.atPath(source, child(k), "unknown key (known: " + String.join(", ",
                        allowed) + ")");
                }
            }
            return this;
        }

        public List<Node> elements() {
            if (!json.isArray()) {
                throw error("expected an array, found " + kind());
            }
            List<Node> out = new ArrayList<>(json.size());
            for (int k = 0; k < json.size(); k++) {
                out.add(new Node(source, path + "[" + k + "]", json.get(k)));
            }
            return out;
        }

        /** An array of exactly {@code n} elements. */
        public List<Node> elements(int n) {
            List<Node> e = elements();
            if (e.size() != n) {
                throw error("expected " + n + " entries, found " + e.size());
            }
            return e;
        }

        public String string() {
            if (!json.isTextual()) {
                throw error("expected a string, found " + kind());
            }
            return json.asText();
        }

        public boolean bool() {
            if (!json.isBoolean()) {
                throw error("expected true or false, found " + kind());
            }
            return json.asBoolean();
        }

        /** An integer in [min, max], written as a JSON integer. */
        public int integer(int min, int max) {
            if (!json.isIntegralNumber() || json.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(min)) < 0
                || json.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(max)) > 0) {
                throw error("expected an integer from " + min + " to " + max + ", found " + kind());
            }
            return json.intValue();
        }

        /** An exact rational written as a string ("3/7", "0.25", "1e-3"). */
        public Rational rational() {
            if (!json.isTextual()) {
                throw error("expected a rational number as a string (\"3/7\", \"0.25\"), found " + kind());
            }
            return parse(json.asText());
        }

        /** An exact rational written as a string or as a JSON number (read from its decimal text). */
        public Rational number() {
            if (json.isNumber()) {
                return parse(json.isIntegralNumber() ? json.bigIntegerValue().toString()
                    : json.decimalValue().toString());
            }
            return rational();
        }

        private Rational parse(String text) {
            try {
                return Rational.parse(text);
            } catch (NumberFormatException e) {
                throw error(e.getMessage());
            }
        }

        public List<Rational> rationals() {
            return elements().stream().map(Node::rational).toList();
        }

        /** "an object", "a string \"abc\"", "the number 3.5", … for messages. */
        public String kind() {
            if (json.isObject()) {
                return "an object";
            }
            if (json.isArray()) {
                return "an array";
            }
            if (json.isTextual()) {
                return "the string \"" + Rational.quote(json.asText()) + "\"";
            }
            if (json.isNumber()) {
                return "the number " + Rational.quote(json.asText());
            }
            if (json.isBoolean()) {
                return json.asText();
            }
            return "null";
        }
    }
}
