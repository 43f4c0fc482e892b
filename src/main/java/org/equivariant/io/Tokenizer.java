package org.equivariant.io;

import org.equivariant.arith.Rational;

/**
 * Splits text into tokens with their line and column, lazily (one token of look-ahead, so a large file is never held
 * as a token list): double-quoted strings (with \" escapes), the punctuation { } , and bare words (numbers,
 * keywords). Whitespace separates tokens and is otherwise insignificant.
 */
final class Tokenizer {
    enum Kind { STRING, OPEN, CLOSE, COMMA, WORD, END }

    record Token(Kind kind, String text, int line, int column) {
        String describe() {
            return switch (kind) {
                case STRING -> "string \"" + Rational.quote(text) + "\"";
                case END -> "end of file";
                default -> "'" + Rational.quote(text) + "'";
            };
        }
    }

    private final String source;
    private final String text;
    private int pos;
    private int line = 1;
    private int col = 1;
    private Token ahead;

    Tokenizer(String source, String text) {
        this.source = source;
        this.text = text;
    }

    Token peek() {
        if (ahead == null) {
            ahead = scan();
        }
        return ahead;
    }

    Token next() {
        Token t = peek();
        if (t.kind() != Kind.END) {
            ahead = null;
        }
        return t;
    }

    Token expect(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        return t;
    }

    FormatException error(Token t, String reason) {
        return new FormatException(source, t.line(), t.column(), reason);
    }

    /** Number of bare words from the current position up to the first other token (the scan does not consume). */
    long countWordsAhead() {
        long count = ahead == null ? 0 : ahead.kind() == Kind.WORD ? 1 : -1;
        if (count < 0) {
            return 0;
        }
        int i = pos;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n || "{},\"".indexOf(text.charAt(i)) >= 0) {
                return count;
            }
            while (i < n && !Character.isWhitespace(text.charAt(i)) && "{},\"".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            count++;
        }
    }

    private Token scan() {
        int n = text.length();
        while (pos < n) {
            char c = text.charAt(pos);
            if (c == '\n') {
                line++;
                col = 1;
            } else if (Character.isWhitespace(c)) {
                col++;
            } else {
                break;
            }
            pos++;
        }
        if (pos >= n) {
            return new Token(Kind.END, "", line, col);
        }
        int startLine = line;
        int startCol = col;
        char c = text.charAt(pos);
        if (c == '"') {
            StringBuilder sb = new StringBuilder();
            pos++;
            col++;
            while (pos < n) {
                char d = text.charAt(pos);
                if (d == '\\' && pos + 1 < n && text.charAt(pos + 1) == '"') {
                    sb.append('"');
                    pos += 2;
                    col += 2;
                    continue;
                }
                pos++;
                if (d == '"') {
                    col++;
                    return new Token(Kind.STRING, sb.toString(), startLine, startCol);
                }
                if (d == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
                sb.append(d);
            }
            throw new FormatException(source, startLine, startCol, "unterminated string");
        }
        if (c == '{' || c == '}' || c == ',') {
            pos++;
            col++;
            return new Token(c == '{' ? Kind.OPEN : c == '}' ? Kind.CLOSE : Kind.COMMA, String.valueOf(c), startLine,
                startCol);
        }
        int j = pos;
        while (j < n && !Character.isWhitespace(text.charAt(j)) && "{},\"".indexOf(text.charAt(j)) < 0) {
            j++;
        }
        Token t = new Token(Kind.WORD, text.substring(pos, j), startLine, startCol);
        col += j - pos;
        pos = j;
        return t;
    }
}
