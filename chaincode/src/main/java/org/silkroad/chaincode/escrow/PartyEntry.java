package org.silkroad.chaincode.escrow;

/**
 * An index entry: a business is a party to an escrow, in a role. Lets a query (the trade record) find a business's
 * escrows without a scan of all of them.
 *
 * @param escrowId the escrow
 * @param role {@code buyer} or {@code seller}
 */
public record PartyEntry(String escrowId, String role) {

    public static final String BUYER = "buyer";
    public static final String SELLER = "seller";
}
