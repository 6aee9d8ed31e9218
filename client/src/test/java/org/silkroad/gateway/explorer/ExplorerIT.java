package org.silkroad.gateway.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The explorer of every state's gateway on the real network: each indexes the whole chain from its own peer, finds
 * what a business just did, refuses everyone but courts and regulators, and exports bundles that the offline
 * verifier accepts, and rejects once tampered with.
 */
class ExplorerIT {

    private static LocalNetwork network;
    private static String requestId;
    private static JsonNode ping;

    @BeforeAll
    static void aBusinessPingsThroughTheCnGateway() {
        network = LocalNetwork.load();
        LocalNetwork.State cn = network.state("CN");
        requestId = "it-explorer-" + UUID.randomUUID();
        HttpResponse<String> response = network.postJson(cn, "/api/v1/system/pings", cn.apiKey("business-1"),
                "{\"requestId\":\"" + requestId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ping = LocalNetwork.json(response.body());
    }

    private static JsonNode explorer(String state, String identity, String path) {
        LocalNetwork.State s = network.state(state);
        HttpResponse<String> response = network.get(s, "/api/v1/explorer" + path, s.apiKey(identity));
        assertThat(response.statusCode()).as("%s %s: %s", state, path, response.body()).isEqualTo(200);
        return LocalNetwork.json(response.body());
    }

    /** Waits until a state's index holds the ping's block (indexing follows commits within moments). */
    private static void awaitIndexed(String state, String identity, long block) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (explorer(state, identity, "/status").path("indexedHeight").asLong() <= block) {
            assertThat(Instant.now()).as("%s explorer indexed block %d in time", state, block).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    @Test
    void every_state_indexes_the_whole_chain_from_its_own_peer() throws Exception {
        long block = ping.path("blockNumber").asLong();
        for (String state : new String[] {"CN", "MY", "RW"}) {
            awaitIndexed(state, "court", block);
            JsonNode status = explorer(state, "regulator", "/status");
            assertThat(status.path("indexedHeight").asLong()).isGreaterThan(block);
            assertThat(status.path("lastError").isNull()).as("%s indexing error: %s", state, status.path("lastError"))
                    .isTrue();
            assertThat(status.path("states").findValuesAsString("mspId")).containsExactly("CNMSP", "MYMSP", "RWMSP");
            assertThat(status.path("consenters").size()).isEqualTo(4);
            assertThat(status.path("quorum").path("required").asInt()).isEqualTo(3);
        }
        // The same block has the same hash in every state's index.
        String cnHash = explorer("CN", "court", "/blocks/" + block).path("hash").asString();
        assertThat(explorer("MY", "court", "/blocks/" + block).path("hash").asString()).isEqualTo(cnHash);
        assertThat(explorer("RW", "court", "/blocks/" + block).path("hash").asString()).isEqualTo(cnHash);
    }

    @Test
    void each_gateway_keeps_its_index_in_the_database_the_network_names() {
        // The test command puts the second state's index on PostgreSQL (when it is installed) and the others' in H2,
        // so that the tests here read one chain from both kinds of store.
        for (String state : new String[] {"CN", "MY", "RW"}) {
            LocalNetwork.State s = network.state(state);
            HttpResponse<String> health = network.get(s, "/actuator/health", null);
            assertThat(health.statusCode()).as("%s: %s", state, health.body()).isEqualTo(200);
            JsonNode db = LocalNetwork.json(health.body()).path("components").path("db");
            assertThat(db.path("status").asString()).as(state).isEqualTo("UP");
            assertThat(db.path("details").path("database").asString()).as(state).isEqualTo(s.explorerDatabase());
        }
    }

    @Test
    void a_court_of_another_state_finds_the_ping_by_its_business_id_with_creator_and_endorsers() throws Exception {
        long block = ping.path("blockNumber").asLong();
        awaitIndexed("MY", "court", block);

        JsonNode found = explorer("MY", "court", "/search?q=" + requestId);
        assertThat(found.path("transactions").findValuesAsString("txId"))
                .containsExactly(ping.path("transactionId").asString());
        assertThat(found.path("entities").findValuesAsString("key")).containsExactly("silkroad.system.ping/" + requestId);
        assertThat(found.path("moreTransactions").isNull()).isTrue();
        JsonNode page = explorer("MY", "court", "/search/transactions?limit=1&q=" + requestId);
        assertThat(page.path("transactions").findValuesAsString("txId"))
                .containsExactly(ping.path("transactionId").asString());
        assertThat(page.path("next").isNull()).isTrue();
        assertThat(explorer("MY", "court", "/search/entities?q=" + requestId).path("entities").findValuesAsString("key"))
                .containsExactly("silkroad.system.ping/" + requestId);

        JsonNode tx = explorer("MY", "court", "/transactions/" + ping.path("transactionId").asString());
        assertThat(tx.path("creator").asString()).isEqualTo("CNMSP/business-1");
        assertThat(tx.path("validationCode").asString()).isEqualTo("VALID");
        assertThat(tx.path("blockNumber").asLong()).isEqualTo(block);
        assertThat(tx.path("endorserStates").size()).isGreaterThanOrEqualTo(2);
        assertThat(tx.path("detail").path("actions").get(0).path("event").path("name").asString())
                .isEqualTo("system.Pinged");

        JsonNode timeline = explorer("MY", "court", "/entities?key="
                + URLEncoder.encode("silkroad.system.ping/" + requestId, StandardCharsets.UTF_8));
        assertThat(timeline.path("versions").size()).isEqualTo(1);
        assertThat(timeline.path("versions").get(0).path("blockNumber").asLong()).isEqualTo(block);
    }

    @Test
    void only_courts_and_regulators_get_in_everyone_else_gets_403() {
        for (String state : new String[] {"CN", "MY", "RW"}) {
            LocalNetwork.State s = network.state(state);
            for (String identity : new String[] {"business-1", "bank", "central-bank", "customs", "ehub", "device-1"}) {
                HttpResponse<String> response = network.get(s, "/api/v1/explorer/status", s.apiKey(identity));
                assertThat(response.statusCode()).as("%s %s", state, identity).isEqualTo(403);
                assertThat(LocalNetwork.json(response.body()).path("code").asString()).isEqualTo("FORBIDDEN");
            }
            assertThat(network.get(s, "/api/v1/explorer/status", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void an_exported_bundle_verifies_offline_and_a_tampered_copy_does_not(@TempDir Path dir) throws Exception {
        long block = ping.path("blockNumber").asLong();
        awaitIndexed("RW", "regulator", block);
        LocalNetwork.State rw = network.state("RW");
        HttpResponse<String> export = network.get(rw, "/api/v1/explorer/bundle?id=" + requestId, rw.apiKey("regulator"));
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        Path bundle = Files.writeString(dir.resolve("bundle.json"), export.body());

        LocalNetwork.CommandOutcome genuine = OpsTool.verify(bundle);
        assertThat(genuine.exitCode()).as(genuine.output()).isZero();
        assertThat(genuine.output()).contains("VERIFIED").contains("transaction " + ping.path("transactionId").asString())
                .contains("BFT quorum 3 of 4");

        JsonMapper json = JsonMapper.builder().build();
        ObjectNode tampered = (ObjectNode) json.readTree(export.body());
        ObjectNode evidence = (ObjectNode) tampered.path("blocks").get(0);
        byte[] data = Base64.getDecoder().decode(evidence.path("data").asString());
        String text = new String(data, StandardCharsets.ISO_8859_1).replace(requestId, requestId.replace("it-", "IT-"));
        evidence.put("data", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1)));
        Path forged = Files.writeString(dir.resolve("forged.json"), json.writeValueAsString(tampered));

        LocalNetwork.CommandOutcome rejected = OpsTool.verify(forged);
        assertThat(rejected.exitCode()).as(rejected.output()).isEqualTo(1);
        assertThat(rejected.output()).contains("FAIL  block " + block + ": its transactions do not match the header's "
                + "data hash").contains("the creator's signature (CNMSP/business-1) does not verify");
    }
}
