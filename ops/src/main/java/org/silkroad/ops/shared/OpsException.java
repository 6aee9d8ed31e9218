package org.silkroad.ops.shared;

/**
 * A failure the operator can act on (a missing file, a bad option): the CLI prints the message alone, without a
 * stack trace, and exits with {@link #EXIT_CODE}.
 */
public final class OpsException extends RuntimeException {

    /** Exit code for "the command could not run", distinct from 1 ("it ran and found a problem"). */
    public static final int EXIT_CODE = 2;

    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
