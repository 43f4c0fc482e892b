package org.equivariant.cli;

import org.equivariant.io.InputException;

/** An invalid command-line option value; the message starts with the option's name. Exit code 2. */
final class UsageException extends InputException {
    UsageException(String message) {
        super(message);
    }
}
