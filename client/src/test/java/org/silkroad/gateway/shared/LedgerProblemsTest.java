package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.ProblemDetail;

class LedgerProblemsTest {

    @ParameterizedTest
    @CsvSource({"INVALID_ARGUMENT, 400", "NOT_FOUND, 404", "FORBIDDEN, 403", "CONFLICT, 409",
            "UNKNOWN_TRANSACTION, 502", "INTERNAL, 500"})
    void maps_each_known_chaincode_code_to_its_status_and_keeps_the_code(String code, int status) {
        ProblemDetail problem = LedgerProblems.toProblemDetail(LedgerException.rejected(code, "because", "tx1"));

        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getProperties()).containsEntry("code", code).containsEntry("transactionId", "tx1")
                .containsEntry("retryable", false);
        assertThat(problem.getDetail()).isEqualTo("because");
    }

    @ParameterizedTest
    @CsvSource({"CURRENCY_EXISTS, 409, false", "UNKNOWN_CURRENCY, 404, false", "NOT_ISSUER, 403, false",
            "NOT_JURISDICTION, 403, false", "WALLET_NOT_FOUND, 404, false", "WALLET_FROZEN, 422, false",
            "WALLET_NOT_FROZEN, 409, false",
            "NOTE_NOT_FOUND, 409, true", "NOTE_SPENT, 409, true", "UNBALANCED, 422, false",
            "LIMIT_EXCEEDED, 422, false", "DEVICE_CAP_EXCEEDED, 422, false", "PAYMENT_ID_REUSED, 409, false",
            "REQUEST_ID_REUSED, 409, false", "UNKNOWN_TIER, 404, false", "QUOTE_EXPIRED, 422, false",
            "QUOTE_CLOSED, 422, false", "QUOTE_EXHAUSTED, 422, false", "AMOUNT_TOO_SMALL, 422, false",
            "AMOUNT_OVERFLOW, 400, false"})
    void maps_each_money_code_to_its_status_and_says_whether_a_retry_can_help(String code, int status,
                                                                              boolean retryable) {
        ProblemDetail problem = LedgerProblems.toProblemDetail(LedgerException.rejected(code, "because", "tx1"));

        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getProperties()).containsEntry("code", code).containsEntry("retryable", retryable);
    }

    @ParameterizedTest
    @CsvSource({"HASH_MISMATCH, 422", "DOCUMENT_VOID, 422", "NOT_HOLDER, 403", "BILL_NOT_ACTIVE, 422",
            "ALREADY_PLEDGED, 409", "NOT_PLEDGED, 422", "FOREIGN_CUSTOMS, 403", "DOCUMENT_MISMATCH, 422",
            "NO_RULES_IN_FORCE, 422", "DECLARATION_CLOSED, 409"})
    void maps_each_trade_and_customs_code_to_its_status(String code, int status) {
        ProblemDetail problem = LedgerProblems.toProblemDetail(LedgerException.rejected(code, "because", "tx1"));

        assertThat(problem.getStatus()).isEqualTo(status);
        assertThat(problem.getProperties()).containsEntry("code", code).containsEntry("retryable", false);
    }

    @Test
    void unknown_chaincode_code_is_422_with_the_code_preserved() {
        ProblemDetail problem = LedgerProblems.toProblemDetail(
                LedgerException.rejected("INSUFFICIENT_FUNDS", "wallet w holds 5", null));

        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getProperties()).containsEntry("code", "INSUFFICIENT_FUNDS")
                .doesNotContainKey("transactionId");
    }

    @Test
    void unreachable_ledger_is_503_and_retryable() {
        ProblemDetail problem = LedgerProblems.toProblemDetail(failure(LedgerException.Kind.UNAVAILABLE));

        assertThat(problem.getStatus()).isEqualTo(503);
        assertThat(problem.getProperties()).containsEntry("code", "LEDGER_UNAVAILABLE").containsEntry("retryable", true);
    }

    @Test
    void timeout_is_504_and_retryable() {
        ProblemDetail problem = LedgerProblems.toProblemDetail(failure(LedgerException.Kind.TIMEOUT));

        assertThat(problem.getStatus()).isEqualTo(504);
        assertThat(problem.getProperties()).containsEntry("code", "LEDGER_TIMEOUT").containsEntry("retryable", true)
                .containsEntry("transactionId", "tx9");
    }

    @Test
    void read_conflict_at_commit_is_409_commit_failed_retryable_with_the_validation_code() {
        ProblemDetail problem = LedgerProblems.toProblemDetail(
                LedgerException.commitFailed("MVCC_READ_CONFLICT", 12, "tx7"));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getProperties()).containsEntry("code", "COMMIT_FAILED")
                .containsEntry("validationCode", "MVCC_READ_CONFLICT")
                .containsEntry("transactionId", "tx7")
                .containsEntry("retryable", true);
    }

    @Test
    void endorsement_policy_failure_at_commit_is_not_retryable() {
        ProblemDetail problem = LedgerProblems.toProblemDetail(
                LedgerException.commitFailed("ENDORSEMENT_POLICY_FAILURE", 12, "tx7"));

        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getProperties()).containsEntry("validationCode", "ENDORSEMENT_POLICY_FAILURE")
                .containsEntry("retryable", false);
    }

    @Test
    void peer_messages_never_reach_the_caller() {
        LedgerException failure = new LedgerException(LedgerException.Kind.FAILED, null,
                "ABORTED: [MYMSP peer0.my.silkroad.test:9051] /var/hyperledger/production missing", "tx3", null);

        ProblemDetail problem = LedgerProblems.toProblemDetail(failure);

        assertThat(problem.getStatus()).isEqualTo(502);
        assertThat(problem.getProperties()).containsEntry("code", "LEDGER_ERROR");
        assertThat(problem.getDetail()).doesNotContain("peer0").doesNotContain("/var");
    }

    @Test
    void uncoded_chaincode_failure_is_a_500_that_hides_the_chaincode_message() {
        LedgerException failure = new LedgerException(LedgerException.Kind.CHAINCODE_FAILED, null,
                "chaincode response 500, java.lang.NullPointerException at Foo.java:12", null, null);

        ProblemDetail problem = LedgerProblems.toProblemDetail(failure);

        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getProperties()).containsEntry("code", "CHAINCODE_ERROR");
        assertThat(problem.getDetail()).doesNotContain("NullPointerException");
    }

    @Test
    void refused_identity_is_403() {
        ProblemDetail problem = LedgerProblems.toProblemDetail(failure(LedgerException.Kind.ACCESS_DENIED));

        assertThat(problem.getStatus()).isEqualTo(403);
        assertThat(problem.getProperties()).containsEntry("code", "LEDGER_ACCESS_DENIED");
    }

    private static LedgerException failure(LedgerException.Kind kind) {
        return new LedgerException(kind, null, "peer said something", "tx9", null);
    }
}
