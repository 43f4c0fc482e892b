package org.equivariant.api;

import java.math.BigDecimal;
import java.util.List;
import org.assertj.core.api.AbstractAssert;
import org.equivariant.arith.Rational;
import org.equivariant.equilibrium.CertifiedQre;
import org.equivariant.equilibrium.QreResult;
import org.equivariant.equilibrium.QreSolver;
import org.equivariant.equilibrium.Verdict;
import org.equivariant.game.NormalFormGame;
import org.equivariant.symmetry.SymmetryGroup;

/**
 * AssertJ assertions for tests of other solvers, checked against this library's certified answers:
 * <pre>{@code
 * import static org.equivariant.api.EquivariantAssertions.assertThat;
 *
 * assertThat(profile).isQreOf(game).atLambda("2").within("1e-8");
 * assertThat(game).hasUniqueQreAt("1/2");
 * assertThat(profile).isEquivariantUnder(Equivariant.symmetries(game), 1e-9);
 * }</pre>
 * A failure names the certified QRE nearest to the profile and the distance. Needs assertj-core on the test class
 * path (this library declares it optional).
 */
public final class EquivariantAssertions {
    /** Digits of the certified QREs the assertions compare against. */
    static final int DIGITS = 20;

    private EquivariantAssertions() {
    }

    /** A mixed profile: one list of action probabilities per player. */
    public static ProfileAssert assertThat(List<? extends List<? extends Number>> profile) {
        return new ProfileAssert(profile);
    }

    /** A mixed profile as rows of doubles. */
    public static ProfileAssert assertThat(double[][] profile) {
        return new ProfileAssert(java.util.Arrays.stream(profile).map(row -> java.util.Arrays.stream(row).boxed()
            .toList()).toList());
    }

    public static GameAssert assertThat(NormalFormGame game) {
        return new GameAssert(game);
    }

    /** Assertions on a mixed profile. */
    public static final class ProfileAssert extends AbstractAssert<ProfileAssert,
        List<? extends List<? extends Number>>> {
        ProfileAssert(List<? extends List<? extends Number>> profile) {
            super(profile, ProfileAssert.class);
        }

        /** Starts "is a logit QRE of this game"; finish with {@code atLambda(...)} or {@code atTau(...)} and within. */
        public QreExpectation isQreOf(NormalFormGame game) {
            isNotNull();
            return new QreExpectation(this, game);
        }

        ProfileAssert isQreWithin(NormalFormGame game, Rational lambda, BigDecimal tol) {
            Equivariant.Qre principal = Equivariant.qre(game, lambda.toString(), DIGITS);
            BigDecimal d = principal.distance(actual).add(principal.width());
            if (d.compareTo(tol) <= 0) {
                return this;
            }
            QreResult all = QreSolver.solve(game, lambda, QreSolver.Options.all(DIGITS));
            BigDecimal best = d;
            String nearest = "the principal-branch QRE " + principal.profile();
            for (CertifiedQre q : all.qres()) {
                Equivariant.Qre other = new Equivariant.Qre(lambda, Equivariant.byPlayer(q), false, false, "");
                BigDecimal e = other.distance(actual).add(other.width());
                if (e.compareTo(tol) <= 0) {
                    return this;
                }
                if (e.compareTo(best) < 0) {
                    best = e;
                    nearest = "the certified QRE " + other.profile();
                }
            }
            failWithMessage("Expected %s to be a logit QRE of %s at lambda = %s within %s, but its distance to the "
                + "nearest of %d certified QRE(s), %s, is %s%s", actual, game.title(), lambda, tol, all.qres().size(),
                nearest, best.round(new java.math.MathContext(3)), all.verdict() == Verdict.UNIQUE
                    ? " (the QRE is unique)" : "");
            return this;
        }

        /** The profile changes by at most {@code tolerance} under every generator of the group. */
        public ProfileAssert isEquivariantUnder(SymmetryGroup group, double tolerance) {
            isNotNull();
            double defect = Equivariant.equivarianceDefect(group, actual);
            if (!(defect <= tolerance)) {
                failWithMessage("Expected %s to be equivariant under the group of order %s within %s, but a "
                    + "generator moves it by %s", actual, group.order(), tolerance, defect);
            }
            return this;
        }
    }

    /** "is a QRE of game at λ within tolerance". */
    public static final class QreExpectation {
        private final ProfileAssert owner;
        private final NormalFormGame game;
        private Rational lambda;

        QreExpectation(ProfileAssert owner, NormalFormGame game) {
            this.owner = owner;
            this.game = game;
        }

        /** The logit precision λ, an exact rational ("2", "1/3", "0.25"). */
        public QreExpectation atLambda(String lambda) {
            this.lambda = Rational.parse(lambda);
            return this;
        }

        /** The temperature τ = 1/λ. */
        public QreExpectation atTau(String tau) {
            this.lambda = Rational.parse(tau).reciprocal();
            return this;
        }

        /**
         * Passes if the profile is within {@code tolerance} (max norm) of a certified QRE: the principal-branch one,
         * or, failing that, any QRE the multistart search certifies.
         */
        public ProfileAssert within(String tolerance) {
            if (lambda == null) {
                throw new IllegalStateException("say atLambda(...) or atTau(...) before within(...)");
            }
            return owner.isQreWithin(game, lambda, new BigDecimal(tolerance));
        }
    }

    /** Assertions on a game. */
    public static final class GameAssert extends AbstractAssert<GameAssert, NormalFormGame> {
        GameAssert(NormalFormGame game) {
            super(game, GameAssert.class);
        }

        /** Uniqueness of the logit QRE at temperature τ is proved (theorem UNIQ-H). */
        public GameAssert hasUniqueQreAt(String tau) {
            isNotNull();
            QreResult r = QreSolver.solve(actual, Rational.parse(tau).reciprocal(), QreSolver.Options.digits(DIGITS));
            if (r.verdict() != Verdict.UNIQUE) {
                failWithMessage("Expected %s to have a unique logit QRE at tau = %s, but uniqueness is not proved "
                    + "(Perron bound kappa = %s)%s", actual.title(), tau, r.perron().kappa(),
                    r.verdict() == Verdict.NOT_UNIQUE ? "; several QREs are certified" : "");
            }
            return this;
        }
    }
}
