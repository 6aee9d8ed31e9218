package org.silkroad.chaincode.system;

import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.RequestId;

/**
 * Argument of {@code system:ping}: {@code {"requestId":"..."}}.
 *
 * @param requestId the caller's ID for this ping; a retry carries the same one
 */
public record PingRequest(RequestId requestId) {

    public PingRequest {
        if (requestId == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("requestId is required");
        }
    }
}
