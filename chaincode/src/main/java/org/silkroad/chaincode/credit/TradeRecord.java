package org.silkroad.chaincode.credit;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.WalletId;

/**
 * What the ledger records about a business's trading, computed from the ledger alone at one transaction time, with
 * every figure explained by the entries it counts. Banks use it as a basis for attestations; the business sees the
 * same record and can contest entries, and its contests are shown with the record.
 *
 * @param business the business
 * @param computedAt the transaction timestamp of the query that computed it
 * @param escrows settled escrows as buyer or seller: count and volume per currency, and every escrow the business is a
 *     party to
 * @param disputes disputes the business filed, disputes it lost, and every dispute it is a party to
 * @param customs customs holds and rejections of the business's declarations
 * @param contests the business's contests of entries in this record, oldest ID first
 */
public record TradeRecord(
        WalletId business,
        String computedAt,
        EscrowFigures escrows,
        DisputeFigures disputes,
        CustomsFigures customs,
        List<ContestRecord> contests) {

    private static final Pattern REFERENCE = Pattern.compile("(escrow|dispute|customs):[A-Za-z0-9._:-]{1,128}");

    public TradeRecord {
        contests = List.copyOf(contests);
    }

    /** Checks a reference to an entry of the record: {@code escrow:<id>}, {@code dispute:<id>} or {@code customs:<id>}. */
    static String requireReference(String field, String value) {
        if (value == null || !REFERENCE.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "%s entry %s must be escrow:<id>, dispute:<id> or customs:<id>", field, LedgerError.excerpt(value));
        }
        return value;
    }

    /**
     * @param settledCount escrows that settled (delivery versus payment) with the business as buyer or seller
     * @param settledVolume their prices added up per currency, minor units
     * @param entries every escrow the business is a party to, by escrow ID
     */
    public record EscrowFigures(int settledCount, Map<String, Long> settledVolume, List<EscrowEntry> entries) {
        public EscrowFigures {
            settledVolume = Map.copyOf(settledVolume);
            entries = List.copyOf(entries);
        }
    }

    /**
     * @param reference {@code escrow:<escrowId>}
     * @param role {@code buyer} or {@code seller}
     * @param status the escrow's status
     * @param currency the price's currency
     * @param amount the price, minor units
     * @param closedAt when it closed, if it did
     * @param closedTx the closing transaction
     */
    public record EscrowEntry(String reference, String role, String status, String currency, long amount,
                              String closedAt, String closedTx) {}

    /**
     * @param filed disputes the business filed
     * @param lost disputes ruled against the business (money released to the other party when it was the buyer,
     *     refunded when it was the seller; a split counts for neither)
     * @param entries every dispute the business is a party to, by dispute ID
     */
    public record DisputeFigures(int filed, int lost, List<DisputeEntry> entries) {
        public DisputeFigures {
            entries = List.copyOf(entries);
        }
    }

    /**
     * @param reference {@code dispute:<disputeId>}
     * @param escrowId the escrow disputed
     * @param filedByBusiness whether the business filed it
     * @param status {@code filed} or {@code ruled}
     * @param outcome the ruling's outcome, once ruled
     * @param lost whether the ruling went against the business
     * @param ruledTx the ruling's transaction
     */
    public record DisputeEntry(String reference, String escrowId, boolean filedByBusiness, String status,
                               String outcome, boolean lost, String ruledTx) {}

    /**
     * @param holds customs decisions holding the business's goods
     * @param rejections customs decisions rejecting its declarations
     * @param entries those decisions, in declaration order
     */
    public record CustomsFigures(int holds, int rejections, List<CustomsEntry> entries) {
        public CustomsFigures {
            entries = List.copyOf(entries);
        }
    }

    /**
     * @param reference {@code customs:<declarationId>}
     * @param state the customs administration's state
     * @param decision {@code held} or {@code rejected}
     * @param reason the customs' stated reason
     * @param decidedTx the decision's transaction
     */
    public record CustomsEntry(String reference, String state, String decision, String reason, String decidedTx) {}
}
