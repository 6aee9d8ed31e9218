package org.silkroad.gateway.trade;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.silkroad.gateway.shared.CallerStreams;
import org.silkroad.gateway.shared.EventStreams;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import org.silkroad.gateway.shared.LedgerProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steps of a caller's shipments as server-sent events, from the chaincode events the state's peer delivers
 * (subscribed as the caller): documents and bills that name the caller as a party or holder, declarations it made, and
 * for a customs officer every declaration its state decides. Like the payment stream: {@code id:
 * <blockNumber>:<txId>}, resumable with {@code Last-Event-ID}, one thread and one gRPC stream per open stream (capped),
 * a comment line as heartbeat.
 */
@Component
class ShipmentStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ShipmentStreams.class);
    /** Chaincode event name → SSE event name. */
    private static final Map<String, String> EVENTS = Map.of(
            "trade.Document", "document", "trade.Bill", "bill", "customs.Declaration", "declaration");
    private static final Set<String> PARTY_FIELDS = Set.of("holder", "declarant", "importer");

    private final Ledger ledger;
    private final JsonMapper json;
    private final int max;
    private final Duration heartbeat;
    private final Duration timeout;
    private final ThreadPoolExecutor pumps;
    private final ScheduledExecutorService heartbeats;
    private final CallerStreams callers;

    ShipmentStreams(Ledger ledger, JsonMapper json, CallerStreams callers,
                    @Value("${silkroad.trade.streams.max:32}") int max,
                    @Value("${silkroad.trade.streams.heartbeat:15s}") Duration heartbeat,
                    @Value("${silkroad.trade.streams.timeout:30m}") Duration timeout) {
        this.ledger = ledger;
        this.json = json;
        this.callers = callers;
        this.max = max;
        this.heartbeat = heartbeat;
        this.timeout = timeout;
        this.pumps = new ThreadPoolExecutor(0, max, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                EventStreams.threads("shipment-stream-"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, EventStreams.threads("shipment-heartbeat-"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.heartbeats = scheduler;
    }

    /** After the event named by Last-Event-ID, else at fromBlock, else at the next block to commit. */
    static Ledger.EventPosition position(String lastEventId, Long fromBlock) {
        return EventStreams.position(lastEventId, fromBlock);
    }

    SseEmitter open(FabricIdentity caller, Ledger.EventPosition from) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Ledger.EventStream events = ledger.chaincodeEvents(caller, from);
        try {
            pumps.execute(() -> pump(caller, events, emitter));
        } catch (RejectedExecutionException e) {
            events.close();
            throw GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_STREAMS",
                    "This gateway has %d shipment streams open; retry later.".formatted(max)).retryable();
        }
        EventStreams.keepAlive(emitter, heartbeats, heartbeat, events, caller, callers);
        return emitter;
    }

    private void pump(FabricIdentity caller, Ledger.EventStream events, SseEmitter emitter) {
        try {
            while (events.hasNext()) {
                Ledger.ChaincodeEvent event = events.next();
                String name = EVENTS.get(event.name());
                if (name == null) {
                    continue;
                }
                JsonNode payload;
                try {
                    payload = json.readTree(event.payload());
                } catch (JacksonException e) {
                    log.warn("Skipping unreadable {} event in tx {}", event.name(), event.transactionId());
                    continue;
                }
                if (!concerns(caller, payload)) {
                    continue;
                }
                synchronized (emitter) {
                    emitter.send(SseEmitter.event().id(event.blockNumber() + ":" + event.transactionId()).name(name)
                            .data(payload, MediaType.APPLICATION_JSON));
                }
            }
            emitter.complete();
        } catch (LedgerException e) {
            EventStreams.sendProblemAndComplete(emitter, LedgerProblems.toProblemDetail(e));
        } catch (IOException | IllegalStateException e) {
            log.debug("Shipment stream for {} closed: {}", caller.name(), e.toString());
        } catch (RuntimeException e) {
            log.error("Shipment stream for {} failed", caller.name(), e);
            emitter.completeWithError(e);
        } finally {
            events.close();
        }
    }

    /**
     * The event names the caller (party, holder, declarant, importer), or is a declaration of a customs officer's state.
     */
    static boolean concerns(FabricIdentity caller, JsonNode event) {
        String party = caller.mspId() + "/" + caller.name();
        JsonNode parties = event.get("parties");
        if (parties != null && parties.valueStream().anyMatch(p -> party.equals(p.asString()))) {
            return true;
        }
        for (String field : PARTY_FIELDS) {
            JsonNode value = event.get(field);
            if (value != null && party.equals(value.asString())) {
                return true;
            }
        }
        JsonNode state = event.get("state");
        return event.has("declarationId") && state != null && caller.mspId().equals(state.asString())
                && caller.role().filter("customs"::equals).isPresent();
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        pumps.shutdownNow();
    }
}
