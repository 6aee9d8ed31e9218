package org.silkroad.chaincode.shared;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The stable outcome codes of a failed chaincode transaction.
 *
 * <p>The Fabric Gateway client surfaces only the message text of a chaincode error, so the code is the first word of
 * the message ({@code "NOT_FOUND: ping r-1 does not exist"}); the payload carries the same code and facts as JSON
 * ({@code {"code":"NOT_FOUND","detail":"ping r-1 does not exist"}}) for clients that can read it. Codes are never
 * renamed: clients map them to their own errors. A contract that needs a new rule broken adds a constant here.
 */
public enum LedgerError {
    /** An argument is missing, malformed or out of range; retrying the same request cannot succeed. */
    INVALID_ARGUMENT,
    /** The object the request names does not exist on the ledger. */
    NOT_FOUND,
    /** The caller's (MSP ID, role) is not allowed to do this. */
    FORBIDDEN,
    /** The ID is already used for different content, or by a different caller. */
    CONFLICT,
    /** The contract has no transaction of the requested name. */
    UNKNOWN_TRANSACTION,
    /** The ledger holds something this chaincode cannot read: a defect, never the caller's fault. */
    INTERNAL,

    // Money (contract currency). Each code is one broken rule; see chaincode/README.md.

    /** The currency code is already registered by another central bank, or with other decimals. */
    CURRENCY_EXISTS,
    /** No currency is registered under the code. */
    UNKNOWN_CURRENCY,
    /** Only the central bank of the currency's issuing state may issue or redeem it. */
    NOT_ISSUER,
    /** The central bank acts on a wallet of another member state. */
    NOT_JURISDICTION,
    /** No wallet is open under the ID. */
    WALLET_NOT_FOUND,
    /** The paying wallet is frozen by its central bank. */
    WALLET_FROZEN,
    /** The central bank moves a wallet's notes to a successor only while the wallet is frozen. */
    WALLET_NOT_FROZEN,
    /** The note is not an unspent note of the paying wallet in the named currency (never existed, another owner's, or
     * another currency's). */
    NOTE_NOT_FOUND,
    /** The note was already spent. */
    NOTE_SPENT,
    /** The inputs do not add up to the outputs exactly. */
    UNBALANCED,
    /** The payment exceeds the per-payment or daily limit of the payer's tier. */
    LIMIT_EXCEEDED,
    /** The payment exceeds the per-payment cap its owner set for the device. */
    DEVICE_CAP_EXCEEDED,
    /** The payment ID was already used for a different payment. */
    PAYMENT_ID_REUSED,
    /** The request ID was already used for a different request. */
    REQUEST_ID_REUSED,
    /** The tier is not defined by the wallet's central bank. */
    UNKNOWN_TIER,
    /** The quote's expiry is at or before the transaction time. */
    QUOTE_EXPIRED,
    /** The quote was closed by its provider. */
    QUOTE_CLOSED,
    /** The quote cannot take this much: its maximum base amount or its reserve would be exceeded. */
    QUOTE_EXHAUSTED,
    /** The amount converts to zero minor units. */
    AMOUNT_TOO_SMALL,
    /** A sum of amounts exceeds the largest amount the ledger holds (2^63-1 minor units). */
    AMOUNT_OVERFLOW,

    // Trade documents and bills of lading (contract trade), customs clearance (contract customs).

    /** The content or file does not hash to the SHA-256 stated or registered. */
    HASH_MISMATCH,
    /** The document was voided by its issuer. */
    DOCUMENT_VOID,
    /** The caller (or the contract's expected holder) is not the bill of lading's holder. */
    NOT_HOLDER,
    /** The bill of lading was surrendered or voided; it can no longer move. */
    BILL_NOT_ACTIVE,
    /** The document is pledged as collateral already; a second pledge waits for the release of the first. */
    ALREADY_PLEDGED,
    /** The document is not pledged, or not by the caller. */
    NOT_PLEDGED,
    /** A customs authority acted on a declaration, zone or rules of another member state. */
    FOREIGN_CUSTOMS,
    /** The declaration's data contradicts the documents it references. */
    DOCUMENT_MISMATCH,
    /** No rules of the zone are in force at the transaction time. */
    NO_RULES_IN_FORCE,
    /** The declaration was already cleared or rejected. */
    DECLARATION_CLOSED,

    // Escrow, disputes and credit attestations (contracts escrow, dispute, credit); see chaincode/README.md.

    /** The escrow's release conditions do not all hold yet: settlement would release funds early. */
    ESCROW_CONDITIONS_UNMET,
    /** The escrow has not expired yet: the buyer cannot take the funds back before its expiry. */
    ESCROW_NOT_EXPIRED,
    /** The escrow is closed (settled, refunded or ruled on): its funds have left it. */
    ESCROW_CLOSED,
    /** The escrow is frozen by a dispute: only the named court's ruling moves its funds. */
    ESCROW_DISPUTED,
    /** The buyer's funding converts to less than the escrow's price. */
    ESCROW_UNDERFUNDED,
    /** The ruling comes from a court other than the seat court the dispute names. */
    WRONG_COURT,
    /** The dispute was already ruled on; a ruling is final. */
    DISPUTE_CLOSED,
    /** The ruling's split does not add up to the amount the escrow holds. */
    RULING_UNBALANCED,
    /** The subject of an attestation is not a registered business (natural persons cannot be attested about). */
    NOT_A_BUSINESS,
    /** The caller may not read the attestation's details: neither its attester, its subject nor a consented lender. */
    NO_CONSENT,
    /** The attestation was revoked by its attester. */
    ATTESTATION_REVOKED,
    /** The presented attestation details do not hash to the salted hash on the ledger. */
    ATTESTATION_MISMATCH;

    /**
     * Creates the exception to throw for this outcome.
     *
     * @param format facts of the case, a {@link String#format} pattern (formatted with {@link Locale#ROOT})
     * @param args values for {@code format}
     * @return an exception whose message is {@code "<CODE>: <facts>"} and whose payload is the JSON error
     */
    public ChaincodeException exception(String format, Object... args) {
        Objects.requireNonNull(format, "format");
        String detail = String.format(Locale.ROOT, format, args);
        return new ChaincodeException(name() + ": " + detail, Json.bytes(new Payload(name(), detail)));
    }

    /**
     * Reads the code back from an error message made by {@link #exception}.
     *
     * @param message a chaincode error message, as a client receives it; may be null
     * @return the code, or empty when the message does not start with one
     */
    public static Optional<LedgerError> fromMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        int colon = message.indexOf(": ");
        if (colon <= 0) {
            return Optional.empty();
        }
        String code = message.substring(0, colon);
        for (LedgerError error : values()) {
            if (error.name().equals(code)) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    /**
     * Shortens a caller-supplied value before it is quoted in an error message, so that a huge argument does not
     * become a huge error.
     *
     * @param value any value, may be null
     * @return the value, cut to 64 characters with its length noted when longer
     */
    public static String excerpt(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= 64 ? value : value.substring(0, 64) + "...(" + value.length() + " chars)";
    }

    private record Payload(String code, String detail) {}
}
