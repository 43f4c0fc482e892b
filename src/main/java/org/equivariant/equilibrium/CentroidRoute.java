package org.equivariant.equilibrium;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DoubleField;
import org.equivariant.arith.Dual;
import org.equivariant.arith.DualField;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.arith.RationalTensor;
import org.equivariant.certificate.BlownUpArc;
import org.equivariant.certificate.BranchChecker;
import org.equivariant.certificate.BranchPiece;
import org.equivariant.certificate.FixedSubspace;
import org.equivariant.certificate.ParametricSystem;
import org.equivariant.certificate.PinnedPlayers;
import org.equivariant.certificate.QreCertificate;
import org.equivariant.certificate.SymmetricArc;
import org.equivariant.certificate.TrivialBranchBlowUp;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.symmetry.MarkovSymmetry;
import org.equivariant.symmetry.Permutation;
import org.equivariant.theory.CentroidSingularity;

/**
 * The branches leaving a trivial branch at the singular point where the chain stopped: the centroid line of a game
 * whose centroid is a QRE at every λ (theorem CL-ARM), or else the curve of QREs the game's symmetries H fix, traced
 * in the profiles H fixes (theorem SYM-ARM: three or more symmetric players, whose symmetric branch meets a
 * two-dimensional null space no involution's fixed profiles make regular). For a profile coordinate of each orbit
 * under the game's symmetries, the symmetries that fix it (its stabilizer K); the blow-up x = a + εw
 * ({@link TrivialBranchBlowUp}: a the centroid, or a point H fixes) restricted to the profiles K fixes
 * ({@link BlownUpArc#restricted}) — where the null space of the whole game is larger than a line, K's fixed profiles
 * may meet it in one; the arms towards ε &gt; 0 and ε &lt; 0 ({@link LeavingTracer}); from each arm's end a chain of
 * the full game to λ, whose end and its images under the symmetries are candidate QREs. Untrusted search; the claim
 * goes into the certificate as {@link QreCertificate.CentroidArms}, which the checker replays.
 */
final class CentroidRoute {
    /** At most this many distinct stabilizers (of the orbits of profile coordinates) are tried. */
    private static final int MAX_STABILIZERS = 3;

    /**
     * The stabilizer (its elements other than the identity), the normalization, both arms and the chains past them
     * (null where none was traced; {@code inFixed}: in the profiles the stabilizer fixes, SYM-ARM (9)), the game's
     * symmetries, its action counts, what was done, in words, SYM-ARM's trivial branch (null for CL-ARM's centroid
     * line), and for each arm the routes past bifurcations on its chain in the stabilizer's profiles (SYM-ARM (10))
     * and, where the stabilizer is one involution, past pitchforks on it that break the involution (SYM-PF).
     */
    record Found(List<GameSymmetry> stabilizer, List<Rational> normal, List<LeavingTracer.Arm> arms,
                 List<BranchTracer.Chain> chains, List<Boolean> inFixed, List<GameSymmetry> group, int[] dims,
                 String detail, Base base, List<List<Found>> onward, List<List<SymmetricRoute.Found>> splits) {
        Found {
            chains = java.util.Collections.unmodifiableList(new ArrayList<>(chains)); // an entry may be null
            inFixed = List.copyOf(inFixed);
            onward = onward.stream().map(List::copyOf).toList();
            splits = splits.stream().map(List::copyOf).toList();
        }

        /** The profiles the stabilizer fixes. */
        FixedSubspace fixedProfiles() {
            return FixedSubspace.of(java.util.Arrays.stream(dims).sum(), stabilizer.stream().map(h -> SymmetricArc
                .onProfiles(h, dims)).toList());
        }

        /** The log-profile of the game at the end of arm {@code a}'s chain. */
        List<Double> finalPoint(int a) {
            List<Double> end = chains.get(a).finalPoint();
            return inFixed.get(a) ? fixedProfiles().expand(end) : end;
        }

        /**
         * The identity and the symmetries that move an arm's points to other points: one of each coset of the
         * stabilizer, as profile permutations (the elements of a coset agree on the stabilizer's fixed profiles).
         */
        List<Permutation> images() {
            List<Permutation> out = new ArrayList<>(List.of(Permutation.identity(java.util.Arrays.stream(dims).sum())));
            List<Permutation> inside = stabilizer.stream().map(h -> SymmetricArc.onProfiles(h, dims)).toList();
            for (GameSymmetry h : group) {
                Permutation g = SymmetricArc.onProfiles(h, dims);
                boolean known = out.stream().anyMatch(f -> f.equals(g) || inside.stream().anyMatch(k -> f.compose(k)
                    .equals(g)));
                if (!known) {
                    out.add(g);
                }
            }
            return out;
        }

        /**
         * The chains' ends at λ and their images under the symmetries (log-profiles), and those of the routes on the
         * chains.
         */
        List<List<Double>> candidates() {
            List<List<Double>> out = new ArrayList<>();
            for (int a = 0; a < chains.size(); a++) {
                if (chains.get(a) != null && chains.get(a).arrives()) {
                    List<Double> end = finalPoint(a);
                    images().forEach(g -> out.add(g.apply(end)));
                }
                onward.get(a).forEach(f -> out.addAll(f.candidates()));
                splits.get(a).forEach(f -> out.addAll(f.candidates()));
            }
            return out;
        }

        /**
         * The claim: each arm whose chain reaches a verified enclosure at λ (in the stabilizer's fixed profiles: one
         * whose images under the stabilizer lie in its box), with the boxes holding that QRE's images under the
         * symmetries (each box once); null when no arm's chain does.
         */
        QreCertificate.CentroidArms claim(List<RationalTensor> payoffs, Rational lambda, List<List<Interval>> verified,
                                          List<QreCertificate.Box> boxes, QreCertificate.Uniqueness anchor) {
            return claim(payoffs, lambda, verified, boxes, base == null ? null : base.claim(anchor));
        }

        /** {@link #claim} with the base's claim given (for a route on an arm's chain: that chain). */
        private QreCertificate.CentroidArms claim(List<RationalTensor> payoffs, Rational lambda,
                                                  List<List<Interval>> verified, List<QreCertificate.Box> boxes,
                                                  QreCertificate.TrivialBase on) {
            List<QreCertificate.CentroidArm> out = new ArrayList<>();
            for (int a = 0; a < arms.size(); a++) {
                QreCertificate.Branch past = inFixed.get(a) ? linkedInFixed(chains.get(a), lambda, verified, boxes)
                    : PinnedRoute.linked(payoffs, chains.get(a), lambda, verified);
                if (past == null) {
                    continue;
                }
                List<Integer> seen = new ArrayList<>(List.of(past.qre()));
                List<QreCertificate.Image> images = new ArrayList<>();
                for (GameSymmetry h : group) {
                    Permutation p = SymmetricArc.onProfiles(h, dims);
                    for (int k = 0; k < boxes.size(); k++) {
                        if (!seen.contains(k) && SymmetricArc.imageInBox(verified.get(past.qre()), p, boxes.get(k))) {
                            seen.add(k);
                            images.add(new QreCertificate.Image(h, k));
                        }
                    }
                }
                List<QreCertificate.CentroidArms> next = new ArrayList<>();
                for (Found f : onward.get(a)) {
                    QreCertificate.CentroidArms c = f.claim(payoffs, lambda, verified, boxes,
                        new QreCertificate.TrivialBase(stabilizer, past));
                    if (c != null) {
                        next.add(c);
                    }
                }
                List<QreCertificate.SplitBranch> split = new ArrayList<>();
                for (SymmetricRoute.Found f : splits.get(a)) {
                    QreCertificate.SplitBranch c = f.claim(payoffs, lambda, verified, boxes, past);
                    if (c != null) {
                        split.add(c);
                    }
                }
                out.add(new QreCertificate.CentroidArm(arms.get(a).sign(), arms.get(a).pieces(), past,
                    inFixed.get(a), images, next, split));
            }
            return out.isEmpty() ? null : new QreCertificate.CentroidArms(stabilizer, normal, out, on);
        }

        /**
         * SYM-ARM (9): the first verified QRE whose images under the stabilizer lie in its box (so it is fixed by it)
         * and whose orbit representatives lie in the tube of the chain's last piece at λ; null when none does.
         */
        private QreCertificate.Branch linkedInFixed(BranchTracer.Chain chain, Rational lambda,
                                                    List<List<Interval>> verified, List<QreCertificate.Box> boxes) {
            FixedSubspace fixed = fixedProfiles();
            List<Permutation> perms = stabilizer.stream().map(h -> SymmetricArc.onProfiles(h, dims)).toList();
            for (int k = 0; k < verified.size(); k++) {
                List<Interval> q = verified.get(k);
                QreCertificate.Box box = boxes.get(k);
                if (perms.stream().allMatch(g -> SymmetricArc.imageInBox(q, g, box)) && BranchChecker.link(
                    chain.pieces(), lambda, fixed.reduce(q), BranchTracer.DIGITS, "λ") == null) {
                    return new QreCertificate.Branch(BranchTracer.DIGITS, chain.pieces(), k, null);
                }
            }
            return null;
        }
    }

    /**
     * SYM-ARM's trivial branch: the game's symmetries and the chain of the profiles they fix, from the anchor; or, for
     * SYM-ARM (10), an arm's stabilizer and its chain in the profiles that fixes.
     */
    record Base(List<GameSymmetry> group, BranchTracer.Chain fixed) {
        /** The claim's base; the chain's anchor (UNIQ-H) where it starts at λ₀ &gt; 0. */
        QreCertificate.TrivialBase claim(QreCertificate.Uniqueness anchor) {
            boolean anchored = fixed.pieces().get(0).from().signum() > 0;
            return new QreCertificate.TrivialBase(group, new QreCertificate.Branch(BranchTracer.DIGITS,
                fixed.pieces(), -1, anchored ? anchor : null));
        }
    }

    private CentroidRoute() {
    }

    /**
     * The routes past the singular point near {@code reached}, one per subgroup tried up to conjugacy — the stabilizers
     * of a profile coordinate (one of each orbit), then the set stabilizers of two coordinates of one player in one
     * orbit (for Iₙ the branches towards two-action supports, whose isotropy a point stabilizer does not have), of one
     * coordinate of two players where the orbit spans four or more players (S₂ × S_(k−2) of k interchangeable players)
     * and of one coordinate of three players where it spans six or more (S₃ × S_(k−3)), then of three coordinates of
     * one player (Iₙ's three-action supports), then (CL-ARM) of each whole orbit — at most {@value #MAX_STABILIZERS}:
     * those whose arms lead to λ at a QRE no route before reaches, or, when none does, the first one's, which says
     * where it stopped. Along the centroid line where the game's centroid is a QRE at every λ (CL-ARM); else along the
     * QREs all the game's symmetries fix, traced from {@code anchor} (SYM-ARM), with every stabilizer but the whole
     * group; empty when the game has no symmetry.
     */
    static List<Found> attempt(NormalFormGame game, List<MarkovSymmetry> symmetries, Rational lambda, Rational anchor,
                               double reached, QreSolver.Options o) {
        int[] dims = game.dims();
        int n = game.totalActions();
        List<GameSymmetry> group = symmetries.stream().map(SymmetricRoute::symmetry).toList();
        List<Permutation> perms = group.stream().map(h -> SymmetricArc.onProfiles(h, dims)).toList();
        Base base = null;
        double[] a = null;
        if (!CentroidSingularity.centroidIsAlwaysAQre(game.payoffs())) {
            if (perms.stream().allMatch(Permutation::isIdentity)) {
                return List.of();
            }
            o.progress().update("principal branch", "the branches leaving the symmetric branch");
            SymmetricRoute.Fixed fixed = SymmetricRoute.fixedAt(new LogitPath(game), FixedSubspace.of(n, perms),
                lambda, anchor, reached, o);
            base = new Base(group, fixed.chain());
            if (fixed.problem() != null) {
                return List.of(failed(List.of(), group, dims, "the singular point of the symmetric branch near "
                    + "lambda = " + String.format(java.util.Locale.ROOT, "%.10g", reached) + " (SYM-ARM): "
                    + fixed.problem(), base));
            }
            a = fixed.point();
        }
        List<List<Integer>> sets = new ArrayList<>();
        List<List<Integer>> orbits = Permutation.orbits(n, perms);
        orbits.forEach(orbit -> sets.add(List.of(orbit.get(0))));
        List<List<Integer>> triples = new ArrayList<>();
        List<List<Integer>> across = new ArrayList<>();
        for (List<Integer> orbit : orbits) {
            int c = orbit.get(0);
            List<Integer> same = orbit.stream().filter(d -> d != c && playerOf(d, dims) == playerOf(c, dims)).toList();
            for (int d = 0; d < same.size(); d++) {
                sets.add(List.of(c, same.get(d)));
                for (int e = d + 1; e < same.size(); e++) {
                    triples.add(List.of(c, same.get(d), same.get(e)));
                }
            }
            // a coordinate of two players, where the orbit spans four or more: for k interchangeable players its set
            // stabilizer permutes them as S₂ × S_(k−2), for k ≥ 4 not conjugate to a point stabilizer's S_(k−1)
            // and of three players, where it spans six or more: S₃ × S_(k−3), for k ≥ 6 conjugate to neither
            List<Integer> others = new ArrayList<>();
            for (int d : orbit) {
                if (others.stream().allMatch(e -> playerOf(e, dims) != playerOf(d, dims)) && playerOf(d, dims)
                    != playerOf(c, dims)) {
                    others.add(d);
                }
            }
            if (others.size() >= 3) {
                across.add(List.of(c, others.get(0)));
            }
            if (others.size() >= 5) {
                across.add(List.of(c, others.get(0), others.get(1)));
            }
        }
        sets.addAll(across);
        sets.addAll(triples);
        if (base == null) {
            // an orbit's set stabilizer: the whole group, whose fixed profiles may hold the arms where no coordinate's
            // stabilizer is more than the identity (deg2: the players swapped and their actions reversed fix none)
            sets.addAll(orbits);
        }
        List<Found> found = new ArrayList<>();
        List<List<Double>> reaches = new ArrayList<>(); // the kept routes' candidates
        Found first = null;
        for (Subgroup k : stabilizers(sets, group, perms, base == null)) {
            Found f = route(game, k.elements(), k.fixes(), group, lambda, reached, base, a, o, true);
            List<List<Double>> candidates = f.candidates();
            if (candidates.stream().anyMatch(c -> reaches.stream().noneMatch(d -> same(c, d)))) {
                found.add(f); // a route whose QREs at λ earlier routes all reach adds nothing (deg2 at λ = 10)
                reaches.addAll(candidates);
            }
            first = first == null ? f : first;
        }
        return found.isEmpty() && first != null ? List.of(first) : found;
    }

    /** Whether two candidates (log-profiles at λ from chains' ends) are one QRE: within 10⁻⁶ (relative) everywhere. */
    private static boolean same(List<Double> c, List<Double> d) {
        for (int k = 0; k < c.size(); k++) {
            if (Math.abs(c.get(k) - d.get(k)) > 1e-6 * Math.max(1, Math.abs(c.get(k)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A subgroup tried: the set of profile coordinates whose set stabilizer it is, its elements (other than the
     * identity) and their permutations of the profile coordinates.
     */
    private record Subgroup(List<Integer> set, List<GameSymmetry> elements, List<Permutation> perms) {
        /** "one profile coordinate", "a set of two profile coordinates", …: what the subgroup fixes, in words. */
        String fixes() {
            return set.size() == 1 ? "one profile coordinate" : "a set of " + (set.size() == 2 ? "two" : "three")
                + " profile coordinates";
        }
    }

    /**
     * The set stabilizers in {@code group} (its elements other than the identity, {@code perms} their permutations of
     * the profile coordinates) of {@code sets}, in order, each once up to conjugacy in the group, at most
     * {@value #MAX_STABILIZERS}; the whole group only where {@code whole}.
     */
    private static List<Subgroup> stabilizers(List<List<Integer>> sets, List<GameSymmetry> group,
                                              List<Permutation> perms, boolean whole) {
        List<Subgroup> out = new ArrayList<>();
        for (List<Integer> set : sets) {
            List<GameSymmetry> elements = new ArrayList<>();
            List<Permutation> fixing = new ArrayList<>();
            for (int k = 0; k < group.size(); k++) {
                Permutation g = perms.get(k);
                if (set.stream().allMatch(x -> set.contains(g.apply(x)))) {
                    elements.add(group.get(k));
                    fixing.add(g);
                }
            }
            if (!whole && fixing.size() == group.size() || out.stream().anyMatch(t -> conjugate(t.perms(), fixing,
                perms))) {
                continue;
            }
            if (out.size() == MAX_STABILIZERS) {
                break;
            }
            out.add(new Subgroup(set, elements, fixing));
        }
        return out;
    }

    /** The player whose action profile coordinate {@code k} is. */
    private static int playerOf(int k, int[] dims) {
        int i = 0;
        int end = dims[0];
        while (k >= end) {
            end += dims[++i];
        }
        return i;
    }

    /**
     * Whether two subgroups (their elements other than the identity) are conjugate in the group: b = h·a·h⁻¹ for h the
     * identity or an element of {@code group}.
     */
    private static boolean conjugate(List<Permutation> a, List<Permutation> b, List<Permutation> group) {
        if (a.size() != b.size()) {
            return false;
        }
        java.util.Set<Permutation> target = new java.util.HashSet<>(b);
        if (new java.util.HashSet<>(a).equals(target)) {
            return true;
        }
        return group.stream().anyMatch(h -> a.stream().map(k -> h.compose(k).compose(h.inverse())).collect(
            java.util.stream.Collectors.toSet()).equals(target));
    }

    /**
     * One subgroup's route: the null vector of the blow-up's first rows at ε = 0 in the profiles the stabilizer fixes
     * (CL-ARM: I − L at the centroid; SYM-ARM: QDF(a) + P at the base's point {@code a}, one probability per orbit of
     * the base), Newton at ε = 0, then both arms and the chains past them, and with {@code further} the routes past
     * bifurcations on those chains that lie in the stabilizer's profiles ({@link #onward}). The base is the symmetric
     * branch, or ({@code base.group()} not the game's symmetries {@code group}) an arm's chain (SYM-ARM (10)).
     */
    private static Found route(NormalFormGame game, List<GameSymmetry> stabilizer, String fixed,
                               List<GameSymmetry> group, Rational lambda, double reached, Base base, double[] a,
                               QreSolver.Options o, boolean further) {
        int[] dims = game.dims();
        int n = game.totalActions();
        boolean onArm = base != null && !base.group().equals(group);
        String trivial = base == null ? "centroid line" : onArm ? "chain past the arm" : "symmetric branch";
        String head = (onArm ? "a bifurcation on the " : "the singular point of the ") + trivial + " near lambda = "
            + String.format(java.util.Locale.ROOT, "%.10g", reached) + ", blown up" + (stabilizer.isEmpty() ? ""
            : stabilizer.size() == 1 ? " in the profiles fixed by the symmetry that fixes " + fixed
            : " in the profiles fixed by the " + stabilizer.size() + " symmetries that fix " + fixed) + " ("
            + (base == null ? "CL-ARM" : onArm ? "SYM-ARM (10)" : "SYM-ARM") + "): ";
        o.progress().update("principal branch", "the branches leaving the " + trivial);
        FixedSubspace orbits = FixedSubspace.of(n, stabilizer.stream().map(h -> SymmetricArc.onProfiles(h, dims))
            .toList());
        LogitPath path = new LogitPath(game);
        FixedSubspace fixedByBase = base == null ? null : FixedSubspace.of(n, base.group().stream().map(h ->
            SymmetricArc.onProfiles(h, dims)).toList());
        List<List<Double>> m = base == null ? PinnedPlayers.transverse(DoubleField.INSTANCE, game.payoffs(),
            java.util.stream.IntStream.range(0, dims.length).boxed().toList(), reached, List.of())
            : transverseJacobian(path, fixedByBase, a, reached);
        double[] v = LeavingTracer.nullVector(within(m, orbits));
        if (v == null) {
            return failed(stabilizer, group, dims, head + (base == null ? "I - L" : "the Jacobian across the "
                + "symmetric profiles") + " has no null vector in those profiles", base);
        }
        List<Rational> normal = LeavingTracer.normal(ContinuationPath.unboxed(orbits.expand(ContinuationPath.boxed(
            v))));
        TrivialBranchBlowUp full = base == null ? TrivialBranchBlowUp.atCentroid(path.system(), dims, normal)
            : TrivialBranchBlowUp.alongFixed(path.system(), fixedByBase, normal);
        LeavingTracer.DoubleSystem g = LeavingTracer.restricted((x, eps) -> residual(full, x, eps), orbits);
        int p = full.baseUnknowns();
        double[] theta = new double[orbits.dimension() + p + 1];
        System.arraycopy(v, 0, theta, 0, v.length);
        if (p > 0) {
            System.arraycopy(a, 0, theta, v.length, p);
        }
        theta[theta.length - 1] = reached;
        double[] start = LeavingTracer.newton(g, theta, 0);
        if (start == null) {
            return failed(stabilizer, group, dims, head + "the blow-up has no regular zero at epsilon = 0 there (the "
                + "null space " + (base == null ? "of I - L " : "") + "in those profiles is not a line)", base);
        }
        double room = 1;
        for (int k = 0; k < p; k++) {
            room = Math.min(room, start[v.length + k]);
        }
        LeavingBranches route = LeavingBranches.follow(game, new LeavingTracer.BlowUp(full.restricted(orbits), g,
            normal, start, 0.5 * room / LeavingTracer.maxAbs(start, v.length)), new int[] {1, -1}, lambda, further
            ? orbits : null, o, further ? new int[] {LeavingTracer.SHORT_ARM, LeavingTracer.MAX_PIECES}
            : new int[] {LeavingTracer.SHORT_ARM});
        List<List<Found>> onward = new ArrayList<>();
        List<List<SymmetricRoute.Found>> splits = new ArrayList<>();
        List<String> past = new ArrayList<>();
        for (int k = 0; k < route.arms().size(); k++) {
            Onward next = further && route.inFixed().get(k) ? onward(game, stabilizer, route.chains().get(k), group,
                lambda, o) : new Onward(List.of(), List.of());
            onward.add(next.blowUps());
            splits.add(next.splits());
            String side = "on the chain past the " + (route.arms().get(k).sign() > 0 ? "epsilon > 0" : "epsilon < 0")
                + " arm, ";
            next.blowUps().forEach(f -> past.add(side + f.detail()));
            next.splits().forEach(f -> past.add(side + f.text("")));
        }
        return new Found(stabilizer, normal, route.arms(), route.chains(), route.inFixed(), group, dims, head
            + text(route, start[theta.length - 1]) + past.stream().map(t -> "; " + t).collect(java.util.stream
            .Collectors.joining()), base, onward, splits);
    }

    /** The rows and columns of an n × n matrix for the profiles {@code orbits} fixes: columns summed per orbit. */
    private static List<List<Double>> within(List<List<Double>> m, FixedSubspace orbits) {
        List<List<Double>> restricted = new ArrayList<>();
        for (int r = 0; r < orbits.dimension(); r++) {
            double[] row = new double[orbits.dimension()];
            for (int k = 0; k < m.size(); k++) {
                row[orbits.orbitOf(k)] += m.get(orbits.representative(r)).get(k);
            }
            restricted.add(ContinuationPath.boxed(row));
        }
        return restricted;
    }

    /**
     * SYM-ARM (10): the routes past bifurcations on an arm's chain in the profiles its stabilizer K fixes (SYM-ARM
     * (9)), each blown up with that chain as its base as the symmetric branch is at the primary point. For each
     * subgroup K′ of K fixing a profile coordinate (one per orbit of K, up to conjugacy in K, at most
     * {@value #MAX_STABILIZERS}), a bifurcation is where the determinant of QDF + P restricted to K′'s fixed profiles
     * changes sign between the ends of a piece, located by bisection along the piece (at most two per subgroup); the
     * routes whose chains reach λ. Untrusted search.
     */
    private static Onward onward(NormalFormGame game, List<GameSymmetry> stabilizer, BranchTracer.Chain chain,
                                 List<GameSymmetry> group, Rational lambda, QreSolver.Options o) {
        int n = game.totalActions();
        List<Permutation> perms = stabilizer.stream().map(h -> SymmetricArc.onProfiles(h, game.dims())).toList();
        FixedSubspace fixed = FixedSubspace.of(n, perms);
        LogitPath path = new LogitPath(game);
        Base base = new Base(stabilizer, chain);
        List<Found> out = new ArrayList<>();
        List<SymmetricRoute.Found> splits = new ArrayList<>();
        boolean involution = perms.size() == 1 && perms.get(0).isInvolution();
        List<List<Integer>> points = Permutation.orbits(n, perms).stream().map(orbit -> List.of(orbit.get(0)))
            .toList();
        for (Subgroup sub : stabilizers(points, stabilizer, perms, false)) {
            FixedSubspace in = FixedSubspace.of(n, sub.perms());
            int found = 0;
            for (int p = 0; p < chain.pieces().size() && found < 2; p++) {
                BranchPiece piece = chain.pieces().get(p);
                double lo = piece.from().doubleValue();
                double hi = piece.to().doubleValue();
                double below = sign(path, fixed, in, SymmetricRoute.predicted(piece, lo));
                if (below == 0 || sign(path, fixed, in, SymmetricRoute.predicted(piece, hi)) != -below) {
                    continue;
                }
                for (int it = 0; it < 50; it++) {
                    double mid = (lo + hi) / 2;
                    if (sign(path, fixed, in, SymmetricRoute.predicted(piece, mid)) == below) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                double[] z = SymmetricRoute.predicted(piece, (lo + hi) / 2);
                found++;
                Found f = route(game, sub.elements(), sub.fixes(), group, lambda, z[z.length - 1], base,
                    java.util.Arrays.copyOf(z, z.length - 1), o, false);
                if (!f.candidates().isEmpty()) {
                    out.add(f);
                } else if (involution && sub.elements().isEmpty()) {
                    // a pitchfork that breaks the involution: SYM-PF's blow-up, with this chain as its fixed one,
                    // where SYM-ARM's led nowhere (deg2 at λ ≈ 14.1774: its arms stopped within |ε| < 10⁻⁶)
                    SymmetricRoute.Found split = SymmetricRoute.leaving(game, path, stabilizer.get(0), perms.get(0),
                        chain, java.util.Arrays.copyOf(z, z.length - 1), z[z.length - 1], lambda, o);
                    if (!split.candidates().isEmpty()) {
                        splits.add(split);
                    }
                }
            }
        }
        return new Onward(out, splits);
    }

    /** The routes past bifurcations on an arm's chain: SYM-ARM (10)'s blow-ups and SYM-PF's splits. */
    private record Onward(List<Found> blowUps, List<SymmetricRoute.Found> splits) {
    }

    /**
     * The sign of det(QDF + P) at a point z (one probability per orbit of {@code fixed}, then λ) restricted to the
     * profiles {@code in} fixes; 0 where singular.
     */
    private static double sign(LogitPath path, FixedSubspace fixed, FixedSubspace in, double[] z) {
        return DenseLu.of(within(transverseJacobian(path, fixed, java.util.Arrays.copyOf(z, z.length - 1),
            z[z.length - 1]), in)).detSign();
    }

    /**
     * The first rows' Jacobian in w at ε = 0 for SYM-ARM, QDF(a) + P (rows and columns the n profile coordinates):
     * DF at the profile that is {@code a}'s probability on each orbit of the base, each row less the mean of its
     * orbit's rows, plus 1/|orbit| between coordinates of one orbit.
     */
    private static List<List<Double>> transverseJacobian(LogitPath path, FixedSubspace base, double[] a,
                                                         double lambda) {
        int n = path.n;
        List<Double> z = new ArrayList<>(base.expand(ContinuationPath.boxed(a)));
        z.add(lambda);
        double[][] jac = path.systemJacobian(ContinuationPath.unboxed(z));
        List<List<Double>> rows = java.util.Arrays.stream(jac).map(row -> ContinuationPath.boxed(java.util.Arrays
            .copyOf(row, n))).toList();
        return base.plusProjection(DoubleField.INSTANCE, base.transverseColumns(DoubleField.INSTANCE, rows));
    }

    /**
     * G(θ; ε) of the blow-up in double: QF(a + εw)/ε where |ε|·max|w| &gt; 10⁻³, else the four-point Gauss–Legendre
     * rule of ∫₀¹ D_w(QF)(a + tεw) dt (no cancellation near ε = 0), + Pw; then S·F(a + εw) (SYM-ARM) and ℓᵀw − 1.
     */
    private static double[] residual(TrivialBranchBlowUp arc, double[] x, double eps) {
        DoubleField d = DoubleField.INSTANCE;
        ParametricSystem sys = arc.system();
        List<Double> theta = ContinuationPath.boxed(x);
        int size = sys.unknowns();
        double w = 0;
        for (int k = 0; k < size; k++) {
            w = Math.max(w, Math.abs(x[k]));
        }
        double[] out = new double[x.length];
        List<Double> plus = Math.abs(eps) * w > 1e-3 || arc.baseUnknowns() > 0 ? sys.residual(d, arc.point(d, theta,
            eps)) : null;
        if (Math.abs(eps) * w > 1e-3) {
            List<Double> across = arc.transverse(d, plus);
            for (int k = 0; k < size; k++) {
                out[k] = across.get(k) / eps;
            }
        } else {
            DualField<Double> dual = new DualField<>(d);
            List<Dual<Double>> constant = theta.stream().map(dual::constant).toList();
            for (int j = 0; j < LeavingTracer.GAUSS_NODES.length; j++) {
                double t = (1 + LeavingTracer.GAUSS_NODES[j]) / 2;
                List<Double> at = arc.transverse(d, sys.residual(dual, arc.point(dual, constant, dual.variable(t
                    * eps))).stream().map(Dual::d).toList());
                for (int k = 0; k < size; k++) {
                    out[k] += LeavingTracer.GAUSS_WEIGHTS[j] / 2 * at.get(k);
                }
            }
        }
        List<Double> pw = arc.fixedPart(d, theta);
        for (int k = 0; k < pw.size(); k++) {
            out[k] += pw.get(k);
        }
        List<Double> sums = arc.orbitSums(d, plus == null ? List.of() : plus);
        for (int o = 0; o < sums.size(); o++) {
            out[size + o] = sums.get(o);
        }
        out[x.length - 1] = arc.normalization(d, theta);
        return out;
    }

    /** "the singular point at lambda = …, arms of … pieces to lambda = … (why they stopped), chains …". */
    private static String text(LeavingBranches route, double singular) {
        List<String> parts = new ArrayList<>();
        for (int a = 0; a < route.arms().size(); a++) {
            LeavingTracer.Arm arm = route.arms().get(a);
            String side = arm.sign() > 0 ? "epsilon > 0" : "epsilon < 0";
            if (arm.pieces().isEmpty()) {
                parts.add(side + ": no piece (" + arm.stop() + ")");
                continue;
            }
            String s = String.format(java.util.Locale.ROOT, "%s: an arm of %d pieces to lambda = %.8g (%s)", side,
                arm.pieces().size(), route.ends().get(a).lambda(), arm.stop());
            BranchTracer.Chain c = route.chains().get(a);
            parts.add(c == null ? s + ", past lambda already" : s + String.format(java.util.Locale.ROOT, " and "
                + "from its end a chain of %d pieces %s that %s", c.pieces().size(), route.inFixed()
                .get(a) ? "in the profiles the stabilizer fixes (the full game's stopped at a singular point; SYM-ARM "
                + "(9))" : "of the full game", c.reach()));
        }
        return String.format(java.util.Locale.ROOT, "the singular point at lambda = %.10g; ", singular)
            + String.join("; ", parts);
    }

    /** A route that stopped before its arms, and why. */
    private static Found failed(List<GameSymmetry> stabilizer, List<GameSymmetry> group, int[] dims, String why,
                                Base base) {
        return new Found(stabilizer, List.of(), List.of(), List.of(), List.of(), group, dims, why, base, List.of(),
            List.of());
    }
}
