package org.silkroad.gateway.currency;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;

import org.silkroad.gateway.currency.CurrencyViews.PaymentView;
import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Payments from the caller's own wallet. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "payments", description = "Payments in one currency and across currencies through a bank's quote")
class PaymentController {

    private final PaymentService payments;

    PaymentController(PaymentService payments) {
        this.payments = payments;
    }

    @PostMapping(path = "/payments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Pay from the caller's own wallet",
            description = "The gateway chooses the caller's notes (few, least change), holds them against concurrent "
                    + "requests, and submits currency:pay with output 0 to the payee and output 1 the change. Notes "
                    + "spent meanwhile are replaced transparently. A retry with the same paymentId returns the payment "
                    + "that committed first; other content under the same ID is 409 PAYMENT_ID_REUSED. 422 "
                    + "INSUFFICIENT_FUNDS (retryable when notes held by requests in progress would cover it), "
                    + "WALLET_FROZEN, LIMIT_EXCEEDED, DEVICE_CAP_EXCEEDED.")
    PaymentView pay(@AuthenticationPrincipal FabricIdentity caller,
                    @Valid @RequestBody CurrencyRequests.Payment request) {
        return payments.pay(caller, request);
    }

    @GetMapping("/payments/{paymentId}")
    @Operation(summary = "A payment or cross-border payment, as recorded")
    PaymentView get(@AuthenticationPrincipal FabricIdentity caller,
                    @PathVariable @Pattern(regexp = CurrencyRequests.ID, message = CurrencyRequests.ID_RULE)
                    String paymentId) {
        return payments.get(caller, paymentId);
    }

    @PostMapping(path = "/cross-border-payments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Pay in the quote's base currency; the payee receives its quote currency",
            description = "One transaction (currency:crossBorderPay): the caller's notes pay the amount to the quote's "
                    + "provider (change back to the caller), and the payee receives floor(amount × rate) from the "
                    + "quote's reserve. Notes as for /payments. 422 QUOTE_EXPIRED, QUOTE_CLOSED, QUOTE_EXHAUSTED, "
                    + "AMOUNT_TOO_SMALL; 404 NOT_FOUND for an unknown quote.")
    PaymentView crossBorderPay(@AuthenticationPrincipal FabricIdentity caller,
                               @Valid @RequestBody CurrencyRequests.CrossBorderPayment request) {
        return payments.crossBorderPay(caller, request);
    }
}
