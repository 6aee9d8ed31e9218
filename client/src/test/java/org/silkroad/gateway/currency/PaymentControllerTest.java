package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.gateway.currency.CurrencySlice.BUSINESS_1;
import static org.silkroad.gateway.currency.CurrencySlice.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.IdentityDirectory;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

@WebMvcTest({CurrencyController.class, WalletController.class, PaymentController.class, QuoteController.class})
@Import(CurrencySlice.class)
class PaymentControllerTest {

    static final String PAYER = "CNMSP/business-1";
    static final String PAYEE = "CNMSP/business-2";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    @Autowired
    NoteLocks locks;

    @Autowired
    PaymentService payments;

    @Autowired
    IdentityDirectory identities;

    FakeCurrencyChaincode chaincode;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void freshLedger() {
        // Note IDs start again with each fake ledger: let the lock table forget earlier tests' spent notes.
        clock.advance(Duration.ofHours(1));
        ledger.reset();
        chaincode = new FakeCurrencyChaincode(ledger).currency("CNY", 2, "CNMSP");
        chaincode.openWallet(PAYER).openWallet(PAYEE);
        assertThat(locks.size()).as("notes left held by an earlier test").isZero();
    }

    static MockHttpServletRequestBuilder pay(String paymentId, String amount) {
        return pay("{\"paymentId\":\"%s\",\"currency\":\"CNY\",\"payee\":\"%s\",\"amount\":\"%s\"}"
                .formatted(paymentId, PAYEE, amount));
    }

    static MockHttpServletRequestBuilder pay(String body) {
        return as(BUSINESS_1, post("/api/v1/payments").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    long pays() {
        return ledger.calls().stream().filter(call -> call.transaction().equals("currency:pay")).count();
    }

    @Test
    void pays_with_the_smallest_sufficient_note_and_returns_change_to_the_payer() throws Exception {
        chaincode.give(PAYER, "CNY", 5000);
        String fit = chaincode.give(PAYER, "CNY", 2000);
        chaincode.give(PAYER, "CNY", 500);

        mvc.perform(pay("p-1", "12.34"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paymentId").value("p-1"))
                .andExpect(jsonPath("$.kind").value("payment"))
                .andExpect(jsonPath("$.payer").value(PAYER))
                .andExpect(jsonPath("$.inputs[0]").value(fit))
                .andExpect(jsonPath("$.outputs[0].wallet").value(PAYEE))
                .andExpect(jsonPath("$.outputs[0].amount").value("12.34"))
                .andExpect(jsonPath("$.outputs[1].wallet").value(PAYER))
                .andExpect(jsonPath("$.outputs[1].amount").value("7.66"))
                .andExpect(jsonPath("$.outputs[1].noteId").value("tx0001:1"));

        assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(1234);
        assertThat(chaincode.balanceOf(PAYER, "CNY")).isEqualTo(5000 + 766 + 500);
        FakeLedger.Call submitted = ledger.calls().stream().filter(c -> c.mode().equals("submit")).findFirst()
                .orElseThrow();
        assertThat(submitted.as().name()).isEqualTo("business-1");
        assertThat(locks.size()).isZero();
    }

    @Test
    void an_exact_note_makes_no_change_output() throws Exception {
        chaincode.give(PAYER, "CNY", 1234);

        mvc.perform(pay("p-exact", "12.34"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs.length()").value(1));
    }

    @ParameterizedTest
    @CsvSource({"0, AMOUNT_NOT_POSITIVE", "-5.00, AMOUNT_NOT_POSITIVE", "1.234, AMOUNT_PRECISION",
            "12abc, INVALID_AMOUNT", "92233720368547758.08, AMOUNT_OVERFLOW"})
    void bad_amounts_are_400_with_their_code_and_nothing_is_submitted(String amount, String code) throws Exception {
        chaincode.give(PAYER, "CNY", 5000);

        mvc.perform(pay("p-bad", amount))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.field").value("amount"));

        assertThat(ledger.calls()).allMatch(call -> call.mode().equals("evaluate"));
    }

    @Test
    void an_amount_sent_as_a_json_number_is_read_by_its_digits() throws Exception {
        chaincode.give(PAYER, "CNY", 5000);

        mvc.perform(pay("{\"paymentId\":\"p-num\",\"currency\":\"CNY\",\"payee\":\"%s\",\"amount\":0.1}"
                        .formatted(PAYEE)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs[0].amount").value("0.10"));
    }

    @Test
    void unknown_currency_is_404_unknown_currency() throws Exception {
        mvc.perform(pay("{\"paymentId\":\"p-x\",\"currency\":\"XYZ\",\"payee\":\"%s\",\"amount\":\"1\"}"
                        .formatted(PAYEE)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("UNKNOWN_CURRENCY"));
    }

    @Test
    void malformed_ids_are_400_validation_failed() throws Exception {
        mvc.perform(pay("{\"paymentId\":\"p 1\",\"currency\":\"cny\",\"payee\":\"business-2\",\"amount\":\"1\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors.length()").value(3));
        mvc.perform(pay("split:x", "1.00"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("paymentId"));
        assertThat(pays()).isZero();
    }

    @Test
    void not_enough_money_is_422_insufficient_funds_and_nothing_is_submitted() throws Exception {
        chaincode.give(PAYER, "CNY", 1000);

        mvc.perform(pay("p-poor", "10.01"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("INSUFFICIENT_FUNDS"))
                .andExpect(jsonPath("$.retryable").value(false))
                .andExpect(jsonPath("$.detail").value("Wallet CNMSP/business-1 holds 10.00 CNY; 10.01 CNY is needed."));

        assertThat(pays()).isZero();
    }

    @Test
    void money_held_by_a_payment_in_progress_is_retryable_insufficient_funds() throws Exception {
        chaincode.give(PAYER, "CNY", 1000);
        NoteLocks.Lease inProgress = locks.acquire(chaincode.notesOf(PAYER, "CNY").stream()
                .map(n -> new LedgerRecords.Note(n.noteId(), n.currency(), n.owner(), n.amount(), n.createdTx()))
                .toList(), 1000, 100);
        try {
            mvc.perform(pay("p-wait", "5.00"))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.code").value("INSUFFICIENT_FUNDS"))
                    .andExpect(jsonPath("$.retryable").value(true));
        } finally {
            inProgress.release();
        }
    }

    @Test
    void a_frozen_payer_gets_the_chaincode_refusal_422_wallet_frozen_and_its_notes_back() throws Exception {
        chaincode.give(PAYER, "CNY", 1000);
        chaincode.freeze(PAYER);

        mvc.perform(pay("p-frozen", "1.00"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("WALLET_FROZEN"));

        assertThat(chaincode.balanceOf(PAYER, "CNY")).isEqualTo(1000);
        assertThat(locks.size()).isZero();
    }

    @Nested
    class Retries {

        @Test
        void a_retry_with_the_same_payment_id_returns_the_first_payment_and_moves_nothing() throws Exception {
            chaincode.give(PAYER, "CNY", 5000);
            String first = mvc.perform(pay("p-r", "10.00")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();

            String again = mvc.perform(pay("p-r", "10.00")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();

            assertThat(again).isEqualTo(first);
            // The retry is not asked about first (one read less per payment): its new notes make the chaincode
            // refuse the reused ID, nothing is ordered, and the gateway then finds and returns the first payment.
            assertThat(pays()).isEqualTo(2);
            assertThat(chaincode.refusals("PAYMENT_ID_REUSED")).isEqualTo(1);
            assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(1000);
            assertThat(chaincode.balanceOf(PAYER, "CNY")).isEqualTo(4000);
        }

        @Test
        void the_same_payment_id_for_another_payment_is_409_payment_id_reused() throws Exception {
            chaincode.give(PAYER, "CNY", 5000);
            mvc.perform(pay("p-dup", "10.00")).andExpect(status().isOk());

            mvc.perform(pay("p-dup", "11.00"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("PAYMENT_ID_REUSED"));
            assertThat(pays()).isEqualTo(2);
            assertThat(chaincode.refusals("PAYMENT_ID_REUSED")).isEqualTo(1);
            assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(1000);
        }

        @Test
        void a_note_spent_meanwhile_is_replaced_transparently_under_the_same_payment_id() throws Exception {
            String a = chaincode.give(PAYER, "CNY", 1000);
            String b = chaincode.give(PAYER, "CNY", 1000);
            AtomicInteger attempts = new AtomicInteger();
            chaincode.beforeApply = call -> {
                if (attempts.incrementAndGet() == 1) {
                    // Another gateway spends the chosen note between our read and our submit.
                    String chosen = FakeJson.read(call).path("inputs").get(0).asString();
                    chaincode.commitPayment(PAYER, "elsewhere", "CNY", List.of(chosen),
                            List.of(Map.entry(PAYEE, 1000L)), "txelse");
                }
                return null;
            };

            mvc.perform(pay("p-stale", "10.00"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.paymentId").value("p-stale"));

            assertThat(chaincode.refusals("NOTE_SPENT")).isEqualTo(1);
            assertThat(pays()).isEqualTo(2);
            assertThat(chaincode.isSpent(a) && chaincode.isSpent(b)).isTrue();
            assertThat(locks.size()).isZero();
        }

        @Test
        void a_read_conflict_at_commit_is_retried_with_fresh_notes() throws Exception {
            chaincode.give(PAYER, "CNY", 1000);
            AtomicInteger attempts = new AtomicInteger();
            chaincode.beforeApply = call -> attempts.incrementAndGet() < 3
                    ? LedgerException.commitFailed("MVCC_READ_CONFLICT", 9, call.transactionId())
                    : null;

            mvc.perform(pay("p-mvcc", "10.00")).andExpect(status().isOk());

            assertThat(pays()).isEqualTo(3);
        }

        @Test
        void gives_up_after_five_attempts_with_the_last_refusal() throws Exception {
            chaincode.give(PAYER, "CNY", 1000);
            chaincode.beforeApply = call -> LedgerException.commitFailed("MVCC_READ_CONFLICT", 9, call.transactionId());

            mvc.perform(pay("p-hopeless", "10.00"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("COMMIT_FAILED"))
                    .andExpect(jsonPath("$.retryable").value(true));

            assertThat(pays()).isEqualTo(5);
            assertThat(locks.size()).isZero();
        }

        @Test
        void a_concurrent_request_with_the_same_id_that_committed_first_is_the_answer() throws Exception {
            String a = chaincode.give(PAYER, "CNY", 1000);
            chaincode.give(PAYER, "CNY", 1000);
            AtomicInteger attempts = new AtomicInteger();
            chaincode.beforeApply = call -> {
                if (attempts.incrementAndGet() == 1) {
                    // The client's earlier request with the same ID commits first, with other notes.
                    String chosen = FakeJson.read(call).path("inputs").get(0).asString();
                    String other = chosen.equals(a) ? chaincode.notesOf(PAYER, "CNY").stream()
                            .filter(n -> !n.noteId().equals(a)).findFirst().orElseThrow().noteId() : a;
                    chaincode.commitPayment(PAYER, "p-twice", "CNY", List.of(other),
                            List.of(Map.entry(PAYEE, 1000L)), "txfirst");
                }
                return null;
            };

            mvc.perform(pay("p-twice", "10.00"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.txId").value("txfirst"));

            assertThat(chaincode.refusals("PAYMENT_ID_REUSED")).isEqualTo(1);
            assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(1000);
        }

        @Test
        void after_a_timeout_the_notes_stay_held_and_a_retry_returns_the_payment_if_it_committed() throws Exception {
            chaincode.give(PAYER, "CNY", 1000);
            chaincode.give(PAYER, "CNY", 3000);
            chaincode.afterApply = call -> new LedgerException(LedgerException.Kind.TIMEOUT, null,
                    "DEADLINE_EXCEEDED", call.transactionId(), null);

            mvc.perform(pay("p-slow", "10.00"))
                    .andExpect(status().isGatewayTimeout())
                    .andExpect(jsonPath("$.code").value("LEDGER_TIMEOUT"))
                    .andExpect(jsonPath("$.retryable").value(true));
            assertThat(locks.size()).as("notes of an unknown outcome stay held").isEqualTo(1);
            // Meanwhile another payment of the payer does not touch them.
            chaincode.afterApply = call -> null;
            mvc.perform(pay("p-other", "5.00")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.inputs.length()").value(1));

            mvc.perform(pay("p-slow", "10.00")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.paymentId").value("p-slow"))
                    .andExpect(jsonPath("$.txId").value("tx0001"));

            assertThat(pays()).isEqualTo(2);
            assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(1500);
            assertThat(locks.size()).isZero();
        }

        @Test
        void after_a_timeout_that_did_not_commit_the_retry_submits_exactly_the_same_request() throws Exception {
            chaincode.give(PAYER, "CNY", 1000);
            chaincode.give(PAYER, "CNY", 3000);
            chaincode.beforeApply = call -> new LedgerException(LedgerException.Kind.UNAVAILABLE, null,
                    "UNAVAILABLE", call.transactionId(), null);
            mvc.perform(pay("p-lost", "20.00")).andExpect(status().isServiceUnavailable());
            chaincode.beforeApply = call -> null;

            mvc.perform(pay("p-lost", "20.00")).andExpect(status().isOk());

            assertThat(chaincode.spends).hasSize(2);
            assertThat(chaincode.spends.get(1)).isEqualTo(chaincode.spends.get(0));
            assertThat(locks.size()).isZero();
        }

        @Test
        void a_failure_at_endorsement_frees_its_notes_at_once() throws Exception {
            chaincode.give(PAYER, "CNY", 1000);
            chaincode.beforeApply = call -> new LedgerException(LedgerException.Kind.UNAVAILABLE, null,
                    "no combination of peers can be derived", call.transactionId(), null).beforeOrdering();

            mvc.perform(pay("p-unendorsed", "10.00")).andExpect(status().isServiceUnavailable());

            // Nothing reached the orderers, so the only note is not held for the outcome's sake: another payment
            // (not a retry of the first) can spend it right away.
            assertThat(locks.size()).isZero();
            chaincode.beforeApply = call -> null;
            mvc.perform(pay("p-next", "10.00")).andExpect(status().isOk());
        }
    }

    @Nested
    class NotePool {

        long reads() {
            return ledger.calls().stream().filter(call -> call.transaction().equals("currency:unspentNotes")).count();
        }

        @Test
        void a_busy_payer_reads_its_notes_once_for_many_payments() throws Exception {
            for (int i = 0; i < 5; i++) {
                chaincode.give(PAYER, "CNY", 1000);
            }

            for (int i = 0; i < 5; i++) {
                mvc.perform(pay("p-pool-" + i, "10.00")).andExpect(status().isOk());
            }

            assertThat(reads()).isEqualTo(1);
            assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(5000);
        }

        @Test
        void money_received_after_the_read_is_found_by_reading_again() throws Exception {
            chaincode.give(PAYER, "CNY", 1000);
            mvc.perform(pay("p-first", "10.00")).andExpect(status().isOk());
            chaincode.give(PAYER, "CNY", 3000);

            mvc.perform(pay("p-second", "30.00")).andExpect(status().isOk());

            assertThat(reads()).isEqualTo(2);
            assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(4000);
        }

        @Test
        void the_pool_is_read_again_once_it_is_older_than_its_age() throws Exception {
            chaincode.give(PAYER, "CNY", 1000);
            chaincode.give(PAYER, "CNY", 1000);
            mvc.perform(pay("p-young", "10.00")).andExpect(status().isOk());

            clock.advance(Duration.ofSeconds(31));
            mvc.perform(pay("p-old", "10.00")).andExpect(status().isOk());

            assertThat(reads()).isEqualTo(2);
        }

        @Test
        void payments_that_find_the_pool_short_together_share_one_read() throws Exception {
            for (int i = 0; i < 8; i++) {
                chaincode.give(PAYER, "CNY", 1000);
            }
            chaincode.readDelayMillis = 300;
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Callable<CurrencyViews.PaymentView>> tasks = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    tasks.add(payment("p-shared-" + i, "1.00"));
                }
                for (Future<CurrencyViews.PaymentView> done : threads.invokeAll(tasks)) {
                    done.get();
                }
            } finally {
                threads.shutdownNow();
                chaincode.readDelayMillis = 0;
            }

            assertThat(reads()).isEqualTo(1);
            assertThat(pays()).isEqualTo(8);
            assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(800);
        }

        @Test
        void a_request_that_a_shared_read_cannot_cover_reads_again_for_money_received_since() throws Exception {
            chaincode.give(PAYER, "CNY", 100);
            chaincode.readDelayMillis = 300;
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                Future<CurrencyViews.PaymentView> first = threads.submit(payment("p-small", "1.00"));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (chaincode.notesRead.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5); // until the first payment's read has its snapshot (it answers 300 ms later)
                }
                chaincode.give(PAYER, "CNY", 5000);
                Future<CurrencyViews.PaymentView> second = threads.submit(payment("p-large", "20.00"));

                first.get();
                second.get();
            } finally {
                threads.shutdownNow();
                chaincode.readDelayMillis = 0;
            }

            assertThat(reads()).isEqualTo(2);
            assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(2100);
        }

        private Callable<CurrencyViews.PaymentView> payment(String paymentId, String amount) {
            FabricIdentity payer = identities.identity("business-1").orElseThrow();
            return () -> payments.pay(payer, new CurrencyRequests.Payment(paymentId, "CNY", PAYEE, amount));
        }

        @Test
        void a_payment_whose_funds_an_earlier_request_of_it_spent_returns_that_request() throws Exception {
            chaincode.give(PAYER, "CNY", 1000);
            String first = mvc.perform(pay("p-all", "10.00")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();

            // Nothing is left to spend, so the retry cannot even choose notes; it must still find its payment.
            String again = mvc.perform(pay("p-all", "10.00")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();

            assertThat(again).isEqualTo(first);
            assertThat(pays()).isEqualTo(1);
        }
    }

    @Nested
    class Concurrency {

        @Test
        void concurrent_payments_of_one_payer_never_choose_the_same_note() throws Exception {
            List<String> seeded = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                seeded.add(chaincode.give(PAYER, "CNY", 100 + i));
            }
            chaincode.endorsementDelayMillis = 20;
            FabricIdentity payer = identities.identity("business-1").orElseThrow();
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Callable<CurrencyViews.PaymentView>> tasks = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    String paymentId = "p-conc-" + i;
                    tasks.add(() -> payments.pay(payer, new CurrencyRequests.Payment(paymentId, "CNY", PAYEE,
                            "1.00")));
                }
                List<CurrencyViews.PaymentView> done = new ArrayList<>();
                for (Future<CurrencyViews.PaymentView> future : threads.invokeAll(tasks)) {
                    done.add(future.get());
                }

                assertThat(chaincode.refusals).as("refusals by the ledger").isEmpty();
                Set<String> inputs = new HashSet<>();
                for (CurrencyViews.PaymentView payment : done) {
                    for (String input : payment.inputs()) {
                        assertThat(inputs.add(input)).as("note %s spent twice", input).isTrue();
                    }
                }
                assertThat(pays()).isEqualTo(24);
                assertThat(chaincode.balanceOf(PAYEE, "CNY")).isEqualTo(2400);
                assertThat(locks.size()).isZero();
            } finally {
                threads.shutdownNow();
                chaincode.endorsementDelayMillis = 0;
            }
        }
    }

    @Test
    void reads_a_payment_back() throws Exception {
        chaincode.give(PAYER, "CNY", 5000);
        mvc.perform(pay("p-read", "1.50")).andExpect(status().isOk());

        mvc.perform(as(BUSINESS_1, get("/api/v1/payments/p-read")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outputs[0].amount").value("1.50"));
        mvc.perform(as(BUSINESS_1, get("/api/v1/payments/p-none")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("NOT_FOUND"));
    }

    /** Reads a fake call's JSON argument. */
    static final class FakeJson {
        static JsonNode read(FakeLedger.Call call) {
            return tools.jackson.databind.json.JsonMapper.builder().build().readTree(call.arguments().get(0));
        }
    }
}
