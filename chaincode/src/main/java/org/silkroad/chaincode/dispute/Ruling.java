package org.silkroad.chaincode.dispute;

import java.util.List;
import org.silkroad.chaincode.currency.PaymentOutput;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A court's final ruling on a dispute, executed in the transaction that records it.
 *
 * @param outcome {@code release} (the seller is paid as on settlement, the bill in custody goes to the buyer),
 *     {@code refund} (the buyer gets everything back, the bill returns to the seller) or {@code split} (the stated
 *     amounts; the bill goes to the buyer)
 * @param toSeller minor units of the held currency paid to the seller
 * @param toBuyer minor units paid to the buyer
 * @param reasons the court's reasons
 * @param court the judge's identity, {@code <MSP ID>/<enrollment ID>}, role court of the seat state
 * @param payouts the notes the escrow paid out
 * @param billTo who received the bill of lading in custody (absent when the escrow held none)
 * @param ruledAt timestamp
 * @param ruledTx transaction
 */
public record Ruling(
        String outcome,
        long toSeller,
        long toBuyer,
        String reasons,
        WalletId court,
        List<PaymentOutput> payouts,
        WalletId billTo,
        String ruledAt,
        String ruledTx) {

    public static final String RELEASE = "release";
    public static final String REFUND = "refund";
    public static final String SPLIT = "split";

    public Ruling {
        payouts = List.copyOf(payouts);
    }
}
