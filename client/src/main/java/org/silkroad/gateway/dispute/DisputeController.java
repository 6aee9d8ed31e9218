package org.silkroad.gateway.dispute;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Disputes over escrows and the seat court's rulings. */
@RestController
@RequestMapping(path = "/api/v1/disputes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "disputes", description = "Disputes over escrows, ruled by the named court; rulings execute themselves")
class DisputeController {

    private final DisputeService disputes;

    DisputeController(DisputeService disputes) {
        this.disputes = disputes;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "File a dispute over an escrow (its buyer or seller); the escrow freezes",
            description = "A retry with the same disputeId and content returns the dispute.")
    JsonNode file(@AuthenticationPrincipal FabricIdentity caller, @Valid @RequestBody DisputeRequests.File request) {
        return disputes.file(caller, request);
    }

    @PostMapping(path = "/{disputeId}/ruling", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rule on a dispute (role court of the seat state); the ruling pays out in the same transaction",
            description = "403 WRONG_COURT for a court of another state; 422 RULING_UNBALANCED when a split does not add "
                    + "up to what the escrow holds; 409 DISPUTE_CLOSED after a different ruling (a ruling is final).")
    JsonNode rule(@AuthenticationPrincipal FabricIdentity caller,
                  @PathVariable @Pattern(regexp = DisputeRequests.ID, message = DisputeRequests.ID_RULE)
                  String disputeId, @Valid @RequestBody DisputeRequests.Rule request) {
        return disputes.rule(caller, disputeId, request);
    }

    @GetMapping("/{disputeId}")
    @Operation(summary = "The full record: dispute, evidence references, ruling, escrow (parties and the seat court)")
    JsonNode get(@AuthenticationPrincipal FabricIdentity caller,
                 @PathVariable @Pattern(regexp = DisputeRequests.ID, message = DisputeRequests.ID_RULE)
                 String disputeId) {
        return disputes.get(caller, disputeId);
    }
}
