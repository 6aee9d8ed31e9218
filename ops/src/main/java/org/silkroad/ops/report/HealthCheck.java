package org.silkroad.ops.report;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.silkroad.ops.shared.NetworkDescription;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks every node's health endpoint at once: peers' and orderers' operations service ({@code /healthz}, body
 * {@code {"status":"OK"}}) and gateways' Spring Boot actuator ({@code /actuator/health}, body {@code {"status":"UP"}}).
 * Healthy means HTTP 200 and that body status; anything else is reported with what the body says is failing.
 */
final class HealthCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final Duration timeout;

    HealthCheck(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        // HTTP/1.1 only: the default first tries an h2c upgrade, which some servers answer badly; health needs neither.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private record Target(String kind, String name, String url) {
    }

    List<Report.Health> check(NetworkDescription network) {
        List<Target> targets = new ArrayList<>();
        for (NetworkDescription.State state : network.states().values()) {
            targets.add(new Target("peer", state.code(), join(state.peer().operations(), "/healthz")));
        }
        for (NetworkDescription.Orderer orderer : network.orderers()) {
            targets.add(new Target("orderer", orderer.name(), join(orderer.operations(), "/healthz")));
        }
        for (NetworkDescription.State state : network.states().values()) {
            targets.add(new Target("gateway", state.code(),
                    join(state.gateway() == null ? null : state.gateway().url(), "/actuator/health")));
        }
        List<CompletableFuture<Report.Health>> answers = targets.stream().map(this::probe).toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<Report.Health> probe(Target target) {
        if (target.url() == null) {
            return CompletableFuture.completedFuture(new Report.Health(target.kind(), target.name(), null, null, null,
                    false, "no URL in network.json", 0));
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.url())).timeout(timeout)
                    .header("Accept", "application/json").GET().build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Report.Health(target.kind(), target.name(), target.url(),
                    null, null, false, "invalid URL: " + e.getMessage(), 0));
        }
        long start = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (failure != null) {
                return new Report.Health(target.kind(), target.name(), target.url(), null, null, false,
                        describe(failure), millis);
            }
            Body body = Body.parse(response.body());
            boolean ok = response.statusCode() == 200 && ("OK".equals(body.status()) || "UP".equals(body.status()));
            return new Report.Health(target.kind(), target.name(), target.url(), response.statusCode(), body.status(),
                    ok, ok ? null : body.detail(), millis);
        });
    }

    private String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "connection refused (is the process listening?)";
        }
        if (cause instanceof IOException && cause.getMessage() != null && cause.getMessage().contains("no bytes")) {
            return "connection closed without an HTTP answer (process starting, stopping or stuck?)";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private static String join(String base, String path) {
        if (base == null || base.isBlank()) {
            return null;
        }
        return base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path;
    }

    /**
     * What a health body says: Fabric lists {@code failed_checks[{component, reason}]}; Spring Boot nests
     * {@code components.<name>.status} with a {@code details.reason} the gateway fills in.
     */
    record Body(String status, String detail) {

        static Body parse(String text) {
            JsonNode root;
            try {
                root = JSON.readTree(text);
            } catch (JacksonException e) {
                String shown = text.strip();
                return new Body(null, "body is not JSON: " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown));
            }
            if (root == null || !root.isObject()) {
                return new Body(null, "body is not a JSON object");
            }
            String status = root.path("status").isString() ? root.path("status").stringValue() : null;
            List<String> problems = new ArrayList<>();
            for (JsonNode failed : root.path("failed_checks")) {
                problems.add(failed.path("component").asString("?") + ": " + failed.path("reason").asString("?"));
            }
            for (Map.Entry<String, JsonNode> component : root.path("components").properties()) {
                String componentStatus = component.getValue().path("status").asString("?");
                if (!"UP".equals(componentStatus)) {
                    JsonNode reason = component.getValue().path("details").path("reason");
                    problems.add(component.getKey() + " " + componentStatus
                            + (reason.isString() ? ": " + reason.stringValue() : ""));
                }
            }
            return new Body(status, problems.isEmpty() ? null : String.join("; ", problems));
        }
    }
}
