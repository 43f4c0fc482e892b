package org.equivariant.io;

/** Malformed input, with the place (source, line, column; 1-based) and the reason. */
public final class FormatException extends RuntimeException {
    private final String source;
    private final int line;
    private final int column;
    private final String reason;

    public FormatException(String source, int line, int column, String reason) {
        super(source + ":" + line + ":" + column + ": " + reason);
        this.source = source;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
