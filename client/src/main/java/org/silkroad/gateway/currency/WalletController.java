package org.silkroad.gateway.currency;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.silkroad.gateway.currency.CurrencyViews.BalanceView;
import org.silkroad.gateway.currency.CurrencyViews.TierView;
import org.silkroad.gateway.currency.CurrencyViews.WalletView;
import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
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

/**
 * Wallets, tiers, freezes and recoveries, devices, and a wallet's payment stream.
 *
 * <p>A wallet ID is {@code <MSP ID>/<name>}; in paths its slash is simply the path's slash:
 * {@code /api/v1/wallets/CNMSP/business-1/balance}. (Percent-encoding it as {@code %2F} would need the servlet
 * container and Spring Security's firewall to let encoded slashes through, which they rightly refuse by default; the
 * two segments need nothing.) {@code /api/v1/wallets/me/...} is the caller's own wallet.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "wallets", description = "Wallets, balances, tiers, freezes, devices, payment streams")
class WalletController {

    private final WalletService wallets;
    private final PaymentService payments;
    private final PaymentStreams streams;
    private final RecoveryService recoveries;

    WalletController(WalletService wallets, PaymentService payments, PaymentStreams streams,
                     RecoveryService recoveries) {
        this.wallets = wallets;
        this.payments = payments;
        this.streams = streams;
        this.recoveries = recoveries;
    }

    @PutMapping("/wallets/me")
    @Operation(summary = "Open the caller's own wallet <MSP ID>/<enrollment ID>",
            description = "Submits currency:openWallet; idempotent (an open wallet is returned as it is).")
    WalletView open(@AuthenticationPrincipal FabricIdentity caller) {
        return wallets.open(caller);
    }

    @GetMapping("/wallets/me")
    @Operation(summary = "The caller's own wallet")
    WalletView mine(@AuthenticationPrincipal FabricIdentity caller) {
        return wallets.get(caller, Wallets.own(caller));
    }

    @GetMapping("/wallets/me/balance")
    @Operation(summary = "The caller's own holdings per currency")
    BalanceView myBalance(@AuthenticationPrincipal FabricIdentity caller) {
        return wallets.balance(caller, Wallets.own(caller));
    }

    @GetMapping("/wallets/{mspId}/{name}")
    @Operation(summary = "A wallet: kind, tier, frozen", description = "404 WALLET_NOT_FOUND when it is not open.")
    WalletView get(@AuthenticationPrincipal FabricIdentity caller,
                   @PathVariable @Pattern(regexp = Wallets.MSP_ID, message = "must be <ISO alpha-2>MSP") String mspId,
                   @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE) String name) {
        return wallets.get(caller, Wallets.of(mspId, name));
    }

    @GetMapping("/wallets/{mspId}/{name}/balance")
    @Operation(summary = "A wallet's holdings per currency (the sum of its unspent notes)")
    BalanceView balance(@AuthenticationPrincipal FabricIdentity caller,
                        @PathVariable @Pattern(regexp = Wallets.MSP_ID, message = "must be <ISO alpha-2>MSP")
                        String mspId,
                        @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE) String name) {
        return wallets.balance(caller, Wallets.of(mspId, name));
    }

    @PutMapping(path = "/wallets/{mspId}/{name}/tier", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Assign a limit tier to a wallet (central bank of the wallet's state)",
            description = "Submits currency:assignTier; idempotent. 403 NOT_JURISDICTION for another state's wallet, "
                    + "404 UNKNOWN_TIER for a tier not defined.")
    WalletView assignTier(@AuthenticationPrincipal FabricIdentity caller,
                          @PathVariable @Pattern(regexp = Wallets.MSP_ID, message = "must be <ISO alpha-2>MSP")
                          String mspId,
                          @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE) String name,
                          @Valid @RequestBody CurrencyRequests.TierAssignment request) {
        return wallets.assignTier(caller, Wallets.of(mspId, name), request.tier());
    }

    @PutMapping(path = "/wallets/{mspId}/{name}/freeze", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Freeze a wallet (central bank of the wallet's state)",
            description = "Submits currency:freeze; idempotent. A frozen wallet still receives; its payments are 422 "
                    + "WALLET_FROZEN.")
    WalletView freeze(@AuthenticationPrincipal FabricIdentity caller,
                      @PathVariable @Pattern(regexp = Wallets.MSP_ID, message = "must be <ISO alpha-2>MSP")
                      String mspId,
                      @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE) String name,
                      @Valid @RequestBody CurrencyRequests.Freeze request) {
        return wallets.freeze(caller, Wallets.of(mspId, name), request.reason());
    }

    @DeleteMapping("/wallets/{mspId}/{name}/freeze")
    @Operation(summary = "Unfreeze a wallet (central bank of the wallet's state)",
            description = "Submits currency:unfreeze; idempotent.")
    WalletView unfreeze(@AuthenticationPrincipal FabricIdentity caller,
                        @PathVariable @Pattern(regexp = Wallets.MSP_ID, message = "must be <ISO alpha-2>MSP")
                        String mspId,
                        @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE) String name) {
        return wallets.unfreeze(caller, Wallets.of(mspId, name));
    }

    @PostMapping(path = "/wallets/{mspId}/{name}/recovery", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Move what a frozen wallet holds in a currency to a successor wallet (central bank of its "
            + "state), or take a currency back from a wallet of a state that left (its issuer)",
            description = "For a holder that lost its key or whose identity was revoked, or on a court's order; or, "
            + "by the currency's issuer, from a wallet whose state is no longer a member of the channel (no freeze "
            + "needed: that state's central bank is gone). Submits currency:recover, up to 100 notes per transaction "
            + "and up to 20 transactions (payment IDs <paymentId>, <paymentId>:2, ...), each recorded as a payment of "
            + "kind recovery in both wallets' history and streams. The successor is a wallet of the caller's state. "
            + "A retry with the same request returns the same transactions and moves what is left; complete=false "
            + "means there is more to move. 409 WALLET_NOT_FROZEN, 403 NOT_JURISDICTION (a successor of another "
            + "state; a wallet of another state that is still a member, or whose currency is not the caller's), "
            + "404 WALLET_NOT_FOUND.")
    CurrencyViews.RecoveryView recover(@AuthenticationPrincipal FabricIdentity caller,
                                       @PathVariable @Pattern(regexp = Wallets.MSP_ID,
                                               message = "must be <ISO alpha-2>MSP") String mspId,
                                       @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE)
                                       String name,
                                       @Valid @RequestBody CurrencyRequests.Recovery request) {
        return recoveries.recover(caller, Wallets.of(mspId, name), request);
    }

    @GetMapping("/wallets/{mspId}/{name}/payments")
    @Operation(summary = "The payments that touched a wallet, oldest first, a page at a time",
            description = "Evaluates currency:history. Pass the answer's `bookmark` back for the next page. Same "
                    + "callers as the stream (403 otherwise).")
    CurrencyViews.PaymentPage history(@AuthenticationPrincipal FabricIdentity caller,
                                      @PathVariable @Pattern(regexp = Wallets.MSP_ID,
                                              message = "must be <ISO alpha-2>MSP") String mspId,
                                      @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE)
                                      String name,
                                      @Parameter(description = "payments per page, 1 to 1000 (default 100)")
                                      @RequestParam(required = false) @Min(1) @Max(1000) Integer limit,
                                      @Parameter(description = "from the previous page") @RequestParam(required = false)
                                      @Size(max = 1024) String bookmark) {
        return payments.history(caller, Wallets.of(mspId, name), limit, bookmark);
    }

    @GetMapping(path = "/wallets/{mspId}/{name}/payments/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ApiResponse(responseCode = "200", description = "server-sent events, `event: payment`, one per payment",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = CurrencyViews.PaymentEventView.class)))
    @Operation(summary = "Stream a wallet's payments as server-sent events",
            description = "Every currency.Payment in which the wallet pays or receives, from the peer's chaincode "
                    + "events: `id: <blockNumber>:<txId>`, `event: payment`, data = the payment (amounts as decimal "
                    + "strings). Resume with the header `Last-Event-ID` (wins) or `fromBlock`; without either, "
                    + "from the next block. A ledger failure is sent as `event: error` with a problem detail, then the "
                    + "stream ends. Only the wallet's holder (for a device wallet also its owner) and the central bank "
                    + "and regulator of its state (403 otherwise).")
    SseEmitter stream(@AuthenticationPrincipal FabricIdentity caller,
                      @PathVariable @Pattern(regexp = Wallets.MSP_ID, message = "must be <ISO alpha-2>MSP")
                      String mspId,
                      @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE) String name,
                      @Parameter(description = "first block to read") @RequestParam(required = false) @Min(0)
                      Long fromBlock,
                      @Parameter(description = "the id of the last event received, <blockNumber>:<txId>")
                      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        return streams.open(caller, Wallets.of(mspId, name), PaymentStreams.position(lastEventId, fromBlock));
    }

    @PutMapping(path = "/tiers/{tier}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Define or replace a limit tier of the caller's state (central bank)",
            description = "Submits currency:setTier. Limits per currency, in major units; currencies not listed are "
                    + "unlimited. Limits count only what a payment sends to wallets other than the payer's.")
    TierView setTier(@AuthenticationPrincipal FabricIdentity caller,
                     @PathVariable @Pattern(regexp = CurrencyRequests.TIER, message = CurrencyRequests.TIER_RULE)
                     String tier,
                     @Valid @RequestBody CurrencyRequests.Tier request) {
        return wallets.setTier(caller, tier, request);
    }

    @PutMapping(path = "/devices/{deviceId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register a device wallet <caller's MSP ID>/<deviceId> owned by the caller (business, eHub)",
            description = "Submits currency:registerDevice; repeating it with other caps updates them. caps: per "
                    + "currency, the most one payment of the device may send (major units); the device cannot pay in "
                    + "other currencies.")
    WalletView registerDevice(@AuthenticationPrincipal FabricIdentity caller,
                              @PathVariable @Pattern(regexp = Wallets.NAME, message = Wallets.NAME_RULE)
                              String deviceId,
                              @Valid @RequestBody CurrencyRequests.Device request) {
        return wallets.registerDevice(caller, deviceId, request);
    }
}
