package org.silkroad.chaincode.currency;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.currency.CurrencyState.Stored;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Money held by another contract of this chaincode (an escrow, a customs duty deposit), moved in the same transaction
 * as that contract's own step: this is how a settlement pays the seller <em>and</em> hands over the bill of lading, or
 * does neither.
 *
 * <p>A contract holds money in an <em>account</em>: a wallet of kind {@code contract} named
 * {@code <state MSP>/<contract>:<id>}. No identity can open such a wallet ({@code openWallet} and
 * {@code registerDevice} refuse names with {@code ':'}) or pay from it ({@code FORBIDDEN}); only the contract, through
 * {@link #release}. Held money stays notes, so the currency audit still balances; it reports it as {@code escrowed}.
 *
 * <p>Records of holds and releases live under their own key family, keyed by the contract's reference, so no caller can
 * take a reference first by choosing it as a payment ID. No chaincode event is set here: a transaction carries one
 * event, and it belongs to the contract that called.
 *
 * <p>Notes created here are {@code <txId>:<n>} with n counted per transaction across every call, so a transaction may
 * hold and release several times; take the instance with {@link #of(Context)}, which returns the same one for the
 * whole transaction.
 */
public final class Holdings {

    /** {@link PaymentRecord#kind} of money put into an account. */
    public static final String HOLD = "hold";

    /** {@link PaymentRecord#kind} of money paid out of an account. */
    public static final String RELEASE = "release";

    private static final Map<ChaincodeStub, Holdings> PER_TRANSACTION = new WeakHashMap<>();

    private final ChaincodeStub stub;
    private final CurrencyState state;
    private int nextIndex;

    private Holdings(ChaincodeStub stub) {
        this.stub = stub;
        this.state = new CurrencyState(stub);
    }

    /**
     * @param ctx the transaction's context
     * @return the transaction's holdings (one instance per transaction, so note numbers never repeat)
     */
    public static Holdings of(Context ctx) {
        ChaincodeStub stub = ctx.getStub();
        synchronized (PER_TRANSACTION) {
            return PER_TRANSACTION.computeIfAbsent(stub, Holdings::new);
        }
    }

    /**
     * The account a contract holds money in.
     *
     * @param state the member state whose central bank has jurisdiction over the account (it can freeze it)
     * @param contract the holding contract's name, e.g. {@code escrow}
     * @param id the contract's object, e.g. the escrow ID
     * @return {@code <state>/<contract>:<id>}
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT} when the name does not fit a
     *     wallet name
     */
    public static WalletId account(MspId state, String contract, String id) {
        if (contract == null || contract.isEmpty() || contract.contains(":")) {
            throw LedgerError.INVALID_ARGUMENT.exception("contract name %s must be non-empty and free of ':'",
                    LedgerError.excerpt(contract));
        }
        return new WalletId(state, contract + ":" + id);
    }

    /** Refuses a wallet an identity asks for under a name only accounts have. */
    static void refuseAccountName(WalletId wallet) {
        if (wallet.name().contains(":")) {
            throw LedgerError.FORBIDDEN.exception(
                    "wallet name %s contains ':', which only contract accounts have", wallet.name());
        }
    }

    /**
     * Spends the caller's notes like {@code pay} (frozen wallet, tier limits, device cap and note checks apply): puts
     * {@code amount} into the account as one note, the rest back to the payer as change. Opens the account if new.
     *
     * @param payer the transaction's creator, paying from its own wallet
     * @param reference the holding contract's ID for this hold, e.g. {@code escrow:E-1:fund}; a second hold under it
     *     with the same request returns the first, with another is {@code PAYMENT_ID_REUSED}
     * @return what the account now holds from this hold
     * @throws org.hyperledger.fabric.shim.ChaincodeException the codes of {@code pay}, {@code UNBALANCED} when the
     *     inputs hold less than {@code amount}
     */
    public Held hold(Caller payer, CurrencyCode currency, List<NoteId> inputs, long amount, WalletId account,
            String reference) {
        Objects.requireNonNull(currency, "currency");
        inputs = Requests.noteIds("inputs", inputs);
        Amounts.positive("amount", amount);
        String requestHash = requestHash(HOLD, payer.walletId(), currency.value(), inputs, amount, account);
        Held prior = priorHold(reference, payer.walletId(), requestHash);
        if (prior != null) {
            return prior;
        }
        state.requireCurrency(currency);
        List<NoteRecord> notes = state.unspent(payer.walletId(), currency, inputs);
        long change = CurrencyState.total(notes) - amount;
        if (change < 0) {
            throw LedgerError.UNBALANCED.exception(
                    "inputs hold %d %s, the hold needs %d", CurrencyState.total(notes), currency, amount);
        }
        List<Requests.Output> outputs = new ArrayList<>(2);
        outputs.add(new Requests.Output(account, amount));
        if (change > 0) {
            outputs.add(new Requests.Output(payer.walletId(), change));
        }
        boolean open = accountExists(account);
        PaymentRecord record = CurrencyContract.transfer(stub, state, payer, reference, HOLD, requestHash, currency,
                inputs, outputs, known(account), take(outputs.size()));
        return record(record, open);
    }

    /**
     * Converts through a bank's quote like {@code crossBorderPay}: the caller's base-currency notes pay the provider
     * {@code baseAmount} (change back to the caller) and the converted amount goes from the quote's reserve into the
     * account as one note.
     *
     * @return what the account now holds, in the quote currency
     * @throws org.hyperledger.fabric.shim.ChaincodeException the codes of {@code crossBorderPay}
     */
    public Held holdThroughQuote(Caller payer, String quoteId, List<NoteId> inputs, long baseAmount, WalletId account,
            String reference) {
        Identifiers.require("quoteId", quoteId);
        inputs = Requests.noteIds("inputs", inputs);
        Amounts.positive("baseAmount", baseAmount);
        String requestHash = requestHash(HOLD, payer.walletId(), quoteId, inputs, baseAmount, account);
        Held prior = priorHold(reference, payer.walletId(), requestHash);
        if (prior != null) {
            return prior;
        }
        boolean open = accountExists(account);
        PaymentRecord record = CurrencyContract.convert(stub, state, payer, reference, HOLD, requestHash, quoteId,
                inputs, baseAmount, account, null, known(account), take(3));
        return record(record, open);
    }

    /**
     * Pays out a note an account holds.
     *
     * @param held the hold, as {@link #hold} returned it
     * @param payouts who gets how much; must add up to the held amount exactly
     * @param reference the holding contract's ID for this release, e.g. {@code escrow:E-1:settle}
     * @return the notes created, in payout order
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code UNBALANCED}, {@code WALLET_NOT_FOUND} (a payee),
     *     {@code NOTE_SPENT} (released before), {@code PAYMENT_ID_REUSED} (reference used), {@code INVALID_ARGUMENT}
     */
    public List<PaymentOutput> release(Held held, List<Payout> payouts, String reference) {
        Objects.requireNonNull(held, "held");
        Identifiers.require("reference", reference);
        if (payouts == null || payouts.isEmpty()) {
            throw LedgerError.INVALID_ARGUMENT.exception("a release names at least one payout");
        }
        String key = state.holdingKey(reference);
        Stored<PaymentRecord> prior = state.read(key, PaymentRecord.class);
        if (prior != null) {
            throw LedgerError.PAYMENT_ID_REUSED.exception("reference %s was used in transaction %s", reference,
                    prior.value().txId());
        }
        List<NoteRecord> notes = state.unspent(held.account(), held.currency(), List.of(held.note()));
        long total = 0;
        Set<WalletId> known = new HashSet<>();
        for (Payout payout : payouts) {
            if (payout == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("payouts contains null");
            }
            if (known.add(payout.wallet())) {
                state.requireWallet(payout.wallet());
            }
            total = Amounts.add(total, payout.amount());
        }
        if (total != notes.get(0).amount()) {
            throw LedgerError.UNBALANCED.exception("account %s holds %d %s in note %s, the payouts add up to %d",
                    held.account(), notes.get(0).amount(), held.currency(), held.note(), total);
        }
        String txId = stub.getTxId();
        state.spend(notes, reference, null, null);
        int first = take(payouts.size());
        List<PaymentOutput> outputs = new ArrayList<>(payouts.size());
        for (int i = 0; i < payouts.size(); i++) {
            Payout payout = payouts.get(i);
            NoteId noteId = NoteId.of(txId, first + i);
            state.create(payout.wallet(), held.currency(), payout.amount(), noteId);
            outputs.add(new PaymentOutput(payout.wallet(), held.currency(), payout.amount(), noteId));
        }
        PaymentRecord record = new PaymentRecord(reference, RELEASE, null, held.account(), held.currency(),
                List.of(held.note()), outputs, txId, TxTime.iso(stub), null, null, null, null, null, null, null, null,
                null, null, null);
        state.write(key, record);
        CurrencyContract.recordHistory(stub, record);
        return outputs;
    }

    private Held priorHold(String reference, WalletId payer, String requestHash) {
        Identifiers.require("reference", reference);
        Stored<PaymentRecord> prior = state.read(state.holdingKey(reference), PaymentRecord.class);
        if (prior == null) {
            return null;
        }
        PaymentRecord first = prior.value();
        if (!HOLD.equals(first.kind()) || !first.payer().equals(payer) || !requestHash.equals(first.requestHash())) {
            throw LedgerError.PAYMENT_ID_REUSED.exception(
                    "reference %s was already used by %s for a different %s in transaction %s", reference,
                    first.payer(), first.kind(), first.txId());
        }
        return heldBy(first);
    }

    /** Tells whether the account is open; refuses an ID that is not an account's. */
    private boolean accountExists(WalletId account) {
        if (!account.name().contains(":")) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s is not a contract account", account);
        }
        Stored<WalletRecord> existing = state.wallet(account);
        if (existing != null && existing.value().kind() != WalletKind.CONTRACT) {
            throw LedgerError.INTERNAL.exception("wallet %s exists and is not a contract account", account);
        }
        return existing != null;
    }

    /** The account as known to exist: it is opened with the hold, which cannot read its own write. */
    private static Set<WalletId> known(WalletId account) {
        Set<WalletId> known = new HashSet<>();
        known.add(account);
        return known;
    }

    /** Records a hold that passed every check, opening its account first if needed. */
    private Held record(PaymentRecord record, boolean accountOpen) {
        Held held = heldBy(record);
        if (!accountOpen) {
            state.write(state.walletKey(held.account()), new WalletRecord(held.account(), held.account().mspId(),
                    WalletKind.CONTRACT, CurrencyContract.DEFAULT_TIER, false, null, null, null, TxTime.iso(stub),
                    stub.getTxId()));
        }
        state.write(state.holdingKey(record.paymentId()), record);
        CurrencyContract.recordHistory(stub, record);
        return held;
    }

    /** The note of a hold record that went into the account. */
    private static Held heldBy(PaymentRecord record) {
        WalletId account = record.payee() != null ? record.payee() : record.outputs().get(0).wallet();
        for (PaymentOutput output : record.outputs()) {
            if (output.wallet().equals(account) && (record.quoteCurrency() == null
                    || output.currency().equals(record.quoteCurrency()))) {
                return new Held(account, output.currency(), output.amount(), output.noteId(), record.txId());
            }
        }
        throw LedgerError.INTERNAL.exception("hold %s has no note for %s", record.paymentId(), account);
    }

    private int take(int count) {
        int first = nextIndex;
        nextIndex += count;
        return first;
    }

    private static String requestHash(Object... parts) {
        return Digests.sha256Hex(Json.bytes(List.of(parts)));
    }
}
