package org.silkroad.chaincode.system;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkroad.chaincode.shared.BuildInfo;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.FakeStub;
import org.silkroad.chaincode.testing.TestIdentities;

class SystemContractTest {

    private static final Instant T1 = Instant.parse("2025-11-28T13:01:02.123456789Z");
    private static final Instant T2 = Instant.parse("2025-11-28T13:05:00Z");
    private static final String PING_KEY_R1 = "\u0000silkroad.system.ping\u0000r-1\u0000";

    private final SystemContract contract = new SystemContract();
    private final FakeLedger ledger = new FakeLedger();
    private final byte[] cnBank = TestIdentities.creator("CNMSP", "bank");

    /** Proposes, runs and commits one transaction, as an endorse-order-validate round would. */
    private String submit(byte[] creator, Instant at, String function, java.util.function.Function<Context, String> tx) {
        FakeStub stub = ledger.propose(creator, at, function);
        String result = tx.apply(new Context(stub));
        ledger.commit(stub);
        return result;
    }

    private String ping(byte[] creator, Instant at, String requestJson) {
        return submit(creator, at, "system:ping", ctx -> contract.ping(ctx, requestJson));
    }

    private static String expectedVersion() {
        return System.getProperty("silkroad.expected.version", BuildInfo.version());
    }

    @Nested
    class Ping {

        @Test
        void records_the_caller_transaction_and_timestamp_under_the_request_id() {
            FakeStub stub = ledger.propose(cnBank, T1, "system:ping");

            String result = contract.ping(new Context(stub), "{\"requestId\":\"r-1\"}");

            String expected = "{\"chaincodeVersion\":\"" + expectedVersion() + "\",\"creatorMspId\":\"CNMSP\","
                    + "\"creatorRole\":\"bank\",\"requestId\":\"r-1\",\"timestamp\":\"2025-11-28T13:01:02.123456789Z\","
                    + "\"txId\":\"" + stub.getTxId() + "\"}";
            assertThat(result).isEqualTo(expected);
            assertThat(stub.writes()).containsOnlyKeys(PING_KEY_R1);
            assertThat(new String(stub.writes().get(PING_KEY_R1), UTF_8)).isEqualTo(expected);
        }

        @Test
        void emits_the_pinged_event_with_the_record_as_payload() {
            String result = ping(cnBank, T1, "{\"requestId\":\"r-1\"}");

            assertThat(ledger.events()).singleElement().satisfies(event -> {
                assertThat(event.name()).isEqualTo("system.Pinged");
                assertThat(event.payloadText()).isEqualTo(result);
            });
        }

        @Test
        void returns_first_result_when_same_request_id_is_retried() {
            String first = ping(cnBank, T1, "{\"requestId\":\"r-1\"}");
            FakeStub retry = ledger.propose(cnBank, T2, "system:ping");

            String second = contract.ping(new Context(retry), "{\"requestId\":\"r-1\"}");

            assertThat(second).isEqualTo(first);
            assertThat(retry.writes()).isEmpty();
            assertThat(retry.eventName()).isNull();
        }

        @Test
        void applies_a_retry_from_another_identity_of_the_same_state_and_role_as_a_retry() {
            String first = ping(cnBank, T1, "{\"requestId\":\"r-1\"}");

            String second = ping(TestIdentities.creator("CNMSP", "bank"), T2, "{\"requestId\":\"r-1\"}");

            assertThat(second).isEqualTo(first);
            assertThat(ledger.events()).hasSize(1);
        }

        @Test
        void keeps_pings_with_different_request_ids_apart() {
            ping(cnBank, T1, "{\"requestId\":\"r-1\"}");
            ping(cnBank, T2, "{\"requestId\":\"r-2\"}");

            assertThat(ledger.keys()).containsExactly(PING_KEY_R1, "\u0000silkroad.system.ping\u0000r-2\u0000");
            assertThat(ledger.events()).hasSize(2);
        }

        @Test
        void refuses_a_request_id_already_used_by_another_member_state() {
            ping(cnBank, T1, "{\"requestId\":\"r-1\"}");
            FakeStub other = ledger.propose(TestIdentities.creator("MYMSP", "bank"), T2, "system:ping");

            assertThatThrownBy(() -> contract.ping(new Context(other), "{\"requestId\":\"r-1\"}"))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessageStartingWith("CONFLICT: requestId r-1 was already used by CNMSP/bank in transaction ");
            assertThat(other.writes()).isEmpty();
        }

        @Test
        void refuses_a_request_id_already_used_by_another_role_of_the_same_state() {
            ping(cnBank, T1, "{\"requestId\":\"r-1\"}");
            FakeStub customs = ledger.propose(TestIdentities.creator("CNMSP", "customs"), T2, "system:ping");

            assertThatThrownBy(() -> contract.ping(new Context(customs), "{\"requestId\":\"r-1\"}"))
                    .hasMessageStartingWith("CONFLICT: ");
        }

        @Test
        void records_a_caller_without_role_leaving_the_role_out() {
            String result = ping(TestIdentities.creator("RWMSP", null), T1, "{\"requestId\":\"r-1\"}");

            assertThat(result).contains("\"creatorMspId\":\"RWMSP\"").doesNotContain("creatorRole");
        }

        @Test
        void writes_identical_bytes_on_every_endorsing_peer() {
            // Two peers of two states simulate the same proposal: same creator, timestamp and transaction ID.
            FakeLedger peerOfCn = new FakeLedger();
            FakeLedger peerOfMy = new FakeLedger();
            FakeStub onCn = peerOfCn.propose(cnBank, T1, "system:ping");
            FakeStub onMy = peerOfMy.propose(cnBank, T1, "system:ping");

            String fromCn = contract.ping(new Context(onCn), "{\"requestId\":\"r-1\"}");
            String fromMy = new SystemContract().ping(new Context(onMy), "{\"requestId\":\"r-1\"}");

            assertThat(fromMy).isEqualTo(fromCn);
            assertThat(onMy.writes().get(PING_KEY_R1)).isEqualTo(onCn.writes().get(PING_KEY_R1));
            assertThat(onMy.eventPayload()).isEqualTo(onCn.eventPayload());
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"requestId\":\"\"}",
            "{\"requestId\":\"has space\"}",
            "{\"requestId\":\"slash/inside\"}",
            "{\"requestId\":\"nul\\u0000inside\"}",
            "{\"requestId\":\"caf\u00e9\"}",
            "{\"requestId\":\"r-1\\n\"}",
            "{\"requestId\":7}",
            "{\"requestId\":null}",
            "{}",
            "{\"requestId\":\"r-1\",\"note\":\"x\"}",
            "{\"requestId\":\"r-1\"",
            "r-1",
            ""
        })
        void rejects_malformed_request(String requestJson) {
            FakeStub stub = ledger.propose(cnBank, T1, "system:ping");

            assertThatThrownBy(() -> contract.ping(new Context(stub), requestJson))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessageStartingWith("INVALID_ARGUMENT: ");
            assertThat(stub.writes()).isEmpty();
            assertThat(stub.eventName()).isNull();
        }

        @Test
        void rejects_a_request_id_over_128_characters_and_accepts_128() {
            String longest = "a".repeat(128);

            assertThat(ping(cnBank, T1, "{\"requestId\":\"" + longest + "\"}")).contains(longest);
            assertThatThrownBy(() -> ping(cnBank, T1, "{\"requestId\":\"" + longest + "b\"}"))
                    .hasMessageStartingWith("INVALID_ARGUMENT: requestId " + "a".repeat(64) + "...(129 chars)");
        }

        @Test
        void accepts_every_allowed_punctuation_in_request_ids() {
            assertThat(ping(cnBank, T1, "{\"requestId\":\"Ab9._:-\"}")).contains("\"requestId\":\"Ab9._:-\"");
        }

        @Test
        void refuses_a_caller_that_is_not_a_member_state() {
            FakeStub stub = ledger.propose(TestIdentities.creator("Org1MSP", "bank"), T1, "system:ping");

            assertThatThrownBy(() -> contract.ping(new Context(stub), "{\"requestId\":\"r-1\"}"))
                    .hasMessageStartingWith("FORBIDDEN: caller's MSP ID Org1MSP");
            assertThat(stub.writes()).isEmpty();
        }

        @Test
        void reports_an_unreadable_stored_record_as_internal() {
            ledger.put(PING_KEY_R1, "{\"requestId\":\"r-1\"".getBytes(UTF_8));
            FakeStub stub = ledger.propose(cnBank, T1, "system:ping");

            assertThatThrownBy(() -> contract.ping(new Context(stub), "{\"requestId\":\"r-1\"}"))
                    .hasMessageStartingWith("INTERNAL: state /silkroad.system.ping/r-1/ does not read as a PingRecord");
        }
    }

    @Nested
    class ReadPing {

        @Test
        void returns_the_stored_record() {
            String pinged = ping(cnBank, T1, "{\"requestId\":\"r-1\"}");
            FakeStub query = ledger.propose(TestIdentities.creator("BEMSP", "court"), T2, "system:readPing");

            assertThat(contract.readPing(new Context(query), "r-1")).isEqualTo(pinged);
            assertThat(query.writes()).isEmpty();
        }

        @Test
        void reports_not_found_for_an_unknown_request_id() {
            FakeStub query = ledger.propose(cnBank, T1, "system:readPing");

            assertThatThrownBy(() -> contract.readPing(new Context(query), "r-404"))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessage("NOT_FOUND: no ping with requestId r-404");
        }

        @Test
        void rejects_a_malformed_request_id() {
            FakeStub query = ledger.propose(cnBank, T1, "system:readPing");

            assertThatThrownBy(() -> contract.readPing(new Context(query), "{\"requestId\":\"r-1\"}"))
                    .hasMessageStartingWith("INVALID_ARGUMENT: requestId {\"requestId\":\"r-1\"} must be");
        }
    }

    @Nested
    class Noop {

        @Test
        void reads_and_writes_nothing_and_names_its_transaction() {
            FakeStub stub = ledger.propose(cnBank, T1, "system:noop");

            String result = contract.noop(new Context(stub));

            assertThat(result).isEqualTo("{\"txId\":\"" + stub.getTxId() + "\"}");
            assertThat(stub.reads()).isEmpty();
            assertThat(stub.writes()).isEmpty();
        }
    }

    @Nested
    class Version {

        @Test
        void names_the_chaincode_its_build_version_and_its_contracts() {
            FakeStub query = ledger.propose(cnBank, T1, "system:version");

            assertThat(contract.version(new Context(query)))
                    .isEqualTo("{\"chaincode\":\"silkroad\",\"contracts\":[\"system\",\"currency\",\"trade\",\"customs\",\"escrow\",\"dispute\",\"credit\"],\"version\":\""
                            + expectedVersion() + "\"}");
        }

        @Test
        void reports_the_version_maven_built() {
            String expected = System.getProperty("silkroad.expected.version");
            org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "run by Maven, which passes the version");

            assertThat(BuildInfo.version()).isEqualTo(expected).doesNotContain("${");
        }
    }

    @Nested
    class UnknownTransaction {

        @Test
        void reports_a_stable_code_naming_the_transaction() {
            FakeStub stub = ledger.propose(cnBank, T1, "system:transfer");

            assertThatThrownBy(() -> contract.unknownTransaction(new Context(stub)))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessage("UNKNOWN_TRANSACTION: contract system has no transaction system:transfer");
        }
    }
}
