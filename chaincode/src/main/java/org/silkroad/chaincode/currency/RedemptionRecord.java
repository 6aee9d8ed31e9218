package org.silkroad.chaincode.currency;

import java.util.List;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.RequestId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A redemption, under key ({@value CurrencyKeys#REDEMPTION}, issuer MSP ID, requestId), and the result of
 * {@code redeem}.
 *
 * @param requestId the central bank's request ID
 * @param requestHash SHA-256 (hex) of the canonical request JSON
 * @param issuerMspId the issuing state
 * @param currency the currency
 * @param wallet the central bank's wallet the notes were in
 * @param amount minor units retired
 * @param notes the notes retired
 * @param txId the transaction
 * @param timestamp its timestamp
 */
public record RedemptionRecord(
        RequestId requestId,
        String requestHash,
        MspId issuerMspId,
        CurrencyCode currency,
        WalletId wallet,
        long amount,
        List<NoteId> notes,
        String txId,
        String timestamp) {}
