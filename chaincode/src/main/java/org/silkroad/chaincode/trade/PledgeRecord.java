package org.silkroad.chaincode.trade;

/**
 * Whether a document (by content hash) stands pledged as collateral, key ({@value TradeKeys#PLEDGE}, contentHash). Every
 * bank of every state can see that it is pledged, so none lends against it twice; none can see by whom or for how much:
 * the record holds only {@code commitment = SHA-256(canonical JSON {bank, pledgeId, amount, currency, salt})}, the terms
 * having come as transient data. The pledging bank releases it by presenting the same terms.
 *
 * <p>Limit: the transaction's creator is in the block, so a member state that reads blocks can see which bank
 * submitted the pledge; the terms stay hidden.
 *
 * @param contentHash the pledged document's content hash
 * @param status {@code pledged} or {@code released}
 * @param commitment the commitment to the pledge's bank and terms
 * @param pledgedAt timestamp of the pledge
 * @param pledgeTx its transaction
 * @param releasedAt timestamp of the release
 * @param releaseTx its transaction
 */
public record PledgeRecord(String contentHash, String status, String commitment, String pledgedAt, String pledgeTx,
        String releasedAt, String releaseTx) {

    public static final String PLEDGED = "pledged";
    public static final String RELEASED = "released";

    /** @return true while the pledge stands */
    public boolean pledged() {
        return PLEDGED.equals(status);
    }

    /** @return what any bank may see: the status and times, without the commitment */
    PledgeRecord publicView() {
        return new PledgeRecord(contentHash, status, null, pledgedAt, pledgeTx, releasedAt, releaseTx);
    }
}
