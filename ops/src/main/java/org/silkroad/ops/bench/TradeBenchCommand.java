package org.silkroad.ops.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.RunFolder;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench-trade}: what trade documents and customs clearance cost on a running network, through the REST
 * gateways, as the demo identities every network has.
 *
 * <ol>
 *   <li><b>Document registration</b>: for {@code --seconds}, {@code --concurrency} workers register commercial invoices
 *   of a CN exporter for a MY importer ({@code business-1} and {@code business-2} of CN, alternately), each with
 *   {@code --content-bytes} of random content that goes as transient data into the CN_MY private data collection.
 *   Figures: committed registrations per second over the window, latency percentiles, refusals by code.</li>
 *   <li><b>Clearance</b>: {@code --shipments} shipments one after another, each an invoice, a bill of lading to the MY
 *   importer, an import declaration with its duty deposited in MYR, and MY customs clearing it as soon as it sees it.
 *   Figures: clearance time as the ledger measures it (clearance transaction timestamp minus declaration transaction
 *   timestamp), median, p90, max; and the zone's figures from {@code /api/v1/customs/clearance-stats}.</li>
 * </ol>
 *
 * <p>It defines zone {@code PKG} of MY (ports MYPKG, MYWSP) with rules when none are in force, registers MYR and opens
 * the wallets it needs, idempotently. A program that prints figures, not a test: nothing is asserted.
 */
public final class TradeBenchCommand {

    public static final String USAGE = "bench-trade [--run DIR] [--seconds N (30)] [--concurrency N (8)] "
            + "[--shipments N (10)] [--content-bytes N (2048)] [--seed N]\n"
            + "    document registration throughput and customs clearance time through the REST gateways";

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration VISIBLE = Duration.ofSeconds(60);
    private static final String IMPORTER = "MYMSP/business-1";
    private static final String LINES = "[{\"hsCode\":\"847130\",\"quantity\":1,\"value\":100000}]";

    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream progress;
    private final HttpClient http = RestPayments.client();

    public TradeBenchCommand(Map<String, String> env, Clock clock, PrintStream progress) {
        this.env = env;
        this.clock = clock;
        this.progress = progress;
    }

    /** Options of {@code bench-trade}. */
    record Options(String run, int seconds, int concurrency, int shipments, int contentBytes, long seed) {
        static Options parse(List<String> args) {
            String run = null;
            int seconds = 30;
            int concurrency = 8;
            int shipments = 10;
            int contentBytes = 2048;
            long seed = 1;
            for (int i = 0; i < args.size(); i++) {
                String name = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new OpsException("option " + name + " needs a value\nusage: " + USAGE);
                }
                String value = args.get(++i);
                try {
                    switch (name) {
                        case "--run" -> run = value;
                        case "--seconds" -> seconds = positive(name, Integer.parseInt(value));
                        case "--concurrency" -> concurrency = positive(name, Integer.parseInt(value));
                        case "--shipments" -> shipments = positive(name, Integer.parseInt(value));
                        case "--content-bytes" -> contentBytes = positive(name, Integer.parseInt(value));
                        case "--seed" -> seed = Long.parseLong(value);
                        default -> throw new OpsException("unknown option " + name + "\nusage: " + USAGE);
                    }
                } catch (NumberFormatException e) {
                    throw new OpsException("option " + name + " needs a number, got '" + value + "'");
                }
            }
            return new Options(run, seconds, concurrency, shipments, contentBytes, seed);
        }

        private static int positive(String name, int value) {
            if (value < 1) {
                throw new OpsException("option " + name + " must be at least 1, got " + value);
            }
            return value;
        }
    }

    public int run(List<String> args, PrintStream out) throws InterruptedException {
        Options options = Options.parse(args);
        NetworkDescription network = RunFolder.locate(options.run(), env).network();
        Gateway cn = gateway(network, "CN");
        Gateway my = gateway(network, "MY");
        String tag = Long.toString(clock.millis(), 36);

        out.printf("bench-trade: %d s of document registration at concurrency %d (%d-byte contents), then %d "
                + "shipments cleared one after another%n", options.seconds(), options.concurrency(),
                options.contentBytes(), options.shipments());
        Measurement documents = registrations(cn, options, tag);
        out.printf("%ndocument registration (CN exporter -> MY importer, content into CN_MY):%n");
        out.printf(Locale.ROOT, "  committed %d in %.1f s = %.2f tx/s; latency p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                documents.committed(), documents.seconds(), documents.committed() / documents.seconds(),
                documents.latency().p50Ms(), documents.latency().p95Ms(), documents.latency().maxMs());
        out.printf("  refused or failed: %s; unfinished at the end: %d%n", documents.failures(),
                documents.unfinished());

        prepareClearance(my, options);
        List<Long> ledgerMillis = new ArrayList<>();
        List<Long> wallMillis = new ArrayList<>();
        for (int i = 0; i < options.shipments(); i++) {
            long[] times = shipment(cn, my, tag + "-" + i);
            ledgerMillis.add(times[0]);
            wallMillis.add(times[1]);
            progress.printf("shipment %d of %d cleared in %d ms (ledger time)%n", i + 1, options.shipments(),
                    times[0]);
        }
        ledgerMillis.sort(Long::compare);
        wallMillis.sort(Long::compare);
        out.printf("%ncustoms clearance (declare, then MY customs clears at once), %d shipments:%n",
                options.shipments());
        out.printf("  ledger time (clear tx timestamp - declare tx timestamp): median %d ms, p90 %d ms, max %d ms%n",
                median(ledgerMillis), percentile(ledgerMillis, 90), ledgerMillis.get(ledgerMillis.size() - 1));
        out.printf("  gateway time (declare request sent -> clear answered): median %d ms, p90 %d ms%n",
                median(wallMillis), percentile(wallMillis, 90));
        JsonNode stats = get(my, "api/v1/customs/clearance-stats?state=MYMSP", "customs");
        out.printf("  zone figures over every declaration on this ledger: %s%n", stats.path("zones"));
        return 0;
    }

    // Document registration

    private Measurement registrations(Gateway cn, Options options, String tag) throws InterruptedException {
        LoadDriver.Limits limits = new LoadDriver.Limits(options.concurrency(), Duration.ofSeconds(options.seconds()),
                Long.MAX_VALUE, Duration.ofSeconds(60));
        return LoadDriver.run("document-registration", "rest", limits, options.seed(), (worker, sequence, random) -> {
            byte[] content = new byte[options.contentBytes()];
            random.nextBytes(content);
            String issuer = sequence % 2 == 0 ? "business-1" : "business-2";
            String body = invoice("BT-" + tag + "-" + sequence, content);
            long start = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = send(cn, "api/v1/documents", issuer, "POST", body);
            } catch (HttpTimeoutException e) {
                return LoadDriver.Attempt.failed("HTTP_TIMEOUT", System.nanoTime() - start);
            } catch (IOException e) {
                return LoadDriver.Attempt.failed("HTTP_" + e.getClass().getSimpleName(), System.nanoTime() - start);
            }
            long latency = System.nanoTime() - start;
            if (response.statusCode() == 200) {
                return LoadDriver.Attempt.committed(latency);
            }
            return LoadDriver.Attempt.failed(DirectPayments.JSON.readTree(response.body()).path("code")
                    .asString("HTTP_" + response.statusCode()), latency);
        });
    }

    private static String invoice(String id, byte[] content) {
        return "{\"documentId\":\"" + id + "\",\"type\":\"commercial-invoice\",\"parties\":[\"" + IMPORTER + "\"],"
                + "\"mediaType\":\"application/octet-stream\",\"content\":\""
                + Base64.getEncoder().encodeToString(content) + "\",\"elements\":{\"currency\":\"CNY\",\"amount\":100000,"
                + "\"lines\":" + LINES + ",\"consignee\":\"" + IMPORTER + "\"}}";
    }

    // Clearance

    /** MYR, the wallets, money for the duties, and zone PKG with rules in force. */
    private void prepareClearance(Gateway my, Options options) throws InterruptedException {
        call(my, "api/v1/currencies", "central-bank", "POST", "{\"code\":\"MYR\",\"decimals\":2}");
        for (String name : List.of("central-bank", "business-1", "customs")) {
            call(my, "api/v1/wallets/me", name, "PUT", null);
        }
        // Duty per shipment: CNY 1000.00 at 0.65 = MYR 650.00, chapter 84 at 5 % = MYR 32.50.
        call(my, "api/v1/currencies/MYR/issuances", "central-bank", "POST", String.format(Locale.ROOT,
                "{\"requestId\":\"bench-trade-%d\",\"wallet\":\"%s\",\"amount\":\"%d.00\"}", clock.millis(), IMPORTER,
                33 * options.shipments() + 1));
        call(my, "api/v1/customs/zones/PKG", "customs", "PUT",
                "{\"name\":\"Port Klang Digital Free Trade Zone\",\"ports\":[\"MYPKG\",\"MYWSP\"]}");
        if (sendQuietly(my, "api/v1/customs/zones/MYMSP/PKG/rules") != 200) {
            JsonNode zone = get(my, "api/v1/customs/zones/MYMSP/PKG", "customs");
            int version = zone.path("rules").size() + 1;
            Instant from = clock.instant().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            call(my, "api/v1/customs/zones/PKG/rules/" + version, "customs", "PUT", """
                    {"effectiveFrom":"%s","currency":"MYR","deMinimis":50000,
                     "defaultRate":{"standard":1000,"preferential":500},
                     "chapterRates":{"84":{"standard":500,"preferential":0}},
                     "exchangeRates":{"CNY":{"numerator":65,"denominator":100}},
                     "revenueWallet":"MYMSP/customs","exportDeclarationRequired":false}""".formatted(from));
            Thread.sleep(4000);
        }
    }

    /** One shipment to clearance; returns {ledger clearance ms, gateway ms from declare to clear}. */
    private long[] shipment(Gateway cn, Gateway my, String id) throws InterruptedException {
        byte[] content = ("bench invoice " + id).getBytes(StandardCharsets.UTF_8);
        call(cn, "api/v1/documents", "business-1", "POST", invoice("BTI-" + id, content));
        call(cn, "api/v1/bills", "carrier", "POST", """
                {"billId":"BTB-%s","shipper":"CNMSP/business-1","content":"%s","elements":{"portOfLoading":"CNSHA",
                 "portOfDischarge":"MYPKG","consignee":"%s","invoiceRef":"BTI-%s"}}""".formatted(id,
                Base64.getEncoder().encodeToString(("bench bill " + id).getBytes(StandardCharsets.UTF_8)), IMPORTER,
                id));
        long deadline = System.nanoTime() + VISIBLE.toNanos();
        while (sendQuietly(my, "api/v1/bills/BTB-" + id) != 200) {
            if (System.nanoTime() > deadline) {
                throw new OpsException("bill BTB-" + id + " did not reach the MY peer within " + VISIBLE);
            }
            Thread.sleep(100);
        }
        long start = System.nanoTime();
        call(my, "api/v1/customs/import-declarations", "business-1", "POST", """
                {"declarationId":"BTD-%s","zoneId":"PKG","invoiceId":"BTI-%s","billId":"BTB-%s","lines":%s,
                 "currency":"CNY","origin":"CN"}""".formatted(id, id, id, LINES));
        JsonNode cleared = call(my, "api/v1/customs/declarations/BTD-" + id + "/clear", "customs", "POST", "{}");
        long wall = (System.nanoTime() - start) / 1_000_000;
        return new long[] {cleared.path("clearanceMillis").asLong(), wall};
    }

    // HTTP

    record Gateway(URI url, Map<String, String> keys) {}

    private static Gateway gateway(NetworkDescription network, String code) {
        NetworkDescription.State state = network.states().get(code);
        if (state == null) {
            throw new OpsException("the network has no state " + code + "; bench-trade needs CN and MY");
        }
        Map<String, String> keys = new java.util.HashMap<>();
        for (String name : List.of("business-1", "business-2", "carrier", "customs", "central-bank")) {
            Path file = state.identityDir(name).resolve("api-key");
            try {
                keys.put(name, Files.readString(file, StandardCharsets.US_ASCII).trim());
            } catch (IOException e) {
                throw new OpsException("cannot read the API key " + file + ": " + e.getMessage(), e);
            }
        }
        String url = state.gateway().url();
        return new Gateway(URI.create(url.endsWith("/") ? url : url + "/"), keys);
    }

    private HttpResponse<String> send(Gateway gateway, String path, String as, String method, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.url().resolve(path)).timeout(TIMEOUT)
                .header("X-API-Key", gateway.keys().get(as)).header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int sendQuietly(Gateway gateway, String path) throws InterruptedException {
        try {
            return send(gateway, path, "customs", "GET", null).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private JsonNode get(Gateway gateway, String path, String as) throws InterruptedException {
        return call(gateway, path, as, "GET", null);
    }

    private JsonNode call(Gateway gateway, String path, String as, String method, String body)
            throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = send(gateway, path, as, method, body);
        } catch (IOException e) {
            throw new OpsException(method + " " + path + " on " + gateway.url() + " failed: " + e, e);
        }
        if (response.statusCode() != 200) {
            throw new OpsException(method + " " + path + " as " + as + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return DirectPayments.JSON.readTree(response.body());
    }

    static long median(List<Long> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static long percentile(List<Long> sorted, int p) {
        int rank = (p * sorted.size() + 99) / 100;
        return sorted.get(Math.max(0, rank - 1));
    }

}
