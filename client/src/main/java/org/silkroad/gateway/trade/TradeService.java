package org.silkroad.gateway.trade;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.silkroad.gateway.shared.JsonLedger;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The trade endpoints' calls to the chaincode's {@code trade} contract, each signed by the caller's own identity.
 * Document contents travel as transient data ({@code content}); the gateway hashes them so the caller need not.
 */
@Service
class TradeService {

    static final String CONTRACT = "trade";
    /** Transient key of a document's content, as the chaincode reads it. */
    static final String CONTENT = "content";
    /** Transient key of a pledge's terms. */
    static final String PLEDGE_TERMS = "pledge";

    private final JsonLedger ledger;
    private final JsonMapper json;

    TradeService(JsonLedger ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    JsonNode register(FabricIdentity caller, TradeRequests.Registration request) {
        Content content = Content.of(request.content(), request.contentHash());
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("documentId", request.documentId());
        argument.put("type", request.type());
        argument.put("parties", request.parties() == null ? List.of() : request.parties());
        argument.put("contentHash", content.hash());
        putIfPresent(argument, "mediaType", request.mediaType());
        argument.put("elements", request.elements());
        return ledger.submit(caller, CONTRACT, "registerDocument", argument, content.transientData());
    }

    JsonNode amend(FabricIdentity caller, String documentId, int version, TradeRequests.Amendment request) {
        Content content = Content.of(request.content(), request.contentHash());
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("documentId", documentId);
        argument.put("version", version);
        argument.put("contentHash", content.hash());
        putIfPresent(argument, "mediaType", request.mediaType());
        argument.put("elements", request.elements());
        return ledger.submit(caller, CONTRACT, "amendDocument", argument, content.transientData());
    }

    JsonNode voidDocument(FabricIdentity caller, String documentId, String reason) {
        return ledger.submit(caller, CONTRACT, "voidDocument", Map.of("documentId", documentId, "reason", reason));
    }

    JsonNode document(FabricIdentity caller, String documentId, Integer version) {
        return ledger.evaluate(caller, CONTRACT, "getDocument", ref(documentId, version));
    }

    JsonNode versions(FabricIdentity caller, String documentId) {
        return ledger.evaluate(caller, CONTRACT, "documentVersions", Map.of("documentId", documentId));
    }

    /** The content of a version, decoded: bytes and media type. */
    StoredContent content(FabricIdentity caller, String documentId, Integer version) {
        JsonNode stored = ledger.evaluate(caller, CONTRACT, "getDocumentContent", ref(documentId, version));
        return new StoredContent(stored.get("mediaType").asString(),
                Base64.getDecoder().decode(stored.get("content").asString()));
    }

    record StoredContent(String mediaType, byte[] bytes) {
    }

    /** Checks a file against the ledger by its SHA-256, computed here: against a document, or any document. */
    JsonNode verify(FabricIdentity caller, byte[] file, String documentId, Integer version) {
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("contentHash", sha256(file));
        putIfPresent(argument, "documentId", documentId);
        putIfPresent(argument, "version", version);
        return ledger.evaluate(caller, CONTRACT, "verifyDocument", argument);
    }

    JsonNode issueBill(FabricIdentity caller, TradeRequests.BillIssue request) {
        Content content = Content.of(request.content(), request.contentHash());
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("billId", request.billId());
        argument.put("shipper", request.shipper());
        argument.put("parties", request.parties() == null ? List.of() : request.parties());
        argument.put("contentHash", content.hash());
        putIfPresent(argument, "mediaType", request.mediaType());
        argument.put("elements", request.elements());
        return ledger.submit(caller, CONTRACT, "issueBill", argument, content.transientData());
    }

    JsonNode bill(FabricIdentity caller, String billId) {
        return ledger.evaluate(caller, CONTRACT, "getBill", Map.of("billId", billId));
    }

    JsonNode transfer(FabricIdentity caller, String billId, TradeRequests.Transfer request) {
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("billId", billId);
        argument.put("version", request.version());
        argument.put("newHolder", request.newHolder());
        putIfPresent(argument, "reason", request.reason());
        return ledger.submit(caller, CONTRACT, "transferBill", argument);
    }

    JsonNode billStep(FabricIdentity caller, String transaction, String billId, TradeRequests.BillStep request) {
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("billId", billId);
        argument.put("version", request.version());
        putIfPresent(argument, "reason", request.reason());
        return ledger.submit(caller, CONTRACT, transaction, argument);
    }

    JsonNode pledge(FabricIdentity caller, String transaction, String contentHash, TradeRequests.Pledge request) {
        byte[] terms = json.writeValueAsBytes(Map.of("amount", request.amount(), "currency", request.currency(),
                "salt", request.salt()));
        return ledger.submit(caller, CONTRACT, transaction,
                Map.of("contentHash", contentHash, "pledgeId", request.pledgeId()), Map.of(PLEDGE_TERMS, terms));
    }

    JsonNode pledgeStatus(FabricIdentity caller, String contentHash) {
        return ledger.evaluate(caller, CONTRACT, "getPledge", Map.of("contentHash", contentHash));
    }

    /**
     * Follow-your-shipment: the bill with its custody, the invoice it belongs to, and the import declaration that
     * references it (absent until declared).
     */
    JsonNode shipment(FabricIdentity caller, String billId) {
        JsonNode bill = bill(caller, billId);
        ObjectNode view = json.createObjectNode();
        view.set("bill", bill.get("bill"));
        view.set("custodyIntact", bill.get("custodyIntact"));
        String invoiceId = bill.get("bill").get("invoiceRef").asString();
        ledger.find(caller, CONTRACT, "getDocument", Map.of("documentId", invoiceId))
                .ifPresent(invoice -> view.set("invoice", invoice));
        ledger.find(caller, "customs", "declarationForBill", Map.of("billId", billId))
                .ifPresent(declaration -> view.set("declaration", declaration));
        return view;
    }

    private static Map<String, Object> ref(String documentId, Integer version) {
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("documentId", documentId);
        putIfPresent(argument, "version", version);
        return argument;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A document's content as the request gave it: bytes (base64 in JSON) and/or the hash. */
    record Content(byte[] bytes, String hash) {
        static Content of(String base64, String statedHash) {
            if (base64 == null) {
                if (statedHash == null) {
                    throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
                            "Give the document's content (base64) or, to keep it off the ledger, its contentHash.")
                            .with("errors", List.of(Map.of("field", "content", "message", "content or contentHash")));
                }
                return new Content(null, statedHash);
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "content must be base64.")
                        .with("errors", List.of(Map.of("field", "content", "message", "must be base64")));
            }
            // A stated hash goes to the ledger as stated, which refuses it (HASH_MISMATCH) when the content differs.
            return new Content(bytes, statedHash != null ? statedHash : sha256(bytes));
        }

        Map<String, byte[]> transientData() {
            return bytes == null ? Map.of() : Map.of(CONTENT, bytes);
        }
    }
}
