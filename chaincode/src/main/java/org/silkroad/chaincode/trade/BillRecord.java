package org.silkroad.chaincode.trade;

import java.util.List;
import org.silkroad.chaincode.shared.WalletId;

/**
 * An electronic bill of lading as a transferable record (UNCITRAL MLETR): exactly one holder, who alone can transfer or
 * surrender it. Key ({@value TradeKeys#BILL}, billId), whose key-level endorsement policy is always "a peer of the
 * holder's state", so no other state can move it. The bill's document (content hash, key data elements, private
 * content) is the trade document of the same ID, type {@code bill-of-lading}.
 *
 * @param billId the bill's ID, also its document's ID
 * @param carrier who issued it, and receives it on surrender
 * @param shipper to whom it was issued
 * @param consignee who the goods are consigned to, as the bill states
 * @param holder who holds it now; a contract custodian is {@code <MSP ID>/<contract>:<id>}
 * @param status {@code active}, {@code surrendered} or {@code void}
 * @param invoiceRef the commercial invoice the shipment belongs to
 * @param contentHash SHA-256 of the bill's content
 * @param portOfLoading UN/LOCODE
 * @param portOfDischarge UN/LOCODE
 * @param version 1 at issue, +1 per link of custody; a caller names the version it saw to transfer
 * @param custody every link, oldest first
 * @param issuedAt timestamp of the issue
 * @param updatedAt timestamp of the last link
 * @param updatedTx transaction of the last link
 */
public record BillRecord(
        String billId,
        WalletId carrier,
        WalletId shipper,
        WalletId consignee,
        WalletId holder,
        String status,
        String invoiceRef,
        String contentHash,
        String portOfLoading,
        String portOfDischarge,
        int version,
        List<CustodyEntry> custody,
        String issuedAt,
        String updatedAt,
        String updatedTx) {

    public static final String ACTIVE = "active";
    public static final String SURRENDERED = "surrendered";
    public static final String VOID = "void";

    public BillRecord {
        custody = List.copyOf(custody);
    }

    /** @return true while it can be transferred, surrendered or voided */
    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** @return true once surrendered to the carrier for delivery of the goods */
    public boolean surrendered() {
        return SURRENDERED.equals(status);
    }

    /** @return the last link of custody */
    public CustodyEntry lastLink() {
        return custody.get(custody.size() - 1);
    }
}
