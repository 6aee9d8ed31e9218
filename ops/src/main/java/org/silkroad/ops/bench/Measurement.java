package org.silkroad.ops.bench;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The figures of one scenario on one path.
 *
 * @param scenario   {@code noop}, {@code uniform}, {@code hot-merchant}, {@code single-payer}
 * @param path       {@code direct} (Fabric Gateway client) or {@code rest} (the state's REST gateway)
 * @param seconds    from the first submit until the last worker had its outcome
 * @param committed  transactions committed VALID
 * @param failures   failed transactions by code (validation code, chaincode code, transport error), sorted
 * @param skips      attempts that submitted nothing, by reason (e.g. no free note)
 * @param latency    submit → commit status of the committed transactions
 * @param unfinished workers still in flight when the drain deadline passed (their transactions are not counted)
 * @param gatewaySubmits the REST path only: the gateway's own {@code currency:pay} submits during the run, by outcome
 *                   ({@code ok}, or the code of an attempt it retried or gave up); null when not known
 * @param cpu        who used the machine's CPU during the run; null when not known
 * @param stages     the direct path only: endorsement and the rest of the latency, the blocks; null when not known
 */
record Measurement(String scenario, String path, int concurrency, double seconds, long committed,
                   Map<String, Long> failures, Map<String, Long> skips, LatencyRecorder.Summary latency,
                   int unfinished, Map<String, Long> gatewaySubmits, CpuMeter.Share cpu, Stages stages) {

    Measurement(String scenario, String path, int concurrency, double seconds, long committed,
                Map<String, Long> failures, Map<String, Long> skips, LatencyRecorder.Summary latency, int unfinished) {
        this(scenario, path, concurrency, seconds, committed, failures, skips, latency, unfinished, null, null, null);
    }

    Measurement {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(path, "path");
        failures = Collections.unmodifiableMap(new TreeMap<>(failures));
        skips = Collections.unmodifiableMap(new TreeMap<>(skips));
        Objects.requireNonNull(latency, "latency");
        gatewaySubmits = gatewaySubmits == null ? null : Collections.unmodifiableMap(new TreeMap<>(gatewaySubmits));
    }

    Measurement withGatewaySubmits(Map<String, Long> submits) {
        return new Measurement(scenario, path, concurrency, seconds, committed, failures, skips, latency, unfinished,
                submits, cpu, stages);
    }

    Measurement withCpu(CpuMeter.Share share) {
        return new Measurement(scenario, path, concurrency, seconds, committed, failures, skips, latency, unfinished,
                gatewaySubmits, share, stages);
    }

    Measurement withStages(Stages timed) {
        return new Measurement(scenario, path, concurrency, seconds, committed, failures, skips, latency, unfinished,
                gatewaySubmits, cpu, timed);
    }

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Committed transactions per second; 0 when no time passed. */
    double tps() {
        return seconds > 0 ? committed / seconds : 0;
    }

    /**
     * Failures caused by another transaction in flight touching the same state: a read set invalidated at commit
     * ({@code MVCC_READ_CONFLICT}, {@code PHANTOM_READ_CONFLICT}) or a note already spent ({@code NOTE_SPENT}). For the
     * REST path also those the gateway retried without telling the caller, when its metrics were readable.
     */
    long conflicts() {
        long toCaller = conflicts(failures);
        return gatewaySubmits == null ? toCaller : Math.max(toCaller, conflicts(gatewaySubmits));
    }

    private static long conflicts(Map<String, Long> byCode) {
        return byCode.entrySet().stream().filter(e -> isConflict(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    static boolean isConflict(String code) {
        return code.contains("MVCC_READ_CONFLICT") || code.contains("PHANTOM_READ_CONFLICT")
                || code.contains("NOTE_SPENT");
    }
}
