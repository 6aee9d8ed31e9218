package org.silkroad.chaincode.trade;

import java.util.regex.Pattern;
import org.silkroad.chaincode.shared.LedgerError;

/**
 * One line of goods as a document states it (WCO data model: commodity code, quantity, value).
 *
 * @param hsCode Harmonized System code, 6 to 10 digits (the first 6 are international, the rest national)
 * @param quantity units of the goods, positive
 * @param value line value in minor units of the document's currency; absent on documents that state no value
 *     (packing list, certificate of origin)
 */
public record GoodsLine(String hsCode, Long quantity, Long value) {

    private static final Pattern HS = Pattern.compile("[0-9]{6,10}");

    public GoodsLine {
        if (hsCode == null || !HS.matcher(hsCode).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception("hsCode %s must be 6 to 10 digits", LedgerError.excerpt(hsCode));
        }
        if (quantity == null || quantity <= 0) {
            throw LedgerError.INVALID_ARGUMENT.exception("quantity of %s must be a positive integer, got %s", hsCode,
                    quantity);
        }
        if (value != null && value < 0) {
            throw LedgerError.INVALID_ARGUMENT.exception("value of %s must not be negative, got %d", hsCode, value);
        }
    }

    /** @return the HS chapter, the first two digits, by which duty rates are set */
    public String chapter() {
        return hsCode.substring(0, 2);
    }
}
