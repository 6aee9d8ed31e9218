package org.silkroad.gateway.trade;

import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * REST request bodies of the trade endpoints. Only the form is checked here; the ledger checks the rest (key data
 * elements per document type, parties, holders) and answers with its stable codes.
 */
final class TradeRequests {

    static final String ID = "[A-Za-z0-9._:-]{1,128}";
    static final String ID_RULE = "must be 1 to 128 characters of [A-Za-z0-9._:-]";
    static final String PARTY = "[A-Z]{2}MSP/[A-Za-z0-9._@+:-]{1,128}";
    static final String PARTY_RULE = "must be <MSP ID>/<enrollment ID>";
    static final String SHA256 = "[0-9a-f]{64}";
    static final String SHA256_RULE = "must be a SHA-256: 64 lower-case hex digits";

    private TradeRequests() {
    }

    /**
     * A document to register. {@code content} (base64) is sent to the ledger as transient data and kept in the
     * parties' states' private data collection; when it is absent (the parties are in one state, or in more than
     * two), {@code contentHash} alone is registered. When both are given they must agree (the ledger checks).
     */
    record Registration(@NotBlank @Pattern(regexp = ID, message = ID_RULE) String documentId,
                        @NotBlank String type,
                        @Size(max = 10) List<@Pattern(regexp = PARTY, message = PARTY_RULE) String> parties,
                        @Size(max = 128) String mediaType,
                        String content,
                        @Pattern(regexp = SHA256, message = SHA256_RULE) String contentHash,
                        @NotNull JsonNode elements) {
    }

    /** A new version of a document: new content and elements. */
    record Amendment(@Size(max = 128) String mediaType,
                     String content,
                     @Pattern(regexp = SHA256, message = SHA256_RULE) String contentHash,
                     @NotNull JsonNode elements) {
    }

    /** Why a document or bill is voided. */
    record Reason(@NotBlank @Size(max = 500) String reason) {
    }

    /** A bill of lading the caller (the carrier) issues to a shipper. */
    record BillIssue(@NotBlank @Pattern(regexp = ID, message = ID_RULE) String billId,
                     @NotBlank @Pattern(regexp = PARTY, message = PARTY_RULE) String shipper,
                     @Size(max = 10) List<@Pattern(regexp = PARTY, message = PARTY_RULE) String> parties,
                     @Size(max = 128) String mediaType,
                     String content,
                     @Pattern(regexp = SHA256, message = SHA256_RULE) String contentHash,
                     @NotNull JsonNode elements) {
    }

    /** A transfer by the holder: the bill's version as the caller saw it, so a stale transfer is refused. */
    record Transfer(@NotNull @Min(1) Integer version,
                    @NotBlank @Pattern(regexp = PARTY, message = PARTY_RULE) String newHolder,
                    @Size(max = 500) String reason) {
    }

    /** A surrender (reason optional) or void (reason required, checked by the ledger) at the version seen. */
    record BillStep(@NotNull @Min(1) Integer version, @Size(max = 500) String reason) {
    }

    /**
     * A pledge of a document as collateral. Amount, currency and salt go to the ledger as transient data: the ledger
     * keeps only a commitment to them, so other banks see that the document is pledged, not by whom or for how much.
     * The bank keeps the salt to release the pledge.
     */
    record Pledge(@NotBlank @Pattern(regexp = ID, message = ID_RULE) String pledgeId,
                  @NotNull @Positive Long amount,
                  @NotBlank @Pattern(regexp = "[A-Z]{3}", message = "must be a currency code") String currency,
                  @NotBlank @Size(min = 16, max = 128) String salt) {
    }
}
