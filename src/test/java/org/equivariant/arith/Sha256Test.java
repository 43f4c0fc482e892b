package org.equivariant.arith;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.equivariant.gen.Gen;
import org.equivariant.gen.Property;
import org.junit.jupiter.api.Test;

/** {@link Sha256} against FIPS 180-4's examples and the JDK's MessageDigest. */
class Sha256Test {
    @Test
    void theStandardsExamples() {
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Sha256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(
            StandardCharsets.US_ASCII))).isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        assertThat(Sha256.hex(new byte[0]))
            .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    /** Messages of 0 to 300 bytes (every padding case: 55, 56 and 64 bytes and their multiples) and of any bytes. */
    static final Gen<byte[]> MESSAGES = r -> {
        byte[] m = new byte[r.nextInt(0, 301)];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) r.nextInt(256);
        }
        return m;
    };

    @Test
    void agreesWithTheJdksDigest() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Property.forAll("Sha256 = MessageDigest SHA-256", MESSAGES).tries(1500).check(m ->
            assertThat(Sha256.hex(m)).isEqualTo(HexFormat.of().formatHex(sha.digest(m))));
    }
}
