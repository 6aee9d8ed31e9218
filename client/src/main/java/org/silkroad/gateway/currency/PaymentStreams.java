package org.silkroad.gateway.currency;

import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.silkroad.gateway.currency.CurrencyViews.PaymentEventView;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A wallet's payments as server-sent events, from the chaincode's {@code currency.Payment} events that the state's
 * peer delivers (subscribed as the caller's own identity). Each SSE event is one payment in which the wallet pays or
 * receives: {@code id: <blockNumber>:<txId>}, {@code event: payment}, and the payment as JSON data (amounts as
 * decimal strings). A client resumes after the last event it saw by sending that ID as {@code Last-Event-ID}; the
 * peer then starts at that block and skips the transactions up to and including it.
 *
 * <p>Each open stream holds one thread (the Fabric event iterator blocks) and one gRPC stream, so their number is
 * capped; a comment line every {@code heartbeat} keeps proxies from closing an idle stream and lets the gateway
 * notice clients that left.
 */
@Component
class PaymentStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PaymentStreams.class);

    private final Ledger ledger;
    private final CurrencyLedger currencyLedger;
    private final Render render;
    private final WalletAccess access;
    private final CurrencyProperties.Streams settings;
    private final ThreadPoolExecutor pumps;
    private final ScheduledExecutorService heartbeats;
    private final CallerStreams callers;

    PaymentStreams(Ledger ledger, CurrencyLedger currencyLedger, Render render, WalletAccess access,
                   CurrencyProperties properties, CallerStreams callers) {
        this.ledger = ledger;
        this.callers = callers;
        this.currencyLedger = currencyLedger;
        this.render = render;
        this.access = access;
        this.settings = properties.streams();
        this.pumps = new ThreadPoolExecutor(0, settings.max(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                EventStreams.threads("payment-stream-"));
        ScheduledThreadPoolExecutor scheduler =
                new ScheduledThreadPoolExecutor(1, EventStreams.threads("payment-heartbeat-"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.heartbeats = scheduler;
    }

    /**
     * Where a stream starts: after the event named by {@code Last-Event-ID}, else at {@code fromBlock}, else at the
     * next block to commit.
     *
     * @throws GatewayProblem 400 when the Last-Event-ID is not {@code <blockNumber>:<txId>}
     */
    static Ledger.EventPosition position(String lastEventId, Long fromBlock) {
        return EventStreams.position(lastEventId, fromBlock);
    }

    /**
     * Opens a stream of a wallet's payments.
     *
     * @throws GatewayProblem 403 when the caller is neither the wallet's holder (or, for a device, its owner) nor
     *                        the central bank or regulator of its state; 503 when too many streams are open
     */
    SseEmitter open(FabricIdentity caller, String wallet, Ledger.EventPosition from) {
        access.requirePaymentsVisible(caller, wallet);
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        Ledger.EventStream events = ledger.chaincodeEvents(caller, from);
        try {
            pumps.execute(() -> pump(caller, wallet, events, emitter));
        } catch (RejectedExecutionException e) {
            events.close();
            throw GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_STREAMS",
                    "This gateway has %d payment streams open; retry later.".formatted(settings.max())).retryable();
        }
        EventStreams.keepAlive(emitter, heartbeats, settings.heartbeat(), events, caller, callers);
        log.info("Payment stream of {} opened by {} from {}", wallet, caller.name(), from);
        return emitter;
    }

    private void pump(FabricIdentity caller, String wallet, Ledger.EventStream events, SseEmitter emitter) {
        try {
            while (events.hasNext()) {
                Ledger.ChaincodeEvent event = events.next();
                if (!CurrencyLedger.PAYMENT_EVENT.equals(event.name())) {
                    continue;
                }
                LedgerRecords.PaymentEvent payment;
                try {
                    payment = currencyLedger.paymentEvent(event.payload(), event.transactionId());
                } catch (LedgerException e) {
                    log.warn("Skipping unreadable {} event in tx {}", event.name(), event.transactionId());
                    continue;
                }
                if (!concerns(payment, wallet)) {
                    continue;
                }
                PaymentEventView view = render.event(caller, event.blockNumber(), payment);
                synchronized (emitter) {
                    emitter.send(SseEmitter.event()
                            .id(event.blockNumber() + ":" + event.transactionId())
                            .name("payment")
                            .data(view, MediaType.APPLICATION_JSON));
                }
            }
            emitter.complete();
        } catch (LedgerException e) {
            // The response is already an event stream: the problem goes out as an event, then the stream ends.
            log.info("Payment stream of {} for {} ended: {} {}", wallet, caller.name(),
                    e.code().orElse(e.kind().name()), e.getMessage());
            EventStreams.sendProblemAndComplete(emitter, LedgerProblems.toProblemDetail(e));
        } catch (GatewayProblem e) {
            EventStreams.sendProblemAndComplete(emitter, e.toProblemDetail());
        } catch (IOException | IllegalStateException e) {
            // The client went away (or the emitter completed); nothing to tell anyone.
            log.debug("Payment stream of {} for {} closed: {}", wallet, caller.name(), e.toString());
        } catch (RuntimeException e) {
            log.error("Payment stream of {} for {} failed", wallet, caller.name(), e);
            emitter.completeWithError(e);
        } finally {
            events.close();
        }
    }

    /** The wallet pays, or receives one of the payment's notes. */
    static boolean concerns(LedgerRecords.PaymentEvent payment, String wallet) {
        if (wallet.equals(payment.payer())) {
            return true;
        }
        return payment.outputs() != null && payment.outputs().stream().anyMatch(o -> wallet.equals(o.wallet()));
    }

    @Override
    public void destroy() {
        heartbeats.shutdownNow();
        pumps.shutdownNow();
    }
}
