package org.silkroad.gateway.explorer;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The explorer's read-only API, for callers with role {@code court} or {@code regulator} only (the rule is in
 * {@link org.silkroad.gateway.shared.SecurityConfiguration}; everyone else gets 403). Everything comes from the local
 * index, never from a caller's own view of the ledger, so the answers are the same for every court.
 */
@RestController
@ConditionalOnProperty(name = "silkroad.explorer.enabled", havingValue = "true", matchIfMissing = true)
@RequestMapping(path = "/api/v1/explorer", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "explorer", description = "Blocks, transactions, entity histories, documents and evidence for courts")
class ExplorerController {

    private final ExplorerService explorer;
    private final JsonMapper json;

    ExplorerController(ExplorerService explorer, JsonMapper json) {
        this.explorer = explorer;
        this.json = json;
    }

    @GetMapping("/status")
    @Operation(summary = "Channel height, indexing progress, member states, consenters and the BFT quorum")
    JsonNode status() {
        return explorer.status();
    }

    @GetMapping("/activity")
    @Operation(summary = "Transactions per minute over the last minutes (default 60, at most 1440)")
    JsonNode activity(@RequestParam(defaultValue = "60") int minutes) {
        return explorer.transactionsPerMinute(Math.min(Math.max(minutes, 1), 1440));
    }

    @GetMapping("/blocks")
    @Operation(summary = "Blocks, newest first, below 'before' (exclusive)")
    JsonNode blocks(@RequestParam(required = false) Long before, @RequestParam(defaultValue = "20") int limit) {
        return explorer.blocks(before, limit);
    }

    @GetMapping("/blocks/{number}")
    @Operation(summary = "A block: hashes, orderer signatures, transactions")
    JsonNode block(@PathVariable long number) {
        return explorer.block(number);
    }

    @GetMapping("/transactions/{txId}")
    @Operation(summary = "A transaction: creator, endorsers, validation code, read/write sets (private data: hashes "
            + "only), chaincode event")
    JsonNode transaction(@PathVariable String txId) {
        return explorer.transaction(txId);
    }

    @GetMapping("/search")
    @Operation(summary = "Search by transaction ID, block number, block hash, business ID or document hash")
    JsonNode search(@RequestParam String q) {
        return explorer.search(q);
    }

    @GetMapping("/search/transactions")
    @Operation(summary = "Every transaction that carries a business ID or document hash, in chain order, a page at a "
            + "time: 'after' is the previous page's 'next' (<block>:<index>), null on the last page; limit 1 to 200")
    JsonNode transactionsWithId(@RequestParam String q, @RequestParam(required = false) String after,
                                @RequestParam(defaultValue = "50") int limit) {
        return explorer.transactionsWithId(q, after, limit);
    }

    @GetMapping("/search/entities")
    @Operation(summary = "Every entity (ledger key) that has a business ID as an attribute, by the block that first "
            + "wrote it, a page at a time: 'after' is the previous page's 'next' (<block>:<key>), null on the last "
            + "page; limit 1 to 200")
    JsonNode entitiesWithId(@RequestParam String q, @RequestParam(required = false) String after,
                            @RequestParam(defaultValue = "50") int limit) {
        return explorer.entitiesWithId(q, after, limit);
    }

    @GetMapping("/entities")
    @Operation(summary = "The history of one entity (a ledger key, as shown by search): every version with its "
            + "transaction and block")
    JsonNode entity(@RequestParam String key) {
        return explorer.entity(key);
    }

    @GetMapping("/documents/{sha256}")
    @Operation(summary = "Whether a document's SHA-256 is registered on the ledger, where, and in which version")
    JsonNode document(@PathVariable String sha256) {
        return explorer.documents(sha256);
    }

    @GetMapping("/bundle")
    @Operation(summary = "Evidence bundle (JSON with the raw protobuf bytes in base64) for transactions, entity "
            + "keys and/or business IDs; verify it offline with: silkroad-ops.jar verify-bundle FILE")
    ResponseEntity<String> bundle(@RequestParam(name = "txId", required = false) List<String> txIds,
                                  @RequestParam(name = "key", required = false) List<String> keys,
                                  @RequestParam(name = "id", required = false) List<String> ids,
                                  @AuthenticationPrincipal FabricIdentity caller) {
        JsonNode bundle = explorer.bundle(ExplorerService.nonBlank(txIds), ExplorerService.nonBlank(keys),
                ExplorerService.nonBlank(ids), caller);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"evidence-bundle.json\"")
                .contentType(MediaType.APPLICATION_JSON)
                .body(json.writerWithDefaultPrettyPrinter().writeValueAsString(bundle));
    }
}
