package org.silkroad.gateway.shared;

import java.util.Objects;
import java.util.Optional;

/**
 * A ledger call failed. {@link #kind()} says how, {@link #code()} carries the stable code when there is one
 * (the chaincode's {@code NOT_FOUND}, the commit's {@code MVCC_READ_CONFLICT}), {@link #transactionId()} the
 * transaction concerned. {@link #getMessage()} is what the chaincode or peer said, meant for logs; the REST layer
 * decides what the caller sees (see {@link LedgerProblems}).
 */
public final class LedgerException extends RuntimeException {

    /** How a ledger call failed. */
    public enum Kind {
        /** The chaincode refused with a stable code at the start of its message ({@code NOT_FOUND: ...}). */
        REJECTED,
        /** The chaincode failed without a stable code (a chaincode bug or a shim error). */
        CHAINCODE_FAILED,
        /** The peer refused the caller's identity (unknown CA, revoked, not allowed on the channel). */
        ACCESS_DENIED,
        /** The peer, orderers or other endorsers could not be reached. Safe to retry. */
        UNAVAILABLE,
        /** A deadline expired; the transaction may or may not commit. Safe to retry with the same request ID. */
        TIMEOUT,
        /** The transaction was ordered but invalidated at commit (e.g. MVCC_READ_CONFLICT). */
        COMMIT_FAILED,
        /** The ledger answered with something this gateway cannot interpret. */
        BAD_RESPONSE,
        /** Any other refusal by the Fabric Gateway service. */
        FAILED
    }

    private final Kind kind;
    private final String code;
    private final String transactionId;
    private final boolean ordered;

    public LedgerException(Kind kind, String code, String message, String transactionId, Throwable cause) {
        this(kind, code, message, transactionId, cause, true);
    }

    private LedgerException(Kind kind, String code, String message, String transactionId, Throwable cause,
                            boolean ordered) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = code;
        this.transactionId = transactionId;
        this.ordered = ordered;
    }

    /**
     * The same failure, known to have happened before the transaction was sent to the orderers (at endorsement): it
     * cannot commit, whatever its kind.
     */
    public LedgerException beforeOrdering() {
        return new LedgerException(kind, code, getMessage(), transactionId, getCause(), false);
    }

    /**
     * Whether the transaction may have reached the orderers: false only for failures at endorsement. A failure that
     * may have been ordered and has no definite outcome (deadline, connection lost) may still commit.
     */
    public boolean mayHaveBeenOrdered() {
        return ordered;
    }

    /** The chaincode refused with {@code code}; {@code message} is the text after the code. */
    public static LedgerException rejected(String code, String message, String transactionId) {
        return new LedgerException(Kind.REJECTED, Objects.requireNonNull(code, "code"), message, transactionId, null);
    }

    /** The transaction committed as invalid with the given validation code. */
    public static LedgerException commitFailed(String validationCode, long blockNumber, String transactionId) {
        return new LedgerException(Kind.COMMIT_FAILED, Objects.requireNonNull(validationCode, "validationCode"),
                "transaction invalidated in block " + blockNumber + " with " + validationCode, transactionId, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The chaincode error code or commit validation code, if there is one. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    public Optional<String> transactionId() {
        return Optional.ofNullable(transactionId);
    }
}
