package org.silkroad.chaincode.trade;

import java.util.List;
import org.silkroad.chaincode.shared.WalletId;

/**
 * One version of a registered trade document, under ({@value TradeKeys#VERSION}, documentId, version) forever and,
 * while it is the latest, under ({@value TradeKeys#DOCUMENT}, documentId). The content itself is never here: only its
 * SHA-256, and the name of the private data collection that holds it (absent when it stays off the ledger).
 *
 * @param documentId the caller-chosen ID
 * @param type what the document is
 * @param version 1 for the registration, +1 per amendment
 * @param issuer who registered it, {@code <MSP ID>/<enrollment ID>}; only the issuer amends or voids it
 * @param parties everyone the document concerns, issuer included, sorted; their states may read the content
 * @param contentHash SHA-256 of the content, 64 lower-case hex digits
 * @param collection the private data collection of the parties' two states ({@code CN_MY}), or absent when the parties
 *     are in one state or in more than two (the content then stays with the parties, off the ledger)
 * @param elements the key data elements later steps check
 * @param status {@code active} or {@code void}
 * @param voidReason why it was voided
 * @param requestHash SHA-256 of the registering (or amending) request, to tell a retry from a different request
 * @param recordedAt timestamp of the transaction that wrote this version (or voided it)
 * @param txId that transaction
 */
public record DocumentRecord(
        String documentId,
        DocumentType type,
        int version,
        WalletId issuer,
        List<WalletId> parties,
        String contentHash,
        String collection,
        KeyElements elements,
        String status,
        String voidReason,
        String requestHash,
        String recordedAt,
        String txId) {

    public static final String ACTIVE = "active";
    public static final String VOID = "void";

    /** @return true unless voided */
    public boolean active() {
        return ACTIVE.equals(status);
    }

    DocumentRecord voided(String reason, String at, String tx) {
        return new DocumentRecord(documentId, type, version, issuer, parties, contentHash, collection, elements, VOID,
                reason, requestHash, at, tx);
    }
}
