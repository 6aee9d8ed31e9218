package org.silkroad.chaincode.customs;

import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Payload of the customs contract's chaincode events: {@value CustomsContract#DECLARATION_EVENT} for every declaration
 * step, {@value CustomsContract#ZONE_EVENT} for zone and rule changes.
 *
 * @param action {@code submitted}, {@code held}, {@code cleared}, {@code rejected}; {@code zone-defined},
 *     {@code rules-set}
 * @param declarationId the declaration (declaration events)
 * @param kind import or export
 * @param state the deciding state, or the zone's state
 * @param zoneId the zone
 * @param status the declaration's status after the step
 * @param declarant who declared
 * @param importer import declarations: the importer (the declarant or the importer it is broker for)
 * @param billId the bill of lading
 * @param invoiceId the invoice
 * @param duty the duty assessed, minor units
 * @param currency the duty currency
 * @param reason customs' reason
 * @param rulesVersion rules events: the version set
 * @param txId the transaction
 * @param timestamp its timestamp
 */
public record CustomsEvent(String action, String declarationId, String kind, MspId state, String zoneId,
        String status, WalletId declarant, WalletId importer, String billId, String invoiceId, Long duty, CurrencyCode currency,
        String reason, Integer rulesVersion, String txId, String timestamp) {

    static CustomsEvent of(String action, DeclarationRecord declaration, String reason, String txId, String at) {
        DeclarationRecord.Assessment assessment = declaration.assessment();
        return new CustomsEvent(action, declaration.declarationId(), declaration.kind(), declaration.state(),
                declaration.zoneId(), declaration.status(), declaration.declarant(), declaration.importer(),
                declaration.billId(),
                declaration.invoiceId(), assessment == null ? null : assessment.duty(),
                assessment == null ? null : assessment.currency(), reason, null, txId, at);
    }
}
