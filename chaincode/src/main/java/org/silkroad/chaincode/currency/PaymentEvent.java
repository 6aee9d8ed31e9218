package org.silkroad.chaincode.currency;

import java.util.List;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Payload of the chaincode event {@value CurrencyContract#PAYMENT_EVENT}, one per payment transaction: what a
 * receiving wallet's gateway needs to learn of new notes without querying.
 *
 * @param paymentId the payment
 * @param kind {@code "payment"} or {@code "cross-border"}
 * @param currency the payer's currency
 * @param payer the paying wallet
 * @param outputs every note created (for cross-border: both legs, each with its currency)
 * @param txId the transaction
 * @param timestamp its timestamp
 * @param quoteId cross-border only: the quote used
 */
public record PaymentEvent(
        String paymentId,
        String kind,
        CurrencyCode currency,
        WalletId payer,
        List<PaymentOutput> outputs,
        String txId,
        String timestamp,
        String quoteId) {

    static PaymentEvent of(PaymentRecord payment) {
        return new PaymentEvent(payment.paymentId(), payment.kind(), payment.currency(), payment.payer(),
                payment.outputs(), payment.txId(), payment.timestamp(), payment.quoteId());
    }
}
