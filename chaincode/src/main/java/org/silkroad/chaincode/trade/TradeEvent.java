package org.silkroad.chaincode.trade;

import java.util.List;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Payload of the trade contract's chaincode events ({@value TradeContract#DOCUMENT_EVENT},
 * {@value TradeContract#BILL_EVENT}, {@value TradeContract#PLEDGE_EVENT}): enough for a party's gateway to follow its
 * shipments without querying. Pledge events name no bank and no terms.
 *
 * @param action what happened: {@code registered}, {@code amended}, {@code voided}, {@code issued},
 *     {@code transferred}, {@code surrendered}, {@code pledged}, {@code released}
 * @param id the document or bill ID, or the content hash for pledges
 * @param type the document type
 * @param version the document's or bill's version after the step
 * @param parties who the document concerns (bills: carrier, shipper, consignee, every holder so far)
 * @param holder bills: the holder after the step
 * @param invoiceRef the invoice the document belongs to
 * @param txId the transaction
 * @param timestamp its timestamp
 */
public record TradeEvent(String action, String id, DocumentType type, Integer version, List<WalletId> parties,
        WalletId holder, String invoiceRef, String txId, String timestamp) {}
