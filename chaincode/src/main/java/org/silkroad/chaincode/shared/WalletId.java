package org.silkroad.chaincode.shared;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The ID of a wallet: {@code <MSP ID>/<name>}, e.g. {@code CNMSP/business-1}. A person's or business's wallet is named
 * by the enrollment ID its state's CA gave the identity; a device wallet by the device ID its owner registered. The
 * member state (jurisdiction) of a wallet is its MSP ID.
 *
 * @param mspId the member state the wallet belongs to
 * @param name 1 to 128 characters of {@code [A-Za-z0-9._@+:-]}; excludes {@code /}, white space and U+0000, so the ID
 *     splits unambiguously and fits in a composite key
 */
public record WalletId(MspId mspId, String name) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@+:-]{1,128}");

    /**
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when the name is not
     *     of the form
     */
    public WalletId {
        Objects.requireNonNull(mspId, "mspId");
        if (!isWellFormedName(name)) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "wallet name %s must be 1 to 128 characters of [A-Za-z0-9._@+:-]", LedgerError.excerpt(name));
        }
    }

    /**
     * Reads a wallet ID, e.g. from a JSON argument.
     *
     * @param text {@code <MSP ID>/<name>}
     * @return the wallet ID
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INVALID_ARGUMENT} when malformed
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static WalletId of(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !MspId.isWellFormed(text.substring(0, slash)) || !isWellFormedName(text.substring(slash + 1))) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "wallet %s is not of the form <MSP ID>/<name> (name: 1 to 128 characters of [A-Za-z0-9._@+:-])",
                    LedgerError.excerpt(text));
        }
        return new WalletId(new MspId(text.substring(0, slash)), text.substring(slash + 1));
    }

    /**
     * Tells whether a text can be the name part of a wallet ID.
     *
     * @param name any text, may be null
     * @return true when it is 1 to 128 characters of {@code [A-Za-z0-9._@+:-]}
     */
    public static boolean isWellFormedName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @return {@code <MSP ID>/<name>}, the form in JSON and in keys */
    @JsonValue
    public String value() {
        return mspId.value() + "/" + name;
    }

    @Override
    public String toString() {
        return value();
    }
}
