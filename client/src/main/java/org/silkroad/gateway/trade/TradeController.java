package org.silkroad.gateway.trade;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

/**
 * Trade documents, electronic bills of lading, pledges, and following a shipment. Answers are the ledger's own records
 * (see {@code chaincode/README.md}, contract {@code trade}); amounts in them are integer minor units. Every change is
 * keyed by an ID the caller chooses (document ID, bill ID and version, pledge ID), so a retry never applies twice.
 */
@RestController
@Validated
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "trade", description = "Trade documents, bills of lading, pledges, shipments")
class TradeController {

    private final TradeService trade;
    private final ShipmentStreams streams;

    TradeController(TradeService trade, ShipmentStreams streams) {
        this.trade = trade;
        this.streams = streams;
    }

    @PostMapping(path = "/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a trade document (the caller is its issuer)",
            description = "Submits trade:registerDocument. The content (base64) goes as transient data into the "
                    + "private data collection of the parties' two states; the ledger keeps its SHA-256 and the key "
                    + "data elements. 422 HASH_MISMATCH when a stated contentHash does not match the content, 409 "
                    + "CONFLICT when the ID is taken by another document.")
    JsonNode register(@AuthenticationPrincipal FabricIdentity caller,
                      @Valid @RequestBody TradeRequests.Registration request) {
        return trade.register(caller, request);
    }

    @GetMapping("/documents/{documentId}")
    @Operation(summary = "A document's public record, latest version or ?version=")
    JsonNode document(@AuthenticationPrincipal FabricIdentity caller,
                      @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE)
                      String documentId,
                      @RequestParam(required = false) @Min(1) Integer version) {
        return trade.document(caller, documentId, version);
    }

    @GetMapping("/documents/{documentId}/versions")
    @Operation(summary = "Every version of a document, oldest first")
    JsonNode versions(@AuthenticationPrincipal FabricIdentity caller,
                      @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE)
                      String documentId) {
        return trade.versions(caller, documentId);
    }

    @PutMapping(path = "/documents/{documentId}/versions/{version}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Amend a document: version = current + 1 (the issuer only)",
            description = "Submits trade:amendDocument; earlier versions stay readable. A retry returns the "
                    + "amendment; another amendment at the same version is 409 CONFLICT.")
    JsonNode amend(@AuthenticationPrincipal FabricIdentity caller,
                   @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE)
                   String documentId,
                   @PathVariable @Min(2) int version,
                   @Valid @RequestBody TradeRequests.Amendment request) {
        return trade.amend(caller, documentId, version, request);
    }

    @PostMapping(path = "/documents/{documentId}/void", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Void a document (the issuer only); it stays readable, declarations refuse it")
    JsonNode voidDocument(@AuthenticationPrincipal FabricIdentity caller,
                          @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE)
                          String documentId,
                          @Valid @RequestBody TradeRequests.Reason request) {
        return trade.voidDocument(caller, documentId, request.reason());
    }

    @GetMapping(path = "/documents/{documentId}/content", produces = MediaType.ALL_VALUE)
    @Operation(summary = "A document's content from the private data collection",
            description = "Parties, and customs and courts of the parties' states; 403 otherwise, 404 when the "
                    + "content is kept off the ledger.")
    ResponseEntity<byte[]> content(@AuthenticationPrincipal FabricIdentity caller,
                                   @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE)
                                   String documentId,
                                   @RequestParam(required = false) @Min(1) Integer version) {
        TradeService.StoredContent content = trade.content(caller, documentId, version);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(content.mediaType())).body(content.bytes());
    }

    @PostMapping(path = "/document-verifications", consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(summary = "Check a file against the ledger by its SHA-256",
            description = "The body is the file. With ?documentId= (and ?version=) it must be that document's "
                    + "registered content (422 HASH_MISMATCH otherwise); without, the answer names the document "
                    + "that registered it (404 NOT_FOUND when none).")
    JsonNode verify(@AuthenticationPrincipal FabricIdentity caller, @RequestBody byte[] file,
                    @RequestParam(required = false) @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE)
                    String documentId,
                    @RequestParam(required = false) @Min(1) Integer version) {
        return trade.verify(caller, file, documentId, version);
    }

    @PostMapping(path = "/bills", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Issue an electronic bill of lading to a shipper (the caller is the carrier)",
            description = "Submits trade:issueBill: registers the bill's document and makes the shipper its holder; "
                    + "the ledger lets only the holder's state endorse any later change.")
    JsonNode issueBill(@AuthenticationPrincipal FabricIdentity caller,
                       @Valid @RequestBody TradeRequests.BillIssue request) {
        return trade.issueBill(caller, request);
    }

    @GetMapping("/bills/{billId}")
    @Operation(summary = "A bill of lading with its chain of custody, checksums recomputed (custodyIntact)")
    JsonNode bill(@AuthenticationPrincipal FabricIdentity caller,
                  @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE) String billId) {
        return trade.bill(caller, billId);
    }

    @PostMapping(path = "/bills/{billId}/transfer", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Transfer (endorse) the bill to the next holder (the holder only)",
            description = "403 NOT_HOLDER for anyone else, 409 CONFLICT when the bill moved since `version`, 422 "
                    + "BILL_NOT_ACTIVE once surrendered or void. A retry returns the bill as transferred.")
    JsonNode transfer(@AuthenticationPrincipal FabricIdentity caller,
                      @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE) String billId,
                      @Valid @RequestBody TradeRequests.Transfer request) {
        return trade.transfer(caller, billId, request);
    }

    @PostMapping(path = "/bills/{billId}/surrender", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Surrender the bill to its carrier for delivery (the holder only)")
    JsonNode surrender(@AuthenticationPrincipal FabricIdentity caller,
                       @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE)
                       String billId,
                       @Valid @RequestBody TradeRequests.BillStep request) {
        return trade.billStep(caller, "surrenderBill", billId, request);
    }

    @PostMapping(path = "/bills/{billId}/void", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Void the bill (its carrier only; a reason is required)")
    JsonNode voidBill(@AuthenticationPrincipal FabricIdentity caller,
                      @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE) String billId,
                      @Valid @RequestBody TradeRequests.BillStep request) {
        return trade.billStep(caller, "voidBill", billId, request);
    }

    @GetMapping("/shipments/{billId}")
    @Operation(summary = "Follow a shipment: the bill and its custody, the invoice, the import declaration")
    JsonNode shipment(@AuthenticationPrincipal FabricIdentity caller,
                      @PathVariable @Pattern(regexp = TradeRequests.ID, message = TradeRequests.ID_RULE)
                      String billId) {
        return trade.shipment(caller, billId);
    }

    @GetMapping(path = "/shipments/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream the steps of the caller's shipments as server-sent events",
            description = "Every trade.Document, trade.Bill and customs.Declaration event that names the caller (party, "
                    + "holder, declarant; customs officers: every declaration of their state): `id: "
                    + "<blockNumber>:<txId>`, `event: document|bill|declaration`, data = the event. Resume with "
                    + "Last-Event-ID, or start at ?fromBlock=.")
    SseEmitter stream(@AuthenticationPrincipal FabricIdentity caller,
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      @RequestParam(required = false) @Min(0) Long fromBlock) {
        return streams.open(caller, ShipmentStreams.position(lastEventId, fromBlock));
    }

    @PostMapping(path = "/pledges/{contentHash}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Pledge a document (by content hash) as collateral (banks)",
            description = "409 ALREADY_PLEDGED while another pledge of the same document stands, by any bank.")
    JsonNode pledge(@AuthenticationPrincipal FabricIdentity caller,
                    @PathVariable @Pattern(regexp = TradeRequests.SHA256, message = TradeRequests.SHA256_RULE)
                    String contentHash,
                    @Valid @RequestBody TradeRequests.Pledge request) {
        return trade.pledge(caller, "pledgeDocument", contentHash, request);
    }

    @PostMapping(path = "/pledges/{contentHash}/release", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Release a pledge on repayment (the pledging bank, with the same terms and salt)")
    JsonNode release(@AuthenticationPrincipal FabricIdentity caller,
                     @PathVariable @Pattern(regexp = TradeRequests.SHA256, message = TradeRequests.SHA256_RULE)
                     String contentHash,
                     @Valid @RequestBody TradeRequests.Pledge request) {
        return trade.pledge(caller, "releasePledge", contentHash, request);
    }

    @GetMapping("/pledges/{contentHash}")
    @Operation(summary = "Whether a document is pledged (no bank, no terms)")
    JsonNode pledgeStatus(@AuthenticationPrincipal FabricIdentity caller,
                          @PathVariable @Pattern(regexp = TradeRequests.SHA256, message = TradeRequests.SHA256_RULE)
                          String contentHash) {
        return trade.pledgeStatus(caller, contentHash);
    }
}
