package org.silkroad.gateway.currency;

import java.util.List;
import java.util.Optional;

import org.silkroad.gateway.currency.LedgerRecords.Audit;
import org.silkroad.gateway.currency.LedgerRecords.Balance;
import org.silkroad.gateway.currency.LedgerRecords.CurrencyList;
import org.silkroad.gateway.currency.LedgerRecords.CurrencyRecord;
import org.silkroad.gateway.currency.LedgerRecords.IssuanceRecord;
import org.silkroad.gateway.currency.LedgerRecords.NotesPage;
import org.silkroad.gateway.currency.LedgerRecords.PaymentRecord;
import org.silkroad.gateway.currency.LedgerRecords.QuoteRecord;
import org.silkroad.gateway.currency.LedgerRecords.RedemptionRecord;
import org.silkroad.gateway.currency.LedgerRecords.TierRecord;
import org.silkroad.gateway.currency.LedgerRecords.WalletRecord;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls to the chaincode's {@code currency} contract, each as the caller's own identity, with its JSON in and
 * out. No rules here: what to call with which notes is decided by the services that use it.
 */
@Component
class CurrencyLedger {

    static final String CONTRACT = "currency";
    /** The chaincode event of {@code pay}, {@code crossBorderPay} and {@code recover}. */
    static final String PAYMENT_EVENT = "currency.Payment";

    private final Ledger ledger;
    private final JsonMapper json;

    CurrencyLedger(Ledger ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    // Currencies, issuance, redemption

    CurrencyRecord registerCurrency(FabricIdentity as, String code, int decimals) {
        return submit(as, "registerCurrency", new LedgerRecords.RegisterCurrency(code, decimals), CurrencyRecord.class);
    }

    CurrencyRecord getCurrency(FabricIdentity as, String code) {
        return evaluate(as, "getCurrency", new LedgerRecords.CodeOnly(code), CurrencyRecord.class);
    }

    List<CurrencyRecord> listCurrencies(FabricIdentity as) {
        CurrencyList list = read(ledger.evaluate(as, CONTRACT, "listCurrencies"), CurrencyList.class, "listCurrencies",
                null);
        return list.currencies() == null ? List.of() : list.currencies();
    }

    IssuanceRecord issue(FabricIdentity as, String requestId, String currency, String wallet, long amount) {
        return submit(as, "issue", new LedgerRecords.Issue(requestId, currency, wallet, amount), IssuanceRecord.class);
    }

    RedemptionRecord redeem(FabricIdentity as, String requestId, String currency, List<String> notes) {
        return submit(as, "redeem", new LedgerRecords.Redeem(requestId, currency, notes), RedemptionRecord.class);
    }

    Audit audit(FabricIdentity as, String currency) {
        return evaluate(as, "audit", new LedgerRecords.CurrencyOnly(currency), Audit.class);
    }

    LedgerRecords.Holders holders(FabricIdentity as, String currency, String mspId) {
        return evaluate(as, "holders", new LedgerRecords.HoldersOf(currency, mspId), LedgerRecords.Holders.class);
    }

    // Wallets, tiers, freezes, devices

    WalletRecord openWallet(FabricIdentity as) {
        Ledger.Committed committed = ledger.submit(as, CONTRACT, "openWallet");
        return read(committed.result(), WalletRecord.class, "openWallet", committed.transactionId());
    }

    WalletRecord getWallet(FabricIdentity as, String wallet) {
        return evaluate(as, "getWallet", new LedgerRecords.WalletOnly(wallet), WalletRecord.class);
    }

    Balance balance(FabricIdentity as, String wallet) {
        return evaluate(as, "balance", new LedgerRecords.WalletOnly(wallet), Balance.class);
    }

    NotesPage unspentNotes(FabricIdentity as, String wallet, String currency, int limit, String bookmark) {
        return evaluate(as, "unspentNotes", new LedgerRecords.UnspentNotes(wallet, currency, limit, bookmark),
                NotesPage.class);
    }

    LedgerRecords.HistoryPage history(FabricIdentity as, String wallet, Integer limit, String bookmark) {
        return evaluate(as, "history", new LedgerRecords.History(wallet, limit, bookmark),
                LedgerRecords.HistoryPage.class);
    }

    TierRecord setTier(FabricIdentity as, LedgerRecords.SetTier request) {
        return submit(as, "setTier", request, TierRecord.class);
    }

    WalletRecord assignTier(FabricIdentity as, String wallet, String tier) {
        return submit(as, "assignTier", new LedgerRecords.AssignTier(wallet, tier), WalletRecord.class);
    }

    WalletRecord freeze(FabricIdentity as, String wallet, String reason) {
        return submit(as, "freeze", new LedgerRecords.Freeze(wallet, reason), WalletRecord.class);
    }

    WalletRecord unfreeze(FabricIdentity as, String wallet) {
        return submit(as, "unfreeze", new LedgerRecords.WalletOnly(wallet), WalletRecord.class);
    }

    /** Moves named notes of a frozen wallet to its successor, as the wallet's central bank. */
    PaymentRecord recover(FabricIdentity as, LedgerRecords.Recover request) {
        return submit(as, "recover", request, PaymentRecord.class);
    }

    WalletRecord registerDevice(FabricIdentity as, LedgerRecords.RegisterDevice request) {
        return submit(as, "registerDevice", request, WalletRecord.class);
    }

    // Payments

    /** A {@code pay} built but not sent: its transaction ID names the notes it will create ({@code <txId>:<i>}). */
    Submission<PaymentRecord> preparePay(FabricIdentity as, LedgerRecords.Pay request) {
        return prepare(as, "pay", request, PaymentRecord.class);
    }

    Submission<PaymentRecord> prepareCrossBorderPay(FabricIdentity as, LedgerRecords.CrossBorderPay request) {
        return prepare(as, "crossBorderPay", request, PaymentRecord.class);
    }

    /** The payment recorded under this ID, if any. */
    Optional<PaymentRecord> findPayment(FabricIdentity as, String paymentId) {
        try {
            return Optional.of(evaluate(as, "getPayment", new LedgerRecords.PaymentOnly(paymentId),
                    PaymentRecord.class));
        } catch (LedgerException e) {
            if (e.kind() == LedgerException.Kind.REJECTED && e.code().filter("NOT_FOUND"::equals).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // Quotes

    QuoteRecord publishQuote(FabricIdentity as, LedgerRecords.PublishQuote request) {
        return submit(as, "publishQuote", request, QuoteRecord.class);
    }

    QuoteRecord getQuote(FabricIdentity as, String quoteId) {
        return evaluate(as, "getQuote", new LedgerRecords.QuoteOnly(quoteId), QuoteRecord.class);
    }

    /** The quote recorded under this ID, if any. */
    Optional<QuoteRecord> findQuote(FabricIdentity as, String quoteId) {
        try {
            return Optional.of(getQuote(as, quoteId));
        } catch (LedgerException e) {
            if (e.kind() == LedgerException.Kind.REJECTED && e.code().filter("NOT_FOUND"::equals).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    QuoteRecord closeQuote(FabricIdentity as, String quoteId) {
        return submit(as, "closeQuote", new LedgerRecords.QuoteOnly(quoteId), QuoteRecord.class);
    }

    /** Reads a {@code currency.Payment} event's payload. */
    LedgerRecords.PaymentEvent paymentEvent(byte[] payload, String transactionId) {
        return read(payload, LedgerRecords.PaymentEvent.class, PAYMENT_EVENT, transactionId);
    }

    /** A transaction whose ID is known before it is submitted. */
    interface Submission<T> {
        String transactionId();

        T submit();
    }

    private <T> Submission<T> prepare(FabricIdentity as, String transaction, Object argument, Class<T> type) {
        Ledger.Prepared prepared = ledger.prepare(as, CONTRACT, transaction, json.writeValueAsString(argument));
        return new Submission<>() {
            @Override
            public String transactionId() {
                return prepared.transactionId();
            }

            @Override
            public T submit() {
                Ledger.Committed committed = prepared.submit();
                return read(committed.result(), type, transaction, committed.transactionId());
            }
        };
    }

    private <T> T submit(FabricIdentity as, String transaction, Object argument, Class<T> type) {
        Ledger.Committed committed = ledger.submit(as, CONTRACT, transaction, json.writeValueAsString(argument));
        return read(committed.result(), type, transaction, committed.transactionId());
    }

    private <T> T evaluate(FabricIdentity as, String transaction, Object argument, Class<T> type) {
        return read(ledger.evaluate(as, CONTRACT, transaction, json.writeValueAsString(argument)), type, transaction,
                null);
    }

    private <T> T read(byte[] result, Class<T> type, String transaction, String transactionId) {
        try {
            T value = json.readValue(result, type);
            if (value == null) {
                throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                        CONTRACT + ":" + transaction + " returned null", transactionId, null);
            }
            return value;
        } catch (JacksonException e) {
            throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                    CONTRACT + ":" + transaction + " returned a result that is not the expected JSON", transactionId,
                    e);
        }
    }
}
