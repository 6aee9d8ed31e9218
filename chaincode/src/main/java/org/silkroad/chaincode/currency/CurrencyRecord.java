package org.silkroad.chaincode.currency;

import java.util.Objects;
import org.silkroad.chaincode.shared.MspId;

/**
 * A registered currency, under key ({@value CurrencyKeys#CURRENCY}, code).
 *
 * @param code e.g. {@code CNY}
 * @param decimals minor units per major unit as a power of ten, 0 to 8
 * @param issuerMspId the member state whose central bank alone issues and redeems it
 * @param registeredAt the registering transaction's timestamp, ISO-8601 UTC
 * @param registeredTx the registering transaction's ID
 */
public record CurrencyRecord(
        CurrencyCode code, int decimals, MspId issuerMspId, String registeredAt, String registeredTx) {

    public CurrencyRecord {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(issuerMspId, "issuerMspId");
    }
}
