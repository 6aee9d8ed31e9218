package org.silkroad.chaincode.currency;

import java.util.List;
import java.util.Objects;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A payment as recorded, under key ({@value CurrencyKeys#PAYMENT}, paymentId), and the result of {@code pay} and
 * {@code crossBorderPay} and {@code recover}. The cross-border and recovery fields are absent (null) where they do not
 * apply.
 *
 * @param paymentId the caller's ID for the payment; a retry carries the same
 * @param kind {@code "payment"}, {@code "cross-border"}, {@code "recovery"} (a central bank moved a frozen wallet's
 *     notes to its successor, or its own currency's notes out of a wallet of a state that left), or those of
 *     {@link Holdings}
 * @param requestHash SHA-256 (hex) of the canonical request JSON, to tell a retry from another payment under the ID
 * @param payer the paying wallet (the caller's own; for a recovery, the wallet the notes were moved out of)
 * @param currency the currency of the inputs (for cross-border: the base currency)
 * @param inputs the notes spent
 * @param outputs the notes created, in output index order
 * @param txId the transaction
 * @param timestamp its timestamp, ISO-8601 UTC
 * @param quoteId cross-border: the quote used
 * @param provider cross-border: the quote's provider, who received the base amount
 * @param payee cross-border: who received the quote currency
 * @param baseAmount cross-border: base-currency minor units paid to the provider
 * @param quoteCurrency cross-border: the payee's currency
 * @param quoteAmount cross-border: quote-currency minor units paid to the payee out of the reserve
 * @param rateNumerator cross-border: the quote's rate numerator
 * @param rateDenominator cross-border: the quote's rate denominator
 * @param rounding cross-border: how the conversion rounds
 * @param authority recovery: the central bank (its MSP ID) that moved the notes
 * @param reason recovery: the reason the central bank gave
 */
public record PaymentRecord(
        String paymentId,
        String kind,
        String requestHash,
        WalletId payer,
        CurrencyCode currency,
        List<NoteId> inputs,
        List<PaymentOutput> outputs,
        String txId,
        String timestamp,
        String quoteId,
        WalletId provider,
        WalletId payee,
        Long baseAmount,
        CurrencyCode quoteCurrency,
        Long quoteAmount,
        Long rateNumerator,
        Long rateDenominator,
        String rounding,
        MspId authority,
        String reason) {

    /** {@link #kind} of a payment in one currency. */
    public static final String PAYMENT = "payment";

    /** {@link #kind} of a payment converted through a quote. */
    public static final String CROSS_BORDER = "cross-border";

    /** {@link #kind} of a frozen wallet's notes moved to its successor by the wallet's central bank. */
    public static final String RECOVERY = "recovery";

    public PaymentRecord {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payer, "payer");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
