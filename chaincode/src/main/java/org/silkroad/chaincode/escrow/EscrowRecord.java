package org.silkroad.chaincode.escrow;

import java.util.List;
import org.silkroad.chaincode.currency.Held;
import org.silkroad.chaincode.currency.PaymentOutput;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A buyer's money locked for one trade until its conditions hold (then the seller is paid and the buyer gets the bill
 * of lading, in one transaction), its expiry passes (then the buyer may take it back), or a court rules. Key
 * ({@value EscrowKeys#ESCROW}, escrowId).
 *
 * @param escrowId the buyer's ID for it
 * @param buyer who locked the money, {@code <MSP ID>/<enrollment ID>}
 * @param seller who is paid on settlement
 * @param invoiceRef the commercial invoice of the trade
 * @param billId the bill of lading of the shipment
 * @param conditions what must hold before settlement
 * @param expiresAt from this transaction time on, the buyer may take the money back (if nothing else happened)
 * @param price what the seller receives, in the seller's currency
 * @param quoteId for a hedged escrow, the liquidity provider's quote the buyer's money was converted at (its base
 *     currency is the buyer's)
 * @param baseAmount for a hedged escrow, what the buyer paid in the quote's base currency
 * @param held the note the escrow's account holds: {@code held.amount} ≥ {@code price.amount} (a conversion rounded
 *     down may leave a small surplus, which goes back to the buyer)
 * @param custodian the escrow's holder ID for the bill of lading and account ID for the money,
 *     {@code <seller's MSP ID>/escrow:<escrowId>}: the seller's state endorses every move of the bill in custody
 * @param status {@code funded}, {@code disputed}, {@code settled}, {@code refunded} or {@code ruled}
 * @param billDeposited true once the seller put the bill into the escrow's custody
 * @param deliveryConfirmedAt when the named eHub confirmed delivery
 * @param deliveryConfirmedTx its transaction
 * @param disputeId the dispute that froze (or ruled on) the escrow
 * @param payouts the notes the escrow paid out when it closed
 * @param billTo who the bill of lading went to when the escrow closed (absent when it never held the bill)
 * @param closedBy who triggered the close (any party for a settlement, the buyer for a refund, the court)
 * @param closedAt timestamp of the close
 * @param closedTx transaction of the close
 * @param requestHash SHA-256 of the creating request, to tell a retry from a different request
 * @param createdAt timestamp of the creation
 * @param createdTx its transaction
 */
public record EscrowRecord(
        String escrowId,
        WalletId buyer,
        WalletId seller,
        String invoiceRef,
        String billId,
        Conditions conditions,
        String expiresAt,
        Price price,
        String quoteId,
        Long baseAmount,
        Held held,
        WalletId custodian,
        String status,
        boolean billDeposited,
        String deliveryConfirmedAt,
        String deliveryConfirmedTx,
        String disputeId,
        List<PaymentOutput> payouts,
        WalletId billTo,
        WalletId closedBy,
        String closedAt,
        String closedTx,
        String requestHash,
        String createdAt,
        String createdTx) {

    public static final String FUNDED = "funded";
    public static final String DISPUTED = "disputed";
    public static final String SETTLED = "settled";
    public static final String REFUNDED = "refunded";
    public static final String RULED = "ruled";

    public EscrowRecord {
        payouts = payouts == null ? null : List.copyOf(payouts);
    }

    /** @return true once the funds have left the escrow */
    public boolean closed() {
        return SETTLED.equals(status) || REFUNDED.equals(status) || RULED.equals(status);
    }

    /**
     * @param wallet an identity
     * @return true for the buyer and the seller
     */
    public boolean isParty(WalletId wallet) {
        return buyer.equals(wallet) || seller.equals(wallet);
    }

    EscrowRecord withBillDeposited() {
        return new EscrowRecord(escrowId, buyer, seller, invoiceRef, billId, conditions, expiresAt, price, quoteId,
                baseAmount, held, custodian, status, true, deliveryConfirmedAt, deliveryConfirmedTx, disputeId, payouts,
                billTo, closedBy, closedAt, closedTx, requestHash, createdAt, createdTx);
    }

    EscrowRecord withDeliveryConfirmed(String at, String tx) {
        return new EscrowRecord(escrowId, buyer, seller, invoiceRef, billId, conditions, expiresAt, price, quoteId,
                baseAmount, held, custodian, status, billDeposited, at, tx, disputeId, payouts, billTo, closedBy,
                closedAt, closedTx, requestHash, createdAt, createdTx);
    }

    EscrowRecord disputed(String dispute) {
        return new EscrowRecord(escrowId, buyer, seller, invoiceRef, billId, conditions, expiresAt, price, quoteId,
                baseAmount, held, custodian, DISPUTED, billDeposited, deliveryConfirmedAt, deliveryConfirmedTx, dispute,
                payouts, billTo, closedBy, closedAt, closedTx, requestHash, createdAt, createdTx);
    }

    EscrowRecord closed(String newStatus, List<PaymentOutput> paid, WalletId bill, WalletId by, String at, String tx) {
        return new EscrowRecord(escrowId, buyer, seller, invoiceRef, billId, conditions, expiresAt, price, quoteId,
                baseAmount, held, custodian, newStatus, billDeposited, deliveryConfirmedAt, deliveryConfirmedTx,
                disputeId, paid, bill, by, at, tx, requestHash, createdAt, createdTx);
    }
}
