package org.silkroad.chaincode.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.silkroad.chaincode.testing.ContractWorld.BK;
import static org.silkroad.chaincode.testing.ContractWorld.BUYER;
import static org.silkroad.chaincode.testing.ContractWorld.ICBC;
import static org.silkroad.chaincode.testing.ContractWorld.MAYBANK;
import static org.silkroad.chaincode.testing.ContractWorld.MY_COURT;
import static org.silkroad.chaincode.testing.ContractWorld.OTHER;
import static org.silkroad.chaincode.testing.ContractWorld.REGULATOR;
import static org.silkroad.chaincode.testing.ContractWorld.SELLER;
import static org.silkroad.chaincode.testing.ContractWorld.json;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.testing.ContractWorld;
import tools.jackson.databind.JsonNode;

class CreditContractTest {

    static final String SALT = "c2FsdC1zYWx0LXNhbHQtc2FsdC1zYWx0LXNhbHQ";
    static final String DETAILS = "{\"ratingBand\":\"BBB+\",\"creditLimit\":5000000,\"currency\":\"MYR\","
            + "\"basis\":\"trade record of 2026-03-02: 12 settled escrows\",\"salt\":\"" + SALT + "\"}";

    ContractWorld world;

    @BeforeEach
    void setUp() {
        world = new ContractWorld().standard();
        world.submit(SELLER, "credit:registerBusiness", null);
    }

    static String attestJson(String id, String subject) {
        return String.format("{\"attestationId\":\"%s\",\"subject\":\"%s\",\"validFrom\":\"2026-03-01T00:00:00Z\","
                + "\"validUntil\":\"2026-06-01T00:00:00Z\"}", id, subject);
    }

    String attest(String id) {
        return world.submit(MAYBANK, "credit:attest", attestJson(id, SELLER.wallet()), Map.of("details", DETAILS));
    }

    /** The collections written, from private write keys {@code <collection>|<key>}. */
    static java.util.List<String> collections(Map<String, byte[]> privateWrites) {
        return privateWrites.keySet().stream().map(k -> k.substring(0, k.indexOf('|'))).toList();
    }

    static String id(String attestationId) {
        return "{\"attestationId\":\"" + attestationId + "\"}";
    }

    String details(ContractWorld.Who who, String attestationId) {
        return world.evaluate(who, "credit:getDetails", id(attestationId));
    }

    @Nested
    class Attest {

        @Test
        void only_the_salted_hash_goes_public_and_the_details_go_to_the_banks_state_collection() {
            JsonNode record = json(attest("A-1"));

            assertThat(record.get("detailsHash").asString()).hasSize(64);
            assertThat(record.has("ratingBand")).isFalse();
            assertThat(world.ledger.snapshot().values()).noneMatch(v -> v.contains("BBB+") || v.contains(SALT));
            assertThat(collections(world.last.privateWrites())).containsExactly("_implicit_org_MYMSP");
            assertThat(world.last.privateReads()).isEmpty();
            assertThat(world.last.eventName()).isEqualTo(CreditContract.ATTESTED_EVENT);
            assertThat(new String(world.last.eventPayload())).doesNotContain("BBB+");
        }

        @Test
        void a_subject_of_another_state_gets_the_details_in_the_pair_collection() {
            world.submit(BUYER, "credit:registerBusiness", null);
            world.submit(MAYBANK, "credit:attest", attestJson("A-2", BUYER.wallet()), Map.of("details", DETAILS));
            assertThat(collections(world.last.privateWrites())).containsExactlyInAnyOrder("_implicit_org_MYMSP", "CN_MY");
            assertThat(json(details(BUYER, "A-2")).get("ratingBand").asString()).isEqualTo("BBB+");
        }

        @Test
        void attesting_without_the_bank_role_or_about_a_natural_person_is_refused() {
            world.refused(SELLER, "credit:attest", attestJson("A-1", SELLER.wallet()), Map.of("details", DETAILS),
                    "FORBIDDEN");
            world.refused(MAYBANK, "credit:attest", attestJson("A-1", "MYMSP/citizen-1"), Map.of("details", DETAILS),
                    "NOT_A_BUSINESS");
            world.refused(MAYBANK, "credit:attest", attestJson("A-1", SELLER.wallet()), Map.of(), "INVALID_ARGUMENT");
            world.refused(new ContractWorld.Who("MYMSP", null, "citizen-1"), "credit:registerBusiness", null,
                    "FORBIDDEN");
        }

        @Test
        void a_retry_returns_the_record_and_other_details_under_the_id_are_a_conflict() {
            String first = attest("A-1");
            assertThat(attest("A-1")).isEqualTo(first);
            world.refused(MAYBANK, "credit:attest", attestJson("A-1", SELLER.wallet()),
                    Map.of("details", DETAILS.replace("BBB+", "AAA")), "CONFLICT");
        }
    }

    @Nested
    class ConsentAndDetails {

        @Test
        void another_bank_reads_the_details_only_after_the_subjects_consent_and_until_it_is_withdrawn() {
            attest("A-1");
            assertThat(json(details(MAYBANK, "A-1")).get("salt").asString()).isEqualTo(SALT);
            String own = details(SELLER, "A-1");
            assertThatThrownBy(() -> details(ICBC, "A-1")).hasMessageStartingWith("NO_CONSENT: ");
            assertThatThrownBy(() -> details(OTHER, "A-1")).hasMessageStartingWith("NO_CONSENT: ");

            String consent = "{\"attestationId\":\"A-1\",\"lender\":\"CNMSP/icbc\"}";
            world.refused(SELLER, "credit:grantConsent", consent,
                    Map.of("details", own.replace("BBB+", "AAA")), "ATTESTATION_MISMATCH");
            world.refused(OTHER, "credit:grantConsent", consent, Map.of("details", own), "FORBIDDEN");
            world.submit(SELLER, "credit:grantConsent", consent, Map.of("details", own));
            assertThat(collections(world.last.privateWrites())).containsExactly("CN_MY");
            assertThat(world.last.privateReads()).isEmpty();

            assertThat(details(ICBC, "A-1")).isEqualTo(own);
            assertThatThrownBy(() -> details(BK, "A-1")).hasMessageStartingWith("NO_CONSENT: ");

            world.submit(SELLER, "credit:withdrawConsent", consent);
            assertThatThrownBy(() -> details(ICBC, "A-1")).hasMessageStartingWith("NO_CONSENT: ");
        }
    }

    @Nested
    class VerifyAndRevoke {

        @Test
        void presented_details_verify_until_revoked_or_expired() {
            attest("A-1");
            String presented = details(SELLER, "A-1");
            JsonNode ok = json(world.evaluate(ICBC, "credit:verify", id("A-1"), Map.of("details", presented)));
            assertThat(ok.get("genuine").asBoolean()).isTrue();
            assertThat(ok.get("current").asBoolean()).isTrue();

            JsonNode forged = json(world.evaluate(ICBC, "credit:verify", id("A-1"),
                    Map.of("details", presented.replace("5000000", "9000000"))));
            assertThat(forged.get("genuine").asBoolean()).isFalse();
            assertThat(forged.get("current").asBoolean()).isFalse();

            world.refused(ICBC, "credit:revoke", "{\"attestationId\":\"A-1\",\"reason\":\"x\"}", "FORBIDDEN");
            world.submit(MAYBANK, "credit:revoke", "{\"attestationId\":\"A-1\",\"reason\":\"overdue payments\"}");
            JsonNode revoked = json(world.evaluate(ICBC, "credit:verify", id("A-1"), Map.of("details", presented)));
            assertThat(revoked.get("genuine").asBoolean()).isTrue();
            assertThat(revoked.get("current").asBoolean()).isFalse();
            assertThat(revoked.get("reason").asString()).contains("overdue payments");
            world.refused(SELLER, "credit:grantConsent", "{\"attestationId\":\"A-1\",\"lender\":\"CNMSP/icbc\"}",
                    Map.of("details", presented), "ATTESTATION_REVOKED");
        }

        @Test
        void an_expired_attestation_no_longer_verifies() {
            attest("A-1");
            String presented = details(SELLER, "A-1");
            world.advance(Duration.ofDays(100));
            JsonNode expired = json(world.evaluate(ICBC, "credit:verify", id("A-1"), Map.of("details", presented)));
            assertThat(expired.get("genuine").asBoolean()).isTrue();
            assertThat(expired.get("current").asBoolean()).isFalse();
            assertThat(expired.get("reason").asString()).startsWith("expired");
        }
    }

    @Nested
    class TradeRecordAndContest {

        @Test
        void the_record_counts_settled_escrows_and_lost_disputes_from_the_ledger_and_carries_contests() {
            world.billOfLading("INV-1", "BL-1");
            world.billOfLading("INV-2", "BL-2");
            escrow("E-1", "BL-1", "INV-1");
            escrow("E-2", "BL-2", "INV-2");
            world.submit(ContractWorld.EHUB, "escrow:confirmDelivery", "{\"escrowId\":\"E-1\"}");
            world.submit(SELLER, "escrow:settle", "{\"escrowId\":\"E-1\"}");
            world.submit(BUYER, "dispute:file", "{\"disputeId\":\"D-1\",\"escrowId\":\"E-2\",\"seat\":\"MYMSP\","
                    + "\"claim\":\"not delivered\",\"evidence\":[]}");
            world.submit(MY_COURT, "dispute:rule",
                    "{\"disputeId\":\"D-1\",\"outcome\":\"refund\",\"reasons\":\"not delivered\"}");
            world.submit(SELLER, "credit:contest", "{\"contestId\":\"C-1\",\"items\":[\"dispute:D-1\"],"
                    + "\"statement\":\"delivered late, not never\"}");

            JsonNode record = json(world.evaluate(MAYBANK, "credit:tradeRecord", "{\"business\":\"MYMSP/exporter\"}"));

            assertThat(record.get("escrows").get("settledCount").asInt()).isEqualTo(1);
            assertThat(record.get("escrows").get("settledVolume").get("MYR").asLong()).isEqualTo(100_000);
            assertThat(record.get("escrows").get("entries").size()).isEqualTo(2);
            assertThat(record.get("disputes").get("filed").asInt()).isZero();
            assertThat(record.get("disputes").get("lost").asInt()).isEqualTo(1);
            assertThat(record.get("disputes").get("entries").get(0).get("reference").asString())
                    .isEqualTo("dispute:D-1");
            assertThat(record.get("customs").get("holds").asInt()).isZero();
            assertThat(record.get("contests").get(0).get("statement").asString()).contains("late");
            assertThat(world.evaluate(MAYBANK, "credit:tradeRecord", "{\"business\":\"MYMSP/exporter\"}"))
                    .isEqualTo(world.evaluate(SELLER, "credit:tradeRecord", "{\"business\":\"MYMSP/exporter\"}"));

            JsonNode buyer = json(world.evaluate(REGULATOR, "credit:tradeRecord", "{\"business\":\"CNMSP/importer\"}"));
            assertThat(buyer.get("disputes").get("filed").asInt()).isEqualTo(1);
            assertThat(buyer.get("disputes").get("lost").asInt()).isZero();
            assertThatThrownBy(() -> world.evaluate(OTHER, "credit:tradeRecord", "{\"business\":\"MYMSP/exporter\"}"))
                    .hasMessageStartingWith("FORBIDDEN: ");
        }

        @Test
        void a_contest_names_entries_of_the_record() {
            world.refused(SELLER, "credit:contest",
                    "{\"contestId\":\"C-1\",\"items\":[\"payment:P-1\"],\"statement\":\"x\"}", "INVALID_ARGUMENT");
            world.refused(MAYBANK, "credit:contest",
                    "{\"contestId\":\"C-1\",\"items\":[\"escrow:E-1\"],\"statement\":\"x\"}", "FORBIDDEN");
        }

        void escrow(String escrowId, String billId, String invoice) {
            String note = world.issue("MYR", BUYER, 100_000);
            world.submit(BUYER, "escrow:create", String.format("{\"escrowId\":\"%s\",\"seller\":\"%s\","
                    + "\"invoiceRef\":\"%s\",\"billId\":\"%s\",\"conditions\":{\"deliveryConfirmedBy\":\"CNMSP/hub\"},"
                    + "\"expiresAt\":\"2026-03-09T10:00:00Z\",\"price\":{\"currency\":\"MYR\",\"amount\":100000},"
                    + "\"inputs\":[\"%s\"]}", escrowId, SELLER.wallet(), invoice, billId, note));
        }
    }
}
