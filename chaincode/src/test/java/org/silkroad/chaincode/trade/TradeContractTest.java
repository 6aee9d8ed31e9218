package org.silkroad.chaincode.trade;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.silkroad.chaincode.trade.TradeWorld.CARRIER;
import static org.silkroad.chaincode.trade.TradeWorld.COLON;
import static org.silkroad.chaincode.trade.TradeWorld.EXPORTER;
import static org.silkroad.chaincode.trade.TradeWorld.FORWARDER;
import static org.silkroad.chaincode.trade.TradeWorld.ICBC;
import static org.silkroad.chaincode.trade.TradeWorld.IMPORTER;
import static org.silkroad.chaincode.trade.TradeWorld.MAYBANK;
import static org.silkroad.chaincode.trade.TradeWorld.MY_COURT;
import static org.silkroad.chaincode.trade.TradeWorld.MY_CUSTOMS;
import static org.silkroad.chaincode.trade.TradeWorld.OTHER_MY;
import static org.silkroad.chaincode.trade.TradeWorld.RW_COURT;
import static org.silkroad.chaincode.trade.TradeWorld.billJson;
import static org.silkroad.chaincode.trade.TradeWorld.certificateJson;
import static org.silkroad.chaincode.trade.TradeWorld.invoiceJson;
import static org.silkroad.chaincode.trade.TradeWorld.json;
import static org.silkroad.chaincode.trade.TradeWorld.sha;
import static org.silkroad.chaincode.trade.TradeWorld.texts;
import static org.silkroad.chaincode.trade.TradeWorld.withContent;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;
import org.silkroad.chaincode.testing.FakeStub;
import tools.jackson.databind.JsonNode;

class TradeContractTest {

    private final TradeWorld world = new TradeWorld();

    private static String billKey(String billId) {
        return "\u0000silkroad.trade.bill\u0000" + billId + "\u0000";
    }

    private static String endorsingState(byte[] policy) throws Exception {
        SignaturePolicyEnvelope envelope = SignaturePolicyEnvelope.parseFrom(policy);
        assertThat(envelope.getIdentitiesList()).hasSize(1);
        MSPRole role = MSPRole.parseFrom(envelope.getIdentities(0).getPrincipal());
        assertThat(role.getRole()).isEqualTo(MSPRole.MSPRoleType.PEER);
        return role.getMspIdentifier();
    }

    @Nested
    class RegisterDocument {

        @Test
        void keeps_hash_and_key_elements_public_and_the_content_in_the_parties_collection() {
            JsonNode doc = json(world.submit(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "invoice v1"),
                    withContent("invoice v1")));

            assertThat(doc.get("version").asInt()).isEqualTo(1);
            assertThat(doc.get("issuer").asString()).isEqualTo(EXPORTER.id());
            assertThat(doc.get("parties").size()).isEqualTo(2);
            assertThat(doc.get("collection").asString()).isEqualTo("CN_MY");
            assertThat(doc.get("contentHash").asString()).isEqualTo(sha("invoice v1"));
            assertThat(doc.get("elements").get("amount").asLong()).isEqualTo(600000);
            assertThat(world.ledger.snapshot().values()).noneMatch(v -> v.contains("invoice v1"));
            assertThat(world.last.privateWrites()).hasSize(1);
            String stored = world.last.privateWrites().values().stream().map(b -> new String(b, UTF_8)).findFirst()
                    .orElseThrow();
            assertThat(world.last.privateWrites().keySet().iterator().next()).startsWith("CN_MY|");
            assertThat(new String(Base64.getDecoder().decode(json(stored).get("content").asString()), UTF_8))
                    .isEqualTo("invoice v1");
            assertThat(world.last.eventName()).isEqualTo(TradeContract.DOCUMENT_EVENT);
            assertThat(json(new String(world.last.eventPayload(), UTF_8)).get("action").asString())
                    .isEqualTo("registered");
        }

        @Test
        void returns_the_first_registration_on_a_retry_and_refuses_other_content_under_the_id() {
            String first = world.submit(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "invoice v1"),
                    withContent("invoice v1"));
            String again = world.submit(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "invoice v1"),
                    withContent("invoice v1"));

            assertThat(again).isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
            world.refused(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "other"), withContent("other"),
                    "CONFLICT");
            world.refused(FORWARDER, "trade:registerDocument", invoiceJson("INV-1", "invoice v1"),
                    withContent("invoice v1"), "CONFLICT");
        }

        @Test
        void refuses_content_that_does_not_hash_to_the_stated_hash() {
            world.refused(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "invoice v1"),
                    withContent("tampered"), "HASH_MISMATCH");
        }

        @Test
        void needs_the_content_when_two_states_keep_it() {
            world.refused(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "invoice v1"), Map.of(),
                    "INVALID_ARGUMENT");
        }

        @Test
        void keeps_the_content_off_the_ledger_when_all_parties_are_in_one_state() {
            String request = String.format("{\"documentId\":\"PL-1\",\"type\":\"packing-list\",\"parties\":[\"%s\"],"
                    + "\"contentHash\":\"%s\",\"elements\":{\"lines\":[{\"hsCode\":\"847130\",\"quantity\":10}],"
                    + "\"invoiceRef\":\"INV-1\"}}", FORWARDER.id(), sha("packing"));

            JsonNode doc = json(world.submit(EXPORTER, "trade:registerDocument", request));

            assertThat(doc.has("collection")).isFalse();
            assertThat(world.last.privateWrites()).isEmpty();
            world.refused(EXPORTER, "trade:getDocumentContent", "{\"documentId\":\"PL-1\"}", "NOT_FOUND");
        }

        @Test
        void refuses_elements_a_type_needs_or_contradicts() {
            String wrongTotal = invoiceJson("INV-1", "x").replace("\"amount\":600000", "\"amount\":600001");
            world.refused(EXPORTER, "trade:registerDocument", wrongTotal, withContent("x"), "INVALID_ARGUMENT");
            String noConsignee = invoiceJson("INV-1", "x").replace(",\"consignee\":\"" + IMPORTER.id() + "\"", "");
            world.refused(EXPORTER, "trade:registerDocument", noConsignee, withContent("x"), "INVALID_ARGUMENT");
            String badHs = invoiceJson("INV-1", "x").replace("847130", "84713");
            world.refused(EXPORTER, "trade:registerDocument", badHs, withContent("x"), "INVALID_ARGUMENT");
            String bill = invoiceJson("INV-1", "x").replace("commercial-invoice", "bill-of-lading");
            world.refused(EXPORTER, "trade:registerDocument", bill, withContent("x"), "INVALID_ARGUMENT");
            String badHash = invoiceJson("INV-1", "x").replace(sha("x"), "ABC");
            world.refused(EXPORTER, "trade:registerDocument", badHash, withContent("x"), "INVALID_ARGUMENT");
        }

        @Test
        void refuses_roles_that_issue_no_documents_and_names_only_contract_custodians_have() {
            world.refused(MY_COURT, "trade:registerDocument", invoiceJson("INV-1", "x"), withContent("x"),
                    "FORBIDDEN");
            world.refused(COLON, "trade:registerDocument", invoiceJson("INV-1", "x"), withContent("x"), "FORBIDDEN");
        }
    }

    @Nested
    class AmendDocument {

        private String amendJson(int version, String text) {
            return String.format("{\"documentId\":\"INV-1\",\"version\":%d,\"contentHash\":\"%s\",\"elements\":{"
                    + "\"currency\":\"CNY\",\"amount\":600000,\"lines\":%s,\"consignee\":\"%s\"}}", version, sha(text),
                    TradeWorld.INVOICE_LINES, IMPORTER.id());
        }

        @Test
        void adds_a_version_and_keeps_the_earlier_one_readable() {
            world.shipment();
            JsonNode v2 = json(world.submit(EXPORTER, "trade:amendDocument", amendJson(2, "invoice v2"),
                    withContent("invoice v2")));

            assertThat(v2.get("version").asInt()).isEqualTo(2);
            JsonNode latest = json(world.evaluate(IMPORTER, "trade:getDocument", "{\"documentId\":\"INV-1\"}"));
            assertThat(latest.get("contentHash").asString()).isEqualTo(sha("invoice v2"));
            JsonNode v1 = json(world.evaluate(IMPORTER, "trade:getDocument", "{\"documentId\":\"INV-1\",\"version\":1}"));
            assertThat(v1.get("contentHash").asString()).isEqualTo(sha("invoice v1"));
            JsonNode versions = json(world.evaluate(IMPORTER, "trade:documentVersions", "{\"documentId\":\"INV-1\"}"));
            assertThat(versions.get("versions").size()).isEqualTo(2);
            JsonNode content1 = json(world.evaluate(IMPORTER, "trade:getDocumentContent",
                    "{\"documentId\":\"INV-1\",\"version\":1}"));
            assertThat(new String(Base64.getDecoder().decode(content1.get("content").asString()), UTF_8))
                    .isEqualTo("invoice v1");
        }

        @Test
        void a_retry_returns_the_amendment_and_a_stale_or_skipped_version_conflicts() {
            world.shipment();
            String first = world.submit(EXPORTER, "trade:amendDocument", amendJson(2, "invoice v2"),
                    withContent("invoice v2"));
            assertThat(world.submit(EXPORTER, "trade:amendDocument", amendJson(2, "invoice v2"),
                    withContent("invoice v2"))).isEqualTo(first);
            world.refused(EXPORTER, "trade:amendDocument", amendJson(2, "other"), withContent("other"), "CONFLICT");
            world.refused(EXPORTER, "trade:amendDocument", amendJson(4, "v4"), withContent("v4"), "CONFLICT");
        }

        @Test
        void only_the_issuer_amends_and_not_a_void_document_nor_a_bill() {
            world.shipment();
            world.refused(IMPORTER, "trade:amendDocument", amendJson(2, "v2"), withContent("v2"), "FORBIDDEN");
            world.refused(CARRIER, "trade:amendDocument", amendJson(2, "v2").replace("INV-1", "BL-1"),
                    withContent("v2"), "FORBIDDEN");
            world.submit(EXPORTER, "trade:voidDocument", "{\"documentId\":\"INV-1\",\"reason\":\"replaced\"}");
            world.refused(EXPORTER, "trade:amendDocument", amendJson(2, "v2"), withContent("v2"), "DOCUMENT_VOID");
            world.refused(EXPORTER, "trade:amendDocument", amendJson(2, "v2").replace("INV-1", "NOPE"),
                    withContent("v2"), "NOT_FOUND");
        }
    }

    @Nested
    class VoidDocument {

        @Test
        void voids_once_by_its_issuer_and_again_changes_nothing() {
            world.shipment();
            world.refused(IMPORTER, "trade:voidDocument", "{\"documentId\":\"INV-1\",\"reason\":\"x\"}", "FORBIDDEN");
            JsonNode voided = json(world.submit(EXPORTER, "trade:voidDocument",
                    "{\"documentId\":\"INV-1\",\"reason\":\"replaced\"}"));
            assertThat(voided.get("status").asString()).isEqualTo("void");
            world.submit(EXPORTER, "trade:voidDocument", "{\"documentId\":\"INV-1\",\"reason\":\"replaced\"}");
            assertThat(world.last.writes()).isEmpty();
            world.refused(CARRIER, "trade:voidDocument", "{\"documentId\":\"BL-1\",\"reason\":\"x\"}", "FORBIDDEN");
            world.refused(EXPORTER, "trade:voidDocument", "{\"documentId\":\"INV-1\"}", "INVALID_ARGUMENT");
        }
    }

    @Nested
    class VerifyDocument {

        @Test
        void matches_a_file_by_hash_names_the_version_and_refuses_a_different_file() {
            world.shipment();
            JsonNode ok = json(world.evaluate(MY_CUSTOMS, "trade:verifyDocument",
                    "{\"documentId\":\"INV-1\",\"contentHash\":\"" + sha("invoice v1") + "\"}"));
            assertThat(ok.get("matches").asBoolean()).isTrue();
            JsonNode found = json(world.evaluate(RW_COURT, "trade:verifyDocument",
                    "{\"contentHash\":\"" + sha("bill v1") + "\"}"));
            assertThat(found.get("document").get("documentId").asString()).isEqualTo("BL-1");
            assertThatThrownBy(() -> world.evaluate(MY_CUSTOMS, "trade:verifyDocument",
                    "{\"documentId\":\"INV-1\",\"contentHash\":\"" + sha("forged") + "\"}"))
                    .isInstanceOf(ChaincodeException.class).hasMessageStartingWith("HASH_MISMATCH: ");
            assertThatThrownBy(() -> world.evaluate(MY_CUSTOMS, "trade:verifyDocument",
                    "{\"contentHash\":\"" + sha("forged") + "\"}"))
                    .isInstanceOf(ChaincodeException.class).hasMessageStartingWith("NOT_FOUND: ");
        }
    }

    @Nested
    class DocumentContent {

        @Test
        void parties_and_their_states_customs_and_courts_read_it_others_do_not() {
            world.shipment();
            for (TradeWorld.Who reader : List.of(EXPORTER, IMPORTER, MY_CUSTOMS, MY_COURT)) {
                JsonNode content = json(world.evaluate(reader, "trade:getDocumentContent", "{\"documentId\":\"INV-1\"}"));
                assertThat(content.get("contentHash").asString()).isEqualTo(sha("invoice v1"));
            }
            for (TradeWorld.Who outsider : List.of(RW_COURT, OTHER_MY, ICBC)) {
                assertThatThrownBy(() -> world.evaluate(outsider, "trade:getDocumentContent",
                        "{\"documentId\":\"INV-1\"}"))
                        .isInstanceOf(ChaincodeException.class).hasMessageStartingWith("FORBIDDEN: ");
            }
        }
    }

    @Nested
    class IssueBill {

        @Test
        void makes_the_shipper_the_holder_under_its_states_endorsement() throws Exception {
            world.shipment();
            JsonNode bill = json(world.evaluate(IMPORTER, "trade:getBill", "{\"billId\":\"BL-1\"}"));

            assertThat(bill.get("bill").get("holder").asString()).isEqualTo(EXPORTER.id());
            assertThat(bill.get("bill").get("status").asString()).isEqualTo("active");
            assertThat(bill.get("bill").get("custody").size()).isEqualTo(1);
            assertThat(bill.get("custodyIntact").asBoolean()).isTrue();
            assertThat(world.ledger.get(billKey("BL-1"))).isNotNull();
        }

        @Test
        void sets_the_holders_state_as_the_key_level_policy() throws Exception {
            world.submit(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "i"), withContent("i"));
            world.submit(CARRIER, "trade:issueBill", billJson("BL-1", "b", "INV-1"), withContent("b"));

            assertThat(endorsingState(world.last.validationParameters().get(billKey("BL-1")))).isEqualTo("CNMSP");
            assertThat(world.last.eventName()).isEqualTo(TradeContract.BILL_EVENT);
        }

        @Test
        void refuses_an_unknown_void_or_contradicting_invoice() {
            world.refused(CARRIER, "trade:issueBill", billJson("BL-1", "b", "INV-9"), withContent("b"), "NOT_FOUND");
            world.submit(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "i"), withContent("i"));
            String otherConsignee = billJson("BL-1", "b", "INV-1").replace("\"consignee\":\"" + IMPORTER.id(),
                    "\"consignee\":\"" + OTHER_MY.id());
            world.refused(CARRIER, "trade:issueBill", otherConsignee, withContent("b"), "DOCUMENT_MISMATCH");
            world.submit(EXPORTER, "trade:registerDocument", certificateJson("COO-1", "c", "CN", "INV-1"),
                    withContent("c"));
            world.refused(CARRIER, "trade:issueBill", billJson("BL-1", "b", "COO-1"), withContent("b"),
                    "DOCUMENT_MISMATCH");
            world.submit(EXPORTER, "trade:voidDocument", "{\"documentId\":\"INV-1\",\"reason\":\"replaced\"}");
            world.refused(CARRIER, "trade:issueBill", billJson("BL-1", "b", "INV-1"), withContent("b"),
                    "DOCUMENT_VOID");
        }

        @Test
        void only_a_business_issues_and_a_retry_returns_the_bill() {
            world.submit(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "i"), withContent("i"));
            world.refused(ICBC, "trade:issueBill", billJson("BL-1", "b", "INV-1"), withContent("b"), "FORBIDDEN");
            String first = world.submit(CARRIER, "trade:issueBill", billJson("BL-1", "b", "INV-1"), withContent("b"));
            assertThat(world.submit(CARRIER, "trade:issueBill", billJson("BL-1", "b", "INV-1"), withContent("b")))
                    .isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
        }
    }

    @Nested
    class TransferBill {

        @Test
        void the_holder_endorses_it_on_and_the_policy_follows_the_holder() throws Exception {
            world.shipment();
            JsonNode once = json(world.transfer(EXPORTER, "BL-1", 1, FORWARDER));
            assertThat(endorsingState(world.last.validationParameters().get(billKey("BL-1")))).isEqualTo("CNMSP");
            JsonNode twice = json(world.transfer(FORWARDER, "BL-1", 2, IMPORTER));
            assertThat(endorsingState(world.last.validationParameters().get(billKey("BL-1")))).isEqualTo("MYMSP");

            assertThat(once.get("holder").asString()).isEqualTo(FORWARDER.id());
            assertThat(twice.get("holder").asString()).isEqualTo(IMPORTER.id());
            assertThat(twice.get("version").asInt()).isEqualTo(3);
            JsonNode custody = twice.get("custody");
            assertThat(texts(custody, "action")).containsExactly("issue", "transfer", "transfer");
            assertThat(custody.get(2).get("previousChecksum").asString())
                    .isEqualTo(custody.get(1).get("checksum").asString());
            JsonNode view = json(world.evaluate(RW_COURT, "trade:getBill", "{\"billId\":\"BL-1\"}"));
            assertThat(view.get("custodyIntact").asBoolean()).isTrue();
        }

        @Test
        void nobody_but_the_holder_moves_it_not_even_a_customs_authority() {
            world.shipment();
            world.refused(MY_CUSTOMS, "trade:transferBill",
                    "{\"billId\":\"BL-1\",\"version\":1,\"newHolder\":\"" + MY_CUSTOMS.id() + "\"}", "NOT_HOLDER");
            world.refused(CARRIER, "trade:transferBill",
                    "{\"billId\":\"BL-1\",\"version\":1,\"newHolder\":\"" + IMPORTER.id() + "\"}", "NOT_HOLDER");
            world.refused(IMPORTER, "trade:surrenderBill", "{\"billId\":\"BL-1\",\"version\":1}", "NOT_HOLDER");
        }

        @Test
        void a_retry_returns_the_bill_and_a_stale_version_conflicts() {
            world.shipment();
            String first = world.transfer(EXPORTER, "BL-1", 1, FORWARDER);
            assertThat(world.transfer(EXPORTER, "BL-1", 1, FORWARDER)).isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
            world.refused(FORWARDER, "trade:transferBill",
                    "{\"billId\":\"BL-1\",\"version\":1,\"newHolder\":\"" + IMPORTER.id() + "\"}", "CONFLICT");
        }

        @Test
        void refuses_the_same_holder_a_custodian_an_unknown_bill() {
            world.shipment();
            world.refused(EXPORTER, "trade:transferBill",
                    "{\"billId\":\"BL-1\",\"version\":1,\"newHolder\":\"" + EXPORTER.id() + "\"}", "INVALID_ARGUMENT");
            world.refused(EXPORTER, "trade:transferBill",
                    "{\"billId\":\"BL-1\",\"version\":1,\"newHolder\":\"CNMSP/escrow:E-1\"}", "INVALID_ARGUMENT");
            world.refused(EXPORTER, "trade:transferBill",
                    "{\"billId\":\"BL-9\",\"version\":1,\"newHolder\":\"" + IMPORTER.id() + "\"}", "NOT_FOUND");
        }
    }

    @Nested
    class SurrenderAndVoid {

        @Test
        void surrender_returns_it_to_the_carrier_for_good() {
            world.shipment();
            world.transfer(EXPORTER, "BL-1", 1, IMPORTER);
            JsonNode surrendered = json(world.submit(IMPORTER, "trade:surrenderBill",
                    "{\"billId\":\"BL-1\",\"version\":2,\"reason\":\"delivery at MYPKG\"}"));

            assertThat(surrendered.get("status").asString()).isEqualTo("surrendered");
            assertThat(surrendered.get("holder").asString()).isEqualTo(CARRIER.id());
            world.refused(CARRIER, "trade:transferBill",
                    "{\"billId\":\"BL-1\",\"version\":3,\"newHolder\":\"" + IMPORTER.id() + "\"}", "BILL_NOT_ACTIVE");
            world.refused(CARRIER, "trade:voidBill", "{\"billId\":\"BL-1\",\"version\":3,\"reason\":\"x\"}",
                    "BILL_NOT_ACTIVE");
        }

        @Test
        void only_the_carrier_voids_and_its_document_is_voided_with_it() {
            world.shipment();
            world.refused(EXPORTER, "trade:voidBill", "{\"billId\":\"BL-1\",\"version\":1,\"reason\":\"x\"}",
                    "FORBIDDEN");
            world.refused(CARRIER, "trade:voidBill", "{\"billId\":\"BL-1\",\"version\":1}", "INVALID_ARGUMENT");
            JsonNode voided = json(world.submit(CARRIER, "trade:voidBill",
                    "{\"billId\":\"BL-1\",\"version\":1,\"reason\":\"issued in error\"}"));

            assertThat(voided.get("status").asString()).isEqualTo("void");
            JsonNode doc = json(world.evaluate(IMPORTER, "trade:getDocument", "{\"documentId\":\"BL-1\"}"));
            assertThat(doc.get("status").asString()).isEqualTo("void");
            world.refused(EXPORTER, "trade:transferBill",
                    "{\"billId\":\"BL-1\",\"version\":2,\"newHolder\":\"" + IMPORTER.id() + "\"}", "BILL_NOT_ACTIVE");
        }
    }

    @Nested
    class ChainOfCustody {

        @Test
        void a_changed_link_breaks_the_checksums() {
            world.shipment();
            BillRecord bill = Json.parseState(Json.bytes(json(world.transfer(EXPORTER, "BL-1", 1, IMPORTER))),
                    BillRecord.class, "bill");
            assertThat(BillsOfLading.chainIntact(bill.custody())).isTrue();

            List<CustodyEntry> forged = new ArrayList<>(bill.custody());
            CustodyEntry link = forged.get(1);
            forged.set(1, new CustodyEntry(link.sequence(), link.action(), link.from(), WalletId.of(OTHER_MY.id()),
                    link.by(), link.contract(), link.reason(), link.txId(), link.timestamp(), link.previousChecksum(),
                    link.checksum()));
            assertThat(BillsOfLading.chainIntact(forged)).isFalse();
            assertThat(BillsOfLading.chainIntact(List.of(bill.custody().get(1)))).isFalse();
        }
    }

    @Nested
    class ContractCustody {

        private BillRecord transferByContract(TradeWorld.Who creator, String contract, String expected, String to) {
            FakeStub stub = world.ledger.propose(creator.creator(), world.now, "escrow:settle");
            BillRecord bill = BillsOfLading.of(new Context(stub)).transfer(contract, "BL-1", WalletId.of(expected),
                    WalletId.of(to), "escrow E-1");
            world.ledger.commit(stub);
            world.last = stub;
            return bill;
        }

        @Test
        void a_contract_takes_the_bill_into_custody_and_only_it_hands_it_on() throws Exception {
            world.shipment();
            WalletId custodian = BillsOfLading.custodian(new MspId("MYMSP"), "escrow", "E-1");
            BillRecord held = transferByContract(EXPORTER, "escrow", EXPORTER.id(), custodian.value());

            assertThat(held.holder()).isEqualTo(custodian);
            assertThat(held.lastLink().contract()).isEqualTo("escrow");
            assertThat(held.lastLink().by().value()).isEqualTo(EXPORTER.id());
            assertThat(endorsingState(world.last.validationParameters().get(billKey("BL-1")))).isEqualTo("MYMSP");
            assertThat(world.last.eventName()).isNull();

            world.refused(COLON, "trade:transferBill",
                    "{\"billId\":\"BL-1\",\"version\":2,\"newHolder\":\"" + IMPORTER.id() + "\"}", "FORBIDDEN");
            assertThatThrownBy(() -> transferByContract(IMPORTER, "finance", custodian.value(), IMPORTER.id()))
                    .isInstanceOf(ChaincodeException.class).hasMessageStartingWith("NOT_HOLDER: ");
            assertThatThrownBy(() -> transferByContract(IMPORTER, "escrow", EXPORTER.id(), IMPORTER.id()))
                    .isInstanceOf(ChaincodeException.class).hasMessageStartingWith("NOT_HOLDER: ");

            BillRecord released = transferByContract(IMPORTER, "escrow", custodian.value(), IMPORTER.id());
            assertThat(released.holder().value()).isEqualTo(IMPORTER.id());
            assertThat(BillsOfLading.chainIntact(released.custody())).isTrue();
        }

        @Test
        void reads_a_bill_for_another_contract() {
            world.shipment();
            FakeStub stub = world.ledger.propose(IMPORTER.creator(), world.now, "escrow:read");
            BillsOfLading bills = BillsOfLading.of(new Context(stub));
            BillRecord bill = bills.require("BL-1");

            assertThat(bill.carrier().value()).isEqualTo(CARRIER.id());
            assertThat(bill.shipper().value()).isEqualTo(EXPORTER.id());
            assertThat(bill.consignee().value()).isEqualTo(IMPORTER.id());
            assertThat(bill.invoiceRef()).isEqualTo("INV-1");
            assertThat(bill.version()).isEqualTo(1);
            assertThat(bills.find("BL-9")).isEmpty();
            assertThat(BillsOfLading.custodianContract(WalletId.of("MYMSP/escrow:E-1"))).contains("escrow");
            assertThat(BillsOfLading.custodianContract(WalletId.of(IMPORTER.id()))).isEmpty();
        }
    }

    @Nested
    class Pledges {

        private final Map<String, byte[]> terms = Map.of("pledge",
                "{\"amount\":500000,\"currency\":\"CNY\",\"salt\":\"0123456789abcdef\"}".getBytes(UTF_8));

        private String pledge(String pledgeId) {
            return "{\"contentHash\":\"" + sha("bill v1") + "\",\"pledgeId\":\"" + pledgeId + "\"}";
        }

        @Test
        void a_second_pledge_anywhere_is_refused_until_the_first_is_released() {
            world.shipment();
            JsonNode first = json(world.submit(ICBC, "trade:pledgeDocument", pledge("P-1"), terms));
            assertThat(first.get("status").asString()).isEqualTo("pledged");
            assertThat(first.has("commitment")).isFalse();

            world.refused(MAYBANK, "trade:pledgeDocument", pledge("P-2"), terms, "ALREADY_PLEDGED");
            world.refused(ICBC, "trade:pledgeDocument", pledge("P-2"), terms, "ALREADY_PLEDGED");
            world.refused(MAYBANK, "trade:releasePledge", pledge("P-1"), terms, "NOT_PLEDGED");
            world.refused(ICBC, "trade:releasePledge", pledge("P-1"), Map.of("pledge",
                    "{\"amount\":1,\"currency\":\"CNY\",\"salt\":\"0123456789abcdef\"}".getBytes(UTF_8)),
                    "NOT_PLEDGED");

            JsonNode seen = json(world.evaluate(MAYBANK, "trade:getPledge",
                    "{\"contentHash\":\"" + sha("bill v1") + "\"}"));
            assertThat(seen.get("status").asString()).isEqualTo("pledged");
            assertThat(seen.toString()).doesNotContain("icbc").doesNotContain("500000");

            JsonNode released = json(world.submit(ICBC, "trade:releasePledge", pledge("P-1"), terms));
            assertThat(released.get("status").asString()).isEqualTo("released");
            world.submit(MAYBANK, "trade:pledgeDocument", pledge("P-2"), terms);
            assertThat(world.last.eventName()).isEqualTo(TradeContract.PLEDGE_EVENT);
        }

        @Test
        void only_banks_pledge_registered_active_documents_with_terms() {
            world.shipment();
            world.refused(EXPORTER, "trade:pledgeDocument", pledge("P-1"), terms, "FORBIDDEN");
            world.refused(ICBC, "trade:pledgeDocument", pledge("P-1"), Map.of(), "INVALID_ARGUMENT");
            world.refused(ICBC, "trade:pledgeDocument", pledge("P-1").replace(sha("bill v1"), sha("nothing")), terms,
                    "NOT_FOUND");
            world.submit(EXPORTER, "trade:voidDocument", "{\"documentId\":\"INV-1\",\"reason\":\"replaced\"}");
            world.refused(ICBC, "trade:pledgeDocument", pledge("P-1").replace(sha("bill v1"), sha("invoice v1")),
                    terms, "DOCUMENT_VOID");
            JsonNode never = json(world.evaluate(MAYBANK, "trade:getPledge",
                    "{\"contentHash\":\"" + sha("coo v1") + "\"}"));
            assertThat(never.get("status").asString()).isEqualTo("unpledged");
        }
    }

    @Test
    void answers_an_unknown_transaction_with_a_stable_code() {
        FakeStub stub = world.ledger.propose(EXPORTER.creator(), world.now, "trade:nope");
        assertThatThrownBy(() -> new TradeContract().unknownTransaction(new Context(stub)))
                .isInstanceOf(ChaincodeException.class).hasMessageStartingWith("UNKNOWN_TRANSACTION: ");
    }
}
