package org.silkroad.chaincode.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.silkroad.chaincode.currency.CurrencyWorld.ALICE;
import static org.silkroad.chaincode.currency.CurrencyWorld.BOB;
import static org.silkroad.chaincode.currency.CurrencyWorld.ICBC;
import static org.silkroad.chaincode.currency.CurrencyWorld.MERCHANT;
import static org.silkroad.chaincode.currency.CurrencyWorld.PBOC;
import static org.silkroad.chaincode.currency.CurrencyWorld.json;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.currency.CurrencyWorld.Who;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;
import org.silkroad.chaincode.testing.FakeStub;
import tools.jackson.databind.JsonNode;

/** {@link Holdings}: money another contract holds, as that contract would use it inside its own transactions. */
class HoldingsTest {

    private static final WalletId ESCROW = Holdings.account(new MspId("CNMSP"), "escrow", "E-1");

    private final CurrencyWorld world = new CurrencyWorld().standard();

    /** Runs {@code body} as one committed transaction of {@code who}, the way a contract's transaction would. */
    private <T> T transaction(Who who, Function<Context, T> body) {
        FakeStub stub = world.ledger.propose(who.creator(), world.now, "escrow:test");
        world.last = stub;
        T result = body.apply(new Context(stub));
        world.ledger.commit(stub);
        return result;
    }

    /** Runs a transaction that must be refused with the code, and checks that it changed nothing. */
    private void refused(Who who, Function<Context, ?> body, String code) {
        Map<String, String> before = world.ledger.snapshot();
        assertThatThrownBy(() -> transaction(who, body))
                .isInstanceOf(ChaincodeException.class)
                .hasMessageStartingWith(code + ": ");
        assertThat(world.last.writes()).isEmpty();
        assertThat(world.ledger.snapshot()).isEqualTo(before);
    }

    private Held hold(Who payer, String note, long amount, String reference) {
        return transaction(payer, ctx -> Holdings.of(ctx).hold(Caller.of(ctx), CurrencyCode.of("CNY"),
                List.of(NoteId.of(note)), amount, ESCROW, reference));
    }

    @Test
    void a_hold_moves_the_amount_into_the_account_and_the_change_back() {
        String note = world.issue("CNY", ALICE, 10_000);

        Held held = hold(ALICE, note, 7_500, "escrow:E-1:fund");

        assertThat(held.account()).isEqualTo(ESCROW);
        assertThat(held.amount()).isEqualTo(7_500);
        assertThat(held.note().value()).isEqualTo(world.last.getTxId() + ":0");
        assertThat(world.balance(ALICE, "CNY")).isEqualTo(2_500);
        JsonNode account = json(world.evaluate(ALICE, "getWallet", "{\"wallet\":\"" + ESCROW + "\"}"));
        assertThat(account.get("kind").asString()).isEqualTo("contract");
        JsonNode audit = world.audit("CNY");
        assertThat(audit.get("escrowed").asLong()).isEqualTo(7_500);
        assertThat(audit.get("unspentNotes").asLong()).isEqualTo(2_500);
        assertThat(audit.get("balanced").asBoolean()).isTrue();
        JsonNode history = json(world.evaluate(ALICE, "history", "{\"wallet\":\"" + ESCROW + "\"}"));
        assertThat(history.get("payments").get(0).get("kind").asString()).isEqualTo(Holdings.HOLD);
    }

    @Test
    void a_central_banks_recovery_neither_takes_from_nor_pays_into_a_contracts_account() {
        String note = world.issue("CNY", ALICE, 10_000);
        Held held = hold(ALICE, note, 7_500, "escrow:E-1:fund");
        String change = world.last.getTxId() + ":1";
        for (String wallet : List.of(ESCROW.value(), ALICE.wallet())) {
            world.submit(PBOC, "freeze", "{\"wallet\":\"" + wallet + "\",\"reason\":\"court order\"}");
        }

        world.refused(PBOC, "recover", "{\"paymentId\":\"r-1\",\"wallet\":\"" + ESCROW + "\",\"currency\":\"CNY\","
                + "\"notes\":[\"" + held.note() + "\"],\"successor\":\"CNMSP/merchant\",\"reason\":\"x\"}", "FORBIDDEN");
        world.refused(PBOC, "recover", "{\"paymentId\":\"r-1\",\"wallet\":\"CNMSP/alice\",\"currency\":\"CNY\","
                + "\"notes\":[\"" + change + "\"],\"successor\":\"" + ESCROW + "\",\"reason\":\"x\"}", "FORBIDDEN");
    }

    @Test
    void a_retried_hold_returns_the_first_and_another_hold_under_its_reference_is_refused() {
        String note = world.issue("CNY", ALICE, 10_000);
        Held first = hold(ALICE, note, 7_500, "escrow:E-1:fund");

        assertThat(hold(ALICE, note, 7_500, "escrow:E-1:fund")).isEqualTo(first);
        assertThat(world.last.writes()).isEmpty();
        String other = world.issue("CNY", ALICE, 1_000);
        refused(ALICE, ctx -> Holdings.of(ctx).hold(Caller.of(ctx), CurrencyCode.of("CNY"),
                List.of(NoteId.of(other)), 1_000, ESCROW, "escrow:E-1:fund"), "PAYMENT_ID_REUSED");
    }

    @Test
    void a_hold_obeys_the_rules_of_a_payment() {
        String note = world.issue("CNY", ALICE, 1_000);
        refused(ALICE, ctx -> Holdings.of(ctx).hold(Caller.of(ctx), CurrencyCode.of("CNY"),
                List.of(NoteId.of(note)), 1_001, ESCROW, "r-1"), "UNBALANCED");
        refused(BOB, ctx -> Holdings.of(ctx).hold(Caller.of(ctx), CurrencyCode.of("CNY"),
                List.of(NoteId.of(note)), 500, ESCROW, "r-2"), "NOTE_NOT_FOUND");
        world.submit(PBOC, "freeze", "{\"wallet\":\"" + ALICE.wallet() + "\",\"reason\":\"court order\"}");
        refused(ALICE, ctx -> Holdings.of(ctx).hold(Caller.of(ctx), CurrencyCode.of("CNY"),
                List.of(NoteId.of(note)), 500, ESCROW, "r-3"), "WALLET_FROZEN");
    }

    @Test
    void a_release_pays_out_exactly_what_the_account_holds() {
        Held held = hold(ALICE, world.issue("CNY", ALICE, 10_000), 10_000, "escrow:E-1:fund");

        refused(BOB, ctx -> Holdings.of(ctx).release(held, List.of(
                new Payout(WalletId.of(MERCHANT.wallet()), 9_000)), "escrow:E-1:settle"), "UNBALANCED");
        List<PaymentOutput> paid = transaction(BOB, ctx -> Holdings.of(ctx).release(held, List.of(
                new Payout(WalletId.of(MERCHANT.wallet()), 6_000), new Payout(WalletId.of(ALICE.wallet()), 4_000)),
                "escrow:E-1:settle"));

        assertThat(paid).extracting(PaymentOutput::amount).containsExactly(6_000L, 4_000L);
        assertThat(world.balance(MERCHANT, "CNY")).isEqualTo(6_000);
        assertThat(world.balance(ALICE, "CNY")).isEqualTo(4_000);
        JsonNode audit = world.audit("CNY");
        assertThat(audit.get("escrowed").asLong()).isZero();
        assertThat(audit.get("balanced").asBoolean()).isTrue();
        refused(BOB, ctx -> Holdings.of(ctx).release(held, List.of(
                new Payout(WalletId.of(MERCHANT.wallet()), 10_000)), "escrow:E-1:settle"), "PAYMENT_ID_REUSED");
        refused(BOB, ctx -> Holdings.of(ctx).release(held, List.of(
                new Payout(WalletId.of(MERCHANT.wallet()), 10_000)), "escrow:E-1:again"), "NOTE_SPENT");
    }

    @Test
    void two_holds_in_one_transaction_create_distinct_notes() {
        String a = world.issue("CNY", ALICE, 1_000);
        String b = world.issue("CNY", ALICE, 2_000);

        List<Held> held = transaction(ALICE, ctx -> List.of(
                Holdings.of(ctx).hold(Caller.of(ctx), CurrencyCode.of("CNY"), List.of(NoteId.of(a)), 400, ESCROW,
                        "r-a"),
                Holdings.of(ctx).hold(Caller.of(ctx), CurrencyCode.of("CNY"), List.of(NoteId.of(b)), 2_000,
                        Holdings.account(new MspId("CNMSP"), "escrow", "E-2"), "r-b")));

        assertThat(held.get(0).note()).isNotEqualTo(held.get(1).note());
        assertThat(world.audit("CNY").get("escrowed").asLong()).isEqualTo(2_400);
        assertThat(world.balance(ALICE, "CNY")).isEqualTo(600);
    }

    @Test
    void no_identity_can_open_or_pay_from_an_account() {
        Who impostor = new Who("CNMSP", "business", "escrow:E-1");
        world.refused(impostor, "openWallet", null, "FORBIDDEN");
        hold(ALICE, world.issue("CNY", ALICE, 1_000), 1_000, "escrow:E-1:fund");
        Held held = hold(ALICE, world.issue("CNY", ALICE, 1_000), 1_000, "escrow:E-1:fund-2");

        world.refused(impostor, "pay", CurrencyWorld.payJson("steal", "CNY", List.of(held.note().value()),
                impostor.wallet(), 1_000), "FORBIDDEN");
    }

    @Test
    void a_hold_through_a_quote_converts_into_the_account() {
        String funding = world.issue("CNY", ICBC, 10_000);
        world.submit(ICBC, "publishQuote", "{\"quoteId\":\"q-1\",\"baseCurrency\":\"MYR\",\"quoteCurrency\":\"CNY\","
                + "\"rateNumerator\":3,\"rateDenominator\":2,\"maxBase\":5000,\"expiresAt\":\"2026-03-02T11:00:00Z\","
                + "\"funding\":[\"" + funding + "\"]}");
        String myr = world.issue("MYR", BOB, 1_000);

        Held held = transaction(BOB, ctx -> Holdings.of(ctx).holdThroughQuote(Caller.of(ctx), "q-1",
                List.of(NoteId.of(myr)), 999, ESCROW, "escrow:E-1:fund"));

        assertThat(held.currency().value()).isEqualTo("CNY");
        assertThat(held.amount()).isEqualTo(1_498);
        assertThat(world.balance(BOB, "MYR")).isEqualTo(1);
        assertThat(world.audit("CNY").get("escrowed").asLong()).isEqualTo(1_498);
        assertThat(world.audit("CNY").get("balanced").asBoolean()).isTrue();
        assertThat(world.audit("MYR").get("balanced").asBoolean()).isTrue();
    }
}
