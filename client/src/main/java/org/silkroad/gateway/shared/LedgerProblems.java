package org.silkroad.gateway.shared;

import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one table from ledger failures to HTTP problems. A chaincode's stable code is passed to the caller unchanged
 * as {@code code}; only its HTTP status is chosen here. Anything the caller cannot act on (peer messages, addresses)
 * stays in the log.
 */
public final class LedgerProblems {

    /**
     * HTTP status for each chaincode error code ({@code chaincode/.../shared/LedgerError}). Add a row when the
     * chaincode adds a code.
     */
    static final Map<String, HttpStatusCode> CHAINCODE_CODES = Map.of(
            "INVALID_ARGUMENT", HttpStatus.BAD_REQUEST,
            "NOT_FOUND", HttpStatus.NOT_FOUND,
            "FORBIDDEN", HttpStatus.FORBIDDEN,
            "CONFLICT", HttpStatus.CONFLICT,
            // The gateway called a transaction the deployed chaincode lacks: gateway and chaincode versions differ.
            "UNKNOWN_TRANSACTION", HttpStatus.BAD_GATEWAY,
            // The chaincode cannot read its own state: a defect, never the caller's fault.
            "INTERNAL", HttpStatus.INTERNAL_SERVER_ERROR);

    /**
     * A code the table does not know yet is still a deliberate business refusal by the chaincode (the caller's
     * request broke a rule), so 422 with the code preserved, rather than a server error.
     */
    static final HttpStatusCode UNKNOWN_CHAINCODE_CODE = HttpStatusCode.valueOf(422);

    /** Commit conflicts that a retry with the same request ID can resolve. */
    private static final Set<String> RETRYABLE_VALIDATION_CODES = Set.of("MVCC_READ_CONFLICT", "PHANTOM_READ_CONFLICT");

    /** What the caller is told about a ledger failure. */
    public record Problem(HttpStatusCode status, String code, String title, String detail, boolean retryable) {
    }

    private LedgerProblems() {
    }

    /** Classifies a ledger failure. */
    public static Problem of(LedgerException failure) {
        String code = failure.code().orElse(null);
        return switch (failure.kind()) {
            case REJECTED -> new Problem(CHAINCODE_CODES.getOrDefault(code, UNKNOWN_CHAINCODE_CODE), code,
                    "Rejected by the ledger", failure.getMessage(), false);
            case CHAINCODE_FAILED -> new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "CHAINCODE_ERROR",
                    "Chaincode error", "The chaincode failed without an error code.", false);
            case ACCESS_DENIED -> new Problem(HttpStatus.FORBIDDEN, "LEDGER_ACCESS_DENIED",
                    "Identity refused by the ledger", "The peer refused this caller's Fabric identity.", false);
            case UNAVAILABLE -> new Problem(HttpStatus.SERVICE_UNAVAILABLE, "LEDGER_UNAVAILABLE",
                    "Ledger unavailable",
                    "The ledger could not be reached. Retry later; a retry with the same request ID is safe.", true);
            case TIMEOUT -> new Problem(HttpStatus.GATEWAY_TIMEOUT, "LEDGER_TIMEOUT", "Ledger timeout",
                    "The ledger did not answer in time; the transaction may still commit. "
                            + "Retry with the same request ID to get its outcome.", true);
            case COMMIT_FAILED -> new Problem(HttpStatus.CONFLICT, "COMMIT_FAILED", "Transaction not committed",
                    "The transaction was invalidated at commit (" + code + ")."
                            + (RETRYABLE_VALIDATION_CODES.contains(code) ? " Retry with the same request ID." : ""),
                    RETRYABLE_VALIDATION_CODES.contains(code));
            case BAD_RESPONSE -> new Problem(HttpStatus.BAD_GATEWAY, "LEDGER_BAD_RESPONSE",
                    "Unexpected ledger response", "The ledger returned a result this gateway cannot read.", false);
            case FAILED -> new Problem(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR", "Ledger error",
                    "The ledger could not process the request.", false);
        };
    }

    /** The problem detail for a ledger failure, with {@code code}, {@code retryable} and the transaction ID. */
    public static ProblemDetail toProblemDetail(LedgerException failure) {
        Problem problem = of(failure);
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(problem.status(), problem.detail());
        detail.setTitle(problem.title());
        detail.setProperty("code", problem.code());
        detail.setProperty("retryable", problem.retryable());
        failure.transactionId().ifPresent(id -> detail.setProperty("transactionId", id));
        if (failure.kind() == LedgerException.Kind.COMMIT_FAILED) {
            detail.setProperty("validationCode", failure.code().orElseThrow());
        }
        return detail;
    }
}
