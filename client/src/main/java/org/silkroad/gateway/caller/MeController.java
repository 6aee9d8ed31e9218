package org.silkroad.gateway.caller;

import java.security.cert.X509Certificate;

import javax.security.auth.x500.X500Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** "Who am I": the Fabric identity the caller's API key acts as. Answered by the gateway, not the ledger. */
@RestController
@Tag(name = "caller", description = "The caller's own identity")
class MeController {

    @GetMapping(path = "/api/v1/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The caller's Fabric identity and role")
    CallerView me(@AuthenticationPrincipal FabricIdentity caller) {
        X509Certificate certificate = caller.certificate();
        return new CallerView(caller.name(), caller.mspId(), caller.role().orElse(null), caller.subject(),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                certificate.getSerialNumber().toString(16), certificate.getNotAfter().toInstant());
    }
}
