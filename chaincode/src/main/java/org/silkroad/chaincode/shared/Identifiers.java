package org.silkroad.chaincode.shared;

import java.util.regex.Pattern;

/**
 * Caller-chosen IDs other than request IDs (payment, quote IDs): the same form as {@link RequestId}, so that any of them
 * fits in a composite key segment.
 */
public final class Identifiers {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Identifiers() {}

    /**
     * Checks a caller-chosen ID.
     *
     * @param field the JSON field, for the message
     * @param value the ID, null when missing
     * @return the ID
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when missing or not 1
     *     to 128 characters of {@code [A-Za-z0-9._:-]}
     */
    public static String require(String field, String value) {
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s is required", field);
        }
        if (!FORM.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "%s %s must be 1 to 128 characters of [A-Za-z0-9._:-]", field, LedgerError.excerpt(value));
        }
        return value;
    }
}
