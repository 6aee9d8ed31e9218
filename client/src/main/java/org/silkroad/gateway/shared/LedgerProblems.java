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

    /** How the gateway answers one chaincode error code: the HTTP status, and whether the same request may succeed
     * if simply sent again. */
    record Rule(HttpStatusCode status, boolean retryable) {
        static Rule of(HttpStatus status) {
            return new Rule(status, false);
        }

        static Rule retryable(HttpStatus status) {
            return new Rule(status, true);
        }
    }

    /**
     * The answer for each chaincode error code ({@code chaincode/.../shared/LedgerError}). Add a row when the
     * chaincode adds a code. Statuses: 400 the request is malformed, 403 the caller lacks the authority, 404 the thing
     * named does not exist, 409 the ID is taken or the state moved on, 422 a business rule refuses a well-formed
     * request.
     */
    static final Map<String, Rule> CHAINCODE_CODES = Map.ofEntries(
            Map.entry("INVALID_ARGUMENT", Rule.of(HttpStatus.BAD_REQUEST)),
            Map.entry("NOT_FOUND", Rule.of(HttpStatus.NOT_FOUND)),
            Map.entry("FORBIDDEN", Rule.of(HttpStatus.FORBIDDEN)),
            Map.entry("CONFLICT", Rule.of(HttpStatus.CONFLICT)),
            // The gateway called a transaction the deployed chaincode lacks: gateway and chaincode versions differ.
            Map.entry("UNKNOWN_TRANSACTION", Rule.of(HttpStatus.BAD_GATEWAY)),
            // The chaincode cannot read its own state: a defect, never the caller's fault.
            Map.entry("INTERNAL", Rule.of(HttpStatus.INTERNAL_SERVER_ERROR)),

            // Money (contract currency).
            Map.entry("CURRENCY_EXISTS", Rule.of(HttpStatus.CONFLICT)),
            Map.entry("UNKNOWN_CURRENCY", Rule.of(HttpStatus.NOT_FOUND)),
            Map.entry("NOT_ISSUER", Rule.of(HttpStatus.FORBIDDEN)),
            Map.entry("NOT_JURISDICTION", Rule.of(HttpStatus.FORBIDDEN)),
            Map.entry("WALLET_NOT_FOUND", Rule.of(HttpStatus.NOT_FOUND)),
            Map.entry("WALLET_FROZEN", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("WALLET_NOT_FROZEN", Rule.of(HttpStatus.CONFLICT)),
            // The gateway picks notes itself and retries these with others; when they still reach the caller, the
            // wallet's notes were moving under it, and the same request later will pick afresh.
            Map.entry("NOTE_NOT_FOUND", Rule.retryable(HttpStatus.CONFLICT)),
            Map.entry("NOTE_SPENT", Rule.retryable(HttpStatus.CONFLICT)),
            Map.entry("UNBALANCED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("LIMIT_EXCEEDED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("DEVICE_CAP_EXCEEDED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("PAYMENT_ID_REUSED", Rule.of(HttpStatus.CONFLICT)),
            Map.entry("REQUEST_ID_REUSED", Rule.of(HttpStatus.CONFLICT)),
            Map.entry("UNKNOWN_TIER", Rule.of(HttpStatus.NOT_FOUND)),
            Map.entry("QUOTE_EXPIRED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("QUOTE_CLOSED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("QUOTE_EXHAUSTED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("AMOUNT_TOO_SMALL", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("AMOUNT_OVERFLOW", Rule.of(HttpStatus.BAD_REQUEST)),

            // Trade documents, bills of lading (contract trade), customs clearance (contract customs).
            Map.entry("HASH_MISMATCH", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("DOCUMENT_VOID", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("NOT_HOLDER", Rule.of(HttpStatus.FORBIDDEN)),
            Map.entry("BILL_NOT_ACTIVE", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("ALREADY_PLEDGED", Rule.of(HttpStatus.CONFLICT)),
            Map.entry("NOT_PLEDGED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("FOREIGN_CUSTOMS", Rule.of(HttpStatus.FORBIDDEN)),
            Map.entry("DOCUMENT_MISMATCH", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("NO_RULES_IN_FORCE", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("DECLARATION_CLOSED", Rule.of(HttpStatus.CONFLICT)),

            // Escrow, disputes and credit attestations (contracts escrow, dispute, credit).
            Map.entry("ESCROW_CONDITIONS_UNMET", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("ESCROW_NOT_EXPIRED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("ESCROW_CLOSED", Rule.of(HttpStatus.CONFLICT)),
            Map.entry("ESCROW_DISPUTED", Rule.of(HttpStatus.CONFLICT)),
            Map.entry("ESCROW_UNDERFUNDED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("WRONG_COURT", Rule.of(HttpStatus.FORBIDDEN)),
            Map.entry("DISPUTE_CLOSED", Rule.of(HttpStatus.CONFLICT)),
            Map.entry("RULING_UNBALANCED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("NOT_A_BUSINESS", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("NO_CONSENT", Rule.of(HttpStatus.FORBIDDEN)),
            Map.entry("ATTESTATION_REVOKED", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)),
            Map.entry("ATTESTATION_MISMATCH", Rule.of(HttpStatus.UNPROCESSABLE_CONTENT)));

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
            case REJECTED -> {
                Rule rule = CHAINCODE_CODES.getOrDefault(code, new Rule(UNKNOWN_CHAINCODE_CODE, false));
                yield new Problem(rule.status(), code, "Rejected by the ledger", failure.getMessage(), rule.retryable());
            }
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
