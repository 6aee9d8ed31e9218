package org.silkroad.ops.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST gateway's own count of its ledger submits by outcome, from its Prometheus endpoint
 * ({@code silkroad_ledger_calls_seconds_count{mode="submit",transaction="currency:pay",outcome=...}}). The gateway
 * retries a payment whose notes were spent meanwhile or whose commit lost a read conflict, so those conflicts never
 * reach the caller: read before and after a run, this shows them.
 */
final class GatewayMetrics {

    static final String METRIC = "silkroad_ledger_calls_seconds_count";
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final HttpClient http;
    private final URI prometheus;
    private final String apiKey;

    GatewayMetrics(HttpClient http, URI gateway, String apiKey) {
        this.http = Objects.requireNonNull(http, "http");
        this.prometheus = gateway.resolve("actuator/prometheus");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    }

    /** Submits of {@code transaction} so far, by outcome; empty when the endpoint does not answer. */
    Optional<Map<String, Long>> submits(String transaction) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(prometheus)
                    .timeout(Duration.ofSeconds(10)).header("X-API-Key", apiKey).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(parse(response.body(), transaction)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads the Prometheus text format: {@code name{labels} value}. */
    static Map<String, Long> parse(String text, String transaction) {
        Map<String, Long> byOutcome = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith(METRIC + "{")) {
                continue;
            }
            int close = line.lastIndexOf('}');
            if (close < 0) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            Matcher m = LABEL.matcher(line.substring(METRIC.length() + 1, close));
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
            if (!"submit".equals(labels.get("mode")) || !transaction.equals(labels.get("transaction"))) {
                continue;
            }
            try {
                long count = Math.round(Double.parseDouble(line.substring(close + 1).trim().split("\\s+")[0]));
                byOutcome.merge(labels.getOrDefault("outcome", "?"), count, Long::sum);
            } catch (NumberFormatException e) {
                // A malformed sample is skipped rather than guessed.
            }
        }
        return byOutcome;
    }

    /** What happened between two readings; outcomes that did not change are left out. */
    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> diff = new TreeMap<>();
        after.forEach((outcome, count) -> {
            long delta = count - before.getOrDefault(outcome, 0L);
            if (delta != 0) {
                diff.put(outcome, delta);
            }
        });
        return diff;
    }
}
