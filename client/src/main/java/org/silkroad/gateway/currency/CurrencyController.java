package org.silkroad.gateway.currency;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.silkroad.gateway.currency.CurrencyViews.AuditView;
import org.silkroad.gateway.currency.CurrencyViews.CurrencyList;
import org.silkroad.gateway.currency.CurrencyViews.CurrencyView;
import org.silkroad.gateway.currency.CurrencyViews.IssuanceView;
import org.silkroad.gateway.currency.CurrencyViews.RedemptionView;
import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Central banks' currencies: registration, issuance, redemption, audit. */
@RestController
@RequestMapping(path = "/api/v1/currencies", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "currencies", description = "Central-bank digital currencies: register, issue, redeem, audit")
class CurrencyController {

    private final CurrencyService currencies;

    CurrencyController(CurrencyService currencies) {
        this.currencies = currencies;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Register the caller's state's currency (central bank)",
            description = "Submits currency:registerCurrency. The code identifies the request: the same code with the "
                    + "same decimals again returns the currency; another state's code, or other decimals, is 409 "
                    + "CURRENCY_EXISTS.")
    CurrencyView register(@AuthenticationPrincipal FabricIdentity caller,
                          @Valid @RequestBody CurrencyRequests.RegisterCurrency request) {
        return currencies.register(caller, request);
    }

    @GetMapping
    @Operation(summary = "Every registered currency")
    CurrencyList list(@AuthenticationPrincipal FabricIdentity caller) {
        return new CurrencyList(currencies.list(caller));
    }

    @GetMapping("/{code}")
    @Operation(summary = "One currency", description = "404 UNKNOWN_CURRENCY when the code is not registered.")
    CurrencyView get(@AuthenticationPrincipal FabricIdentity caller,
                     @PathVariable @Pattern(regexp = CurrencyRequests.CODE, message = CurrencyRequests.CODE_RULE)
                     String code) {
        return currencies.get(caller, code);
    }

    @PostMapping(path = "/{code}/issuances", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Issue new money into an open wallet (the currency's central bank only)",
            description = "Submits currency:issue; one new note of the amount. A retry with the same requestId returns "
                    + "the first issuance; the same requestId with other content is 409 REQUEST_ID_REUSED. Another "
                    + "state's central bank gets 403 NOT_ISSUER.")
    IssuanceView issue(@AuthenticationPrincipal FabricIdentity caller,
                       @PathVariable @Pattern(regexp = CurrencyRequests.CODE, message = CurrencyRequests.CODE_RULE)
                       String code,
                       @Valid @RequestBody CurrencyRequests.Issue request) {
        return currencies.issue(caller, code, request);
    }

    @PostMapping(path = "/{code}/redemptions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Retire an amount held in the central bank's own wallet",
            description = "The gateway pays the central bank a note of exactly the amount (pay-to-self "
                    + "split:redeem:<MSP>:<requestId>), then submits currency:redeem for that note. A retry with the "
                    + "same requestId finds the split and returns the first redemption. 422 INSUFFICIENT_FUNDS when "
                    + "the central bank's own wallet holds less.")
    RedemptionView redeem(@AuthenticationPrincipal FabricIdentity caller,
                          @PathVariable @Pattern(regexp = CurrencyRequests.CODE, message = CurrencyRequests.CODE_RULE)
                          String code,
                          @Valid @RequestBody CurrencyRequests.Redeem request) {
        return currencies.redeem(caller, code, request);
    }

    @GetMapping("/{code}/audit")
    @Operation(summary = "Check the money invariant of a currency (central bank or regulator of any state)",
            description = "Evaluates currency:audit: issued - redeemed = unspent notes + quote reserves + escrow, "
                    + "recomputed from the whole ledger.")
    AuditView audit(@AuthenticationPrincipal FabricIdentity caller,
                    @PathVariable @Pattern(regexp = CurrencyRequests.CODE, message = CurrencyRequests.CODE_RULE)
                    String code) {
        return currencies.audit(caller, code);
    }

    @GetMapping("/{code}/holders")
    @Operation(summary = "What the wallets of one state hold in a currency (central bank or regulator of any state)",
            description = "Evaluates currency:holders, reading every unspent note as the audit does. After a state "
                    + "leaves the channel, its wallets' holdings of another state's currency can be taken back only by "
                    + "that currency's issuer: POST /api/v1/wallets/{wallet}/recovery for each wallet listed.")
    CurrencyViews.HoldersView holders(@AuthenticationPrincipal FabricIdentity caller,
                                      @PathVariable @Pattern(regexp = CurrencyRequests.CODE,
                                              message = CurrencyRequests.CODE_RULE) String code,
                                      @RequestParam @Pattern(regexp = Wallets.MSP_ID,
                                              message = "must be <ISO alpha-2>MSP") String state) {
        return currencies.holders(caller, code, state);
    }
}
