package org.silkroad.gateway.trade;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * One complete shipment through the REST gateways of CN, MY and RW on the real network, with every forbidden step tried
 * and refused on the way: a CN exporter registers the invoice and the certificate of origin, the CN carrier issues the
 * bill of lading, it is transferred twice (exporter to a CN bank, the bank to the MY importer), the MY importer
 * declares, MY customs holds and then clears the goods with the duty paid in MYR in the same transaction, and the
 * importer surrenders the bill. Refused on the way: a content whose hash does not match, MY customs moving the bill, the
 * carrier moving it, a stale transfer, a declaration contradicting the invoice, RW customs clearing the MY declaration,
 * a reading of the content by a court of another state, a second pledge of the bill, a rejection after clearance, a
 * transfer after surrender. Every refusal moves nothing (the bill, balances and declaration are read after).
 *
 * <p>Re-runnable: document, bill and declaration IDs are per run; the zone and its rules are defined once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShipmentIT {

    static final String EXPORTER = "CNMSP/business-1";
    static final String CN_BANK = "CNMSP/bank";
    static final String CARRIER = "CNMSP/carrier";
    static final String IMPORTER = "MYMSP/business-1";
    static final String MY_REVENUE = "MYMSP/customs";
    static final String LINES = "[{\"hsCode\":\"847130\",\"quantity\":10,\"value\":500000},"
            + "{\"hsCode\":\"850440\",\"quantity\":5,\"value\":100000}]";
    /** 0.65 MYR per CNY: 3250.00 and 650.00 MYR; preferential 0 % on chapter 84 and 2 % on chapter 85. */
    static final BigDecimal DUTY = new BigDecimal("13.00");
    static final Duration VISIBLE = Duration.ofSeconds(30);

    static LocalNetwork network;
    static LocalNetwork.State cn;
    static LocalNetwork.State my;
    static LocalNetwork.State rw;
    static String run;
    static String invoiceId;
    static String certificateId;
    static String billId;
    static String declarationId;
    static String invoiceContent;
    static String billContent;

    @BeforeAll
    static void moneyAndZone() {
        network = LocalNetwork.load();
        cn = network.state("CN");
        my = network.state("MY");
        rw = network.state("RW");
        run = UUID.randomUUID().toString().substring(0, 8);
        invoiceId = "INV-" + run;
        certificateId = "COO-" + run;
        billId = "BL-" + run;
        declarationId = "D-" + run;
        invoiceContent = "Commercial invoice " + run + ": 10 laptops, 5 power supplies, CNY 6000.00";
        billContent = "Bill of lading " + run + ": CNSHA to MYPKG, to order of " + IMPORTER;

        ok(network.postJson(my, "/api/v1/currencies", key(my, "central-bank"), "{\"code\":\"MYR\",\"decimals\":2}"));
        for (String name : List.of("central-bank", "business-1", "customs")) {
            ok(network.putJson(my, "/api/v1/wallets/me", key(my, name), null));
        }
        ok(network.postJson(my, "/api/v1/currencies/MYR/issuances", key(my, "central-bank"),
                "{\"requestId\":\"it-duty-%s\",\"wallet\":\"%s\",\"amount\":\"100.00\"}".formatted(run, IMPORTER)));

        ok(network.putJson(my, "/api/v1/customs/zones/PKG", key(my, "customs"),
                "{\"name\":\"Port Klang Digital Free Trade Zone\",\"ports\":[\"MYPKG\",\"MYWSP\"]}"));
        HttpResponse<String> inForce = network.get(my, "/api/v1/customs/zones/MYMSP/PKG/rules", key(my, "customs"));
        if (inForce.statusCode() != 200) {
            Instant from = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
            ok(network.putJson(my, "/api/v1/customs/zones/PKG/rules/1", key(my, "customs"), """
                    {"effectiveFrom":"%s","currency":"MYR","deMinimis":50000,
                     "defaultRate":{"standard":1000,"preferential":500},
                     "chapterRates":{"84":{"standard":500,"preferential":0},"85":{"standard":1000,"preferential":200}},
                     "exchangeRates":{"CNY":{"numerator":65,"denominator":100}},
                     "revenueWallet":"%s","exportDeclarationRequired":false}""".formatted(from, MY_REVENUE)));
            await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(my, "/api/v1/customs/zones/MYMSP/PKG/rules",
                    key(my, "customs"))));
        }
    }

    @Test
    @Order(1)
    void the_cn_exporter_registers_the_invoice_and_the_certificate_of_origin() {
        String tampered = document(invoiceId, "commercial-invoice", "tampered", sha("the real invoice"),
                invoiceElements());
        problem(network.postJson(cn, "/api/v1/documents", key(cn, "business-1"), tampered), 422, "HASH_MISMATCH");

        JsonNode invoice = ok(network.postJson(cn, "/api/v1/documents", key(cn, "business-1"),
                document(invoiceId, "commercial-invoice", invoiceContent, null, invoiceElements())));
        assertThat(invoice.path("collection").asString()).isEqualTo("CN_MY");
        assertThat(invoice.path("contentHash").asString()).isEqualTo(sha(invoiceContent));
        assertThat(invoice.toString()).doesNotContain("laptops");

        JsonNode certificate = ok(network.postJson(cn, "/api/v1/documents", key(cn, "business-1"),
                document(certificateId, "certificate-of-origin", "Certificate of origin " + run, null,
                        "{\"origin\":\"CN\",\"lines\":[{\"hsCode\":\"847130\",\"quantity\":10},{\"hsCode\":\"850440\","
                                + "\"quantity\":5}],\"consignee\":\"" + IMPORTER + "\",\"invoiceRef\":\"" + invoiceId
                                + "\"}")));
        assertThat(certificate.path("version").asInt()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void the_carrier_issues_the_bill_and_nobody_but_its_holder_can_move_it() {
        JsonNode bill = ok(network.postJson(cn, "/api/v1/bills", key(cn, "carrier"), """
                {"billId":"%s","shipper":"%s","content":"%s","mediaType":"text/plain","elements":{
                 "portOfLoading":"CNSHA","portOfDischarge":"MYPKG","consignee":"%s","invoiceRef":"%s"}}"""
                .formatted(billId, EXPORTER, base64(billContent), IMPORTER, invoiceId)));
        assertThat(bill.path("holder").asString()).isEqualTo(EXPORTER);
        assertThat(bill.path("carrier").asString()).isEqualTo(CARRIER);

        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(my, "/api/v1/bills/" + billId, key(my, "customs"))));
        problem(network.postJson(my, "/api/v1/bills/" + billId + "/transfer", key(my, "customs"),
                "{\"version\":1,\"newHolder\":\"MYMSP/customs\"}"), 403, "NOT_HOLDER");
        problem(network.postJson(cn, "/api/v1/bills/" + billId + "/transfer", key(cn, "carrier"),
                "{\"version\":1,\"newHolder\":\"" + IMPORTER + "\"}"), 403, "NOT_HOLDER");
        assertThat(bill(cn).path("bill").path("holder").asString()).isEqualTo(EXPORTER);
    }

    @Test
    @Order(3)
    void the_bill_is_transferred_twice_with_its_chain_of_custody() {
        JsonNode once = ok(network.postJson(cn, "/api/v1/bills/" + billId + "/transfer", key(cn, "business-1"),
                "{\"version\":1,\"newHolder\":\"" + CN_BANK + "\",\"reason\":\"endorsed to the financing bank\"}"));
        assertThat(once.path("holder").asString()).isEqualTo(CN_BANK);

        problem(network.postJson(cn, "/api/v1/bills/" + billId + "/transfer", key(cn, "bank"),
                "{\"version\":1,\"newHolder\":\"" + IMPORTER + "\"}"), 409, "CONFLICT");

        JsonNode twice = ok(network.postJson(cn, "/api/v1/bills/" + billId + "/transfer", key(cn, "bank"),
                "{\"version\":2,\"newHolder\":\"" + IMPORTER + "\",\"reason\":\"paid under the letter of credit\"}"));
        assertThat(twice.path("holder").asString()).isEqualTo(IMPORTER);
        assertThat(twice.path("version").asInt()).isEqualTo(3);

        await().atMost(VISIBLE).untilAsserted(() ->
                assertThat(bill(my).path("bill").path("holder").asString()).isEqualTo(IMPORTER));
        JsonNode custody = bill(my);
        assertThat(custody.path("custodyIntact").asBoolean()).isTrue();
        assertThat(custody.path("bill").path("custody").valueStream().map(l -> l.path("to").asString()).toList())
                .containsExactly(EXPORTER, CN_BANK, IMPORTER);
        // The CN holder gave the bill up: now only a MY peer's endorsement can move it, and CN identities cannot.
        problem(network.postJson(cn, "/api/v1/bills/" + billId + "/transfer", key(cn, "bank"),
                "{\"version\":3,\"newHolder\":\"" + CN_BANK + "\"}"), 403, "NOT_HOLDER");
    }

    @Test
    @Order(4)
    void documents_verify_by_hash_and_their_content_stays_with_the_parties_states() {
        await().atMost(VISIBLE).untilAsserted(() -> ok(verify(my, invoiceContent)));
        JsonNode verified = ok(verify(my, invoiceContent));
        assertThat(verified.path("matches").asBoolean()).isTrue();
        problem(verify(my, "a forged invoice"), 422, "HASH_MISMATCH");

        HttpResponse<String> content = network.get(my, "/api/v1/documents/" + invoiceId + "/content",
                key(my, "customs"));
        assertThat(content.statusCode()).as(content.body()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(invoiceContent);
        problem(network.get(rw, "/api/v1/documents/" + invoiceId + "/content", key(rw, "court")), 403, "FORBIDDEN");
    }

    @Test
    @Order(5)
    void a_document_is_pledged_once_whichever_bank_asks() {
        String hash = sha(billContent);
        String terms = "{\"pledgeId\":\"P-%s\",\"amount\":400000,\"currency\":\"CNY\",\"salt\":\"salt-of-%s-0123\"}";
        ok(network.postJson(cn, "/api/v1/pledges/" + hash, key(cn, "bank"), terms.formatted(run, run)));
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(ok(network.get(my, "/api/v1/pledges/" + hash,
                key(my, "bank"))).path("status").asString()).isEqualTo("pledged"));
        problem(network.postJson(my, "/api/v1/pledges/" + hash, key(my, "bank"), terms.formatted("my" + run, run)),
                409, "ALREADY_PLEDGED");
        assertThat(ok(network.get(my, "/api/v1/pledges/" + hash, key(my, "bank"))).toString()).doesNotContain("400000")
                .doesNotContain("CNMSP/bank");
        ok(network.postJson(cn, "/api/v1/pledges/" + hash + "/release", key(cn, "bank"), terms.formatted(run, run)));
    }

    @Test
    @Order(6)
    void the_my_importer_declares_and_my_customs_holds_then_clears_with_duty_paid_in_myr() throws Exception {
        BigDecimal importer = balance(IMPORTER);
        BigDecimal revenue = balance(MY_REVENUE);
        problem(network.postJson(my, "/api/v1/customs/import-declarations", key(my, "business-1"),
                declaration(LINES.replace("\"value\":100000", "\"value\":10000"))), 422, "DOCUMENT_MISMATCH");

        JsonNode declared = ok(network.postJson(my, "/api/v1/customs/import-declarations", key(my, "business-1"),
                declaration(LINES)));
        assertThat(declared.path("status").asString()).isEqualTo("submitted");
        assertThat(declared.path("assessment").path("preferential").asBoolean()).isTrue();
        assertThat(declared.path("assessment").path("duty").asLong()).isEqualTo(1300);
        assertThat(balance(IMPORTER)).isEqualByComparingTo(importer.subtract(DUTY));

        JsonNode held = ok(network.postJson(my, "/api/v1/customs/declarations/" + declarationId + "/hold",
                key(my, "customs"), "{\"reason\":\"random physical inspection\"}"));
        assertThat(held.path("status").asString()).isEqualTo("held");

        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(rw, "/api/v1/customs/declarations/"
                + declarationId, key(rw, "customs"))));
        problem(network.postJson(rw, "/api/v1/customs/declarations/" + declarationId + "/clear", key(rw, "customs"),
                "{}"), 403, "FOREIGN_CUSTOMS");
        problem(network.postJson(my, "/api/v1/customs/declarations/" + declarationId + "/clear",
                key(my, "business-1"), "{}"), 403, "FORBIDDEN");

        JsonNode cleared = ok(network.postJson(my, "/api/v1/customs/declarations/" + declarationId + "/clear",
                key(my, "customs"), "{}"));
        assertThat(cleared.path("status").asString()).isEqualTo("cleared");
        assertThat(cleared.path("clearanceMillis").asLong()).isPositive();
        assertThat(cleared.path("steps").valueStream().map(s -> s.path("status").asString()).toList())
                .containsExactly("submitted", "held", "cleared");
        assertThat(balance(MY_REVENUE)).isEqualByComparingTo(revenue.add(DUTY));
        assertThat(balance(IMPORTER)).isEqualByComparingTo(importer.subtract(DUTY));
        problem(network.postJson(my, "/api/v1/customs/declarations/" + declarationId + "/reject", key(my, "customs"),
                "{\"reason\":\"too late\"}"), 409, "DECLARATION_CLOSED");
        JsonNode audit = ok(network.get(my, "/api/v1/currencies/MYR/audit", key(my, "central-bank")));
        assertThat(audit.path("balanced").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void the_importer_surrenders_the_bill_and_it_moves_no_more() {
        problem(network.postJson(my, "/api/v1/bills/" + billId + "/surrender", key(my, "customs"),
                "{\"version\":3}"), 403, "NOT_HOLDER");
        JsonNode surrendered = ok(network.postJson(my, "/api/v1/bills/" + billId + "/surrender",
                key(my, "business-1"), "{\"version\":3,\"reason\":\"delivery at Port Klang\"}"));
        assertThat(surrendered.path("status").asString()).isEqualTo("surrendered");
        assertThat(surrendered.path("holder").asString()).isEqualTo(CARRIER);

        await().atMost(VISIBLE).untilAsserted(() ->
                assertThat(bill(cn).path("bill").path("status").asString()).isEqualTo("surrendered"));
        problem(network.postJson(cn, "/api/v1/bills/" + billId + "/transfer", key(cn, "carrier"),
                "{\"version\":4,\"newHolder\":\"" + EXPORTER + "\"}"), 422, "BILL_NOT_ACTIVE");

        JsonNode shipment = ok(network.get(my, "/api/v1/shipments/" + billId, key(my, "business-1")));
        assertThat(shipment.path("bill").path("status").asString()).isEqualTo("surrendered");
        assertThat(shipment.path("declaration").path("status").asString()).isEqualTo("cleared");
        assertThat(shipment.path("invoice").path("documentId").asString()).isEqualTo(invoiceId);
        JsonNode stats = ok(network.get(my, "/api/v1/customs/clearance-stats?state=MYMSP", key(my, "customs")));
        assertThat(stats.path("zones").get(0).path("medianMillis").asLong()).isPositive();
    }

    @Test
    @Order(8)
    void the_importer_follows_its_shipment_as_server_sent_events() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(my.gatewayUrl().resolve("/api/v1/shipments/stream?fromBlock=0"))
                .header("X-API-Key", key(my, "business-1")).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = network.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.contains("\"surrendered\"") && line.contains(billId)) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            reading.get(60, TimeUnit.SECONDS);
        } finally {
            response.body().close();
        }
        String sent;
        synchronized (lines) {
            sent = String.join("\n", lines);
        }
        assertThat(sent).contains("event:bill").contains("event:declaration").contains(billId)
                .contains(declarationId).contains("\"cleared\"");
    }

    // Helpers

    static String key(LocalNetwork.State state, String identity) {
        return state.apiKey(identity);
    }

    static JsonNode ok(HttpResponse<String> response) {
        return LocalNetwork.ok(response);
    }

    static void problem(HttpResponse<String> response, int status, String code) {
        LocalNetwork.problem(response, status, code);
    }

    static String sha(String text) {
        return TradeService.sha256(text.getBytes(UTF_8));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
    }

    static String invoiceElements() {
        return "{\"currency\":\"CNY\",\"amount\":600000,\"lines\":" + LINES + ",\"consignee\":\"" + IMPORTER + "\"}";
    }

    static String document(String id, String type, String content, String statedHash, String elements) {
        return "{\"documentId\":\"%s\",\"type\":\"%s\",\"parties\":[\"%s\"],\"mediaType\":\"text/plain\","
                .formatted(id, type, IMPORTER)
                + "\"content\":\"" + base64(content) + "\","
                + (statedHash == null ? "" : "\"contentHash\":\"" + statedHash + "\",")
                + "\"elements\":" + elements + "}";
    }

    static String declaration(String lines) {
        return "{\"declarationId\":\"%s\",\"zoneId\":\"PKG\",\"invoiceId\":\"%s\",\"billId\":\"%s\",\"certificateId\":"
                .formatted(declarationId, invoiceId, billId)
                + "\"" + certificateId + "\",\"lines\":" + lines + ",\"currency\":\"CNY\",\"origin\":\"CN\"}";
    }

    static JsonNode bill(LocalNetwork.State state) {
        return ok(network.get(state, "/api/v1/bills/" + billId, key(state, "business-1")));
    }

    static HttpResponse<String> verify(LocalNetwork.State state, String file) {
        HttpRequest request = HttpRequest.newBuilder(state.gatewayUrl().resolve(
                        "/api/v1/document-verifications?documentId=" + invoiceId))
                .timeout(Duration.ofSeconds(30)).header("X-API-Key", key(state, "customs"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(file)).build();
        try {
            return network.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static BigDecimal balance(String wallet) {
        JsonNode balances = ok(network.get(my, "/api/v1/wallets/" + wallet + "/balance", key(my, "central-bank")))
                .path("balances");
        JsonNode myr = balances.path("MYR");
        return myr.isMissingNode() ? BigDecimal.ZERO : new BigDecimal(myr.asString());
    }
}
