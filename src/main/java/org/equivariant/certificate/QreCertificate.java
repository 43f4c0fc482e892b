package org.equivariant.certificate;

import java.util.List;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.symmetry.GameSymmetry;

/**
 * A machine-checkable claim about the logit QREs of a normal-form game at precision λ (format
 * {@value #FORMAT}; see docs/certificates.md). Everything is exact rational data:
 * <ul>
 *   <li>the game's payoff tensors and their SHA-256 ({@link RationalTensor#sha256});</li>
 *   <li>boxes: each a centre c, a radius r and a preconditioner R, claiming by the Krawczyk test that the box
 *       c ± r contains exactly one QRE;</li>
 *   <li>optionally a Perron certificate (w, κ) of D/4 claiming, by UNIQ-H, that the QRE is unique (τ = 1/λ &gt; κ);</li>
 *   <li>the claimed number of distinct QREs: the boxes must be pairwise disjoint and exactly that many;</li>
 *   <li>optionally a {@link Branch}: a chain of pieces proving that one of the QREs lies on the principal branch;</li>
 *   <li>optionally a {@link SymmetricBranch}: the same claim past a symmetry-breaking bifurcation, by the chain of the
 *       game read as a one-state Markov game in the subspace its symmetries fix (MQRE-CHAIN (5) and (6));</li>
 *   <li>optionally a {@link PinnedBranch}: the same claim past a singular point of the branch through the QREs in
 *       which some players, pinned, play uniformly (PIN-SUB), with an enclosure of that singular point;</li>
 *   <li>optionally a {@link SplitBranch}: the same claim for QREs on a branch leaving a symmetry-breaking pitchfork
 *       (SYM-PF);</li>
 *   <li>optionally {@link CentroidArms}, one per blow-up (a subgroup of symmetries and a normalization): the same claim
 *       for QREs on branches leaving the centroid line (CL-ARM).</li>
 * </ul>
 * {@code digits} is the interval precision the checker uses.
 */
public record QreCertificate(String title, List<RationalTensor> payoffs, String sha256, Rational lambda, int digits,
                             List<Box> boxes, Uniqueness uniqueness, int claimedQres, Branch branch,
                             SymmetricBranch symmetricBranch, PinnedBranch pinnedBranch, CentroidLine centroidLine,
                             SplitBranch splitBranch, List<CentroidArms> centroidArms) {
    public static final String FORMAT = "equivariant-qre-certificate/11";
    /**
     * Still read: the same document without a split branch's {@code rejoined} (/10), without a {@code tail} on a chain
     * past an arm's end (/9), without MIX-TAIL's {@code tail} (/8), without a branch's {@code tail} (/7), without an
     * arm's {@code onward} (/6), without an arm's {@code pastInFixedProfiles} (/5), without SYM-ARM's {@code base} in
     * {@code centroidArms} (/4), with {@code centroidArms} a single object (/3), and also its branch pieces without
     * {@code thirdDerivative}, quadratic predictors (/2).
     */
    public static final List<String> OLDER_FORMATS = List.of("equivariant-qre-certificate/10",
        "equivariant-qre-certificate/9",
        "equivariant-qre-certificate/8",
        "equivariant-qre-certificate/7",
        "equivariant-qre-certificate/6",
        "equivariant-qre-certificate/5",
        "equivariant-qre-certificate/4",
        "equivariant-qre-certificate/3", "equivariant-qre-certificate/2");

    public QreCertificate {
        payoffs = List.copyOf(payoffs);
        boxes = List.copyOf(boxes);
        centroidArms = centroidArms == null ? List.of() : List.copyOf(centroidArms);
    }

    /** A certificate without a symmetric-branch, pinned-branch or centroid-line claim. */
    public QreCertificate(String title, List<RationalTensor> payoffs, String sha256, Rational lambda, int digits,
                          List<Box> boxes, Uniqueness uniqueness, int claimedQres, Branch branch) {
        this(title, payoffs, sha256, lambda, digits, boxes, uniqueness, claimedQres, branch, null, null, null, null,
            List.of());
    }

    /** A certificate claiming as many distinct QREs as it has boxes. */
    public QreCertificate(String title, List<RationalTensor> payoffs, String sha256, Rational lambda, int digits,
                          List<Box> boxes, Uniqueness uniqueness) {
        this(title, payoffs, sha256, lambda, digits, boxes, uniqueness, boxes.size(), null);
    }

    /** The same certificate with a principal-branch claim. */
    public QreCertificate withBranch(Branch b) {
        return new QreCertificate(title, payoffs, sha256, lambda, digits, boxes, uniqueness, claimedQres, b,
            symmetricBranch, pinnedBranch, centroidLine, splitBranch, centroidArms);
    }

    /** The same certificate with a symmetric-branch claim. */
    public QreCertificate withSymmetricBranch(SymmetricBranch s) {
        return new QreCertificate(title, payoffs, sha256, lambda, digits, boxes, uniqueness, claimedQres, branch, s,
            pinnedBranch, centroidLine, splitBranch, centroidArms);
    }

    /** The same certificate with a pinned-branch claim. */
    public QreCertificate withPinnedBranch(PinnedBranch p) {
        return new QreCertificate(title, payoffs, sha256, lambda, digits, boxes, uniqueness, claimedQres, branch,
            symmetricBranch, p, centroidLine, splitBranch, centroidArms);
    }

    /** The same certificate with a centroid-line claim. */
    public QreCertificate withCentroidLine(CentroidLine l) {
        return new QreCertificate(title, payoffs, sha256, lambda, digits, boxes, uniqueness, claimedQres, branch,
            symmetricBranch, pinnedBranch, l, splitBranch, centroidArms);
    }

    /** The same certificate with claims of branches leaving the centroid line, one per blow-up. */
    public QreCertificate withCentroidArms(List<CentroidArms> a) {
        return new QreCertificate(title, payoffs, sha256, lambda, digits, boxes, uniqueness, claimedQres, branch,
            symmetricBranch, pinnedBranch, centroidLine, splitBranch, a);
    }

    /** The same certificate with a split-branch claim. */
    public QreCertificate withSplitBranch(SplitBranch s) {
        return new QreCertificate(title, payoffs, sha256, lambda, digits, boxes, uniqueness, claimedQres, branch,
            symmetricBranch, pinnedBranch, centroidLine, s, centroidArms);
    }

    /**
     * A claim that the QRE of box {@code past.qre()} — and box {@code mirror}'s, its image under the symmetry, unless
     * −1 — lies on the principal branch, on a branch leaving the pitchfork where the branch of profiles fixed by the
     * involution {@code symmetry} breaks it (theorem SYM-PF): a chain of the logit correspondence restricted to those
     * profiles ({@code fixed}: one unknown per orbit of profile coordinates, from λ₀ = 0 or from λ₀ &gt; 0 with its
     * anchor's UNIQ-H, past the pitchfork; linked to no QRE, its {@code qre} is −1), the blow-up's normalization ℓ and
     * its ε &gt; 0 arm ({@link SymmetricArc}) from ε = 0, whose zero at ε = 0 lies on a piece of the fixed chain, and a
     * chain of the full game from the arm's far end to the QRE at λ — or, with {@code rejoined}, a chain of the full
     * game from the arm's far end (linked to no QRE, its {@code qre} −1) that meets a second pitchfork (SYM-PF (6)).
     */
    public record SplitBranch(GameSymmetry symmetry, Branch fixed, List<Rational> normal, List<BlownUpArc.Piece> arm,
                              Branch past, int mirror, Rejoined rejoined) {
        public SplitBranch {
            normal = List.copyOf(normal);
            arm = List.copyOf(arm);
        }

        /** A split branch whose chain past the arm reaches the QRE at λ. */
        public SplitBranch(GameSymmetry symmetry, Branch fixed, List<Rational> normal, List<BlownUpArc.Piece> arm,
                           Branch past, int mirror) {
            this(symmetry, fixed, normal, arm, past, mirror, null);
        }
    }

    /**
     * SYM-PF (6): the pitchfork where the split branch's chain past its arm meets a branch of the QREs the involution
     * {@code symmetry} fixes — the blow-up's normalization ℓ and its arm towards ε's {@code sign} from ε = 0, whose far
     * end lies on a piece of that chain — and the chain {@code fixed} of the logit correspondence restricted to the
     * profiles {@code symmetry} fixes (one unknown per orbit) from the arm's zero at ε = 0 to the QRE of box
     * {@code fixed.qre()} at λ, which it proves fixed by {@code symmetry}.
     */
    public record Rejoined(GameSymmetry symmetry, List<Rational> normal, int sign, List<BlownUpArc.Piece> arm,
                           Branch fixed) {
        public Rejoined {
            normal = List.copyOf(normal);
            arm = List.copyOf(arm);
        }
    }

    /**
     * A claim that QREs lie on the principal branch, on branches leaving a trivial branch: without a {@code base}, the
     * centroid line of a game whose centroid is a QRE at every λ (theorem CL-ARM), blown up as x = centroid + εw; with
     * one, the curve of QREs the symmetries {@code base.group()} fix (theorem SYM-ARM), blown up as x = a + εw with a
     * fixed by them ({@link TrivialBranchBlowUp}). Either blow-up is restricted to the profiles fixed by the game
     * symmetries {@code stabilizer} ({@link BlownUpArc#restricted}), with the normalization ℓ (one entry per action,
     * constant on the stabilizer's orbits), and its arms from ε = 0 — where every zero is a point of the trivial branch
     * — each with the chain of the full game from its far end to a QRE at λ and that QRE's images under further
     * symmetries.
     */
    public record CentroidArms(List<GameSymmetry> stabilizer, List<Rational> normal, List<CentroidArm> arms,
                               TrivialBase base) {
        public CentroidArms {
            stabilizer = List.copyOf(stabilizer);
            normal = List.copyOf(normal);
            arms = List.copyOf(arms);
        }

        /** Arms leaving the centroid line (CL-ARM). */
        public CentroidArms(List<GameSymmetry> stabilizer, List<Rational> normal, List<CentroidArm> arms) {
            this(stabilizer, normal, arms, null);
        }
    }

    /**
     * SYM-ARM's trivial branch: the QREs fixed by the game symmetries {@code group} (every element listed), on the
     * principal branch by the chain {@code fixed} of the logit correspondence restricted to the profiles they fix (one
     * unknown per orbit of profile coordinates, from λ₀ = 0 or from λ₀ &gt; 0 with its anchor's UNIQ-H; linked to no
     * QRE, its {@code qre} is −1); each arm's zero at ε = 0 lies on one of its pieces.
     */
    public record TrivialBase(List<GameSymmetry> group, Branch fixed) {
        public TrivialBase {
            group = List.copyOf(group);
        }
    }

    /**
     * One arm of {@link CentroidArms} towards ε's {@code sign}, the chain past its far end to the QRE of box
     * {@code past.qre()} — of the full game, or with {@code pastInFixed} of the logit correspondence restricted to the
     * profiles the stabilizer fixes (one unknown per orbit; SYM-ARM (9)) — and the boxes holding that QRE's images
     * under symmetries of the game; {@code onward}, the blow-ups at bifurcations on that chain in the stabilizer's
     * profiles (SYM-ARM (10)), each with the chain as its base ({@code base}: this arm's stabilizer and {@code past});
     * {@code splits}, where the stabilizer is one involution, pitchforks on that chain that break it (SYM-PF with that
     * chain as the fixed one: each split's {@code fixed} is {@code past}).
     */
    public record CentroidArm(int sign, List<BlownUpArc.Piece> pieces, Branch past, boolean pastInFixed,
                              List<Image> images, List<CentroidArms> onward, List<SplitBranch> splits) {
        public CentroidArm {
            pieces = List.copyOf(pieces);
            images = List.copyOf(images);
            onward = List.copyOf(onward);
            splits = List.copyOf(splits);
        }

        /** An arm without pitchforks that break its stabilizer on the chain past it. */
        public CentroidArm(int sign, List<BlownUpArc.Piece> pieces, Branch past, boolean pastInFixed,
                           List<Image> images, List<CentroidArms> onward) {
            this(sign, pieces, past, pastInFixed, images, onward, List.of());
        }

        /** An arm without blow-ups on the chain past it. */
        public CentroidArm(int sign, List<BlownUpArc.Piece> pieces, Branch past, boolean pastInFixed,
                           List<Image> images) {
            this(sign, pieces, past, pastInFixed, images, List.of());
        }
    }

    /** The image of a QRE under a symmetry of the game lies in box {@code qre} (so it is that box's one QRE). */
    public record Image(GameSymmetry symmetry, int qre) {
    }

    /**
     * A claim that the QRE of box {@code qre} lies on the principal branch because it is the centroid and the centroid
     * is a QRE at every λ (each player's expected payoff against the others' uniform mixtures is the same for all its
     * actions): the line {(centroid, λ) : λ ≥ 0} is connected, consists of zeros and contains (centroid, 0), so it lies
     * in the principal branch (BR-CHAIN corollary 2) — past its singular points too.
     */
    public record CentroidLine(int qre) {
    }

    /**
     * A claim that the QRE of box {@code qre} lies on the principal branch (the component of the logit correspondence
     * containing the centroid at λ = 0), proved by a chain of {@link BranchPiece}s checked at {@code digits}. The
     * chain starts at λ = 0, or — with an {@code anchor}, a Perron certificate (w, κ) of D/4 — at a λ₀ with λ₀κ &lt; 1,
     * where UNIQ-H makes the QRE unique for every λ ≤ λ₀, so the QREs there form one curve from the centroid. The
     * chain's last piece reaches λ and holds the QRE there; or — with a {@code tail} — it ends, before λ, in the
     * tail's region (BR-TAIL's B_δ around a strict pure equilibrium, MIX-TAIL's box about a regular one), where the
     * branch goes on to every λ and the QRE lies.
     */
    public record Branch(int digits, List<BranchPiece> pieces, int qre, Uniqueness anchor, BranchTail tail) {
        public Branch {
            pieces = List.copyOf(pieces);
        }

        /** A chain whose last piece reaches λ. */
        public Branch(int digits, List<BranchPiece> pieces, int qre, Uniqueness anchor) {
            this(digits, pieces, qre, anchor, null);
        }
    }

    /**
     * A claim that the QRE of box {@code qre} lies on the principal branch, proved on the game read as a one-state Markov
     * game with discount 0 at τ = 1/λ ({@code markov}: its game, τ, one QRE box and a chain from β = 0 — usually in the
     * subspace fixed by the game's symmetries, MQRE-CHAIN (5)). The Markov QREs of that game are the pairs (σ, V(σ))
     * with σ a logit QRE and V_i(σ) = τ log Σ_a exp(u_i(a, σ₋ᵢ)/τ), and the principal branches correspond (MQRE-CHAIN
     * (6)): the claim holds when the Markov certificate is valid with its QRE on its chain and (σ, V(σ)) lies in that
     * QRE's box for σ in box {@code qre}. Or, with {@code fixed} instead of {@code markov}, proved by a chain of the
     * logit correspondence restricted to the profiles the game's symmetries fix (SYM-ARM (8)): the box's QRE is fixed
     * by them (the image of its enclosure under each lies in the box) and its enclosure lies in the tube of that
     * chain's last piece at λ.
     */
    public record SymmetricBranch(int qre, MarkovQreCertificate markov, TrivialBase fixed) {
        /** The claim by the one-state Markov reading (MQRE-CHAIN (6)). */
        public SymmetricBranch(int qre, MarkovQreCertificate markov) {
            this(qre, markov, null);
        }
    }

    /**
     * A claim that the QRE of box {@code qre} lies on the principal branch, past a singular point, through the QREs in
     * which the {@code players} (numbered from 0) play uniformly (theorem PIN-SUB): they are pinned (an exact check on
     * the payoffs, {@link PinnedPlayers}), {@code reduced} certifies the reduced game's QRE at the same λ on its
     * principal branch (by its chain or by uniqueness), and (uniform, that QRE) lies in box {@code qre}. Optionally
     * ({@code below} and {@code above} both given) an enclosure of a singular point of that branch: the reduced game's
     * QRE certified at λ = below.λ &lt; above.λ, each unique for every λ up to above.λ (UNIQ-H), with det(I − L) of
     * opposite signs at the two.
     */
    public record PinnedBranch(int qre, List<Integer> players, QreCertificate reduced, QreCertificate below,
                               QreCertificate above, Leaving leaving) {
        public PinnedBranch {
            players = List.copyOf(players);
        }

        /** A claim without leaving arcs. */
        public PinnedBranch(int qre, List<Integer> players, QreCertificate reduced, QreCertificate below,
                            QreCertificate above) {
            this(qre, players, reduced, below, above, null);
        }
    }

    /**
     * The arcs leaving the enclosed singular point (PIN-SUB (6), two or more pinned players): the blow-up's
     * normalization ℓ and, for ε &gt; 0 and ε &lt; 0, chains of {@link LeavingArc.Piece}s from ε = 0, each holding,
     * for every ε of its range, exactly one zero of the blown-up system, consecutive pieces sharing their end ε and
     * the first piece's zero at its end lying in the next piece's box; optionally, for either arm, a BR-CHAIN chain of
     * the full game whose first piece holds the arm's far end ({@link BranchChecker#replayFrom}) and whose last links
     * the QRE of box {@code qre} at λ — a QRE of the principal branch on a branch leaving the singular point.
     */
    public record Leaving(List<Rational> normal, List<LeavingArc.Piece> up, List<LeavingArc.Piece> down,
                          Branch upChain, Branch downChain) {
        public Leaving {
            normal = List.copyOf(normal);
            up = List.copyOf(up);
            down = List.copyOf(down);
        }

        /** The arms without chains past their ends. */
        public Leaving(List<Rational> normal, List<LeavingArc.Piece> up, List<LeavingArc.Piece> down) {
            this(normal, up, down, null, null);
        }
    }

    /** A Krawczyk box: centre, radius (same in every coordinate) and preconditioner (approximate inverse of F'). */
    public record Box(List<Rational> center, Rational radius, List<List<Rational>> preconditioner) {
        public Box {
            center = List.copyOf(center);
            preconditioner = preconditioner.stream().map(List::copyOf).toList();
        }
    }

    /** Weights w &gt; 0 and κ with (D/4)w ≤ κw. */
    public record Uniqueness(List<Rational> w, Rational kappa) {
        public Uniqueness {
            w = List.copyOf(w);
        }
    }
}
