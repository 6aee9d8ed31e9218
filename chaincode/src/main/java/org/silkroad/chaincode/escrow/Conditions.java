package org.silkroad.chaincode.escrow;

import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.WalletId;

/**
 * What must hold before an escrow releases its funds to the seller. At least one is chosen.
 *
 * @param billOfLading the bill of lading goes to the buyer in the settling transaction: it must be in the escrow's
 *     custody (deposited by the seller), or already held by the buyer
 * @param importCleared the buyer's state's customs must have cleared the import declaration for the bill
 * @param deliveryConfirmedBy an eHub, {@code <MSP ID>/<enrollment ID>}, that must confirm delivery of the goods
 */
public record Conditions(Boolean billOfLading, Boolean importCleared, WalletId deliveryConfirmedBy) {

    public Conditions {
        billOfLading = Boolean.TRUE.equals(billOfLading);
        importCleared = Boolean.TRUE.equals(importCleared);
        if (!billOfLading && !importCleared && deliveryConfirmedBy == null) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "conditions must choose at least one of billOfLading, importCleared, deliveryConfirmedBy");
        }
    }
}
