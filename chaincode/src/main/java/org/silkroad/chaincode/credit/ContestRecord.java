package org.silkroad.chaincode.credit;

import java.util.List;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A business's contest of entries in its trade record: stays attached to the record and is shown with it. Key
 * ({@value CreditKeys#CONTEST}, business, contestId).
 *
 * @param contestId the business's ID for it
 * @param business who contests
 * @param items the record's entries contested, as they are referenced in the record ({@code escrow:<id>},
 *     {@code dispute:<id>}, {@code customs:<id>})
 * @param statement the business's words
 * @param requestHash SHA-256 of the request, to tell a retry from a different contest
 * @param filedAt timestamp
 * @param filedTx transaction
 */
public record ContestRecord(
        String contestId,
        WalletId business,
        List<String> items,
        String statement,
        String requestHash,
        String filedAt,
        String filedTx) {

    public ContestRecord {
        items = List.copyOf(items);
    }
}
