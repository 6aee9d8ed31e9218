package org.silkroad.ops.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.ops.shared.NetworkDescription;

/** Against a local HTTP server answering as Fabric's operations service and Spring Boot's actuator do. */
class HealthCheckTest {

    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        respond("/cn/healthz", 200, "{\"status\":\"OK\",\"time\":\"2025-01-01T00:00:00Z\"}");
        respond("/my/healthz", 503, "{\"status\":\"Service Unavailable\",\"time\":\"2025-01-01T00:00:00Z\","
                + "\"failed_checks\":[{\"component\":\"docker\",\"reason\":\"failed to ping\"}]}");
        respond("/gw-cn/actuator/health", 200, "{\"status\":\"UP\",\"components\":{\"ledger\":{\"status\":\"UP\"}}}");
        respond("/gw-my/actuator/health", 503, "{\"status\":\"DOWN\",\"components\":{\"ledger\":{\"status\":\"DOWN\","
                + "\"details\":{\"reason\":\"peer peer0.my.silkroad.test cannot be reached\"}},"
                + "\"ping\":{\"status\":\"UP\"}}}");
        respond("/osn/healthz", 200, "<html>not json</html>");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void fabric_operations_healthz_200_ok_is_healthy() {
        assertThat(result("peer", "CN").ok()).isTrue();
        assertThat(result("peer", "CN").status()).isEqualTo("OK");
        assertThat(result("peer", "CN").detail()).isNull();
    }

    @Test
    void fabric_failed_checks_are_reported_as_detail() {
        Report.Health my = result("peer", "MY");

        assertThat(my.ok()).isFalse();
        assertThat(my.httpStatus()).isEqualTo(503);
        assertThat(my.detail()).isEqualTo("docker: failed to ping");
    }

    @Test
    void actuator_up_is_healthy_and_down_names_the_failing_component() {
        assertThat(result("gateway", "CN").ok()).isTrue();
        Report.Health my = result("gateway", "MY");
        assertThat(my.ok()).isFalse();
        assertThat(my.status()).isEqualTo("DOWN");
        assertThat(my.detail()).isEqualTo("ledger DOWN: peer peer0.my.silkroad.test cannot be reached");
    }

    @Test
    void http_200_with_a_body_that_is_not_a_health_document_is_not_healthy() {
        Report.Health osn = result("orderer", "osn0.cn.silkroad.test");

        assertThat(osn.ok()).isFalse();
        assertThat(osn.detail()).startsWith("body is not JSON");
    }

    @Test
    void closed_port_is_reported_as_refused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        NetworkDescription network = network(Map.of("RW", "http://127.0.0.1:" + closedPort), List.of());

        Report.Health rw = new HealthCheck(Duration.ofSeconds(2)).check(network).get(0);

        assertThat(rw.ok()).isFalse();
        assertThat(rw.httpStatus()).isNull();
        assertThat(rw.detail()).contains("connection refused");
    }

    private Report.Health result(String kind, String name) {
        Map<String, String> peers = new LinkedHashMap<>();
        peers.put("CN", base + "/cn");
        peers.put("MY", base + "/my");
        NetworkDescription network = network(peers, List.of(
                new NetworkDescription.Orderer("CN", "osn0.cn.silkroad.test", "127.0.0.1:7050", base + "/osn/")));
        return new HealthCheck(Duration.ofSeconds(2)).check(network).stream()
                .filter(h -> h.kind().equals(kind) && h.name().equals(name)).findFirst().orElseThrow();
    }

    private NetworkDescription network(Map<String, String> peerOperations, List<NetworkDescription.Orderer> orderers) {
        Map<String, NetworkDescription.State> states = new LinkedHashMap<>();
        peerOperations.forEach((code, operations) -> states.put(code, new NetworkDescription.State(code, code + "MSP",
                new NetworkDescription.Peer("127.0.0.1:7051", "peer0", Path.of("/tls.pem"), operations),
                new NetworkDescription.Gateway(base + "/gw-" + code.toLowerCase()), Path.of("/ids"), null)));
        return new NetworkDescription("silkroad", "silkroad", "BFT", states, orderers);
    }

    private void respond(String path, int status, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }
}
