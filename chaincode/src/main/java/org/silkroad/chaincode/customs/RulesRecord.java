package org.silkroad.chaincode.customs;

import java.util.Map;
import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * One version of a zone's rules, key ({@value CustomsKeys#RULES}, state, zoneId, version). In force from
 * {@code effectiveFrom} until the next version's; a declaration is assessed under the version in force at its
 * submission's transaction time, and records which one.
 *
 * @param state the zone's state
 * @param zoneId the zone
 * @param version 1, 2, ...
 * @param effectiveFrom ISO-8601 UTC; never before the transaction that set it, so no rule applies retroactively
 * @param currency the currency duty is paid in (the state's digital currency)
 * @param deMinimis a consignment whose customs value is below this (minor units of {@code currency}) owes no duty
 * @param defaultRate rates for HS chapters not listed
 * @param chapterRates rates by HS chapter (two digits)
 * @param exchangeRates customs rates for invoice currencies other than {@code currency}
 * @param revenueWallet the customs revenue wallet duty is paid into, of this state
 * @param exportDeclarationRequired goods loaded at a port of this zone need a cleared export declaration before the
 *     destination state accepts their import declaration
 * @param setBy the customs identity that set them
 * @param txId the transaction
 * @param setAt its timestamp
 */
public record RulesRecord(
        MspId state,
        String zoneId,
        int version,
        String effectiveFrom,
        CurrencyCode currency,
        long deMinimis,
        RatePair defaultRate,
        Map<String, RatePair> chapterRates,
        Map<String, ExchangeRate> exchangeRates,
        WalletId revenueWallet,
        boolean exportDeclarationRequired,
        WalletId setBy,
        String txId,
        String setAt) {

    /** @return the rates of an HS chapter */
    public RatePair ratesFor(String chapter) {
        RatePair rates = chapterRates.get(chapter);
        return rates == null ? defaultRate : rates;
    }
}
