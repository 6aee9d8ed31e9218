package org.silkroad.chaincode.currency;

import java.util.Objects;
import org.silkroad.chaincode.shared.WalletId;

/**
 * An unspent note, under key ({@value CurrencyKeys#NOTE}, owner, currency, noteId): one wallet's notes in one
 * currency are one key range. Spending deletes the key and writes a {@link SpentNote}.
 *
 * @param noteId {@code <createdTx>:<output index>}
 * @param currency its currency
 * @param owner the wallet holding it
 * @param amount minor units, positive
 * @param createdTx the transaction that created it
 */
public record NoteRecord(NoteId noteId, CurrencyCode currency, WalletId owner, long amount, String createdTx) {

    public NoteRecord {
        Objects.requireNonNull(noteId, "noteId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(owner, "owner");
    }
}
