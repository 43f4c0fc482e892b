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
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.symmetry.Permutation;
import org.equivariant.work.Limits;

/**
 * Certified Markov QREs of a discounted Markov game (theorem MQRE-K): the game itself (its JSON format), τ, and one
 * box per claimed QRE in {@link MarkovQreSystem} coordinates (policies, then soft values), each claimed to hold
 * exactly one zero; optionally an MQRE-U uniqueness claim, an NPG-EX rate claim and a principal-branch claim
 * (MQRE-CHAIN: a chain of pieces of {@link MarkovQreSystem#branchSystem} from β = 0 to β = 1/τ ending at QRE
 * {@code branch.qre()}; no anchor) — with {@code branchSymmetries} non-empty, of that system restricted to the subspace
 * the symmetries fix ({@link FixedSubspace}); with {@code branchTail} a chain in the full space that ends before
 * β = 1/τ, where an MQRE-TAIL claim carries the branch on to every larger β; with {@code branchStart} (required
 * exactly when the agents' action counts differ between states) an MQRE-U claim for the reward-free game at τ = 1
 * ({@link MarkovGame#withoutRewards}) that the chain's start at β = 0 is unique (MQRE-CHAIN (7)), or instead with
 * {@code branchStartHomotopy} the chain of the start homotopy that joins that start to the uniform policy
 * (MQRE-CHAIN (8)). Replayed by {@link MarkovQreChecker}; JSON in docs/certificates.md.
 */
public record MarkovQreCertificate(MarkovGame game, Rational tau, List<List<Interval>> boxes, Uniqueness uniqueness,
                                   Uniqueness rate, QreCertificate.Branch branch, List<MarkovSymmetry> branchSymmetries,
                                   MarkovTail branchTail, Uniqueness branchStart, StartHomotopy branchStartHomotopy) {
    public static final String FORMAT = "equivariant-markov-qre-5";
    /**
     * Still read: the same document without {@code branchStartHomotopy} (-4), also without {@code branchStart} (-3),
     * also without {@code branchTail} (-2), and with branch pieces without {@code thirdDerivative} (quadratic
     * predictors, -1).
     */
    public static final List<String> OLDER_FORMATS = List.of("equivariant-markov-qre-4", "equivariant-markov-qre-3",
        "equivariant-markov-qre-2", "equivariant-markov-qre-1");

    /** Whether a document's format names a Markov QRE certificate, this version's or an older one. */
    public static boolean isFormat(String format) {
        return FORMAT.equals(format) || OLDER_FORMATS.contains(format);
    }

    public MarkovQreCertificate {
        boxes = boxes.stream().map(List::copyOf).toList();
        branchSymmetries = List.copyOf(branchSymmetries);
    }

    /** A certificate whose chain (if any) starts without the start homotopy of MQRE-CHAIN (8). */
    public MarkovQreCertificate(MarkovGame game, Rational tau, List<List<Interval>> boxes, Uniqueness uniqueness,
                                Uniqueness rate, QreCertificate.Branch branch, List<MarkovSymmetry> branchSymmetries,
                                MarkovTail branchTail, Uniqueness branchStart) {
        this(game, tau, boxes, uniqueness, rate, branch, branchSymmetries, branchTail, branchStart, null);
    }

    /** A certificate whose chain (if any) reaches β = 1/τ. */
    public MarkovQreCertificate(MarkovGame game, Rational tau, List<List<Interval>> boxes, Uniqueness uniqueness,
                                Uniqueness rate, QreCertificate.Branch branch, List<MarkovSymmetry> branchSymmetries) {
        this(game, tau, boxes, uniqueness, rate, branch, branchSymmetries, null, null);
    }

    /** A certificate whose chain (if any) runs in the full space. */
    public MarkovQreCertificate(MarkovGame game, Rational tau, List<List<Interval>> boxes, Uniqueness uniqueness,
                                Uniqueness rate, QreCertificate.Branch branch) {
        this(game, tau, boxes, uniqueness, rate, branch, List.of());
    }

    /** Boxes and an MQRE-U claim (or null), no rate or branch claim. */
    public MarkovQreCertificate(MarkovGame game, Rational tau, List<List<Interval>> boxes, Uniqueness uniqueness) {
        this(game, tau, boxes, uniqueness, null, null);
    }

    /**
     * The start of a chain by MQRE-CHAIN (8): a chain ({@code chain}, no QRE) of {@link MarkovQreSystem#startSystem}
     * from θ = 0 to θ = 1, and a box {@code start} (policies and W) holding exactly one zero of the branch system at
     * β = 0 ({@link MarkovQreSystem#startZeros}) that lies in that chain's last tube at θ = 1 and in the first tube of
     * the certificate's branch at β = 0.
     */
    public record StartHomotopy(QreCertificate.Branch chain, List<Interval> start) {
        public StartHomotopy {
            start = List.copyOf(start);
        }
    }

    /**
     * A Perron claim at step η: weights w &gt; 0 and κ &lt; 1 with Mw ≤ κw for the matrix M(τ, η) of MQRE-U
     * ({@link MarkovContraction}, members "uniqueness" and, for the reward-free game at τ = 1, "branchStart") or of
     * NPG-EX ({@link MarkovNpgRate}, member "npgRate").
     */
    public record Uniqueness(Rational eta, List<Rational> w, Rational kappa) {
        public Uniqueness {
            w = List.copyOf(w);
        }
    }

    public String toJson() {
        try {
            return CertificateJson.mapper().writeValueAsString(toJsonTree());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON document as a tree (embedded whole in a QRE certificate's "symmetricBranch" member). */
    public ObjectNode toJsonTree() {
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
        if (!branchSymmetries.isEmpty()) {
            var syms = root.putArray("branchSymmetries");
            for (MarkovSymmetry phi : branchSymmetries) {
                ObjectNode o = syms.addObject();
                var agents = o.putArray("agents");
                java.util.Arrays.stream(phi.agents().images()).forEach(agents::add);
                var states = o.putArray("states");
                java.util.Arrays.stream(phi.states().images()).forEach(states::add);
                var actions = o.putArray("actions");
                for (List<Permutation> row : phi.actions()) {
                    var r = actions.addArray();
                    for (Permutation a : row) {
                        var images = r.addArray();
                        java.util.Arrays.stream(a.images()).forEach(images::add);
                    }
                }
            }
        }
        if (branchTail != null) {
            root.set("branchTail", branchTail.toJson(true));
        }
        put(root, "branchStart", branchStart);
        if (branchStartHomotopy != null) {
            ObjectNode h = root.putObject("branchStartHomotopy");
            h.set("chain", CertificateJson.branch(branchStartHomotopy.chain()));
            h.set("start", CertificateJson.box(branchStartHomotopy.start()));
        }
        return root;
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
        CertificateJson.checkFormat(root, FORMAT, OLDER_FORMATS.toArray(String[]::new));
        root.only("format", "game", "sha256", "tau", "points", "uniqueness", "npgRate", "branch",
            "branchSymmetries", "branchTail", "branchStart", "branchStartHomotopy");
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
        List<MarkovSymmetry> symmetries = new ArrayList<>();
        if (root.has("branchSymmetries")) {
            for (JsonInput.Node o : root.field("branchSymmetries").elements()) {
                symmetries.add(symmetry(o.only("agents", "states", "actions"), g));
            }
        }
        MarkovTail tail = null;
        if (root.has("branchTail")) {
            JsonInput.Node t = root.field("branchTail").only("theorem", "center", "radius", "valueRadius", "beta0",
                "offSupport");
            if (!MarkovTail.THEOREM.equals(t.field("theorem").string())) {
                throw t.field("theorem").error("a Markov branch's tail cites " + MarkovTail.THEOREM);
            }
            if (branch == null) {
                throw t.error("a tail continues a branch: the certificate has none");
            }
            List<Integer> off = new ArrayList<>();
            if (t.has("offSupport")) {
                int policies = new MarkovQreSystem(g, tau).policySize();
                for (JsonInput.Node k : t.field("offSupport").elements()) {
                    off.add(k.integer(0, policies - 1));
                }
            }
            tail = new MarkovTail(t.field("center").rationals(), t.field("radius").rational(),
                t.field("valueRadius").rational(), t.field("beta0").rational(), off);
        }
        Uniqueness start = claim(root, "branchStart", Rational.ONE);
        if (start != null && branch == null) {
            throw root.field("branchStart").error("the start of a branch: the certificate has none");
        }
        StartHomotopy homotopy = null;
        if (root.has("branchStartHomotopy")) {
            JsonInput.Node h = root.field("branchStartHomotopy").only("chain", "start");
            if (branch == null || start != null) {
                throw h.error("the start homotopy of a branch (MQRE-CHAIN (8)): the certificate has "
                    + (branch == null ? "no branch" : "a branchStart instead"));
            }
            int unknowns = new MarkovQreSystem(g, tau).size();
            homotopy = new StartHomotopy(CertificateJson.readChain(h.field("chain"), unknowns, limits),
                CertificateJson.readBox(h.field("start")));
        }
        return new MarkovQreCertificate(g, tau, boxes, claim(root, "uniqueness", tau), claim(root, "npgRate", tau),
            branch, symmetries, tail, start, homotopy);
    }

    /** A relabelling from its JSON form; its shape (not whether it is a symmetry) checked against the game. */
    private static MarkovSymmetry symmetry(JsonInput.Node o, MarkovGame g) {
        Permutation agents = permutation(o.field("agents"), g.numAgents());
        Permutation states = permutation(o.field("states"), g.numStates());
        List<JsonInput.Node> rows = o.field("actions").elements();
        if (rows.size() != g.numStates()) {
            throw o.field("actions").error("expected one row per state (" + g.numStates() + ")");
        }
        List<List<Permutation>> actions = new ArrayList<>();
        for (int s = 0; s < rows.size(); s++) {
            List<JsonInput.Node> perAgent = rows.get(s).elements();
            if (perAgent.size() != g.numAgents()) {
                throw rows.get(s).error("expected one action permutation per agent (" + g.numAgents() + ")");
            }
            List<Permutation> row = new ArrayList<>();
            for (int i = 0; i < perAgent.size(); i++) {
                row.add(permutation(perAgent.get(i), g.actionCounts(s)[i]));
            }
            actions.add(row);
        }
        return new MarkovSymmetry(agents, states, actions);
    }

    private static Permutation permutation(JsonInput.Node n, int degree) {
        List<JsonInput.Node> xs = n.elements();
        int[] images = new int[xs.size()];
        for (int k = 0; k < images.length; k++) {
            images[k] = xs.get(k).integer(0, Math.max(0, degree - 1));
        }
        if (images.length != degree || java.util.Arrays.stream(images).distinct().count() != degree) {
            throw n.error("expected a permutation of 0.." + (degree - 1));
        }
        return Permutation.of(images);
    }
}
