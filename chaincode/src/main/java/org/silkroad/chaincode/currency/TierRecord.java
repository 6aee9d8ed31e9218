package org.silkroad.chaincode.currency;

import java.util.Map;
import java.util.TreeMap;
import org.silkroad.chaincode.shared.MspId;

/**
 * A limit tier a central bank defined for the wallets of its state, under key ({@value CurrencyKeys#TIER}, MSP ID,
 * tier name). Currencies absent from {@code limits} are unlimited; a tier never defined (e.g. {@code "default"} before
 * the central bank sets it) limits nothing.
 *
 * @param mspId the state
 * @param tier the name
 * @param limits per currency code
 * @param updatedAt timestamp of the last setTier
 * @param updatedTx its transaction
 */
public record TierRecord(MspId mspId, String tier, Map<String, TierLimit> limits, String updatedAt, String updatedTx) {

    public TierRecord {
        limits = new TreeMap<>(limits);
    }
}
