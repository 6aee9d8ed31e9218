package org.silkroad.gateway.caller;

import java.time.Instant;

/**
 * Who the caller is on the ledger.
 *
 * @param name    the caller's identity name at this gateway
 * @param mspId   the member state's MSP
 * @param role    {@code silkroad.role} from the enrollment certificate, as the chaincode sees it (null if none)
 * @param subject the enrollment certificate's subject (RFC 2253)
 * @param issuer  the issuing Fabric CA (RFC 2253)
 * @param certificateSerial   the enrollment certificate's serial number, lowercase hex (as Fabric CA lists it): it
 *                            changes when the state's operator re-keys the identity
 * @param certificateNotAfter when the enrollment certificate expires
 */
public record CallerView(String name, String mspId, String role, String subject, String issuer,
                         String certificateSerial, Instant certificateNotAfter) {
}
