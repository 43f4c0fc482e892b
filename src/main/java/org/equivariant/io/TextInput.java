package org.equivariant.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.equivariant.work.Limits;

/**
 * Reads an input file as text, refusing what is not text before anything is parsed: the size is checked against
 * {@link Limits#inputBytes} before reading (and while decompressing a gzip file, recognized by its magic bytes, as
 * MADP ships its large models); the bytes must be UTF-8 ("not UTF-8 text at byte N") without NUL bytes; a leading
 * byte-order mark is skipped. Every refusal is an {@link InputException} naming the file.
 */
public final class TextInput {
    private TextInput() {
    }

    public static String read(Path file, Limits limits) {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw new InputException(source + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(source + ": not a regular file");
        }
        try {
            long size = Files.size(file);
            if (size > limits.inputBytes()) {
                throw tooLarge(source, limits);
            }
            try (InputStream in = Files.newInputStream(file)) {
                return decode(source, in, limits);
            }
        } catch (AccessDeniedException e) {
            throw new InputException(source + ": cannot be read (permission denied)");
        } catch (IOException e) {
            throw new InputException(source + ": cannot be read");
        }
    }

    /** Decodes a stream (gzip or plain) with the same checks; {@code source} names it in messages. */
    public static String decode(String source, InputStream raw, Limits limits) throws IOException {
        byte[] bytes = readLimited(source, raw, limits);
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                bytes = readLimited(source, gz, limits);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new InputException(source + ": not a valid gzip file");
            }
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            throw new InputException(source + ": not UTF-8 text at byte " + in.position());
        }
        out.flip();
        String text = out.toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            int at = text.substring(0, nul).getBytes(StandardCharsets.UTF_8).length;
            throw new InputException(source + ": not a text file (a NUL byte at byte " + at + ")");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static byte[] readLimited(String source, InputStream in, Limits limits) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        long total = 0;
        int k;
        while ((k = in.read(chunk)) > 0) {
            total += k;
            if (total > limits.inputBytes()) {
                throw tooLarge(source, limits);
            }
            buf.write(chunk, 0, k);
        }
        return buf.toByteArray();
    }

    private static InputException tooLarge(String source, Limits limits) {
        return new InputException(source + ": larger than the input limit of " + Limits.human(limits.inputBytes())
            + " bytes; raise it with --max-input-mb");
    }
}
