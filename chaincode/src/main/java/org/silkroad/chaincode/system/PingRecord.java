package org.silkroad.chaincode.system;

import java.util.Objects;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.RequestId;
import org.silkroad.chaincode.shared.Role;

/**
 * What a ping leaves on the ledger, and what it returns.
 *
 * @param requestId the caller's request ID, also the record's key
 * @param txId the transaction that wrote the record
 * @param creatorMspId the member state of the identity that submitted it
 * @param creatorRole that identity's role, null (left out of the JSON) when it has none
 * @param timestamp the transaction timestamp, ISO-8601 UTC
 * @param chaincodeVersion the version of the chaincode that wrote the record
 */
public record PingRecord(
        RequestId requestId,
        String txId,
        MspId creatorMspId,
        Role creatorRole,
        String timestamp,
        String chaincodeVersion) {

    public PingRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(creatorMspId, "creatorMspId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(chaincodeVersion, "chaincodeVersion");
    }
}
