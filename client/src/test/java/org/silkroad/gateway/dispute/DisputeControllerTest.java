package org.silkroad.gateway.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.escrow.FeatureSlice;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.LedgerException;
import org.silkroad.gateway.shared.TestIdentities;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(DisputeController.class)
@Import(FeatureSlice.class)
class DisputeControllerTest {

    static final String RULED = "{\"disputeId\":\"D-1\",\"status\":\"ruled\",\"ruling\":{\"outcome\":\"split\","
            + "\"toSeller\":60000,\"toBuyer\":40000,\"payouts\":[{\"wallet\":\"MYMSP/exporter\",\"currency\":\"MYR\","
            + "\"amount\":60000,\"noteId\":\"tx1:0\"},{\"wallet\":\"CNMSP/business-1\",\"currency\":\"MYR\","
            + "\"amount\":40000,\"noteId\":\"tx1:1\"}]}}";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    @BeforeEach
    void script() {
        ledger.reset();
        FeatureSlice.myr(ledger);
    }

    @Test
    void a_split_is_sent_in_minor_units_of_the_held_currency_and_shown_in_major_units() throws Exception {
        ledger.on("dispute:rule", call -> RULED);

        mvc.perform(post("/api/v1/disputes/D-1/ruling").header("X-API-Key", TestIdentities.BANK_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\":\"split\",\"currency\":\"MYR\",\"toSeller\":\"600.00\",\"toBuyer\":\"400.00\","
                                + "\"reasons\":\"half damaged\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ruling.toSeller").value("600.00"))
                .andExpect(jsonPath("$.ruling.payouts[1].amount").value("400.00"));
        FakeLedger.Call rule = ledger.calls().stream().filter(c -> c.transaction().equals("dispute:rule"))
                .findFirst().orElseThrow();
        assertThat(rule.arguments().get(0)).contains("\"currency\":\"MYR\"", "\"toSeller\":60000", "\"toBuyer\":40000");
    }

    @Test
    void a_ruling_by_another_states_court_is_a_403_wrong_court() throws Exception {
        ledger.on("dispute:rule", call -> {
            throw new LedgerException(LedgerException.Kind.REJECTED, "WRONG_COURT",
                    "WRONG_COURT: dispute D-1 is seated in MYMSP", call.transactionId(), null);
        });
        mvc.perform(post("/api/v1/disputes/D-1/ruling").header("X-API-Key", TestIdentities.BANK_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\":\"refund\",\"reasons\":\"never shipped\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("WRONG_COURT"));
    }

    @Test
    void amounts_belong_to_splits_only() throws Exception {
        mvc.perform(post("/api/v1/disputes/D-1/ruling").header("X-API-Key", TestIdentities.BANK_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\":\"refund\",\"toSeller\":\"1.00\",\"reasons\":\"x\"}"))
                .andExpect(status().isBadRequest());
        mvc.perform(post("/api/v1/disputes/D-1/ruling").header("X-API-Key", TestIdentities.BANK_KEY)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"outcome\":\"split\",\"currency\":\"MYR\",\"toSeller\":\"1.00\",\"reasons\":\"x\"}"))
                .andExpect(status().isBadRequest());
        assertThat(ledger.calls()).noneMatch(c -> c.transaction().equals("dispute:rule"));
    }
}
