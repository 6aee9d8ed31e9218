package org.silkroad.gateway.escrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.LedgerException;
import org.silkroad.gateway.shared.TestIdentities;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@WebMvcTest(EscrowController.class)
@Import(FeatureSlice.class)
class EscrowControllerTest {

    static final String RECORD = "{\"escrowId\":\"E-1\",\"buyer\":\"CNMSP/business-1\",\"seller\":\"MYMSP/exporter\","
            + "\"invoiceRef\":\"INV-1\",\"billId\":\"BL-1\",\"conditions\":{\"billOfLading\":true,\"importCleared\":false},"
            + "\"expiresAt\":\"2026-12-31T00:00:00Z\",\"price\":{\"currency\":\"MYR\",\"amount\":100000},"
            + "\"held\":{\"account\":\"MYMSP/escrow:E-1\",\"currency\":\"MYR\",\"amount\":100000,\"note\":\"%s:0\","
            + "\"txId\":\"%s\"},\"custodian\":\"MYMSP/escrow:E-1\",\"status\":\"%s\",\"billDeposited\":false,"
            + "\"requestHash\":\"h\",\"createdAt\":\"2026-11-28T12:00:00Z\",\"createdTx\":\"%s\"}";
    static final String CREATE = "{\"escrowId\":\"E-1\",\"seller\":\"MYMSP/exporter\",\"invoiceRef\":\"INV-1\","
            + "\"billId\":\"BL-1\",\"conditions\":{\"billOfLading\":true},\"expiresAt\":\"2026-12-31T00:00:00Z\","
            + "\"price\":{\"currency\":\"MYR\",\"amount\":\"1000.00\"}}";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void script() {
        ledger.reset();
        FeatureSlice.myr(ledger);
    }

    @Test
    void creates_an_escrow_spending_the_buyers_chosen_notes_with_the_price_in_minor_units() throws Exception {
        ledger.on("escrow:getEscrow", call -> {
            throw new LedgerException(LedgerException.Kind.REJECTED, "NOT_FOUND", "NOT_FOUND: no escrow E-1", null,
                    null);
        });
        ledger.on("escrow:create", call -> RECORD.formatted(call.transactionId(), call.transactionId(), "funded",
                call.transactionId()));

        mvc.perform(post("/api/v1/escrows").header("X-API-Key", TestIdentities.BUSINESS_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(CREATE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.price.amount").value("1000.00"))
                .andExpect(jsonPath("$.held.amount").value("1000.00"))
                .andExpect(jsonPath("$.status").value("funded"));

        FakeLedger.Call create = ledger.calls().stream().filter(c -> c.transaction().equals("escrow:create"))
                .findFirst().orElseThrow();
        JsonNode argument = json.readTree(create.arguments().get(0));
        assertThat(argument.path("price").path("amount").asLong()).isEqualTo(100_000);
        assertThat(argument.path("inputs").get(0).asString()).isEqualTo("n0:0");
        assertThat(argument.path("quoteId").isNull() || argument.path("quoteId").isMissingNode()).isTrue();
    }

    @Test
    void a_retry_returns_the_escrow_already_on_the_ledger_without_spending_again() throws Exception {
        ledger.on("escrow:getEscrow", call -> RECORD.formatted("tx9", "tx9", "funded", "tx9"));

        mvc.perform(post("/api/v1/escrows").header("X-API-Key", TestIdentities.BUSINESS_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(CREATE))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.createdTx").value("tx9"));
        assertThat(ledger.calls()).noneMatch(c -> c.transaction().equals("escrow:create"));
    }

    @Test
    void settling_too_early_is_a_422_problem_with_the_chaincodes_code() throws Exception {
        ledger.on("escrow:settle", call -> {
            throw new LedgerException(LedgerException.Kind.REJECTED, "ESCROW_CONDITIONS_UNMET",
                    "ESCROW_CONDITIONS_UNMET: escrow E-1 cannot settle: MYMSP/hub has not confirmed delivery",
                    call.transactionId(), null);
        });

        mvc.perform(post("/api/v1/escrows/E-1/settlement").header("X-API-Key", TestIdentities.BUSINESS_KEY))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("ESCROW_CONDITIONS_UNMET"));
        assertThat(ledger.calls().get(0).arguments()).containsExactly("{\"escrowId\":\"E-1\"}");
    }

    @Test
    void refuses_malformed_requests_before_the_ledger() throws Exception {
        mvc.perform(post("/api/v1/escrows").header("X-API-Key", TestIdentities.BUSINESS_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(CREATE.replace("MYMSP/exporter", "exporter")))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/escrows").header("X-API-Key", TestIdentities.BUSINESS_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(CREATE.replace("1000.00", "10.001")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("AMOUNT_PRECISION"));
        mvc.perform(get("/api/v1/escrows/E 1").header("X-API-Key", TestIdentities.BUSINESS_KEY))
                .andExpect(status().isBadRequest());
        assertThat(ledger.calls()).noneMatch(c -> c.transaction().startsWith("escrow:"));
    }
}
