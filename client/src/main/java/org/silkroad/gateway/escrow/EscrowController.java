package org.silkroad.gateway.escrow;

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

/** Escrows with delivery versus payment. */
@RestController
@RequestMapping(path = "/api/v1/escrows", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "escrows", description = "Money locked for a trade until delivery, expiry or a court's ruling")
class EscrowController {

    private final EscrowService escrows;

    EscrowController(EscrowService escrows) {
        this.escrows = escrows;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Lock the caller's money for a trade (the caller is the buyer)",
            description = "The gateway chooses the buyer's notes and spends them into the escrow (escrow:create); "
                    + "change returns to the buyer. With `funding`, the buyer pays `funding.pay` in its own currency "
                    + "through the bank's quote and the converted amount must cover the price. A retry with the same "
                    + "escrowId returns the escrow.")
    EscrowView create(@AuthenticationPrincipal FabricIdentity caller, @Valid @RequestBody EscrowRequests.Create request) {
        return escrows.create(caller, request);
    }

    @GetMapping("/{escrowId}")
    @Operation(summary = "An escrow (its parties, the named eHub, courts, regulators)")
    EscrowView get(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = EscrowRequests.ESCROW_ID, message = EscrowRequests.ESCROW_ID_RULE) String escrowId) {
        return escrows.get(caller, escrowId);
    }

    @PostMapping("/{escrowId}/bill-deposit")
    @Operation(summary = "The seller puts the bill of lading into the escrow's custody")
    EscrowView depositBill(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = EscrowRequests.ESCROW_ID, message = EscrowRequests.ESCROW_ID_RULE) String escrowId) {
        return escrows.step(caller, "depositBill", escrowId);
    }

    @PostMapping("/{escrowId}/delivery-confirmation")
    @Operation(summary = "The named eHub confirms delivery of the goods")
    EscrowView confirmDelivery(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = EscrowRequests.ESCROW_ID, message = EscrowRequests.ESCROW_ID_RULE) String escrowId) {
        return escrows.step(caller, "confirmDelivery", escrowId);
    }

    @PostMapping("/{escrowId}/settlement")
    @Operation(summary = "Settle: delivery versus payment in one transaction (any party, once the conditions hold)",
            description = "422 ESCROW_CONDITIONS_UNMET names the conditions that do not hold yet; 409 ESCROW_DISPUTED "
                    + "while a dispute freezes the escrow. Repeating it after the settlement returns the escrow.")
    EscrowView settle(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = EscrowRequests.ESCROW_ID, message = EscrowRequests.ESCROW_ID_RULE) String escrowId) {
        return escrows.step(caller, "settle", escrowId);
    }

    @PostMapping("/{escrowId}/refund")
    @Operation(summary = "The buyer takes the money back after the expiry",
            description = "422 ESCROW_NOT_EXPIRED before expiresAt (transaction time).")
    EscrowView refund(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = EscrowRequests.ESCROW_ID, message = EscrowRequests.ESCROW_ID_RULE) String escrowId) {
        return escrows.step(caller, "refund", escrowId);
    }
}
