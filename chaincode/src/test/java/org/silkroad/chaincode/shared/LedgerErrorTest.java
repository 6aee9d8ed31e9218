package org.silkroad.chaincode.shared;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LedgerErrorTest {

    @Nested
    class Exception {

        @Test
        void message_starts_with_the_code_then_the_facts() {
            ChaincodeException e = LedgerError.NOT_FOUND.exception("no ping with requestId %s", "r-1");

            assertThat(e.getMessage()).isEqualTo("NOT_FOUND: no ping with requestId r-1");
        }

        @Test
        void payload_carries_the_code_and_the_facts_as_json() {
            ChaincodeException e = LedgerError.CONFLICT.exception("requestId %s already used by %s", "r-1", "MYMSP");

            assertThat(new String(e.getPayload(), UTF_8))
                    .isEqualTo("{\"code\":\"CONFLICT\",\"detail\":\"requestId r-1 already used by MYMSP\"}");
        }

        @Test
        void formats_numbers_independently_of_the_default_locale() {
            ChaincodeException e = LedgerError.INVALID_ARGUMENT.exception("amount %,d too large", 1234567);

            assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: amount 1,234,567 too large");
        }
    }

    @Nested
    class FromMessage {

        @Test
        void reads_the_code_back_from_a_message() {
            String message = LedgerError.FORBIDDEN.exception("caller %s", "CNMSP/bank").getMessage();

            assertThat(LedgerError.fromMessage(message)).contains(LedgerError.FORBIDDEN);
        }

        @Test
        void finds_no_code_in_a_message_that_does_not_start_with_one() {
            assertThat(LedgerError.fromMessage("Unexpected error")).isEmpty();
            assertThat(LedgerError.fromMessage("NOT_A_CODE: x")).isEmpty();
            assertThat(LedgerError.fromMessage(null)).isEmpty();
        }
    }

    @Nested
    class Excerpt {

        @Test
        void keeps_short_values_whole() {
            assertThat(LedgerError.excerpt("r-1")).isEqualTo("r-1");
        }

        @Test
        void cuts_long_values_and_notes_their_length() {
            assertThat(LedgerError.excerpt("x".repeat(10_000)))
                    .isEqualTo("x".repeat(64) + "...(10000 chars)");
        }
    }
}
