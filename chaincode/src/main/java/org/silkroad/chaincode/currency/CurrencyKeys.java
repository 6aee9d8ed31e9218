package org.silkroad.chaincode.currency;

/** Composite key object types of the currency contract; the attributes of each are named on its record. */
final class CurrencyKeys {

    /** (code) → {@link CurrencyRecord} */
    static final String CURRENCY = "silkroad.currency.currency";
    /** (code) → {@link SupplyRecord} */
    static final String SUPPLY = "silkroad.currency.supply";
    /** (walletId) → {@link WalletRecord} */
    static final String WALLET = "silkroad.currency.wallet";
    /** (owner walletId, currency, noteId) → {@link NoteRecord}, present while unspent */
    static final String NOTE = "silkroad.currency.note";
    /** (noteId) → {@link SpentNote} */
    static final String SPENT = "silkroad.currency.spent";
    /** (paymentId) → {@link PaymentRecord} */
    static final String PAYMENT = "silkroad.currency.payment";
    /** (issuer MSP ID, requestId) → {@link IssuanceRecord} */
    static final String ISSUANCE = "silkroad.currency.issuance";
    /** (issuer MSP ID, requestId) → {@link RedemptionRecord} */
    static final String REDEMPTION = "silkroad.currency.redemption";
    /** (MSP ID, tier name) → {@link TierRecord} */
    static final String TIER = "silkroad.currency.tier";
    /** (walletId, currency, UTC date) → {@link DailyOutflow} */
    static final String OUTFLOW = "silkroad.currency.outflow";
    /** (walletId, zero-padded epoch nanoseconds of the tx, paymentId) → {@link HistoryEntry}; written, never read, by payments */
    static final String HISTORY = "silkroad.currency.history";
    /** (quoteId) → {@link QuoteRecord} */
    static final String QUOTE = "silkroad.currency.quote";

    /** (reference) → {@link PaymentRecord} of kind hold or release, written by {@link Holdings} for other contracts */
    static final String HOLDING = "silkroad.currency.holding";

    private CurrencyKeys() {}
}
