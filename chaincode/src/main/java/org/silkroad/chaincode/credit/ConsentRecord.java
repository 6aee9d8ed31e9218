package org.silkroad.chaincode.credit;

import org.silkroad.chaincode.shared.WalletId;

/**
 * A business's consent that a lender may read an attestation's details. Key ({@value CreditKeys#CONSENT},
 * attestationId, lender).
 *
 * @param attestationId the attestation
 * @param subject the business that consented
 * @param lender the bank it consented to, {@code <MSP ID>/<enrollment ID>}
 * @param collection the private data collection the details were copied into for the lender
 * @param status {@code granted} or {@code withdrawn}
 * @param grantedAt timestamp of the consent
 * @param grantedTx its transaction
 * @param withdrawnAt when withdrawn
 * @param withdrawnTx the withdrawing transaction
 */
public record ConsentRecord(
        String attestationId,
        WalletId subject,
        WalletId lender,
        String collection,
        String status,
        String grantedAt,
        String grantedTx,
        String withdrawnAt,
        String withdrawnTx) {

    public static final String GRANTED = "granted";
    public static final String WITHDRAWN = "withdrawn";

    /** @return true while granted */
    public boolean granted() {
        return GRANTED.equals(status);
    }

    ConsentRecord withdrawn(String at, String tx) {
        return new ConsentRecord(attestationId, subject, lender, collection, WITHDRAWN, grantedAt, grantedTx, at, tx);
    }
}
