package org.silkroad.chaincode.customs;

/** Composite key object types of the customs contract; the attributes of each are named on its record. */
final class CustomsKeys {

    /** (state MSP ID, zoneId) → {@link ZoneRecord} */
    static final String ZONE = "silkroad.customs.zone";
    /** (state MSP ID, zoneId, version as 6 digits) → {@link RulesRecord}; never rewritten */
    static final String RULES = "silkroad.customs.rules";
    /** (UN/LOCODE) → {@link PortEntry}: the zone a port belongs to */
    static final String PORT = "silkroad.customs.port";
    /** (declarationId) → {@link DeclarationRecord} */
    static final String DECLARATION = "silkroad.customs.declaration";
    /** (billId) → {@link DeclarationIndex}: the bill's latest import declaration */
    static final String BY_BILL = "silkroad.customs.bybill";
    /** (invoiceId) → {@link DeclarationIndex}: the invoice's latest export declaration */
    static final String EXPORT_BY_INVOICE = "silkroad.customs.exportbyinvoice";

    /** (importer walletId, broker walletId) → {@link BrokerRecord}: the importer lets the broker declare for it */
    static final String BROKER = "silkroad.customs.broker";

    private CustomsKeys() {}
}
