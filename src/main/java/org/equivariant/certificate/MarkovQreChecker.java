package org.equivariant.certificate;

import java.util.ArrayList;
import java.util.List;
import org.equivariant.arith.DyadicField;
import org.equivariant.arith.DyadicInterval;
import org.equivariant.arith.Interval;

/**
 * Independent replay of {@link MarkovQreCertificate}s (theorem MQRE-K, proofs/MQRE-K.md): each box must pass the
 * {@link Krawczyk} test for the checker's own {@link MarkovQreSystem}; it then holds exactly one Markov QRE, enclosed
 * by K ∩ X, whose soft values V_i(s) are its coordinates. Boxes with disjoint enclosures hold distinct QREs.
 */
public final class MarkovQreChecker {
    private MarkovQreChecker() {
    }

    /**
     * The outcome: validity, each box's enclosure (null where the test failed), each certified QRE's regularized
     * values J_i = Σ_s μ(s) V_i(s) per agent, the number of distinct QREs shown, and findings.
     */
    public record Report(boolean valid, List<List<Interval>> enclosures, List<List<Interval>> values, int distinct,
                         List<String> findings) {
    }

    public static Report check(MarkovQreCertificate c) {
        MarkovQreSystem sys = new MarkovQreSystem(c.game(), c.tau());
        List<String> findings = new ArrayList<>();
        List<List<Interval>> enclosures = new ArrayList<>();
        List<List<Interval>> values = new ArrayList<>();
        Boxes.DistinctZeros zeros = new Boxes.DistinctZeros();
        boolean valid = !c.boxes().isEmpty();
        if (!valid) {
            findings.add("the certificate claims no QRE");
        }
        for (int k = 0; k < c.boxes().size(); k++) {
            List<Interval> box = c.boxes().get(k);
            Krawczyk.Test t = Krawczyk.attempt(sys, box, "QRE " + (k + 1), "the system", findings);
            if (!Krawczyk.accepted(t, "QRE " + (k + 1), findings)) {
                valid = false;
                enclosures.add(null);
                values.add(null);
                continue;
            }
            enclosures.add(t.enclosure());
            values.add(values(sys, t.enclosure()));
            if (!zeros.add(box, t.enclosure())) {
                findings.add("QRE " + (k + 1) + " can be shown neither equal to nor distinct from an earlier one");
            }
            findings.add("QRE " + (k + 1) + ": exactly one Markov QRE in the box; J = " + values.get(k).stream()
                .map(v -> v.outward(15).toString()).toList());
        }
        if (c.uniqueness() != null) {
            MarkovQreCertificate.Uniqueness u = c.uniqueness();
            String problem = MarkovContraction.of(c.game(), c.tau(), u.eta()).problem(u.w(), u.kappa());
            if (problem != null) {
                valid = false;
                findings.add("uniqueness (MQRE-U) rejected: " + problem);
            } else {
                findings.add("uniqueness (MQRE-U): 𝕄w ≤ κw with κ = " + u.kappa() + " < 1 at η = " + u.eta()
                    + ": the Markov QRE is unique, and the soft-value NPG iteration at η contracts by κ");
                if (zeros.enclosures().size() > 1) {
                    valid = false;
                    findings.add("contradiction: a uniqueness proof beside " + zeros.enclosures().size()
                        + " distinct QREs");
                }
            }
        }
        if (c.rate() != null) {
            MarkovQreCertificate.Uniqueness r = c.rate();
            String problem;
            try {
                problem = MarkovNpgRate.of(c.game(), c.tau(), r.eta()).problem(r.w(), r.kappa());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem != null) {
                valid = false;
                findings.add("linear rate (NPG-EX) rejected: " + problem);
            } else {
                findings.add("linear rate (NPG-EX): 𝕄w ≤ κw with κ = " + r.kappa() + " < 1 at η = " + r.eta()
                    + ": independent NPG with exact evaluation converges at rate κ from every policy of the invariant "
                    + "set, the uniform one included");
            }
        }
        return new Report(valid, enclosures, values, zeros.enclosures().size(), findings);
    }

    /** J_i = Σ_s μ(s) V_i(s) for each agent, from the V coordinates of an enclosure. */
    public static List<Interval> values(MarkovQreSystem sys, List<Interval> enclosure) {
        DyadicField f = DyadicField.INSTANCE;
        List<Interval> out = new ArrayList<>();
        for (int i = 0; i < sys.game().numAgents(); i++) {
            DyadicInterval j = DyadicInterval.ZERO;
            for (int s = 0; s < sys.game().numStates(); s++) {
                j = j.add(f.of(sys.game().initial().get(s)).multiply(f.of(enclosure.get(sys.valueIndex(i, s)))));
            }
            out.add(f.toInterval(j));
        }
        return out;
    }
}
