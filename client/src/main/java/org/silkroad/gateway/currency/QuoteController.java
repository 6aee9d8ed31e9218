package org.silkroad.gateway.currency;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.silkroad.gateway.currency.CurrencyViews.QuoteView;
import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Banks' conversion quotes. */
@RestController
@RequestMapping(path = "/api/v1/quotes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "quotes", description = "Banks' standing offers to convert between two currencies")
class QuoteController {

    private final QuoteService quotes;

    QuoteController(QuoteService quotes) {
        this.quotes = quotes;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Publish a quote (bank)",
            description = "rate is major units of quote currency per major unit of base currency, converted exactly to "
                    + "minor units (numerator/denominator). The gateway funds the reserve with exactly `reserve` of "
                    + "the bank's own quote-currency notes, splitting them first (pay-to-self split:quote:<quoteId>) "
                    + "when they do not add up exactly. A retry with the same quoteId returns the quote; another quote "
                    + "under the ID is 409 CONFLICT.")
    QuoteView publish(@AuthenticationPrincipal FabricIdentity caller,
                      @Valid @RequestBody CurrencyRequests.PublishQuote request) {
        return quotes.publish(caller, request);
    }

    @GetMapping("/{quoteId}")
    @Operation(summary = "A quote: rate, what it accepted, what it still holds")
    QuoteView get(@AuthenticationPrincipal FabricIdentity caller,
                  @PathVariable @Pattern(regexp = CurrencyRequests.ID, message = CurrencyRequests.ID_RULE)
                  String quoteId) {
        return quotes.get(caller, quoteId);
    }

    @PostMapping("/{quoteId}/close")
    @Operation(summary = "Close a quote (its provider)",
            description = "Submits currency:closeQuote: the rest of the reserve returns to the bank as one note. "
                    + "Idempotent.")
    QuoteView close(@AuthenticationPrincipal FabricIdentity caller,
                    @PathVariable @Pattern(regexp = CurrencyRequests.ID, message = CurrencyRequests.ID_RULE)
                    String quoteId) {
        return quotes.close(caller, quoteId);
    }
}
