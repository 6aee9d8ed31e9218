package org.silkroad.chaincode.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.chaincode.testing.ContractWorld.BNM;
import static org.silkroad.chaincode.testing.ContractWorld.BUYER;
import static org.silkroad.chaincode.testing.ContractWorld.CARRIER;
import static org.silkroad.chaincode.testing.ContractWorld.EHUB;
import static org.silkroad.chaincode.testing.ContractWorld.MAYBANK;
import static org.silkroad.chaincode.testing.ContractWorld.OTHER;
import static org.silkroad.chaincode.testing.ContractWorld.REGULATOR;
import static org.silkroad.chaincode.testing.ContractWorld.SELLER;
import static org.silkroad.chaincode.testing.ContractWorld.json;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.ContractWorld;
import tools.jackson.databind.JsonNode;

class EscrowContractTest {

    static final long PRICE = 100_000;
    static final String EXPIRES = "2026-03-09T10:00:00Z";

    ContractWorld world;
    String billId;

    @BeforeEach
    void setUp() {
        world = new ContractWorld().standard();
        billId = world.billOfLading("INV-1", "BL-1");
    }

    static String createJson(String escrowId, String billId, String invoice, String conditions, long amount,
            List<String> inputs) {
        return String.format("{\"escrowId\":\"%s\",\"seller\":\"%s\",\"invoiceRef\":\"%s\",\"billId\":\"%s\","
                        + "\"conditions\":%s,\"expiresAt\":\"%s\",\"price\":{\"currency\":\"MYR\",\"amount\":%d},"
                        + "\"inputs\":%s}", escrowId, SELLER.wallet(), invoice, billId, conditions, EXPIRES, amount,
                quoted(inputs));
    }

    static String quoted(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]")
                .orElse("[]");
    }

    static final String BILL_AND_HUB = "{\"billOfLading\":true,\"deliveryConfirmedBy\":\"CNMSP/hub\"}";

    /** A MYR escrow of {@link #PRICE}, funded from a 150,000 MYR note of the buyer. */
    JsonNode funded(String escrowId, String conditions) {
        String note = world.issue("MYR", BUYER, 150_000);
        return json(world.submit(BUYER, "escrow:create",
                createJson(escrowId, billId, "INV-1", conditions, PRICE, List.of(note))));
    }

    static String id(String escrowId) {
        return "{\"escrowId\":\"" + escrowId + "\"}";
    }

    @Nested
    class Create {

        @Test
        void locks_the_price_in_the_escrow_account_and_keeps_the_audit_balanced() {
            JsonNode escrow = funded("E-1", BILL_AND_HUB);

            assertThat(escrow.get("status").asString()).isEqualTo("funded");
            assertThat(escrow.get("buyer").asString()).isEqualTo(BUYER.wallet());
            assertThat(escrow.get("custodian").asString()).isEqualTo("MYMSP/escrow:E-1");
            assertThat(escrow.get("held").get("amount").asLong()).isEqualTo(PRICE);
            assertThat(escrow.get("held").get("account").asString()).isEqualTo("MYMSP/escrow:E-1");
            assertThat(world.balance(BUYER, "MYR")).isEqualTo(50_000);
            assertThat(world.audit("MYR").get("balanced").asBoolean()).isTrue();
            assertThat(world.audit("MYR").get("escrowed").asLong()).isEqualTo(PRICE);
            assertThat(world.last.eventName()).isNull(); // the audit was the last call
            assertThat(world.ledger.events().get(world.ledger.events().size() - 1).name())
                    .isEqualTo(EscrowContract.CREATED_EVENT);
        }

        @Test
        void a_retry_returns_the_first_escrow_and_another_request_under_the_id_is_a_conflict() {
            String note = world.issue("MYR", BUYER, 150_000);
            String request = createJson("E-1", billId, "INV-1", BILL_AND_HUB, PRICE, List.of(note));
            String first = world.submit(BUYER, "escrow:create", request);

            assertThat(world.submit(BUYER, "escrow:create", request)).isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
            String other = world.issue("MYR", BUYER, 150_000);
            assertThat(world.submit(BUYER, "escrow:create",
                    createJson("E-1", billId, "INV-1", BILL_AND_HUB, PRICE, List.of(other)))).isEqualTo(first);
            assertThat(world.last.writes()).as("a retry with other notes spends nothing").isEmpty();
            world.refused(BUYER, "escrow:create",
                    createJson("E-1", billId, "INV-1", BILL_AND_HUB, PRICE - 1, List.of(note)), "CONFLICT");
        }

        @Test
        void refuses_bad_requests_and_changes_nothing() {
            String note = world.issue("MYR", BUYER, 150_000);
            world.refused(REGULATOR, "escrow:create",
                    createJson("E-1", billId, "INV-1", BILL_AND_HUB, PRICE, List.of(note)), "FORBIDDEN");
            world.refused(BUYER, "escrow:create",
                    createJson("E-1", billId, "INV-9", BILL_AND_HUB, PRICE, List.of(note)), "INVALID_ARGUMENT");
            world.refused(BUYER, "escrow:create",
                    createJson("E-1", "BL-9", "INV-1", BILL_AND_HUB, PRICE, List.of(note)), "NOT_FOUND");
            world.refused(BUYER, "escrow:create",
                    createJson("E-1", billId, "INV-1", "{}", PRICE, List.of(note)), "INVALID_ARGUMENT");
            world.refused(BUYER, "escrow:create",
                    createJson("E-1", billId, "INV-1", BILL_AND_HUB, 200_000, List.of(note)), "UNBALANCED");
            world.advance(Duration.ofDays(8));
            world.refused(BUYER, "escrow:create",
                    createJson("E-1", billId, "INV-1", BILL_AND_HUB, PRICE, List.of(note)), "INVALID_ARGUMENT");
        }
    }

    @Nested
    class Hedged {

        String quote() {
            String funding = world.issue("MYR", MAYBANK, 1_000_000);
            world.submit(MAYBANK, "currency:publishQuote", "{\"quoteId\":\"Q-1\",\"baseCurrency\":\"CNY\","
                    + "\"quoteCurrency\":\"MYR\",\"rateNumerator\":65,\"rateDenominator\":100,\"maxBase\":10000000,"
                    + "\"expiresAt\":\"2026-03-03T10:00:00Z\",\"funding\":[\"" + funding + "\"]}");
            return "Q-1";
        }

        String hedgedJson(String escrowId, String note, long baseAmount) {
            return createJson(escrowId, billId, "INV-1", BILL_AND_HUB, PRICE, List.of(note))
                    .replace("}", "}").replaceFirst("\\}$", ",\"quoteId\":\"Q-1\",\"baseAmount\":" + baseAmount + "}");
        }

        @Test
        void a_cny_buyer_funds_a_myr_price_through_the_quote_and_the_seller_gets_the_price_exactly() {
            quote();
            String cny = world.issue("CNY", BUYER, 200_000);
            JsonNode escrow = json(world.submit(BUYER, "escrow:create", hedgedJson("E-H", cny, 153_847)));

            assertThat(escrow.get("quoteId").asString()).isEqualTo("Q-1");
            assertThat(escrow.get("baseAmount").asLong()).isEqualTo(153_847);
            assertThat(escrow.get("held").get("currency").asString()).isEqualTo("MYR");
            assertThat(escrow.get("held").get("amount").asLong()).isEqualTo(100_000); // floor(153847 * 0.65)
            assertThat(world.balance(BUYER, "CNY")).isEqualTo(200_000 - 153_847);

            world.submit(SELLER, "escrow:depositBill", id("E-H"));
            world.submit(EHUB, "escrow:confirmDelivery", id("E-H"));
            world.advance(Duration.ofDays(30)); // the rate may have moved: the price is fixed in MYR
            world.submit(SELLER, "escrow:settle", id("E-H"));
            assertThat(world.balance(SELLER, "MYR")).isEqualTo(PRICE);
            assertThat(world.audit("MYR").get("balanced").asBoolean()).isTrue();
            assertThat(world.audit("CNY").get("balanced").asBoolean()).isTrue();
        }

        @Test
        void funding_that_converts_to_less_than_the_price_is_refused() {
            quote();
            String cny = world.issue("CNY", BUYER, 200_000);
            world.refused(BUYER, "escrow:create", hedgedJson("E-H", cny, 150_000), "ESCROW_UNDERFUNDED");
        }
    }

    @Nested
    class Settle {

        @Test
        void delivery_versus_payment_moves_the_bill_to_the_buyer_and_the_price_to_the_seller_in_one_transaction() {
            funded("E-1", BILL_AND_HUB);
            world.submit(SELLER, "escrow:depositBill", id("E-1"));
            assertThat(world.bill(billId).get("holder").asString()).isEqualTo("MYMSP/escrow:E-1");
            world.submit(EHUB, "escrow:confirmDelivery", id("E-1"));

            JsonNode settled = json(world.submit(EHUB, "escrow:settle", id("E-1")));

            assertThat(settled.get("status").asString()).isEqualTo("settled");
            assertThat(settled.get("billTo").asString()).isEqualTo(BUYER.wallet());
            assertThat(settled.get("closedBy").asString()).isEqualTo(EHUB.wallet());
            assertThat(world.last.eventName()).isEqualTo(EscrowContract.SETTLED_EVENT);
            assertThat(world.bill(billId).get("holder").asString()).isEqualTo(BUYER.wallet());
            assertThat(world.balance(SELLER, "MYR")).isEqualTo(PRICE);
            assertThat(world.audit("MYR").get("escrowed").asLong()).isZero();
            assertThat(world.audit("MYR").get("balanced").asBoolean()).isTrue();
        }

        @Test
        void settling_before_the_conditions_hold_is_refused_and_changes_nothing() {
            funded("E-1", BILL_AND_HUB);
            world.refused(BUYER, "escrow:settle", id("E-1"), "ESCROW_CONDITIONS_UNMET");
            world.submit(SELLER, "escrow:depositBill", id("E-1"));
            world.refused(SELLER, "escrow:settle", id("E-1"), "ESCROW_CONDITIONS_UNMET");
            assertThat(world.balance(SELLER, "MYR")).isZero();
        }

        @Test
        void import_clearance_is_read_from_the_buyers_customs_declaration() {
            funded("E-1", "{\"importCleared\":true}");
            world.refused(SELLER, "escrow:settle", id("E-1"), "ESCROW_CONDITIONS_UNMET");
            plantDeclaration(world.ledger, "D-1", billId, "CNMSP", "cleared");

            world.submit(SELLER, "escrow:settle", id("E-1"));
            assertThat(world.balance(SELLER, "MYR")).isEqualTo(PRICE);
        }

        @Test
        void a_clearance_by_another_state_does_not_count() {
            funded("E-1", "{\"importCleared\":true}");
            plantDeclaration(world.ledger, "D-1", billId, "RWMSP", "cleared");
            world.refused(SELLER, "escrow:settle", id("E-1"), "ESCROW_CONDITIONS_UNMET");
        }

        @Test
        void only_parties_settle_and_a_settled_escrow_answers_a_retry_and_refuses_a_refund() {
            funded("E-1", "{\"deliveryConfirmedBy\":\"CNMSP/hub\"}");
            world.submit(EHUB, "escrow:confirmDelivery", id("E-1"));
            world.refused(OTHER, "escrow:settle", id("E-1"), "FORBIDDEN");
            String settled = world.submit(BUYER, "escrow:settle", id("E-1"));

            assertThat(world.submit(SELLER, "escrow:settle", id("E-1"))).isEqualTo(settled);
            assertThat(world.last.writes()).isEmpty();
            world.advance(Duration.ofDays(8));
            world.refused(BUYER, "escrow:refund", id("E-1"), "ESCROW_CLOSED");
        }

        @Test
        void only_the_named_ehub_confirms_delivery() {
            funded("E-1", BILL_AND_HUB);
            world.refused(SELLER, "escrow:confirmDelivery", id("E-1"), "FORBIDDEN");
            world.refused(new ContractWorld.Who("CNMSP", "ehub", "other-hub"), "escrow:confirmDelivery", id("E-1"),
                    "FORBIDDEN");
        }

        @Test
        void only_the_seller_deposits_the_bill() {
            funded("E-1", BILL_AND_HUB);
            world.refused(BUYER, "escrow:depositBill", id("E-1"), "FORBIDDEN");
            world.refused(CARRIER, "escrow:depositBill", id("E-1"), "FORBIDDEN");
        }
    }

    @Nested
    class Refund {

        @Test
        void before_the_expiry_the_buyer_cannot_take_the_money_back() {
            funded("E-1", BILL_AND_HUB);
            world.refused(BUYER, "escrow:refund", id("E-1"), "ESCROW_NOT_EXPIRED");
        }

        @Test
        void after_the_expiry_the_buyer_gets_everything_back_and_the_bill_returns_to_the_seller() {
            funded("E-1", BILL_AND_HUB);
            world.submit(SELLER, "escrow:depositBill", id("E-1"));
            world.advance(Duration.ofDays(7));
            world.refused(SELLER, "escrow:refund", id("E-1"), "FORBIDDEN");

            JsonNode refunded = json(world.submit(BUYER, "escrow:refund", id("E-1")));

            assertThat(refunded.get("status").asString()).isEqualTo("refunded");
            assertThat(world.balance(BUYER, "MYR")).isEqualTo(150_000);
            assertThat(world.bill(billId).get("holder").asString()).isEqualTo(SELLER.wallet());
            assertThat(world.audit("MYR").get("balanced").asBoolean()).isTrue();
            world.refused(SELLER, "escrow:settle", id("E-1"), "ESCROW_CLOSED");
        }
    }

    @Nested
    class Read {

        @Test
        void parties_courts_and_regulators_read_an_escrow_others_do_not() {
            funded("E-1", BILL_AND_HUB);
            assertThat(json(world.evaluate(SELLER, "escrow:getEscrow", id("E-1"))).get("escrowId").asString())
                    .isEqualTo("E-1");
            world.evaluate(EHUB, "escrow:getEscrow", id("E-1"));
            world.evaluate(ContractWorld.CN_COURT, "escrow:getEscrow", id("E-1"));
            world.evaluate(REGULATOR, "escrow:getEscrow", id("E-1"));
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> world.evaluate(OTHER, "escrow:getEscrow", id("E-1"))).hasMessageStartingWith("FORBIDDEN: ");
        }
    }

    /** Plants a decided import declaration as the customs contract keys it (its clearance flow has its own tests). */
    static void plantDeclaration(FakeLedger ledger, String declarationId, String billId, String state, String status) {
        String declaration = String.format("{\"billId\":\"%s\",\"declarant\":\"%s\",\"declarationId\":\"%s\","
                        + "\"invoiceId\":\"INV-1\",\"kind\":\"import\",\"lines\":[],\"requestHash\":\"x\",\"rulesVersion\":1,"
                        + "\"state\":\"%s\",\"status\":\"%s\",\"steps\":[{\"status\":\"%s\",\"by\":\"%s/gacc\",\"txId\":\"t\","
                        + "\"timestamp\":\"2026-03-02T10:00:00Z\"}],\"zoneId\":\"Z\"}", billId, BUYER.wallet(),
                declarationId, state, status, status, state);
        ledger.put(new org.hyperledger.fabric.shim.ledger.CompositeKey("silkroad.customs.declaration", declarationId)
                .toString(), declaration.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ledger.put(new org.hyperledger.fabric.shim.ledger.CompositeKey("silkroad.customs.bybill", billId).toString(),
                Json.bytes(java.util.Map.of("declarationId", declarationId)));
    }
}
