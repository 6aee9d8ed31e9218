package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.grpc.Status;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.junit.jupiter.api.Test;

/** The pieces of both payment paths that need no network: requests, results, failure codes, note settlement. */
class PaymentPathsTest {

    @Test
    void pay_request_names_one_input_the_payee_first_and_the_change_second() {
        assertThat(DirectPayments.payRequest("p-1", "CNY", "tx9:3", "CNMSP/bench-040", 250, "CNMSP/bench-001", 750))
                .isEqualTo("{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"tx9:3\"],\"outputs\":["
                        + "{\"wallet\":\"CNMSP/bench-040\",\"amount\":250},{\"wallet\":\"CNMSP/bench-001\",\"amount\":750}]}");
        assertThat(DirectPayments.payRequest("p-2", "CNY", "tx9:4", "CNMSP/bench-040", 1000, "CNMSP/bench-001", 0))
                .doesNotContain("bench-001");
    }

    @Test
    void change_note_is_read_from_the_payment_record_else_derived_from_the_transaction() {
        String record = "{\"outputs\":[{\"wallet\":\"CNMSP/bench-040\",\"amount\":250,\"noteId\":\"abc:0\"},"
                + "{\"wallet\":\"CNMSP/bench-001\",\"amount\":750,\"noteId\":\"abc:1\"}],\"txId\":\"abc\"}";

        assertThat(DirectPayments.changeNote(committed("abc", record), "CNMSP/bench-001", 750))
                .isEqualTo(new NotePool.Note("abc:1", 750));
        assertThat(DirectPayments.changeNote(committed("def", "not json"), "CNMSP/bench-001", 750))
                .isEqualTo(new NotePool.Note("def:1", 750));
    }

    @Test
    void a_failed_payment_gives_its_note_back_only_when_nothing_can_have_been_written() {
        assertThat(settle(DirectLedger.Stage.INVALID, "MVCC_READ_CONFLICT")).isEqualTo("released");
        assertThat(settle(DirectLedger.Stage.ENDORSE, "ENDORSE_UNAVAILABLE")).isEqualTo("released");
        assertThat(settle(DirectLedger.Stage.ENDORSE, "NOTE_SPENT")).isEqualTo("written off");
        assertThat(settle(DirectLedger.Stage.ENDORSE, "NOTE_NOT_FOUND")).isEqualTo("written off");
        assertThat(settle(DirectLedger.Stage.SUBMIT, "SUBMIT_UNAVAILABLE")).isEqualTo("written off");
        assertThat(settle(DirectLedger.Stage.COMMIT_STATUS, "COMMIT_STATUS_DEADLINE_EXCEEDED")).isEqualTo("written off");
    }

    @Test
    void fabric_failures_are_named_by_the_chaincode_code_else_by_step_and_status() {
        ErrorDetail endorser = ErrorDetail.newBuilder().setMspId("MYMSP").setAddress("127.0.0.1:9051")
                .setMessage("chaincode response 500, NOTE_SPENT: note tx:1 was spent by payment p-7").build();

        assertThat(FabricFailures.code("ENDORSE", Status.ABORTED.withDescription("failed to endorse transaction"),
                List.of(endorser))).isEqualTo("NOTE_SPENT");
        assertThat(FabricFailures.code("ENDORSE", Status.ABORTED.withDescription(
                "chaincode response 500, something without a code"), List.of())).isEqualTo("CHAINCODE_ERROR");
        assertThat(FabricFailures.code("SUBMIT", Status.UNAVAILABLE, List.of())).isEqualTo("SUBMIT_UNAVAILABLE");
        assertThat(FabricFailures.describe(Status.ABORTED.withDescription("x"), List.of(endorser)))
                .startsWith("ABORTED: x; [MYMSP 127.0.0.1:9051] chaincode response 500, NOTE_SPENT");
    }

    @Test
    void rest_failures_are_named_by_validation_code_then_problem_code_then_status() {
        assertThat(RestPayments.problemCode(409, "{\"code\":\"COMMIT_FAILED\",\"validationCode\":\"MVCC_READ_CONFLICT\"}"))
                .isEqualTo("MVCC_READ_CONFLICT");
        assertThat(RestPayments.problemCode(409, "{\"code\":\"NOTE_SPENT\",\"status\":409}")).isEqualTo("NOTE_SPENT");
        assertThat(RestPayments.problemCode(502, "<html>Bad Gateway</html>")).isEqualTo("HTTP_502");
        assertThat(RestPayments.problemCode(500, "")).isEqualTo("HTTP_500");
    }

    @Test
    void rest_amounts_are_decimal_strings_of_major_units() {
        assertThat(RestPayments.decimal(1234, 2)).isEqualTo("12.34");
        assertThat(RestPayments.decimal(5, 2)).isEqualTo("0.05");
        assertThat(RestPayments.decimal(7, 0)).isEqualTo("7");
    }

    private static DirectLedger.Outcome committed(String txId, String result) {
        return new DirectLedger.Outcome(true, null, null, null, txId, result.getBytes(StandardCharsets.UTF_8), 1);
    }

    private static String settle(DirectLedger.Stage stage, String code) {
        NotePool pool = new NotePool("CNMSP/bench-001");
        pool.add(new NotePool.Note("n:0", 100));
        NotePool.Note note = pool.tryTake(1).orElseThrow();
        DirectPayments.settleFailed(pool, note, new DirectLedger.Outcome(false, stage, code, null, "t", null, 1));
        return pool.available() == 1 ? "released" : pool.writtenOff() == 1 ? "written off" : "lost";
    }
}
