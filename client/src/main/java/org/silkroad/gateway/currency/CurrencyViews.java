package org.silkroad.gateway.currency;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What the currency endpoints answer. Every amount is a decimal string of the currency's major units with exactly
 * its decimals ({@code "12.30"} CNY); note, transaction and request IDs are the ledger's.
 */
public final class CurrencyViews {

    private CurrencyViews() {
    }

    @Schema(description = "A registered currency")
    public record CurrencyView(
            @Schema(example = "CNY") String code,
            @Schema(description = "fraction digits of an amount (minor units per major unit = 10^decimals)",
                    example = "2") int decimals,
            @Schema(description = "the member state whose central bank alone issues and redeems it", example = "CNMSP")
            String issuerMspId,
            String registeredAt,
            String registeredTx) {
    }

    @Schema(description = "Registered currencies, by code")
    public record CurrencyList(List<CurrencyView> currencies) {
    }

    @Schema(description = "New money issued as one note into a wallet")
    public record IssuanceView(String requestId, String currency, String wallet,
                               @Schema(example = "1000.00") String amount, String noteId, String txId,
                               String timestamp) {
    }

    @Schema(description = "Money retired from the central bank's own wallet")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RedemptionView(
            String requestId, String currency, String wallet, @Schema(example = "250.00") String amount,
            @Schema(description = "the notes retired") List<String> notes, String txId, String timestamp,
            @Schema(description = "the pay-to-self that first split the central bank's notes to exactly the amount")
            String splitPaymentId) {
    }

    @Schema(description = "A wallet: holdings are its notes (see balance), this is its standing")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WalletView(
            @Schema(example = "CNMSP/business-1") String walletId,
            String mspId,
            @Schema(description = "standard or device") String kind,
            String tier,
            boolean frozen,
            String frozenReason,
            @Schema(description = "device wallets: the wallet of the business that registered it") String owner,
            @Schema(description = "device wallets: per currency, the most one payment may send to others")
            Map<String, String> perPaymentCap,
            String openedAt,
            String openedTx) {
    }

    @Schema(description = "A wallet's holdings: the sum of its unspent notes per currency")
    public record BalanceView(String wallet, Map<String, String> balances) {
    }

    @Schema(description = "A note a payment created")
    public record OutputView(String wallet, String currency, @Schema(example = "12.34") String amount,
                             String noteId) {
    }

    @Schema(description = "A payment as recorded on the ledger")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentView(
            String paymentId,
            @Schema(description = "payment, cross-border, recovery (a central bank moved a frozen wallet's notes, or "
                    + "its currency from a wallet of a state that left), or hold and release (another contract's "
                    + "account)") String kind,
            String payer,
            @Schema(description = "currency of the inputs (cross-border: the base currency)") String currency,
            @Schema(description = "the notes spent") List<String> inputs,
            @Schema(description = "the notes created, in output order") List<OutputView> outputs,
            String txId,
            String timestamp,
            @Schema(description = "cross-border: the quote used") String quoteId,
            @Schema(description = "cross-border: the quote's provider, who received the base amount") String provider,
            @Schema(description = "cross-border: who received the quote currency") String payee,
            @Schema(description = "cross-border: paid in the base currency") String baseAmount,
            String quoteCurrency,
            @Schema(description = "cross-border: received in the quote currency") String quoteAmount,
            Long rateNumerator,
            Long rateDenominator,
            String rounding,
            @Schema(description = "recovery: the central bank (MSP ID) that moved the notes") String authority,
            @Schema(description = "recovery: the reason it gave") String reason) {
    }

    @Schema(description = "What a recovery moved: the transactions of this request (a retry lists the same ones)")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecoveryView(
            String wallet,
            String successor,
            String currency,
            @Schema(description = "major units moved by the transactions listed") String moved,
            @Schema(description = "notes moved by the transactions listed") int notes,
            @Schema(description = "false when the wallet still holds notes in the currency: repeat the same request "
                    + "to move the rest") boolean complete,
            @Schema(description = "one payment of kind recovery per transaction, in order")
            List<PaymentView> payments) {
    }

    @Schema(description = "One page of the payments that touched a wallet, oldest first")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentPage(
            List<PaymentView> payments,
            @Schema(description = "present when there may be more: pass it back as `bookmark` for the next page")
            String bookmark) {
    }

    @Schema(description = "A currency.Payment event concerning the streamed wallet")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PaymentEventView(long blockNumber, String paymentId, String kind, String currency, String payer,
                                   List<OutputView> outputs, String txId, String timestamp, String quoteId) {
    }

    @Schema(description = "A bank's standing offer to convert base currency into quote currency")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QuoteView(
            String quoteId,
            String provider,
            String baseCurrency,
            String quoteCurrency,
            @Schema(description = "major units of quote currency per major unit of base currency, exact when it has at "
                    + "most 18 fraction digits, else rounded half-even to 18", example = "0.65") String rate,
            @Schema(description = "the exact rate in minor units: quote minor units per base minor unit = "
                    + "rateNumerator / rateDenominator") long rateNumerator,
            long rateDenominator,
            @Schema(description = "the most base currency it accepts in total") String maxBase,
            @Schema(description = "base currency accepted so far") String usedBase,
            @Schema(description = "quote currency still held to pay out (0 once closed)") String reserve,
            String expiresAt,
            boolean closed,
            @Schema(description = "the provider's notes spent into the reserve") List<String> funding,
            String publishedAt,
            String publishedTx,
            String closedAt,
            String closedTx,
            String returnedNoteId,
            String returnedAmount) {
    }

    @Schema(description = "A limit tier of a member state's wallets")
    public record TierView(String mspId, String tier, Map<String, LimitView> limits, String updatedAt,
                           String updatedTx) {
    }

    @Schema(description = "Limits in one currency; an absent limit is no limit")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LimitView(
            @Schema(description = "the most one payment may send to others", example = "500.00") String perPayment,
            @Schema(description = "the most a wallet may send to others per UTC day", example = "2000.00")
            String daily) {
    }

    @Schema(description = "What the wallets of one state hold in a currency (after a state leaves, what the currency's "
            + "issuer may take back from them with a recovery)")
    public record HoldersView(
            String currency,
            @Schema(description = "the state (MSP ID)", example = "BEMSP") String state,
            @Schema(description = "each wallet of the state holding the currency, in wallet ID order")
            List<HolderView> wallets,
            @Schema(description = "their sum, in major units") String amount,
            @Schema(description = "how many unspent notes they hold") long notes) {
    }

    @Schema(description = "One wallet's unspent notes in the currency")
    public record HolderView(String wallet, @Schema(description = "in major units") String amount, long notes) {
    }

    @Schema(description = "A currency's money invariant, recomputed from the whole ledger: "
            + "issued - redeemed = unspentNotes + quoteReserves + escrowed")
    public record AuditView(String currency, String issued, String redeemed, String outstanding, String unspentNotes,
                            String quoteReserves, String escrowed, boolean balanced, long noteCount) {
    }
}
