package org.silkroad.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.TestIdentities;
import org.silkroad.gateway.shared.TestPki;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole application, with the real Fabric connection pointed at a closed port: it must start, stay live,
 * report the ledger DOWN, and answer every request with a problem detail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayApplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @DynamicPropertySource
    static void fabric(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("silkroad-gateway-test");
        dir.toFile().deleteOnExit();
        TestIdentities.standard(dir.resolve("identities"));
        Path tlsCa = Files.writeString(dir.resolve("tls-ca.pem"), TestPki.newCa("tlsca.test").ca().certificatePem());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("silkroad.fabric.msp-id", () -> "CNMSP");
        registry.add("silkroad.fabric.peer-endpoint", () -> "127.0.0.1:" + closedPort);
        registry.add("silkroad.fabric.peer-host-alias", () -> "peer0.cn.silkroad.test");
        registry.add("silkroad.fabric.tls-ca-cert", tlsCa::toString);
        registry.add("silkroad.fabric.identities-dir", () -> dir.resolve("identities").toString());
    }

    private HttpResponse<String> get(String path, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void health_is_public_and_reports_the_unreachable_ledger_down_with_a_reason() throws Exception {
        HttpResponse<String> response = get("/actuator/health", null);

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode ledger = json.readTree(response.body()).path("components").path("ledger");
        assertThat(ledger.path("status").asString()).isEqualTo("DOWN");
        assertThat(ledger.path("details").path("reason").asString()).contains("cannot be reached");
        assertThat(response.body()).doesNotContain("/tmp").doesNotContain("silkroad-gateway-test");
    }

    @Test
    void stays_live_but_not_ready_while_the_ledger_is_down() throws Exception {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness", null).statusCode()).isEqualTo(503);
    }

    @Test
    void ledger_calls_fail_as_503_ledger_unavailable_through_the_real_fabric_client() throws Exception {
        HttpResponse<String> response = get("/api/v1/system/version", TestIdentities.BUSINESS_KEY);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("code").asString()).isEqualTo("LEDGER_UNAVAILABLE");
        assertThat(problem.path("retryable").asBoolean()).isTrue();
    }

    @Test
    void openapi_document_requires_a_key_and_declares_the_api_key_scheme() throws Exception {
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(401);

        HttpResponse<String> response = get("/v3/api-docs", TestIdentities.BUSINESS_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json.readTree(response.body());
        JsonNode scheme = document.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asString()).isEqualTo("header");
        assertThat(scheme.path("name").asString()).isEqualTo("X-API-Key");
        assertThat(document.path("security").get(0).has("apiKey")).isTrue();
        assertThat(document.path("paths").propertyNames()).contains(
                "/api/v1/system/pings", "/api/v1/system/pings/{requestId}", "/api/v1/system/version", "/api/v1/me");
        assertThat(document.path("paths").path("/api/v1/system/pings").path("post").path("responses").has("4XX"))
                .isTrue();
    }

    @Test
    void prometheus_metrics_require_a_key() throws Exception {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);

        HttpResponse<String> response = get("/actuator/prometheus", TestIdentities.BUSINESS_KEY);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void requests_and_ledger_calls_are_timed_but_spring_security_steps_are_not_observed() throws Exception {
        assertThat(get("/api/v1/system/version", TestIdentities.BUSINESS_KEY).statusCode()).isEqualTo(503);

        String metrics = get("/actuator/prometheus", TestIdentities.BUSINESS_KEY).body();

        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/api/v1/system/version\"");
        assertThat(metrics).containsPattern("silkroad_ledger_calls_seconds_count\\{[^}]*mode=\"evaluate\"");
        // SecurityConfiguration.securityObservations: no observation of the filter chain, authentication, authorisation.
        assertThat(metrics).doesNotContain("spring_security_");
    }

    @Test
    void errors_outside_controllers_are_problem_details_too() throws Exception {
        HttpResponse<String> response = get("/error", TestIdentities.BUSINESS_KEY);

        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json.readTree(response.body()).path("code").asString()).isNotBlank();
    }

    // Found by the fuzzer (test-network/fuzz.sh): each was a 500 or a bare 400 from the real server.

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", TestIdentities.BUSINESS_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("code").asString()).isEqualTo(code);
    }

    @Test
    void a_multipart_content_type_without_boundary_is_415_not_500() throws Exception {
        assertProblem(send("POST", "/api/v1/system/pings", "multipart/form-data", "x"), 415, "UNSUPPORTED_MEDIA_TYPE");
        // A GET reads no body, so its Content-Type is ignored: it reaches the (here unreachable) ledger.
        assertProblem(send("GET", "/api/v1/currencies", "multipart/form-data", null), 503, "LEDGER_UNAVAILABLE");
    }

    @Test
    void a_query_string_value_without_a_name_is_400_malformed_request() throws Exception {
        assertProblem(send("GET", "/api/v1/wallets/CNMSP/business-1/payments?=-1517868", null, null), 400,
                "MALFORMED_REQUEST");
    }

    @Test
    void an_unknown_http_method_is_405_with_allow_after_authentication() throws Exception {
        HttpResponse<String> response = send("QUERY", "/api/v1/currencies", null, null);

        assertProblem(response, 405, "METHOD_NOT_ALLOWED");
        assertThat(response.headers().firstValue("Allow")).isPresent();
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/currencies"))
                .method("QUERY", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(anonymous, 401, "UNAUTHENTICATED");
    }
}
