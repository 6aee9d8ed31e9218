package org.silkroad.gateway.dispute;

import org.silkroad.gateway.currency.ContractFunding;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Disputes: filing, the court's ruling (amounts of a split read in the escrow's held currency), and the full record.
 * Records are passed on as the chaincode writes them, with the ruling's amounts as decimal strings.
 */
@Service
class DisputeService {

    static final String CONTRACT = "dispute";

    private final Ledger ledger;
    private final JsonMapper json;
    private final ContractFunding money;

    DisputeService(Ledger ledger, JsonMapper json, ContractFunding money) {
        this.ledger = ledger;
        this.json = json;
        this.money = money;
    }

    JsonNode file(FabricIdentity caller, DisputeRequests.File request) {
        Ledger.Committed committed = ledger.submit(caller, CONTRACT, "file", json.writeValueAsString(request));
        return read(caller, committed.result(), "file", committed.transactionId());
    }

    JsonNode rule(FabricIdentity caller, String disputeId, DisputeRequests.Rule request) {
        Long toSeller = null;
        Long toBuyer = null;
        boolean split = "split".equals(request.outcome());
        boolean amounts = request.currency() != null && request.toSeller() != null && request.toBuyer() != null;
        boolean none = request.currency() == null && request.toSeller() == null && request.toBuyer() == null;
        if (split ? !amounts : !none) {
            throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                    "A split states currency, toSeller and toBuyer; release and refund state none of them.");
        }
        if (split) {
            toSeller = nonNegative(caller, "toSeller", request.toSeller(), request.currency());
            toBuyer = nonNegative(caller, "toBuyer", request.toBuyer(), request.currency());
        }
        Ledger.Committed committed = ledger.submit(caller, CONTRACT, "rule", json.writeValueAsString(
                new LedgerRule(disputeId, request.outcome(), request.currency(), toSeller, toBuyer,
                        request.reasons())));
        return read(caller, committed.result(), "rule", committed.transactionId());
    }

    JsonNode get(FabricIdentity caller, String disputeId) {
        return read(caller, ledger.evaluate(caller, CONTRACT, "getDispute",
                json.writeValueAsString(new DisputeOnly(disputeId))), "getDispute", null);
    }

    record LedgerRule(String disputeId, String outcome, String currency, Long toSeller, Long toBuyer, String reasons) {
    }

    record DisputeOnly(String disputeId) {
    }

    private long nonNegative(FabricIdentity caller, String field, String decimal, String currency) {
        if (decimal.matches("0+(\\.0+)?")) {
            return 0;
        }
        return money.minorUnits(caller, field, decimal, currency);
    }

    /** The chaincode's JSON with the ruling's amounts and payouts as decimal strings. */
    private JsonNode read(FabricIdentity caller, byte[] result, String transaction, String transactionId) {
        JsonNode node;
        try {
            node = json.readTree(result);
        } catch (JacksonException e) {
            throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                    CONTRACT + ":" + transaction + " returned a result that is not JSON", transactionId, e);
        }
        JsonNode dispute = node.has("dispute") ? node.get("dispute") : node;
        JsonNode ruling = dispute.get("ruling");
        if (ruling instanceof ObjectNode r) {
            JsonNode payouts = r.get("payouts");
            String currency = payouts != null && payouts.size() > 0 ? payouts.get(0).path("currency").asString() : null;
            if (currency != null) {
                r.put("toSeller", money.decimal(caller, currency, r.path("toSeller").asLong()));
                r.put("toBuyer", money.decimal(caller, currency, r.path("toBuyer").asLong()));
                for (JsonNode payout : (Iterable<JsonNode>) payouts::iterator) {
                    ((ObjectNode) payout).put("amount", money.decimal(caller, currency, payout.path("amount").asLong()));
                }
            }
        }
        return node;
    }
}
