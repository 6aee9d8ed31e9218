package org.silkroad.chaincode.currency;

import org.silkroad.chaincode.shared.WalletId;

/**
 * What a wallet has sent to others in one currency on one UTC day, under key ({@value CurrencyKeys#OUTFLOW}, wallet,
 * currency, date). Kept only for wallets whose tier has a daily limit in that currency, so that unlimited payers share
 * no counter.
 *
 * @param wallet the payer
 * @param currency the currency
 * @param date {@code yyyy-MM-dd}, UTC, of the transaction timestamps
 * @param outflow minor units sent to others that day
 */
public record DailyOutflow(WalletId wallet, CurrencyCode currency, String date, long outflow) {}
