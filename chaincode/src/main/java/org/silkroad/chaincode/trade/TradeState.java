package org.silkroad.chaincode.trade;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.StateKeys;
import org.silkroad.chaincode.shared.Stored;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;

/** Typed point reads and writes of the trade contract's documents and pledges for one transaction. */
final class TradeState {

    private final ChaincodeStub stub;

    TradeState(ChaincodeStub stub) {
        this.stub = stub;
    }

    private String key(String objectType, String... attributes) {
        return StateKeys.composite(objectType, attributes);
    }

    private <T> Stored<T> read(String key, Class<T> type) {
        return Stored.read(stub, key, type);
    }

    static String versionText(int version) {
        return String.format(Locale.ROOT, "%06d", version);
    }

    Stored<DocumentRecord> document(String documentId) {
        return read(key(TradeKeys.DOCUMENT, documentId), DocumentRecord.class);
    }

    Stored<DocumentRecord> requireDocument(String documentId) {
        Stored<DocumentRecord> stored = document(documentId);
        if (stored == null) {
            throw LedgerError.NOT_FOUND.exception("no document %s is registered", documentId);
        }
        return stored;
    }

    Stored<DocumentRecord> requireVersion(String documentId, int version) {
        Stored<DocumentRecord> stored =
                read(key(TradeKeys.VERSION, documentId, versionText(version)), DocumentRecord.class);
        if (stored == null) {
            throw LedgerError.NOT_FOUND.exception("document %s has no version %d", documentId, version);
        }
        return stored;
    }

    HashEntry hashEntry(String contentHash) {
        Stored<HashEntry> stored = read(key(TradeKeys.HASH, contentHash), HashEntry.class);
        return stored == null ? null : stored.value();
    }

    /**
     * The first registration of a document again: the same issuer and request return version 1; anything else under
     * the ID is {@code CONFLICT}.
     *
     * @return version 1 as stored, or null when the ID is free
     */
    Stored<DocumentRecord> retriedRegistration(String documentId, WalletId issuer, String requestHash) {
        Stored<DocumentRecord> existing = document(documentId);
        if (existing == null) {
            return null;
        }
        Stored<DocumentRecord> first = requireVersion(documentId, 1);
        if (first.value().issuer().equals(issuer) && requestHash.equals(first.value().requestHash())) {
            return first;
        }
        throw LedgerError.CONFLICT.exception("document ID %s is registered already (by %s, transaction %s)",
                documentId, first.value().issuer(), first.value().txId());
    }

    DocumentRecord registerDocument(String documentId, DocumentType type, WalletId issuer, List<WalletId> parties,
            String contentHash, String mediaType, KeyElements elements, String requestHash, byte[] content) {
        return writeVersion(documentId, type, 1, issuer, parties, contentHash, mediaType, elements, requestHash,
                content);
    }

    /**
     * Writes a new version: public record (latest and versioned), hash index (first registration of a content wins),
     * private content in the parties' collection.
     *
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code HASH_MISMATCH}, {@code INVALID_ARGUMENT} (content
     *     missing where the parties' collection must receive it)
     */
    DocumentRecord writeVersion(String documentId, DocumentType type, int version, WalletId issuer,
            List<WalletId> parties, String contentHash, String mediaType, KeyElements elements, String requestHash,
            byte[] content) {
        String collection = TradeContract.collectionFor(parties);
        if (content != null) {
            String actual = Digests.sha256Hex(content);
            if (!actual.equals(contentHash)) {
                throw LedgerError.HASH_MISMATCH.exception("the content hashes to %s, the request states %s", actual,
                        contentHash);
            }
        } else if (collection != null) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "the content is required as transient data '%s': the parties' states keep it in %s",
                    TradeRequests.CONTENT, collection);
        }
        DocumentRecord record = new DocumentRecord(documentId, type, version, issuer, parties, contentHash, collection,
                elements, DocumentRecord.ACTIVE, null, requestHash, TxTime.iso(stub), stub.getTxId());
        rewriteVersion(record);
        String hashKey = key(TradeKeys.HASH, contentHash);
        if (hashEntry(contentHash) == null) {
            stub.putState(hashKey, Json.bytes(new HashEntry(contentHash, documentId, version)));
        }
        if (collection != null) {
            stub.putPrivateData(collection, key(TradeKeys.CONTENT, documentId, versionText(version)),
                    Json.bytes(new PrivateContent(documentId, version, contentHash, mediaType,
                            Base64.getEncoder().encodeToString(content))));
        }
        return record;
    }

    /** Writes a version's record, and the latest record (a version is only rewritten when the latest is voided). */
    void rewriteVersion(DocumentRecord record) {
        byte[] bytes = Json.bytes(record);
        stub.putState(key(TradeKeys.VERSION, record.documentId(), versionText(record.version())), bytes);
        stub.putState(key(TradeKeys.DOCUMENT, record.documentId()), bytes);
    }

    PrivateContent requireContent(DocumentRecord document) {
        String key = key(TradeKeys.CONTENT, document.documentId(), versionText(document.version()));
        byte[] bytes = stub.getPrivateData(document.collection(), key);
        if (bytes == null || bytes.length == 0) {
            throw LedgerError.NOT_FOUND.exception("the content of document %s version %d is not on this peer",
                    document.documentId(), document.version());
        }
        return Json.parseState(bytes, PrivateContent.class, key);
    }

    Stored<PledgeRecord> pledge(String contentHash) {
        return read(key(TradeKeys.PLEDGE, contentHash), PledgeRecord.class);
    }

    void writePledge(PledgeRecord pledge) {
        stub.putState(key(TradeKeys.PLEDGE, pledge.contentHash()), Json.bytes(pledge));
    }
}
