package org.silkroad.ops.evidence;

/** One check of a bundle failed; the message names what (block, transaction, identity) and why. */
final class VerificationException extends RuntimeException {
    VerificationException(String message) {
        super(message);
    }
}
