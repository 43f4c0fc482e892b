package org.equivariant.properties;

/**
 * Shared by PIN-SUB's and SYM-PF's properties: the first λ at which a determinant changes sign along a curve of points followed by Newton from λ = 0 in steps of
 * 0.01, refined by 60 bisections — the independent search for a singular point (double precision; not a proof) —, the
 * first seeded case that has one, and the coverage a run must reach.
 */
final class SignChange {
    /** Newton for the curve's point at λ from a nearby point; null if it fails. */
    interface Curve {
        double[] at(double lambda, double[] from);
    }

    /** The determinant whose sign is watched, at the curve's point s and λ. */
    interface Determinant {
        double at(double[] s, double lambda);
    }

    /** λ and the curve's point there (the last point on the starting sign's side). */
    record Found(double lambda, double[] point) {
    }

    private SignChange() {
    }

    /** The first case of {@code cases} (seeds 0, 1, …) whose curve meets a singular point. */
    static <C> C firstCase(org.equivariant.gen.Gen<C> cases, java.util.function.Predicate<C> meets) {
        for (long seed = 0; ; seed++) {
            C c = cases.generate(new java.util.SplittableRandom(seed));
            if (meets.test(c)) {
                return c;
            }
        }
    }

    /**
     * Prints and asserts a run's coverage: at least a quarter of the {@code tries} cases compared (their curves met a
     * singular point) and {@code achieved} (the leaving branch certified) on at least three quarters of those.
     */
    static void coverage(String theorem, int tries, int compared, String what, int achieved) {
        System.out.println(theorem + " compared " + compared + " of " + tries + ", " + what + " on " + achieved);
        org.assertj.core.api.Assertions.assertThat(compared).as("games compared of " + tries)
            .isGreaterThanOrEqualTo(tries / 4);
        org.assertj.core.api.Assertions.assertThat(achieved).as(what + " of " + compared)
            .isGreaterThanOrEqualTo(3 * compared / 4);
    }

    /** The first sign change for λ ≤ limit from the curve's point {@code start} at 0; null if none or a step fails. */
    static Found first(double[] start, double limit, Curve curve, Determinant det) {
        double[] s = start;
        double a = 0;
        double da = Math.signum(det.at(s, 0));
        for (double b = 0.01; b <= limit; b += 0.01) {
            double[] sb = curve.at(b, s);
            if (sb == null) {
                return null;
            }
            if (Math.signum(det.at(sb, b)) != da) {
                for (int it = 0; it < 60; it++) {
                    double m = (a + b) / 2;
                    double[] sm = curve.at(m, s);
                    if (sm == null) {
                        return null;
                    }
                    if (Math.signum(det.at(sm, m)) == da) {
                        a = m;
                        s = sm;
                    } else {
                        b = m;
                    }
                }
                return new Found((a + b) / 2, s);
            }
            a = b;
            s = sb;
        }
        return null;
    }
}
