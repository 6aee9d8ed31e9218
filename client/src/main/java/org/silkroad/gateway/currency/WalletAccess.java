package org.silkroad.gateway.currency;

import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who may follow a wallet's payments (its history and its stream). The ledger lets any member read every block, so
 * this is the gateway's own rule, not a ledger guarantee: a wallet's payments are for its holder, the business that
 * owns it when it is a device wallet, and the central bank and regulator of the wallet's state. Balances and a
 * wallet's standing stay readable by every caller, as the chaincode allows (a payer checks that a payee is open).
 */
@Component
class WalletAccess {

    private final CurrencyLedger ledger;

    WalletAccess(CurrencyLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * @throws GatewayProblem 403 FORBIDDEN when the caller may not follow the wallet's payments
     */
    void requirePaymentsVisible(FabricIdentity caller, String wallet) {
        if (wallet.equals(Wallets.own(caller))) {
            return;
        }
        boolean sameState = caller.mspId().equals(Wallets.mspIdOf(wallet));
        String role = caller.role().orElse("");
        if (sameState && (role.equals("central-bank") || role.equals("regulator"))) {
            return;
        }
        if (sameState) {
            try {
                LedgerRecords.WalletRecord record = ledger.getWallet(caller, wallet);
                if ("device".equals(record.kind()) && Wallets.own(caller).equals(record.owner())) {
                    return;
                }
            } catch (LedgerException e) {
                if (e.kind() != LedgerException.Kind.REJECTED) {
                    throw e;
                }
            }
        }
        throw GatewayProblem.of(HttpStatus.FORBIDDEN, "FORBIDDEN", ("Only the holder of wallet %s, and the central "
                + "bank and regulator of its state, may follow its payments.").formatted(wallet));
    }
}
