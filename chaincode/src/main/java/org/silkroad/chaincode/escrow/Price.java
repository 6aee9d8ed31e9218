package org.silkroad.chaincode.escrow;

import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.LedgerError;

/**
 * An amount of money in one currency, in minor units.
 *
 * @param currency the currency
 * @param amount positive minor units
 */
public record Price(CurrencyCode currency, Long amount) {

    public Price {
        if (currency == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("price.currency is required");
        }
        Amounts.positive("price.amount", amount);
    }
}
