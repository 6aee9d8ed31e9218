package org.silkroad.gateway.credit;

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

/** Credit attestations about businesses, consent to share them, verification, and trade records. */
@RestController
@RequestMapping(path = "/api/v1/credit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "credit", description = "Banks' attestations about businesses, shared by consent; explainable trade records")
class CreditController {

    private static final String MSP = "[A-Z]{2}MSP";
    private static final String NAME = "[A-Za-z0-9._@+-]{1,128}";

    private final CreditService credit;

    CreditController(CreditService credit) {
        this.credit = credit;
    }

    @PostMapping("/businesses")
    @Operation(summary = "Register the caller as a business banks may attest about (role business or ehub)",
            description = "Natural persons have no business role and cannot register, so they cannot be attested "
                    + "about (422 NOT_A_BUSINESS). Idempotent.")
    JsonNode registerBusiness(@AuthenticationPrincipal FabricIdentity caller) {
        return credit.registerBusiness(caller);
    }

    @PostMapping(path = "/attestations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Attest about a registered business (role bank)",
            description = "Public state: salted hash, subject, attester, validity. The details go as transient data to "
                    + "private data of the bank's state (and of the subject's pair of states).")
    JsonNode attest(@AuthenticationPrincipal FabricIdentity caller, @Valid @RequestBody CreditRequests.Attest request) {
        return credit.attest(caller, request);
    }

    @GetMapping("/attestations/{attestationId}")
    @Operation(summary = "An attestation's public record")
    JsonNode get(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = CreditRequests.ID, message = CreditRequests.ID_RULE) String attestationId) {
        return credit.getAttestation(caller, attestationId);
    }

    @GetMapping("/attestations/{attestationId}/details")
    @Operation(summary = "An attestation's private details (its bank, its subject, consented lenders)",
            description = "403 NO_CONSENT for anyone else.")
    JsonNode details(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = CreditRequests.ID, message = CreditRequests.ID_RULE) String attestationId) {
        return credit.details(caller, attestationId);
    }

    @PostMapping(path = "/attestations/{attestationId}/consents", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The subject lets a lender read the details")
    JsonNode grantConsent(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = CreditRequests.ID, message = CreditRequests.ID_RULE) String attestationId,
                          @Valid @RequestBody CreditRequests.Consent request) {
        return credit.grantConsent(caller, attestationId, request.lender());
    }

    @PostMapping(path = "/attestations/{attestationId}/consents/withdrawal",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The subject withdraws a lender's consent")
    JsonNode withdrawConsent(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = CreditRequests.ID, message = CreditRequests.ID_RULE) String attestationId,
                             @Valid @RequestBody CreditRequests.Consent request) {
        return credit.withdrawConsent(caller, attestationId, request.lender());
    }

    @PostMapping(path = "/attestations/{attestationId}/revocation", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The attesting bank revokes the attestation")
    JsonNode revoke(@AuthenticationPrincipal FabricIdentity caller, @PathVariable
    @Pattern(regexp = CreditRequests.ID, message = CreditRequests.ID_RULE) String attestationId,
                    @Valid @RequestBody CreditRequests.Revoke request) {
        return credit.revoke(caller, attestationId, request.reason());
    }

    @PostMapping(path = "/verifications", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Is the attestation a business presents genuine and current?",
            description = "Body: the details as GET .../details returned them. `genuine`: they hash to the ledger's "
                    + "salted hash; `current`: genuine, not revoked, within its validity at the query's time.")
    JsonNode verify(@AuthenticationPrincipal FabricIdentity caller,
                    @Valid @RequestBody CreditRequests.Presented presented) {
        return credit.verify(caller, presented);
    }

    @GetMapping("/trade-records/{mspId}/{name}")
    @Operation(summary = "A business's trade record, computed from the ledger (the business, banks, courts, regulators)")
    JsonNode tradeRecord(@AuthenticationPrincipal FabricIdentity caller,
                         @PathVariable @Pattern(regexp = MSP, message = "must be a member state's MSP ID") String mspId,
                         @PathVariable @Pattern(regexp = NAME, message = "must be an enrollment ID") String name) {
        return credit.tradeRecord(caller, mspId + "/" + name);
    }

    @PostMapping(path = "/trade-records/contests", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The caller contests entries of its own trade record; the contest stays with the record")
    JsonNode contest(@AuthenticationPrincipal FabricIdentity caller,
                     @Valid @RequestBody CreditRequests.Contest request) {
        return credit.contest(caller, request);
    }
}
