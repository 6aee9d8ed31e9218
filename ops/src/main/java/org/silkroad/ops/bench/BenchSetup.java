package org.silkroad.ops.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.Parallel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings the ledger to where the benchmark can start, and can be run any number of times: the CN central bank's
 * currency registered, every benchmark identity's wallet open, and every payer holding at least K notes big enough
 * for any payment. A payer short of notes gets ONE new note from the central bank, which it splits with ONE payment
 * to itself into K notes, so that its concurrent payments have distinct inputs. Request and payment IDs carry the
 * run's tag, and a retry inside the run reuses them, so a retry never issues twice.
 */
final class BenchSetup {

    static final String CENTRAL_BANK = "central-bank";
    static final String CURRENCY = "CNY";
    static final int DECIMALS = 2;
    /** Each split note is this many largest payments, so a note lasts the whole run. */
    static final long NOTE_IN_PAYMENTS = 200;
    private static final int ISSUE_ATTEMPTS = 8;

    /**
     * @param currency     code, decimals and issuer as the ledger holds them
     * @param registered   whether this run registered it
     * @param opened       wallets this run opened
     * @param alreadyOpen  wallets that were open
     * @param funded       payers issued and split a note this run
     * @param alreadyReady payers that already held K usable notes
     */
    record Summary(String currency, int decimals, String issuer, boolean registered, int opened, int alreadyOpen,
                   int funded, int alreadyReady, double seconds) {
    }

    private final DirectLedger ledger;
    private final BenchOptions options;
    private final String runTag;
    private final PrintStream progress;

    BenchSetup(DirectLedger ledger, BenchOptions options, String runTag, PrintStream progress) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.options = Objects.requireNonNull(options, "options");
        this.runTag = Objects.requireNonNull(runTag, "runTag");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** The smallest note a payer's pool uses: one that covers any payment. */
    static long usableNote(BenchOptions options) {
        return options.maxAmount();
    }

    Summary run() throws InterruptedException {
        long start = System.nanoTime();
        progress.println("setup: currency " + CURRENCY);
        JsonNode currency;
        boolean registered = false;
        try {
            currency = tree(ledger.evaluate(CENTRAL_BANK, "currency", "getCurrency", json("code", CURRENCY)));
        } catch (DirectLedger.QueryFailed e) {
            if (!"UNKNOWN_CURRENCY".equals(e.code())) {
                throw new OpsException("cannot read currency " + CURRENCY + ": " + e.getMessage(), e);
            }
            ObjectNode request = DirectPayments.JSON.createObjectNode().put("code", CURRENCY).put("decimals", DECIMALS);
            DirectLedger.Outcome outcome = ledger.submit(CENTRAL_BANK, "currency", "registerCurrency",
                    DirectPayments.JSON.writeValueAsString(request));
            require(outcome, "registerCurrency " + CURRENCY + " as " + CENTRAL_BANK);
            currency = tree(outcome.resultText());
            registered = true;
        }
        String issuer = currency.path("issuerMspId").asString("?");
        if (!issuer.equals(ledger.mspId())) {
            throw new OpsException(CURRENCY + " is issued by " + issuer + ", not by " + ledger.mspId()
                    + "; the benchmark's central bank cannot issue it");
        }

        progress.println("setup: wallets of " + Workload.users().size() + " benchmark identities");
        AtomicInteger opened = new AtomicInteger();
        parallel(Workload.users(), user -> {
            try {
                ledger.evaluate(user, "currency", "getWallet", json("wallet", wallet(user)));
            } catch (DirectLedger.QueryFailed e) {
                if (!"WALLET_NOT_FOUND".equals(e.code())) {
                    throw new OpsException("cannot read wallet " + wallet(user) + ": " + e.getMessage(), e);
                }
                require(ledger.submit(user, "currency", "openWallet"), "openWallet as " + user);
                opened.incrementAndGet();
            }
        });

        List<String> payers = options.payers();
        progress.println("setup: notes of " + payers.size() + " payers (" + options.notes() + " each)");
        List<String> shortOfNotes = new ArrayList<>();
        for (String payer : payers) {
            if (NoteLoader.usable(ledger, payer, wallet(payer), CURRENCY, usableNote(options)).size() < options.notes()) {
                shortOfNotes.add(payer);
            }
        }
        long noteAmount = NOTE_IN_PAYMENTS * options.maxAmount();
        long issued = Math.multiplyExact(noteAmount, options.notes());
        List<String> issuedNotes = new ArrayList<>();
        // One at a time: every issue updates the currency's supply record, so issues in one block conflict.
        for (String payer : shortOfNotes) {
            issuedNotes.add(issue(payer, issued));
        }
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < shortOfNotes.size(); i++) {
            index.add(i);
        }
        // Splits touch only the payer's own notes: they run side by side.
        parallel(index, i -> split(shortOfNotes.get(i), issuedNotes.get(i), noteAmount));

        return new Summary(CURRENCY, currency.path("decimals").asInt(DECIMALS), issuer, registered, opened.get(),
                Workload.users().size() - opened.get(), shortOfNotes.size(), payers.size() - shortOfNotes.size(),
                (System.nanoTime() - start) / 1e9);
    }

    private String issue(String payer, long amount) {
        ObjectNode request = DirectPayments.JSON.createObjectNode()
                .put("requestId", "bench-" + runTag + "-issue-" + payer)
                .put("currency", CURRENCY).put("wallet", wallet(payer)).put("amount", amount);
        String text = DirectPayments.JSON.writeValueAsString(request);
        DirectLedger.Outcome outcome = null;
        for (int attempt = 1; attempt <= ISSUE_ATTEMPTS; attempt++) {
            outcome = ledger.submit(CENTRAL_BANK, "currency", "issue", text);
            // A read conflict means another issue took the supply record first; the same request ID makes the retry safe.
            if (outcome.committed() || outcome.stage() != DirectLedger.Stage.INVALID) {
                break;
            }
        }
        require(outcome, "issue to " + wallet(payer));
        return tree(outcome.resultText()).path("noteId").asString();
    }

    private void split(String payer, String noteId, long noteAmount) {
        ObjectNode request = DirectPayments.JSON.createObjectNode()
                .put("paymentId", "bench-" + runTag + "-split-" + payer).put("currency", CURRENCY);
        request.putArray("inputs").add(noteId);
        var outputs = request.putArray("outputs");
        for (int i = 0; i < options.notes(); i++) {
            outputs.addObject().put("wallet", wallet(payer)).put("amount", noteAmount);
        }
        require(ledger.submit(payer, "currency", "pay", DirectPayments.JSON.writeValueAsString(request)),
                "split of " + noteId + " by " + payer);
    }

    String wallet(String user) {
        return ledger.mspId() + "/" + user;
    }

    private static void require(DirectLedger.Outcome outcome, String what) {
        if (!outcome.committed()) {
            throw new OpsException("setup failed: " + what + ": " + outcome.code()
                    + (outcome.detail() == null ? "" : " (" + outcome.detail() + ")") + ", transaction " + outcome.txId());
        }
    }

    static String json(String field, String value) {
        return DirectPayments.JSON.writeValueAsString(DirectPayments.JSON.createObjectNode().put(field, value));
    }

    private static JsonNode tree(String text) {
        return DirectPayments.JSON.readTree(text);
    }

    /** Runs {@code action} for every item on a few threads; the first failure is rethrown. */
    private static <T> void parallel(List<T> items, Consumer<T> action) throws InterruptedException {
        Parallel.forEach(items, 8, "setup", action::accept);
    }
}
