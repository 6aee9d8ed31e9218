package org.silkroad.chaincode.escrow;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.silkroad.chaincode.currency.NoteId;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.WalletId;

/** The JSON arguments of the escrow contract. Each record checks its form and throws {@code INVALID_ARGUMENT}. */
final class EscrowRequests {

    /** Escrow IDs are shorter than other IDs: the payment references derived from them must fit in 128 characters. */
    private static final Pattern ESCROW_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_INPUTS = 100;

    private EscrowRequests() {}

    static String requireEscrowId(String value) {
        if (value == null || !ESCROW_ID.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "escrowId %s must be 1 to 64 characters of [A-Za-z0-9._:-]", LedgerError.excerpt(value));
        }
        return value;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s is required", field);
        }
        return value;
    }

    /**
     * {@code {"escrowId","seller","invoiceRef","billId","conditions":{...},"expiresAt","price":{"currency","amount"},
     * "inputs":[noteId...],"quoteId"?,"baseAmount"?}}: with a quote, the buyer's inputs are in the quote's base currency
     * and {@code baseAmount} of them is converted into the price's currency.
     */
    record Create(String escrowId, WalletId seller, String invoiceRef, String billId, Conditions conditions,
                  String expiresAt, Price price, List<NoteId> inputs, String quoteId, Long baseAmount) {
        Create {
            requireEscrowId(escrowId);
            required("seller", seller);
            if (seller.name().contains(":")) {
                throw LedgerError.INVALID_ARGUMENT.exception("seller %s is a contract account, not a party", seller);
            }
            Identifiers.require("invoiceRef", invoiceRef);
            Identifiers.require("billId", billId);
            required("conditions", conditions);
            required("expiresAt", expiresAt);
            try {
                expiresAt = DateTimeFormatter.ISO_INSTANT.format(Instant.parse(expiresAt));
            } catch (DateTimeParseException e) {
                throw LedgerError.INVALID_ARGUMENT.exception(
                        "expiresAt %s is not an ISO-8601 instant such as 2026-12-31T00:00:00Z",
                        LedgerError.excerpt(expiresAt));
            }
            required("price", price);
            if (inputs == null || inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
                throw LedgerError.INVALID_ARGUMENT.exception("inputs must name 1 to %d notes", MAX_INPUTS);
            }
            Set<NoteId> seen = new HashSet<>();
            for (NoteId input : inputs) {
                if (input == null || !seen.add(input)) {
                    throw LedgerError.INVALID_ARGUMENT.exception("inputs must name distinct notes, got %s", input);
                }
            }
            inputs = List.copyOf(inputs);
            if (quoteId != null) {
                Identifiers.require("quoteId", quoteId);
                Amounts.positive("baseAmount", baseAmount);
            } else if (baseAmount != null) {
                throw LedgerError.INVALID_ARGUMENT.exception("baseAmount is only for an escrow funded through a quote");
            }
        }

        boolean hedged() {
            return quoteId != null;
        }

        /**
         * The escrow's terms: the request without the notes it spends. A retry whose client chose other notes (the
         * first attempt's outcome was unknown, or its notes moved meanwhile) is the same escrow.
         */
        Terms terms() {
            return new Terms(escrowId, seller, invoiceRef, billId, conditions, expiresAt, price, quoteId, baseAmount);
        }
    }

    /** What a retry of {@code create} must repeat exactly; hashed into the escrow's {@code requestHash}. */
    record Terms(String escrowId, WalletId seller, String invoiceRef, String billId, Conditions conditions,
                 String expiresAt, Price price, String quoteId, Long baseAmount) {
    }

    /** {@code {"escrowId"}} */
    record EscrowOnly(String escrowId) {
        EscrowOnly {
            requireEscrowId(escrowId);
        }
    }
}
