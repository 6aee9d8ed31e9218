package org.silkroad.chaincode.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    /** Components deliberately declared out of alphabetical order. */
    record Shipment(String zone, long amountMinor, Map<String, Long> lines, String alpha, Role role, MspId state) {}

    record Amount(long minorUnits, String currency) {}

    record Text(String value) {}

    record Rate(double value) {}

    record Payee(MspId state) {}

    record Party(MspId state, Role role, List<RequestId> requests) {}

    @Nested
    class Writing {

        @Test
        void writes_properties_and_map_keys_in_sorted_order_without_whitespace() {
            Map<String, Long> lines = new LinkedHashMap<>();
            lines.put("tea", 2L);
            lines.put("silk", 1L);

            String json = Json.write(new Shipment("DFTZ-1", 1500, lines, "a", Role.CENTRAL_BANK, MspId.of("CNMSP")));

            assertThat(json)
                    .isEqualTo("{\"alpha\":\"a\",\"amountMinor\":1500,\"lines\":{\"silk\":1,\"tea\":2},"
                            + "\"role\":\"central-bank\",\"state\":\"CNMSP\",\"zone\":\"DFTZ-1\"}");
        }

        @Test
        void writes_identical_bytes_for_equal_values_built_in_different_orders() {
            Map<String, Long> forwards = new LinkedHashMap<>();
            Map<String, Long> backwards = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                forwards.put("line-" + i, (long) i);
                backwards.put("line-" + (49 - i), (long) (49 - i));
            }

            byte[] first = Json.bytes(new Shipment("z", 1, forwards, "a", Role.BANK, MspId.of("MYMSP")));
            byte[] second = Json.bytes(new Shipment("z", 1, backwards, "a", Role.BANK, MspId.of("MYMSP")));

            assertThat(second).isEqualTo(first);
        }

        @Test
        void leaves_out_null_properties() {
            assertThat(Json.write(new Shipment(null, 7, Map.of(), null, null, null)))
                    .isEqualTo("{\"amountMinor\":7,\"lines\":{}}");
        }

        @Test
        void refuses_to_write_floating_point() {
            assertThatThrownBy(() -> Json.write(new Rate(0.1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasRootCauseMessage("floating point is not written to the ledger: 0.1");
            assertThatThrownBy(() -> Json.write(Map.of("rate", 0.5f))).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void writes_long_values_exactly() {
            assertThat(Json.write(new Amount(Long.MAX_VALUE, "CNY")))
                    .isEqualTo("{\"currency\":\"CNY\",\"minorUnits\":9223372036854775807}");
        }
    }

    @Nested
    class ParsingArguments {

        @Test
        void reads_a_valid_argument() {
            assertThat(Json.parseArgument("{\"currency\":\"CNY\",\"minorUnits\":1500}", Amount.class))
                    .isEqualTo(new Amount(1500, "CNY"));
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"currency\":\"CNY\"", // not JSON
            "[1,2]", // not an object
            "{\"currency\":\"CNY\",\"minorUnits\":1,\"extra\":true}", // unknown property
            "{\"currency\":\"CNY\",\"currency\":\"USD\",\"minorUnits\":1}", // duplicate key
            "{\"currency\":\"CNY\",\"minorUnits\":1} {}", // trailing content
            "{\"currency\":\"CNY\",\"minorUnits\":1.5}", // floating point for an integer
            "{\"currency\":\"CNY\",\"minorUnits\":1.0}", // floating point even when whole
            "{\"currency\":\"CNY\",\"minorUnits\":\"15\"}", // text for a number
            "{\"currency\":42,\"minorUnits\":1}", // number for text
            "{\"currency\":true,\"minorUnits\":1}", // boolean for text
            "{\"currency\":\"CNY\",\"minorUnits\":null}", // null for a primitive
            "{\"currency\":\"CNY\",\"minorUnits\":99999999999999999999}", // beyond long
            "null",
            "",
            "   "
        })
        void rejects_anything_but_exactly_the_expected_json(String json) {
            assertThatThrownBy(() -> Json.parseArgument(json, Amount.class))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessageStartingWith("INVALID_ARGUMENT: Amount ");
        }

        @Test
        void rejects_null_input() {
            assertThatThrownBy(() -> Json.parseArgument(null, Amount.class))
                    .hasMessage("INVALID_ARGUMENT: Amount is required, got no JSON");
        }

        @Test
        void rejects_floating_point_even_where_a_record_declares_it() {
            assertThatThrownBy(() -> Json.parseArgument("{\"value\":0.1}", Rate.class))
                    .hasMessageStartingWith("INVALID_ARGUMENT: Rate is not valid JSON for it: floating point");
        }

        @Test
        void passes_on_the_code_a_value_type_threw_while_checking_itself() {
            assertThatThrownBy(() -> Json.parseArgument("{\"state\":\"Org1MSP\"}", Payee.class))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessage("INVALID_ARGUMENT: MSP ID Org1MSP is not of the form <ISO 3166 alpha-2 code>MSP");
        }

        @Test
        void reads_value_types_from_plain_json_strings() {
            assertThat(Json.parseArgument(
                            "{\"requests\":[\"r-1\"],\"role\":\"central-bank\",\"state\":\"RWMSP\"}", Party.class))
                    .isEqualTo(new Party(MspId.of("RWMSP"), Role.CENTRAL_BANK, List.of(RequestId.of("r-1"))));
        }

        @Test
        void does_not_accept_text_fields_as_numbers() {
            assertThatThrownBy(() -> Json.parseArgument("{\"value\":5}", Text.class))
                    .hasMessageStartingWith("INVALID_ARGUMENT: Text is not valid JSON for it");
        }
    }

    @Nested
    class ParsingState {

        @Test
        void reads_back_what_it_wrote() {
            Amount amount = new Amount(42, "MYR");

            assertThat(Json.parseState(Json.bytes(amount), Amount.class, "k")).isEqualTo(amount);
        }

        @Test
        void reports_unreadable_state_as_internal_naming_the_key() {
            assertThatThrownBy(() -> Json.parseState(
                            "{\"minorUnits\":\"x\"}".getBytes(), Amount.class, "\u0000silkroad.x\u0000r-1\u0000"))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessageStartingWith("INTERNAL: state /silkroad.x/r-1/ does not read as a Amount");
        }
    }
}
