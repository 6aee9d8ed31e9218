package org.silkroad.gateway.customs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Digital Free Trade Zones, their rules, and declarations with their clearance. Answers are the ledger's records
 * (contract {@code customs} in {@code chaincode/README.md}); amounts are integer minor units.
 */
@RestController
@Validated
@RequestMapping(path = "/api/v1/customs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "customs", description = "Zones, rules, declarations, clearance")
class CustomsController {

    private final CustomsService customs;

    CustomsController(CustomsService customs) {
        this.customs = customs;
    }

    @PutMapping(path = "/zones/{zoneId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Define a zone of the caller's state (customs)",
            description = "403 FOREIGN_CUSTOMS for a port of another country, 409 CONFLICT for a port of another zone.")
    JsonNode defineZone(@AuthenticationPrincipal FabricIdentity caller,
                        @PathVariable @Pattern(regexp = CustomsRequests.ID, message = CustomsRequests.ID_RULE)
                        String zoneId,
                        @Valid @RequestBody CustomsRequests.Zone request) {
        return customs.defineZone(caller, zoneId, request);
    }

    @PutMapping(path = "/zones/{zoneId}/rules/{version}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Set the next version of a zone's rules, in force from effectiveFrom (customs)",
            description = "Body: effectiveFrom, currency, deMinimis, defaultRate {standard, preferential} (basis "
                    + "points), chapterRates, exchangeRates {CCY: {numerator, denominator}}, revenueWallet, "
                    + "exportDeclarationRequired. 409 CONFLICT unless version = latest + 1; 400 for a start in the past.")
    JsonNode setRules(@AuthenticationPrincipal FabricIdentity caller,
                      @PathVariable @Pattern(regexp = CustomsRequests.ID, message = CustomsRequests.ID_RULE)
                      String zoneId,
                      @PathVariable @Min(1) int version,
                      @RequestBody JsonNode rules) {
        return customs.setRules(caller, zoneId, version, rules);
    }

    @GetMapping("/zones/{mspId}/{zoneId}")
    @Operation(summary = "A zone: ports and rule versions")
    JsonNode zone(@AuthenticationPrincipal FabricIdentity caller,
                  @PathVariable @Pattern(regexp = CustomsRequests.MSP_ID, message = "must be <ISO alpha-2>MSP")
                  String mspId,
                  @PathVariable @Pattern(regexp = CustomsRequests.ID, message = CustomsRequests.ID_RULE)
                  String zoneId) {
        return customs.zone(caller, mspId, zoneId);
    }

    @GetMapping("/zones/{mspId}/{zoneId}/rules")
    @Operation(summary = "The rules in force now, or ?at=<ISO instant>", description = "422 NO_RULES_IN_FORCE.")
    JsonNode rules(@AuthenticationPrincipal FabricIdentity caller,
                   @PathVariable @Pattern(regexp = CustomsRequests.MSP_ID, message = "must be <ISO alpha-2>MSP")
                   String mspId,
                   @PathVariable @Pattern(regexp = CustomsRequests.ID, message = CustomsRequests.ID_RULE)
                   String zoneId,
                   @RequestParam(required = false) String at) {
        return customs.rulesInForce(caller, mspId, zoneId, at);
    }

    @PostMapping(path = "/import-declarations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Declare an import in a zone of the caller's state (the importer)",
            description = "The ledger cross-checks invoice, bill of lading and certificate of origin (422 "
                    + "DOCUMENT_MISMATCH, DOCUMENT_VOID), assesses the duty under the rules in force, and the "
                    + "gateway deposits it from the importer's notes in the same transaction (422 "
                    + "INSUFFICIENT_FUNDS). The declaration ID makes a retry safe.")
    JsonNode declareImport(@AuthenticationPrincipal FabricIdentity caller,
                           @Valid @RequestBody CustomsRequests.ImportDeclaration request) {
        return customs.declareImport(caller, request);
    }

    @PutMapping("/brokers/{mspId}/{name}")
    @Operation(summary = "Appoint a customs broker of the caller's state, who may then declare in the caller's name",
            description = "Submits customs:appointBroker; idempotent. 403 for a broker of another state.")
    JsonNode appointBroker(@AuthenticationPrincipal FabricIdentity caller,
                           @PathVariable @Pattern(regexp = CustomsRequests.MSP_ID, message = "must be <ISO alpha-2>MSP")
                           String mspId,
                           @PathVariable @Pattern(regexp = "[A-Za-z0-9._@+-]{1,128}", message = "must be an "
                                   + "enrollment ID") String name) {
        return customs.broker(caller, "appointBroker", mspId + "/" + name);
    }

    @DeleteMapping("/brokers/{mspId}/{name}")
    @Operation(summary = "Revoke a broker's appointment", description = "Submits customs:revokeBroker; idempotent.")
    JsonNode revokeBroker(@AuthenticationPrincipal FabricIdentity caller,
                          @PathVariable @Pattern(regexp = CustomsRequests.MSP_ID, message = "must be <ISO alpha-2>MSP")
                          String mspId,
                          @PathVariable @Pattern(regexp = "[A-Za-z0-9._@+-]{1,128}", message = "must be an "
                                  + "enrollment ID") String name) {
        return customs.broker(caller, "revokeBroker", mspId + "/" + name);
    }

    @PostMapping(path = "/export-declarations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Declare an export in a zone of the caller's state (the invoice's issuer)")
    JsonNode declareExport(@AuthenticationPrincipal FabricIdentity caller,
                           @Valid @RequestBody CustomsRequests.ExportDeclaration request) {
        return customs.declareExport(caller, request);
    }

    @GetMapping("/declarations/{declarationId}")
    @Operation(summary = "A declaration with its assessment, deposit and every step")
    JsonNode declaration(@AuthenticationPrincipal FabricIdentity caller,
                         @PathVariable @Pattern(regexp = CustomsRequests.DECLARATION_ID,
                                 message = CustomsRequests.DECLARATION_ID_RULE) String declarationId) {
        return customs.declaration(caller, declarationId);
    }

    @GetMapping("/bills/{billId}/declaration")
    @Operation(summary = "The latest import declaration referencing a bill of lading")
    JsonNode forBill(@AuthenticationPrincipal FabricIdentity caller,
                     @PathVariable @Pattern(regexp = CustomsRequests.ID, message = CustomsRequests.ID_RULE)
                     String billId) {
        return customs.forBill(caller, billId);
    }

    @PostMapping(path = "/declarations/{declarationId}/hold", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Hold for inspection, with a reason (customs of the deciding state)",
            description = "403 FOREIGN_CUSTOMS for another state's customs, 409 DECLARATION_CLOSED once decided.")
    JsonNode hold(@AuthenticationPrincipal FabricIdentity caller,
                  @PathVariable @Pattern(regexp = CustomsRequests.DECLARATION_ID,
                          message = CustomsRequests.DECLARATION_ID_RULE) String declarationId,
                  @Valid @RequestBody CustomsRequests.Decision request) {
        return customs.decide(caller, "holdDeclaration", declarationId, request.reason());
    }

    @PostMapping(path = "/declarations/{declarationId}/clear", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Clear (customs of the deciding state): the duty goes to the revenue wallet in the same "
            + "transaction")
    JsonNode clear(@AuthenticationPrincipal FabricIdentity caller,
                   @PathVariable @Pattern(regexp = CustomsRequests.DECLARATION_ID,
                           message = CustomsRequests.DECLARATION_ID_RULE) String declarationId,
                   @Valid @RequestBody CustomsRequests.Decision request) {
        return customs.decide(caller, "clearDeclaration", declarationId, request.reason());
    }

    @PostMapping(path = "/declarations/{declarationId}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reject with a reason (customs of the deciding state): the duty is refunded")
    JsonNode reject(@AuthenticationPrincipal FabricIdentity caller,
                    @PathVariable @Pattern(regexp = CustomsRequests.DECLARATION_ID,
                            message = CustomsRequests.DECLARATION_ID_RULE) String declarationId,
                    @Valid @RequestBody CustomsRequests.Decision request) {
        return customs.decide(caller, "rejectDeclaration", declarationId, request.reason());
    }

    @GetMapping("/clearance-stats")
    @Operation(summary = "Clearance times per zone (median, p90, max in ms) from transaction timestamps")
    JsonNode clearanceStats(@AuthenticationPrincipal FabricIdentity caller,
                            @RequestParam(required = false) @Pattern(regexp = CustomsRequests.MSP_ID,
                                    message = "must be <ISO alpha-2>MSP") String state) {
        return customs.clearanceStats(caller, state);
    }
}
