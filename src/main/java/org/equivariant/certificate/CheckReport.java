package org.equivariant.certificate;

import java.util.List;
import org.equivariant.arith.Interval;

/**
 * The checker's verdict. {@code valid} is true only if every claim of the certificate was re-derived; then
 * {@code enclosures.get(k)} is a box proved to contain exactly one QRE (the k-th claim), {@code unique} says whether
 * global uniqueness was proved, and {@code distinct} whether the boxes are pairwise disjoint (so the game has at
 * least that many QREs at λ).
 */
public record CheckReport(boolean valid, List<String> findings, List<List<Interval>> enclosures, boolean unique,
                          boolean distinct) {
    public CheckReport {
        findings = List.copyOf(findings);
        enclosures = enclosures.stream().map(List::copyOf).toList();
    }
}
