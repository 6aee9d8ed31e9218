package org.silkroad.gateway.escrow;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** What the escrow endpoints take. Amounts are decimal strings of major units, read with the currency's decimals. */
public final class EscrowRequests {

    static final String ESCROW_ID = "[A-Za-z0-9._:-]{1,64}";
    static final String ESCROW_ID_RULE = "must be 1 to 64 characters from A-Z a-z 0-9 . _ : -";
    static final String ID = "[A-Za-z0-9._:-]{1,128}";
    static final String ID_RULE = "must be 1 to 128 characters from A-Z a-z 0-9 . _ : -";
    static final String PARTY = "[A-Z]{2}MSP/[A-Za-z0-9._@+-]{1,128}";
    static final String PARTY_RULE = "must be <MSP ID>/<enrollment ID> of a party, e.g. MYMSP/business-1";
    static final String CODE = "[A-Z]{3}";
    static final String CODE_RULE = "must be three letters A-Z";

    private EscrowRequests() {
    }

    @Schema(description = "Locks the caller's (the buyer's) money for a trade")
    public record Create(
            @NotNull @Pattern(regexp = ESCROW_ID, message = ESCROW_ID_RULE)
            @Schema(description = "the buyer's ID for the escrow; a retry carries the same") String escrowId,
            @NotNull @Pattern(regexp = PARTY, message = PARTY_RULE) @Schema(example = "MYMSP/business-1")
            String seller,
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String invoiceRef,
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String billId,
            @NotNull @Valid Conditions conditions,
            @NotNull @Schema(description = "ISO-8601 instant; from then on the buyer may take the money back",
                    example = "2026-12-31T00:00:00Z") String expiresAt,
            @NotNull @Valid Amount price,
            @Valid @Schema(description = "for a hedged escrow: the buyer pays in its own currency through a bank's "
                    + "quote (quote base currency → the price's currency)") Funding funding) {
    }

    @Schema(description = "Release conditions; at least one")
    public record Conditions(
            @Schema(description = "the bill of lading goes to the buyer on settlement") Boolean billOfLading,
            @Schema(description = "the buyer's state's customs cleared the import") Boolean importCleared,
            @Pattern(regexp = PARTY, message = PARTY_RULE)
            @Schema(description = "the eHub that confirms delivery", example = "CNMSP/ehub") String deliveryConfirmedBy) {
    }

    @Schema(description = "An amount of one currency")
    public record Amount(
            @NotNull @Pattern(regexp = CODE, message = CODE_RULE) @Schema(example = "MYR") String currency,
            @NotBlank @Schema(description = "major units", example = "1000.00") String amount) {
    }

    @Schema(description = "Funding through a liquidity provider's quote")
    public record Funding(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String quoteId,
            @NotNull @Valid @Schema(description = "what the buyer pays, in the quote's base currency") Amount pay) {
    }
}
