package org.silkroad.chaincode.credit;

import java.time.Instant;
import java.util.List;
import org.silkroad.chaincode.shared.WalletId;

/**
 * The public face of a credit attestation: who attested about whom, for when, and the salted hash of the details. Key
 * ({@value CreditKeys#ATTESTATION}, attestationId).
 *
 * @param attestationId the bank's ID for it
 * @param subject the business
 * @param attester the bank, {@code <MSP ID>/<enrollment ID>}
 * @param validFrom start of validity (inclusive)
 * @param validUntil end of validity (exclusive)
 * @param detailsHash SHA-256 of the canonical JSON of {@link AttestationDetails}
 * @param status {@code active} or {@code revoked}
 * @param collections the private data collections holding the details from the start (the bank's own state's, and the
 *     subject's pair when the subject is of another state), sorted
 * @param attestedAt timestamp of the attestation
 * @param attestedTx its transaction
 * @param revokedAt when revoked
 * @param revokedTx the revoking transaction
 * @param revocationReason the bank's words
 */
public record AttestationRecord(
        String attestationId,
        WalletId subject,
        WalletId attester,
        String validFrom,
        String validUntil,
        String detailsHash,
        String status,
        List<String> collections,
        String attestedAt,
        String attestedTx,
        String revokedAt,
        String revokedTx,
        String revocationReason) {

    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    public AttestationRecord {
        collections = List.copyOf(collections);
    }

    /** @return true unless revoked */
    public boolean active() {
        return ACTIVE.equals(status);
    }

    /**
     * @param at a transaction timestamp
     * @return true when {@code at} lies in [validFrom, validUntil)
     */
    public boolean validAt(Instant at) {
        return !at.isBefore(Instant.parse(validFrom)) && at.isBefore(Instant.parse(validUntil));
    }

    AttestationRecord revoked(String reason, String at, String tx) {
        return new AttestationRecord(attestationId, subject, attester, validFrom, validUntil, detailsHash, REVOKED,
                collections, attestedAt, attestedTx, at, tx, reason);
    }
}
