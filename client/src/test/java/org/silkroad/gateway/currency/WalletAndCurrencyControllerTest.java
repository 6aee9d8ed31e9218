package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.gateway.currency.CurrencySlice.BUSINESS_1;
import static org.silkroad.gateway.currency.CurrencySlice.CENTRAL_BANK;
import static org.silkroad.gateway.currency.CurrencySlice.REGULATOR;
import static org.silkroad.gateway.currency.CurrencySlice.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
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

@WebMvcTest({CurrencyController.class, WalletController.class, PaymentController.class, QuoteController.class})
@Import(CurrencySlice.class)
class WalletAndCurrencyControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    FakeCurrencyChaincode chaincode;

    @BeforeEach
    void freshLedger() {
        ledger.reset();
        chaincode = new FakeCurrencyChaincode(ledger).currency("CNY", 2, "CNMSP").currency("RWF", 0, "RWMSP");
    }

    static MockHttpServletRequestBuilder json(String apiKey, MockHttpServletRequestBuilder request, String body) {
        return as(apiKey, request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void registers_and_lists_currencies() throws Exception {
        mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies"), "{\"code\":\"XCN\",\"decimals\":2}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.code").value("XCN"))
                .andExpect(jsonPath("$.issuerMspId").value("CNMSP"));
        mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies"), "{\"code\":\"XCN\",\"decimals\":3}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("CURRENCY_EXISTS"));
        mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies"), "{\"code\":\"xcn\",\"decimals\":9}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2));

        mvc.perform(as(BUSINESS_1, get("/api/v1/currencies")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.currencies[*].code").value(org.hamcrest.Matchers.contains("CNY", "RWF", "XCN")));
        mvc.perform(as(BUSINESS_1, get("/api/v1/currencies/RWF")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.decimals").value(0));
        mvc.perform(as(BUSINESS_1, get("/api/v1/currencies/ABC")))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("UNKNOWN_CURRENCY"));
    }

    @Test
    void issues_an_amount_in_major_units_as_minor_units() throws Exception {
        chaincode.openWallet("CNMSP/business-1");

        mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies/CNY/issuances"),
                        "{\"requestId\":\"i-1\",\"wallet\":\"CNMSP/business-1\",\"amount\":\"1000.50\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.amount").value("1000.50"))
                .andExpect(jsonPath("$.noteId").value("tx0001:0"));

        assertThat(chaincode.balanceOf("CNMSP/business-1", "CNY")).isEqualTo(100_050);
        assertThat(ledger.calls().get(ledger.calls().size() - 1).arguments().get(0))
                .isEqualTo("{\"requestId\":\"i-1\",\"currency\":\"CNY\",\"wallet\":\"CNMSP/business-1\",\"amount\":100050}");
    }

    @Test
    void issuing_a_currency_of_another_state_is_403_not_issuer() throws Exception {
        chaincode.openWallet("CNMSP/business-1");

        mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies/RWF/issuances"),
                        "{\"requestId\":\"i-2\",\"wallet\":\"CNMSP/business-1\",\"amount\":\"10\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NOT_ISSUER"));
    }

    @Test
    void opens_the_callers_own_wallet_and_renders_its_balance_per_currency() throws Exception {
        mvc.perform(as(BUSINESS_1, put("/api/v1/wallets/me")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.walletId").value("CNMSP/business-1"))
                .andExpect(jsonPath("$.frozen").value(false));
        chaincode.give("CNMSP/business-1", "CNY", 1234);
        chaincode.give("CNMSP/business-1", "RWF", 500);

        mvc.perform(as(REGULATOR, get("/api/v1/wallets/CNMSP/business-1/balance")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.balances.CNY").value("12.34"))
                .andExpect(jsonPath("$.balances.RWF").value("500"));
        mvc.perform(as(BUSINESS_1, get("/api/v1/wallets/me/balance")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.wallet").value("CNMSP/business-1"));
        mvc.perform(as(BUSINESS_1, get("/api/v1/wallets/CNMSP/nobody")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("WALLET_NOT_FOUND"));
        mvc.perform(as(BUSINESS_1, get("/api/v1/wallets/cn/business-1")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
    }

    @Test
    void a_wallet_id_with_an_encoded_slash_is_not_taken() throws Exception {
        mvc.perform(as(BUSINESS_1, get("/api/v1/wallets/CNMSP%2Fbusiness-1/balance")))
                .andExpect(result -> assertThat(result.getResponse().getStatus()).isBetween(400, 404));
    }

    @Test
    void freezes_a_wallet_with_a_reason() throws Exception {
        chaincode.openWallet("CNMSP/business-1");

        mvc.perform(json(CENTRAL_BANK, put("/api/v1/wallets/CNMSP/business-1/freeze"), "{\"reason\":\"court order 7\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.frozen").value(true))
                .andExpect(jsonPath("$.frozenReason").value("court order 7"));
        mvc.perform(json(CENTRAL_BANK, put("/api/v1/wallets/CNMSP/business-1/freeze"), "{\"reason\":\"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
    }

    @Test
    void tier_limits_are_sent_in_minor_units_and_rendered_back_in_major_units() throws Exception {
        ledger.on("currency:setTier", call -> {
            assertThat(call.arguments().get(0)).isEqualTo(
                    "{\"tier\":\"basic\",\"limits\":{\"CNY\":{\"perPayment\":50000,\"daily\":200000},\"RWF\":{\"daily\":9000}}}");
            return "{\"mspId\":\"CNMSP\",\"tier\":\"basic\",\"limits\":{\"CNY\":{\"perPayment\":50000,\"daily\":200000},"
                    + "\"RWF\":{\"daily\":9000}},\"updatedAt\":\"t\",\"updatedTx\":\"" + call.transactionId() + "\"}";
        });

        mvc.perform(json(CENTRAL_BANK, put("/api/v1/tiers/basic"),
                        "{\"limits\":{\"CNY\":{\"perPayment\":\"500\",\"daily\":\"2000.00\"},\"RWF\":{\"daily\":\"9000\"}}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.limits.CNY.perPayment").value("500.00"))
                .andExpect(jsonPath("$.limits.RWF.daily").value("9000"))
                .andExpect(jsonPath("$.limits.RWF.perPayment").doesNotExist());
        mvc.perform(json(CENTRAL_BANK, put("/api/v1/tiers/basic"), "{\"limits\":{\"CNY\":{\"perPayment\":\"0.001\"}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("AMOUNT_PRECISION"))
                .andExpect(jsonPath("$.field").value("limits.CNY.perPayment"));
        mvc.perform(json(CENTRAL_BANK, put("/api/v1/tiers/basic"), "{\"limits\":{\"CNY\":{}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("INVALID_ARGUMENT"));
    }

    @Test
    void device_caps_are_amounts_of_their_currency() throws Exception {
        ledger.on("currency:registerDevice", call -> {
            assertThat(call.arguments().get(0)).isEqualTo("{\"deviceId\":\"pos-7\",\"caps\":{\"CNY\":5000}}");
            return "{\"walletId\":\"CNMSP/pos-7\",\"mspId\":\"CNMSP\",\"kind\":\"device\",\"tier\":\"default\","
                    + "\"frozen\":false,\"owner\":\"CNMSP/business-1\",\"perPaymentCap\":{\"CNY\":5000}}";
        });

        mvc.perform(json(BUSINESS_1, put("/api/v1/devices/pos-7"), "{\"caps\":{\"CNY\":\"50\"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.kind").value("device"))
                .andExpect(jsonPath("$.perPaymentCap.CNY").value("50.00"));
    }

    @Test
    void audit_renders_every_sum_in_major_units() throws Exception {
        ledger.on("currency:audit", call -> "{\"currency\":\"CNY\",\"issued\":100000,\"redeemed\":2500,"
                + "\"outstanding\":97500,\"unspentNotes\":90000,\"quoteReserves\":7500,\"escrowed\":0,"
                + "\"balanced\":true,\"noteCount\":12}");

        mvc.perform(as(REGULATOR, get("/api/v1/currencies/CNY/audit")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.issued").value("1000.00"))
                .andExpect(jsonPath("$.quoteReserves").value("75.00"))
                .andExpect(jsonPath("$.balanced").value(true))
                .andExpect(jsonPath("$.noteCount").value(12));
    }

    @Test
    void holders_lists_a_states_wallets_in_major_units_and_checks_the_state() throws Exception {
        ledger.on("currency:holders", call -> "{\"currency\":\"CNY\",\"mspId\":\"MYMSP\",\"wallets\":["
                + "{\"wallet\":\"MYMSP/bob\",\"amount\":50050,\"notes\":2}],\"amount\":50050,\"notes\":2}");

        mvc.perform(as(REGULATOR, get("/api/v1/currencies/CNY/holders").param("state", "MYMSP")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("MYMSP"))
                .andExpect(jsonPath("$.wallets[0].wallet").value("MYMSP/bob"))
                .andExpect(jsonPath("$.wallets[0].amount").value("500.50"))
                .andExpect(jsonPath("$.amount").value("500.50"))
                .andExpect(jsonPath("$.notes").value(2));
        assertThat(ledger.calls()).last().satisfies(call -> assertThat(call.arguments())
                .containsExactly("{\"currency\":\"CNY\",\"mspId\":\"MYMSP\"}"));
        long calls = ledger.calls().size();
        for (String bad : List.of("?state=mymsp", "?state=MYMSP%2F1")) {
            mvc.perform(as(REGULATOR, get("/api/v1/currencies/CNY/holders" + bad)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                    .andExpect(jsonPath("$.errors[0].field").value("state"));
        }
        mvc.perform(as(REGULATOR, get("/api/v1/currencies/CNY/holders")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("state"))
                .andExpect(jsonPath("$.errors[0].message").value("is required"));
        assertThat(ledger.calls()).hasSize((int) calls);
    }

    @Test
    void a_ledger_result_that_is_not_the_expected_json_is_502() throws Exception {
        ledger.on("currency:getCurrency", call -> "[1,2]");

        mvc.perform(as(BUSINESS_1, get("/api/v1/currencies/ZZZ")))
                .andExpect(status().isBadGateway())
                .andExpect(jsonPath("$.code").value("LEDGER_BAD_RESPONSE"));
    }

    @Test
    void the_ledger_being_down_is_503_for_reads_too() throws Exception {
        ledger.on("currency:getCurrency", call -> {
            throw new LedgerException(LedgerException.Kind.UNAVAILABLE, null, "UNAVAILABLE", null, null);
        });

        mvc.perform(as(BUSINESS_1, get("/api/v1/currencies/ZZZ")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.code").value("LEDGER_UNAVAILABLE"));
    }
}
