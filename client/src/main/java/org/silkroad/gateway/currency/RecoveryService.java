package org.silkroad.gateway.currency;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.silkroad.gateway.currency.CurrencyViews.RecoveryView;
import org.silkroad.gateway.currency.LedgerRecords.Note;
import org.silkroad.gateway.currency.LedgerRecords.NotesPage;
import org.silkroad.gateway.currency.LedgerRecords.PaymentRecord;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A central bank moves what a frozen wallet of its state holds in one currency to a successor wallet of that state
 * ({@code currency:recover}): the holder lost its key, its identity was revoked, a court ordered it. Or a currency's
 * issuer takes its currency back from a wallet of a state that left the channel, into a wallet of its own.
 *
 * <p>One transaction moves at most {@value #NOTES_PER_TRANSACTION} notes (the chaincode's most inputs), so a request
 * submits up to {@value #TRANSACTIONS_PER_REQUEST} new ones, one after the other, the first under the request's payment
 * ID and the next ones under {@code <paymentId>:2}, {@code :3}, ... Each is first looked up: one that committed
 * (an earlier attempt of the same request) is taken as it is and not submitted again. So a retry of the same request
 * lists the same transactions and moves only what the wallet still holds, which also finishes a request cut short by
 * a failure or by the limit ({@code complete} false).
 *
 * <p>The caller's role and state, the successor's state and the wallet's freeze are checked here before anything is
 * read, with the chaincode's codes, so that a wallet with nothing to move is answered like any other; the chaincode
 * checks them again in every transaction.
 */
@Service
class RecoveryService {

    /** The most notes one {@code recover} spends (the chaincode's limit on inputs). */
    static final int NOTES_PER_TRANSACTION = 100;
    /** The most transactions one request submits. */
    static final int TRANSACTIONS_PER_REQUEST = 20;
    /** The kind of an account held by another contract (escrow, duty deposits). */
    private static final String CONTRACT_ACCOUNT = "contract";

    private final CurrencyLedger ledger;
    private final Currencies currencies;
    private final Render render;

    RecoveryService(CurrencyLedger ledger, Currencies currencies, Render render) {
        this.ledger = ledger;
        this.currencies = currencies;
        this.render = render;
    }

    RecoveryView recover(FabricIdentity caller, String wallet, CurrencyRequests.Recovery request) {
        Currencies.Currency currency = currencies.require(caller, request.currency());
        requireRecoverable(caller, wallet, currency, request.successor());
        List<PaymentRecord> moved = new ArrayList<>();
        boolean complete = false;
        int submitted = 0;
        for (int part = 1; submitted < TRANSACTIONS_PER_REQUEST && !complete; part++) {
            String paymentId = part == 1 ? request.paymentId() : request.paymentId() + ":" + part;
            Optional<PaymentRecord> committed = ledger.findPayment(caller, paymentId);
            if (committed.isPresent()) {
                moved.add(sameRecovery(committed.get(), wallet, currency.code(), request.successor()));
                continue;
            }
            NotesPage page = ledger.unspentNotes(caller, wallet, currency.code(), NOTES_PER_TRANSACTION, null);
            if (page.notes() == null || page.notes().isEmpty()) {
                complete = true;
            } else {
                moved.add(ledger.recover(caller, new LedgerRecords.Recover(paymentId, wallet, currency.code(),
                        page.notes().stream().map(Note::noteId).toList(), request.successor(), request.reason())));
                submitted++;
            }
        }
        if (!complete) {
            NotesPage rest = ledger.unspentNotes(caller, wallet, currency.code(), 1, null);
            complete = rest.notes() == null || rest.notes().isEmpty();
        }
        long total = 0;
        int notes = 0;
        for (PaymentRecord record : moved) {
            total = Math.addExact(total, record.outputs().get(0).amount());
            notes += record.inputs().size();
        }
        return new RecoveryView(wallet, request.successor(), currency.code(), currency.format(total), notes, complete,
                moved.stream().map(record -> render.payment(caller, record)).toList());
    }

    /**
     * The checks the gateway can make without the ledger's view of membership. A wallet of another state is left to
     * the chaincode when the caller issued the currency: only the endorsing peers know whether that state has left
     * the channel (403 NOT_JURISDICTION from the chaincode while it is still a member).
     */
    private void requireRecoverable(
            FabricIdentity caller, String wallet, Currencies.Currency currency, String successor) {
        if (!caller.role().filter("central-bank"::equals).isPresent()) {
            throw GatewayProblem.of(HttpStatus.FORBIDDEN, "FORBIDDEN",
                    "Only the central bank of a wallet's state moves its notes to a successor.");
        }
        if (!caller.mspId().equals(Wallets.mspIdOf(successor))) {
            throw notJurisdiction(successor, caller, "");
        }
        boolean ownState = caller.mspId().equals(Wallets.mspIdOf(wallet));
        if (!ownState && !caller.mspId().equals(currency.issuerMspId())) {
            throw notJurisdiction(wallet, caller, " (from a wallet of a state that left the channel, only the issuer"
                    + " of %s, %s, takes %s back)".formatted(currency.code(), currency.issuerMspId(), currency.code()));
        }
        if (successor.equals(wallet)) {
            throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                    "The successor must be another wallet than " + wallet + ".").with("field", "successor");
        }
        LedgerRecords.WalletRecord from = ledger.getWallet(caller, wallet);
        LedgerRecords.WalletRecord to = ledger.getWallet(caller, successor);
        for (LedgerRecords.WalletRecord each : List.of(from, to)) {
            if (CONTRACT_ACCOUNT.equals(each.kind())) {
                throw GatewayProblem.of(HttpStatus.FORBIDDEN, "FORBIDDEN",
                        "Wallet %s is held by a contract, which alone moves its notes.".formatted(each.walletId()));
            }
        }
        if (ownState && !from.frozen()) {
            throw GatewayProblem.of(HttpStatus.CONFLICT, "WALLET_NOT_FROZEN",
                    "Wallet %s is not frozen; its notes are moved only while it is.".formatted(wallet));
        }
    }

    private static GatewayProblem notJurisdiction(String wallet, FabricIdentity caller, String detail) {
        return GatewayProblem.of(HttpStatus.FORBIDDEN, "NOT_JURISDICTION",
                "Wallet %s is in the jurisdiction of %s; the caller is the central bank of %s%s."
                        .formatted(wallet, Wallets.mspIdOf(wallet), caller.mspId(), detail));
    }

    private static PaymentRecord sameRecovery(PaymentRecord record, String wallet, String currency, String successor) {
        boolean same = PaymentService.RECOVERY.equals(record.kind()) && wallet.equals(record.payer())
                && currency.equals(record.currency()) && record.outputs().size() == 1
                && successor.equals(record.outputs().get(0).wallet());
        if (!same) {
            throw GatewayProblem.of(HttpStatus.CONFLICT, PaymentService.PAYMENT_ID_REUSED,
                    "Payment ID %s was already used for something else than this recovery."
                            .formatted(record.paymentId()));
        }
        return record;
    }
}
