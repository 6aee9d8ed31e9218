package org.silkroad.ops.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop load: {@code concurrency} workers, each starting its next transaction as soon as its previous one
 * has an outcome, until the time is up or the count is reached. Workers in flight when the time is up finish their
 * transaction (bounded by the clients' own deadlines and by {@link Limits#drain()}); the rate is committed
 * transactions over the whole time, drain included, so that nothing is counted that did not happen in the window.
 */
final class LoadDriver {

    /**
     * What one worker's one attempt came to.
     *
     * @param endorseNanos of a committed attempt, the part of {@code latencyNanos} until it was endorsed; -1 when the
     *                     path cannot tell (REST)
     * @param block        of a committed attempt, the block it is in; -1 when the path cannot tell
     */
    record Attempt(Kind kind, String code, long latencyNanos, long endorseNanos, long block) {

        enum Kind { COMMITTED, FAILED, SKIPPED }

        Attempt {
            Objects.requireNonNull(kind, "kind");
        }

        /** Committed on the ledger (status VALID), {@code latencyNanos} from submit to commit status. */
        static Attempt committed(long latencyNanos) {
            return committed(latencyNanos, -1, -1);
        }

        /** Committed, with the time it took to be endorsed and the block it is in (-1 each when not known). */
        static Attempt committed(long latencyNanos, long endorseNanos, long block) {
            return new Attempt(Kind.COMMITTED, null, latencyNanos, endorseNanos, block);
        }

        /** Submitted and failed: {@code code} is the validation code, chaincode code or transport error. */
        static Attempt failed(String code, long latencyNanos) {
            return new Attempt(Kind.FAILED, Objects.requireNonNull(code, "code"), latencyNanos, -1, -1);
        }

        /** Nothing was submitted (e.g. no free note): not a transaction, counted apart. */
        static Attempt skipped(String reason) {
            return new Attempt(Kind.SKIPPED, Objects.requireNonNull(reason, "reason"), 0, -1, -1);
        }
    }

    /** One worker's next transaction. Called from {@code concurrency} threads at once. */
    @FunctionalInterface
    interface Operation {
        /**
         * @param worker   0 .. concurrency-1
         * @param sequence unique across the workers of this run, from 0
         * @param random   the worker's own generator
         */
        Attempt run(int worker, long sequence, SplittableRandom random) throws Exception;
    }

    /**
     * @param duration    how long workers start new transactions
     * @param maxAttempts most transactions started in all
     * @param drain       how long after {@code duration} in-flight transactions may still take
     */
    record Limits(int concurrency, Duration duration, long maxAttempts, Duration drain) {
        Limits {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency " + concurrency);
            }
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(drain, "drain");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts " + maxAttempts);
            }
        }
    }

    /** Pause after a skipped attempt, so that a worker with nothing to pay does not spin. */
    private static final long SKIP_PAUSE_MILLIS = 20;

    private LoadDriver() {
    }

    static Measurement run(String scenario, String path, Limits limits, long seed, Operation operation)
            throws InterruptedException {
        Objects.requireNonNull(operation, "operation");
        LatencyRecorder latencies = new LatencyRecorder();
        Stages.Recorder stages = new Stages.Recorder();
        LongAdder committed = new LongAdder();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        Map<String, LongAdder> skips = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[1];

        Thread[] workers = new Thread[limits.concurrency()];
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int w = 0; w < workers.length; w++) {
            int worker = w;
            SplittableRandom random = seeds.split();
            workers[w] = new Thread(() -> {
                try {
                    go.await();
                    long deadline = window[0];
                    while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
                        long seq = sequence.getAndIncrement();
                        if (seq >= limits.maxAttempts()) {
                            break;
                        }
                        Attempt attempt;
                        try {
                            attempt = operation.run(worker, seq, random);
                        } catch (InterruptedException e) {
                            break;
                        } catch (Exception | AssertionError e) {
                            attempt = Attempt.failed("CLIENT_" + e.getClass().getSimpleName(), 0);
                        }
                        switch (attempt.kind()) {
                            case COMMITTED -> {
                                committed.increment();
                                latencies.record(attempt.latencyNanos());
                                stages.record(attempt);
                            }
                            case FAILED -> failures.computeIfAbsent(attempt.code(), c -> new LongAdder()).increment();
                            case SKIPPED -> {
                                skips.computeIfAbsent(attempt.code(), c -> new LongAdder()).increment();
                                Thread.sleep(SKIP_PAUSE_MILLIS);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                }
            }, "bench-" + scenario + "-" + path + "-" + w);
            workers[w].setDaemon(true);
            workers[w].start();
        }

        long start = System.nanoTime();
        window[0] = start + limits.duration().toNanos();
        go.countDown();
        long joinBy = window[0] + limits.drain().toNanos();
        int unfinished = 0;
        for (Thread worker : workers) {
            long left = joinBy - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(worker, left);
            }
            if (worker.isAlive()) {
                unfinished++;
                worker.interrupt();
            }
        }
        long end = unfinished > 0 ? System.nanoTime() : Math.max(lastEnd.get(), start);
        return new Measurement(scenario, path, limits.concurrency(), (end - start) / 1e9, committed.sum(),
                totals(failures), totals(skips), latencies.summary(), unfinished).withStages(stages.stages());
    }

    private static Map<String, Long> totals(Map<String, LongAdder> counters) {
        Map<String, Long> sorted = new TreeMap<>();
        counters.forEach((code, count) -> sorted.put(code, count.sum()));
        return sorted;
    }
}
