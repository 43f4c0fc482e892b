package org.equivariant.io;

/**
 * Input the project refuses — a malformed file, an invalid option, a size beyond a limit — with a message in the
 * project's words that names where (file:line:column, a JSON path or an option) and why. The command line prints the
 * message and exits with code 2; no stack trace is shown.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }
}
