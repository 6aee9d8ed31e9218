package org.silkroad.chaincode.trade;

/** Composite key object types of the trade contract; the attributes of each are named on its record. */
final class TradeKeys {

    /** (documentId) → {@link DocumentRecord}, its latest version */
    static final String DOCUMENT = "silkroad.trade.document";
    /** (documentId, version as 6 digits) → {@link DocumentRecord} of that version; never rewritten */
    static final String VERSION = "silkroad.trade.version";
    /** (SHA-256 of a content) → {@link HashEntry}: which document version registered that content first */
    static final String HASH = "silkroad.trade.hash";
    /** (billId) → {@link BillRecord}, with its whole chain of custody */
    static final String BILL = "silkroad.trade.bill";
    /** (SHA-256 of a document's content) → {@link PledgeRecord} */
    static final String PLEDGE = "silkroad.trade.pledge";
    /** Private data key, in the parties' collection: (documentId, version as 6 digits) → {@link PrivateContent} */
    static final String CONTENT = "silkroad.trade.content";

    private TradeKeys() {}
}
