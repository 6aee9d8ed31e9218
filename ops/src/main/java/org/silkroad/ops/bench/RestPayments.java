package org.silkroad.ops.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Payments through a state's REST gateway, as each payer with its own API key: {@code POST /api/v1/payments} with the
 * payee's wallet ID and the amount as a decimal string of major units; the gateway selects and holds the notes, and
 * answers once the transaction has committed. It retries a payment whose notes turned out to be spent or whose commit
 * lost a read conflict itself, so such conflicts show in its own metrics ({@link GatewayMetrics}), not here.
 */
final class RestPayments {

    static final String PAYMENTS = "api/v1/payments";
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http;
    private final URI payments;
    private final Map<String, String> apiKeys;
    private final String currency;
    private final int decimals;
    private final String mspId;

    /**
     * @param gateway the gateway's base URL, ending in {@code /}
     * @param mspId   the state's MSP ID: wallet IDs are {@code <MSP ID>/<name>}
     */
    RestPayments(HttpClient http, URI gateway, Map<String, String> apiKeys, String currency, int decimals,
                 String mspId) {
        this.http = Objects.requireNonNull(http, "http");
        this.payments = gateway.resolve(PAYMENTS);
        this.apiKeys = Map.copyOf(apiKeys);
        this.currency = Objects.requireNonNull(currency, "currency");
        this.decimals = decimals;
        this.mspId = Objects.requireNonNull(mspId, "mspId");
    }

    /** An HTTP/1.1 client (one connection per request in flight, as most REST callers use). */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    LoadDriver.Attempt pay(Workload.Payment payment, String paymentId) throws InterruptedException {
        String apiKey = apiKeys.get(payment.payer());
        if (apiKey == null) {
            throw new IllegalStateException("no API key for " + payment.payer());
        }
        ObjectNode body = DirectPayments.JSON.createObjectNode();
        body.put("paymentId", paymentId);
        body.put("currency", currency);
        body.put("payee", mspId + "/" + payment.payee());
        body.put("amount", decimal(payment.amount(), decimals));
        HttpRequest request = HttpRequest.newBuilder(payments).timeout(TIMEOUT)
                .header("X-API-Key", apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(DirectPayments.JSON.writeValueAsString(body)))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return LoadDriver.Attempt.failed("HTTP_TIMEOUT", System.nanoTime() - start);
        } catch (IOException e) {
            return LoadDriver.Attempt.failed("HTTP_" + e.getClass().getSimpleName(), System.nanoTime() - start);
        }
        long latency = System.nanoTime() - start;
        if (response.statusCode() / 100 == 2) {
            return LoadDriver.Attempt.committed(latency);
        }
        return LoadDriver.Attempt.failed(problemCode(response.statusCode(), response.body()), latency);
    }

    /**
     * The failure's code from an RFC 9457 problem: the validation code of a transaction invalidated at commit (as the
     * direct path counts it), else the problem's {@code code}, else the HTTP status.
     */
    static String problemCode(int status, String body) {
        try {
            JsonNode problem = DirectPayments.JSON.readTree(body);
            String validation = problem.path("validationCode").asString("");
            if (!validation.isEmpty()) {
                return validation;
            }
            String code = problem.path("code").asString("");
            if (!code.isEmpty()) {
                return code;
            }
        } catch (RuntimeException e) {
            // Not JSON: fall back to the status.
        }
        return "HTTP_" + status;
    }

    /** Minor units as the REST API's decimal string of major units: 1234 with 2 decimals is {@code "12.34"}. */
    static String decimal(long minorUnits, int decimals) {
        return BigDecimal.valueOf(minorUnits, decimals).toPlainString();
    }
}
