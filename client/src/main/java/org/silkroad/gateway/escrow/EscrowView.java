package org.silkroad.gateway.escrow;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An escrow as the REST API shows it: amounts as decimal strings of major units.
 *
 * @param baseMinorUnits for a hedged escrow, what the buyer paid through the quote, in minor units of the quote's base
 *     currency
 * @param status {@code funded}, {@code disputed}, {@code settled}, {@code refunded} or {@code ruled}
 */
@Schema(description = "An escrow: the money it holds, its conditions, and how it closed")
public record EscrowView(String escrowId, String buyer, String seller, String invoiceRef, String billId,
                         EscrowLedger.Conditions conditions, String expiresAt, EscrowRequests.Amount price,
                         String quoteId, Long baseMinorUnits, Held held, String custodian, String status,
                         boolean billDeposited, String deliveryConfirmedAt, String disputeId, List<Payout> payouts,
                         String billTo, String closedBy, String closedAt, String closedTx, String createdAt,
                         String createdTx) {

    /** The note the escrow's account holds. */
    public record Held(String account, String currency, String amount, String noteId) {
    }

    /** A note the escrow paid out when it closed. */
    public record Payout(String wallet, String currency, String amount, String noteId) {
    }
}
