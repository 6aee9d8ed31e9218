package org.silkroad.gateway.credit;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What the credit endpoints take. The credit limit is a decimal string of major units of its currency. */
public final class CreditRequests {

    static final String ID = "[A-Za-z0-9._:-]{1,128}";
    static final String ID_RULE = "must be 1 to 128 characters from A-Z a-z 0-9 . _ : -";
    static final String PARTY = "[A-Z]{2}MSP/[A-Za-z0-9._@+-]{1,128}";
    static final String PARTY_RULE = "must be <MSP ID>/<enrollment ID>, e.g. MYMSP/business-1";
    static final String CODE = "[A-Z]{3}";
    static final String CODE_RULE = "must be three letters A-Z";

    private CreditRequests() {
    }

    @Schema(description = "A bank's attestation about a registered business. The details go to private data; only "
            + "their salted hash (the gateway draws the salt) goes on the public state.")
    public record Attest(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String attestationId,
            @NotNull @Pattern(regexp = PARTY, message = PARTY_RULE) String subject,
            @NotNull @Schema(example = "2026-01-01T00:00:00Z") String validFrom,
            @NotNull @Schema(example = "2027-01-01T00:00:00Z") String validUntil,
            @NotNull @Pattern(regexp = "[A-Za-z0-9+-]{1,16}", message = "must be 1 to 16 characters of A-Z a-z 0-9 + -")
            @Schema(example = "BBB+") String ratingBand,
            @NotBlank @Schema(example = "50000.00") String creditLimit,
            @NotNull @Pattern(regexp = CODE, message = CODE_RULE) String currency,
            @NotBlank @Size(max = 2000) String basis) {
    }

    @Schema(description = "The lender the subject consents to")
    public record Consent(@NotNull @Pattern(regexp = PARTY, message = PARTY_RULE) String lender) {
    }

    @Schema(description = "Why the bank revokes its attestation")
    public record Revoke(@NotBlank @Size(max = 2000) String reason) {
    }

    @Schema(description = "An attestation's details as presented by a business (as GET .../details returned them)")
    public record Presented(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String attestationId,
            @NotNull String subject,
            @NotNull String attester,
            @NotNull String validFrom,
            @NotNull String validUntil,
            @NotNull String ratingBand,
            @NotBlank String creditLimit,
            @NotNull @Pattern(regexp = CODE, message = CODE_RULE) String currency,
            @NotNull String basis,
            @NotNull String salt) {
    }

    @Schema(description = "The business contests entries of its trade record")
    public record Contest(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String contestId,
            @NotEmpty @Size(max = 50) @Schema(example = "[\"dispute:D-1\"]") List<@NotBlank String> items,
            @NotBlank @Size(max = 2000) String statement) {
    }
}
