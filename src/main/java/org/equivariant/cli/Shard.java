package org.equivariant.cli;

/**
 * {@code --shard I/N}: the I-th of N interleaved parts of a campaign (items k with k mod N = I − 1), so that a large
 * run splits over a CI matrix or a batch array job and the parts' JSON reports merge into one.
 */
record Shard(int index, int count) {
    static final Shard ALL = new Shard(1, 1);

    static Shard parse(String text) {
        if (text == null) {
            return ALL;
        }
        String[] p = text.split("/");
        try {
            if (p.length == 2) {
                int i = Integer.parseInt(p[0].strip());
                int n = Integer.parseInt(p[1].strip());
                if (n >= 1 && n <= 100_000 && i >= 1 && i <= n) {
                    return new Shard(i, n);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UsageException("--shard must be I/N with 1 <= I <= N <= 100000, got '"
            + org.equivariant.arith.Rational.quote(text) + "'");
    }

    /** Whether item k (0-based) belongs to this shard. */
    boolean owns(int k) {
        return k % count == index - 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
