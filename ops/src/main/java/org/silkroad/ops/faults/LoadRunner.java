package org.silkroad.ops.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs every workload's workers on their own threads, closed loop (each worker sends its next request when its last
 * one has an answer), from {@link #start} to {@link #stop}, and files every outcome under the phase that was current
 * when the request was sent. The fault schedule switches phases with {@link #phase}.
 */
final class LoadRunner {

    /** Everything the requests sent during one phase came to. */
    static final class Phase {
        final String name;
        final long startNanos = System.nanoTime();
        volatile long endNanos;
        private final Map<String, Integer> byCode = new TreeMap<>();
        private final Map<String, Integer> acknowledgedBySteps = new TreeMap<>();
        private int acknowledged;
        private int refused;
        private int ambiguous;
        private int serverErrors500;
        private int unavailableWithoutRetryAfter;
        private long slowestFailureNanos;
        private long slowestAcknowledgedNanos;

        Phase(String name) {
            this.name = name;
        }

        synchronized void add(FaultWorkload.Outcome outcome) {
            switch (outcome.kind()) {
                case ACKNOWLEDGED -> acknowledged++;
                case REFUSED -> refused++;
                case AMBIGUOUS -> ambiguous++;
            }
            if (outcome.kind() == FaultWorkload.Outcome.Kind.ACKNOWLEDGED) {
                if (outcome.step() != null) {
                    acknowledgedBySteps.merge(outcome.step(), 1, Integer::sum);
                }
                slowestAcknowledgedNanos = Math.max(slowestAcknowledgedNanos, outcome.latencyNanos());
            } else {
                byCode.merge(outcome.httpStatus() + " " + outcome.code(), 1, Integer::sum);
                slowestFailureNanos = Math.max(slowestFailureNanos, outcome.latencyNanos());
                if (outcome.httpStatus() == 500) {
                    serverErrors500++;
                }
                if (outcome.httpStatus() == 503 && !outcome.retryAfter()) {
                    unavailableWithoutRetryAfter++;
                }
            }
        }

        synchronized int acknowledged() {
            return acknowledged;
        }

        /** Acknowledged requests of one step ({@link FaultWorkload.Outcome#step}). */
        synchronized int acknowledged(String step) {
            return acknowledgedBySteps.getOrDefault(step, 0);
        }

        synchronized int refused() {
            return refused;
        }

        synchronized int ambiguous() {
            return ambiguous;
        }

        synchronized int serverErrors500() {
            return serverErrors500;
        }

        synchronized int unavailableWithoutRetryAfter() {
            return unavailableWithoutRetryAfter;
        }

        synchronized double slowestFailureSeconds() {
            return slowestFailureNanos / 1e9;
        }

        synchronized double slowestAcknowledgedSeconds() {
            return slowestAcknowledgedNanos / 1e9;
        }

        synchronized Map<String, Integer> byCode() {
            return new TreeMap<>(byCode);
        }

        double seconds() {
            long end = endNanos == 0 ? System.nanoTime() : endNanos;
            return (end - startNanos) / 1e9;
        }

        /** Acknowledged requests over the phase's length. */
        double rate() {
            double seconds = seconds();
            return seconds <= 0 ? 0 : acknowledged() / seconds;
        }

        /** Acknowledged requests of one step over the phase's length. */
        double rate(String step) {
            double seconds = seconds();
            return seconds <= 0 ? 0 : acknowledged(step) / seconds;
        }
    }

    private final List<FaultWorkload> workloads;
    private final List<Phase> phases = new ArrayList<>();
    private final AtomicReference<Phase> current = new AtomicReference<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    LoadRunner(List<FaultWorkload> workloads) {
        this.workloads = List.copyOf(workloads);
    }

    /** Ends the current phase and starts the next; requests sent from now on count under {@code name}. */
    synchronized Phase phase(String name) {
        Phase next = new Phase(Objects.requireNonNull(name, "name"));
        Phase previous = current.getAndSet(next);
        if (previous != null) {
            previous.endNanos = next.startNanos;
        }
        phases.add(next);
        return next;
    }

    synchronized List<Phase> phases() {
        return List.copyOf(phases);
    }

    void start() {
        if (current.get() == null) {
            phase("start");
        }
        running = true;
        for (FaultWorkload workload : workloads) {
            for (int w = 0; w < workload.workers(); w++) {
                int worker = w;
                Thread thread = new Thread(() -> loop(workload, worker), "faults-" + workload.name() + "-" + w);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }
    }

    private void loop(FaultWorkload workload, int worker) {
        while (running) {
            Phase phase = current.get();
            try {
                FaultWorkload.Outcome outcome = workload.step(worker);
                phase.add(outcome);
                if (outcome.kind() != FaultWorkload.Outcome.Kind.ACKNOWLEDGED) {
                    // A refused or unavailable ledger answers fast: wait as Retry-After asks, as a client should,
                    // else a second.
                    Thread.sleep(outcome.retryAfter() ? Math.max(200, outcome.retryAfterMillis()) : 1000);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Stops sending and ends the last phase; waits for requests in flight to get their answer (bounded by the HTTP
     * timeout). Their outcomes still count, but the wait does not lengthen the phase.
     */
    void stop() throws InterruptedException {
        running = false;
        Phase last = current.get();
        if (last != null && last.endNanos == 0) {
            last.endNanos = System.nanoTime();
        }
        for (Thread thread : threads) {
            thread.join(GatewayClient.REQUEST_TIMEOUT.toMillis() + 5000);
            if (thread.isAlive()) {
                thread.interrupt();
            }
        }
    }
}
