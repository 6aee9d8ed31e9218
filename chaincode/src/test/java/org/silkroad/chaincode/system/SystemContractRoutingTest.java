package org.silkroad.chaincode.system;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.FakeStub;
import org.silkroad.chaincode.testing.TestIdentities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The contract as the shim serves it: found by the shim's classpath scan, called by name with string arguments, its
 * errors turned into responses. This is what the annotations promise a client.
 */
class SystemContractRoutingTest {

    /** Kept here so that the levels set below are not lost with a collected logger. */
    private static final List<Logger> QUIETED = new ArrayList<>();

    private static ContractRouter router;

    private final FakeLedger ledger = new FakeLedger();
    private final byte[] creator = TestIdentities.creator("CNMSP", "business");

    @BeforeAll
    static void startRouter() throws Exception {
        router = new ContractRouter(new String[] {"-i", "silkroad:test"});
        // The shim logs every request and every error response at INFO and above; the assertions say what matters.
        for (String name : List.of("", "org.hyperledger.fabric", "org.hyperledger.fabric.shim",
                "org.hyperledger.fabric.contract", "org.hyperledger")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.OFF);
            QUIETED.add(logger);
        }
        // Registers the contracts and builds the metadata as in service mode, without opening a port.
        router.startRouterWithChaincodeServer(new ChaincodeServer() {
            @Override
            public void start() {}

            @Override
            public void stop() {}
        });
    }

    private Response invoke(String... args) {
        FakeStub stub = ledger.propose(creator, Instant.parse("2025-11-28T13:00:00Z"), args);
        Response response = router.invoke(stub);
        ledger.commit(stub);
        return response;
    }

    @Nested
    class Metadata {

        private JsonNode transaction(String name) {
            Response response = invoke("org.hyperledger.fabric:GetMetadata");
            JsonNode transactions = JsonMapper.builder().build()
                    .readTree(response.getStringPayload())
                    .path("contracts").path("system").path("transactions");
            for (JsonNode tx : transactions) {
                if (tx.path("name").asString().equals(name)) {
                    return tx;
                }
            }
            throw new AssertionError("no transaction " + name + " in " + transactions);
        }

        private List<String> tags(String name) {
            List<String> tags = new ArrayList<>();
            transaction(name).path("tags").forEach(tag -> tags.add(tag.asString()));
            return tags;
        }

        @Test
        void marks_ping_as_submit() {
            assertThat(tags("ping")).contains("SUBMIT").doesNotContain("EVALUATE");
        }

        @Test
        void marks_every_query_as_evaluate() {
            assertThat(tags("readPing")).contains("EVALUATE").doesNotContain("SUBMIT");
            assertThat(tags("version")).contains("EVALUATE").doesNotContain("SUBMIT");
        }

        @Test
        void takes_and_returns_plain_strings() {
            assertThat(transaction("ping").path("parameters").get(0).path("schema").path("type").asString())
                    .isEqualTo("string");
            assertThat(transaction("ping").path("returns").path("type").asString()).isEqualTo("string");
        }
    }

    @Nested
    class Invocation {

        @Test
        void returns_the_ping_record_as_the_payload_unchanged() {
            Response pinged = invoke("system:ping", "{\"requestId\":\"routed-1\"}");
            Response read = invoke("system:readPing", "routed-1");

            assertThat(pinged.getStatus()).isEqualTo(Response.Status.SUCCESS);
            assertThat(pinged.getStringPayload())
                    .startsWith("{\"chaincodeVersion\":")
                    .contains("\"creatorMspId\":\"CNMSP\",\"creatorRole\":\"business\",\"requestId\":\"routed-1\"");
            assertThat(read.getStringPayload()).isEqualTo(pinged.getStringPayload());
        }

        @Test
        void returns_an_error_whose_message_starts_with_the_code_and_whose_payload_carries_it() {
            Response response = invoke("system:readPing", "nobody");

            assertThat(response.getStatus()).isEqualTo(Response.Status.INTERNAL_SERVER_ERROR);
            assertThat(response.getMessage()).isEqualTo("NOT_FOUND: no ping with requestId nobody");
            assertThat(new String(response.getPayload(), UTF_8))
                    .isEqualTo("{\"code\":\"NOT_FOUND\",\"detail\":\"no ping with requestId nobody\"}");
        }

        @Test
        void reports_an_unknown_transaction_with_its_code() {
            Response response = invoke("system:burn", "{}");

            assertThat(response.getMessage())
                    .isEqualTo("UNKNOWN_TRANSACTION: contract system has no transaction system:burn");
        }
    }
}
