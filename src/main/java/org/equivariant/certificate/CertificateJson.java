package org.equivariant.certificate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.io.JsonInput;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.symmetry.Permutation;
import org.equivariant.work.Limits;

/**
 * JSON form of {@link QreCertificate} (docs/certificates.md). Every number is a string holding an exact rational:
 * an integer, a fraction "p/q" or a finite decimal. Reading reports the JSON path of any missing, malformed or
 * unknown field; sizes are checked against {@link Limits} before tables are read.
 */
public final class CertificateJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Largest interval precision a certificate may ask the checker for (docs/certificates.md: checking cost). */
    public static final int MAX_DIGITS = 2100;

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
        ObjectNode claim = root.putObject("claim");
        claim.put("qres", c.claimedQres());
        claim.put("unique", c.uniqueness() != null);
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
        if (c.branch() != null) {
            root.set("branch", branch(c.branch()));
        }
        if (c.symmetricBranch() != null) {
            ObjectNode sym = root.putObject("symmetricBranch");
            sym.put("qre", c.symmetricBranch().qre());
            if (c.symmetricBranch().markov() != null) {
                sym.set("markov", c.symmetricBranch().markov().toJsonTree());
            } else {
                sym.set("fixed", trivialBase(c.symmetricBranch().fixed()));
            }
        }
        if (c.centroidLine() != null) {
            root.putObject("centroidLine").put("qre", c.centroidLine().qre());
        }
        if (c.pinnedBranch() != null) {
            QreCertificate.PinnedBranch pb = c.pinnedBranch();
            ObjectNode pin = root.putObject("pinnedBranch");
            pin.put("qre", pb.qre());
            ArrayNode players = pin.putArray("players");
            pb.players().forEach(players::add);
            pin.set("reduced", toJson(pb.reduced()));
            if (pb.below() != null) {
                ObjectNode singular = pin.putObject("singular");
                singular.set("below", toJson(pb.below()));
                singular.set("above", toJson(pb.above()));
            }
            if (pb.leaving() != null) {
                ObjectNode leaving = pin.putObject("leaving");
                leaving.set("normal", vector(pb.leaving().normal()));
                leaving.set("up", arcPieces(pb.leaving().up()));
                leaving.set("down", arcPieces(pb.leaving().down()));
                if (pb.leaving().upChain() != null) {
                    leaving.set("upChain", branch(pb.leaving().upChain()));
                }
                if (pb.leaving().downChain() != null) {
                    leaving.set("downChain", branch(pb.leaving().downChain()));
                }
            }
        }
        if (c.splitBranch() != null) {
            root.set("splitBranch", split(c.splitBranch(), true));
        }
        ArrayNode blowUps = c.centroidArms().isEmpty() ? null : root.putArray("centroidArms");
        for (QreCertificate.CentroidArms ca : c.centroidArms()) {
            blowUps.add(blowUp(ca, true));
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

    public static QreCertificate read(String json) {
        return read("certificate", json, Limits.DEFAULT);
    }

    /** Parses a certificate; a {@link org.equivariant.io.FormatException} names the offending JSON path. */
    public static QreCertificate read(String source, String json, Limits limits) {
        return read(JsonInput.parse(source, json), limits);
    }

    /** Reads a parsed certificate document. */
    public static QreCertificate read(JsonInput.Node root, Limits limits) {
        checkFormat(root, QreCertificate.FORMAT, QreCertificate.OLDER_FORMATS.toArray(String[]::new));
        root.only("format", "game", "lambda", "digits", "claim", "boxes", "uniqueness", "branch", "symmetricBranch",
            "pinnedBranch", "centroidLine", "splitBranch", "centroidArms");
        Game game = readGame(root.field("game"), limits);
        int n = 0;
        for (int d : game.dims()) {
            n += d;
        }
        JsonInput.Node claim = root.field("claim").only("qres", "unique");
        int claimed = claim.field("qres").integer(0, Integer.MAX_VALUE);
        boolean unique = claim.field("unique").bool();
        List<QreCertificate.Box> boxes = new ArrayList<>();
        for (JsonInput.Node b : root.field("boxes").elements()) {
            b.only("center", "radius", "preconditioner");
            List<Rational> center = b.field("center").rationals();
            List<JsonInput.Node> rows = b.field("preconditioner").elements();
            limits.checkEntries((double) rows.size() * n, b.path() + ".preconditioner");
            List<List<Rational>> r = new ArrayList<>();
            for (JsonInput.Node row : rows) {
                r.add(row.rationals());
            }
            boxes.add(new QreCertificate.Box(center, b.field("radius").rational(), r));
        }
        QreCertificate.Uniqueness u = null;
        if (root.has("uniqueness")) {
            JsonInput.Node un = root.field("uniqueness").only("theorem", "w", "kappa");
            if (!un.field("theorem").string().equals("UNIQ-H")) {
                throw un.field("theorem").error("the only uniqueness theorem a QRE certificate may cite is UNIQ-H");
            }
            u = new QreCertificate.Uniqueness(un.field("w").rationals(), un.field("kappa").rational());
        }
        if (unique != (u != null)) {
            throw claim.field("unique").error(unique ? "uniqueness is claimed but there is no \"uniqueness\" section"
                : "a \"uniqueness\" section is given but the claim says not unique");
        }
        QreCertificate.Branch branch = root.has("branch") ? readBranch(root.field("branch"), n, boxes.size(), limits,
            true, true) : null;
        QreCertificate.SymmetricBranch symmetric = null;
        if (root.has("symmetricBranch")) {
            JsonInput.Node sb = root.field("symmetricBranch").only("qre", "markov", "fixed");
            int qre = sb.field("qre").integer(0, Math.max(boxes.size() - 1, 0));
            if (sb.has("markov") == sb.has("fixed")) {
                throw sb.error("a symmetric-branch claim has either a \"markov\" certificate or a \"fixed\" chain");
            }
            symmetric = sb.has("markov") ? new QreCertificate.SymmetricBranch(qre, MarkovQreCertificate.read(
                sb.field("markov"), limits)) : new QreCertificate.SymmetricBranch(qre, null, readTrivialBase(
                sb.field("fixed"), game.dims(), boxes.size(), limits));
        }
        QreCertificate.PinnedBranch pinned = root.has("pinnedBranch") ? readPinned(root.field("pinnedBranch"),
            boxes.size(), game.dims().length, n, limits) : null;
        return new QreCertificate(game.title(), game.payoffs(), game.sha256(), root.field("lambda").rational(),
            root.field("digits").integer(10, MAX_DIGITS), boxes, u, claimed, branch, symmetric, pinned,
            root.has("centroidLine") ? new QreCertificate.CentroidLine(root.field("centroidLine").only("qre").field(
            "qre").integer(0, Math.max(boxes.size() - 1, 0))) : null, root.has("splitBranch")
            ? readSplit(root.field("splitBranch"), game.dims(), boxes.size(), limits, null) : null,
            root.has("centroidArms") ? readCentroidArms(root.field("centroidArms"), game.dims(), boxes.size(), limits)
            : List.of());
    }

    /** Claims of branches leaving the centroid line, one per blow-up: a list, or (format /3) a single object. */
    private static List<QreCertificate.CentroidArms> readCentroidArms(JsonInput.Node node, int[] dims, int boxes,
                                                                      Limits limits) {
        if (node.json().isObject()) {
            return List.of(readBlowUp(node, dims, boxes, limits, null));
        }
        List<QreCertificate.CentroidArms> out = new ArrayList<>();
        for (JsonInput.Node ca : node.elements()) {
            out.add(readBlowUp(ca, dims, boxes, limits, null));
        }
        return out;
    }

    /**
     * A claim of branches leaving a trivial branch through one blow-up: the centroid line (CL-ARM), or with a
     * {@code base} the QREs a group of symmetries fixes (SYM-ARM) — for a blow-up on an arm's chain ({@code onward},
     * SYM-ARM (10)) the base {@code implied} by that arm, without a key of its own.
     */
    private static QreCertificate.CentroidArms readBlowUp(JsonInput.Node ca, int[] dims, int boxes, Limits limits,
                                                          QreCertificate.TrivialBase implied) {
        if (implied == null) {
            ca.only("stabilizer", "normal", "base", "arms");
        } else {
            ca.only("stabilizer", "normal", "arms");
        }
        int n = java.util.Arrays.stream(dims).sum();
        List<GameSymmetry> stabilizer = symmetries(ca.field("stabilizer"), dims);
        int unknowns = orbitCount(n, stabilizer, dims) + 1;
        QreCertificate.TrivialBase base = implied != null ? implied : ca.has("base") ? readTrivialBase(ca.field(
            "base"), dims, boxes, limits) : null;
        if (base != null) {
            unknowns += orbitCount(n, base.group(), dims);
        }
        List<QreCertificate.CentroidArm> arms = new ArrayList<>();
        for (JsonInput.Node a : ca.field("arms").elements()) {
            a.only("sign", "pieces", "past", "pastInFixedProfiles", "images", "onward", "splits");
            boolean inFixed = a.has("pastInFixedProfiles") && a.field("pastInFixedProfiles").bool();
            List<QreCertificate.Image> images = new ArrayList<>();
            for (JsonInput.Node image : a.field("images").elements()) {
                image.only("symmetry", "qre");
                images.add(new QreCertificate.Image(symmetry(image.field("symmetry"), dims), image.field("qre")
                    .integer(0, Math.max(boxes - 1, 0))));
            }
            QreCertificate.Branch past = readBranch(a.field("past"), inFixed ? orbitCount(n, stabilizer, dims) : n,
                boxes, limits, true, !inFixed);
            List<QreCertificate.CentroidArms> onward = new ArrayList<>();
            if (a.has("onward")) {
                QreCertificate.TrivialBase chain = new QreCertificate.TrivialBase(stabilizer, past);
                for (JsonInput.Node o : a.field("onward").elements()) {
                    onward.add(readBlowUp(o, dims, boxes, limits, chain));
                }
            }
            List<QreCertificate.SplitBranch> splits = new ArrayList<>();
            if (a.has("splits")) {
                for (JsonInput.Node sb : a.field("splits").elements()) {
                    splits.add(readSplit(sb, dims, boxes, limits, past));
                }
            }
            arms.add(new QreCertificate.CentroidArm(a.field("sign").integer(-1, 1), readArcPieces(a.field("pieces"),
                unknowns, limits), past, inFixed, images, onward, splits));
        }
        return new QreCertificate.CentroidArms(stabilizer, ca.field("normal").rationals(), arms, base);
    }

    /** A list of relabellings in {@link GameSymmetry}'s notation. */
    private static List<GameSymmetry> symmetries(JsonInput.Node list, int[] dims) {
        List<GameSymmetry> out = new ArrayList<>();
        for (JsonInput.Node h : list.elements()) {
            out.add(symmetry(h, dims));
        }
        return out;
    }

    /** The number of orbits of the n profile coordinates under the relabellings. */
    private static int orbitCount(int n, List<GameSymmetry> symmetries, int[] dims) {
        return Permutation.orbits(n, symmetries.stream().map(g -> SymmetricArc.onProfiles(g, dims)).toList()).size();
    }

    /** A relabelling of players and actions in {@link GameSymmetry}'s notation. */
    private static GameSymmetry symmetry(JsonInput.Node node, int[] dims) {
        try {
            return GameSymmetry.parse(node.string(), dims);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    /**
     * A split-branch claim (SYM-PF); {@code withFixed} false for one on an arm's chain ({@code splits}), whose fixed
     * chain that chain is.
     */
    private static ObjectNode split(QreCertificate.SplitBranch sb, boolean withFixed) {
        ObjectNode split = MAPPER.createObjectNode();
        split.put("symmetry", sb.symmetry().toString());
        if (withFixed) {
            split.set("fixed", branch(sb.fixed()));
        }
        split.set("normal", vector(sb.normal()));
        split.set("arm", arcPieces(sb.arm()));
        split.set("past", branch(sb.past()));
        split.put("mirror", sb.mirror());
        if (sb.rejoined() != null) {
            QreCertificate.Rejoined rj = sb.rejoined();
            ObjectNode rejoined = split.putObject("rejoined");
            rejoined.put("symmetry", rj.symmetry().toString());
            rejoined.set("normal", vector(rj.normal()));
            rejoined.put("sign", rj.sign());
            rejoined.set("arm", arcPieces(rj.arm()));
            rejoined.set("fixed", branch(rj.fixed()));
        }
        return split;
    }

    /**
     * A split-branch claim (SYM-PF); with "rejoined" (SYM-PF (6)) its chain past the arm is linked to no QRE and
     * "mirror" is −1; with {@code fixed} given (a split on an arm's chain), no "fixed" field.
     */
    private static QreCertificate.SplitBranch readSplit(JsonInput.Node sb, int[] dims, int boxes, Limits limits,
                                                        QreCertificate.Branch fixed) {
        if (fixed == null) {
            sb.only("symmetry", "fixed", "normal", "arm", "past", "mirror", "rejoined");
        } else {
            sb.only("symmetry", "normal", "arm", "past", "mirror", "rejoined");
        }
        int n = java.util.Arrays.stream(dims).sum();
        GameSymmetry g = symmetry(sb.field("symmetry"), dims);
        boolean rejoined = sb.has("rejoined");
        QreCertificate.Rejoined rj = null;
        if (rejoined) {
            JsonInput.Node r = sb.field("rejoined").only("symmetry", "normal", "sign", "arm", "fixed");
            GameSymmetry h = symmetry(r.field("symmetry"), dims);
            rj = new QreCertificate.Rejoined(h, r.field("normal").rationals(), r.field("sign").integer(-1, 1),
                readArcPieces(r.field("arm"), n + 1, limits), readBranch(r.field("fixed"), orbitCount(n, List.of(h),
                dims), boxes, limits, true, false));
        }
        QreCertificate.Branch chain = fixed != null ? fixed : readBranch(sb.field("fixed"), orbitCount(n, List.of(g),
            dims), boxes, limits, false, false);
        return new QreCertificate.SplitBranch(g, chain, sb.field("normal").rationals(), readArcPieces(sb.field("arm"),
            n + 1, limits), readBranch(sb.field("past"), n, boxes, limits, !rejoined, !rejoined), sb.field("mirror")
            .integer(-1, rejoined ? -1 : boxes - 1), rj);
    }

    /** The QREs a group of symmetries fixes and the chain of those profiles: {"group": [...], "fixed": chain}. */
    /**
     * One blow-up's claim; {@code withBase} false for a blow-up on an arm's chain ({@code onward}), whose base that
     * chain implies.
     */
    private static ObjectNode blowUp(QreCertificate.CentroidArms ca, boolean withBase) {
        ObjectNode arms = MAPPER.createObjectNode();
        ArrayNode stabilizer = arms.putArray("stabilizer");
        ca.stabilizer().forEach(h -> stabilizer.add(h.toString()));
        arms.set("normal", vector(ca.normal()));
        if (withBase && ca.base() != null) {
            arms.set("base", trivialBase(ca.base()));
        }
        ArrayNode list = arms.putArray("arms");
        for (QreCertificate.CentroidArm arm : ca.arms()) {
            ObjectNode a = list.addObject();
            a.put("sign", arm.sign());
            a.set("pieces", arcPieces(arm.pieces()));
            a.set("past", branch(arm.past()));
            if (arm.pastInFixed()) {
                a.put("pastInFixedProfiles", true);
            }
            ArrayNode images = a.putArray("images");
            for (QreCertificate.Image image : arm.images()) {
                images.addObject().put("symmetry", image.symmetry().toString()).put("qre", image.qre());
            }
            if (!arm.onward().isEmpty()) {
                ArrayNode onward = a.putArray("onward");
                arm.onward().forEach(o -> onward.add(blowUp(o, false)));
            }
            if (!arm.splits().isEmpty()) {
                ArrayNode splits = a.putArray("splits");
                arm.splits().forEach(sb -> splits.add(split(sb, false)));
            }
        }
        return arms;
    }

    private static ObjectNode trivialBase(QreCertificate.TrivialBase base) {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode group = out.putArray("group");
        base.group().forEach(h -> group.add(h.toString()));
        out.set("fixed", branch(base.fixed()));
        return out;
    }

    /** {@link #trivialBase} read back; its chain has one unknown per orbit of the n profile coordinates. */
    private static QreCertificate.TrivialBase readTrivialBase(JsonInput.Node b, int[] dims, int boxes, Limits limits) {
        b.only("group", "fixed");
        List<GameSymmetry> group = symmetries(b.field("group"), dims);
        return new QreCertificate.TrivialBase(group, readBranch(b.field("fixed"), orbitCount(java.util.Arrays.stream(
            dims).sum(), group, dims), boxes, limits, false, false));
    }

    private static ArrayNode arcPieces(List<BlownUpArc.Piece> pieces) {
        ArrayNode out = MAPPER.createArrayNode();
        for (BlownUpArc.Piece p : pieces) {
            ObjectNode o = out.addObject();
            o.put("from", p.from().toString());
            o.put("to", p.to().toString());
            o.set("center", vector(p.center()));
            o.put("radius", p.radius().toString());
            ArrayNode r = o.putArray("preconditioner");
            p.preconditioner().forEach(row -> r.add(vector(row)));
        }
        return out;
    }

    private static List<BlownUpArc.Piece> readArcPieces(JsonInput.Node arm, int n, Limits limits) {
        List<BlownUpArc.Piece> out = new ArrayList<>();
        List<JsonInput.Node> pieces = arm.elements();
        limits.checkEntries((double) pieces.size() * n * (n + 1), arm.path());
        for (JsonInput.Node p : pieces) {
            p.only("from", "to", "center", "radius", "preconditioner");
            List<JsonInput.Node> rows = p.field("preconditioner").elements(n);
            List<List<Rational>> r = new ArrayList<>();
            for (JsonInput.Node row : rows) {
                r.add(row.rationals());
            }
            out.add(new BlownUpArc.Piece(p.field("from").rational(), p.field("to").rational(),
                p.field("center").rationals(), p.field("radius").rational(), r));
        }
        return out;
    }

    /** A pinned-branch claim; its embedded certificates are read as certificates (their own paths in errors). */
    private static QreCertificate.PinnedBranch readPinned(JsonInput.Node pb, int boxes, int players, int actions,
                                                          Limits limits) {
        pb.only("qre", "players", "reduced", "singular", "leaving");
        List<Integer> pinned = new ArrayList<>();
        for (JsonInput.Node i : pb.field("players").elements()) {
            pinned.add(i.integer(0, players - 1));
        }
        QreCertificate below = null;
        QreCertificate above = null;
        if (pb.has("singular")) {
            JsonInput.Node s = pb.field("singular").only("below", "above");
            below = read(s.field("below"), limits);
            above = read(s.field("above"), limits);
        }
        QreCertificate.Leaving leaving = null;
        if (pb.has("leaving")) {
            JsonInput.Node l = pb.field("leaving").only("normal", "up", "down", "upChain", "downChain");
            List<Rational> normal = l.field("normal").rationals();
            int n = actions + 1; // the blown-up unknowns: one per action (w for the pinned players, y for the rest), λ
            leaving = new QreCertificate.Leaving(normal, readArcPieces(l.field("up"), n, limits),
                readArcPieces(l.field("down"), n, limits), l.has("upChain") ? readBranch(l.field("upChain"), actions,
                boxes, limits, true, true) : null, l.has("downChain") ? readBranch(l.field("downChain"), actions,
                boxes, limits, true, true) : null);
        }
        return new QreCertificate.PinnedBranch(pb.field("qre").integer(0, Math.max(boxes - 1, 0)), pinned,
            read(pb.field("reduced"), limits), below, above, leaving);
    }

    /** The game section shared by every certificate format. */
    record Game(String title, String sha256, List<RationalTensor> payoffs) {
        int[] dims() {
            return payoffs.get(0).dims();
        }
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

    /** The game: sizes are checked (products exactly, against the body and the limit) before payoffs are read. */
    static Game readGame(JsonInput.Node game, Limits limits) {
        game.only("title", "sha256", "actions", "payoffs");
        List<JsonInput.Node> shape = game.field("actions").elements();
        if (shape.isEmpty() || shape.size() > 1000) {
            throw game.field("actions").error("expected 1 to 1000 players, found " + shape.size());
        }
        int[] dims = new int[shape.size()];
        BigInteger cells = BigInteger.ONE;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).integer(1, 1_000_000);
            cells = cells.multiply(BigInteger.valueOf(dims[i]));
        }
        List<JsonInput.Node> tables = game.field("payoffs").elements(dims.length);
        for (JsonInput.Node t : tables) {
            int present = t.elements().size();
            if (cells.compareTo(BigInteger.valueOf(present)) != 0) {
                throw t.error("the action counts need " + cells + " payoffs per player, found " + present);
            }
        }
        limits.checkEntries(cells.doubleValue() * dims.length, "game.payoffs");
        List<RationalTensor> payoffs = new ArrayList<>();
        for (JsonInput.Node t : tables) {
            payoffs.add(new RationalTensor(dims, t.rationals()));
        }
        String title = game.optional("title").map(JsonInput.Node::string).orElse("");
        return new Game(title, game.field("sha256").string(), payoffs);
    }

    /** Checks the document's "format" field: {@code format}, or one of the older formats still read. */
    static void checkFormat(JsonInput.Node root, String format, String... older) {
        String found = root.object().field("format").string();
        if (!format.equals(found) && !List.of(older).contains(found)) {
            throw root.field("format").error("expected \"" + format + "\"" + (older.length == 0 ? ""
                : " (or the older \"" + String.join("\", \"", older) + "\")") + ", found \""
                + org.equivariant.arith.Rational.quote(found) + "\"");
        }
    }

    static ArrayNode vector(List<Rational> xs) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Rational x : xs) {
            a.add(x.toString());
        }
        return a;
    }

    /** A box as [[lo, hi], …] of decimal strings. */
    public static ArrayNode box(List<Interval> b) {
        ArrayNode a = MAPPER.createArrayNode();
        for (Interval i : b) {
            a.addArray().add(i.lo().toString()).add(i.hi().toString());
        }
        return a;
    }

    static List<Interval> readBox(JsonInput.Node a) {
        List<Interval> box = new ArrayList<>();
        for (JsonInput.Node pair : a.elements()) {
            List<JsonInput.Node> ends = pair.elements(2);
            BigDecimal lo = decimal(ends.get(0));
            BigDecimal hi = decimal(ends.get(1));
            if (lo.compareTo(hi) > 0) {
                throw pair.error("lower end exceeds upper end");
            }
            box.add(new Interval(lo, hi));
        }
        return box;
    }

    /** A finite decimal written as a string, with |exponent| ≤ {@link Rational#MAX_EXPONENT}. */
    private static List<BigDecimal> decimals(JsonInput.Node array) {
        return array.elements().stream().map(CertificateJson::decimal).toList();
    }

    static BigDecimal decimal(JsonInput.Node n) {
        Rational r = n.rational();
        BigDecimal d = r.toExactDecimalOrNull();
        if (d == null) {
            throw n.error("expected a finite decimal, found a fraction");
        }
        return d;
    }

    /** The JSON form of a box chain (the certificate's "branch" member, docs/certificates.md). */
    public static ObjectNode branch(QreCertificate.Branch b) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("digits", b.digits());
        if (b.qre() >= 0) {
            o.put("qre", b.qre());
        }
        if (b.anchor() != null) {
            ObjectNode a = o.putObject("anchor");
            a.put("theorem", "UNIQ-H");
            a.set("w", vector(b.anchor().w()));
            a.put("kappa", b.anchor().kappa().toString());
        }
        if (b.tail() instanceof StrictTail strict) {
            ObjectNode t = o.putObject("tail");
            t.put("theorem", strict.theorem());
            ArrayNode actions = t.putArray("actions");
            strict.actions().forEach(actions::add);
            t.put("delta", strict.delta().toString());
        } else if (b.tail() instanceof SupportTail mixed) {
            ObjectNode t = o.putObject("tail");
            t.put("theorem", mixed.theorem());
            ArrayNode support = t.putArray("support");
            for (List<Integer> s : mixed.support()) {
                ArrayNode actions = support.addArray();
                s.forEach(actions::add);
            }
            ArrayNode center = t.putArray("center");
            mixed.center().forEach(c -> center.add(vector(c)));
            t.put("radius", mixed.radius().toString());
            t.put("lambda0", mixed.lambda0().toString());
            if (mixed.limit() != null) {
                ObjectNode l = t.putObject("limit");
                ArrayNode limit = l.putArray("center");
                mixed.limit().center().forEach(c -> limit.add(vector(c)));
                l.put("radius", mixed.limit().radius().toString());
            }
        }
        ArrayNode pieces = o.putArray("pieces");
        for (BranchPiece p : b.pieces()) {
            ObjectNode q = pieces.addObject();
            q.put("parameter", p.parameter());
            q.put("from", p.from().toString());
            q.put("to", p.to().toString());
            ArrayNode c = q.putArray("center");
            p.center().forEach(x -> c.add(x.toString()));
            ArrayNode t = q.putArray("tangent");
            p.tangent().forEach(x -> t.add(x.toString()));
            ArrayNode a = q.putArray("curvature");
            p.curvature().forEach(x -> a.add(x.toString()));
            ArrayNode j = q.putArray("thirdDerivative");
            p.thirdDerivative().forEach(x -> j.add(x.toString()));
            q.set("deviation", box(p.deviation()));
            ArrayNode r = q.putArray("preconditioner");
            for (List<Rational> row : p.preconditioner()) {
                r.add(vector(row));
            }
            ArrayNode r1 = q.putArray("preconditionerSlope");
            for (List<Rational> row : p.preconditionerSlope()) {
                r1.add(vector(row));
            }
            if (!p.plain()) {
                q.set("shear", vector(p.shear()));
            }
        }
        return o;
    }

    private static List<List<Rational>> matrix(JsonInput.Node m, int columns, Limits limits) {
        List<JsonInput.Node> rows = m.elements();
        limits.checkEntries((double) rows.size() * columns, m.path());
        List<List<Rational>> out = new ArrayList<>();
        for (JsonInput.Node row : rows) {
            out.add(row.rationals());
        }
        return out;
    }

    static QreCertificate.Branch readBranch(JsonInput.Node b, int unknowns, int boxes, Limits limits) {
        return readBranch(b, unknowns, boxes, limits, true, false);
    }

    /** A chain that ends at no QRE and has no tail (members "digits", "pieces" and an optional "anchor"). */
    static QreCertificate.Branch readChain(JsonInput.Node b, int unknowns, Limits limits) {
        return readBranch(b, unknowns, 0, limits, false, false);
    }

    /**
     * A chain; with {@code linked} false one that ends at no QRE (no "qre" field; −1); with {@code tail} one that may
     * end in a BR-TAIL or MIX-TAIL claim (the certificate's own "branch" and the chains of the full game past an
     * arm's end).
     */
    private static QreCertificate.Branch readBranch(JsonInput.Node b, int unknowns, int boxes, Limits limits,
                                                    boolean linked, boolean tail) {
        if (linked && tail) {
            b.only("digits", "qre", "anchor", "pieces", "tail");
        } else if (linked) {
            b.only("digits", "qre", "anchor", "pieces");
        } else {
            b.only("digits", "anchor", "pieces");
        }
        List<BranchPiece> pieces = new ArrayList<>();
        for (JsonInput.Node q : b.field("pieces").elements()) {
            q.only("parameter", "from", "to", "center", "tangent", "curvature", "thirdDerivative", "deviation",
                "preconditioner", "preconditionerSlope", "shear");
            List<List<Rational>> r = matrix(q.field("preconditioner"), unknowns, limits);
            List<List<Rational>> r1 = matrix(q.field("preconditionerSlope"), unknowns, limits);
            List<BigDecimal> center = decimals(q.field("center"));
            // absent in older certificates, whose predictors were quadratic: zero
            List<BigDecimal> third = q.has("thirdDerivative") ? decimals(q.field("thirdDerivative"))
                : center.stream().map(x -> BigDecimal.ZERO).toList();
            List<Rational> shear = q.has("shear") ? q.field("shear").rationals() : List.of();
            if (q.has("shear") && shear.size() != center.size()) {
                throw q.field("shear").error("a shear has one weight per unknown (" + center.size() + ")");
            }
            pieces.add(new BranchPiece(q.field("parameter").integer(0, unknowns), decimal(q.field("from")),
                decimal(q.field("to")), center, decimals(q.field("tangent")), decimals(q.field("curvature")), third,
                readBox(q.field("deviation")), r, r1, shear));
        }
        QreCertificate.Uniqueness anchor = null;
        if (b.has("anchor")) {
            JsonInput.Node a = b.field("anchor").only("theorem", "w", "kappa");
            if (!a.field("theorem").string().equals("UNIQ-H")) {
                throw a.field("theorem").error("an anchor cites UNIQ-H");
            }
            anchor = new QreCertificate.Uniqueness(a.field("w").rationals(), a.field("kappa").rational());
        }
        return new QreCertificate.Branch(b.field("digits").integer(10, MAX_DIGITS), pieces,
            linked ? b.field("qre").integer(0, Math.max(0, boxes - 1)) : -1, anchor, b.has("tail")
            ? readTail(b.field("tail")) : null);
    }

    /** A branch's tail: BR-TAIL's (actions, delta) or MIX-TAIL's (support, center, radius, lambda0). */
    private static BranchTail readTail(JsonInput.Node node) {
        String theorem = node.field("theorem").string();
        if (theorem.equals("BR-TAIL")) {
            JsonInput.Node t = node.only("theorem", "actions", "delta");
            return new StrictTail(integers(t.field("actions")), t.field("delta").rational());
        }
        if (!theorem.equals("MIX-TAIL")) {
            throw node.field("theorem").error("a tail cites BR-TAIL or MIX-TAIL");
        }
        JsonInput.Node t = node.only("theorem", "support", "center", "radius", "lambda0", "limit");
        List<List<Integer>> support = new ArrayList<>();
        for (JsonInput.Node s : t.field("support").elements()) {
            support.add(integers(s));
        }
        SupportTail.Limit limit = null;
        if (t.has("limit")) {
            JsonInput.Node l = t.field("limit").only("center", "radius");
            limit = new SupportTail.Limit(rationalRows(l.field("center")), l.field("radius").rational());
        }
        return new SupportTail(support, rationalRows(t.field("center")), t.field("radius").rational(),
            t.field("lambda0").rational(), limit);
    }

    private static List<List<Rational>> rationalRows(JsonInput.Node array) {
        List<List<Rational>> out = new ArrayList<>();
        for (JsonInput.Node c : array.elements()) {
            out.add(c.rationals());
        }
        return out;
    }

    private static List<Integer> integers(JsonInput.Node array) {
        List<Integer> out = new ArrayList<>();
        for (JsonInput.Node a : array.elements()) {
            out.add(a.integer(0, Integer.MAX_VALUE));
        }
        return out;
    }
}
