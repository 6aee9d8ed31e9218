package org.silkroad.chaincode.trade;

/**
 * A document's content in the parties' private data collection, key ({@value TradeKeys#CONTENT}, documentId, version).
 *
 * @param documentId the document
 * @param version its version
 * @param contentHash SHA-256 of the content, as on the public record
 * @param mediaType what the content is, as the registering caller said ({@code application/pdf})
 * @param content the content, base64
 */
record PrivateContent(String documentId, int version, String contentHash, String mediaType, String content) {}
