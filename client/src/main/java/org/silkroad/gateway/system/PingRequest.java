package org.silkroad.gateway.system;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A ping: proof that the caller can write to the ledger.
 *
 * @param requestId chosen by the caller; a retry with the same ID returns the first record and writes nothing
 */
public record PingRequest(
        @NotNull @Pattern(regexp = PingRequest.REQUEST_ID, message = PingRequest.REQUEST_ID_RULE) String requestId) {

    /** The request IDs the gateway accepts (the chaincode applies the same rule). */
    public static final String REQUEST_ID = "[A-Za-z0-9._:-]{1,128}";
    static final String REQUEST_ID_RULE = "must be 1 to 128 characters from A-Z a-z 0-9 . _ : -";
}
