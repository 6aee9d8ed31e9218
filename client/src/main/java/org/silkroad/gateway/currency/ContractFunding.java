package org.silkroad.gateway.currency;


import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.stereotype.Component;

/**
 * Money at the REST edge for other features (escrow, disputes, credit): decimal strings to and from minor units with
 * the currency's registered decimals, and the caller's own wallet ID. Spending the caller's notes in another
 * contract's transaction is {@link ContractDeposits}.
 */
@Component
public class ContractFunding {

    private final Currencies currencies;

    ContractFunding(Currencies currencies) {
        this.currencies = currencies;
    }

    /**
     * Reads a positive decimal amount of a registered currency.
     *
     * @param field the request field, for the problem detail
     * @return minor units
     * @throws org.silkroad.gateway.shared.GatewayProblem 400 when the text is not a positive amount with at most the
     *     currency's decimals
     * @throws org.silkroad.gateway.shared.LedgerException {@code UNKNOWN_CURRENCY} when no such currency is registered
     */
    public long minorUnits(FabricIdentity as, String field, String decimal, String currency) {
        return Money.parsePositive(field, decimal, currencies.require(as, currency)).minorUnits();
    }

    /**
     * The caller's own wallet ID, {@code <MSP ID>/<enrollment ID>}, as the chaincode names it.
     *
     * @throws org.silkroad.gateway.shared.GatewayProblem 403 when the certificate has no usable enrollment ID
     */
    public String ownWallet(FabricIdentity as) {
        return Wallets.own(as);
    }

    /** Writes minor units of a registered currency as a decimal string ({@code 1234} MYR = {@code "12.34"}). */
    public String decimal(FabricIdentity as, String currency, long minorUnits) {
        return currencies.format(as, currency, minorUnits);
    }
}
