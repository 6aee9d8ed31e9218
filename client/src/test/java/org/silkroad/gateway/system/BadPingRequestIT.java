package org.silkroad.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * Bad input to the CN gateway is refused with a 400 problem and a stable code, and nothing reaches the ledger.
 * Runs against {@code test-network/} ({@code mvn -pl client verify -Pnetwork}).
 */
class BadPingRequestIT {

    private static LocalNetwork network;
    private static LocalNetwork.State cn;
    private static String apiKey;

    @BeforeAll
    static void connect() {
        network = LocalNetwork.load();
        cn = network.state("CN");
        apiKey = cn.apiKey("business-1");
    }

    @Test
    void malformed_request_id_is_400_validation_failed_and_nothing_is_written() {
        String wellFormedPart = "it-bad-" + UUID.randomUUID();

        HttpResponse<String> response = network.postJson(cn, "/api/v1/system/pings", apiKey,
                "{\"requestId\":\"" + wellFormedPart + " with spaces!\"}");

        assertProblem(response, 400, "VALIDATION_FAILED");
        assertProblem(network.get(cn, "/api/v1/system/pings/" + wellFormedPart, apiKey), 404, "NOT_FOUND");
    }

    @Test
    void request_id_over_128_characters_is_400() {
        HttpResponse<String> response = network.postJson(cn, "/api/v1/system/pings", apiKey,
                "{\"requestId\":\"" + "x".repeat(129) + "\"}");

        assertProblem(response, 400, "VALIDATION_FAILED");
    }

    @Test
    void truncated_json_is_400_malformed_request_and_nothing_is_written() {
        String requestId = "it-truncated-" + UUID.randomUUID();

        HttpResponse<String> response = network.postJson(cn, "/api/v1/system/pings", apiKey,
                "{\"requestId\":\"" + requestId + "\"");

        assertProblem(response, 400, "MALFORMED_REQUEST");
        assertProblem(network.get(cn, "/api/v1/system/pings/" + requestId, apiKey), 404, "NOT_FOUND");
    }

    @Test
    void malformed_request_id_in_a_read_is_400() {
        assertProblem(network.get(cn, "/api/v1/system/pings/bad%20id", apiKey), 400, "VALIDATION_FAILED");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as("status of %s: %s", response.uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = LocalNetwork.json(response.body());
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
    }
}
