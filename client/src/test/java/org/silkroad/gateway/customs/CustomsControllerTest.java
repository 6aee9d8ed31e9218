package org.silkroad.gateway.customs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.gateway.customs.CustomsSlice.CUSTOMS;
import static org.silkroad.gateway.customs.CustomsSlice.IMPORTER;
import static org.silkroad.gateway.customs.CustomsSlice.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@WebMvcTest(CustomsController.class)
@Import(CustomsSlice.class)
class CustomsControllerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DECLARATION = "{\"declarationId\":\"D-1\",\"zoneId\":\"PKG\",\"invoiceId\":\"INV-1\","
            + "\"billId\":\"BL-1\",\"certificateId\":\"COO-1\",\"lines\":[{\"hsCode\":\"847130\",\"quantity\":1,"
            + "\"value\":100}],\"currency\":\"CNY\",\"origin\":\"CN\"}";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    private final AtomicBoolean declared = new AtomicBoolean();

    @BeforeEach
    void freshLedger() {
        ledger.reset();
        declared.set(false);
        ledger.on("customs:getDeclaration", call -> {
            if (!declared.get()) {
                throw LedgerException.rejected("NOT_FOUND", "no declaration D-1", null);
            }
            return "{\"declarationId\":\"D-1\",\"declarant\":\"CNMSP/importer\",\"status\":\"submitted\"}";
        });
        ledger.on("customs:declareImport", call -> {
            declared.set(true);
            return "{\"declarationId\":\"D-1\",\"declarant\":\"CNMSP/importer\",\"status\":\"submitted\"}";
        });
    }

    static MockHttpServletRequestBuilder json(String apiKey, MockHttpServletRequestBuilder request, String body) {
        return as(apiKey, request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static JsonNode arg(FakeLedger.Call call) {
        return JSON.readTree(call.arguments().get(0));
    }

    private List<FakeLedger.Call> calls(String transaction) {
        return ledger.calls().stream().filter(c -> c.transaction().equals(transaction)).toList();
    }

    private void duty(long amount) {
        ledger.on("customs:assessImport", call -> "{\"assessment\":{\"currency\":\"MYR\",\"duty\":" + amount + "}}");
    }

    @Test
    void declares_without_notes_when_no_duty_is_due() throws Exception {
        duty(0);

        mvc.perform(json(IMPORTER, post("/api/v1/customs/import-declarations"), DECLARATION))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("submitted"));

        JsonNode argument = arg(calls("customs:declareImport").get(0));
        assertThat(argument.has("dutyInputs")).isFalse();
        assertThat(argument.get("certificateId").asString()).isEqualTo("COO-1");
    }

    @Test
    void deposits_the_assessed_duty_from_notes_the_gateway_chooses() throws Exception {
        duty(1300);
        ledger.on("currency:getCurrency", call -> "{\"code\":\"MYR\",\"decimals\":2,\"issuerMspId\":\"MYMSP\"}");
        ledger.on("currency:unspentNotes", call -> "{\"notes\":[{\"noteId\":\"n1:0\",\"currency\":\"MYR\","
                + "\"owner\":\"CNMSP/importer\",\"amount\":1000,\"createdTx\":\"n1\"},{\"noteId\":\"n2:0\","
                + "\"currency\":\"MYR\",\"owner\":\"CNMSP/importer\",\"amount\":5000,\"createdTx\":\"n2\"}],"
                + "\"total\":6000}");

        mvc.perform(json(IMPORTER, post("/api/v1/customs/import-declarations"), DECLARATION))
                .andExpect(status().isOk());

        JsonNode argument = arg(calls("customs:declareImport").get(0));
        long chosen = 0;
        for (JsonNode note : argument.get("dutyInputs")) {
            chosen += note.asString().equals("n1:0") ? 1000 : 5000;
        }
        assertThat(chosen).isGreaterThanOrEqualTo(1300);

        // The same declaration again: recorded already, returned without another assessment or submit.
        mvc.perform(json(IMPORTER, post("/api/v1/customs/import-declarations"), DECLARATION))
                .andExpect(status().isOk());
        assertThat(calls("customs:declareImport")).hasSize(1);
        assertThat(calls("customs:assessImport")).hasSize(1);
    }

    @Test
    void too_little_money_for_the_duty_is_422_and_nothing_is_submitted() throws Exception {
        duty(100_000);
        ledger.on("currency:getCurrency", call -> "{\"code\":\"MYR\",\"decimals\":2,\"issuerMspId\":\"MYMSP\"}");
        ledger.on("currency:unspentNotes", call -> "{\"notes\":[],\"total\":0}");

        mvc.perform(json(IMPORTER, post("/api/v1/customs/import-declarations"), DECLARATION))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("INSUFFICIENT_FUNDS"));
        assertThat(calls("customs:declareImport")).isEmpty();
    }

    @Test
    void a_contradicting_declaration_is_refused_at_assessment_with_the_ledgers_code() throws Exception {
        ledger.on("customs:assessImport", call -> {
            throw LedgerException.rejected("DOCUMENT_MISMATCH", "line 1: declared HS 847130, invoice 847150", null);
        });

        mvc.perform(json(IMPORTER, post("/api/v1/customs/import-declarations"), DECLARATION))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("DOCUMENT_MISMATCH"));
        assertThat(calls("customs:declareImport")).isEmpty();
    }

    @Test
    void decisions_map_foreign_customs_and_closed_declarations() throws Exception {
        ledger.on("customs:clearDeclaration", call -> {
            throw LedgerException.rejected("FOREIGN_CUSTOMS", "declaration D-1 is decided by customs of MYMSP", "t1");
        });
        ledger.on("customs:rejectDeclaration", call -> {
            throw LedgerException.rejected("DECLARATION_CLOSED", "declaration D-1 was cleared", "t2");
        });
        ledger.on("customs:holdDeclaration", call -> "{\"status\":\"held\"}");

        mvc.perform(json(CUSTOMS, post("/api/v1/customs/declarations/D-1/clear"), "{}"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("FOREIGN_CUSTOMS"));
        mvc.perform(json(CUSTOMS, post("/api/v1/customs/declarations/D-1/reject"), "{\"reason\":\"x\"}"))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("DECLARATION_CLOSED"));
        mvc.perform(json(CUSTOMS, post("/api/v1/customs/declarations/D-1/hold"), "{\"reason\":\"inspection\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("held"));
        assertThat(arg(calls("customs:holdDeclaration").get(0)).get("reason").asString()).isEqualTo("inspection");
        assertThat(arg(calls("customs:clearDeclaration").get(0)).has("reason")).isFalse();
    }

    @Test
    void a_broker_declares_naming_the_importer_and_an_importer_appoints_and_revokes_brokers() throws Exception {
        duty(0);
        ledger.on("customs:appointBroker", call -> "{\"broker\":\"CNMSP/customs\"}");
        ledger.on("customs:revokeBroker", call -> "{\"revoked\":true}");

        mvc.perform(json(IMPORTER, post("/api/v1/customs/import-declarations"),
                        DECLARATION.replace("\"origin\":\"CN\"", "\"origin\":\"CN\",\"importer\":\"CNMSP/owner\"")))
                .andExpect(status().isOk());
        assertThat(arg(calls("customs:declareImport").get(0)).get("importer").asString()).isEqualTo("CNMSP/owner");
        mvc.perform(as(IMPORTER, put("/api/v1/customs/brokers/CNMSP/customs"))).andExpect(status().isOk());
        assertThat(arg(calls("customs:appointBroker").get(0)).get("broker").asString()).isEqualTo("CNMSP/customs");
        mvc.perform(as(IMPORTER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .delete("/api/v1/customs/brokers/CNMSP/customs")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.revoked").value(true));
    }

    @Test
    void zones_and_rules_take_their_id_and_version_from_the_path() throws Exception {
        ledger.on("customs:defineZone", call -> "{\"zoneId\":\"PKG\"}");
        ledger.on("customs:setRules", call -> "{\"version\":2}");
        ledger.on("customs:clearanceStats", call -> "{\"zones\":[]}");

        mvc.perform(json(CUSTOMS, put("/api/v1/customs/zones/PKG"), "{\"name\":\"Port Klang\",\"ports\":[\"MYPKG\"]}"))
                .andExpect(status().isOk());
        mvc.perform(json(CUSTOMS, put("/api/v1/customs/zones/PKG/rules/2"),
                        "{\"zoneId\":\"OTHER\",\"version\":9,\"currency\":\"MYR\"}"))
                .andExpect(status().isOk());
        JsonNode rules = arg(calls("customs:setRules").get(0));
        assertThat(rules.get("zoneId").asString()).isEqualTo("PKG");
        assertThat(rules.get("version").asInt()).isEqualTo(2);
        assertThat(rules.get("currency").asString()).isEqualTo("MYR");
        mvc.perform(json(CUSTOMS, put("/api/v1/customs/zones/PKG"), "{\"name\":\"x\",\"ports\":[\"pkg\"]}"))
                .andExpect(status().isBadRequest());
        mvc.perform(as(CUSTOMS, get("/api/v1/customs/clearance-stats").param("state", "MYMSP")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.zones").isArray());
    }
}
