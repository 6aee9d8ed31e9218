package org.silkroad.chaincode.currency;

import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.RequestId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * An issuance, under key ({@value CurrencyKeys#ISSUANCE}, issuer MSP ID, requestId), and the result of {@code issue}.
 *
 * @param requestId the central bank's request ID
 * @param requestHash SHA-256 (hex) of the canonical request JSON
 * @param issuerMspId the issuing state
 * @param currency the currency
 * @param wallet the receiving wallet
 * @param amount minor units issued
 * @param noteId the new note
 * @param txId the transaction
 * @param timestamp its timestamp
 */
public record IssuanceRecord(
        RequestId requestId,
        String requestHash,
        MspId issuerMspId,
        CurrencyCode currency,
        WalletId wallet,
        long amount,
        NoteId noteId,
        String txId,
        String timestamp) {}
