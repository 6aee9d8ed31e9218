package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.gateway.currency.CurrencySlice.BUSINESS_1;
import static org.silkroad.gateway.currency.CurrencySlice.BUSINESS_2;
import static org.silkroad.gateway.currency.CurrencySlice.CENTRAL_BANK;
import static org.silkroad.gateway.currency.CurrencySlice.REGULATOR;
import static org.silkroad.gateway.currency.CurrencySlice.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@WebMvcTest({CurrencyController.class, WalletController.class, PaymentController.class, QuoteController.class})
@Import(CurrencySlice.class)
class PaymentStreamTest {

    static final String STREAM = "/api/v1/wallets/CNMSP/business-1/payments/stream";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    @BeforeEach
    void events() {
        ledger.reset();
        new FakeCurrencyChaincode(ledger).currency("CNY", 2, "CNMSP").currency("MYR", 2, "MYMSP");
        emit(7, "txa", "currency.Payment", payment("p-a", "CNMSP/business-1", "CNMSP/business-2", 1234));
        emit(7, "txb", "currency.Payment", payment("p-b", "CNMSP/business-2", "CNMSP/business-1", 50));
        emit(8, "txc", "currency.Payment", payment("p-c", "CNMSP/business-2", "CNMSP/bank", 99));
        emit(8, "txd", "system.Pinged", "{}");
        emit(9, "txe", "currency.Payment", payment("p-e", "CNMSP/bank", "CNMSP/business-1", 1));
    }

    void emit(long block, String txId, String name, String payload) {
        ledger.emit(new Ledger.ChaincodeEvent(block, txId, name, payload.getBytes(StandardCharsets.UTF_8)));
    }

    static String payment(String paymentId, String payer, String payee, long amount) {
        return """
                {"paymentId":"%s","kind":"payment","currency":"CNY","payer":"%s","outputs":[\
                {"wallet":"%s","currency":"CNY","amount":%d,"noteId":"n:0"}],"txId":"x","timestamp":"t"}"""
                .formatted(paymentId, payer, payee, amount);
    }

    record Event(String id, String name, JsonNode data) {
    }

    List<Event> stream(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult started = mvc.perform(request).andExpect(request().asyncStarted()).andReturn();
        started.getAsyncResult(10_000);
        mvc.perform(asyncDispatch(started)).andExpect(status().isOk());
        return parse(started.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    static List<Event> parse(String text) {
        List<Event> events = new ArrayList<>();
        for (String block : text.split("\n\n")) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("id:")) {
                    id = line.substring(3);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6);
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
            if (name != null) {
                events.add(new Event(id, name, JSON.readTree(data.toString())));
            }
        }
        return events;
    }

    @Test
    void streams_the_wallets_payments_from_a_block_with_block_and_transaction_as_event_id() throws Exception {
        List<Event> events = stream(as(BUSINESS_1, get(STREAM).param("fromBlock", "0")));

        assertThat(events).extracting(Event::id).containsExactly("7:txa", "7:txb", "9:txe");
        assertThat(events).extracting(Event::name).containsOnly("payment");
        JsonNode first = events.get(0).data();
        assertThat(first.path("paymentId").asString()).isEqualTo("p-a");
        assertThat(first.path("blockNumber").asLong()).isEqualTo(7);
        assertThat(first.path("outputs").get(0).path("amount").asString()).isEqualTo("12.34");
        assertThat(ledger.subscriptions()).singleElement().satisfies(subscription -> {
            assertThat(subscription.as().name()).isEqualTo("business-1");
            assertThat(subscription.from()).isEqualTo(Ledger.EventPosition.fromBlock(0));
        });
    }

    @Test
    void resumes_after_the_last_event_id() throws Exception {
        List<Event> events = stream(as(BUSINESS_1, get(STREAM).param("fromBlock", "0")
                .header("Last-Event-ID", "7:txa")));

        assertThat(events).extracting(Event::id).containsExactly("7:txb", "9:txe");
        assertThat(ledger.subscriptions().get(0).from()).isEqualTo(Ledger.EventPosition.after(7, "txa"));
    }

    @Test
    void without_a_position_starts_at_the_next_block() throws Exception {
        stream(as(BUSINESS_1, get(STREAM)));

        assertThat(ledger.subscriptions().get(0).from()).isEqualTo(Ledger.EventPosition.nextCommit());
    }

    @Test
    void the_central_bank_and_regulator_of_the_wallets_state_may_stream_it() throws Exception {
        assertThat(stream(as(CENTRAL_BANK, get(STREAM).param("fromBlock", "0")))).hasSize(3);
        assertThat(stream(as(REGULATOR, get(STREAM).param("fromBlock", "0")))).hasSize(3);
        assertThat(ledger.subscriptions()).extracting(s -> s.as().name()).containsExactly("central-bank", "regulator");
    }

    @Test
    void another_business_may_not_stream_the_wallet() throws Exception {
        mvc.perform(as(BUSINESS_2, get(STREAM).param("fromBlock", "0").accept("text/event-stream")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));

        assertThat(ledger.subscriptions()).isEmpty();
    }

    @Test
    void the_central_bank_of_another_state_may_not_either() throws Exception {
        mvc.perform(as(CENTRAL_BANK, get("/api/v1/wallets/MYMSP/business-1/payments/stream")))
                .andExpect(status().isForbidden());
    }

    @Test
    void a_malformed_last_event_id_is_400() throws Exception {
        mvc.perform(as(BUSINESS_1, get(STREAM).header("Last-Event-ID", "seven")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        mvc.perform(as(BUSINESS_1, get(STREAM).param("fromBlock", "-1")))
                .andExpect(status().isBadRequest());
    }

    @Test
    void the_history_is_paged_with_the_ledgers_bookmark_for_the_same_callers_as_the_stream() throws Exception {
        ledger.on("currency:history", call -> {
            assertThat(call.arguments().get(0)).isEqualTo("{\"wallet\":\"CNMSP/business-1\",\"limit\":2}");
            return "{\"payments\":[" + payment("p-a", "CNMSP/business-1", "CNMSP/business-2", 1234) + ","
                    + payment("p-b", "CNMSP/business-2", "CNMSP/business-1", 50) + "],\"bookmark\":\"bm-1\"}";
        });

        mvc.perform(as(BUSINESS_1, get("/api/v1/wallets/CNMSP/business-1/payments").param("limit", "2")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.payments[0].paymentId").value("p-a"))
                .andExpect(jsonPath("$.payments[0].outputs[0].amount").value("12.34"))
                .andExpect(jsonPath("$.bookmark").value("bm-1"));
        mvc.perform(as(BUSINESS_2, get("/api/v1/wallets/CNMSP/business-1/payments")))
                .andExpect(status().isForbidden());
        mvc.perform(as(BUSINESS_1, get("/api/v1/wallets/CNMSP/business-1/payments").param("limit", "0")))
                .andExpect(status().isBadRequest());
    }

    @Test
    void a_ledger_failure_ends_the_stream_with_an_error_event() throws Exception {
        ledger.failEventsWith(new LedgerException(LedgerException.Kind.UNAVAILABLE, null, "UNAVAILABLE", null, null));

        List<Event> events = stream(as(BUSINESS_1, get(STREAM).param("fromBlock", "0")));

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.name()).isEqualTo("error");
            assertThat(event.data().path("code").asString()).isEqualTo("LEDGER_UNAVAILABLE");
            assertThat(event.data().path("retryable").asBoolean()).isTrue();
        });
    }
}
