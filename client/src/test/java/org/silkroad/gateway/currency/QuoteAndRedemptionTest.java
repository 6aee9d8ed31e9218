package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.gateway.currency.CurrencySlice.BANK;
import static org.silkroad.gateway.currency.CurrencySlice.BUSINESS_1;
import static org.silkroad.gateway.currency.CurrencySlice.CENTRAL_BANK;
import static org.silkroad.gateway.currency.CurrencySlice.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

@WebMvcTest({CurrencyController.class, WalletController.class, PaymentController.class, QuoteController.class})
@Import(CurrencySlice.class)
class QuoteAndRedemptionTest {

    static final String BANK_WALLET = "CNMSP/bank";
    static final String CENTRAL = "CNMSP/central-bank";
    static final String PAYER = "CNMSP/business-1";
    static final String MERCHANT = "CNMSP/business-2";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    @Autowired
    NoteLocks locks;

    @Autowired
    MutableClock clock;

    FakeCurrencyChaincode chaincode;

    @BeforeEach
    void freshLedger() {
        // Note IDs start again with each fake ledger: let the lock table forget earlier tests' spent notes.
        clock.advance(Duration.ofHours(1));
        ledger.reset();
        chaincode = new FakeCurrencyChaincode(ledger).currency("CNY", 2, "CNMSP").currency("MYR", 2, "MYMSP");
        chaincode.openWallet(BANK_WALLET).openWallet(CENTRAL).openWallet(PAYER).openWallet(MERCHANT);
    }

    static MockHttpServletRequestBuilder json(String apiKey, MockHttpServletRequestBuilder request, String body) {
        return as(apiKey, request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    static String quote(String quoteId, String rate, String maxBase, String reserve) {
        return """
                {"quoteId":"%s","baseCurrency":"CNY","quoteCurrency":"MYR","rate":"%s","maxBase":"%s",\
                "reserve":"%s","expiresAt":"2027-01-01T00:00:00Z"}""".formatted(quoteId, rate, maxBase, reserve);
    }

    long submits(String transaction) {
        return ledger.calls().stream().filter(c -> c.transaction().equals("currency:" + transaction)).count();
    }

    @Nested
    class Quotes {

        @Test
        void funds_the_reserve_exactly_by_splitting_the_banks_notes_first() throws Exception {
            chaincode.give(BANK_WALLET, "MYR", 100_000);

            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-1", "0.65", "10000.00", "650.00")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.quoteId").value("q-1"))
                    .andExpect(jsonPath("$.rate").value("0.65"))
                    .andExpect(jsonPath("$.rateNumerator").value(13))
                    .andExpect(jsonPath("$.rateDenominator").value(20))
                    .andExpect(jsonPath("$.maxBase").value("10000.00"))
                    .andExpect(jsonPath("$.reserve").value("650.00"))
                    .andExpect(jsonPath("$.funding[0]").value("tx0001:0"));

            JsonNode split = chaincode.spends.get(0);
            assertThat(split.path("paymentId").asString()).isEqualTo("split:quote:q-1");
            assertThat(split.path("outputs").get(0).path("amount").asLong()).isEqualTo(65_000);
            assertThat(split.path("outputs").get(1).path("amount").asLong()).isEqualTo(35_000);
            assertThat(chaincode.balanceOf(BANK_WALLET, "MYR")).isEqualTo(35_000);
            assertThat(locks.size()).isZero();
            assertThat(locks.isRetired("tx0001:0")).isTrue();
        }

        @Test
        void notes_that_add_up_exactly_fund_it_without_a_split() throws Exception {
            String note = chaincode.give(BANK_WALLET, "MYR", 65_000);
            chaincode.give(BANK_WALLET, "MYR", 100_000);

            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-2", "0.65", "10000.00", "650.00")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.funding[0]").value(note));

            assertThat(submits("pay")).isZero();
        }

        @Test
        void a_retry_returns_the_quote_and_another_quote_under_the_id_is_409() throws Exception {
            chaincode.give(BANK_WALLET, "MYR", 100_000);
            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-3", "0.65", "10000.00", "650.00")))
                    .andExpect(status().isOk());

            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-3", "0.65", "10000.00", "650.00")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.reserve").value("650.00"));
            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-3", "0.66", "10000.00", "650.00")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("CONFLICT"));

            assertThat(submits("publishQuote")).isEqualTo(1);
            assertThat(chaincode.balanceOf(BANK_WALLET, "MYR")).isEqualTo(35_000);
        }

        @Test
        void bad_terms_are_refused_before_anything_is_spent() throws Exception {
            chaincode.give(BANK_WALLET, "MYR", 100_000);

            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-4", "zero", "10000.00", "650.00")))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("INVALID_RATE"));
            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-4", "0.65", "10000.001", "650.00")))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("AMOUNT_PRECISION"))
                    .andExpect(jsonPath("$.field").value("maxBase"));
            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-4", "0.65", "10000.00", "0")))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("AMOUNT_NOT_POSITIVE"));
            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-4", "0.65", "10000.00", "650.00")
                            .replace("2027-01-01T00:00:00Z", "2026-01-01T00:00:00Z")))
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("expiresAt"));
            mvc.perform(json(BUSINESS_1, post("/api/v1/quotes"), quote("q-4", "0.65", "10000.00", "650.00")))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("FORBIDDEN"));
            mvc.perform(json(BANK, post("/api/v1/quotes"), quote("q-4", "0.65", "10000.00", "2000.00")))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("INSUFFICIENT_FUNDS"));

            assertThat(chaincode.spends).isEmpty();
            assertThat(chaincode.balanceOf(BANK_WALLET, "MYR")).isEqualTo(100_000);
        }

        @Test
        void a_cross_border_payment_pays_base_currency_to_the_bank_and_quote_currency_to_the_payee() throws Exception {
            chaincode.putQuote("q-x", BANK_WALLET, "CNY", "MYR", 13, 20, 1_000_000, 100_000,
                    "2027-01-01T00:00:00Z");
            chaincode.give(PAYER, "CNY", 5_000);

            mvc.perform(json(BUSINESS_1, post("/api/v1/cross-border-payments"), """
                            {"paymentId":"xb-1","quoteId":"q-x","payee":"%s","amount":"12.34"}""".formatted(MERCHANT)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.kind").value("cross-border"))
                    .andExpect(jsonPath("$.baseAmount").value("12.34"))
                    .andExpect(jsonPath("$.quoteAmount").value("8.02"))
                    .andExpect(jsonPath("$.outputs[1].currency").value("MYR"))
                    .andExpect(jsonPath("$.outputs[1].amount").value("8.02"))
                    .andExpect(jsonPath("$.outputs[2].amount").value("37.66"));

            assertThat(chaincode.balanceOf(MERCHANT, "MYR")).isEqualTo(802);
            assertThat(chaincode.balanceOf(PAYER, "CNY")).isEqualTo(3_766);

            // The retry answers the same payment and moves nothing.
            mvc.perform(json(BUSINESS_1, post("/api/v1/cross-border-payments"), """
                            {"paymentId":"xb-1","quoteId":"q-x","payee":"%s","amount":"12.34"}""".formatted(MERCHANT)))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.txId").value("tx0001"));
            assertThat(chaincode.balanceOf(MERCHANT, "MYR")).isEqualTo(802);
            assertThat(chaincode.balanceOf(PAYER, "CNY")).isEqualTo(3_766);
            assertThat(submits("crossBorderPay")).isEqualTo(2);
            assertThat(chaincode.refusals("PAYMENT_ID_REUSED")).isEqualTo(1);
        }

        @Test
        void an_expired_quote_is_422_and_the_payers_notes_are_free_again() throws Exception {
            chaincode.putQuote("q-old", BANK_WALLET, "CNY", "MYR", 13, 20, 1_000_000, 100_000,
                    "2026-01-01T00:00:00Z");
            chaincode.give(PAYER, "CNY", 5_000);

            mvc.perform(json(BUSINESS_1, post("/api/v1/cross-border-payments"), """
                            {"paymentId":"xb-2","quoteId":"q-old","payee":"%s","amount":"1.00"}""".formatted(MERCHANT)))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("QUOTE_EXPIRED"));

            assertThat(chaincode.balanceOf(PAYER, "CNY")).isEqualTo(5_000);
            assertThat(locks.size()).isZero();
        }

        @Test
        void an_unknown_quote_is_404() throws Exception {
            mvc.perform(json(BUSINESS_1, post("/api/v1/cross-border-payments"), """
                            {"paymentId":"xb-3","quoteId":"q-none","payee":"%s","amount":"1.00"}""".formatted(MERCHANT)))
                    .andExpect(status().isNotFound());
            mvc.perform(as(BUSINESS_1, get("/api/v1/quotes/q-none"))).andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.code").value("NOT_FOUND"));
        }
    }

    @Nested
    class Redemptions {

        static final String REDEEM = "{\"requestId\":\"%s\",\"amount\":\"%s\"}";

        @Test
        void redeems_an_amount_by_splitting_first_and_a_retry_returns_the_first_redemption() throws Exception {
            chaincode.give(CENTRAL, "CNY", 100_000);

            mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies/CNY/redemptions"), REDEEM.formatted("r-1", "250.00")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.amount").value("250.00"))
                    .andExpect(jsonPath("$.notes[0]").value("tx0001:0"))
                    .andExpect(jsonPath("$.splitPaymentId").value("split:redeem:CNMSP:r-1"));
            assertThat(chaincode.balanceOf(CENTRAL, "CNY")).isEqualTo(75_000);

            mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies/CNY/redemptions"), REDEEM.formatted("r-1", "250.00")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.txId").value("tx0002"));

            assertThat(submits("pay")).isEqualTo(1);
            assertThat(chaincode.balanceOf(CENTRAL, "CNY")).isEqualTo(75_000);
            assertThat(locks.size()).isZero();
        }

        @Test
        void splits_even_an_exact_note_so_that_a_retry_can_find_what_it_redeemed() throws Exception {
            chaincode.give(CENTRAL, "CNY", 25_000);

            mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies/CNY/redemptions"), REDEEM.formatted("r-2", "250")))
                    .andExpect(status().isOk());

            assertThat(submits("pay")).isEqualTo(1);
            assertThat(chaincode.spends.get(0).path("outputs")).hasSize(1);
        }

        @Test
        void another_states_central_bank_or_a_business_is_403_not_issuer_and_nothing_moves() throws Exception {
            chaincode.give(CENTRAL, "MYR", 25_000);
            chaincode.give(PAYER, "CNY", 25_000);

            mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies/MYR/redemptions"), REDEEM.formatted("r-3", "1")))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("NOT_ISSUER"));
            mvc.perform(json(BUSINESS_1, post("/api/v1/currencies/CNY/redemptions"), REDEEM.formatted("r-3", "1")))
                    .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("NOT_ISSUER"));

            assertThat(chaincode.spends).isEmpty();
        }

        @Test
        void more_than_the_central_bank_holds_is_422_insufficient_funds() throws Exception {
            chaincode.give(CENTRAL, "CNY", 100);

            mvc.perform(json(CENTRAL_BANK, post("/api/v1/currencies/CNY/redemptions"), REDEEM.formatted("r-4", "2")))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("INSUFFICIENT_FUNDS"));
        }
    }
}
