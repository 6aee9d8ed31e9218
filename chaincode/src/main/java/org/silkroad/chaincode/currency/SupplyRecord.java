package org.silkroad.chaincode.currency;

/**
 * How much of a currency its central bank has issued and redeemed, in minor units, under key
 * ({@value CurrencyKeys#SUPPLY}, code). Outstanding = issued - redeemed.
 *
 * @param currency the currency
 * @param issued total ever issued
 * @param redeemed total ever redeemed
 */
public record SupplyRecord(CurrencyCode currency, long issued, long redeemed) {}
