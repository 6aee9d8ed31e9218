package org.silkroad.chaincode.currency;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * An open wallet, under key ({@value CurrencyKeys#WALLET}, walletId). Its holdings are its notes, not a field here, so
 * receiving money never writes this record.
 *
 * @param walletId {@code <MSP ID>/<name>}
 * @param mspId the wallet's member state (its jurisdiction)
 * @param kind standard or device
 * @param tier the name of the limit tier its central bank assigned, {@code "default"} until then
 * @param frozen true while its central bank has frozen it: it cannot pay, it can still receive
 * @param frozenReason the central bank's reason, while frozen
 * @param owner for a device: the wallet of the business that registered it
 * @param perPaymentCap for a device: per currency, the most one payment may send to others (currencies absent: the
 *     device cannot pay in them)
 * @param openedAt timestamp of the transaction that opened it
 * @param openedTx that transaction's ID
 */
public record WalletRecord(
        WalletId walletId,
        MspId mspId,
        WalletKind kind,
        String tier,
        boolean frozen,
        String frozenReason,
        WalletId owner,
        Map<String, Long> perPaymentCap,
        String openedAt,
        String openedTx) {

    public WalletRecord {
        Objects.requireNonNull(walletId, "walletId");
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tier, "tier");
        perPaymentCap = perPaymentCap == null ? null : new TreeMap<>(perPaymentCap);
    }

    WalletRecord withTier(String newTier) {
        return new WalletRecord(walletId, mspId, kind, newTier, frozen, frozenReason, owner, perPaymentCap, openedAt,
                openedTx);
    }

    WalletRecord withFrozen(boolean nowFrozen, String reason) {
        return new WalletRecord(walletId, mspId, kind, tier, nowFrozen, nowFrozen ? reason : null, owner, perPaymentCap,
                openedAt, openedTx);
    }

    WalletRecord withCaps(Map<String, Long> caps) {
        return new WalletRecord(walletId, mspId, kind, tier, frozen, frozenReason, owner, caps, openedAt, openedTx);
    }
}
