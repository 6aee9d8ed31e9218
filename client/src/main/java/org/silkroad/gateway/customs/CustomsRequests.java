package org.silkroad.gateway.customs;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** REST request bodies of the customs endpoints; the ledger checks the rest and answers with its stable codes. */
final class CustomsRequests {

    static final String ID = "[A-Za-z0-9._:-]{1,128}";
    static final String ID_RULE = "must be 1 to 128 characters of [A-Za-z0-9._:-]";
    static final String DECLARATION_ID = "[A-Za-z0-9._:-]{1,100}";
    static final String DECLARATION_ID_RULE = "must be 1 to 100 characters of [A-Za-z0-9._:-]";
    static final String MSP_ID = "[A-Z]{2}MSP";
    static final String PARTY = "[A-Z]{2}MSP/[A-Za-z0-9._@+:-]{1,128}";

    private CustomsRequests() {
    }

    /** A zone of the caller's state and its ports (UN/LOCODEs of the caller's country). */
    record Zone(@NotBlank @Size(max = 200) String name,
                @NotEmpty @Size(max = 50) List<@Pattern(regexp = "[A-Z]{2}[A-Z2-9]{3}",
                        message = "must be a UN/LOCODE") String> ports) {
    }

    /**
     * An import declaration; the gateway assesses the duty and deposits it from the importer's notes in the same
     * transaction, so the caller names no notes. Lines and amounts are as on the invoice (integer minor units).
     * {@code importer} is set when the caller declares as the importer's appointed broker (the broker's notes pay).
     */
    record ImportDeclaration(@NotBlank @Pattern(regexp = DECLARATION_ID, message = DECLARATION_ID_RULE)
                             String declarationId,
                             @NotBlank @Pattern(regexp = ID, message = ID_RULE) String zoneId,
                             @NotBlank @Pattern(regexp = ID, message = ID_RULE) String invoiceId,
                             @NotBlank @Pattern(regexp = ID, message = ID_RULE) String billId,
                             @Pattern(regexp = ID, message = ID_RULE) String certificateId,
                             @Pattern(regexp = DECLARATION_ID, message = DECLARATION_ID_RULE)
                             String exportDeclarationId,
                             @NotNull JsonNode lines,
                             @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be a currency code")
                             String currency,
                             @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO alpha-2 code")
                             String origin,
                             @Pattern(regexp = PARTY, message = "must be <MSP ID>/<enrollment ID>") String importer) {
    }

    /** An export declaration by the invoice's issuer, in a zone of its state. */
    record ExportDeclaration(@NotBlank @Pattern(regexp = DECLARATION_ID, message = DECLARATION_ID_RULE)
                             String declarationId,
                             @NotBlank @Pattern(regexp = ID, message = ID_RULE) String zoneId,
                             @NotBlank @Pattern(regexp = ID, message = ID_RULE) String invoiceId,
                             @NotNull JsonNode lines,
                             @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be a currency code")
                             String currency) {
    }

    /** A customs decision's reason: required for hold and reject, optional for clear. */
    record Decision(@Size(max = 500) String reason) {
    }
}
