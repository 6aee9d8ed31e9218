package org.silkroad.chaincode.currency;

import org.silkroad.chaincode.shared.WalletId;

/**
 * One note a payment created.
 *
 * @param wallet who received it
 * @param currency its currency (a cross-border payment has outputs in two currencies)
 * @param amount minor units
 * @param noteId the new note
 */
public record PaymentOutput(WalletId wallet, CurrencyCode currency, long amount, NoteId noteId) {}
