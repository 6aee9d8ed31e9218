package org.silkroad.gateway.currency;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway spends its callers' notes and streams their payments.
 *
 * @param paymentAttempts   how many times one payment is tried with freshly chosen notes when the ledger says a
 *                          chosen note was spent meanwhile (NOTE_SPENT, NOTE_NOT_FOUND, MVCC_READ_CONFLICT)
 * @param candidateNotes    how many of a wallet's unspent notes are read to choose from (pages of up to 1000)
 * @param maxInputs         the most notes one transaction may spend (the chaincode's limit is 100)
 * @param unknownOutcomeHold how long notes stay locked after a submit whose outcome is unknown (timeout, peer
 *                          unreachable): long enough for the transaction to commit or be dropped
 * @param spentNoteMemory   how long notes spent through this gateway are skipped when choosing notes: a list of
 *                          unspent notes read just before a payment committed still names them
 * @param notePoolAge       how long a wallet's unspent notes, once read, are chosen from again without reading them
 *                          anew; a payment that finds them short or stale reads them again at once ({@code 0s}:
 *                          read before every payment)
 * @param streams           payment streams (server-sent events)
 */
@Validated
@ConfigurationProperties("silkroad.currency")
public record CurrencyProperties(
        @DefaultValue("5") @Min(1) @Max(20) int paymentAttempts,
        @DefaultValue("1000") @Min(1) @Max(100_000) int candidateNotes,
        @DefaultValue("100") @Min(1) @Max(100) int maxInputs,
        @DefaultValue("2m") @NotNull Duration unknownOutcomeHold,
        @DefaultValue("1m") @NotNull Duration spentNoteMemory,
        @DefaultValue("30s") @NotNull Duration notePoolAge,
        @DefaultValue @Valid @NotNull Streams streams) {

    /**
     * @param max       the most payment streams open at once (each holds a thread and a gRPC stream to the peer)
     * @param timeout   how long one stream stays open; the client then resumes with Last-Event-ID
     * @param heartbeat how often a comment line is sent on an idle stream, so that dead clients are noticed
     */
    public record Streams(
            @DefaultValue("32") @Min(1) int max,
            @DefaultValue("30m") @NotNull Duration timeout,
            @DefaultValue("15s") @NotNull Duration heartbeat) {
    }
}
