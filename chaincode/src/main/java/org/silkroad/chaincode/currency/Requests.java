package org.silkroad.chaincode.currency;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.RequestId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * The JSON arguments of the currency contract's transactions. Each record checks its own form in its constructor (and
 * throws {@code INVALID_ARGUMENT}); rules that need the ledger are the contract's. Amounts are JSON integers of minor
 * units: {@code 1.5}, {@code "15"} and {@code 1e3} are refused by the mapper.
 */
final class Requests {

    /** Most notes one transaction may spend, and most outputs one payment may create. */
    static final int MAX_NOTES = 100;

    private static final Pattern TIER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Requests() {}

    static String tierName(String field, String value) {
        if (value == null || !TIER_NAME.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "%s %s must be 1 to 64 characters of [A-Za-z0-9._-]", field, LedgerError.excerpt(value));
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s is required", field);
        }
        return value;
    }

    static List<NoteId> noteIds(String field, List<NoteId> ids) {
        if (ids == null || ids.isEmpty()) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s must name at least one note", field);
        }
        if (ids.size() > MAX_NOTES) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "%s names %d notes, at most %d are allowed in one transaction", field, ids.size(), MAX_NOTES);
        }
        Set<NoteId> seen = new HashSet<>();
        for (NoteId id : ids) {
            if (id == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("%s contains null", field);
            }
            if (!seen.add(id)) {
                throw LedgerError.INVALID_ARGUMENT.exception("%s names note %s twice", field, id);
            }
        }
        return List.copyOf(ids);
    }

    /** {@code {"code":"CNY","decimals":2}} */
    record RegisterCurrency(CurrencyCode code, Integer decimals) {
        RegisterCurrency {
            required("code", code);
            required("decimals", decimals);
            if (decimals < 0 || decimals > 8) {
                throw LedgerError.INVALID_ARGUMENT.exception("decimals must be 0 to 8, got %d", decimals);
            }
        }
    }

    /** {@code {"requestId","currency","wallet","amount"}} */
    record Issue(RequestId requestId, CurrencyCode currency, WalletId wallet, Long amount) {
        Issue {
            required("requestId", requestId);
            required("currency", currency);
            required("wallet", wallet);
            Amounts.positive("amount", amount);
        }
    }

    /** {@code {"requestId","currency","notes":[noteId...]}} */
    record Redeem(RequestId requestId, CurrencyCode currency, List<NoteId> notes) {
        Redeem {
            required("requestId", requestId);
            required("currency", currency);
            notes = noteIds("notes", notes);
        }
    }

    /** One output of {@code pay}: {@code {"wallet","amount"}}. */
    record Output(WalletId wallet, Long amount) {
        Output {
            required("outputs[].wallet", wallet);
            Amounts.positive("outputs[].amount", amount);
        }
    }

    /** {@code {"paymentId","currency","inputs":[noteId...],"outputs":[{"wallet","amount"}...]}} */
    record Pay(String paymentId, CurrencyCode currency, List<NoteId> inputs, List<Output> outputs) {
        Pay {
            Identifiers.require("paymentId", paymentId);
            required("currency", currency);
            inputs = noteIds("inputs", inputs);
            if (outputs == null || outputs.isEmpty()) {
                throw LedgerError.INVALID_ARGUMENT.exception("outputs must name at least one wallet and amount");
            }
            if (outputs.size() > MAX_NOTES) {
                throw LedgerError.INVALID_ARGUMENT.exception(
                        "outputs has %d entries, at most %d are allowed", outputs.size(), MAX_NOTES);
            }
            for (Output output : outputs) {
                required("outputs[]", output);
            }
            outputs = List.copyOf(outputs);
            long total = 0;
            for (Output output : outputs) {
                total = Amounts.add(total, output.amount());
            }
        }
    }

    /** {@code {"tier","limits":{"<ccy>":{"perPayment","daily"}}}} */
    record SetTier(String tier, Map<String, TierLimit> limits) {
        SetTier {
            tierName("tier", tier);
            required("limits", limits);
            for (Map.Entry<String, TierLimit> limit : limits.entrySet()) {
                CurrencyCode.of(limit.getKey());
                required("limits." + limit.getKey(), limit.getValue());
            }
            limits = new TreeMap<>(limits);
        }
    }

    /** {@code {"wallet","tier"}} */
    record AssignTier(WalletId wallet, String tier) {
        AssignTier {
            required("wallet", wallet);
            tierName("tier", tier);
        }
    }

    /** {@code {"wallet","reason"}} */
    record Freeze(WalletId wallet, String reason) {
        Freeze {
            required("wallet", wallet);
            reasonGiven(reason);
        }
    }

    /** The reason a central bank gives for a freeze or a recovery: 1 to 512 characters, no control characters. */
    static String reasonGiven(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 512 || reason.chars().anyMatch(c -> c < 0x20)) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "reason is required: 1 to 512 characters without control characters");
        }
        return reason;
    }

    /** {@code {"paymentId","wallet","currency","notes":[noteId...],"successor","reason"}} */
    record Recover(String paymentId, WalletId wallet, CurrencyCode currency, List<NoteId> notes, WalletId successor,
            String reason) {
        Recover {
            Identifiers.require("paymentId", paymentId);
            required("wallet", wallet);
            required("currency", currency);
            notes = noteIds("notes", notes);
            required("successor", successor);
            reasonGiven(reason);
            if (successor.equals(wallet)) {
                throw LedgerError.INVALID_ARGUMENT.exception("successor must be another wallet than %s", wallet);
            }
        }
    }

    /** {@code {"wallet"}}, for unfreeze and getWallet. */
    record WalletOnly(WalletId wallet) {
        WalletOnly {
            required("wallet", wallet);
        }
    }

    /** {@code {"deviceId","caps":{"<ccy>":amount}}} */
    record RegisterDevice(String deviceId, Map<String, Long> caps) {
        RegisterDevice {
            if (!WalletId.isWellFormedName(deviceId)) {
                throw LedgerError.INVALID_ARGUMENT.exception(
                        "deviceId %s must be 1 to 128 characters of [A-Za-z0-9._@+:-]", LedgerError.excerpt(deviceId));
            }
            required("caps", caps);
            for (Map.Entry<String, Long> cap : caps.entrySet()) {
                CurrencyCode.of(cap.getKey());
                Amounts.positive("caps." + cap.getKey(), cap.getValue());
            }
            caps = new TreeMap<>(caps);
        }
    }

    /**
     * {@code {"quoteId","baseCurrency","quoteCurrency","rateNumerator","rateDenominator","maxBase","expiresAt",
     * "funding":[noteId...]}}
     */
    record PublishQuote(
            String quoteId,
            CurrencyCode baseCurrency,
            CurrencyCode quoteCurrency,
            Long rateNumerator,
            Long rateDenominator,
            Long maxBase,
            String expiresAt,
            List<NoteId> funding) {
        PublishQuote {
            Identifiers.require("quoteId", quoteId);
            required("baseCurrency", baseCurrency);
            required("quoteCurrency", quoteCurrency);
            if (baseCurrency.equals(quoteCurrency)) {
                throw LedgerError.INVALID_ARGUMENT.exception(
                        "baseCurrency and quoteCurrency are both %s; a quote converts between two currencies", baseCurrency);
            }
            Amounts.positive("rateNumerator", rateNumerator);
            Amounts.positive("rateDenominator", rateDenominator);
            Amounts.positive("maxBase", maxBase);
            expiresAt = DateTimeFormatter.ISO_INSTANT.format(instant("expiresAt", expiresAt));
            funding = noteIds("funding", funding);
        }

        Instant expiry() {
            return Instant.parse(expiresAt);
        }
    }

    /** {@code {"quoteId"}}, for closeQuote and getQuote. */
    record QuoteOnly(String quoteId) {
        QuoteOnly {
            Identifiers.require("quoteId", quoteId);
        }
    }

    /** {@code {"paymentId","quoteId","inputs":[noteId...],"baseAmount","payee","change"?}} */
    record CrossBorderPay(
            String paymentId, String quoteId, List<NoteId> inputs, Long baseAmount, WalletId payee, Long change) {
        CrossBorderPay {
            Identifiers.require("paymentId", paymentId);
            Identifiers.require("quoteId", quoteId);
            inputs = noteIds("inputs", inputs);
            Amounts.positive("baseAmount", baseAmount);
            required("payee", payee);
            if (change != null && change < 0) {
                throw LedgerError.INVALID_ARGUMENT.exception("change must not be negative, got %d", change);
            }
        }
    }

    /** {@code {"code"}} */
    record CodeOnly(CurrencyCode code) {
        CodeOnly {
            required("code", code);
        }
    }

    /** {@code {"currency"}} */
    record CurrencyOnly(CurrencyCode currency) {
        CurrencyOnly {
            required("currency", currency);
        }
    }

    /** {@code {"currency","mspId"}} */
    record Holders(CurrencyCode currency, MspId mspId) {
        Holders {
            required("currency", currency);
            required("mspId", mspId);
        }
    }

    /** {@code {"paymentId"}} */
    record PaymentOnly(String paymentId) {
        PaymentOnly {
            Identifiers.require("paymentId", paymentId);
        }
    }

    /** {@code {"wallet","limit"?,"bookmark"?}} */
    record History(WalletId wallet, Integer limit, String bookmark) {
        History {
            required("wallet", wallet);
            limit = pageLimit(limit);
            bookmark = pageBookmark(bookmark);
        }
    }

    /** {@code {"wallet","currency","limit"?,"bookmark"?}} */
    record UnspentNotes(WalletId wallet, CurrencyCode currency, Integer limit, String bookmark) {

        static final int DEFAULT_LIMIT = 100;
        static final int MAX_LIMIT = 1000;

        UnspentNotes {
            required("wallet", wallet);
            required("currency", currency);
            limit = pageLimit(limit);
            bookmark = pageBookmark(bookmark);
        }
    }

    private static int pageLimit(Integer limit) {
        if (limit == null) {
            return UnspentNotes.DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > UnspentNotes.MAX_LIMIT) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "limit must be 1 to %d, got %d", UnspentNotes.MAX_LIMIT, limit);
        }
        return limit;
    }

    private static String pageBookmark(String bookmark) {
        if (bookmark == null) {
            return "";
        }
        if (bookmark.length() > 1024) {
            throw LedgerError.INVALID_ARGUMENT.exception("bookmark is too long");
        }
        return bookmark;
    }

    private static Instant instant(String field, String text) {
        required(field, text);
        try {
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "%s %s is not an ISO-8601 instant such as 2026-01-31T12:00:00Z", field, LedgerError.excerpt(text));
        }
    }
}
