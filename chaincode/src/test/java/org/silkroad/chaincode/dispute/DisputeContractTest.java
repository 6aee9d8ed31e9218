package org.silkroad.chaincode.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.silkroad.chaincode.testing.ContractWorld.BUYER;
import static org.silkroad.chaincode.testing.ContractWorld.CN_COURT;
import static org.silkroad.chaincode.testing.ContractWorld.EHUB;
import static org.silkroad.chaincode.testing.ContractWorld.MY_COURT;
import static org.silkroad.chaincode.testing.ContractWorld.OTHER;
import static org.silkroad.chaincode.testing.ContractWorld.REGULATOR;
import static org.silkroad.chaincode.testing.ContractWorld.SELLER;
import static org.silkroad.chaincode.testing.ContractWorld.json;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.testing.ContractWorld;
import tools.jackson.databind.JsonNode;

class DisputeContractTest {

    ContractWorld world;

    @BeforeEach
    void setUp() {
        world = new ContractWorld().standard();
        world.billOfLading("INV-1", "BL-1");
        String note = world.issue("MYR", BUYER, 150_000);
        world.submit(BUYER, "escrow:create", String.format("{\"escrowId\":\"E-1\",\"seller\":\"%s\","
                + "\"invoiceRef\":\"INV-1\",\"billId\":\"BL-1\",\"conditions\":{\"billOfLading\":true},"
                + "\"expiresAt\":\"2026-03-09T10:00:00Z\",\"price\":{\"currency\":\"MYR\",\"amount\":100000},"
                + "\"inputs\":[\"%s\"]}", SELLER.wallet(), note));
        world.submit(SELLER, "escrow:depositBill", "{\"escrowId\":\"E-1\"}");
    }

    static final String FILE = "{\"disputeId\":\"D-1\",\"escrowId\":\"E-1\",\"seat\":\"MYMSP\","
            + "\"claim\":\"goods arrived damaged\",\"evidence\":[\"trade:document:INV-1\",\"trade:bill:BL-1\"]}";

    static String split(long toSeller, long toBuyer) {
        return String.format("{\"disputeId\":\"D-1\",\"outcome\":\"split\",\"currency\":\"MYR\",\"toSeller\":%d,\"toBuyer\":%d,"
                + "\"reasons\":\"half the goods were damaged\"}", toSeller, toBuyer);
    }

    @Nested
    class File {

        @Test
        void a_party_files_and_the_escrow_freezes() {
            JsonNode dispute = json(world.submit(BUYER, "dispute:file", FILE));

            assertThat(dispute.get("status").asString()).isEqualTo("filed");
            assertThat(dispute.get("respondent").asString()).isEqualTo(SELLER.wallet());
            assertThat(world.last.eventName()).isEqualTo(DisputeContract.FILED_EVENT);
            JsonNode escrow = json(world.evaluate(BUYER, "escrow:getEscrow", "{\"escrowId\":\"E-1\"}"));
            assertThat(escrow.get("status").asString()).isEqualTo("disputed");
            world.refused(SELLER, "escrow:settle", "{\"escrowId\":\"E-1\"}", "ESCROW_DISPUTED");
            world.advance(Duration.ofDays(8));
            world.refused(BUYER, "escrow:refund", "{\"escrowId\":\"E-1\"}", "ESCROW_DISPUTED");
        }

        @Test
        void a_retry_returns_the_dispute_a_second_dispute_and_strangers_are_refused() {
            String first = world.submit(BUYER, "dispute:file", FILE);
            assertThat(world.submit(BUYER, "dispute:file", FILE)).isEqualTo(first);
            world.refused(SELLER, "dispute:file", FILE.replace("D-1", "D-2"), "ESCROW_DISPUTED");
            world.refused(OTHER, "dispute:file", FILE.replace("D-1", "D-3"), "FORBIDDEN");
            world.refused(SELLER, "dispute:file", FILE.replace("damaged", "late"), "CONFLICT");
        }
    }

    @Nested
    class Rule {

        @Test
        void the_seat_court_splits_and_the_ruling_pays_out_in_the_same_transaction() {
            world.submit(BUYER, "dispute:file", FILE);

            JsonNode ruled = json(world.submit(MY_COURT, "dispute:rule", split(60_000, 40_000)));

            assertThat(ruled.get("status").asString()).isEqualTo("ruled");
            assertThat(ruled.get("ruling").get("court").asString()).isEqualTo(MY_COURT.wallet());
            assertThat(ruled.get("ruling").get("billTo").asString()).isEqualTo(BUYER.wallet());
            assertThat(world.last.eventName()).isEqualTo(DisputeContract.RULED_EVENT);
            assertThat(world.balance(SELLER, "MYR")).isEqualTo(60_000);
            assertThat(world.balance(BUYER, "MYR")).isEqualTo(50_000 + 40_000);
            assertThat(world.bill("BL-1").get("holder").asString()).isEqualTo(BUYER.wallet());
            assertThat(world.audit("MYR").get("balanced").asBoolean()).isTrue();
            JsonNode escrow = json(world.evaluate(SELLER, "escrow:getEscrow", "{\"escrowId\":\"E-1\"}"));
            assertThat(escrow.get("status").asString()).isEqualTo("ruled");
        }

        @Test
        void a_court_of_another_state_and_a_non_court_are_refused() {
            world.submit(BUYER, "dispute:file", FILE);
            world.refused(CN_COURT, "dispute:rule", split(60_000, 40_000), "WRONG_COURT");
            world.refused(REGULATOR, "dispute:rule", split(60_000, 40_000), "FORBIDDEN");
        }

        @Test
        void a_split_that_does_not_add_up_is_refused() {
            world.submit(BUYER, "dispute:file", FILE);
            world.refused(MY_COURT, "dispute:rule", split(60_000, 30_000), "RULING_UNBALANCED");
            world.refused(MY_COURT, "dispute:rule", split(60_000, 50_000), "RULING_UNBALANCED");
            world.refused(MY_COURT, "dispute:rule", split(60_000, 40_000).replace("MYR", "CNY"), "INVALID_ARGUMENT");
        }

        @Test
        void a_refund_returns_the_money_to_the_buyer_and_the_bill_to_the_seller() {
            world.submit(SELLER, "dispute:file", FILE);
            world.submit(MY_COURT, "dispute:rule",
                    "{\"disputeId\":\"D-1\",\"outcome\":\"refund\",\"reasons\":\"never shipped\"}");
            assertThat(world.balance(BUYER, "MYR")).isEqualTo(150_000);
            assertThat(world.bill("BL-1").get("holder").asString()).isEqualTo(SELLER.wallet());
        }

        @Test
        void a_ruling_is_final() {
            world.submit(BUYER, "dispute:file", FILE);
            String ruled = world.submit(MY_COURT, "dispute:rule", split(60_000, 40_000));
            assertThat(world.submit(MY_COURT, "dispute:rule", split(60_000, 40_000))).isEqualTo(ruled);
            world.refused(MY_COURT, "dispute:rule",
                    "{\"disputeId\":\"D-1\",\"outcome\":\"refund\",\"reasons\":\"changed my mind\"}", "DISPUTE_CLOSED");
        }
    }

    @Nested
    class Read {

        @Test
        void the_parties_and_the_seat_court_read_the_full_record_others_do_not() {
            world.submit(BUYER, "dispute:file", FILE);
            JsonNode file = json(world.evaluate(MY_COURT, "dispute:getDispute", "{\"disputeId\":\"D-1\"}"));
            assertThat(file.get("dispute").get("evidence").size()).isEqualTo(2);
            assertThat(file.get("escrow").get("escrowId").asString()).isEqualTo("E-1");
            world.evaluate(SELLER, "dispute:getDispute", "{\"disputeId\":\"D-1\"}");
            for (ContractWorld.Who who : new ContractWorld.Who[] {CN_COURT, EHUB, OTHER}) {
                assertThatThrownBy(() -> world.evaluate(who, "dispute:getDispute", "{\"disputeId\":\"D-1\"}"))
                        .hasMessageStartingWith("FORBIDDEN: ");
            }
        }
    }
}
