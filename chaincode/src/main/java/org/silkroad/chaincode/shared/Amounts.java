package org.silkroad.chaincode.shared;

/**
 * Checks on money amounts, which are {@code long} counts of a currency's minor units: never floating point, never
 * negative, and sums that would wrap around are refused rather than silently wrong.
 */
public final class Amounts {

    private Amounts() {}

    /**
     * Checks a caller-supplied amount.
     *
     * @param field the JSON field, for the message
     * @param value the amount, null when the field was missing
     * @return the amount
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when missing, zero or
     *     negative
     */
    public static long positive(String field, Long value) {
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s is required (an integer count of minor units)", field);
        }
        if (value <= 0) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s must be a positive count of minor units, got %d", field, value);
        }
        return value;
    }

    /**
     * Adds two amounts.
     *
     * @param a an amount
     * @param b another amount
     * @return {@code a + b}
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#AMOUNT_OVERFLOW} when the sum exceeds
     *     {@link Long#MAX_VALUE}
     */
    public static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw LedgerError.AMOUNT_OVERFLOW.exception("%d + %d exceeds %d minor units", a, b, Long.MAX_VALUE);
        }
    }
}
