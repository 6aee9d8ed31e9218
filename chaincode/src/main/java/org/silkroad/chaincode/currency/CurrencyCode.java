package org.silkroad.chaincode.currency;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.silkroad.chaincode.shared.LedgerError;

/**
 * A currency's code: three upper-case letters (ISO 4217 style: CNY, MYR, RWF). Only the form is checked; which codes
 * exist is what central banks have registered.
 *
 * @param value the code
 */
public record CurrencyCode(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Z]{3}");

    /** @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT} when not three letters A-Z */
    public CurrencyCode {
        if (value == null || !FORM.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "currency code %s must be three letters A-Z", LedgerError.excerpt(value));
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static CurrencyCode of(String value) {
        return new CurrencyCode(value);
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
