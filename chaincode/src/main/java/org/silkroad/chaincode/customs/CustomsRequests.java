package org.silkroad.chaincode.customs;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.currency.NoteId;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;
import org.silkroad.chaincode.trade.GoodsLine;

/** The JSON arguments of the customs contract's transactions; each record checks its own form. */
final class CustomsRequests {

    private static final Pattern LOCODE = Pattern.compile("[A-Z]{2}[A-Z2-9]{3}");
    private static final Pattern CHAPTER = Pattern.compile("[0-9]{2}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    static final int MAX_PORTS = 50;
    /** Declaration IDs are shorter than other IDs: the duty references add a prefix and a suffix to them. */
    static final int MAX_DECLARATION_ID = 100;

    private CustomsRequests() {}

    static String declarationId(String value) {
        Identifiers.require("declarationId", value);
        if (value.length() > MAX_DECLARATION_ID) {
            throw LedgerError.INVALID_ARGUMENT.exception("declarationId must be at most %d characters",
                    MAX_DECLARATION_ID);
        }
        return value;
    }

    static String text(String field, String value, int max, boolean required) {
        if (value == null) {
            if (required) {
                throw LedgerError.INVALID_ARGUMENT.exception("%s is required", field);
            }
            return null;
        }
        if (value.isBlank() || value.length() > max) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s must be 1 to %d characters", field, max);
        }
        return value;
    }

    static List<GoodsLine> lines(List<GoodsLine> lines) {
        if (lines == null || lines.isEmpty() || lines.size() > 200 || lines.stream().anyMatch(java.util.Objects::isNull)) {
            throw LedgerError.INVALID_ARGUMENT.exception("lines must be 1 to 200 goods lines");
        }
        for (GoodsLine line : lines) {
            if (line.value() == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("declared line %s needs a value", line.hsCode());
            }
        }
        return List.copyOf(lines);
    }

    /** {@code {"zoneId","name","ports":["MYPKG",...]}} */
    record DefineZone(String zoneId, String name, List<String> ports) {
        DefineZone {
            Identifiers.require("zoneId", zoneId);
            CustomsRequests.text("name", name, 200, true);
            if (ports == null || ports.isEmpty() || ports.size() > MAX_PORTS || ports.stream().anyMatch(java.util.Objects::isNull)) {
                throw LedgerError.INVALID_ARGUMENT.exception("ports must name 1 to %d UN/LOCODEs", MAX_PORTS);
            }
            for (String port : ports) {
                if (!LOCODE.matcher(port).matches()) {
                    throw LedgerError.INVALID_ARGUMENT.exception("port %s is not a UN/LOCODE", LedgerError.excerpt(port));
                }
            }
            ports = List.copyOf(new TreeSet<>(ports));
        }
    }

    /**
     * {@code {"zoneId","version","effectiveFrom","currency","deMinimis","defaultRate":{"standard","preferential"},
     * "chapterRates"?:{"84":{...}},"exchangeRates"?:{"CNY":{"numerator","denominator"}},"revenueWallet",
     * "exportDeclarationRequired"?}}
     */
    record SetRules(String zoneId, Integer version, String effectiveFrom, CurrencyCode currency, Long deMinimis,
            RatePair defaultRate, Map<String, RatePair> chapterRates, Map<String, ExchangeRate> exchangeRates,
            WalletId revenueWallet, Boolean exportDeclarationRequired) {
        SetRules {
            Identifiers.require("zoneId", zoneId);
            if (version == null || version < 1) {
                throw LedgerError.INVALID_ARGUMENT.exception("version must be a positive integer");
            }
            CustomsRequests.instant("effectiveFrom", effectiveFrom);
            if (currency == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("currency is required");
            }
            if (deMinimis == null || deMinimis < 0) {
                throw LedgerError.INVALID_ARGUMENT.exception("deMinimis must be a count of minor units, 0 or more");
            }
            if (defaultRate == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("defaultRate is required");
            }
            chapterRates = new TreeMap<>(chapterRates == null ? Map.of() : chapterRates);
            for (Map.Entry<String, RatePair> entry : chapterRates.entrySet()) {
                if (!CHAPTER.matcher(entry.getKey()).matches() || entry.getValue() == null) {
                    throw LedgerError.INVALID_ARGUMENT.exception("chapterRates key %s must be a two-digit HS chapter",
                            LedgerError.excerpt(entry.getKey()));
                }
            }
            exchangeRates = new TreeMap<>(exchangeRates == null ? Map.of() : exchangeRates);
            for (Map.Entry<String, ExchangeRate> entry : exchangeRates.entrySet()) {
                CurrencyCode.of(entry.getKey());
                if (entry.getValue() == null) {
                    throw LedgerError.INVALID_ARGUMENT.exception("exchange rate for %s is null", entry.getKey());
                }
            }
            if (revenueWallet == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("revenueWallet is required");
            }
            exportDeclarationRequired = Boolean.TRUE.equals(exportDeclarationRequired);
        }
    }

    static Instant instant(String field, String value) {
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s is required", field);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s %s is not an ISO-8601 instant", field,
                    LedgerError.excerpt(value));
        }
    }

    /**
     * {@code {"declarationId","zoneId","invoiceId","billId","certificateId"?,"exportDeclarationId"?,"lines":[...],
     * "currency","origin","dutyInputs"?:[noteId...],"importer"?}}; {@code importer} when a broker declares
     */
    record DeclareImport(String declarationId, String zoneId, String invoiceId, String billId, String certificateId,
            String exportDeclarationId, List<GoodsLine> lines, CurrencyCode currency, String origin,
            List<NoteId> dutyInputs, WalletId importer) {
        DeclareImport {
            CustomsRequests.declarationId(declarationId);
            Identifiers.require("zoneId", zoneId);
            Identifiers.require("invoiceId", invoiceId);
            Identifiers.require("billId", billId);
            if (certificateId != null) {
                Identifiers.require("certificateId", certificateId);
            }
            if (exportDeclarationId != null) {
                CustomsRequests.declarationId(exportDeclarationId);
            }
            lines = CustomsRequests.lines(lines);
            if (currency == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("currency is required");
            }
            if (origin == null || !COUNTRY.matcher(origin).matches()) {
                throw LedgerError.INVALID_ARGUMENT.exception("origin must be an ISO 3166 alpha-2 code");
            }
            dutyInputs = dutyInputs == null ? List.of() : List.copyOf(dutyInputs);
        }

        /** The request without the notes, which an assessment does not need. */
        DeclareImport withoutInputs() {
            return new DeclareImport(declarationId, zoneId, invoiceId, billId, certificateId, exportDeclarationId,
                    lines, currency, origin, List.of(), importer);
        }
    }

    /** {@code {"declarationId","zoneId","invoiceId","lines":[...],"currency"}} */
    record DeclareExport(String declarationId, String zoneId, String invoiceId, List<GoodsLine> lines,
            CurrencyCode currency) {
        DeclareExport {
            CustomsRequests.declarationId(declarationId);
            Identifiers.require("zoneId", zoneId);
            Identifiers.require("invoiceId", invoiceId);
            lines = CustomsRequests.lines(lines);
            if (currency == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("currency is required");
            }
        }
    }

    /** {@code {"declarationId","reason"?}}: hold and reject need a reason, clear takes none. */
    record Decide(String declarationId, String reason) {
        Decide {
            CustomsRequests.declarationId(declarationId);
            CustomsRequests.text("reason", reason, 500, false);
        }
    }

    /** {@code {"declarationId"}} */
    record DeclarationRef(String declarationId) {
        DeclarationRef {
            CustomsRequests.declarationId(declarationId);
        }
    }

    /** {@code {"billId"}} */
    record BillRef(String billId) {
        BillRef {
            Identifiers.require("billId", billId);
        }
    }

    /** {@code {"state","zoneId","at"?}} */
    record ZoneRef(MspId state, String zoneId, String at) {
        ZoneRef {
            if (state == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("state is required");
            }
            Identifiers.require("zoneId", zoneId);
            if (at != null) {
                CustomsRequests.instant("at", at);
            }
        }
    }

    /** {@code {"broker"}}: appoint or revoke a customs broker. */
    record BrokerRef(WalletId broker) {
        BrokerRef {
            if (broker == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("broker is required");
            }
        }
    }

    /** {@code {"state"?}}: clearance statistics of one state's zones, or of all. */
    record Stats(MspId state) {}
}
