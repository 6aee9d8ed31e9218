package org.silkroad.chaincode.customs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.silkroad.chaincode.trade.TradeWorld.BNM;
import static org.silkroad.chaincode.trade.TradeWorld.CARRIER;
import static org.silkroad.chaincode.trade.TradeWorld.CN_CUSTOMS;
import static org.silkroad.chaincode.trade.TradeWorld.EXPORTER;
import static org.silkroad.chaincode.trade.TradeWorld.IMPORTER;
import static org.silkroad.chaincode.trade.TradeWorld.INVOICE_LINES;
import static org.silkroad.chaincode.trade.TradeWorld.MY_CUSTOMS;
import static org.silkroad.chaincode.trade.TradeWorld.OTHER_MY;
import static org.silkroad.chaincode.trade.TradeWorld.RW_CUSTOMS;
import static org.silkroad.chaincode.trade.TradeWorld.billJson;
import static org.silkroad.chaincode.trade.TradeWorld.certificateJson;
import static org.silkroad.chaincode.trade.TradeWorld.invoiceJson;
import static org.silkroad.chaincode.trade.TradeWorld.json;
import static org.silkroad.chaincode.trade.TradeWorld.withContent;

import java.time.Duration;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.testing.FakeStub;
import org.silkroad.chaincode.trade.TradeWorld;
import tools.jackson.databind.JsonNode;

class CustomsContractTest {

    private final TradeWorld world = new TradeWorld();

    /** Duty on the standard invoice (CNY 5000.00 of HS 8471 and CNY 1000.00 of HS 8504 at 0.65 MYR per CNY). */
    static final long STANDARD_DUTY = 16250 + 6500;
    static final long PREFERENTIAL_DUTY = 1300;

    static String rulesJson(int version, String effectiveFrom, long deMinimis, boolean exportRequired) {
        return String.format("{\"zoneId\":\"PKG\",\"version\":%d,\"effectiveFrom\":\"%s\",\"currency\":\"MYR\","
                + "\"deMinimis\":%d,\"defaultRate\":{\"standard\":1000,\"preferential\":500},"
                + "\"chapterRates\":{\"84\":{\"standard\":500,\"preferential\":0},\"85\":{\"standard\":1000,"
                + "\"preferential\":200}},\"exchangeRates\":{\"CNY\":{\"numerator\":65,\"denominator\":100}},"
                + "\"revenueWallet\":\"MYMSP/customs\",\"exportDeclarationRequired\":%s}", version, effectiveFrom,
                deMinimis, exportRequired);
    }

    static String declareJson(String id, String certificate, List<String> inputs) {
        return String.format("{\"declarationId\":\"%s\",\"zoneId\":\"PKG\",\"invoiceId\":\"INV-1\",\"billId\":\"BL-1\","
                + "%s\"lines\":%s,\"currency\":\"CNY\",\"origin\":\"CN\"%s}", id,
                certificate == null ? "" : "\"certificateId\":\"" + certificate + "\",", INVOICE_LINES,
                inputs.isEmpty() ? "" : ",\"dutyInputs\":" + inputs.stream().map(n -> "\"" + n + "\"").toList());
    }

    private String importerNote;

    @BeforeEach
    void setUp() {
        world.submit(BNM, "currency:registerCurrency", "{\"code\":\"MYR\",\"decimals\":2}");
        for (TradeWorld.Who who : List.of(BNM, IMPORTER, MY_CUSTOMS, OTHER_MY)) {
            world.submit(who, "currency:openWallet", null);
        }
        importerNote = json(world.submit(BNM, "currency:issue", "{\"requestId\":\"i-1\",\"currency\":\"MYR\","
                + "\"wallet\":\"" + IMPORTER.id() + "\",\"amount\":100000}")).get("noteId").asString();
        world.submit(MY_CUSTOMS, "customs:defineZone", "{\"zoneId\":\"PKG\",\"name\":\"Port Klang DFTZ\","
                + "\"ports\":[\"MYPKG\",\"MYKUL\"]}");
        world.submit(MY_CUSTOMS, "customs:setRules", rulesJson(1, world.now.toString(), 50000, false));
        world.shipment();
        world.transfer(EXPORTER, "BL-1", 1, IMPORTER);
    }

    private long balance(TradeWorld.Who who) {
        JsonNode balances = json(world.evaluate(BNM, "currency:balance", "{\"wallet\":\"" + who.id() + "\"}"))
                .get("balances");
        return balances.has("MYR") ? balances.get("MYR").asLong() : 0;
    }

    private static String endorsingState(byte[] policy) throws Exception {
        SignaturePolicyEnvelope envelope = SignaturePolicyEnvelope.parseFrom(policy);
        return MSPRole.parseFrom(envelope.getIdentities(0).getPrincipal()).getMspIdentifier();
    }

    @Nested
    class Zones {

        @Test
        void customs_defines_zones_in_its_own_country_only_and_a_port_belongs_to_one_zone() throws Exception {
            world.refused(IMPORTER, "customs:defineZone", "{\"zoneId\":\"X\",\"name\":\"x\",\"ports\":[\"MYPEN\"]}",
                    "FORBIDDEN");
            world.refused(MY_CUSTOMS, "customs:defineZone", "{\"zoneId\":\"X\",\"name\":\"x\",\"ports\":[\"CNSHA\"]}",
                    "FOREIGN_CUSTOMS");
            world.refused(MY_CUSTOMS, "customs:defineZone", "{\"zoneId\":\"X\",\"name\":\"x\",\"ports\":[\"MYPKG\"]}",
                    "CONFLICT");
            world.refused(MY_CUSTOMS, "customs:defineZone", "{\"zoneId\":\"X\",\"name\":\"x\",\"ports\":[\"pkg\"]}",
                    "INVALID_ARGUMENT");
            JsonNode zone = json(world.submit(MY_CUSTOMS, "customs:defineZone",
                    "{\"zoneId\":\"PEN\",\"name\":\"Penang\",\"ports\":[\"MYPEN\"]}"));
            assertThat(zone.get("state").asString()).isEqualTo("MYMSP");
            assertThat(endorsingState(world.last.validationParameters().values().iterator().next()))
                    .isEqualTo("MYMSP");
            assertThat(world.last.eventName()).isEqualTo(CustomsContract.ZONE_EVENT);
        }
    }

    @Nested
    class Rules {

        @Test
        void versions_follow_each_other_and_never_start_in_the_past() {
            world.refused(MY_CUSTOMS, "customs:setRules", rulesJson(1, world.now.plusSeconds(60).toString(), 1, false),
                    "CONFLICT");
            world.refused(MY_CUSTOMS, "customs:setRules", rulesJson(3, world.now.plusSeconds(60).toString(), 1, false),
                    "CONFLICT");
            world.refused(MY_CUSTOMS, "customs:setRules", rulesJson(2, world.now.minusSeconds(1).toString(), 1, false),
                    "INVALID_ARGUMENT");
            world.refused(RW_CUSTOMS, "customs:setRules", rulesJson(2, world.now.plusSeconds(60).toString(), 1, false),
                    "NOT_FOUND");
            world.refused(MY_CUSTOMS, "customs:setRules", rulesJson(2, world.now.plusSeconds(60).toString(), 1, false)
                    .replace("MYMSP/customs", "CNMSP/customs"), "FOREIGN_CUSTOMS");
            world.refused(MY_CUSTOMS, "customs:setRules", rulesJson(2, world.now.plusSeconds(60).toString(), 1, false)
                    .replace("\"standard\":500,\"preferential\":0", "\"standard\":500,\"preferential\":600"),
                    "INVALID_ARGUMENT");
            String v1 = world.evaluate(MY_CUSTOMS, "customs:rulesInForce", "{\"state\":\"MYMSP\",\"zoneId\":\"PKG\"}");
            assertThat(world.submit(MY_CUSTOMS, "customs:setRules", rulesJson(1, world.now.toString(), 50000, false)))
                    .isEqualTo(v1);
        }

        @Test
        void a_declaration_is_assessed_under_the_rules_in_force_when_it_was_submitted() {
            world.submit(MY_CUSTOMS, "customs:setRules",
                    rulesJson(2, world.now.plus(Duration.ofHours(1)).toString(), 10_000_000, false));
            JsonNode submitted = json(world.submit(IMPORTER, "customs:declareImport",
                    declareJson("D-1", null, List.of(importerNote))));
            assertThat(submitted.get("rulesVersion").asInt()).isEqualTo(1);
            assertThat(submitted.get("assessment").get("duty").asLong()).isEqualTo(STANDARD_DUTY);

            world.advance(Duration.ofHours(2));
            JsonNode inForce = json(world.evaluate(MY_CUSTOMS, "customs:rulesInForce",
                    "{\"state\":\"MYMSP\",\"zoneId\":\"PKG\"}"));
            assertThat(inForce.get("version").asInt()).isEqualTo(2);
            JsonNode cleared = json(world.submit(MY_CUSTOMS, "customs:clearDeclaration", "{\"declarationId\":\"D-1\"}"));
            assertThat(cleared.get("assessment").get("duty").asLong()).isEqualTo(STANDARD_DUTY);
            assertThatThrownBy(() -> world.evaluate(MY_CUSTOMS, "customs:rulesInForce",
                    "{\"state\":\"MYMSP\",\"zoneId\":\"PKG\",\"at\":\"2020-01-01T00:00:00Z\"}"))
                    .isInstanceOf(ChaincodeException.class).hasMessageStartingWith("NO_RULES_IN_FORCE: ");
        }

        @Test
        void no_declaration_before_any_rules_are_in_force() {
            world.submit(MY_CUSTOMS, "customs:defineZone", "{\"zoneId\":\"PKG2\",\"name\":\"x\",\"ports\":[\"MYPEN\"]}");
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote))
                    .replace("\"PKG\"", "\"PKG2\""), "NO_RULES_IN_FORCE");
        }
    }

    @Nested
    class DeclareImport {

        @Test
        void assesses_the_standard_duty_and_holds_it_from_the_importers_notes() throws Exception {
            JsonNode assessed = json(world.evaluate(IMPORTER, "customs:assessImport", declareJson("D-1", null, List.of())));
            assertThat(assessed.get("assessment").get("duty").asLong()).isEqualTo(STANDARD_DUTY);

            JsonNode declaration = json(world.submit(IMPORTER, "customs:declareImport",
                    declareJson("D-1", null, List.of(importerNote))));

            assertThat(declaration.get("status").asString()).isEqualTo("submitted");
            assertThat(declaration.get("state").asString()).isEqualTo("MYMSP");
            JsonNode assessment = declaration.get("assessment");
            assertThat(assessment.get("customsValue").asLong()).isEqualTo(390000);
            assertThat(assessment.get("preferential").asBoolean()).isFalse();
            assertThat(assessment.get("lines").get(0).get("rateBasisPoints").asInt()).isEqualTo(500);
            assertThat(declaration.get("deposit").get("amount").asLong()).isEqualTo(STANDARD_DUTY);
            assertThat(declaration.get("deposit").get("account").asString()).isEqualTo("MYMSP/customs:D-1");
            assertThat(endorsingState(world.last.validationParameters()
                    .get("\u0000silkroad.customs.declaration\u0000D-1\u0000"))).isEqualTo("MYMSP");
            assertThat(world.last.eventName()).isEqualTo(CustomsContract.DECLARATION_EVENT);
            assertThat(balance(IMPORTER)).isEqualTo(100000 - STANDARD_DUTY);
        }

        @Test
        void a_valid_certificate_of_origin_from_a_member_state_earns_the_preferential_rates() {
            JsonNode declaration = json(world.submit(IMPORTER, "customs:declareImport",
                    declareJson("D-1", "COO-1", List.of(importerNote))));

            assertThat(declaration.get("assessment").get("preferential").asBoolean()).isTrue();
            assertThat(declaration.get("assessment").get("duty").asLong()).isEqualTo(PREFERENTIAL_DUTY);
        }

        @Test
        void below_de_minimis_no_duty_is_due_and_no_notes_are_taken() {
            world.submit(MY_CUSTOMS, "customs:setRules",
                    rulesJson(2, world.now.plusSeconds(1).toString(), 10_000_000, false));
            world.advance(Duration.ofSeconds(1));
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote)),
                    "INVALID_ARGUMENT");
            JsonNode declaration = json(world.submit(IMPORTER, "customs:declareImport",
                    declareJson("D-1", null, List.of())));
            assertThat(declaration.get("assessment").get("belowDeMinimis").asBoolean()).isTrue();
            assertThat(declaration.get("assessment").get("duty").asLong()).isZero();
            assertThat(declaration.has("deposit")).isFalse();
        }

        @Test
        void refuses_data_that_contradicts_the_documents() {
            String lines = declareJson("D-1", null, List.of(importerNote));
            world.refused(IMPORTER, "customs:declareImport", lines.replace("\"value\":100000", "\"value\":10000"),
                    "DOCUMENT_MISMATCH");
            world.refused(IMPORTER, "customs:declareImport", lines.replace("\"hsCode\":\"850440\"",
                    "\"hsCode\":\"850450\""), "DOCUMENT_MISMATCH");
            world.refused(IMPORTER, "customs:declareImport", lines.replace("\"currency\":\"CNY\"",
                    "\"currency\":\"MYR\""), "DOCUMENT_MISMATCH");
            world.refused(OTHER_MY, "customs:declareImport", declareJson("D-1", null, List.of()), "DOCUMENT_MISMATCH");
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", "COO-1", List.of(importerNote))
                    .replace("\"origin\":\"CN\"", "\"origin\":\"VN\""), "DOCUMENT_MISMATCH");
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", "INV-1", List.of(importerNote)),
                    "DOCUMENT_MISMATCH");
        }

        @Test
        void refuses_a_certificate_that_does_not_cover_the_goods() {
            world.submit(EXPORTER, "trade:registerDocument", certificateJson("COO-2", "coo 2", "CN", "INV-1")
                    .replace(",{\"hsCode\":\"850440\",\"quantity\":5}", ""), withContent("coo 2"));
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", "COO-2", List.of(importerNote)),
                    "DOCUMENT_MISMATCH");
        }

        @Test
        void refuses_goods_discharged_outside_the_zone() {
            world.submit(MY_CUSTOMS, "customs:defineZone", "{\"zoneId\":\"PEN\",\"name\":\"Penang\",\"ports\":[\"MYPEN\"]}");
            world.submit(MY_CUSTOMS, "customs:setRules", rulesJson(1, world.now.toString(), 0, false)
                    .replace("\"PKG\"", "\"PEN\""));
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote))
                    .replace("\"zoneId\":\"PKG\"", "\"zoneId\":\"PEN\""), "DOCUMENT_MISMATCH");
        }

        @Test
        void refuses_unknown_and_void_documents() {
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote))
                    .replace("BL-1", "BL-9"), "NOT_FOUND");
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", "COO-9", List.of(importerNote)),
                    "NOT_FOUND");
            world.submit(EXPORTER, "trade:voidDocument", "{\"documentId\":\"COO-1\",\"reason\":\"wrong origin\"}");
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", "COO-1", List.of(importerNote)),
                    "DOCUMENT_VOID");
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote))
                    .replace("\"zoneId\":\"PKG\"", "\"zoneId\":\"NOPE\""), "NOT_FOUND");
        }

        @Test
        void needs_notes_that_cover_the_duty() {
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of()), "INVALID_ARGUMENT");
            String small = json(world.submit(BNM, "currency:issue", "{\"requestId\":\"i-2\",\"currency\":\"MYR\","
                    + "\"wallet\":\"" + OTHER_MY.id() + "\",\"amount\":10}")).get("noteId").asString();
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(small)),
                    "NOTE_NOT_FOUND");
        }

        @Test
        void a_bill_has_one_live_declaration_and_an_id_one_declaration() {
            String first = world.submit(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote)));
            assertThat(world.submit(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote))))
                    .isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", "COO-1", List.of(importerNote)),
                    "CONFLICT");
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-2", null, List.of(importerNote)),
                    "CONFLICT");
            world.refused(MY_CUSTOMS, "customs:declareImport", declareJson("D-3", null, List.of()), "FORBIDDEN");
        }

        @Test
        void needs_an_exchange_rate_for_the_invoice_currency() {
            world.submit(MY_CUSTOMS, "customs:setRules", rulesJson(2, world.now.plusSeconds(1).toString(), 0, false)
                    .replace(",\"exchangeRates\":{\"CNY\":{\"numerator\":65,\"denominator\":100}}", ""));
            world.advance(Duration.ofSeconds(1));
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote)),
                    "UNKNOWN_CURRENCY");
        }
    }

    @Nested
    class Decisions {

        @BeforeEach
        void declare() {
            world.submit(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote)));
        }

        @Test
        void only_the_destination_states_customs_decides() {
            world.refused(RW_CUSTOMS, "customs:clearDeclaration", "{\"declarationId\":\"D-1\"}", "FOREIGN_CUSTOMS");
            world.refused(CN_CUSTOMS, "customs:holdDeclaration", "{\"declarationId\":\"D-1\",\"reason\":\"x\"}",
                    "FOREIGN_CUSTOMS");
            world.refused(IMPORTER, "customs:clearDeclaration", "{\"declarationId\":\"D-1\"}", "FORBIDDEN");
            world.refused(MY_CUSTOMS, "customs:clearDeclaration", "{\"declarationId\":\"D-9\"}", "NOT_FOUND");
            world.refused(MY_CUSTOMS, "customs:holdDeclaration", "{\"declarationId\":\"D-1\"}", "INVALID_ARGUMENT");
        }

        @Test
        void hold_then_clear_pays_the_duty_to_the_revenue_wallet_and_times_the_clearance() {
            world.advance(Duration.ofMinutes(30));
            JsonNode held = json(world.submit(MY_CUSTOMS, "customs:holdDeclaration",
                    "{\"declarationId\":\"D-1\",\"reason\":\"physical inspection\"}"));
            assertThat(held.get("status").asString()).isEqualTo("held");
            world.advance(Duration.ofMinutes(90));

            JsonNode cleared = json(world.submit(MY_CUSTOMS, "customs:clearDeclaration", "{\"declarationId\":\"D-1\"}"));

            assertThat(cleared.get("status").asString()).isEqualTo("cleared");
            assertThat(cleared.get("clearanceMillis").asLong()).isEqualTo(Duration.ofHours(2).toMillis());
            assertThat(cleared.get("steps").valueStream().map(s -> s.get("status").asString()))
                    .containsExactly("submitted", "held", "cleared");
            assertThat(balance(MY_CUSTOMS)).isEqualTo(STANDARD_DUTY);
            assertThat(json(world.evaluate(BNM, "currency:audit", "{\"currency\":\"MYR\"}")).get("balanced").asBoolean())
                    .isTrue();
            assertThat(world.submit(MY_CUSTOMS, "customs:clearDeclaration", "{\"declarationId\":\"D-1\"}"))
                    .isEqualTo(cleared.toString());
            world.refused(MY_CUSTOMS, "customs:rejectDeclaration", "{\"declarationId\":\"D-1\",\"reason\":\"x\"}",
                    "DECLARATION_CLOSED");
            world.refused(MY_CUSTOMS, "customs:holdDeclaration", "{\"declarationId\":\"D-1\",\"reason\":\"x\"}",
                    "DECLARATION_CLOSED");

            FakeStub stub = world.ledger.propose(IMPORTER.creator(), world.now, "escrow:check");
            assertThat(Declarations.of(new Context(stub)).clearedFor("BL-1")).isTrue();
            assertThat(Declarations.of(new Context(stub)).clearedFor("BL-9")).isFalse();

            JsonNode stats = json(world.evaluate(MY_CUSTOMS, "customs:clearanceStats", "{\"state\":\"MYMSP\"}"));
            assertThat(stats.get("zones").get(0).get("medianMillis").asLong()).isEqualTo(Duration.ofHours(2).toMillis());
            assertThat(stats.get("zones").get(0).get("cleared").asInt()).isEqualTo(1);
        }

        @Test
        void reject_refunds_the_deposit_and_the_bill_may_be_declared_again() {
            JsonNode rejected = json(world.submit(MY_CUSTOMS, "customs:rejectDeclaration",
                    "{\"declarationId\":\"D-1\",\"reason\":\"undervalued\"}"));

            assertThat(rejected.get("status").asString()).isEqualTo("rejected");
            assertThat(balance(IMPORTER)).isEqualTo(100000);
            world.refused(MY_CUSTOMS, "customs:clearDeclaration", "{\"declarationId\":\"D-1\"}", "DECLARATION_CLOSED");
            String refund = rejected.get("payout").get(0).get("noteId").asString();
            JsonNode again = json(world.submit(IMPORTER, "customs:declareImport",
                    declareJson("D-2", "COO-1", List.of(refund))));
            assertThat(again.get("assessment").get("duty").asLong()).isEqualTo(PREFERENTIAL_DUTY);
            FakeStub stub = world.ledger.propose(IMPORTER.creator(), world.now, "escrow:check");
            assertThat(Declarations.of(new Context(stub)).forBill("BL-1").orElseThrow().declarationId())
                    .isEqualTo("D-2");
        }
    }

    @Nested
    class Brokers {

        private String brokerNote;

        @BeforeEach
        void brokerMoney() {
            brokerNote = json(world.submit(BNM, "currency:issue", "{\"requestId\":\"i-b\",\"currency\":\"MYR\","
                    + "\"wallet\":\"" + OTHER_MY.id() + "\",\"amount\":100000}")).get("noteId").asString();
        }

        private String asBroker(String id) {
            return declareJson(id, null, List.of(brokerNote)).replace("\"lines\"",
                    "\"importer\":\"" + IMPORTER.id() + "\",\"lines\"");
        }

        @Test
        void an_appointed_broker_declares_for_the_importer_and_pays_the_deposit() {
            world.refused(OTHER_MY, "customs:declareImport", asBroker("D-1"), "FORBIDDEN");
            world.submit(IMPORTER, "customs:appointBroker", "{\"broker\":\"" + OTHER_MY.id() + "\"}");
            String again = world.submit(IMPORTER, "customs:appointBroker", "{\"broker\":\"" + OTHER_MY.id() + "\"}");
            assertThat(json(again).get("broker").asString()).isEqualTo(OTHER_MY.id());

            JsonNode declaration = json(world.submit(OTHER_MY, "customs:declareImport", asBroker("D-1")));

            assertThat(declaration.get("declarant").asString()).isEqualTo(OTHER_MY.id());
            assertThat(declaration.get("importer").asString()).isEqualTo(IMPORTER.id());
            assertThat(balance(OTHER_MY)).isEqualTo(100000 - STANDARD_DUTY);
            assertThat(balance(IMPORTER)).isEqualTo(100000);
            world.submit(MY_CUSTOMS, "customs:rejectDeclaration", "{\"declarationId\":\"D-1\",\"reason\":\"x\"}");
            assertThat(balance(OTHER_MY)).isEqualTo(100000);
        }

        @Test
        void a_revoked_or_foreign_broker_declares_nothing() {
            world.submit(IMPORTER, "customs:appointBroker", "{\"broker\":\"" + OTHER_MY.id() + "\"}");
            world.submit(IMPORTER, "customs:revokeBroker", "{\"broker\":\"" + OTHER_MY.id() + "\"}");
            world.refused(OTHER_MY, "customs:declareImport", asBroker("D-1"), "FORBIDDEN");
            world.refused(IMPORTER, "customs:appointBroker", "{\"broker\":\"" + EXPORTER.id() + "\"}", "FORBIDDEN");
            world.refused(IMPORTER, "customs:appointBroker", "{\"broker\":\"" + IMPORTER.id() + "\"}", "FORBIDDEN");
            world.refused(MY_CUSTOMS, "customs:appointBroker", "{\"broker\":\"" + OTHER_MY.id() + "\"}",
                    "FORBIDDEN");
        }
    }

    @Nested
    class ExportDeclarations {

        @BeforeEach
        void exportZone() {
            world.submit(CN_CUSTOMS, "customs:defineZone", "{\"zoneId\":\"SHA\",\"name\":\"Shanghai\",\"ports\":[\"CNSHA\"]}");
            world.submit(CN_CUSTOMS, "customs:setRules", rulesJson(1, world.now.toString(), 0, true)
                    .replace("\"PKG\"", "\"SHA\"").replace("MYMSP/customs", "CNMSP/customs"));
        }

        private String exportJson(String id) {
            return String.format("{\"declarationId\":\"%s\",\"zoneId\":\"SHA\",\"invoiceId\":\"INV-1\",\"lines\":%s,"
                    + "\"currency\":\"CNY\"}", id, INVOICE_LINES);
        }

        @Test
        void the_exporters_state_may_require_a_cleared_export_declaration() {
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote)),
                    "DOCUMENT_MISMATCH");
            world.refused(CARRIER, "customs:declareExport", exportJson("E-1"), "DOCUMENT_MISMATCH");
            world.submit(EXPORTER, "customs:declareExport", exportJson("E-1"));
            world.refused(IMPORTER, "customs:declareImport", declareJson("D-1", null, List.of(importerNote))
                    .replace("\"lines\"", "\"exportDeclarationId\":\"E-1\",\"lines\""), "DOCUMENT_MISMATCH");
            world.refused(MY_CUSTOMS, "customs:clearDeclaration", "{\"declarationId\":\"E-1\"}", "FOREIGN_CUSTOMS");
            world.submit(CN_CUSTOMS, "customs:clearDeclaration", "{\"declarationId\":\"E-1\"}");

            JsonNode declaration = json(world.submit(IMPORTER, "customs:declareImport",
                    declareJson("D-1", null, List.of(importerNote))
                            .replace("\"lines\"", "\"exportDeclarationId\":\"E-1\",\"lines\"")));
            assertThat(declaration.get("exportDeclarationId").asString()).isEqualTo("E-1");
        }
    }

    @Test
    void assessment_rounds_down_per_line() {
        RulesRecord rules = new RulesRecord(new org.silkroad.chaincode.shared.MspId("MYMSP"), "Z", 1,
                "2026-01-01T00:00:00Z", org.silkroad.chaincode.currency.CurrencyCode.of("MYR"), 0,
                new RatePair(333, 0), java.util.Map.of(), java.util.Map.of("CNY", new ExchangeRate(2L, 3L)),
                org.silkroad.chaincode.shared.WalletId.of("MYMSP/customs"), false, null, null, null);
        DeclarationRecord.Assessment assessment = CustomsContract.assess(rules,
                org.silkroad.chaincode.currency.CurrencyCode.of("CNY"),
                List.of(new org.silkroad.chaincode.trade.GoodsLine("010101", 1L, 100L),
                        new org.silkroad.chaincode.trade.GoodsLine("010102", 1L, 1L)), false);

        assertThat(assessment.lines().get(0).customsValue()).isEqualTo(66);
        assertThat(assessment.lines().get(1).customsValue()).isZero();
        assertThat(assessment.lines().get(0).duty()).isEqualTo(2);
        assertThat(assessment.duty()).isEqualTo(2);
        assertThat(assessment.rounding()).isEqualTo(CustomsContract.ROUNDING);
    }
}
