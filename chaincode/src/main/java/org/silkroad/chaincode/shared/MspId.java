package org.silkroad.chaincode.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * The MSP ID of a member state's organisation: its ISO 3166-1 alpha-2 code followed by {@code MSP} ({@code CNMSP},
 * {@code MYMSP}, {@code RWMSP}).
 *
 * <p>Only the form is checked. Which states are members is the channel configuration's business, not the chaincode's:
 * a state joins without a chaincode change. The form is not checked against a list of ISO codes either, because the
 * JDK's list changes between JDK builds and every endorsing peer must reach the same verdict.
 *
 * @param value the MSP ID, compared exactly (case-sensitive)
 */
public record MspId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Z]{2}MSP");

    /**
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when the value is
     *     not of the form
     */
    public MspId {
        if (!isWellFormed(value)) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "MSP ID %s is not of the form <ISO 3166 alpha-2 code>MSP", LedgerError.excerpt(value));
        }
    }

    /**
     * Reads an MSP ID, e.g. from a JSON argument.
     *
     * @param value the text
     * @return the MSP ID
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when malformed
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MspId of(String value) {
        return new MspId(value);
    }

    /**
     * Tells whether a text has the form of a member state's MSP ID.
     *
     * @param value any text, may be null
     * @return true for e.g. {@code "CNMSP"}, false for {@code "cnmsp"}, {@code "Org1MSP"} or null
     */
    public static boolean isWellFormed(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    /**
     * The state's ISO 3166-1 alpha-2 code.
     *
     * @return e.g. {@code "CN"} for {@code CNMSP}
     */
    public String countryCode() {
        return value.substring(0, 2);
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
