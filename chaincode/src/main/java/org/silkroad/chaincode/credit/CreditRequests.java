package org.silkroad.chaincode.credit;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;
import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.WalletId;

/**
 * The JSON arguments (and transient payloads) of the credit contract. Each record checks its form in its constructor
 * and throws {@code INVALID_ARGUMENT}; rules that need the ledger are the contract's.
 */
final class CreditRequests {

    /** The transient map key under which attestation details travel (never in arguments). */
    static final String DETAILS = "details";

    private static final Pattern BAND = Pattern.compile("[A-Za-z0-9+-]{1,16}");
    private static final Pattern SALT = Pattern.compile("[A-Za-z0-9_-]{32,128}");
    private static final int MAX_TEXT = 2000;
    private static final int MAX_ITEMS = 50;

    private CreditRequests() {}

    static <T> T required(String field, T value) {
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s is required", field);
        }
        return value;
    }

    static String text(String field, String value) {
        required(field, value);
        if (value.isBlank() || value.length() > MAX_TEXT) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s must be 1 to %d characters, not blank", field, MAX_TEXT);
        }
        return value;
    }

    /** Parses an ISO-8601 instant and returns it in the canonical form ({@link DateTimeFormatter#ISO_INSTANT}). */
    static String instant(String field, String value) {
        required(field, value);
        try {
            return DateTimeFormatter.ISO_INSTANT.format(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "%s %s is not an ISO-8601 instant such as 2026-12-31T00:00:00Z", field, LedgerError.excerpt(value));
        }
    }

    /** {@code {"attestationId","subject","validFrom","validUntil"}}; the details travel in transient data. */
    record Attest(String attestationId, WalletId subject, String validFrom, String validUntil) {
        Attest {
            Identifiers.require("attestationId", attestationId);
            required("subject", subject);
            validFrom = instant("validFrom", validFrom);
            validUntil = instant("validUntil", validUntil);
            if (!Instant.parse(validFrom).isBefore(Instant.parse(validUntil))) {
                throw LedgerError.INVALID_ARGUMENT.exception(
                        "validFrom %s must be before validUntil %s", validFrom, validUntil);
            }
        }
    }

    /** Transient {@value #DETAILS} of {@code attest}: what the bank attests, and the salt. */
    record Details(String ratingBand, Long creditLimit, CurrencyCode currency, String basis, String salt) {
        Details {
            if (ratingBand == null || !BAND.matcher(ratingBand).matches()) {
                throw LedgerError.INVALID_ARGUMENT.exception(
                        "ratingBand %s must be 1 to 16 characters of [A-Za-z0-9+-]", LedgerError.excerpt(ratingBand));
            }
            Amounts.positive("creditLimit", creditLimit);
            required("currency", currency);
            text("basis", basis);
            if (salt == null || !SALT.matcher(salt).matches()) {
                throw LedgerError.INVALID_ARGUMENT.exception(
                        "salt must be 32 to 128 characters of base64url text ([A-Za-z0-9_-]), chosen at random");
            }
        }
    }

    /** {@code {"attestationId"}} */
    record AttestationOnly(String attestationId) {
        AttestationOnly {
            Identifiers.require("attestationId", attestationId);
        }
    }

    /** {@code {"attestationId","reason"}} */
    record Revoke(String attestationId, String reason) {
        Revoke {
            Identifiers.require("attestationId", attestationId);
            text("reason", reason);
        }
    }

    /** {@code {"attestationId","lender"}}; for a grant, the details travel in transient data. */
    record Consent(String attestationId, WalletId lender) {
        Consent {
            Identifiers.require("attestationId", attestationId);
            required("lender", lender);
        }
    }

    /** {@code {"business"}} */
    record BusinessOnly(WalletId business) {
        BusinessOnly {
            required("business", business);
        }
    }

    /** {@code {"contestId","items":[...],"statement"}} */
    record Contest(String contestId, List<String> items, String statement) {
        Contest {
            Identifiers.require("contestId", contestId);
            required("items", items);
            if (items.isEmpty() || items.size() > MAX_ITEMS) {
                throw LedgerError.INVALID_ARGUMENT.exception("items must name 1 to %d entries of the record", MAX_ITEMS);
            }
            for (String item : items) {
                TradeRecord.requireReference("items", item);
            }
            items = List.copyOf(items);
            text("statement", statement);
        }
    }
}
