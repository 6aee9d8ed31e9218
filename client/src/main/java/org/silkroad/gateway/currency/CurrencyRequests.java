package org.silkroad.gateway.currency;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What the currency endpoints take. IDs are checked here (the chaincode applies the same rules); amounts are decimal
 * strings of major units and are checked against the currency's decimals when read ({@link Money}), so that their
 * refusals carry the amount codes rather than a generic validation failure.
 */
public final class CurrencyRequests {

    /** Request, payment and quote IDs: chosen by the caller, the same ID on a retry. */
    static final String ID = "[A-Za-z0-9._:-]{1,128}";
    static final String ID_RULE = "must be 1 to 128 characters from A-Z a-z 0-9 . _ : -";
    /** A recovery's payment ID leaves room for the suffix of its later transactions ({@code :<n>}). */
    static final String RECOVERY_ID = "[A-Za-z0-9._:-]{1,120}";
    static final String RECOVERY_ID_RULE = "must be 1 to 120 characters from A-Z a-z 0-9 . _ : -";
    static final String CODE = "[A-Z]{3}";
    static final String CODE_RULE = "must be three letters A-Z";
    static final String TIER = "[A-Za-z0-9._-]{1,64}";
    static final String TIER_RULE = "must be 1 to 64 characters from A-Z a-z 0-9 . _ -";

    private CurrencyRequests() {
    }

    @Schema(description = "Registers the caller's state's currency. The code is the request's ID: registering the same "
            + "code with the same decimals again returns the currency.")
    public record RegisterCurrency(
            @NotNull @Pattern(regexp = CODE, message = CODE_RULE) @Schema(example = "CNY") String code,
            @NotNull @Min(0) @Max(8) @Schema(example = "2") Integer decimals) {
    }

    @Schema(description = "Issues new money into a wallet")
    public record Issue(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String requestId,
            @NotNull @Pattern(regexp = Wallets.WALLET_ID, message = Wallets.WALLET_ID_RULE)
            @Schema(example = "CNMSP/business-1") String wallet,
            @Schema(description = "major units", example = "1000.00") String amount) {
    }

    @Schema(description = "Retires an amount of the central bank's own holdings")
    public record Redeem(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String requestId,
            @Schema(description = "major units", example = "250.00") String amount) {
    }

    @Schema(description = "Pays from the caller's own wallet")
    public record Payment(
            @NotNull @Pattern(regexp = ID, message = ID_RULE)
            @Schema(description = "unique across the whole ledger; a retry carries the same") String paymentId,
            @NotNull @Pattern(regexp = CODE, message = CODE_RULE) @Schema(example = "CNY") String currency,
            @NotNull @Pattern(regexp = Wallets.WALLET_ID, message = Wallets.WALLET_ID_RULE)
            @Schema(example = "CNMSP/business-2") String payee,
            @Schema(description = "major units", example = "12.34") String amount) {
    }

    @Schema(description = "Pays in the quote's base currency; the payee receives the quote currency")
    public record CrossBorderPayment(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String paymentId,
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String quoteId,
            @NotNull @Pattern(regexp = Wallets.WALLET_ID, message = Wallets.WALLET_ID_RULE)
            @Schema(example = "MYMSP/business-1") String payee,
            @Schema(description = "major units of the quote's base currency", example = "100.00") String amount) {
    }

    @Schema(description = "Defines or replaces a limit tier for the wallets of the caller's state")
    public record Tier(@NotNull @Size(max = 64) Map<String, @Valid @NotNull Limit> limits) {
    }

    @Schema(description = "Limits in one currency, major units; at least one")
    public record Limit(
            @Schema(example = "500.00") String perPayment,
            @Schema(example = "2000.00") String daily) {
    }

    @Schema(description = "Assigns a tier to a wallet of the caller's state")
    public record TierAssignment(@NotNull @Pattern(regexp = TIER, message = TIER_RULE) String tier) {
    }

    @Schema(description = "Freezes a wallet of the caller's state: it can still receive, not pay")
    public record Freeze(@NotBlank @Size(max = 512) String reason) {
    }

    @Schema(description = "Moves what a frozen wallet holds in one currency to another wallet of its state")
    public record Recovery(
            @NotNull @Pattern(regexp = RECOVERY_ID, message = RECOVERY_ID_RULE)
            @Schema(description = "the first transaction's payment ID; more transactions, when needed, are "
                    + "<paymentId>:2, :3, ...; a retry carries the same") String paymentId,
            @NotNull @Pattern(regexp = CODE, message = CODE_RULE) @Schema(example = "CNY") String currency,
            @NotNull @Pattern(regexp = Wallets.WALLET_ID, message = Wallets.WALLET_ID_RULE)
            @Schema(example = "CNMSP/business-3") String successor,
            @NotBlank @Size(max = 512) @Schema(example = "identity revoked, court order 2026-118") String reason) {
    }

    @Schema(description = "Registers (or re-caps) a device wallet <caller's MSP ID>/<deviceId> owned by the caller")
    public record Device(@NotEmpty @Size(max = 64) Map<String, @NotNull String> caps) {
    }

    @Schema(description = "Publishes a quote funded from the bank's own quote-currency notes")
    public record PublishQuote(
            @NotNull @Pattern(regexp = ID, message = ID_RULE) String quoteId,
            @NotNull @Pattern(regexp = CODE, message = CODE_RULE) @Schema(example = "CNY") String baseCurrency,
            @NotNull @Pattern(regexp = CODE, message = CODE_RULE) @Schema(example = "MYR") String quoteCurrency,
            @Schema(description = "major units of quote currency paid per major unit of base currency; converted "
                    + "exactly to a rational of minor units", example = "0.65") String rate,
            @Schema(description = "the most base currency the quote accepts, major units", example = "10000.00")
            String maxBase,
            @Schema(description = "quote currency the bank puts aside to pay out, major units", example = "6500.00")
            String reserve,
            @NotNull @Schema(description = "ISO-8601 instant", example = "2026-12-31T00:00:00Z") String expiresAt) {
    }
}
