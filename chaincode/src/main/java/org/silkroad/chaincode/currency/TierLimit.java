package org.silkroad.chaincode.currency;

import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.LedgerError;

/**
 * A tier's limits in one currency, in minor units; an absent limit is no limit.
 *
 * @param perPayment the most one payment may send to wallets other than the payer's
 * @param daily the most a wallet may send to others per UTC day of the transaction timestamps
 */
public record TierLimit(Long perPayment, Long daily) {

    public TierLimit {
        if (perPayment == null && daily == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("a tier limit needs perPayment, daily or both");
        }
        if (perPayment != null) {
            Amounts.positive("perPayment", perPayment);
        }
        if (daily != null) {
            Amounts.positive("daily", daily);
        }
    }
}
