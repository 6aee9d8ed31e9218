package org.silkroad.chaincode.customs;

import java.util.List;
import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.currency.Held;
import org.silkroad.chaincode.currency.PaymentOutput;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;
import org.silkroad.chaincode.trade.GoodsLine;

/**
 * An import or export declaration, key ({@value CustomsKeys#DECLARATION}, declarationId), with its assessment and every
 * step. The key's endorsement policy is "a peer of the deciding state", so only that state's customs decides.
 *
 * @param declarationId the declarant's ID
 * @param kind {@code import} or {@code export}
 * @param state the deciding state: the destination state for an import, the exporter's state for an export
 * @param zoneId the zone declared in
 * @param rulesVersion the version of the zone's rules in force at submission, under which it was assessed
 * @param declarant who submitted it (the importer, its broker, or the exporter); the duty deposit is the declarant's
 * @param importer import: the importer the goods are for (the declarant, or the importer that appointed it broker)
 * @param invoiceId the commercial invoice
 * @param billId the bill of lading (import)
 * @param certificateId the certificate of origin (import, optional)
 * @param exportDeclarationId the exporter state's cleared export declaration, when its zone requires one
 * @param lines the goods as declared (= the invoice's lines)
 * @param invoiceCurrency the invoice's currency
 * @param origin ISO alpha-2 country of origin declared
 * @param assessment the duty computed under the rules (import)
 * @param deposit the duty the importer deposited, held by the declaration's account until the decision
 * @param status {@code submitted}, {@code held}, {@code cleared} or {@code rejected}
 * @param steps every step, oldest first
 * @param payout the notes the decision paid (cleared: to the revenue wallet; rejected: the refund)
 * @param submittedAt timestamp of the submission
 * @param decidedAt timestamp of the clearance or rejection
 * @param clearanceMillis decidedAt - submittedAt for a cleared declaration, the zone's clearance time
 * @param requestHash SHA-256 of the submission, to tell a retry from a different request
 */
public record DeclarationRecord(
        String declarationId,
        String kind,
        MspId state,
        String zoneId,
        int rulesVersion,
        WalletId declarant,
        WalletId importer,
        String invoiceId,
        String billId,
        String certificateId,
        String exportDeclarationId,
        List<GoodsLine> lines,
        CurrencyCode invoiceCurrency,
        String origin,
        Assessment assessment,
        Held deposit,
        String status,
        List<Step> steps,
        List<PaymentOutput> payout,
        String submittedAt,
        String decidedAt,
        Long clearanceMillis,
        String requestHash) {

    public static final String IMPORT = "import";
    public static final String EXPORT = "export";
    public static final String SUBMITTED = "submitted";
    public static final String HELD = "held";
    public static final String CLEARED = "cleared";
    public static final String REJECTED = "rejected";

    public DeclarationRecord {
        lines = List.copyOf(lines);
        steps = List.copyOf(steps);
    }

    /** @return true once cleared */
    public boolean cleared() {
        return CLEARED.equals(status);
    }

    /** @return true while customs may still decide (submitted or held) */
    public boolean open() {
        return SUBMITTED.equals(status) || HELD.equals(status);
    }

    DeclarationRecord decided(String newStatus, Step step, List<PaymentOutput> paid, String decidedAt,
            Long clearanceMillis) {
        List<Step> all = new java.util.ArrayList<>(steps);
        all.add(step);
        return new DeclarationRecord(declarationId, kind, state, zoneId, rulesVersion, declarant, importer, invoiceId,
                billId,
                certificateId, exportDeclarationId, lines, invoiceCurrency, origin, assessment, deposit, newStatus, all,
                paid, submittedAt, decidedAt, clearanceMillis, requestHash);
    }

    /**
     * One step of a declaration.
     *
     * @param status the status it led to
     * @param by who took it
     * @param reason customs' reason (hold, reject)
     * @param txId the transaction
     * @param timestamp its timestamp
     */
    public record Step(String status, WalletId by, String reason, String txId, String timestamp) {}

    /**
     * The duty owed, computed deterministically from the declaration and the rules.
     *
     * @param currency the duty currency (the zone's)
     * @param customsValue the goods' value in minor units of {@code currency}, converted line by line (floor)
     * @param deMinimis the threshold applied
     * @param belowDeMinimis true when no duty is owed because customsValue < deMinimis
     * @param preferential true when a valid certificate of origin from a member state gave the preferential rates
     * @param duty the total duty in minor units
     * @param lines per line: value converted, rate and duty (floor of customs value × rate / 10000)
     * @param rounding how amounts were rounded, stated on every assessment
     */
    public record Assessment(CurrencyCode currency, long customsValue, long deMinimis, boolean belowDeMinimis,
            boolean preferential, long duty, List<LineDuty> lines, String rounding) {}

    /**
     * @param hsCode the line's HS code
     * @param customsValue its value in the duty currency
     * @param rateBasisPoints the rate applied
     * @param duty the line's duty
     */
    public record LineDuty(String hsCode, long customsValue, int rateBasisPoints, long duty) {}
}
