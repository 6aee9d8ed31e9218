package org.silkroad.chaincode.escrow;

/** Composite key object types of the escrow contract; the attributes of each are named on its record. */
final class EscrowKeys {

    /** (escrowId) → {@link EscrowRecord} */
    static final String ESCROW = "silkroad.escrow.escrow";
    /** (party walletId, escrowId) → {@link PartyEntry}; written once at creation, never read by a submit transaction */
    static final String BY_PARTY = "silkroad.escrow.byParty";

    private EscrowKeys() {}
}
