package org.silkroad.ops.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON over HTTP to the member states' REST gateways, as a named caller with its own API key
 * ({@code <identitiesDir>/<name>/api-key}). Transport failures come back as a {@link Reply} with status 0, never as
 * exceptions, because under fault injection they are an outcome to count, not a bug.
 */
final class GatewayClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Longer than the gateway's own longest Fabric deadline (commit status 60 s), so the gateway answers first. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    /**
     * @param status     HTTP status, 0 when no answer arrived ({@code transport} says why)
     * @param retryAfter the {@code Retry-After} header, or null
     */
    record Reply(int status, JsonNode body, String retryAfter, String transport, long latencyNanos) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The problem's code, else the transport failure, else {@code HTTP_<status>}. */
        String code() {
            if (status == 0) {
                return transport;
            }
            if (body != null) {
                String validation = body.path("validationCode").asString("");
                String code = body.path("code").asString("");
                if (!code.isEmpty()) {
                    return validation.isEmpty() ? code : code + "/" + validation;
                }
            }
            return "HTTP_" + status;
        }

        /**
         * The outcome may still change: no answer, or a 5xx (the gateway's 503/504 say the transaction may still
         * commit). A 4xx is a definite refusal, even one marked {@code retryable} (sent again later it may succeed,
         * but this attempt changed nothing).
         */
        boolean ambiguous() {
            return status == 0 || status >= 500;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final NetworkDescription network;

    GatewayClient(NetworkDescription network) {
        this.network = Objects.requireNonNull(network, "network");
    }

    NetworkDescription network() {
        return network;
    }

    /** The raw API key of a caller of a state (the file the gateway itself never reads). */
    String apiKey(String state, String caller) {
        Path file = network.states().get(state).identityDir(caller).resolve("api-key");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new OpsException("no API key for " + caller + " of " + state + " (" + file + ")", e);
        }
    }

    Reply get(String state, String caller, String path) throws InterruptedException {
        return send(state, caller, path, "GET", null);
    }

    Reply post(String state, String caller, String path, JsonNode body) throws InterruptedException {
        return send(state, caller, path, "POST", body);
    }

    Reply put(String state, String caller, String path, JsonNode body) throws InterruptedException {
        return send(state, caller, path, "PUT", body);
    }

    private Reply send(String state, String caller, String path, String method, JsonNode body)
            throws InterruptedException {
        NetworkDescription.State target = network.states().get(state);
        if (target == null || target.gateway() == null || target.gateway().url() == null) {
            throw new OpsException("network.json: state " + state + " has no gateway url");
        }
        String base = target.gateway().url();
        URI uri = URI.create(base.endsWith("/") ? base + path.substring(1) : base + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("X-API-Key", apiKey(state, caller))
                .header("Accept", "application/json, application/problem+json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Reply(0, null, null, "HTTP_TIMEOUT", System.nanoTime() - start);
        } catch (IOException e) {
            return new Reply(0, null, null, "HTTP_" + e.getClass().getSimpleName(), System.nanoTime() - start);
        }
        long latency = System.nanoTime() - start;
        JsonNode tree = null;
        try {
            tree = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (RuntimeException e) {
            // Not JSON: the status says enough.
        }
        return new Reply(response.statusCode(), tree, response.headers().firstValue("Retry-After").orElse(null),
                null, latency);
    }
}
