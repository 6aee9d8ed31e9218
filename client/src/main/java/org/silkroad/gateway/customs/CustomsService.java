package org.silkroad.gateway.customs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.silkroad.gateway.currency.ContractDeposits;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.JsonLedger;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/** The customs endpoints' calls to the chaincode's {@code customs} contract, each signed by the caller. */
@Service
class CustomsService {

    static final String CONTRACT = "customs";

    private final JsonLedger ledger;
    private final ContractDeposits deposits;

    CustomsService(JsonLedger ledger, ContractDeposits deposits) {
        this.ledger = ledger;
        this.deposits = deposits;
    }

    JsonNode defineZone(FabricIdentity caller, String zoneId, CustomsRequests.Zone request) {
        return ledger.submit(caller, CONTRACT, "defineZone",
                Map.of("zoneId", zoneId, "name", request.name(), "ports", request.ports()));
    }

    /** The rules body is passed on as given, with the zone and version of the path. */
    JsonNode setRules(FabricIdentity caller, String zoneId, int version, JsonNode rules) {
        Map<String, Object> argument = new LinkedHashMap<>();
        rules.properties().forEach(entry -> argument.put(entry.getKey(), entry.getValue()));
        argument.put("zoneId", zoneId);
        argument.put("version", version);
        return ledger.submit(caller, CONTRACT, "setRules", argument);
    }

    JsonNode zone(FabricIdentity caller, String state, String zoneId) {
        return ledger.evaluate(caller, CONTRACT, "getZone", Map.of("state", state, "zoneId", zoneId));
    }

    JsonNode rulesInForce(FabricIdentity caller, String state, String zoneId, String at) {
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("state", state);
        argument.put("zoneId", zoneId);
        if (at != null) {
            argument.put("at", at);
        }
        return ledger.evaluate(caller, CONTRACT, "rulesInForce", argument);
    }

    /**
     * Declares an import: assesses it on the ledger, then submits it with notes of the importer that cover the duty
     * (none when no duty is due). A declaration already recorded under the ID by the caller is returned as it is.
     */
    JsonNode declareImport(FabricIdentity caller, CustomsRequests.ImportDeclaration request) {
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("declarationId", request.declarationId());
        argument.put("zoneId", request.zoneId());
        argument.put("invoiceId", request.invoiceId());
        argument.put("billId", request.billId());
        if (request.certificateId() != null) {
            argument.put("certificateId", request.certificateId());
        }
        if (request.exportDeclarationId() != null) {
            argument.put("exportDeclarationId", request.exportDeclarationId());
        }
        argument.put("lines", request.lines());
        argument.put("currency", request.currency());
        argument.put("origin", request.origin());
        if (request.importer() != null) {
            argument.put("importer", request.importer());
        }
        Optional<JsonNode> recorded = mine(caller, request.declarationId());
        if (recorded.isPresent()) {
            return recorded.get();
        }
        JsonNode assessment = ledger.evaluate(caller, CONTRACT, "assessImport", argument).get("assessment");
        long duty = assessment.get("duty").asLong();
        if (duty == 0) {
            return ledger.submit(caller, CONTRACT, "declareImport", argument);
        }
        return deposits.deposit(caller, assessment.get("currency").asString(), duty,
                CONTRACT + ":" + request.declarationId(),
                () -> mine(caller, request.declarationId()),
                inputs -> {
                    Map<String, Object> withInputs = new LinkedHashMap<>(argument);
                    withInputs.put("dutyInputs", inputs);
                    return ledger.prepare(caller, CONTRACT, "declareImport", withInputs, Map.of());
                },
                committed -> ledger.committed(committed, CONTRACT, "declareImport"));
    }

    JsonNode broker(FabricIdentity caller, String transaction, String broker) {
        return ledger.submit(caller, CONTRACT, transaction, Map.of("broker", broker));
    }

    JsonNode declareExport(FabricIdentity caller, CustomsRequests.ExportDeclaration request) {
        return ledger.submit(caller, CONTRACT, "declareExport", Map.of("declarationId", request.declarationId(),
                "zoneId", request.zoneId(), "invoiceId", request.invoiceId(), "lines", request.lines(),
                "currency", request.currency()));
    }

    JsonNode decide(FabricIdentity caller, String transaction, String declarationId, String reason) {
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("declarationId", declarationId);
        if (reason != null) {
            argument.put("reason", reason);
        }
        return ledger.submit(caller, CONTRACT, transaction, argument);
    }

    JsonNode declaration(FabricIdentity caller, String declarationId) {
        return ledger.evaluate(caller, CONTRACT, "getDeclaration", Map.of("declarationId", declarationId));
    }

    JsonNode forBill(FabricIdentity caller, String billId) {
        return ledger.evaluate(caller, CONTRACT, "declarationForBill", Map.of("billId", billId));
    }

    JsonNode clearanceStats(FabricIdentity caller, String state) {
        return ledger.evaluate(caller, CONTRACT, "clearanceStats", state == null ? Map.of() : Map.of("state", state));
    }

    /** The declaration under this ID if the caller made it (another declarant's gets its CONFLICT from the ledger). */
    private Optional<JsonNode> mine(FabricIdentity caller, String declarationId) {
        String party = caller.mspId() + "/" + caller.name();
        return ledger.find(caller, CONTRACT, "getDeclaration", Map.of("declarationId", declarationId))
                .filter(declaration -> party.equals(declaration.get("declarant").asString()));
    }

}
