package org.silkroad.chaincode.dispute;

/** Composite key object types of the dispute contract. */
final class DisputeKeys {

    /** (disputeId) → {@link DisputeRecord} */
    static final String DISPUTE = "silkroad.dispute.dispute";
    /** (party walletId, disputeId) → {@link DisputeRecord#disputeId()}; written once at filing, read by queries only */
    static final String BY_PARTY = "silkroad.dispute.byParty";

    private DisputeKeys() {}
}
