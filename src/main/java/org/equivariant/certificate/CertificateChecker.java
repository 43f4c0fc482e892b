package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;
import org.equivariant.arith.IntervalArithmetic;
import org.equivariant.arith.IntervalField;
import org.equivariant.arith.LinearAlgebra;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;

/**
 * Independent checker of {@link QreCertificate}s. It uses the {@code arith} package and the other checkers and
 * re-derives every claim from the rational data:
 * <ol>
 *   <li>the SHA-256 of the payoff tensors;</li>
 *   <li>for each box X = c ± r, the Krawczyk operator K(X) = c − R F(c) + (I − R F'(X))(X − c) in outward-rounded
 *       interval arithmetic; K(X) ⊂ int X proves that X contains exactly one zero of F, i.e. one QRE (Krawczyk 1969;
 *       Rump, Acta Numerica 19, 2010), and that it lies in K(X) ∩ X;</li>
 *   <li>for a uniqueness claim, D from the payoffs ({@link RationalTensor#maxMixedDifferences}), w &gt; 0,
 *       (D/4)w ≤ κw and λκ &lt; 1 exactly (UNIQ-H);</li>
 *   <li>that there are exactly as many boxes as claimed QREs, at least one, and, for several, that their enclosures
 *       are pairwise disjoint (so there are at least that many QREs);</li>
 *   <li>a principal-branch claim: the chain of pieces ({@link BranchChecker}, BR-CHAIN), or — past a symmetry-breaking
 *       singular point — the embedded Markov certificate of the game's one-state reading ({@link MarkovQreChecker},
 *       MQRE-CHAIN (5), (6); the reading rebuilt from the payoffs, the only use of the {@code game} package here).</li>
 * </ol>
 * The cost is bounded by the certificate's size and its precision (at most {@value CertificateJson#MAX_DIGITS}
 * digits); docs/certificates.md gives the worst case.
 */
public final class CertificateChecker {
    private CertificateChecker() {
    }

    public static CheckReport check(QreCertificate c) {
        try {
            return checkOrThrow(c);
        } catch (ArithmeticException e) {
            return new CheckReport(false, List.of("the interval computation failed (" + e.getMessage() + "): the "
                + "claims cannot be verified"), List.of(), false, false, -1);
        }
    }

    private static CheckReport checkOrThrow(QreCertificate c) {
        List<String> findings = new ArrayList<>();
        boolean ok = true;
        String sha = RationalTensor.sha256(c.payoffs());
        if (!sha.equals(c.sha256())) {
            findings.add("game hash mismatch: payoffs hash to " + sha + ", certificate says " + c.sha256());
            ok = false;
        }
        if (c.lambda().signum() < 0) {
            findings.add("λ = " + c.lambda() + " is negative");
            return new CheckReport(false, findings, List.of(), false, false, -1);
        }
        if (c.digits() < 10 || c.digits() > CertificateJson.MAX_DIGITS) {
            findings.add("interval precision " + c.digits() + " digits is outside 10.." + CertificateJson.MAX_DIGITS);
            return new CheckReport(false, findings, List.of(), false, false, -1);
        }
        if (c.boxes().isEmpty()) {
            findings.add("no box: the certificate certifies no QRE");
            return new CheckReport(false, findings, List.of(), false, false, -1);
        }
        if (c.claimedQres() != c.boxes().size()) {
            findings.add("the claim is " + c.claimedQres() + " distinct QRE(s), but there are " + c.boxes().size()
                + " boxes");
            ok = false;
        }
        List<List<Interval>> verified = new ArrayList<>();
        for (QreCertificate.Box box : c.boxes()) {
            verified.add(verifyBox(c.payoffs(), c.lambda(), c.digits(), box));
        }
        return assess(c, verified, findings, ok, true);
    }

    /**
     * The report on a certificate whose boxes were verified by {@link #verifyBox} (null for a box that failed) and
     * whose branch pieces, if any, were each proved by {@link BranchChecker#test} and joined as they were built — the
     * principal chain's, and a pinned branch's leaving arms ({@link LeavingArc#test}) and the chains past their ends
     * (from the arms' ends the checker computes): the solver's single certification pass. Everything else — claim,
     * disjointness, uniqueness, anchor, the QRE's link to the branch — is re-derived here.
     */
    public static CheckReport checkAssembled(QreCertificate c, List<List<Interval>> verified) {
        return assess(c, verified, new ArrayList<>(), true, false);
    }

    /** The shape check and Krawczyk test of one box: its verified enclosure K(X) ∩ X, or null. */
    public static List<Interval> verifyBox(List<RationalTensor> payoffs, Rational lambda, int digits,
                                           QreCertificate.Box box) {
        int n = 0;
        for (int d : payoffs.get(0).dims()) {
            n += d;
        }
        if (shapeProblem(box, n) != null) {
            return null;
        }
        IntervalField f = new IntervalField(digits);
        return krawczyk(payoffs, lambda, f, box);
    }

    private static CheckReport assess(QreCertificate c, List<List<Interval>> verified, List<String> findings,
                                      boolean ok, boolean replayBranch) {
        int n = 0;
        for (int d : c.payoffs().get(0).dims()) {
            n += d;
        }
        List<List<Interval>> enclosures = new ArrayList<>();
        for (int k = 0; k < c.boxes().size(); k++) {
            QreCertificate.Box box = c.boxes().get(k);
            String shape = shapeProblem(box, n);
            List<Interval> enclosure = verified.get(k);
            if (shape != null) {
                findings.add("box " + (k + 1) + ": " + shape);
                ok = false;
            } else if (enclosure == null) {
                findings.add("box " + (k + 1) + ": Krawczyk test failed (K(X) is not inside the interior of X)");
                ok = false;
            } else {
                findings.add("box " + (k + 1) + ": contains exactly one QRE (Krawczyk)");
                enclosures.add(enclosure);
            }
        }
        boolean unique = false;
        if (c.uniqueness() != null) {
            String problem = uniquenessProblem(c);
            if (problem == null) {
                unique = true;
                findings.add("uniqueness: (D/4)w ≤ κw with κ = " + c.uniqueness().kappa() + " and τ = 1/λ > κ (UNIQ-H)");
            } else {
                findings.add("uniqueness: " + problem);
                ok = false;
            }
        }
        if (ok && enclosures.size() >= 2) {
            String overlap = overlap(enclosures);
            if (overlap != null) {
                findings.add(overlap + ": they may hold the same QRE, so " + enclosures.size()
                    + " distinct QREs are not proved");
                ok = false;
            } else {
                findings.add(enclosures.size() + " pairwise disjoint boxes: at least " + enclosures.size() + " QREs");
                if (unique) {
                    findings.add("contradiction: uniqueness claimed beside several distinct QREs");
                    ok = false;
                }
            }
        }
        int principal = -1;
        if (c.branch() != null && ok) {
            QreCertificate.Branch b = c.branch();
            String problem = b.qre() < enclosures.size()
                ? BranchChecker.problem(c.payoffs(), c.lambda(), b, enclosures.get(b.qre()), replayBranch)
                : "the principal QRE index " + b.qre() + " is not a box";
            if (problem == null) {
                principal = b.qre();
                findings.add("principal branch: " + b.pieces().size() + " pieces join " + (b.pieces().get(0).from()
                    .signum() == 0 ? "(centroid, λ = 0)" : "the unique QRE at λ = " + b.pieces().get(0).from()
                    + " (UNIQ-H anchor)") + via(b) + " to QRE " + (b.qre() + 1)
                    + " at λ = " + c.lambda() + " (parametric Krawczyk)");
            } else {
                findings.add("principal branch: " + problem);
                ok = false;
            }
        }
        if (c.symmetricBranch() != null && ok) {
            QreCertificate.SymmetricBranch sb = c.symmetricBranch();
            String problem = sb.qre() >= enclosures.size() ? "the principal QRE index " + sb.qre() + " is not a box"
                : sb.fixed() != null ? fixedProblem(c, sb.fixed(), enclosures.get(sb.qre()), c.boxes().get(sb.qre()),
                replayBranch) : symmetricProblem(c, enclosures.get(sb.qre()));
            if (problem == null && sb.fixed() != null) {
                principal = sb.qre();
                List<BranchPiece> pieces = sb.fixed().fixed().pieces();
                findings.add("principal branch: a chain of " + pieces.size() + " pieces of the logit correspondence "
                    + "in the profiles the game's " + sb.fixed().group().size() + " symmetries fix joins " + (pieces
                    .get(0).from().signum() == 0 ? "(centroid, λ = 0)" : "the unique QRE at λ = " + pieces.get(0)
                    .from() + " (UNIQ-H anchor)") + " to QRE " + (sb.qre() + 1) + " at λ = " + c.lambda()
                    + ", which those symmetries fix (SYM-ARM (8))");
            } else if (problem == null) {
                principal = sb.qre();
                findings.add("principal branch: the game read as a one-state Markov game has a chain of "
                    + sb.markov().branch().pieces().size() + " pieces from β = 0" + (sb.markov().branchSymmetries()
                    .isEmpty() ? "" : " in the subspace fixed by " + sb.markov().branchSymmetries().size()
                    + " symmetries") + " to a Markov QRE whose box holds QRE " + (sb.qre() + 1)
                    + " with its soft values (MQRE-CHAIN (5), (6))");
            } else {
                findings.add("principal branch (" + (sb.fixed() != null ? "the profiles the game's symmetries fix"
                    : "one-state Markov reading") + "): " + problem);
                ok = false;
            }
        }
        if (c.pinnedBranch() != null && ok) {
            QreCertificate.PinnedBranch pb = c.pinnedBranch();
            List<String> proved = new ArrayList<>();
            String problem = pb.qre() < enclosures.size() ? pinnedProblem(c, enclosures, proved, replayBranch)
                : "the principal QRE index " + pb.qre() + " is not a box";
            if (problem == null) {
                principal = pb.qre();
                findings.add("principal branch: " + String.join("; ", proved));
            } else {
                findings.add("principal branch (pinned players): " + problem);
                ok = false;
            }
        }
        if (c.centroidLine() != null && ok) {
            int k = c.centroidLine().qre();
            String problem = k < enclosures.size() ? centroidLineProblem(c.payoffs(), enclosures.get(k))
                : "the principal QRE index " + k + " is not a box";
            if (problem == null) {
                principal = k;
                findings.add("principal branch: each player's expected payoff against the others' uniform mixtures is "
                    + "the same for all its actions, so the centroid is a QRE at every λ and the whole centroid line "
                    + "lies in the principal branch (BR-CHAIN corollary 2); QRE " + (k + 1) + "'s box holds the "
                    + "centroid");
            } else {
                findings.add("principal branch (centroid line): " + problem);
                ok = false;
            }
        }
        if (c.splitBranch() != null && ok) {
            List<String> proved = new ArrayList<>();
            String problem = splitProblem(c, c.splitBranch(), enclosures, proved, replayBranch, false);
            if (problem == null) {
                findings.add("split branch: " + String.join("; ", proved));
            } else {
                findings.add("split branch (SYM-PF): " + problem);
                ok = false;
            }
        }
        for (QreCertificate.CentroidArms ca : c.centroidArms()) {
            if (!ok) {
                break;
            }
            List<String> proved = new ArrayList<>();
            String problem = centroidArmsProblem(c, ca, enclosures, proved, replayBranch, false);
            String trivial = ca.base() == null ? "the centroid line" : "the symmetric branch";
            if (problem == null) {
                findings.add("branches leaving " + trivial + ": " + String.join("; ", proved));
            } else {
                findings.add("branches leaving " + trivial + " (" + (ca.base() == null ? "CL-ARM" : "SYM-ARM") + "): "
                    + problem);
                ok = false;
            }
        }
        return new CheckReport(ok, findings, ok ? enclosures : List.of(), ok && unique, ok && enclosures.size() >= 2,
            ok ? principal : -1);
    }

    /**
     * CL-ARM or SYM-ARM, for one blow-up {@code ca} ({@link #centroidArc}): the trivial branch lies in the principal
     * branch — the centroid line of a game whose centroid is a QRE at every λ (every player pinned, exactly; BR-CHAIN
     * corollary 2), or the QREs a group of symmetries fixes, by the replayed chain of the profiles they fix; the
     * stabilizer's relabellings are symmetries of the game (exactly) and ℓ is constant on their orbits, so the blow-up
     * of {@link TrivialBranchBlowUp} is equivariant and its restriction to the fixed profiles
     * ({@link BlownUpArc#restricted}) has exactly the fixed zeros; each arm's pieces are replayed and joined from
     * ε = 0, where its zero is a point of the trivial branch (SYM-ARM: in the tube of a piece of the fixed chain);
     * from the arm's far end a chain of the full game reaches the QRE of box {@code past.qre()} at λ; and each listed
     * image of that QRE's enclosure under a symmetry of the game lies in the box named; the same for each blow-up on an
     * arm's chain in the stabilizer's profiles (SYM-ARM (10)), whose base is that chain, replayed with the arm
     * ({@code baseReplayed}). Null when all of this holds.
     */
    private static String centroidArmsProblem(QreCertificate c, QreCertificate.CentroidArms ca,
                                              List<List<Interval>> enclosures, List<String> proved, boolean replay,
                                              boolean baseReplayed) {
        int[] dims = c.payoffs().get(0).dims();
        CentroidArc restricted = centroidArc(c.payoffs(), ca.base(), ca.stabilizer(), ca.normal(), replay,
            baseReplayed);
        if (restricted.problem() != null) {
            return restricted.problem();
        }
        BlownUpArc arc = restricted.arc();
        NormalFormGame game = NormalFormGame.of("game", c.payoffs());
        if (ca.arms().isEmpty()) {
            return "no arm";
        }
        int k = ca.stabilizer().size();
        String fixedBy = k == 0 ? "" : " in the profiles " + k + (k == 1 ? " symmetry fixes" : " symmetries fix");
        for (QreCertificate.CentroidArm arm : ca.arms()) {
            if (Math.abs(arm.sign()) != 1) {
                return "an arm's sign is " + arm.sign() + ", not 1 or -1";
            }
            String problem = restricted.armProblem(arm.pieces(), arm.sign(), replay);
            if (problem != null) {
                return "the arm: " + problem;
            }
            List<Interval> end = arc.end(arm.pieces(), arm.sign());
            if (end == null) {
                return "the arm's zero at its far end is not enclosed (its last piece fails its Krawczyk test there)";
            }
            problem = arm.pastInFixed() ? chainInFixedProfiles(c, ca.stabilizer(), arm.past(), end, enclosures, replay)
                : chainPastAnArm(c, arm.past(), end, enclosures, replay);
            if (problem != null) {
                return "the chain past the arm's end" + (arm.pastInFixed() ? " in the stabilizer's fixed profiles" : "")
                    + ": " + problem;
            }
            List<String> images = new ArrayList<>();
            for (QreCertificate.Image image : arm.images()) {
                if (image.qre() >= enclosures.size()) {
                    return "the image's QRE index " + image.qre() + " is not a box";
                }
                java.util.Optional<String> violation = image.symmetry().violation(game);
                if (violation.isPresent()) {
                    return "an image's relabelling is not a symmetry of the game: " + violation.get();
                }
                QreCertificate.Box box = c.boxes().get(image.qre());
                if (!SymmetricArc.imageInBox(enclosures.get(arm.past().qre()), SymmetricArc.onProfiles(
                    image.symmetry(), dims), box)) {
                    return "the image of QRE " + (arm.past().qre() + 1) + " under " + image.symmetry() + " is not "
                        + "shown to lie in box " + (image.qre() + 1);
                }
                images.add(String.valueOf(image.qre() + 1));
            }
            proved.add(String.format(java.util.Locale.ROOT, "the %s arm (%d pieces, blow-up of %s%s, %s) to "
                + "λ = %.10g and a chain of %d pieces %s%s to QRE %d at λ = %s put it on the principal branch%s",
                arm.sign() > 0 ? "ε > 0" : "ε < 0", arm.pieces().size(), ca.base() == null
                ? "the centroid line" : "the branch of the profiles " + ca.base().group().size() + " symmetries fix "
                + "(a chain of " + ca.base().fixed().pieces().size() + " pieces)", fixedBy, ca.base() == null
                ? "CL-ARM" : baseReplayed ? "SYM-ARM (10)" : "SYM-ARM", end.get(end.size() - 1).mid().doubleValue(),
                arm.past().pieces().size(), arm.pastInFixed() ? "in the profiles the stabilizer fixes (SYM-ARM (9))"
                : "of the full game", via(arm.past()), arm.past().qre() + 1, c.lambda(), images.isEmpty() ? ""
                : ", and its images under symmetries of the game, QRE " + String.join(", ", images)));
            for (QreCertificate.CentroidArms onward : arm.onward()) {
                if (!arm.pastInFixed() || onward.base() == null || !onward.base().group().equals(ca.stabilizer())
                    || !onward.base().fixed().equals(arm.past())) {
                    return "a blow-up on the chain past the arm has another base than that chain in the profiles the "
                        + "arm's stabilizer fixes";
                }
                problem = centroidArmsProblem(c, onward, enclosures, proved, replay, true);
                if (problem != null) {
                    return "a blow-up on the chain past the arm (SYM-ARM (10)): " + problem;
                }
            }
            for (QreCertificate.SplitBranch split : arm.splits()) {
                // SYM-PF on that chain: its stabilizer is the one involution the pitchfork breaks, and the chain
                // (replayed above, on the principal branch) is the fixed chain, so it is not replayed again
                if (!arm.pastInFixed() || !ca.stabilizer().equals(List.of(split.symmetry()))
                    || !split.fixed().equals(arm.past()) || split.rejoined() != null) {
                    return "a pitchfork on the chain past the arm is claimed for another chain than that chain in the "
                        + "profiles the arm's stabilizer, one involution, fixes";
                }
                problem = splitProblem(c, split, enclosures, proved, replay, true);
                if (problem != null) {
                    return "a pitchfork on the chain past the arm (SYM-PF): " + problem;
                }
            }
        }
        return null;
    }

    /**
     * The blown-up system of CL-ARM or SYM-ARM restricted to a stabilizer's fixed profiles, or why it is refused; for
     * SYM-ARM the base's chain of fixed profiles, on which each arm's zero at ε = 0 must lie.
     */
    public record CentroidArc(String problem, BlownUpArc arc, QreCertificate.TrivialBase base) {
        /**
         * Null if the pieces form one arm from ε = 0 ({@link BlownUpArc#armProblem}) and, for SYM-ARM, its zero at
         * ε = 0 — (a, λ), a QRE the base's group fixes (SYM-ARM (1)) — lies in the tube of a piece of the base's
         * chain, so it is that piece's point of the principal branch; else the problem.
         */
        public String armProblem(List<BlownUpArc.Piece> pieces, int sign, boolean replay) {
            String problem = arc.armProblem(pieces, sign, replay);
            if (problem != null || base == null) {
                return problem;
            }
            List<Interval> start = arc.at(pieces.get(0), Rational.ZERO);
            if (start == null) {
                return "its zero at ε = 0 is not enclosed (its first piece fails its Krawczyk test there)";
            }
            int p = base.fixed().pieces().get(0).unknowns();
            List<Interval> entry = new ArrayList<>(start.subList(start.size() - 1 - p, start.size()));
            return BranchChecker.pieceHolding(entry, base.fixed()) >= 0 ? null : "its zero at ε = 0 (λ in "
                + entry.get(p) + ") lies on no piece of the chain of the profiles the base's symmetries fix";
        }
    }

    /**
     * CL-ARM (1), (2) or SYM-ARM (1), (2) for a claim's data, decided exactly. Without a {@code base}: the game's
     * centroid is a QRE at every λ (every player pinned, so the centroid line lies in the principal branch). With one:
     * its relabellings are symmetries of the game and its chain of the profiles they fix is replayed from its anchor
     * (without {@code replay} only the anchor: proved as built), and every element of the stabilizer maps each of the
     * base's orbits of profile coordinates onto itself. Then the stabilizer's relabellings are symmetries of the game,
     * ℓ has one entry per profile coordinate and is constant on their orbits, and the blow-up of
     * {@link TrivialBranchBlowUp} is restricted to the fixed profiles ({@link BlownUpArc#restricted}), whose zeros at
     * ε = 0 are points of the trivial branch.
     */
    public static CentroidArc centroidArc(List<RationalTensor> payoffs, QreCertificate.TrivialBase base,
                                          List<org.equivariant.symmetry.GameSymmetry> stabilizer, List<Rational> normal,
                                          boolean replay) {
        return centroidArc(payoffs, base, stabilizer, normal, replay, false);
    }

    /**
     * {@link #centroidArc} for a base whose chain the caller has replayed already ({@code baseReplayed}: an arm's chain
     * in its stabilizer's profiles, SYM-ARM (10)), which is then not replayed from an anchor.
     */
    public static CentroidArc centroidArc(List<RationalTensor> payoffs, QreCertificate.TrivialBase base,
                                          List<org.equivariant.symmetry.GameSymmetry> stabilizer, List<Rational> normal,
                                          boolean replay, boolean baseReplayed) {
        int[] dims = payoffs.get(0).dims();
        NormalFormGame game = NormalFormGame.of("game", payoffs);
        int actions = java.util.Arrays.stream(dims).sum();
        ParametricSystem full = LogitFixedPoint.branchSystem(payoffs);
        FixedSubspace fixedByBase = null;
        if (base == null) {
            List<Integer> everyone = java.util.stream.IntStream.range(0, dims.length).boxed().toList();
            String pinned = PinnedPlayers.problem(payoffs, everyone);
            if (pinned != null) {
                return refusedArc("the centroid is not a QRE at every λ: " + pinned);
            }
        } else {
            List<org.equivariant.symmetry.Permutation> group = new ArrayList<>();
            for (org.equivariant.symmetry.GameSymmetry h : base.group()) {
                java.util.Optional<String> violation = h.violation(game);
                if (violation.isPresent()) {
                    return refusedArc("a relabelling of the base's group is not a symmetry of the game: "
                        + violation.get());
                }
                group.add(SymmetricArc.onProfiles(h, dims));
            }
            fixedByBase = FixedSubspace.of(actions, group);
        }
        List<org.equivariant.symmetry.Permutation> perms = new ArrayList<>();
        for (org.equivariant.symmetry.GameSymmetry h : stabilizer) {
            java.util.Optional<String> violation = h.violation(game);
            if (violation.isPresent()) {
                return refusedArc("a relabelling of the stabilizer is not a symmetry of the game: " + violation.get());
            }
            org.equivariant.symmetry.Permutation g = SymmetricArc.onProfiles(h, dims);
            for (int k = 0; fixedByBase != null && k < actions; k++) {
                if (fixedByBase.orbitOf(g.apply(k)) != fixedByBase.orbitOf(k)) {
                    return refusedArc("the stabilizer's " + h + " moves profile coordinate " + (k + 1) + " out of "
                        + "its orbit under the base's symmetries");
                }
            }
            perms.add(g);
        }
        if (base != null && !baseReplayed) {
            BranchChecker.Replay r = BranchChecker.replay(payoffs, fixedByBase.restrict(full), base.fixed(), replay);
            if (r.problem() != null) {
                return refusedArc("the chain of the profiles the base's symmetries fix: " + r.problem());
            }
        }
        FixedSubspace orbits = FixedSubspace.of(actions, perms);
        if (normal.size() != actions) {
            return refusedArc("the normalization has " + normal.size() + " entries, expected one per action ("
                + actions + ")");
        }
        for (int k = 0; k < actions; k++) {
            if (!normal.get(k).equals(normal.get(orbits.representative(orbits.orbitOf(k))))) {
                return refusedArc("the normalization is not constant on the stabilizer's orbits (entry " + (k + 1)
                    + ")");
            }
        }
        TrivialBranchBlowUp blowUp = base == null ? TrivialBranchBlowUp.atCentroid(full, dims, normal)
            : TrivialBranchBlowUp.alongFixed(full, fixedByBase, normal);
        return new CentroidArc(null, blowUp.restricted(orbits), base);
    }

    private static CentroidArc refusedArc(String problem) {
        return new CentroidArc(problem, null, null);
    }

    /**
     * The QREs (box indices) of an accepted certificate on branches leaving the centroid line (CL-ARM): each arm's
     * QRE and its images, in order; empty when there are none.
     */
    public static List<Integer> centroidArmQres(QreCertificate c) {
        List<Integer> out = new ArrayList<>();
        armQres(c.centroidArms(), out);
        return out;
    }

    /** Adds the QREs of the blow-ups' arms and of the blow-ups on their chains (SYM-ARM (10)) not in {@code out}. */
    private static void armQres(List<QreCertificate.CentroidArms> blowUps, List<Integer> out) {
        for (QreCertificate.CentroidArms ca : blowUps) {
            for (QreCertificate.CentroidArm arm : ca.arms()) {
                for (int k : java.util.stream.Stream.concat(java.util.stream.Stream.of(arm.past().qre()), arm.images()
                    .stream().map(QreCertificate.Image::qre)).toList()) {
                    if (!out.contains(k)) {
                        out.add(k);
                    }
                }
                armQres(arm.onward(), out);
                for (QreCertificate.SplitBranch split : arm.splits()) {
                    qresOf(split).stream().filter(k -> !out.contains(k)).forEach(out::add);
                }
            }
        }
    }

    /**
     * The arm out of a pitchfork that breaks {@code symmetry} as {@link #checkAssembled} and {@code trace} take it
     * (SYM-PF (2)–(5)): its problem, or null with the pitchfork's λ (the arm's zero at ε = 0), the fixed chain's piece
     * that holds it, and the arm's far end (σ, λ) where a chain of the full game may start.
     */
    public record LeavingPitchfork(String problem, Interval pitchfork, int piece, List<Interval> end) {
    }

    /**
     * SYM-PF for an arm: the relabelling is a symmetry of the game (exactly); the chain of the profiles it fixes is
     * replayed from its anchor (without {@code replay} only the anchor: proved as built); the arm's pieces are replayed
     * and joined; the arm's zero at ε = 0 lies in the tube of a piece of the fixed chain; its far end is enclosed.
     */
    public static LeavingPitchfork leavingPitchfork(List<RationalTensor> payoffs, org.equivariant.symmetry.GameSymmetry
                                                    symmetry, QreCertificate.Branch fixed, List<Rational> normal,
                                                    List<BlownUpArc.Piece> arm, boolean replay) {
        return leavingPitchfork(payoffs, symmetry, fixed, normal, arm, replay, false);
    }

    /**
     * {@link #leavingPitchfork}; with {@code fixedReplayed} the fixed chain is one the caller has replayed and put on
     * the principal branch already (an arm's chain in the profiles its stabilizer, the involution, fixes: SYM-ARM (9)),
     * so it is not replayed from an anchor here.
     */
    public static LeavingPitchfork leavingPitchfork(List<RationalTensor> payoffs,
                                                    org.equivariant.symmetry.GameSymmetry symmetry,
                                                    QreCertificate.Branch fixed, List<Rational> normal,
                                                    List<BlownUpArc.Piece> arm, boolean replay,
                                                    boolean fixedReplayed) {
        java.util.Optional<String> violation = symmetry.violation(NormalFormGame.of("game", payoffs));
        if (violation.isPresent()) {
            return refused("the claimed symmetry is not one of the game: " + violation.get());
        }
        ParametricSystem full = LogitFixedPoint.branchSystem(payoffs);
        SymmetricArc arc;
        try {
            arc = new SymmetricArc(full, SymmetricArc.onProfiles(symmetry, payoffs.get(0).dims()), normal);
        } catch (IllegalArgumentException e) {
            return refused(e.getMessage());
        }
        BranchChecker.Replay r = fixedReplayed ? null : BranchChecker.replay(payoffs, arc.orbits().restrict(full),
            fixed, replay);
        if (r != null && r.problem() != null) {
            return refused("the chain of the profiles the symmetry fixes: " + r.problem());
        }
        String problem = arc.armProblem(arm, 1, replay);
        if (problem != null) {
            return refused("the arm: " + problem);
        }
        List<Interval> start = arc.at(arm.get(0), Rational.ZERO);
        if (start == null) {
            return refused("the arm's zero at ε = 0 is not enclosed (its first piece fails its Krawczyk test there)");
        }
        List<Interval> entry = new ArrayList<>(start.subList(0, arc.orbits().dimension()));
        Interval lambda0 = start.get(start.size() - 1);
        entry.add(lambda0);
        int on = BranchChecker.pieceHolding(entry, fixed);
        if (on < 0) {
            return refused("the arm's zero at ε = 0 (λ in " + lambda0 + ") lies on no piece of the chain of the "
                + "profiles the symmetry fixes");
        }
        List<Interval> end = arc.end(arm, 1);
        if (end == null) {
            return refused("the arm's zero at its far end is not enclosed (its last piece fails its Krawczyk test "
                + "there)");
        }
        return new LeavingPitchfork(null, lambda0, on, end);
    }

    private static LeavingPitchfork refused(String problem) {
        return new LeavingPitchfork(problem, null, -1, null);
    }

    /**
     * SYM-PF: the involution is a symmetry of the game (exactly), so the logit correspondence is equivariant under its
     * action on profiles; the chain of the correspondence restricted to the profiles it fixes is replayed from its
     * anchor (without {@code replay}, as {@link #checkAssembled} takes it: proved as built; with
     * {@code fixedReplayed} not at all: an arm's chain the caller replayed, SYM-PF (7)); the arm of
     * {@link SymmetricArc} pieces from ε = 0 is replayed, and its zero at ε = 0 — a fixed QRE, so a zero of the
     * restricted system — lies in the tube of a piece of the fixed chain, so it is that piece's point of the principal
     * branch; from the arm's far end a chain of the full game reaches the QRE of box {@code past.qre()} at λ; and the
     * image of that QRE's enclosure under the symmetry lies in box {@code mirror}'s (whose one QRE is then its image,
     * on the principal branch too) — or, with {@code rejoined}, SYM-PF (6) ({@link #rejoinedProblem}). Null when all
     * of this holds, else the problem.
     */
    private static String splitProblem(QreCertificate c, QreCertificate.SplitBranch sb, List<List<Interval>> enclosures,
                                       List<String> proved, boolean replay, boolean fixedReplayed) {
        LeavingPitchfork lp = leavingPitchfork(c.payoffs(), sb.symmetry(), sb.fixed(), sb.normal(), sb.arm(), replay,
            fixedReplayed);
        if (lp.problem() != null) {
            return lp.problem();
        }
        List<BranchPiece> fixed = sb.fixed().pieces();
        Interval lambda0 = lp.pitchfork();
        List<Interval> end = lp.end();
        org.equivariant.symmetry.Permutation g = SymmetricArc.onProfiles(sb.symmetry(), c.payoffs().get(0).dims());
        int on = lp.piece();
        QreCertificate.Branch past = sb.past();
        String leaving = String.format(java.util.Locale.ROOT, "the branch of the profiles that %s fixes (a chain of "
            + "%d pieces) has a pitchfork at λ in [%s, %s], on its piece %d; the branch leaving it (blow-up, SYM-PF) "
            + "is certified by an arm of %d pieces to λ = %.10g and a chain of %d pieces of the full game",
            sb.symmetry(), fixed.size(), lambda0.lo().round(new java.math.MathContext(17)), lambda0.hi().round(
            new java.math.MathContext(17)), on + 1, sb.arm().size(), end.get(end.size() - 1).mid().doubleValue(),
            past.pieces().size());
        if (sb.rejoined() != null) {
            String problem = sb.mirror() >= 0 ? "a claim through a second pitchfork names no mirror QRE"
                : rejoinedProblem(c, sb, end, enclosures, replay);
            if (problem == null) {
                QreCertificate.Rejoined rj = sb.rejoined();
                proved.add(leaving + String.format(java.util.Locale.ROOT, ", which meets a second pitchfork (SYM-PF "
                    + "(6)): an arm of %d pieces from it lies on that chain, and a chain of %d pieces of the profiles "
                    + "%s fixes from it reaches QRE %d at λ = %s: it lies on the principal branch", rj.arm().size(),
                    rj.fixed().pieces().size(), rj.symmetry(), rj.fixed().qre() + 1, c.lambda()));
            }
            return problem;
        }
        String problem = chainPastAnArm(c, past, end, enclosures, replay);
        if (problem != null) {
            return "the chain past the arm's end: " + problem;
        }
        proved.add(leaving + via(past) + " to QRE " + (past.qre() + 1) + " at λ = " + c.lambda() + ": it lies on the "
            + "principal branch");
        if (sb.mirror() >= 0) {
            if (sb.mirror() >= enclosures.size()) {
                return "the mirror QRE index " + sb.mirror() + " is not a box";
            }
            List<Interval> qre = enclosures.get(past.qre());
            if (!SymmetricArc.imageInBox(qre, g, c.boxes().get(sb.mirror()))) {
                return "the image of QRE " + (past.qre() + 1) + " under the symmetry is not shown to lie in box "
                    + (sb.mirror() + 1);
            }
            proved.add("its image under the symmetry is QRE " + (sb.mirror() + 1) + ", on the principal branch too");
        }
        return null;
    }

    /**
     * SYM-PF (6) for {@link #checkAssembled}: {@link #secondPitchfork}, then the chain of the profiles the second
     * involution fixes, replayed from the arm's zero at ε = 0 (a QRE the involution fixes), reaches box
     * {@code fixed.qre()}'s QRE at λ, which the box's image shows fixed by the involution. Null when all of this holds,
     * else the problem.
     */
    private static String rejoinedProblem(QreCertificate c, QreCertificate.SplitBranch sb, List<Interval> armEnd,
                                          List<List<Interval>> enclosures, boolean replay) {
        QreCertificate.Rejoined rj = sb.rejoined();
        SecondPitchfork sp = secondPitchfork(c.payoffs(), sb.past(), armEnd, rj, replay);
        if (sp.problem() != null) {
            return sp.problem();
        }
        String problem = chainInFixedProfiles(c, List.of(rj.symmetry()), rj.fixed(), sp.zero(), enclosures, replay);
        return problem == null ? null : "the chain of the profiles " + rj.symmetry() + " fixes from the second "
            + "pitchfork: " + problem;
    }

    /**
     * SYM-PF (6)'s second pitchfork as {@link #checkAssembled} and {@code trace} take it: its problem, or null with the
     * zero of its arm at ε = 0 (σ, then λ), where the chain of the profiles its involution fixes starts.
     */
    public record SecondPitchfork(String problem, List<Interval> zero) {
    }

    /**
     * SYM-PF (6): the chain {@code past} of the full game is replayed from the first arm's end ({@code armEnd}); the
     * second involution is a symmetry of the game (exactly); the arm of its blow-up is replayed from ε = 0 towards its
     * sign, and its far end lies in the tube of a piece of that chain, so the arm — a connected set of QREs — meets
     * the principal branch, and so does its zero at ε = 0, a QRE the involution fixes.
     */
    public static SecondPitchfork secondPitchfork(List<RationalTensor> payoffs, QreCertificate.Branch past,
                                                  List<Interval> armEnd, QreCertificate.Rejoined rj, boolean replay) {
        ParametricSystem full = LogitFixedPoint.branchSystem(payoffs);
        BranchChecker.Replay r = BranchChecker.replayFrom(full, past.digits(), past.pieces(), armEnd, replay);
        if (r.problem() != null) {
            return new SecondPitchfork("the chain past the arm's end: " + r.problem(), null);
        }
        java.util.Optional<String> violation = rj.symmetry().violation(NormalFormGame.of("game", payoffs));
        if (violation.isPresent()) {
            return new SecondPitchfork("the second pitchfork's relabelling is not a symmetry of the game: "
                + violation.get(), null);
        }
        if (Math.abs(rj.sign()) != 1) {
            return new SecondPitchfork("the second pitchfork's arm has sign " + rj.sign() + ", not 1 or -1", null);
        }
        SymmetricArc arc;
        try {
            arc = new SymmetricArc(full, SymmetricArc.onProfiles(rj.symmetry(), payoffs.get(0).dims()), rj.normal());
        } catch (IllegalArgumentException e) {
            return new SecondPitchfork("the second pitchfork's blow-up: " + e.getMessage(), null);
        }
        String problem = arc.armProblem(rj.arm(), rj.sign(), replay);
        if (problem != null) {
            return new SecondPitchfork("the arm from the second pitchfork: " + problem, null);
        }
        List<Interval> zero = arc.pointAt(rj.arm().get(0), Rational.ZERO);
        List<Interval> end = arc.end(rj.arm(), rj.sign());
        if (zero == null || end == null) {
            return new SecondPitchfork("the zero of the arm from the second pitchfork at " + (zero == null ? "ε = 0"
                : "its far end") + " is not enclosed (its " + (zero == null ? "first" : "last") + " piece fails its "
                + "Krawczyk test there)", null);
        }
        return BranchChecker.pieceHolding(end, past) >= 0 ? new SecondPitchfork(null, zero) : new SecondPitchfork("the "
            + "far end of the arm from the second pitchfork lies on no piece of the chain past the first arm", null);
    }

    /**
     * The QREs (box indices) of an accepted certificate on a branch leaving a symmetry-breaking pitchfork (SYM-PF):
     * the split branch's QRE and its mirror image, or the QRE the chain from a second pitchfork reaches (SYM-PF (6));
     * empty when there are none.
     */
    public static List<Integer> splitQres(QreCertificate c) {
        return c.splitBranch() == null ? List.of() : qresOf(c.splitBranch());
    }

    /** A split branch's QREs: its chain's QRE and its mirror image, or the QRE reached from a second pitchfork. */
    private static List<Integer> qresOf(QreCertificate.SplitBranch sb) {
        if (sb.rejoined() != null) {
            return List.of(sb.rejoined().fixed().qre());
        }
        return sb.mirror() >= 0 && sb.mirror() != sb.past().qre() ? List.of(sb.past().qre(), sb.mirror())
            : List.of(sb.past().qre());
    }

    /**
     * Null if the centroid is a QRE at every λ — every player pinned ({@link PinnedPlayers#problem} of all players:
     * each one's payoff, the others uniform, the same for all its actions; exact rationals) — and lies in the
     * enclosure (all coordinates, 1/m_i each); else the problem. The enclosure's Krawczyk box holds exactly one QRE, so
     * it is the centroid, on the principal branch by BR-CHAIN corollary 2.
     */
    private static String centroidLineProblem(List<RationalTensor> payoffs, List<Interval> enclosure) {
        int[] dims = payoffs.get(0).dims();
        List<Integer> everyone = java.util.stream.IntStream.range(0, dims.length).boxed().toList();
        String pinning = PinnedPlayers.problem(payoffs, everyone);
        if (pinning != null) {
            return "the centroid is not a QRE at every λ: " + pinning;
        }
        for (int i = 0, k = 0; i < dims.length; i++) {
            for (int a = 0; a < dims[i]; a++, k++) {
                Rational centroid = Rational.of(1, dims[i]);
                Interval e = enclosure.get(k);
                if (Rational.of(e.lo()).compareTo(centroid) > 0 || Rational.of(e.hi()).compareTo(centroid) < 0) {
                    return "the box's coordinate " + (k + 1) + " " + e + " does not hold the centroid's " + centroid;
                }
            }
        }
        return null;
    }

    /**
     * PIN-SUB: the players are pinned; the reduced certificate is about the reduced game at the same λ, valid, with its
     * QRE on its principal branch (chain or uniqueness); (uniform, that QRE's enclosure) lies in the Krawczyk box
     * c ± r of QRE {@code qre} — so the box's one QRE is that point, a QRE of this game on its principal component;
     * and, if a singular point is claimed, the reduced QREs below and above it are certified, unique for every λ up to
     * the upper one or both points of the last piece of the upper one's chain, and det(I − L) has opposite signs at
     * them. Null when all of this holds ({@code proved} then says
     * what was proved), else the problem.
     */
    private static String pinnedProblem(QreCertificate c, List<List<Interval>> enclosures, List<String> proved,
                                        boolean replay) {
        QreCertificate.PinnedBranch pb = c.pinnedBranch();
        List<Integer> s = pb.players();
        if (s.isEmpty() || s.size() >= c.payoffs().size()) {
            return "it pins " + s.size() + " of the " + c.payoffs().size() + " players; at least one and not all";
        }
        String pinning = PinnedPlayers.problem(c.payoffs(), s);
        if (pinning != null) {
            return "the players are not pinned: " + pinning;
        }
        List<RationalTensor> reduced = PinnedPlayers.reduced(c.payoffs(), s);
        String who = "players " + PinnedPlayers.names(s);
        Reduced at = reducedQre(pb.reduced(), reduced, "the reduced certificate");
        if (at.problem() != null) {
            return at.problem();
        }
        if (!pb.reduced().lambda().equals(c.lambda())) {
            return "the reduced certificate is at λ = " + pb.reduced().lambda() + ", not at λ = " + c.lambda();
        }
        if (at.report().principal() < 0 && !at.report().unique()) {
            return "the reduced certificate does not put its QRE on its principal branch";
        }
        QreCertificate.Box box = c.boxes().get(pb.qre());
        int[] dims = c.payoffs().get(0).dims();
        List<Interval> z = at.enclosure();
        for (int i = 0, k = 0, zk = 0; i < dims.length; i++) {
            for (int a = 0; a < dims[i]; a++, k++) {
                Rational lo = box.center().get(k).subtract(box.radius());
                Rational hi = box.center().get(k).add(box.radius());
                boolean inside;
                if (s.contains(i)) {
                    Rational u = Rational.of(1, dims[i]);
                    inside = lo.compareTo(u) <= 0 && u.compareTo(hi) <= 0;
                } else {
                    Interval y = z.get(zk++);
                    inside = lo.compareTo(Rational.of(y.lo())) <= 0 && Rational.of(y.hi()).compareTo(hi) <= 0;
                }
                if (!inside) {
                    return "coordinate " + (k + 1) + " of the profile with " + who + " uniform and the reduced QRE is "
                        + "not inside box " + (pb.qre() + 1);
                }
            }
        }
        proved.add(who + " are pinned at the uniform strategy (PIN-SUB, checked exactly on the payoffs)");
        proved.add("the reduced game's QRE at λ = " + c.lambda() + " lies on its principal branch (" + (at.report()
            .principal() >= 0 ? pb.reduced().branch().pieces().size() + " pieces" : "unique, UNIQ-H")
            + "), and with " + who + " uniform in box " + (pb.qre() + 1) + ", so QRE " + (pb.qre() + 1)
            + " lies on the principal branch");
        if (pb.below() == null && pb.above() == null) {
            return pb.leaving() == null ? null : "leaving arcs are claimed without the singular point's enclosure";
        }
        if (pb.below() == null || pb.above() == null) {
            return "a singular point needs both the certificate below it and the one above it";
        }
        Reduced below = reducedQre(pb.below(), reduced, "the certificate below the singular point");
        Reduced above = reducedQre(pb.above(), reduced, "the certificate above the singular point");
        for (Reduced r : List.of(below, above)) {
            if (r.problem() != null) {
                return r.problem();
            }
        }
        Rational lo = pb.below().lambda();
        Rational hi = pb.above().lambda();
        if (lo.compareTo(hi) >= 0) {
            return "the singular point's bracket [" + lo + ", " + hi + "] is empty";
        }
        BranchPiece arc = null;
        if (!below.report().unique() || !above.report().unique()) {
            // PIN-SUB (5), second case: both reduced QREs on the last piece of the upper certificate's chain
            QreCertificate.Branch chain = pb.above().branch();
            if (chain == null || above.report().principal() != chain.qre()) {
                return "the reduced QREs around the singular point must be unique (UNIQ-H), or the upper one on its "
                    + "certificate's chain";
            }
            String link = BranchChecker.link(chain.pieces(), lo, below.enclosure(), chain.digits(), "λ");
            if (link != null) {
                return "the reduced QRE below the singular point is not on the chain of the certificate above it: "
                    + link;
            }
            arc = chain.pieces().get(chain.pieces().size() - 1);
        }
        int signLo = PinnedPlayers.transverseSign(c.payoffs(), s, Interval.of(lo, 40), below.enclosure());
        int signHi = PinnedPlayers.transverseSign(c.payoffs(), s, Interval.of(hi, 40), above.enclosure());
        if (signLo == 0 || signHi == 0 || signLo == signHi) {
            return "det(I − L) is not proved to change sign between λ = " + lo + " and λ = " + hi + " (signs "
                + signLo + " and " + signHi + ", 0 = undetermined)";
        }
        proved.add("a singular point of that branch lies at λ in (" + decimal(lo) + ", " + decimal(hi) + "): the "
            + (arc == null ? "reduced QREs there are unique for every λ up to " + decimal(hi) + " (UNIQ-H), so they "
            + "lie on one curve" : "reduced QREs there are points of one arc, the last piece of the upper "
            + "certificate's chain (" + pb.above().branch().pieces().size() + " pieces), on the reduced principal "
            + "branch") + ", along which det(I − L) goes from "
            + (signLo > 0 ? "positive to negative" : "negative to positive"));
        return pb.leaving() == null ? null : leavingProblem(c, hi, arc, enclosures, proved, replay);
    }

    /**
     * PIN-SUB (6): whether the zero at ε = 0 of a blow-up arm ({@code start}, an enclosure of θ = (w, y, λ)) lies on
     * the reduced principal branch — at a λ in [0, {@code above}] where the reduced QREs are unique (UNIQ-H), or, where
     * {@code reducedArc} (the last piece of the upper reduced certificate's chain, {@code digits} its arithmetic) is
     * given, with (y, λ) in that piece's tube; null if so, else the problem.
     */
    public static String armStartProblem(List<Interval> start, Rational above, BranchPiece reducedArc, int digits) {
        Interval lambda0 = start.get(start.size() - 1);
        if (reducedArc == null && (Rational.of(lambda0.lo()).signum() < 0 || Rational.of(lambda0.hi())
            .compareTo(above) > 0)) {
            return "the leaving arcs start at λ in " + lambda0 + ", not within [0, " + decimal(above)
                + "] where the reduced QREs are unique";
        }
        if (reducedArc != null && !BranchChecker.joins(start.subList(start.size() - reducedArc.center().size() - 1,
            start.size()), reducedArc, BranchChecker.arithmetic(digits))) {
            return "the leaving arcs start at λ in " + lambda0 + " at a point whose reduced QRE is not in the last "
                + "piece of the upper certificate's chain";
        }
        return null;
    }

    /**
     * PIN-SUB (6): the two arms of {@link LeavingArc} pieces from ε = 0, each replayed (without {@code replay}, as
     * {@link #checkAssembled} takes them: proved as built), and the zero at ε = 0 — a singular point of the pinned
     * players' curve — on the reduced principal branch: at a λ in [0, above.λ], where the reduced QREs are unique, or,
     * without uniqueness, with its reduced part (y, λ) in the tube of {@code reducedArc}, the last piece of the upper
     * certificate's chain; then every QRE of the arms is on the principal branch too, and so is the QRE where a chain
     * from an arm's end arrives. Null when all of this holds, else the problem.
     */
    private static String leavingProblem(QreCertificate c, Rational above, BranchPiece reducedArc,
                                         List<List<Interval>> enclosures, List<String> proved, boolean replay) {
        QreCertificate.Leaving l = c.pinnedBranch().leaving();
        LeavingArc arc;
        try {
            arc = new LeavingArc(c.payoffs(), c.pinnedBranch().players(), l.normal());
        } catch (IllegalArgumentException e) {
            return "the leaving arcs: " + e.getMessage();
        }
        List<String> ends = new ArrayList<>();
        List<List<Interval>> armEnds = new ArrayList<>();
        for (int sign : new int[] {1, -1}) {
            List<LeavingArc.Piece> arm = sign > 0 ? l.up() : l.down();
            String problem = arc.armProblem(arm, sign, replay);
            if (problem != null) {
                return "the leaving arcs: " + problem;
            }
            List<Interval> start = arc.at(arm.get(0), Rational.ZERO);
            if (start == null) {
                return "the leaving arcs: the zero at ε = 0 is not enclosed (the first piece of the "
                    + (sign > 0 ? "ε > 0" : "ε < 0") + " arm fails its Krawczyk test there)";
            }
            Interval lambda0 = start.get(start.size() - 1);
            String off = armStartProblem(start, above, reducedArc, reducedArc == null ? 0 : c.pinnedBranch().above()
                .branch().digits());
            if (off != null) {
                return off;
            }
            // the arm's far end in (σ, λ): where a chain past it starts
            List<Interval> end = arc.end(arm, sign);
            if (end == null) {
                return "the leaving arcs: the zero at the far end of the " + (sign > 0 ? "ε > 0" : "ε < 0")
                    + " arm is not enclosed (its last piece fails its Krawczyk test there)";
            }
            armEnds.add(end);
            ends.add(String.format(java.util.Locale.ROOT, "one of %d pieces to λ = %.10g (ε = %s)", arm.size(),
                end.get(end.size() - 1).mid().doubleValue(), decimal(LeavingArc.endEpsilon(arm, sign))));
            if (sign > 0) {
                proved.add("the branch leaving it (blow-up, PIN-SUB (6)) starts at λ in [" + lambda0.lo().round(
                    new java.math.MathContext(17)) + ", " + lambda0.hi().round(new java.math.MathContext(17)) + "]");
            }
        }
        proved.add("its two arms are certified: " + String.join(", ", ends) + "; their QREs lie on the principal "
            + "branch");
        for (int sign : new int[] {1, -1}) {
            QreCertificate.Branch chain = sign > 0 ? l.upChain() : l.downChain();
            if (chain == null) {
                continue;
            }
            String problem = chainPastAnArm(c, chain, armEnds.get(sign > 0 ? 0 : 1), enclosures, replay);
            if (problem != null) {
                return "the chain past the end of the " + (sign > 0 ? "ε > 0" : "ε < 0") + " arm: " + problem;
            }
            proved.add("past the end of the " + (sign > 0 ? "ε > 0" : "ε < 0") + " arm a chain of " + chain.pieces()
                .size() + " pieces of the full game (BR-CHAIN from that point) leads" + via(chain) + " to QRE "
                + (chain.qre() + 1)
                + " at λ = " + c.lambda() + ": it lies on the principal branch too");
        }
        return null;
    }

    /**
     * SYM-ARM (9): the QRE of box {@code chain.qre()} is fixed by the stabilizer (the image of its enclosure under each
     * element lies in its box, which holds one QRE; the elements are symmetries of the game, checked with the arc), the
     * chain of the logit correspondence restricted to the profiles the stabilizer fixes is replayed from the orbit
     * representatives of the arm's end (the arm lies in those profiles), and the QRE's representatives lie in the tube
     * of the chain's last piece at λ. Null when all of this holds.
     */
    private static String chainInFixedProfiles(QreCertificate c, List<org.equivariant.symmetry.GameSymmetry> stabilizer,
                                               QreCertificate.Branch chain, List<Interval> entry,
                                               List<List<Interval>> enclosures, boolean replay) {
        if (chain.qre() >= enclosures.size()) {
            return "QRE index " + chain.qre() + " is not a box";
        }
        List<Interval> enclosure = enclosures.get(chain.qre());
        FixedQre fixed = fixedQre(stabilizer, c.payoffs().get(0).dims(), enclosure, c.boxes().get(chain.qre()),
            "QRE " + (chain.qre() + 1), "the stabilizer");
        if (fixed.problem() != null) {
            return fixed.problem();
        }
        FixedSubspace orbits = fixed.orbits();
        BranchChecker.Replay r = BranchChecker.replayFrom(orbits.restrict(LogitFixedPoint.branchSystem(c.payoffs())),
            chain.digits(), chain.pieces(), orbits.reduce(entry), replay);
        return r.problem() != null ? r.problem() : BranchChecker.link(chain.pieces(), c.lambda(),
            orbits.reduce(enclosure), chain.digits(), "λ");
    }

    /** The profiles some relabellings fix, for a QRE they are shown to fix; or null and why not. */
    private record FixedQre(FixedSubspace orbits, String problem) {
    }

    /**
     * Whether the image of a QRE's enclosure under each relabelling lies in its box — the box holds one QRE and the
     * image of a QRE under a symmetry is a QRE, so that QRE is then fixed by them (SYM-ARM (8), (9); the caller checks
     * that they are symmetries). {@code name} and {@code by} name the QRE and the relabellings in the refusal.
     */
    private static FixedQre fixedQre(List<org.equivariant.symmetry.GameSymmetry> relabellings, int[] dims,
                                     List<Interval> enclosure, QreCertificate.Box box, String name, String by) {
        List<org.equivariant.symmetry.Permutation> perms = new ArrayList<>();
        for (org.equivariant.symmetry.GameSymmetry h : relabellings) {
            org.equivariant.symmetry.Permutation g = SymmetricArc.onProfiles(h, dims);
            if (!SymmetricArc.imageInBox(enclosure, g, box)) {
                return new FixedQre(null, "the image of " + name + " under " + h + " is not shown to lie in its box, "
                    + "so the QRE is not shown to be fixed by " + by);
            }
            perms.add(g);
        }
        return new FixedQre(FixedSubspace.of(enclosure.size(), perms), null);
    }

    /**
     * A chain of the full game past an arm's end (PIN-SUB (6), SYM-PF, CL-ARM, SYM-ARM): replayed from the arm's end
     * {@code entry} ({@link BranchChecker#replayFrom}) and carried to box {@code chain.qre()} at λ by its last piece or
     * its tail ({@link BranchChecker#reaches}: the tail theorems need only that the chain's end lies on the branch);
     * null, or the problem.
     */
    private static String chainPastAnArm(QreCertificate c, QreCertificate.Branch chain, List<Interval> entry,
                                         List<List<Interval>> enclosures, boolean replay) {
        BranchChecker.Replay r = BranchChecker.replayFrom(LogitFixedPoint.branchSystem(c.payoffs()), chain.digits(),
            chain.pieces(), entry, replay);
        return r.problem() != null ? r.problem() : chain.qre() >= enclosures.size()
            ? "QRE index " + chain.qre() + " is not a box"
            : BranchChecker.reaches(c.payoffs(), c.lambda(), chain, enclosures.get(chain.qre()));
    }

    /** For findings: where a chain with a tail ends before λ, and the tail's theorem (after "… joins X"); else "". */
    private static String via(QreCertificate.Branch b) {
        return b.tail() == null ? "" : " to a point " + b.tail().whence() + ", and on";
    }

    /**
     * The QREs (box indices) of an accepted certificate that lie on a branch leaving the singular point of its pinned
     * players' curve (PIN-SUB (6): the chains past the arms' ends), in arm order; empty when there are none.
     */
    public static List<Integer> leavingQres(QreCertificate c) {
        QreCertificate.PinnedBranch pb = c.pinnedBranch();
        if (pb == null || pb.leaving() == null) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (QreCertificate.Branch b : java.util.Arrays.asList(pb.leaving().upChain(), pb.leaving().downChain())) {
            if (b != null && !out.contains(b.qre())) {
                out.add(b.qre());
            }
        }
        return out;
    }

    private static String decimal(Rational x) {
        java.math.BigDecimal d = x.toExactDecimalOrNull();
        return d == null ? x.toString() : d.toPlainString();
    }

    /** An embedded certificate of the reduced game: its report and its first QRE's enclosure, or the problem. */
    private record Reduced(CheckReport report, List<Interval> enclosure, String problem) {
    }

    private static Reduced reducedQre(QreCertificate r, List<RationalTensor> reduced, String name) {
        if (!r.payoffs().equals(reduced)) {
            return new Reduced(null, null, name + " is not about the reduced game (payoffs averaged uniformly over the "
                + "pinned players)");
        }
        CheckReport report = check(r);
        if (!report.valid()) {
            return new Reduced(null, null, name + " is not valid: " + String.join("; ", report.findings()));
        }
        int k = Math.max(report.principal(), 0);
        return new Reduced(report, report.enclosures().get(k), null);
    }

    /**
     * SYM-ARM (8): every relabelling of the group is a symmetry of the game (exactly) and the image of the QRE's
     * enclosure under each lies in its box — so the box's one QRE is fixed by them; the chain of the logit
     * correspondence restricted to the profiles they fix is replayed from its anchor (without {@code replay} only the
     * anchor: proved as built); and the enclosure's orbit representatives lie in the tube of the chain's last piece at
     * λ, so the QRE is that piece's point of the principal branch. Null when all of this holds.
     */
    private static String fixedProblem(QreCertificate c, QreCertificate.TrivialBase base, List<Interval> enclosure,
                                       QreCertificate.Box box, boolean replay) {
        NormalFormGame game = NormalFormGame.of("game", c.payoffs());
        for (org.equivariant.symmetry.GameSymmetry h : base.group()) {
            java.util.Optional<String> violation = h.violation(game);
            if (violation.isPresent()) {
                return "a relabelling of the group is not a symmetry of the game: " + violation.get();
            }
        }
        FixedQre fixed = fixedQre(base.group(), game.dims(), enclosure, box, "the QRE", "the group");
        if (fixed.problem() != null) {
            return fixed.problem();
        }
        FixedSubspace orbits = fixed.orbits();
        BranchChecker.Replay r = BranchChecker.replay(c.payoffs(), orbits.restrict(LogitFixedPoint.branchSystem(
            c.payoffs())), base.fixed(), replay);
        if (r.problem() != null) {
            return "the chain of the profiles the group fixes: " + r.problem();
        }
        return BranchChecker.link(base.fixed().pieces(), c.lambda(), orbits.reduce(enclosure), base.fixed().digits(),
            "λ");
    }

    /**
     * MQRE-CHAIN (6): the Markov certificate is about this game read as a one-state Markov game with discount 0, at
     * τ = 1/λ, valid with its QRE on its chain; and for the logit QRE σ in {@code enclosure}, (σ, V(σ)) with
     * V_i(σ) = τ log Σ_a exp(λ u_i(a, σ₋ᵢ)) lies in that Markov QRE's box X — so it is the one Markov QRE that the
     * Krawczyk test proved in X, on the principal branch. Null when all of this holds.
     */
    private static String symmetricProblem(QreCertificate c, List<Interval> enclosure) {
        MarkovQreCertificate m = c.symmetricBranch().markov();
        MarkovGame reading = MarkovGame.of(NormalFormGame.of(c.title(), c.payoffs()));
        if (!reading.sha256().equals(m.game().sha256())) {
            return "its Markov game is not this game read as a one-state Markov game with discount 0";
        }
        if (!m.tau().multiply(c.lambda()).equals(Rational.ONE)) {
            return "its τ = " + m.tau() + " is not 1/λ";
        }
        if (m.branch() == null) {
            return "the Markov certificate has no chain";
        }
        MarkovQreChecker.Report r = MarkovQreChecker.check(m);
        if (!r.valid() || r.principal() < 0) {
            return "the Markov certificate does not put its QRE on its chain: " + String.join("; ", r.findings());
        }
        // the box the Krawczyk test proved to hold exactly one Markov QRE (not K ∩ X: that is tighter than needed)
        List<Interval> box = m.boxes().get(r.principal());
        MarkovQreSystem sys = new MarkovQreSystem(m.game(), m.tau());
        List<Interval> policy = sys.policiesIn(0, box);
        for (int k = 0; k < enclosure.size(); k++) {
            if (!enclosure.get(k).isSubsetOf(policy.get(k))) {
                return "QRE coordinate " + (k + 1) + " is not inside the Markov QRE's policy box";
            }
        }
        int[] dims = c.payoffs().get(0).dims();
        DyadicField f = DyadicField.INSTANCE;
        List<List<DyadicInterval>> sigma = new ArrayList<>();
        for (int i = 0, k = 0; i < dims.length; k += dims[i], i++) {
            sigma.add(enclosure.subList(k, k + dims[i]).stream().map(f::of).toList());
        }
        DyadicInterval lambda = f.of(c.lambda());
        for (int i = 0; i < dims.length; i++) {
            List<DyadicInterval> logits = RationalTensor.contract(f, dims, c.payoffs().get(i).in(f), sigma, i).stream()
                .map(u -> u.multiply(lambda)).toList();
            Interval v = f.toInterval(f.logSumExp(logits).multiply(f.of(m.tau())));
            if (!v.isSubsetOf(box.get(sys.valueIndex(i, 0)))) {
                return "player " + (i + 1) + "'s soft value " + v + " is not inside the Markov QRE's value box";
            }
        }
        return null;
    }

    private static String shapeProblem(QreCertificate.Box box, int n) {
        if (box.center().size() != n) {
            return "centre has " + box.center().size() + " coordinates, expected " + n;
        }
        if (box.radius().signum() <= 0) {
            return "radius " + box.radius() + " is not positive";
        }
        if (box.preconditioner().size() != n || box.preconditioner().stream().anyMatch(r -> r.size() != n)) {
            return "preconditioner is not " + n + "×" + n;
        }
        return null;
    }

    /**
     * K(X) ∩ X if K(X) ⊂ int X, else null. K(X) = c − R·F(c) + (I − R·J)(X − c) with F(c) in the box's precision and
     * J = F′ over the 62-bit dyadic hull of X (an enclosure of F′ over X, a wider one: I − R·J stays small, and its
     * product with X − c, of the box's radius, far below it), so the O(n³) part runs in {@link DyadicField}; so do the
     * products R·F(c) and (I − R·J)(X − c) ({@link #inDyadic}), and only F(c) and the sums in many digits.
     */
    private static List<Interval> krawczyk(List<RationalTensor> payoffs, Rational lambda, IntervalField f,
                                           QreCertificate.Box box) {
        int n = box.center().size();
        List<Interval> c = new ArrayList<>();
        List<Interval> x = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            c.add(f.of(box.center().get(k)));
            Interval lo = f.of(box.center().get(k).subtract(box.radius()));
            Interval hi = f.of(box.center().get(k).add(box.radius()));
            x.add(new Interval(lo.lo(), hi.hi()));
        }
        List<List<DyadicInterval>> rd = new ArrayList<>();
        DyadicField d = DyadicField.INSTANCE;
        for (List<Rational> row : box.preconditioner()) {
            rd.add(row.stream().map(d::of).toList());
        }
        List<List<DyadicInterval>> jd = new LogitFixedPoint<>(d, payoffs, d.of(lambda)).jacobian(x.stream()
            .map(d::of).toList());
        LogitFixedPoint<Interval> fp = new LogitFixedPoint<>(f, payoffs, f.of(lambda));
        List<Interval> g = fp.residual(c);
        List<Interval> out = inside(EnumerationChecker.krawczykImage(f, x, c, g, inDyadic(EnumerationChecker
            .contraction(d, jd, rd)), inDyadic(rd)), x);
        if (out == null && n <= DECIMAL_REPEAT
            && lambda.doubleValue() * RationalTensor.largest(payoffs) >= LARGE_SCALE) {
            // J(X) and I − R·J(X) in 62 bits carry an error of about λ·|U|·‖R‖·2⁻⁶² — above 1 where λ·|U| is huge
            // and R large: the same test in the box's decimal intervals (O(n³) decimal products, hence small n only)
            List<List<Interval>> r = box.preconditioner().stream().map(row -> row.stream().map(f::of).toList())
                .toList();
            out = inside(EnumerationChecker.krawczykImage(f, x, c, g, EnumerationChecker.contraction(f,
                fp.jacobian(x), r), r), x);
        }
        return out;
    }

    /**
     * λ·max|U| from which {@link #krawczyk} repeats a failed test in decimal intervals (its Jacobian's 62-bit
     * enclosure may then be what fails it).
     */
    private static final double LARGE_SCALE = 1e6;

    /** The most unknowns for which {@link #krawczyk} repeats a failed test in decimal intervals. */
    private static final int DECIMAL_REPEAT = 64;

    /** K ∩ X where K lies in the interior of X, coordinate by coordinate; else null. */
    private static List<Interval> inside(List<Interval> k, List<Interval> x) {
        return Boxes.interior(k, x) ? Boxes.intersect(k, x) : null;
    }

    /**
     * x ↦ A·x for decimal interval vectors by the dyadic arithmetic's midpoint–radius product
     * ({@link LinearAlgebra#applying}, which scales x into the doubles' range: X − c and F(c) are of the box's radius,
     * 10^−digits): x enclosed in dyadic intervals, the product converted exactly — n conversions to decimals instead
     * of n² decimal products.
     */
    private static UnaryOperator<List<Interval>> inDyadic(List<List<DyadicInterval>> a) {
        UnaryOperator<List<DyadicInterval>> product = LinearAlgebra.applying(DyadicField.INSTANCE, a);
        return x -> product.apply(x.stream().map(DyadicInterval::of).toList()).stream()
            .map(DyadicInterval::toInterval).toList();
    }

    private static String uniquenessProblem(QreCertificate c) {
        String perron = perronProblem(c.payoffs(), c.uniqueness());
        if (perron != null) {
            return perron;
        }
        Rational kappa = c.uniqueness().kappa();
        if (c.lambda().multiply(kappa).compareTo(Rational.ONE) >= 0) {
            return "τ = 1/λ = " + (c.lambda().isZero() ? "∞" : c.lambda().reciprocal()) + " is not above κ = " + kappa;
        }
        return null;
    }

    /** Null if w &gt; 0 and (D/4)w ≤ κw hold exactly for the game's D, else the first violation. */
    static String perronProblem(List<RationalTensor> payoffs, QreCertificate.Uniqueness u) {
        List<Rational> w = u.w();
        Rational kappa = u.kappa();
        int players = payoffs.size();
        if (w.size() != players) {
            return "w has " + w.size() + " entries, the game has " + players + " players";
        }
        for (int i = 0; i < players; i++) {
            if (w.get(i).signum() <= 0) {
                return "w_" + (i + 1) + " = " + w.get(i) + " is not positive";
            }
        }
        Rational four = Rational.of(4);
        for (int i = 0; i < players; i++) {
            Rational mw = Rational.ZERO;
            List<Rational> d = payoffs.get(i).maxMixedDifferences(i);
            for (int k = 0; k < players; k++) {
                mw = mw.add(d.get(k).divide(four).multiply(w.get(k))); // d_ii = 0
            }
            if (mw.compareTo(kappa.multiply(w.get(i))) > 0) {
                return "(D/4 w)_" + (i + 1) + " = " + mw + " exceeds κ w_" + (i + 1) + " = " + kappa.multiply(w.get(i));
            }
        }
        return null;
    }

    /** "boxes i and j overlap" for the first pair whose enclosures intersect, or null if all are disjoint. */
    private static String overlap(List<List<Interval>> boxes) {
        for (int a = 0; a < boxes.size(); a++) {
            for (int b = a + 1; b < boxes.size(); b++) {
                if (!Boxes.disjoint(boxes.get(a), boxes.get(b))) {
                    return "boxes " + (a + 1) + " and " + (b + 1) + " overlap";
                }
            }
        }
        return null;
    }

    /** Largest distance from the centre to an end-point of the enclosure, exactly: a certified error radius. */
    public static Rational radius(List<Interval> enclosure, List<Rational> center) {
        Rational r = Rational.ZERO;
        for (int k = 0; k < enclosure.size(); k++) {
            Rational c = center.get(k);
            r = r.max(Rational.of(enclosure.get(k).hi()).subtract(c).abs())
                .max(Rational.of(enclosure.get(k).lo()).subtract(c).abs());
        }
        return r;
    }
}
