package org.silkroad.chaincode.customs;

import org.silkroad.chaincode.shared.LedgerError;

/**
 * The customs exchange rate a zone applies to invoice values: zone-currency minor units per invoice-currency minor
 * unit = numerator / denominator (the form of the currency contract's quotes; customs publishes its own rates).
 *
 * @param numerator positive
 * @param denominator positive
 */
public record ExchangeRate(Long numerator, Long denominator) {

    public ExchangeRate {
        if (numerator == null || numerator <= 0 || denominator == null || denominator <= 0) {
            throw LedgerError.INVALID_ARGUMENT.exception("an exchange rate needs a positive numerator and denominator");
        }
    }
}
