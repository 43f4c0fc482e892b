package org.equivariant.certificate;

import java.util.List;
import org.equivariant.arith.Interval;

/**
 * The checker's verdict. {@code valid} is true only if every claim of the certificate was re-derived; then
 * {@code enclosures.get(k)} is a box proved to contain exactly one QRE (the k-th claim), {@code unique} says whether
 * global uniqueness was proved, and {@code distinct} whether the boxes are pairwise disjoint (so the game has at
 * least that many QREs at λ); {@code principal} is the index of the QRE proved to lie on the principal branch, or −1.
 */
public record CheckReport(boolean valid, List<String> findings, List<List<Interval>> enclosures, boolean unique,
                          boolean distinct, int principal) {
    public CheckReport {
        findings = List.copyOf(findings);
        enclosures = enclosures.stream().map(List::copyOf).toList();
    }
}
