package org.silkroad.gateway.system;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A ping as the chaincode recorded it.
 *
 * @param chaincodeVersion the chaincode version that wrote it
 * @param creatorMspId     MSP of the identity that submitted it
 * @param creatorRole      {@code silkroad.role} of that identity
 * @param requestId        the caller's request ID
 * @param timestamp        the transaction timestamp (the chaincode never reads a clock)
 * @param txId             the transaction that wrote the record (the first one, for a retried request)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PingRecord(String chaincodeVersion, String creatorMspId, String creatorRole, String requestId,
                         String timestamp, String txId) {
}
