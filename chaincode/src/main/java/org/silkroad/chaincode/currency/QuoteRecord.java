package org.silkroad.chaincode.currency;

import java.util.List;
import java.util.Objects;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A bank's standing offer to convert, under key ({@value CurrencyKeys#QUOTE}, quoteId): it takes base currency and pays
 * quote currency out of a reserve it funded with its own notes. Rate = quote-currency minor units per base-currency
 * minor unit = rateNumerator / rateDenominator.
 *
 * @param quoteId the provider's ID for it
 * @param provider the bank's wallet
 * @param baseCurrency what payers pay in
 * @param quoteCurrency what payees receive
 * @param rateNumerator the rate's numerator, positive
 * @param rateDenominator the rate's denominator, positive
 * @param maxBase the most base-currency minor units it accepts in total
 * @param usedBase base-currency minor units accepted so far
 * @param reserve quote-currency minor units still held (0 once closed)
 * @param expiresAt ISO-8601 instant; a transaction timestamped at or after it cannot use the quote
 * @param closed true once the provider closed it and took the reserve back
 * @param funding the provider's notes spent into the reserve
 * @param requestHash SHA-256 (hex) of the canonical publishQuote request
 * @param publishedAt timestamp of the publishing transaction
 * @param publishedTx its ID
 * @param closedAt timestamp of the closing transaction
 * @param closedTx its ID
 * @param returnedNoteId the note that returned the remaining reserve to the provider at close (absent if it was 0)
 * @param returnedAmount the reserve returned at close
 */
public record QuoteRecord(
        String quoteId,
        WalletId provider,
        CurrencyCode baseCurrency,
        CurrencyCode quoteCurrency,
        long rateNumerator,
        long rateDenominator,
        long maxBase,
        long usedBase,
        long reserve,
        String expiresAt,
        boolean closed,
        List<NoteId> funding,
        String requestHash,
        String publishedAt,
        String publishedTx,
        String closedAt,
        String closedTx,
        NoteId returnedNoteId,
        Long returnedAmount) {

    public QuoteRecord {
        Objects.requireNonNull(quoteId, "quoteId");
        Objects.requireNonNull(provider, "provider");
        funding = List.copyOf(funding);
    }

    QuoteRecord afterPayment(long baseAmount, long payout) {
        return new QuoteRecord(quoteId, provider, baseCurrency, quoteCurrency, rateNumerator, rateDenominator, maxBase,
                usedBase + baseAmount, reserve - payout, expiresAt, closed, funding, requestHash, publishedAt,
                publishedTx, closedAt, closedTx, returnedNoteId, returnedAmount);
    }

    QuoteRecord closedBy(String txId, String timestamp, NoteId returned) {
        return new QuoteRecord(quoteId, provider, baseCurrency, quoteCurrency, rateNumerator, rateDenominator, maxBase,
                usedBase, 0, expiresAt, true, funding, requestHash, publishedAt, publishedTx, timestamp, txId, returned,
                reserve);
    }
}
