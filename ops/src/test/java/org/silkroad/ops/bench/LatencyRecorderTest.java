package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentiles_are_nearest_rank_samples_never_interpolated() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int ms = 100; ms >= 1; ms--) {
            recorder.record(ms * 1_000_000L);
        }

        LatencyRecorder.Summary s = recorder.summary();

        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Ms()).isEqualTo(50.0);
        assertThat(s.p95Ms()).isEqualTo(95.0);
        assertThat(s.p99Ms()).isEqualTo(99.0);
        assertThat(s.maxMs()).isEqualTo(100.0);
        assertThat(s.meanMs()).isEqualTo(50.5);
    }

    @Test
    void a_few_samples_put_the_high_percentiles_on_the_slowest() {
        long[] sorted = {10, 20, 30};

        assertThat(LatencyRecorder.percentile(sorted, 50)).isEqualTo(20);
        assertThat(LatencyRecorder.percentile(sorted, 95)).isEqualTo(30);
        assertThat(LatencyRecorder.percentile(sorted, 99)).isEqualTo(30);
        assertThat(LatencyRecorder.percentile(new long[] {7}, 99)).isEqualTo(7);
        assertThat(LatencyRecorder.percentile(sorted, 1)).isEqualTo(10);
    }

    @Test
    void nothing_recorded_gives_no_figures() {
        LatencyRecorder.Summary s = new LatencyRecorder().summary();

        assertThat(s.count()).isZero();
        assertThat(s.p50Ms()).isNaN();
    }

    @Test
    void refuses_nonsense() {
        assertThatThrownBy(() -> LatencyRecorder.percentile(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyRecorder.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LatencyRecorder().record(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keeps_every_sample_recorded_from_many_threads() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 1; i <= 10_000; i++) {
                    recorder.record(i);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(recorder.count()).isEqualTo(80_000);
        assertThat(recorder.summary().maxMs()).isEqualTo(10_000 / 1e6);
    }
}
