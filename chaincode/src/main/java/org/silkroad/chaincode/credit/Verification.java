package org.silkroad.chaincode.credit;

import org.silkroad.chaincode.shared.WalletId;

/**
 * The answer to "is this attestation, as presented, genuine and current?".
 *
 * @param attestationId the attestation asked about
 * @param genuine the presented details hash to the attestation's salted hash on the ledger
 * @param current genuine, not revoked, and the query's transaction time lies in the validity window
 * @param status {@code active} or {@code revoked} (absent when no such attestation exists)
 * @param subject the business it is about, from the ledger
 * @param attester the bank, from the ledger
 * @param validFrom from the ledger
 * @param validUntil from the ledger
 * @param checkedAt the transaction time the answer holds for
 * @param reason why it is not current, in words (absent when it is)
 */
public record Verification(
        String attestationId,
        boolean genuine,
        boolean current,
        String status,
        WalletId subject,
        WalletId attester,
        String validFrom,
        String validUntil,
        String checkedAt,
        String reason) {}
