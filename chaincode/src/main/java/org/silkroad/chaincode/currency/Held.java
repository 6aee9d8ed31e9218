package org.silkroad.chaincode.currency;

import java.util.Objects;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A note a contract account holds, as {@link Holdings#hold} created it. A holding contract stores it in its own record
 * (it is plain JSON), so that the later release needs point reads only.
 *
 * @param account the contract account ({@code <state>/<contract>:<id>})
 * @param currency the note's currency
 * @param amount the note's amount in minor units
 * @param note the note
 * @param txId the transaction that made the hold
 */
public record Held(WalletId account, CurrencyCode currency, long amount, NoteId note, String txId) {

    public Held {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(note, "note");
    }
}
