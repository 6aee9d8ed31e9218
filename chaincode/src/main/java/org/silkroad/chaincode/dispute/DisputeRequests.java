package org.silkroad.chaincode.dispute;

import java.util.List;
import java.util.regex.Pattern;
import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.MspId;

/** The JSON arguments of the dispute contract. Each record checks its form and throws {@code INVALID_ARGUMENT}. */
final class DisputeRequests {

    private static final int MAX_TEXT = 4000;
    private static final int MAX_EVIDENCE = 50;
    /** A reference to something on the ledger: printable ASCII without spaces, e.g. {@code trade:document:INV-1}. */
    private static final Pattern REFERENCE = Pattern.compile("[\\x21-\\x7E]{1,256}");

    private DisputeRequests() {}

    static String text(String field, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_TEXT) {
            throw LedgerError.INVALID_ARGUMENT.exception("%s must be 1 to %d characters, not blank", field, MAX_TEXT);
        }
        return value;
    }

    /** {@code {"disputeId","escrowId","seat":"MYMSP","claim","evidence":[ref...]}} */
    record File(String disputeId, String escrowId, MspId seat, String claim, List<String> evidence) {
        File {
            Identifiers.require("disputeId", disputeId);
            Identifiers.require("escrowId", escrowId);
            if (seat == null) {
                throw LedgerError.INVALID_ARGUMENT.exception("seat is required: the MSP ID of the court's state");
            }
            text("claim", claim);
            if (evidence == null || evidence.size() > MAX_EVIDENCE) {
                throw LedgerError.INVALID_ARGUMENT.exception("evidence must be a list of at most %d references",
                        MAX_EVIDENCE);
            }
            for (String reference : evidence) {
                if (reference == null || !REFERENCE.matcher(reference).matches()) {
                    throw LedgerError.INVALID_ARGUMENT.exception(
                            "evidence reference %s must be 1 to 256 printable characters without spaces",
                            LedgerError.excerpt(reference));
                }
            }
            evidence = List.copyOf(evidence);
        }
    }

    /**
     * {@code {"disputeId","outcome":"release"|"refund"|"split","currency"?,"toSeller"?,"toBuyer"?,"reasons"}}: a split
     * states its amounts and the currency they are in (the escrow's held currency, checked).
     */
    record Rule(String disputeId, String outcome, CurrencyCode currency, Long toSeller, Long toBuyer, String reasons) {
        Rule {
            Identifiers.require("disputeId", disputeId);
            if (!Ruling.RELEASE.equals(outcome) && !Ruling.REFUND.equals(outcome) && !Ruling.SPLIT.equals(outcome)) {
                throw LedgerError.INVALID_ARGUMENT.exception("outcome %s must be release, refund or split",
                        LedgerError.excerpt(outcome));
            }
            if (Ruling.SPLIT.equals(outcome)) {
                if (currency == null || toSeller == null || toBuyer == null || toSeller < 0 || toBuyer < 0) {
                    throw LedgerError.INVALID_ARGUMENT.exception(
                            "a split states currency, toSeller and toBuyer, each a count of minor units >= 0");
                }
            } else if (currency != null || toSeller != null || toBuyer != null) {
                throw LedgerError.INVALID_ARGUMENT.exception("only a split states amounts; %s follows the escrow",
                        outcome);
            }
            text("reasons", reasons);
        }
    }

    /** {@code {"disputeId"}} */
    record DisputeOnly(String disputeId) {
        DisputeOnly {
            Identifiers.require("disputeId", disputeId);
        }
    }
}
