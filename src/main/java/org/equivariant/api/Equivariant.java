package org.equivariant.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.Interval;
import org.equivariant.arith.Rational;
import org.equivariant.certificate.CertificateChecker;
import org.equivariant.certificate.CertificateJson;
import org.equivariant.certificate.CheckReport;
import org.equivariant.certificate.EnumerationCertificate;
import org.equivariant.certificate.EnumerationChecker;
import org.equivariant.certificate.MarkovQreCertificate;
import org.equivariant.certificate.MarkovQreChecker;
import org.equivariant.certificate.MarkovQreSystem;
import org.equivariant.certificate.StationaryCertificate;
import org.equivariant.certificate.StationaryChecker;
import org.equivariant.equilibrium.BoxCertifier;
import org.equivariant.equilibrium.CertifiedQre;
import org.equivariant.equilibrium.MarkovQreSolver;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.field.MarkovField;
import org.equivariant.game.DecPomdp;
import org.equivariant.game.MarkovGame;
import org.equivariant.game.NormalFormGame;
import org.equivariant.io.DpomdpReader;
import org.equivariant.io.JsonInput;
import org.equivariant.io.Sources;
import org.equivariant.symmetry.AutomorphismSearch;
import org.equivariant.symmetry.GameSymmetry;
import org.equivariant.symmetry.SymmetryGroup;
import org.equivariant.work.Limits;

/**
 * Entry points of the library (the command line is built on the same code). Numbers come back exact
 * ({@link Rational}) or as rigorous enclosures ({@link Interval}); nothing here is a bare double presented as certain.
 * Inputs are {@code bundled:NAME} or file paths, read with the default size limits; malformed input throws
 * {@link org.equivariant.io.InputException} naming the file, line and column or the JSON path.
 */
public final class Equivariant {
    private Equivariant() {
    }

    /** A normal-form game: a Gambit .nfg file or {@code bundled:NAME} (e.g. {@code bundled:coord2}). */
    public static NormalFormGame game(String spec) {
        return Sources.game(spec, Limits.DEFAULT);
    }

    /** A Dec-POMDP: a MADP .dpomdp file (or .dpomdp.gz) or {@code bundled:NAME}, rows within 1e-12 renormalized. */
    public static DecPomdp decPomdp(String spec) {
        return Sources.decPomdp(spec, DpomdpReader.Options.DEFAULT).model();
    }

    /** A Markov game (JSON format, or {@code bundled:markov_…}), or a normal-form game as a one-state game. */
    public static MarkovGame markovGame(String spec) {
        return Sources.markovGame(spec, Limits.DEFAULT);
    }

    /**
     * A certified logit QRE: the enclosure of each player's mixed strategy (player by player, action by action),
     * whether it is proved to lie on the principal branch (the one connected to the centroid at λ = 0), whether it is
     * proved to be the only QRE, and the certificate (JSON, replayable by {@link #check}).
     */
    public record Qre(Rational lambda, List<List<Interval>> profile, boolean principal, boolean unique,
                      String certificateJson) {
        public Qre {
            profile = profile.stream().map(List::copyOf).toList();
        }

        /**
         * The largest distance, over all coordinates, from a profile to this QRE's enclosure: an upper bound of the
         * max-norm distance to the certified QRE is this plus the enclosure's width.
         */
        public BigDecimal distance(List<? extends List<? extends Number>> p) {
            if (p.size() != profile.size()) {
                throw new IllegalArgumentException("a profile of " + p.size() + " players, the game has "
                    + profile.size());
            }
            BigDecimal worst = BigDecimal.ZERO;
            for (int i = 0; i < p.size(); i++) {
                if (p.get(i).size() != profile.get(i).size()) {
                    throw new IllegalArgumentException("player " + (i + 1) + " has " + profile.get(i).size()
                        + " actions, the profile " + p.get(i).size());
                }
                for (int a = 0; a < p.get(i).size(); a++) {
                    BigDecimal x = new BigDecimal(p.get(i).get(a).toString());
                    Interval e = profile.get(i).get(a);
                    BigDecimal d = x.compareTo(e.lo()) < 0 ? e.lo().subtract(x)
                        : x.compareTo(e.hi()) > 0 ? x.subtract(e.hi()) : BigDecimal.ZERO;
                    worst = worst.max(d);
                }
            }
            return worst;
        }

        /** The largest width of the enclosure. */
        public BigDecimal width() {
            return profile.stream().flatMap(List::stream).map(Interval::width).reduce(BigDecimal.ZERO,
                BigDecimal::max);
        }
    }

    /**
     * The principal-branch QRE of {@code g} at precision λ (an exact rational such as "2" or "1/3"), certified to
     * {@code digits} digits (10 to 2100), with the uniqueness verdict; past a singular point that breaks a symmetry of
     * the game, the symmetric QRE that the chain in the fixed subspace proves principal (MQRE-CHAIN (6)); if no QRE
     * could be put on the principal branch (another singular point before λ), the first certified one, with
     * {@code principal} false.
     */
    public static Qre qre(NormalFormGame g, String lambda, int digits) {
        Rational l = Rational.parse(lambda);
        QreResult r = QreSolver.solve(g, l, QreSolver.Options.digits(digits));
        int k = Math.max(r.principalIndex(), 0);
        if (r.qres().isEmpty()) {
            throw new IllegalStateException("no QRE was certified at λ = " + lambda);
        }
        return new Qre(l, byPlayer(r.qres().get(k)), r.principalIndex() >= 0, r.verdict() == Verdict.UNIQUE,
            CertificateJson.write(r.certificate()));
    }

    /** A certified QRE's enclosure, player by player. */
    static List<List<Interval>> byPlayer(CertifiedQre q) {
        List<List<Interval>> profile = new ArrayList<>();
        int offset = 0;
        for (int m : q.actionCounts()) {
            profile.add(q.enclosure().subList(offset, offset + m));
            offset += m;
        }
        return profile;
    }

    /** The outcome of an independent certificate check: valid, and what was checked or why not. */
    public record Check(boolean valid, List<String> findings) {
        public Check {
            findings = List.copyOf(findings);
        }
    }

    /**
     * Re-verifies any certificate this project writes (QRE, enumeration, Dec-POMDP stationary points, Markov QRE),
     * recognized by its {@code format}, from its rational data alone.
     */
    public static Check check(String certificateJson) {
        JsonInput.Node root = JsonInput.parse("certificate", certificateJson);
        String format = root.object().field("format").string();
        if (EnumerationCertificate.isNamedBy(format)) {
            EnumerationChecker.Report r = EnumerationChecker.check(EnumerationCertificate.read(root, Limits.DEFAULT));
            return new Check(r.valid(), r.findings());
        }
        if (format.equals(StationaryCertificate.FORMAT)) {
            StationaryChecker.Report r = StationaryChecker.check(StationaryCertificate.read(root, Limits.DEFAULT),
                Limits.DEFAULT);
            return new Check(r.valid(), r.findings());
        }
        if (MarkovQreCertificate.isFormat(format)) {
            MarkovQreChecker.Report r = MarkovQreChecker.check(MarkovQreCertificate.read(root, Limits.DEFAULT));
            return new Check(r.valid(), r.findings());
        }
        CheckReport r = CertificateChecker.check(CertificateJson.read(root, Limits.DEFAULT));
        return new Check(r.valid(), r.findings());
    }

    /** The full symmetry group of a normal-form game (every generator verified), with its order. */
    public static SymmetryGroup symmetries(NormalFormGame g) {
        return AutomorphismSearch.fullGroup(g);
    }

    /** The largest change of a profile under the group's generators (0 for an equivariant profile). */
    public static double equivarianceDefect(SymmetryGroup group, List<? extends List<? extends Number>> profile) {
        List<List<Double>> p = profile.stream().map(row -> row.stream().map(Number::doubleValue).toList()).toList();
        double worst = 0;
        for (GameSymmetry s : group.generators()) {
            List<List<Double>> q = s.apply(p);
            for (int i = 0; i < p.size(); i++) {
                for (int a = 0; a < p.get(i).size(); a++) {
                    worst = Math.max(worst, Math.abs(q.get(i).get(a) - p.get(i).get(a)));
                }
            }
        }
        return worst;
    }

    /**
     * A certified Markov QRE: policies π_i(a | s) and soft values V_i(s) as enclosures, whether it is proved to be the
     * only one (theorem MQRE-U), the certified linear rate κ of independent NPG with exact evaluation at the default
     * step η = (1 − γ)/(2τ) (theorem NPG-EX; null when not certified), and the certificate (with the uniqueness and rate
     * claims when proved).
     */
    public record MarkovQre(List<List<List<Interval>>> policy, List<List<Interval>> values, boolean unique,
                            Rational npgRate, String certificateJson) {
    }

    /**
     * The Markov QRE that independent NPG (η = (1 − γ)/(2τ), from the uniform policy) reaches at temperature τ,
     * certified (theorem MQRE-K), with the uniqueness verdict of MQRE-U; an IllegalStateException with the reason if
     * it cannot be certified.
     */
    public static MarkovQre markovQre(MarkovGame g, String tau) {
        Rational t = Rational.parse(tau);
        MarkovField<Double> field = new MarkovField<>(g, t, org.equivariant.arith.DoubleField.INSTANCE);
        MarkovQreSolver.Run run = MarkovQreSolver.npg(field, field.uniform(), MarkovQreSolver.defaultEta(g, t),
            100_000, 1e-13, Double.POSITIVE_INFINITY, null);
        BoxCertifier.Outcome o = MarkovQreSolver.certify(g, t, run.policy());
        if (!o.certified()) {
            throw new IllegalStateException("the Markov QRE was not certified: " + o.reason());
        }
        return markovQre(g, t, o, null);
    }

    /**
     * The principal Markov QRE at temperature τ (theorem MQRE-CHAIN): the one joined by a certified box chain to the
     * start at τ = ∞ (the uniform policy, or where the action counts differ between states the reward-free game's QRE
     * proved unique, MQRE-CHAIN (7), or else joined to the uniform policy by the start homotopy, (8)), its certificate
     * carrying the chain (replayed by {@link #check}) — past a bifurcation that breaks a symmetry of the game, the
     * chain in the subspace the symmetries fix, the QRE then the symmetric one; where a chain creeps or stops before
     * τ, a tail near a regular equilibrium (MQRE-TAIL); empty when the start homotopy or the chain stops before τ
     * without a tail.
     */
    public static java.util.Optional<MarkovQre> principalMarkovQre(MarkovGame g, String tau) {
        return principalMarkovQre(g, tau, MarkovQreSolver.CHAIN_PIECES);
    }

    /** {@link #principalMarkovQre(MarkovGame, String)} with each chain at most {@code maxPieces} pieces long. */
    public static java.util.Optional<MarkovQre> principalMarkovQre(MarkovGame g, String tau, int maxPieces) {
        Rational t = Rational.parse(tau);
        MarkovQreSolver.Principal p = MarkovQreSolver.principal(g, t, maxPieces, (pieces, beta) -> { });
        return p.traced() ? java.util.Optional.of(markovQre(g, t, p.qre(), p))
            : java.util.Optional.empty();
    }

    /** The Markov QRE certified by o, its certificate carrying the principal claim p where not null. */
    private static MarkovQre markovQre(MarkovGame g, Rational t, BoxCertifier.Outcome o,
                                       MarkovQreSolver.Principal p) {
        MarkovQreSystem sys = new MarkovQreSystem(g, t);
        List<Interval> e = o.test().enclosure();
        List<List<List<Interval>>> policy = sys.policies(e);
        List<List<Interval>> values = sys.values(e);
        MarkovQreCertificate.Uniqueness u = MarkovQreSolver.uniqueness(g, t, MarkovQreSolver.defaultEta(g, t));
        boolean unique = u.kappa().compareTo(Rational.ONE) < 0;
        MarkovQreSolver.Rate rate = MarkovQreSolver.npgRate(g, t, MarkovQreSolver.defaultEta(g, t));
        MarkovQreCertificate.Uniqueness uq = unique ? u : null;
        MarkovQreCertificate.Uniqueness r = rate.proved() ? rate.claim() : null;
        MarkovQreCertificate cert = p != null ? p.certificate(g, t, List.of(o.box()), uq, r)
            : new MarkovQreCertificate(g, t, List.of(o.box()), uq, r, null);
        return new MarkovQre(policy, values, unique, r == null ? null : r.kappa(), cert.toJson());
    }

    /**
     * Theorem UNIQ-IT: tries to prove that the objective-B regularized Dec-POMDP {@code spec} at {@code horizon} has
     * exactly one stationary point for every τ in [tauLo, tauHi] (exact rationals such as "200" or "401/2"). Returns
     * the stationary-point certificate holding the range (JSON, replayable by {@link #check}), or empty when the
     * interval response iteration does not contract to a Krawczyk box (e.g. below the onset of multiplicity).
     */
    public static java.util.Optional<String> uniqueStationaryPoint(String spec, int horizon, String tauLo,
                                                                   String tauHi) {
        DpomdpReader.Loaded loaded = Sources.decPomdp(spec, DpomdpReader.Options.DEFAULT);
        Rational lo = Rational.parse(tauLo);
        Rational hi = Rational.parse(tauHi);
        StationaryCertificate.UniqueRange range = org.equivariant.equilibrium.CertifiedOnset.rangeProof(
            loaded.model(), horizon, org.equivariant.certificate.StationarySystem.Form.B).prove(lo, hi);
        return java.util.Optional.ofNullable(range).map(r -> new StationaryCertificate(spec, Sources.text(spec,
            Limits.DEFAULT), false, loaded.model().discount(), horizon, lo, org.equivariant.certificate
            .StationarySystem.Form.B, List.of(), List.of(r)).toJson());
    }
}
