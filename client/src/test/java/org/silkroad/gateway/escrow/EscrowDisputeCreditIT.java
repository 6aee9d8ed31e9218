package org.silkroad.gateway.escrow;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.silkroad.gateway.shared.LocalNetwork.ok;
import static org.silkroad.gateway.shared.LocalNetwork.problem;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * The escrow, dispute and credit features through the REST gateways of the three states on the real network, exactly
 * the issue's "Done when": a CN buyer's MYR-priced escrow funded in CNY through a MY bank's quote settles atomically
 * against a MY exporter's bill of lading; an expired escrow is refunded; a disputed escrow is split by the named (MY)
 * court while another state's court is refused; an attestation is issued, shared by consent, verified, revoked and then
 * refused; the currency audit still holds afterwards.
 *
 * <p>Bills of lading are issued through the chaincode's {@code trade} contract with the Fabric Gateway client as the MY
 * carrier (the trade feature's REST endpoints are another branch's); everything else goes through REST. Re-runnable:
 * every ID carries a random run suffix.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EscrowDisputeCreditIT {

    static final String BUYER = "CNMSP/business-1";
    static final String SELLER = "MYMSP/business-1";
    static final String EHUB = "CNMSP/ehub";
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

        ok(network.postJson(cn, "/api/v1/currencies", key(cn, "central-bank"), "{\"code\":\"CNY\",\"decimals\":2}"));
        ok(network.postJson(my, "/api/v1/currencies", key(my, "central-bank"), "{\"code\":\"MYR\",\"decimals\":2}"));
        for (String name : List.of("central-bank", "business-1", "ehub", "regulator", "bank")) {
            ok(network.putJson(cn, "/api/v1/wallets/me", key(cn, name), null));
        }
        for (String name : List.of("central-bank", "business-1", "carrier", "bank")) {
            ok(network.putJson(my, "/api/v1/wallets/me", key(my, name), null));
        }
        issue(cn, "CNY", BUYER, "3000.00");
        issue(my, "MYR", "MYMSP/bank", "3000.00");
        issue(my, "MYR", BUYER, "2000.00");
        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(cn, "/api/v1/wallets/" + SELLER,
                key(cn, "business-1"))));
    }

    @Test
    @Order(1)
    void a_cn_buyers_myr_priced_escrow_funded_in_cny_settles_atomically_against_the_my_exporters_bill() {
        String bill = billOfLading("dvp");
        String quoteId = "it-q-" + run;
        ok(network.postJson(my, "/api/v1/quotes", key(my, "bank"), ("{\"quoteId\":\"%s\",\"baseCurrency\":\"CNY\","
                + "\"quoteCurrency\":\"MYR\",\"rate\":\"0.65\",\"maxBase\":\"5000.00\",\"reserve\":\"1500.00\","
                + "\"expiresAt\":\"%s\"}").formatted(quoteId, Instant.now().plus(1, ChronoUnit.HOURS))));
        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(cn, "/api/v1/quotes/" + quoteId,
                key(cn, "business-1"))));
        BigDecimal buyerCny = balance(cn, BUYER, "CNY");
        BigDecimal sellerMyr = balance(my, SELLER, "MYR");
        String escrowId = "it-dvp-" + run;
        String create = escrowJson(escrowId, bill, "{\"billOfLading\":true,\"deliveryConfirmedBy\":\"" + EHUB + "\"}",
                Instant.now().plus(1, ChronoUnit.DAYS), "1000.00",
                ",\"funding\":{\"quoteId\":\"" + quoteId + "\",\"pay\":{\"currency\":\"CNY\",\"amount\":\"1538.47\"}}");

        JsonNode escrow = ok(network.postJson(cn, "/api/v1/escrows", key(cn, "business-1"), create));

        assertThat(escrow.path("status").asString()).isEqualTo("funded");
        assertThat(escrow.path("price").path("amount").asString()).isEqualTo("1000.00");
        assertThat(escrow.path("held").path("currency").asString()).isEqualTo("MYR");
        assertThat(escrow.path("held").path("amount").asString()).isEqualTo("1000.00");
        assertThat(balance(cn, BUYER, "CNY")).isEqualByComparingTo(buyerCny.subtract(new BigDecimal("1538.47")));
        assertThat(ok(network.postJson(cn, "/api/v1/escrows", key(cn, "business-1"), create)))
                .as("a retry returns the escrow").isEqualTo(escrow);

        // Nobody can release the money early: settling before the conditions hold changes nothing.
        visibleIn(my, escrowId, "business-1");
        problem(network.postJson(my, "/api/v1/escrows/" + escrowId + "/settlement", key(my, "business-1"), ""),
                422, "ESCROW_CONDITIONS_UNMET");
        ok(network.postJson(my, "/api/v1/escrows/" + escrowId + "/bill-deposit", key(my, "business-1"), ""));
        assertThat(bill(bill).path("holder").asString()).isEqualTo("MYMSP/escrow:" + escrowId);
        problem(network.postJson(my, "/api/v1/escrows/" + escrowId + "/settlement", key(my, "business-1"), ""),
                422, "ESCROW_CONDITIONS_UNMET");
        assertThat(balance(my, SELLER, "MYR")).isEqualByComparingTo(sellerMyr);

        await().atMost(VISIBLE).untilAsserted(() -> assertThat(ok(network.get(cn, "/api/v1/escrows/" + escrowId,
                key(cn, "ehub"))).path("billDeposited").asBoolean()).isTrue());
        ok(network.postJson(cn, "/api/v1/escrows/" + escrowId + "/delivery-confirmation", key(cn, "ehub"), ""));
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(ok(network.get(my, "/api/v1/escrows/" + escrowId,
                key(my, "business-1"))).path("deliveryConfirmedAt").isMissingNode()).isFalse());

        JsonNode settled = ok(network.postJson(my, "/api/v1/escrows/" + escrowId + "/settlement",
                key(my, "business-1"), ""));

        assertThat(settled.path("status").asString()).isEqualTo("settled");
        assertThat(settled.path("billTo").asString()).isEqualTo(BUYER);
        assertThat(balance(my, SELLER, "MYR")).isEqualByComparingTo(sellerMyr.add(new BigDecimal("1000.00")));
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(bill(bill).path("holder").asString()).isEqualTo(BUYER));
        assertThat(settled.path("closedTx").asString()).isNotEmpty();
    }

    @Test
    @Order(2)
    void an_expired_escrow_is_refunded_to_the_buyer() throws InterruptedException {
        String bill = billOfLading("exp");
        String escrowId = "it-exp-" + run;
        BigDecimal before = balance(cn, BUYER, "MYR");
        Instant expiry = Instant.now().plusSeconds(20);
        ok(network.postJson(cn, "/api/v1/escrows", key(cn, "business-1"), escrowJson(escrowId, bill,
                "{\"deliveryConfirmedBy\":\"" + EHUB + "\"}", expiry, "250.00", "")));
        assertThat(balance(cn, BUYER, "MYR")).isEqualByComparingTo(before.subtract(new BigDecimal("250.00")));

        problem(network.postJson(cn, "/api/v1/escrows/" + escrowId + "/refund", key(cn, "business-1"), ""),
                422, "ESCROW_NOT_EXPIRED");
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()) + 1500);
        problem(network.postJson(cn, "/api/v1/escrows/" + escrowId + "/refund", key(cn, "ehub"), ""),
                403, "FORBIDDEN");

        JsonNode refunded = ok(network.postJson(cn, "/api/v1/escrows/" + escrowId + "/refund",
                key(cn, "business-1"), ""));

        assertThat(refunded.path("status").asString()).isEqualTo("refunded");
        assertThat(balance(cn, BUYER, "MYR")).isEqualByComparingTo(before);
        problem(network.postJson(cn, "/api/v1/escrows/" + escrowId + "/settlement", key(cn, "business-1"), ""),
                409, "ESCROW_CLOSED");
    }

    @Test
    @Order(3)
    void a_disputed_escrow_is_split_by_the_named_court_and_another_court_is_refused() {
        String bill = billOfLading("dsp");
        String escrowId = "it-dsp-" + run;
        String disputeId = "it-d-" + run;
        BigDecimal buyerBefore = balance(cn, BUYER, "MYR");
        BigDecimal sellerBefore = balance(my, SELLER, "MYR");
        ok(network.postJson(cn, "/api/v1/escrows", key(cn, "business-1"), escrowJson(escrowId, bill,
                "{\"billOfLading\":true}", Instant.now().plus(1, ChronoUnit.DAYS), "1000.00", "")));
        visibleIn(my, escrowId, "business-1");
        ok(network.postJson(my, "/api/v1/escrows/" + escrowId + "/bill-deposit", key(my, "business-1"), ""));
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(ok(network.get(cn, "/api/v1/escrows/" + escrowId,
                key(cn, "business-1"))).path("billDeposited").asBoolean()).isTrue());

        JsonNode filed = ok(network.postJson(cn, "/api/v1/disputes", key(cn, "business-1"), ("{\"disputeId\":\"%s\","
                + "\"escrowId\":\"%s\",\"seat\":\"MYMSP\",\"claim\":\"half the goods arrived damaged\","
                + "\"evidence\":[\"trade:bill:%s\"]}").formatted(disputeId, escrowId, bill)));
        assertThat(filed.path("status").asString()).isEqualTo("filed");
        problem(network.postJson(cn, "/api/v1/escrows/" + escrowId + "/settlement", key(cn, "business-1"), ""),
                409, "ESCROW_DISPUTED");

        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(my, "/api/v1/disputes/" + disputeId,
                key(my, "court"))));
        String split = "{\"outcome\":\"split\",\"currency\":\"MYR\",\"toSeller\":\"600.00\",\"toBuyer\":\"%s\","
                + "\"reasons\":\"half the goods were damaged in transit\"}";
        problem(network.postJson(cn, "/api/v1/disputes/" + disputeId + "/ruling", key(cn, "court"),
                split.formatted("400.00")), 403, "WRONG_COURT");
        problem(network.postJson(my, "/api/v1/disputes/" + disputeId + "/ruling", key(my, "court"),
                split.formatted("300.00")), 422, "RULING_UNBALANCED");
        assertThat(balance(my, SELLER, "MYR")).isEqualByComparingTo(sellerBefore);

        JsonNode ruled = ok(network.postJson(my, "/api/v1/disputes/" + disputeId + "/ruling", key(my, "court"),
                split.formatted("400.00")));

        assertThat(ruled.path("status").asString()).isEqualTo("ruled");
        assertThat(ruled.path("ruling").path("toSeller").asString()).isEqualTo("600.00");
        assertThat(ruled.path("ruling").path("court").asString()).isEqualTo("MYMSP/court");
        assertThat(balance(my, SELLER, "MYR")).isEqualByComparingTo(sellerBefore.add(new BigDecimal("600.00")));
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(balance(cn, BUYER, "MYR"))
                .isEqualByComparingTo(buyerBefore.subtract(new BigDecimal("600.00"))));
        JsonNode record = ok(network.get(cn, "/api/v1/disputes/" + disputeId, key(cn, "business-1")));
        assertThat(record.path("escrow").path("status").asString()).isEqualTo("ruled");
        problem(network.get(cn, "/api/v1/disputes/" + disputeId, key(cn, "court")), 403, "FORBIDDEN");
    }

    @Test
    @Order(4)
    void an_attestation_is_issued_shared_by_consent_verified_revoked_and_then_refused() {
        String attestationId = "it-a-" + run;
        ok(network.postJson(my, "/api/v1/credit/businesses", key(my, "business-1"), ""));
        String attest = ("{\"attestationId\":\"%s\",\"subject\":\"%s\",\"validFrom\":\"%s\",\"validUntil\":\"%s\","
                + "\"ratingBand\":\"BBB+\",\"creditLimit\":\"50000.00\",\"currency\":\"MYR\","
                + "\"basis\":\"trade record: settled escrows and no lost disputes\"}");
        Instant from = Instant.now().minus(1, ChronoUnit.HOURS);
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS);
        problem(network.postJson(my, "/api/v1/credit/attestations", key(my, "business-1"),
                attest.formatted(attestationId, SELLER, from, until)), 403, "FORBIDDEN");
        problem(network.postJson(my, "/api/v1/credit/attestations", key(my, "bank"),
                attest.formatted(attestationId, "MYMSP/citizen-1", from, until)), 422, "NOT_A_BUSINESS");

        JsonNode record = ok(network.postJson(my, "/api/v1/credit/attestations", key(my, "bank"),
                attest.formatted(attestationId, SELLER, from, until)));
        assertThat(record.path("detailsHash").asString()).hasSize(64);
        assertThat(record.has("ratingBand")).isFalse();

        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(cn, "/api/v1/credit/attestations/" + attestationId,
                key(cn, "bank"))));
        problem(network.get(cn, "/api/v1/credit/attestations/" + attestationId + "/details", key(cn, "bank")),
                403, "NO_CONSENT");
        JsonNode own = ok(network.get(my, "/api/v1/credit/attestations/" + attestationId + "/details",
                key(my, "business-1")));
        assertThat(own.path("creditLimit").asString()).isEqualTo("50000.00");

        ok(network.postJson(my, "/api/v1/credit/attestations/" + attestationId + "/consents", key(my, "business-1"),
                "{\"lender\":\"CNMSP/bank\"}"));
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(ok(network.get(cn, "/api/v1/credit/attestations/"
                + attestationId + "/details", key(cn, "bank")))).isEqualTo(own));

        JsonNode verified = ok(network.postJson(cn, "/api/v1/credit/verifications", key(cn, "bank"), own.toString()));
        assertThat(verified.path("genuine").asBoolean()).isTrue();
        assertThat(verified.path("current").asBoolean()).isTrue();
        JsonNode forged = ok(network.postJson(cn, "/api/v1/credit/verifications", key(cn, "bank"),
                own.toString().replace("50000.00", "90000.00")));
        assertThat(forged.path("genuine").asBoolean()).isFalse();

        ok(network.postJson(my, "/api/v1/credit/attestations/" + attestationId + "/revocation", key(my, "bank"),
                "{\"reason\":\"payments overdue\"}"));
        await().atMost(VISIBLE).untilAsserted(() -> {
            JsonNode after = ok(network.postJson(cn, "/api/v1/credit/verifications", key(cn, "bank"), own.toString()));
            assertThat(after.path("genuine").asBoolean()).isTrue();
            assertThat(after.path("current").asBoolean()).isFalse();
            assertThat(after.path("status").asString()).isEqualTo("revoked");
        });
        problem(network.postJson(my, "/api/v1/credit/attestations/" + attestationId + "/consents",
                key(my, "business-1"), "{\"lender\":\"RWMSP/bank\"}"), 422, "ATTESTATION_REVOKED");
    }

    @Test
    @Order(5)
    void the_trade_record_explains_itself_and_the_currency_audit_still_holds() {
        JsonNode record = ok(network.get(my, "/api/v1/credit/trade-records/MYMSP/business-1", key(my, "bank")));
        assertThat(record.path("escrows").path("settledCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(record.path("escrows").path("entries").toString()).contains("escrow:it-dvp-" + run);
        assertThat(record.path("disputes").path("entries").toString()).contains("dispute:it-d-" + run);

        for (String currency : List.of("CNY", "MYR")) {
            JsonNode audit = ok(network.get(cn, "/api/v1/currencies/" + currency + "/audit", key(cn, "regulator")));
            assertThat(audit.path("balanced").asBoolean()).as("%s audit %s", currency, audit).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    static String escrowJson(String escrowId, String bill, String conditions, Instant expiresAt, String price,
                             String funding) {
        return ("{\"escrowId\":\"%s\",\"seller\":\"%s\",\"invoiceRef\":\"inv-%s\",\"billId\":\"%s\","
                + "\"conditions\":%s,\"expiresAt\":\"%s\",\"price\":{\"currency\":\"MYR\",\"amount\":\"%s\"}%s}")
                .formatted(escrowId, SELLER, bill, bill, conditions, expiresAt.truncatedTo(ChronoUnit.SECONDS), price,
                        funding);
    }

    /**
     * The MY exporter's invoice to the CN buyer and the MY carrier's bill of lading for it (shipper the exporter,
     * consignee the buyer), through the chaincode's trade contract; waits until the CN peer has it.
     *
     * @return the bill's ID; its invoice is {@code inv-<billId>}
     */
    static String billOfLading(String purpose) {
        String bill = "it-bl-" + purpose + "-" + run;
        String invoice = "inv-" + bill;
        byte[] invoiceContent = ("commercial invoice " + invoice).getBytes(UTF_8);
        byte[] billContent = ("bill of lading " + bill).getBytes(UTF_8);
        try (LocalNetwork.PeerConnection exporter = my.connectAs("business-1");
             LocalNetwork.PeerConnection carrier = my.connectAs("carrier")) {
            trade(exporter).newProposal("registerDocument").addArguments(("{\"documentId\":\"%s\","
                    + "\"type\":\"commercial-invoice\",\"parties\":[\"%s\"],\"contentHash\":\"%s\",\"elements\":{"
                    + "\"currency\":\"MYR\",\"amount\":100000,\"lines\":[{\"hsCode\":\"851712\",\"quantity\":10,"
                    + "\"value\":100000}],\"consignee\":\"%s\"}}").formatted(invoice, BUYER, sha256(invoiceContent),
                    BUYER)).putTransient("content", invoiceContent).build().endorse().submit();
            trade(carrier).newProposal("issueBill").addArguments(("{\"billId\":\"%s\",\"shipper\":\"%s\","
                    + "\"contentHash\":\"%s\",\"elements\":{\"portOfLoading\":\"MYPKG\",\"portOfDischarge\":\"CNSHA\","
                    + "\"consignee\":\"%s\",\"invoiceRef\":\"%s\"}}").formatted(bill, SELLER, sha256(billContent),
                    BUYER, invoice)).putTransient("content", billContent).build().endorse().submit();
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue bill of lading " + bill, e);
        }
        await().atMost(VISIBLE).ignoreExceptions().untilAsserted(() -> assertThat(bill(bill).path("holder").asString())
                .isEqualTo(SELLER));
        return bill;
    }

    /** The bill as the CN peer has it. */
    static JsonNode bill(String billId) {
        try (LocalNetwork.PeerConnection buyer = cn.connectAs("business-1")) {
            byte[] view = trade(buyer).evaluateTransaction("getBill", "{\"billId\":\"" + billId + "\"}");
            return LocalNetwork.json(new String(view, UTF_8)).path("bill");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read bill " + billId, e);
        }
    }

    static Contract trade(LocalNetwork.PeerConnection connection) {
        return connection.gateway().getNetwork(network.channel()).getContract(network.chaincode(), "trade");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static void visibleIn(LocalNetwork.State state, String escrowId, String as) {
        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(state, "/api/v1/escrows/" + escrowId,
                key(state, as))));
    }

    static String key(LocalNetwork.State state, String identity) {
        return state.apiKey(identity);
    }

    static void issue(LocalNetwork.State state, String currency, String wallet, String amount) {
        ok(network.postJson(state, "/api/v1/currencies/" + currency + "/issuances", key(state, "central-bank"),
                "{\"requestId\":\"it-issue-%s\",\"wallet\":\"%s\",\"amount\":\"%s\"}"
                        .formatted(UUID.randomUUID(), wallet, amount)));
    }

    static BigDecimal balance(LocalNetwork.State state, String wallet, String currency) {
        String reader = state == cn ? "regulator" : "central-bank";
        JsonNode balances = ok(network.get(state, "/api/v1/wallets/" + wallet + "/balance", key(state, reader)))
                .path("balances");
        return balances.has(currency) ? new BigDecimal(balances.path(currency).asString()) : BigDecimal.ZERO;
    }
}
