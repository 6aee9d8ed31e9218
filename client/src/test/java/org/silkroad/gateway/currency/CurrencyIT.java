package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * Money through the REST gateways of two states on the real network: CN and MY register their currencies, open
 * wallets and issue; CN businesses pay each other; a MY bank quotes CNY→MYR from a MYR reserve and a CN business pays
 * a MY merchant through it; bad requests are refused with their codes and move nothing; retries move nothing; a
 * wallet's payments stream as server-sent events; and every currency's invariant holds at the end.
 *
 * <p>Re-runnable on the same network: IDs are random, currencies are registered idempotently, and balances are
 * compared before and after rather than assumed. Runs against {@code test-network/}
 * ({@code mvn -pl client verify -Pnetwork}).
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class CurrencyIT {

    static final String CN_CENTRAL = "CNMSP/central-bank";
    static final String CN_PAYER = "CNMSP/business-1";
    static final String CN_PAYEE = "CNMSP/business-2";
    static final String MY_BANK = "MYMSP/bank";
    static final String MY_MERCHANT = "MYMSP/business-1";
    static final Duration VISIBLE = Duration.ofSeconds(30);

    static LocalNetwork network;
    static LocalNetwork.State cn;
    static LocalNetwork.State my;
    static String run;

    @BeforeAll
    static void currenciesWalletsAndMoney() {
        network = LocalNetwork.load();
        cn = network.state("CN");
        my = network.state("MY");
        run = UUID.randomUUID().toString().substring(0, 8);

        JsonNode cny = ok(network.postJson(cn, "/api/v1/currencies", key(cn, "central-bank"),
                "{\"code\":\"CNY\",\"decimals\":2}"));
        assertThat(cny.path("issuerMspId").asString()).isEqualTo("CNMSP");
        JsonNode myr = ok(network.postJson(my, "/api/v1/currencies", key(my, "central-bank"),
                "{\"code\":\"MYR\",\"decimals\":2}"));
        assertThat(myr.path("issuerMspId").asString()).isEqualTo("MYMSP");

        for (String name : List.of("central-bank", "business-1", "business-2", "regulator")) {
            ok(network.putJson(cn, "/api/v1/wallets/me", key(cn, name), null));
        }
        for (String name : List.of("central-bank", "bank", "business-1")) {
            ok(network.putJson(my, "/api/v1/wallets/me", key(my, name), null));
        }
        // A run that stopped half-way may have left the payee frozen.
        ok(network.delete(cn, "/api/v1/wallets/" + CN_PAYEE + "/freeze", key(cn, "central-bank")));

        issue(cn, "CNY", CN_PAYER, "1000.00");
        issue(cn, "CNY", CN_PAYEE, "50.00");
        issue(my, "MYR", MY_BANK, "2000.00");
        // The CN peer must know the MY wallets before CN payers pay into them.
        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(cn, "/api/v1/wallets/" + MY_MERCHANT,
                key(cn, "business-1"))));
    }

    @AfterAll
    static void unfreeze() {
        if (network != null) {
            network.delete(cn, "/api/v1/wallets/" + CN_PAYEE + "/freeze", key(cn, "central-bank"));
        }
    }

    @Nested
    @Order(1)
    class PaymentsInOneCurrency {

        @Test
        void a_cn_business_pays_another_exactly_and_a_retry_moves_nothing() {
            BigDecimal payer = balance(cn, CN_PAYER, "CNY");
            BigDecimal payee = balance(cn, CN_PAYEE, "CNY");
            String body = payment("it-pay-" + run, "CNY", CN_PAYEE, "12.34");

            JsonNode first = ok(network.postJson(cn, "/api/v1/payments", key(cn, "business-1"), body));

            assertThat(first.path("payer").asString()).isEqualTo(CN_PAYER);
            assertThat(first.path("outputs").get(0).path("wallet").asString()).isEqualTo(CN_PAYEE);
            assertThat(first.path("outputs").get(0).path("amount").asString()).isEqualTo("12.34");
            assertThat(balance(cn, CN_PAYER, "CNY")).isEqualByComparingTo(payer.subtract(new BigDecimal("12.34")));
            assertThat(balance(cn, CN_PAYEE, "CNY")).isEqualByComparingTo(payee.add(new BigDecimal("12.34")));

            JsonNode retry = ok(network.postJson(cn, "/api/v1/payments", key(cn, "business-1"), body));

            assertThat(retry).isEqualTo(first);
            assertThat(balance(cn, CN_PAYER, "CNY")).isEqualByComparingTo(payer.subtract(new BigDecimal("12.34")));
            assertThat(balance(cn, CN_PAYEE, "CNY")).isEqualByComparingTo(payee.add(new BigDecimal("12.34")));
            assertThat(ok(network.get(cn, "/api/v1/payments/it-pay-" + run, key(cn, "business-2"))))
                    .isEqualTo(first);
            assertThat(history(CN_PAYEE, "business-2")).filteredOn(p -> p.path("paymentId").asString()
                    .equals("it-pay-" + run)).singleElement().isEqualTo(first);
        }

        @Test
        void concurrent_payments_of_one_payer_all_commit_without_spending_a_note_twice() throws Exception {
            for (int i = 0; i < 6; i++) {
                issue(cn, "CNY", CN_PAYER, "10.00");
            }
            BigDecimal payee = balance(cn, CN_PAYEE, "CNY");
            ExecutorService threads = Executors.newFixedThreadPool(6);
            try {
                List<Future<HttpResponse<String>>> responses = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String body = payment("it-conc-" + run + "-" + i, "CNY", CN_PAYEE, "1.00");
                    responses.add(threads.submit(() -> network.postJson(cn, "/api/v1/payments",
                            key(cn, "business-1"), body)));
                }
                Set<String> inputs = new HashSet<>();
                for (Future<HttpResponse<String>> response : responses) {
                    JsonNode payment = ok(response.get(120, TimeUnit.SECONDS));
                    payment.path("inputs").forEach(input -> assertThat(inputs.add(input.asString()))
                            .as("note %s spent twice", input.asString()).isTrue());
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(balance(cn, CN_PAYEE, "CNY")).isEqualByComparingTo(payee.add(new BigDecimal("6.00")));
        }

        @Test
        void bad_amounts_and_unknown_currencies_are_refused_with_their_codes_and_move_nothing() {
            BigDecimal payer = balance(cn, CN_PAYER, "CNY");
            BigDecimal payee = balance(cn, CN_PAYEE, "CNY");

            problem(pay(cn, "business-1", "CNY", CN_PAYEE, "0"), 400, "AMOUNT_NOT_POSITIVE");
            problem(pay(cn, "business-1", "CNY", CN_PAYEE, "-1.00"), 400, "AMOUNT_NOT_POSITIVE");
            problem(pay(cn, "business-1", "CNY", CN_PAYEE, "1.001"), 400, "AMOUNT_PRECISION");
            problem(pay(cn, "business-1", "CNY", CN_PAYEE, "ten"), 400, "INVALID_AMOUNT");
            problem(pay(cn, "business-1", "CNY", CN_PAYEE, "92233720368547758.08"), 400, "AMOUNT_OVERFLOW");
            problem(pay(cn, "business-1", "QQQ", CN_PAYEE, "1.00"), 404, "UNKNOWN_CURRENCY");

            assertThat(balance(cn, CN_PAYER, "CNY")).isEqualByComparingTo(payer);
            assertThat(balance(cn, CN_PAYEE, "CNY")).isEqualByComparingTo(payee);
        }

        @Test
        void more_than_the_payer_holds_is_422_insufficient_funds_and_moves_nothing() {
            BigDecimal payee = balance(cn, CN_PAYEE, "CNY");
            BigDecimal payer = balance(cn, CN_PAYER, "CNY");

            problem(pay(cn, "business-2", "CNY", CN_PAYER, payee.add(BigDecimal.ONE).toPlainString()), 422,
                    "INSUFFICIENT_FUNDS");

            assertThat(balance(cn, CN_PAYEE, "CNY")).isEqualByComparingTo(payee);
            assertThat(balance(cn, CN_PAYER, "CNY")).isEqualByComparingTo(payer);
        }

        @Test
        void a_frozen_wallet_cannot_pay_but_moves_nothing_and_pays_again_once_unfrozen() {
            BigDecimal payee = balance(cn, CN_PAYEE, "CNY");
            BigDecimal payer = balance(cn, CN_PAYER, "CNY");
            JsonNode frozen = ok(network.putJson(cn, "/api/v1/wallets/" + CN_PAYEE + "/freeze",
                    key(cn, "central-bank"), "{\"reason\":\"IT " + run + "\"}"));
            assertThat(frozen.path("frozen").asBoolean()).isTrue();
            try {
                problem(pay(cn, "business-2", "CNY", CN_PAYER, "1.00"), 422, "WALLET_FROZEN");

                assertThat(balance(cn, CN_PAYEE, "CNY")).isEqualByComparingTo(payee);
                assertThat(balance(cn, CN_PAYER, "CNY")).isEqualByComparingTo(payer);
                // Receiving still works.
                ok(pay(cn, "business-1", "CNY", CN_PAYEE, "0.01"));
            } finally {
                ok(network.delete(cn, "/api/v1/wallets/" + CN_PAYEE + "/freeze", key(cn, "central-bank")));
            }
            ok(pay(cn, "business-2", "CNY", CN_PAYER, "0.01"));
        }

        @Test
        void another_states_central_bank_cannot_issue_cny_and_nothing_is_issued() {
            BigDecimal issued = new BigDecimal(audit("CNY").path("issued").asString());
            BigDecimal merchant = balance(my, MY_MERCHANT, "CNY");

            problem(network.postJson(my, "/api/v1/currencies/CNY/issuances", key(my, "central-bank"),
                    "{\"requestId\":\"it-wrong-%s\",\"wallet\":\"%s\",\"amount\":\"5.00\"}"
                            .formatted(run, MY_MERCHANT)), 403, "NOT_ISSUER");

            assertThat(new BigDecimal(audit("CNY").path("issued").asString())).isEqualByComparingTo(issued);
            assertThat(balance(my, MY_MERCHANT, "CNY")).isEqualByComparingTo(merchant);
        }

        @Test
        void the_central_bank_redeems_an_amount_of_its_own_holdings_once() {
            issue(cn, "CNY", CN_CENTRAL, "10.00");
            BigDecimal redeemed = new BigDecimal(audit("CNY").path("redeemed").asString());
            BigDecimal held = balance(cn, CN_CENTRAL, "CNY");
            String body = "{\"requestId\":\"it-redeem-%s\",\"amount\":\"2.50\"}".formatted(run);

            JsonNode first = ok(network.postJson(cn, "/api/v1/currencies/CNY/redemptions", key(cn, "central-bank"),
                    body));
            JsonNode retry = ok(network.postJson(cn, "/api/v1/currencies/CNY/redemptions", key(cn, "central-bank"),
                    body));

            assertThat(first.path("amount").asString()).isEqualTo("2.50");
            assertThat(retry.path("txId")).isEqualTo(first.path("txId"));
            assertThat(balance(cn, CN_CENTRAL, "CNY")).isEqualByComparingTo(held.subtract(new BigDecimal("2.50")));
            assertThat(new BigDecimal(audit("CNY").path("redeemed").asString()))
                    .isEqualByComparingTo(redeemed.add(new BigDecimal("2.50")));
        }
    }

    @Nested
    @Order(2)
    class CrossBorder {

        @Test
        void a_cn_business_pays_a_my_merchant_in_myr_through_a_my_banks_quote() {
            BigDecimal bankMyr = balance(my, MY_BANK, "MYR");
            String quoteId = "it-quote-" + run;
            JsonNode quote = ok(network.postJson(my, "/api/v1/quotes", key(my, "bank"),
                    quote(quoteId, "0.65", "1000.00", "500.00", Instant.now().plus(1, ChronoUnit.HOURS))));
            assertThat(quote.path("rateNumerator").asLong()).isEqualTo(13);
            assertThat(quote.path("rateDenominator").asLong()).isEqualTo(20);
            assertThat(quote.path("reserve").asString()).isEqualTo("500.00");
            assertThat(balance(my, MY_BANK, "MYR")).isEqualByComparingTo(bankMyr.subtract(new BigDecimal("500.00")));
            visibleInCn(quoteId);

            BigDecimal payer = balance(cn, CN_PAYER, "CNY");
            BigDecimal merchant = balance(my, MY_MERCHANT, "MYR");
            String body = "{\"paymentId\":\"it-xb-%s\",\"quoteId\":\"%s\",\"payee\":\"%s\",\"amount\":\"100.01\"}"
                    .formatted(run, quoteId, MY_MERCHANT);

            JsonNode payment = ok(network.postJson(cn, "/api/v1/cross-border-payments", key(cn, "business-1"), body));

            // floor(10001 fen × 13/20) = 6500 sen
            assertThat(payment.path("quoteAmount").asString()).isEqualTo("65.00");
            assertThat(payment.path("baseAmount").asString()).isEqualTo("100.01");
            assertThat(balance(cn, CN_PAYER, "CNY")).isEqualByComparingTo(payer.subtract(new BigDecimal("100.01")));
            BigDecimal expected = merchant.add(new BigDecimal("65.00"));
            await().atMost(VISIBLE).untilAsserted(() ->
                    assertThat(balance(my, MY_MERCHANT, "MYR")).isEqualByComparingTo(expected));

            JsonNode retry = ok(network.postJson(cn, "/api/v1/cross-border-payments", key(cn, "business-1"), body));

            assertThat(retry).isEqualTo(payment);
            assertThat(balance(cn, CN_PAYER, "CNY")).isEqualByComparingTo(payer.subtract(new BigDecimal("100.01")));
            assertThat(balance(cn, MY_MERCHANT, "MYR")).isEqualByComparingTo(expected);
            JsonNode after = ok(network.get(cn, "/api/v1/quotes/" + quoteId, key(cn, "business-1")));
            assertThat(after.path("usedBase").asString()).isEqualTo("100.01");
            assertThat(after.path("reserve").asString()).isEqualTo("435.00");
        }

        @Test
        void an_expired_quote_is_422_quote_expired_and_moves_nothing() throws InterruptedException {
            String quoteId = "it-expiring-" + run;
            Instant expiry = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
            ok(network.postJson(my, "/api/v1/quotes", key(my, "bank"), quote(quoteId, "0.65", "10.00", "1.00", expiry)));
            visibleInCn(quoteId);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1500);

            assertCrossBorderRefused(quoteId, "1.00", "QUOTE_EXPIRED");
            close(quoteId);
        }

        @Test
        void an_exhausted_quote_is_422_quote_exhausted_and_moves_nothing() {
            String quoteId = "it-small-" + run;
            ok(network.postJson(my, "/api/v1/quotes", key(my, "bank"),
                    quote(quoteId, "0.65", "1.00", "10.00", Instant.now().plus(1, ChronoUnit.HOURS))));
            visibleInCn(quoteId);

            assertCrossBorderRefused(quoteId, "2.00", "QUOTE_EXHAUSTED");
            close(quoteId);
        }

        void assertCrossBorderRefused(String quoteId, String amount, String code) {
            BigDecimal payer = balance(cn, CN_PAYER, "CNY");
            BigDecimal merchant = balance(cn, MY_MERCHANT, "MYR");

            problem(network.postJson(cn, "/api/v1/cross-border-payments", key(cn, "business-1"),
                    "{\"paymentId\":\"it-xb-%s-%s\",\"quoteId\":\"%s\",\"payee\":\"%s\",\"amount\":\"%s\"}"
                            .formatted(code, run, quoteId, MY_MERCHANT, amount)), 422, code);

            assertThat(balance(cn, CN_PAYER, "CNY")).isEqualByComparingTo(payer);
            assertThat(balance(cn, MY_MERCHANT, "MYR")).isEqualByComparingTo(merchant);
        }

        void close(String quoteId) {
            JsonNode closed = ok(network.postJson(my, "/api/v1/quotes/" + quoteId + "/close", key(my, "bank"), ""));
            assertThat(closed.path("closed").asBoolean()).isTrue();
            assertThat(closed.path("reserve").asString()).isEqualTo("0.00");
        }
    }

    @Nested
    @Order(3)
    class Streams {

        @Test
        void a_wallets_payments_stream_as_server_sent_events_and_resume_after_the_last_event_id() throws Exception {
            JsonNode first = ok(pay(cn, "business-1", "CNY", CN_PAYEE, "0.05", "it-sse-1-" + run));

            List<String[]> events = readEvents(CN_PAYEE, "business-2", "fromBlock=0", null,
                    event -> event[1].contains("it-sse-1-" + run));
            String[] seen = events.get(events.size() - 1);
            assertThat(seen[0]).matches("[0-9]+:" + first.path("txId").asString());
            JsonNode data = LocalNetwork.json(seen[1]);
            assertThat(data.path("paymentId").asString()).isEqualTo("it-sse-1-" + run);
            assertThat(data.path("outputs").get(0).path("amount").asString()).isEqualTo("0.05");

            JsonNode second = ok(pay(cn, "business-1", "CNY", CN_PAYEE, "0.06", "it-sse-2-" + run));
            List<String[]> resumed = readEvents(CN_PAYEE, "business-2", null, seen[0],
                    event -> event[1].contains("it-sse-2-" + run));

            assertThat(resumed).noneMatch(event -> event[1].contains("it-sse-1-" + run));
            assertThat(resumed.get(resumed.size() - 1)[0]).endsWith(":" + second.path("txId").asString());
        }

        @Test
        void another_business_may_not_stream_the_wallet() {
            HttpResponse<String> response = network.get(cn, "/api/v1/wallets/" + CN_PAYEE + "/payments/stream",
                    key(cn, "business-1"));

            problem(response, 403, "FORBIDDEN");
        }

        /** Reads {@code [id, data]} of payment events until one matches, within 60 s. */
        List<String[]> readEvents(String wallet, String as, String query, String lastEventId,
                                  Predicate<String[]> until) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(cn.gatewayUrl().resolve(
                            "/api/v1/wallets/" + wallet + "/payments/stream" + (query == null ? "" : "?" + query)))
                    .header("X-API-Key", key(cn, as)).header("Accept", "text/event-stream").GET();
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = network.http().send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            List<String[]> events = new ArrayList<>();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String id = null;
                    String name = null;
                    StringBuilder data = new StringBuilder();
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.isEmpty()) {
                            if ("payment".equals(name)) {
                                String[] event = {id, data.toString()};
                                events.add(event);
                                if (until.test(event)) {
                                    return;
                                }
                            }
                            assertThat(name).as("event %s: %s", id, data).isNotEqualTo("error");
                            id = null;
                            name = null;
                            data.setLength(0);
                        } else if (line.startsWith("id:")) {
                            id = line.substring(3);
                        } else if (line.startsWith("event:")) {
                            name = line.substring(6);
                        } else if (line.startsWith("data:")) {
                            data.append(line.substring(5));
                        }
                    }
                    throw new AssertionError("stream ended before the expected event; got " + events.size());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                reading.get(60, TimeUnit.SECONDS);
            } finally {
                response.body().close();
            }
            return events;
        }
    }

    @Nested
    @Order(4)
    class Invariant {

        @Test
        void every_currency_is_balanced_after_all_of_this() {
            JsonNode currencies = ok(network.get(cn, "/api/v1/currencies", key(cn, "regulator")));
            List<String> codes = new ArrayList<>();
            currencies.path("currencies").forEach(currency -> codes.add(currency.path("code").asString()));
            assertThat(codes).contains("CNY", "MYR");

            for (String code : codes) {
                JsonNode audit = audit(code);
                assertThat(audit.path("balanced").asBoolean()).as("audit of %s: %s", code, audit).isTrue();
            }
        }
    }

    // Helpers

    static String key(LocalNetwork.State state, String identity) {
        return state.apiKey(identity);
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("%s %s: %s", response.request().method(), response.uri(),
                response.body()).isEqualTo(200);
        return LocalNetwork.json(response.body());
    }

    static void problem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(LocalNetwork.json(response.body()).path("code").asString()).isEqualTo(code);
    }

    static void issue(LocalNetwork.State state, String currency, String wallet, String amount) {
        JsonNode issuance = ok(network.postJson(state, "/api/v1/currencies/" + currency + "/issuances",
                key(state, "central-bank"), "{\"requestId\":\"it-issue-%s\",\"wallet\":\"%s\",\"amount\":\"%s\"}"
                        .formatted(UUID.randomUUID(), wallet, amount)));
        assertThat(issuance.path("amount").asString()).isEqualTo(amount);
    }

    static String payment(String paymentId, String currency, String payee, String amount) {
        return "{\"paymentId\":\"%s\",\"currency\":\"%s\",\"payee\":\"%s\",\"amount\":\"%s\"}"
                .formatted(paymentId, currency, payee, amount);
    }

    static HttpResponse<String> pay(LocalNetwork.State state, String as, String currency, String payee,
                                    String amount) {
        return pay(state, as, currency, payee, amount, "it-" + UUID.randomUUID());
    }

    static HttpResponse<String> pay(LocalNetwork.State state, String as, String currency, String payee,
                                    String amount, String paymentId) {
        return network.postJson(state, "/api/v1/payments", key(state, as), payment(paymentId, currency, payee, amount));
    }

    static String quote(String quoteId, String rate, String maxBase, String reserve, Instant expiresAt) {
        return ("{\"quoteId\":\"%s\",\"baseCurrency\":\"CNY\",\"quoteCurrency\":\"MYR\",\"rate\":\"%s\","
                + "\"maxBase\":\"%s\",\"reserve\":\"%s\",\"expiresAt\":\"%s\"}")
                .formatted(quoteId, rate, maxBase, reserve, expiresAt);
    }

    static void visibleInCn(String quoteId) {
        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(cn, "/api/v1/quotes/" + quoteId,
                key(cn, "business-1"))));
    }

    /** A wallet's holding of a currency, read through a state's gateway (zero when it holds none). */
    static BigDecimal balance(LocalNetwork.State state, String wallet, String currency) {
        String reader = state == cn ? "regulator" : "central-bank";
        JsonNode balances = ok(network.get(state, "/api/v1/wallets/" + wallet + "/balance", key(state, reader)))
                .path("balances");
        return balances.has(currency) ? new BigDecimal(balances.path(currency).asString()) : BigDecimal.ZERO;
    }

    /** Every payment in a wallet's history, page by page, as a CN identity. */
    static List<JsonNode> history(String wallet, String as) {
        List<JsonNode> payments = new ArrayList<>();
        String bookmark = null;
        do {
            JsonNode page = ok(network.get(cn, "/api/v1/wallets/" + wallet + "/payments?limit=1000"
                    + (bookmark == null ? "" : "&bookmark=" + java.net.URLEncoder.encode(bookmark,
                    StandardCharsets.UTF_8)), key(cn, as)));
            page.path("payments").forEach(payments::add);
            bookmark = page.path("bookmark").isString() ? page.path("bookmark").asString() : null;
        } while (bookmark != null);
        return payments;
    }

    static JsonNode audit(String currency) {
        return ok(network.get(cn, "/api/v1/currencies/" + currency + "/audit", key(cn, "regulator")));
    }
}
