package org.silkroad.chaincode.trade;

/**
 * Which document version first registered a content, under ({@value TradeKeys#HASH}, contentHash): lets anyone holding a
 * file find and check the document it belongs to, and lets a bank pledge a document by its hash alone.
 */
record HashEntry(String contentHash, String documentId, int version) {}
