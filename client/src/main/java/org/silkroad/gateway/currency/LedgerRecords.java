package org.silkroad.gateway.currency;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON of the chaincode's {@code currency} contract, as the gateway reads and writes it: amounts are integer
 * minor units here and nowhere else in the REST API. Results ignore fields this gateway does not know yet, so that
 * the chaincode can add some without breaking running gateways.
 */
final class LedgerRecords {

    private LedgerRecords() {
    }

    // Results

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CurrencyRecord(String code, int decimals, String issuerMspId, String registeredAt, String registeredTx) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record CurrencyList(List<CurrencyRecord> currencies) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record IssuanceRecord(String requestId, String issuerMspId, String currency, String wallet, long amount,
                          String noteId, String txId, String timestamp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record RedemptionRecord(String requestId, String issuerMspId, String currency, String wallet, long amount,
                            List<String> notes, String txId, String timestamp) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record WalletRecord(String walletId, String mspId, String kind, String tier, boolean frozen, String frozenReason,
                        String owner, Map<String, Long> perPaymentCap, String openedAt, String openedTx) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Note(String noteId, String currency, String owner, long amount, String createdTx) {
    }

    /** One page of a wallet's unspent notes; {@code bookmark} is present when there may be more. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record NotesPage(List<Note> notes, long total, String bookmark) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Balance(String wallet, Map<String, Long> balances) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Output(String wallet, String currency, long amount, String noteId) {
    }

    /**
     * A payment ({@code kind} "payment"), a cross-border payment ("cross-border", which fills the quote's fields) or a
     * recovery ("recovery", which names the central bank and its reason).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentRecord(String paymentId, String kind, String payer, String currency, List<String> inputs,
                         List<Output> outputs, String txId, String timestamp, String quoteId, String provider,
                         String payee, Long baseAmount, String quoteCurrency, Long quoteAmount, Long rateNumerator,
                         Long rateDenominator, String rounding, String authority, String reason) {
    }

    /** The payload of the {@code currency.Payment} chaincode event. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PaymentEvent(String paymentId, String kind, String currency, String payer, List<Output> outputs,
                        String txId, String timestamp, String quoteId) {
    }

    /** One page of the payments that touched a wallet, oldest first; {@code bookmark} when there may be more. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record HistoryPage(List<PaymentRecord> payments, String bookmark) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record QuoteRecord(String quoteId, String provider, String baseCurrency, String quoteCurrency, long rateNumerator,
                       long rateDenominator, long maxBase, long usedBase, long reserve, String expiresAt,
                       boolean closed, List<String> funding, String publishedAt, String publishedTx, String closedAt,
                       String closedTx, String returnedNoteId, Long returnedAmount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TierLimit(Long perPayment, Long daily) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TierRecord(String mspId, String tier, Map<String, TierLimit> limits, String updatedAt, String updatedTx) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Audit(String currency, long issued, long redeemed, long outstanding, long unspentNotes, long quoteReserves,
                 long escrowed, boolean balanced, long noteCount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Holders(String currency, String mspId, List<Holder> wallets, long amount, long notes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Holder(String wallet, long amount, long notes) {
    }

    // Arguments (the chaincode refuses unknown fields, so each carries exactly what its transaction takes)

    record RegisterCurrency(String code, int decimals) {
    }

    record Issue(String requestId, String currency, String wallet, long amount) {
    }

    record Redeem(String requestId, String currency, List<String> notes) {
    }

    record PayOutput(String wallet, long amount) {
    }

    record Pay(String paymentId, String currency, List<String> inputs, List<PayOutput> outputs) {
    }

    record SetTier(String tier, Map<String, TierLimit> limits) {
    }

    record AssignTier(String wallet, String tier) {
    }

    record Freeze(String wallet, String reason) {
    }

    record Recover(String paymentId, String wallet, String currency, List<String> notes, String successor,
                   String reason) {
    }

    record WalletOnly(String wallet) {
    }

    record RegisterDevice(String deviceId, Map<String, Long> caps) {
    }

    record PublishQuote(String quoteId, String baseCurrency, String quoteCurrency, long rateNumerator,
                        long rateDenominator, long maxBase, String expiresAt, List<String> funding) {
    }

    record QuoteOnly(String quoteId) {
    }

    record CrossBorderPay(String paymentId, String quoteId, List<String> inputs, long baseAmount, String payee) {
    }

    record CodeOnly(String code) {
    }

    record CurrencyOnly(String currency) {
    }

    record HoldersOf(String currency, String mspId) {
    }

    record PaymentOnly(String paymentId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record History(String wallet, Integer limit, String bookmark) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UnspentNotes(String wallet, String currency, Integer limit, String bookmark) {
    }
}
