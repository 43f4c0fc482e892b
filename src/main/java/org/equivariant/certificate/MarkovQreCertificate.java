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
 * exactly one zero; optionally an MQRE-U uniqueness claim, an NPG-EX rate claim and a principal-branch claim
 * (MQRE-CHAIN: a chain of pieces of {@link MarkovQreSystem#branchSystem} from β = 0 to β = 1/τ ending at QRE
 * {@code branch.qre()}; no anchor). Replayed by {@link MarkovQreChecker}; JSON in docs/certificates.md.
 */
public record MarkovQreCertificate(MarkovGame game, Rational tau, List<List<Interval>> boxes, Uniqueness uniqueness,
                                   Uniqueness rate, QreCertificate.Branch branch) {
    public static final String FORMAT = "equivariant-markov-qre-1";

    public MarkovQreCertificate {
        boxes = boxes.stream().map(List::copyOf).toList();
    }

    /** Boxes and an MQRE-U claim (or null), no rate or branch claim. */
    public MarkovQreCertificate(MarkovGame game, Rational tau, List<List<Interval>> boxes, Uniqueness uniqueness) {
        this(game, tau, boxes, uniqueness, null, null);
    }

    /**
     * A Perron claim at step η: weights w &gt; 0 and κ &lt; 1 with Mw ≤ κw for the matrix M(τ, η) of MQRE-U
     * ({@link MarkovContraction}, member "uniqueness") or of NPG-EX ({@link MarkovNpgRate}, member "npgRate").
     */
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
        put(root, "uniqueness", uniqueness);
        put(root, "npgRate", rate);
        if (branch != null) {
            root.set("branch", CertificateJson.branch(branch));
        }
        try {
            return CertificateJson.mapper().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(ObjectNode root, String name, Uniqueness claim) {
        if (claim != null) {
            ObjectNode u = root.putObject(name);
            u.put("eta", claim.eta().toString());
            u.set("w", CertificateJson.vector(claim.w()));
            u.put("kappa", claim.kappa().toString());
        }
    }

    private static Uniqueness claim(JsonInput.Node root, String name, Rational tau) {
        if (!root.has(name)) {
            return null;
        }
        JsonInput.Node n = root.field(name).only("eta", "w", "kappa");
        Uniqueness u = new Uniqueness(n.field("eta").rational(), n.field("w").rationals(), n.field("kappa").rational());
        if (u.eta().signum() <= 0 || u.eta().multiply(tau).compareTo(Rational.ONE) > 0) {
            throw n.field("eta").error("η must satisfy 0 < η ≤ 1/τ");
        }
        return u;
    }

    /** Reads a parsed certificate; errors name their JSON path. */
    public static MarkovQreCertificate read(JsonInput.Node root, Limits limits) {
        CertificateJson.checkFormat(root, FORMAT);
        root.only("format", "game", "sha256", "tau", "points", "uniqueness", "npgRate", "branch");
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
        QreCertificate.Branch branch = root.has("branch") ? CertificateJson.readBranch(root.field("branch"),
            new MarkovQreSystem(g, tau).size(), boxes.size(), limits) : null;
        return new MarkovQreCertificate(g, tau, boxes, claim(root, "uniqueness", tau), claim(root, "npgRate", tau),
            branch);
    }
}
