package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * Wallet tiers, per-payment and daily limits, jurisdiction over tiers and freezes, and device wallets with caps,
 * through the REST gateways on the real network.
 *
 * <p>Re-runnable on the same network: IDs and the tier's name are random, the currency is registered idempotently,
 * balances are compared before and after, and business-2 gets tier {@code default} back at the end.
 *
 * <p><b>The daily limit and re-runs.</b> The chaincode counts a payer's outflow per currency and UTC day of the
 * transaction time, whatever tier the wallet has, and only while its tier has a daily limit in the currency. Runs of
 * this test on the same day therefore share business-2's counter, and no fixed daily limit can be reached exactly by
 * every run. So the test derives the counter instead of assuming it: this class is the only one that gives
 * business-2 a daily-limited tier, and all its payments while it has one carry the prefix {@code it-limits-}; the
 * sum of what those payments sent to others on the UTC day of this run's first payment (read from the wallet's
 * history, by their recorded transaction time) is the counter. The tier is first defined with a generous daily
 * limit, and once one payment has committed and fixed the day, it is redefined with a daily limit of that counter
 * plus exactly what the rest of the test pays. (A run straddling midnight UTC between those payments would fail.)
 * The device wallet needs no such care: its cap is per payment.
 *
 * <p>Runs against {@code test-network/} ({@code mvn -pl client verify -Pnetwork}); needs the device identity
 * {@code device-1} (role device) of {@code SILKROAD_DEMO_USERS}.
 */
class LimitsAndDevicesIT {

    static final String CN_PAYER = "CNMSP/business-1";
    static final String CN_LIMITED = "CNMSP/business-2";
    static final String CN_DEVICE = "CNMSP/device-1";
    static final String PREFIX = "it-limits-";

    static LocalNetwork network;
    static LocalNetwork.State cn;
    static LocalNetwork.State my;
    static String run;

    @BeforeAll
    static void currencyWalletsAndMoney() {
        network = LocalNetwork.load();
        cn = network.state("CN");
        my = network.state("MY");
        run = UUID.randomUUID().toString().substring(0, 8);

        ok(network.postJson(cn, "/api/v1/currencies", key(cn, "central-bank"), "{\"code\":\"CNY\",\"decimals\":2}"));
        for (String name : List.of("business-1", "business-2", "regulator")) {
            ok(network.putJson(cn, "/api/v1/wallets/me", key(cn, name), null));
        }
        // A run that stopped half-way may have left business-2 frozen or limited.
        ok(network.delete(cn, "/api/v1/wallets/" + CN_LIMITED + "/freeze", key(cn, "central-bank")));
        assignTier(CN_LIMITED, "default");

        issue(CN_PAYER, "100.00");
        issue(CN_LIMITED, "20.00");
    }

    @AfterAll
    static void defaultTier() {
        if (network != null) {
            network.putJson(cn, "/api/v1/wallets/" + CN_LIMITED + "/tier", key(cn, "central-bank"),
                    "{\"tier\":\"default\"}");
        }
    }

    @Test
    void a_tier_limits_each_payment_and_the_day_and_refusals_move_nothing() {
        String tier = "it-tier-" + run;
        JsonNode defined = ok(network.putJson(cn, "/api/v1/tiers/" + tier, key(cn, "central-bank"),
                tierBody("2.00", "1000.00")));
        assertThat(defined.path("limits").path("CNY").path("perPayment").asString()).isEqualTo("2.00");
        try {
            JsonNode assigned = assignTier(CN_LIMITED, tier);
            assertThat(assigned.path("tier").asString()).isEqualTo(tier);

            // Per payment.
            BigDecimal limited = balance(CN_LIMITED);
            BigDecimal payee = balance(CN_PAYER);
            problem(pay("business-2", CN_PAYER, "2.01", PREFIX + UUID.randomUUID()), 422, "LIMIT_EXCEEDED");
            assertThat(balance(CN_LIMITED)).isEqualByComparingTo(limited);
            assertThat(balance(CN_PAYER)).isEqualByComparingTo(payee);

            // Exactly the per-payment limit is allowed; it fixes the day this run counts on.
            JsonNode first = ok(pay("business-2", CN_PAYER, "2.00", PREFIX + UUID.randomUUID()));
            LocalDate day = LocalDate.ofInstant(Instant.parse(first.path("timestamp").asString()), ZoneOffset.UTC);
            BigDecimal sentToday = sentByTheLimitedWalletOn(day);
            assertThat(sentToday).as("counter includes this run's first payment").isGreaterThanOrEqualTo(
                    new BigDecimal("2.00"));

            // The day allows exactly three more payments: 2.00 + 2.00 + 0.50.
            BigDecimal daily = sentToday.add(new BigDecimal("4.50"));
            ok(network.putJson(cn, "/api/v1/tiers/" + tier, key(cn, "central-bank"),
                    tierBody("2.00", daily.toPlainString())));
            limited = balance(CN_LIMITED);
            payee = balance(CN_PAYER);
            for (String amount : List.of("2.00", "2.00", "0.50")) {
                JsonNode payment = ok(pay("business-2", CN_PAYER, amount, PREFIX + UUID.randomUUID()));
                assertThat(payment.path("outputs").get(0).path("amount").asString()).isEqualTo(amount);
            }
            BigDecimal paid = new BigDecimal("4.50");
            assertThat(balance(CN_LIMITED)).isEqualByComparingTo(limited.subtract(paid));
            assertThat(balance(CN_PAYER)).isEqualByComparingTo(payee.add(paid));

            problem(pay("business-2", CN_PAYER, "0.01", PREFIX + UUID.randomUUID()), 422, "LIMIT_EXCEEDED");

            assertThat(balance(CN_LIMITED)).isEqualByComparingTo(limited.subtract(paid));
            assertThat(balance(CN_PAYER)).isEqualByComparingTo(payee.add(paid));
            assertThat(sentByTheLimitedWalletOn(day)).isEqualByComparingTo(daily);
        } finally {
            assignTier(CN_LIMITED, "default");
        }
        // Back on the default tier the wallet pays again.
        ok(pay("business-2", CN_PAYER, "0.01", "it-" + UUID.randomUUID()));
    }

    @Test
    void another_states_central_bank_may_neither_assign_a_tier_to_nor_freeze_a_cn_wallet() {
        JsonNode before = ok(network.get(cn, "/api/v1/wallets/" + CN_LIMITED, key(cn, "regulator")));

        problem(network.putJson(my, "/api/v1/wallets/" + CN_LIMITED + "/tier", key(my, "central-bank"),
                "{\"tier\":\"default\"}"), 403, "NOT_JURISDICTION");
        problem(network.putJson(my, "/api/v1/wallets/" + CN_LIMITED + "/freeze", key(my, "central-bank"),
                "{\"reason\":\"IT " + run + "\"}"), 403, "NOT_JURISDICTION");
        problem(network.delete(my, "/api/v1/wallets/" + CN_LIMITED + "/freeze", key(my, "central-bank")), 403,
                "NOT_JURISDICTION");

        JsonNode after = ok(network.get(cn, "/api/v1/wallets/" + CN_LIMITED, key(cn, "regulator")));
        assertThat(after.path("frozen").asBoolean()).isFalse();
        assertThat(after.path("tier")).isEqualTo(before.path("tier"));
    }

    @Test
    void a_device_pays_within_its_cap_and_above_it_is_422_device_cap_exceeded_and_moves_nothing() {
        JsonNode device = ok(network.putJson(cn, "/api/v1/devices/device-1", key(cn, "business-1"),
                "{\"caps\":{\"CNY\":\"5.00\"}}"));
        assertThat(device.path("walletId").asString()).isEqualTo(CN_DEVICE);
        assertThat(device.path("kind").asString()).isEqualToIgnoringCase("device");
        assertThat(device.path("owner").asString()).isEqualTo(CN_PAYER);
        assertThat(device.path("perPaymentCap").path("CNY").asString()).isEqualTo("5.00");

        ok(pay("business-1", CN_DEVICE, "11.00", "it-" + UUID.randomUUID()));
        BigDecimal held = balance(CN_DEVICE);
        BigDecimal owner = balance(CN_PAYER);
        assertThat(held).isGreaterThanOrEqualTo(new BigDecimal("11.00"));

        JsonNode within = ok(pay("device-1", CN_PAYER, "5.00", "it-" + UUID.randomUUID()));
        assertThat(within.path("payer").asString()).isEqualTo(CN_DEVICE);
        assertThat(balance(CN_DEVICE)).isEqualByComparingTo(held.subtract(new BigDecimal("5.00")));
        assertThat(balance(CN_PAYER)).isEqualByComparingTo(owner.add(new BigDecimal("5.00")));

        problem(pay("device-1", CN_PAYER, "5.01", "it-" + UUID.randomUUID()), 422, "DEVICE_CAP_EXCEEDED");

        assertThat(balance(CN_DEVICE)).isEqualByComparingTo(held.subtract(new BigDecimal("5.00")));
        assertThat(balance(CN_PAYER)).isEqualByComparingTo(owner.add(new BigDecimal("5.00")));
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
        assertThat(LocalNetwork.json(response.body()).path("code").asString()).as(response.body()).isEqualTo(code);
    }

    static JsonNode assignTier(String wallet, String tier) {
        return ok(network.putJson(cn, "/api/v1/wallets/" + wallet + "/tier", key(cn, "central-bank"),
                "{\"tier\":\"" + tier + "\"}"));
    }

    static String tierBody(String perPayment, String daily) {
        return "{\"limits\":{\"CNY\":{\"perPayment\":\"%s\",\"daily\":\"%s\"}}}".formatted(perPayment, daily);
    }

    static void issue(String wallet, String amount) {
        JsonNode issuance = ok(network.postJson(cn, "/api/v1/currencies/CNY/issuances", key(cn, "central-bank"),
                "{\"requestId\":\"it-issue-%s\",\"wallet\":\"%s\",\"amount\":\"%s\"}"
                        .formatted(UUID.randomUUID(), wallet, amount)));
        assertThat(issuance.path("amount").asString()).isEqualTo(amount);
    }

    static HttpResponse<String> pay(String as, String payee, String amount, String paymentId) {
        return network.postJson(cn, "/api/v1/payments", key(cn, as),
                "{\"paymentId\":\"%s\",\"currency\":\"CNY\",\"payee\":\"%s\",\"amount\":\"%s\"}"
                        .formatted(paymentId, payee, amount));
    }

    /** A CN wallet's CNY holding, read by the CN regulator (zero when it holds none). */
    static BigDecimal balance(String wallet) {
        JsonNode balances = ok(network.get(cn, "/api/v1/wallets/" + wallet + "/balance", key(cn, "regulator")))
                .path("balances");
        return balances.has("CNY") ? new BigDecimal(balances.path("CNY").asString()) : BigDecimal.ZERO;
    }

    /**
     * What business-2 sent to other wallets in CNY on a UTC day while it had this class's daily-limited tier, i.e.
     * its daily counter (see the class comment).
     */
    static BigDecimal sentByTheLimitedWalletOn(LocalDate day) {
        BigDecimal sent = BigDecimal.ZERO;
        for (JsonNode payment : history(CN_LIMITED)) {
            if (!payment.path("paymentId").asString().startsWith(PREFIX)
                    || !CN_LIMITED.equals(payment.path("payer").asString())
                    || !"CNY".equals(payment.path("currency").asString())
                    || !day.equals(LocalDate.ofInstant(Instant.parse(payment.path("timestamp").asString()),
                    ZoneOffset.UTC))) {
                continue;
            }
            for (JsonNode output : payment.path("outputs")) {
                if (!CN_LIMITED.equals(output.path("wallet").asString())) {
                    sent = sent.add(new BigDecimal(output.path("amount").asString()));
                }
            }
        }
        return sent;
    }

    static List<JsonNode> history(String wallet) {
        List<JsonNode> payments = new ArrayList<>();
        String bookmark = null;
        do {
            JsonNode page = ok(network.get(cn, "/api/v1/wallets/" + wallet + "/payments?limit=1000"
                    + (bookmark == null ? "" : "&bookmark=" + java.net.URLEncoder.encode(bookmark,
                    StandardCharsets.UTF_8)), key(cn, "regulator")));
            page.path("payments").forEach(payments::add);
            bookmark = page.path("bookmark").isString() ? page.path("bookmark").asString() : null;
        } while (bookmark != null);
        return payments;
    }
}
