package org.silkroad.ops.bench;

import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Payments through the Fabric Gateway client as each payer's own identity, with inputs chosen here: one note of the
 * payer's {@link NotePool} that covers the amount, the payee's output first and the change back to the payer second
 * ({@code <txId>:1}), which joins the pool once the payment has committed.
 */
final class DirectPayments {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** How long a worker waits for one of its payer's notes to come back from a payment in flight. */
    static final long NOTE_WAIT_MILLIS = 30_000;

    private final DirectLedger ledger;
    private final String currency;
    private final Map<String, NotePool> pools;

    DirectPayments(DirectLedger ledger, String currency, Map<String, NotePool> pools) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.pools = Map.copyOf(pools);
    }

    LoadDriver.Attempt pay(Workload.Payment payment, String paymentId) throws InterruptedException {
        NotePool pool = pools.get(payment.payer());
        if (pool == null) {
            throw new IllegalStateException("no note pool for " + payment.payer());
        }
        NotePool.Note input = pool.take(payment.amount(), NOTE_WAIT_MILLIS).orElse(null);
        if (input == null) {
            return LoadDriver.Attempt.skipped("NO_FREE_NOTE");
        }
        String payerWallet = wallet(payment.payer());
        long change = input.amount() - payment.amount();
        String request = payRequest(paymentId, currency, input.id(), wallet(payment.payee()), payment.amount(),
                payerWallet, change);
        DirectLedger.Outcome outcome = ledger.submit(payment.payer(), "currency", "pay", request);
        if (outcome.committed()) {
            pool.spent(input, change > 0 ? changeNote(outcome, payerWallet, change) : null);
        } else {
            settleFailed(pool, input, outcome);
        }
        return outcome.attempt();
    }

    /**
     * A failed payment's input goes back to the pool only when nothing can have been written: refused before
     * ordering (other than because the note is gone), or ordered and invalidated. After an unknown outcome, or when
     * the ledger says the note is spent or not the payer's, it is written off.
     */
    static void settleFailed(NotePool pool, NotePool.Note input, DirectLedger.Outcome outcome) {
        boolean noteGone = "NOTE_SPENT".equals(outcome.code()) || "NOTE_NOT_FOUND".equals(outcome.code());
        boolean nothingWritten = outcome.stage() == DirectLedger.Stage.ENDORSE
                || outcome.stage() == DirectLedger.Stage.INVALID;
        if (nothingWritten && !noteGone) {
            pool.release(input);
        } else {
            pool.writeOff(input);
        }
    }

    /** {@code pay}'s argument; the chaincode refuses unknown fields, so it carries exactly these. */
    static String payRequest(String paymentId, String currency, String inputNote, String payeeWallet, long amount,
                             String payerWallet, long change) {
        ObjectNode request = JSON.createObjectNode();
        request.put("paymentId", paymentId);
        request.put("currency", currency);
        request.putArray("inputs").add(inputNote);
        ArrayNode outputs = request.putArray("outputs");
        outputs.addObject().put("wallet", payeeWallet).put("amount", amount);
        if (change > 0) {
            outputs.addObject().put("wallet", payerWallet).put("amount", change);
        }
        return JSON.writeValueAsString(request);
    }

    /** The change note as the payment record names it; by construction {@code <txId>:1}. */
    static NotePool.Note changeNote(DirectLedger.Outcome outcome, String payerWallet, long change) {
        try {
            JsonNode outputs = JSON.readTree(outcome.resultText()).path("outputs");
            for (JsonNode output : outputs) {
                if (payerWallet.equals(output.path("wallet").asString()) && output.path("amount").asLong() == change) {
                    return new NotePool.Note(output.path("noteId").asString(), change);
                }
            }
        } catch (RuntimeException e) {
            // An unreadable result still committed: the note ID follows from the transaction ID.
        }
        return new NotePool.Note(outcome.txId() + ":1", change);
    }

    String wallet(String user) {
        return ledger.mspId() + "/" + user;
    }
}
