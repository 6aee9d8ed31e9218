package org.silkroad.chaincode.currency;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.BatchingStub;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.RequestId;
import org.silkroad.chaincode.shared.StateKeys;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Typed point reads and writes of the currency contract's state for one transaction. Every read here is a
 * {@code getState}; the range reads of queries are in the contract, so that a submit transaction cannot reach one by
 * accident.
 */
final class CurrencyState {

    /** A value read from the ledger together with its stored bytes, so a retry can return them unchanged. */
    record Stored<T>(T value, byte[] bytes) {
        String text() {
            return new String(bytes, UTF_8);
        }
    }

    private final ChaincodeStub stub;

    CurrencyState(ChaincodeStub stub) {
        this.stub = stub;
    }

    String key(String objectType, String... attributes) {
        return StateKeys.composite(objectType, attributes);
    }

    <T> Stored<T> read(String key, Class<T> type) {
        byte[] bytes = stub.getState(key);
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        return new Stored<>(Json.parseState(bytes, type, key), bytes);
    }

    /** Reads these keys in one round trip to the peer before they are read one by one; only keys read anyway. */
    void prefetch(Collection<String> keys) {
        BatchingStub.prefetch(stub, keys);
    }

    void write(String key, Object value) {
        stub.putState(key, Json.bytes(value));
    }

    void delete(String key) {
        stub.delState(key);
    }

    // Currencies and supply

    String currencyKey(CurrencyCode code) {
        return key(CurrencyKeys.CURRENCY, code.value());
    }

    Stored<CurrencyRecord> currency(CurrencyCode code) {
        return read(currencyKey(code), CurrencyRecord.class);
    }

    CurrencyRecord requireCurrency(CurrencyCode code) {
        Stored<CurrencyRecord> stored = currency(code);
        if (stored == null) {
            throw LedgerError.UNKNOWN_CURRENCY.exception("no currency %s is registered", code);
        }
        return stored.value();
    }

    String supplyKey(CurrencyCode code) {
        return key(CurrencyKeys.SUPPLY, code.value());
    }

    SupplyRecord requireSupply(CurrencyCode code) {
        Stored<SupplyRecord> stored = read(supplyKey(code), SupplyRecord.class);
        if (stored == null) {
            throw LedgerError.INTERNAL.exception("currency %s has no supply record", code);
        }
        return stored.value();
    }

    // Wallets

    String walletKey(WalletId wallet) {
        return key(CurrencyKeys.WALLET, wallet.value());
    }

    Stored<WalletRecord> wallet(WalletId wallet) {
        return read(walletKey(wallet), WalletRecord.class);
    }

    WalletRecord requireWallet(WalletId wallet) {
        Stored<WalletRecord> stored = wallet(wallet);
        if (stored == null) {
            throw LedgerError.WALLET_NOT_FOUND.exception("no wallet %s is open", wallet);
        }
        return stored.value();
    }

    // Notes

    String noteKey(WalletId owner, CurrencyCode currency, NoteId noteId) {
        return key(CurrencyKeys.NOTE, owner.value(), currency.value(), noteId.value());
    }

    String spentKey(NoteId noteId) {
        return key(CurrencyKeys.SPENT, noteId.value());
    }

    /**
     * Reads notes a wallet is about to spend, by point reads only.
     *
     * @return the notes, in the order named
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOTE_SPENT} when one was spent,
     *     {@code NOTE_NOT_FOUND} when one is not an unspent note of the wallet in the currency
     */
    List<NoteRecord> unspent(WalletId owner, CurrencyCode currency, List<NoteId> noteIds) {
        List<NoteRecord> notes = new ArrayList<>(noteIds.size());
        for (NoteId noteId : noteIds) {
            Stored<NoteRecord> note = read(noteKey(owner, currency, noteId), NoteRecord.class);
            if (note == null) {
                // Only on the way to a refusal: a failed transaction is never committed, so this read costs nothing
                // in conflicts.
                Stored<SpentNote> spent = read(spentKey(noteId), SpentNote.class);
                if (spent != null) {
                    throw LedgerError.NOTE_SPENT.exception(
                            "note %s was spent in transaction %s", noteId, spent.value().spentTx());
                }
                throw LedgerError.NOTE_NOT_FOUND.exception(
                        "note %s is not an unspent %s note of wallet %s", noteId, currency, owner);
            }
            notes.add(note.value());
        }
        return notes;
    }

    /**
     * Deletes spent notes and leaves their markers; exactly one of the three references says what spent them.
     */
    void spend(List<NoteRecord> notes, String paymentId, String redemptionRequestId, String quoteId) {
        String spentAt = TxTime.iso(stub);
        for (NoteRecord note : notes) {
            delete(noteKey(note.owner(), note.currency(), note.noteId()));
            write(spentKey(note.noteId()),
                    new SpentNote(note.noteId(), stub.getTxId(), spentAt, paymentId, redemptionRequestId, quoteId));
        }
    }

    NoteRecord create(WalletId owner, CurrencyCode currency, long amount, NoteId noteId) {
        NoteRecord note = new NoteRecord(noteId, currency, owner, amount, stub.getTxId());
        write(noteKey(owner, currency, noteId), note);
        return note;
    }

    static long total(List<NoteRecord> notes) {
        long total = 0;
        for (NoteRecord note : notes) {
            total = Amounts.add(total, note.amount());
        }
        return total;
    }

    // Requests and payments

    String issuanceKey(MspId issuer, RequestId requestId) {
        return key(CurrencyKeys.ISSUANCE, issuer.value(), requestId.value());
    }

    String redemptionKey(MspId issuer, RequestId requestId) {
        return key(CurrencyKeys.REDEMPTION, issuer.value(), requestId.value());
    }

    String paymentKey(String paymentId) {
        return key(CurrencyKeys.PAYMENT, paymentId);
    }

    String holdingKey(String reference) {
        return key(CurrencyKeys.HOLDING, reference);
    }

    /** Where the record a history entry names is kept: holds and releases apart from payments. */
    String recordKey(HistoryEntry entry) {
        return Holdings.HOLD.equals(entry.kind()) || Holdings.RELEASE.equals(entry.kind())
                ? holdingKey(entry.paymentId()) : paymentKey(entry.paymentId());
    }

    // Tiers and outflow

    String tierKey(MspId mspId, String tier) {
        return key(CurrencyKeys.TIER, mspId.value(), tier);
    }

    String outflowKey(WalletId wallet, CurrencyCode currency, String date) {
        return key(CurrencyKeys.OUTFLOW, wallet.value(), currency.value(), date);
    }

    // Quotes

    String quoteKey(String quoteId) {
        return key(CurrencyKeys.QUOTE, quoteId);
    }

    Stored<QuoteRecord> requireQuote(String quoteId) {
        Stored<QuoteRecord> stored = read(quoteKey(quoteId), QuoteRecord.class);
        if (stored == null) {
            throw LedgerError.NOT_FOUND.exception("no quote %s", quoteId);
        }
        return stored;
    }
}
