package org.silkroad.gateway.currency;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.silkroad.gateway.currency.CurrencyViews.QuoteView;
import org.silkroad.gateway.currency.LedgerRecords.QuoteRecord;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.silkroad.gateway.shared.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Banks' conversion quotes: published with a reserve the gateway funds from the bank's own notes, read, closed. */
@Service
class QuoteService {

    private final CurrencyLedger ledger;
    private final Currencies currencies;
    private final ExactNotes exactNotes;
    private final Render render;
    private final Clock clock;

    QuoteService(CurrencyLedger ledger, Currencies currencies, ExactNotes exactNotes, Render render, Clock clock) {
        this.ledger = ledger;
        this.currencies = currencies;
        this.exactNotes = exactNotes;
        this.render = render;
        this.clock = clock;
    }

    /**
     * Publishes a quote whose reserve is exactly {@code reserve}: the bank's quote-currency notes are chosen (and, if
     * they do not add up exactly, first split by a pay-to-self {@code split:quote:<quoteId>}) and spent into it. A
     * retry returns the quote as it is on the ledger.
     */
    QuoteView publish(FabricIdentity caller, CurrencyRequests.PublishQuote request) {
        Currencies.Currency base = currencies.require(caller, request.baseCurrency());
        Currencies.Currency quote = currencies.require(caller, request.quoteCurrency());
        if (base.code().equals(quote.code())) {
            throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                    "baseCurrency and quoteCurrency are both " + base.code() + "; a quote converts between two.");
        }
        Rates.Rational rate = Rates.parse(request.rate(), base, quote);
        Money maxBase = Money.parsePositive("maxBase", request.maxBase(), base);
        Money reserve = Money.parsePositive("reserve", request.reserve(), quote);
        String expiresAt = expiry(request.expiresAt());
        String provider = Wallets.own(caller);

        Optional<QuoteRecord> existing = ledger.findQuote(caller, request.quoteId());
        if (existing.isPresent()) {
            QuoteRecord found = existing.get();
            boolean same = provider.equals(found.provider()) && base.code().equals(found.baseCurrency())
                    && quote.code().equals(found.quoteCurrency()) && found.rateNumerator() == rate.numerator()
                    && found.rateDenominator() == rate.denominator() && found.maxBase() == maxBase.minorUnits()
                    && expiresAt.equals(found.expiresAt());
            if (!same) {
                throw GatewayProblem.of(HttpStatus.CONFLICT, "CONFLICT",
                        "Quote ID %s is already used for another quote.".formatted(request.quoteId()));
            }
            return render.quote(caller, found);
        }
        // Checked here as well as by the chaincode, so that a refused quote does not split notes first.
        if (!caller.role().filter("bank"::equals).isPresent()) {
            throw GatewayProblem.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "Only a bank publishes quotes.");
        }

        String operation = "quote:" + request.quoteId();
        ExactNotes.Held held = exactNotes.exactly(caller, provider, reserve, operation,
                ExactNotes.derivedPaymentId("split:quote", request.quoteId()), false);
        QuoteRecord record = exactNotes.consume(held, operation, () -> ledger.publishQuote(caller,
                new LedgerRecords.PublishQuote(request.quoteId(), base.code(), quote.code(), rate.numerator(),
                        rate.denominator(), maxBase.minorUnits(), expiresAt, held.noteIds())));
        return render.quote(caller, record);
    }

    QuoteView get(FabricIdentity caller, String quoteId) {
        return render.quote(caller, ledger.getQuote(caller, quoteId));
    }

    /** Closes a quote; what is left of its reserve returns to the bank as one note. Idempotent. */
    QuoteView close(FabricIdentity caller, String quoteId) {
        return render.quote(caller, ledger.closeQuote(caller, quoteId));
    }

    /** The expiry in the chaincode's canonical form, checked to lie in the future. */
    private String expiry(String text) {
        Instant instant;
        try {
            instant = DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw invalidExpiry("must be an ISO-8601 instant such as 2026-12-31T00:00:00Z");
        }
        if (!instant.isAfter(clock.instant())) {
            throw invalidExpiry("must be in the future");
        }
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static GatewayProblem invalidExpiry(String message) {
        return GatewayProblem.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, "The request is invalid.")
                .with("errors", List.of(Map.of("field", "expiresAt", "message", message)));
    }
}
