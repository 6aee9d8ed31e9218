package org.silkroad.chaincode.trade;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.WalletId;

/**
 * The JSON arguments of the trade contract's transactions. Each record checks its own form; rules that need the ledger
 * are the contract's. Document contents never appear here: they travel as transient data ({@value #CONTENT}).
 */
final class TradeRequests {

    /** Transient key of a document's content (the bytes whose SHA-256 is {@code contentHash}). */
    static final String CONTENT = "content";
    /** Transient key of a pledge's terms, JSON {@link PledgeTerms}. */
    static final String PLEDGE_TERMS = "pledge";

    static final int MAX_PARTIES = 10;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z]+/[a-z0-9.+-]{1,100}");

    private TradeRequests() {}

    static String sha256(String field, String value) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s %s must be a SHA-256: 64 lower-case hex digits", field,
                    LedgerError.excerpt(value));
        }
        return value;
    }

    static String reason(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw LedgerError.INVALID_ARGUMENT.exception("%s is required", field);
            }
            return null;
        }
        if (value.isBlank() || value.length() > 500) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s must be 1 to 500 characters", field);
        }
        return value;
    }

    static String mediaType(String value) {
        if (value == null) {
            return "application/octet-stream";
        }
        if (!MEDIA_TYPE.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception("mediaType %s is not a media type", LedgerError.excerpt(value));
        }
        return value;
    }

    static List<WalletId> parties(List<WalletId> parties) {
        if (parties == null) {
            return List.of();
        }
        if (parties.size() > MAX_PARTIES || parties.stream().anyMatch(java.util.Objects::isNull)) {
            throw LedgerError.INVALID_ARGUMENT.exception("parties must name at most %d parties", MAX_PARTIES);
        }
        return List.copyOf(new TreeSet<>(parties.stream().map(WalletId::value).toList()).stream().map(WalletId::of)
                .toList());
    }

    static int version(Integer version) {
        if (version == null || version < 1) {
            throw LedgerError.INVALID_ARGUMENT.exception("version must be a positive integer, got %s", version);
        }
        return version;
    }

    /** {@code {"documentId","type","parties":[...],"contentHash","mediaType"?,"elements":{...}}} */
    record Register(String documentId, DocumentType type, List<WalletId> parties, String contentHash,
            String mediaType, KeyElements elements) {
        Register {
            Identifiers.require("documentId", documentId);
            if (type == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("type is required");
            }
            if (type == DocumentType.BILL_OF_LADING) {
                throw LedgerError.INVALID_ARGUMENT.exception("a bill of lading is registered by issueBill");
            }
            parties = TradeRequests.parties(parties);
            TradeRequests.sha256("contentHash", contentHash);
            mediaType = TradeRequests.mediaType(mediaType);
            if (elements == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("elements is required");
            }
            elements.requireFor(type);
        }
    }

    /** {@code {"documentId","version" (the new one),"contentHash","mediaType"?,"elements":{...}}} */
    record Amend(String documentId, Integer version, String contentHash, String mediaType, KeyElements elements) {
        Amend {
            Identifiers.require("documentId", documentId);
            TradeRequests.version(version);
            if (version < 2) {
                throw LedgerError.INVALID_ARGUMENT.exception("an amendment is version 2 or later, got %d", version);
            }
            TradeRequests.sha256("contentHash", contentHash);
            mediaType = TradeRequests.mediaType(mediaType);
            if (elements == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("elements is required");
            }
        }
    }

    /** {@code {"documentId","reason"}} */
    record VoidDocument(String documentId, String reason) {
        VoidDocument {
            Identifiers.require("documentId", documentId);
            TradeRequests.reason("reason", reason, true);
        }
    }

    /** {@code {"documentId","version"?}} */
    record DocumentRef(String documentId, Integer version) {
        DocumentRef {
            Identifiers.require("documentId", documentId);
            if (version != null) {
                TradeRequests.version(version);
            }
        }
    }

    /** {@code {"contentHash","documentId"?,"version"?}} */
    record Verify(String contentHash, String documentId, Integer version) {
        Verify {
            TradeRequests.sha256("contentHash", contentHash);
            if (documentId != null) {
                Identifiers.require("documentId", documentId);
            }
            if (version != null) {
                TradeRequests.version(version);
                if (documentId == null) {
                    throw LedgerError.INVALID_ARGUMENT.exception("version needs documentId");
                }
            }
        }
    }

    /** {@code {"billId","shipper","parties"?,"contentHash","mediaType"?,"elements":{...}}} */
    record IssueBill(String billId, WalletId shipper, List<WalletId> parties, String contentHash, String mediaType,
            KeyElements elements) {
        IssueBill {
            Identifiers.require("billId", billId);
            if (shipper == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("shipper is required");
            }
            parties = TradeRequests.parties(parties);
            TradeRequests.sha256("contentHash", contentHash);
            mediaType = TradeRequests.mediaType(mediaType);
            if (elements == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("elements is required");
            }
            elements.requireFor(DocumentType.BILL_OF_LADING);
        }
    }

    /** {@code {"billId","version" (as the caller saw it),"newHolder","reason"?}} */
    record TransferBill(String billId, Integer version, WalletId newHolder, String reason) {
        TransferBill {
            Identifiers.require("billId", billId);
            TradeRequests.version(version);
            if (newHolder == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("newHolder is required");
            }
            TradeRequests.reason("reason", reason, false);
        }
    }

    /** {@code {"billId","version","reason"?}}: surrender (reason optional) and void (reason required). */
    record BillStep(String billId, Integer version, String reason) {
        BillStep {
            Identifiers.require("billId", billId);
            TradeRequests.version(version);
            TradeRequests.reason("reason", reason, false);
        }
    }

    /** {@code {"billId"}} */
    record BillRef(String billId) {
        BillRef {
            Identifiers.require("billId", billId);
        }
    }

    /** {@code {"contentHash","pledgeId"}}; the terms come as transient data. */
    record Pledge(String contentHash, String pledgeId) {
        Pledge {
            TradeRequests.sha256("contentHash", contentHash);
            Identifiers.require("pledgeId", pledgeId);
        }
    }

    /** {@code {"contentHash"}} */
    record HashRef(String contentHash) {
        HashRef {
            TradeRequests.sha256("contentHash", contentHash);
        }
    }

    /**
     * Transient {@value #PLEDGE_TERMS}: what the bank lends against the document. Never on the ledger; the pledge
     * record holds only a commitment to it.
     *
     * @param amount loan amount in minor units
     * @param currency the loan's currency code
     * @param salt at least 16 characters the bank keeps secret, so the commitment cannot be guessed from likely terms
     */
    record PledgeTerms(Long amount, String currency, String salt) {
        PledgeTerms {
            if (amount == null || amount <= 0) {
                throw LedgerError.INVALID_ARGUMENT.exception("pledge amount must be a positive count of minor units");
            }
            if (currency == null || !currency.matches("[A-Z]{3}")) {
                throw LedgerError.INVALID_ARGUMENT.exception("pledge currency must be a 3-letter code");
            }
            if (salt == null || salt.length() < 16 || salt.length() > 128) {
                throw LedgerError.INVALID_ARGUMENT.exception("pledge salt must be 16 to 128 characters");
            }
        }
    }
}
