package org.silkroad.chaincode.currency;

import java.util.Objects;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.WalletId;

/**
 * One payee of {@link Holdings#release}.
 *
 * @param wallet an open wallet
 * @param amount minor units, positive
 */
public record Payout(WalletId wallet, long amount) {

    /** @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT} when the amount is not positive */
    public Payout {
        Objects.requireNonNull(wallet, "wallet");
        Amounts.positive("amount", amount);
    }
}
