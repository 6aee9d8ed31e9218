package org.silkroad.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.silkroad.ops.faults.EscrowWorkload.Escrow;
import org.silkroad.ops.faults.EscrowWorkload.Expected;
import org.silkroad.ops.faults.EscrowWorkload.Next;
import org.silkroad.ops.faults.EscrowWorkload.Pair;
import org.silkroad.ops.faults.EscrowWorkload.Step;
import org.silkroad.ops.faults.FaultWorkload.Outcome.Kind;
import tools.jackson.databind.JsonNode;

/** The escrow load's pure logic: what a worker does after each answer, what the ledger must show, the arithmetic. */
class EscrowWorkloadTest {

    static final Pair CN_TO_MY = new Pair("CN", "business-1", "CNMSP/business-1", "MY", "business-1",
            "MYMSP/business-1", "CNMSP/ehub", "ECN", "bl-1", "inv-1");
    static final Pair MY_TO_RW = new Pair("MY", "business-1", "MYMSP/business-1", "RW", "business-1",
            "RWMSP/business-1", "MYMSP/ehub", "EMY", "bl-2", "inv-2");

    static Escrow escrow(String id, Pair pair, long amount) {
        return new Escrow(id, 0, pair, amount, EscrowWorkload.createBody(id, pair, amount, "2026-12-05T00:00:00Z"));
    }

    static JsonNode json(String text) {
        return GatewayClient.JSON.readTree(text);
    }

    static JsonNode view(String status, long amount, String closedTx, String payouts) {
        return json(("{\"escrowId\":\"e\",\"buyer\":\"CNMSP/business-1\",\"seller\":\"MYMSP/business-1\","
                + "\"status\":\"%s\",\"held\":{\"currency\":\"ECN\",\"amount\":\"%s\"},\"createdTx\":\"tx-c\","
                + "\"deliveryConfirmedAt\":\"2026-11-28T18:00:00Z\",\"closedTx\":%s,\"payouts\":%s}")
                .formatted(status, PaymentWorkload.decimal(amount), closedTx == null ? "null" : "\"" + closedTx + "\"",
                        payouts));
    }

    @Test
    void acknowledged_steps_advance_refused_creates_are_abandoned_and_other_refusals_repeat() {
        assertThat(EscrowWorkload.next(Step.CREATE, Kind.ACKNOWLEDGED)).isEqualTo(Next.ADVANCE);
        assertThat(EscrowWorkload.next(Step.CONFIRM, Kind.ACKNOWLEDGED)).isEqualTo(Next.ADVANCE);
        assertThat(EscrowWorkload.next(Step.SETTLE, Kind.ACKNOWLEDGED)).isEqualTo(Next.DONE);
        assertThat(EscrowWorkload.next(Step.CREATE, Kind.REFUSED)).isEqualTo(Next.ABANDON);
        assertThat(EscrowWorkload.next(Step.CONFIRM, Kind.REFUSED)).isEqualTo(Next.REPEAT);
        assertThat(EscrowWorkload.next(Step.SETTLE, Kind.REFUSED)).isEqualTo(Next.REPEAT);
        for (Step step : Step.values()) {
            assertThat(EscrowWorkload.next(step, Kind.AMBIGUOUS)).isEqualTo(Next.PARK);
        }
    }

    @Test
    void the_answer_kind_follows_the_status() {
        assertThat(EscrowWorkload.kind(new GatewayClient.Reply(201, null, null, null, 0))).isEqualTo(Kind.ACKNOWLEDGED);
        assertThat(EscrowWorkload.kind(new GatewayClient.Reply(422, null, null, null, 0))).isEqualTo(Kind.REFUSED);
        assertThat(EscrowWorkload.kind(new GatewayClient.Reply(409, null, "1", null, 0))).isEqualTo(Kind.REFUSED);
        assertThat(EscrowWorkload.kind(new GatewayClient.Reply(503, null, "1", null, 0))).isEqualTo(Kind.AMBIGUOUS);
        assertThat(EscrowWorkload.kind(new GatewayClient.Reply(0, null, null, "HTTP_TIMEOUT", 0)))
                .isEqualTo(Kind.AMBIGUOUS);
    }

    @Test
    void a_whole_flow_with_a_refused_and_an_ambiguous_confirmation_ends_settled_with_its_transactions() {
        Escrow escrow = escrow("e-1", CN_TO_MY, 42);
        assertThat(escrow.expected()).isEqualTo(Expected.ABSENT);

        assertThat(escrow.record(Step.CREATE, Kind.ACKNOWLEDGED, json("{\"createdTx\":\"tx-c\"}"), null))
                .isEqualTo(Next.ADVANCE);
        assertThat(escrow.pending).isEqualTo(Step.CONFIRM);
        assertThat(escrow.expected()).isEqualTo(Expected.FUNDED);
        assertThat(escrow.createdTx).isEqualTo("tx-c");

        assertThat(escrow.record(Step.CONFIRM, Kind.REFUSED, null, "NOT_FOUND")).isEqualTo(Next.REPEAT);
        assertThat(escrow.pending).isEqualTo(Step.CONFIRM);
        assertThat(escrow.record(Step.CONFIRM, Kind.AMBIGUOUS, null, "LEDGER_UNAVAILABLE")).isEqualTo(Next.PARK);
        assertThat(escrow.parked).isTrue();
        assertThat(escrow.parkedCode).isEqualTo("LEDGER_UNAVAILABLE");
        assertThat(escrow.expected()).as("an ambiguous step promises nothing").isEqualTo(Expected.FUNDED);

        // The end: the same step again, with the same escrow ID.
        assertThat(escrow.record(Step.CONFIRM, Kind.ACKNOWLEDGED, json("{}"), null)).isEqualTo(Next.ADVANCE);
        assertThat(escrow.parked).isFalse();
        assertThat(escrow.expected()).isEqualTo(Expected.CONFIRMED);
        assertThat(escrow.record(Step.SETTLE, Kind.ACKNOWLEDGED, json("{\"closedTx\":\"tx-s\"}"), null))
                .isEqualTo(Next.DONE);
        assertThat(escrow.pending).isNull();
        assertThat(escrow.expected()).isEqualTo(Expected.SETTLED);
        assertThat(escrow.closedTx).isEqualTo("tx-s");
        assertThat(escrow.createdTx).as("kept from the create").isEqualTo("tx-c");
    }

    @Test
    void a_refused_create_or_an_ambiguous_one_refused_on_retry_must_not_exist() {
        Escrow refused = escrow("e-2", CN_TO_MY, 5);
        assertThat(refused.record(Step.CREATE, Kind.REFUSED, null, "INSUFFICIENT_FUNDS")).isEqualTo(Next.ABANDON);
        assertThat(refused.expected()).isEqualTo(Expected.ABSENT);

        Escrow resolved = escrow("e-3", CN_TO_MY, 5);
        resolved.record(Step.CREATE, Kind.AMBIGUOUS, null, "LEDGER_UNAVAILABLE");
        assertThat(resolved.record(Step.CREATE, Kind.REFUSED, null, "INSUFFICIENT_FUNDS")).isEqualTo(Next.ABANDON);
        assertThat(resolved.parked).isFalse();
        assertThat(resolved.expected()).isEqualTo(Expected.ABSENT);

        Escrow committed = escrow("e-4", CN_TO_MY, 5);
        committed.record(Step.CREATE, Kind.AMBIGUOUS, null, "HTTP_TIMEOUT");
        committed.record(Step.CREATE, Kind.ACKNOWLEDGED, json("{\"createdTx\":\"tx-first\"}"), null);
        assertThat(committed.expected()).isEqualTo(Expected.FUNDED);
        assertThat(committed.createdTx).as("the retry returns the first attempt's escrow").isEqualTo("tx-first");
    }

    @Test
    void the_create_request_names_the_pair_the_bill_one_condition_and_the_price() {
        JsonNode body = EscrowWorkload.createBody("e-9", CN_TO_MY, 150, "2026-12-05T00:00:00Z");

        assertThat(body.path("escrowId").asString()).isEqualTo("e-9");
        assertThat(body.path("seller").asString()).isEqualTo("MYMSP/business-1");
        assertThat(body.path("billId").asString()).isEqualTo("bl-1");
        assertThat(body.path("invoiceRef").asString()).isEqualTo("inv-1");
        assertThat(body.path("conditions").size()).isEqualTo(1);
        assertThat(body.path("conditions").path("deliveryConfirmedBy").asString()).isEqualTo("CNMSP/ehub");
        assertThat(body.path("price").path("currency").asString()).isEqualTo("ECN");
        assertThat(body.path("price").path("amount").asString()).isEqualTo("1.50");
    }

    @Test
    void buyers_pay_every_existing_escrow_once_and_sellers_receive_every_settled_one_once() {
        Escrow settled = escrow("s", CN_TO_MY, 100);
        settled.record(Step.CREATE, Kind.ACKNOWLEDGED, json("{}"), null);
        settled.record(Step.CONFIRM, Kind.ACKNOWLEDGED, json("{}"), null);
        settled.record(Step.SETTLE, Kind.ACKNOWLEDGED, json("{}"), null);
        Escrow open = escrow("o", CN_TO_MY, 30);
        open.record(Step.CREATE, Kind.ACKNOWLEDGED, json("{}"), null);
        Escrow confirmed = escrow("c", MY_TO_RW, 7);
        confirmed.record(Step.CREATE, Kind.ACKNOWLEDGED, json("{}"), null);
        confirmed.record(Step.CONFIRM, Kind.ACKNOWLEDGED, json("{}"), null);
        Escrow absent = escrow("a", MY_TO_RW, 900);
        absent.record(Step.CREATE, Kind.REFUSED, null, "INSUFFICIENT_FUNDS");
        Escrow unknown = escrow("u", MY_TO_RW, 800);
        unknown.record(Step.CREATE, Kind.AMBIGUOUS, null, "LEDGER_UNAVAILABLE");
        List<Escrow> all = List.of(settled, open, confirmed, absent, unknown);

        Map<String, Long> expected = EscrowWorkload.expectedBalances(Map.of("CNMSP/business-1 ECN", 1000L,
                "MYMSP/business-1 ECN", 0L, "MYMSP/business-1 EMY", 500L, "RWMSP/business-1 EMY", 0L), all);

        assertThat(expected).containsEntry("CNMSP/business-1 ECN", 1000L - 100 - 30)
                .containsEntry("MYMSP/business-1 ECN", 100L)
                .containsEntry("MYMSP/business-1 EMY", 500L - 7)
                .containsEntry("RWMSP/business-1 EMY", 0L);
        assertThat(EscrowWorkload.openAmounts(all)).containsExactlyInAnyOrderEntriesOf(Map.of("ECN", 30L, "EMY", 7L));
    }

    @Test
    void a_record_agrees_only_when_status_amount_transactions_and_the_single_payout_match() {
        Escrow escrow = escrow("e", CN_TO_MY, 250);
        escrow.record(Step.CREATE, Kind.ACKNOWLEDGED, json("{\"createdTx\":\"tx-c\"}"), null);
        escrow.record(Step.CONFIRM, Kind.ACKNOWLEDGED, json("{}"), null);
        escrow.record(Step.SETTLE, Kind.ACKNOWLEDGED, json("{\"closedTx\":\"tx-s\"}"), null);
        String onePayout = "[{\"wallet\":\"MYMSP/business-1\",\"currency\":\"ECN\",\"amount\":\"2.50\"}]";

        assertThat(EscrowWorkload.mismatch(escrow, 200, view("settled", 250, "tx-s", onePayout))).isNull();
        assertThat(EscrowWorkload.mismatch(escrow, 200, view("funded", 250, null, "[]")))
                .isEqualTo("expected settled, is funded");
        assertThat(EscrowWorkload.mismatch(escrow, 200, view("refunded", 250, "tx-s", "[]")))
                .isEqualTo("expected settled, is refunded");
        assertThat(EscrowWorkload.mismatch(escrow, 200, view("settled", 250, "tx-other", onePayout)))
                .startsWith("closed by tx-other");
        assertThat(EscrowWorkload.mismatch(escrow, 200, view("settled", 250, "tx-s",
                "[{\"wallet\":\"MYMSP/business-1\",\"amount\":\"2.50\"},{\"wallet\":\"MYMSP/business-1\","
                        + "\"amount\":\"2.50\"}]"))).isEqualTo("paid the seller 500 in 2 payouts, the price is 250");
        assertThat(EscrowWorkload.mismatch(escrow, 200, view("settled", 249, "tx-s", onePayout)))
                .isEqualTo("parties or held amount differ from the create request");
        assertThat(EscrowWorkload.mismatch(escrow, 404, null)).isEqualTo("expected settled, answered 404");

        Escrow refused = escrow("r", CN_TO_MY, 1);
        refused.record(Step.CREATE, Kind.REFUSED, null, "INSUFFICIENT_FUNDS");
        assertThat(EscrowWorkload.mismatch(refused, 404, null)).isNull();
        assertThat(EscrowWorkload.mismatch(refused, 200, view("funded", 1, null, "[]")))
                .isEqualTo("expected absent, answered 200 funded");

        Escrow open = escrow("f", CN_TO_MY, 250);
        open.record(Step.CREATE, Kind.ACKNOWLEDGED, json("{\"createdTx\":\"tx-c\"}"), null);
        assertThat(EscrowWorkload.mismatch(open, 200, view("funded", 250, null, "[]"))).isNull();
    }

    @Test
    void a_bill_is_untouched_while_active_at_version_one_with_the_seller() {
        String bill = "{\"bill\":{\"holder\":\"%s\",\"status\":\"%s\",\"version\":%d},\"custodyIntact\":true}";
        assertThat(EscrowWorkload.billUntouched(CN_TO_MY, json(bill.formatted("MYMSP/business-1", "active", 1))))
                .isNull();
        assertThat(EscrowWorkload.billUntouched(CN_TO_MY, json(bill.formatted("CNMSP/business-1", "active", 2))))
                .contains("held by CNMSP/business-1");
        assertThat(EscrowWorkload.billUntouched(CN_TO_MY, json(bill.formatted("MYMSP/business-1", "surrendered", 1))))
                .contains("is surrendered");
    }

    @Test
    void amounts_read_as_minor_units() {
        assertThat(EscrowWorkload.minor("3.50")).isEqualTo(350);
        assertThat(EscrowWorkload.minor("0")).isZero();
        assertThat(EscrowWorkload.currency("RW")).isEqualTo("ERW");
    }
}
