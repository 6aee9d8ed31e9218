package org.silkroad.gateway.system;

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

/** The ledger's {@code system} contract: liveness pings and the chaincode version. */
@RestController
@RequestMapping(path = "/api/v1/system", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "system", description = "Ledger liveness and version")
class SystemController {

    private final SystemLedger system;

    SystemController(SystemLedger system) {
        this.system = system;
    }

    @PostMapping(path = "/pings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Write a ping to the ledger as the caller",
            description = "Submits system:ping and waits for the commit. A retry with the same requestId returns "
                    + "the first record and writes nothing.")
    PingReceipt ping(@AuthenticationPrincipal FabricIdentity caller, @Valid @RequestBody PingRequest request) {
        return system.ping(caller, request.requestId());
    }

    @GetMapping("/pings/{requestId}")
    @Operation(summary = "Read a ping from the ledger", description = "Evaluates system:readPing; 404 NOT_FOUND if "
            + "no ping has this request ID.")
    PingRecord readPing(@AuthenticationPrincipal FabricIdentity caller,
            @PathVariable @Pattern(regexp = PingRequest.REQUEST_ID, message = PingRequest.REQUEST_ID_RULE)
            String requestId) {
        return system.readPing(caller, requestId);
    }

    @GetMapping("/version")
    @Operation(summary = "The chaincode name, contracts and version", description = "Evaluates system:version.")
    VersionInfo version(@AuthenticationPrincipal FabricIdentity caller) {
        return system.version(caller);
    }
}
