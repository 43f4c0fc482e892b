package org.equivariant.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.game.MarkovGame;
import org.equivariant.io.JsonInput;
import org.equivariant.io.MarkovGameReader;
import org.equivariant.work.Limits;

/**
 * Certified Markov QREs of a discounted Markov game (theorem MQRE-K): the game itself (its JSON format), τ, and one
 * box per claimed QRE in {@link MarkovQreSystem} coordinates (policies, then soft values), each claimed to hold
 * exactly one zero. Replayed by {@link MarkovQreChecker}; JSON in docs/certificates.md.
 */
public record MarkovQreCertificate(MarkovGame game, Rational tau, List<List<Interval>> boxes, Uniqueness uniqueness) {
    public static final String FORMAT = "equivariant-markov-qre-1";

    public MarkovQreCertificate {
        boxes = boxes.stream().map(List::copyOf).toList();
    }

    /** An MQRE-U claim: weights w &gt; 0 and κ &lt; 1 with 𝕄(τ, η)w ≤ κw ({@link MarkovContraction}). */
    public record Uniqueness(Rational eta, List<Rational> w, Rational kappa) {
        public Uniqueness {
            w = List.copyOf(w);
        }
    }

    public String toJson() {
        ObjectNode root = CertificateJson.mapper().createObjectNode();
        root.put("format", FORMAT);
        root.set("game", MarkovGameReader.toJson(game, CertificateJson.mapper()));
        root.put("sha256", game.sha256());
        root.put("tau", tau.toString());
        var points = root.putArray("points");
        for (List<Interval> b : boxes) {
            points.addObject().set("box", CertificateJson.box(b));
        }
        if (uniqueness != null) {
            ObjectNode u = root.putObject("uniqueness");
            u.put("eta", uniqueness.eta().toString());
            u.set("w", CertificateJson.vector(uniqueness.w()));
            u.put("kappa", uniqueness.kappa().toString());
        }
        try {
            return CertificateJson.mapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a parsed certificate; errors name their JSON path. */
    public static MarkovQreCertificate read(JsonInput.Node root, Limits limits) {
        CertificateJson.checkFormat(root, FORMAT);
        root.only("format", "game", "sha256", "tau", "points", "uniqueness");
        JsonInput.Node gameNode = root.field("game");
        MarkovGame g = MarkovGameReader.read(gameNode, limits);
        if (!g.sha256().equals(root.field("sha256").string())) {
            throw root.field("sha256").error("does not match the game (its sha256 is " + g.sha256() + ")");
        }
        Rational tau = root.field("tau").rational();
        if (tau.signum() <= 0) {
            throw root.field("tau").error("τ must be positive");
        }
        List<List<Interval>> boxes = new ArrayList<>();
        for (JsonInput.Node p : root.field("points").elements()) {
            p.only("box");
            boxes.add(CertificateJson.readBox(p.field("box")));
        }
        Uniqueness u = null;
        if (root.has("uniqueness")) {
            JsonInput.Node n = root.field("uniqueness").only("eta", "w", "kappa");
            u = new Uniqueness(n.field("eta").rational(), n.field("w").rationals(), n.field("kappa").rational());
            if (u.eta().signum() <= 0 || u.eta().multiply(tau).compareTo(Rational.ONE) > 0) {
                throw n.field("eta").error("η must satisfy 0 < η ≤ 1/τ");
            }
        }
        return new MarkovQreCertificate(g, tau, boxes, u);
    }
}
