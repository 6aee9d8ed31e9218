package org.silkroad.gateway.dispute;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What the dispute endpoints take. */
public final class DisputeRequests {

    static final String ID = "[A-Za-z0-9._:-]{1,128}";
    static final String ID_RULE = "must be 1 to 128 characters from A-Z a-z 0-9 . _ : -";

    private DisputeRequests() {
    }

    @Schema(description = "Files a dispute over an escrow (its buyer or seller); the escrow freezes")
    public record File(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String disputeId,
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String escrowId,
            @NotNull @Pattern(regexp = "[A-Z]{2}MSP", message = "must be a member state's MSP ID, e.g. MYMSP")
            @Schema(description = "the state whose court (role court) rules", example = "MYMSP") String seat,
            @NotBlank @Size(max = 4000) String claim,
            @NotNull @Size(max = 50) @Schema(description = "references to evidence on the ledger",
                    example = "[\"trade:document:INV-1\"]") List<@NotBlank @Size(max = 256) String> evidence) {
    }

    @Schema(description = "A court's ruling; a split states both amounts in major units of the escrow's held currency")
    public record Rule(
            @NotNull @Pattern(regexp = "release|refund|split", message = "must be release, refund or split")
            String outcome,
            @Pattern(regexp = "[A-Z]{3}", message = "must be three letters A-Z")
            @Schema(description = "split only: the held currency", example = "MYR") String currency,
            @Schema(example = "600.00") String toSeller,
            @Schema(example = "400.00") String toBuyer,
            @NotBlank @Size(max = 4000) String reasons) {
    }
}
