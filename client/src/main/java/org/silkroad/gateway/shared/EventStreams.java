package org.silkroad.gateway.shared;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What every server-sent-event stream of chaincode events shares: where it starts ({@code Last-Event-ID} as
 * {@code <blockNumber>:<txId>}, else a block, else the next commit), the heartbeat that keeps proxies from closing an
 * idle stream and notices clients that left, and the problem sent as a last event when the ledger fails.
 */
public final class EventStreams {

    private static final Pattern EVENT_ID = Pattern.compile("([0-9]{1,19}):([A-Za-z0-9]{1,128})");

    private EventStreams() {
    }

    /**
     * Where a stream starts: after the event named by {@code Last-Event-ID}, else at {@code fromBlock}, else at the
     * next block to commit.
     *
     * @throws GatewayProblem 400 when the Last-Event-ID is not {@code <blockNumber>:<txId>}
     */
    public static Ledger.EventPosition position(String lastEventId, Long fromBlock) {
        if (lastEventId != null && !lastEventId.isBlank()) {
            Matcher id = EVENT_ID.matcher(lastEventId.strip());
            if (!id.matches()) {
                throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED",
                        "Last-Event-ID must be <blockNumber>:<txId> as sent in an event's id.")
                        .with("errors", List.of(Map.of("field", "Last-Event-ID",
                                "message", "must be <blockNumber>:<txId>")));
            }
            return Ledger.EventPosition.after(Long.parseLong(id.group(1)), id.group(2));
        }
        return fromBlock == null ? Ledger.EventPosition.nextCommit() : Ledger.EventPosition.fromBlock(fromBlock);
    }

    /**
     * Sends a comment line every {@code every}, and closes the event subscription when the client leaves, the stream
     * times out or fails, or the identity it was opened as is revoked or replaced at this gateway ({@link
     * CallerStreams}): then a 401 {@code UNAUTHENTICATED} problem is its last event.
     */
    public static void keepAlive(SseEmitter emitter, ScheduledExecutorService heartbeats, Duration every,
                                 Ledger.EventStream events, FabricIdentity caller, CallerStreams callers) {
        long millis = every.toMillis();
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> {
            try {
                synchronized (emitter) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                }
            } catch (IOException | IllegalStateException e) {
                events.close();
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
        Runnable untrack = callers.track(caller, () -> {
            heartbeat.cancel(false);
            events.close();
            sendProblemAndComplete(emitter, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED,
                    "The identity this stream was opened as has been revoked or replaced at this gateway."));
        });
        Runnable stop = () -> {
            heartbeat.cancel(false);
            untrack.run();
            events.close();
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(() -> {
            stop.run();
            emitter.complete();
        });
        emitter.onError(failure -> stop.run());
    }

    /** The response is already an event stream: a problem goes out as an {@code error} event, then the stream ends. */
    public static void sendProblemAndComplete(SseEmitter emitter, Object problem) {
        try {
            synchronized (emitter) {
                emitter.send(SseEmitter.event().name("error").data(problem, MediaType.APPLICATION_JSON));
            }
            emitter.complete();
        } catch (IOException | IllegalStateException ignored) {
            // the client is gone already
        }
    }

    /** Daemon threads named {@code <prefix><n>}. */
    public static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
