package org.silkroad.gateway.shared;

import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chaincode calls whose argument is one JSON object and whose result is the chaincode's JSON record, passed through as
 * a tree: for features whose REST answers are the ledger's own records (trade documents, bills, declarations), which
 * the chaincode already writes canonically and documents in {@code chaincode/README.md}.
 */
@Component
public class JsonLedger {

    private final Ledger ledger;
    private final JsonMapper json;

    public JsonLedger(Ledger ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    /** Evaluates {@code contract:transaction} with the argument written as JSON. */
    public JsonNode evaluate(FabricIdentity as, String contract, String transaction, Object argument) {
        return read(ledger.evaluate(as, contract, transaction, json.writeValueAsString(argument)), contract,
                transaction, null);
    }

    /** Evaluates, answering empty when the chaincode says {@code NOT_FOUND}. */
    public Optional<JsonNode> find(FabricIdentity as, String contract, String transaction, Object argument) {
        try {
            return Optional.of(evaluate(as, contract, transaction, argument));
        } catch (LedgerException e) {
            if (e.kind() == LedgerException.Kind.REJECTED && e.code().filter("NOT_FOUND"::equals).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Submits {@code contract:transaction} and waits for its commit. */
    public JsonNode submit(FabricIdentity as, String contract, String transaction, Object argument) {
        return submit(as, contract, transaction, argument, Map.of());
    }

    /** Submits with transient data (never in the transaction) and waits for its commit. */
    public JsonNode submit(FabricIdentity as, String contract, String transaction, Object argument,
                           Map<String, byte[]> transientData) {
        return committed(prepare(as, contract, transaction, argument, transientData).submit(), contract, transaction);
    }

    /** Builds the transaction without sending it. */
    public Ledger.Prepared prepare(FabricIdentity as, String contract, String transaction, Object argument,
                                   Map<String, byte[]> transientData) {
        return ledger.prepare(as, contract, transaction, transientData, json.writeValueAsString(argument));
    }

    /** The result of a committed transaction. */
    public JsonNode committed(Ledger.Committed committed, String contract, String transaction) {
        return read(committed.result(), contract, transaction, committed.transactionId());
    }

    private JsonNode read(byte[] result, String contract, String transaction, String transactionId) {
        try {
            JsonNode node = json.readTree(result);
            if (node == null || node.isMissingNode() || node.isNull()) {
                throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                        contract + ":" + transaction + " returned no JSON", transactionId, null);
            }
            return node;
        } catch (JacksonException e) {
            throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                    contract + ":" + transaction + " returned a result that is not JSON", transactionId, e);
        }
    }
}
