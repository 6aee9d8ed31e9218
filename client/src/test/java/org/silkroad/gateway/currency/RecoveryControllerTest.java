package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.gateway.currency.CurrencySlice.BUSINESS_1;
import static org.silkroad.gateway.currency.CurrencySlice.CENTRAL_BANK;
import static org.silkroad.gateway.currency.CurrencySlice.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * {@code POST /api/v1/wallets/{wallet}/recovery}: a central bank moves a frozen wallet's notes to a successor, or takes
 * its currency back from a wallet of a state that left.
 */
@WebMvcTest({CurrencyController.class, WalletController.class, PaymentController.class, QuoteController.class})
@Import(CurrencySlice.class)
class RecoveryControllerTest {

    private static final String FROZEN = "CNMSP/business-1";
    private static final String SUCCESSOR = "CNMSP/business-2";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    FakeCurrencyChaincode chaincode;

    @BeforeEach
    void freshLedger() {
        ledger.reset();
        chaincode = new FakeCurrencyChaincode(ledger).currency("CNY", 2, "CNMSP");
        chaincode.openWallet(SUCCESSOR);
    }

    private ResultActions recover(String apiKey, String wallet, String body) throws Exception {
        return mvc.perform(as(apiKey, post("/api/v1/wallets/" + wallet + "/recovery")
                .contentType(MediaType.APPLICATION_JSON).content(body)));
    }

    private static String body(String paymentId, String successor) {
        return "{\"paymentId\":\"" + paymentId + "\",\"currency\":\"CNY\",\"successor\":\"" + successor
                + "\",\"reason\":\"identity revoked\"}";
    }

    private long recoverCalls() {
        return ledger.calls().stream().filter(call -> call.transaction().equals("currency:recover")).count();
    }

    @Test
    void moves_every_note_a_hundred_per_transaction_and_a_retry_lists_the_same_transactions() throws Exception {
        for (int i = 0; i < 250; i++) {
            chaincode.give(FROZEN, "CNY", 2);
        }
        chaincode.freeze(FROZEN);

        String first = recover(CENTRAL_BANK, FROZEN, body("r-1", SUCCESSOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.moved").value("5.00"))
                .andExpect(jsonPath("$.notes").value(250))
                .andExpect(jsonPath("$.complete").value(true))
                .andExpect(jsonPath("$.payments[*].paymentId")
                        .value(org.hamcrest.Matchers.contains("r-1", "r-1:2", "r-1:3")))
                .andExpect(jsonPath("$.payments[0].kind").value("recovery"))
                .andExpect(jsonPath("$.payments[0].authority").value("CNMSP"))
                .andExpect(jsonPath("$.payments[0].reason").value("identity revoked"))
                .andExpect(jsonPath("$.payments[2].inputs.length()").value(50))
                .andReturn().getResponse().getContentAsString();

        assertThat(chaincode.balanceOf(FROZEN, "CNY")).isZero();
        assertThat(chaincode.balanceOf(SUCCESSOR, "CNY")).isEqualTo(500);
        assertThat(chaincode.notesOf(SUCCESSOR, "CNY")).hasSize(3);
        assertThat(recoverCalls()).isEqualTo(3);
        String retry = recover(CENTRAL_BANK, FROZEN, body("r-1", SUCCESSOR))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(retry).isEqualTo(first);
        assertThat(recoverCalls()).isEqualTo(3);
    }

    @Test
    void stops_after_twenty_transactions_and_the_same_request_moves_the_rest() throws Exception {
        for (int i = 0; i < 2_050; i++) {
            chaincode.give(FROZEN, "CNY", 1);
        }
        chaincode.freeze(FROZEN);

        recover(CENTRAL_BANK, FROZEN, body("r-big", SUCCESSOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.payments.length()").value(20))
                .andExpect(jsonPath("$.notes").value(2_000))
                .andExpect(jsonPath("$.complete").value(false));
        recover(CENTRAL_BANK, FROZEN, body("r-big", SUCCESSOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.payments.length()").value(21))
                .andExpect(jsonPath("$.payments[20].paymentId").value("r-big:21"))
                .andExpect(jsonPath("$.moved").value("20.50"))
                .andExpect(jsonPath("$.complete").value(true));

        assertThat(chaincode.balanceOf(SUCCESSOR, "CNY")).isEqualTo(2_050);
        assertThat(recoverCalls()).isEqualTo(21);
    }

    @Test
    void refuses_a_wallet_that_is_not_frozen_and_submits_nothing() throws Exception {
        chaincode.give(FROZEN, "CNY", 100);

        recover(CENTRAL_BANK, FROZEN, body("r-1", SUCCESSOR))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("WALLET_NOT_FROZEN"));
        recover(CENTRAL_BANK, FROZEN, body("r-1", "CNMSP/ghost"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("WALLET_NOT_FOUND"));

        assertThat(recoverCalls()).isZero();
        assertThat(chaincode.balanceOf(FROZEN, "CNY")).isEqualTo(100);
    }

    @Test
    void is_for_the_central_bank_of_both_wallets_state_or_of_the_currency_only() throws Exception {
        chaincode.give(FROZEN, "CNY", 100);
        chaincode.freeze(FROZEN);

        recover(BUSINESS_1, FROZEN, body("r-1", SUCCESSOR))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        recover(CENTRAL_BANK, FROZEN, body("r-1", "MYMSP/business-9"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NOT_JURISDICTION"));
        chaincode.currency("RWF", 0, "RWMSP");
        recover(CENTRAL_BANK, "RWMSP/business-1", body("r-1", SUCCESSOR).replace("CNY", "RWF"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NOT_JURISDICTION"));
        recover(CENTRAL_BANK, FROZEN, body("r-1", FROZEN))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_ARGUMENT"));

        assertThat(recoverCalls()).isZero();
    }

    @Test
    void lets_the_issuer_take_its_currency_back_from_a_wallet_of_a_state_that_left() throws Exception {
        String departed = "MYMSP/business-1";
        chaincode.currency("MYR", 2, "MYMSP");
        chaincode.give(departed, "CNY", 150);
        chaincode.give(departed, "CNY", 100);
        chaincode.give(departed, "MYR", 70);

        recover(CENTRAL_BANK, departed, body("r-1", SUCCESSOR))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NOT_JURISDICTION"));
        chaincode.leaveChannel("MYMSP");
        recover(CENTRAL_BANK, departed, body("r-2", SUCCESSOR).replace("CNY", "MYR"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NOT_JURISDICTION"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("only the issuer of MYR")));
        long refusedByTheLedger = recoverCalls();

        recover(CENTRAL_BANK, departed, body("r-3", SUCCESSOR))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.moved").value("2.50"))
                .andExpect(jsonPath("$.notes").value(2))
                .andExpect(jsonPath("$.complete").value(true))
                .andExpect(jsonPath("$.payments[0].authority").value("CNMSP"));

        assertThat(refusedByTheLedger).isEqualTo(1);
        assertThat(chaincode.balanceOf(departed, "CNY")).isZero();
        assertThat(chaincode.balanceOf(departed, "MYR")).isEqualTo(70);
        assertThat(chaincode.balanceOf(SUCCESSOR, "CNY")).isEqualTo(250);
    }

    @Test
    void refuses_malformed_requests_and_a_payment_id_used_by_a_payment() throws Exception {
        String note = chaincode.give(FROZEN, "CNY", 100);
        chaincode.commitPayment(FROZEN, "p-used", "CNY", java.util.List.of(note),
                java.util.List.of(java.util.Map.entry(FROZEN, 100L)), "tx-paid");
        chaincode.freeze(FROZEN);

        recover(CENTRAL_BANK, FROZEN, body("x".repeat(121), SUCCESSOR))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("paymentId"));
        recover(CENTRAL_BANK, FROZEN, body("r-1", SUCCESSOR).replace("identity revoked", " "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        recover(CENTRAL_BANK, FROZEN, body("r-1", SUCCESSOR).replace("CNY", "XXX"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("UNKNOWN_CURRENCY"));
        recover(CENTRAL_BANK, FROZEN, body("p-used", SUCCESSOR))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("PAYMENT_ID_REUSED"));

        assertThat(recoverCalls()).isZero();
        assertThat(chaincode.balanceOf(FROZEN, "CNY")).isEqualTo(100);
    }
}
