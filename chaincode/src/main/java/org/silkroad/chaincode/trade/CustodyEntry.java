package org.silkroad.chaincode.trade;

import org.silkroad.chaincode.shared.WalletId;

/**
 * One link of a bill of lading's chain of custody. Like DCSA's eBL envelope chain, each link carries the checksum of
 * the one before, so a court holding a copy of the chain can check offline that no link was changed, dropped or
 * reordered: {@code checksum = SHA-256(canonical JSON of this entry without checksum)}, where that JSON includes
 * {@code previousChecksum} (64 zeros for the first link).
 *
 * @param sequence 1 for the issue, +1 per link
 * @param action {@code issue}, {@code transfer}, {@code surrender} or {@code void}
 * @param from the holder before (absent for the issue)
 * @param to the holder after
 * @param by the identity that signed the transaction, {@code <MSP ID>/<enrollment ID>}
 * @param contract for a transfer made by another contract in the same transaction (an escrow), that contract's name
 * @param reason the caller's words (endorsement note, void reason)
 * @param txId the transaction
 * @param timestamp its timestamp
 * @param previousChecksum the checksum of the link before
 * @param checksum this link's checksum (absent inside the JSON it is computed over)
 */
public record CustodyEntry(
        int sequence,
        String action,
        WalletId from,
        WalletId to,
        WalletId by,
        String contract,
        String reason,
        String txId,
        String timestamp,
        String previousChecksum,
        String checksum) {

    public static final String ISSUE = "issue";
    public static final String TRANSFER = "transfer";
    public static final String SURRENDER = "surrender";
    public static final String VOID = "void";

    /** The previous checksum of the first link. */
    public static final String GENESIS = "0".repeat(64);

    CustodyEntry withoutChecksum() {
        return new CustodyEntry(sequence, action, from, to, by, contract, reason, txId, timestamp, previousChecksum,
                null);
    }
}
