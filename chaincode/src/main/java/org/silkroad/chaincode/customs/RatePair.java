package org.silkroad.chaincode.customs;

import org.silkroad.chaincode.shared.LedgerError;

/**
 * Duty rates in basis points of the customs value (500 = 5 %).
 *
 * @param standard the rate for goods without a valid certificate of origin from a member state
 * @param preferential the rate for goods with one
 */
public record RatePair(Integer standard, Integer preferential) {

    public RatePair {
        check("standard", standard);
        check("preferential", preferential);
        if (preferential > standard) {
            throw LedgerError.INVALID_ARGUMENT.exception("a preferential rate (%d) above the standard rate (%d) is no "
                    + "preference", preferential, standard);
        }
    }

    private static void check(String field, Integer rate) {
        if (rate == null || rate < 0 || rate > 100_000) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s rate must be 0 to 100000 basis points, got %s", field,
                    rate);
        }
    }
}
