package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST path against a JDK HTTP server standing in for the gateway. */
class RestPaymentsTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile String metrics = "";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " key="
                    + exchange.getRequestHeaders().getFirst("X-API-Key") + " "
                    + new String(body, StandardCharsets.UTF_8));
            boolean prometheus = exchange.getRequestURI().getPath().equals("/actuator/prometheus");
            byte[] reply = (prometheus ? metrics : answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(prometheus ? 200 : status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private RestPayments payments() {
        return new RestPayments(RestPayments.client(), base(), Map.of("bench-001", "key-1"), "CNY", 2, "CNMSP");
    }

    @Test
    void posts_the_payment_as_the_payer_with_the_payee_wallet_and_a_decimal_amount() throws InterruptedException {
        LoadDriver.Attempt attempt = payments().pay(new Workload.Payment("bench-001", "bench-040", 1234), "p-1");

        assertThat(attempt.kind()).isEqualTo(LoadDriver.Attempt.Kind.COMMITTED);
        assertThat(requests).containsExactly("POST /api/v1/payments key=key-1 "
                + "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"payee\":\"CNMSP/bench-040\",\"amount\":\"12.34\"}");
    }

    @Test
    void a_problem_is_counted_by_its_validation_code_or_code() throws InterruptedException {
        status = 409;
        answer = "{\"code\":\"COMMIT_FAILED\",\"validationCode\":\"MVCC_READ_CONFLICT\",\"status\":409}";

        LoadDriver.Attempt attempt = payments().pay(new Workload.Payment("bench-001", "bench-040", 1), "p-2");

        assertThat(attempt.kind()).isEqualTo(LoadDriver.Attempt.Kind.FAILED);
        assertThat(attempt.code()).isEqualTo("MVCC_READ_CONFLICT");
    }

    @Test
    void reads_the_gateways_own_submit_outcomes_from_prometheus() throws InterruptedException {
        metrics = """
                # HELP silkroad_ledger_calls_seconds Fabric calls made by the gateway
                # TYPE silkroad_ledger_calls_seconds summary
                silkroad_ledger_calls_seconds_count{mode="submit",outcome="ok",transaction="currency:pay"} 120.0
                silkroad_ledger_calls_seconds_sum{mode="submit",outcome="ok",transaction="currency:pay"} 61.2
                silkroad_ledger_calls_seconds_count{mode="submit",outcome="MVCC_READ_CONFLICT",transaction="currency:pay"} 3
                silkroad_ledger_calls_seconds_count{mode="evaluate",outcome="ok",transaction="currency:unspentNotes"} 140
                silkroad_ledger_calls_seconds_count{mode="submit",outcome="ok",transaction="system:ping"} 9
                """;

        var submits = new GatewayMetrics(RestPayments.client(), base(), "key-1").submits("currency:pay");

        assertThat(submits).contains(Map.of("ok", 120L, "MVCC_READ_CONFLICT", 3L));
        assertThat(requests).containsExactly("GET /actuator/prometheus key=key-1 ");
        assertThat(GatewayMetrics.difference(Map.of("ok", 100L, "MVCC_READ_CONFLICT", 3L), submits.get()))
                .isEqualTo(Map.of("ok", 20L));
    }

    @Test
    void conflicts_the_gateway_retried_count_against_the_hot_merchant_target() {
        Measurement m = new Measurement("hot-merchant", "rest", 32, 10, 100, Map.of(), Map.of(),
                LatencyRecorder.Summary.EMPTY, 0).withGatewaySubmits(Map.of("ok", 100L, "NOTE_SPENT", 4L));

        assertThat(m.failed()).isZero();
        assertThat(m.conflicts()).isEqualTo(4);
    }
}
