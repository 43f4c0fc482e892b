package org.equivariant.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.Sha256;
import org.equivariant.io.JsonInput;
import org.equivariant.work.Limits;

/**
 * Certified stationary points of a regularized Dec-POMDP (theorem STAT-K): the model's .dpomdp text (with its sha256
 * and how rows were read), the discount used, horizon, τ and form, and one box per claimed point — flat policy
 * coordinates in {@link StationarySystem} order — each claimed to hold exactly one zero of F. Optionally uniqueness
 * ranges (theorem UNIQ-IT): for every τ in [tau, tauHi] the response iteration of {@code steps} steps ends inside
 * {@code box}, which passes the Krawczyk test with τ ranging over the interval — exactly one stationary point for every
 * such τ. Replayed by {@link StationaryChecker}; JSON in docs/certificates.md.
 */
public record StationaryCertificate(String source, String modelText, boolean strict, Rational discount, int horizon,
                                    Rational tau, StationarySystem.Form form, List<List<Interval>> boxes,
                                    List<UniqueRange> unique) {
    public static final String FORMAT = "equivariant-stationary-1";

    /** The most response steps a range may name (each is one interval evaluation of the response). */
    public static final int MAX_STEPS = 100_000;

    /** A UNIQ-IT claim: exactly one stationary point for every τ in [tau, tauHi], inside {@code box}. */
    public record UniqueRange(Rational tau, Rational tauHi, int steps, List<Interval> box) {
        public UniqueRange {
            box = List.copyOf(box);
        }
    }

    public StationaryCertificate {
        boxes = boxes.stream().map(List::copyOf).toList();
        unique = List.copyOf(unique);
    }

    /** Stationary points only (no uniqueness ranges). */
    public StationaryCertificate(String source, String modelText, boolean strict, Rational discount, int horizon,
                                 Rational tau, StationarySystem.Form form, List<List<Interval>> boxes) {
        this(source, modelText, strict, discount, horizon, tau, form, boxes, List.of());
    }

    /** The sha256 of the model text (UTF-8), hex. */
    public static String sha256(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public String toJson() {
        ObjectNode root = CertificateJson.mapper().createObjectNode();
        root.put("format", FORMAT);
        ObjectNode model = root.putObject("model");
        model.put("source", source);
        model.put("sha256", sha256(modelText));
        model.put("strict", strict);
        model.put("text", modelText);
        root.put("discount", discount.toString());
        root.put("horizon", horizon);
        root.put("tau", tau.toString());
        root.put("form", form.name());
        var points = root.putArray("points");
        for (List<Interval> b : boxes) {
            points.addObject().set("box", CertificateJson.box(b));
        }
        if (!unique.isEmpty()) {
            var ranges = root.putArray("unique");
            for (UniqueRange r : unique) {
                ObjectNode o = ranges.addObject();
                o.put("tau", r.tau().toString());
                o.put("tauHi", r.tauHi().toString());
                o.put("steps", r.steps());
                o.set("box", CertificateJson.box(r.box()));
            }
        }
        try {
            return CertificateJson.mapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a parsed certificate; a {@link org.equivariant.io.FormatException} names the offending JSON path. */
    public static StationaryCertificate read(JsonInput.Node root, Limits limits) {
        CertificateJson.checkFormat(root, FORMAT);
        root.only("format", "model", "discount", "horizon", "tau", "form", "points", "unique");
        JsonInput.Node model = root.field("model").only("source", "sha256", "strict", "text");
        String text = model.field("text").string();
        if (!sha256(text).equals(model.field("sha256").string())) {
            throw model.field("sha256").error("does not match the model text (its sha256 is " + sha256(text) + ")");
        }
        String form = root.field("form").string();
        if (!form.equals("A") && !form.equals("B")) {
            throw root.field("form").error("must be \"A\" or \"B\"");
        }
        Rational tau = root.field("tau").rational();
        if (tau.signum() <= 0) {
            throw root.field("tau").error("τ must be positive");
        }
        Rational discount = root.field("discount").rational();
        if (discount.signum() < 0 || discount.compareTo(Rational.ONE) > 0) {
            throw root.field("discount").error("the discount must lie in [0, 1]");
        }
        List<List<Interval>> boxes = new ArrayList<>();
        for (JsonInput.Node p : root.field("points").elements()) {
            p.only("box");
            boxes.add(CertificateJson.readBox(p.field("box")));
        }
        List<UniqueRange> unique = new ArrayList<>();
        if (root.has("unique")) {
            for (JsonInput.Node r : root.field("unique").elements()) {
                r.only("tau", "tauHi", "steps", "box");
                Rational lo = r.field("tau").rational();
                Rational hi = r.field("tauHi").rational();
                if (lo.signum() <= 0 || hi.compareTo(lo) < 0) {
                    throw r.field("tauHi").error("a range needs 0 < tau ≤ tauHi");
                }
                unique.add(new UniqueRange(lo, hi, r.field("steps").integer(0, MAX_STEPS),
                    CertificateJson.readBox(r.field("box"))));
            }
        }
        return new StationaryCertificate(model.field("source").string(), text, model.field("strict").bool(), discount,
            root.field("horizon").integer(1, 64), tau, StationarySystem.Form.valueOf(form), boxes, unique);
    }
}
