package org.silkroad.chaincode.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * The caller-chosen ID of a state-changing request. A retry carries the same ID, so the ledger can return the first
 * result instead of applying the request twice.
 *
 * <p>The allowed characters exclude U+0000 and everything else that could break out of a composite key segment.
 *
 * @param value 1 to 128 characters of {@code [A-Za-z0-9._:-]}
 */
public record RequestId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /**
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when the value is
     *     null or not of the form
     */
    public RequestId {
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("requestId is required");
        }
        if (!FORM.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "requestId %s must be 1 to 128 characters of [A-Za-z0-9._:-]", LedgerError.excerpt(value));
        }
    }

    /**
     * Reads a request ID, e.g. from a JSON argument.
     *
     * @param value the text
     * @return the request ID
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when malformed
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static RequestId of(String value) {
        return new RequestId(value);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
