package org.silkroad.gateway.trade;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.gateway.trade.TradeSlice.BANK;
import static org.silkroad.gateway.trade.TradeSlice.CARRIER;
import static org.silkroad.gateway.trade.TradeSlice.CUSTOMS;
import static org.silkroad.gateway.trade.TradeSlice.EXPORTER;
import static org.silkroad.gateway.trade.TradeSlice.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@WebMvcTest(TradeController.class)
@Import(TradeSlice.class)
class TradeControllerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ELEMENTS = "{\"currency\":\"CNY\",\"amount\":100,\"lines\":[{\"hsCode\":\"847130\","
            + "\"quantity\":1,\"value\":100}],\"consignee\":\"MYMSP/importer\"}";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    @BeforeEach
    void freshLedger() {
        ledger.reset();
    }

    static MockHttpServletRequestBuilder json(String apiKey, MockHttpServletRequestBuilder request, String body) {
        return as(apiKey, request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static JsonNode arg(FakeLedger.Call call) {
        return JSON.readTree(call.arguments().get(0));
    }

    private FakeLedger.Call last(String transaction) {
        List<FakeLedger.Call> calls = ledger.calls().stream().filter(c -> c.transaction().equals(transaction)).toList();
        assertThat(calls).as(transaction).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    @Test
    void registers_a_document_with_its_content_as_transient_data_and_its_hash_as_argument() throws Exception {
        ledger.on("trade:registerDocument", call -> "{\"documentId\":\"INV-1\",\"version\":1}");
        String content = Base64.getEncoder().encodeToString("invoice v1".getBytes(UTF_8));

        mvc.perform(json(EXPORTER, post("/api/v1/documents"), "{\"documentId\":\"INV-1\",\"type\":\"commercial-invoice\","
                        + "\"parties\":[\"MYMSP/importer\"],\"mediaType\":\"application/pdf\",\"content\":\"" + content
                        + "\",\"elements\":" + ELEMENTS + "}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(1));

        FakeLedger.Call call = last("trade:registerDocument");
        assertThat(new String(call.transientData().get("content"), UTF_8)).isEqualTo("invoice v1");
        assertThat(arg(call).get("contentHash").asString()).isEqualTo(TradeService.sha256("invoice v1".getBytes(UTF_8)));
        assertThat(call.arguments().get(0)).doesNotContain(content).doesNotContain("invoice v1");
        assertThat(call.as().name()).isEqualTo("exporter");
    }

    @Test
    void a_stated_hash_goes_to_the_ledger_which_refuses_a_mismatch_with_its_code() throws Exception {
        ledger.on("trade:registerDocument", call -> {
            throw LedgerException.rejected("HASH_MISMATCH", "the content hashes to x, the request states y", "tx9");
        });
        String content = Base64.getEncoder().encodeToString("tampered".getBytes(UTF_8));

        mvc.perform(json(EXPORTER, post("/api/v1/documents"), "{\"documentId\":\"INV-1\",\"type\":\"commercial-invoice\","
                        + "\"content\":\"" + content + "\",\"contentHash\":\"" + "a".repeat(64) + "\",\"elements\":"
                        + ELEMENTS + "}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("HASH_MISMATCH"));
        assertThat(arg(last("trade:registerDocument")).get("contentHash").asString()).isEqualTo("a".repeat(64));
    }

    @Test
    void refuses_a_document_without_content_or_hash_and_content_that_is_not_base64() throws Exception {
        mvc.perform(json(EXPORTER, post("/api/v1/documents"), "{\"documentId\":\"INV-1\",\"type\":\"commercial-invoice\","
                        + "\"elements\":" + ELEMENTS + "}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        mvc.perform(json(EXPORTER, post("/api/v1/documents"), "{\"documentId\":\"INV-1\",\"type\":\"commercial-invoice\","
                        + "\"content\":\"***\",\"elements\":" + ELEMENTS + "}"))
                .andExpect(status().isBadRequest());
        mvc.perform(json(EXPORTER, post("/api/v1/documents"), "{\"documentId\":\"INV 1\",\"type\":\"x\","
                        + "\"contentHash\":\"" + "a".repeat(64) + "\",\"elements\":{}}"))
                .andExpect(status().isBadRequest());
        assertThat(ledger.calls()).isEmpty();
    }

    @Test
    void verifies_a_file_by_the_hash_the_gateway_computes() throws Exception {
        ledger.on("trade:verifyDocument", call -> "{\"matches\":true,\"document\":{\"documentId\":\"INV-1\"}}");

        mvc.perform(as(CUSTOMS, post("/api/v1/document-verifications").param("documentId", "INV-1")
                        .contentType(MediaType.APPLICATION_OCTET_STREAM).content("the file".getBytes(UTF_8))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.matches").value(true));

        JsonNode argument = arg(last("trade:verifyDocument"));
        assertThat(argument.get("contentHash").asString()).isEqualTo(TradeService.sha256("the file".getBytes(UTF_8)));
        assertThat(argument.get("documentId").asString()).isEqualTo("INV-1");
    }

    @Test
    void a_malformed_id_in_the_path_is_400_validation_failed_and_reaches_no_ledger() throws Exception {
        // A constraint on a path variable of a @Validated controller: it was a 500 until the fuzzer found it.
        mvc.perform(as(CUSTOMS, get("/api/v1/bills/{billId}", "b\u0084")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("billId"));
        assertThat(ledger.calls()).isEmpty();
    }

    @Test
    void serves_the_content_with_its_media_type() throws Exception {
        ledger.on("trade:getDocumentContent", call -> "{\"documentId\":\"INV-1\",\"version\":1,\"mediaType\":"
                + "\"application/pdf\",\"content\":\"" + Base64.getEncoder().encodeToString("%PDF".getBytes(UTF_8))
                + "\"}");

        mvc.perform(as(CUSTOMS, get("/api/v1/documents/INV-1/content").param("version", "1")))
                .andExpect(status().isOk())
                .andExpect(content().contentType("application/pdf"))
                .andExpect(content().bytes("%PDF".getBytes(UTF_8)));
        assertThat(arg(last("trade:getDocumentContent")).get("version").asInt()).isEqualTo(1);
    }

    @Test
    void a_transfer_by_a_non_holder_is_403_not_holder() throws Exception {
        ledger.on("trade:transferBill", call -> {
            throw LedgerException.rejected("NOT_HOLDER", "bill BL-1 is held by CNMSP/exporter", "tx3");
        });

        mvc.perform(json(CUSTOMS, post("/api/v1/bills/BL-1/transfer"),
                        "{\"version\":1,\"newHolder\":\"CNMSP/customs\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NOT_HOLDER"))
                .andExpect(jsonPath("$.transactionId").value("tx3"));
        JsonNode argument = arg(last("trade:transferBill"));
        assertThat(argument.get("billId").asString()).isEqualTo("BL-1");
        assertThat(argument.get("newHolder").asString()).isEqualTo("CNMSP/customs");
        mvc.perform(json(CUSTOMS, post("/api/v1/bills/BL-1/transfer"), "{\"newHolder\":\"nobody\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2));
    }

    @Test
    void issues_a_bill_and_surrenders_and_voids_it_at_a_version() throws Exception {
        ledger.on("trade:issueBill", call -> "{\"billId\":\"BL-1\",\"holder\":\"CNMSP/exporter\"}");
        ledger.on("trade:surrenderBill", call -> "{\"billId\":\"BL-1\",\"status\":\"surrendered\"}");
        ledger.on("trade:voidBill", call -> {
            throw LedgerException.rejected("BILL_NOT_ACTIVE", "bill BL-1 is surrendered", "tx7");
        });
        String content = Base64.getEncoder().encodeToString("bill".getBytes(UTF_8));

        mvc.perform(json(CARRIER, post("/api/v1/bills"), "{\"billId\":\"BL-1\",\"shipper\":\"CNMSP/exporter\","
                        + "\"content\":\"" + content + "\",\"elements\":{\"portOfLoading\":\"CNSHA\"}}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.holder").value("CNMSP/exporter"));
        assertThat(last("trade:issueBill").transientData()).containsKey("content");
        mvc.perform(json(EXPORTER, post("/api/v1/bills/BL-1/surrender"), "{\"version\":2}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("surrendered"));
        mvc.perform(json(CARRIER, post("/api/v1/bills/BL-1/void"), "{\"version\":3,\"reason\":\"x\"}"))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("BILL_NOT_ACTIVE"));
    }

    @Test
    void pledge_terms_travel_as_transient_data_only() throws Exception {
        ledger.on("trade:pledgeDocument", call -> "{\"status\":\"pledged\"}");
        ledger.on("trade:releasePledge", call -> {
            throw LedgerException.rejected("NOT_PLEDGED", "no such pledge", "tx2");
        });
        String hash = "b".repeat(64);
        String body = "{\"pledgeId\":\"P-1\",\"amount\":500000,\"currency\":\"CNY\",\"salt\":\"0123456789abcdef\"}";

        mvc.perform(json(BANK, post("/api/v1/pledges/" + hash), body))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("pledged"));
        FakeLedger.Call call = last("trade:pledgeDocument");
        assertThat(call.arguments().get(0)).doesNotContain("500000").doesNotContain("0123456789abcdef");
        assertThat(JSON.readTree(call.transientData().get("pledge")).get("amount").asLong()).isEqualTo(500000);
        mvc.perform(json(BANK, post("/api/v1/pledges/" + hash + "/release"), body))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("NOT_PLEDGED"));
        mvc.perform(json(BANK, post("/api/v1/pledges/" + hash), "{\"pledgeId\":\"P-1\",\"amount\":1,"
                        + "\"currency\":\"CNY\",\"salt\":\"short\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void a_shipment_joins_bill_invoice_and_declaration_when_there_is_one() throws Exception {
        ledger.on("trade:getBill", call -> "{\"bill\":{\"billId\":\"BL-1\",\"invoiceRef\":\"INV-1\"},"
                + "\"custodyIntact\":true}");
        ledger.on("trade:getDocument", call -> "{\"documentId\":\"INV-1\"}");
        ledger.on("customs:declarationForBill", call -> {
            throw LedgerException.rejected("NOT_FOUND", "no import declaration references bill BL-1", null);
        });

        mvc.perform(as(EXPORTER, get("/api/v1/shipments/BL-1")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bill.billId").value("BL-1"))
                .andExpect(jsonPath("$.invoice.documentId").value("INV-1"))
                .andExpect(jsonPath("$.custodyIntact").value(true))
                .andExpect(jsonPath("$.declaration").doesNotExist());

        ledger.on("customs:declarationForBill", call -> "{\"declarationId\":\"D-1\",\"status\":\"cleared\"}");
        mvc.perform(as(EXPORTER, get("/api/v1/shipments/BL-1")))
                .andExpect(jsonPath("$.declaration.status").value("cleared"));
    }

    @Test
    void the_shipment_stream_sends_the_callers_steps_only() throws Exception {
        ledger.emit(new Ledger.ChaincodeEvent(7, "txa", "trade.Bill",
                "{\"action\":\"issued\",\"id\":\"BL-1\",\"parties\":[\"CNMSP/carrier\",\"CNMSP/exporter\"]}".getBytes(UTF_8)));
        ledger.emit(new Ledger.ChaincodeEvent(8, "txb", "trade.Document",
                "{\"action\":\"registered\",\"id\":\"X\",\"parties\":[\"MYMSP/someone\"]}".getBytes(UTF_8)));
        ledger.emit(new Ledger.ChaincodeEvent(9, "txc", "currency.Payment", "{}".getBytes(UTF_8)));
        ledger.emit(new Ledger.ChaincodeEvent(10, "txd", "customs.Declaration",
                "{\"action\":\"cleared\",\"declarationId\":\"D-1\",\"state\":\"CNMSP\",\"declarant\":\"CNMSP/x\"}"
                        .getBytes(UTF_8)));

        MvcResult exporter = mvc.perform(as(EXPORTER, get("/api/v1/shipments/stream").param("fromBlock", "0")))
                .andExpect(request().asyncStarted()).andReturn();
        String sent = mvc.perform(asyncDispatch(exporter)).andReturn().getResponse().getContentAsString();
        assertThat(sent).contains("id:7:txa").contains("event:bill").doesNotContain("txb").doesNotContain("txc")
                .doesNotContain("txd");

        MvcResult customs = mvc.perform(as(CUSTOMS, get("/api/v1/shipments/stream").param("fromBlock", "0")))
                .andExpect(request().asyncStarted()).andReturn();
        assertThat(mvc.perform(asyncDispatch(customs)).andReturn().getResponse().getContentAsString())
                .contains("id:10:txd").contains("event:declaration").doesNotContain("txa");
        mvc.perform(as(EXPORTER, get("/api/v1/shipments/stream").header("Last-Event-ID", "garbage")))
                .andExpect(status().isBadRequest());
    }

    @Test
    void needs_an_api_key() throws Exception {
        mvc.perform(get("/api/v1/bills/BL-1")).andExpect(status().isUnauthorized());
    }
}
