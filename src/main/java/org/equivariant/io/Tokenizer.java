package org.equivariant.io;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into tokens with their line and column: double-quoted strings (with \" escapes), the punctuation
 * { } , and bare words (numbers, keywords). Whitespace separates tokens and is otherwise insignificant.
 */
final class Tokenizer {
    enum Kind { STRING, OPEN, CLOSE, COMMA, WORD, END }

    record Token(Kind kind, String text, int line, int column) {
        String describe() {
            return switch (kind) {
                case STRING -> "string \"" + text + "\"";
                case END -> "end of file";
                default -> "'" + text + "'";
            };
        }
    }

    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    Tokenizer(String source, String text) {
        this.source = source;
        int line = 1;
        int col = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                col = 1;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                col++;
                continue;
            }
            int startLine = line;
            int startCol = col;
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                col++;
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i);
                    if (d == '\\' && i + 1 < n && text.charAt(i + 1) == '"') {
                        sb.append('"');
                        i += 2;
                        col += 2;
                        continue;
                    }
                    if (d == '"') {
                        closed = true;
                        i++;
                        col++;
                        break;
                    }
                    if (d == '\n') {
                        line++;
                        col = 1;
                    } else {
                        col++;
                    }
                    sb.append(d);
                    i++;
                }
                if (!closed) {
                    throw new FormatException(source, startLine, startCol, "unterminated string");
                }
                tokens.add(new Token(Kind.STRING, sb.toString(), startLine, startCol));
            } else if (c == '{' || c == '}' || c == ',') {
                Kind k = c == '{' ? Kind.OPEN : c == '}' ? Kind.CLOSE : Kind.COMMA;
                tokens.add(new Token(k, String.valueOf(c), startLine, startCol));
                i++;
                col++;
            } else {
                int j = i;
                while (j < n && !Character.isWhitespace(text.charAt(j)) && "{},\"".indexOf(text.charAt(j)) < 0) {
                    j++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(i, j), startLine, startCol));
                col += j - i;
                i = j;
            }
        }
        tokens.add(new Token(Kind.END, "", line, col));
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
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
}
