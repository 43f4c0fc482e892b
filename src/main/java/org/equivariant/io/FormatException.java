package org.equivariant.io;

/**
 * Malformed input, with the place and the reason: {@code source:line:column: reason} for text formats (1-based), or
 * {@code source: path: reason} for JSON, where the path is a JSON path such as {@code boxes[0].radius}.
 */
public final class FormatException extends InputException {
    private final String source;
    private final String where;
    private final String reason;
    private final int line;
    private final int column;

    public FormatException(String source, int line, int column, String reason) {
        this(source, line + ":" + column, reason, source + ":" + line + ":" + column + ": " + reason, line, column);
    }

    private FormatException(String source, String where, String reason, String message, int line, int column) {
        super(message);
        this.source = source;
        this.where = where;
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** An error at a JSON path ({@code $} for the document itself). */
    public static FormatException atPath(String source, String path, String reason) {
        String p = path.isEmpty() ? "$" : path;
        return new FormatException(source, p, reason, source + ": " + p + ": " + reason, 0, 0);
    }

    /** 1-based line of a text-format error; 0 for a JSON path. */
    public int line() {
        return line;
    }

    /** 1-based column of a text-format error; 0 for a JSON path. */
    public int column() {
        return column;
    }

    public String source() {
        return source;
    }

    /** "line:column", or the JSON path. */
    public String where() {
        return where;
    }

    public String reason() {
        return reason;
    }
}
