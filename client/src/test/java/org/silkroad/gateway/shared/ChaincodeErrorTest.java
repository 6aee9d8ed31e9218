package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChaincodeErrorTest {

    @Test
    void reads_code_and_message_from_an_endorser_error_detail() {
        assertThat(ChaincodeError.parse("chaincode response 500, NOT_FOUND: no ping with request ID r-1"))
                .contains(new ChaincodeError("NOT_FOUND", "no ping with request ID r-1"));
    }

    @Test
    void reads_code_from_the_evaluate_status_message() {
        String status = "evaluate call to endorser returned error: chaincode response 500, "
                + "INVALID_ARGUMENT: requestId must not be empty";

        assertThat(ChaincodeError.parse(status))
                .contains(new ChaincodeError("INVALID_ARGUMENT", "requestId must not be empty"));
    }

    @Test
    void reads_codes_the_table_does_not_know_yet() {
        assertThat(ChaincodeError.parse("chaincode response 500, INSUFFICIENT_FUNDS: wallet w holds 5 CNY"))
                .contains(new ChaincodeError("INSUFFICIENT_FUNDS", "wallet w holds 5 CNY"));
    }

    @Test
    void keeps_multi_line_messages_whole() {
        assertThat(ChaincodeError.parse("chaincode response 500, CONFLICT: first line\nsecond line"))
                .map(ChaincodeError::message).contains("first line\nsecond line");
    }

    @Test
    void chaincode_message_without_code_is_a_chaincode_response_but_not_coded() {
        String message = "chaincode response 500, Undefined contract method called";

        assertThat(ChaincodeError.parse(message)).isEmpty();
        assertThat(ChaincodeError.isChaincodeResponse(message)).isTrue();
    }

    @Test
    void peer_errors_are_not_chaincode_errors() {
        String message = "error validating proposal: access denied";

        assertThat(ChaincodeError.parse(message)).isEmpty();
        assertThat(ChaincodeError.isChaincodeResponse(message)).isFalse();
        assertThat(ChaincodeError.parse(null)).isEmpty();
    }

    @Test
    void lower_case_prefixes_are_not_codes() {
        assertThat(ChaincodeError.parse("chaincode response 500, error: something broke")).isEmpty();
    }
}
