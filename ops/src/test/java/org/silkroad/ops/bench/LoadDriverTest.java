package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LoadDriverTest {

    @Test
    void stops_at_the_count_and_counts_each_outcome() throws InterruptedException {
        Set<Long> sequences = ConcurrentHashMap.newKeySet();
        LoadDriver.Limits limits = new LoadDriver.Limits(4, Duration.ofSeconds(30), 100, Duration.ofSeconds(5));

        Measurement m = LoadDriver.run("uniform", "direct", limits, 1, (worker, seq, random) -> {
            sequences.add(seq);
            if (seq % 10 == 0) {
                return LoadDriver.Attempt.failed("MVCC_READ_CONFLICT", 5_000_000);
            }
            if (seq % 10 == 1) {
                return LoadDriver.Attempt.failed("NOTE_SPENT", 5_000_000);
            }
            return LoadDriver.Attempt.committed(2_000_000);
        });

        assertThat(sequences).hasSize(100);
        assertThat(m.committed()).isEqualTo(80);
        assertThat(m.failures()).isEqualTo(Map.of("MVCC_READ_CONFLICT", 10L, "NOTE_SPENT", 10L));
        assertThat(m.conflicts()).isEqualTo(20);
        assertThat(m.latency().count()).isEqualTo(80);
        assertThat(m.latency().p99Ms()).isEqualTo(2.0);
        assertThat(m.seconds()).isLessThan(10);
    }

    @Test
    void committed_attempts_that_know_their_endorsement_and_block_give_the_stages() throws InterruptedException {
        LoadDriver.Limits limits = new LoadDriver.Limits(4, Duration.ofSeconds(30), 40, Duration.ofSeconds(5));

        Measurement m = LoadDriver.run("uniform", "direct", limits, 1, (worker, seq, random) -> {
            if (seq == 0) {
                return LoadDriver.Attempt.failed("MVCC_READ_CONFLICT", 9_000_000);
            }
            // 39 committed in blocks 10, 12, 14, ... (four to a block but the last), endorsed in 3 ms of 10
            return LoadDriver.Attempt.committed(10_000_000, 3_000_000, 10 + 2 * ((seq - 1) / 4));
        });

        Stages stages = m.stages();
        assertThat(stages).isNotNull();
        assertThat(stages.endorse().count()).isEqualTo(39);
        assertThat(stages.endorse().p99Ms()).isEqualTo(3.0);
        assertThat(stages.afterEndorse().p50Ms()).isEqualTo(7.0);
        assertThat(stages.blocks()).isEqualTo(10);
        assertThat(stages.firstBlock()).isEqualTo(10);
        assertThat(stages.lastBlock()).isEqualTo(28);
        assertThat(stages.perBlock()).isEqualTo(3.9);
        assertThat(stages.msPerBlock(1.9)).isCloseTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void attempts_that_cannot_tell_their_stages_give_none() throws InterruptedException {
        LoadDriver.Limits limits = new LoadDriver.Limits(2, Duration.ofSeconds(30), 10, Duration.ofSeconds(5));

        Measurement m = LoadDriver.run("uniform", "rest", limits, 1,
                (worker, seq, random) -> LoadDriver.Attempt.committed(10_000_000));

        assertThat(m.committed()).isEqualTo(10);
        assertThat(m.stages()).isNull();
    }

    @Test
    void stops_when_the_time_is_up() throws InterruptedException {
        LoadDriver.Limits limits = new LoadDriver.Limits(3, Duration.ofMillis(300), 1_000_000, Duration.ofSeconds(5));

        Measurement m = LoadDriver.run("noop", "direct", limits, 1, (worker, seq, random) -> {
            Thread.sleep(10);
            return LoadDriver.Attempt.committed(10_000_000);
        });

        assertThat(m.seconds()).isBetween(0.29, 3.0);
        assertThat(m.committed()).isBetween(3L, 200L);
        assertThat(m.tps()).isEqualTo(m.committed() / m.seconds());
    }

    @Test
    void a_worker_stuck_past_the_drain_is_reported_and_its_transaction_not_counted() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        LoadDriver.Limits limits = new LoadDriver.Limits(2, Duration.ofMillis(100), 1_000, Duration.ofMillis(200));

        Measurement m = LoadDriver.run("single-payer", "rest", limits, 1, (worker, seq, random) -> {
            if (worker == 0) {
                Thread.sleep(60_000);
            }
            calls.incrementAndGet();
            Thread.sleep(5);
            return LoadDriver.Attempt.committed(5_000_000);
        });

        assertThat(m.unfinished()).isEqualTo(1);
        assertThat(m.committed()).isEqualTo(calls.get());
        assertThat(m.seconds()).isLessThan(5);
    }

    @Test
    void skips_and_client_exceptions_are_counted_apart_from_ledger_failures() throws InterruptedException {
        LoadDriver.Limits limits = new LoadDriver.Limits(1, Duration.ofSeconds(30), 4, Duration.ofSeconds(5));

        Measurement m = LoadDriver.run("uniform", "direct", limits, 1, (worker, seq, random) -> {
            if (seq == 0) {
                return LoadDriver.Attempt.skipped("NO_FREE_NOTE");
            }
            if (seq == 1) {
                throw new IllegalStateException("bug");
            }
            return LoadDriver.Attempt.committed(1);
        });

        assertThat(m.skips()).isEqualTo(Map.of("NO_FREE_NOTE", 1L));
        assertThat(m.failures()).isEqualTo(Map.of("CLIENT_IllegalStateException", 1L));
        assertThat(m.committed()).isEqualTo(2);
    }
}
