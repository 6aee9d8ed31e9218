package org.silkroad.ops.bench;

import java.util.Arrays;

/**
 * Latencies of one measurement, kept whole (not bucketed) so that percentiles are exact: a run is bounded in count
 * ({@code --max-tx}), so the array stays small (100 000 samples are 800 KB). Safe for concurrent {@link #record}.
 */
final class LatencyRecorder {

    private long[] nanos = new long[1024];
    private int count;

    /** @param latencyNanos one transaction's latency; negative values are a caller bug */
    synchronized void record(long latencyNanos) {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("negative latency " + latencyNanos);
        }
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, nanos.length * 2);
        }
        nanos[count++] = latencyNanos;
    }

    synchronized int count() {
        return count;
    }

    /** Percentiles of what was recorded so far; {@link Summary#EMPTY} when nothing was. */
    synchronized Summary summary() {
        if (count == 0) {
            return Summary.EMPTY;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        long sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new Summary(count, millis(percentile(sorted, 50)), millis(percentile(sorted, 95)),
                millis(percentile(sorted, 99)), millis(sorted[count - 1]), millis(sum / count));
    }

    /**
     * Nearest-rank percentile: the smallest sample with at least {@code p} percent of the samples at or below it.
     * No interpolation, so every reported figure is a latency that was actually observed.
     *
     * @param sorted ascending, not empty
     * @param p      in (0, 100]
     */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile " + p + " is not in (0, 100]");
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }

    /**
     * @param count how many latencies the figures cover
     * @param p50Ms median, milliseconds (null-free: {@link #EMPTY} has count 0 and NaN figures)
     */
    record Summary(int count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {
        static final Summary EMPTY = new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
}
