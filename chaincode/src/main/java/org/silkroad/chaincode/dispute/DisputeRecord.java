package org.silkroad.chaincode.dispute;

import java.util.List;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A dispute over an escrow, filed by one of its parties with the court of a member state, which alone can rule on it.
 * Key ({@value DisputeKeys#DISPUTE}, disputeId).
 *
 * @param disputeId the filer's ID for it
 * @param escrowId the escrow it freezes
 * @param claimant who filed it (the escrow's buyer or seller)
 * @param respondent the other party
 * @param seat the member state whose court (identities with role court of that MSP) rules
 * @param claim the claimant's statement
 * @param evidence references to what on the ledger supports the claim ({@code trade:document:INV-1}, a transaction ID,
 *     ...), as given
 * @param status {@code filed} or {@code ruled}
 * @param ruling the court's ruling, once ruled
 * @param requestHash SHA-256 of the filing request
 * @param filedAt timestamp of the filing
 * @param filedTx its transaction
 */
public record DisputeRecord(
        String disputeId,
        String escrowId,
        WalletId claimant,
        WalletId respondent,
        MspId seat,
        String claim,
        List<String> evidence,
        String status,
        Ruling ruling,
        String requestHash,
        String filedAt,
        String filedTx) {

    public static final String FILED = "filed";
    public static final String RULED = "ruled";

    public DisputeRecord {
        evidence = List.copyOf(evidence);
    }

    /**
     * @param wallet an identity
     * @return true for the claimant and the respondent
     */
    public boolean isParty(WalletId wallet) {
        return claimant.equals(wallet) || respondent.equals(wallet);
    }

    /**
     * Who lost the dispute: the buyer when the court released the money to the seller, the seller when it refunded
     * the buyer; nobody for a split.
     *
     * @param buyer the escrow's buyer
     * @param seller the escrow's seller
     * @return the losing party, or null (not ruled yet, or split)
     */
    public WalletId loser(WalletId buyer, WalletId seller) {
        if (ruling == null) {
            return null;
        }
        return switch (ruling.outcome()) {
            case Ruling.RELEASE -> buyer;
            case Ruling.REFUND -> seller;
            default -> null;
        };
    }

    DisputeRecord ruled(Ruling decided) {
        return new DisputeRecord(disputeId, escrowId, claimant, respondent, seat, claim, evidence, RULED, decided,
                requestHash, filedAt, filedTx);
    }
}
